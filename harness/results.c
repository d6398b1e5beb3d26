/* results.c — the output formats of the cell rows (see results.h). */
#include "results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flags.h"
#include "json.h"

void results_row_init(struct cell_row *row)
{
    memset(row, 0, sizeof *row);
    row->status = CELL_OK;
    row->setup_s = row->startup_s = row->bytes_moved = NAN;
    row->value = row->reference = row->rel_error = NAN;
    row->gbytes_per_s = row->bandwidth_fraction = NAN;
    for (int r = 0; r < MAX_ROUNDS; r++)
        row->round_s[r] = row->round_ghz[r] = NAN;
    stats_compute(NULL, 0, &row->time);
    row->speedup = row->self = row->karp_flatt = row->ghz = row->time;
    row->fit = (struct fit_interval){.law = "", .f = row->time, .ceiling = NAN,
                                     .ceiling_lo = NAN, .ceiling_hi = NAN};
}

int results_rounds(const struct cell_row *row)
{
    int rounds = 0;
    for (int r = 0; r < MAX_ROUNDS; r++)
        rounds += isfinite(row->round_s[r]);
    return rounds;
}

/* ---- The columns ----------------------------------------------------------------- */

/* A column: its name, how many significant digits, and how to get it. Text
 * columns have `text`, numeric ones `number` (NAN = empty). */
struct column {
    const char *name;
    int digits;
    double (*number)(const struct cell_row *row);
    const char *(*text)(const struct cell_row *row);
};

static bool timed(const struct cell_row *r)
{
    return r->status == CELL_OK && r->time.count > 0;
}

static bool has_fit(const struct cell_row *r)
{
    return r->variant->parallel && r->fit.f.count > 0;
}

/* Getters, one line each. */
static const char *kernel_of(const struct cell_row *r) { return r->kernel->name; }
static const char *variant_of(const struct cell_row *r) { return r->variant->name; }
static const char *size_of(const struct cell_row *r) { return r->size; }
static const char *scaling_of(const struct cell_row *r) { return r->scaling; }
static const char *params_of(const struct cell_row *r) { return r->params; }
static const char *parallel_of(const struct cell_row *r) { return r->variant->parallel ? "yes" : "no"; }
static const char *status_of(const struct cell_row *r) { return cell_status_name(r->status); }
static const char *message_of(const struct cell_row *r) { return r->status == CELL_OK ? r->notes : r->message; }
static const char *law_of(const struct cell_row *r) { return has_fit(r) ? r->fit.law : ""; }
static const char *clock_source_of(const struct cell_row *r) { return r->clock_source; }
static const char *resolved_of(const struct cell_row *r) { return !has_fit(r) ? "" : r->fit.resolved ? "yes" : "no"; }
static const char *flags_of(const struct cell_row *r)
{
    static char buf[128];
    flags_format(r->flags, buf, sizeof buf);
    return buf;
}
static double workers_of(const struct cell_row *r) { return r->workers; }
static double actual_of(const struct cell_row *r) { return r->workers_actual; }
static double rounds_of(const struct cell_row *r) { return (double)r->time.count; }
static double calls_of(const struct cell_row *r) { return r->calls_per_sample > 0 ? (double)r->calls_per_sample : NAN; }
static double startup_of(const struct cell_row *r) { return r->startup_s; }
static double end_to_end_of(const struct cell_row *r) { return timed(r) ? (isfinite(r->startup_s) ? r->startup_s : 0) + r->time.median : NAN; }
static double min_of(const struct cell_row *r) { return timed(r) ? r->time.min : NAN; }
static double median_of(const struct cell_row *r) { return timed(r) ? r->time.median : NAN; }
static double median_lo_of(const struct cell_row *r) { return timed(r) ? r->time.lo : NAN; }
static double median_hi_of(const struct cell_row *r) { return timed(r) ? r->time.hi : NAN; }
static double mean_of(const struct cell_row *r) { return timed(r) ? r->time.mean : NAN; }
static double max_of(const struct cell_row *r) { return timed(r) ? r->time.max : NAN; }
static double stddev_of(const struct cell_row *r) { return timed(r) ? r->time.stddev : NAN; }
static double cv_of(const struct cell_row *r) { return timed(r) ? r->time.cv : NAN; }
static double s_opt_of(const struct cell_row *r) { return r->speedup.median; }
static double s_lo_of(const struct cell_row *r) { return r->speedup.lo; }
static double s_hi_of(const struct cell_row *r) { return r->speedup.hi; }
static double s_self_of(const struct cell_row *r) { return r->self.median; }
static double s_self_lo_of(const struct cell_row *r) { return r->self.lo; }
static double s_self_hi_of(const struct cell_row *r) { return r->self.hi; }
static double efficiency_of(const struct cell_row *r) { return r->speedup.median / r->workers; }
static double efficiency_lo_of(const struct cell_row *r) { return r->speedup.lo / r->workers; }
static double efficiency_hi_of(const struct cell_row *r) { return r->speedup.hi / r->workers; }
static double karp_flatt_of(const struct cell_row *r) { return r->karp_flatt.median; }
static double karp_flatt_lo_of(const struct cell_row *r) { return r->karp_flatt.lo; }
static double karp_flatt_hi_of(const struct cell_row *r) { return r->karp_flatt.hi; }
static double f_of(const struct cell_row *r) { return has_fit(r) ? r->fit.f.median : NAN; }
static double f_lo_of(const struct cell_row *r) { return has_fit(r) ? r->fit.f.lo : NAN; }
static double f_hi_of(const struct cell_row *r) { return has_fit(r) ? r->fit.f.hi : NAN; }
static double ceiling_of(const struct cell_row *r) { return has_fit(r) ? r->fit.ceiling : NAN; }
static double ceiling_lo_of(const struct cell_row *r) { return has_fit(r) ? r->fit.ceiling_lo : NAN; }
static double ceiling_hi_of(const struct cell_row *r) { return has_fit(r) ? r->fit.ceiling_hi : NAN; }
static double points_of(const struct cell_row *r) { return has_fit(r) ? (double)r->fit.points : NAN; }
static double gbps_of(const struct cell_row *r) { return r->gbytes_per_s; }
static double fraction_of(const struct cell_row *r) { return r->bandwidth_fraction; }
static double ghz_of(const struct cell_row *r) { return r->ghz.median; }
static double value_of(const struct cell_row *r) { return r->value; }
static double reference_of(const struct cell_row *r) { return r->reference; }
static double error_of(const struct cell_row *r) { return r->rel_error; }

