/*
 * EXERCISE — generated from solutions/slow_series/pthreads.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=slow_series
 * VARIANT=pthreads` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * pthreads.c — slow_series with POSIX threads.
 *
 * What changed from optimized.c:
 * (1) An explicit work split, chosen by the `schedule` parameter:
 *       static: thread t of N sums the contiguous chunk numbers
 *         [t count / N, (t + 1) count / N), decided before it starts. Equal
 *         index ranges are not equal work here (the last tenth of
 *         [1, 10^8] holds no term at all), so some threads finish early and
 *         wait for the others;
 *       dynamic: the threads share one counter, the next chunk number
 *         nobody has taken. A thread takes a number with one atomic
 *         fetch-and-add (C11 atomic_fetch_add): it reads the counter and
 *         adds one in a single indivisible step, so no two threads ever get
 *         the same chunk and no lock is needed. A plain `next++` would be a
 *         data race: two threads could read the same value. Nobody idles
 *         while work remains. (common/dispenser.h is this counter, written
 *         once: the fork pool and the later kernels use it.)
 * (2) Each chunk's sum and count go into their own slots of ss->sums and
 *     ss->counts, arrays of cache-line sized slots (common/partials.h): two
 *     threads writing neighbouring results never fight over one cache line
 *     (false sharing).
 * (3) After joining every thread, the partials are added in chunk order:
 *     the same bits as optimized.c for any number of threads and either
 *     schedule.
 * The threads are created and joined by common/team.h, which is what
 * cos_series' pthreads.c wrote out by hand, and it happens inside every
 * timed run; the harness measures that cost apart as startup_s.
 */
#include "slow_series/slow_series.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "common/outcome.h"
#include "common/team.h"
#include "common/exercise.h"
#include "common/traps.h"

/* What each thread is told: the problem, the shared table and counter,
 * and which share is its own under the static schedule. */
struct worker {
    struct slow_series *ss;
    const struct slow_series_table *table;
    atomic_llong *next_chunk; /* dynamic: the first chunk nobody has taken */
    int index, count;
};

static void sum_own_share(const struct worker *self)
{
    int64_t first, last;
    chunks_of_worker(self->ss->chunks.count, self->index, self->count, &first, &last);
    for (int64_t chunk = first; chunk < last; chunk++)
        slow_series_sum_chunk(self->ss, self->table, chunk);
}

static void sum_on_demand(const struct worker *self)
{
    /* TODO (exercise):
     * Dynamic scheduling by hand: take the next chunk number from the
     * counter all threads share, *self->next_chunk, with atomic_fetch_add
     * (<stdatomic.h>: it returns the value before adding), and sum that
     * chunk; stop once the number is past the last chunk.
     */
    exercise_missing("sum_on_demand (pthreads.c)");
    (void)self;
}

static void *worker_main(void *arg)
{
    const struct worker *self = arg;
    if (self->ss->schedule == SLOW_SERIES_STATIC)
        sum_own_share(self);
    else
        sum_on_demand(self);
    return NULL;
}

enum pb_status slow_series_pthreads(struct slow_series *ss, struct pb_run *run)
{
    struct slow_series_table table;
    slow_series_table_init(&table);
    atomic_llong next_chunk;
    atomic_init(&next_chunk, 0);
    struct worker *workers = malloc((size_t)run->workers * sizeof *workers);
    if (!workers)
        return run_fail(run, "no memory for %d workers", run->workers);
    for (int t = 0; t < run->workers; t++)
        workers[t] = (struct worker){ss, &table, &next_chunk, t, run->workers};

    enum pb_status status = team_run(run, worker_main, workers, sizeof *workers);
    free(workers);
    if (status == PB_OK)
        slow_series_reduce(ss);
    return status;
}
