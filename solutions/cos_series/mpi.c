/*
 * mpi.c — cos_series with MPI: processes that share no memory at all.
 *
 * What changed from optimized.c:
 * (1) N copies of this program run at once, started by mpirun or srun on
 *     one machine or several: the ranks. Each has its own private memory,
 *     its own copy of cs and of the partials; nothing is shared, and a
 *     result reaches another rank only as a message. MPI_Comm_rank says
 *     which copy we are (0 to N-1), MPI_Comm_size how many there are.
 *     (MPI_Init has run before setup: parbench times it, with launching
 *     the ranks, as this variant's start-up.)
 * (2) Rank r sums its own contiguous block of chunks, the static split of
 *     pthreads.c: every chunk costs the same. With --threads-per-rank T,
 *     the rank's T OpenMP threads share out its block (hybrid MPI+OpenMP).
 * (3) The chunk sums travel to rank 0 in one collective call, MPI_Gatherv:
 *     every rank sends its block, and rank 0 receives each block at its
 *     first chunk number. Rank 0 then adds all the chunks in chunk order:
 *     the same bits as optimized.c for any number of ranks. The tempting
 *     shortcut, one sum per rank added by MPI_Reduce(MPI_SUM), groups the
 *     additions by rank ((c0 + c1) + (c2 + c3) instead of
 *     ((c0 + c1) + c2) + c3), in an order the library chooses: its last
 *     bits change with the number of ranks (docs/mpi.md shows them). For
 *     integers, like parzen's counts, MPI_Reduce is exact and right.
 * (4) Only rank 0 has the answer, and verify runs there alone.
 * MPI calls are not checked one by one: MPI's default error handler ends
 * the whole job on any failure, and parbench reports the cell FAILED.
 */
#include "cos_series/cos_series.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

#include <mpi.h>
#include <omp.h>

#include "common/mpi_ranks.h"
#include "common/outcome.h"
#include "common/traps.h"

/* A rank's own, from start to stop. */
struct workspace {
    struct cos_table table; /* every rank builds its own: nothing is shared */
    int rank, size;
    int64_t first, last; /* this rank's chunks: [first, last) */
    double *mine;        /* their sums, side by side: what MPI_Gatherv sends
                            (room for every chunk: simple, and chunks are few) */
    double *all;         /* rank 0: every chunk's sum, in chunk order */
    int *counts;         /* rank 0: how many chunks each rank sends... */
    int *offsets;        /* ...and where in `all` they go */
};

/* One parallel region of T threads, so that the runs reuse them. */
static int start_threads(int threads)
{
    int team_size = 0;
#pragma omp parallel num_threads(threads)
    {
#pragma omp single
        team_size = omp_get_num_threads();
    }
    return team_size;
}

enum pb_status cos_series_mpi_start(struct cos_series *cs, struct pb_run *run)
{
    struct workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return run_fail(run, "no memory for the rank's workspace");
    run->workspace = ws;
    MPI_Comm_rank(MPI_COMM_WORLD, &ws->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ws->size);
    if (ws->size != run->workers || cs->chunks.count > INT_MAX) /* the same on every rank */
        return run_fail(run, "%d ranks for %d asked, %lld chunks (MPI counts are int)",
                        ws->size, run->workers, (long long)cs->chunks.count);
    cos_table_init(&ws->table);
    ws->mine = malloc((size_t)cs->chunks.count * sizeof *ws->mine);
    ws->counts = calloc((size_t)ws->size, sizeof *ws->counts);
    ws->offsets = calloc((size_t)ws->size, sizeof *ws->offsets);
    if (ws->rank == 0)
        ws->all = malloc((size_t)cs->chunks.count * sizeof *ws->all);
    const bool out_of_memory =
        !ws->mine || !ws->counts || !ws->offsets || (ws->rank == 0 && !ws->all);
    /* A rank that failed alone must not leave the others waiting for it. */
    int failed = out_of_memory, any_failed = 0;
    MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (out_of_memory || any_failed)
        return run_fail(run, "a rank ran out of memory for its workspace");
    /* BEGIN PROMPT
     * Which chunks are this rank's? A contiguous block [ws->first, ws->last),
     * the same size for every rank give or take one (common/chunks.h). Rank 0
     * must also know every rank's block, for MPI_Gatherv: ws->counts[r] chunks
     * from rank r, stored in ws->all from ws->offsets[r] on.
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)cs;) */
    chunks_of_worker(cs->chunks.count, ws->rank, ws->size, &ws->first, &ws->last);
    for (int r = 0; r < ws->size; r++) {
        int64_t first, last;
        chunks_of_worker(cs->chunks.count, r, ws->size, &first, &last);
        ws->counts[r] = (int)(last - first);
        ws->offsets[r] = (int)first;
    }
    /* END SOLUTION */
    run->workers_actual = ws->size * start_threads(run->threads_per_rank);
    return PB_OK;
}

enum pb_status cos_series_mpi(struct cos_series *cs, struct pb_run *run)
{
    struct workspace *ws = run->workspace;
#pragma omp parallel for num_threads(run->threads_per_rank) schedule(static)
    for (int64_t chunk = ws->first; chunk < ws->last; chunk++)
        cos_series_sum_chunk(cs, &ws->table, chunk);
    /* MPI sends a buffer of plain doubles, not the padded partials. */
    for (int64_t chunk = ws->first; chunk < ws->last; chunk++)
        ws->mine[chunk - ws->first] = cs->partials[chunk].value;

    /* BEGIN PROMPT
     * Every rank has summed its own chunks into ws->mine, in its own memory.
     * Bring them all to rank 0 with one collective call, MPI_Gatherv (every
     * rank calls it; rank 0 receives), into ws->all in chunk order; then, on
     * rank 0 only, put them in cs->partials and add them in chunk order into
     * cs->sum. Afterwards try the shortcut: each rank adds its own chunks,
     * and MPI_Reduce(..., MPI_SUM, ...) adds the ranks' sums on rank 0. Run
     * `make test KERNEL=cos_series VARIANT=mpi`: which rank counts still give
     * optimized's bits? (docs/mpi.md)
     * END PROMPT */
    /* BEGIN SOLUTION */
    MPI_Gatherv(ws->mine, (int)(ws->last - ws->first), MPI_DOUBLE, ws->all, ws->counts,
                ws->offsets, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (ws->rank == 0) {
        for (int64_t chunk = 0; chunk < cs->chunks.count; chunk++)
            cs->partials[chunk].value = ws->all[chunk];
        cs->sum = partials_sum(cs->partials, cs->chunks.count);
    }
    /* END SOLUTION */
    return PB_OK;
}

/* After the timed calls: the sum is already on rank 0, but verify there
 * also checks that every chunk was computed once, and each rank counted its
 * own chunks in its own ledger (common/ledger.h): add the counts up. */
enum pb_status cos_series_mpi_collect(struct cos_series *cs, struct pb_run *run)
{
    return mpi_ranks_merge_ledger(run, cs->ledger, cs->chunks.count);
}

enum pb_status cos_series_mpi_stop(struct cos_series *cs, struct pb_run *run)
{
    (void)cs;
    struct workspace *ws = run->workspace;
    if (ws) {
        free(ws->mine);
        free(ws->all);
        free(ws->counts);
        free(ws->offsets);
        free(ws);
    }
    run->workspace = NULL;
    return PB_OK;
}
