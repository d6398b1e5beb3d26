/*
 * test_sph2cart.c — the sph2cart kernel's own checks: the grid and inputs,
 * the reference, every variant on awkward sizes and both kinds of stores,
 * the memory guard, and verify's power to say no.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "support/testing.h"

#include "../harness/bench.h"
#include "../harness/cli.h"
#include "sph2cart/sph2cart.h"

static const char *const variants[] = {"naive", "optimized", "forkpool", "pthreads", "openmp"};

/* The first touch in parts (kernel.place, as a parallel cell does it) fills
 * exactly what the first touch in one piece does, every part once, and
 * leaves every output poisoned. */
static void test_place_in_parts(void **state)
{
    (void)state;
    static const char *const size[] = {"nlat=7", "nr=3", "nlon=9", NULL};
    struct kernel_fixture whole, parts;
    fixture_open(&whole, &sph2cart_kernel, PB_SIZE_TEST, size);
    const struct sph2cart *w = whole.state;
    for (int nparts = 2; nparts <= 9; nparts += 3) {
        fixture_open(&parts, &sph2cart_kernel, PB_SIZE_TEST, size);
        struct sph2cart *p = parts.state;
        /* fixture_open placed everything already: spoil it, then place again. */
        memset(p->vlat, 0, p->array_bytes);
        memset(p->vrad, 0, p->array_bytes);
        for (int part = nparts - 1; part >= 0; part--)
            sph2cart_kernel.place(p, part, nparts);
        assert_memory_equal(p->vlat, w->vlat, w->array_bytes);
        assert_memory_equal(p->vlon, w->vlon, w->array_bytes);
        assert_memory_equal(p->vrad, w->vrad, w->array_bytes);
        for (int64_t i = 0; i < p->npoints; i++)
            assert_true(isnan(p->vx[i]) && isnan(p->vy[i]) && isnan(p->vz[i]));
        fixture_close(&parts);
    }
    fixture_close(&whole);
}

/* The grid's ends and the Legendre inputs at places where they are exact. */
static void test_grid_and_inputs(void **state)
{
    (void)state;
    static const char *const size[] = {"nlat=5", "nr=3", "nlon=9", NULL};
    struct kernel_fixture fixture;
    fixture_open(&fixture, &sph2cart_kernel, PB_SIZE_TEST, size);
    const struct sph2cart *s = fixture.state;
    assert_true(sph2cart_latitude_deg(s, 0) == -90.0 && sph2cart_latitude_deg(s, 2) == 0.0);
    assert_true(sph2cart_latitude_deg(s, 4) == 90.0 && sph2cart_longitude_deg(s, 8) == 360.0);
    assert_true(sph2cart_radius_km(s, 0) == 3485.0 && sph2cart_radius_km(s, 2) == 6371.0);
    /* vlat = P3(lat/90): -1 at the south pole, 0 at the equator, 1 at the north pole. */
    assert_true(s->vlat[sph2cart_index(s, 0, 1, 3)] == -1.0);
    assert_true(s->vlat[sph2cart_index(s, 2, 1, 3)] == 0.0);
    assert_true(s->vlat[sph2cart_index(s, 4, 1, 3)] == 1.0);
    /* vlon = P2(lon/180 - 1): 1 at longitude 0, -1/2 at 180 degrees. */
    assert_true(s->vlon[sph2cart_index(s, 3, 2, 0)] == 1.0);
    assert_true(s->vlon[sph2cart_index(s, 3, 2, 4)] == -0.5);
    /* vrad = P3((r - 4928)/1443): -1, 0, 1 at the bottom, middle and top. */
    assert_true(s->vrad[sph2cart_index(s, 1, 0, 5)] == -1.0);
    assert_true(s->vrad[sph2cart_index(s, 1, 1, 5)] == 0.0);
    assert_true(s->vrad[sph2cart_index(s, 1, 2, 5)] == 1.0);
    fixture_close(&fixture);
}

