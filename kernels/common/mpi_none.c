/*
 * mpi_none.c — the mpi variant of a build without MPI.
 *
 * The Makefile compiles this file only when it found no MPI compiler
 * wrapper (or was told MPI=none); then no solutions' mpi.c is compiled, and
 * every kernel's mpi entry runs this instead (PB_SIX_VARIANTS, kernel.h).
 * The harness reports the variant UNAVAILABLE, not FAILED: a machine
 * without MPI is not a broken program.
 */
#include <stdio.h>

#include "../kernel.h"

enum pb_status pb_mpi_unavailable(void *state, struct pb_run *run)
{
    (void)state;
    snprintf(run->message, sizeof run->message, "%s", PB_MPI_MISSING);
    return PB_UNAVAILABLE;
}
