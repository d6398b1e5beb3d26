/*
 * naive.c — sph2cart, the "before" picture.
 *
 * The original triple loop, typed in as the formulas read: at every point,
 * the point's latitude and longitude converted to radians, and sin and cos
 * evaluated for the terms that need them. Why it is slow:
 * (1) every point evaluates sin and cos of its latitude and longitude
 *     afresh: 12 libm calls as written (clang makes all twelve, about 100 ns
 *     per point; gcc merges them into two sincos calls, about 38 ns),
 *     although the whole grid has only nlat + nlon different angles;
 * (2) the calls keep the compiler from vectorizing the loop, so the
 *     arithmetic runs one point at a time.
 * The loops do walk the arrays in memory order (longitude innermost), so the
 * memory traffic is already as cheap as it gets: the time goes into trig.
 */
#include "sph2cart.h"

#include <math.h>

#include "../common/traps.h"

enum pb_status sph2cart_naive(struct sph2cart *s, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    for (int64_t i = 0; i < s->nlat; i++)
        for (int64_t j = 0; j < s->nr; j++)
            for (int64_t k = 0; k < s->nlon; k++) {
                double lat = sph2cart_radians(sph2cart_latitude_deg(s, i));
                double lon = sph2cart_radians(sph2cart_longitude_deg(s, k));
                int64_t p = sph2cart_index(s, i, j, k);
                s->vx[p] = -sin(lon) * s->vlon[p] - sin(lat) * cos(lon) * s->vlat[p] +
                           cos(lat) * cos(lon) * s->vrad[p];
                s->vy[p] = cos(lon) * s->vlon[p] - sin(lat) * sin(lon) * s->vlat[p] +
                           cos(lat) * sin(lon) * s->vrad[p];
                s->vz[p] = cos(lat) * s->vlat[p] + sin(lat) * s->vrad[p];
            }
    return PB_OK;
}
