/*
 * EXERCISE — generated from solutions/gauss_map/pthreads.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=gauss_map
 * VARIANT=pthreads` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * pthreads.c — gauss_map with POSIX threads.
 *
 * What changed from optimized.c:
 * (1) An explicit static split: thread t of N computes the contiguous chunk
 *     numbers [t * count / N, (t + 1) * count / N). Every column costs the
 *     same (skip + points steps of the same vector code, whatever its
 *     dynamics), so equal shares of chunks are equal shares of work.
 * (2) No partial results and no reduction: a chunk owns its columns of the
 *     histogram, and no two threads ever write to the same counter. Only
 *     where one thread's last column meets the next thread's first column
 *     can two counters share a cache line (false sharing), and those are
 *     the outermost bins, which the orbits rarely visit.
 * (3) After joining every thread (common/team.h) the histogram is complete;
 *     it is the same, bit for bit, for any number of threads.
 * The threads are created and joined in every run (common/team.h, the
 * pattern cos_series' pthreads.c wrote out): their creation is inside the
 * timed run, and the harness also measures it apart as startup_s.
 */
#include "gauss_map/gauss_map.h"

#include <stdlib.h>

#include "common/outcome.h"
#include "common/team.h"
#include "common/exercise.h"
#include "common/traps.h"

/* What each thread is told: the problem, and which share is its own. */
struct worker {
    struct gauss_map *gm;
    int index, count;
};

static void *worker_main(void *arg)
{
    const struct worker *self = arg;
    /* TODO (exercise):
     * Thread self->index of self->count: compute its own contiguous share of
     * the chunks of columns (common/chunks.h). Why is no reduction needed
     * afterwards?
     */
    exercise_missing("worker_main (pthreads.c)");
    (void)self;
    return NULL;
}

enum pb_status gauss_map_pthreads(struct gauss_map *gm, struct pb_run *run)
{
    struct worker *workers = malloc((size_t)run->workers * sizeof *workers);
    if (!workers)
        return run_fail(run, "no memory for %d workers", run->workers);
    for (int t = 0; t < run->workers; t++)
        workers[t] = (struct worker){gm, t, run->workers};

    enum pb_status status = team_run(run, worker_main, workers, sizeof *workers);
    free(workers);
    return status;
}
