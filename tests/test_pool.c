/*
 * test_pool.c — the fork() process pool: every task exactly once, any
 * number of tasks, and workers that die are reported, never waited on
 * forever and never left as zombies.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/testing.h"

#include "common/pool.h"
#include "common/shm.h"

enum { MAX_TASKS = 1000 };

/* Shared with the workers: how often each task ran, and by whom. */
struct tally {
    atomic_int runs[MAX_TASKS];
    atomic_int last_pid; /* of the worker that ran the latest task */
    int fault_task; /* -1: none */
    int fault;      /* what the faulty task does */
};

enum { FAULT_KILL, FAULT_SEGV, FAULT_RETURN, FAULT_EXIT };

static struct tally *tally_new(void)
{
    struct tally *t = shm_alloc(sizeof *t);
    assert_non_null(t);
    t->fault_task = -1;
    return t;
}

static int count_task(void *context, int64_t task)
{
    struct tally *t = context;
    atomic_fetch_add(&t->runs[task], 1);
    atomic_store(&t->last_pid, (int)getpid());
    if (task != t->fault_task)
        return 0;
    switch (t->fault) {
    case FAULT_KILL: raise(SIGKILL); break;
    case FAULT_SEGV: raise(SIGSEGV); break;
    case FAULT_EXIT: _exit(42);
    default: break;
    }
    return 1;
}

/* No child of this process is left, not even a zombie. */
static void assert_no_children(void)
{
    int status;
    assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

/* Every task of every run exactly once, on a pool used for `runs` runs. */
static void run_counts(int workers, int64_t ntasks, int runs)
{
    struct tally *t = tally_new();
    struct pb_run run = {.workers = workers};
    struct pool *pool = pool_start(&run, count_task, NULL, t);
    assert_non_null(pool);
    assert_int_equal(run.workers_actual, workers);
    for (int r = 1; r <= runs; r++) {
        assert_int_equal(pool_run(pool, &run, ntasks), PB_OK);
        for (int64_t i = 0; i < ntasks; i++)
            if (atomic_load(&t->runs[i]) != r)
                fail_msg("%d workers, %lld tasks, run %d: task %lld ran %d times", workers,
                         (long long)ntasks, r, (long long)i, atomic_load(&t->runs[i]));
    }
    for (int64_t i = ntasks; i < MAX_TASKS; i++)
        assert_int_equal(atomic_load(&t->runs[i]), 0);
    assert_int_equal(pool_stop(pool, &run), PB_OK);
    shm_free(t, sizeof *t);
    assert_no_children();
}

static void test_every_task_exactly_once(void **state)
{
    (void)state;
    run_counts(1, 100, 1);
    run_counts(2, 1000, 1);
    run_counts(7, 999, 1);
}

/* The pool is forked once and then reused: the point of having one. */
static void test_reused_for_many_runs(void **state)
{
    (void)state;
    run_counts(3, 500, 20);
}

static void test_fewer_tasks_than_workers(void **state)
{
    (void)state;
    run_counts(8, 3, 2);
    run_counts(4, 1, 2);
}

static void test_zero_tasks(void **state)
{
    (void)state;
    run_counts(3, 0, 2);
}

/* A pool whose task `fault_task` misbehaves in its first run. */
static void expect_failure(int fault, const char *expected_text)
{
    struct tally *t = tally_new();
    t->fault_task = 5;
    t->fault = fault;
    struct pb_run run = {.workers = 3};
    struct pool *pool = pool_start(&run, count_task, NULL, t);
    assert_non_null(pool);
    assert_int_equal(pool_run(pool, &run, 50), PB_FAILED);
    if (!strstr(run.message, expected_text))
        fail_msg("message \"%s\" does not mention \"%s\"", run.message, expected_text);
    assert_non_null(strstr(run.message, "worker"));
    /* A failed pool takes no more work, and stopping it still reaps all. */
    assert_int_equal(pool_run(pool, &run, 10), PB_FAILED);
    pool_stop(pool, &run);
    shm_free(t, sizeof *t);
    assert_no_children();
}

static void test_killed_worker_is_reported(void **state)
{
    (void)state;
    expect_failure(FAULT_KILL, "SIGKILL");
}

static void test_crashed_worker_is_reported(void **state)
{
    (void)state;
    expect_failure(FAULT_SEGV, "SIGSEGV");
}

static void test_failed_task_is_reported(void **state)
{
    (void)state;
    expect_failure(FAULT_RETURN, "a task failed");
}

static void test_worker_exit_status_is_reported(void **state)
{
    (void)state;
    expect_failure(FAULT_EXIT, "status 42");
}

/* A worker killed while the pool waits between runs: the next run says so. */
static void test_worker_killed_between_runs(void **state)
{
    (void)state;
    struct tally *t = tally_new();
    t->fault_task = -1;
    struct pb_run run = {.workers = 2};
    struct pool *pool = pool_start(&run, count_task, NULL, t);
    assert_non_null(pool);
    assert_int_equal(pool_run(pool, &run, 20), PB_OK);
    pid_t victim = (pid_t)atomic_load(&t->last_pid);
    assert_true(victim > 0 && victim != getpid());
    assert_int_equal(kill(victim, SIGKILL), 0);
    assert_int_equal(pool_run(pool, &run, 20), PB_FAILED);
    if (!strstr(run.message, "SIGKILL"))
        fail_msg("message \"%s\" does not name SIGKILL", run.message);
    assert_int_equal(pool_stop(pool, &run), PB_OK);
    shm_free(t, sizeof *t);
    assert_no_children();
}

static int failing_init(void *context)
{
    (void)context;
    return 1;
}

static void test_init_failure_is_reported(void **state)
{
    (void)state;
    struct pb_run run = {.workers = 2};
    assert_null(pool_start(&run, count_task, failing_init, NULL));
    if (!strstr(run.message, "set-up failed"))
        fail_msg("message \"%s\" does not mention the set-up", run.message);
    assert_no_children();
}

static void test_bad_arguments(void **state)
{
    (void)state;
    struct pb_run none = {.workers = 0}, two = {.workers = 2};
    assert_null(pool_start(&none, count_task, NULL, NULL));
    struct pool *pool = pool_start(&two, count_task, NULL, NULL);
    assert_non_null(pool);
    assert_int_equal(pool_run(pool, &two, -1), PB_FAILED);
    assert_int_equal(pool_run(NULL, &two, 1), PB_FAILED);
    assert_int_equal(pool_stop(pool, &two), PB_OK);
    assert_int_equal(pool_stop(NULL, &two), PB_OK);
    assert_no_children();
}

static void test_signal_names(void **state)
{
    (void)state;
    char buf[16];
    assert_string_equal(pool_signal_name(SIGSEGV, buf, sizeof buf), "SIGSEGV");
    assert_string_equal(pool_signal_name(SIGABRT, buf, sizeof buf), "SIGABRT");
    assert_string_equal(pool_signal_name(63, buf, sizeof buf), "signal 63");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_task_exactly_once),
        cmocka_unit_test(test_reused_for_many_runs),
        cmocka_unit_test(test_fewer_tasks_than_workers),
        cmocka_unit_test(test_zero_tasks),
        cmocka_unit_test(test_killed_worker_is_reported),
        cmocka_unit_test(test_crashed_worker_is_reported),
        cmocka_unit_test(test_failed_task_is_reported),
        cmocka_unit_test(test_worker_exit_status_is_reported),
        cmocka_unit_test(test_worker_killed_between_runs),
        cmocka_unit_test(test_init_failure_is_reported),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_signal_names),
    };
    return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
