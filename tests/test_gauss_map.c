/*
 * test_gauss_map.c — the gauss_map kernel's own checks: every variant on
 * awkward sizes, the exp behind the vector code, the exact cycle checks,
 * verify's power to say no (and its margin when it should say yes), and
 * the picture.
 */
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support/testing.h"

#include "../harness/params.h"
#include "../harness/png.h"
#include "gauss_map/gauss_map.h"

static const char *const variants[] = {"naive", "optimized", "forkpool", "pthreads", "openmp"};

static uint32_t *column_of(struct gauss_map *gm, int64_t column)
{
    return gm->hist + column * gm->height;
}

static size_t hist_bytes(const struct gauss_map *gm)
{
    return (size_t)(gm->width * gm->height) * sizeof *gm->hist;
}

/* A copy of the answer the optimized variant gives for `settings`. */
static uint32_t *optimized_answer(const char *const *settings, size_t *bytes)
{
    struct kernel_fixture fixture;
    struct pb_verdict verdict;
    fixture_open(&fixture, &gauss_map_kernel, PB_SIZE_TEST, settings);
    fixture_run_ok(&fixture, "optimized", 1, &verdict);
    struct gauss_map *gm = fixture.state;
    *bytes = hist_bytes(gm);
    uint32_t *copy = malloc(*bytes);
    assert_non_null(copy);
    memcpy(copy, gm->hist, *bytes);
    fixture_close(&fixture);
    return copy;
}

/* One column, a ragged last chunk, fewer columns than workers, a single bin,
 * a single point, no transient skipped, every orbit outside the bins; and
 * the parallel variants equal to optimized, bit for bit, on each. */
static void test_variants_on_awkward_sizes(void **state)
{
    (void)state;
    static const char *const sizes[][4] = {
        {"width=1", NULL},
        {"width=33", "height=7", NULL},
        {"width=5", "points=1", NULL},
        {"width=70", "height=1", NULL},
        {"width=40", "skip=0", NULL},
        {"width=20", "beta_min=2", "beta_max=3", NULL},
    };
    const int workers[] = {1, 2, 3, 4, 7};
    for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
        struct kernel_fixture fixture;
        struct pb_verdict verdict;
        fixture_open(&fixture, &gauss_map_kernel, PB_SIZE_TEST, sizes[s]);
        fixture_run_ok(&fixture, "optimized", 1, &verdict);
        const uint64_t expected = gauss_map_kernel.digest(fixture.state);
        for (size_t v = 0; v < ARRAY_SIZE(variants); v++)
            for (size_t w = 0; w < ARRAY_SIZE(workers); w++) {
                if (!testing_selected_variant(variants[v]) || (v < 2 && w > 0))
                    continue;
                fixture_run_ok(&fixture, variants[v], workers[w], &verdict);
                if (!verdict.ok)
                    fail_msg("%s %s x%d: %s", sizes[s][0], variants[v], workers[w],
                             verdict.message);
                if (v >= 2 && gauss_map_kernel.digest(fixture.state) != expected)
                    fail_msg("%s %s x%d differs from optimized", sizes[s][0], variants[v],
                             workers[w]);
            }
        fixture_close(&fixture);
    }
}

/* The vectorizable exp against long double expl: below one ulp everywhere
 * it is used, exact at 0, and clamped far below any bin width. */
static void test_exp_accuracy(void **state)
{
    (void)state;
    double worst_ulps = 0.0;
    for (int i = 0; i <= 2000000; i++) {
        double t = -745.0 * i / 2000000.0;
        if (t < -700.0)
            break;
        long double exact = expl((long double)t);
        double ulp = nextafter((double)exact, INFINITY) - (double)exact;
        double ulps = (double)(fabsl((long double)gauss_map_exp(t) - exact) / ulp);
        worst_ulps = fmax(worst_ulps, ulps);
    }
    if (worst_ulps >= 1.0)
        fail_msg("gauss_map_exp is %.3f ulps off", worst_ulps);
    assert_true(gauss_map_exp(0.0) == 1.0);
    assert_true(gauss_map_exp(-1e9) > 0.0 && gauss_map_exp(-1e9) < 1e-300);
}

/* Fixed points and a 2-cycle, solved in long double, against Newton's
 * method and against the defining equations. */
