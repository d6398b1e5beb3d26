/*
 * mpi_ranks.h — what the mpi variants do the same way, once cos_series/
 * mpi.c has shown it written out: which rank am I, a block of chunks per
 * rank, the OpenMP threads of each rank, a status every rank agrees on,
 * and bringing the ranks' blocks of an answer together on rank 0.
 *
 * Each rank is a process with memory of its own: everything here is the
 * rank's own copy, and results move between ranks only as MPI messages.
 * Compiled with the MPI compiler wrapper, like the mpi variants that use it.
 * MPI's default error handler ends the whole job on any failed MPI call,
 * so MPI calls return only on success.
 */
#ifndef PARBENCH_MPI_RANKS_H
#define PARBENCH_MPI_RANKS_H

#include <stdint.h>

#include <mpi.h>

#include "../kernel.h"

struct mpi_ranks {
    int rank, size;       /* this process's rank in MPI_COMM_WORLD, and how many there are */
    int threads;          /* OpenMP threads in this rank: the team it really got */
    int64_t first, last;  /* this rank's chunks [first, last): a contiguous block */
    int64_t nchunks;      /* chunks of the whole problem */
    int *counts;          /* scratch for gathers: items of each rank... */
    int *offsets;         /* ...and where they go on rank 0 */
};

/*
 * Fills *ranks for `nchunks` chunks, rank r owning block r of the static
 * split (chunks_of_worker), starts run->threads_per_rank OpenMP threads
 * (one parallel region, reused by the runs), and sets
 * run->workers_actual = ranks x threads. Collective; returns the status
 * every rank agrees on (PB_FAILED with run->message on a failure).
 */
enum pb_status mpi_ranks_start(struct mpi_ranks *ranks, struct pb_run *run, int64_t nchunks);
void mpi_ranks_stop(struct mpi_ranks *ranks);

/* The worst status over all ranks (collective): a step that failed on one
 * rank alone, say out of memory, fails on every rank, and rank 0 reports
 * it instead of waiting forever for a rank that gave up. */
enum pb_status mpi_ranks_agree(struct pb_run *run, enum pb_status status);

/*
 * Gathers each rank's block of an answer into rank 0's copy, in place
 * (collective). The answer is `total` items of type `item`, chunk c being
 * the items [c per_chunk, min((c + 1) per_chunk, total)); every rank has
 * filled the items of its own chunks in its own copy of `items`.
 */
void mpi_ranks_gather(struct mpi_ranks *ranks, void *items, int64_t per_chunk, int64_t total,
                      MPI_Datatype item);

/*
 * The ledger (common/ledger.h) of `nchunks` chunks, summed over the ranks
 * into rank 0's copy (collective). Each rank counts the chunks it computes
 * in its own memory; verify, on rank 0, checks that every chunk was
 * computed equally often, so rank 0 needs every rank's counts. Called in
 * collect(), after the timed calls. Returns PB_OK, or PB_FAILED when a
 * rank ran out of memory (every rank agrees).
 */
struct ledger_entry;
enum pb_status mpi_ranks_merge_ledger(struct pb_run *run, struct ledger_entry *ledger,
                                      int64_t nchunks);

#endif
