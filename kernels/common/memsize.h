/*
 * memsize.h — byte counts that saturate instead of wrapping around.
 *
 * memory_needed() multiplies user-supplied sizes; with n = 1e30 an ordinary
 * size_t product would wrap to a small number and pass the memory check.
 * These helpers stop at UINT64_MAX, which no machine has.
 */
#ifndef PARBENCH_MEMSIZE_H
#define PARBENCH_MEMSIZE_H

#include <stdint.h>

static inline uint64_t memsize_mul(uint64_t a, uint64_t b)
{
    if (a != 0 && b > UINT64_MAX / a)
        return UINT64_MAX;
    return a * b;
}

static inline uint64_t memsize_add(uint64_t a, uint64_t b)
{
    return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

/* Refuses allocation sizes that do not fit in size_t (32-bit hosts). */
static inline int memsize_fits(uint64_t bytes)
{
    return bytes <= (uint64_t)SIZE_MAX;
}

#endif
