/*
 * partials.h — one partial result per chunk, each on its own cache line.
 *
 * False sharing: caches move memory in lines (PB_CACHE_LINE bytes: 64 on
 * x86-64, 128 on Apple's M-series; common/cacheline.h). If two workers
 * write to different doubles that sit in the same line, the line ping-pongs
 * between their cores and both slow down, although they never touch the same
 * variable. struct partial is aligned to a whole line, so neighbouring
 * partials never share one.
 *
 * partials_alloc maps the array in shared memory (shm.h), so forked workers
 * can fill it too; an array of struct partial in ordinary memory (a kernel
 * that only threads write, cos_series) is just as padded.
 */
#ifndef PARBENCH_PARTIALS_H
#define PARBENCH_PARTIALS_H

#include <stdalign.h>
#include <stdint.h>

#include "cacheline.h"

struct partial {
    alignas(PB_CACHE_LINE) double value;
};

/* Shared, zeroed array of `count` partials (NULL on failure, errno set). */
struct partial *partials_alloc(int64_t count);
void partials_free(struct partial *partials, int64_t count);

/* Sets every partial to NaN, so a chunk nobody computed spoils the sum. */
void partials_poison(struct partial *partials, int64_t count);

/* partials[0] + partials[1] + ... in chunk order: the deterministic reduction. */
double partials_sum(const struct partial *partials, int64_t count);

#endif
