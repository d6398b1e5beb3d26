/*
 * openmp.c — cos_series with OpenMP.
 *
 * What changed from optimized.c: one pragma on the chunk loop.
 * (1) `omp parallel for` splits the chunks among the team's threads.
 *     schedule(static) gives each thread one contiguous block, decided once:
 *     right here, because every chunk costs the same.
 * (2) No reduction(+ : sum) clause. It would let every thread keep its own
 *     sum and add them in whatever order the threads finish, so the last
 *     bits of the answer would change with the thread count. Instead each
 *     chunk's sum goes to its own slot, added in chunk order afterwards.
 * (3) The team size is recorded from inside the parallel region, because
 *     the runtime may give fewer threads than asked (OMP_DYNAMIC, limits).
 * The OpenMP runtime creates its threads at the first parallel region (the
 * harness runs an empty one first, pb_start_openmp, and reports it as
 * startup_s) and reuses them in every later region: thread creation is
 * not inside the timed runs.
 */
#include "cos_series/cos_series.h"

#include <omp.h>

#include "common/traps.h"

enum pb_status cos_series_openmp(struct cos_series *cs, struct pb_run *run)
{
    struct cos_table table;
    cos_table_init(&table);
    int team_size = 0;

    /* BEGIN PROMPT
     * Sum every chunk (cos_series_sum_chunk) on a team of run->workers
     * threads: one parallel region; inside it, one thread stores the team's
     * real size in team_size, and the chunk loop is shared out. Which
     * schedule fits chunks that all cost the same? And why must the sum be
     * left to the partials instead of a reduction clause?
     * END PROMPT */
    /* BEGIN SOLUTION */
#pragma omp parallel num_threads(run->workers)
    {
#pragma omp single
        team_size = omp_get_num_threads();

#pragma omp for schedule(static)
        for (int64_t chunk = 0; chunk < cs->chunks.count; chunk++)
            cos_series_sum_chunk(cs, &table, chunk);
    }
    /* END SOLUTION */

    run->workers_actual = team_size;
    cs->sum = partials_sum(cs->partials, cs->chunks.count);
    return PB_OK;
}
