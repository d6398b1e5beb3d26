/*
 * verify.c — sph2cart's reference and checks, independent of the code under
 * test.
 *
 * Two checks, each blind to mistakes the other catches:
 * (1) at every point, |v|^2 = vx^2 + vy^2 + vz^2 must equal vlat^2 + vlon^2
 *     + vrad^2 to a relative 1e-12, because the conversion is a rotation.
 *     It sees every point, so a skipped point (still NaN) or slab fails; it
 *     cannot see mistakes that are themselves rotations (vx and vy swapped,
 *     sin(lon) and cos(lon) swapped everywhere, slabs in the wrong order);
 * (2) at 4096 pseudo-random points, each component must be within 1e-12 of
 *     the formulas evaluated in long double from the coordinates, with the
 *     inputs recomputed from the Legendre polynomials (the input arrays are
 *     not trusted either). It catches any wrong formula, but only where it
 *     looks.
 */
#include "sph2cart.h"

#include <math.h>
#include <stdio.h>

#include "../common/traps.h"

/* ---- The reference ------------------------------------------------------ */

/* The grid and the inputs again, in long double and without the code above. */
static long double linspace_l(long double first, long double last, int64_t i, int64_t n)
{
    return n > 1 ? first + (last - first) * (long double)i / (long double)(n - 1) : first;
}

void sph2cart_reference_point(const struct sph2cart *s, int64_t lat, int64_t r, int64_t lon,
                              long double out[3])
{
    const long double radians_per_degree = 3.141592653589793238462643383279502884L / 180.0L;
    long double lat_deg = linspace_l(-90.0L, 90.0L, lat, s->nlat);
    long double lon_deg = linspace_l(0.0L, 360.0L, lon, s->nlon);
    long double r_km = linspace_l(3485.0L, 6371.0L, r, s->nr);

    long double x = lat_deg / 90.0L, y = lon_deg / 180.0L - 1.0L, z = (r_km - 4928.0L) / 1443.0L;
    long double vlat = (5.0L * x * x - 3.0L) * x / 2.0L;
    long double vlon = (3.0L * y * y - 1.0L) / 2.0L;
    long double vrad = (5.0L * z * z - 3.0L) * z / 2.0L;

    long double sin_lat = sinl(lat_deg * radians_per_degree), cos_lat = cosl(lat_deg * radians_per_degree);
    long double sin_lon = sinl(lon_deg * radians_per_degree), cos_lon = cosl(lon_deg * radians_per_degree);
    out[0] = -sin_lon * vlon - sin_lat * cos_lon * vlat + cos_lat * cos_lon * vrad;
    out[1] = cos_lon * vlon - sin_lat * sin_lon * vlat + cos_lat * sin_lon * vrad;
    out[2] = cos_lat * vlat + sin_lat * vrad;
}

/* |v|^2 before and after at every point: a rotation preserves lengths. */
struct norm_check {
    int64_t failures, first_bad;  /* points outside the tolerance; the first one */
    double worst;                 /* largest relative change of |v|^2 (NaN sticks) */
    long double sum_in, sum_out;  /* sums of |v|^2 over all points */
};

static struct norm_check check_norms(const struct sph2cart *s)
{
    struct norm_check c = {.first_bad = -1};
    for (int64_t row = 0; row < s->npoints; row += s->nlon) {
        double row_in = 0.0, row_out = 0.0;
        for (int64_t p = row; p < row + s->nlon; p++) {
            double in = s->vlat[p] * s->vlat[p] + s->vlon[p] * s->vlon[p] + s->vrad[p] * s->vrad[p];
            double out = s->vx[p] * s->vx[p] + s->vy[p] * s->vy[p] + s->vz[p] * s->vz[p];
            double change = fabs(out - in) / (in > 0.0 ? in : 1.0);
            if (!(change <= SPH2CART_NORM_TOLERANCE) && c.failures++ == 0)
                c.first_bad = p;
            if (change > c.worst || isnan(change))
                c.worst = change;
            row_in += in;
            row_out += out;
        }
        c.sum_in += row_in;
        c.sum_out += row_out;
    }
    return c;
}

