/*
 * sph2cart.c — the sph2cart kernel: sizes, grid, inputs, setup, digest, and
 * the descriptor. The reference and the checks are in verify.c.
 */
#include "sph2cart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/chunks.h"
#include "../common/digest.h"
#include "../common/memsize.h"
#include "../common/shm.h"
#include "../common/traps.h"

/* Indices of the parameters below. */
enum { PARAM_NLAT, PARAM_NR, PARAM_NLON, PARAM_STORES };
enum { STORES_STREAMING, STORES_CACHED }; /* indices into store_choices */
static const char *const store_choices[] = {"streaming", "cached", NULL};

/* Sizes from the issue: default 250 x 150 x 400 = 15e6 points (0.72 GB),
 * large 500 x 300 x 800 = 120e6 points (5.8 GB), the original problem. The
 * test size has fewer latitudes than the tests have workers, and rows whose
 * length is no multiple of a cache line. */
static const struct pb_param params[] = {
    [PARAM_NLAT] = {"nlat", "latitudes, evenly spaced from -90 to 90 degrees", PB_PARAM_INT, 1,
                    1e6, NULL, {"9", "125", "125", "500"}},
    [PARAM_NR] = {"nr", "radii, evenly spaced from 3485 to 6371 km", PB_PARAM_INT, 1, 1e6, NULL,
                  {"4", "75", "150", "300"}},
    [PARAM_NLON] = {"nlon", "longitudes, evenly spaced from 0 to 360 degrees", PB_PARAM_INT, 1,
                    1e6, NULL, {"37", "200", "400", "800"}},
    [PARAM_STORES] = {"stores", "how the fast variants write results: streaming (past the "
                      "cache) or cached", PB_PARAM_CHOICE, 0, 0, store_choices,
                      {"streaming", "streaming", "streaming", "streaming"}},
};

/* ---- The grid --------------------------------------------------------------- */

/* The ends of the grid (degrees, km) and of the Legendre argument for r. */
static const double lat_first_deg = -90.0, lat_last_deg = 90.0;
static const double lon_first_deg = 0.0, lon_last_deg = 360.0;
static const double r_inner_km = 3485.0, r_outer_km = 6371.0; /* core-mantle boundary, surface */

/* Point i of n evenly spaced from first to last, both included (numpy's linspace). */
static double linspace(double first, double last, int64_t i, int64_t n)
{
    return n > 1 ? first + (last - first) * (double)i / (double)(n - 1) : first;
}

double sph2cart_latitude_deg(const struct sph2cart *s, int64_t lat)
{
    return linspace(lat_first_deg, lat_last_deg, lat, s->nlat);
}

double sph2cart_longitude_deg(const struct sph2cart *s, int64_t lon)
{
    return linspace(lon_first_deg, lon_last_deg, lon, s->nlon);
}

double sph2cart_radius_km(const struct sph2cart *s, int64_t r)
{
    return linspace(r_inner_km, r_outer_km, r, s->nr);
}

double sph2cart_radians(double degrees)
{
    return degrees * (3.14159265358979323846 / 180.0);
}

/* The Legendre polynomials P2 and P3, and the inputs made of them; r maps
 * onto [-1, 1] as (r - 4928) / 1443. */
static double legendre_p2(double x) { return (3.0 * x * x - 1.0) / 2.0; }
static double legendre_p3(double x) { return (5.0 * x * x - 3.0) * x / 2.0; }
static double r_argument(double r_km)
{
    return (r_km - (r_outer_km + r_inner_km) / 2) / ((r_outer_km - r_inner_km) / 2);
}

/* ---- Memory, setup, teardown, prepare ----------------------------------------- */

enum { NARRAYS = 6 }; /* vlat, vlon, vrad in; vx, vy, vz out */

static uint64_t points_of(const struct pb_values *values)
{
    return memsize_mul(memsize_mul((uint64_t)values->v[PARAM_NLAT].i,
                                   (uint64_t)values->v[PARAM_NR].i),
                       (uint64_t)values->v[PARAM_NLON].i);
}

static uint64_t memory_needed(const struct pb_values *values)
{
    uint64_t arrays = memsize_mul(points_of(values), NARRAYS * sizeof(double));
    uint64_t angles = (uint64_t)(values->v[PARAM_NLAT].i + values->v[PARAM_NLON].i);
    uint64_t tables = memsize_mul(angles, 2 * sizeof(double)); /* a sin and a cos each */
    return memsize_add(memsize_add(sizeof(struct sph2cart), arrays), tables);
}

/* The six arrays, for the code that treats them alike. */
static void array_slots(struct sph2cart *s, double **slots[NARRAYS])
{
    double **all[NARRAYS] = {&s->vlat, &s->vlon, &s->vrad, &s->vx, &s->vy, &s->vz};
    memcpy(slots, all, sizeof all);
}

static void teardown(void *state)
{
    struct sph2cart *s = state;
    if (!s)
        return;
    double **slots[NARRAYS];
    array_slots(s, slots);
    for (int a = 0; a < NARRAYS; a++)
        shm_free(*slots[a], s->array_bytes);
    free(s->trig.sin_lat);
    free(s);
}

/* One row at a time: vlat depends on the latitude only, vrad on the radius
 * only, vlon on the longitude only. Writing them touches their pages now. */
