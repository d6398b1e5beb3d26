/* bandwidth.c — the bandwidth references (see bandwidth.h). */
#include "bandwidth.h"

#include <stdlib.h>

#include "../kernels/common/chunks.h"
#include "../kernels/common/streamstore.h"
#include "../kernels/common/team.h"
#include "timer.h"

/* Timed repetitions; the first one is a warm-up and does not count. */
enum { REPETITIONS = 6 };

enum { MAX_ARRAYS = 6 };

/* Large allocations start at the same offset within a page, so element i of
 * every array would fall in the same cache set and the same memory bank:
 * six streams then evict each other. Array a starts a * STAGGER_BYTES
 * into its block (65 cache lines: no power of two), as STREAM offsets its
 * arrays. */
enum { LINE_BYTES = STREAMSTORE_LINE * sizeof(double), STAGGER_BYTES = 65 * LINE_BYTES };

struct stream_worker {
    double *array[MAX_ARRAYS]; /* triad: a b c; six: a b c x y z */
    enum bandwidth_pattern pattern;
    int64_t first, last; /* this thread's elements */
    int fill;            /* 1: first-touch the arrays, 0: run the pattern */
    bool streaming;      /* write with streaming stores */
};

static const double scalar = 3.0;

/* out[i] = in1[i] + s in2[i] over [first, last), whole lines streamed. */
static void combine(double *out, const double *in1, const double *in2, int64_t first,
                    int64_t last, bool streaming)
{
    int64_t i = first;
    if (streaming) {
        int64_t lead = streamstore_lead(out + i);
        for (int64_t stop = i + lead < last ? i + lead : last; i < stop; i++)
            out[i] = in1[i] + scalar * in2[i];
        for (; i + STREAMSTORE_LINE <= last; i += STREAMSTORE_LINE) {
            double line[STREAMSTORE_LINE];
            for (int k = 0; k < STREAMSTORE_LINE; k++)
                line[k] = in1[i + k] + scalar * in2[i + k];
            streamstore_line(out + i, line);
        }
    }
    for (; i < last; i++)
        out[i] = in1[i] + scalar * in2[i];
}

/* x = a + s b, y = b + s c, z = c + s a for one element: the six streams. */
#define SIX_STEP(i)                                                                                \
    do {                                                                                           \
        x[i] = a[i] + scalar * b[i];                                                               \
        y[i] = b[i] + scalar * c[i];                                                               \
        z[i] = c[i] + scalar * a[i];                                                               \
    } while (0)

/* The six-stream pattern over [first, last): three inputs read, three
 * outputs written in the same pass, like sph2cart. Streamed a cache line
 * of each output at a time (all arrays start on a line, so lines align). */
static void six_streams(double *const *v, int64_t first, int64_t last, bool streaming)
{
    const double *restrict a = v[0], *restrict b = v[1], *restrict c = v[2];
    double *restrict x = v[3], *restrict y = v[4], *restrict z = v[5];
    int64_t i = first;
    if (streaming) {
        int64_t lead = streamstore_lead(x + i);
        for (int64_t stop = i + lead < last ? i + lead : last; i < stop; i++)
            SIX_STEP(i);
        for (; i + STREAMSTORE_LINE <= last; i += STREAMSTORE_LINE) {
            double lx[STREAMSTORE_LINE], ly[STREAMSTORE_LINE], lz[STREAMSTORE_LINE];
            for (int k = 0; k < STREAMSTORE_LINE; k++) {
                lx[k] = a[i + k] + scalar * b[i + k];
                ly[k] = b[i + k] + scalar * c[i + k];
                lz[k] = c[i + k] + scalar * a[i + k];
            }
            streamstore_line(x + i, lx);
            streamstore_line(y + i, ly);
            streamstore_line(z + i, lz);
        }
    }
    for (; i < last; i++)
        SIX_STEP(i);
}

static int arrays_of(enum bandwidth_pattern pattern)
{
    return pattern == BANDWIDTH_TRIAD ? 3 : 6;
}

static void *stream_body(void *arg)
{
    const struct stream_worker *w = arg;
    if (w->fill) {
        for (int a = 0; a < arrays_of(w->pattern); a++)
            for (int64_t i = w->first; i < w->last; i++)
                w->array[a][i] = 1.0 + a;
        return NULL;
    }
    if (w->pattern == BANDWIDTH_TRIAD)
        combine(w->array[0], w->array[1], w->array[2], w->first, w->last, w->streaming);
    else
        six_streams(w->array, w->first, w->last, w->streaming);
    if (w->streaming)
        streamstore_fence();
    return NULL;
}

static int run_team(struct stream_worker *workers, int threads, int fill)
{
    struct pb_run run = {.workers = threads};
    for (int t = 0; t < threads; t++)
        workers[t].fill = fill;
    return team_run(&run, stream_body, workers, sizeof *workers) == PB_OK ? 0 : -1;
}

/* The best time of the repetitions, or -1. */
static double best_time_s(struct stream_worker *workers, int threads)
{
    double best_s = -1.0;
    if (run_team(workers, threads, 1) != 0)
        return -1.0;
    for (int r = 0; r < REPETITIONS; r++) {
        struct timer_instant start = timer_now();
        if (run_team(workers, threads, 0) != 0)
            return -1.0;
        double elapsed_s = timer_elapsed_s(start, timer_now());
        if (r > 0 && (best_s < 0 || elapsed_s < best_s))
            best_s = elapsed_s;
    }
    return best_s;
}

double bandwidth_measure(enum bandwidth_pattern pattern, int threads, size_t array_bytes,
                         bool streaming)
{
    /* Whole cache lines, every array starting on one: streamed lines then
     * line up in all of them. */
    array_bytes -= array_bytes % (STREAMSTORE_LINE * sizeof(double));
    int64_t count = (int64_t)(array_bytes / sizeof(double));
    int narrays = arrays_of(pattern);
    void *blocks[MAX_ARRAYS] = {NULL};
    struct stream_worker *workers = calloc((size_t)threads, sizeof *workers);
    bool ok = workers != NULL;
    for (int a = 0; a < narrays; a++)
        ok &= (blocks[a] = aligned_alloc(LINE_BYTES, array_bytes + (size_t)MAX_ARRAYS * STAGGER_BYTES)) != NULL;
    double best_s = -1.0;
    if (ok) {
        for (int t = 0; t < threads; t++) {
            workers[t] = (struct stream_worker){.pattern = pattern, .streaming = streaming};
            for (int a = 0; a < narrays; a++)
                workers[t].array[a] = (double *)blocks[a] + a * (STAGGER_BYTES / sizeof(double));
            chunks_of_worker(count, t, threads, &workers[t].first, &workers[t].last);
        }
        best_s = best_time_s(workers, threads);
    }
    free(workers);
    for (int a = 0; a < narrays; a++)
        free(blocks[a]);
    return best_s > 0 ? narrays * (double)array_bytes / best_s / 1e9 : -1.0;
}