static void test_cycle_points(void **state)
{
    (void)state;
    /* 5.8 and 0.8 rounded to double, as the kernel's parameters are. */
    const long double alpha = 5.8, beta = 0.8;
    long double x = 0.8L; /* Newton on g(x) = exp(-alpha x^2) + beta - x */
    for (int i = 0; i < 50; i++) {
        long double e = expl(-alpha * x * x);
        x -= (e + beta - x) / (-2.0L * alpha * x * e - 1.0L);
    }
    long double point;
    assert_true(gauss_map_cycle_point(5.8, 0.8, 1, 0.7L, 0.9L, &point));
    assert_true(fabsl(point - x) < 1e-17L);
    /* No fixed point in an interval that does not hold one. */
    assert_false(gauss_map_cycle_point(5.8, 0.8, 1, 0.0L, 0.5L, &point));
    /* beta = 0: a 2-cycle between p near 0 and q = f(p) near 1. */
    assert_true(gauss_map_cycle_point(5.8, 0.0, 2, -0.05L, 0.02L, &point));
    long double q = expl(-alpha * point * point);
    long double back = expl(-alpha * q * q);
    assert_true(fabsl(back - point) < 1e-17L && fabsl(q - point) > 0.5L);
}

/* The bin of x, in long double. */
static int64_t bin_of(const struct gauss_map *gm, long double x)
{
    const long double range = GAUSS_MAP_X_MAX - GAUSS_MAP_X_MIN;
    return (int64_t)floorl((x - GAUSS_MAP_X_MIN) * (long double)gm->height / range);
}

/* Most columns at the test size are checked exactly. And, solved here on
 * their own: the last column (beta = 1) sits on a fixed point, the middle
 * one (beta ~ 0) on a 2-cycle; every variant puts its points there. */
static void test_cycle_columns(void **state)
{
    (void)state;
    struct kernel_fixture fixture;
    fixture_open(&fixture, &gauss_map_kernel, PB_SIZE_TEST, NULL);
    struct gauss_map *gm = fixture.state;
    assert_true(gauss_map_reference_cycle_columns(gm->reference) * 2 > gm->width);

    const int64_t last = gm->width - 1, middle = gm->width / 2;
    long double fixed, p;
    assert_true(gauss_map_cycle_point(gm->alpha, gauss_map_beta(gm, last), 1, 0.9L, 1.1L, &fixed));
    assert_true(gauss_map_cycle_point(gm->alpha, gauss_map_beta(gm, middle), 2, -0.1L, 0.05L, &p));
    long double q = expl(-(long double)gm->alpha * p * p) + gauss_map_beta(gm, middle);
    for (size_t v = 0; v < ARRAY_SIZE(variants); v++) {
        struct pb_verdict verdict;
        fixture_run_ok(&fixture, variants[v], 2, &verdict);
        assert_int_equal(column_of(gm, last)[bin_of(gm, fixed)], gm->points);
        assert_int_equal(column_of(gm, middle)[bin_of(gm, p)], gm->points / 2);
        assert_int_equal(column_of(gm, middle)[bin_of(gm, q)], gm->points / 2);
    }
    fixture_close(&fixture);
}

/* Ways to break an answer, each a plausible bug. */
enum breakage {
    SHIFT_UP, SHIFT_DOWN, SWAP_COLUMNS, SWAP_CHUNKS, LOST_CHUNK, OTHER_ALPHA, OTHER_ALPHA_A_BIT,
    ONE_POINT_MOVED, BREAKAGES
};

static const char *const breakage_names[] = {
    "shifted up one bin", "shifted down one bin", "two columns swapped", "two chunks swapped",
    "a chunk lost", "alpha 5.7", "alpha 5.79", "one point moved"};

static void swap_columns(struct gauss_map *gm, int64_t a, int64_t b, int64_t count)
{
    for (int64_t i = 0; i < count * gm->height; i++) {
        uint32_t t = column_of(gm, a)[i];
        column_of(gm, a)[i] = column_of(gm, b)[i];
        column_of(gm, b)[i] = t;
    }
}

static void shift_columns(struct gauss_map *gm, int by)
{
    for (int64_t column = 0; column < gm->width; column++) {
        uint32_t *counts = column_of(gm, column);
        size_t keep = (size_t)(gm->height - 1) * sizeof *counts;
        if (by > 0) {
            memmove(counts + 1, counts, keep);
            counts[0] = 0;
        } else {
            memmove(counts, counts + 1, keep);
            counts[gm->height - 1] = 0;
        }
    }
}

