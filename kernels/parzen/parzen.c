/*
 * parzen.c — the parzen kernel: sizes, setup, prepare, the descriptor.
 * The rows of bins are in rows.c; the reference and verify in reference.c.
 */
#include "parzen.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/digest.h"
#include "../common/memsize.h"
#include "../common/rng.h"
#include "../common/traps.h"

/* Indices of the parameters below. */
enum {
    PARAM_SAMPLES, PARAM_WIDTHS, PARAM_D, PARAM_POINT, PARAM_SEED, PARAM_CHUNK, PARAM_PAD,
    PARAM_STEP
};

static const char *const pad_choices[] = {"line", "none", NULL};
enum { PAD_LINE, PAD_NONE }; /* indices into pad_choices */

static const struct pb_param params[] = {
    [PARAM_SAMPLES] = {"samples", "number of random points drawn", PB_PARAM_INT, 1,
                       1099511627776.0 /* 2^40 */, NULL,
                       {"5000", "10000", "10000000", "100000000"}},
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
    [PARAM_STEP] = {"step", "optimized only: the lesson's step, 1 = a branch per sample, "
                    "2 = no branch (optimized.c)", PB_PARAM_INT, 1, PARZEN_STEPS, NULL,
                    {"2", "2", "2", "2"}},
};

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
    bool padded = values->v[PARAM_PAD].i == PAD_LINE;
    uint64_t bytes = memsize_add(sizeof(struct parzen), memsize_mul(coords, sizeof(double)));
    bytes = memsize_add(bytes, per_width);
    return memsize_add(bytes, parzen_rows_bytes(chunks_for(values).count, (int64_t)widths, padded));
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
    if (!memsize_fits(coords) || coords == 0 || w == 0) {
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
    pz->step = (int)values->v[PARAM_STEP].i;
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

static uint64_t digest(const void *state)
{
    const struct parzen *pz = state;
    return digest_bytes(DIGEST_INIT, pz->counts, (size_t)pz->widths * sizeof *pz->counts);
}

/* ---- The descriptor ------------------------------------------------------ */

/* The adapters and the table of the six variants (kernel.h). */
PB_SIX_VARIANTS(parzen, struct parzen, false)

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
    .verify = parzen_verify,
    .digest = digest,
    .variants = parzen_variants,
    .nvariants = ARRAY_SIZE(parzen_variants),
    .weak_scaling_param = "samples",
    .naive_work = "",
};
