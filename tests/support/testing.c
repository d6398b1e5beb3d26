/* testing.c — see testing.h. */
#include "testing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/params.h"
#include "common/exercise.h"
#include "registry.h"

void testing_assert_close(double a, double b, double rel_tol, const char *file, int line)
{
    double scale = fmax(fabs(a), fabs(b));
    if (fabs(a - b) <= rel_tol * scale)
        return;
    print_error("%.17g and %.17g differ by %.3g relative (tolerance %.3g)\n", a, b,
                scale > 0 ? fabs(a - b) / scale : INFINITY, rel_tol);
    _fail(file, line);
}

void fixture_open(struct kernel_fixture *fixture, const struct pb_kernel *kernel,
                  enum pb_size size, const char *const *settings)
{
    struct param_setting parsed[32];
    size_t count = 0;
    char message[PB_MESSAGE_MAX];
    for (; settings && settings[count]; count++) {
        assert_true(count < 32);
        assert_int_equal(params_split_setting(settings[count], &parsed[count], message), 0);
    }
    fixture->kernel = kernel;
    if (params_resolve(kernel, size, parsed, count, &fixture->values, message) != 0)
        fail_msg("%s", message);
    for (size_t s = 0; s < count; s++)
        if (parsed[s].used == 0)
            fail_msg("unknown parameter %s for %s", parsed[s].key, kernel->name);
    fixture->state = kernel->setup(&fixture->values, message);
    if (!fixture->state)
        fail_msg("setup of %s failed: %s", kernel->name, message);
    if (kernel->place) /* the first touch, as a serial cell does it */
        kernel->place(fixture->state, 0, 1);
}

void fixture_close(struct kernel_fixture *fixture)
{
    fixture->kernel->teardown(fixture->state);
    fixture->state = NULL;
}

enum pb_status fixture_run(struct kernel_fixture *fixture, const char *variant_name,
                           int workers, struct pb_verdict *verdict)
{
    struct pb_run run = {.workers = workers};
    return fixture_run_with(fixture, variant_name, &run, verdict);
}

enum pb_status fixture_run_with(struct kernel_fixture *fixture, const char *variant_name,
                                struct pb_run *given, struct pb_verdict *verdict)
{
    const struct pb_variant *variant = registry_find_variant(fixture->kernel, variant_name);
    if (!variant)
        fail_msg("%s has no variant %s", fixture->kernel->name, variant_name);
    struct pb_run run = *given;
    const int workers = run.workers;
    exercise_reset(); /* before start: a forked pool must share the note */
    enum pb_status status = variant->start ? variant->start(fixture->state, &run) : PB_OK;
    if (status == PB_OK) {
        fixture->kernel->prepare(fixture->state);
        status = variant->run(fixture->state, &run);
    }
    if (variant->stop) {
        char message[PB_MESSAGE_MAX];
        memcpy(message, run.message, sizeof message);
        enum pb_status stopped = variant->stop(fixture->state, &run);
        if (status == PB_OK)
            status = stopped;
        else
            memcpy(run.message, message, sizeof message);
    }
    const char *missing = exercise_missing_where();
    if (missing) {
        print_error("%s %s: not implemented: %s\n", fixture->kernel->name, variant_name, missing);
        return PB_NOT_IMPLEMENTED;
    }
    if (status == PB_OK) {
        memset(verdict, 0, sizeof *verdict);
        fixture->kernel->verify(fixture->state, verdict);
        if (variant->parallel)
            assert_int_equal(run.workers_actual, workers);
    } else if (status == PB_FAILED) {
        print_error("%s %s x%d failed: %s\n", fixture->kernel->name, variant_name, workers,
                    run.message);
    }
    *given = run;
    return status;
}

