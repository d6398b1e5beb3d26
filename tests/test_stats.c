/*
 * test_stats.c — summary statistics and their intervals, paired ratios,
 * the flags, the JSON writer's escaping, the bandwidth references.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/testing.h"

#include "../harness/bandwidth.h"
#include "../harness/flags.h"
#include "../harness/json.h"
#include "../harness/stats.h"
#include "common/rng.h"
#include "registry.h"

static void test_odd_count(void **state)
{
    (void)state;
    const double times[] = {3.0, 1.0, 2.0, 10.0, 4.0};
    struct sample_stats s;
    stats_compute(times, 5, &s);
    assert_int_equal(s.count, 5);
    assert_close(s.min, 1.0, 0);
    assert_close(s.max, 10.0, 0);
    assert_close(s.median, 3.0, 0);
    assert_close(s.mean, 4.0, 1e-15);
    /* sample variance: (1 + 9 + 4 + 36 + 0) / 4 = 12.5 */
    assert_close(s.stddev, sqrt(12.5), 1e-15);
    assert_close(s.cv, sqrt(12.5) / 4.0, 1e-15);
    assert_close(times[0], 3.0, 0); /* the input is left alone */
}

static void test_even_count_and_single(void **state)
{
    (void)state;
    const double times[] = {4.0, 1.0, 3.0, 2.0};
    struct sample_stats s;
    stats_compute(times, 4, &s);
    assert_close(s.median, 2.5, 0);
    stats_compute(times, 1, &s);
    assert_close(s.median, 4.0, 0);
    assert_close(s.stddev, 0.0, 0);
    assert_close(s.cv, 0.0, 0);
    const double zeros[] = {0.0, 0.0};
    stats_compute(zeros, 2, &s);
    assert_close(s.cv, 0.0, 0); /* no division by a zero mean */
}

static void test_json_escaping(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    struct json_writer w;
    json_init(&w, out);
    json_object_begin(&w, NULL);
    json_string(&w, "quote\"key", "a\"b\\c\nd\te\x01");
    json_number(&w, "nan", NAN);
    json_number(&w, "pi", 3.25);
    json_array_begin(&w, "empty");
    json_array_end(&w);
    json_object_end(&w);
    fclose(out);
    const char *expected = "{\n  \"quote\\\"key\": \"a\\\"b\\\\c\\nd\\te\\u0001\",\n"
                           "  \"nan\": null,\n  \"pi\": 3.25,\n  \"empty\": []\n}\n";
    assert_string_equal(text, expected);
    free(text);
}

/* The bandwidth loops run and report a positive figure (no speed is asserted). */
static void test_bandwidth_runs(void **state)
{
    (void)state;
    assert_true(bandwidth_measure(BANDWIDTH_TRIAD, 1, (size_t)8 << 20, false) > 0.0);
    assert_true(bandwidth_measure(BANDWIDTH_TRIAD, 3, (size_t)8 << 20, true) > 0.0);
    assert_true(bandwidth_measure(BANDWIDTH_SIX, 2, (size_t)8 << 20, false) > 0.0);
    assert_true(bandwidth_measure(BANDWIDTH_SIX, 1, (size_t)8 << 20 | 8, true) > 0.0);
}

/* The ranks of the median's interval: the textbook values. */
static void test_interval_ranks(void **state)
{
    (void)state;
    double coverage;
    assert_int_equal(stats_interval_rank(5, 0.95, &coverage), 0); /* too few */
    assert_true(isnan(coverage));
    assert_int_equal(stats_interval_rank(6, 0.95, &coverage), 1);
    assert_close(coverage, 1.0 - 2.0 / 64, 1e-12);
    assert_int_equal(stats_interval_rank(10, 0.95, &coverage), 2); /* the 2nd and 9th */
    assert_close(coverage, 1.0 - 22.0 / 1024, 1e-12);
    assert_int_equal(stats_interval_rank(20, 0.95, NULL), 6);
    assert_int_equal(stats_interval_rank(100, 0.95, NULL), 40);
    assert_true(stats_interval_rank(200, 0.95, &coverage) > 0);
    assert_true(coverage >= 0.95 && coverage < 0.97);
}