/* Pseudo-random points against the long double formulas. */
struct spot_check {
    int64_t failures;      /* components outside the tolerance */
    int64_t lat, r, lon;   /* the first of them */
    int component;         /* 0, 1, 2 for vx, vy, vz */
    double value;
    long double expected;
    double worst;          /* largest absolute error (NaN sticks) */
};

/* splitmix64: a tiny generator with its state in the caller (never rand()). */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static struct spot_check check_spots(const struct sph2cart *s)
{
    struct spot_check c = {0};
    uint64_t rng = 20240611; /* fixed: every run checks the same points */
    for (int n = 0; n < SPH2CART_SPOT_CHECKS; n++) {
        int64_t p = (int64_t)(splitmix64(&rng) % (uint64_t)s->npoints);
        int64_t lon = p % s->nlon, r = p / s->nlon % s->nr, lat = p / s->nlon / s->nr;
        long double expected[3];
        sph2cart_reference_point(s, lat, r, lon, expected);
        const double value[3] = {s->vx[p], s->vy[p], s->vz[p]};
        for (int i = 0; i < 3; i++) {
            double error = (double)fabsl((long double)value[i] - expected[i]);
            if (!(error <= SPH2CART_SPOT_TOLERANCE) && c.failures++ == 0) {
                c.lat = lat, c.r = r, c.lon = lon, c.component = i;
                c.value = value[i], c.expected = expected[i];
            }
            if (error > c.worst || isnan(error))
                c.worst = error;
        }
    }
    return c;
}

void sph2cart_verify(const void *state, struct pb_verdict *verdict)
{
    const struct sph2cart *s = state;
    struct norm_check norms = check_norms(s);
    struct spot_check spots = check_spots(s);

    /* The summary: mean |v|^2 after the rotation against before it. */
    verdict->value = (double)(norms.sum_out / (long double)s->npoints);
    verdict->reference = (double)(norms.sum_in / (long double)s->npoints);
    /* The kernel's measure: the worse of the two checks (velocities are O(1)). */
    verdict->rel_error = isnan(norms.worst) || norms.worst > spots.worst ? norms.worst : spots.worst;
    verdict->ok = norms.failures == 0 && spots.failures == 0;
    if (norms.failures > 0) {
        int64_t p = norms.first_bad;
        double in = s->vlat[p] * s->vlat[p] + s->vlon[p] * s->vlon[p] + s->vrad[p] * s->vrad[p];
        double out = s->vx[p] * s->vx[p] + s->vy[p] * s->vy[p] + s->vz[p] * s->vz[p];
        snprintf(verdict->message, PB_MESSAGE_MAX,
                 "|v|^2 not preserved at %lld of %lld points; at [%lld][%lld][%lld] it is %.17g, "
                 "was %.17g (tolerance %.0e relative)",
                 (long long)norms.failures, (long long)s->npoints,
                 (long long)(p / s->nlon / s->nr), (long long)(p / s->nlon % s->nr),
                 (long long)(p % s->nlon), out, in, SPH2CART_NORM_TOLERANCE);
    } else if (spots.failures > 0) {
        snprintf(verdict->message, PB_MESSAGE_MAX,
                 "%s[%lld][%lld][%lld] = %.17g but the long double formula gives %.17Lg "
                 "(%lld of %d spot checks off by more than %.0e)",
                 (const char *[]){"vx", "vy", "vz"}[spots.component], (long long)spots.lat,
                 (long long)spots.r, (long long)spots.lon, spots.value, spots.expected,
                 (long long)spots.failures, 3 * SPH2CART_SPOT_CHECKS, SPH2CART_SPOT_TOLERANCE);
    }
}
