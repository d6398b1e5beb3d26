/*
 * gauss_map.h — the bifurcation diagram of the Gauss map
 *
 *     x  <-  exp(-alpha x^2) + beta.
 *
 * Each of `width` columns of the picture is one beta, evenly spaced from
 * beta_min to beta_max (both included). Starting from x0 = 0, the map is
 * iterated `skip` times to let transients die out, then `points` more times;
 * those points are counted in `height` bins over [X_MIN, X_MAX). Where the
 * orbit settles on a fixed point, a column has one black pixel; where it
 * cycles, a few; where it is chaotic, a grey smear. Together the columns
 * show the period-doubling cascade, the chaotic bands and the periodic
 * windows.
 *
 * The answer is hist[column * height + bin], the counts of one column
 * contiguous. Each column depends only on its beta, so the columns are cut
 * into chunks of GAUSS_MAP_LANES (common/chunks.h) and every chunk fills its
 * own columns: there is nothing to add up afterwards, and every variant
 * that computes a column the same way gets the same counts, to the bit.
 */
#ifndef PARBENCH_GAUSS_MAP_H
#define PARBENCH_GAUSS_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/chunks.h"
#include "../kernel.h"

/* The range of x the bins cover; the first bin is the bottom of the picture. */
#define GAUSS_MAP_X_MIN (-1.0)
#define GAUSS_MAP_X_MAX 1.5

/* Columns the optimized code iterates side by side (one SIMD-friendly
 * block), and so also the columns in one chunk of parallel work. */
enum { GAUSS_MAP_LANES = 32 };

/* The steps of the lesson (the `step` parameter of optimized): 1, the lanes
 * with libm's exp (solutions/gauss_map/steps.c); 2, optimized.c. */
enum { GAUSS_MAP_STEPS = 2 };

struct gauss_map_reference; /* verify's reference, private to reference.c */

/* The problem and its answer; filled by setup (gauss_map.c). */
struct gauss_map {
    int64_t width, height;  /* columns (beta values) and bins (x values) */
    int64_t skip, points;   /* iterations dropped, then iterations counted */
    double alpha;
    double beta_min, beta_max;
    int step;               /* optimized only: which step of the lesson */
    double bins_per_unit;   /* height / (X_MAX - X_MIN) */
    struct chunks chunks;   /* columns [0, width) in chunks of GAUSS_MAP_LANES */
    uint32_t *hist;         /* the answer, width x height counts, in shared memory */
    double *points_buffer;  /* naive's array of one column's points */
    uint8_t *grey;          /* the picture, filled by the kernel's image() */
    struct gauss_map_reference *reference;
};

extern const struct pb_kernel gauss_map_kernel;

/* The beta of column `column`: beta_min + (beta_max - beta_min) c / (width - 1). */
static inline double gauss_map_beta(const struct gauss_map *gm, int64_t column)
{
    if (gm->width == 1)
        return gm->beta_min;
    return gm->beta_min + (gm->beta_max - gm->beta_min) * (double)column / (double)(gm->width - 1);
}

/*
 * The bin that counts x: floor((x - X_MIN) * bins_per_unit), or -1 when x is
 * outside [X_MIN, X_MAX) (such points are computed but not counted). Every
 * variant and the reference use this one rule, so a point on a bin edge is
 * counted in the same bin by all of them.
 */
static inline int32_t gauss_map_bin(double x, double bins_per_unit, double height)
{
    double u = (x - GAUSS_MAP_X_MIN) * bins_per_unit;
    return u >= 0.0 && u < height ? (int32_t)u : -1;
}

