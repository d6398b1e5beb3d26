/*
 * slow_series.h — S(n) = sum of 1/k over the k in [1, n] whose decimal
 * digits contain no 9 (the "9-free" integers).
 *
 * The harmonic series diverges, but leaving out every integer with a 9
 * makes it converge (Kempner, 1914), very slowly, to 22.9206766192641...
 * Only 9^8 of the 10^8 integers below 10^8 are 9-free, so most indices hold
 * no term, and whole runs of them hold none: 90,000,000-99,999,999 is empty.
 * That makes the work per index far from uniform, which is the lesson of
 * this kernel: equal index ranges are unequal work.
 *
 * The work is the index range [0, n + 1) cut into chunks (common/chunks.h).
 * Index 0 is not a term; it is there so that chunk boundaries are round
 * numbers (with chunk = 10^5, chunk c covers exactly [c 10^5, (c+1) 10^5)).
 * Each chunk's sum and its number of terms go into partials[chunk], and the
 * answer is their sum in chunk order, so all fast variants agree to the
 * last bit, for any number of workers and either schedule.
 */
#ifndef PARBENCH_SLOW_SERIES_H
#define PARBENCH_SLOW_SERIES_H

#include <stdint.h>

#include "../common/chunks.h"
#include "../common/ledger.h"
#include "../common/partials.h"
#include "../kernel.h"

/* The steps of the lesson (the `step` parameter of optimized): 1-3 in
 * solutions/slow_series/steps.c, 4 is optimized.c. */
enum { SLOW_SERIES_STEPS = 4 };

/* How the parallel variants give chunks to workers (the `schedule` parameter). */
enum slow_series_schedule {
    SLOW_SERIES_DYNAMIC, /* chunks handed out on demand, one at a time */
    SLOW_SERIES_STATIC,  /* worker t of N owns chunks [t count / N, (t+1) count / N) */
};

/* The problem, its answer and its reference; filled by setup (slow_series.c). */
struct slow_series {
    int64_t n;                          /* sum over the 9-free k = 1..n */
    enum slow_series_schedule schedule; /* parallel variants only */
    int step;                           /* optimized only: which step of the lesson */
    struct chunks chunks;               /* [0, n + 1) in chunks of the `chunk` parameter */
    struct partial *sums;               /* per chunk: the sum of its terms (shared memory) */
    struct partial *counts;             /* per chunk: how many terms it had, as a double:
                                           exact, since every count is below 2^53 */
    struct ledger_entry *ledger;        /* per chunk: times computed (shared; ledger.h) */
    double sum;                         /* the answer of the last run */
    int64_t terms;                      /* how many terms the last run added */
    long double reference;              /* S(n), computed in setup (reference.c) */
    int64_t reference_terms;            /* how many 9-free integers [1, n] holds */
};

extern const struct pb_kernel slow_series_kernel;

/* The variants. Each computes S(n) into ss->sum and its number of terms
 * into ss->terms. */
enum pb_status slow_series_naive(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_optimized(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_forkpool_start(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_forkpool(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_forkpool_stop(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_pthreads(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_openmp(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_mpi_start(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_mpi(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_mpi_collect(struct slow_series *ss, struct pb_run *run);
enum pb_status slow_series_mpi_stop(struct slow_series *ss, struct pb_run *run);

/*
 * Building blocks of the optimized algorithm (solutions/slow_series/
 * optimized.c), shared by the parallel variants.
 *
 * The 9-free integers below 10^4 ("suffixes") are tabulated once, in
 * increasing order. For a 9-free k that is a multiple of 10^m, the terms of
 * [k, k + 10^m) are then 1/(k + s) for the first 9^m suffixes s: a whole
 * block of terms with no digit test at all.
 */
enum {
    SUFFIX_DIGITS = 4,   /* blocks of up to 10^4 indices */
    SUFFIX_COUNT = 6561, /* 9^4 suffixes: 52 KiB of doubles, at home in L1/L2 cache */
};

struct slow_series_table {
    double suffix[SUFFIX_COUNT]; /* the 9-free integers 0, 1, ..., 8, 10, ..., 8888 */
};

void slow_series_table_init(struct slow_series_table *table);

/* The smallest 9-free integer >= k (k >= 0): 1899 -> 2000, 89 -> 100,
 * 1000 -> 1000. This is how the counter jumps over blocks containing a 9. */
int64_t slow_series_next_term(int64_t k);

/* The sum of 1/k over the 9-free k in [begin, end), 0 <= begin <= end;
 * index 0 is skipped. Adds the number of terms to *terms. */
double slow_series_chunk_sum(const struct slow_series_table *table, int64_t begin, int64_t end,
                             int64_t *terms);

/* The unit of work of every variant but naive (slow_series.c): sums chunk
 * number `chunk` of ss into ss->sums[chunk] and ss->counts[chunk], and
 * counts it in ss->ledger (how the tests catch a chunk done twice or never). */
void slow_series_sum_chunk(struct slow_series *ss, const struct slow_series_table *table,
                           int64_t chunk);

/* The earlier steps of the lesson (solutions/slow_series/steps.c), which
 * optimized runs when ss->step < SLOW_SERIES_STEPS. */
enum pb_status slow_series_step(struct slow_series *ss, struct pb_run *run);

/* The deterministic reduction: ss->sum and ss->terms from the partials,
 * added in chunk order. */
void slow_series_reduce(struct slow_series *ss);

/*
 * The reference (reference.c), computed without any code under test:
 *   slow_series_reference: S(n) by the digit-block method (for every block
 *       of 9-free suffixes behind a fixed prefix, a power series in
 *       suffix / prefix built from the power sums of the suffixes), in long
 *       double; microseconds for any n, accurate to ~1e-18;
 *   slow_series_reference_direct: every term, found with an integer digit
 *       test and added with Neumaier's compensated summation in long double
 *       (slow: for small n and for cross-checks);
 *   slow_series_count: how many 9-free integers [1, n] holds, by counting
 *       digits (the count read off n's digits in base 9).
 * All three accept any n in [0, INT64_MAX].
 */
long double slow_series_reference(int64_t n);
long double slow_series_reference_direct(int64_t n);
int64_t slow_series_count(int64_t n);

/* Largest relative error verify accepts for S(n) (see slow_series.c). */
double slow_series_tolerance(int64_t n);

#endif
