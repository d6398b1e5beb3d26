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

/* Point i of n from first to last, like the grid, but in long double. */
static long double linspace_l(long double first, long double last, int64_t i, int64_t n)
{
    return n > 1 ? first + (last - first) * (long double)i / (long double)(n - 1) : first;
}

/* The grid, the inputs and the formulas written out again from the
 * problem statement (sph2cart.h), sharing no code with setup or variants. */
void sph2cart_reference_point(const struct sph2cart *s, int64_t lat, int64_t r, int64_t lon,
                              long double out[3])
{
    const long double radians_per_degree = 3.141592653589793238462643383279502884L / 180.0L;
    long double lat_deg = linspace_l(-90.0L, 90.0L, lat, s->nlat);
    long double lon_deg = linspace_l(0.0L, 360.0L, lon, s->nlon);
    long double r_km = linspace_l(3485.0L, 6371.0L, r, s->nr);

    long double x = lat_deg / 90.0L, y = lon_deg / 180.0L - 1.0L, z = (r_km - 4928.0L) / 1443.0L;
    long double vlat = (5.0L * x * x - 3.0L) * x / 2.0L; /* P3(x) */
    long double vlon = (3.0L * y * y - 1.0L) / 2.0L;     /* P2(y) */
    long double vrad = (5.0L * z * z - 3.0L) * z / 2.0L; /* P3(z) */

    long double lat_rad = lat_deg * radians_per_degree, lon_rad = lon_deg * radians_per_degree;
    long double sin_lat = sinl(lat_rad), cos_lat = cosl(lat_rad);
    long double sin_lon = sinl(lon_rad), cos_lon = cosl(lon_rad);
    out[0] = -sin_lon * vlon - sin_lat * cos_lon * vlat + cos_lat * cos_lon * vrad;
    out[1] = cos_lon * vlon - sin_lat * sin_lon * vlat + cos_lat * sin_lon * vrad;
    out[2] = cos_lat * vlat + sin_lat * vrad;
}

/* ---- Check 1: lengths at every point ------------------------------------ */

static double length2_in(const struct sph2cart *s, int64_t p)
{
    return s->vlat[p] * s->vlat[p] + s->vlon[p] * s->vlon[p] + s->vrad[p] * s->vrad[p];
}

static double length2_out(const struct sph2cart *s, int64_t p)
{
    return s->vx[p] * s->vx[p] + s->vy[p] * s->vy[p] + s->vz[p] * s->vz[p];
}

/* `worst` becomes `error` if that is larger, or NaN; a NaN, once in, stays. */
static void keep_worst(double *worst, double error)
{
    if (error > *worst || isnan(error))
        *worst = error;
}

struct norm_check {
    int64_t failures, first_bad; /* points outside the tolerance; the first one */
    double worst;                /* largest relative change of |v|^2 */
    long double sum_in, sum_out; /* sums of |v|^2 over all points */
};

static struct norm_check check_norms(const struct sph2cart *s)
{
    struct norm_check c = {.first_bad = -1};
    for (int64_t row = 0; row < s->npoints; row += s->nlon) {
        double row_in = 0.0, row_out = 0.0; /* sums per row, then in long double */
        for (int64_t p = row; p < row + s->nlon; p++) {
            double in = length2_in(s, p), out = length2_out(s, p);
            double change = fabs(out - in) / (in > 0.0 ? in : 1.0);
            if (!(change <= SPH2CART_NORM_TOLERANCE) && c.failures++ == 0)
                c.first_bad = p;
            keep_worst(&c.worst, change);
            row_in += in;
            row_out += out;
        }
        c.sum_in += row_in;
        c.sum_out += row_out;
    }
    return c;
}

/* ---- Check 2: spot checks against the reference ------------------------- */

/* One component at one point. */
struct spot {
    int64_t lat, r, lon;
    int component; /* 0, 1, 2 for vx, vy, vz */
    double value;
    long double expected;
};

struct spot_check {
    int64_t failures;  /* components outside the tolerance */
    struct spot first; /* the first of them */
    double worst;      /* largest absolute error */
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
            if (!(error <= SPH2CART_SPOT_TOLERANCE) && c.failures++ == 0)
                c.first = (struct spot){lat, r, lon, i, value[i], expected[i]};
            keep_worst(&c.worst, error);
        }
    }
    return c;
}

/* ---- The verdict ------------------------------------------------------------ */

static void describe_norm_failure(const struct sph2cart *s, const struct norm_check *c,
                                  char *message)
{
    int64_t p = c->first_bad;
    snprintf(message, PB_MESSAGE_MAX,
             "|v|^2 not preserved at %lld of %lld points; at [%lld][%lld][%lld] it is %.17g, "
             "was %.17g (tolerance %.0e relative)",
             (long long)c->failures, (long long)s->npoints, (long long)(p / s->nlon / s->nr),
             (long long)(p / s->nlon % s->nr), (long long)(p % s->nlon), length2_out(s, p),
             length2_in(s, p), SPH2CART_NORM_TOLERANCE);
}

static void describe_spot_failure(const struct spot_check *c, char *message)
{
    static const char *const names[] = {"vx", "vy", "vz"};
    snprintf(message, PB_MESSAGE_MAX,
             "%s[%lld][%lld][%lld] = %.17g but the long double formula gives %.17Lg "
             "(%lld of %d spot checks off by more than %.0e)",
             names[c->first.component], (long long)c->first.lat, (long long)c->first.r,
             (long long)c->first.lon, c->first.value, c->first.expected,
             (long long)c->failures, 3 * SPH2CART_SPOT_CHECKS,
             SPH2CART_SPOT_TOLERANCE);
}

void sph2cart_verify(const void *state, struct pb_verdict *verdict)
{
    const struct sph2cart *s = state;
    struct norm_check norms = check_norms(s);
    struct spot_check spots = check_spots(s);

    /* The summary: mean |v|^2 after the rotation against before it. */
    verdict->value = (double)(norms.sum_out / (long double)s->npoints);
    verdict->reference = (double)(norms.sum_in / (long double)s->npoints);
    /* The kernel's own measure: the worse of the two checks' errors (the
     * velocities are of order 1, so absolute and relative errors agree). */
    verdict->rel_error = norms.worst;
    keep_worst(&verdict->rel_error, spots.worst);
    verdict->ok = norms.failures == 0 && spots.failures == 0;
    if (norms.failures > 0)
        describe_norm_failure(s, &norms, verdict->message);
    else if (spots.failures > 0)
        describe_spot_failure(&spots, verdict->message);
}
