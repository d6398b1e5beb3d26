/*
 * parzen.c — the parzen kernel: sizes, setup, rows of bins, verify.
 * The reference and the statistics are in reference.c.
 */
#include "parzen.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/digest.h"
#include "../common/memsize.h"
#include "../common/partials.h" /* PB_CACHE_LINE */
#include "../common/rng.h"
#include "../common/shm.h"
#include "../common/traps.h"

/* Indices of the parameters below. */
enum { PARAM_SAMPLES, PARAM_WIDTHS, PARAM_D, PARAM_POINT, PARAM_SEED, PARAM_CHUNK, PARAM_PAD };

static const char *const pad_choices[] = {"line", "none", NULL};
enum { PAD_LINE, PAD_NONE }; /* indices into pad_choices */

static const struct pb_param params[] = {
    [PARAM_SAMPLES] = {"samples", "number of random points drawn", PB_PARAM_INT, 1,
                       1099511627776.0 /* 2^40 */, NULL,
                       {"20000", "10000", "1000000", "100000000"}},
    [PARAM_WIDTHS] = {"widths", "number of window widths h, evenly spaced over [1.0, 1.2]",
                      PB_PARAM_INT, 1, 1048576.0 /* 2^20 */, NULL, {"16", "100", "256", "256"}},
    [PARAM_D] = {"d", "dimensions of the normal distribution", PB_PARAM_INT, 1, PARZEN_MAX_D,
                 NULL, {"2", "2", "2", "2"}},
    [PARAM_POINT] = {"point", "every coordinate of the evaluation point p", PB_PARAM_REAL, -10,
                     10, NULL, {"0", "0", "0", "0"}},
    [PARAM_SEED] = {"seed", "seed of the counter-based random numbers", PB_PARAM_INT, 0,
                    9007199254740992.0 /* 2^53 */, NULL, {"1", "1", "1", "1"}},
    [PARAM_CHUNK] = {"chunk", "samples per task (the unit handed to a worker)", PB_PARAM_INT, 1,
                     1099511627776.0 /* 2^40 */, NULL, {"1000", "1000", "50000", "1000000"}},
    [PARAM_PAD] = {"pad", "rows of per-worker counts: line (cache-line padded) or none",
                   PB_PARAM_CHOICE, 0, 0, pad_choices, {"line", "line", "line", "line"}},
};

/* ---- Rows of bins -------------------------------------------------------- */

/* int64 slots per row: W + 1 bins, rounded up to whole cache lines if padded. */
static int64_t row_stride(int64_t widths, bool padded)
{
    const int64_t per_line = PB_CACHE_LINE / (int64_t)sizeof(int64_t);
    int64_t nbins = widths + 1;
    return padded ? (nbins + per_line - 1) / per_line * per_line : nbins;
}

static uint64_t rows_bytes(int64_t count, int64_t stride)
{
    return memsize_mul(memsize_mul((uint64_t)count, (uint64_t)stride), sizeof(int64_t));
}

int parzen_rows_alloc(struct parzen_rows *rows, const struct parzen *pz, int64_t count)
{
    rows->count = count;
    rows->stride = row_stride(pz->widths, pz->padded);
    uint64_t bytes = rows_bytes(count, rows->stride);
    if (!memsize_fits(bytes)) {
        errno = ENOMEM;
        rows->bins = NULL;
        return -1;
    }
    rows->bins = shm_alloc((size_t)bytes); /* page-aligned: row 0 starts a cache line */
    return rows->bins ? 0 : -1;
}

void parzen_rows_free(struct parzen_rows *rows)
{
    shm_free(rows->bins, (size_t)rows_bytes(rows->count, rows->stride));
    rows->bins = NULL;
}

int64_t *parzen_row(const struct parzen_rows *rows, int64_t row)
{
    PB_CHECK(row >= 0 && row < rows->count);
    return rows->bins + row * rows->stride;
}

