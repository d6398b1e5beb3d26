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
    atomic_int pids_seen;
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

static void run_counts(int workers, int64_t ntasks)
{
    struct tally *t = tally_new();
    struct pb_run run = {.workers = workers};
    assert_int_equal(pool_run(&run, ntasks, count_task, t), PB_OK);
    assert_int_equal(run.workers_actual, workers);
    for (int64_t i = 0; i < ntasks; i++)
        if (atomic_load(&t->runs[i]) != 1)
            fail_msg("%d workers, %lld tasks: task %lld ran %d times", workers,
                     (long long)ntasks, (long long)i, atomic_load(&t->runs[i]));
    for (int64_t i = ntasks; i < MAX_TASKS; i++)
        assert_int_equal(atomic_load(&t->runs[i]), 0);
    shm_free(t, sizeof *t);
    assert_no_children();
}

static void test_every_task_exactly_once(void **state)
{
    (void)state;
    run_counts(1, 100);
    run_counts(2, 1000);
    run_counts(7, 999);
}

static void test_fewer_tasks_than_workers(void **state)
{
    (void)state;
    run_counts(8, 3);
    run_counts(4, 1);
}

static void test_zero_tasks(void **state)
{
    (void)state;
    run_counts(3, 0);
}

static void expect_failure(int fault, const char *expected_text)
{
    struct tally *t = tally_new();
    t->fault_task = 5;
    t->fault = fault;
    struct pb_run run = {.workers = 3};
    assert_int_equal(pool_run(&run, 50, count_task, t), PB_FAILED);
    if (!strstr(run.message, expected_text))
        fail_msg("message \"%s\" does not mention \"%s\"", run.message, expected_text);
    assert_non_null(strstr(run.message, "worker"));
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

static void test_bad_arguments(void **state)
{
    (void)state;
    struct pb_run none = {.workers = 0}, two = {.workers = 2};
    assert_int_equal(pool_run(&none, 10, count_task, NULL), PB_FAILED);
    assert_int_equal(pool_run(&two, -1, count_task, NULL), PB_FAILED);
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
        cmocka_unit_test(test_fewer_tasks_than_workers),
        cmocka_unit_test(test_zero_tasks),
        cmocka_unit_test(test_killed_worker_is_reported),
        cmocka_unit_test(test_crashed_worker_is_reported),
        cmocka_unit_test(test_failed_task_is_reported),
        cmocka_unit_test(test_worker_exit_status_is_reported),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_signal_names),
    };
    return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
