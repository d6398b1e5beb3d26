/* rng.c — counter-based random numbers (see rng.h). */
#include "rng.h"

#include <math.h>

#include "traps.h"

/* 2^64 / golden ratio, odd: consecutive counters land far apart. */
#define RNG_GAMMA UINT64_C(0x9e3779b97f4a7c15)

/* A bijective 64-bit mix: every input bit affects every output bit. */
static uint64_t rng_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

uint64_t rng_bits(uint64_t seed, uint64_t counter)
{
    /* Mixing the seed first keeps nearby seeds (1, 2, 3) from giving
     * streams that are shifted copies of each other. Unsigned arithmetic
     * wraps modulo 2^64 by definition. */
    return rng_mix(rng_mix(seed) + (counter + 1) * RNG_GAMMA);
}

double rng_uniform(uint64_t seed, uint64_t counter)
{
    /* The top 53 bits, plus one: k / 2^53 with k in [1, 2^53]. */
    const double two_to_minus_53 = 0x1p-53;
    return (double)((rng_bits(seed, counter) >> 11) + 1) * two_to_minus_53;
}

/* Box-Muller: two independent uniforms give two independent normals. */
static void normal_pair(uint64_t seed, uint64_t pair, double *cos_half, double *sin_half)
{
    const double two_pi = 6.283185307179586476925286766559;
    double radius = sqrt(-2.0 * log(rng_uniform(seed, 2 * pair)));
    double angle = two_pi * rng_uniform(seed, 2 * pair + 1);
    *cos_half = radius * cos(angle);
    *sin_half = radius * sin(angle);
}

double rng_normal(uint64_t seed, uint64_t index)
{
    double z[2];
    normal_pair(seed, index / 2, &z[0], &z[1]);
    return z[index % 2];
}

void rng_normals(uint64_t seed, uint64_t first, int64_t count, double *out)
{
    int64_t i = 0;
    if (count > 0 && first % 2 == 1) /* a slice may start with a sine half */
        out[i++] = rng_normal(seed, first);
    for (; i + 1 < count; i += 2)
        normal_pair(seed, (first + (uint64_t)i) / 2, &out[i], &out[i + 1]);
    if (i < count) /* and end with a cosine half */
        out[i] = rng_normal(seed, first + (uint64_t)i);
}
