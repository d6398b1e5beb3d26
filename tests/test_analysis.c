/*
 * test_analysis.c — Karp-Flatt and the Amdahl/Gustafson fits: known serial
 * fractions come back out, and awkward inputs neither crash nor divide by 0.
 */
#include <math.h>

#include "support/testing.h"

#include "../harness/analysis.h"

/* Speedups from Amdahl's law with serial fraction f, with a relative
 * disturbance of +-noise alternating from point to point. */
static void amdahl_points(double f, double noise, const int *workers, int count, double *speedup)
{
    for (int i = 0; i < count; i++)
        speedup[i] = analysis_amdahl(f, workers[i]) * (1.0 + (i % 2 ? noise : -noise));
}

static void test_fit_recovers_known_f(void **state)
{
    (void)state;
    const int workers[] = {1, 2, 4, 8, 16};
    const double fractions[] = {0.0, 0.01, 0.05, 0.2, 0.9};
    for (size_t k = 0; k < ARRAY_SIZE(fractions); k++) {
        double speedup[5];
        amdahl_points(fractions[k], 0.0, workers, 5, speedup);
        struct law_fit fit;
        analysis_fit_amdahl(workers, speedup, 5, &fit);
        assert_int_equal(fit.points, 5);
        assert_int_equal(fit.informative, 4);
        assert_true(fabs(fit.f - fractions[k]) < 1e-12);
        assert_true(fit.f_stderr < 1e-10);
        assert_false(fit.superlinear);
        if (fractions[k] > 0)
            assert_close(fit.max_speedup, 1.0 / fractions[k], 1e-9);
        else
            assert_true(isinf(fit.max_speedup));
    }
}

static void test_fit_with_noise_has_an_error_bar(void **state)
{
    (void)state;
    const int workers[] = {1, 2, 4, 8};
    double speedup[4];
    amdahl_points(0.1, 0.02, workers, 4, speedup);
    struct law_fit fit;
    analysis_fit_amdahl(workers, speedup, 4, &fit);
    assert_true(fabs(fit.f - 0.1) < 0.03);
    assert_true(fit.f_stderr > 0 && fit.f_stderr < 0.05);
    assert_true(fit.rms_residual > 0);
}

/* A 2-core laptop: N = 1 and 2 only. The fit works and says it has one
 * informative point and no error estimate. */
static void test_two_points(void **state)
{
    (void)state;
    const int workers[] = {1, 2};
    const double speedup[] = {1.0, 1.6};
    struct law_fit fit;
    analysis_fit_amdahl(workers, speedup, 2, &fit);
    assert_int_equal(fit.points, 2);
    assert_int_equal(fit.informative, 1);
    /* 1/1.6 = f + (1 - f)/2  ->  f = 2/1.6 - 1 = 0.25 */
    assert_close(fit.f, 0.25, 1e-12);
    assert_true(isnan(fit.f_stderr));
    assert_close(fit.max_speedup, 4.0, 1e-12);
}

static void test_edge_cases(void **state)
{
    (void)state;
    struct law_fit fit;
    const int one[] = {1};
    const double s_one[] = {1.0};
    analysis_fit_amdahl(one, s_one, 1, &fit); /* one worker count only */
    assert_int_equal(fit.informative, 0);
    assert_true(isnan(fit.f));
    analysis_fit_amdahl(one, s_one, 0, &fit); /* nothing at all */
    assert_int_equal(fit.points, 0);

    const int workers[] = {1, 2, 4};
    const double failed[] = {1.0, NAN, 3.2}; /* the 2-worker cell failed */
    analysis_fit_amdahl(workers, failed, 3, &fit);
    assert_int_equal(fit.points, 2);
    assert_int_equal(fit.informative, 1);
    assert_true(isfinite(fit.f));

    const double superlinear[] = {1.0, 2.3, 4.5};
    analysis_fit_amdahl(workers, superlinear, 3, &fit);
    assert_true(fit.superlinear);
    assert_close(fit.f, 0.0, 0);
    assert_true(isinf(fit.max_speedup));

    const double zero[] = {1.0, 0.0, -1.0};
    analysis_fit_amdahl(workers, zero, 3, &fit);
    assert_int_equal(fit.informative, 0);
}

static void test_karp_flatt(void **state)
{
    (void)state;
    for (int n = 2; n <= 64; n *= 2)
        assert_close(analysis_karp_flatt(n, n) + 1.0, 1.0, 1e-15); /* perfect: 0 */
    assert_close(analysis_karp_flatt(analysis_amdahl(0.1, 8), 8), 0.1, 1e-12);
    assert_close(analysis_karp_flatt(1.0, 4), 1.0, 1e-12); /* no gain: all serial */
    assert_true(isnan(analysis_karp_flatt(1.0, 1)));
    assert_true(isnan(analysis_karp_flatt(0.0, 4)));
    assert_true(isnan(analysis_karp_flatt(NAN, 4)));
    assert_true(analysis_karp_flatt(5.0, 4) < 0); /* superlinear: negative, no crash */
}

static void test_gustafson(void **state)
{
    (void)state;
    const int workers[] = {1, 2, 4, 8};
    double speedup[4];
    for (int i = 0; i < 4; i++)
        speedup[i] = analysis_gustafson(0.15, workers[i]);
    struct law_fit fit;
    analysis_fit_gustafson(workers, speedup, 4, &fit);
    assert_close(fit.f, 0.15, 1e-12);
    assert_true(isnan(fit.max_speedup));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_recovers_known_f),
        cmocka_unit_test(test_fit_with_noise_has_an_error_bar),
        cmocka_unit_test(test_two_points),
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_karp_flatt),
        cmocka_unit_test(test_gustafson),
    };
    return cmocka_run_group_tests_name("analysis", tests, NULL, NULL);
}
