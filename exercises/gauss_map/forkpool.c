/*
 * EXERCISE — generated from solutions/gauss_map/forkpool.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=gauss_map
 * VARIANT=forkpool` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * forkpool.c — gauss_map on a pool of worker processes made with fork().
 *
 * What changed from optimized.c:
 * (1) The chunks of columns become the tasks of a process pool
 *     (common/pool.h): each worker takes the next chunk number from a
 *     counter in shared memory until none is left.
 * (2) Each worker writes its chunks' columns straight into gm->hist, which
 *     setup mapped as shared memory. A forked worker's ordinary memory is a
 *     copy-on-write copy of the parent's: counts written there would vanish
 *     with the worker.
 * (3) Nothing is added up afterwards: every column belongs to exactly one
 *     chunk, so the workers never write to the same counter, and the
 *     picture is the same, bit for bit, for any number of workers.
 * (4) The pool is forked once (gauss_map_forkpool_start), and each new
 *     worker maps in the whole histogram before it reports ready
 *     (shm_map_in, common/shm.h): fork does not copy a shared mapping's
 *     page table, so without that every worker would take a page fault on
 *     each page of the histogram it first writes, inside a timed run.
 *     Forking and mapping in are the start-up, timed apart.
 */
#include "gauss_map/gauss_map.h"

#include "common/pool.h"
#include "common/shm.h"
#include "common/exercise.h"
#include "common/traps.h"

/* Runs in each new worker: page-table entries for the whole histogram. */
static int map_in_histogram(void *context)
{
    const struct gauss_map *gm = context;
    shm_map_in(gm->hist, (size_t)(gm->width * gm->height) * sizeof *gm->hist);
    return 0;
}

/* Runs in a worker process: one chunk of columns into shared memory. */
static int chunk_task(void *context, int64_t chunk)
{
    struct gauss_map *gm = context;
    gauss_map_chunk(gm, chunk);
    return 0;
}

enum pb_status gauss_map_forkpool_start(struct gauss_map *gm, struct pb_run *run)
{
    run->workspace = pool_start(run, chunk_task, map_in_histogram, gm);
    return run->workspace ? PB_OK : PB_FAILED;
}

enum pb_status gauss_map_forkpool(struct gauss_map *gm, struct pb_run *run)
{
    /* TODO (exercise):
     * Hand every chunk of columns to the pool's workers (pool_run,
     * common/pool.h; the pool is run->workspace). The histogram the workers
     * write to is in memory that setup mapped shared: what would happen if
     * it were not?
     */
    exercise_missing("gauss_map_forkpool (forkpool.c)");
    (void)gm, (void)run; return PB_NOT_IMPLEMENTED;
}

enum pb_status gauss_map_forkpool_stop(struct gauss_map *gm, struct pb_run *run)
{
    (void)gm;
    enum pb_status status = pool_stop(run->workspace, run);
    run->workspace = NULL;
    return status;
}
