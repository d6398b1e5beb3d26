/*
 * results.h — one row per measured cell, and the formats it is written in.
 *
 * The columns of results.csv (and of --format csv/json) are listed once, in
 * results.c, and documented in README.md. An empty field means "does not
 * apply" or "unknown" (e.g. no speedup for a FAILED cell). raw.csv has one
 * line per timed run: kernel, variant, size, workers, run, seconds.
 */
#ifndef PARBENCH_RESULTS_H
#define PARBENCH_RESULTS_H

#include <stdbool.h>
#include <stdio.h>

#include "analysis.h"
#include "cell.h"
#include "stats.h"

struct cell_row {
    const struct pb_kernel *kernel;
    const struct pb_variant *variant;
    const char *size;    /* size class name */
    const char *scaling; /* "strong" or "weak" */
    int workers;         /* requested */
    struct cell_result result;
    struct sample_stats stats; /* meaningful when result.nsamples > 0 */
    double speedup_vs_optimized; /* optimized serial median / this median */
    double speedup_vs_self;      /* this variant's 1-worker median / this median
                                  * (weak scaling: N times that, the scaled speedup) */
    double efficiency;           /* speedup_vs_optimized / workers */
    double karp_flatt;           /* from speedup_vs_self, for workers > 1 */
    struct law_fit fit;          /* of the variant's speedup_vs_self over all N */
    double gbytes_per_s;         /* bytes moved per run / median, in 1e9 B/s */
    double bandwidth_fraction;   /* gbytes_per_s / the measured bandwidth */
};

/* Fills row->stats and the derived figures from the rows done before it
 * (the optimized serial cell and the variant's own 1-worker cell), and the
 * measured memory bandwidth for this worker count (GB/s; <= 0 if unknown). */
void results_derive(struct cell_row *row, const struct cell_row *done, size_t ndone,
                    double reference_gbytes_per_s);

/* Fits Amdahl's law (strong scaling) or Gustafson's (weak) to every
 * parallel variant's rows and stores the fit in each of them. */
void results_fit(struct cell_row *rows, size_t nrows);

void results_csv_header(FILE *out);
void results_csv_row(FILE *out, const struct cell_row *row);
void results_raw_header(FILE *out);
void results_raw_rows(FILE *out, const struct cell_row *row);
void results_table_header(FILE *out);
void results_table_row(FILE *out, const struct cell_row *row);
void results_json(FILE *out, const struct cell_row *rows, size_t nrows);

/* The fits, one line per kernel x parallel variant, for people. */
void results_fit_table(FILE *out, const struct cell_row *rows, size_t nrows);

#endif
