/*
 * steps.c — cos_series, the lesson's earlier steps on the way from naive.c
 * to optimized.c, kept so that `make lesson KERNEL=cos_series` measures
 * each one on your machine. `--set step=1` makes optimized run step 1.
 *
 * Step 1: the table and the lane sums of optimized.c's (1) and (2), with
 * one division per term. Every term is
 *     cos(a + j) / (a + j),  cos(a + j) = cos(a) cos(j) - sin(a) sin(j),
 * and lane k adds the terms j = k, k + LANES, k + 2 LANES, ... Against
 * naive it removes the libm call per term; against optimized.c it still
 * pays one division per term, the slowest operation left in the loop.
 */
#include "cos_series/cos_series.h"

#include <math.h>

#include "common/traps.h"

enum { LANES = 8 }; /* as in optimized.c */

/* cos(a + j)/(a + j) for j in [0, len), len a multiple of LANES, into the
 * lane sums. */
static void add_block_one_division(const struct cos_table *table, double a, int len,
                                   double lane_sum[LANES])
{
    const double cos_a = cos(a), sin_a = sin(a);
    /* BEGIN PROMPT
     * Step 1: for j = 0, LANES, 2 LANES, ... add cos(a + j + k) / (a + j + k)
     * to lane_sum[k], with cos(a + j + k) from the angle-addition formula and
     * the table: one division per term.
     * END PROMPT */
    /* BEGIN SOLUTION (stub: (void)table, (void)len, (void)cos_a, (void)sin_a, (void)lane_sum;) */
    double sum[LANES], i[LANES]; /* local copies the compiler keeps in registers */
    for (int k = 0; k < LANES; k++) {
        sum[k] = lane_sum[k];
        i[k] = a + (double)k;
    }
    for (int j = 0; j < len; j += LANES)
        for (int k = 0; k < LANES; k++) {
            sum[k] += (cos_a * table->cos_j[j + k] - sin_a * table->sin_j[j + k]) / i[k];
            i[k] += (double)LANES;
        }
    for (int k = 0; k < LANES; k++)
        lane_sum[k] = sum[k];
    /* END SOLUTION */
}

/* Step 1's sum of [begin, end), shaped like cos_series_chunk_sum. */
static double chunk_sum_step1(const struct cos_table *table, int64_t begin, int64_t end)
{
    double lane_sum[LANES] = {0.0};
    int64_t a = begin;
    for (; end - a >= COS_TABLE_LEN; a += COS_TABLE_LEN)
        add_block_one_division(table, (double)a, COS_TABLE_LEN, lane_sum);
    int rest = (int)(end - a), whole = rest - rest % LANES;
    add_block_one_division(table, (double)a, whole, lane_sum);
    double sum = 0.0;
    for (int k = 0; k < LANES; k++)
        sum += lane_sum[k];
    const double cos_a = cos((double)a), sin_a = sin((double)a);
    for (int j = whole; j < rest; j++)
        sum += (cos_a * table->cos_j[j] - sin_a * table->sin_j[j]) / ((double)a + (double)j);
    return sum;
}

enum pb_status cos_series_step(struct cos_series *cs, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    struct cos_table table;
    cos_table_init(&table);
    for (int64_t chunk = 0; chunk < cs->chunks.count; chunk++) {
        int64_t begin, end;
        chunks_range(&cs->chunks, chunk, &begin, &end);
        cs->partials[chunk].value = chunk_sum_step1(&table, begin, end);
    }
    cs->sum = partials_sum(cs->partials, cs->chunks.count);
    return PB_OK;
}
