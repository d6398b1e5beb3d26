/*
 * naive.c — cos_series, the "before" picture.
 *
 * The formula typed in as it reads: one libm cos() and one division per
 * term, added into a single running sum. Why it is slow:
 * (1) cos() of a large argument must first reduce it modulo 2 pi with extra
 *     precision; that costs ~7 ns per call, and more above i ~ 1e8;
 * (2) the running sum is one long dependency chain, and the calls to cos()
 *     keep the compiler from vectorizing the loop.
 */
#include "cos_series.h"

#include <math.h>

#include "../common/traps.h"

enum pb_status cos_series_naive(struct cos_series *cs, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    double sum = 0.0;
    for (int64_t i = 1; i <= cs->n; i++)
        sum += cos((double)i) / (double)i;
    cs->sum = sum;
    return PB_OK;
}