static void expect_velocity(const long double got[3], double x, double y, double z)
{
    if (fabsl(got[0] - x) > 1e-18L || fabsl(got[1] - y) > 1e-18L || fabsl(got[2] - z) > 1e-18L)
        fail_msg("reference (%.19Lg, %.19Lg, %.19Lg), expected (%g, %g, %g)", got[0], got[1],
                 got[2], x, y, z);
}

/* Where the axes line up, the rotation only relabels the components. */
static void test_reference_closed_forms(void **state)
{
    (void)state;
    static const char *const size[] = {"nlat=5", "nr=3", "nlon=5", NULL};
    struct kernel_fixture fixture;
    fixture_open(&fixture, &sph2cart_kernel, PB_SIZE_TEST, size);
    const struct sph2cart *s = fixture.state;
    long double v[3];
    for (int64_t r = 0; r < s->nr; r++) {
        int64_t p = sph2cart_index(s, 2, r, 0); /* equator, longitude 0: x is up, y east */
        sph2cart_reference_point(s, 2, r, 0, v);
        expect_velocity(v, s->vrad[p], s->vlon[p], s->vlat[p]);
        p = sph2cart_index(s, 2, r, 1); /* equator, 90 degrees east: x is west, y up */
        sph2cart_reference_point(s, 2, r, 1, v);
        expect_velocity(v, -s->vlon[p], s->vrad[p], s->vlat[p]);
        p = sph2cart_index(s, 4, r, 0); /* north pole: "north" points along -x */
        sph2cart_reference_point(s, 4, r, 0, v);
        expect_velocity(v, -s->vlat[p], s->vlon[p], s->vrad[p]);
    }
    fixture_close(&fixture);
}

/* Single points, single rows, rows shorter than a cache line, rows that
 * end mid-line, fewer latitudes than workers; streaming and cached stores. */
static void test_variants_on_awkward_sizes(void **state)
{
    (void)state;
    static const char *const sizes[][4] = {
        {"nlat=1", "nr=1", "nlon=1"},  {"nlat=2", "nr=1", "nlon=7"},
        {"nlat=1", "nr=5", "nlon=8"},  {"nlat=3", "nr=2", "nlon=9"},
        {"nlat=4", "nr=3", "nlon=17"}, {"nlat=17", "nr=2", "nlon=64"},
        {"nlat=6", "nr=1", "nlon=331"},
    };
    static const char *const stores[] = {"stores=streaming", "stores=cached"};
    for (size_t z = 0; z < ARRAY_SIZE(sizes); z++)
        for (size_t m = 0; m < 2; m++) {
            const char *settings[] = {sizes[z][0], sizes[z][1], sizes[z][2], stores[m], NULL};
            struct kernel_fixture fixture;
            fixture_open(&fixture, &sph2cart_kernel, PB_SIZE_TEST, settings);
            for (size_t v = 0; v < ARRAY_SIZE(variants); v++) {
                if (!testing_selected_variant(variants[v]))
                    continue;
                static const int worker_counts[] = {1, 3, 16};
                for (int w = 0; w < 3; w++) {
                    struct pb_verdict verdict;
                    fixture_run_ok(&fixture, variants[v], worker_counts[w], &verdict);
                    if (!verdict.ok)
                        fail_msg("%s %s %s %s x%d: %s", sizes[z][0], sizes[z][1], sizes[z][2],
                                 variants[v], worker_counts[w], verdict.message);
                }
            }
            fixture_close(&fixture);
        }
}

/* The parallel variants give optimized's bits for 1, 2, 3, 4 and 7 workers
 * with only 3 latitudes, and the two kinds of stores give the same bits. */
