/*
 * report.h — summary.md and plots of a run, from its results.csv and
 * run.json alone, so they can be made again without running anything
 * (`make plots RUN=...`), and two runs compared (`make compare A=... B=...`).
 *
 * Plots are drawn by the gnuplot scripts in harness/plot/: parbench writes
 * the data and a small driver file per plot into <run>/plot-data/ and runs
 * gnuplot on it. Every plot is written as PNG and SVG.
 */
#ifndef PARBENCH_REPORT_H
#define PARBENCH_REPORT_H

#include <stdbool.h>

/* mkdir -p: path and every missing folder above it. 0, or -1 with errno
 * (ENOTDIR when a part of the path is a file). */
int report_make_folders(const char *path);

/* Where the gnuplot scripts are: $PARBENCH_PLOT_DIR, else the repository's
 * harness/plot/ as it was when parbench was built. */
const char *report_plot_dir(void);

/*
 * Writes summary.md and the plots of the run in run_dir. Returns 0, 1 when
 * the plots could not all be drawn (summary.md is still written; message
 * says why), or -1 when the run cannot be read.
 */
int report_run(const char *run_dir, char *message);

/* summary.md of a loaded run (summary.c); 0, or -1 with errno. */
struct run_data;
int summary_write(const struct run_data *run);

/*
 * Writes compare.md and one plot per kernel (A's fit against B's points)
 * into out_dir, creating it and its parents. Two runs of different
 * problems (size class, scaling, kernels, parameters) are refused (-1, the
 * message says how they differ) unless `force`; then each difference is a
 * warning on stderr and at the top of compare.md. Same return values.
 * (compare.c)
 */
int report_compare(const char *dir_a, const char *dir_b, const char *out_dir, bool force,
                   char *message);

#endif
