/*
 * cli.h — the parbench command line.
 *
 * cli_parse only reads the arguments: it touches no file and starts nothing,
 * so every mistake is reported before any work begins.
 */
#ifndef PARBENCH_CLI_H
#define PARBENCH_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../kernels/kernel.h"
#include "params.h"
#include "topology.h"

enum output_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

enum cli_action { ACTION_RUN, ACTION_HELP, ACTION_LIST, ACTION_CORES, ACTION_REPORT,
                  ACTION_COMPARE };

enum {
    CLI_MAX_KERNELS = 32,
    CLI_MAX_VARIANTS = 16,
    CLI_MAX_WORKER_COUNTS = 64,
    CLI_MAX_WORKERS = 4096, /* more would be a typo, not a machine */
    CLI_MAX_SETTINGS = 32,
    CLI_MAX_ROUNDS = 200, /* results.h's MAX_ROUNDS */
    CLI_MAX_WARMUP = 100,
};

struct cli_options {
    enum cli_action action;
    const struct pb_kernel *kernels[CLI_MAX_KERNELS]; /* selected, in registry order */
    size_t nkernels;
    char variants[CLI_MAX_VARIANTS][32]; /* empty list = every variant */
    size_t nvariants;
    bool workers_auto; /* the default list from the usable cores */
    int workers[CLI_MAX_WORKER_COUNTS]; /* sorted, distinct */
    size_t nworkers;
    enum pb_size size;
    struct param_setting settings[CLI_MAX_SETTINGS];
    size_t nsettings;
    int min_rounds, max_rounds; /* rounds per kernel (rounds.h) */
    int warmup;                 /* untimed samples per cell before the rounds */
    double budget_s;     /* seconds for all the kernels' rounds; 0 = the size class's */
    double min_sample_s; /* a sample lasts at least this; 0 = the size class's */
    double tolerance;    /* add rounds until intervals are within +-this */
    unsigned long long seed; /* of the rounds' orders; 0 = from the clock */
    enum resident_policy { RESIDENT_AUTO, RESIDENT_YES, RESIDENT_NO } resident; /* --resident */
    double timeout_s; /* per step of a cell; 0 = the size class's default */
    bool weak_scaling; /* --scaling weak: the problem grows with the workers */
    enum bind_policy bind; /* --bind */
    const char *out_dir;
    bool out_dir_set;
    const char *report_dirs[2]; /* --report DIR, --compare A B */
    bool force; /* --compare runs of different problems anyway */
    const char *image_path; /* --image: where the first image goes (else the run folder) */
    const char *mpi_launcher; /* --mpi-launcher: the launcher's words with {ranks}; NULL: chosen */
    int threads_per_rank;     /* --threads-per-rank: OpenMP threads in each MPI rank */
    enum output_format format;
};

/*
 * Parses argv into options (defaults first). Returns 0, or -1 with a
 * one-line message for the user (no program name, no newline).
 */
int cli_parse(int argc, char **argv, struct cli_options *options, char *message);

/* Parses a worker list: "auto", "4", "1,2,4", "1-8", "1-4,8"; for the tests too. */
int cli_parse_workers(const char *text, struct cli_options *options, char *message);

void cli_print_help(FILE *out);

/* The size class's defaults, in seconds: the timeout of one step of a cell
 * (its start, one sample), the time budget of all the rounds, and the
 * shortest sample. */
double cli_default_timeout_s(enum pb_size size);
double cli_default_budget_s(enum pb_size size);
double cli_default_min_sample_s(enum pb_size size);

/* Fills the options left at 0 from the size class's defaults (after
 * cli_parse, which sees the size only at the end). */
void cli_apply_size_defaults(struct cli_options *options);

#endif
