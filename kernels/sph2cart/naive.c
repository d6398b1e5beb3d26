/*
 * naive.c — sph2cart, the "before" picture.
 *
 * The original triple loop, typed in as the formulas read: at every point,
 * the point's latitude and longitude converted to radians, and sin and cos
 * evaluated for the terms that need them. Why it is slow:
 * (1) every point calls libm's sin and cos of its latitude and longitude
 *     afresh (about 10 calls per point, each some nanoseconds), although
 *     there are only nlat + nlon different angles in the whole grid;
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