static void test_bit_identical_with_few_latitudes(void **state)
{
    (void)state;
    static const char *const stores[] = {"stores=streaming", "stores=cached"};
    uint64_t digests[2];
    for (int m = 0; m < 2; m++) {
        const char *settings[] = {"nlat=3", "nr=5", "nlon=29", stores[m], NULL};
        struct kernel_fixture fixture;
        struct pb_verdict verdict;
        fixture_open(&fixture, &sph2cart_kernel, PB_SIZE_TEST, settings);
        fixture_run_ok(&fixture, "optimized", 1, &verdict);
        assert_true(verdict.ok);
        digests[m] = sph2cart_kernel.digest(fixture.state);
        for (size_t v = 2; v < ARRAY_SIZE(variants); v++) {
            static const int worker_counts[] = {1, 2, 3, 4, 7};
            for (int w = 0; w < 5; w++) {
                fixture_run_ok(&fixture, variants[v], worker_counts[w], &verdict);
                if (!verdict.ok || sph2cart_kernel.digest(fixture.state) != digests[m])
                    fail_msg("%s %s x%d differs from optimized", stores[m], variants[v],
                             worker_counts[w]);
            }
        }
        fixture_close(&fixture);
    }
    assert_true(digests[0] == digests[1]);
}

/* memory_needed counts six arrays and the tables, and saturates; setup
 * refuses what cannot be addressed; the harness refuses, before anything is
 * allocated, what does not fit, naming the amounts. */
static void test_memory_guard(void **state)
{
    (void)state;
    struct pb_values values = {0};
    values.v[0].i = 250, values.v[1].i = 150, values.v[2].i = 400;
    uint64_t tables = 2 * sizeof(double) * (250 + 400);
    assert_true(sph2cart_kernel.memory_needed(&values) ==
                6 * sizeof(double) * UINT64_C(15000000) + tables + sizeof(struct sph2cart));
    values.v[0].i = values.v[1].i = values.v[2].i = 1000000;
    assert_true(sph2cart_kernel.memory_needed(&values) == UINT64_MAX);

    char message[PB_MESSAGE_MAX] = "";
    assert_null(sph2cart_kernel.setup(&values, message));
    assert_non_null(strstr(message, "cannot be addressed"));

    char *argv[] = {"parbench", "--kernel", "sph2cart", "--set", "nlat=1e6", "--set", "nr=1000",
                    "--set", "nlon=1000", NULL};
    static struct cli_options options;
    static struct bench bench;
    assert_int_equal(cli_parse(9, argv, &options, message), 0);
    assert_int_equal(bench_prepare(&bench, &options, 9, argv, message), -1);
    if (!strstr(message, "sph2cart needs 4.8e+04 GB") || !strstr(message, "smaller"))
        fail_msg("unclear refusal: %s", message);
}

/* Counted like the triad: 3 arrays read and 3 written, 8 bytes a point. */
static void test_bytes_moved(void **state)
{
    (void)state;
    struct kernel_fixture fixture;
    fixture_open(&fixture, &sph2cart_kernel, PB_SIZE_TEST, NULL);
    const struct sph2cart *s = fixture.state;
    assert_non_null(sph2cart_kernel.bytes_moved);
    assert_true(sph2cart_kernel.bytes_moved(s) == 48.0 * (double)s->npoints);
    fixture_close(&fixture);
}

/* ---- Broken kernels --------------------------------------------------------- */

enum mistake {
    NO_MISTAKE,
    SIGN_FLIPPED,        /* +sin(lon) vlon in vx */
    LAT_SIN_COS_SWAPPED, /* vz = sin(lat) vlat + cos(lat) vrad */
    LON_SIN_COS_SWAPPED, /* everywhere: still a rotation, lengths kept */
    X_Y_SWAPPED,         /* a relabelling: lengths kept */
    DEGREES_AS_RADIANS,  /* forgot to convert: a rotation, lengths kept */
    LATITUDES_REVERSED,  /* slab i computed with latitude nlat-1-i */
    POINT_SKIPPED,       /* one point never written: still NaN */
    SLAB_SCALED,         /* one slab 1e-10 too long */
    MISTAKE_COUNT
};

