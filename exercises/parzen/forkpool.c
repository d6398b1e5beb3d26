/*
 * EXERCISE — generated from solutions/parzen/forkpool.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=parzen
 * VARIANT=forkpool` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * forkpool.c — parzen on a pool of worker processes made with fork().
 *
 * What changed from optimized.c:
 * (1) The chunks of samples become tasks of a process pool (common/pool.h):
 *     each worker takes the next chunk number from a counter in shared
 *     memory until none is left.
 * (2) Privatized counters: every chunk bins its samples into a row of bins
 *     of its own (pz->chunk_rows), so no two workers ever add to the same
 *     counter and no lock or atomic is needed. The rows are per chunk, not
 *     per worker, because a pool worker does not know which worker it is:
 *     it only knows the task number it was handed.
 * (3) The rows live in shared memory that setup mapped before any fork. A
 *     forked worker's ordinary memory is a copy-on-write copy: counts left
 *     there would vanish with the worker. Rows start on their own cache
 *     lines (pad=line), as chunks next to each other run at the same time.
 * (4) The parent adds the rows up in chunk order after every worker has
 *     reported, then takes the prefix sums. Integer sums are exact in any
 *     order, so the counts equal optimized.c's for any number of workers.
 * The pool is forked once (parzen_forkpool_start), after the window limits
 * are computed; the samples were made by setup. Every worker reads both
 * without a copy (pages are shared until someone writes) and maps in the
 * shared rows before it reports ready. Forking is the start-up, timed apart.
 */
#include "parzen/parzen.h"

#include <string.h>

#include "common/pool.h"
#include "common/shm.h"
#include "common/exercise.h"
#include "common/traps.h"

/* Runs in each new worker: page-table entries for the shared rows. */
static int map_in_rows(void *context)
{
    const struct parzen *pz = context;
    const struct parzen_rows *rows = &pz->chunk_rows;
    shm_map_in(rows->bins, (size_t)(rows->count * rows->stride) * sizeof *rows->bins);
    return 0;
}

/* Runs in a worker process: one chunk, binned into its own shared row. */
static int bin_chunk_task(void *context, int64_t chunk)
{
    const struct parzen *pz = context;
    int64_t *bins = parzen_row(&pz->chunk_rows, chunk);
    memset(bins, 0, (size_t)(pz->widths + 1) * sizeof *bins); /* prepare poisoned it */
    parzen_bin_chunk(pz, chunk, bins);
    return 0;
}

enum pb_status parzen_forkpool_start(struct parzen *pz, struct pb_run *run)
{
    parzen_limits_init(pz); /* before the fork: every worker inherits them */
    run->workspace = pool_start(run, bin_chunk_task, map_in_rows, pz);
    return run->workspace ? PB_OK : PB_FAILED;
}

enum pb_status parzen_forkpool(struct parzen *pz, struct pb_run *run)
{
    /* TODO (exercise):
     * Hand every chunk to the pool's workers (pool_run, common/pool.h; the
     * pool is run->workspace); each chunk leaves its bins in its own row of
     * pz->chunk_rows, which setup mapped shared. Then add the rows up, in
     * chunk order, and turn the bins into counts.
     */
    exercise_missing("parzen_forkpool (forkpool.c)");
    (void)pz, (void)run; return PB_NOT_IMPLEMENTED;
}

enum pb_status parzen_forkpool_stop(struct parzen *pz, struct pb_run *run)
{
    (void)pz;
    enum pb_status status = pool_stop(run->workspace, run);
    run->workspace = NULL;
    return status;
}
