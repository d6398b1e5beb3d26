/*
 * chunks.h — cutting an index range into chunks, the unit of parallel work.
 *
 * Chunk boundaries depend only on the range and the chunk length, never on
 * the number of workers. Each chunk's partial result is stored by chunk
 * number and the partials are added in chunk order, so every variant adds
 * exactly the same numbers in exactly the same order: the answer is
 * bit-identical for any worker count, and a data race shows up as a
 * difference instead of hiding in rounding noise.
 */
#ifndef PARBENCH_CHUNKS_H
#define PARBENCH_CHUNKS_H

#include <stdint.h>

#include "check.h"

/* The half-open range [begin, end) cut into `count` chunks of `length`
 * indices (the last one may be shorter). */
struct chunks {
    int64_t begin, end;
    int64_t length;
    int64_t count;
};

static inline struct chunks chunks_make(int64_t begin, int64_t end, int64_t length)
{
    PB_CHECK(begin <= end && length > 0);
    int64_t span = end - begin;
    struct chunks c = {begin, end, length, span / length + (span % length != 0)};
    return c;
}

/* The index range [*lo, *hi) of chunk number `chunk`. */
static inline void chunks_range(const struct chunks *c, int64_t chunk, int64_t *lo, int64_t *hi)
{
    PB_CHECK(chunk >= 0 && chunk < c->count);
    *lo = c->begin + chunk * c->length;
    *hi = c->end - *lo > c->length ? *lo + c->length : c->end;
}

/*
 * Static split: worker `worker` of `nworkers` owns the contiguous chunk
 * numbers [*first, *last). Shares differ by at most one chunk; a worker may
 * own none when there are more workers than chunks.
 */
static inline void chunks_of_worker(int64_t count, int worker, int nworkers, int64_t *first,
                                    int64_t *last)
{
    PB_CHECK(worker >= 0 && worker < nworkers);
    *first = count * worker / nworkers;
    *last = count * (worker + 1) / nworkers;
}

#endif
