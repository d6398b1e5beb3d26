/*
 * openmp.c — sph2cart with OpenMP.
 *
 * What changed from optimized.c: one pragma on the slab loop.
 * (1) `omp for schedule(static)` gives each thread one contiguous block of
 *     latitude slabs, decided once: right, because every slab costs the same.
 * (2) No reduction and no shared variable: each point's result has its own
 *     place in vx, vy, vz, so the threads never write the same element.
 * (3) The team size is recorded from inside the parallel region, because
 *     the runtime may give fewer threads than asked (OMP_DYNAMIC, limits).
 * The tables are built before the region; the implicit barrier at its end,
 * after each slab's store fence, makes every thread's results visible.
 * The OpenMP runtime creates its threads at the first parallel region (the
 * harness runs an empty one first, pb_start_openmp, and reports it as
 * startup_s) and reuses them in every later region: thread creation is
 * not inside the timed runs.
 */
#include "sph2cart/sph2cart.h"

#include <omp.h>

#include "common/traps.h"

enum pb_status sph2cart_openmp(struct sph2cart *s, struct pb_run *run)
{
    sph2cart_trig_init(s);
    int team_size = 0;

    /* BEGIN PROMPT
     * Convert every latitude slab (sph2cart_slab) on a team of run->workers
     * threads, and record the team's size in team_size. How much faster can
     * it get than memory lets it?
     * END PROMPT */
    /* BEGIN SOLUTION */
#pragma omp parallel num_threads(run->workers)
    {
#pragma omp single
        team_size = omp_get_num_threads();

#pragma omp for schedule(static)
        for (int64_t lat = 0; lat < s->nlat; lat++)
            sph2cart_slab(s, lat);
    }
    /* END SOLUTION */

    run->workers_actual = team_size;
    return PB_OK;
}
