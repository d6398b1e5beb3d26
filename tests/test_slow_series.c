/*
 * test_slow_series.c — the slow_series kernel's own checks: the reference
 * and the term count themselves, the optimized counter's building blocks
 * started anywhere, every variant on awkward sizes and both schedules, and
 * verify's power to say no.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "support/order.h"
#include "support/testing.h"

#include "common/exercise.h"
#include "version.h" /* PB_BUILD_SRC: which sources this test was built from */

/* " SRC=exercises" in the commands the messages suggest, when it applies. */
#define SRC_SETTING (strcmp(PB_BUILD_SRC, "exercises") == 0 ? " SRC=exercises" : "")

#include "slow_series/slow_series.h"

/* The test's own digit test, independent of the kernel's code. */
static bool contains_nine(int64_t k)
{
    for (; k > 0; k /= 10)
        if (k % 10 == 9)
            return true;
    return false;
}

/* The values quoted in the issue, computed elsewhere to high precision and
 * given to 17 digits; compared in long double, before any rounding to double. */
static void test_reference_matches_published_values(void **state)
{
    (void)state;
    static const struct {
        int64_t n;
        long double value;
    } published[] = {
        {1000000, 11.015651849872951L},
        {100000000, 13.277605949854023L},
        {1000000000, 14.241913010380646L},
    };
    for (size_t i = 0; i < ARRAY_SIZE(published); i++) {
        long double reference = slow_series_reference(published[i].n);
        if (fabsl(reference - published[i].value) > 1e-16L * published[i].value)
            fail_msg("S(%lld): reference %.20Lg, published %.20Lg", (long long)published[i].n,
                     reference, published[i].value);
    }
    assert_int_equal(slow_series_count(1000000), 531441);
    assert_int_equal(slow_series_count(100000000), 43046721);
}

/* Two independent methods, every term summed directly with compensation and
 * the digit-block power series, agree to ~1e-19, far below the 1e-12 the
 * checks need. The list holds n that contain a 9, end in 8s, are powers of
 * ten or sit just below one. */
static void test_reference_methods_agree(void **state)
{
    (void)state;
    const int64_t ns[] = {1,     2,     8,      9,      10,     11,      19,      89,
                          99,    100,   101,    999,    1000,   1899,    8888,    9999,
                          10000, 12345, 90000,  99999,  100000, 123456,  199999,  888888,
                          909090, 999999, 1000000, 2345678};
    for (size_t i = 0; i < ARRAY_SIZE(ns); i++) {
        long double direct = slow_series_reference_direct(ns[i]);
        long double blocks = slow_series_reference(ns[i]);
        if (fabsl(direct - blocks) > 1e-18L * direct)
            fail_msg("n=%lld: direct %.21Lg vs blocks %.21Lg", (long long)ns[i], direct, blocks);
    }
    for (int64_t n = 1; n <= 300; n++) /* every block shape of the small numbers */
        if (fabsl(slow_series_reference_direct(n) - slow_series_reference(n)) > 1e-18L)
            fail_msg("n=%lld: the two reference methods disagree", (long long)n);
    assert_true(slow_series_reference(0) == 0.0L);
    assert_close((double)slow_series_reference(9), 761.0 / 280.0, 1e-16); /* 1 + ... + 1/8 */
}

/* The closed-form count against counting one by one. */
static void test_count_closed_form(void **state)
{
    (void)state;
    int64_t counted = 0;
    for (int64_t n = 0; n <= 200000; n++) {
        if (n > 0 && !contains_nine(n))
            counted++;
        if (slow_series_count(n) != counted)
            fail_msg("count(%lld) = %lld, counted %lld", (long long)n,
                     (long long)slow_series_count(n), (long long)counted);
    }
    assert_int_equal(slow_series_count(9), 8);
    assert_int_equal(slow_series_count(99999999), 43046720); /* 9^8 - 1 */
    assert_int_equal(slow_series_count(9007199254740992), 1853020188851840); /* 2^53 */
}