static const struct column columns[] = {
    {"kernel", 0, NULL, kernel_of},
    {"variant", 0, NULL, variant_of},
    {"parallel", 0, NULL, parallel_of},
    {"size", 0, NULL, size_of},
    {"scaling", 0, NULL, scaling_of},
    {"params", 0, NULL, params_of},
    {"workers", 10, workers_of, NULL},
    {"workers_actual", 10, actual_of, NULL},
    {"rounds", 10, rounds_of, NULL},
    {"calls_per_sample", 10, calls_of, NULL},
    {"startup_s", 4, startup_of, NULL},
    {"end_to_end_s", 6, end_to_end_of, NULL},
    {"min_s", 6, min_of, NULL},
    {"median_s", 6, median_of, NULL},
    {"median_lo", 6, median_lo_of, NULL},
    {"median_hi", 6, median_hi_of, NULL},
    {"mean_s", 6, mean_of, NULL},
    {"max_s", 6, max_of, NULL},
    {"stddev_s", 3, stddev_of, NULL},
    {"cv", 4, cv_of, NULL},
    {"speedup_vs_optimized", 5, s_opt_of, NULL},
    {"speedup_lo", 5, s_lo_of, NULL},
    {"speedup_hi", 5, s_hi_of, NULL},
    {"speedup_vs_self", 5, s_self_of, NULL},
    {"speedup_vs_self_lo", 5, s_self_lo_of, NULL},
    {"speedup_vs_self_hi", 5, s_self_hi_of, NULL},
    {"efficiency", 4, efficiency_of, NULL},
    {"efficiency_lo", 4, efficiency_lo_of, NULL},
    {"efficiency_hi", 4, efficiency_hi_of, NULL},
    {"karp_flatt", 4, karp_flatt_of, NULL},
    {"karp_flatt_lo", 4, karp_flatt_lo_of, NULL},
    {"karp_flatt_hi", 4, karp_flatt_hi_of, NULL},
    {"fit_law", 0, NULL, law_of},
    {"serial_fraction", 4, f_of, NULL},
    {"serial_fraction_lo", 4, f_lo_of, NULL},
    {"serial_fraction_hi", 4, f_hi_of, NULL},
    {"fit_resolved", 0, NULL, resolved_of},
    {"max_speedup", 4, ceiling_of, NULL},
    {"max_speedup_lo", 4, ceiling_lo_of, NULL},
    {"max_speedup_hi", 4, ceiling_hi_of, NULL},
    {"fit_points", 10, points_of, NULL},
    {"gbytes_per_s", 5, gbps_of, NULL},
    {"bandwidth_fraction", 4, fraction_of, NULL},
    {"effective_ghz", 4, ghz_of, NULL},
    {"clock_source", 0, NULL, clock_source_of},
    {"value", 17, value_of, NULL},
    {"reference", 17, reference_of, NULL},
    {"rel_error", 3, error_of, NULL},
    {"flags", 0, NULL, flags_of},
    {"status", 0, NULL, status_of},
    {"message", 0, NULL, message_of},
};

