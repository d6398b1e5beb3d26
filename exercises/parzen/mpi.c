/*
 * EXERCISE — generated from solutions/parzen/mpi.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=parzen
 * VARIANT=mpi` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * mpi.c — parzen with MPI: integer counts, where MPI_Reduce is exact.
 *
 * What changed from optimized.c (cos_series/mpi.c has the MPI basics):
 * (1) Rank r bins block r of the chunks of samples (common/mpi_ranks.h):
 *     every sample costs about the same. Every rank has generated all the
 *     samples in setup; it reads only its own. With --threads-per-rank T,
 *     the rank's threads each bin into a row of their own, padded to cache
 *     lines, added in thread order (as in openmp.c).
 * (2) The ranks' bins are added on rank 0 by MPI_Reduce with MPI_SUM, bin
 *     by bin. For integers that is exact in any order, so the library may
 *     add them in whatever order it likes and the counts are the same for
 *     any number of ranks. (cos_series sums doubles: there the order
 *     changes the last bits, and the partials must be gathered instead.)
 * (3) Only rank 0 turns the bins into counts; verify runs there alone.
 * The rows are mapped per run, inside the timed region: a few microseconds.
 */
#include "parzen/parzen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "common/mpi_ranks.h"
#include "common/outcome.h"
#include "common/exercise.h"
#include "common/traps.h"

/* A rank's own, from start to stop. */
struct workspace {
    struct mpi_ranks ranks;
    int64_t *mine; /* this rank's W + 1 bins, summed over its threads */
};

enum pb_status parzen_mpi_start(struct parzen *pz, struct pb_run *run)
{
    struct workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return run_fail(run, "no memory for the rank's workspace");
    run->workspace = ws;
    enum pb_status status = mpi_ranks_start(&ws->ranks, run, pz->chunks.count);
    if (status != PB_OK)
        return status;
    ws->mine = malloc((size_t)(pz->widths + 1) * sizeof *ws->mine);
    return mpi_ranks_agree(run, ws->mine ? PB_OK : run_fail(run, "no memory for the bins"));
}

enum pb_status parzen_mpi(struct parzen *pz, struct pb_run *run)
{
    struct workspace *ws = run->workspace;
    const struct mpi_ranks *ranks = &ws->ranks;
    parzen_limits_init(pz);
    struct parzen_rows rows;
    if (parzen_rows_alloc(&rows, pz, ranks->threads) != 0) /* a rank that fails here ends the job */
        return run_fail(run, "cannot map %d rows of bins: %s", ranks->threads, strerror(errno));
#pragma omp parallel num_threads(ranks->threads)
    {
        int64_t *bins = parzen_row(&rows, omp_get_thread_num()); /* this thread's own */
#pragma omp for schedule(static)
        for (int64_t chunk = ranks->first; chunk < ranks->last; chunk++)
            parzen_bin_chunk(pz, chunk, bins);
    }
    parzen_rows_sum(&rows, pz->widths + 1, ws->mine);
    parzen_rows_free(&rows);

    /* TODO (exercise):
     * Each rank has its own bins in ws->mine (W + 1 of them). Add them up,
     * bin by bin, into pz->bins on rank 0 with one collective call; then, on
     * rank 0, turn the bins into counts (parzen_counts_from_bins). Why may
     * MPI add these in any order here, but not cos_series' sums?
     */
    exercise_missing("parzen_mpi (mpi.c)");
    return PB_OK;
}

/* Nothing to bring together after the run: the counts are already on rank 0. */
enum pb_status parzen_mpi_collect(struct parzen *pz, struct pb_run *run)
{
    (void)pz;
    (void)run;
    return PB_OK;
}

enum pb_status parzen_mpi_stop(struct parzen *pz, struct pb_run *run)
{
    (void)pz;
    struct workspace *ws = run->workspace;
    if (ws) {
        mpi_ranks_stop(&ws->ranks);
        free(ws->mine);
        free(ws);
    }
    run->workspace = NULL;
    return PB_OK;
}
