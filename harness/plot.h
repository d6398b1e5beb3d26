/*
 * plot.h — the plots of a run, drawn by gnuplot from the run's files.
 *
 * parbench writes the data and a small driver file per plot into
 * <run>/plot-data/ and runs gnuplot on it with one of the scripts in
 * harness/plot/ (report_plot_dir()). Every plot is written as PNG and SVG.
 */
#ifndef PARBENCH_PLOT_H
#define PARBENCH_PLOT_H

#include <stdio.h>

#include "rundata.h"

/* Speedup and efficiency (with the fitted law), start-up, bandwidth of one
 * kernel. 0, or -1 with message (gnuplot missing or failing). */
int plot_kernel(const struct run_data *run, const char *kernel, const char *size_class,
                char *message);

/* The median times of every variant, all kernels. */
int plot_times(const struct run_data *run, const char *size_class, char *message);

/*
 * One block of a speedup data file, for `variant` of `kernel` (main work):
 * workers, vs-self speedup, its interval (low, high), speedup over
 * optimized and its interval, efficiency and its interval, "flags". An
 * unknown interval is written as the median itself.
 */
void plot_speedup_block(FILE *out, const struct run_data *run, const char *kernel,
                        const char *variant);

/*
 * Writes <out_dir>/plot-data/<name>.gp (the script's variables, then `load`
 * of harness/plot/<script>) and runs gnuplot on it: <out_dir>/<name>.png
 * and .svg. `variables` holds gnuplot assignments, one per line.
 */
int plot_draw(const char *out_dir, const char *name, const char *script, const char *title,
              const char *variables, char *message);

/* Appends to a bounded string. */
void plot_append(char *buf, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends `variable = 'a b c'` for a list of names. */
void plot_names_line(char *buf, size_t size, const char *variable, const char **names,
                     size_t count);

#endif
