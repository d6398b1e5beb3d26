/*
 * optimized.c — gauss_map, the best serial code we can write.
 *
 * What changed from naive.c (`--set step=1` runs (1) alone, with libm's
 * exp: steps.c; `make lesson KERNEL=gauss_map` times every step):
 * (1) Columns side by side. One orbit is a chain of steps that each wait for
 *     the previous one, but the orbits of different columns are independent.
 *     A chunk of GAUSS_MAP_LANES columns is iterated in lockstep, x[j] in
 *     lane j. The loop over the lanes carries no dependency from one lane to
 *     the next, so the compiler turns it into SIMD instructions (4 doubles
 *     per AVX2 instruction), and the CPU works on other lanes while one
 *     lane's result is still in the pipeline.
 * (2) Our own exp. A call to libm's exp() keeps a loop from being
 *     vectorized: gcc substitutes glibc's vector exp only under -ffast-math,
 *     which would also let it reorder our arithmetic. exp_nonpositive below
 *     uses only + - * and bit operations, all of which vectorize. Its error
 *     stays below one unit in the last place (the tests measure it against
 *     long double expl), so the orbits are as accurate as naive's: they
 *     differ from them in the last bit, and in chaotic columns that is
 *     enough to give another, equally valid, sample of the same histogram.
 * (3) The histogram is counted as the points are made: no array of points,
 *     no second pass through memory. Only this part stays scalar (each lane
 *     increments a counter in its own column).
 * (4) The work is cut into chunks of GAUSS_MAP_LANES columns; the parallel
 *     variants hand out exactly these chunks, and since a chunk writes only
 *     its own columns, any split gives the same counts.
 */
#include "gauss_map/gauss_map.h"

#include <stdint.h>
#include <string.h>

#include "common/traps.h"

/* Below this, exp(t) is treated as exp(-700) ~ 1e-304: far below any bin
 * width, and 2^k below stays a normal double. */
#define EXP_T_MIN (-700.0)

/*
 * exp(t) for t <= 0. Write t = k ln2 + r with k = round(t / ln2), so that
 * |r| <= ln2 / 2 and exp(t) = 2^k exp(r):
 * - k comes from adding 1.5 * 2^52, which rounds t / ln2 to an integer and
 *   leaves that integer in the low bits of the sum;
 * - ln2 is split in two so that k * LN2_HI is exact and r is accurate;
 * - exp(r) is its Taylor polynomial to r^13 (the rest is below
 *   0.35^14 / 14! * 1.5 < 1e-17 relative), evaluated in Estrin's order
 *   (pairs, then r^2, r^4, r^8) for a short dependency chain, and added to
 *   1 last so that the rounding of the sum is the main error;
 * - 2^k is built directly: k + 1023 written into the exponent bits.
 */
static inline double exp_nonpositive(double t)
{
    const double log2e = 0x1.71547652b82fep0;
    const double round_shift = 0x1.8p52;
    const double ln2_hi = 0x1.62e42fee00000p-1, ln2_lo = 0x1.a39ef35793c76p-33;
    t = t < EXP_T_MIN ? EXP_T_MIN : t;

    double k_shifted = t * log2e + round_shift;
    uint64_t k_bits;
    memcpy(&k_bits, &k_shifted, sizeof k_bits);
    double k = k_shifted - round_shift;
    double r = (t - k * ln2_hi) - k * ln2_lo;

    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double terms_2_3 = 1.0 / 2 + r * (1.0 / 6);
    double terms_4_7 = (1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720 + r * (1.0 / 5040));
    double terms_8_13 = (1.0 / 40320 + r * (1.0 / 362880)) +
                        r2 * (1.0 / 3628800 + r * (1.0 / 39916800)) +
                        r4 * (1.0 / 479001600 + r * (1.0 / 6227020800.0));
    double exp_r = 1.0 + (r + (r2 * terms_2_3 + r4 * terms_4_7 + r8 * terms_8_13));

    uint64_t scale_bits = (k_bits + 1023) << 52;
    double scale;
    memcpy(&scale, &scale_bits, sizeof scale);
    return exp_r * scale;
}

double gauss_map_exp(double t)
{
    return exp_nonpositive(t);
}

/* The orbits of one chunk's columns: lane j is column first + j. */
struct lanes {
    double x[GAUSS_MAP_LANES];
    double beta[GAUSS_MAP_LANES];
    int32_t bin[GAUSS_MAP_LANES]; /* bin of the latest x, -1 if outside */
};

/* One step of every orbit: the loop that becomes SIMD code. */
static void step(struct lanes *lanes, double alpha)
{
    for (int j = 0; j < GAUSS_MAP_LANES; j++)
        lanes->x[j] = exp_nonpositive(-alpha * lanes->x[j] * lanes->x[j]) + lanes->beta[j];
}

/* One step, and the bin of each new x (vectorized the same way). */
static void step_and_bin(struct lanes *lanes, double alpha, double bins_per_unit, double height)
{
    for (int j = 0; j < GAUSS_MAP_LANES; j++) {
        double x = exp_nonpositive(-alpha * lanes->x[j] * lanes->x[j]) + lanes->beta[j];
        lanes->x[j] = x;
        lanes->bin[j] = gauss_map_bin(x, bins_per_unit, height);
    }
}

void gauss_map_chunk(struct gauss_map *gm, int64_t chunk)
{
    int64_t first, end;
    chunks_range(&gm->chunks, chunk, &first, &end);
    const int used = (int)(end - first); /* lanes that hold a column */
    struct lanes lanes;
    uint32_t *counts[GAUSS_MAP_LANES];
    for (int j = 0; j < GAUSS_MAP_LANES; j++) {
        /* The spare lanes of a short last chunk repeat its last column, so
         * the vector loop keeps its fixed length; they are never counted. */
        int64_t column = first + (j < used ? j : used - 1);
        lanes.x[j] = 0.0;
        lanes.beta[j] = gauss_map_beta(gm, column);
        counts[j] = gm->hist + column * gm->height;
    }
    memset(counts[0], 0, (size_t)(used * gm->height) * sizeof *counts[0]);

    /* BEGIN PROMPT
     * Iterate all the lanes' orbits together: `skip` steps that are not
     * counted, then `points` steps whose new x are counted straight into their
     * column's histogram (counts[j] for lane j; only the first `used` lanes are
     * real columns). step() and step_and_bin() advance every lane by one step
     * with a loop the compiler vectorizes: keep that loop free of anything
     * that ties one lane to another.
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)step, (void)step_and_bin, (void)lanes, (void)counts, (void)used;) */
    for (int64_t i = 0; i < gm->skip; i++)
        step(&lanes, gm->alpha);
    for (int64_t i = 0; i < gm->points; i++) {
        step_and_bin(&lanes, gm->alpha, gm->bins_per_unit, (double)gm->height);
        for (int j = 0; j < used; j++)
            if (lanes.bin[j] >= 0)
                counts[j][lanes.bin[j]]++;
    }
    /* END SOLUTION */
}

enum pb_status gauss_map_optimized(struct gauss_map *gm, struct pb_run *run)
{
    if (gm->step < GAUSS_MAP_STEPS) /* an earlier step of the lesson: steps.c */
        return gauss_map_step(gm, run);
    for (int64_t chunk = 0; chunk < gm->chunks.count; chunk++)
        gauss_map_chunk(gm, chunk);
    return PB_OK;
}
