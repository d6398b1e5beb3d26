/*
 * EXERCISE — generated from solutions/cos_series/pthreads.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=cos_series
 * VARIANT=pthreads` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * pthreads.c — cos_series with POSIX threads, created and joined right here.
 *
 * What changed from optimized.c:
 * (1) Threads. pthread_create starts worker_main on a new thread, with a
 *     pointer to that thread's own struct worker; pthread_join waits for a
 *     thread to end. Both return 0 or an error number (not -1 and errno),
 *     checked every time. If creating thread t fails, the t threads already
 *     running are still joined before the run fails: a thread left running
 *     would go on using `table` and `workers`, which this function is about
 *     to give back.
 * (2) An explicit static split: thread t of N sums the contiguous chunk
 *     numbers [t * count / N, (t + 1) * count / N). Every term costs the
 *     same, so equal shares of chunks are equal shares of work.
 * (3) One padded partial per chunk (cs->partials, common/partials.h), not
 *     one per thread: a chunk's sum does not depend on which thread
 *     computed it, so the answer cannot depend on the number of threads;
 *     and two threads writing neighbouring partials never share a cache
 *     line (false sharing).
 * (4) After joining every thread, the partials are added in chunk order:
 *     the same bits as optimized.c for any number of threads. One shared
 *     `sum += ...` instead would be a data race: `+=` is a load, an add and
 *     a store, and two threads doing it at once lose one of the additions.
 *     (`make test SAN=thread KERNEL=cos_series VARIANT=pthreads` finds such
 *     a race; the tests also check that every chunk's partial was written
 *     exactly once, which catches it every time.)
 * Thread creation is inside the timed run: every run creates and joins its
 * threads, as a program does that starts threads for one job. The harness
 * measures that cost on its own (startup_s: pb_start_threads creates and
 * joins as many threads that do nothing), so you can see what share of a
 * run it is. The later kernels call common/team.h, which is this pattern
 * written once.
 */
#include "cos_series/cos_series.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/outcome.h"
#include "common/exercise.h"
#include "common/traps.h"

/* What each thread is told: the problem, the shared table, which share. */
struct worker {
    pthread_t thread;
    struct cos_series *cs;
    const struct cos_table *table;
    const struct pb_run *run;
    int index, count; /* this is thread `index` of `count` */
};

static void *worker_main(void *arg)
{
    const struct worker *self = arg;
    run_bind_worker(self->run, self->index); /* --bind: pin this thread */
    /* TODO (exercise):
     * This thread is number self->index of self->count. Sum its own share
     * of the chunks: a contiguous block of chunk numbers, the same size for
     * every thread give or take one (common/chunks.h has the formula), each
     * chunk into its own partial (cos_series_sum_chunk).
     */
    exercise_missing("worker_main (pthreads.c)");
    (void)self;
    return NULL;
}

enum pb_status cos_series_pthreads(struct cos_series *cs, struct pb_run *run)
{
    struct cos_table table;
    cos_table_init(&table);
    struct worker *workers = calloc((size_t)run->workers, sizeof *workers);
    if (!workers)
        return run_fail(run, "no memory for %d workers", run->workers);
    for (int t = 0; t < run->workers; t++)
        workers[t] = (struct worker){.cs = cs, .table = &table, .run = run, .index = t,
                                     .count = run->workers};

    int started = 0; /* threads running */
    int create_error = 0, join_error = 0; /* the first error number of each */
    /* TODO (exercise):
     * Start one thread per worker: pthread_create(&workers[t].thread, NULL,
     * worker_main, &workers[t]). It returns 0 or an error number; on an
     * error keep it in create_error and start no more threads. Count the
     * threads that did start in `started`.
     * Then wait for every thread that started (pthread_join), also after a
     * failed create, keeping the first error number in join_error. Start
     * them all before joining any: joining each one right after creating it
     * would run them one after the other.
     */
    exercise_missing("cos_series_pthreads (pthreads.c)");
    (void)worker_main;
    free(workers);

    run->workers_actual = started;
    if (create_error != 0)
        return run_fail(run, "pthread_create for thread %d of %d failed: %s", started,
                        run->workers, strerror(create_error));
    if (join_error != 0)
        return run_fail(run, "pthread_join: %s", strerror(join_error));
    /* TODO (exercise):
     * All threads have ended: combine their results into cs->sum, so that
     * the answer is the same to the last bit for any number of threads.
     */
    exercise_missing("cos_series_pthreads (pthreads.c)");
    return PB_OK;
}
