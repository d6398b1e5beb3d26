/*
 * test_kernels.c — the checks every kernel must pass, driven by the registry.
 *
 * One test per kernel x variant, named after them, so `make test` says
 * exactly which variant is wrong (or still an unimplemented exercise).
 * Kernel-specific checks live in test_<kernel>.c.
 *
 * The variants run in this process, the forking ones included. Forking
 * after an OpenMP region has run is safe here because forked workers (the
 * pool's, cos_series') never call into OpenMP (see common/pool.h);
 * parbench itself isolates every cell. The mpi variants are the exception:
 * they run only as ranks of an MPI job, started by a launcher, so
 * tests/mpi.sh checks them (tests/mpi/mpi_check.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/testing.h"

#include "../harness/params.h"
#include "registry.h"

struct test_case {
    const struct pb_kernel *kernel;
    const struct pb_variant *variant; /* NULL for per-kernel checks */
};

/* Every size class's defaults parse (params_resolve checks) and give a
 * sensible memory estimate. */
static void test_sizes(void **state)
{
    const struct test_case *c = *state;
    for (int size = 0; size < PB_SIZE_COUNT; size++) {
        struct pb_values values;
        char message[PB_MESSAGE_MAX];
        assert_int_equal(params_resolve(c->kernel, (enum pb_size)size, NULL, 0, &values, message), 0);
        uint64_t bytes = c->kernel->memory_needed(&values);
        assert_true(bytes > 0);
        assert_true(bytes < UINT64_MAX);
    }
    assert_true(c->kernel->nvariants >= 2);
    assert_non_null(c->kernel->digest);
}

static void expect_ok(struct kernel_fixture *fixture, const struct pb_variant *variant, int workers)
{
    struct pb_verdict verdict;
    enum pb_status status = fixture_run(fixture, variant->name, workers, &verdict);
    if (status == PB_NOT_IMPLEMENTED)
        fail_msg("%s %s: not implemented yet", fixture->kernel->name, variant->name);
    if (status != PB_OK)
        fail_msg("%s %s x%d: the run failed", fixture->kernel->name, variant->name, workers);
    if (!verdict.ok)
        fail_msg("%s %s x%d: wrong answer: %s", fixture->kernel->name, variant->name, workers,
                 verdict.message);
}

/* The variant's answer at the test size passes verify (2 workers if parallel). */
static void test_variant_verified(void **state)
{
    const struct test_case *c = *state;
    struct kernel_fixture fixture;
    fixture_open(&fixture, c->kernel, PB_SIZE_TEST, NULL);
    expect_ok(&fixture, c->variant, c->variant->parallel ? 2 : 1);
    fixture_close(&fixture);
}

/* After prepare(), the previous answer must not pass verify: otherwise a
 * variant that does nothing would look correct. */
static void test_prepare_poisons(void **state)
{
    const struct test_case *c = *state;
    struct kernel_fixture fixture;
    fixture_open(&fixture, c->kernel, PB_SIZE_TEST, NULL);
    expect_ok(&fixture, &c->kernel->variants[0], 1);
    c->kernel->prepare(fixture.state);
    struct pb_verdict verdict = {0};
    c->kernel->verify(fixture.state, &verdict);
    assert_false(verdict.ok);
    assert_true(verdict.message[0] != '\0');
    fixture_close(&fixture);
}

/* The determinism rule: same bits as optimized for every worker count. */
static void test_bit_identical(void **state)
{
    const struct test_case *c = *state;
    struct kernel_fixture fixture;
    fixture_open(&fixture, c->kernel, PB_SIZE_TEST, NULL);
    const struct pb_variant *optimized = registry_find_variant(c->kernel, "optimized");
    assert_non_null(optimized);
    expect_ok(&fixture, optimized, 1);
    uint64_t expected = c->kernel->digest(fixture.state);
    for (size_t w = 0; w < testing_worker_count_count; w++) {
        int workers = testing_worker_counts[w];
        expect_ok(&fixture, c->variant, workers);
        if (c->kernel->digest(fixture.state) != expected)
            fail_msg("%s %s x%d: answer differs from optimized in the last bits: a race, or "
                     "partials added in another order", c->kernel->name, c->variant->name, workers);
    }
    fixture_close(&fixture);
}

enum { MAX_TESTS = 512 };
static struct test_case cases[MAX_TESTS];
static char names[MAX_TESTS][128];
static struct CMUnitTest tests[MAX_TESTS];
static size_t ntests;

static void add(void (*function)(void **), const struct pb_kernel *kernel,
                const struct pb_variant *variant, const char *what)
{
    if (ntests == MAX_TESTS)
        abort();
    cases[ntests] = (struct test_case){kernel, variant};
    snprintf(names[ntests], sizeof names[0], "%s%s%s: %s", kernel->name, variant ? " " : "",
             variant ? variant->name : "", what);
    tests[ntests] = (struct CMUnitTest){.name = names[ntests], .test_func = function,
                                        .initial_state = &cases[ntests]};
    ntests++;
}

int main(void)
{
    for (size_t k = 0; k < pb_kernel_count; k++) {
        const struct pb_kernel *kernel = pb_kernels[k];
        if (!testing_selected_kernel(kernel->name))
            continue;
        add(test_sizes, kernel, NULL, "size classes and memory estimates");
        add(test_prepare_poisons, kernel, NULL, "prepare() spoils the previous answer");
        for (size_t v = 0; v < kernel->nvariants; v++) {
            const struct pb_variant *variant = &kernel->variants[v];
            if (!testing_selected_variant(variant->name) || variant->mpi)
                continue;
            add(test_variant_verified, kernel, variant, "verified at the test size");
            if (variant->parallel)
                add(test_bit_identical, kernel, variant,
                    "bit-identical to optimized for 1, 2, 3, 4, 7, 16 workers");
        }
    }
    return _cmocka_run_group_tests("kernels", tests, ntests, NULL, NULL);
}
