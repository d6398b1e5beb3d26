/*
 * EXERCISE — generated from solutions/slow_series/pthreads.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=slow_series
 * VARIANT=pthreads` checks your answer, `make bench SRC=exercises` times it.
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
 *       dynamic: threads take the next chunk number from a shared
 *         dispenser (common/dispenser.h, one atomic fetch-and-add per
 *         chunk) until none is left, so nobody idles while work remains.
 * (2) Each chunk's sum and count go into their own slots of ss->sums and
 *     ss->counts, arrays of cache-line sized slots (common/partials.h): two
 *     threads writing neighbouring results never fight over one cache line
 *     (false sharing).
 * (3) After joining every thread (common/team.h), the partials are added in
 *     chunk order: the same bits as optimized.c for any number of threads
 *     and either schedule. One shared `sum += ...` instead would be a data
 *     race, and even with a lock its result would depend on which thread got
 *     there first.
 */
#include "slow_series/slow_series.h"

#include <stdlib.h>

#include "common/dispenser.h"
#include "common/outcome.h"
#include "common/team.h"
#include "common/exercise.h"
#include "common/traps.h"

/* What each thread is told: the problem, the shared table and dispenser,
 * and which share is its own under the static schedule. */
struct worker {
    struct slow_series *ss;
    const struct slow_series_table *table;
    struct dispenser *chunks_left; /* shared by all threads (dynamic) */
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
     * Dynamic scheduling by hand: take chunk numbers from the dispenser all
     * threads share (common/dispenser.h) until it has none left, and sum each.
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
    struct dispenser chunks_left;
    dispenser_init(&chunks_left, ss->chunks.count);
    struct worker *workers = malloc((size_t)run->workers * sizeof *workers);
    if (!workers)
        return run_fail(run, "no memory for %d workers", run->workers);
    for (int t = 0; t < run->workers; t++)
        workers[t] = (struct worker){ss, &table, &chunks_left, t, run->workers};

    enum pb_status status = team_run(run, worker_main, workers, sizeof *workers);
    free(workers);
    if (status == PB_OK)
        slow_series_reduce(ss);
    return status;
}
