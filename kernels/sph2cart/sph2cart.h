/*
 * sph2cart.h — velocities on a spherical grid turned into Cartesian ones.
 *
 * A velocity field given by its components along the local north (vlat),
 * east (vlon) and up (vrad) directions at every point of a latitude x
 * radius x longitude grid, as in a model of the Earth's mantle, is rewritten
 * in the fixed x, y, z axes (z through the north pole, x through longitude 0):
 *
 *   vx = -sin(lon) vlon - sin(lat) cos(lon) vlat + cos(lat) cos(lon) vrad
 *   vy =  cos(lon) vlon - sin(lat) sin(lon) vlat + cos(lat) sin(lon) vrad
 *   vz =                  cos(lat)          vlat + sin(lat)          vrad
 *
 * The grid: nlat latitudes evenly from -90 to 90 degrees, nr radii from 3485
 * km (the core-mantle boundary) to 6371 km (the surface), nlon longitudes
 * from 0 to 360 degrees, both ends included. The inputs are Legendre
 * polynomials of the coordinates: vlat = P3(lat / 90), vlon = P2(lon / 180 - 1),
 * vrad = P3((r - 4928) / 1443).
 *
 * All six arrays are [nlat][nr][nlon] of double, longitude varying fastest,
 * in memory shared with forked workers (common/shm.h). 12 floating-point
 * operations per point against 48 bytes moved: memory bandwidth, not
 * arithmetic, bounds the fast variants.
 *
 * Unit of parallel work: one latitude slab (all nr x nlon points of one
 * latitude). Every point is computed by the same code whichever worker does
 * it, so all fast variants agree to the last bit.
 */
#ifndef PARBENCH_SPH2CART_H
#define PARBENCH_SPH2CART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../kernel.h"

/* sin and cos of every latitude and every longitude of the grid. */
struct sph2cart_trig {
    double *sin_lat, *cos_lat; /* nlat each */
    double *sin_lon, *cos_lon; /* nlon each */
};

/* The problem, its inputs and its answer; filled by setup (sph2cart.c). */
struct sph2cart {
    int64_t nlat, nr, nlon; /* grid size */
    int64_t npoints;        /* nlat * nr * nlon */
    size_t array_bytes;     /* bytes of each of the six arrays */
    bool streaming;         /* parameter `stores`: streaming or cached stores */
    double *vlat, *vlon, *vrad; /* inputs, filled by setup */
    double *vx, *vy, *vz;       /* the answer of the last run */
    struct sph2cart_trig trig;  /* tables of the fast variants, rebuilt each run */
};

extern const struct pb_kernel sph2cart_kernel;

/* The variants. Each fills vx, vy, vz from vlat, vlon, vrad. */
enum pb_status sph2cart_naive(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_optimized(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_forkpool_start(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_forkpool(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_forkpool_stop(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_pthreads(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_openmp(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_mpi_start(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_mpi(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_mpi_collect(struct sph2cart *s, struct pb_run *run);
enum pb_status sph2cart_mpi_stop(struct sph2cart *s, struct pb_run *run);

/* Where point [lat][r][lon] lies in each of the six arrays. */
static inline int64_t sph2cart_index(const struct sph2cart *s, int64_t lat, int64_t r,
                                     int64_t lon)
{
    return (lat * s->nr + r) * s->nlon + lon;
}

/* The grid's coordinates (sph2cart.c): degrees, kilometres, radians. */
double sph2cart_latitude_deg(const struct sph2cart *s, int64_t lat);
double sph2cart_longitude_deg(const struct sph2cart *s, int64_t lon);
double sph2cart_radius_km(const struct sph2cart *s, int64_t r);
double sph2cart_radians(double degrees);

/*
 * Building blocks of the optimized algorithm (solutions/sph2cart/
 * optimized.c), shared by the parallel variants.
 *
 * sph2cart_trig_init fills s->trig: nlat + nlon sin/cos pairs instead of
 * four libm calls per point. sph2cart_slab converts every point of latitude
 * `lat` (rows in memory order, streaming stores when s->streaming) and ends
 * with a store fence, so the slab is complete for whoever looks next.
 */
void sph2cart_trig_init(struct sph2cart *s);
void sph2cart_slab(struct sph2cart *s, int64_t lat);

/*
 * The reference (verify.c), independent of all code under test: the
 * three formulas above in long double, with the inputs recomputed from the
 * Legendre polynomials, at point [lat][r][lon]. out = {vx, vy, vz}.
 */
void sph2cart_reference_point(const struct sph2cart *s, int64_t lat, int64_t r, int64_t lon,
                              long double out[3]);

/* The kernel's verify (verify.c): checks vx, vy, vz in state (a struct
 * sph2cart) against the reference and the rotation's invariant. */
void sph2cart_verify(const void *state, struct pb_verdict *verdict);

/* What verify accepts: the squared length of the velocity preserved to a
 * relative 1e-12 at every point, and each spot-checked component within an
 * absolute 1e-12 of the reference (the velocities are of order 1). */
#define SPH2CART_NORM_TOLERANCE 1e-12
#define SPH2CART_SPOT_TOLERANCE 1e-12

/* Pseudo-random points verify compares with the reference. */
enum { SPH2CART_SPOT_CHECKS = 4096 };

#endif
