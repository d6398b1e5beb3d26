/* flags.c — deciding and explaining the flags (see flags.h). */
#include "flags.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    unsigned bit;
    const char *name;
    const char *explanation;
} flag_table[FLAG_COUNT] = {
    {FLAG_NOISY, "NOISY",
     "NOISY: the 95% interval of the time or the speedup is wider than +-5% (or there were too "
     "few rounds for one), or the times varied by 10% or more; treat the figure as rough."},
    {FLAG_SUPERLINEAR, "SUPERLINEAR",
     "SUPERLINEAR: N workers were more than N times faster than one; usually N cores' caches "
     "holding what one core's could not, or noise when the interval includes N."},
    {FLAG_SHORT, "SHORT",
     "SHORT: a sample lasted under 10 ms, so timer resolution and the machine's jitter weigh "
     "heavily; use a larger size (--size, --set)."},
    {FLAG_SLOWER, "SLOWER",
     "SLOWER: the parallel variant was slower than the optimized serial code; the notes say "
     "why when the cause is start-up, too little work or memory bandwidth."},
    {FLAG_BUSY, "BUSY",
     "BUSY: other programs were using the CPUs while this kernel was measured; every figure "
     "may be off. Close them and run again."},
    {FLAG_CLOCK, "CLOCK",
     "CLOCK: with N workers the cores ran more than 5% slower per cycle than the serial "
     "baseline did (turbo, heat, a busy host): lost speedup can be lost GHz, not the code."},
};

const char *flags_name(unsigned flag)
{
    for (int i = 0; i < FLAG_COUNT; i++)
        if (flag_table[i].bit == flag)
            return flag_table[i].name;
    return "?";
}

const char *flags_explain(unsigned flag)
{
    for (int i = 0; i < FLAG_COUNT; i++)
        if (flag_table[i].bit == flag)
            return flag_table[i].explanation;
    return "";
}

void flags_format(unsigned flags, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < FLAG_COUNT && used < size; i++)
        if (flags & flag_table[i].bit)
            used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? " " : "",
                                     flag_table[i].name);
}

/* Appends "; "-separated words to row->notes. */
static void note(struct cell_row *row, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void note(struct cell_row *row, const char *format, ...)
{
    size_t used = strlen(row->notes);
    if (used > 0 && used + 2 < sizeof row->notes) {
        memcpy(row->notes + used, "; ", 3);
        used += 2;
    }
    va_list args;
    va_start(args, format);
    vsnprintf(row->notes + used, sizeof row->notes - used, format, args);
    va_end(args);
}

static bool noisy(const struct cell_row *row)
{
    const double tolerance = FLAGS_INTERVAL_TOLERANCE;
    if (!stats_within(&row->time, tolerance) || row->time.cv >= FLAGS_NOISY_CV)
        return true;
    return row->variant->parallel && row->speedup.count > 0 &&
           !stats_within(&row->speedup, tolerance);
}

static void decide_superlinear(struct cell_row *row)
{
    if (!row->variant->parallel || row->workers < 2)
        return;
    const struct sample_stats *s = row->speedup.count > 0 ? &row->speedup : &row->self;
    if (!(s->median > row->workers))
        return;
    row->flags |= FLAG_SUPERLINEAR;
    if (isfinite(s->lo) && s->lo <= row->workers)
        note(row, "superlinear within noise (the interval includes %d)", row->workers);
    else
        note(row, "superlinear: %.2fx on %d workers", s->median, row->workers);
}

/* Slower than the serial code: the whole interval below 1 (without an
 * interval, the median). */
static bool slower(const struct sample_stats *speedup)
{
    return isfinite(speedup->hi) ? speedup->hi < 1.0 : speedup->median < 1.0;
}

/* Why a parallel variant is slower than the serial code, in plain words. */
static void decide_slower(struct cell_row *row, const struct flags_context *context)
{
    if (!row->variant->parallel || !slower(&row->speedup))
        return;
    row->flags |= FLAG_SLOWER;
    const double per_call = row->time.median;
    const struct cell_row *base = context->baseline;
    if (isfinite(row->startup_s) && row->variant->workers_per_run && row->startup_s > 0.1 * per_call)
        note(row, "slower: making the workers in every call costs %.3g ms of a %.3g ms call; "
             "give each call more work", row->startup_s * 1e3, per_call * 1e3);
    else if (base && base->time.median < 1e-3 * row->workers)
        note(row, "slower: too little work (%.3g ms serial) to share among %d workers",
             base->time.median * 1e3, row->workers);
    else if (row->workers == 1)
        note(row, "slower: the parallel version's own costs (handing out the work, "
             "synchronizing) with nothing to share them among");
    else if (isfinite(context->memory_bound_fraction) && context->memory_bound_fraction > 0.7)
        note(row, "slower: memory bandwidth; the serial code already moves %.0f%% of what the "
             "machine's memory delivers", 100.0 * context->memory_bound_fraction);
    else
        note(row, "slower: parallel overhead (hand-off, synchronization, contention)");
}

static void decide_clock(struct cell_row *row, const struct flags_context *context)
{
    const struct cell_row *base = context->baseline;
    if (!row->variant->parallel || row->workers < 2 || !base || base == row)
        return;
    double drop = 1.0 - row->ghz.median / base->ghz.median;
    if (isfinite(drop) && drop > FLAGS_CLOCK_DROP) {
        row->flags |= FLAG_CLOCK;
        note(row, "cores at %.2f GHz with %d workers against %.2f GHz serial", row->ghz.median,
             row->workers, base->ghz.median);
    }
}

void flags_decide(struct cell_row *row, const struct flags_context *context)
{
    row->flags = 0;
    row->notes[0] = '\0';
    if (row->status != CELL_OK || row->time.count == 0)
        return;
    if (noisy(row))
        row->flags |= FLAG_NOISY;
    decide_superlinear(row);
    if (row->calls_per_sample * row->time.median < FLAGS_SHORT_SAMPLE_S)
        row->flags |= FLAG_SHORT;
    decide_slower(row, context);
    if (context->busy) {
        row->flags |= FLAG_BUSY;
        note(row, "busy: %s", context->busy_reason ? context->busy_reason : "other load");
    }
    decide_clock(row, context);
}
