/*
 * streamstore.h — streaming (non-temporal) stores: results written to memory
 * without being read into the cache first.
 *
 * An ordinary store into a cache line that is not in the cache makes the
 * core read that line from memory first ("write allocate", or read for
 * ownership), only to overwrite it. A kernel that writes an output array
 * once therefore moves every output byte twice: in, then out. A streaming
 * store instead collects a whole line in a write-combining buffer and sends
 * it to memory in one go, without reading it: for sph2cart that cuts the
 * traffic per point from 9 transfers (3 inputs, 3 outputs read, 3 outputs
 * written) to 6. It only pays when nobody reads the output again soon (the
 * line is not left in the cache) and the output is far larger than the cache.
 *
 * This header is the one place where kernel code depends on the processor:
 * x86 with AVX streams with _mm256_stream_pd, x86 with SSE2 with
 * _mm_stream_pd, and anything else uses ordinary stores (still correct, just
 * not streaming).
 */
#ifndef PARBENCH_STREAMSTORE_H
#define PARBENCH_STREAMSTORE_H

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "cacheline.h"

#if defined(__AVX__) || defined(__SSE2__)
#include <immintrin.h>
_Static_assert(PB_CACHE_LINE == 64, "the x86 stores below write 64-byte lines");
#endif

/* Bytes in a cache line (common/cacheline.h: 64 on x86-64, where the
 * streaming stores below exist), and the doubles one streamed line holds. */
#define STREAMSTORE_LINE_BYTES PB_CACHE_LINE
enum { STREAMSTORE_LINE = STREAMSTORE_LINE_BYTES / sizeof(double) };

/* How many doubles lie between dst and the next line boundary (0 when dst
 * is at one): store those the ordinary way, stream from there on. */
static inline int64_t streamstore_lead(const double *dst)
{
    uintptr_t past = (uintptr_t)dst % STREAMSTORE_LINE_BYTES;
    return past == 0 ? 0 : (int64_t)((STREAMSTORE_LINE_BYTES - past) / sizeof(double));
}

/*
 * Writes one whole cache line, line[0 .. STREAMSTORE_LINE), to dst, which
 * must be at a line boundary (streamstore_lead(dst) == 0). Writing whole
 * lines lets the write-combining buffer send each line out complete.
 */
static inline void streamstore_line(double *dst, const double line[STREAMSTORE_LINE])
{
#if defined(__AVX__)
    for (int half = 0; half < 2; half++) {
        __m256d v;
        memcpy(&v, line + 4 * half, sizeof v);
        _mm256_stream_pd(dst + 4 * half, v);
    }
#elif defined(__SSE2__)
    for (int quarter = 0; quarter < 4; quarter++) {
        __m128d v;
        memcpy(&v, line + 2 * quarter, sizeof v);
        _mm_stream_pd(dst + 2 * quarter, v);
    }
#else
    memcpy(dst, line, STREAMSTORE_LINE_BYTES);
#endif
}

/*
 * Streaming stores are weakly ordered: they may become visible after later
 * ordinary stores. Call this after the last one and before telling anyone
 * (another thread, the parent process) that the results are there.
 */
static inline void streamstore_fence(void)
{
#if defined(__SSE2__)
    _mm_sfence();
#else
    atomic_thread_fence(memory_order_seq_cst);
#endif
}

#endif
