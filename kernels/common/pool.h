/*
 * pool.h — a pool of worker processes made with fork(), made once and
 * used for many runs, like a Python multiprocessing.Pool. The next page of
 * the lesson after cos_series' forkpool.c.
 *
 * You wrote this once in cos_series: map the results shared before the
 * fork, fork the workers, let each compute its share and _exit, reap every
 * one with waitpid and judge how it ended. That forks in every run, which
 * is fine while the processes share little (cos_series shares a few KB of
 * partials). The later kernels share much more (sph2cart hundreds of MB):
 * a fresh child has no page-table entries for its parent's shared mappings
 * and takes a page fault on every shared page it touches, in every run. So
 * this pool forks its workers once (pool_start), lets each map in what it
 * will touch, and then hands them work for each run (pool_run) over pipes;
 * pool_stop ends them. The start-up is paid once and reported apart
 * (startup_s), as the cost of processes it is. Here is the same mechanism
 * with the error handling it needs: a worker that dies is noticed at once
 * (its pipe reaches end-of-file) and named with the signal or exit status
 * that ended it; workers die with the parent (process.h); a dead worker's
 * pipe cannot kill the parent with SIGPIPE; every worker is reaped, also
 * after a failure.
 *
 * In each run the workers take task numbers from an atomic counter in
 * shared memory until none is left ("dynamic scheduling": a fast worker
 * simply takes more tasks; common/dispenser.h, the counter slow_series'
 * pthreads.c wrote by hand), then report back on their pipe.
 *
 * What the workers see: memory mapped shared before pool_start (shm.h) is
 * the same memory in every process, and is the only place results may go.
 * Everything else a worker sees is a copy-on-write copy of its parent's
 * memory as it was at the fork: the task's context and the inputs must be
 * ready before pool_start and must not change afterwards.
 *
 * Tasks must never use OpenMP. A child forked after the OpenMP runtime has
 * started its threads inherits a runtime whose threads do not exist in it:
 * a parallel region in the child would wait for them for ever. Forking
 * itself is then harmless, as long as the child never calls into OpenMP:
 * the tests rely on that when they run OpenMP variants and fork pools in
 * one process (tests/test_kernels.c). parbench gives every cell a fresh
 * process, so a cell that forks has never started OpenMP.
 */
#ifndef PARBENCH_POOL_H
#define PARBENCH_POOL_H

#include <stdint.h>

#include "../kernel.h" /* PB_MESSAGE_MAX */

/*
 * One task, run in a worker process: compute task number `task` of the
 * caller's work and store its result in shared memory. Return 0 on success;
 * anything else makes the run fail.
 */
typedef int (*pool_task_fn)(void *context, int64_t task);

/* Runs once in each new worker before it reports ready, e.g. to map in the
 * shared pages it will touch (shm_map_in). Return 0, or non-zero to fail. */
typedef int (*pool_init_fn)(void *context);

struct pool;

/*
 * Forks run->workers workers (each pinned as run->bind asks), runs init
 * (may be NULL) in each, and waits until every one is ready. Sets
 * run->workers_actual. Returns the pool, or NULL with the reason in
 * run->message (no worker is left behind).
 */
struct pool *pool_start(struct pb_run *run, pool_task_fn task, pool_init_fn init, void *context);

/*
 * Runs task(context, t) exactly once for every t in [0, ntasks) (ntasks may
 * be 0 or fewer than the workers) and returns when all are done: PB_OK, or
 * PB_FAILED when a task failed or a worker died, with run->message naming
 * the worker and the signal or status. After a failure the pool takes no
 * more work; pool_stop still reaps it.
 */
enum pb_status pool_run(struct pool *pool, struct pb_run *run, int64_t ntasks);

/*
 * Ends the workers (they see end-of-file on their pipe and _exit) and reaps
 * every one. PB_OK when all ended normally, else PB_FAILED with a message.
 * Accepts NULL.
 */
enum pb_status pool_stop(struct pool *pool, struct pb_run *run);

/* "SIGSEGV", "SIGKILL", ... for the common signals, "signal N" otherwise.
 * Returns a pointer to a static string or into buf (size >= 16). */
const char *pool_signal_name(int signal_number, char *buf, int bufsize);

#endif
