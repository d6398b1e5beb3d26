/*
 * stats.h — what a set of measurements says, and how sure it is.
 *
 * parbench reports medians: one sample disturbed by another program moves
 * the mean, not the median. Every median comes with a distribution-free
 * confidence interval (Hoefler and Belli, SC'15, rule 5): sorted, n values
 * x(1) <= ... <= x(n) bracket the true median between x(j) and x(n+1-j)
 * with probability 1 - 2 P(B < j), B ~ Binomial(n, 1/2), whatever the
 * distribution of the values. parbench takes the largest j that keeps that
 * probability at 95% or more: with 10 values, the 2nd and the 9th (97.9%).
 * Below 6 values no such j exists and the interval is unknown.
 *
 * Speedups are paired: within one round every cell runs once, so the
 * baseline's time and the cell's time of the same round share the
 * machine's state (its clock, its other load); their ratio cancels what
 * drifted between rounds. The median and interval are then taken over the
 * rounds' ratios (stats_paired_ratios).
 */
#ifndef PARBENCH_STATS_H
#define PARBENCH_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* The confidence level of every interval parbench reports. */
#define STATS_LEVEL 0.95

struct sample_stats {
    size_t count;
    double min, max, median, mean;
    double stddev; /* sample standard deviation (n - 1); 0 for one sample */
    double cv;     /* stddev / mean; 0 when the mean is 0 */
    double lo, hi; /* the median's 95% interval; NAN when count < 6 */
};

/* Summarizes the finite values of values[0..count); count (finite ones)
 * may be 0, which gives count 0 and NAN everywhere. Input unchanged. */
void stats_compute(const double *values, size_t count, struct sample_stats *stats);

/*
 * The order statistics of the median's interval for n values: the largest
 * j (1-based) with 1 - 2 P(B < j) >= level. Returns 0 when none exists.
 * The interval is [x(j), x(n + 1 - j)]; its exact coverage goes to
 * *coverage (may be NULL).
 */
size_t stats_interval_rank(size_t n, double level, double *coverage);

/*
 * ratio[r] = numerator[r] / denominator[r] for every r where both are
 * finite and positive; NAN elsewhere. Returns how many are finite.
 */
size_t stats_paired_ratios(const double *numerator, const double *denominator, size_t count,
                           double *ratio);

/* Whether the interval is resolved and within +-tolerance of the median
 * (tolerance 0.05 for +-5%). */
bool stats_within(const struct sample_stats *stats, double tolerance);

#endif
