/*
 * cycles.c — the exact part of verify: columns whose orbit settles on an
 * attracting cycle (a fixed point, a 2-cycle, ... up to period
 * GAUSS_MAP_MAX_PERIOD), the black curves of the picture.
 *
 * On a cycle p_0 -> p_1 -> ... -> p_{n-1} -> p_0, an orbit visits each point
 * once every n steps, so of `points` consecutive steps each p_i gets
 * floor(points / n) or ceil(points / n), and no other bin gets any. Those
 * counts are exact for every correct program, whatever its exp, as long as
 * no p_i lies within rounding distance of a bin edge. The p_i are solved
 * here in long double, as roots of f^n(x) - x; the map is never iterated
 * from x0 for this.
 */
#include "gauss_map.h"

#include <math.h>
#include <stdio.h>

#include "../common/traps.h"

/* Largest |(f^n)'| on the cycle: strongly attracting, so orbits computed
 * with different roundings stay together on their way to it. (That `skip`
 * steps were enough to get there, the reference orbit shows: all of its
 * points fell in the cycle's bins.) */
#define CONTRACTION_MAX 0.9L
/* Each p_i must be this far (in bins) from a bin edge: the computed orbits
 * settle within a few ulps of the cycle, far closer than this. */
#define EDGE_MARGIN_BINS 1e-6L

/* f^n(x), and with it (f^n)'(x) = f'(x_0) f'(x_1) ... f'(x_{n-1}). */
static long double orbit(long double alpha, long double beta, int n, long double x,
                         long double *slope)
{
    long double product = 1.0L;
    for (int i = 0; i < n; i++) {
        long double e = expl(-alpha * x * x);
        product *= -2.0L * alpha * x * e;
        x = e + beta;
    }
    if (slope)
        *slope = product;
    return x;
}

/* g(x) = f^n(x) - x: zero at the points of every n-cycle. */
static long double g(long double alpha, long double beta, int n, long double x)
{
    return orbit(alpha, beta, n, x, NULL) - x;
}

/*
 * A point of an attracting n-cycle in [lo, hi]. Near such a point
 * -1 < (f^n)' < 1, so g falls through zero there: a sign change
 * g(lo) > 0 >= g(hi) brackets it, and bisection down to adjacent long
 * doubles finds it. True when the root found is strongly attracting.
 */
bool gauss_map_cycle_point(double alpha, double beta, int period, long double lo,
                           long double hi, long double *point)
{
    const long double a = alpha, b = beta;
    long double above = lo, below = hi; /* g(above) > 0 >= g(below) */
    if (!(g(a, b, period, above) > 0.0L && g(a, b, period, below) <= 0.0L))
        return false;
    for (;;) {
        long double mid = above + (below - above) / 2.0L;
        if (mid == above || mid == below)
            break;
        if (g(a, b, period, mid) > 0.0L)
            above = mid;
        else
            below = mid;
    }
    long double slope;
    orbit(a, b, period, below, &slope);
    *point = below;
    return fabsl(slope) <= CONTRACTION_MAX;
}

/* The bin of x in long double, or -1 when x is within the margin of an
 * edge or outside the range. */
static int64_t safe_bin(const struct gauss_map *gm, long double x)
{
    const long double u = (x - GAUSS_MAP_X_MIN) * (long double)gm->height /
                          (GAUSS_MAP_X_MAX - GAUSS_MAP_X_MIN);
    const long double bin = floorl(u);
    if (!(u >= 0.0L && u < (long double)gm->height) || u - bin < EDGE_MARGIN_BINS ||
        bin + 1.0L - u < EDGE_MARGIN_BINS)
        return -1;
    return (int64_t)bin;
}

/*
 * The reference orbit of a column visited n <= GAUSS_MAP_MAX_PERIOD bins:
 * is it an attracting n-cycle with one point in each? Solve for the cycle
 * point in the lowest of those bins, then follow the cycle (in long double)
 * through the others. The reference only says which attractor the orbit
 * from x0 = 0 chose (for some beta the map has two); that the cycle is
 * there, and exactly where, is solved here.
 */
bool gauss_map_cycle_find(const struct gauss_map *gm, int64_t column, const uint32_t *counts,
                          struct gauss_map_cycle *cycle)
{
    int period = 0;
    int64_t total = 0;
    for (int64_t bin = 0; bin < gm->height; bin++)
        if (counts[bin] != 0) {
            if (period == GAUSS_MAP_MAX_PERIOD)
                return false;
            cycle->bins[period++] = bin;
            total += counts[bin];
        }
    if (period == 0 || total != gm->points)
        return false;

    const long double bin_width = (GAUSS_MAP_X_MAX - GAUSS_MAP_X_MIN) / (long double)gm->height;
    const long double lo = GAUSS_MAP_X_MIN + (long double)cycle->bins[0] * bin_width;
    const double beta = gauss_map_beta(gm, column);
    if (!gauss_map_cycle_point(gm->alpha, beta, period, lo, lo + bin_width, &cycle->point))
        return false;
    /* The cycle's points must fall one in each visited bin, clear of edges. */
    unsigned visited = 0;
    long double x = cycle->point;
    for (int i = 0; i < period; i++, x = orbit(gm->alpha, beta, 1, x, NULL)) {
        int64_t bin = safe_bin(gm, x);
        int k = 0;
        while (k < period && cycle->bins[k] != bin)
            k++;
        if (bin < 0 || k == period || (visited & (1u << k)))
            return false;
        visited |= 1u << k;
    }
    cycle->column = column;
    cycle->period = period;
    return true;
}

bool gauss_map_cycle_check(const struct gauss_map *gm, const struct gauss_map_cycle *cycle,
                           const uint32_t *hist, char *message)
{
    const uint32_t *counts = hist + cycle->column * gm->height;
    const int64_t fewest = gm->points / cycle->period;
    const int64_t most = fewest + (gm->points % cycle->period != 0);
    int64_t total = 0;
    for (int i = 0; i < cycle->period; i++) {
        int64_t count = counts[cycle->bins[i]];
        total += count;
        if (count < fewest || count > most) {
            snprintf(message, PB_MESSAGE_MAX,
                     "column %lld (beta %.6g): %lld points in bin %lld, on the attracting "
                     "%d-cycle through x = %.12Lg; expected %lld",
                     (long long)cycle->column, gauss_map_beta(gm, cycle->column),
                     (long long)count, (long long)cycle->bins[i], cycle->period, cycle->point,
                     (long long)(count < fewest ? fewest : most));
            return false;
        }
    }
    if (total != gm->points) {
        snprintf(message, PB_MESSAGE_MAX,
                 "column %lld (beta %.6g): %lld of %lld points on the attracting %d-cycle "
                 "through x = %.12Lg; expected all",
                 (long long)cycle->column, gauss_map_beta(gm, cycle->column), (long long)total,
                 (long long)gm->points, cycle->period, cycle->point);
        return false;
    }
    return true;
}
