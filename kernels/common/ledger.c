/* ledger.c — counting chunks, naming the classic mistakes (see ledger.h). */
#include "ledger.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>

#include "memsize.h"
#include "shm.h"

uint64_t ledger_bytes(int64_t chunks)
{
    return memsize_mul((uint64_t)(chunks > 0 ? chunks : 0), sizeof(struct ledger_entry));
}

struct ledger_entry *ledger_alloc(int64_t chunks)
{
    if (chunks < 1 || !memsize_fits(ledger_bytes(chunks))) {
        errno = EINVAL;
        return NULL;
    }
    return shm_alloc((size_t)ledger_bytes(chunks)); /* zero-filled: every count 0 */
}

void ledger_free(struct ledger_entry *ledger, int64_t chunks)
{
    if (ledger)
        shm_free(ledger, (size_t)ledger_bytes(chunks));
}

void ledger_reset(struct ledger_entry *ledger, int64_t chunks)
{
    for (int64_t c = 0; c < chunks; c++)
        atomic_store_explicit(&ledger[c].times, 0, memory_order_relaxed);
}

bool ledger_check(const struct ledger_entry *ledger, int64_t chunks, int runs, int workers,
                  char *message, size_t size)
{
    int low = INT_MAX, high = 0;
    int64_t at_low = 0, at_high = 0; /* a chunk with the lowest, the highest count */
    for (int64_t c = 0; c < chunks; c++) {
        int times = ledger_times(ledger, c);
        if (times < low) {
            low = times;
            at_low = c;
        }
        if (times > high) {
            high = times;
            at_high = c;
        }
    }
    /* runs unknown: every chunk must have run as often as the others. */
    const int expected = runs > 0 ? runs : high;
    if (chunks < 1 || (low == expected && high == expected))
        return true;
    if (runs > 0 && workers > 1 && low == high && low == runs * workers)
        snprintf(message, size, LEDGER_NOT_DIVIDED " (each of the %lld chunks ran %d times "
                 "on %d workers)", (long long)chunks, low, workers);
    else if (low == 0)
        snprintf(message, size, "chunk %lld of %lld was never computed: the split misses it",
                 (long long)at_low, (long long)chunks);
    else if (high > expected || runs == 0)
        snprintf(message, size, "chunk %lld was computed %d times, chunk %lld only %d: the "
                 "shares overlap", (long long)at_high, high, (long long)at_low, low);
    else
        snprintf(message, size, "chunk %lld was computed %d times in %d runs: the split misses "
                 "it in some runs", (long long)at_low, low, runs);
    return false;
}

int64_t ledger_poisoned(const struct partial *partials, int64_t chunks)
{
    int64_t poisoned = 0;
    for (int64_t c = 0; c < chunks; c++)
        poisoned += isnan(partials[c].value) != 0;
    return poisoned;
}

bool ledger_check_arrived(const struct ledger_entry *ledger, const struct partial *results,
                          int64_t chunks, char *message, size_t size)
{
    for (int64_t c = 0; c < chunks; c++) {
        if (!isnan(results[c].value))
            continue;
        if (ledger_times(ledger, c) > 0)
            snprintf(message, size, "chunk %lld was computed but its result never arrived: "
                     LEDGER_PRIVATE, (long long)c);
        else
            snprintf(message, size, "chunk %lld of %lld was never computed: the split misses it",
                     (long long)c, (long long)chunks);
        return false;
    }
    return true;
}

void ledger_read(const struct ledger_entry *ledger, int64_t chunks, int *times)
{
    for (int64_t c = 0; c < chunks; c++)
        times[c] = ledger_times(ledger, c);
}

void ledger_set(struct ledger_entry *ledger, int64_t chunks, const int *times)
{
    for (int64_t c = 0; c < chunks; c++)
        atomic_store_explicit(&ledger[c].times, times[c], memory_order_relaxed);
}
