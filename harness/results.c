/* results.c — derived figures and output formats of the cell rows. */
#include "results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* ---- Derived figures --------------------------------------------------------- */

static const struct cell_row *find_row(const struct cell_row *done, size_t ndone,
                                       const struct pb_kernel *kernel, const char *variant,
                                       int workers)
{
    for (size_t i = 0; i < ndone; i++)
        if (done[i].kernel == kernel && strcmp(done[i].variant->name, variant) == 0 &&
            done[i].workers == workers && done[i].result.status == CELL_OK)
            return &done[i];
    return NULL;
}

static bool weak(const struct cell_row *row)
{
    return strcmp(row->scaling, "weak") == 0;
}

void results_derive(struct cell_row *row, const struct cell_row *done, size_t ndone,
                    double reference_gbytes_per_s)
{
    row->speedup_vs_optimized = row->speedup_vs_self = row->efficiency = NAN;
    row->karp_flatt = row->gbytes_per_s = row->bandwidth_fraction = NAN;
    row->fit = (struct law_fit){.f = NAN, .f_stderr = NAN, .max_speedup = NAN,
                                .rms_residual = NAN};
    memset(&row->stats, 0, sizeof row->stats);
    if (row->result.status != CELL_OK || row->result.nsamples == 0)
        return;
    stats_compute(row->result.samples_s, (size_t)row->result.nsamples, &row->stats);
    double median = row->stats.median;

    /* Under weak scaling the problem grows with N: a time ratio against the
     * 1-worker problem is not a speedup; only the scaled speedup is. */
    const struct cell_row *optimized = find_row(done, ndone, row->kernel, "optimized", 1);
    if (strcmp(row->variant->name, "optimized") == 0)
        optimized = row;
    if (optimized && median > 0 && (!weak(row) || row->workers == 1)) {
        row->speedup_vs_optimized = optimized->stats.median / median;
        row->efficiency = row->speedup_vs_optimized / row->workers;
    }
    const struct cell_row *own_one = find_row(done, ndone, row->kernel, row->variant->name, 1);
    if (row->workers == 1)
        own_one = row;
    if (own_one && median > 0)
        row->speedup_vs_self = own_one->stats.median / median * (weak(row) ? row->workers : 1);
    if (!weak(row))
        row->karp_flatt = analysis_karp_flatt(row->speedup_vs_self, row->workers);
    if (isfinite(row->result.bytes_moved) && median > 0)
        row->gbytes_per_s = row->result.bytes_moved / median / 1e9;
    if (isfinite(row->gbytes_per_s) && reference_gbytes_per_s > 0)
        row->bandwidth_fraction = row->gbytes_per_s / reference_gbytes_per_s;
}

static bool same_series(const struct cell_row *a, const struct cell_row *b)
{
    return a->kernel == b->kernel && a->variant == b->variant;
}

void results_fit(struct cell_row *rows, size_t nrows)
{
    int *workers = malloc(nrows * sizeof *workers);
    double *speedups = malloc(nrows * sizeof *speedups);
    if (!workers || !speedups)
        goto done;
    for (size_t i = 0; i < nrows; i++) {
        if (!rows[i].variant->parallel)
            continue;
        int count = 0;
        for (size_t j = 0; j < nrows; j++)
            if (same_series(&rows[i], &rows[j])) {
                workers[count] = rows[j].workers;
                speedups[count++] = rows[j].speedup_vs_self;
            }
        if (weak(&rows[i]))
            analysis_fit_gustafson(workers, speedups, count, &rows[i].fit);
        else
            analysis_fit_amdahl(workers, speedups, count, &rows[i].fit);
    }
done:
    free(workers);
    free(speedups);
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
    return r->result.status == CELL_OK && r->result.nsamples > 0;
}

static bool has_fit(const struct cell_row *r)
{
    return r->variant->parallel && r->fit.informative > 0;
}

