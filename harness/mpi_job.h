/*
 * mpi_job.h — the MPI job of an mpi cell, as the harness sees it.
 *
 * An mpi cell is one MPI job: N processes (ranks) started by a launcher
 * (mpirun, srun), each running parbench's cell code on a private copy of
 * the kernel's state. Rank 0 talks to parbench; the other ranks follow its
 * commands. This header is everything the harness needs from MPI, in plain
 * C types: the harness never includes <mpi.h>, so that it compiles where
 * no MPI is installed.
 *
 * Two files implement it, and the Makefile compiles exactly one:
 *   mpi_job.c       with MPI, compiled with the MPI compiler wrapper (mpicc);
 *   mpi_job_none.c  without: nothing is available, and every mpi cell is
 *                   reported UNAVAILABLE with what to install
 *                   (PB_MPI_MISSING, kernel.h).
 *
 * MPI is process-wide state (one MPI_Init per process), so this module
 * keeps the job's rank, size and communicator in file-scope variables.
 */
#ifndef PARBENCH_MPI_JOB_H
#define PARBENCH_MPI_JOB_H

#include <stdbool.h>
#include <stddef.h>

/* What rank 0 tells the other ranks to do next. */
enum mpi_job_command_kind {
    MPI_JOB_SAMPLE = 1, /* prepare, then `calls` timed calls of run, then collect */
    MPI_JOB_STOP,       /* stop, tear down, finalize */
};

struct mpi_job_command {
    int kind;  /* enum mpi_job_command_kind */
    int calls; /* MPI_JOB_SAMPLE: calls of run() in the sample */
};

/* Whether this build has MPI. */
bool mpi_job_available(void);

/* NULL when MPI is available; otherwise PB_MPI_MISSING (kernel.h): the
 * one-line reason, with what to install. */
const char *mpi_job_missing(void);

/* The MPI library this build was compiled against: "Open MPI", "MPICH"
 * or "MPI" (another one); "none" without MPI. */
const char *mpi_job_flavor(void);

/* The first line of MPI_Get_library_version (which MPI allows before
 * MPI_Init, so parbench itself may call it); "" without MPI. */
void mpi_job_library(char *buf, size_t size);

/*
 * MPI_Init_thread, then a barrier: when it returns, every rank of the job
 * has initialized. threads_per_rank > 1 asks for MPI_THREAD_SERIALIZED
 * (OpenMP threads may call MPI, one at a time), else MPI_THREAD_FUNNELED.
 * Returns 0, or -1 with a one-line reason in message[256].
 */
int mpi_job_init(int threads_per_rank, char *message);

/* This process's rank in the job, and the job's number of ranks. */
int mpi_job_rank(void);
int mpi_job_size(void);

/* Where the job's ranks run. */
enum { MPI_JOB_MAX_PIDS = 256 };
struct mpi_job_layout {
    int nodes;                   /* machines (sharing memory) the ranks run on */
    int npids;                   /* rank 0: the ranks on rank 0's machine... */
    int pids[MPI_JOB_MAX_PIDS];  /* ...and their process ids (the first MPI_JOB_MAX_PIDS) */
};

/* Fills *layout (the pids on rank 0 only). Collective. */
void mpi_job_layout(struct mpi_job_layout *layout);

/*
 * Rank 0 passes *command to every other rank; on the others *command is
 * overwritten with it. Collective. A rank waiting here does not spin: it
 * checks a non-blocking broadcast and sleeps in between (0.1 ms at first,
 * up to 10 ms), so idle ranks leave the CPUs to the cells being measured.
 * A rank whose launcher has gone (the job was killed) ends quietly.
 */
void mpi_job_share(struct mpi_job_command *command);

/* Every rank waits, without spinning, until all have arrived; then they
 * leave together (the start of a timed sample). Collective. */
void mpi_job_barrier(void);

void mpi_job_finalize(void);

/* Prints "parbench: rank R: message" on stderr and ends the whole job
 * (MPI_Abort): for a rank other than 0, which has no channel to report on. */
_Noreturn void mpi_job_abort(const char *message);

#endif
