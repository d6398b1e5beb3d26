/* order.c — see order.h. */
#include "order.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { ORDER_MAX_WORKERS = 64 };
static const int order_patience_s = 1; /* how long a worker waits for its turn */

/* The hook has no context argument, so its state is here (tests only). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t finished_key;
static int cpus[ORDER_MAX_WORKERS];
/* One generation is one team of `workers` threads (the start hook's idle
 * team, then each run's): when all of them have ended, the next begins. */
static int workers, checked_in, ended_count, generations;
static bool ended[ORDER_MAX_WORKERS];
static bool gave_up;

static void new_generation(void)
{
    checked_in = ended_count = 0;
    for (int i = 0; i < ORDER_MAX_WORKERS; i++)
        ended[i] = false;
}

/* Runs when a worker thread ends: its value is its index + 1. */
static void worker_ended(void *value)
{
    pthread_mutex_lock(&lock);
    ended[(intptr_t)value - 1] = true;
    if (++ended_count == workers) {
        generations++;
        new_generation();
    }
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

static void make_key(void)
{
    if (pthread_key_create(&finished_key, worker_ended) != 0)
        abort();
}

static bool turn_of(int index)
{
    for (int i = index + 1; i < workers; i++)
        if (!ended[i])
            return false;
    return true;
}

static void wait_for_turn(int index)
{
    pthread_setspecific(finished_key, (void *)(intptr_t)(index + 1));
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += order_patience_s;
    pthread_mutex_lock(&lock);
    checked_in++;
    while (!turn_of(index))
        if (pthread_cond_timedwait(&changed, &lock, &until) == ETIMEDOUT) {
            gave_up = true;
            break;
        }
    pthread_mutex_unlock(&lock);
}

void order_reverse(struct pb_run *run)
{
    if (run->workers > ORDER_MAX_WORKERS)
        abort();
    pthread_once(&key_once, make_key);
    pthread_mutex_lock(&lock);
    workers = run->workers;
    generations = 0;
    gave_up = false;
    new_generation();
    for (int i = 0; i < ORDER_MAX_WORKERS; i++)
        cpus[i] = i;
    pthread_mutex_unlock(&lock);
    run->bind = wait_for_turn;
    run->bind_cpus = cpus;
    run->nbind_cpus = run->workers;
}

bool order_reverse_done(char *message, size_t size)
{
    pthread_mutex_lock(&lock);
    int teams = generations, pending = checked_in;
    bool late = gave_up;
    pthread_mutex_unlock(&lock);
    if (teams == 0 || pending != 0)
        snprintf(message, size, "a team of %d threads did not all call run_bind_worker at "
                 "their start (%d did)", workers, pending);
    else if (late)
        snprintf(message, size, "the threads never ran at the same time: was each one joined "
                 "before the next was created? Create them all, then join them all");
    return teams > 0 && pending == 0 && !late;
}
