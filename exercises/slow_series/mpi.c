/*
 * EXERCISE — generated from solutions/slow_series/mpi.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=slow_series
 * VARIANT=mpi` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * mpi.c — slow_series with MPI: the load-balance lesson between processes
 * that share no memory.
 *
 * What changed from optimized.c (cos_series/mpi.c has the MPI basics):
 * (1) The ranks get the chunks as the `schedule` parameter says:
 *       static: rank r owns block r of the chunks, decided in advance
 *         (common/mpi_ranks.h). Equal index ranges are unequal work: the
 *         rank whose block holds 9,000,000,000-9,999,999,999 has nothing
 *         to do, and every rank waits for the slowest;
 *       dynamic: a rank takes the next chunk number when it has finished
 *         its last one, from a counter that lives in rank 0's memory. There
 *         is no shared memory to put it in: MPI_Fetch_and_op adds 1 to the
 *         counter in rank 0's window and returns the old value, one-sided,
 *         without rank 0's program taking part (the MPI library, or the
 *         network card, does the addition). It is common/dispenser.h
 *         across address spaces, at the cost of a message per chunk.
 * (2) A rank records each chunk it summed: its number, its sum and its
 *     terms (all exact as doubles). MPI_Gatherv brings every rank's records
 *     to rank 0, which puts them in place and adds them in chunk order:
 *     the same bits as optimized.c for any number of ranks and either
 *     schedule.
 * (3) With --threads-per-rank T, the rank's T OpenMP threads take the
 *     chunks (static: share the rank's block; dynamic: take one chunk at a
 *     time from the counter, one thread at a time).
 */
#include "slow_series/slow_series.h"

#include <stdlib.h>

#include "common/mpi_ranks.h"
#include "common/outcome.h"
#include "common/exercise.h"
#include "common/traps.h"

/* What a rank learned about one chunk. */
struct record {
    double chunk, sum, terms;
};

/* A rank's own, from start to stop. */
struct workspace {
    struct slow_series_table table;
    struct mpi_ranks ranks;
    MPI_Win window;        /* rank 0's chunk counter, for the others to add to */
    int64_t *counter;      /* rank 0: the counter itself */
    MPI_Datatype record_type;
    struct record *taken;  /* the chunks this rank summed in this run */
    int ntaken;
    struct record *all;    /* rank 0: everyone's records */
};

/* Static schedule: this rank's block of chunks, fixed in advance. */
static void sum_block(struct slow_series *ss, struct workspace *ws, int threads)
{
    const struct mpi_ranks *ranks = &ws->ranks;
    ws->ntaken = 0;
    /* TODO (exercise):
     * Sum every chunk of this rank's block [ranks->first, ranks->last) with
     * slow_series_chunk_sum, one record per chunk in ws->taken (chunk number,
     * sum, terms), and set ws->ntaken. The rank's OpenMP threads may share
     * the loop: each chunk has its own record.
     */
    exercise_missing("sum_block (mpi.c)");
    (void)ss, (void)ranks, (void)threads;
}

/* Dynamic schedule: the next chunk number from rank 0's counter, -1 when
 * none is left. */
static int64_t take_chunk(struct workspace *ws, int64_t nchunks)
{
    const int64_t one = 1;
    int64_t chunk = 0;
    /* TODO (exercise):
     * Add one to the counter in rank 0's window (displacement 0) and get its
     * old value back, in one atomic step: MPI_Fetch_and_op with MPI_SUM. Then
     * MPI_Win_flush, so the value has arrived before you use it. Why can the
     * ranks not just read and increment a variable, as threads could?
     */
    exercise_missing("take_chunk (mpi.c)");
    (void)one, (void)ws; chunk = nchunks;
    return chunk < nchunks ? chunk : -1;
}

static void sum_on_demand(struct slow_series *ss, struct workspace *ws, int threads)
{
    ws->ntaken = 0;
#pragma omp parallel num_threads(threads)
    for (;;) {
        int64_t chunk;
        int slot = 0;
#pragma omp critical(slow_series_take) /* MPI_THREAD_SERIALIZED: one thread in MPI at a time */
        {
            chunk = take_chunk(ws, ss->chunks.count);
            if (chunk >= 0)
                slot = ws->ntaken++;
        }
        if (chunk < 0)
            break;
        int64_t begin, end, terms = 0;
        chunks_range(&ss->chunks, chunk, &begin, &end);
        double sum = slow_series_chunk_sum(&ws->table, begin, end, &terms);
        ws->taken[slot] = (struct record){(double)chunk, sum, (double)terms};
    }
}

