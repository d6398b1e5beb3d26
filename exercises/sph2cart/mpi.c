/*
 * EXERCISE — generated from solutions/sph2cart/mpi.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=sph2cart
 * VARIANT=mpi` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * mpi.c — sph2cart with MPI: each rank its own latitude slabs.
 *
 * What changed from optimized.c (cos_series/mpi.c has the MPI basics):
 * (1) Rank r converts block r of the latitude slabs (common/mpi_ranks.h)
 *     in its own copy of the grid: every slab costs the same. With
 *     --threads-per-rank T, the rank's OpenMP threads share out its block.
 * (2) The run ends with MPI_Barrier: it returns on rank 0, whose clock
 *     times the sample, only once every rank has finished its slabs.
 * (3) Each rank's memory bandwidth is its own: ranks on different nodes
 *     add up their nodes' bandwidth, which no number of threads on one
 *     node can do. Ranks on one node share it, as threads do.
 * (4) The results lie in each rank's memory. To verify them, rank 0
 *     gathers the other ranks' slabs of vx, vy and vz with MPI_Gatherv, in
 *     collect(), after the timed calls: moving the answer for checking is
 *     not part of computing it. It is not cheap (24 bytes a point, more
 *     than the conversion moves per point within a rank), which is why
 *     real codes keep their data distributed and gather only what they
 *     must.
 * Every rank sets up the whole grid (setup is the kernel's, shared by all
 * variants), so a job of N ranks on one node needs N times the memory; a
 * real distributed code would build only its own slabs.
 */
#include "sph2cart/sph2cart.h"

#include <stdlib.h>

#include "common/mpi_ranks.h"
#include "common/outcome.h"
#include "common/exercise.h"
#include "common/traps.h"

/* A rank's own, from start to stop. */
struct workspace {
    struct mpi_ranks ranks;
    MPI_Datatype row, slab; /* nlon doubles; nr rows: one latitude of an array */
};

enum pb_status sph2cart_mpi_start(struct sph2cart *s, struct pb_run *run)
{
    struct workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return run_fail(run, "no memory for the rank's workspace");
    run->workspace = ws;
    ws->row = ws->slab = MPI_DATATYPE_NULL;
    enum pb_status status = mpi_ranks_start(&ws->ranks, run, s->nlat);
    if (status != PB_OK)
        return status;
    /* Two steps, because MPI counts are int and a slab may hold more. */
    MPI_Type_contiguous((int)s->nlon, MPI_DOUBLE, &ws->row);
    MPI_Type_contiguous((int)s->nr, ws->row, &ws->slab);
    MPI_Type_commit(&ws->slab);
    return PB_OK;
}

enum pb_status sph2cart_mpi(struct sph2cart *s, struct pb_run *run)
{
    struct workspace *ws = run->workspace;
    const struct mpi_ranks *ranks = &ws->ranks;
    sph2cart_trig_init(s);
    /* TODO (exercise):
     * Convert this rank's own latitude slabs, [ranks->first, ranks->last),
     * with sph2cart_slab (the rank's OpenMP threads may share the loop),
     * and return on every rank only when all ranks are done.
     */
    exercise_missing("sph2cart_mpi (mpi.c)");
    (void)ranks;
    return PB_OK;
}

/* Not timed: every rank's slabs into rank 0's vx, vy, vz, for verify. */
enum pb_status sph2cart_mpi_collect(struct sph2cart *s, struct pb_run *run)
{
    struct workspace *ws = run->workspace;
    double *const arrays[] = {s->vx, s->vy, s->vz};
    for (size_t a = 0; a < sizeof arrays / sizeof arrays[0]; a++)
        mpi_ranks_gather(&ws->ranks, arrays[a], 1, s->nlat, ws->slab);
    return PB_OK;
}

enum pb_status sph2cart_mpi_stop(struct sph2cart *s, struct pb_run *run)
{
    (void)s;
    struct workspace *ws = run->workspace;
    if (ws) {
        if (ws->slab != MPI_DATATYPE_NULL)
            MPI_Type_free(&ws->slab);
        if (ws->row != MPI_DATATYPE_NULL)
            MPI_Type_free(&ws->row);
        mpi_ranks_stop(&ws->ranks);
        free(ws);
    }
    run->workspace = NULL;
    return PB_OK;
}
