/*
 * ledger.h — how many times each chunk was computed, and whether its result
 * arrived: the detectors of the classic mistakes of parallel code.
 *
 * A correct parallel run computes every chunk exactly once and leaves its
 * result where the process that adds the results up can read it. The
 * classic mistakes break that, often without changing the answer, so a
 * check of the answer alone catches them only by luck:
 *   - every worker runs the whole loop (`omp parallel` without `omp for`, a
 *     thread that forgets to take its share): each chunk is computed once
 *     per worker, the answer is right, and no speedup comes;
 *   - shares that overlap, or leave gaps;
 *   - a forked worker writes its result into its own copy-on-write copy of
 *     memory: the parent never sees it;
 *   - workers add into one shared sum instead of each chunk's own partial:
 *     a data race, whose lost updates show only when two workers collide.
 * So a kernel counts every chunk it computes in a ledger (one atomic add,
 * from the one function that computes a chunk) and poisons every partial
 * before a run; after the run, the ledger and the partials say which
 * mistake it was, every time. The tests judge each run (tests/
 * test_mistakes.c shows each mistake caught); verify judges what it can
 * without knowing how many runs the harness made since prepare().
 *
 * The ledger lives in shared memory (shm.h), so forked workers count too.
 * Its entries are padded to a cache line like the partials: workers
 * counting neighbouring chunks never fight over one line. The cost is one
 * uncontended atomic add per chunk, nanoseconds against a chunk's
 * microseconds to milliseconds of work.
 */
#ifndef PARBENCH_LEDGER_H
#define PARBENCH_LEDGER_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cacheline.h"
#include "partials.h"

/* The mistakes, named once: tests and verify messages use these words. */
/* A sum every worker adds into: with a race, additions get lost now and
 * then; with a reduction clause, the partials are added in the threads'
 * order, not the chunks', and the last bits change. The answer alone cannot
 * tell the two apart; ThreadSanitizer can. */
#define LEDGER_SHARED_SUM \
    "one sum that every worker adds into (a race on it, or a reduction in the workers' order)"
#define LEDGER_NOT_DIVIDED \
    "every worker did all the work: the loop is not divided among them (omp for / your split)"
#define LEDGER_PRIVATE \
    "the result stayed in a worker's copy of memory: results must live in memory mapped " \
    "shared before fork()"

/* _Atomic int is lock-free on every platform we build for; a lock-based
 * emulation would keep its lock in one process's private memory. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the ledger needs lock-free atomics in shared memory");

struct ledger_entry {
    alignas(PB_CACHE_LINE) atomic_int times; /* computations of this chunk since the reset */
};

/* Bytes of a ledger of `chunks` entries (saturating, for memory_needed). */
uint64_t ledger_bytes(int64_t chunks);

/* A zeroed ledger in shared memory (NULL on failure, errno set); free it
 * with the same count. */
struct ledger_entry *ledger_alloc(int64_t chunks);
void ledger_free(struct ledger_entry *ledger, int64_t chunks);

/* Every count back to 0: call it where the partials are poisoned. */
void ledger_reset(struct ledger_entry *ledger, int64_t chunks);

/* One computation of chunk `chunk`, from any thread or forked worker. */
static inline void ledger_count(struct ledger_entry *ledger, int64_t chunk)
{
    atomic_fetch_add_explicit(&ledger[chunk].times, 1, memory_order_relaxed);
}

static inline int ledger_times(const struct ledger_entry *ledger, int64_t chunk)
{
    return atomic_load_explicit(&ledger[chunk].times, memory_order_relaxed);
}

/*
 * Was every chunk computed exactly `runs` times by a run of `workers`
 * workers? runs = 0 means "unknown" (verify: the harness may have made
 * several runs since prepare()); then every chunk must merely have been
 * computed equally often, and a ledger left at 0 (a variant that does not
 * work in chunks) passes. Returns true, or false with the mistake in
 * message: LEDGER_NOT_DIVIDED when every chunk ran once per worker, else
 * the first chunk computed too often (shares overlap) or never (a gap).
 */
bool ledger_check(const struct ledger_entry *ledger, int64_t chunks, int runs, int workers,
                  char *message, size_t size);

/*
 * After forked workers have all ended normally: did every chunk's result
 * reach `results`, which the parent poisoned (partials_poison) before it
 * forked? Returns true, or false with message: LEDGER_PRIVATE for a chunk
 * that the ledger says was computed, "never computed" for one it says was
 * not.
 */
bool ledger_check_arrived(const struct ledger_entry *ledger, const struct partial *results,
                          int64_t chunks, char *message, size_t size);

/* The counts as plain ints, out and back in: for processes that share no
 * memory (MPI ranks), whose counts travel as messages (mpi_ranks.h). */
void ledger_read(const struct ledger_entry *ledger, int64_t chunks, int *times);
void ledger_set(struct ledger_entry *ledger, int64_t chunks, const int *times);

/* How many of `partials` still hold the poison of partials_poison. */
int64_t ledger_poisoned(const struct partial *partials, int64_t chunks);

#endif
