/*
 * pool.h — a pool of worker processes made with fork().
 *
 * The parent maps a small control block shared with its children, forks
 * run->workers workers and waits for every one of them. Each worker repeatedly
 * takes the next task number from an atomic counter in the shared block
 * ("dynamic scheduling": a fast worker simply takes more tasks) until none is
 * left, then ends with _exit(0).
 *
 * A task writes its result into memory the caller mapped shared before
 * calling pool_run (see shm.h): a worker's ordinary memory is a private
 * copy-on-write copy, and whatever it writes there dies with it.
 *
 * Cost: every call forks and reaps the workers. That start-up is part of what
 * a process pool costs, and the benchmarks time it on purpose.
 *
 * Never call pool_run in a process where the OpenMP runtime has already
 * started threads: the children would inherit a runtime whose threads do not
 * exist in them. (Tasks must not use OpenMP either.)
 */
#ifndef PARBENCH_POOL_H
#define PARBENCH_POOL_H

#include <stdint.h>

#include "../kernel.h" /* PB_MESSAGE_MAX */

/*
 * One task, run in a worker process: compute task number `task` of the
 * caller's work and store its result in shared memory. Return 0 on success;
 * anything else makes the worker stop and pool_run fail.
 */
typedef int (*pool_task_fn)(void *context, int64_t task);

/*
 * Runs task(context, t) exactly once for every t in [0, ntasks) on
 * run->workers forked processes, each pinned as run->bind asks (ntasks may
 * be 0 or fewer than the workers). Sets run->workers_actual to the workers
 * that started. Returns PB_OK when every worker exited normally with status
 * 0 and all tasks were done; PB_FAILED when a fork failed, a task failed, or
 * a worker crashed, was killed or exited with a non-zero status, with
 * run->message naming the worker and the signal or status. Every worker is
 * reaped before pool_run returns: no zombie is left behind.
 */
enum pb_status pool_run(struct pb_run *run, int64_t ntasks, pool_task_fn task, void *context);

/* "SIGSEGV", "SIGKILL", ... for the common signals, "signal N" otherwise.
 * Returns a pointer to a static string or into buf (size >= 16). */
const char *pool_signal_name(int signal_number, char *buf, int bufsize);

#endif