void parzen_rows_sum(const struct parzen_rows *rows, int64_t nbins, int64_t *bins)
{
    memset(bins, 0, (size_t)nbins * sizeof *bins);
    for (int64_t r = 0; r < rows->count; r++) {
        const int64_t *row = parzen_row(rows, r);
        for (int64_t b = 0; b < nbins; b++)
            bins[b] += row[b];
    }
}

/* ---- Sizes, setup, teardown ---------------------------------------------- */

static struct chunks chunks_for(const struct pb_values *values)
{
    return chunks_make(0, values->v[PARAM_SAMPLES].i, values->v[PARAM_CHUNK].i);
}

static uint64_t memory_needed(const struct pb_values *values)
{
    uint64_t samples = (uint64_t)values->v[PARAM_SAMPLES].i;
    uint64_t widths = (uint64_t)values->v[PARAM_WIDTHS].i;
    uint64_t coords = memsize_mul(samples, (uint64_t)values->v[PARAM_D].i);
    /* h, limit, counts, reference: W each; bins: W + 1. */
    uint64_t per_width = memsize_mul(memsize_add(memsize_mul(widths, 5), 1), sizeof(double));
    int64_t stride = row_stride((int64_t)widths, values->v[PARAM_PAD].i == PAD_LINE);
    uint64_t bytes = memsize_add(sizeof(struct parzen), memsize_mul(coords, sizeof(double)));
    bytes = memsize_add(bytes, per_width);
    return memsize_add(bytes, rows_bytes(chunks_for(values).count, stride));
}

static void teardown(void *state)
{
    struct parzen *pz = state;
    if (!pz)
        return;
    parzen_rows_free(&pz->chunk_rows);
    free(pz->coord[0]);
    free(pz->h);
    free(pz->limit);
    free(pz->bins);
    free(pz->counts);
    free(pz->reference);
    free(pz);
}

/* Window j has width h_j = 1.0 + 0.2 j / (W - 1): increasing in j, as
 * every step of the formula rounds monotonically. */
static void widths_init(struct parzen *pz)
{
    for (int64_t j = 0; j < pz->widths; j++) {
        double fraction = pz->widths > 1 ? (double)j / (double)(pz->widths - 1) : 0.0;
        pz->h[j] = PARZEN_H_MIN + (PARZEN_H_MAX - PARZEN_H_MIN) * fraction;
    }
}

/* Coordinate k of sample i is normal number i * d + k of the stream. */
static void samples_generate(struct parzen *pz)
{
    enum { BLOCK = 256 }; /* samples generated at a time */
    double normals[BLOCK * PARZEN_MAX_D];
    for (int64_t first = 0; first < pz->samples; first += BLOCK) {
        int64_t len = pz->samples - first < BLOCK ? pz->samples - first : BLOCK;
        rng_normals(pz->seed, (uint64_t)(first * pz->d), len * pz->d, normals);
        for (int64_t i = 0; i < len; i++)
            for (int k = 0; k < pz->d; k++)
                pz->coord[k][first + i] = normals[i * pz->d + k];
    }
}

/* The allocations of setup; returns 0, or -1 with errno set. */
static int allocate(struct parzen *pz)
{
    uint64_t coords = memsize_mul(memsize_mul((uint64_t)pz->samples, (uint64_t)pz->d),
                                  sizeof(double));
    size_t w = (size_t)pz->widths;
    if (!memsize_fits(coords)) {
        errno = ENOMEM;
        return -1;
    }
    pz->coord[0] = malloc((size_t)coords);
    pz->h = malloc(w * sizeof *pz->h);
    pz->limit = malloc(w * sizeof *pz->limit);
    pz->bins = malloc((w + 1) * sizeof *pz->bins);
    pz->counts = malloc(w * sizeof *pz->counts);
    pz->reference = malloc(w * sizeof *pz->reference);
    if (!pz->coord[0] || !pz->h || !pz->limit || !pz->bins || !pz->counts || !pz->reference)
        return -1;
    for (int k = 1; k < pz->d; k++)
        pz->coord[k] = pz->coord[0] + k * pz->samples;
    return parzen_rows_alloc(&pz->chunk_rows, pz, pz->chunks.count);
}

