/*
 * gauss_map.c — the gauss_map kernel: sizes, setup, verify, the picture.
 */
#include "gauss_map.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/digest.h"
#include "../common/memsize.h"
#include "../common/shm.h"
#include "../common/traps.h"

/* Indices of the parameters below. */
enum {
    PARAM_WIDTH, PARAM_HEIGHT, PARAM_ALPHA, PARAM_SKIP, PARAM_POINTS, PARAM_BETA_MIN,
    PARAM_BETA_MAX, PARAM_STEP
};

/* Counts are 32-bit, so no bin can overflow. */
#define POINTS_MAX 2147483647.0 /* 2^31 - 1 */
/* A picture side: far beyond any screen, small enough for 64-bit indices. */
#define SIDE_MAX 1048576.0 /* 2^20 */

static const struct pb_param params[] = {
    [PARAM_WIDTH] = {"width", "columns of the picture: values of beta", PB_PARAM_INT, 1,
                     SIDE_MAX, NULL, {"200", "640", "5120", "10240"}},
    [PARAM_HEIGHT] = {"height", "rows of the picture: bins of x over [-1, 1.5)", PB_PARAM_INT,
                      1, SIDE_MAX, NULL, {"50", "400", "2880", "5760"}},
    [PARAM_ALPHA] = {"alpha", "steepness alpha of exp(-alpha x^2)", PB_PARAM_REAL, 0, 1e4,
                     NULL, {"5.8", "5.8", "5.8", "5.8"}},
    [PARAM_SKIP] = {"skip", "iterations dropped per column before counting (transients)",
                    PB_PARAM_INT, 0, 1e9, NULL, {"200", "200", "200", "200"}},
    [PARAM_POINTS] = {"points", "iterations counted per column (10 x height by default)",
                      PB_PARAM_INT, 1, POINTS_MAX, NULL, {"500", "4000", "28800", "57600"}},
    [PARAM_BETA_MIN] = {"beta_min", "beta of the first column", PB_PARAM_REAL, -1e6, 1e6, NULL,
                        {"-1", "-1", "-1", "-1"}},
    [PARAM_BETA_MAX] = {"beta_max", "beta of the last column", PB_PARAM_REAL, -1e6, 1e6, NULL,
                        {"1", "1", "1", "1"}},
    [PARAM_STEP] = {"step", "optimized only: the lesson's step, 1 = lanes with libm exp, "
                    "2 = lanes with our own exp (optimized.c)", PB_PARAM_INT, 1, GAUSS_MAP_STEPS,
                    NULL, {"2", "2", "2", "2"}},
};

static uint64_t cells(const struct pb_values *values)
{
    return memsize_mul((uint64_t)values->v[PARAM_WIDTH].i, (uint64_t)values->v[PARAM_HEIGHT].i);
}

/* The answer (counts), the picture (bytes), naive's points, the reference. */
static uint64_t memory_needed(const struct pb_values *values)
{
    uint64_t bytes = sizeof(struct gauss_map);
    bytes = memsize_add(bytes, memsize_mul(cells(values), sizeof(uint32_t) + sizeof(uint8_t)));
    bytes = memsize_add(bytes, memsize_mul((uint64_t)values->v[PARAM_POINTS].i, sizeof(double)));
    return memsize_add(bytes, gauss_map_reference_bytes(values->v[PARAM_WIDTH].i,
                                                        values->v[PARAM_HEIGHT].i));
}

static size_t hist_bytes(const struct gauss_map *gm)
{
    return (size_t)(gm->width * gm->height) * sizeof *gm->hist;
}

static void teardown(void *state)
{
    struct gauss_map *gm = state;
    if (!gm)
        return;
    shm_free(gm->hist, hist_bytes(gm));
    free(gm->points_buffer);
    free(gm->grey);
    gauss_map_reference_free(gm->reference);
    free(gm);
}

static void read_values(struct gauss_map *gm, const struct pb_values *values)
{
    gm->width = values->v[PARAM_WIDTH].i;
    gm->height = values->v[PARAM_HEIGHT].i;
    gm->alpha = values->v[PARAM_ALPHA].r;
    gm->skip = values->v[PARAM_SKIP].i;
    gm->points = values->v[PARAM_POINTS].i;
    gm->beta_min = values->v[PARAM_BETA_MIN].r;
    gm->beta_max = values->v[PARAM_BETA_MAX].r;
    gm->step = (int)values->v[PARAM_STEP].i;
    PB_CHECK(gm->width >= 1 && gm->height >= 1 && gm->points >= 1); /* the params' bounds */
    gm->bins_per_unit = (double)gm->height / (GAUSS_MAP_X_MAX - GAUSS_MAP_X_MIN);
    gm->chunks = chunks_make(0, gm->width, GAUSS_MAP_LANES);
}

