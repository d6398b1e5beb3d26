/*
 * EXERCISE — generated from solutions/sph2cart/forkpool.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=sph2cart
 * VARIANT=forkpool` checks your answer, `make bench SRC=exercises` times it.
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
 *     whatever it wrote there would vanish with the worker. The tables are
 *     built before the fork in ordinary memory: the workers only read them.
 * (3) A worker maps its slab's output pages in by reading them before it
 *     writes them (shm_map_in, common/shm.h). A fresh child has no page-table entries for the shared
 *     arrays: the kernel adds them on demand, one page fault per 4 KiB page
 *     written (about 1 us each), but up to 16 pages per fault for a read
 *     (Linux "fault-around"). At the default size that is ~88,000 write
 *     faults per run against ~5,500 read faults: about 1.6x faster here.
 * The time measured includes forking the workers, their page faults, and
 * tearing down their page tables when they exit: the price of processes.
 */
#include "sph2cart/sph2cart.h"

#include "common/pool.h"
#include "common/shm.h"
#include "common/exercise.h"
#include "common/traps.h"

/* Maps in the slab's output pages before writing them (see (3) above). */
static void map_outputs(const struct sph2cart *s, int64_t lat)
{
    int64_t begin = sph2cart_index(s, lat, 0, 0);
    size_t bytes = (size_t)(s->nr * s->nlon) * sizeof(double);
    shm_map_in(s->vx + begin, bytes);
    shm_map_in(s->vy + begin, bytes);
    shm_map_in(s->vz + begin, bytes);
}

/* Runs in a worker process: one slab, written straight into shared memory. */
static int convert_slab_task(void *context, int64_t lat)
{
    struct sph2cart *s = context;
    map_outputs(s, lat);
    sph2cart_slab(s, lat);
    return 0;
}

enum pb_status sph2cart_forkpool(struct sph2cart *s, struct pb_run *run)
{
    sph2cart_trig_init(s);

    /* TODO (exercise):
     * Run convert_slab_task for every latitude on run->workers worker
     * processes (common/pool.h). The outputs are in memory that setup mapped
     * shared: why would a worker's results be lost otherwise?
     */
    exercise_missing("sph2cart_forkpool (forkpool.c)");
    (void)run, (void)convert_slab_task; return PB_NOT_IMPLEMENTED;
}
