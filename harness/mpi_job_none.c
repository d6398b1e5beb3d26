/*
 * mpi_job_none.c — a build without MPI (see mpi_job.h): nothing is
 * available, and parbench reports every mpi cell UNAVAILABLE without
 * launching anything. No function but the first three is ever reached.
 */
#include "mpi_job.h"

#include <stdio.h>
#include <stdlib.h>

#include "../kernels/kernel.h"

bool mpi_job_available(void)
{
    return false;
}

const char *mpi_job_missing(void)
{
    return PB_MPI_MISSING;
}

const char *mpi_job_flavor(void)
{
    return "none";
}

void mpi_job_library(char *buf, size_t size)
{
    snprintf(buf, size, "%s", "");
}

int mpi_job_init(int threads_per_rank, char *message)
{
    (void)threads_per_rank;
    snprintf(message, 256, "%s", PB_MPI_MISSING);
    return -1;
}

int mpi_job_rank(void)
{
    return 0;
}

int mpi_job_size(void)
{
    return 1;
}

void mpi_job_layout(struct mpi_job_layout *layout)
{
    layout->nodes = 1;
    layout->npids = 0;
}

void mpi_job_share(struct mpi_job_command *command)
{
    (void)command;
}

void mpi_job_barrier(void)
{
}

void mpi_job_finalize(void)
{
}

_Noreturn void mpi_job_abort(const char *message)
{
    fprintf(stderr, "parbench: %s\n", message);
    exit(1);
}
