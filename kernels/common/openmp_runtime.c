/*
 * openmp_runtime.c — which OpenMP the variants were compiled against, and
 * the start hook of every openmp variant.
 *
 * Compiled with the OpenMP flags like the openmp variants, so _OPENMP here
 * is theirs. openmp_spec_date only reads a macro: calling into the runtime
 * would start it, and the harness must not do that before it forks.
 */
#include "openmp_runtime.h"

#include <omp.h>

#include "../kernel.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

const char *openmp_spec_date(void)
{
#ifdef _OPENMP
    return STRINGIFY(_OPENMP);
#else
    return "none";
#endif
}

/*
 * The runtime makes its team of threads at the first parallel region and
 * keeps them, asleep, for the regions that follow: this empty region is
 * where an openmp variant pays its start-up, timed apart from its runs.
 */
enum pb_status pb_start_openmp(void *state, struct pb_run *run)
{
    (void)state;
    int team_size = 0;
#pragma omp parallel num_threads(run->workers)
    {
#pragma omp single
        team_size = omp_get_num_threads();
    }
    run->workers_actual = team_size;
    return PB_OK;
}
