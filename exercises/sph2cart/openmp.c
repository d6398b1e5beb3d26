/*
 * EXERCISE — generated from solutions/sph2cart/openmp.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=sph2cart
 * VARIANT=openmp` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
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

#include "common/exercise.h"
#include "common/traps.h"

enum pb_status sph2cart_openmp(struct sph2cart *s, struct pb_run *run)
{
    sph2cart_trig_init(s);
    int team_size = 0;

    /* TODO (exercise):
     * Convert every latitude slab (sph2cart_slab) on a team of run->workers
     * threads, and record the team's size in team_size. How much faster can
     * it get than memory lets it?
     */
    exercise_missing("sph2cart_openmp (openmp.c)");

    run->workers_actual = team_size;
    return PB_OK;
}
