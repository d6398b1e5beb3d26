/*
 * cos_series.h — S(n) = sum_{i=1..n} cos(i) / i.
 *
 * The series converges (slowly, conditionally) to -ln(2 sin(1/2)) =
 * 0.0420195058253689...; the partial sums wobble around that limit with an
 * amplitude of about 1/n. Every variant computes the partial sum S(n).
 *
 * The work is the index range [1, n] cut into chunks (common/chunks.h); each
 * chunk's sum goes into partials[chunk], and the answer is their sum in
 * chunk order, so all fast variants agree to the last bit.
 *
 * This is the first lesson, so its parallel variants write each
 * programming model's own calls: pthreads.c creates and joins its threads,
 * forkpool.c maps shared memory, forks, and reaps its workers. The later
 * kernels use the same mechanics from kernels/common (team.h, pool.h).
 */
#ifndef PARBENCH_COS_SERIES_H
#define PARBENCH_COS_SERIES_H

#include <stdint.h>

#include "../common/chunks.h"
#include "../common/ledger.h"
#include "../common/partials.h"
#include "../kernel.h"

/* The steps of the lesson (the `step` parameter of optimized): 1, the
 * table and lane sums (solutions/cos_series/steps.c); 2, optimized.c. */
enum { COS_SERIES_STEPS = 2 };

/* The problem and its answer; filled by setup (cos_series.c). */
struct cos_series {
    int64_t n;                  /* sum the terms i = 1..n */
    int step;                   /* optimized only: which step of the lesson */
    struct chunks chunks;       /* [1, n + 1) in chunks of the `chunk` parameter */
    struct partial *partials;   /* one per chunk, in ORDINARY memory: threads share
                                   it, a forked worker would write into its own copy */
    struct ledger_entry *ledger; /* per chunk: times computed (shared memory; ledger.h) */
    double sum;                 /* the answer of the last run */
};

extern const struct pb_kernel cos_series_kernel;

/* The variants. Each computes S(n) and stores it in cs->sum. */
enum pb_status cos_series_naive(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_optimized(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_forkpool_start(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_forkpool(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_forkpool_stop(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_pthreads(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_openmp(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_mpi_start(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_mpi(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_mpi_collect(struct cos_series *cs, struct pb_run *run);
enum pb_status cos_series_mpi_stop(struct cos_series *cs, struct pb_run *run);

/*
 * Building blocks of the optimized algorithm (solutions/cos_series/
 * optimized.c), shared by the parallel variants.
 *
 * cos(a + j) = cos(a) cos(j) - sin(a) sin(j): with cos(j) and sin(j) for
 * j < COS_TABLE_LEN in a table, a block of terms needs one libm cos/sin
 * pair at its start, and then only multiplications and one division per
 * term.
 */
enum { COS_TABLE_LEN = 2048 }; /* 2 x 16 KiB: both tables stay in L1 cache */

struct cos_table {
    double cos_j[COS_TABLE_LEN]; /* cos(j) */
    double sin_j[COS_TABLE_LEN]; /* sin(j) */
};

void cos_table_init(struct cos_table *table);

/* sum_{i=begin..end-1} cos(i)/i, for 1 <= begin <= end. */
double cos_series_chunk_sum(const struct cos_table *table, int64_t begin, int64_t end);

/*
 * The unit of work of every variant but naive (cos_series.c): the sum of
 * chunk number `chunk`, counted in cs->ledger, which is how the tests catch
 * a chunk computed twice or never. cos_series_chunk returns the sum;
 * cos_series_sum_chunk stores it in cs->partials[chunk].
 */
double cos_series_chunk(struct cos_series *cs, const struct cos_table *table, int64_t chunk);
void cos_series_sum_chunk(struct cos_series *cs, const struct cos_table *table, int64_t chunk);

/* The earlier steps of the lesson (solutions/cos_series/steps.c), which
 * optimized runs when cs->step < COS_SERIES_STEPS. */
enum pb_status cos_series_step(struct cos_series *cs, struct pb_run *run);

/*
 * The reference (cos_series.c), computed without any code under test, in
 * long double (64-bit mantissa):
 *   cos_series_reference_direct: the terms summed with Neumaier's
 *       compensated summation (slow: for small n and for cross-checks);
 *   cos_series_reference_tail: the limit minus an asymptotic expansion of
 *       the tail sum_{i>n} cos(i)/i (fast and exact to ~1e-18 for n >= 1000);
 *   cos_series_reference: whichever of the two is right for n.
 */
long double cos_series_reference_direct(int64_t n);
long double cos_series_reference_tail(int64_t n);
long double cos_series_reference(int64_t n);

/* Largest relative error verify accepts for S(n) (see cos_series.c). */
double cos_series_tolerance(int64_t n);

#endif
