/* pool.c — the fork() process pool (see pool.h for the contract). */
#include "pool.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dispenser.h"
#include "outcome.h"
#include "shm.h"

/* Atomics work across processes only when they are lock-free (a lock-based
 * emulation would keep its lock in one process's private memory). */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2 && ATOMIC_INT_LOCK_FREE == 2,
               "the pool needs lock-free atomics in shared memory");

/* Exit status of a worker whose task returned non-zero. */
enum { WORKER_TASK_FAILED = 3 };

/*
 * The control block every process of the pool sees, in shared memory. The
 * counters are C11 atomics: several processes update them at once.
 */
struct pool_shared {
    struct dispenser tasks; /* hands out task numbers (common/dispenser.h) */
    atomic_llong tasks_done;
    atomic_int workers_started;
    atomic_int stop; /* set after a failure: workers take no further task */
};

/*
 * A forked worker inherits its parent's signal handlers. A handler that
 * catches crashes (test frameworks and some runtimes install one) would
 * keep a crashed worker running the parent's code; back to the default
 * action, a crash ends the worker and the parent sees which signal it was.
 */
static void restore_crash_signals(void)
{
    static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
        signal(crash_signals[i], SIG_DFL);
}

static _Noreturn void worker_main(struct pool_shared *shared, const struct pb_run *run, int index,
                                  pool_task_fn task, void *context)
{
    restore_crash_signals();
    run_bind_worker(run, index);
    atomic_fetch_add(&shared->workers_started, 1);
    while (!atomic_load(&shared->stop)) {
        int64_t t = dispenser_take(&shared->tasks);
        if (t < 0)
            break;
        if (task(context, t) != 0) {
            atomic_store(&shared->stop, 1);
            _exit(WORKER_TASK_FAILED);
        }
        atomic_fetch_add(&shared->tasks_done, 1);
    }
    /* _exit, not exit: exit would flush stdio buffers copied from the parent
     * (printing them twice) and run the parent's atexit handlers. */
    _exit(0);
}

const char *pool_signal_name(int signal_number, char *buf, int bufsize)
{
    static const struct {
        int number;
        const char *name;
    } names[] = {
        {SIGSEGV, "SIGSEGV"}, {SIGABRT, "SIGABRT"}, {SIGKILL, "SIGKILL"},
        {SIGTERM, "SIGTERM"}, {SIGINT, "SIGINT"},   {SIGBUS, "SIGBUS"},
        {SIGFPE, "SIGFPE"},   {SIGILL, "SIGILL"},   {SIGHUP, "SIGHUP"},
        {SIGQUIT, "SIGQUIT"}, {SIGPIPE, "SIGPIPE"}, {SIGXCPU, "SIGXCPU"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].number == signal_number)
            return names[i].name;
    snprintf(buf, (size_t)bufsize, "signal %d", signal_number);
    return buf;
}

/* Describes how worker `index` ended; returns 0 if it ended normally. */
static int describe_end(int index, pid_t pid, int status, char *message)
{
    char buf[16];
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFSIGNALED(status))
        snprintf(message, PB_MESSAGE_MAX, "worker %d (pid %ld) was killed by %s", index,
                 (long)pid, pool_signal_name(WTERMSIG(status), buf, sizeof buf));
    else if (WEXITSTATUS(status) == WORKER_TASK_FAILED)
        snprintf(message, PB_MESSAGE_MAX, "worker %d (pid %ld): a task failed", index,
                 (long)pid);
    else
        snprintf(message, PB_MESSAGE_MAX, "worker %d (pid %ld) exited with status %d",
                 index, (long)pid, WEXITSTATUS(status));
    return -1;
}

/* Waits for one child, retrying when a signal interrupts the wait. */
static pid_t wait_for(pid_t pid, int *status)
{
    pid_t got;
    do
        got = waitpid(pid, status, 0);
    while (got < 0 && errno == EINTR);
    return got;
}

/* Reaps workers [0, nstarted); keeps the first problem in run->message. */
static int reap_workers(const pid_t *pids, int nstarted, struct pool_shared *shared,
                        struct pb_run *run, int result)
{
    for (int i = 0; i < nstarted; i++) {
        int status = 0;
        if (wait_for(pids[i], &status) < 0) {
            if (result == 0)
                snprintf(run->message, PB_MESSAGE_MAX, "waitpid for worker %d: %s", i,
                         strerror(errno));
            result = -1;
            continue;
        }
        char message[PB_MESSAGE_MAX];
        if (describe_end(i, pids[i], status, message) != 0) {
            /* Let the others stop early: the call has failed anyway. */
            atomic_store(&shared->stop, 1);
            if (result == 0)
                memcpy(run->message, message, sizeof message);
            result = -1;
        }
    }
    return result;
}

/* Forks the workers; returns how many were started (all, unless fork failed). */
static int start_workers(pid_t *pids, struct pool_shared *shared, struct pb_run *run,
                         pool_task_fn task, void *context)
{
    fflush(NULL); /* or buffered output would be written once per process */
    for (int i = 0; i < run->workers; i++) {
        pids[i] = fork();
        if (pids[i] == 0)
            worker_main(shared, run, i, task, context);
        if (pids[i] < 0) {
            snprintf(run->message, PB_MESSAGE_MAX, "fork of worker %d of %d failed: %s", i,
                     run->workers, strerror(errno));
            atomic_store(&shared->stop, 1);
            return i;
        }
    }
    return run->workers;
}

enum pb_status pool_run(struct pb_run *run, int64_t ntasks, pool_task_fn task, void *context)
{
    run->workers_actual = 0;
    if (run->workers < 1 || ntasks < 0)
        return run_fail(run, "pool_run: bad arguments (%d workers, %lld tasks)", run->workers,
                        (long long)ntasks);
    struct pool_shared *shared = shm_alloc(sizeof *shared);
    pid_t *pids = malloc((size_t)run->workers * sizeof *pids);
    if (!shared || !pids) {
        int saved = errno;
        free(pids);
        shm_free(shared, sizeof *shared);
        return run_fail(run, "pool_run: out of memory: %s", strerror(saved));
    }
    /* shm_alloc memory is zero-filled: counters start at 0, stop is clear. */
    dispenser_init(&shared->tasks, ntasks);
    int nstarted = start_workers(pids, shared, run, task, context);
    int result = reap_workers(pids, nstarted, shared, run, nstarted == run->workers ? 0 : -1);

    run->workers_actual = atomic_load(&shared->workers_started);
    long long done = atomic_load(&shared->tasks_done);
    if (result == 0 && done != ntasks) {
        snprintf(run->message, PB_MESSAGE_MAX, "only %lld of %lld tasks were done", done,
                 (long long)ntasks);
        result = -1;
    }
    free(pids);
    shm_free(shared, sizeof *shared);
    return result == 0 ? PB_OK : PB_FAILED;
}
