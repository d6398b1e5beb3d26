/*
 * steps.c — parzen, the lesson's earlier step on the way from naive.c to
 * optimized.c, kept so that `make lesson KERNEL=parzen` measures it on your
 * machine. `--set step=1` makes optimized run it.
 *
 * Step 1: optimized.c's (1)-(3), one pass with each sample's radius binned
 * and prefix sums, the radii computed in SIMD blocks, but each radius placed
 * with a branch: inside every window, inside none, or in between (then
 * searched for, as optimized.c does). Which samples
 * lie in between is random, so the processor mispredicts that branch
 * often; optimized.c counts the two big cases with SIMD comparisons and
 * gathers the rest without a branch.
 */
#include "parzen/parzen.h"

#include <math.h>
#include <string.h>

#include "common/traps.h"

/* Samples per block, and the two helpers, as in optimized.c. */
enum { BLOCK = 512 };

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

static int64_t first_window(const double *limit, int64_t last, double r, double per_limit)
{
    int64_t j = 1 + (int64_t)((r - limit[0]) * per_limit);
    j = j > last ? last : j;
    j -= limit[j - 1] >= r;
    while (limit[j] < r)
        j++;
    while (limit[j - 1] >= r)
        j--;
    return j;
}

static void bin_with_branches(const struct parzen *pz, int64_t *bins)
{
    const int64_t last = pz->widths - 1;
    const double lo = pz->limit[0], hi = pz->limit[last];
    const double per_limit = hi > lo ? (double)last / (hi - lo) : 0.0;
    double radius[BLOCK];
    /* BEGIN PROMPT
     * Step 1: for each block of samples, their radii (block_radii), then
     * each radius's bin with a branch: 0 when radius <= lo, pz->widths when
     * radius > hi, else first_window.
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)bins, (void)per_limit, (void)radius, (void)block_radii, (void)first_window;) */
    for (int64_t first = 0; first < pz->samples; first += BLOCK) {
        int len = pz->samples - first < BLOCK ? (int)(pz->samples - first) : BLOCK;
        block_radii(pz, first, len, radius);
        for (int i = 0; i < len; i++) {
            if (radius[i] <= lo)
                bins[0]++;
            else if (radius[i] > hi)
                bins[pz->widths]++;
            else
                bins[first_window(pz->limit, last, radius[i], per_limit)]++;
        }
    }
    /* END SOLUTION */
}

enum pb_status parzen_step(struct parzen *pz, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    parzen_limits_init(pz);
    memset(pz->bins, 0, (size_t)(pz->widths + 1) * sizeof *pz->bins);
    bin_with_branches(pz, pz->bins);
    parzen_counts_from_bins(pz, pz->bins);
    return PB_OK;
}
