/* bandwidth.c — the triad reference (see bandwidth.h). */
#include "bandwidth.h"

#include <stdlib.h>

#include "../kernels/common/chunks.h"
#include "../kernels/common/streamstore.h"
#include "../kernels/common/team.h"
#include "timer.h"

/* Timed repetitions; the first one is a warm-up and does not count. */
enum { REPETITIONS = 6 };

struct triad_worker {
    double *a, *b, *c;
    int64_t first, last; /* this thread's elements */
    int fill;            /* 1: first-touch the arrays, 0: run the triad */
    bool streaming;      /* write a[] with streaming stores */
};

/* a[i] = b[i] + s c[i] over [first, last), whole cache lines streamed. */
static void triad_streaming(const struct triad_worker *w, double scalar)
{
    int64_t i = w->first, lead = streamstore_lead(w->a + i);
    for (int64_t stop = i + lead < w->last ? i + lead : w->last; i < stop; i++)
        w->a[i] = w->b[i] + scalar * w->c[i];
    for (; i + STREAMSTORE_LINE <= w->last; i += STREAMSTORE_LINE) {
        double line[STREAMSTORE_LINE];
        for (int k = 0; k < STREAMSTORE_LINE; k++)
            line[k] = w->b[i + k] + scalar * w->c[i + k];
        streamstore_line(w->a + i, line);
    }
    for (; i < w->last; i++)
        w->a[i] = w->b[i] + scalar * w->c[i];
    streamstore_fence();
}

static void *triad_body(void *arg)
{
    const struct triad_worker *w = arg;
    double *restrict a = w->a;
    const double *restrict b = w->b, *restrict c = w->c;
    const double scalar = 3.0;
    if (w->fill) {
        for (int64_t i = w->first; i < w->last; i++) {
            w->a[i] = 0.0;
            w->b[i] = 1.0;
            w->c[i] = 2.0;
        }
        return NULL;
    }
    if (w->streaming) {
        triad_streaming(w, scalar);
        return NULL;
    }
    for (int64_t i = w->first; i < w->last; i++)
        a[i] = b[i] + scalar * c[i];
    return NULL;
}

static int run_team(struct triad_worker *workers, int threads, int fill)
{
    struct pb_run run = {.workers = threads};
    for (int t = 0; t < threads; t++)
        workers[t].fill = fill;
    return team_run(&run, triad_body, workers, sizeof *workers) == PB_OK ? 0 : -1;
}

double bandwidth_triad(int threads, size_t array_bytes, bool streaming)
{
    int64_t count = (int64_t)(array_bytes / sizeof(double));
    double *a = malloc(array_bytes), *b = malloc(array_bytes), *c = malloc(array_bytes);
    struct triad_worker *workers = calloc((size_t)threads, sizeof *workers);
    double best_s = -1.0;
    if (!a || !b || !c || !workers)
        goto done;
    for (int t = 0; t < threads; t++) {
        workers[t] = (struct triad_worker){.a = a, .b = b, .c = c, .streaming = streaming};
        chunks_of_worker(count, t, threads, &workers[t].first, &workers[t].last);
    }
    if (run_team(workers, threads, 1) != 0)
        goto done;
    for (int r = 0; r < REPETITIONS; r++) {
        struct timer_instant start = timer_now();
        if (run_team(workers, threads, 0) != 0) {
            best_s = -1.0;
            goto done;
        }
        double elapsed_s = timer_elapsed_s(start, timer_now());
        if (r > 0 && (best_s < 0 || elapsed_s < best_s))
            best_s = elapsed_s;
    }
done:
    free(workers);
    free(a);
    free(b);
    free(c);
    return best_s > 0 ? 3.0 * (double)array_bytes / best_s / 1e9 : -1.0;
}
