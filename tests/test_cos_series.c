/*
 * test_cos_series.c — the cos_series kernel's own checks: the reference
 * itself, every variant on awkward sizes, and verify's power to say no.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "support/testing.h"

#include "common/exercise.h"
#include "cos_series/cos_series.h"

/* The values quoted in the issue, computed elsewhere to high precision. */
static void test_reference_matches_published_values(void **state)
{
    (void)state;
    assert_close((double)cos_series_reference(1000000), 0.042019653871009649, 1e-16);
    assert_close((double)cos_series_reference(100000000), 0.042019512535212555, 1e-16);
    assert_close((double)cos_series_reference(1000000000), 0.042019506743892418, 1e-16);
    assert_close((double)-logl(2.0L * sinl(0.5L)), 0.042019505825368962, 1e-16);
}

/* Two independent methods, direct compensated summation and the asymptotic
 * tail, agree far below the 1e-12 the checks need. */
static void test_reference_methods_agree(void **state)
{
    (void)state;
    const int64_t ns[] = {1000, 4321, 10000, 100000, 1000000};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        long double direct = cos_series_reference_direct(ns[i]);
        long double tail = cos_series_reference_tail(ns[i]);
        if (fabsl(direct - tail) > 1e-17L)
            fail_msg("n=%lld: direct %.20Lg vs tail %.20Lg", (long long)ns[i], direct, tail);
    }
    assert_close((double)cos_series_reference(1), cos(1.0), 1e-15);
    assert_close((double)cos_series_reference(2), cos(1.0) + cos(2.0) / 2, 1e-15);
}

static const char *const variants[] = {"naive", "optimized", "forkpool", "pthreads", "openmp"};

/* Tiny n, n not a multiple of anything, chunks of 1, chunks longer than n,
 * n smaller than the number of workers, ragged ends of table blocks. */
static void test_variants_on_awkward_sizes(void **state)
{
    (void)state;
    static const char *const sizes[][3] = {
        {"n=1", "chunk=1", NULL},          {"n=2", "chunk=4096", NULL},
        {"n=3", "chunk=2", NULL},          {"n=17", "chunk=5", NULL},
        {"n=2047", "chunk=1000", NULL},    {"n=2049", "chunk=2048", NULL},
        {"n=4099", "chunk=4099", NULL},    {"n=100003", "chunk=333", NULL},
    };
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        struct kernel_fixture fixture;
        fixture_open(&fixture, &cos_series_kernel, PB_SIZE_TEST, sizes[s]);
        for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
            if (!testing_selected_variant(variants[v]))
                continue;
            for (int workers = 1; workers <= 7; workers += 6) {
                struct pb_verdict verdict;
                assert_int_equal(fixture_run(&fixture, variants[v], workers, &verdict), PB_OK);
                if (!verdict.ok)
                    fail_msg("%s %s x%d: %s", sizes[s][0], variants[v], workers, verdict.message);
            }
        }
        fixture_close(&fixture);
    }
}

/* verify must reject answers that are wrong by one part in 1e11, a lost
 * chunk, or a chunk counted twice. */
static void test_verify_rejects_wrong_answers(void **state)
{
    (void)state;
    testing_require_variant("optimized");
    struct kernel_fixture fixture;
    fixture_open(&fixture, &cos_series_kernel, PB_SIZE_TEST, NULL);
    struct cos_series *cs = fixture.state;
    struct pb_verdict verdict;
    assert_int_equal(fixture_run(&fixture, "optimized", 1, &verdict), PB_OK);
    assert_true(verdict.ok);
    const double right = cs->sum;
    const double lost_chunk = right - cs->partials[3].value;
    const double wrong[] = {right * (1 + 1e-11), lost_chunk, right + cs->partials[7].value,
                            -right, NAN, INFINITY};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        cs->sum = wrong[i];
        memset(&verdict, 0, sizeof verdict);
        cos_series_kernel.verify(cs, &verdict);
        if (verdict.ok)
            fail_msg("verify accepted %.17g (right: %.17g)", wrong[i], right);
    }
    fixture_close(&fixture);
}

/* The optimized building block against the reference on its own. */
static void test_chunk_sum_accuracy(void **state)
{
    (void)state;
    testing_require_variant("optimized");
    struct cos_table table;
    exercise_reset();
    cos_table_init(&table);
    cos_series_chunk_sum(&table, 1, 100);
    testing_check_implemented();
    const int64_t ends[] = {1, 9, 2048, 2049, 65536, 1000000};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        double sum = cos_series_chunk_sum(&table, 1, ends[i] + 1);
        /* One long chunk is the worst case: the lane sums hold the big early
         * terms (up to 0.5) while rounding ~n/16 times; 3e-13 at n = 1e6. */
        assert_close(sum, (double)cos_series_reference(ends[i]), cos_series_tolerance(ends[i]));
    }
    /* Chunks starting anywhere: [begin, end) = S(end - 1) - S(begin - 1). */
    double piece = cos_series_chunk_sum(&table, 123457, 987655);
    long double expected = cos_series_reference(987654) - cos_series_reference(123456);
    assert_true(fabsl((long double)piece - expected) < 1e-16L);
}

static void test_tolerance_grows_like_sqrt_n(void **state)
{
    (void)state;
    assert_close(cos_series_tolerance(1000), 1e-12, 1e-15);
    assert_close(cos_series_tolerance(100000000), 1e-12, 1e-15);
    assert_close(cos_series_tolerance(10000000000), 1e-11, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_matches_published_values),
        cmocka_unit_test(test_reference_methods_agree),
        cmocka_unit_test(test_variants_on_awkward_sizes),
        cmocka_unit_test(test_verify_rejects_wrong_answers),
        cmocka_unit_test(test_chunk_sum_accuracy),
        cmocka_unit_test(test_tolerance_grows_like_sqrt_n),
    };
    return cmocka_run_group_tests_name("cos_series", tests, NULL, NULL);
}
