/*
 * EXERCISE (optional) — generated from solutions/slow_series/steps.c by `make exercises`.
 * The lesson's earlier steps, which `--set step=N` runs in place of
 * optimized.c and `make lesson KERNEL=slow_series` measures. Until you fill in
 * a step's TODO it reports "not implemented"; `make test SRC=exercises
 * KERNEL=slow_series VARIANT=optimized` checks it.
 */
/*
 * steps.c — slow_series, the lesson's earlier steps on the way from
 * naive.c to optimized.c, kept so that `make lesson KERNEL=slow_series`
 * measures each one on your machine. `--set step=N` makes optimized run
 * step N (1, 2 or 3; 4 is optimized.c itself). Every step sums chunk by
 * chunk and reduces like optimized.c, so only the way a chunk is summed
 * changes.
 *
 * Step 1: an integer digit test per index: k % 10 == 9, k /= 10. No text.
 * Step 2: a decimal counter that visits only the 9-free numbers: add one to
 *     the last digit; a digit that would become 9 becomes 0 and carries
 *     (18 -> 20, 88 -> 100). One term at a time, one division each.
 * Step 3: whole aligned blocks of 9-free suffixes from the table
 *     (optimized.c's (3)), summed in eight lane sums with one division per
 *     term. optimized.c then puts four terms over one division.
 */
#include "slow_series/slow_series.h"

#include <stdbool.h>

#include "common/exercise.h"
#include "common/traps.h"

enum { LANES = 8 };     /* as in optimized.c */
enum { MAX_DIGITS = 20 }; /* decimal digits of any int64_t */

/* Indices in, and terms of, a block of m free digits (as in optimized.c). */
static const int64_t block_size[SUFFIX_DIGITS + 1] = {1, 10, 100, 1000, 10000};
static const int block_terms[SUFFIX_DIGITS + 1] = {1, 9, 81, 729, 6561};

static bool has_nine(int64_t k)
{
    for (; k > 0; k /= 10)
        if (k % 10 == 9)
            return true;
    return false;
}

/* Step 1: every index tested. */
static double chunk_sum_digit_test(int64_t begin, int64_t end, int64_t *terms)
{
    double sum = 0.0;
    /* TODO (exercise):
     * Step 1: add 1/k for every k in [begin, end) (k >= 1) without a 9,
     * tested with has_nine; count them in *terms.
     */
    exercise_missing("chunk_sum_digit_test (steps.c)");
    (void)begin, (void)end, (void)terms, (void)has_nine;
    return sum;
}

/* Step 2: only the 9-free numbers, from a counter that skips the others. */
static double chunk_sum_counter(int64_t begin, int64_t end, int64_t *terms)
{
    double sum = 0.0;
    int64_t k = slow_series_next_term(begin > 1 ? begin : 1);
    int digit[MAX_DIGITS] = {0}, ndigits = 0; /* k's digits, the last first */
    for (int64_t rest = k; rest > 0; rest /= 10)
        digit[ndigits++] = (int)(rest % 10);
    /* TODO (exercise):
     * Step 2: while k < end, add 1/k and count it, then move k to the next
     * 9-free number by adding one to its last digit: a digit 8 becomes 0
     * and carries one into the next digit (so 18 -> 20, 88 -> 100), a
     * missing digit becomes 1. Keep k and digit[] in step.
     */
    exercise_missing("chunk_sum_counter (steps.c)");
    (void)end, (void)terms, (void)digit, (void)ndigits;
    return sum;
}

/* Step 3's block: 1/(base + s) over the first `count` suffixes, one
 * division per term, in lane sums. */
static double block_sum_one_division(const double *suffix, double base, int count)
{
    double lane[LANES] = {0.0};
    const int whole = count - count % LANES;
    for (int j = 0; j < whole; j += LANES)
        for (int k = 0; k < LANES; k++)
            lane[k] += 1.0 / (base + suffix[j + k]);
    double sum = 0.0;
    for (int k = 0; k < LANES; k++)
        sum += lane[k];
    for (int j = whole; j < count; j++)
        sum += 1.0 / (base + suffix[j]);
    return sum;
}

/* Step 3: whole blocks, as slow_series_chunk_sum walks them. */
static double chunk_sum_blocks(const struct slow_series_table *table, int64_t begin, int64_t end,
                               int64_t *terms)
{
    double sum = 0.0;
    /* TODO (exercise):
     * Step 3: walk [begin, end) in the largest aligned blocks of 9-free
     * suffixes that fit, as slow_series_chunk_sum does, summing each block
     * with block_sum_one_division.
     */
    exercise_missing("chunk_sum_blocks (steps.c)");
    (void)table, (void)begin, (void)end, (void)terms, (void)block_sum_one_division, (void)block_size, (void)block_terms;
    return sum;
}

enum pb_status slow_series_step(struct slow_series *ss, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    struct slow_series_table table;
    slow_series_table_init(&table);
    for (int64_t chunk = 0; chunk < ss->chunks.count; chunk++) {
        int64_t begin, end, terms = 0;
        chunks_range(&ss->chunks, chunk, &begin, &end);
        double sum = ss->step == 1   ? chunk_sum_digit_test(begin, end, &terms)
                     : ss->step == 2 ? chunk_sum_counter(begin, end, &terms)
                                     : chunk_sum_blocks(&table, begin, end, &terms);
        ss->sums[chunk].value = sum;
        ss->counts[chunk].value = (double)terms;
    }
    slow_series_reduce(ss);
    return PB_OK;
}
