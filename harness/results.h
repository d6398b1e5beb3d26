/*
 * results.h — one row per measured cell: what ran, every round's sample,
 * and the figures derived from them; and the formats rows are written in.
 *
 * The columns of results.csv (and of --format csv/json) are listed once, in
 * results.c, and documented in README.md. An empty field means "does not
 * apply" or "unknown" (no speedup for a FAILED cell, no interval below six
 * rounds). raw.csv has one line per timed sample.
 */
#ifndef PARBENCH_RESULTS_H
#define PARBENCH_RESULTS_H

#include <stdbool.h>
#include <stdio.h>

#include "analysis.h"
#include "cellproto.h"
#include "stats.h"

/* Most rounds one kernel's cells can be visited in. */
enum { MAX_ROUNDS = 200 };

/* A serial fraction with its interval, from one fit per round. */
struct fit_interval {
    const char *law;      /* "amdahl", "gustafson", or "" without a fit */
    struct sample_stats f;   /* over the rounds' fits */
    int points;           /* distinct worker counts measured, N = 1 included */
    bool resolved;        /* f's interval excludes 0 and points >= 3 */
    double ceiling, ceiling_lo, ceiling_hi; /* Amdahl's 1/f, only when resolved */
};

struct cell_row {
    /* What ran. */
    const struct pb_kernel *kernel;
    const struct pb_variant *variant;
    int workers;         /* requested; 1 for serial variants */
    const char *size;    /* the size class, or "naive" for the naive comparison's work */
    const char *scaling; /* "strong" or "weak" */
    struct pb_values values;
    char params[512]; /* every parameter, "n=2000000000 chunk=262144" */

    /* How it went: from the cell's process. */
    enum cell_status status;
    char message[PB_MESSAGE_MAX];
    int workers_actual;
    int calls_per_sample;
    double setup_s, startup_s;
    double bytes_moved;     /* per call; NAN when the kernel has no such figure */
    double round_s[MAX_ROUNDS];   /* seconds per call in each round; NAN: no sample */
    double round_ghz[MAX_ROUNDS]; /* the effective clock of that sample */
    char clock_source[16];
    double value, reference, rel_error; /* the last verdict */
    bool image_written;
    int pin_failures; /* workers --bind could not pin */

    /* Derived (derive.c) once the kernel's rounds are over. */
    struct sample_stats time;      /* seconds per call over the rounds */
    struct sample_stats speedup;   /* paired: optimized on the same work / this */
    struct sample_stats self;      /* paired: this variant on 1 worker / this
                                    * (weak scaling: times N, the scaled speedup) */
    struct sample_stats karp_flatt; /* per round, from self, for N > 1 */
    struct sample_stats ghz;
    struct fit_interval fit;       /* of the variant's series, the same in each of its rows */
    double gbytes_per_s;           /* bytes moved per call / median time, in 1e9 B/s */
    double bandwidth_fraction;     /* of the measured reference bandwidth */
    unsigned flags;                /* FLAG_* (flags.h) */
    char notes[PB_MESSAGE_MAX];    /* the flags' reasons, in plain words */
    char remark[PB_MESSAGE_MAX];   /* the cell's own remark: pinning failed, image not
                                    * written, interrupted (empty: none) */
};

/* Nothing measured yet: every figure NAN, status OK. */
void results_row_init(struct cell_row *row);

/* Rounds in which the row has a sample. */
int results_rounds(const struct cell_row *row);

void results_csv_header(FILE *out);
void results_csv_row(FILE *out, const struct cell_row *row);
void results_raw_header(FILE *out);
/* One raw.csv line: the sample of `row` in round `round`, the `seq`-th
 * sample of the run, started `start_s` seconds after the run began. */
void results_raw_line(FILE *out, const struct cell_row *row, int round, long seq,
                      double start_s);
void results_table_header(FILE *out);
void results_table_row(FILE *out, const struct cell_row *row);
void results_json(FILE *out, const struct cell_row *rows, size_t nrows);

/* The fits, one line per kernel x parallel variant, for people. */
void results_fit_table(FILE *out, const struct cell_row *rows, size_t nrows);

#endif
