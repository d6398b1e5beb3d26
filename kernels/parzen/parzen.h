/*
 * parzen.h — Parzen-window estimate of a density at one point.
 *
 * `samples` points x_i are drawn from the d-dimensional standard normal
 * distribution. For each of `widths` window widths h, evenly spaced over
 * [1.0, 1.2], count the samples inside the hypercube of side h centred on
 * the point p:
 *
 *     count(h) = #{ i : |x_i,k - p_k| / h <= 1/2 for every k }
 *     p(h)     = count(h) / (samples * h^d)        (the density estimate)
 *
 * The answer of every variant is the array of counts. Counts are integers,
 * so every variant must return exactly the same ones, for any number of
 * workers; verify also checks them against their statistical expectation.
 *
 * Samples come from a counter-based generator (common/rng.h): coordinate k
 * of sample i is normal number i * d + k of the stream `seed`, a pure
 * function of (seed, i), so the data never depend on who generates them.
 */
#ifndef PARBENCH_PARZEN_H
#define PARBENCH_PARZEN_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/chunks.h"
#include "../kernel.h"

enum { PARZEN_MAX_D = 8 }; /* most dimensions the `d` parameter allows */

/* The window widths are evenly spaced over [PARZEN_H_MIN, PARZEN_H_MAX]. */
#define PARZEN_H_MIN 1.0
#define PARZEN_H_MAX 1.2

/*
 * Rows of bins, one row per worker or per chunk: row r starts at
 * bins + r * stride. A row has widths + 1 bins (see parzen_bin_samples);
 * when padded, stride rounds that up to whole cache lines, so no two rows
 * ever share a line (false sharing). The rows live in shared memory
 * (common/shm.h), so forked workers can fill them too.
 */
struct parzen_rows {
    int64_t *bins;
    int64_t count;  /* rows */
    int64_t stride; /* int64 slots from one row to the next */
};

/* The problem and its answer; filled by setup (parzen.c). */
/* The steps of the lesson (the `step` parameter of optimized): 1, a branch
 * per sample (solutions/parzen/steps.c); 2, optimized.c. */
enum { PARZEN_STEPS = 2 };

struct parzen {
    int64_t samples;  /* n */
    int64_t widths;   /* W */
    int d;            /* dimensions, 1..PARZEN_MAX_D */
    bool padded;      /* rows of bins padded to cache lines (the `pad` parameter) */
    int step;         /* optimized only: which step of the lesson */
    uint64_t seed;
    struct chunks chunks; /* [0, samples) in tasks of `chunk` samples */

    double point;                  /* every coordinate of p (0: the origin) */
    double p[PARZEN_MAX_D];        /* the evaluation point */
    double *coord[PARZEN_MAX_D];   /* coord[k][i]: coordinate k of sample i */
    double *h;                     /* h[j], j < W: the window widths, increasing */
    double *limit;                 /* limit[j] = h[j] / 2, set by every fast run */
    int64_t *bins;                 /* W + 1 bins of the whole run (the reduction's) */
    struct parzen_rows chunk_rows; /* forkpool: one row per chunk */
    int64_t *counts;               /* the answer: counts[j] for width h[j] */
    int64_t *reference;            /* the counts, found by setup another way */
};

extern const struct pb_kernel parzen_kernel;

/* The variants. Each fills pz->counts. */
enum pb_status parzen_naive(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_optimized(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_forkpool_start(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_forkpool(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_forkpool_stop(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_pthreads(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_openmp(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_mpi_start(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_mpi(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_mpi_collect(struct parzen *pz, struct pb_run *run);
enum pb_status parzen_mpi_stop(struct parzen *pz, struct pb_run *run);

/* The earlier step of the lesson (solutions/parzen/steps.c), which
 * optimized runs when pz->step < PARZEN_STEPS. */
enum pb_status parzen_step(struct parzen *pz, struct pb_run *run);

/*
 * Building blocks of the optimized algorithm (solutions/parzen/optimized.c),
 * shared by the parallel variants.
 *
 * The box radius of sample i is r_i = max_k |x_i,k - p_k|; the sample lies
 * in window j exactly when r_i / h_j <= 1/2 in double arithmetic, which is
 * the same as r_i <= limit[j] = h_j / 2 (optimized.c says why): one
 * comparison, no division, and exactly naive's answer.
 * The windows grow with j, so the windows holding a sample are all those
 * from its first one on. The sample is counted once, in bin[first window]
 * (bin[W]: no window at all), and count(h_j) = bin[0] + ... + bin[j].
 */

/* Fills pz->limit[j] for every width. Call once per run, before binning. */
void parzen_limits_init(struct parzen *pz);

/* Adds each sample i in [begin, end) to bins[its first window]; bins has
 * W + 1 slots. Needs pz->limit. */
void parzen_bin_samples(const struct parzen *pz, int64_t begin, int64_t end, int64_t *bins);

/* parzen_bin_samples over the samples of chunk number `chunk`. */
void parzen_bin_chunk(const struct parzen *pz, int64_t chunk, int64_t *bins);

/* pz->counts[j] = bins[0] + ... + bins[j]. */
void parzen_counts_from_bins(struct parzen *pz, const int64_t *bins);

/*
 * Rows of bins (rows.c). parzen_rows_alloc maps `count` zeroed rows for
 * pz's widths, padded if pz->padded; returns 0, or -1 with errno set.
 * parzen_rows_sum sets bins[b] to the sum of slot b over the rows, added
 * in row order.
 */
int parzen_rows_alloc(struct parzen_rows *rows, const struct parzen *pz, int64_t count);
uint64_t parzen_rows_bytes(int64_t count, int64_t widths, bool padded); /* saturating */
void parzen_rows_free(struct parzen_rows *rows);
int64_t *parzen_row(const struct parzen_rows *rows, int64_t row);
void parzen_rows_sum(const struct parzen_rows *rows, int64_t nbins, int64_t *bins);

/*
 * The reference, the statistics and verify (reference.c), without any code
 * under test.
 *
 * parzen_reference: recomputes pz->reference from the samples: for each
 *     sample a binary search over the widths with naive's own test (divide
 *     and compare, dimension by dimension); setup calls it.
 * parzen_expected_fraction: the exact probability that a standard normal
 *     sample lies in the window of width h around the point (every
 *     coordinate = point) in d dimensions; at the origin erf(h / (2 sqrt 2))^d.
 * parzen_worst_deviation: the largest |count(h) - samples q(h)| over the
 *     widths, in binomial standard deviations sqrt(samples q (1 - q)), with
 *     q the expected fraction; *worst (if not NULL) gets its width index.
 */
void parzen_reference(struct parzen *pz);
double parzen_expected_fraction(double h, int d, double point);
double parzen_worst_deviation(const struct parzen *pz, const int64_t *counts, int64_t *worst);

/* The kernel's verify: pz->counts must equal pz->reference exactly, and be
 * at most PARZEN_MAX_DEVIATIONS standard deviations from their expectation. */
void parzen_verify(const void *state, struct pb_verdict *verdict);

/* verify accepts counts at most this many standard deviations off. */
#define PARZEN_MAX_DEVIATIONS 5.0

#endif
