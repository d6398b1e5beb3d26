/*
 * naive.c — gauss_map, the "before" picture.
 *
 * The structure of the original (numpy) program: for each beta, iterate the
 * map one step at a time with libm's exp, keep every point in an array, and
 * only then sort the array into the column's histogram. Why it is slow:
 * (1) each step needs the previous one (x feeds the next exp), so the CPU
 *     waits for one exp after another, paying the whole latency of every
 *     call with nothing else to do meanwhile: 16 ns per step here, where
 *     the same calls on independent arguments take 5 ns;
 * (2) a call into libm cannot be vectorized: one value per instruction
 *     where four or eight would fit;
 * (3) every point goes to memory and comes back for the histogram, a
 *     second pass over `points` doubles per column.
 */
#include "gauss_map.h"

#include <math.h>
#include <string.h>

#include "../common/traps.h"

/* Sorts one column's points into its histogram. */
static void histogram(struct gauss_map *gm, int64_t column, const double *xs)
{
    uint32_t *counts = gm->hist + column * gm->height;
    memset(counts, 0, (size_t)gm->height * sizeof *counts);
    for (int64_t i = 0; i < gm->points; i++) {
        int32_t bin = gauss_map_bin(xs[i], gm->bins_per_unit, (double)gm->height);
        if (bin >= 0)
            counts[bin]++;
    }
}

enum pb_status gauss_map_naive(struct gauss_map *gm, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    double *xs = gm->points_buffer;
    for (int64_t column = 0; column < gm->width; column++) {
        const double beta = gauss_map_beta(gm, column);
        double x = 0.0;
        for (int64_t i = 0; i < gm->skip; i++)
            x = exp(-gm->alpha * x * x) + beta;
        for (int64_t i = 0; i < gm->points; i++) {
            x = exp(-gm->alpha * x * x) + beta;
            xs[i] = x;
        }
        histogram(gm, column, xs);
    }
    return PB_OK;
}
