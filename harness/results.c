/* results.c — derived figures and output formats of the cell rows. */
#include "results.h"

#include <math.h>
#include <string.h>

#include "json.h"

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

void results_derive(struct cell_row *row, const struct cell_row *done, size_t ndone,
                    double reference_gbytes_per_s)
{
    row->speedup_vs_optimized = row->speedup_vs_self = row->efficiency = NAN;
    row->gbytes_per_s = row->bandwidth_fraction = NAN;
    memset(&row->stats, 0, sizeof row->stats);
    if (row->result.status != CELL_OK || row->result.nsamples == 0)
        return;
    stats_compute(row->result.samples_s, (size_t)row->result.nsamples, &row->stats);
    double median = row->stats.median;

    const struct cell_row *optimized = find_row(done, ndone, row->kernel, "optimized", 1);
    if (strcmp(row->variant->name, "optimized") == 0)
        optimized = row;
    if (optimized && median > 0) {
        row->speedup_vs_optimized = optimized->stats.median / median;
        row->efficiency = row->speedup_vs_optimized / row->workers;
    }
    const struct cell_row *own_one = find_row(done, ndone, row->kernel, row->variant->name, 1);
    if (row->workers == 1)
        own_one = row;
    if (own_one && median > 0)
        row->speedup_vs_self = own_one->stats.median / median;
    if (isfinite(row->result.bytes_moved) && median > 0)
        row->gbytes_per_s = row->result.bytes_moved / median / 1e9;
    if (isfinite(row->gbytes_per_s) && reference_gbytes_per_s > 0)
        row->bandwidth_fraction = row->gbytes_per_s / reference_gbytes_per_s;
}

/* ---- CSV ------------------------------------------------------------------- */

/* A number with that many significant digits, or an empty field when it does not apply. */
static void csv_number(FILE *out, int significant_digits, double value)
{
    fputc(',', out);
    if (isfinite(value))
        fprintf(out, "%.*g", significant_digits, value);
}

/* Text in double quotes, inner quotes doubled (RFC 4180). */
static void csv_text(FILE *out, const char *text)
{
    fputs(",\"", out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p == '\n' ? ' ' : *p, out);
    }
    fputc('"', out);
}

void results_csv_header(FILE *out)
{
    fputs("kernel,variant,size,workers,workers_actual,repeats,"
          "min_s,median_s,mean_s,max_s,stddev_s,cv,"
          "speedup_vs_optimized,speedup_vs_self,efficiency,"
          "gbytes_per_s,bandwidth_fraction,"
          "value,reference,rel_error,status,message\n",
          out);
}

void results_csv_row(FILE *out, const struct cell_row *row)
{
    const struct cell_result *r = &row->result;
    const bool timed = r->status == CELL_OK && r->nsamples > 0;
    const double none = NAN;
    fprintf(out, "%s,%s,%s,%d,%d,%d", row->kernel->name, row->variant->name, row->size,
            row->workers, r->workers_actual, r->nsamples);
    csv_number(out, 9, timed ? row->stats.min : none);
    csv_number(out, 9, timed ? row->stats.median : none);
    csv_number(out, 9, timed ? row->stats.mean : none);
    csv_number(out, 9, timed ? row->stats.max : none);
    csv_number(out, 3, timed ? row->stats.stddev : none);
    csv_number(out, 5, timed ? row->stats.cv : none);
    csv_number(out, 5, row->speedup_vs_optimized);
    csv_number(out, 5, row->speedup_vs_self);
    csv_number(out, 5, row->efficiency);
    csv_number(out, 5, row->gbytes_per_s);
    csv_number(out, 5, row->bandwidth_fraction);
    csv_number(out, 17, r->value);
    csv_number(out, 17, r->reference);
    csv_number(out, 3, r->rel_error);
    fprintf(out, ",%s", cell_status_name(r->status));
    csv_text(out, r->message);
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

/* ---- Table for people --------------------------------------------------------- */

void results_table_header(FILE *out)
{
    fprintf(out, "%-12s %-10s %7s %11s %11s %6s %9s %8s %6s  %s\n", "kernel", "variant",
            "workers", "median_s", "min_s", "cv%", "speedup", "vs_self", "eff", "status");
}

/* A figure with `digits` decimals, or "-" when it does not apply. */
static void table_number(FILE *out, int width, int digits, double value)
{
    if (isfinite(value))
        fprintf(out, " %*.*f", width, digits, value);
    else
        fprintf(out, " %*s", width, "-");
}

void results_table_row(FILE *out, const struct cell_row *row)
{
    const struct cell_result *r = &row->result;
    const bool timed = r->status == CELL_OK && r->nsamples > 0;
    fprintf(out, "%-12s %-10s %7d", row->kernel->name, row->variant->name, row->workers);
    table_number(out, 11, 6, timed ? row->stats.median : NAN);
    table_number(out, 11, 6, timed ? row->stats.min : NAN);
    table_number(out, 6, 1, timed ? 100.0 * row->stats.cv : NAN);
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

/* ---- JSON ---------------------------------------------------------------------- */

static void json_row(struct json_writer *w, const struct cell_row *row)
{
    const struct cell_result *r = &row->result;
    const bool timed = r->status == CELL_OK && r->nsamples > 0;
    json_object_begin(w, NULL);
    json_string(w, "kernel", row->kernel->name);
    json_string(w, "variant", row->variant->name);
    json_string(w, "size", row->size);
    json_int(w, "workers", row->workers);
    json_int(w, "workers_actual", r->workers_actual);
    json_int(w, "repeats", r->nsamples);
    json_number(w, "min_s", timed ? row->stats.min : NAN);
    json_number(w, "median_s", timed ? row->stats.median : NAN);
    json_number(w, "mean_s", timed ? row->stats.mean : NAN);
    json_number(w, "max_s", timed ? row->stats.max : NAN);
    json_number(w, "stddev_s", timed ? row->stats.stddev : NAN);
    json_number(w, "cv", timed ? row->stats.cv : NAN);
    json_number(w, "speedup_vs_optimized", row->speedup_vs_optimized);
    json_number(w, "speedup_vs_self", row->speedup_vs_self);
    json_number(w, "efficiency", row->efficiency);
    json_number(w, "gbytes_per_s", row->gbytes_per_s);
    json_number(w, "bandwidth_fraction", row->bandwidth_fraction);
    json_number(w, "value", r->value);
    json_number(w, "reference", r->reference);
    json_number(w, "rel_error", r->rel_error);
    json_string(w, "status", cell_status_name(r->status));
    json_string(w, "message", r->message);
    json_array_begin(w, "samples_s");
    for (int i = 0; i < r->nsamples; i++)
        json_number(w, NULL, r->samples_s[i]);
    json_array_end(w);
    json_object_end(w);
}

void results_json(FILE *out, const struct cell_row *rows, size_t nrows)
{
    struct json_writer w;
    json_init(&w, out);
    json_array_begin(&w, NULL);
    for (size_t i = 0; i < nrows; i++)
        json_row(&w, &rows[i]);
    json_array_end(&w);
}
