/* pool.c — the fork() process pool (see pool.h for the contract). */
#include "pool.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dispenser.h"
#include "outcome.h"
#include "process.h"
#include "shm.h"

/* Exit statuses of a worker that gave up; anything else is a crash or kill. */
enum { WORKER_TASK_FAILED = 3, WORKER_INIT_FAILED = 4, WORKER_PIPE_FAILED = 5 };

/* What a worker writes on its report pipe. */
enum { REPORT_READY = 'r', REPORT_DONE = 'd' };

/* The control block every process of the pool sees, in shared memory. */
struct pool_shared {
    struct dispenser tasks; /* hands out task numbers (common/dispenser.h) */
    atomic_llong tasks_done;
    atomic_llong stop; /* set after a failure: workers take no further task */
};

/* One worker, as the parent sees it. */
struct member {
    pid_t pid;
    int go_fd;     /* write end: one byte = "run the tasks once"; closed = "stop" */
    int report_fd; /* read end: the worker's REPORT_* bytes; end-of-file = it ended */
    bool ended;    /* reaped already */
    bool woken;    /* has a run to report on */
};

struct pool {
    struct pool_shared *shared;
    struct member *members;
    int count;   /* workers forked */
    bool broken; /* a run failed: no more work */
    pool_task_fn task;
    pool_init_fn init;
    void *context;
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
    for (size_t i = 0; i < ARRAY_SIZE(crash_signals); i++)
        signal(crash_signals[i], SIG_DFL);
}

/* A single byte, retried after interruptions. 1 on success, 0 at end of
 * file, -1 on error. */
static int read_byte(int fd, char *byte)
{
    ssize_t got;
    do
        got = read(fd, byte, 1);
    while (got < 0 && errno == EINTR);
    return got > 0 ? 1 : (int)got;
}

static int write_byte(int fd, char byte)
{
    ssize_t put;
    do
        put = write(fd, &byte, 1);
    while (put < 0 && errno == EINTR);
    return put == 1 ? 0 : -1;
}

/* Every task the dispenser still has, in this worker. */
static void worker_run_tasks(const struct pool *pool)
{
    struct pool_shared *shared = pool->shared;
    while (!atomic_load(&shared->stop)) {
        int64_t t = dispenser_take(&shared->tasks);
        if (t < 0)
            return;
        if (pool->task(pool->context, t) != 0) {
            atomic_store(&shared->stop, 1);
            _exit(WORKER_TASK_FAILED);
        }
        atomic_fetch_add(&shared->tasks_done, 1);
    }
}

static _Noreturn void worker_main(const struct pool *pool, const struct pb_run *run, int index,
                                  int go_fd, int report_fd)
{
    restore_crash_signals();
    run_bind_worker(run, index);
    if (pool->init && pool->init(pool->context) != 0)
        _exit(WORKER_INIT_FAILED);
    if (write_byte(report_fd, REPORT_READY) != 0)
        _exit(WORKER_PIPE_FAILED);
    char go;
    /* End of file on the go pipe: the parent closed it (pool_stop) or died. */
    while (read_byte(go_fd, &go) == 1) {
        worker_run_tasks(pool);
        if (write_byte(report_fd, REPORT_DONE) != 0)
            _exit(WORKER_PIPE_FAILED);
    }
    /* _exit, not exit: exit would flush stdio buffers copied from the parent
     * (printing them twice) and run the parent's atexit handlers. */
    _exit(0);
}

const char *pool_signal_name(int signal_number, char *buf, int bufsize)
{
    return process_signal_name(signal_number, buf, (size_t)bufsize);
}

/* Reaps worker `index` (once) and describes how it ended into run->message
 * unless a message is there already. Returns 0 for a clean end. */
static int reap_member(struct pool *pool, int index, struct pb_run *run)
{
    struct member *m = &pool->members[index];
    if (m->ended)
        return 0;
    m->ended = true;
    int status;
    if (process_wait(m->pid, &status) < 0) {
        if (run->message[0] == '\0')
            snprintf(run->message, PB_MESSAGE_MAX, "waitpid for worker %d: %s", index,
                     strerror(errno));
        return -1;
    }
    char how[64];
    if (process_describe_end(status, how, sizeof how) == 0)
        return 0;
    if (run->message[0] != '\0')
        return -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == WORKER_TASK_FAILED)
        snprintf(how, sizeof how, "stopped: a task failed");
    else if (WIFEXITED(status) && WEXITSTATUS(status) == WORKER_INIT_FAILED)
        snprintf(how, sizeof how, "stopped: its set-up failed");
    snprintf(run->message, PB_MESSAGE_MAX, "worker %d (pid %ld) %s", index, (long)m->pid, how);
    return -1;
}

/* Closes the parent's ends of a member's pipes. */
static void close_member(struct member *m)
{
    if (m->go_fd >= 0)
        close(m->go_fd);
    if (m->report_fd >= 0)
        close(m->report_fd);
    m->go_fd = m->report_fd = -1;
}

/* In a new worker: close the parent's ends of every other worker's pipes,
 * or the others would never see end-of-file when the parent closes them. */
static void close_inherited(struct pool *pool, int upto)
{
    for (int i = 0; i < upto; i++)
        close_member(&pool->members[i]);
}

