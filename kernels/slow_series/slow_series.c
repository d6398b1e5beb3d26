/*
 * slow_series.c — the slow_series kernel: sizes, setup, reference, verify.
 */
#include "slow_series.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/digest.h"
#include "../common/memsize.h"
#include "../common/traps.h"

/* Indices of the parameters below. */
enum { PARAM_N, PARAM_CHUNK, PARAM_SCHEDULE };

static const char *const schedules[] = {[SLOW_SERIES_DYNAMIC] = "dynamic",
                                        [SLOW_SERIES_STATIC] = "static", NULL};

/* Chunks are multiples of 10^SUFFIX_DIGITS where the size allows, so every
 * chunk is made of whole blocks of the optimized algorithm; about 1000 of
 * them keep many workers busy to the end under dynamic scheduling. */
static const struct pb_param params[] = {
    [PARAM_N] = {"n", "sum over the 9-free k in [1, n]", PB_PARAM_INT, 1,
                 9007199254740992.0 /* 2^53: every k is exact as a double */, NULL,
                 {"100000", "10000000", "100000000", "10000000000"}},
    [PARAM_CHUNK] = {"chunk", "indices per task (the unit handed to a worker)", PB_PARAM_INT, 1,
                     1099511627776.0 /* 2^40 */, NULL, {"1000", "10000", "100000", "10000000"}},
    [PARAM_SCHEDULE] = {"schedule", "parallel variants: chunks on demand, or equal ranges fixed "
                        "in advance", PB_PARAM_CHOICE, 0, 0, schedules,
                        {"dynamic", "dynamic", "dynamic", "dynamic"}},
};

static struct chunks chunks_for(const struct pb_values *values)
{
    return chunks_make(0, values->v[PARAM_N].i + 1, values->v[PARAM_CHUNK].i);
}

static uint64_t memory_needed(const struct pb_values *values)
{
    struct chunks chunks = chunks_for(values);
    uint64_t one_array = memsize_mul((uint64_t)chunks.count, sizeof(struct partial));
    return memsize_add(sizeof(struct slow_series), memsize_mul(2, one_array));
}

static void teardown(void *state)
{
    struct slow_series *ss = state;
    if (!ss)
        return;
    partials_free(ss->sums, ss->chunks.count);
    partials_free(ss->counts, ss->chunks.count);
    free(ss);
}

static void *setup(const struct pb_values *values, char *message)
{
    struct slow_series *ss = calloc(1, sizeof *ss);
    if (!ss) {
        snprintf(message, PB_MESSAGE_MAX, "slow_series: out of memory");
        return NULL;
    }
    ss->n = values->v[PARAM_N].i;
    ss->schedule = (enum slow_series_schedule)values->v[PARAM_SCHEDULE].i;
    ss->chunks = chunks_for(values);
    ss->sums = partials_alloc(ss->chunks.count);
    ss->counts = partials_alloc(ss->chunks.count);
    if (!ss->sums || !ss->counts) {
        snprintf(message, PB_MESSAGE_MAX, "slow_series: cannot map 2 x %lld partials: %s",
                 (long long)ss->chunks.count, strerror(errno));
        teardown(ss);
        return NULL;
    }
    ss->reference = slow_series_reference(ss->n);
    ss->reference_terms = slow_series_count(ss->n);
    return ss;
}

static void prepare(void *state)
{
    struct slow_series *ss = state;
    ss->sum = NAN;
    ss->terms = -1;
    partials_poison(ss->sums, ss->chunks.count);
    partials_poison(ss->counts, ss->chunks.count);
}

/* ---- The reference ------------------------------------------------------ */

/* Decimal digits of an int64_t, and terms kept in the block series below. */
enum { MAX_DIGITS = 19, SERIES_TERMS = 12 };

/* Neumaier's variant of Kahan summation: `lost` collects the low-order bits
 * that each addition rounds away. */
struct compensated {
    long double sum, lost;
};

