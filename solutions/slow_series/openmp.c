/*
 * openmp.c — slow_series with OpenMP.
 *
 * What changed from optimized.c: one parallel region around the chunk loop.
 * (1) `omp for` splits the chunks among the team's threads, with the
 *     schedule the `schedule` parameter asks for:
 *       schedule(static): each thread gets one contiguous block of chunks,
 *         decided once. Right for uniform work (cos_series), wrong here:
 *         the block that holds 90,000,000-99,999,999 has almost nothing to
 *         do;
 *       schedule(dynamic, 1): a thread takes the next chunk when it has
 *         finished its last one, at the cost of one atomic operation per
 *         chunk, which is nothing next to a chunk's ~40,000 terms.
 *     The two loops are orphaned `omp for` constructs: they bind to the
 *     parallel region of their caller.
 * (2) No reduction(+ : sum) clause. It would let every thread keep its own
 *     sum and add them in whatever order the threads finish, so the last
 *     bits of the answer would change with the thread count. Instead each
 *     chunk's sum goes to its own slot, added in chunk order afterwards.
 * (3) The team size is recorded from inside the parallel region, because
 *     the runtime may give fewer threads than asked (OMP_DYNAMIC, limits).
 * The OpenMP runtime creates its threads at the first parallel region (the
 * harness runs an empty one first, pb_start_openmp, and reports it as
 * startup_s) and reuses them in every later region: thread creation is
 * not inside the timed runs.
 */
#include "slow_series/slow_series.h"

#include <omp.h>

#include "common/traps.h"

static void sum_chunks_static(struct slow_series *ss, const struct slow_series_table *table)
{
    /* BEGIN PROMPT
     * Share out the chunk loop among the threads of the enclosing parallel
     * region in equal contiguous blocks, decided in advance.
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)ss, (void)table;) */
#pragma omp for schedule(static)
    for (int64_t chunk = 0; chunk < ss->chunks.count; chunk++)
        slow_series_sum_chunk(ss, table, chunk);
    /* END SOLUTION */
}

static void sum_chunks_dynamic(struct slow_series *ss, const struct slow_series_table *table)
{
    /* BEGIN PROMPT
     * The same loop, but chunks handed out one at a time to whichever thread
     * is free. Why does that matter once the serial code skips the blocks that
     * contain a 9?
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)ss, (void)table;) */
#pragma omp for schedule(dynamic, 1)
    for (int64_t chunk = 0; chunk < ss->chunks.count; chunk++)
        slow_series_sum_chunk(ss, table, chunk);
    /* END SOLUTION */
}

enum pb_status slow_series_openmp(struct slow_series *ss, struct pb_run *run)
{
    struct slow_series_table table;
    slow_series_table_init(&table);
    int team_size = 0;

#pragma omp parallel num_threads(run->workers)
    {
#pragma omp single
        team_size = omp_get_num_threads();

        if (ss->schedule == SLOW_SERIES_STATIC) /* the same branch in every thread */
            sum_chunks_static(ss, &table);
        else
            sum_chunks_dynamic(ss, &table);
    }

    run->workers_actual = team_size;
    slow_series_reduce(ss);
    return PB_OK;
}