static void test_interval_of_samples(void **state)
{
    (void)state;
    const double ten[] = {10, 3, 5, 1, 9, 2, 8, 4, 7, 6};
    struct sample_stats s;
    stats_compute(ten, 10, &s);
    assert_close(s.lo, 2, 0);
    assert_close(s.hi, 9, 0);
    stats_compute(ten, 5, &s);
    assert_true(isnan(s.lo) && isnan(s.hi));
    const double with_gaps[] = {NAN, 1, 2, NAN, 3};
    stats_compute(with_gaps, 5, &s);
    assert_int_equal(s.count, 3);
    assert_close(s.median, 2, 0);
    stats_compute(NULL, 0, &s);
    assert_int_equal(s.count, 0);
    assert_true(isnan(s.median));
}

/* Draws from a skewed distribution (exponential, median ln 2): the interval
 * must hold the true median at least 95% of the time, and not hugely more
 * (it is exact, not conservative by much). */
static void test_interval_coverage(void **state)
{
    (void)state;
    const int trials = 4000, n = 12;
    int covered = 0;
    double coverage;
    stats_interval_rank((size_t)n, STATS_LEVEL, &coverage);
    for (int t = 0; t < trials; t++) {
        double x[12];
        for (int i = 0; i < n; i++)
            x[i] = -log(rng_uniform(7, (uint64_t)(t * n + i)));
        struct sample_stats s;
        stats_compute(x, (size_t)n, &s);
        covered += s.lo <= log(2.0) && log(2.0) <= s.hi;
    }
    double observed = (double)covered / trials;
    /* Binomial noise of 4000 trials: a standard deviation of about 0.004. */
    if (fabs(observed - coverage) > 0.015)
        fail_msg("observed coverage %.3f, theory %.3f", observed, coverage);
}

static void test_paired_ratios(void **state)
{
    (void)state;
    const double base[] = {2.0, 4.0, NAN, 3.0, 0.0};
    const double cell[] = {1.0, 1.0, 1.0, NAN, 1.0};
    double ratio[5];
    assert_int_equal(stats_paired_ratios(base, cell, 5, ratio), 2);
    assert_close(ratio[0], 2.0, 0);
    assert_close(ratio[1], 4.0, 0);
    assert_true(isnan(ratio[2]) && isnan(ratio[3]) && isnan(ratio[4]));
    /* Drift cancels: both slow down by half in round 2, the ratio stays. */
    const double slow_base[] = {2.0, 3.0}, slow_cell[] = {1.0, 1.5};
    stats_paired_ratios(slow_base, slow_cell, 2, ratio);
    assert_close(ratio[0], ratio[1], 1e-15);
}

static void test_within(void **state)
{
    (void)state;
    struct sample_stats s = {.count = 10, .median = 1.0, .lo = 0.96, .hi = 1.04};
    assert_true(stats_within(&s, 0.05));
    s.hi = 1.06;
    assert_false(stats_within(&s, 0.05));
    s.hi = NAN;
    assert_false(stats_within(&s, 0.05));
}

/* ---- Flags ---------------------------------------------------------------------- */

/* A row with `n` rounds of time t each (jittered by +-spread), speedup
 * figures as given. */
static void make_row(struct cell_row *row, const char *variant, int workers, double t,
                     double spread, int n)
{
    results_row_init(row);
    row->kernel = pb_kernels[0];
    row->variant = registry_find_variant(row->kernel, variant);
    row->workers = workers;
    row->size = "default";
    row->scaling = "strong";
    row->calls_per_sample = 1;
    for (int r = 0; r < n; r++) {
        row->round_s[r] = t * (1.0 + spread * ((r % 3) - 1));
        row->round_ghz[r] = 3.0;
    }
    stats_compute(row->round_s, MAX_ROUNDS, &row->time);
    stats_compute(row->round_ghz, MAX_ROUNDS, &row->ghz);
}

