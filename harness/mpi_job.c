/*
 * mpi_job.c — the MPI job of an mpi cell (see mpi_job.h), with MPI.
 *
 * Compiled with the MPI compiler wrapper. MPI's default error handler,
 * MPI_ERRORS_ARE_FATAL, ends the whole job on any failed MPI call; parbench
 * then sees the job end and reports the cell FAILED. So the return codes
 * of MPI calls are not checked one by one here: a failure never returns.
 */
#include "mpi_job.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mpi.h>

/* How long a waiting rank sleeps between two looks at the broadcast: it
 * starts short, for a command that follows at once (the next sample of a
 * calibration), and doubles up to the longest pause, so that a rank idle
 * while other cells are measured costs a CPU a hundred wake-ups a second. */
static const long WAIT_FIRST_NS = 100000L;  /* 0.1 ms */
static const long WAIT_LONGEST_NS = 10000000L; /* 10 ms */

/* The job, once mpi_job_init has run. `commands` is a duplicate of
 * MPI_COMM_WORLD for the harness's own messages, so they can never be
 * mistaken for the variants' messages on MPI_COMM_WORLD. */
static int job_rank, job_size = 1;
static MPI_Comm commands = MPI_COMM_NULL;
static pid_t launcher_pid; /* our parent when we started: mpirun, orted, slurmstepd */

bool mpi_job_available(void)
{
    return true;
}

const char *mpi_job_missing(void)
{
    return NULL;
}

const char *mpi_job_flavor(void)
{
#if defined(OPEN_MPI)
    return "Open MPI";
#elif defined(MPICH_VERSION)
    return "MPICH";
#else
    return "MPI";
#endif
}

void mpi_job_library(char *buf, size_t size)
{
    char version[MPI_MAX_LIBRARY_VERSION_STRING];
    int length = 0;
    MPI_Get_library_version(version, &length);
    version[length < (int)sizeof version ? length : (int)sizeof version - 1] = '\0';
    version[strcspn(version, "\r\n")] = '\0'; /* MPICH's is several lines long */
    snprintf(buf, size, "%s", version);
}

int mpi_job_init(int threads_per_rank, char *message)
{
    const int wanted = threads_per_rank > 1 ? MPI_THREAD_SERIALIZED : MPI_THREAD_FUNNELED;
    int provided = MPI_THREAD_SINGLE;
    launcher_pid = getppid();
    MPI_Init_thread(NULL, NULL, wanted, &provided); /* the cell's arguments are not MPI's */
    MPI_Comm_rank(MPI_COMM_WORLD, &job_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &job_size);
    MPI_Comm_dup(MPI_COMM_WORLD, &commands);
    if (provided < wanted) {
        snprintf(message, 256, "this MPI library gives thread level %d, below the %d that %d "
                 "threads per rank need", provided, wanted, threads_per_rank);
        return -1;
    }
    MPI_Barrier(commands);
    return 0;
}

int mpi_job_rank(void)
{
    return job_rank;
}

int mpi_job_size(void)
{
    return job_size;
}

void mpi_job_layout(struct mpi_job_layout *layout)
{
    /* The ranks that share memory with each other form one node; count the
     * nodes by counting the first rank of each. Ordered by rank, rank 0 is
     * the first of its node's ranks, and gathers their process ids. */
    MPI_Comm node;
    MPI_Comm_split_type(commands, MPI_COMM_TYPE_SHARED, job_rank, MPI_INFO_NULL, &node);
    int node_rank = 0, node_size = 1;
    MPI_Comm_rank(node, &node_rank);
    MPI_Comm_size(node, &node_size);
    int leader = node_rank == 0;
    MPI_Allreduce(&leader, &layout->nodes, 1, MPI_INT, MPI_SUM, commands);
    int pid = (int)getpid();
    layout->npids = 0;
    if (node_size <= MPI_JOB_MAX_PIDS) { /* the same decision on every rank of the node */
        MPI_Gather(&pid, 1, MPI_INT, layout->pids, 1, MPI_INT, 0, node);
        layout->npids = job_rank == 0 ? node_size : 0;
    }
    MPI_Comm_free(&node);
}

/*
 * Waits for a non-blocking collective to complete without spinning. The
 * blocking MPI_Bcast or MPI_Barrier would do the same, but Open MPI and
 * MPICH wait in them by polling at full speed: every idle rank of every
 * other cell would keep a CPU busy while another cell is being timed.
 */
static void wait_quietly(MPI_Request *request)
{
    int done = 0;
    MPI_Test(request, &done, MPI_STATUS_IGNORE);
    for (long pause_ns = WAIT_FIRST_NS; !done; pause_ns = 2 * pause_ns < WAIT_LONGEST_NS
                                                           ? 2 * pause_ns : WAIT_LONGEST_NS) {
        if (getppid() != launcher_pid)
            _exit(1); /* the launcher was killed: nothing will ever come */
        const struct timespec pause = {0, pause_ns};
        nanosleep(&pause, NULL);
        MPI_Test(request, &done, MPI_STATUS_IGNORE);
    }
}

void mpi_job_share(struct mpi_job_command *command)
{
    int message[2] = {command->kind, command->calls};
    MPI_Request request;
    MPI_Ibcast(message, 2, MPI_INT, 0, commands, &request);
    wait_quietly(&request);
    /* The analyzer knows MPI_Wait, not a loop of MPI_Test: */
    command->kind = message[0]; /* NOLINT(clang-analyzer-optin.mpi.MPI-Checker) */
    command->calls = message[1];
}

void mpi_job_barrier(void)
{
    MPI_Request request;
    MPI_Ibarrier(commands, &request);
    wait_quietly(&request);
    /* Everyone has arrived, but each noticed it up to a pause late: a
     * blocking barrier now, among ranks that are all awake, lets them leave
     * within microseconds of each other. */
    MPI_Barrier(commands);
}

void mpi_job_finalize(void)
{
    MPI_Comm_free(&commands);
    MPI_Finalize();
}

_Noreturn void mpi_job_abort(const char *message)
{
    fprintf(stderr, "parbench: rank %d: %s\n", job_rank, message);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    _exit(1); /* MPI_Abort does not return; this is for the compiler */
}
