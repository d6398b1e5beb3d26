/*
 * cos_series.c — the cos_series kernel: sizes, setup, reference, verify.
 */
#include "cos_series.h"

#include <complex.h>
#include <errno.h>
#include <math.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/accuracy.h"
#include "../common/digest.h"
#include "../common/memsize.h"
#include "../common/traps.h"

/* Indices of the parameters below. */
enum { PARAM_N, PARAM_CHUNK, PARAM_STEP };

static const struct pb_param params[] = {
    [PARAM_N] = {"n", "number of terms summed", PB_PARAM_INT, 1, 9007199254740992.0 /* 2^53 */,
                 NULL, {"1000000", "100000000", "2000000000", "20000000000"}},
    [PARAM_CHUNK] = {"chunk", "terms per task (the unit handed to a worker)", PB_PARAM_INT, 1,
                     1099511627776.0 /* 2^40 */, NULL, {"4096", "262144", "262144", "4194304"}},
    [PARAM_STEP] = {"step", "optimized only: the lesson's step, 1 = table and lane sums, "
                    "2 = + two terms per division (optimized.c)", PB_PARAM_INT, 1, COS_SERIES_STEPS,
                    NULL, {"2", "2", "2", "2"}},
};

static struct chunks chunks_for(const struct pb_values *values)
{
    return chunks_make(1, values->v[PARAM_N].i + 1, values->v[PARAM_CHUNK].i);
}

static uint64_t memory_needed(const struct pb_values *values)
{
    struct chunks chunks = chunks_for(values);
    uint64_t partials = memsize_mul((uint64_t)chunks.count, sizeof(struct partial));
    return memsize_add(memsize_add(sizeof(struct cos_series), partials),
                       ledger_bytes(chunks.count));
}

static void teardown(void *state)
{
    struct cos_series *cs = state;
    if (!cs)
        return;
    free(cs->partials);
    ledger_free(cs->ledger, cs->chunks.count);
    free(cs);
}

static void *setup(const struct pb_values *values, char *message)
{
    struct cos_series *cs = calloc(1, sizeof *cs);
    if (!cs) {
        snprintf(message, PB_MESSAGE_MAX, "cos_series: out of memory");
        return NULL;
    }
    cs->n = values->v[PARAM_N].i;
    cs->step = (int)values->v[PARAM_STEP].i;
    cs->chunks = chunks_for(values);
    /* Ordinary memory on purpose: the forkpool lesson is that a forked
     * worker cannot write here (memory_needed checked the size fits). */
    size_t bytes = (size_t)cs->chunks.count * sizeof(struct partial);
    cs->partials = aligned_alloc(alignof(struct partial), bytes);
    cs->ledger = ledger_alloc(cs->chunks.count);
    if (!cs->partials || !cs->ledger) {
        snprintf(message, PB_MESSAGE_MAX, "cos_series: no memory for %lld partials: %s",
                 (long long)cs->chunks.count, strerror(errno));
        teardown(cs);
        return NULL;
    }
    return cs;
}

static void prepare(void *state)
{
    struct cos_series *cs = state;
    cs->sum = NAN;
    partials_poison(cs->partials, cs->chunks.count);
    ledger_reset(cs->ledger, cs->chunks.count);
}

/* ---- The unit of work ------------------------------------------------------ */

double cos_series_chunk(struct cos_series *cs, const struct cos_table *table, int64_t chunk)
{
    int64_t begin, end;
    chunks_range(&cs->chunks, chunk, &begin, &end);
    ledger_count(cs->ledger, chunk);
    return cos_series_chunk_sum(table, begin, end);
}

void cos_series_sum_chunk(struct cos_series *cs, const struct cos_table *table, int64_t chunk)
{
    cs->partials[chunk].value = cos_series_chunk(cs, table, chunk);
}

/* ---- The reference ------------------------------------------------------ */

/* lim S(n) = -ln|1 - e^i| = -ln(2 sin(1/2)). */
static long double limit(void)
{
    return -logl(2.0L * sinl(0.5L));
}

long double cos_series_reference_direct(int64_t n)
{
    struct compensated total = {0.0L, 0.0L}; /* common/accuracy.h */
    for (int64_t i = 1; i <= n; i++)
        compensated_add(&total, cosl((long double)i) / (long double)i);
    return compensated_total(&total);
}

/*
 * The tail sum_{k>=N} z^k / k with z = e^i and N = n + 1, by repeated
 * summation by parts (z^k = (z^{k+1} - z^k) / (z - 1)):
 *
 *   sum_{k>=N} z^k f(k) = z^N / (1 - z) * sum_{m>=0} (z / (1 - z))^m D^m f(N)
 *
 * where D is the forward difference; for f(k) = 1/k,
 * D^m f(N) = (-1)^m m! / (N (N+1) ... (N+m)). |z / (1 - z)| = 1.04, so the
 * m-th term is about m! (1.04 / N)^m: an asymptotic series whose terms fall
 * below 1e-23 of the first within ten terms once N >= 1000.
 */
