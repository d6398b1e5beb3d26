/*
 * bench.h — one parbench run: plan the cells, run each in isolation, write
 * the results as they come, and the run's description (run.json).
 */
#ifndef PARBENCH_BENCH_H
#define PARBENCH_BENCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"
#include "cores.h"
#include "results.h"
#include "topology.h"

struct bench {
    const struct cli_options *options;
    const char *runner_path; /* parbench itself, re-executed for each cell */
    struct core_report cores;
    struct topology topology;
    int workers[CLI_MAX_WORKER_COUNTS]; /* the worker counts of the sweep */
    size_t nworkers;
    struct pb_values values[CLI_MAX_KERNELS]; /* of options->kernels[k] */
    double timeout_s;
    char command_line[2048];
    /* The bandwidth reference (bandwidth.h) for each entry of workers[], in
     * GB/s: triad with ordinary and with streaming stores, and the better of
     * the two, which fractions refer to. All 0 when not measured (no
     * selected kernel reports bytes moved, or the test size). */
    double triad_gbytes_per_s[CLI_MAX_WORKER_COUNTS];
    double triad_streaming_gbytes_per_s[CLI_MAX_WORKER_COUNTS];
    double bandwidth_gbytes_per_s[CLI_MAX_WORKER_COUNTS];
    double bandwidth_serial_gbytes_per_s; /* one thread, for serial variants */
    size_t bandwidth_array_bytes;
    bool image_written[CLI_MAX_KERNELS]; /* of options->kernels[k] */

    char host[128];
    char run_dir[1024];
    FILE *results_csv, *raw_csv;
    struct cell_row *rows; /* completed cells, in order */
    size_t nrows, ncells;  /* done, planned */
    time_t started, finished;
    const char *status; /* "running", "complete", "interrupted" */
    volatile sig_atomic_t *interrupted;
};

/*
 * Resolves parameters, checks memory and the worker list. Returns 0, or -1
 * with a one-line message for the user (exit status 2).
 */
int bench_prepare(struct bench *bench, const struct cli_options *options, int argc,
                  char **argv, char *message);

/* Runs every cell; returns the program's exit status (0 or 1, 130 if interrupted). */
int bench_run(struct bench *bench);

/* Writes run.json (via a temporary file and rename); 0 or -1 with errno. */
int runinfo_write(const struct bench *bench, const char *path);

#endif
