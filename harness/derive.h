/*
 * derive.h — from the rounds' samples of one kernel's cells to the figures
 * parbench reports: medians with their intervals, paired speedups,
 * efficiency, Karp-Flatt, the fitted serial fraction, bandwidth, flags.
 *
 * Pairing (stats.h): every speedup is computed round by round, from the
 * baseline's and the cell's samples of the same round, and the median and
 * interval are taken over those ratios. The baselines:
 *   speedup     optimized serial on the same work (naive's smaller work for
 *               the naive row)
 *   vs self     the same variant on 1 worker (its scalability; what
 *               Karp-Flatt and the fitted serial fraction use)
 * The fit: in each round, Amdahl's law (Gustafson's under weak scaling) is
 * fitted to that round's vs-self speedups over the worker counts; f is the
 * median of the rounds' fits, with their interval.
 */
#ifndef PARBENCH_DERIVE_H
#define PARBENCH_DERIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "results.h"

struct derive_context {
    /* The reference bandwidth (GB/s) for `workers` threads; <= 0 if unknown. */
    double (*bandwidth)(const void *owner, int workers, bool parallel);
    const void *owner;
    bool busy;               /* others used the CPUs during the rounds */
    const char *busy_reason;
};

/* Derives every figure and flag of the kernel's rows (all of one kernel). */
void derive_kernel(struct cell_row *rows, size_t nrows, const struct derive_context *context);

/* The row of the optimized serial cell on `row`'s work, or NULL. */
const struct cell_row *derive_baseline(const struct cell_row *rows, size_t nrows,
                                       const struct cell_row *row);

#endif