/* The counter's jump, from 9-containing, 9-free and power-of-ten starts. */
static void test_next_term(void **state)
{
    (void)state;
    static const int64_t cases[][2] = {
        {0, 0},       {1, 1},       {8, 8},         {9, 10},         {19, 20},
        {89, 100},    {99, 100},    {100, 100},     {989, 1000},     {1000, 1000},
        {1899, 2000}, {1900, 2000}, {8999, 10000},  {9000, 10000},   {12345, 12345},
        {123459, 123460},           {90000000, 100000000},           {123456789, 123456800},
        {8888888, 8888888},         {899999999999, 1000000000000},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        if (slow_series_next_term(cases[i][0]) != cases[i][1])
            fail_msg("next_term(%lld) = %lld, expected %lld", (long long)cases[i][0],
                     (long long)slow_series_next_term(cases[i][0]), (long long)cases[i][1]);
    int64_t next = 200000; /* the smallest 9-free integer >= k, walking down */
    for (int64_t k = 199999; k >= 0; k--) {
        if (!contains_nine(k))
            next = k;
        if (slow_series_next_term(k) != next)
            fail_msg("next_term(%lld) = %lld, expected %lld", (long long)k,
                     (long long)slow_series_next_term(k), (long long)next);
    }
}

/* The suffix table: the 9-free integers below 10^4, in increasing order. */
static void test_suffix_table(void **state)
{
    (void)state;
    static struct slow_series_table table;
    slow_series_table_init(&table);
    int j = 0;
    for (int s = 0; s < 10000; s++)
        if (!contains_nine(s)) {
            assert_true(j < SUFFIX_COUNT);
            if (table.suffix[j] != (double)s)
                fail_msg("suffix[%d] = %g, expected %d", j, table.suffix[j], s);
            j++;
        }
    assert_int_equal(j, SUFFIX_COUNT);
}

/* The building block on its own, over [begin, end) with begin and end
 * 9-containing, 9-free, powers of ten and ragged: the sum and the count are
 * the differences of the reference at end - 1 and begin - 1. */
static void test_chunk_sum_from_any_start(void **state)
{
    (void)state;
    testing_require_variant("optimized");
    static struct slow_series_table table;
    exercise_reset();
    slow_series_table_init(&table);
    int64_t first_terms = 0;
    slow_series_chunk_sum(&table, 1, 100, &first_terms);
    testing_check_implemented();
    static const int64_t bounds[] = {0,      1,      2,      9,      10,     17,     19,
                                     89,     100,    888,    999,    1000,   1899,   9000,
                                     10000,  12345,  19999,  90000,  100000, 123459, 1000000,
                                     1234567};
    const size_t nbounds = ARRAY_SIZE(bounds);
    for (size_t b = 0; b < nbounds; b++)
        for (size_t e = b; e < nbounds; e++) {
            int64_t begin = bounds[b], end = bounds[e], terms = 0;
            double piece = slow_series_chunk_sum(&table, begin, end, &terms);
            int64_t last_before = begin > 0 ? begin - 1 : 0;
            long double expected = slow_series_reference(end > 0 ? end - 1 : 0) -
                                   slow_series_reference(last_before);
            int64_t expected_terms = slow_series_count(end > 0 ? end - 1 : 0) -
                                     slow_series_count(last_before);
            if (fabsl((long double)piece - expected) > 1e-15L * expected || terms != expected_terms)
                fail_msg("[%lld, %lld): %.17g with %lld terms, expected %.17Lg with %lld",
                         (long long)begin, (long long)end, piece, (long long)terms, expected,
                         (long long)expected_terms);
        }
}

/* The optimized sum at the default size and beyond is far more accurate
 * than verify demands: the figure the lesson quotes. */
static void test_optimized_accuracy(void **state)
{
    (void)state;
    static const char *const sizes[][3] = {
        {"n=100000000", "chunk=100000", NULL}, /* the default size */
        {"n=123456789", "chunk=1000000", NULL},
        {"n=100000000", "chunk=100000000", NULL}, /* one chunk: one long lane sum */
    };
    for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
        struct kernel_fixture fixture;
        fixture_open(&fixture, &slow_series_kernel, PB_SIZE_TEST, sizes[s]);
        struct pb_verdict verdict;
        fixture_run_ok(&fixture, "optimized", 1, &verdict);
        assert_true(verdict.ok);
        if (verdict.rel_error > 2e-15)
            fail_msg("%s %s: relative error %.3g", sizes[s][0], sizes[s][1], verdict.rel_error);
        fixture_close(&fixture);
    }
}

