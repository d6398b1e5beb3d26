/*
 * cell.h — one measurement cell: a kernel, a variant, a worker count.
 *
 * A cell runs in a fresh process of its own (cell_run_isolated): parbench
 * forks and re-executes itself in an internal one-cell mode.
 *   - OpenMP starts a thread pool that a later fork() cannot take along, so
 *     the harness itself never runs OpenMP code; each cell's process starts
 *     with a fresh runtime that reads the OMP_* variables anew;
 *   - a variant that crashes or hangs takes down its own cell, not the run:
 *     the child and every worker it made form one process group, killed as
 *     a whole on timeout or interrupt;
 *   - every cell starts from the same state (memory, page tables, caches).
 */
#ifndef PARBENCH_CELL_H
#define PARBENCH_CELL_H

#include <signal.h>

#include "../kernels/kernel.h"
#include "cli.h"

enum cell_status {
    CELL_OK,
    CELL_FAILED,          /* crashed, could not run, or a wrong answer */
    CELL_TIMEOUT,         /* killed after spec->timeout_s */
    CELL_NOT_IMPLEMENTED, /* an exercise stub */
    CELL_INTERRUPTED,     /* the user stopped the run: not a result */
};

/* "OK", "FAILED", "TIMEOUT", "NOT_IMPLEMENTED", "INTERRUPTED" */
const char *cell_status_name(enum cell_status status);

struct cell_spec {
    const char *runner_path; /* the parbench executable that runs the cell */
    const struct pb_kernel *kernel;
    const struct pb_variant *variant;
    struct pb_values values;
    int workers; /* requested; 1 for serial variants */
    int warmup, repeat;
    double timeout_s;
    const char *image_path; /* where to write the kernel's image, if it has one; or NULL */
    const int *bind_cpus;   /* --bind: worker i on bind_cpus[i]; NULL: no binding */
    int nbind_cpus;
    /* Set (to non-zero) by a signal handler when the user interrupts; may be NULL. */
    volatile sig_atomic_t *interrupted;
};

struct cell_result {
    enum cell_status status;
    int workers_actual;
    int nsamples;                      /* timed runs that completed and verified */
    double samples_s[CLI_MAX_REPEAT];  /* their wall-clock times */
    double value, reference, rel_error; /* the last verdict (NAN if none) */
    double bytes_moved;                /* per run; NAN when the kernel has no such figure */
    bool image_written;                /* the image went to spec->image_path */
    char message[PB_MESSAGE_MAX];
};

/* Runs the cell in this process: setup, warm-up runs, timed runs, each one
 * verified, teardown. Stops at the first failure. */
void cell_measure(const struct cell_spec *spec, struct cell_result *result);

/* Runs the cell in a child process (spec->runner_path --internal-cell ...)
 * and collects its result; never waits longer than spec->timeout_s. */
void cell_run_isolated(const struct cell_spec *spec, struct cell_result *result);

/* The first argument that selects the internal one-cell mode. */
#define CELL_INTERNAL_FLAG "--internal-cell"

/* main() of that mode: runs one cell and writes its result to the file
 * descriptor named on the command line. Returns the exit status. */
int cell_child_main(int argc, char **argv);

#endif