static void compensated_add(struct compensated *c, long double term)
{
    long double t = c->sum + term;
    if (fabsl(c->sum) >= fabsl(term))
        c->lost += (c->sum - t) + term;
    else
        c->lost += (term - t) + c->sum;
    c->sum = t;
}

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
    return total.sum + total.lost;
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
    memset(ps->u[0], 0, sizeof ps->u[0]);
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
 * digit d, then any i' = len-1-i digits", plus n itself: the same walk as
 * slow_series_count, summing each block instead of counting it. */
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
            return total.sum + total.lost;
        prefix = prefix * 10 + digit[i];
    }
    add_block(&ps, &total, prefix, 0); /* n itself */
    return total.sum + total.lost;
}

/*
 * The naive variant adds ~4e7 terms one by one into a sum near 13; each
 * addition rounds by up to half an ulp (1e-15), and those errors add up
 * like a random walk: 3e-13 relative measured at n = 1e8. We accept 1e-12
 * up to n = 1e8 and let the bound grow like sqrt(n) beyond. The smallest
 * real mistake, one term 1/k missed or counted twice, changes S(1e8) by
 * 8e-10 relative, and the count of terms is checked exactly besides.
 */
double slow_series_tolerance(int64_t n)
{
    const double tolerance_at_1e8 = 1e-12;
    return tolerance_at_1e8 * fmax(1.0, sqrt((double)n / 1e8));
}

static void verify(const void *state, struct pb_verdict *verdict)
{
    const struct slow_series *ss = state;
    double tolerance = slow_series_tolerance(ss->n);
    verdict->value = ss->sum;
    verdict->reference = (double)ss->reference;
    verdict->rel_error = (double)(fabsl((long double)ss->sum - ss->reference) / ss->reference);
    bool sum_ok = verdict->rel_error <= tolerance; /* false for NaN */
    bool terms_ok = ss->terms == ss->reference_terms;
    verdict->ok = sum_ok && terms_ok;
    if (!sum_ok)
        snprintf(verdict->message, PB_MESSAGE_MAX,
                 "S(%lld) = %.17g but the reference is %.17Lg (relative error %.2g > %.2g)",
                 (long long)ss->n, ss->sum, ss->reference, verdict->rel_error, tolerance);
    else if (!terms_ok)
        snprintf(verdict->message, PB_MESSAGE_MAX,
                 "%lld terms were added but [1, %lld] holds %lld 9-free integers",
                 (long long)ss->terms, (long long)ss->n, (long long)ss->reference_terms);
}

static uint64_t digest(const void *state)
{
    const struct slow_series *ss = state;
    uint64_t d = digest_bytes(DIGEST_INIT, &ss->sum, sizeof ss->sum);
    return digest_bytes(d, &ss->terms, sizeof ss->terms);
}

/* ---- The descriptor ------------------------------------------------------ */

/* Adapters from the harness's void * state to the variants' real types. */
static enum pb_status run_naive(void *s, struct pb_run *r) { return slow_series_naive(s, r); }
static enum pb_status run_optimized(void *s, struct pb_run *r) { return slow_series_optimized(s, r); }
static enum pb_status run_forkpool(void *s, struct pb_run *r) { return slow_series_forkpool(s, r); }
static enum pb_status run_pthreads(void *s, struct pb_run *r) { return slow_series_pthreads(s, r); }
static enum pb_status run_openmp(void *s, struct pb_run *r) { return slow_series_openmp(s, r); }

static const struct pb_variant variants[] = {
    {"naive", false, run_naive},
    {"optimized", false, run_optimized},
    {"forkpool", true, run_forkpool},
    {"pthreads", true, run_pthreads},
    {"openmp", true, run_openmp},
};

const struct pb_kernel slow_series_kernel = {
    .name = "slow_series",
    .description = "sum of 1/k over the k in [1, n] with no digit 9 (tends to 22.9206766...)",
    .lesson = "equal index ranges are unequal work: static vs dynamic scheduling",
    .params = params,
    .nparams = ARRAY_SIZE(params),
    .memory_needed = memory_needed,
    .setup = setup,
    .teardown = teardown,
    .prepare = prepare,
    .verify = verify,
    .digest = digest,
    .variants = variants,
    .nvariants = ARRAY_SIZE(variants),
};
