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
 *     reported, giving the same bits as optimized.c for any number of
 *     workers.
 * The pool is forked once, in cos_series_forkpool_start, after the table of
 * cos(j), sin(j) is built: every worker inherits it without copying (the
 * pages are only read). Forking is the start-up, timed apart.
 */
#include "cos_series/cos_series.h"

#include <stdlib.h>

#include "common/outcome.h"
#include "common/pool.h"
#include "common/traps.h"

/* What the pool's workers need, made before the fork and kept until stop. */
struct workspace {
    struct cos_series *cs;
    struct cos_table table;
    struct pool *pool;
};

/* Runs in a worker process: one chunk, its sum into shared memory. */
static int sum_chunk_task(void *context, int64_t chunk)
{
    struct workspace *ws = context;
    /* BEGIN PROMPT
     * Sum chunk number `chunk` and leave its sum where the parent will see
     * it after this worker has reported. (Which memory do parent and
     * worker share? See common/shm.h.)
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)ws; (void)chunk;) */
    cos_series_sum_chunk(ws->cs, &ws->table, chunk);
    /* END SOLUTION */
    return 0;
}

enum pb_status cos_series_forkpool_start(struct cos_series *cs, struct pb_run *run)
{
    struct workspace *ws = malloc(sizeof *ws);
    if (!ws)
        return run_fail(run, "no memory for the pool's workspace");
    ws->cs = cs;
    cos_table_init(&ws->table);
    ws->pool = pool_start(run, sum_chunk_task, NULL, ws);
    if (!ws->pool) {
        free(ws);
        return PB_FAILED;
    }
    run->workspace = ws;
    return PB_OK;
}

enum pb_status cos_series_forkpool(struct cos_series *cs, struct pb_run *run)
{
    struct workspace *ws = run->workspace;
    /* BEGIN PROMPT
     * Hand every chunk to the pool's workers (pool_run, common/pool.h),
     * then add the chunks' sums in chunk order into cs->sum.
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)cs, (void)ws; return PB_NOT_IMPLEMENTED;) */
    enum pb_status status = pool_run(ws->pool, run, cs->chunks.count);
    if (status == PB_OK)
        cs->sum = partials_sum(cs->partials, cs->chunks.count);
    return status;
    /* END SOLUTION */
}

enum pb_status cos_series_forkpool_stop(struct cos_series *cs, struct pb_run *run)
{
    (void)cs;
    struct workspace *ws = run->workspace;
    enum pb_status status = ws ? pool_stop(ws->pool, run) : PB_OK;
    free(ws);
    run->workspace = NULL;
    return status;
}
