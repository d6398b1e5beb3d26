/*
 * testing.h — helpers shared by the cmocka tests.
 *
 * Include after <cmocka.h> (which needs <stdarg.h>, <stddef.h>, <setjmp.h>
 * and <stdint.h> before it; this header includes them).
 */
#ifndef PARBENCH_TESTING_H
#define PARBENCH_TESTING_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kernel.h"

/* cmocka 1.1 has no assert_double_equal: |a - b| <= rel_tol * max(|a|, |b|). */
#define assert_close(a, b, rel_tol) testing_assert_close((a), (b), (rel_tol), __FILE__, __LINE__)
void testing_assert_close(double a, double b, double rel_tol, const char *file, int line);

/* A kernel set up at a size class with some --set style overrides. */
struct kernel_fixture {
    const struct pb_kernel *kernel;
    struct pb_values values;
    void *state;
};

/*
 * Resolves the parameters (defaults of `size`, then each "key=value" of the
 * NULL-terminated `settings`, which may be NULL) and runs setup. Fails the
 * test if anything is refused.
 */
void fixture_open(struct kernel_fixture *fixture, const struct pb_kernel *kernel,
                  enum pb_size size, const char *const *settings);
void fixture_close(struct kernel_fixture *fixture);

/* prepare + run + verify of one variant. Returns the run's status; the
 * verdict is filled only for PB_OK. */
enum pb_status fixture_run(struct kernel_fixture *fixture, const char *variant, int workers,
                           struct pb_verdict *verdict);

/* The same with a struct pb_run the caller prepared (workers, bind): for
 * tests that pin or order the workers. */
enum pb_status fixture_run_with(struct kernel_fixture *fixture, const char *variant,
                                struct pb_run *run, struct pb_verdict *verdict);

/*
 * fixture_run that must succeed: fails the test with words, not a status
 * number: "not implemented yet" for an exercise stub, the run's message for
 * a failed run. (The verdict may still say the answer is wrong.)
 */
#define fixture_run_ok(fixture, variant, workers, verdict) \
    testing_run_ok((fixture), (variant), (workers), (verdict), __FILE__, __LINE__)
void testing_run_ok(struct kernel_fixture *fixture, const char *variant, int workers,
                    struct pb_verdict *verdict, const char *file, int line);

/*
 * The lesson's steps: optimized with `step=N`, N = 1..steps, at each of the
 * `count` sizes (settings to go with the step, NULL-terminated). A failed
 * run, a wrong answer or a stub in optimized.c fails the test. Steps whose
 * stub is in steps.c are listed and the test is skipped:
 * exercises/<kernel>/steps.c is optional, and a student who wrote
 * optimized.c has passed its tests.
 */
enum { TESTING_STEP_SETTINGS = 4 };
void testing_lesson_steps(const struct pb_kernel *kernel, int steps,
                          const char *const sizes[][TESTING_STEP_SETTINGS], size_t count);

/*
 * The worker counts the bit-identity tests use: 1, 2, 3, 4, 7 and 16 (more
 * than this machine's cores, and counts that do not divide the work).
 */
extern const int testing_worker_counts[];
extern const size_t testing_worker_count_count;

/* The environment variables PARBENCH_TEST_KERNEL / PARBENCH_TEST_VARIANT
 * (set by `make test KERNEL=... VARIANT=...`) restrict table-driven tests. */
int testing_selected_kernel(const char *kernel);
int testing_selected_variant(const char *variant);

/* Skips the current test when a VARIANT filter excludes `variant`, and
 * says why (cmocka then reports it SKIPPED). */
void testing_require_variant(const char *variant);

/*
 * A fake environment, for code that takes a getenv-like function (core and
 * memory detection): testing_getenv reads the NAME=VALUE strings given to
 * testing_set_environment (NULL-terminated, e.g. TESTING_ENV("A=1", "B=2")).
 */
void testing_set_environment(const char *const *entries);
const char *testing_getenv(const char *name);
#define TESTING_ENV(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Fails the test, clearly, if an exercise stub ran since exercise_reset(). */
void testing_check_implemented(void);

#endif
