/*
 * naive.c — slow_series, the "before" picture.
 *
 * The original program, `if '9' not in str(k): total += 1.0 / k`, in C:
 * every k is written out as decimal text and the text searched for '9'.
 * Why it is slow:
 * (1) snprintf is a general formatting engine (parse the format, divide by
 *     ten once per digit, copy into the buffer, handle widths and signs):
 *     some 70 ns per index, and 57% of the indices below 10^8 turn out to
 *     hold no term at all;
 * (2) every index is visited, although whole runs of them (1,900-1,999,
 *     90,000,000-99,999,999) could be skipped at once;
 * (3) one division and one addition per term into a single running sum: a
 *     dependency chain the compiler may not reorder or vectorize.
 */
#include "slow_series.h"

#include <stdio.h>
#include <string.h>

#include "../common/traps.h"

/* Room for the decimal text of any int64_t and its terminating NUL. */
enum { DECIMAL_TEXT_MAX = 21 };

enum pb_status slow_series_naive(struct slow_series *ss, struct pb_run *run)
{
    (void)run; /* serial: one worker */
    char text[DECIMAL_TEXT_MAX];
    double sum = 0.0;
    int64_t terms = 0;
    for (int64_t k = 1; k <= ss->n; k++) {
        snprintf(text, sizeof text, "%lld", (long long)k);
        if (strchr(text, '9') == NULL) {
            sum += 1.0 / (double)k;
            terms++;
        }
    }
    ss->sum = sum;
    ss->terms = terms;
    return PB_OK;
}
