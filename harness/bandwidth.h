/*
 * bandwidth.h — how fast can this machine move memory? STREAM-style loops
 * over arrays much larger than the last-level cache, split among threads,
 * each thread first touching its own part (on a multi-socket node pages
 * land near the thread that touches them first).
 *
 * Two patterns:
 *   triad  a[i] = b[i] + s c[i]: 3 streams, 2 read and 1 written (STREAM's);
 *   six    x[i] = a[i] + s b[i], y[i] = b[i] + s c[i], z[i] = c[i] + s a[i]:
 *          6 streams, 3 read and 3 written, the shape of sph2cart.
 * One core's bandwidth is limited by how many cache misses it can have in
 * flight, and more streams keep more in flight: a kernel with six streams
 * can beat the triad on one core. Its fraction of the six-stream figure
 * compares like with like.
 *
 * Bytes are counted as STREAM does (8 per array element touched), not
 * counting the extra read a cache does before a write ("write allocate").
 * Each pattern is measured with ordinary stores and with streaming stores
 * that skip that read (common/streamstore.h); the best of several
 * repetitions is reported.
 */
#ifndef PARBENCH_BANDWIDTH_H
#define PARBENCH_BANDWIDTH_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes per array: 128 MiB, far above any last-level cache we know of
 * (the six-stream pattern has six of them). */
#define BANDWIDTH_ARRAY_BYTES ((size_t)128 << 20)

enum bandwidth_pattern { BANDWIDTH_TRIAD, BANDWIDTH_SIX };

/* Bandwidth in GB/s (1e9 bytes/s) with `threads` threads; -1 on failure. */
double bandwidth_measure(enum bandwidth_pattern pattern, int threads, size_t array_bytes,
                         bool streaming);

#endif
