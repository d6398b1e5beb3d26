/*
 * cell.h — one measurement cell (a kernel, a variant, a worker count) in a
 * process of its own, kept alive while its kernel's rounds last.
 *
 * parbench forks and re-executes itself in an internal one-cell mode
 * (cellproto.h has the conversation), or, for an mpi cell, forks an MPI
 * launcher that starts the ranks, each of them parbench in that mode:
 *   - OpenMP starts a thread pool that a later fork() cannot take along, so
 *     the harness itself never runs OpenMP code; each cell's process starts
 *     with a fresh runtime that reads the OMP_* variables anew;
 *   - a variant that crashes or hangs takes down its own cell, not the run:
 *     the cell and every worker it made form one process group, killed as
 *     a whole on a failure, a timeout or an interrupt;
 *   - the cell sets its kernel up and starts its workers once, then answers
 *     one request for a sample per round, so the rounds can visit every
 *     cell of a kernel in turn without paying set-up or start-up again.
 */
#ifndef PARBENCH_CELL_H
#define PARBENCH_CELL_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "cellproto.h"

/* A running cell, as parbench sees it. */
struct cell {
    pid_t pid;     /* also its process group; 0 when not running */
    int channel;   /* our end of the socket pair (mpi: of rank 0's connection) */
    bool job;      /* an mpi cell: pid is the MPI launcher (mpirun, srun) */
    char launcher[32]; /* the launcher's name, for messages */
    int npids;     /* mpi: the ranks on this machine... */
    int pids[CELLPROTO_MAX_PIDS]; /* ...their process ids, reaped if they come to us */
    double timeout_s;
    volatile sig_atomic_t *interrupted; /* set by a signal handler; may be NULL */
};

/*
 * Starts the cell and waits for it to be ready (set up, started, calibrated,
 * warmed up), at most timeout_s. Fills *ready; on any status but CELL_OK
 * the cell has been killed and reaped already. runner: parbench itself.
 * An mpi cell in a build or on a machine without MPI is CELL_UNAVAILABLE,
 * and nothing is started. An mpi cell's ready->startup_s includes
 * launching its ranks and their MPI_Init, from the fork of the launcher to
 * rank 0's connection.
 */
void cell_open(struct cell *cell, const char *runner, const struct cell_spec *spec,
               double timeout_s, volatile sig_atomic_t *interrupted, struct cell_reply *ready);

/* One sample. On any status but CELL_OK the cell has been killed and
 * reaped, and must not be asked again. */
void cell_sample(struct cell *cell, struct cell_reply *sample);

/*
 * Asks the cell to stop its workers and end, then kills what is left of
 * its process group and reaps it. *bye says how stop() went (CELL_OK, or
 * CELL_FAILED with a message: a worker that ended badly). Does nothing for
 * a cell that is not running (bye->status CELL_OK).
 */
void cell_close(struct cell *cell, struct cell_reply *bye);

/* main() of the internal one-cell mode (argv[1] == CELL_INTERNAL_FLAG). */
int cell_child_main(int argc, char **argv);

#endif
