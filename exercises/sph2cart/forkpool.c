/*
 * EXERCISE — generated from solutions/sph2cart/forkpool.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=sph2cart
 * VARIANT=forkpool` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * forkpool.c — sph2cart on a pool of worker processes made with fork().
 *
 * What changed from optimized.c:
 * (1) The latitude slabs become tasks of a process pool (common/pool.h):
 *     workers take the next slab number from a counter in shared memory
 *     until none is left.
 * (2) The six arrays were mapped shared by setup (common/shm.h). A forked
 *     worker's ordinary memory is a copy-on-write copy of its parent's: the
 *     first write to a page gives the worker a private copy of it, and
 *     whatever it wrote there would vanish with the worker.
 * (3) The pool is forked once (sph2cart_forkpool_start), after the trig
 *     tables are built: the workers only read their copies of them. Each new
 *     worker maps in all six arrays before it reports ready (shm_map_in): a
 *     fresh child has no page-table entries for its parent's shared
 *     mappings, and would otherwise take a page fault on every 4 KiB page it
 *     touches, tens of thousands per run at the default size. Forking and
 *     mapping in are the start-up, timed apart: the price of processes.
 */
#include "sph2cart/sph2cart.h"

#include "common/pool.h"
#include "common/shm.h"
#include "common/exercise.h"
#include "common/traps.h"

/* Runs in each new worker: page-table entries for the six shared arrays. */
static int map_in_arrays(void *context)
{
    const struct sph2cart *s = context;
    const double *arrays[] = {s->vlat, s->vlon, s->vrad, s->vx, s->vy, s->vz};
    for (size_t a = 0; a < ARRAY_SIZE(arrays); a++)
        shm_map_in(arrays[a], s->array_bytes);
    return 0;
}

/* Runs in a worker process: one slab, written straight into shared memory. */
static int convert_slab_task(void *context, int64_t lat)
{
    sph2cart_slab(context, lat);
    return 0;
}

enum pb_status sph2cart_forkpool_start(struct sph2cart *s, struct pb_run *run)
{
    sph2cart_trig_init(s); /* before the fork: every worker inherits the tables */
    run->workspace = pool_start(run, convert_slab_task, map_in_arrays, s);
    return run->workspace ? PB_OK : PB_FAILED;
}

enum pb_status sph2cart_forkpool(struct sph2cart *s, struct pb_run *run)
{
    /* TODO (exercise):
     * Hand every latitude slab to the pool's workers (pool_run,
     * common/pool.h; the pool is run->workspace). The outputs are in memory
     * that setup mapped shared: why would a worker's results be lost
     * otherwise?
     */
    exercise_missing("sph2cart_forkpool (forkpool.c)");
    (void)s, (void)run; return PB_NOT_IMPLEMENTED;
}

enum pb_status sph2cart_forkpool_stop(struct sph2cart *s, struct pb_run *run)
{
    (void)s;
    enum pb_status status = pool_stop(run->workspace, run);
    run->workspace = NULL;
    return status;
}