static void *setup(const struct pb_values *values, char *message)
{
    struct parzen *pz = calloc(1, sizeof *pz);
    if (!pz) {
        snprintf(message, PB_MESSAGE_MAX, "parzen: out of memory");
        return NULL;
    }
    pz->samples = values->v[PARAM_SAMPLES].i;
    pz->widths = values->v[PARAM_WIDTHS].i;
    pz->d = (int)values->v[PARAM_D].i;
    pz->point = values->v[PARAM_POINT].r;
    pz->seed = (uint64_t)values->v[PARAM_SEED].i;
    pz->padded = values->v[PARAM_PAD].i == PAD_LINE;
    pz->chunks = chunks_for(values);
    for (int k = 0; k < pz->d; k++)
        pz->p[k] = pz->point;
    if (allocate(pz) != 0) {
        snprintf(message, PB_MESSAGE_MAX, "parzen: cannot allocate %lld samples x %d: %s",
                 (long long)pz->samples, pz->d, strerror(errno));
        teardown(pz);
        return NULL;
    }
    widths_init(pz);
    samples_generate(pz);
    parzen_reference(pz);
    return pz;
}

/* A count no variant can produce. */
#define POISON_COUNT INT64_C(-1)

static void prepare(void *state)
{
    struct parzen *pz = state;
    for (int64_t j = 0; j < pz->widths; j++) {
        pz->counts[j] = POISON_COUNT;
        pz->limit[j] = NAN; /* a variant must compute its own limits */
    }
    const struct parzen_rows *rows = &pz->chunk_rows;
    for (int64_t s = 0; s < rows->count * rows->stride; s++)
        rows->bins[s] = POISON_COUNT;
}

/* ---- Verify -------------------------------------------------------------- */

static double density(const struct parzen *pz, int64_t count, int64_t j)
{
    return (double)count / ((double)pz->samples * pow(pz->h[j], pz->d));
}

/* Counts must equal the reference exactly, and be statistically plausible. */
static void verify(const void *state, struct pb_verdict *verdict)
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
                 "(at most %.0f allowed): the samples are not standard normal",
                 pz->h[j], density(pz, pz->counts[j], j), deviations,
                 parzen_expected_fraction(pz->h[j], pz->d, pz->point) / pow(pz->h[j], pz->d),
                 PARZEN_MAX_DEVIATIONS);
}

static uint64_t digest(const void *state)
{
    const struct parzen *pz = state;
    return digest_bytes(DIGEST_INIT, pz->counts, (size_t)pz->widths * sizeof *pz->counts);
}

/* ---- The descriptor ------------------------------------------------------ */

/* Adapters from the harness's void * state to the variants' real types. */
static enum pb_status run_naive(void *s, struct pb_run *r) { return parzen_naive(s, r); }
static enum pb_status run_optimized(void *s, struct pb_run *r) { return parzen_optimized(s, r); }
static enum pb_status run_forkpool(void *s, struct pb_run *r) { return parzen_forkpool(s, r); }
static enum pb_status run_pthreads(void *s, struct pb_run *r) { return parzen_pthreads(s, r); }
static enum pb_status run_openmp(void *s, struct pb_run *r) { return parzen_openmp(s, r); }

static const struct pb_variant variants[] = {
    {"naive", false, run_naive},
    {"optimized", false, run_optimized},
    {"forkpool", true, run_forkpool},
    {"pthreads", true, run_pthreads},
    {"openmp", true, run_openmp},
};

const struct pb_kernel parzen_kernel = {
    .name = "parzen",
    .description = "Parzen-window density of a d-dim standard normal at a point, for many widths",
    .lesson = "a better algorithm first; counter-based random numbers; privatized counters",
    .params = params,
    .nparams = ARRAY_SIZE(params),
    .memory_needed = memory_needed,
    .setup = setup,
    .teardown = teardown,
    .prepare = prepare,
    .verify = verify,
    .digest = digest,
    .variants = variants,
    .nvariants = ARRAY_SIZE(variants),
};
