/*
 * bandwidth.h — how fast can this machine move memory? A STREAM-style triad.
 *
 * a[i] = b[i] + s * c[i] over arrays much larger than the last-level cache,
 * split among threads, each thread first touching its own part (on a
 * multi-socket node pages land near the thread that touches them first).
 * Bytes counted as STREAM does: 3 arrays x 8 bytes per element (two read,
 * one written), not counting the extra read a cache does before a write
 * ("write allocate"). The best of several repetitions is reported.
 *
 * Measured twice: with ordinary stores (each written line is first read:
 * 4 transfers for the 3 counted), and with streaming stores that skip that
 * read (common/streamstore.h). A kernel's fraction is taken of the better
 * of the two, the most this machine showed it can move.
 *
 * Memory-bound kernels report their achieved GB/s counted the same way and
 * the fraction of this reference they reach: when a kernel's speedup curve
 * flattens while the fraction nears 1, memory is the limit, not a serial
 * fraction.
 */
#ifndef PARBENCH_BANDWIDTH_H
#define PARBENCH_BANDWIDTH_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes per array: 256 MiB, far above any last-level cache we know of. */
#define BANDWIDTH_ARRAY_BYTES ((size_t)256 << 20)

/* Triad bandwidth in GB/s (1e9 bytes/s) with `threads` threads, with
 * streaming stores or not; -1 on failure. */
double bandwidth_triad(int threads, size_t array_bytes, bool streaming);

#endif
