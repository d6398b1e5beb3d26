/*
 * test_parzen.c — the parzen kernel's own checks: the counter-based random
 * numbers, exact counts on awkward sizes and on window boundaries, the
 * statistics, and verify's power to say no.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/testing.h"

#include "../harness/params.h"
#include "common/rng.h"
#include "parzen/parzen.h"

static const char *const variants[] = {"naive", "optimized", "forkpool", "pthreads", "openmp"};
static const int worker_counts[] = {1, 2, 3, 4, 7};

/* ---- Random numbers ------------------------------------------------------ */

/* Mean, variance and fourth moment of a million normals, each within five
 * standard errors of 0, 1 and 3; uniforms in (0, 1] with mean 1/2. */
static void test_rng_moments(void **state)
{
    (void)state;
    enum { N = 1000000 };
    double *z = malloc(N * sizeof *z);
    assert_non_null(z);
    for (uint64_t seed = 1; seed <= 2; seed++) {
        rng_normals(seed, 0, N, z);
        double sum = 0, sum2 = 0, sum4 = 0, usum = 0;
        for (int i = 0; i < N; i++) {
            sum += z[i];
            sum2 += z[i] * z[i];
            sum4 += z[i] * z[i] * z[i] * z[i];
            double u = rng_uniform(seed, (uint64_t)i);
            assert_true(u > 0.0 && u <= 1.0);
            usum += u;
        }
        double mean = sum / N, var = sum2 / N - mean * mean;
        assert_true(fabs(mean) < 5.0 / sqrt(N));           /* sd of the mean: 1/sqrt(N) */
        assert_true(fabs(var - 1.0) < 5.0 * sqrt(2.0 / N)); /* sd of the variance */
        assert_true(fabs(sum4 / N - 3.0) < 5.0 * sqrt(96.0 / N));
        assert_true(fabs(usum / N - 0.5) < 5.0 * sqrt(1.0 / 12 / N));
    }
    free(z);
}

/* Slices generated separately, starting and ending on either half of a
 * Box-Muller pair, are bit for bit the whole stream; so is rng_normal. */
static void test_rng_slices_equal_the_whole(void **state)
{
    (void)state;
    enum { N = 1001 };
    double whole[N], pieces[N];
    const int64_t cuts[] = {0, 1, 2, 5, 8, 333, 334, 700, 999, N};
    rng_normals(42, 0, N, whole);
    for (size_t c = 0; c + 1 < ARRAY_SIZE(cuts); c++)
        rng_normals(42, (uint64_t)cuts[c], cuts[c + 1] - cuts[c], pieces + cuts[c]);
    assert_memory_equal(whole, pieces, sizeof whole);
    for (int i = 0; i < N; i++)
        assert_memory_equal(&whole[i], &(double){rng_normal(42, (uint64_t)i)}, sizeof(double));

    double again[N], other[N];
    rng_normals(42, 0, N, again);
    rng_normals(43, 0, N, other);
    assert_memory_equal(whole, again, sizeof whole);
    int same = 0;
    for (int i = 0; i < N; i++)
        same += whole[i] == other[i];
    assert_int_equal(same, 0);
}

/* Sample i is a pure function of (seed, i): the first samples do not change
 * when more are drawn, and they are the stream's numbers i * d + k. */
static void test_samples_depend_only_on_seed_and_index(void **state)
{
    (void)state;
    struct kernel_fixture few, many;
    fixture_open(&few, &parzen_kernel, PB_SIZE_TEST, (const char *[]){"samples=37", "d=3", NULL});
    fixture_open(&many, &parzen_kernel, PB_SIZE_TEST, (const char *[]){"samples=5000", "d=3", NULL});
    const struct parzen *a = few.state, *b = many.state;
    for (int k = 0; k < 3; k++) {
        assert_memory_equal(a->coord[k], b->coord[k], 37 * sizeof(double));
        for (int64_t i = 0; i < 37; i++)
            assert_true(a->coord[k][i] == rng_normal(a->seed, (uint64_t)(i * 3 + k)));
    }
    fixture_close(&few);
    fixture_close(&many);
}

/* ---- Exact counts ---------------------------------------------------------- */