static void convert_point(struct sph2cart *s, enum mistake m, int64_t i, int64_t j, int64_t k)
{
    int64_t p = sph2cart_index(s, i, j, k);
    double lat = sph2cart_latitude_deg(s, m == LATITUDES_REVERSED ? s->nlat - 1 - i : i);
    double lon = sph2cart_longitude_deg(s, k);
    if (m != DEGREES_AS_RADIANS)
        lat = sph2cart_radians(lat), lon = sph2cart_radians(lon);
    double sl = sin(lat), cl = cos(lat), so = sin(lon), co = cos(lon);
    if (m == LON_SIN_COS_SWAPPED)
        so = cos(lon), co = sin(lon);
    double x = (m == SIGN_FLIPPED ? so : -so) * s->vlon[p] - sl * co * s->vlat[p] +
               cl * co * s->vrad[p];
    double y = co * s->vlon[p] - sl * so * s->vlat[p] + cl * so * s->vrad[p];
    double z = m == LAT_SIN_COS_SWAPPED ? sl * s->vlat[p] + cl * s->vrad[p]
                                        : cl * s->vlat[p] + sl * s->vrad[p];
    double scale = m == SLAB_SCALED && i == s->nlat / 2 ? 1.0 + 1e-10 : 1.0;
    s->vx[p] = (m == X_Y_SWAPPED ? y : x) * scale;
    s->vy[p] = (m == X_Y_SWAPPED ? x : y) * scale;
    s->vz[p] = z * scale;
}

static void convert_with(struct sph2cart *s, enum mistake m)
{
    sph2cart_kernel.prepare(s);
    for (int64_t i = 0; i < s->nlat; i++)
        for (int64_t j = 0; j < s->nr; j++)
            for (int64_t k = 0; k < s->nlon; k++)
                if (m != POINT_SKIPPED || sph2cart_index(s, i, j, k) != s->npoints / 3)
                    convert_point(s, m, i, j, k);
}

/* Each mistake fails verify, with a message from the check that can see
 * it: mistakes that are themselves rotations keep every length and are
 * caught by the spot checks alone. The mistake-free copy passes. */
static void test_verify_catches_broken_kernels(void **state)
{
    (void)state;
    static const char *const found_by[MISTAKE_COUNT] = {
        [SIGN_FLIPPED] = "|v|^2",  [LAT_SIN_COS_SWAPPED] = "|v|^2",
        [LON_SIN_COS_SWAPPED] = "long double", [X_Y_SWAPPED] = "long double",
        [DEGREES_AS_RADIANS] = "long double",  [LATITUDES_REVERSED] = "long double",
        [POINT_SKIPPED] = "|v|^2", [SLAB_SCALED] = "|v|^2",
    };
    struct kernel_fixture fixture;
    fixture_open(&fixture, &sph2cart_kernel, PB_SIZE_TEST, NULL);
    for (int m = 0; m < MISTAKE_COUNT; m++) {
        struct pb_verdict verdict;
        memset(&verdict, 0, sizeof verdict);
        convert_with(fixture.state, (enum mistake)m);
        sph2cart_kernel.verify(fixture.state, &verdict);
        if (m == NO_MISTAKE) {
            if (!verdict.ok)
                fail_msg("the mistake-free conversion failed: %s", verdict.message);
            continue;
        }
        if (verdict.ok)
            fail_msg("verify accepted mistake %d", m);
        if (!strstr(verdict.message, found_by[m]))
            fail_msg("mistake %d: unexpected message: %s", m, verdict.message);
    }
    fixture_close(&fixture);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_and_inputs),
        cmocka_unit_test(test_place_in_parts),
        cmocka_unit_test(test_reference_closed_forms),
        cmocka_unit_test(test_variants_on_awkward_sizes),
        cmocka_unit_test(test_bit_identical_with_few_latitudes),
        cmocka_unit_test(test_memory_guard),
        cmocka_unit_test(test_bytes_moved),
        cmocka_unit_test(test_verify_catches_broken_kernels),
    };
    return cmocka_run_group_tests_name("sph2cart", tests, NULL, NULL);
}
