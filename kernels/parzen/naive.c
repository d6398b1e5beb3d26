/*
 * naive.c — parzen, the "before" picture.
 *
 * The tutorial's loop typed in as it reads: for each width, for each
 * sample, for each dimension, divide the distance to the point by h and
 * compare with 1/2. Why it is slow:
 * (1) the work is samples x widths x d: every width looks at every sample
 *     again, although a sample's distance to the point never changes;
 * (2) a division per test (the slowest arithmetic operation), and a branch
 *     whose outcome is random (about 40% of first coordinates pass), so the
 *     processor mispredicts it again and again;
 * (3) the early exit from the dimension loop keeps the compiler from
 *     turning the loop into SIMD instructions.
 */
#include "parzen.h"

#include <math.h>

#include "../common/traps.h"

/* The window function: 1 if every coordinate is within h/2 of the point. */
static int window(const struct parzen *pz, int64_t i, double h)
{
    for (int k = 0; k < pz->d; k++)
        if (fabs((pz->p[k] - pz->coord[k][i]) / h) > 0.5)
            return 0;
    return 1;
}

enum pb_status parzen_naive(struct parzen *pz, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    for (int64_t j = 0; j < pz->widths; j++) {
        int64_t count = 0;
        for (int64_t i = 0; i < pz->samples; i++)
            count += window(pz, i, pz->h[j]);
        pz->counts[j] = count;
    }
    return PB_OK;
}
