/*
 * cacheline.h — how many bytes a cache line holds, the one platform choice
 * the kernels' data layout depends on.
 *
 * Caches move memory between cores in whole lines. Two workers writing to
 * different variables in the same line make it travel back and forth
 * between their cores (false sharing), and streaming stores write best in
 * whole lines. x86-64 cores and most Arm cores use 64-byte lines; Apple's
 * M-series use 128-byte lines (sysctl hw.cachelinesize says 128 there), so
 * padding to 64 bytes would still leave two partials in one line.
 */
#ifndef PARBENCH_CACHELINE_H
#define PARBENCH_CACHELINE_H

#if defined(__APPLE__) && defined(__aarch64__)
#define PB_CACHE_LINE 128
#else
#define PB_CACHE_LINE 64
#endif

#endif
