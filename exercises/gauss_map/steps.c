/*
 * EXERCISE (optional) — generated from solutions/gauss_map/steps.c by `make exercises`.
 * The lesson's earlier steps, which `--set step=N` runs in place of
 * optimized.c and `make lesson KERNEL=gauss_map` measures. Until you fill in
 * a step's TODO it reports "not implemented"; `make test SRC=exercises
 * KERNEL=gauss_map VARIANT=optimized` checks it.
 */
/*
 * steps.c — gauss_map, the lesson's earlier step on the way from naive.c to
 * optimized.c, kept so that `make lesson KERNEL=gauss_map` measures it on
 * your machine. `--set step=1` makes optimized run it.
 *
 * Step 1: the columns side by side in GAUSS_MAP_LANES lanes, counted as
 * they go, as in optimized.c's (1) and (3), but with libm's exp. The call
 * keeps the lane loop from being vectorized: what this step gains over
 * naive comes only from the processor overlapping the independent lanes'
 * work, no SIMD at all. (The lesson's other steps are optimized.c built
 * with other flags: `make lesson` builds them.)
 */
#include "gauss_map/gauss_map.h"

#include <math.h>
#include <string.h>

#include "common/exercise.h"
#include "common/traps.h"

static void chunk_with_libm_exp(struct gauss_map *gm, int64_t chunk)
{
    int64_t first, end;
    chunks_range(&gm->chunks, chunk, &first, &end);
    const int used = (int)(end - first);
    double x[GAUSS_MAP_LANES], beta[GAUSS_MAP_LANES];
    uint32_t *counts[GAUSS_MAP_LANES];
    for (int j = 0; j < GAUSS_MAP_LANES; j++) {
        int64_t column = first + (j < used ? j : used - 1);
        x[j] = 0.0;
        beta[j] = gauss_map_beta(gm, column);
        counts[j] = gm->hist + column * gm->height;
    }
    memset(counts[0], 0, (size_t)(used * gm->height) * sizeof *counts[0]);
    /* TODO (exercise):
     * Step 1: iterate the lanes together with libm's exp: `skip` uncounted
     * steps, then `points` steps counted into counts[j] (gauss_map_bin) for
     * the first `used` lanes.
     */
    exercise_missing("chunk_with_libm_exp (steps.c)");
    (void)x, (void)beta, (void)counts;
}

enum pb_status gauss_map_step(struct gauss_map *gm, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    for (int64_t chunk = 0; chunk < gm->chunks.count; chunk++)
        chunk_with_libm_exp(gm, chunk);
    return PB_OK;
}
