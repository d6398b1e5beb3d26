/*
 * optimized.c — parzen, the best serial code we can write.
 *
 * What changed from naive.c (`--set step=1` runs (1)-(3) with a branch per
 * sample instead of (4): steps.c; `make lesson KERNEL=parzen` times both):
 * (1) One pass over the samples instead of one per width. A sample's box
 *     radius r = max_k |x_k - p_k| decides every window at once: the
 *     sample lies in window j exactly when r / h_j <= 1/2. The windows grow
 *     with j, so the sample is in every window from its first one on; we
 *     count it once, in the bin of that first window, and a prefix sum over
 *     the bins gives all the counts: samples x d + widths work instead of
 *     samples x widths x d.
 * (2) No division at all, and still exactly naive's counts. Naive asks
 *     whether the rounded quotient r / h is <= 1/2; we ask whether
 *     r <= h / 2 (h / 2 is exact). The two agree for every double r: at
 *     r = h / 2 the quotient is exactly 1/2, and for the next double up,
 *     r = h / 2 + ulp(h / 2), the exact quotient 1/2 + ulp(h / 2) / h lies
 *     beyond the midpoint between 1/2 and the next double after it, so it
 *     rounds up, and so does every larger r (rounding is monotone).
 * (3) SIMD-friendly data and loops. Setup stores the samples by dimension
 *     (coord[k][i]), so the radius loop reads unit-stride arrays and works
 *     on four samples per instruction (AVX2).
 * (4) Most samples fall in every window or in none: those two counts are
 *     SIMD comparisons added up in local variables (registers). Only the
 *     few in between need their first window; they are gathered without a
 *     branch (which of them lie in between is random, so a branch would be
 *     mispredicted often), and counted in memory.
 */
#include "parzen/parzen.h"

#include <math.h>
#include <string.h>

#include "common/traps.h"

/* Samples per block: their radii and the scratch arrays (12 KiB) stay in
 * the L1 cache. */
enum { BLOCK = 512 };

/* limit[j] = h_j / 2, the largest radius window j holds (see (2) above). */
void parzen_limits_init(struct parzen *pz)
{
    for (int64_t j = 0; j < pz->widths; j++)
        pz->limit[j] = 0.5 * pz->h[j];
}

/* radius[i] = max_k |x_k - p_k| of the samples begin, begin + 1, ...: one
 * loop over the samples per dimension, so each reads a contiguous array. */
static void block_radii(const struct parzen *pz, int64_t begin, int len,
                        double *restrict radius)
{
    const double *x = pz->coord[0] + begin, p = pz->p[0];
    for (int i = 0; i < len; i++)
        radius[i] = fabs(x[i] - p);
    for (int k = 1; k < pz->d; k++) {
        const double *xk = pz->coord[k] + begin, pk = pz->p[k];
        for (int i = 0; i < len; i++) {
            double a = fabs(xk[i] - pk);
            radius[i] = a > radius[i] ? a : radius[i];
        }
    }
}

/*
 * The first window j with r <= limit[j], for limit[0] < r <= limit[W - 1].
 * The limits are evenly spaced up to rounding, so
 * interpolation gives j or j + 1; one comparison, which the compiler makes
 * without a branch, settles which. The loops only guard against rounding
 * surprises: they almost never run, so their branches are predicted right.
 */
static int64_t first_window(const double *limit, int64_t last, double r, double per_limit)
{
    int64_t j = 1 + (int64_t)((r - limit[0]) * per_limit);
    j = j > last ? last : j;
    j -= limit[j - 1] >= r;
    while (limit[j] < r) /* stops at last at the latest, as r <= limit[last] */
        j++;
    while (limit[j - 1] >= r) /* stops at 1 at the latest, as r > limit[0] */
        j--;
    return j;
}

/*
 * Copies the radii with limit[0] < r <= limit[W - 1] to middle[] and
 * returns how many there are. Which radii those are is random, so a branch
 * per radius would be mispredicted often. Instead the first loop marks
 * them (in SIMD), and the second writes every radius but advances the
 * write position only past the marked ones: no branch at all.
 */
static int64_t block_middle(const double *radius, int len, double lo, double hi,
                            double *middle)
{
    int64_t marked[BLOCK], count = 0;
    for (int i = 0; i < len; i++)
        marked[i] = (radius[i] > lo) & (radius[i] <= hi);
    for (int i = 0; i < len; i++) {
        middle[count] = radius[i];
        count += marked[i];
    }
    return count;
}

void parzen_bin_samples(const struct parzen *pz, int64_t begin, int64_t end, int64_t *bins)
{
    const int64_t last = pz->widths - 1;
    const double lo = pz->limit[0], hi = pz->limit[last];
    const double per_limit = hi > lo ? (double)last / (hi - lo) : 0.0;
    int64_t in_all = 0, in_none = 0; /* the two big bins, kept in registers */
    double radius[BLOCK], middle[BLOCK];
    for (int64_t first = begin; first < end; first += BLOCK) {
        int len = end - first < BLOCK ? (int)(end - first) : BLOCK;
        block_radii(pz, first, len, radius);
        /* BEGIN PROMPT
         * Put each of the block's radii in its bin: the first window j with
         * radius <= pz->limit[j] (limit[j] = h_j / 2, increasing with j), or bin
         * `widths` when no window holds it. Most radii are inside every window or
         * outside all of them: count those two cases in in_all / in_none (bins 0
         * and `widths`), cheaply; only the rest needs a search (first_window).
         * END PROMPT */
        /* BEGIN SOLUTION (stub: (void)radius, (void)lo, (void)hi, (void)per_limit, (void)middle, (void)block_middle, (void)first_window;) */
        int64_t all = 0, none = 0;
        for (int i = 0; i < len; i++) {
            all += radius[i] <= lo;
            none += radius[i] > hi;
        }
        in_all += all;
        in_none += none;
        if (all + none == len) /* nothing between the limits */
            continue;
        int64_t count = block_middle(radius, len, lo, hi, middle);
        for (int64_t m = 0; m < count; m++) /* block_middle wrote middle[0 .. count) */
            bins[first_window(pz->limit, last, middle[m], per_limit)]++; /* NOLINT */
        /* END SOLUTION */
    }
    bins[0] += in_all;
    bins[pz->widths] += in_none;
}

void parzen_bin_chunk(const struct parzen *pz, int64_t chunk, int64_t *bins)
{
    int64_t begin, end;
    chunks_range(&pz->chunks, chunk, &begin, &end);
    parzen_bin_samples(pz, begin, end, bins);
}

void parzen_counts_from_bins(struct parzen *pz, const int64_t *bins)
{
    /* BEGIN PROMPT
     * bins[j] holds the samples whose first window (the smallest width that
     * holds them) is window j; bins[widths] those in no window. A sample inside
     * window j is inside every wider window too: turn the bins into
     * pz->counts[j], the samples inside window j.
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)bins, (void)pz;) */
    int64_t inside = 0;
    for (int64_t j = 0; j < pz->widths; j++) {
        inside += bins[j];
        pz->counts[j] = inside;
    }
    /* END SOLUTION */
}

enum pb_status parzen_optimized(struct parzen *pz, struct pb_run *run)
{
    if (pz->step < PARZEN_STEPS) /* the lesson's earlier step: steps.c */
        return parzen_step(pz, run);
    parzen_limits_init(pz);
    memset(pz->bins, 0, (size_t)(pz->widths + 1) * sizeof *pz->bins);
    parzen_bin_samples(pz, 0, pz->samples, pz->bins);
    parzen_counts_from_bins(pz, pz->bins);
    return PB_OK;
}
