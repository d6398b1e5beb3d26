/*
 * pthreads.c — cos_series with POSIX threads.
 *
 * What changed from optimized.c:
 * (1) An explicit static split: thread t of N sums the contiguous chunk
 *     numbers [t * count / N, (t + 1) * count / N). Every term costs the
 *     same, so equal shares of chunks are equal shares of work.
 * (2) Each thread writes one partial per chunk into cs->partials, an array
 *     of cache-line sized slots (common/partials.h): two threads writing
 *     neighbouring sums never fight over one cache line (false sharing).
 * (3) After joining every thread (common/team.h), the partials are added in
 *     chunk order: the same bits as optimized.c for any number of threads.
 *     One shared `sum += ...` instead would be a data race, and even with a
 *     lock its result would depend on which thread got there first.
 */
#include "cos_series/cos_series.h"

#include <stdlib.h>

#include "common/outcome.h"
#include "common/team.h"
#include "common/traps.h"

/* What each thread is told: the problem, the shared table, which share. */
struct worker {
    struct cos_series *cs;
    const struct cos_table *table;
    int index, count;
};

static void *worker_main(void *arg)
{
    const struct worker *self = arg;
    /* BEGIN PROMPT
     * This thread is number self->index of self->count. Sum its own share
     * of the chunks: a contiguous block of chunk numbers, the same size for
     * every thread give or take one (common/chunks.h has the formula).
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)self;) */
    int64_t first, last;
    chunks_of_worker(self->cs->chunks.count, self->index, self->count, &first, &last);
    for (int64_t chunk = first; chunk < last; chunk++)
        cos_series_sum_chunk(self->cs, self->table, chunk);
    /* END SOLUTION */
    return NULL;
}

enum pb_status cos_series_pthreads(struct cos_series *cs, struct pb_run *run)
{
    struct cos_table table;
    cos_table_init(&table);
    struct worker *workers = malloc((size_t)run->workers * sizeof *workers);
    if (!workers)
        return run_fail(run, "no memory for %d workers", run->workers);
    for (int t = 0; t < run->workers; t++)
        workers[t] = (struct worker){cs, &table, t, run->workers};

    enum pb_status status = team_run(run, worker_main, workers, sizeof *workers);
    free(workers);
    /* BEGIN PROMPT
     * All threads have ended: combine their results into cs->sum, so that
     * the answer is the same to the last bit for any number of threads.
     * END PROMPT */
    /* BEGIN SOLUTION */
    if (status == PB_OK)
        cs->sum = partials_sum(cs->partials, cs->chunks.count);
    /* END SOLUTION */
    return status;
}