static void apply(struct gauss_map *gm, enum breakage breakage, const uint32_t *alpha_57,
                  const uint32_t *alpha_579)
{
    const int64_t lanes = GAUSS_MAP_LANES, last = gm->width - 1;
    uint32_t *counts = column_of(gm, last);
    switch (breakage) {
    case SHIFT_UP: shift_columns(gm, 1); break;
    case SHIFT_DOWN: shift_columns(gm, -1); break;
    case SWAP_COLUMNS: swap_columns(gm, gm->width / 4, gm->width / 2, 1); break;
    case SWAP_CHUNKS: swap_columns(gm, lanes, 2 * lanes, lanes); break;
    case LOST_CHUNK: memset(column_of(gm, 2 * lanes), 0, (size_t)(lanes * gm->height) * 4); break;
    case OTHER_ALPHA: memcpy(gm->hist, alpha_57, hist_bytes(gm)); break;
    case OTHER_ALPHA_A_BIT: memcpy(gm->hist, alpha_579, hist_bytes(gm)); break;
    case ONE_POINT_MOVED:
        for (int64_t bin = 0; bin + 1 < gm->height; bin++)
            if (counts[bin] != 0) {
                counts[bin]--;
                counts[bin + 1]++;
                break;
            }
        break;
    case BREAKAGES: break;
    }
}

/* verify says no to each breakage; its statistical part alone says no to
 * all but the single moved point, which only the exact checks can see. */
static void test_verify_rejects_broken_answers(void **state)
{
    (void)state;
    static const char *const alpha_57_settings[] = {"alpha=5.7", NULL};
    static const char *const alpha_579_settings[] = {"alpha=5.79", NULL};
    size_t bytes;
    uint32_t *alpha_57 = optimized_answer(alpha_57_settings, &bytes);
    uint32_t *alpha_579 = optimized_answer(alpha_579_settings, &bytes);
    uint32_t *right = optimized_answer(NULL, &bytes);

    struct kernel_fixture fixture;
    fixture_open(&fixture, &gauss_map_kernel, PB_SIZE_TEST, NULL);
    struct gauss_map *gm = fixture.state;
    for (int b = 0; b < BREAKAGES; b++) {
        memcpy(gm->hist, right, bytes);
        apply(gm, (enum breakage)b, alpha_57, alpha_579);
        struct pb_verdict verdict = {0};
        gauss_map_kernel.verify(gm, &verdict);
        if (verdict.ok || !verdict.message[0])
            fail_msg("verify accepted an answer with %s", breakage_names[b]);
        struct gauss_map_distance distance;
        gauss_map_reference_distance(gm, gm->hist, &distance);
        bool seen = distance.worst_ratio > GAUSS_MAP_COLUMN_NOISE_FACTOR ||
                    distance.image > GAUSS_MAP_IMAGE_NOISE_FACTOR * distance.image_noise;
        if (seen != (b != ONE_POINT_MOVED))
            fail_msg("%s: worst column %.3g x its noise, image %.3g x the mean noise",
                     breakage_names[b], distance.worst_ratio,
                     distance.image / distance.image_noise);
    }
    fixture_close(&fixture);
    free(right);
    free(alpha_579);
    free(alpha_57);
}

/* Correct answers pass with room to spare: the worst column and the image
 * stay well inside the tolerances, for the chaotic band alone, for few
 * points per bin, for few bins, and at the small size. */
static void test_verify_has_margin(void **state)
{
    (void)state;
    static const char *const settings[][5] = {
        {NULL},
        {"beta_min=-0.62", "beta_max=-0.58", NULL},
        {"beta_min=-0.7", "beta_max=-0.3", "height=1000", "points=100", NULL},
        {"beta_min=-0.7", "beta_max=-0.3", "height=5", NULL},
        {"width=640", "height=400", "points=4000", NULL},
    };
    for (size_t s = 0; s < ARRAY_SIZE(settings); s++) {
        struct kernel_fixture fixture;
        struct pb_verdict verdict;
        fixture_open(&fixture, &gauss_map_kernel, PB_SIZE_TEST, settings[s]);
        fixture_run_ok(&fixture, "optimized", 1, &verdict);
        struct gauss_map_distance distance;
        gauss_map_reference_distance(fixture.state, ((struct gauss_map *)fixture.state)->hist,
                                     &distance);
        if (!verdict.ok || distance.worst_ratio > 0.6 * GAUSS_MAP_COLUMN_NOISE_FACTOR ||
            distance.image > 0.75 * GAUSS_MAP_IMAGE_NOISE_FACTOR * distance.image_noise)
            fail_msg("%s: worst column %.3g x its noise, image %.3g x the mean noise (%s)",
                     settings[s][0] ? settings[s][0] : "defaults", distance.worst_ratio,
                     distance.image / distance.image_noise, verdict.message);
        fixture_close(&fixture);
    }
}