/* Runs every variant on every worker count; all must give naive's counts. */
static void expect_all_equal_naive(struct kernel_fixture *fixture, const char *what, bool verified)
{
    struct parzen *pz = fixture->state;
    struct pb_verdict verdict;
    fixture_run_ok(fixture, "naive", 1, &verdict);
    int64_t *naive = malloc((size_t)pz->widths * sizeof *naive);
    assert_non_null(naive);
    memcpy(naive, pz->counts, (size_t)pz->widths * sizeof *naive);
    assert_memory_equal(naive, pz->reference, (size_t)pz->widths * sizeof *naive);
    for (size_t v = 1; v < ARRAY_SIZE(variants); v++) {
        if (!testing_selected_variant(variants[v]))
            continue;
        for (size_t w = 0; w < ARRAY_SIZE(worker_counts); w++) {
            fixture_run_ok(fixture, variants[v], worker_counts[w], &verdict);
            for (int64_t j = 0; j < pz->widths; j++)
                if (pz->counts[j] != naive[j])
                    fail_msg("%s: %s x%d: count(h=%.17g) = %lld, naive %lld", what, variants[v],
                             worker_counts[w], pz->h[j], (long long)pz->counts[j],
                             (long long)naive[j]);
            if (verified && !verdict.ok)
                fail_msg("%s: %s x%d: %s", what, variants[v], worker_counts[w], verdict.message);
        }
    }
    free(naive);
}

/* d = 1 and d = 3 and the rest; one sample; fewer samples than workers;
 * one width; chunks of one sample and chunks longer than the data; sizes
 * that are no multiple of anything; unpadded rows; a point off the origin. */
static void test_variants_equal_naive_on_awkward_sizes(void **state)
{
    (void)state;
    static const char *const settings[][5] = {
        {NULL},
        {"d=1", NULL},
        {"d=3", NULL},
        {"d=8", "samples=3000", NULL},
        {"samples=1", "chunk=1", NULL},
        {"samples=5", "chunk=1", "widths=3", NULL},
        {"samples=5003", "chunk=97", "widths=7", NULL},
        {"samples=2000", "chunk=100000", "widths=1", NULL},
        {"samples=10007", "widths=1000", "chunk=613", NULL},
        {"d=3", "point=0.3", "pad=none", NULL},
        {"widths=4", "pad=none", "seed=7", NULL},
    };
    for (size_t s = 0; s < ARRAY_SIZE(settings); s++) {
        struct kernel_fixture fixture;
        fixture_open(&fixture, &parzen_kernel, PB_SIZE_TEST, settings[s]);
        char what[128];
        snprintf(what, sizeof what, "%s %s %s", settings[s][0] ? settings[s][0] : "test size",
                 settings[s][0] && settings[s][1] ? settings[s][1] : "",
                 settings[s][0] && settings[s][1] && settings[s][2] ? settings[s][2] : "");
        expect_all_equal_naive(&fixture, what, true);
        fixture_close(&fixture);
    }
}

/*
 * Samples exactly on a window's edge, and one or a few representable
 * numbers either side of it, in every dimension and with both signs: the
 * place where a comparison that is not numerically identical to naive's
 * (say r <= h / 2 instead of r / h <= 1/2) would count differently.
 */
static void test_samples_on_window_boundaries(void **state)
{
    (void)state;
    for (int d = 1; d <= 3; d += 2) {
        char d_setting[16];
        snprintf(d_setting, sizeof d_setting, "d=%d", d);
        struct kernel_fixture fixture;
        fixture_open(&fixture, &parzen_kernel, PB_SIZE_TEST,
                     (const char *[]){"samples=5000", "widths=16", "chunk=64", d_setting, NULL});
        struct parzen *pz = fixture.state;
        int64_t i = 0;
        for (int64_t j = 0; j < pz->widths; j++)
            for (int step = -3; step <= 3; step++)
                for (int k = 0; k < d; k++)
                    for (int sign = -1; sign <= 1; sign += 2, i++) {
                        double edge = 0.5 * pz->h[j];
                        for (int s = 0; s < abs(step); s++)
                            edge = nextafter(edge, step < 0 ? 0.0 : INFINITY);
                        pz->coord[k][i] = sign * edge;
                    }
        assert_true(i <= pz->samples);
        parzen_reference(pz);
        expect_all_equal_naive(&fixture, "boundaries", false);
        fixture_close(&fixture);
    }
}

