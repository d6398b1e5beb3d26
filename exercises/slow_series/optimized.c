/*
 * EXERCISE — generated from solutions/slow_series/optimized.c by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL=slow_series
 * VARIANT=optimized` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
/*
 * optimized.c — slow_series, the best serial code we can write.
 *
 * What changed from naive.c (the lesson measures each step: `--set step=N`
 * runs step N < 4 of steps.c; `make lesson KERNEL=slow_series` times them):
 * (1) No text. Whether k has a 9 is a question about its digits, which
 *     k % 10 and k / 10 answer without formatting anything. (Step 1.)
 * (2) No digit test per index either: a counter that jumps. From a k that
 *     contains a 9, the next candidate is found by rounding k up past its
 *     highest 9 (1899 -> 1900 -> 2000, 89 -> 90 -> 100), so the counter
 *     visits only the 9-free numbers (43% of the indices below 10^8) and
 *     steps over 90,000,000-99,999,999 in one move. It can start anywhere,
 *     which is what lets a worker start at any chunk. (Step 2.)
 * (3) Whole blocks from a table. If k is 9-free and a multiple of 10^m, the
 *     terms in [k, k + 10^m) are exactly 1/(k + s) for the 9-free m-digit
 *     suffixes s, which are tabulated once (9^4 of them for m <= 4). The
 *     counter now moves a whole block at a time, and inside a block there is
 *     nothing left but arithmetic on a table read in order. Each chunk is
 *     covered by the largest aligned blocks that fit, so an odd chunk start
 *     only adds a few small blocks at its edges. (Step 3, with (5).)
 * (4) Four fractions, one division:
 *         1/a + 1/b + 1/c + 1/d = ((a + b) cd + (c + d) ab) / (ab cd).
 *     Division is by far the slowest arithmetic operation (about 2 cycles
 *     per double even vectorized, 0.7 ns at 2.8 GHz, where a multiplication
 *     costs a fraction of a cycle), so this is nearly four times fewer of
 *     the expensive kind. Everything is positive: no cancellation, and each
 *     group of four is accurate to a few ulps; abcd < 2^213 is far from
 *     overflowing. (Step 4: this file.)
 * (5) Eight independent lane sums instead of one running sum. The compiler
 *     may not reorder floating-point additions by itself (that would change
 *     the rounding), so we write the reordering out; then the block loop
 *     turns into SIMD instructions.
 * (6) The range is cut into chunks, each summed on its own and added in
 *     chunk order: the parallel variants hand out exactly these chunks and
 *     so return this exact sum. Short sums also round less: at n = 1e8 the
 *     result is within 1e-15 (relative) of the reference.
 */
#include "slow_series/slow_series.h"

#include "common/exercise.h"
#include "common/traps.h"

/* Independent partial sums (two 256-bit vectors of four doubles, the width
 * gcc and clang use under -march=native), and terms per division: one loop
 * step adds GROUP x LANES terms. */
enum { LANES = 8, GROUP = 4, STEP = GROUP * LANES };
enum { SECOND = LANES, THIRD = 2 * LANES, FOURTH = 3 * LANES }; /* the group's terms */

/* Indices in, and terms of, a block of m free digits, for m <= SUFFIX_DIGITS. */
static const int64_t block_size[SUFFIX_DIGITS + 1] = {1, 10, 100, 1000, 10000};
static const int block_terms[SUFFIX_DIGITS + 1] = {1, 9, 81, 729, 6561};

/* The j-th 9-free integer is j written in base 9 and read in base 10; in
 * increasing order, the 9^m with at most m digits come first. */
void slow_series_table_init(struct slow_series_table *table)
{
    table->suffix[0] = 0.0;
    int count = 1;      /* suffixes of `level` digits at most, already in place */
    double place = 1.0; /* 10^level */
    for (int level = 0; level < SUFFIX_DIGITS; level++, count *= 9, place *= 10.0)
        for (int d = 1; d <= 8; d++)
            for (int i = 0; i < count; i++)
                table->suffix[d * count + i] = d * place + table->suffix[i];
}

int64_t slow_series_next_term(int64_t k)
{
    for (;;) {
        int64_t nine_place = 0; /* place value of k's highest digit 9, 0 if none */
        for (int64_t rest = k, place = 1; rest > 0; rest /= 10, place *= 10)
            if (rest % 10 == 9)
                nine_place = place;
        if (nine_place == 0)
            return k;
        k = (k / nine_place + 1) * nine_place; /* 1899 -> 1900: may make a new 9 */
    }
}

/* The sum of 1/(base + s) over the first `count` suffixes s. */
static double block_sum(const double *suffix, double base, int count)
{
    double lane[LANES] = {0.0};
    const int whole = count - count % STEP; /* the vector loop never sees a ragged end */
    for (int j = 0; j < whole; j += STEP)
        for (int k = 0; k < LANES; k++) {
            const double *s = suffix + j + k;
            double a = base + s[0], b = base + s[SECOND];
            double c = base + s[THIRD], d = base + s[FOURTH];
            double ab = a * b, cd = c * d;
            lane[k] += ((a + b) * cd + (c + d) * ab) / (ab * cd);
        }
    double sum = 0.0;
    for (int k = 0; k < LANES; k++)
        sum += lane[k];
    for (int j = whole; j < count; j++)
        sum += 1.0 / (base + suffix[j]);
    return sum;
}

double slow_series_chunk_sum(const struct slow_series_table *table, int64_t begin, int64_t end,
                             int64_t *terms)
{
    double sum = 0.0;
    int64_t count = 0;
    /* Invariant: k is 9-free, and every term below k has been added. */
    /* TODO (exercise):
     * Add 1/k for every 9-free k in [begin, end) to `sum`, and count them in
     * `count`, without testing every k: slow_series_next_term(k) jumps to the
     * next 9-free integer (1899 -> 2000), and block_sum(table->suffix, k, 9^m)
     * adds a whole aligned block [k, k + 10^m) of them at once (k a multiple of
     * 10^m, k itself 9-free). Take the largest block that fits before `end`.
     */
    exercise_missing("slow_series_chunk_sum (optimized.c)");
    (void)table, (void)begin, (void)end, (void)block_sum, (void)block_size, (void)block_terms;
    *terms += count;
    return sum;
}

void slow_series_reduce(struct slow_series *ss)
{
    ss->sum = partials_sum(ss->sums, ss->chunks.count);
    double terms = partials_sum(ss->counts, ss->chunks.count);
    /* NaN means a chunk nobody computed; never convert it to an integer. */
    ss->terms = terms >= 0.0 && terms <= (double)ss->n ? (int64_t)terms : -1;
}

enum pb_status slow_series_optimized(struct slow_series *ss, struct pb_run *run)
{
    if (ss->step < SLOW_SERIES_STEPS) /* an earlier step of the lesson: steps.c */
        return slow_series_step(ss, run);
    struct slow_series_table table;
    slow_series_table_init(&table);
    for (int64_t chunk = 0; chunk < ss->chunks.count; chunk++)
        slow_series_sum_chunk(ss, &table, chunk);
    slow_series_reduce(ss);
    return PB_OK;
}