/* Forks worker `index`; 0, or -1 with run->message. */
static int fork_member(struct pool *pool, struct pb_run *run, int index)
{
    int go[2], report[2];
    if (pipe(go) != 0) {
        run_fail(run, "pipe for worker %d: %s", index, strerror(errno));
        return -1;
    }
    if (pipe(report) != 0) {
        run_fail(run, "pipe for worker %d: %s", index, strerror(errno));
        close(go[0]);
        close(go[1]);
        return -1;
    }
    pid_t parent = getpid();
    fflush(NULL); /* or buffered output would be written once per process */
    pid_t pid = fork();
    if (pid == 0) {
        process_die_with_parent(parent);
        close_inherited(pool, index);
        close(go[1]);
        close(report[0]);
        worker_main(pool, run, index, go[0], report[1]);
    }
    int saved = errno;
    close(go[0]);
    close(report[1]);
    if (pid < 0) {
        close(go[1]);
        close(report[0]);
        run_fail(run, "fork of worker %d of %d failed: %s", index, run->workers, strerror(saved));
        return -1;
    }
    /* woken: its first report is "ready". */
    pool->members[index] =
        (struct member){.pid = pid, .go_fd = go[1], .report_fd = report[0], .woken = true};
    return 0;
}

/*
 * Waits for one REPORT byte `expected` from every woken worker. A worker
 * whose pipe ends instead has died: it is reaped and named. Returns 0 when
 * all reported, -1 otherwise (every woken worker has then either reported
 * or been reaped).
 */
static int collect_reports(struct pool *pool, struct pb_run *run, char expected)
{
    int result = 0;
    for (int i = 0; i < pool->count; i++) {
        struct member *m = &pool->members[i];
        if (m->ended || !m->woken)
            continue;
        m->woken = false;
        char byte;
        int got = read_byte(m->report_fd, &byte);
        if (got == 1 && byte == expected)
            continue;
        /* End of file or an error: the worker is gone or going. */
        atomic_store(&pool->shared->stop, 1);
        close_member(m);
        if (reap_member(pool, i, run) == 0 && run->message[0] == '\0')
            snprintf(run->message, PB_MESSAGE_MAX, "worker %d (pid %ld) ended without "
                     "reporting", i, (long)m->pid);
        result = -1;
    }
    return result;
}

struct pool *pool_start(struct pb_run *run, pool_task_fn task, pool_init_fn init, void *context)
{
    run->workers_actual = 0;
    run->message[0] = '\0';
    if (run->workers < 1) {
        run_fail(run, "pool_start: %d workers", run->workers);
        return NULL;
    }
    /* A worker that died leaves its go pipe without a reader, and writing
     * to it would kill this process with SIGPIPE: ignored, the write fails
     * with EPIPE and the death is reported like any other. */
    signal(SIGPIPE, SIG_IGN);
    struct pool *pool = calloc(1, sizeof *pool);
    struct member *members = calloc((size_t)run->workers, sizeof *members);
    struct pool_shared *shared = shm_alloc(sizeof *shared); /* zero-filled: counters at 0 */
    if (!pool || !members || !shared) {
        int saved = errno;
        free(pool);
        free(members);
        shm_free(shared, sizeof *shared);
        run_fail(run, "pool_start: out of memory: %s", strerror(saved));
        return NULL;
    }
    *pool = (struct pool){.shared = shared, .members = members, .task = task, .init = init,
                          .context = context};
    for (; pool->count < run->workers; pool->count++)
        if (fork_member(pool, run, pool->count) != 0)
            break;
    if (pool->count < run->workers || collect_reports(pool, run, REPORT_READY) != 0) {
        char message[PB_MESSAGE_MAX];
        memcpy(message, run->message, sizeof message);
        pool_stop(pool, run);
        memcpy(run->message, message, sizeof message);
        return NULL;
    }
    run->workers_actual = pool->count;
    return pool;
}

enum pb_status pool_run(struct pool *pool, struct pb_run *run, int64_t ntasks)
{
    run->message[0] = '\0';
    if (!pool || pool->broken || ntasks < 0)
        return run_fail(run, "pool_run: %s", !pool ? "no pool" : pool->broken
                                                          ? "the pool failed in an earlier run"
                                                          : "a negative number of tasks");
    /* Nobody is taking tasks now: every worker reported its last run. */
    dispenser_init(&pool->shared->tasks, ntasks);
    atomic_store(&pool->shared->tasks_done, 0);
    int result = 0;
    for (int i = 0; i < pool->count; i++) {
        struct member *m = &pool->members[i];
        if (write_byte(m->go_fd, 'g') == 0) {
            m->woken = true;
            continue;
        }
        /* EPIPE: it died while waiting. Reaped and named below. */
        atomic_store(&pool->shared->stop, 1);
        close_member(m);
        if (reap_member(pool, i, run) == 0 && run->message[0] == '\0')
            run_fail(run, "waking worker %d: %s", i, strerror(errno));
        result = -1;
    }
    /* Collect every worker that was woken, even after a failure. */
    if (collect_reports(pool, run, REPORT_DONE) != 0)
        result = -1;
    long long done = atomic_load(&pool->shared->tasks_done);
    if (result == 0 && done != ntasks) {
        run_fail(run, "only %lld of %lld tasks were done", done, (long long)ntasks);
        result = -1;
    }
    run->workers_actual = pool->count;
    pool->broken = result != 0;
    return result == 0 ? PB_OK : PB_FAILED;
}

enum pb_status pool_stop(struct pool *pool, struct pb_run *run)
{
    if (!pool)
        return PB_OK;
    int result = 0;
    for (int i = 0; i < pool->count; i++)
        close_member(&pool->members[i]); /* end of file: the worker _exits */
    for (int i = 0; i < pool->count; i++)
        if (reap_member(pool, i, run) != 0)
            result = -1;
    free(pool->members);
    shm_free(pool->shared, sizeof *pool->shared);
    free(pool);
    return result == 0 ? PB_OK : PB_FAILED;
}
