/*
 * rng.h — counter-based random numbers: number i of a stream is a pure
 * function of (seed, i).
 *
 * Why not an ordinary generator? A classic generator (rand(), a Mersenne
 * twister, an LCG) keeps a hidden state that each call advances. Give it to
 * parallel workers and two things go wrong:
 *   - forked workers inherit the parent's generator *state*: every process
 *     draws the very same "random" numbers, and a Monte Carlo estimate made
 *     from N workers is no better than from one (the classic bug);
 *   - threads sharing one state race on it, or take turns in an order that
 *     changes from run to run, so the numbers each sample gets depend on the
 *     thread count and the scheduler: no run can be reproduced.
 * A counter-based generator has no state to share. Number i of the stream
 * is computed directly from the seed and i, so any worker can generate any
 * slice [a, b) by itself, the data never depend on the worker count, and
 * two runs with the same seed are identical to the last bit.
 *
 * The bits are SplitMix64's (Steele, Lea and Flood 2014; the finalizer is
 * Stafford's "mix 13"): output i = mix(mix(seed) + (i + 1) * GAMMA), the
 * stream SplitMix64 produces from the state mix(seed), which passes the
 * BigCrush statistical test battery. Normal numbers come in pairs from two
 * uniforms by the Box-Muller transform. Not for cryptography.
 */
#ifndef PARBENCH_RNG_H
#define PARBENCH_RNG_H

#include <stdint.h>

/* 64 random bits: number `counter` of the stream `seed`. */
uint64_t rng_bits(uint64_t seed, uint64_t counter);

/* A uniform double in (0, 1] (a multiple of 2^-53, never 0, so log() of it
 * is finite): number `counter` of the stream `seed`. */
double rng_uniform(uint64_t seed, uint64_t counter);

/*
 * Standard normal number `index` of the stream `seed`. Normals 2q and 2q + 1
 * are the cosine and sine halves of one Box-Muller pair, made from uniforms
 * 2q and 2q + 1; the same index always gives the same bits, however the
 * stream is sliced.
 */
double rng_normal(uint64_t seed, uint64_t index);

/* Normals first, first + 1, ..., first + count - 1 of the stream into out:
 * exactly the numbers rng_normal gives, at half the cost per number. */
void rng_normals(uint64_t seed, uint64_t first, int64_t count, double *out);

#endif
