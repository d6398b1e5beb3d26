/*
 * EXERCISE — generated from solutions/cos_series/forkpool.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=cos_series
 * VARIANT=forkpool` checks your answer, `make bench SRC=exercises` times it.
 */
/*
 * forkpool.c — cos_series on a pool of worker processes made with fork().
 *
 * What changed from optimized.c:
 * (1) The chunks become tasks of a process pool (common/pool.h): workers
 *     take the next chunk number from a counter in shared memory until none
 *     is left, so a worker that finishes early simply takes more.
 * (2) Each worker writes its chunk sums into cs->partials, which setup
 *     mapped as shared memory. A forked worker's ordinary variables are a
 *     copy-on-write copy of the parent's: a sum left in one of them would
 *     vanish with the worker.
 * (3) The parent adds the partials in chunk order after every worker has
 *     ended, giving the same bits as optimized.c for any number of workers.
 * The table of cos(j), sin(j) is built before the fork; every worker
 * inherits it without copying (the pages are only read).
 * The time measured includes forking and reaping the workers: that start-up
 * is the price of processes.
 */
#include "cos_series/cos_series.h"

#include "common/pool.h"
#include "common/exercise.h"
#include "common/traps.h"

struct task_context {
    struct cos_series *cs;
    const struct cos_table *table;
};

/* Runs in a worker process: one chunk, its sum into shared memory. */
static int sum_chunk_task(void *context, int64_t chunk)
{
    struct task_context *task = context;
    /* TODO (exercise):
     * Sum chunk number `chunk` and leave its sum where the parent will see
     * it after this worker process has ended. (Which memory survives a
     * worker? See common/shm.h.)
     */
    exercise_missing("sum_chunk_task (forkpool.c)");
    (void)task; (void)chunk;
    return 0;
}

enum pb_status cos_series_forkpool(struct cos_series *cs, struct pb_run *run)
{
    struct cos_table table;
    cos_table_init(&table);
    struct task_context context = {cs, &table};

    /* TODO (exercise):
     * Run sum_chunk_task for every chunk on run->workers worker processes
     * (common/pool.h), then add the chunks' sums in chunk order.
     */
    exercise_missing("cos_series_forkpool (forkpool.c)");
    (void)run, (void)context, (void)sum_chunk_task; return PB_NOT_IMPLEMENTED;
}