void testing_run_ok(struct kernel_fixture *fixture, const char *variant, int workers,
                    struct pb_verdict *verdict, const char *file, int line)
{
    enum pb_status status = fixture_run(fixture, variant, workers, verdict);
    if (status == PB_OK)
        return;
    if (status == PB_NOT_IMPLEMENTED)
        print_error("%s %s: not implemented yet (an exercise stub: fill in its TODO)\n",
                    fixture->kernel->name, variant);
    else
        print_error("%s %s x%d: the run failed (above)\n", fixture->kernel->name, variant,
                    workers);
    _fail(file, line);
}

void testing_lesson_steps(const struct pb_kernel *kernel, int steps,
                          const char *const sizes[][TESTING_STEP_SETTINGS], size_t count)
{
    char unwritten[256] = "";
    for (int step = 1; step <= steps; step++) {
        char setting[32];
        snprintf(setting, sizeof setting, "step=%d", step);
        for (size_t s = 0; s < count; s++) {
            const char *settings[TESTING_STEP_SETTINGS + 1] = {NULL};
            size_t n = 0;
            for (; n < TESTING_STEP_SETTINGS - 1 && sizes[s][n]; n++)
                settings[n] = sizes[s][n];
            settings[n] = setting;
            char where[160] = "";
            for (size_t i = 0; i <= n; i++)
                snprintf(where + strlen(where), sizeof where - strlen(where), "%s%s",
                         i ? " " : "", settings[i]);
            struct kernel_fixture fixture;
            fixture_open(&fixture, kernel, PB_SIZE_TEST, settings);
            struct pb_verdict verdict;
            enum pb_status status = fixture_run(&fixture, "optimized", 1, &verdict);
            const char *missing = exercise_missing_where();
            bool optional = status == PB_NOT_IMPLEMENTED && missing &&
                            strstr(missing, "(steps.c)") != NULL;
            fixture_close(&fixture);
            if (status == PB_NOT_IMPLEMENTED && !optional)
                fail_msg("%s: not implemented yet (an exercise stub outside steps.c: fill in its "
                         "TODO)", where);
            if (optional) {
                size_t used = strlen(unwritten);
                snprintf(unwritten + used, sizeof unwritten - used, "%s%d", used ? ", " : "",
                         step);
                break;
            }
            if (status != PB_OK)
                fail_msg("%s: the run failed (above)", where);
            if (!verdict.ok)
                fail_msg("%s: %s", where, verdict.message);
        }
    }
    if (unwritten[0]) {
        print_message("%s: lesson step(s) %s not written yet; exercises/%s/steps.c is "
                      "optional (docs/exercises.md)\n", kernel->name, unwritten, kernel->name);
        skip();
    }
}

const int testing_worker_counts[] = {1, 2, 3, 4, 7, 16};
const size_t testing_worker_count_count = ARRAY_SIZE(testing_worker_counts);

static int selected(const char *variable, const char *name)
{
    const char *wanted = getenv(variable);
    return !wanted || !wanted[0] || strcmp(wanted, name) == 0;
}

int testing_selected_kernel(const char *kernel)
{
    return selected("PARBENCH_TEST_KERNEL", kernel);
}

int testing_selected_variant(const char *variant)
{
    return selected("PARBENCH_TEST_VARIANT", variant);
}

void testing_require_variant(const char *variant)
{
    if (testing_selected_variant(variant))
        return;
    print_message("(this test is about %s; VARIANT=%s leaves it out)\n", variant,
                  getenv("PARBENCH_TEST_VARIANT"));
    skip();
}

void testing_check_implemented(void)
{
    const char *missing = exercise_missing_where();
    if (missing)
        fail_msg("not implemented: %s", missing);
}

static const char *const *fake_environment;

void testing_set_environment(const char *const *entries)
{
    fake_environment = entries;
}

const char *testing_getenv(const char *name)
{
    size_t len = strlen(name);
    for (const char *const *entry = fake_environment; entry && *entry; entry++)
        if (strncmp(*entry, name, len) == 0 && (*entry)[len] == '=')
            return *entry + len + 1;
    return NULL;
}