static void set_speedup(struct cell_row *row, double median, double lo, double hi)
{
    row->speedup = (struct sample_stats){.count = 10, .median = median, .lo = lo, .hi = hi};
    row->self = row->speedup;
}

static void test_flags(void **state)
{
    (void)state;
    static struct cell_row base, row;
    make_row(&base, "optimized", 1, 0.3, 0.001, 10);
    set_speedup(&base, 1, 1, 1);
    struct flags_context context = {.baseline = &base, .memory_bound_fraction = NAN};
    char text[128];

    make_row(&row, "openmp", 2, 0.15, 0.001, 10);
    set_speedup(&row, 1.99, 1.97, 2.01);
    flags_decide(&row, &context);
    assert_int_equal(row.flags, 0);

    make_row(&row, "openmp", 2, 0.15, 0.2, 10); /* +-20%: noisy */
    set_speedup(&row, 1.99, 1.6, 2.4);
    flags_decide(&row, &context);
    assert_true(row.flags & FLAG_NOISY);

    make_row(&row, "openmp", 2, 0.15, 0.001, 4); /* too few rounds for an interval */
    set_speedup(&row, 1.99, NAN, NAN);
    flags_decide(&row, &context);
    assert_true(row.flags & FLAG_NOISY);

    make_row(&row, "openmp", 2, 0.14, 0.001, 10);
    set_speedup(&row, 2.1, 1.98, 2.2); /* above 2, but the interval holds 2 */
    flags_decide(&row, &context);
    assert_true(row.flags & FLAG_SUPERLINEAR);
    assert_non_null(strstr(row.notes, "within noise"));
    set_speedup(&row, 2.5, 2.4, 2.6);
    flags_decide(&row, &context);
    assert_null(strstr(row.notes, "within noise"));

    make_row(&row, "openmp", 2, 0.004, 0.001, 10); /* a 4 ms sample */
    set_speedup(&row, 1.9, 1.88, 1.92);
    flags_decide(&row, &context);
    assert_true(row.flags & FLAG_SHORT);

    make_row(&row, "pthreads", 2, 0.4, 0.001, 10);
    set_speedup(&row, 0.75, 0.74, 0.76);
    row.startup_s = 0.1; /* threads made in every call: 0.1 s of a 0.4 s call */
    flags_decide(&row, &context);
    assert_true(row.flags & FLAG_SLOWER);
    assert_non_null(strstr(row.notes, "every call"));

    make_row(&row, "openmp", 2, 0.2, 0.001, 10);
    set_speedup(&row, 0.95, 0.94, 0.96);
    context.memory_bound_fraction = 0.9;
    flags_decide(&row, &context);
    assert_non_null(strstr(row.notes, "memory bandwidth"));
    context.memory_bound_fraction = NAN;

    make_row(&row, "openmp", 2, 0.15, 0.001, 10);
    set_speedup(&row, 1.8, 1.79, 1.81);
    for (int r = 0; r < 10; r++)
        row.round_ghz[r] = 2.7; /* 10% below the baseline's 3.0 */
    stats_compute(row.round_ghz, MAX_ROUNDS, &row.ghz);
    context.busy = true;
    context.busy_reason = "a test";
    flags_decide(&row, &context);
    assert_true(row.flags & FLAG_CLOCK);
    assert_true(row.flags & FLAG_BUSY);
    flags_format(row.flags, text, sizeof text);
    assert_string_equal(text, "BUSY CLOCK");
    for (unsigned bit = 1; bit < (1u << FLAG_COUNT); bit <<= 1)
        assert_true(strlen(flags_explain(bit)) > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_odd_count),
        cmocka_unit_test(test_even_count_and_single),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_bandwidth_runs),
        cmocka_unit_test(test_interval_ranks),
        cmocka_unit_test(test_interval_of_samples),
        cmocka_unit_test(test_interval_coverage),
        cmocka_unit_test(test_paired_ratios),
        cmocka_unit_test(test_within),
        cmocka_unit_test(test_flags),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