static const char *const variants[] = {"naive", "optimized", "forkpool", "pthreads", "openmp"};
static const char *const schedules[] = {"schedule=dynamic", "schedule=static"};

/* n = 1, n containing a 9, n smaller than the number of workers, chunks of
 * 1, chunks starting at 9-containing and 9-free numbers and at powers of
 * ten, chunks longer than n; every variant, both schedules, 1, 7 and 16
 * workers. */
static void test_variants_on_awkward_sizes(void **state)
{
    (void)state;
    static const char *const sizes[][2] = {
        {"n=1", "chunk=1"},         {"n=1", "chunk=1000"},     {"n=3", "chunk=1"},
        {"n=9", "chunk=2"},         {"n=10", "chunk=9"},       {"n=99", "chunk=10"},
        {"n=1000", "chunk=9"},      {"n=12345", "chunk=1899"}, {"n=19999", "chunk=100"},
        {"n=100003", "chunk=7777"}, {"n=98765", "chunk=98766"},
    };
    static const int workers[] = {1, 7, 16};
    for (size_t s = 0; s < ARRAY_SIZE(sizes); s++)
        for (size_t k = 0; k < 2; k++) {
            const char *settings[] = {sizes[s][0], sizes[s][1], schedules[k], NULL};
            struct kernel_fixture fixture;
            fixture_open(&fixture, &slow_series_kernel, PB_SIZE_TEST, settings);
            for (size_t v = 0; v < ARRAY_SIZE(variants); v++) {
                if (!testing_selected_variant(variants[v]))
                    continue;
                for (size_t w = 0; w < ARRAY_SIZE(workers); w++) {
                    struct pb_verdict verdict;
                    fixture_run_ok(&fixture, variants[v], workers[w], &verdict);
                    if (!verdict.ok)
                        fail_msg("%s %s %s %s x%d: %s", sizes[s][0], sizes[s][1], schedules[k],
                                 variants[v], workers[w], verdict.message);
                }
            }
            fixture_close(&fixture);
        }
}

/* The determinism rule under both schedules: every parallel variant
 * returns optimized's exact bits for 1, 2, 3, 4, 7 and 16 workers. */
static void test_bit_identical_both_schedules(void **state)
{
    (void)state;
    static const char *const sizes[] = {"chunk=1000", "chunk=777"};
    for (size_t s = 0; s < ARRAY_SIZE(sizes); s++)
        for (size_t k = 0; k < 2; k++) {
            const char *settings[] = {sizes[s], schedules[k], NULL};
            struct kernel_fixture fixture;
            fixture_open(&fixture, &slow_series_kernel, PB_SIZE_TEST, settings);
            struct pb_verdict verdict;
            fixture_run_ok(&fixture, "optimized", 1, &verdict);
            assert_true(verdict.ok);
            uint64_t expected = slow_series_kernel.digest(fixture.state);
            for (size_t v = 2; v < ARRAY_SIZE(variants); v++) {
                if (!testing_selected_variant(variants[v]))
                    continue;
                for (size_t w = 0; w < testing_worker_count_count; w++) {
                    int workers = testing_worker_counts[w];
                    fixture_run_ok(&fixture, variants[v], workers, &verdict);
                    if (!verdict.ok || slow_series_kernel.digest(fixture.state) != expected)
                        fail_msg("%s %s %s x%d: not the bits of optimized", sizes[s],
                                 schedules[k], variants[v], workers);
                }
            }
            fixture_close(&fixture);
        }
}

