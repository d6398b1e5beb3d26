/*
 * dispenser.h — hands out task numbers on demand: dynamic scheduling.
 *
 * You wrote this by hand in slow_series' pthreads.c: each worker asks for
 * the next task number when it has finished its last one, so fast workers
 * and cheap tasks simply lead to more tasks taken; no one decides the split
 * in advance. Taking a number is one atomic fetch-and-add, so two workers
 * never get the same one and no lock is needed. It works between threads,
 * and between processes when the dispenser lives in shared memory
 * (common/shm.h): the fork pool (pool.h) uses it.
 */
#ifndef PARBENCH_DISPENSER_H
#define PARBENCH_DISPENSER_H

#include <stdatomic.h>
#include <stdint.h>

/* Atomics work across processes only when they are lock-free (a lock-based
 * emulation would keep its lock in one process's private memory). The
 * process pool (pool.c) relies on this one check for its own counters. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "atomics shared between processes must be lock-free");

struct dispenser {
    atomic_llong next; /* the first task number nobody has taken */
    int64_t count;     /* tasks are numbered 0 .. count - 1 */
};

static inline void dispenser_init(struct dispenser *dispenser, int64_t count)
{
    atomic_init(&dispenser->next, 0);
    dispenser->count = count;
}

/* The next task number, or -1 once every task has been handed out. */
static inline int64_t dispenser_take(struct dispenser *dispenser)
{
    long long task = atomic_fetch_add(&dispenser->next, 1);
    return task < dispenser->count ? (int64_t)task : -1;
}

#endif
