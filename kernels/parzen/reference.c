/*
 * reference.c — what verify compares against, computed without any code
 * under test: the exact counts by a different algorithm, and the counts'
 * statistical expectation from the normal distribution.
 */
#include "parzen.h"

#include <math.h>
#include <stdio.h>

#include "../common/traps.h"

/*
 * Does the window of width h hold sample i? The definition, test by test,
 * written out again here on purpose: the reference must not share code
 * with the variants it checks.
 */
static bool window_holds(const struct parzen *pz, int64_t i, double h)
{
    for (int k = 0; k < pz->d; k++)
        if (fabs((pz->p[k] - pz->coord[k][i]) / h) > 0.5)
            return false;
    return true;
}

/*
 * The index of the narrowest window that holds sample i, or W if none does.
 * A window that holds the sample keeps holding it as h grows (a quotient by
 * a larger positive number never rounds to a larger value), so the windows
 * holding it are j = first, first + 1, ..., W - 1: a binary search finds
 * `first` in log2(W) tests instead of W.
 */
static int64_t first_window(const struct parzen *pz, int64_t i)
{
    int64_t lo = 0, hi = pz->widths; /* the answer lies in [lo, hi] */
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (window_holds(pz, i, pz->h[mid]))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

void parzen_reference(struct parzen *pz)
{
    for (int64_t j = 0; j < pz->widths; j++)
        pz->reference[j] = 0;
    for (int64_t i = 0; i < pz->samples; i++) {
        int64_t first = first_window(pz, i);
        if (first < pz->widths)
            pz->reference[first]++;
    }
    for (int64_t j = 1; j < pz->widths; j++)
        pz->reference[j] += pz->reference[j - 1];
}

/*
 * One coordinate X ~ N(0, 1) falls in [point - h/2, point + h/2] with
 * probability Phi(point + h/2) - Phi(point - h/2), Phi(x) = (1 + erf(x /
 * sqrt 2)) / 2; the d coordinates are independent, so the fraction is that
 * probability to the power d. At the origin: erf(h / (2 sqrt 2))^d.
 */
double parzen_expected_fraction(double h, int d, double point)
{
    const double sqrt2 = 1.41421356237309504880168872420969808;
    double one = 0.5 * (erf((point + 0.5 * h) / sqrt2) - erf((point - 0.5 * h) / sqrt2));
    return pow(one, d);
}

/*
 * count(h) is binomial: `samples` independent tries, each inside with
 * probability q. Its mean is samples q, its standard deviation
 * sqrt(samples q (1 - q)). True samples stray beyond 5 deviations with a
 * probability below 1e-6 per width; a wrong distribution, a wrong width or
 * a wrong point is soon many deviations off.
 */
double parzen_worst_deviation(const struct parzen *pz, const int64_t *counts, int64_t *worst)
{
    double largest = 0.0;
    int64_t at = 0;
    const double n = (double)pz->samples;
    for (int64_t j = 0; j < pz->widths; j++) {
        double q = parzen_expected_fraction(pz->h[j], pz->d, pz->point);
        double off = fabs((double)counts[j] - n * q);
        double sd = sqrt(n * q * (1.0 - q));
        double deviations = sd > 0.0 ? off / sd : (off > 0.0 ? INFINITY : 0.0);
        if (deviations > largest) {
            largest = deviations;
            at = j;
        }
    }
    if (worst)
        *worst = at;
    return largest;
}

static double density(const struct parzen *pz, int64_t count, int64_t j)
{
    return (double)count / ((double)pz->samples * pow(pz->h[j], pz->d));
}

/* Counts must equal the reference exactly, and be statistically plausible. */
void parzen_verify(const void *state, struct pb_verdict *verdict)
{
    const struct parzen *pz = state;
    int64_t wrong = 0, first_wrong = -1;
    double worst_rel = 0.0;
    for (int64_t j = 0; j < pz->widths; j++) {
        int64_t diff = pz->counts[j] - pz->reference[j];
        if (diff == 0)
            continue;
        wrong++;
        first_wrong = first_wrong < 0 ? j : first_wrong;
        double ref = pz->reference[j] > 0 ? (double)pz->reference[j] : 1.0;
        worst_rel = fmax(worst_rel, fabs((double)diff) / ref);
    }
    /* One number for the tables: the estimate at the narrowest window. */
    verdict->value = density(pz, pz->counts[0], 0);
    verdict->reference = density(pz, pz->reference[0], 0);
    verdict->rel_error = worst_rel;
    if (wrong > 0) {
        int64_t j = first_wrong;
        verdict->ok = false;
        snprintf(verdict->message, PB_MESSAGE_MAX,
                 "count(h=%.6g) = %lld but the reference count is %lld (%lld of %lld widths "
                 "wrong)", pz->h[j], (long long)pz->counts[j], (long long)pz->reference[j],
                 (long long)wrong, (long long)pz->widths);
        return;
    }
    int64_t j;
    double deviations = parzen_worst_deviation(pz, pz->counts, &j);
    verdict->ok = deviations <= PARZEN_MAX_DEVIATIONS;
    if (!verdict->ok)
        snprintf(verdict->message, PB_MESSAGE_MAX,
                 "p(h=%.6g) = %.6g is %.1f standard deviations from its expectation %.6g "
                 "(at most %.0f allowed): the samples do not look standard normal",
                 pz->h[j], density(pz, pz->counts[j], j), deviations,
                 parzen_expected_fraction(pz->h[j], pz->d, pz->point) / pow(pz->h[j], pz->d),
                 PARZEN_MAX_DEVIATIONS);
}