/* Every step of the lesson (`--set step=N`) computes the right sum and
 * count, from chunk starts of every kind. */
static void test_lesson_steps(void **state)
{
    (void)state;
    testing_require_variant("optimized");
    const char *const sizes[][TESTING_STEP_SETTINGS] = {{"n=1", "chunk=1", NULL},
                                                        {"n=19999", "chunk=100", NULL},
                                                        {"n=100003", "chunk=7777", NULL},
                                                        {"n=1000000", "chunk=100000", NULL}};
    testing_lesson_steps(&slow_series_kernel, SLOW_SERIES_STEPS, sizes, ARRAY_SIZE(sizes));
}

/*
 * The classic mistakes (common/ledger.h), for the student's variants: with
 * 2, 3 and 7 workers and either schedule, every chunk was computed exactly
 * once (an `omp for` forgotten makes each thread do every chunk), and the
 * answer is the partials added in chunk order. pthreads' threads run
 * last-first (support/order.h), so no answer is right by luck.
 */
static void test_each_chunk_once(void **state)
{
    (void)state;
    static const char *const checked[] = {"pthreads", "openmp", "forkpool"};
    static const int workers[] = {2, 3, 7};
    for (size_t v = 0; v < ARRAY_SIZE(checked); v++)
        for (size_t k = 0; k < 2 && testing_selected_variant(checked[v]); k++)
            for (size_t w = 0; w < ARRAY_SIZE(workers); w++) {
                const char *settings[] = {schedules[k], NULL};
                struct kernel_fixture fixture;
                fixture_open(&fixture, &slow_series_kernel, PB_SIZE_TEST, settings);
                struct slow_series *ss = fixture.state;
                struct pb_run run = {.workers = workers[w]};
                const bool ordered = strcmp(checked[v], "pthreads") == 0;
                if (ordered)
                    order_reverse(&run);
                struct pb_verdict verdict;
                enum pb_status status = fixture_run_with(&fixture, checked[v], &run, &verdict);
                if (status == PB_NOT_IMPLEMENTED)
                    fail_msg("slow_series %s: not implemented yet", checked[v]);
                if (status != PB_OK)
                    fail_msg("slow_series %s x%d failed: %s", checked[v], workers[w], run.message);
                char message[512];
                if (ordered && !order_reverse_done(message, sizeof message))
                    fail_msg("slow_series %s x%d: %s", checked[v], workers[w], message);
                if (!ledger_check(ss->ledger, ss->chunks.count, 1, workers[w], message,
                                  sizeof message))
                    fail_msg("slow_series %s %s x%d: %s", checked[v], schedules[k], workers[w],
                             message);
                double ordered_sum = partials_sum(ss->sums, ss->chunks.count);
                if (memcmp(&ordered_sum, &ss->sum, sizeof ordered_sum) != 0)
                    fail_msg("slow_series %s %s x%d: " LEDGER_SHARED_SUM ": the answer is not the "
                             "partials added in chunk order; `make test%s SAN=thread "
                             "KERNEL=slow_series VARIANT=%s` names a race's line, and finds "
                             "none for a reduction", checked[v],
                             schedules[k], workers[w], SRC_SETTING, checked[v]);
                if (!verdict.ok)
                    fail_msg("slow_series %s x%d: %s", checked[v], workers[w], verdict.message);
                fixture_close(&fixture);
            }
}

/* verify must reject answers that are wrong by one part in 1e11, a lost
 * chunk, a chunk counted twice, and a right sum with a wrong count. */
