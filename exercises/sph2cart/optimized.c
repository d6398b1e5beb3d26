/*
 * EXERCISE — generated from solutions/sph2cart/optimized.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=sph2cart
 * VARIANT=optimized` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * optimized.c — sph2cart, the best serial code we can write.
 *
 * What changed from naive.c (times: default size, one core, see the lesson):
 * (1) Trig out of the loops. The grid has only nlat + nlon different angles,
 *     so sin and cos of each are computed once per run, into tables: 650
 *     pairs at the default size instead of two pairs at each of 15 million
 *     points. 0.57 s -> 0.052 s, and now memory traffic sets the time.
 * (2) The rotation factored. away = cos(lat) vrad - sin(lat) vlat is the
 *     part of the velocity pointing away from the polar axis; vx and vy are
 *     (away, vlon) turned by the longitude. 12 floating-point operations per
 *     point instead of 17; the same value up to rounding.
 * (3) Memory order and SIMD. For each latitude and radius, one row of nlon
 *     points lies contiguous in all six arrays, and sin and cos of the
 *     latitude are constants along it. The row is computed a cache line (8
 *     points) at a time into small local arrays, which the compiler keeps in
 *     vector registers: SIMD instructions, and no overlap checks, since
 *     locals cannot overlap the inputs. It barely helps (0.052 -> 0.049 s):
 *     12 operations against 48 bytes to move, the scalar loop was already
 *     waiting for memory.
 * (4) Streaming stores (parameter stores=streaming, the default). An
 *     ordinary store first reads the output's cache line from memory, only
 *     to overwrite it: 9 transfers per point instead of 6. Each finished
 *     line is written with a non-temporal store (common/streamstore.h),
 *     which skips that read: 0.049 -> 0.032 s. (stores=cached keeps
 *     ordinary stores, to compare.)
 * (5) One latitude is one slab, the unit of work the parallel variants hand
 *     out. Every point is computed by rotate(), wherever it lies in its row
 *     and whichever kind of store writes it, so any split of the slabs
 *     gives the same bits.
 */
#include "sph2cart/sph2cart.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "common/check.h"
#include "common/streamstore.h"
#include "common/exercise.h"
#include "common/traps.h"

void sph2cart_trig_init(struct sph2cart *s)
{
    /* TODO (exercise):
     * The naive loop computes sin and cos of the latitude and longitude at
     * every one of nlat x nr x nlon points, although there are only nlat + nlon
     * different angles. Fill the tables s->trig.sin_lat / cos_lat (one entry
     * per latitude) and sin_lon / cos_lon (one per longitude) instead, once.
     */
    exercise_missing("sph2cart_trig_init (optimized.c)");
    (void)s;
}

/* One row: nlon contiguous points of one latitude and radius. */
struct row {
    const double *vlat, *vlon, *vrad; /* inputs of the row */
    double *vx, *vy, *vz;             /* outputs of the row */
    const double *sin_lon, *cos_lon;  /* the longitude tables */
    double sin_lat, cos_lat;          /* constant along the row */
};

/* The rotation at point k of the row: the one place the formula lives. */
static inline void rotate(struct row row, int64_t k, double *vx, double *vy, double *vz)
{
    /* TODO (exercise):
     * The formulas of the kernel (sph2cart.h) at point k of the row, with the
     * angles' sines and cosines from the tables: row.sin_lat, row.cos_lat for
     * the whole row, row.sin_lon[k], row.cos_lon[k] per point. The term
     * cos(lat) vrad - sin(lat) vlat appears in both vx and vy: compute it once.
     */
    exercise_missing("rotate (optimized.c)");
    (void)row, (void)k; *vx = *vy = *vz = 0.0;
}

/* Writes one whole cache line of results, streaming or the ordinary way. */
static inline void store_line(double *dst, const double line[STREAMSTORE_LINE], bool streaming)
{
    if (streaming)
        streamstore_line(dst, line);
    else
        memcpy(dst, line, STREAMSTORE_LINE * sizeof(double));
}

/*
 * The row a cache line (8 points) at a time: each line is computed into
 * local arrays, which the compiler keeps in vector registers (they cannot
 * overlap the inputs, so it needs no overlap checks), then stored whole.
 * The partial lines at either end get ordinary scalar stores. vx, vy and vz
 * all start on a page boundary, so a row begins at the same place within a
 * line in all three and one `lead` serves them all.
 */
static void convert_row(struct row row, int64_t nlon, bool streaming)
{
    int64_t lead = streamstore_lead(row.vx);
    PB_CHECK(streamstore_lead(row.vy) == lead && streamstore_lead(row.vz) == lead);
    int64_t k = 0;
    for (; k < lead && k < nlon; k++)
        rotate(row, k, &row.vx[k], &row.vy[k], &row.vz[k]);
    for (; nlon - k >= STREAMSTORE_LINE; k += STREAMSTORE_LINE) {
        double vx[STREAMSTORE_LINE], vy[STREAMSTORE_LINE], vz[STREAMSTORE_LINE];
        for (int l = 0; l < STREAMSTORE_LINE; l++)
            rotate(row, k + l, &vx[l], &vy[l], &vz[l]);
        store_line(row.vx + k, vx, streaming);
        store_line(row.vy + k, vy, streaming);
        store_line(row.vz + k, vz, streaming);
    }
    for (; k < nlon; k++)
        rotate(row, k, &row.vx[k], &row.vy[k], &row.vz[k]);
}

void sph2cart_slab(struct sph2cart *s, int64_t lat)
{
    for (int64_t r = 0; r < s->nr; r++) {
        int64_t first = sph2cart_index(s, lat, r, 0);
        struct row row = {s->vlat + first, s->vlon + first, s->vrad + first,
                          s->vx + first,   s->vy + first,   s->vz + first,
                          s->trig.sin_lon, s->trig.cos_lon,
                          s->trig.sin_lat[lat], s->trig.cos_lat[lat]};
        convert_row(row, s->nlon, s->streaming);
    }
    streamstore_fence(); /* the slab is complete before anyone is told it is */
}

enum pb_status sph2cart_optimized(struct sph2cart *s, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    sph2cart_trig_init(s);
    for (int64_t lat = 0; lat < s->nlat; lat++)
        sph2cart_slab(s, lat);
    return PB_OK;
}
