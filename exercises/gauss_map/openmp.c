/*
 * EXERCISE — generated from solutions/gauss_map/openmp.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=gauss_map
 * VARIANT=openmp` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * openmp.c — gauss_map with OpenMP.
 *
 * What changed from optimized.c: one pragma on the chunk loop.
 * (1) `omp for schedule(static)` gives each thread one contiguous block of
 *     chunks, decided once: right here, because every column costs the
 *     same. (schedule(dynamic) would hand out chunks one by one, paying a
 *     shared counter per chunk for a balance we already have.)
 * (2) No reduction clause, no partial results: each chunk writes only its
 *     own columns of the histogram, so the threads never write to the same
 *     counter and the answer does not depend on the thread count.
 * (3) The team size is recorded from inside the parallel region, because
 *     the runtime may give fewer threads than asked (OMP_DYNAMIC, limits).
 * The OpenMP runtime creates its threads at the first parallel region (the
 * harness runs an empty one first, pb_start_openmp, and reports it as
 * startup_s) and reuses them in every later region: thread creation is
 * not inside the timed runs.
 */
#include "gauss_map/gauss_map.h"

#include <omp.h>

#include "common/exercise.h"
#include "common/traps.h"

enum pb_status gauss_map_openmp(struct gauss_map *gm, struct pb_run *run)
{
    int team_size = 0;

    /* TODO (exercise):
     * Compute every chunk of columns (gauss_map_chunk) on a team of
     * run->workers threads, and record the team's real size in team_size.
     * Every column costs about the same: which schedule is enough?
     */
    exercise_missing("gauss_map_openmp (openmp.c)");
    (void)gm;

    run->workers_actual = team_size;
    return PB_OK;
}
