/* stats.c — see stats.h. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../kernels/common/check.h"

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of_sorted(const double *sorted, size_t count)
{
    size_t middle = count / 2;
    return count % 2 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
}

/* P(B = i) for B ~ Binomial(n, 1/2), in logs to stay finite for large n. */
static double binomial_half(size_t n, size_t i)
{
    double log_p = lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) -
                   (double)n * log(2.0);
    return exp(log_p);
}

size_t stats_interval_rank(size_t n, double level, double *coverage)
{
    /* below = P(B < j) = P(B <= j - 1), growing with j; keep the last j
     * that still covers the level. */
    double below = 0.0;
    size_t best = 0;
    double best_coverage = NAN;
    for (size_t j = 1; 2 * j <= n + 1; j++) {
        below += binomial_half(n, j - 1);
        double cover = 1.0 - 2.0 * below;
        if (cover < level)
            break;
        best = j;
        best_coverage = cover;
    }
    if (coverage)
        *coverage = best_coverage;
    return best;
}

void stats_compute(const double *values, size_t count, struct sample_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    stats->min = stats->max = stats->median = stats->mean = NAN;
    stats->stddev = stats->cv = stats->lo = stats->hi = NAN;
    double *sorted = malloc((count ? count : 1) * sizeof *sorted);
    PB_CHECK(sorted != NULL);
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (isfinite(values[i]))
            sorted[n++] = values[i];
    stats->count = n;
    if (n == 0) {
        free(sorted);
        return;
    }
    qsort(sorted, n, sizeof *sorted, compare_doubles);

    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += sorted[i];
    double mean = sum / (double)n;
    double squares = 0.0;
    for (size_t i = 0; i < n; i++)
        squares += (sorted[i] - mean) * (sorted[i] - mean);

    stats->min = sorted[0];
    stats->max = sorted[n - 1];
    stats->median = median_of_sorted(sorted, n);
    stats->mean = mean;
    stats->stddev = n > 1 ? sqrt(squares / (double)(n - 1)) : 0.0;
    stats->cv = mean > 0.0 ? stats->stddev / mean : 0.0;
    size_t j = stats_interval_rank(n, STATS_LEVEL, NULL);
    if (j > 0) {
        stats->lo = sorted[j - 1];
        stats->hi = sorted[n - j];
    }
    free(sorted);
}

size_t stats_paired_ratios(const double *numerator, const double *denominator, size_t count,
                           double *ratio)
{
    size_t finite = 0;
    for (size_t r = 0; r < count; r++) {
        double a = numerator[r], b = denominator[r];
        bool ok = isfinite(a) && isfinite(b) && a > 0 && b > 0;
        ratio[r] = ok ? a / b : NAN;
        finite += ok;
    }
    return finite;
}

bool stats_within(const struct sample_stats *stats, double tolerance)
{
    return isfinite(stats->lo) && isfinite(stats->hi) && stats->median > 0 &&
           stats->lo >= stats->median * (1.0 - tolerance) &&
           stats->hi <= stats->median * (1.0 + tolerance);
}