/* Every rank's records to rank 0, put in place there, added in chunk order. */
static void gather_records(struct slow_series *ss, struct workspace *ws)
{
    struct mpi_ranks *ranks = &ws->ranks;
    MPI_Gather(&ws->ntaken, 1, MPI_INT, ranks->counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (ranks->rank == 0)
        for (int r = 0, offset = 0; r < ranks->size; offset += ranks->counts[r++])
            ranks->offsets[r] = offset;
    MPI_Gatherv(ws->taken, ws->ntaken, ws->record_type, ws->all, ranks->counts, ranks->offsets,
                ws->record_type, 0, MPI_COMM_WORLD);
    if (ranks->rank != 0)
        return;
    int64_t received = 0;
    for (int r = 0; r < ranks->size; r++)
        received += ranks->counts[r];
    for (int64_t i = 0; i < received; i++) {
        const struct record *record = &ws->all[i];
        int64_t chunk = (int64_t)record->chunk;
        ss->sums[chunk].value = record->sum;
        ss->counts[chunk].value = record->terms;
    }
    slow_series_reduce(ss); /* a chunk nobody sent is still NaN: verify sees it */
}

enum pb_status slow_series_mpi_start(struct slow_series *ss, struct pb_run *run)
{
    struct workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return run_fail(run, "no memory for the rank's workspace");
    run->workspace = ws;
    ws->window = MPI_WIN_NULL;
    ws->record_type = MPI_DATATYPE_NULL;
    enum pb_status status = mpi_ranks_start(&ws->ranks, run, ss->chunks.count);
    if (status != PB_OK)
        return status;
    slow_series_table_init(&ws->table);
    ws->taken = malloc((size_t)ss->chunks.count * sizeof *ws->taken);
    if (ws->ranks.rank == 0)
        ws->all = malloc((size_t)ss->chunks.count * sizeof *ws->all);
    status = !ws->taken || (ws->ranks.rank == 0 && !ws->all)
                 ? run_fail(run, "no memory for %lld records", (long long)ss->chunks.count)
                 : PB_OK;
    if ((status = mpi_ranks_agree(run, status)) != PB_OK)
        return status;
    MPI_Type_contiguous(3, MPI_DOUBLE, &ws->record_type);
    MPI_Type_commit(&ws->record_type);
    /* The counter: 8 bytes in rank 0's window, none in the others'. */
    MPI_Aint bytes = ws->ranks.rank == 0 ? (MPI_Aint)sizeof *ws->counter : 0;
    MPI_Win_allocate(bytes, (int)sizeof *ws->counter, MPI_INFO_NULL, MPI_COMM_WORLD,
                     &ws->counter, &ws->window);
    return PB_OK;
}

enum pb_status slow_series_mpi(struct slow_series *ss, struct pb_run *run)
{
    struct workspace *ws = run->workspace;
    if (ss->schedule == SLOW_SERIES_STATIC) {
        sum_block(ss, ws, run->threads_per_rank);
    } else {
        if (ws->ranks.rank == 0) { /* a fresh count: no one may take before this */
            MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, ws->window);
            *ws->counter = 0;
            MPI_Win_unlock(0, ws->window);
        }
        MPI_Barrier(MPI_COMM_WORLD);
        MPI_Win_lock_all(0, ws->window);
        sum_on_demand(ss, ws, run->threads_per_rank);
        MPI_Win_unlock_all(ws->window);
    }
    gather_records(ss, ws);
    return PB_OK;
}

/* After the timed calls: the sum is already on rank 0, but verify there
 * also checks that every chunk was computed once, and each rank counted its
 * own chunks in its own ledger (common/ledger.h): add the counts up. */
enum pb_status slow_series_mpi_collect(struct slow_series *ss, struct pb_run *run)
{
    return mpi_ranks_merge_ledger(run, ss->ledger, ss->chunks.count);
}

enum pb_status slow_series_mpi_stop(struct slow_series *ss, struct pb_run *run)
{
    (void)ss;
    struct workspace *ws = run->workspace;
    if (ws) {
        if (ws->window != MPI_WIN_NULL)
            MPI_Win_free(&ws->window); /* collective, like its allocation */
        if (ws->record_type != MPI_DATATYPE_NULL)
            MPI_Type_free(&ws->record_type);
        mpi_ranks_stop(&ws->ranks);
        free(ws->taken);
        free(ws->all);
        free(ws);
    }
    run->workspace = NULL;
    return PB_OK;
}
