/*
 * reference.c — what verify compares an answer with, computed in setup
 * without any code under test.
 *
 * The map is chaotic for many beta: two correct programs whose exp() differ
 * in the last bit follow different orbits after a few dozen steps. Their
 * histograms are then two samples of the same distribution, equal in shape
 * but not count for count. So the check has two parts:
 *
 * (1) Exact, where the dynamics are known: where the orbit settles on an
 *     attracting fixed point or cycle, the counts of its bins are known
 *     exactly (cycles.c).
 * (2) Statistical, everywhere: each column's histogram is compared with a
 *     reference histogram computed here with libm's exp in plain scalar
 *     code. The distance between them is the total variation distance
 *     d = 1/2 sum_bins |h/points - r/points| (0: identical, 1: disjoint),
 *     with the points outside [X_MIN, X_MAX) as one more bin. It must stay
 *     within what sampling alone explains (see column_noise).
 */
#include "gauss_map.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../common/memsize.h"
#include "../common/traps.h"

struct gauss_map_reference {
    uint32_t *hist;              /* width x height counts, libm's exp */
    double *noise;               /* per column: bound on the expected distance */
    struct gauss_map_cycle *cycles; /* the columns checked exactly */
    int64_t ncycles;
};

/* A column fails when its distance exceeds this many times its noise bound:
 * over all sizes and beta ranges we tried, correct answers stayed below 2.3
 * times, and a swapped column or a wrong alpha gave 10 times and more. */
#define COLUMN_NOISE_FACTOR 5.0
/* The whole picture fails when its mean distance exceeds this many times
 * the mean noise bound: correct answers stay below 0.9 (periodic columns
 * contribute 0), so only a broad, systematic difference gets there. */
#define IMAGE_NOISE_FACTOR 1.25

uint64_t gauss_map_reference_bytes(int64_t width, int64_t height)
{
    uint64_t hist = memsize_mul(memsize_mul((uint64_t)width, (uint64_t)height), sizeof(uint32_t));
    uint64_t per_column = sizeof(double) + sizeof(struct gauss_map_cycle);
    return memsize_add(sizeof(struct gauss_map_reference),
                       memsize_add(hist, memsize_mul((uint64_t)width, per_column)));
}

/* ---- The reference histograms --------------------------------------------- */

/* One column, the formula typed in: libm's exp, one orbit, counted as it goes. */
static void reference_column(const struct gauss_map *gm, int64_t column, uint32_t *counts)
{
    const double beta = gauss_map_beta(gm, column);
    double x = 0.0;
    for (int64_t i = 0; i < gm->skip; i++)
        x = exp(-gm->alpha * x * x) + beta;
    for (int64_t i = 0; i < gm->points; i++) {
        x = exp(-gm->alpha * x * x) + beta;
        int32_t bin = gauss_map_bin(x, gm->bins_per_unit, (double)gm->height);
        if (bin >= 0)
            counts[bin]++;
    }
}

/* Points of one column counted in a bin (a double: garbage cannot overflow it). */
static double counted(const struct gauss_map *gm, const uint32_t *counts)
{
    double sum = 0.0;
    for (int64_t i = 0; i < gm->height; i++)
        sum += counts[i];
    return sum;
}

/*
 * A bound on the distance expected between two correct answers for one
 * column. In a chaotic column, the count in a bin behaves like a random
 * count with mean lambda (about the reference's count r) and variance about
 * lambda, as for Poisson counts. For two independent such counts X and Y,
 *     E|X - Y| <= sqrt(E (X - Y)^2) = sqrt(2 lambda)   and
 *     E|X - Y| <= E X + E Y = 2 lambda;
 * summed over the bins (and the outside) and halved, that bounds the
 * expected distance. In a column on a fixed point or a cycle, correct
 * answers agree exactly, far below the bound.
 */
static double column_noise(const struct gauss_map *gm, const uint32_t *counts)
{
    double sum = 0.0;
    for (int64_t i = 0; i <= gm->height; i++) {
        double r = i < gm->height ? counts[i] : (double)gm->points - counted(gm, counts);
        sum += fmin(2.0 * r, sqrt(2.0 * r));
    }
    return sum / (2.0 * (double)gm->points);
}

/* The total variation distance between two columns' histograms. */
static double column_distance(const struct gauss_map *gm, const uint32_t *a, const uint32_t *b)
{
    double sum = 0.0;
    for (int64_t i = 0; i < gm->height; i++)
        sum += fabs((double)a[i] - (double)b[i]);
    sum += fabs(counted(gm, a) - counted(gm, b)); /* the points outside the bins */
    return sum / (2.0 * (double)gm->points);
}

