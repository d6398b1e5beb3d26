/*
 * accuracy.h — the two tools the series' references and verifies share:
 * compensated summation, and the tolerance of a long floating-point sum.
 */
#ifndef PARBENCH_ACCURACY_H
#define PARBENCH_ACCURACY_H

#include <math.h>
#include <stdint.h>

/* Neumaier's variant of Kahan summation, in long double: `lost` collects
 * the low-order bits that each addition rounds away. */
struct compensated {
    long double sum, lost;
};

static inline void compensated_add(struct compensated *c, long double term)
{
    long double t = c->sum + term;
    if (fabsl(c->sum) >= fabsl(term))
        c->lost += (c->sum - t) + term;
    else
        c->lost += (term - t) + c->sum;
    c->sum = t;
}

static inline long double compensated_total(const struct compensated *c)
{
    return c->sum + c->lost;
}

/*
 * The relative error a plain double sum of n terms may show: each addition
 * rounds by up to half an ulp of the partial sum, and those errors add up
 * like a random walk, growing like sqrt(n). `at_1e8` is the kernel's bound
 * at n = 1e8 (its comment says why); beyond, the bound grows like sqrt(n).
 */
static inline double accuracy_sum_tolerance(double at_1e8, int64_t n)
{
    return at_1e8 * fmax(1.0, sqrt((double)n / 1e8));
}

#endif
