/*
 * bench.h — one parbench run: plan the cells (plan.h), measure each kernel
 * in rounds (rounds.h), write the results as they come and the run's
 * description (run.json, runinfo.c).
 */
#ifndef PARBENCH_BENCH_H
#define PARBENCH_BENCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"
#include "cores.h"
#include "launcher.h"
#include "platform.h"
#include "results.h"
#include "timer.h"
#include "topology.h"

struct bench {
    const struct cli_options *options;
    const char *runner_path; /* parbench itself, re-executed for each cell */
    struct core_report cores;
    struct topology topology;
    int workers[CLI_MAX_WORKER_COUNTS]; /* the worker counts of the sweep */
    size_t nworkers;
    struct launcher launcher; /* mpi cells: how their ranks start, and their rank counts */
    struct pb_values values[CLI_MAX_KERNELS];       /* of options->kernels[k] */
    struct pb_values naive_values[CLI_MAX_KERNELS]; /* naive's smaller work */
    bool naive_work[CLI_MAX_KERNELS]; /* naive runs on naive_values (default, large) */
    double timeout_s;   /* per step of a cell: start-up, one sample */
    double budget_s;    /* for all the kernels' rounds */
    uint64_t seed;      /* of the rounds' random orders */
    char command_line[2048];

    /* The bandwidth references (bandwidth.h) for each entry of workers[],
     * in GB/s: triad (3 streams) and six streams (3 read, 3 written, like
     * sph2cart), each with ordinary and with streaming stores; `reference`
     * is the better six-stream figure, which fractions refer to. All 0 when
     * not measured (no selected kernel reports bytes moved, or the test
     * size). */
    double triad_gbytes_per_s[CLI_MAX_WORKER_COUNTS];
    double triad_streaming_gbytes_per_s[CLI_MAX_WORKER_COUNTS];
    double six_gbytes_per_s[CLI_MAX_WORKER_COUNTS];
    double six_streaming_gbytes_per_s[CLI_MAX_WORKER_COUNTS];
    double reference_gbytes_per_s[CLI_MAX_WORKER_COUNTS];
    double reference_serial_gbytes_per_s; /* one thread, for serial variants */
    size_t bandwidth_array_bytes;
    bool image_written[CLI_MAX_KERNELS]; /* of options->kernels[k] */

    /* The machine before and after (run.json), and the load decision. */
    struct power_info power_before, power_after;
    bool busy_at_start;
    char busy_reason[160];

    char host[128];
    char run_dir[1024];
    FILE *results_csv, *raw_csv;
    int write_error;             /* errno of the first failed write: the run stops */
    char write_error_file[1200]; /* the file it was */
    struct cell_row *rows; /* every cell of the run, kernel by kernel */
    size_t nrows;          /* planned */
    size_t rows_done;      /* rows of kernels whose rounds are over, written out */
    int kernel_rounds[CLI_MAX_KERNELS];   /* rounds each kernel got */
    bool kernel_resident[CLI_MAX_KERNELS]; /* all its cells stayed alive together */
    double kernel_others_cpu[CLI_MAX_KERNELS]; /* CPUs other programs used, on average */
    struct timer_instant clock_zero; /* raw.csv's start_s counts from here */
    long samples_taken;
    time_t started, finished;
    const char *status; /* "running", "complete", "interrupted" */
    volatile sig_atomic_t *interrupted;
};

/*
 * Plans the run (plan.h). Returns 0, or -1 with a one-line message for the
 * user (exit status 2).
 */
int bench_prepare(struct bench *bench, const struct cli_options *options, int argc,
                  char **argv, char *message);

/* Runs every kernel; returns the program's exit status (0 or 1, 130 if interrupted). */
int bench_run(struct bench *bench);

/* The reference bandwidth for `workers` threads (serial variants: one), in
 * GB/s; 0 if not measured. `owner` is the bench. */
double bench_bandwidth(const void *owner, int workers, bool parallel);

/* The share of the machine's CPU time a hypervisor gave to other guests
 * between power_before and power_after (steal); NAN where unknown. */
double bench_steal_fraction(const struct bench *bench);

/* Writes one finished row to results.csv, raw samples excepted, and stdout. */
void bench_emit_row(struct bench *bench, const struct cell_row *row);

/*
 * Flushes `file` (results.csv or raw.csv, `name`), whose last line started
 * at offset `line_start`. On the first failure (a full disk, a file-size
 * limit, a folder gone read-only) the half-written line is cut off again,
 * so the rows before it stay readable; the run then stops and says which
 * file in one line.
 */
void bench_flush(struct bench *bench, FILE *file, const char *name, long line_start);

/* Writes run.json (via a temporary file and rename); 0 or -1 with errno. */
int runinfo_write(const struct bench *bench, const char *path);

#endif