void gauss_map_reference_free(struct gauss_map_reference *reference)
{
    if (!reference)
        return;
    free(reference->hist);
    free(reference->noise);
    free(reference->cycles);
    free(reference);
}

struct gauss_map_reference *gauss_map_reference_create(const struct gauss_map *gm)
{
    struct gauss_map_reference *ref = calloc(1, sizeof *ref);
    if (!ref)
        return NULL;
    ref->hist = calloc((size_t)(gm->width * gm->height), sizeof *ref->hist);
    ref->noise = malloc((size_t)gm->width * sizeof *ref->noise);
    ref->cycles = malloc((size_t)gm->width * sizeof *ref->cycles);
    if (!ref->hist || !ref->noise || !ref->cycles) {
        gauss_map_reference_free(ref);
        return NULL;
    }
    for (int64_t column = 0; column < gm->width; column++) {
        uint32_t *counts = ref->hist + column * gm->height;
        reference_column(gm, column, counts);
        ref->noise[column] = column_noise(gm, counts);
        if (gauss_map_cycle_find(gm, column, counts, &ref->cycles[ref->ncycles]))
            ref->ncycles++;
    }
    return ref;
}

int64_t gauss_map_reference_cycle_columns(const struct gauss_map_reference *reference)
{
    return reference->ncycles;
}

/* ---- The checks ------------------------------------------------------------- */

/* No column may count more points than were computed (poison, overflow). */
static bool check_totals(const struct gauss_map *gm, const uint32_t *hist, char *message)
{
    for (int64_t column = 0; column < gm->width; column++) {
        double total = counted(gm, hist + column * gm->height);
        if (total > (double)gm->points) {
            snprintf(message, PB_MESSAGE_MAX,
                     "column %lld (beta %.6g): %.0f points counted, but only %lld computed",
                     (long long)column, gauss_map_beta(gm, column), total, (long long)gm->points);
            return false;
        }
    }
    return true;
}

static bool check_cycles(const struct gauss_map *gm, const uint32_t *hist, char *message)
{
    const struct gauss_map_reference *ref = gm->reference;
    for (int64_t i = 0; i < ref->ncycles; i++)
        if (!gauss_map_cycle_check(gm, &ref->cycles[i], hist, message))
            return false;
    return true;
}

/*
 * Every column within COLUMN_NOISE_FACTOR of its noise (the column that
 * exceeds its allowance most is named), and the picture as a whole within
 * IMAGE_NOISE_FACTOR of the mean noise.
 */
static bool check_distances(const struct gauss_map *gm, const uint32_t *hist, double *distance,
                            double *tolerance, char *message)
{
    const struct gauss_map_reference *ref = gm->reference;
    double distance_sum = 0.0, noise_sum = 0.0, worst_excess = 1.0;
    int64_t worst = -1;
    for (int64_t column = 0; column < gm->width; column++) {
        const int64_t offset = column * gm->height;
        double d = column_distance(gm, hist + offset, ref->hist + offset);
        double allowed = COLUMN_NOISE_FACTOR * ref->noise[column];
        if (d > allowed * worst_excess) {
            worst = column;
            worst_excess = d / allowed;
        }
        distance_sum += d;
        noise_sum += ref->noise[column];
    }
    *distance = distance_sum / (double)gm->width;
    *tolerance = IMAGE_NOISE_FACTOR * noise_sum / (double)gm->width;
    if (worst >= 0) {
        const int64_t offset = worst * gm->height;
        snprintf(message, PB_MESSAGE_MAX,
                 "column %lld (beta %.6g): histogram at distance %.3g from the reference, "
                 "more than %.3g (%g x its sampling noise)",
                 (long long)worst, gauss_map_beta(gm, worst),
                 column_distance(gm, hist + offset, ref->hist + offset),
                 COLUMN_NOISE_FACTOR * ref->noise[worst], COLUMN_NOISE_FACTOR);
        return false;
    }
    if (*distance > *tolerance) {
        snprintf(message, PB_MESSAGE_MAX,
                 "image distance %.4g from the reference, more than %.4g (%g x the mean "
                 "sampling noise)",
                 *distance, *tolerance, IMAGE_NOISE_FACTOR);
        return false;
    }
    return true;
}

bool gauss_map_reference_check(const struct gauss_map *gm, const uint32_t *hist,
                               double *distance, double *tolerance, char *message)
{
    *distance = *tolerance = NAN;
    return check_totals(gm, hist, message) && check_cycles(gm, hist, message) &&
           check_distances(gm, hist, distance, tolerance, message);
}
