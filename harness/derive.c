/* derive.c — the reported figures of a kernel's rows (see derive.h). */
#include "derive.h"

#include <math.h>
#include <string.h>

#include "flags.h"

static bool is_optimized(const struct cell_row *row)
{
    return strcmp(row->variant->name, "optimized") == 0;
}

static bool ok(const struct cell_row *row)
{
    return row->status == CELL_OK && row->time.count > 0;
}

static bool weak(const struct cell_row *row)
{
    return strcmp(row->scaling, "weak") == 0;
}

static bool same_work(const struct cell_row *a, const struct cell_row *b)
{
    return strcmp(a->size, b->size) == 0;
}

const struct cell_row *derive_baseline(const struct cell_row *rows, size_t nrows,
                                       const struct cell_row *row)
{
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].kernel == row->kernel && is_optimized(&rows[i]) && same_work(&rows[i], row) &&
            ok(&rows[i]))
            return &rows[i];
    return NULL;
}

/* The same variant on 1 worker, on the same work. */
static const struct cell_row *own_one(const struct cell_row *rows, size_t nrows,
                                      const struct cell_row *row)
{
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].kernel == row->kernel && rows[i].variant == row->variant &&
            rows[i].workers == 1 && same_work(&rows[i], row) && ok(&rows[i]))
            return &rows[i];
    return NULL;
}

static bool same_series(const struct cell_row *a, const struct cell_row *b)
{
    return a->kernel == b->kernel && a->variant == b->variant && same_work(a, b);
}

/* Times, clocks and the paired speedups of one row. */
static void derive_row(struct cell_row *row, const struct cell_row *rows, size_t nrows,
                       const struct derive_context *context)
{
    stats_compute(row->round_ghz, MAX_ROUNDS, &row->ghz);
    stats_compute(NULL, 0, &row->speedup);
    stats_compute(NULL, 0, &row->self);
    stats_compute(NULL, 0, &row->karp_flatt);
    row->gbytes_per_s = row->bandwidth_fraction = NAN;
    if (!ok(row))
        return;
    double ratio[MAX_ROUNDS];
    /* Under weak scaling the problem grows with N: a time ratio against the
     * 1-worker problem is not a speedup; only the scaled speedup is. */
    const struct cell_row *base = derive_baseline(rows, nrows, row);
    if (base && (!weak(row) || row->workers == 1)) {
        stats_paired_ratios(base->round_s, row->round_s, MAX_ROUNDS, ratio);
        stats_compute(ratio, MAX_ROUNDS, &row->speedup);
    }
    const struct cell_row *one = own_one(rows, nrows, row);
    if (row->variant->parallel && one) {
        stats_paired_ratios(one->round_s, row->round_s, MAX_ROUNDS, ratio);
        for (int r = 0; r < MAX_ROUNDS; r++)
            ratio[r] *= weak(row) ? row->workers : 1;
        stats_compute(ratio, MAX_ROUNDS, &row->self);
        if (!weak(row) && row->workers > 1) {
            for (int r = 0; r < MAX_ROUNDS; r++)
                ratio[r] = analysis_karp_flatt(ratio[r], row->workers);
            stats_compute(ratio, MAX_ROUNDS, &row->karp_flatt);
        }
    }
    if (isfinite(row->bytes_moved) && row->time.median > 0) {
        row->gbytes_per_s = row->bytes_moved / row->time.median / 1e9;
        double reference = context->bandwidth(context->owner, row->workers,
                                              row->variant->parallel);
        if (reference > 0)
            row->bandwidth_fraction = row->gbytes_per_s / reference;
    }
}

/* One fit per round over the series' worker counts, then their median. */
static void derive_fit(struct cell_row *first, struct cell_row *rows, size_t nrows)
{
    struct fit_interval fit = {.law = weak(first) ? "gustafson" : "amdahl"};
    double f[MAX_ROUNDS];
    int workers[64];
    double speedup[64];
    for (int r = 0; r < MAX_ROUNDS; r++) {
        int count = 0;
        for (size_t i = 0; i < nrows && count < 64; i++)
            if (same_series(&rows[i], first) && ok(&rows[i])) {
                const struct cell_row *one = own_one(rows, nrows, &rows[i]);
                double scale = weak(first) ? rows[i].workers : 1;
                workers[count] = rows[i].workers;
                speedup[count++] = one ? one->round_s[r] / rows[i].round_s[r] * scale : NAN;
            }
        struct law_fit round_fit;
        if (weak(first))
            analysis_fit_gustafson(workers, speedup, count, &round_fit);
        else
            analysis_fit_amdahl(workers, speedup, count, &round_fit);
        f[r] = round_fit.informative > 0 ? round_fit.f : NAN;
    }
    stats_compute(f, MAX_ROUNDS, &fit.f);
    for (size_t i = 0; i < nrows; i++)
        fit.points += same_series(&rows[i], first) && ok(&rows[i]);
    if (fit.f.count == 0)
        fit.law = "";
    fit.resolved = fit.f.count > 0 && isfinite(fit.f.lo) && fit.f.lo > 0 && fit.points >= 3;
    fit.ceiling = fit.ceiling_lo = fit.ceiling_hi = NAN;
    if (fit.resolved && !weak(first)) {
        fit.ceiling = 1.0 / fit.f.median;
        fit.ceiling_lo = 1.0 / fit.f.hi;
        fit.ceiling_hi = 1.0 / fit.f.lo;
    }
    for (size_t i = 0; i < nrows; i++)
        if (same_series(&rows[i], first))
            rows[i].fit = fit;
}

void derive_kernel(struct cell_row *rows, size_t nrows, const struct derive_context *context)
{
    /* Every row's times first: finding a baseline asks whether it has any. */
    for (size_t i = 0; i < nrows; i++)
        stats_compute(rows[i].round_s, MAX_ROUNDS, &rows[i].time);
    for (size_t i = 0; i < nrows; i++)
        derive_row(&rows[i], rows, nrows, context);
    for (size_t i = 0; i < nrows; i++) {
        rows[i].fit = (struct fit_interval){.law = ""};
        stats_compute(NULL, 0, &rows[i].fit.f);
        rows[i].fit.ceiling = rows[i].fit.ceiling_lo = rows[i].fit.ceiling_hi = NAN;
    }
    for (size_t i = 0; i < nrows; i++) {
        bool first = rows[i].variant->parallel;
        for (size_t j = 0; j < i && first; j++)
            first = !same_series(&rows[i], &rows[j]);
        if (first)
            derive_fit(&rows[i], rows, nrows);
    }
    for (size_t i = 0; i < nrows; i++) {
        const struct cell_row *base = derive_baseline(rows, nrows, &rows[i]);
        struct flags_context flags = {
            .baseline = base,
            .busy = context->busy,
            .busy_reason = context->busy_reason,
            .memory_bound_fraction = base ? base->bandwidth_fraction : NAN,
        };
        flags_decide(&rows[i], &flags);
    }
}
