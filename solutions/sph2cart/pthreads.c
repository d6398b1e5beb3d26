/*
 * pthreads.c — sph2cart with POSIX threads.
 *
 * What changed from optimized.c:
 * (1) An explicit static split: thread t of N converts the contiguous
 *     latitude slabs [t * nlat / N, (t + 1) * nlat / N) (common/chunks.h).
 *     Every slab costs the same, so equal shares of slabs are equal work;
 *     with more threads than latitudes, some threads get none.
 * (2) Nothing to reduce: each point's result has its own place in vx, vy,
 *     vz, written by exactly one thread, so no partial results, no locks and
 *     no padding are needed. Two threads share a cache line only where their
 *     blocks of slabs meet (one line at most), and only rows' ragged ends
 *     are written there with ordinary stores.
 * (3) sph2cart_slab ends with a store fence, and pthread_join (common/
 *     team.h) makes everything a thread wrote visible to the caller.
 * The tables are built once, before the threads start; they only read them.
 * With two threads on two cores the time stops halving long before the
 * cores run out of work: both share one memory system (see the lesson).
 * The threads are created and joined in every run (common/team.h, the
 * pattern cos_series' pthreads.c wrote out): their creation is inside the
 * timed run, and the harness also measures it apart as startup_s.
 */
#include "sph2cart/sph2cart.h"

#include <stdlib.h>

#include "common/chunks.h"
#include "common/outcome.h"
#include "common/team.h"
#include "common/traps.h"

/* What each thread is told: the problem and which share is its own. */
struct worker {
    struct sph2cart *s;
    int index, count;
};

static void *worker_main(void *arg)
{
    const struct worker *self = arg;
    /* BEGIN PROMPT
     * Thread self->index of self->count: convert its own contiguous share of
     * the latitudes, a slab at a time (sph2cart_slab).
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)self;) */
    int64_t first, last;
    chunks_of_worker(self->s->nlat, self->index, self->count, &first, &last);
    for (int64_t lat = first; lat < last; lat++)
        sph2cart_slab(self->s, lat);
    /* END SOLUTION */
    return NULL;
}

enum pb_status sph2cart_pthreads(struct sph2cart *s, struct pb_run *run)
{
    sph2cart_trig_init(s);
    struct worker *workers = malloc((size_t)run->workers * sizeof *workers);
    if (!workers)
        return run_fail(run, "no memory for %d workers", run->workers);
    for (int t = 0; t < run->workers; t++)
        workers[t] = (struct worker){s, t, run->workers};

    enum pb_status status = team_run(run, worker_main, workers, sizeof *workers);
    free(workers);
    return status;
}
