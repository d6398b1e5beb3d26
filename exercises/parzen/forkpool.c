/*
 * EXERCISE — generated from solutions/parzen/forkpool.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=parzen
 * VARIANT=forkpool` checks your answer, `make bench SRC=exercises` times it.
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
 *     ended, then takes the prefix sums. Integer sums are exact in any
 *     order, so the counts equal optimized.c's for any number of workers.
 * The samples and the window limits are in the parent's memory before the
 * fork: every worker reads them without a copy (pages are shared until
 * someone writes). The time measured includes forking and reaping the
 * workers: that start-up is the price of processes.
 */
#include "parzen/parzen.h"

#include <string.h>

#include "common/pool.h"
#include "common/exercise.h"
#include "common/traps.h"

/* Runs in a worker process: one chunk, binned into its own shared row. */
static int bin_chunk_task(void *context, int64_t chunk)
{
    const struct parzen *pz = context;
    int64_t *bins = parzen_row(&pz->chunk_rows, chunk);
    memset(bins, 0, (size_t)(pz->widths + 1) * sizeof *bins); /* prepare poisoned it */
    parzen_bin_chunk(pz, chunk, bins);
    return 0;
}

enum pb_status parzen_forkpool(struct parzen *pz, struct pb_run *run)
{
    parzen_limits_init(pz); /* before the fork: every worker inherits them */

    /* TODO (exercise):
     * Run bin_chunk_task for every chunk on run->workers worker processes
     * (common/pool.h); each chunk leaves its bins in its own row of
     * pz->chunk_rows, which setup mapped shared. Then add the rows up, in
     * chunk order, and turn the bins into counts.
     */
    exercise_missing("parzen_forkpool (forkpool.c)");
    (void)run, (void)bin_chunk_task; return PB_NOT_IMPLEMENTED;
}
