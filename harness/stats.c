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

void stats_compute(const double *values, size_t count, struct sample_stats *stats)
{
    PB_CHECK(count >= 1);
    double *sorted = malloc(count * sizeof *sorted);
    PB_CHECK(sorted != NULL);
    memcpy(sorted, values, count * sizeof *sorted);
    qsort(sorted, count, sizeof *sorted, compare_doubles);

    double sum = 0.0;
    for (size_t i = 0; i < count; i++)
        sum += sorted[i];
    double mean = sum / (double)count;
    double squares = 0.0;
    for (size_t i = 0; i < count; i++)
        squares += (sorted[i] - mean) * (sorted[i] - mean);

    stats->count = count;
    stats->min = sorted[0];
    stats->max = sorted[count - 1];
    stats->median = median_of_sorted(sorted, count);
    stats->mean = mean;
    stats->stddev = count > 1 ? sqrt(squares / (double)(count - 1)) : 0.0;
    stats->cv = mean > 0.0 ? stats->stddev / mean : 0.0;
    free(sorted);
}
