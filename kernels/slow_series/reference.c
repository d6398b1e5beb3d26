/*
 * reference.c — S(n) and the number of its terms, computed without any code
 * under test (see slow_series.h): the digit-block power series, the direct
 * compensated sum that cross-checks it, and the closed-form count.
 */
#include "slow_series.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "../common/accuracy.h"
#include "../common/traps.h"

/* Decimal digits of an int64_t, and terms kept in the block series below. */
enum { MAX_DIGITS = 19, SERIES_TERMS = 12 };

static bool has_nine(int64_t k)
{
    for (; k > 0; k /= 10)
        if (k % 10 == 9)
            return true;
    return false;
}

long double slow_series_reference_direct(int64_t n)
{
    struct compensated total = {0.0L, 0.0L};
    for (int64_t k = 1; k <= n; k++)
        if (!has_nine(k))
            compensated_add(&total, 1.0L / (long double)k);
    return compensated_total(&total);
}

/* The decimal digits of n, most significant first; returns how many (0 for 0). */
static int digits_of(int64_t n, int digit[MAX_DIGITS])
{
    int len = 0;
    for (int64_t rest = n; rest > 0; rest /= 10)
        len++;
    for (int i = len - 1; i >= 0; i--, n /= 10)
        digit[i] = (int)(n % 10);
    return len;
}

int64_t slow_series_count(int64_t n)
{
    int digit[MAX_DIGITS];
    int len = digits_of(n, digit);
    int64_t count = 0;
    for (int i = 0; i < len; i++) {
        /* Numbers that agree with n above digit i and are smaller at i: each
         * of the (at most 9) smaller 9-free digits, then 9^(len-1-i) endings. */
        int64_t endings = 1;
        for (int rest = len - 1 - i; rest > 0; rest--)
            endings *= 9;
        count += (digit[i] < 9 ? digit[i] : 9) * endings;
        if (digit[i] == 9)
            return count - 1; /* n and what follows contain a 9; 0 is no term */
    }
    return count; /* + 1 for n itself, which is 9-free, - 1 for 0, which is no term */
}

/*
 * Power sums of the 9-free m-digit suffixes (leading zeros allowed), scaled
 * to [0, 1): u[m][j] = sum of (s / 10^m)^j. Writing s = d 10^(m-1) + r
 * gives the recurrence
 *     u[m][j] = 10^-j sum_{i<=j} C(j, i) D(j - i) u[m-1][i],
 * D(p) = 0^p + 1^p + ... + 8^p, from u[0][0] = 1 (the empty suffix).
 * Every quantity is positive: no cancellation.
 */
struct power_sums {
    long double u[MAX_DIGITS + 1][SERIES_TERMS];
};

static void power_sums_init(struct power_sums *ps)
{
    long double digit_power[SERIES_TERMS] = {0}, binomial[SERIES_TERMS][SERIES_TERMS] = {{0}};
    for (int d = 0; d <= 8; d++) {
        long double power = 1.0L; /* d^p, with 0^0 = 1 */
        for (int p = 0; p < SERIES_TERMS; p++, power *= d)
            digit_power[p] += power;
    }
    for (int j = 0; j < SERIES_TERMS; j++) {
        binomial[j][0] = 1.0L;
        for (int i = 1; i <= j; i++)
            binomial[j][i] = binomial[j - 1][i - 1] + (i < j ? binomial[j - 1][i] : 0.0L);
    }
    memset(ps, 0, sizeof *ps);
    ps->u[0][0] = 1.0L;
    for (int m = 1; m <= MAX_DIGITS; m++) {
        long double tenth_power = 1.0L; /* 10^-j */
        for (int j = 0; j < SERIES_TERMS; j++, tenth_power /= 10.0L) {
            long double sum = 0.0L;
            for (int i = 0; i <= j; i++)
                sum += binomial[j][i] * digit_power[j - i] * ps->u[m - 1][i];
            ps->u[m][j] = sum * tenth_power;
        }
    }
}

/*
 * A block: the integers P 10^m + s for every 9-free m-digit suffix s. With
 * x = s / 10^m < 0.89,
 *     1 / (P 10^m + s) = 10^-m / (P + x) = 10^-m sum_j (-x)^j / P^(j+1),
 * so the block's sum is 10^-m sum_j (-1)^j u[m][j] / P^(j+1). Blocks with
 * P >= PREFIX_MIN = 100 have x / P < 0.0089, and SERIES_TERMS = 12 terms
 * leave a remainder below 1e-24; smaller prefixes are split by their next
 * digit, down to single numbers.
 */
enum { PREFIX_MIN = 100 };

static void add_block(const struct power_sums *ps, struct compensated *total, int64_t prefix,
                      int digits)
{
    if (digits == 0) {
        if (prefix > 0) /* 0 is no term */
            compensated_add(total, 1.0L / (long double)prefix);
        return;
    }
    if (prefix < PREFIX_MIN) {
        for (int d = 0; d <= 8; d++)
            add_block(ps, total, prefix * 10 + d, digits - 1);
        return;
    }
    long double series = 0.0L, inverse_power = 1.0L / (long double)prefix; /* 1/P^(j+1) */
    for (int j = 0; j < SERIES_TERMS; j++, inverse_power /= (long double)prefix)
        series += (j % 2 ? -1.0L : 1.0L) * ps->u[digits][j] * inverse_power;
    long double block_size = 1.0L; /* 10^m, exact in long double up to 10^27 */
    for (int m = 0; m < digits; m++)
        block_size *= 10.0L;
    compensated_add(total, series / block_size);
}

/* [0, n] is the union of the blocks "n's first i digits, then a smaller
 * digit d, then any ending of len-1-i digits", plus n itself: the same walk
 * as slow_series_count, summing each block's 9-free numbers instead of
 * counting them. */
long double slow_series_reference(int64_t n)
{
    struct power_sums ps;
    power_sums_init(&ps);
    int digit[MAX_DIGITS];
    int len = digits_of(n, digit);
    struct compensated total = {0.0L, 0.0L};
    int64_t prefix = 0;
    for (int i = 0; i < len; i++) {
        for (int d = 0; d < digit[i] && d <= 8; d++)
            add_block(&ps, &total, prefix * 10 + d, len - 1 - i);
        if (digit[i] == 9)
            return compensated_total(&total);
        prefix = prefix * 10 + digit[i];
    }
    add_block(&ps, &total, prefix, 0); /* n itself */
    return compensated_total(&total);
}