/* A sample exactly on the edge |x| = h/2 is inside (the test is <=). */
static void test_edge_counts_as_inside(void **state)
{
    (void)state;
    struct kernel_fixture fixture;
    fixture_open(&fixture, &parzen_kernel, PB_SIZE_TEST,
                 (const char *[]){"samples=1", "widths=11", "d=2", NULL});
    struct parzen *pz = fixture.state;
    for (int64_t j = 0; j < pz->widths; j++) {
        pz->coord[0][0] = -0.5 * pz->h[j];
        pz->coord[1][0] = 0.0;
        parzen_reference(pz);
        for (size_t v = 0; v < 2; v++) {
            struct pb_verdict verdict;
            fixture_run_ok(&fixture, variants[v], 1, &verdict);
            for (int64_t w = 0; w < pz->widths; w++)
                assert_int_equal(pz->counts[w], w >= j ? 1 : 0);
        }
    }
    fixture_close(&fixture);
}

/* limit[j] = h_j / 2 is the largest double r with r / h_j <= 1/2, for the
 * kernel's widths and for any h at all (optimized.c has the proof). */
static void test_window_limits_are_exact(void **state)
{
    (void)state;
    struct kernel_fixture fixture;
    fixture_open(&fixture, &parzen_kernel, PB_SIZE_TEST, (const char *[]){"widths=1000", NULL});
    struct parzen *pz = fixture.state;
    parzen_limits_init(pz);
    for (int64_t j = 0; j < pz->widths; j++) {
        assert_true(pz->limit[j] / pz->h[j] <= 0.5);
        assert_true(nextafter(pz->limit[j], INFINITY) / pz->h[j] > 0.5);
        assert_true(j == 0 || pz->limit[j] > pz->limit[j - 1]);
    }
    fixture_close(&fixture);
    for (uint64_t i = 0; i < 100000; i++) {
        double h = ldexp(0.5 + rng_uniform(9, i), (int)(i % 41) - 20); /* 2^-21 .. 2^21 */
        assert_true(0.5 * h / h == 0.5);
        assert_true(nextafter(0.5 * h, INFINITY) / h > 0.5);
    }
}

/* ---- Statistics ------------------------------------------------------------ */

static void test_expected_fraction(void **state)
{
    (void)state;
    /* The value: erf(1 / (2 sqrt 2))^2. */
    assert_close(parzen_expected_fraction(1.0, 2, 0.0), 0.146631496, 1e-8);
    assert_close(parzen_expected_fraction(1.0, 1, 0.0), erf(1.0 / (2.0 * sqrt(2.0))), 1e-15);
    assert_close(parzen_expected_fraction(1.1, 3, 0.4), parzen_expected_fraction(1.1, 3, -0.4),
                 1e-15);
    /* The estimator is biased low: below the density 1/(2 pi) for every h
     * (d = 2), and tends to it as h -> 0. */
    const double density = 1.0 / (2.0 * acos(-1.0));
    const double hs[] = {0.01, 0.5, 1.0, 1.2, 3.0};
    for (size_t i = 0; i < ARRAY_SIZE(hs); i++)
        assert_true(parzen_expected_fraction(hs[i], 2, 0.0) / (hs[i] * hs[i]) < density);
    assert_close(parzen_expected_fraction(1e-3, 2, 0.0) / 1e-6, density, 1e-6);
}

/* True standard normal samples pass, for several seeds and dimensions. */
static void test_statistics_pass_for_the_true_distribution(void **state)
{
    (void)state;
    static const char *const settings[][3] = {
        {"seed=1", "d=1"}, {"seed=2", "d=2"}, {"seed=3", "d=3"},
        {"seed=4", "d=2"}, {"seed=5", "d=1"}, {"seed=6", "d=4"},
    };
    for (size_t s = 0; s < ARRAY_SIZE(settings); s++) {
        struct kernel_fixture fixture;
        fixture_open(&fixture, &parzen_kernel, PB_SIZE_TEST, settings[s]);
        struct pb_verdict verdict;
        fixture_run_ok(&fixture, "optimized", 1, &verdict);
        if (!verdict.ok)
            fail_msg("%s %s: %s", settings[s][0], settings[s][1], verdict.message);
        assert_true(parzen_worst_deviation(fixture.state, ((struct parzen *)fixture.state)->counts,
                                           NULL) < PARZEN_MAX_DEVIATIONS);
        fixture_close(&fixture);
    }
}

/* Samples from a shifted (or wider) normal give exact, matching counts but
 * fail the statistical check. */