/* Getters, one line each. */
static const char *kernel_of(const struct cell_row *r) { return r->kernel->name; }
static const char *variant_of(const struct cell_row *r) { return r->variant->name; }
static const char *size_of(const struct cell_row *r) { return r->size; }
static const char *scaling_of(const struct cell_row *r) { return r->scaling; }
static const char *parallel_of(const struct cell_row *r) { return r->variant->parallel ? "yes" : "no"; }
static const char *status_of(const struct cell_row *r) { return cell_status_name(r->result.status); }
static const char *message_of(const struct cell_row *r) { return r->result.message; }
static const char *law_of(const struct cell_row *r)
{
    return !has_fit(r) ? "" : weak(r) ? "gustafson" : "amdahl";
}
static double workers_of(const struct cell_row *r) { return r->workers; }
static double actual_of(const struct cell_row *r) { return r->result.workers_actual; }
static double repeats_of(const struct cell_row *r) { return r->result.nsamples; }
static double min_of(const struct cell_row *r) { return timed(r) ? r->stats.min : NAN; }
static double median_of(const struct cell_row *r) { return timed(r) ? r->stats.median : NAN; }
static double mean_of(const struct cell_row *r) { return timed(r) ? r->stats.mean : NAN; }
static double max_of(const struct cell_row *r) { return timed(r) ? r->stats.max : NAN; }
static double stddev_of(const struct cell_row *r) { return timed(r) ? r->stats.stddev : NAN; }
static double cv_of(const struct cell_row *r) { return timed(r) ? r->stats.cv : NAN; }
static double s_opt_of(const struct cell_row *r) { return r->speedup_vs_optimized; }
static double s_self_of(const struct cell_row *r) { return r->speedup_vs_self; }
static double efficiency_of(const struct cell_row *r) { return r->efficiency; }
static double karp_flatt_of(const struct cell_row *r) { return r->karp_flatt; }
static double f_of(const struct cell_row *r) { return has_fit(r) ? r->fit.f : NAN; }
static double f_err_of(const struct cell_row *r) { return has_fit(r) ? r->fit.f_stderr : NAN; }
static double ceiling_of(const struct cell_row *r) { return has_fit(r) ? r->fit.max_speedup : NAN; }
static double points_of(const struct cell_row *r) { return has_fit(r) ? (double)r->fit.points : NAN; }
static double gbps_of(const struct cell_row *r) { return r->gbytes_per_s; }
static double fraction_of(const struct cell_row *r) { return r->bandwidth_fraction; }
static double value_of(const struct cell_row *r) { return r->result.value; }
static double reference_of(const struct cell_row *r) { return r->result.reference; }
static double error_of(const struct cell_row *r) { return r->result.rel_error; }

static const struct column columns[] = {
    {"kernel", 0, NULL, kernel_of},
    {"variant", 0, NULL, variant_of},
    {"parallel", 0, NULL, parallel_of},
    {"size", 0, NULL, size_of},
    {"scaling", 0, NULL, scaling_of},
    {"workers", 10, workers_of, NULL},
    {"workers_actual", 10, actual_of, NULL},
    {"repeats", 10, repeats_of, NULL},
    {"min_s", 9, min_of, NULL},
    {"median_s", 9, median_of, NULL},
    {"mean_s", 9, mean_of, NULL},
    {"max_s", 9, max_of, NULL},
    {"stddev_s", 3, stddev_of, NULL},
    {"cv", 4, cv_of, NULL},
    {"speedup_vs_optimized", 5, s_opt_of, NULL},
    {"speedup_vs_self", 5, s_self_of, NULL},
    {"efficiency", 4, efficiency_of, NULL},
    {"karp_flatt", 4, karp_flatt_of, NULL},
    {"fit_law", 0, NULL, law_of},
    {"serial_fraction", 4, f_of, NULL},
    {"serial_fraction_stderr", 2, f_err_of, NULL},
    {"max_speedup", 4, ceiling_of, NULL},
    {"fit_points", 10, points_of, NULL},
    {"gbytes_per_s", 5, gbps_of, NULL},
    {"bandwidth_fraction", 4, fraction_of, NULL},
    {"value", 17, value_of, NULL},
    {"reference", 17, reference_of, NULL},
    {"rel_error", 3, error_of, NULL},
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
    fputs("kernel,variant,size,workers,run,seconds\n", out);
}