static void *setup(const struct pb_values *values, char *message)
{
    struct gauss_map *gm = calloc(1, sizeof *gm);
    if (!gm || !memsize_fits(memory_needed(values))) {
        snprintf(message, PB_MESSAGE_MAX, "gauss_map: out of memory");
        free(gm);
        return NULL;
    }
    read_values(gm, values);
    /* Shared memory: the fork pool's workers write their columns here. */
    gm->hist = shm_alloc(hist_bytes(gm));
    if (!gm->hist) {
        snprintf(message, PB_MESSAGE_MAX, "gauss_map: cannot map %zu bytes: %s",
                 hist_bytes(gm), strerror(errno));
        teardown(gm);
        return NULL;
    }
    shm_touch(gm->hist, hist_bytes(gm));
    gm->points_buffer = calloc((size_t)gm->points, sizeof *gm->points_buffer);
    gm->grey = calloc((size_t)gm->width, (size_t)gm->height);
    gm->reference = gm->points_buffer && gm->grey ? gauss_map_reference_create(gm) : NULL;
    if (!gm->reference) {
        snprintf(message, PB_MESSAGE_MAX, "gauss_map: out of memory");
        teardown(gm);
        return NULL;
    }
    return gm;
}

/* All bits set: 4294967295 points per bin, more than any column computes. */
static void prepare(void *state)
{
    struct gauss_map *gm = state;
    memset(gm->hist, 0xff, hist_bytes(gm));
}

/*
 * value: the image distance (mean over columns of the total variation
 * distance to the reference histogram, 0 = identical pictures);
 * reference: the largest image distance accepted. rel_error: the image
 * distance over the largest accepted (at most 1 for an accepted answer; NaN
 * when an exact check failed before the distance was measured).
 */
static void verify(const void *state, struct pb_verdict *verdict)
{
    const struct gauss_map *gm = state;
    double distance, tolerance;
    verdict->ok = gauss_map_reference_check(gm, gm->hist, &distance, &tolerance,
                                            verdict->message);
    verdict->value = distance;
    verdict->reference = tolerance;
    verdict->rel_error = distance / tolerance;
}

static uint64_t digest(const void *state)
{
    const struct gauss_map *gm = state;
    return digest_bytes(DIGEST_INIT, gm->hist, hist_bytes(gm));
}

/* Grey level 255 (1 - sqrt(count / points)): white where no point fell,
 * black where all did; the square root keeps sparse chaotic bands visible.
 * Row 0 is the top of the picture, the highest x. The state is const, the
 * picture's buffer it points to is not: image() only fills it. */
static bool image(const void *state, struct pb_image *picture)
{
    const struct gauss_map *gm = state;
    for (int64_t row = 0; row < gm->height; row++)
        for (int64_t column = 0; column < gm->width; column++) {
            uint32_t count = gm->hist[column * gm->height + (gm->height - 1 - row)];
            double share = fmin(1.0, (double)count / (double)gm->points);
            gm->grey[row * gm->width + column] = (uint8_t)lround(255.0 * (1.0 - sqrt(share)));
        }
    *picture = (struct pb_image){(int)gm->width, (int)gm->height, gm->grey};
    return true;
}

/* ---- The descriptor ------------------------------------------------------ */

/* The adapters and the table of the six variants (kernel.h). */
PB_SIX_VARIANTS(gauss_map, struct gauss_map, false)

const struct pb_kernel gauss_map_kernel = {
    .name = "gauss_map",
    .description = "bifurcation diagram of x <- exp(-alpha x^2) + beta: a histogram per beta",
    .lesson = "vectorize across independent orbits; equal work per column, so static splits work",
    .params = params,
    .nparams = ARRAY_SIZE(params),
    .memory_needed = memory_needed,
    .setup = setup,
    .teardown = teardown,
    .prepare = prepare,
    .verify = verify,
    .digest = digest,
    .image = image,
    .variants = gauss_map_variants,
    .nvariants = ARRAY_SIZE(gauss_map_variants),
    .weak_scaling_param = "width",
    .naive_work = "",
};