long double cos_series_reference_tail(int64_t n)
{
    const long double complex z = cosl(1.0L) + sinl(1.0L) * I;
    const long double complex ratio = z / (1.0L - z);
    const long double big_n = (long double)n + 1.0L;

    long double complex series = 0.0L;
    long double complex ratio_m = 1.0L; /* ratio^m */
    long double diff_m = 1.0L / big_n;  /* D^m f(N) */
    for (int m = 0; m < 40; m++) {
        long double complex term = ratio_m * diff_m;
        series += term;
        if (cabsl(term) < 1e-24L * cabsl(series))
            break;
        ratio_m *= ratio;
        diff_m *= -(long double)(m + 1) / (big_n + (long double)(m + 1));
    }
    long double complex z_n = cosl(big_n) + sinl(big_n) * I;
    return limit() - creall(z_n / (1.0L - z) * series);
}

/* Below this n the asymptotic tail is not accurate enough; sum directly. */
enum { TAIL_MIN_N = 1000 };

long double cos_series_reference(int64_t n)
{
    return n < TAIL_MIN_N ? cos_series_reference_direct(n) : cos_series_reference_tail(n);
}

/*
 * A plain running sum of n terms (the naive variant) rounds once per term,
 * each time by up to half an ulp of a partial sum near 0.042; those errors
 * add up like a random walk, about 2e-18 * sqrt(n) in absolute terms: 5e-13
 * relative at n = 1e8. We accept 1e-12 up to n = 1e8 and let the bound grow
 * like sqrt(n) beyond. Every real mistake (a wrong term, a lost chunk, a
 * chunk counted twice) is many orders of magnitude larger.
 */
double cos_series_tolerance(int64_t n)
{
    return accuracy_sum_tolerance(1e-12, n);
}

/*
 * Why a wrong answer is wrong, when the partials can tell: all written, but
 * the answer is not their sum in chunk order. "" when they cannot tell.
 */
static const char *explain(const struct cos_series *cs)
{
    if (ledger_poisoned(cs->partials, cs->chunks.count) != 0)
        return "";
    double ordered = partials_sum(cs->partials, cs->chunks.count);
    uint64_t ordered_bits, sum_bits; /* the same bits, not just equal values */
    memcpy(&ordered_bits, &ordered, sizeof ordered);
    memcpy(&sum_bits, &cs->sum, sizeof cs->sum);
    if (ordered_bits == sum_bits)
        return "";
    /* Off by more than the tolerance: a reduction clause stays within it,
     * so here the likely cause is additions lost in a race. */
    return "; not the partials added in chunk order: a race on a shared sum? make test "
           "SAN=thread KERNEL=cos_series shows where";
}

static void verify(const void *state, struct pb_verdict *verdict)
{
    const struct cos_series *cs = state;
    long double reference = cos_series_reference(cs->n);
    /* Early partial sums pass close to 0 (S(3) = 0.0022); measuring the error
     * against the limit's size keeps a tiny S(n) from inflating it. */
    long double scale = fmaxl(fabsl(reference), limit());
    char mistake[PB_MESSAGE_MAX];

    verdict->value = cs->sum;
    verdict->reference = (double)reference;
    verdict->rel_error = (double)(fabsl((long double)cs->sum - reference) / scale);
    bool sum_ok = verdict->rel_error <= cos_series_tolerance(cs->n); /* false for NaN */
    /* The harness may have made several runs since prepare(): every chunk
     * must have been computed equally often (ledger.h). */
    bool chunks_ok = ledger_check(cs->ledger, cs->chunks.count, 0, 0, mistake, sizeof mistake);
    verdict->ok = sum_ok && chunks_ok;
    if (!chunks_ok)
        snprintf(verdict->message, PB_MESSAGE_MAX, "S(%lld) = %.6g, reference %.6Lg: %.190s",
                 (long long)cs->n, cs->sum, reference, mistake);
    else if (!sum_ok)
        snprintf(verdict->message, PB_MESSAGE_MAX,
                 "S(%lld) = %.17g but the reference is %.17Lg (relative error %.2g > %.2g)%s",
                 (long long)cs->n, cs->sum, reference, verdict->rel_error,
                 cos_series_tolerance(cs->n), explain(cs));
}

static uint64_t digest(const void *state)
{
    const struct cos_series *cs = state;
    return digest_bytes(DIGEST_INIT, &cs->sum, sizeof cs->sum);
}

/* ---- The descriptor ------------------------------------------------------ */

/* The adapters and the table of the six variants (kernel.h). */
/* forkpool makes its workers in every run (solutions/cos_series/forkpool.c). */
PB_SIX_VARIANTS(cos_series, struct cos_series, true)

const struct pb_kernel cos_series_kernel = {
    .name = "cos_series",
    .description = "sum_{i=1..n} cos(i)/i, which tends to -ln(2 sin 1/2) = 0.0420195...",
    .lesson = "optimize the serial code first: a trig identity beats more cores",
    .params = params,
    .nparams = ARRAY_SIZE(params),
    .memory_needed = memory_needed,
    .setup = setup,
    .teardown = teardown,
    .prepare = prepare,
    .verify = verify,
    .digest = digest,
    .variants = cos_series_variants,
    .nvariants = ARRAY_SIZE(cos_series_variants),
    .weak_scaling_param = "n",
    .naive_work = "n=30000000",
};