static void test_statistics_fail_for_a_wrong_distribution(void **state)
{
    (void)state;
    const double shifts[] = {0.5, 0.0}, scales[] = {1.0, 1.2};
    for (int t = 0; t < 2; t++) {
        struct kernel_fixture fixture;
        fixture_open(&fixture, &parzen_kernel, PB_SIZE_TEST, NULL);
        struct parzen *pz = fixture.state;
        for (int k = 0; k < pz->d; k++)
            for (int64_t i = 0; i < pz->samples; i++)
                pz->coord[k][i] = pz->coord[k][i] * scales[t] + shifts[t];
        parzen_reference(pz); /* so the exact check passes and only statistics can fail */
        struct pb_verdict verdict;
        fixture_run_ok(&fixture, "optimized", 1, &verdict);
        assert_memory_equal(pz->counts, pz->reference, (size_t)pz->widths * sizeof(int64_t));
        assert_false(verdict.ok);
        assert_non_null(strstr(verdict.message, "standard deviations"));
        assert_true(parzen_worst_deviation(pz, pz->counts, NULL) > PARZEN_MAX_DEVIATIONS);
        fixture_close(&fixture);
    }
}

/* ---- Verify says no -------------------------------------------------------- */

static void test_verify_rejects_wrong_counts(void **state)
{
    (void)state;
    struct kernel_fixture fixture;
    fixture_open(&fixture, &parzen_kernel, PB_SIZE_TEST, NULL);
    struct parzen *pz = fixture.state;
    struct pb_verdict verdict;
    fixture_run_ok(&fixture, "optimized", 1, &verdict);
    assert_true(verdict.ok);
    assert_true(verdict.rel_error == 0.0 && verdict.value == verdict.reference);
    const int64_t changes[][2] = {{0, 1}, {3, -1}, {15, 1}, {7, 1000}};
    for (size_t c = 0; c < ARRAY_SIZE(changes); c++) {
        pz->counts[changes[c][0]] += changes[c][1];
        memset(&verdict, 0, sizeof verdict);
        parzen_kernel.verify(pz, &verdict);
        assert_false(verdict.ok);
        assert_non_null(strstr(verdict.message, "reference count"));
        assert_true(verdict.rel_error > 0.0);
        pz->counts[changes[c][0]] -= changes[c][1];
    }
    fixture_close(&fixture);
}

/* The largest sizes allowed give an estimate that did not wrap around:
 * at least the 2^40 chunks x (2^20 + 1) counts x 8 bytes of the rows. */
static void test_memory_needed_does_not_wrap(void **state)
{
    (void)state;
    struct param_setting parsed[4];
    const char *settings[] = {"samples=1099511627776", "d=8", "widths=1048576", "chunk=1"};
    char message[PB_MESSAGE_MAX];
    for (size_t s = 0; s < 4; s++)
        assert_int_equal(params_split_setting(settings[s], &parsed[s], message), 0);
    struct pb_values values;
    assert_int_equal(params_resolve(&parzen_kernel, PB_SIZE_TEST, parsed, 4, &values, message), 0);
    long double rows_bytes = 1099511627776.0L * 1048577.0L * 8.0L;
    assert_true((long double)parzen_kernel.memory_needed(&values) >= rows_bytes);
}

/* Every step of the lesson (`--set step=N` of optimized) passes verify at
 * the test size and at an awkward one. */
static void test_lesson_steps(void **state)
{
    (void)state;
    testing_require_variant("optimized");
    const char *const sizes[][TESTING_STEP_SETTINGS] = {{NULL}, {"samples=4321", NULL}};
    testing_lesson_steps(&parzen_kernel, PARZEN_STEPS, sizes, ARRAY_SIZE(sizes));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lesson_steps),
        cmocka_unit_test(test_rng_moments),
        cmocka_unit_test(test_rng_slices_equal_the_whole),
        cmocka_unit_test(test_samples_depend_only_on_seed_and_index),
        cmocka_unit_test(test_variants_equal_naive_on_awkward_sizes),
        cmocka_unit_test(test_samples_on_window_boundaries),
        cmocka_unit_test(test_edge_counts_as_inside),
        cmocka_unit_test(test_window_limits_are_exact),
        cmocka_unit_test(test_expected_fraction),
        cmocka_unit_test(test_statistics_pass_for_the_true_distribution),
        cmocka_unit_test(test_statistics_fail_for_a_wrong_distribution),
        cmocka_unit_test(test_verify_rejects_wrong_counts),
        cmocka_unit_test(test_memory_needed_does_not_wrap),
    };
    return cmocka_run_group_tests_name("parzen", tests, NULL, NULL);
}
