/*
 * stats.h — summary statistics of a cell's timed runs.
 *
 * The median is the figure parbench reports and computes speedups from: one
 * run disturbed by another process moves the mean, not the median. The
 * minimum is the best the machine managed; the coefficient of variation
 * (stddev / mean) says how noisy the measurement was.
 */
#ifndef PARBENCH_STATS_H
#define PARBENCH_STATS_H

#include <stddef.h>

struct sample_stats {
    size_t count;
    double min, max, median, mean;
    double stddev; /* sample standard deviation (n - 1); 0 for one sample */
    double cv;     /* stddev / mean; 0 when the mean is 0 */
};

/* Summarizes values[0..count) (count >= 1); the input is not modified. */
void stats_compute(const double *values, size_t count, struct sample_stats *stats);

#endif
