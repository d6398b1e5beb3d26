/*
 * EXERCISE — generated from solutions/slow_series/forkpool.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=slow_series
 * VARIANT=forkpool` checks your answer, `make bench SRC=exercises` times it.
 */
/*
 * forkpool.c — slow_series on a pool of worker processes made with fork().
 *
 * What changed from optimized.c:
 * (1) The work becomes tasks of a process pool (common/pool.h): workers
 *     take the next task number from a counter in shared memory until none
 *     is left. How the chunks are cut into tasks is the `schedule`:
 *       dynamic: one task per chunk. A worker that drew cheap chunks (such
 *         as the empty ones in 90,000,000-99,999,999) simply takes more, so
 *         all workers finish at about the same time;
 *       static: one task per worker, task t covering the contiguous chunks
 *         that chunks_of_worker gives worker t. Equal index ranges, fixed in
 *         advance: at n = 1e8 and 2 workers the first share holds 23.9
 *         million terms and the second 19.1 million, and everyone waits for
 *         the slowest.
 * (2) Each worker writes its chunk sums and counts into ss->sums and
 *     ss->counts, which setup mapped as shared memory. A forked worker's
 *     ordinary variables are a copy-on-write copy of the parent's: a sum
 *     left in one of them would vanish with the worker.
 * (3) The parent adds the partials in chunk order after every worker has
 *     ended, giving the same bits as optimized.c for any number of workers
 *     and either schedule: a chunk's sum does not depend on who computed it.
 * The suffix table is built before the fork; every worker inherits it
 * without copying (the pages are only read).
 * The time measured includes forking and reaping the workers: that start-up
 * is the price of processes.
 */
#include "slow_series/slow_series.h"

#include "common/pool.h"
#include "common/exercise.h"
#include "common/traps.h"

struct task_context {
    struct slow_series *ss;
    const struct slow_series_table *table;
    int shares; /* static schedule: the work is cut into this many shares */
};

/* Dynamic schedule, in a worker process: one chunk. */
static int sum_chunk_task(void *context, int64_t chunk)
{
    struct task_context *task = context;
    slow_series_sum_chunk(task->ss, task->table, chunk);
    return 0;
}

/* Static schedule, in a worker process: share number `share`, a contiguous
 * run of chunks fixed in advance whatever it costs. */
static int sum_share_task(void *context, int64_t share)
{
    struct task_context *task = context;
    /* TODO (exercise):
     * Static schedule: this task is share number `share` of task->shares,
     * a contiguous run of chunk numbers fixed in advance (common/chunks.h).
     * Sum each of its chunks into shared memory (slow_series_sum_chunk).
     */
    exercise_missing("sum_share_task (forkpool.c)");
    (void)task, (void)share;
    return 0;
}

enum pb_status slow_series_forkpool(struct slow_series *ss, struct pb_run *run)
{
    struct slow_series_table table;
    slow_series_table_init(&table);
    struct task_context context = {ss, &table, run->workers};

    const int dynamic = ss->schedule == SLOW_SERIES_DYNAMIC;
    int64_t ntasks = dynamic ? ss->chunks.count : run->workers;
    enum pb_status status =
        pool_run(run, ntasks, dynamic ? sum_chunk_task : sum_share_task, &context);
    if (status == PB_OK)
        slow_series_reduce(ss);
    return status;
}
