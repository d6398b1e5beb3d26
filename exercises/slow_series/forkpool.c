/*
 * EXERCISE — generated from solutions/slow_series/forkpool.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=slow_series
 * VARIANT=forkpool` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * forkpool.c — slow_series on a pool of worker processes made with fork().
 *
 * What changed from optimized.c:
 * (1) The work becomes tasks of a process pool (common/pool.h): workers
 *     take the next task number from a counter in shared memory until none
 *     is left. How the chunks are cut into tasks is the `schedule`:
 *       dynamic: one task per chunk. A worker that drew cheap chunks (such
 *         as the empty ones in 9,000,000,000-9,999,999,999) simply takes
 *         more, so all workers finish at about the same time;
 *       static: one task per worker, task t covering the contiguous chunks
 *         that chunks_of_worker gives worker t. Equal index ranges, fixed in
 *         advance, are unequal work, and everyone waits for the slowest
 *         (the lesson tabulates the shares).
 * (2) Each worker writes its chunk sums and counts into ss->sums and
 *     ss->counts, which setup mapped as shared memory. A forked worker's
 *     ordinary variables are a copy-on-write copy of the parent's: a sum
 *     left in one of them would vanish with the worker.
 * (3) The parent adds the partials in chunk order after every worker has
 *     reported, giving the same bits as optimized.c for any number of
 *     workers and either schedule: a chunk's sum does not depend on who
 *     computed it.
 * The pool is forked once (slow_series_forkpool_start), after the suffix
 * table is built: every worker inherits it without copying (the pages are
 * only read). Forking is the start-up, timed apart.
 */
#include "slow_series/slow_series.h"

#include <stdlib.h>

#include "common/outcome.h"
#include "common/pool.h"
#include "common/exercise.h"
#include "common/traps.h"

/* What the pool's workers need, made before the fork and kept until stop. */
struct workspace {
    struct slow_series *ss;
    struct slow_series_table table;
    int shares; /* static schedule: the work is cut into this many shares */
    struct pool *pool;
};

/* Dynamic schedule, in a worker process: one chunk. */
static int sum_chunk_task(void *context, int64_t chunk)
{
    struct workspace *ws = context;
    slow_series_sum_chunk(ws->ss, &ws->table, chunk);
    return 0;
}

/* Static schedule, in a worker process: share number `share`, a contiguous
 * run of chunks fixed in advance whatever it costs. */
static int sum_share_task(void *context, int64_t share)
{
    struct workspace *ws = context;
    /* TODO (exercise):
     * Static schedule: this task is share number `share` of ws->shares,
     * a contiguous run of chunk numbers fixed in advance (common/chunks.h).
     * Sum each of its chunks into shared memory (slow_series_sum_chunk).
     */
    exercise_missing("sum_share_task (forkpool.c)");
    (void)ws, (void)share;
    return 0;
}

enum pb_status slow_series_forkpool_start(struct slow_series *ss, struct pb_run *run)
{
    struct workspace *ws = malloc(sizeof *ws);
    if (!ws)
        return run_fail(run, "no memory for the pool's workspace");
    ws->ss = ss;
    ws->shares = run->workers;
    slow_series_table_init(&ws->table);
    const int dynamic = ss->schedule == SLOW_SERIES_DYNAMIC;
    ws->pool = pool_start(run, dynamic ? sum_chunk_task : sum_share_task, NULL, ws);
    if (!ws->pool) {
        free(ws);
        return PB_FAILED;
    }
    run->workspace = ws;
    return PB_OK;
}

enum pb_status slow_series_forkpool(struct slow_series *ss, struct pb_run *run)
{
    struct workspace *ws = run->workspace;
    const int dynamic = ss->schedule == SLOW_SERIES_DYNAMIC;
    enum pb_status status = pool_run(ws->pool, run, dynamic ? ss->chunks.count : ws->shares);
    if (status == PB_OK)
        slow_series_reduce(ss);
    return status;
}

enum pb_status slow_series_forkpool_stop(struct slow_series *ss, struct pb_run *run)
{
    (void)ss;
    struct workspace *ws = run->workspace;
    enum pb_status status = ws ? pool_stop(ws->pool, run) : PB_OK;
    free(ws);
    run->workspace = NULL;
    return status;
}