void results_raw_rows(FILE *out, const struct cell_row *row)
{
    for (int i = 0; i < row->result.nsamples; i++)
        fprintf(out, "%s,%s,%s,%d,%d,%.9g\n", row->kernel->name, row->variant->name, row->size,
                row->workers, i + 1, row->result.samples_s[i]);
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
        for (int s = 0; s < rows[i].result.nsamples; s++)
            json_number(&w, NULL, rows[i].result.samples_s[s]);
        json_array_end(&w);
        json_object_end(&w);
    }
    json_array_end(&w);
}

/* ---- Tables for people ------------------------------------------------------------------ */

void results_table_header(FILE *out)
{
    fprintf(out, "%-12s %-10s %7s %11s %11s %6s %9s %8s %6s  %s\n", "kernel", "variant",
            "workers", "median_s", "min_s", "cv%", "speedup", "vs_self", "eff", "status");
}

/* A figure with `decimals` decimals, or "-" when it does not apply. */
static void table_number(FILE *out, int width, int decimals, double value)
{
    if (isfinite(value))
        fprintf(out, " %*.*f", width, decimals, value);
    else
        fprintf(out, " %*s", width, "-");
}

void results_table_row(FILE *out, const struct cell_row *row)
{
    const struct cell_result *r = &row->result;
    fprintf(out, "%-12s %-10s %7d", row->kernel->name, row->variant->name, row->workers);
    table_number(out, 11, 6, median_of(row));
    table_number(out, 11, 6, min_of(row));
    table_number(out, 6, 1, 100.0 * cv_of(row));
    table_number(out, 9, 2, row->speedup_vs_optimized);
    table_number(out, 8, 2, row->speedup_vs_self);
    table_number(out, 6, 2, row->efficiency);
    fprintf(out, "  %s", cell_status_name(r->status));
    if (r->status != CELL_OK)
        fprintf(out, ": %s", r->message);
    else if (r->message[0])
        fprintf(out, " (%s)", r->message);
    fputc('\n', out);
}

/* "e(2) = 0.031, e(4) = 0.05" for the series of `first`. */
static void karp_flatt_list(FILE *out, const struct cell_row *first, const struct cell_row *rows,
                            size_t nrows)
{
    int printed = 0;
    for (size_t j = 0; j < nrows; j++)
        if (same_series(first, &rows[j]) && isfinite(rows[j].karp_flatt))
            fprintf(out, "%se(%d) = %.3f", printed++ ? ", " : "", rows[j].workers,
                    rows[j].karp_flatt);
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
            fprintf(out, "\n%-12s %-10s %-9s %16s %9s %6s  %s\n", "kernel", "variant", "law",
                    "serial fraction", "max S", "points", "Karp-Flatt");
            header = true;
        }
        fprintf(out, "%-12s %-10s %-9s", row->kernel->name, row->variant->name,
                weak(row) ? "gustafson" : "amdahl");
        if (row->fit.informative == 0) {
            fprintf(out, " %16s %9s %6d  needs a worker count above 1\n", "-", "-",
                    row->fit.points);
            continue;
        }
        if (isfinite(row->fit.f_stderr))
            fprintf(out, " %7.4f +- %-6.4f", row->fit.f, row->fit.f_stderr);
        else
            fprintf(out, " %7.4f %-8s", row->fit.f, "(2 pts)");
        table_number(out, 9, 1, row->fit.max_speedup);
        fprintf(out, " %6d  ", row->fit.points);
        karp_flatt_list(out, row, rows, nrows);
        fprintf(out, "%s\n", row->fit.superlinear ? "  (superlinear: f clamped at 0)" : "");
    }
}