/* ---- CSV --------------------------------------------------------------------------- */

/* Text in double quotes when it needs them, inner quotes doubled (RFC 4180). */
static void csv_text(FILE *out, const char *text)
{
    if (!strpbrk(text, ",\"\n\r")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
    }
    fputc('"', out);
}

void results_csv_header(FILE *out)
{
    for (size_t c = 0; c < ARRAY_SIZE(columns); c++)
        fprintf(out, "%s%s", c ? "," : "", columns[c].name);
    fputc('\n', out);
}

void results_csv_row(FILE *out, const struct cell_row *row)
{
    for (size_t c = 0; c < ARRAY_SIZE(columns); c++) {
        if (c)
            fputc(',', out);
        if (columns[c].text) {
            csv_text(out, columns[c].text(row));
            continue;
        }
        double value = columns[c].number(row);
        if (isfinite(value))
            fprintf(out, "%.*g", columns[c].digits, value);
        else if (isinf(value))
            fputs(value > 0 ? "inf" : "-inf", out);
    }
    fputc('\n', out);
}

void results_raw_header(FILE *out)
{
    fputs("kernel,variant,size,workers,round,seq,start_s,seconds,calls,ghz\n", out);
}

void results_raw_line(FILE *out, const struct cell_row *row, int round, long seq, double start_s)
{
    fprintf(out, "%s,%s,%s,%d,%d,%ld,%.6f,%.9g,%d,", row->kernel->name, row->variant->name,
            row->size, row->workers, round + 1, seq, start_s, row->round_s[round],
            row->calls_per_sample);
    if (isfinite(row->round_ghz[round]))
        fprintf(out, "%.4g", row->round_ghz[round]);
    fputc('\n', out);
}

/* ---- JSON ---------------------------------------------------------------------------- */

void results_json(FILE *out, const struct cell_row *rows, size_t nrows)
{
    struct json_writer w;
    json_init(&w, out);
    json_array_begin(&w, NULL);
    for (size_t i = 0; i < nrows; i++) {
        json_object_begin(&w, NULL);
        for (size_t c = 0; c < ARRAY_SIZE(columns); c++) {
            if (columns[c].text)
                json_string(&w, columns[c].name, columns[c].text(&rows[i]));
            else
                json_number(&w, columns[c].name, columns[c].number(&rows[i]));
        }
        json_array_begin(&w, "samples_s");
        for (int r = 0; r < MAX_ROUNDS; r++)
            if (isfinite(rows[i].round_s[r]))
                json_number(&w, NULL, rows[i].round_s[r]);
        json_array_end(&w);
        json_object_end(&w);
    }
    json_array_end(&w);
}

/* ---- Tables for people ------------------------------------------------------------------ */

void results_table_header(FILE *out)
{
    fprintf(out, "%-12s %-10s %7s %11s %7s %20s %8s %6s %10s  %s\n", "kernel", "variant",
            "workers", "median_s", "+-95%", "speedup [95% CI]", "vs_self", "eff", "startup_s",
            "status flags");
}

/* A figure with `decimals` decimals, or "-" when it does not apply. */
static void table_number(FILE *out, int width, int decimals, double value)
{
    if (isfinite(value))
        fprintf(out, " %*.*f", width, decimals, value);
    else
        fprintf(out, " %*s", width, "-");
}

/* "1.96 [1.94-1.98]", or "1.96" without an interval. */
static void table_interval(FILE *out, int width, const struct sample_stats *s)
{
    char text[64];
    if (!isfinite(s->median))
        snprintf(text, sizeof text, "-");
    else if (isfinite(s->lo))
        snprintf(text, sizeof text, "%.2f [%.2f-%.2f]", s->median, s->lo, s->hi);
    else
        snprintf(text, sizeof text, "%.2f [?]", s->median);
    fprintf(out, " %*s", width, text);
}