/* The picture: row 0 is the top (the highest x), black where every point
 * fell, white where none did; and the PNG writer's file reads back. */
static void test_image_and_png(void **state)
{
    (void)state;
    struct kernel_fixture fixture;
    struct pb_verdict verdict;
    fixture_open(&fixture, &gauss_map_kernel, PB_SIZE_TEST, NULL);
    fixture_run_ok(&fixture, "optimized", 1, &verdict);
    struct gauss_map *gm = fixture.state;
    struct pb_image image;
    assert_true(gauss_map_kernel.image(gm, &image));
    assert_int_equal(image.width, gm->width);
    assert_int_equal(image.height, gm->height);
    const int64_t last = gm->width - 1; /* beta = 1: a fixed point near x = 1 */
    for (int64_t bin = 0; bin < gm->height; bin++) {
        uint8_t pixel = image.grey[(gm->height - 1 - bin) * gm->width + last];
        assert_int_equal(pixel, column_of(gm, last)[bin] == gm->points ? 0 : 255);
    }

    char path[] = "/tmp/parbench-gauss-map-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char message[PB_MESSAGE_MAX];
    assert_int_equal(png_write_grey(path, &image, message), 0);
    png_image png;
    memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_file(&png, path));
    assert_int_equal(png.width, gm->width);
    assert_int_equal(png.height, gm->height);
    png.format = PNG_FORMAT_GRAY;
    uint8_t *back = malloc((size_t)(gm->width * gm->height));
    assert_non_null(back);
    assert_true(png_image_finish_read(&png, NULL, back, 0, NULL));
    assert_memory_equal(back, image.grey, (size_t)(gm->width * gm->height));
    free(back);
    remove(path);
    fixture_close(&fixture);
}

/* Every size class counts points = 10 x height; the memory estimate counts
 * every cell of the picture, so absurd sizes ask for terabytes and the
 * harness refuses them before anything is allocated. */
static void test_sizes_and_memory(void **state)
{
    (void)state;
    char message[PB_MESSAGE_MAX];
    struct pb_values values;
    for (int size = 0; size < PB_SIZE_COUNT; size++) {
        assert_int_equal(params_resolve(&gauss_map_kernel, (enum pb_size)size, NULL, 0, &values,
                                        message), 0);
        const int height = params_find(&gauss_map_kernel, "height");
        const int points = params_find(&gauss_map_kernel, "points");
        assert_int_equal(values.v[points].i, 10 * values.v[height].i);
    }
    struct param_setting huge[2];
    assert_int_equal(params_split_setting("width=1048576", &huge[0], message), 0);
    assert_int_equal(params_split_setting("height=1048576", &huge[1], message), 0);
    assert_int_equal(params_resolve(&gauss_map_kernel, PB_SIZE_TEST, huge, 2, &values, message), 0);
    /* 2^40 cells: 4 bytes of answer, 1 of picture, 4 of reference each. */
    assert_true(gauss_map_kernel.memory_needed(&values) >= 9 * (UINT64_C(1) << 40));
}

/* Every step of the lesson (`--set step=N` of optimized) passes verify at
 * the test size and at an awkward one. */
static void test_lesson_steps(void **state)
{
    (void)state;
    testing_require_variant("optimized");
    const char *const sizes[][TESTING_STEP_SETTINGS] = {{NULL}, {"width=77", NULL}};
    testing_lesson_steps(&gauss_map_kernel, GAUSS_MAP_STEPS, sizes, ARRAY_SIZE(sizes));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lesson_steps),
        cmocka_unit_test(test_variants_on_awkward_sizes),
        cmocka_unit_test(test_exp_accuracy),
        cmocka_unit_test(test_cycle_points),
        cmocka_unit_test(test_cycle_columns),
        cmocka_unit_test(test_verify_rejects_broken_answers),
        cmocka_unit_test(test_verify_has_margin),
        cmocka_unit_test(test_image_and_png),
        cmocka_unit_test(test_sizes_and_memory),
    };
    return cmocka_run_group_tests_name("gauss_map", tests, NULL, NULL);
}
