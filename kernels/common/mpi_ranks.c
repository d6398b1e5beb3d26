/* mpi_ranks.c — see mpi_ranks.h. */
#include "mpi_ranks.h"

#include "ledger.h"

#include <limits.h>
#include <stdlib.h>

#include <omp.h>

#include "chunks.h"
#include "outcome.h"

enum pb_status mpi_ranks_agree(struct pb_run *run, enum pb_status status)
{
    int mine = status, worst = status;
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst != PB_OK && status == PB_OK)
        return run_fail(run, "another rank failed (its message is on stderr)");
    return (enum pb_status)worst;
}

/* One parallel region: the OpenMP runtime makes the rank's threads there. */
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

enum pb_status mpi_ranks_start(struct mpi_ranks *ranks, struct pb_run *run, int64_t nchunks)
{
    *ranks = (struct mpi_ranks){.nchunks = nchunks};
    MPI_Comm_rank(MPI_COMM_WORLD, &ranks->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks->size);
    if (ranks->size != run->workers) /* the same on every rank */
        return run_fail(run, "%d ranks were started for %d", ranks->size, run->workers);
    chunks_of_worker(nchunks, ranks->rank, ranks->size, &ranks->first, &ranks->last);
    ranks->counts = calloc((size_t)ranks->size, sizeof *ranks->counts);
    ranks->offsets = calloc((size_t)ranks->size, sizeof *ranks->offsets);
    enum pb_status status = ranks->counts && ranks->offsets
                                ? PB_OK
                                : run_fail(run, "no memory for %d ranks", ranks->size);
    ranks->threads = start_threads(run->threads_per_rank);
    run->workers_actual = ranks->size * ranks->threads;
    return mpi_ranks_agree(run, status);
}

void mpi_ranks_stop(struct mpi_ranks *ranks)
{
    free(ranks->counts);
    free(ranks->offsets);
    ranks->counts = ranks->offsets = NULL;
}

/* The items of chunks [first, last): [*begin, *end). */
static void items_of(int64_t first, int64_t last, int64_t per_chunk, int64_t total,
                     int64_t *begin, int64_t *end)
{
    *begin = first * per_chunk < total ? first * per_chunk : total;
    *end = last * per_chunk < total ? last * per_chunk : total;
}

void mpi_ranks_gather(struct mpi_ranks *ranks, void *items, int64_t per_chunk, int64_t total,
                      MPI_Datatype item)
{
    PB_CHECK(total <= INT_MAX); /* MPI counts are int: the callers' items are columns, slabs */
    for (int r = 0; r < ranks->size; r++) {
        int64_t first, last, begin, end;
        chunks_of_worker(ranks->nchunks, r, ranks->size, &first, &last);
        items_of(first, last, per_chunk, total, &begin, &end);
        ranks->counts[r] = (int)(end - begin);
        ranks->offsets[r] = (int)begin;
    }
    if (ranks->rank == 0) { /* rank 0's own block is in place already */
        MPI_Gatherv(MPI_IN_PLACE, 0, item, items, ranks->counts, ranks->offsets, item, 0,
                    MPI_COMM_WORLD);
        return;
    }
    MPI_Aint lower_bound, extent;
    MPI_Type_get_extent(item, &lower_bound, &extent);
    char *mine = (char *)items + (MPI_Aint)ranks->offsets[ranks->rank] * extent;
    MPI_Gatherv(mine, ranks->counts[ranks->rank], item, NULL, NULL, NULL, item, 0,
                MPI_COMM_WORLD);
}

enum pb_status mpi_ranks_merge_ledger(struct pb_run *run, struct ledger_entry *ledger,
                                      int64_t nchunks)
{
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int *mine = malloc((size_t)nchunks * sizeof *mine);
    int *total = rank == 0 ? malloc((size_t)nchunks * sizeof *total) : NULL;
    enum pb_status status = mine && (rank != 0 || total) ? PB_OK : PB_FAILED;
    if (status != PB_OK)
        run_fail(run, "no memory to merge the ledger of %lld chunks", (long long)nchunks);
    status = mpi_ranks_agree(run, status);
    if (status == PB_OK) {
        ledger_read(ledger, nchunks, mine);
        /* Integer counts: a sum in any order is exact. */
        MPI_Reduce(mine, total, (int)nchunks, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
        if (rank == 0)
            ledger_set(ledger, nchunks, total);
    }
    free(mine);
    free(total);
    return status;
}
