/*
 * slow_series.c — the slow_series kernel: sizes, setup, verify. The
 * reference it verifies against is computed in reference.c.
 */
#include "slow_series.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/accuracy.h"
#include "../common/digest.h"
#include "../common/memsize.h"
#include "../common/traps.h"

/* Indices of the parameters below. */
enum { PARAM_N, PARAM_CHUNK, PARAM_SCHEDULE, PARAM_STEP };

static const char *const schedules[] = {[SLOW_SERIES_DYNAMIC] = "dynamic",
                                        [SLOW_SERIES_STATIC] = "static", NULL};

/* Chunks are multiples of 10^SUFFIX_DIGITS where the size allows, so every
 * chunk is made of whole blocks of the optimized algorithm; about 1000 of
 * them keep many workers busy to the end under dynamic scheduling. */
static const struct pb_param params[] = {
    [PARAM_N] = {"n", "sum over the 9-free k in [1, n]", PB_PARAM_INT, 1,
                 9007199254740992.0 /* 2^53: every k is exact as a double */, NULL,
                 {"100000", "100000000", "10000000000", "100000000000"}},
    [PARAM_CHUNK] = {"chunk", "indices per task (the unit handed to a worker)", PB_PARAM_INT, 1,
                     1099511627776.0 /* 2^40 */, NULL, {"1000", "100000", "10000000", "100000000"}},
    [PARAM_SCHEDULE] = {"schedule", "parallel variants: chunks on demand, or equal ranges fixed "
                        "in advance", PB_PARAM_CHOICE, 0, 0, schedules,
                        {"dynamic", "dynamic", "dynamic", "dynamic"}},
    [PARAM_STEP] = {"step", "optimized only: the lesson's step, 1 = digit test, 2 = counter, "
                    "3 = blocks, 4 = four terms per division (optimized.c)", PB_PARAM_INT, 1,
                    SLOW_SERIES_STEPS, NULL, {"4", "4", "4", "4"}},
};

static struct chunks chunks_for(const struct pb_values *values)
{
    return chunks_make(0, values->v[PARAM_N].i + 1, values->v[PARAM_CHUNK].i);
}

static uint64_t memory_needed(const struct pb_values *values)
{
    struct chunks chunks = chunks_for(values);
    uint64_t one_array = memsize_mul((uint64_t)chunks.count, sizeof(struct partial));
    return memsize_add(memsize_add(sizeof(struct slow_series), memsize_mul(2, one_array)),
                       ledger_bytes(chunks.count));
}

static void teardown(void *state)
{
    struct slow_series *ss = state;
    if (!ss)
        return;
    partials_free(ss->sums, ss->chunks.count);
    partials_free(ss->counts, ss->chunks.count);
    ledger_free(ss->ledger, ss->chunks.count);
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
    ss->step = (int)values->v[PARAM_STEP].i;
    ss->chunks = chunks_for(values);
    ss->sums = partials_alloc(ss->chunks.count);
    ss->counts = partials_alloc(ss->chunks.count);
    ss->ledger = ledger_alloc(ss->chunks.count);
    if (!ss->sums || !ss->counts || !ss->ledger) {
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
    ledger_reset(ss->ledger, ss->chunks.count);
}

void slow_series_sum_chunk(struct slow_series *ss, const struct slow_series_table *table,
                           int64_t chunk)
{
    int64_t begin, end, terms = 0;
    chunks_range(&ss->chunks, chunk, &begin, &end);
    ledger_count(ss->ledger, chunk);
    ss->sums[chunk].value = slow_series_chunk_sum(table, begin, end, &terms);
    ss->counts[chunk].value = (double)terms;
}

/* ---- Verify -------------------------------------------------------------- */

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
    return accuracy_sum_tolerance(1e-12, n);
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
    /* The harness may have made several runs since prepare(): every chunk
     * must have been computed equally often (common/ledger.h). */
    char mistake[PB_MESSAGE_MAX];
    bool chunks_ok = ledger_check(ss->ledger, ss->chunks.count, 0, 0, mistake, sizeof mistake);
    verdict->ok = sum_ok && terms_ok && chunks_ok;
    if (!chunks_ok)
        snprintf(verdict->message, PB_MESSAGE_MAX, "S(%lld) = %.6g, reference %.6Lg: %.190s",
                 (long long)ss->n, ss->sum, ss->reference, mistake);
    else if (!sum_ok)
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

/* The adapters and the table of the six variants (kernel.h). */
PB_SIX_VARIANTS(slow_series, struct slow_series, false)

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
    .variants = slow_series_variants,
    .nvariants = ARRAY_SIZE(slow_series_variants),
    /* Roughly: the terms grow like n^0.954, not like n (see the lesson). */
    .weak_scaling_param = "n",
    .naive_work = "n=10000000",
};
