/* timer.c — see timer.h. */
#include "timer.h"

#include "../kernels/common/check.h"

struct timer_instant timer_now(void)
{
    struct timer_instant now;
    int failed = clock_gettime(CLOCK_MONOTONIC, &now.at);
    PB_CHECK(!failed); /* only fails for an invalid clock id */
    return now;
}

double timer_elapsed_s(struct timer_instant start, struct timer_instant end)
{
    return (double)(end.at.tv_sec - start.at.tv_sec) +
           (double)(end.at.tv_nsec - start.at.tv_nsec) * 1e-9;
}

double timer_resolution_s(void)
{
    struct timespec resolution;
    if (clock_getres(CLOCK_MONOTONIC, &resolution) != 0)
        return 0.0;
    return (double)resolution.tv_sec + (double)resolution.tv_nsec * 1e-9;
}