/* The variants. Each fills gm->hist. */
enum pb_status gauss_map_naive(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_optimized(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_forkpool_start(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_forkpool(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_forkpool_stop(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_pthreads(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_openmp(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_mpi_start(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_mpi(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_mpi_collect(struct gauss_map *gm, struct pb_run *run);
enum pb_status gauss_map_mpi_stop(struct gauss_map *gm, struct pb_run *run);

/*
 * Building blocks of the optimized algorithm (solutions/gauss_map/
 * optimized.c), shared by the parallel variants.
 *
 * gauss_map_exp: exp(t) for t <= 0 written with plain arithmetic, so that a
 *     loop calling it can be vectorized; less than one ulp from the true
 *     value (tests/test_gauss_map.c measures it). Arguments below -700 are
 *     treated as -700 (exp(-700) ~ 1e-304, far below any bin width).
 * gauss_map_chunk: computes the columns of chunk number `chunk` into
 *     gm->hist (zeroing them first).
 */
double gauss_map_exp(double t);
void gauss_map_chunk(struct gauss_map *gm, int64_t chunk);

/* The earlier steps of the lesson (solutions/gauss_map/steps.c), which
 * optimized runs when gm->step < GAUSS_MAP_STEPS. */
enum pb_status gauss_map_step(struct gauss_map *gm, struct pb_run *run);

/*
 * The reference (reference.c), computed in setup without any code under
 * test: every column iterated with libm's exp in plain scalar code, and a
 * bound on the sampling noise of each column's histogram.
 *
 * The distance between two histograms of a column is their total variation
 * distance (0: identical, 1: nothing in common); the image distance is its
 * mean over the columns.
 *
 * A column fails when its distance from the reference exceeds
 * GAUSS_MAP_COLUMN_NOISE_FACTOR times its noise bound: over all the sizes,
 * parameters and beta ranges we tried, correct answers stayed below 2.1
 * times, while a swapped column, a histogram shifted by one bin or alpha
 * off by 0.01 gave 10 times and more. The picture fails when the image
 * distance exceeds GAUSS_MAP_IMAGE_NOISE_FACTOR times the mean noise bound:
 * correct answers stayed below 0.9 (columns on a cycle add nothing), so
 * only a broad, systematic difference gets there.
 */
#define GAUSS_MAP_COLUMN_NOISE_FACTOR 5.0
#define GAUSS_MAP_IMAGE_NOISE_FACTOR 1.5

struct gauss_map_distance {
    double image;         /* the image distance */
    double image_noise;   /* the mean over columns of their noise bounds */
    int64_t worst_column; /* the column with the largest distance / noise bound */
    double worst_ratio;   /* that ratio */
};

/*
 * gauss_map_reference_create: NULL when out of memory.
 * gauss_map_reference_check: compares hist with the reference; false with a
 *     one-line reason in message[PB_MESSAGE_MAX] when it is wrong. Sets
 *     *distance to the image distance (NaN when an exact check failed
 *     first) and *tolerance to the largest one accepted.
 * gauss_map_reference_distance: the measures behind the statistical check.
 * gauss_map_reference_cycle_columns: how many columns are checked exactly.
 * gauss_map_reference_bytes: what create allocates (saturating).
 */
struct gauss_map_reference *gauss_map_reference_create(const struct gauss_map *gm);
void gauss_map_reference_free(struct gauss_map_reference *reference);
bool gauss_map_reference_check(const struct gauss_map *gm, const uint32_t *hist,
                               double *distance, double *tolerance, char *message);
void gauss_map_reference_distance(const struct gauss_map *gm, const uint32_t *hist,
                                  struct gauss_map_distance *distance);
int64_t gauss_map_reference_cycle_columns(const struct gauss_map_reference *reference);
uint64_t gauss_map_reference_bytes(int64_t width, int64_t height);

/*
 * The exact checks (cycles.c): columns whose orbit settles on an attracting
 * cycle of period <= GAUSS_MAP_MAX_PERIOD, solved in long double.
 *
 * gauss_map_cycle_point: a point of an attracting cycle of `period` in
 *     [lo, hi] (a root of f^period(x) - x, by bisection); false when there
 *     is none, or it attracts too weakly (|(f^period)'| > 0.9).
 * gauss_map_cycle_find: whether column's reference counts show such a
 *     cycle, one point per visited bin, each clear of the bin edges; fills
 *     *cycle.
 * gauss_map_cycle_check: whether hist has exactly the counts the cycle
 *     implies in that column (false with a one-line reason in message).
 */
enum { GAUSS_MAP_MAX_PERIOD = 8 };

struct gauss_map_cycle {
    int64_t column;
    int period;
    int64_t bins[GAUSS_MAP_MAX_PERIOD]; /* the bins of its points, ascending */
    long double point;                  /* its point in bins[0] */
};

bool gauss_map_cycle_point(double alpha, double beta, int period, long double lo,
                           long double hi, long double *point);
bool gauss_map_cycle_find(const struct gauss_map *gm, int64_t column, const uint32_t *counts,
                          struct gauss_map_cycle *cycle);
bool gauss_map_cycle_check(const struct gauss_map *gm, const struct gauss_map_cycle *cycle,
                           const uint32_t *hist, char *message);

#endif