static void test_verify_rejects_wrong_answers(void **state)
{
    (void)state;
    struct kernel_fixture fixture;
    fixture_open(&fixture, &slow_series_kernel, PB_SIZE_TEST, NULL);
    struct slow_series *ss = fixture.state;
    struct pb_verdict verdict;
    fixture_run_ok(&fixture, "optimized", 1, &verdict);
    assert_true(verdict.ok);
    const double right = ss->sum;
    const int64_t right_terms = ss->terms;
    const struct {
        double sum;
        int64_t terms;
    } wrong[] = {
        {right * (1 + 1e-11), right_terms},
        {right - ss->sums[3].value, right_terms - (int64_t)ss->counts[3].value},
        {right + ss->sums[7].value, right_terms + (int64_t)ss->counts[7].value},
        {right - 1.0 / 100000, right_terms}, /* the last term forgotten */
        {right, right_terms + 1},
        {right, right_terms - 1},
        {right, -1},
        {-right, right_terms},
        {NAN, right_terms},
        {INFINITY, right_terms},
    };
    for (size_t i = 0; i < ARRAY_SIZE(wrong); i++) {
        ss->sum = wrong[i].sum;
        ss->terms = wrong[i].terms;
        memset(&verdict, 0, sizeof verdict);
        slow_series_kernel.verify(ss, &verdict);
        if (verdict.ok)
            fail_msg("verify accepted %.17g with %lld terms (right: %.17g with %lld)",
                     wrong[i].sum, (long long)wrong[i].terms, right, (long long)right_terms);
        assert_true(verdict.message[0] != '\0');
    }
    fixture_close(&fixture);
}

/* The lesson's numbers: at n = 1e8 in the default chunks, the two static
 * shares of 2 workers hold 23.9 and 19.1 million terms. */
static void test_static_shares_are_unequal_work(void **state)
{
    (void)state;
    struct kernel_fixture fixture;
    const char *settings[] = {"n=100000000", "chunk=100000", NULL};
    fixture_open(&fixture, &slow_series_kernel, PB_SIZE_TEST, settings);
    struct slow_series *ss = fixture.state;
    int64_t terms[2];
    for (int t = 0; t < 2; t++) {
        int64_t first, last, begin, end, unused;
        chunks_of_worker(ss->chunks.count, t, 2, &first, &last);
        chunks_range(&ss->chunks, first, &begin, &unused);
        chunks_range(&ss->chunks, last - 1, &unused, &end);
        terms[t] = slow_series_count(end - 1) - slow_series_count(begin > 0 ? begin - 1 : 0);
    }
    assert_int_equal(terms[0], 23914844); /* [1, 5e7): 5 x 9^7 - 1 */
    assert_int_equal(terms[1], 19131877); /* [5e7, 1e8]: 4 x 9^7 + 1 */
    fixture_close(&fixture);
}

static void test_tolerance_grows_like_sqrt_n(void **state)
{
    (void)state;
    assert_close(slow_series_tolerance(1000), 1e-12, 1e-15);
    assert_close(slow_series_tolerance(100000000), 1e-12, 1e-15);
    assert_close(slow_series_tolerance(10000000000), 1e-11, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_matches_published_values),
        cmocka_unit_test(test_reference_methods_agree),
        cmocka_unit_test(test_count_closed_form),
        cmocka_unit_test(test_next_term),
        cmocka_unit_test(test_suffix_table),
        cmocka_unit_test(test_chunk_sum_from_any_start),
        cmocka_unit_test(test_optimized_accuracy),
        cmocka_unit_test(test_variants_on_awkward_sizes),
        cmocka_unit_test(test_bit_identical_both_schedules),
        cmocka_unit_test(test_lesson_steps),
        cmocka_unit_test(test_each_chunk_once),
        cmocka_unit_test(test_verify_rejects_wrong_answers),
        cmocka_unit_test(test_static_shares_are_unequal_work),
        cmocka_unit_test(test_tolerance_grows_like_sqrt_n),
    };
    return cmocka_run_group_tests_name("slow_series", tests, NULL, NULL);
}