void results_table_row(FILE *out, const struct cell_row *row)
{
    char variant[32];
    snprintf(variant, sizeof variant, "%s%s", row->variant->name,
             strcmp(row->size, "naive") == 0 ? "*" : "");
    fprintf(out, "%-12s %-10s %7d", row->kernel->name, variant, row->workers);
    table_number(out, 11, 6, median_of(row));
    double half = timed(row) ? fmax(row->time.hi - row->time.median,
                                    row->time.median - row->time.lo) / row->time.median
                             : NAN;
    if (isfinite(half))
        fprintf(out, " %6.1f%%", 100.0 * half);
    else
        fprintf(out, " %7s", "?");
    table_interval(out, 20, &row->speedup);
    table_number(out, 8, 2, row->self.median);
    table_number(out, 6, 2, efficiency_of(row));
    if (isfinite(row->startup_s))
        fprintf(out, " %10.3g", row->startup_s);
    else
        fprintf(out, " %10s", "-");
    fprintf(out, "  %s", cell_status_name(row->status));
    if (row->status != CELL_OK) {
        fprintf(out, ": %s\n", row->message);
        return;
    }
    char flags[128];
    flags_format(row->flags, flags, sizeof flags);
    fprintf(out, "%s%s", flags[0] ? " " : "", flags);
    if (row->notes[0])
        fprintf(out, " (%s)", row->notes);
    fputc('\n', out);
}

static bool same_series(const struct cell_row *a, const struct cell_row *b)
{
    return a->kernel == b->kernel && a->variant == b->variant && strcmp(a->size, b->size) == 0;
}

/* "e(2) = 0.031 [0.01-0.05]" for each worker count of the series of `first`. */
static void karp_flatt_list(FILE *out, const struct cell_row *first, const struct cell_row *rows,
                            size_t nrows)
{
    int printed = 0;
    for (size_t j = 0; j < nrows; j++) {
        const struct sample_stats *e = &rows[j].karp_flatt;
        if (!same_series(first, &rows[j]) || !isfinite(e->median))
            continue;
        fprintf(out, "%se(%d) = %.3f", printed++ ? ", " : "", rows[j].workers, e->median);
        if (isfinite(e->lo))
            fprintf(out, " [%.3f, %.3f]", e->lo, e->hi);
    }
    if (!printed)
        fputs("-", out);
}

void results_fit_table(FILE *out, const struct cell_row *rows, size_t nrows)
{
    bool header = false;
    for (size_t i = 0; i < nrows; i++) {
        const struct cell_row *row = &rows[i];
        bool first_of_series = true;
        for (size_t j = 0; j < i; j++)
            first_of_series &= !same_series(row, &rows[j]);
        if (!row->variant->parallel || !first_of_series)
            continue;
        if (!header) {
            fprintf(out, "\n%-12s %-10s %-9s %-24s %-20s %s\n", "kernel", "variant", "law",
                    "serial fraction [95% CI]", "ceiling 1/f", "Karp-Flatt [95% CI]");
            header = true;
        }
        fprintf(out, "%-12s %-10s %-9s", row->kernel->name, row->variant->name,
                row->fit.law[0] ? row->fit.law : "-");
        const struct sample_stats *f = &row->fit.f;
        char text[64];
        if (f->count == 0)
            snprintf(text, sizeof text, "needs a count above 1");
        else if (isfinite(f->lo))
            snprintf(text, sizeof text, "%.3f [%.3f, %.3f]", f->median, f->lo, f->hi);
        else
            snprintf(text, sizeof text, "%.3f [?]", f->median);
        fprintf(out, " %-24s", text);
        if (row->fit.resolved && isfinite(row->fit.ceiling))
            snprintf(text, sizeof text, "%.1f [%.1f, %.1f]", row->fit.ceiling,
                     row->fit.ceiling_lo, row->fit.ceiling_hi);
        else if (strcmp(row->fit.law, "gustafson") == 0)
            snprintf(text, sizeof text, "-");
        else
            snprintf(text, sizeof text, "not resolved (%d pts)", row->fit.points);
        fprintf(out, " %-20s ", text);
        karp_flatt_list(out, row, rows, nrows);
        fputc('\n', out);
    }
}
