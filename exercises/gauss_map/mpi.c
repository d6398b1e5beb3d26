/*
 * EXERCISE — generated from solutions/gauss_map/mpi.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=gauss_map
 * VARIANT=mpi` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * mpi.c — gauss_map with MPI: each rank its own columns of the picture.
 *
 * What changed from optimized.c (cos_series/mpi.c has the MPI basics):
 * (1) Rank r computes block r of the chunks of columns (common/
 *     mpi_ranks.h), in its own copy of the histogram: every column costs
 *     about the same, so equal blocks are equal work. With
 *     --threads-per-rank T, the rank's OpenMP threads share out its block.
 * (2) The run ends with MPI_Barrier: it returns on rank 0, whose clock
 *     times the sample, only once every rank has finished its columns.
 * (3) Nothing is added up: a column is computed by one rank only, so the
 *     counts are the same bits for any number of ranks. But they lie in
 *     each rank's memory. To verify (and to draw) the picture, rank 0
 *     gathers the other ranks' columns with MPI_Gatherv, in collect(),
 *     after the timed calls: moving the answer for checking is not part of
 *     computing it. A program that needed the whole picture on one rank
 *     would pay that gather too (a few MB here, next to seconds of
 *     arithmetic).
 */
#include "gauss_map/gauss_map.h"

#include <stdlib.h>

#include "common/mpi_ranks.h"
#include "common/outcome.h"
#include "common/exercise.h"
#include "common/traps.h"

/* A rank's own, from start to stop. */
struct workspace {
    struct mpi_ranks ranks;
    MPI_Datatype column; /* one column's counts, `height` uint32 */
};

enum pb_status gauss_map_mpi_start(struct gauss_map *gm, struct pb_run *run)
{
    struct workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return run_fail(run, "no memory for the rank's workspace");
    run->workspace = ws;
    ws->column = MPI_DATATYPE_NULL;
    enum pb_status status = mpi_ranks_start(&ws->ranks, run, gm->chunks.count);
    if (status != PB_OK)
        return status;
    MPI_Type_contiguous((int)gm->height, MPI_UINT32_T, &ws->column);
    MPI_Type_commit(&ws->column);
    return PB_OK;
}

enum pb_status gauss_map_mpi(struct gauss_map *gm, struct pb_run *run)
{
    struct workspace *ws = run->workspace;
    const struct mpi_ranks *ranks = &ws->ranks;
    /* TODO (exercise):
     * Compute this rank's own chunks of columns, [ranks->first, ranks->last),
     * with gauss_map_chunk (the rank's OpenMP threads may share the loop).
     * Then make sure rank 0, which holds the clock, returns only when every
     * rank is done: which collective call waits for all?
     */
    exercise_missing("gauss_map_mpi (mpi.c)");
    (void)gm, (void)ranks;
    return PB_OK;
}

/* Not timed: every rank's columns into rank 0's histogram, for verify. */
enum pb_status gauss_map_mpi_collect(struct gauss_map *gm, struct pb_run *run)
{
    struct workspace *ws = run->workspace;
    mpi_ranks_gather(&ws->ranks, gm->hist, GAUSS_MAP_LANES, gm->width, ws->column);
    return PB_OK;
}

enum pb_status gauss_map_mpi_stop(struct gauss_map *gm, struct pb_run *run)
{
    (void)gm;
    struct workspace *ws = run->workspace;
    if (ws) {
        if (ws->column != MPI_DATATYPE_NULL)
            MPI_Type_free(&ws->column);
        mpi_ranks_stop(&ws->ranks);
        free(ws);
    }
    run->workspace = NULL;
    return PB_OK;
}
