/*
 * results.h — one row per measured cell, and the formats it is written in.
 *
 * results.csv columns (stable; documented in README.md):
 *   kernel, variant, size, workers, workers_actual, repeats,
 *   min_s, median_s, mean_s, max_s, stddev_s, cv,
 *   speedup_vs_optimized, speedup_vs_self, efficiency,
 *   gbytes_per_s, bandwidth_fraction,
 *   value, reference, rel_error, status, message
 * An empty field means "does not apply" or "unknown" (e.g. no speedup for
 * a FAILED cell). raw.csv has one line per timed run:
 *   kernel, variant, size, workers, run, seconds
 */
#ifndef PARBENCH_RESULTS_H
#define PARBENCH_RESULTS_H

#include <stdbool.h>
#include <stdio.h>

#include "cell.h"
#include "stats.h"

struct cell_row {
    const struct pb_kernel *kernel;
    const struct pb_variant *variant;
    const char *size; /* size class name */
    int workers;      /* requested */
    struct cell_result result;
    struct sample_stats stats; /* meaningful when result.nsamples > 0 */
    double speedup_vs_optimized; /* optimized serial median / this median */
    double speedup_vs_self;      /* this variant's 1-worker median / this median */
    double efficiency;           /* speedup_vs_optimized / workers */
    double gbytes_per_s;         /* bytes moved per run / median, in 1e9 B/s */
    double bandwidth_fraction;   /* gbytes_per_s / the measured bandwidth */
};

/* Fills row->stats and the derived figures from the rows done before it
 * (the optimized serial cell and the variant's own 1-worker cell), and the
 * measured memory bandwidth for this worker count (GB/s; <= 0 if unknown). */
void results_derive(struct cell_row *row, const struct cell_row *done, size_t ndone,
                    double reference_gbytes_per_s);

void results_csv_header(FILE *out);
void results_csv_row(FILE *out, const struct cell_row *row);
void results_raw_header(FILE *out);
void results_raw_rows(FILE *out, const struct cell_row *row);
void results_table_header(FILE *out);
void results_table_row(FILE *out, const struct cell_row *row);
void results_json(FILE *out, const struct cell_row *rows, size_t nrows);

#endif
