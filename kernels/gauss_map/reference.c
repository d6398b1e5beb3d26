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

uint64_t gauss_map_reference_bytes(int64_t width, int64_t height)
{
    uint64_t hist = memsize_mul(memsize_mul((uint64_t)width, (uint64_t)height), sizeof(uint32_t));
    uint64_t per_column = sizeof(double) + sizeof(struct gauss_map_cycle);
    return memsize_add(sizeof(struct gauss_map_reference),
                       memsize_add(hist, memsize_mul((uint64_t)width, per_column)));
}

/* ---- The reference histograms --------------------------------------------- */

/* Columns computed side by side (see reference_columns). */
enum { INTERLEAVED = 4 };

/*
 * Columns [first, first + n), n <= INTERLEAVED: the formula typed in, with
 * libm's exp, each column one orbit counted as it goes. The columns advance
 * in lockstep only because their exp() calls do not wait for each other,
 * so the CPU overlaps them: setup takes little more than half the time.
 */
static void reference_columns(const struct gauss_map *gm, int64_t first, int n, uint32_t *hist)
{
    double x[INTERLEAVED] = {0.0}, beta[INTERLEAVED];
    for (int k = 0; k < n; k++)
        beta[k] = gauss_map_beta(gm, first + k);
    for (int64_t i = 0; i < gm->skip; i++)
        for (int k = 0; k < n; k++)
            x[k] = exp(-gm->alpha * x[k] * x[k]) + beta[k];
    for (int64_t i = 0; i < gm->points; i++)
        for (int k = 0; k < n; k++) {
            x[k] = exp(-gm->alpha * x[k] * x[k]) + beta[k];
            int32_t bin = gauss_map_bin(x[k], gm->bins_per_unit, (double)gm->height);
            if (bin >= 0)
                hist[(first + k) * gm->height + bin]++;
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
    for (int64_t first = 0; first < gm->width; first += INTERLEAVED) {
        int64_t left = gm->width - first;
        reference_columns(gm, first, left < INTERLEAVED ? (int)left : INTERLEAVED, ref->hist);
    }
    for (int64_t column = 0; column < gm->width; column++) {
        const uint32_t *counts = ref->hist + column * gm->height;
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

void gauss_map_reference_distance(const struct gauss_map *gm, const uint32_t *hist,
                                  struct gauss_map_distance *distance)
{
    const struct gauss_map_reference *ref = gm->reference;
    double distance_sum = 0.0, noise_sum = 0.0;
    *distance = (struct gauss_map_distance){.worst_column = 0, .worst_ratio = -1.0};
    for (int64_t column = 0; column < gm->width; column++) {
        const int64_t offset = column * gm->height;
        double d = column_distance(gm, hist + offset, ref->hist + offset);
        if (d > distance->worst_ratio * ref->noise[column]) {
            distance->worst_column = column;
            distance->worst_ratio = d / ref->noise[column];
        }
        distance_sum += d;
        noise_sum += ref->noise[column];
    }
    distance->image = distance_sum / (double)gm->width;
    distance->image_noise = noise_sum / (double)gm->width;
}

/* Every column within GAUSS_MAP_COLUMN_NOISE_FACTOR times its noise bound,
 * the picture within GAUSS_MAP_IMAGE_NOISE_FACTOR times the mean bound. */
static bool check_distances(const struct gauss_map *gm, const uint32_t *hist, double *distance,
                            double *tolerance, char *message)
{
    struct gauss_map_distance measured;
    gauss_map_reference_distance(gm, hist, &measured);
    *distance = measured.image;
    *tolerance = GAUSS_MAP_IMAGE_NOISE_FACTOR * measured.image_noise;
    if (measured.worst_ratio > GAUSS_MAP_COLUMN_NOISE_FACTOR) {
        const int64_t worst = measured.worst_column;
        const double noise = gm->reference->noise[worst];
        snprintf(message, PB_MESSAGE_MAX,
                 "column %lld (beta %.6g): histogram at distance %.3g from the reference, "
                 "more than %.3g (%g x its sampling noise)",
                 (long long)worst, gauss_map_beta(gm, worst), measured.worst_ratio * noise,
                 GAUSS_MAP_COLUMN_NOISE_FACTOR * noise, GAUSS_MAP_COLUMN_NOISE_FACTOR);
        return false;
    }
    if (*distance > *tolerance) {
        snprintf(message, PB_MESSAGE_MAX,
                 "image distance %.4g from the reference, more than %.4g (%g x the mean "
                 "sampling noise)",
                 *distance, *tolerance, GAUSS_MAP_IMAGE_NOISE_FACTOR);
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