static void fill_inputs(struct sph2cart *s, int64_t lat_begin, int64_t lat_end)
{
    for (int64_t lat = lat_begin; lat < lat_end; lat++) {
        double vlat = legendre_p3(sph2cart_latitude_deg(s, lat) / lat_last_deg);
        for (int64_t r = 0; r < s->nr; r++) {
            double vrad = legendre_p3(r_argument(sph2cart_radius_km(s, r)));
            int64_t row = sph2cart_index(s, lat, r, 0);
            for (int64_t lon = 0; lon < s->nlon; lon++) {
                s->vlat[row + lon] = vlat;
                s->vlon[row + lon] = legendre_p2(sph2cart_longitude_deg(s, lon) / 180.0 - 1.0);
                s->vrad[row + lon] = vrad;
            }
        }
    }
}

/* NaN in every output and table entry: a variant that skips a point, or a
 * table, fails verify instead of passing on the previous run's numbers. */
static void prepare(void *state)
{
    struct sph2cart *s = state;
    double *poisoned[] = {s->vx, s->vy, s->vz};
    for (int a = 0; a < 3; a++)
        for (int64_t p = 0; p < s->npoints; p++)
            poisoned[a][p] = NAN;
    for (int64_t i = 0; i < 2 * (s->nlat + s->nlon); i++)
        s->trig.sin_lat[i] = NAN;
}

static void *setup_failed(struct sph2cart *s, char *message, const char *what, size_t bytes)
{
    snprintf(message, PB_MESSAGE_MAX, "sph2cart: cannot allocate %s (%.3g GB): %s", what,
             (double)bytes / 1e9, strerror(errno));
    teardown(s);
    return NULL;
}

static void *setup(const struct pb_values *values, char *message)
{
    uint64_t needed = memory_needed(values);
    if (!memsize_fits(needed) || needed == UINT64_MAX) {
        snprintf(message, PB_MESSAGE_MAX, "sph2cart: %.3g GB of arrays cannot be addressed here",
                 (double)needed / 1e9);
        return NULL;
    }
    struct sph2cart *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(message, PB_MESSAGE_MAX, "sph2cart: out of memory");
        return NULL;
    }
    s->nlat = values->v[PARAM_NLAT].i;
    s->nr = values->v[PARAM_NR].i;
    s->nlon = values->v[PARAM_NLON].i;
    s->npoints = s->nlat * s->nr * s->nlon;
    s->array_bytes = (size_t)s->npoints * sizeof(double);
    s->streaming = values->v[PARAM_STORES].i == STORES_STREAMING;

    /* Shared mappings, so forked workers write into the parent's arrays. */
    double **slots[NARRAYS];
    array_slots(s, slots);
    for (int a = 0; a < NARRAYS; a++)
        if (!(*slots[a] = shm_alloc(s->array_bytes)))
            return setup_failed(s, message, "a shared array", s->array_bytes);
    /* Ordinary memory is enough for the tables: forked workers only read them. */
    size_t table_bytes = 2 * (size_t)(s->nlat + s->nlon) * sizeof(double);
    s->trig.sin_lat = malloc(table_bytes);
    if (!s->trig.sin_lat)
        return setup_failed(s, message, "the trig tables", table_bytes);
    s->trig.cos_lat = s->trig.sin_lat + s->nlat;
    s->trig.sin_lon = s->trig.cos_lat + s->nlat;
    s->trig.cos_lon = s->trig.sin_lon + s->nlon;

    return s; /* the arrays' pages are touched by place() */
}

/*
 * The latitude slabs [first, last) of part `part`: the static split the
 * pthreads variant uses (common/chunks.h), and OpenMP's schedule(static)
 * up to a slab at the edges. Writing the part's inputs and outputs here is
 * their first touch: their pages land near the thread doing it.
 */
static void place(void *state, int part, int parts)
{
    struct sph2cart *s = state;
    int64_t first, last;
    chunks_of_worker(s->nlat, part, parts, &first, &last);
    fill_inputs(s, first, last);
    int64_t begin = sph2cart_index(s, first, 0, 0), end = sph2cart_index(s, last, 0, 0);
    double *outputs[] = {s->vx, s->vy, s->vz};
    for (int a = 0; a < 3; a++)
        for (int64_t p = begin; p < end; p++)
            outputs[a][p] = NAN;
}

/* ---- Digest, traffic, descriptor ------------------------------------------------ */

static uint64_t digest(const void *state)
{
    const struct sph2cart *s = state;
    uint64_t d = DIGEST_INIT;
    d = digest_bytes(d, s->vx, s->array_bytes);
    d = digest_bytes(d, s->vy, s->array_bytes);
    return digest_bytes(d, s->vz, s->array_bytes);
}

/* Bytes one run moves, counted like the triad reference: the three inputs
 * read and the three outputs written, 8 bytes per point each; not counted:
 * the read of an output line before an ordinary store ("write allocate"),
 * which streaming stores avoid, and the trig tables, which stay in cache. */
static double bytes_moved(const void *state)
{
    const struct sph2cart *s = state;
    return (double)NARRAYS * (double)sizeof(double) * (double)s->npoints;
}

/* The adapters and the table of the six variants (kernel.h). */
PB_SIX_VARIANTS(sph2cart, struct sph2cart, false)

const struct pb_kernel sph2cart_kernel = {
    .name = "sph2cart",
    .description = "spherical (north, east, up) velocities on a lat x r x lon grid to Cartesian",
    .lesson = "a memory-bound kernel: speedup stops where memory bandwidth runs out",
    .params = params,
    .nparams = ARRAY_SIZE(params),
    .memory_needed = memory_needed,
    .setup = setup,
    .teardown = teardown,
    .place = place,
    .prepare = prepare,
    .verify = sph2cart_verify,
    .digest = digest,
    .bytes_moved = bytes_moved,
    .variants = sph2cart_variants,
    .nvariants = ARRAY_SIZE(sph2cart_variants),
    .weak_scaling_param = "nlat",
    .naive_work = "",
};
