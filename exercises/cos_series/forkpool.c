/*
 * EXERCISE — generated from solutions/cos_series/forkpool.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=cos_series
 * VARIANT=forkpool` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * forkpool.c — cos_series on worker processes made with fork(), right here.
 *
 * What changed from pthreads.c:
 * (1) Memory for the results, mapped shared BEFORE the fork. A forked child
 *     gets a copy-on-write copy of its parent's memory: what it writes into
 *     an ordinary variable, or into cs->partials (ordinary memory from
 *     setup), lands in its own copy and vanishes with it. Pages mapped with
 *     mmap(MAP_SHARED | MAP_ANONYMOUS) before the fork stay the same
 *     physical memory in the parent and every child: each run maps its
 *     `slots`, one padded partial per chunk, and unmaps them at the end.
 * (2) fork() per worker. The child (fork returned 0) sums its static share
 *     of the chunks, as a thread did in pthreads.c, into the slots, and ends
 *     with _exit(0): never exit(), which would flush stdio buffers copied
 *     from the parent (printing them twice) and run the parent's atexit
 *     handlers; never return, which would go on running the parent's code.
 * (3) The parent reaps every child with waitpid, which also says how it
 *     ended: WIFEXITED and WEXITSTATUS for an exit, WIFSIGNALED and WTERMSIG
 *     for a crash or a kill. Anything but exit status 0 fails the run, and
 *     every child is reaped even then (an unreaped child stays a zombie).
 * (4) Before adding the slots in chunk order, the parent checks that each
 *     was written: a slot still holding the poison it wrote before the fork
 *     was written in a child's own copy, if at all (common/ledger.h names
 *     which).
 * Forking per run is fine here: the processes share one small array of
 *     partials, and a fork with a small parent costs some 0.1 ms, against
 *     the milliseconds to a second of a run. forkpool_start forks and reaps
 *     as many workers that do nothing, so startup_s shows what each run
 *     pays. The later kernels share hundreds of MB, which every fresh child
 *     must map in page by page, so they use common/pool.h: this mechanism
 *     written once, its workers forked once and reused for every run.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "cos_series/cos_series.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/outcome.h"
#include "common/process.h"
#include "common/exercise.h"
#include "common/traps.h"

/* A child whose worker_main returned instead of calling _exit ends with
 * this status, so that the parent can name the mistake. */
enum { WORKER_RETURNED = 99 };

/* What the workers of one run are told, before the fork. */
struct job {
    struct cos_series *cs;
    const struct cos_table *table;
    struct partial *slots; /* the results: shared memory */
    int64_t chunks;        /* how many chunks to share out (0: no work) */
    const struct pb_run *run;
};

/* In the child: worker `index` of job->run->workers. */
static void worker_main(const struct job *job, int index)
{
    run_bind_worker(job->run, index); /* --bind: pin this process */
    /* TODO (exercise):
     * Sum this worker's static share of the job->chunks chunks (as in
     * pthreads.c: chunks_of_worker) into job->slots, each with
     * cos_series_chunk. Then end this process the way a forked child must.
     */
    exercise_missing("worker_main (forkpool.c)");
    (void)job, (void)index;
}

/* Forks job->run->workers children into pids[]; returns how many started
 * (fewer after a failed fork, with the reason in run->message). */
static int fork_workers(const struct job *job, pid_t *pids, struct pb_run *run)
{
    int started = 0;
    pid_t parent = getpid();
    fflush(NULL); /* or buffered output would be written once per process */
    /* TODO (exercise):
     * Fork one child per worker. In the child (fork returned 0), call
     * process_die_with_parent(parent) (so a killed parent takes its workers
     * along), then worker_main(job, t); if that ever returns, end the child
     * with _exit(WORKER_RETURNED). In the parent keep the pid in pids[t]. If
     * fork fails (-1), fail the run with strerror(errno) and fork no more.
     */
    exercise_missing("fork_workers (forkpool.c)");
    (void)job, (void)pids, (void)run, (void)parent, (void)worker_main;
    return started;
}

/* Reaps the `started` children in pids[]; PB_OK if every one exited with
 * status 0, else PB_FAILED with the first problem in run->message. */
static enum pb_status reap_workers(const pid_t *pids, int started, struct pb_run *run)
{
    enum pb_status status = run->message[0] ? PB_FAILED : PB_OK; /* a failed fork */
    /* TODO (exercise):
     * Wait for every child with waitpid(pids[t], &how, 0), retrying when a
     * signal interrupts it (-1 with errno EINTR). Judge `how`: a child killed
     * by a signal (WIFSIGNALED, WTERMSIG; process_signal_name names it), or
     * exited with a status other than 0 (WEXITSTATUS; WORKER_RETURNED means
     * it returned instead of ending with _exit), fails the run: describe the
     * first such child in run->message (run_fail). Reap all of them anyway.
     */
    exercise_missing("reap_workers (forkpool.c)");
    (void)pids, (void)started;
    return status;
}

/* Forks the workers of `job`, reaps them, and judges how they ended. */
static enum pb_status run_job(const struct job *job, struct pb_run *run)
{
    pid_t *pids = malloc((size_t)run->workers * sizeof *pids);
    if (!pids)
        return run_fail(run, "no memory for %d pids", run->workers);
    run->message[0] = '\0';
    int started = fork_workers(job, pids, run);
    enum pb_status status = reap_workers(pids, started, run);
    free(pids);
    run->workers_actual = started;
    return status;
}

/* The cost every run pays for its processes: fork and reap as many
 * workers, with no work. */
enum pb_status cos_series_forkpool_start(struct cos_series *cs, struct pb_run *run)
{
    const struct job nothing = {.cs = cs, .chunks = 0, .run = run};
    return run_job(&nothing, run);
}

enum pb_status cos_series_forkpool(struct cos_series *cs, struct pb_run *run)
{
    struct cos_table table;
    cos_table_init(&table); /* the children inherit it: they only read it */
    const size_t bytes = (size_t)cs->chunks.count * sizeof(struct partial);
    struct partial *slots;
    /* TODO (exercise):
     * Map `bytes` of memory that the children will share with this process:
     * mmap with PROT_READ | PROT_WRITE and MAP_SHARED | MAP_ANONYMOUS (no
     * file: fd -1, offset 0). It returns MAP_FAILED, not NULL, on failure:
     * then fail the run with strerror(errno).
     */
    exercise_missing("cos_series_forkpool (forkpool.c)");
    (void)bytes, (void)slots; return PB_NOT_IMPLEMENTED;
    partials_poison(slots, cs->chunks.count); /* a slot nobody writes stays NaN */

    const struct job job = {cs, &table, slots, cs->chunks.count, run};
    enum pb_status status = run_job(&job, run);
    if (status == PB_OK &&
        !ledger_check_arrived(cs->ledger, slots, cs->chunks.count, run->message,
                              sizeof run->message))
        status = PB_FAILED;
    if (status == PB_OK)
        cs->sum = partials_sum(slots, cs->chunks.count);
    if (munmap(slots, bytes) != 0 && status == PB_OK)
        status = run_fail(run, "munmap of the results: %s", strerror(errno));
    return status;
}

enum pb_status cos_series_forkpool_stop(struct cos_series *cs, struct pb_run *run)
{
    (void)cs, (void)run; /* every run reaped its own workers */
    return PB_OK;
}
