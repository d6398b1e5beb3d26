/*
 * compare.c — two runs side by side, say a laptop (A) and a cluster node (B):
 * compare.md and one plot per kernel (see report.h).
 *
 * What a comparison must not do is compare different problems: when the
 * size class, the scaling, the kernels or any kernel's parameters differ,
 * it says so and refuses, unless --force (then compare.md starts with the
 * differences). Then, per kernel (Hoefler and Belli, rule 1: speedup alone
 * cannot compare two machines):
 *   1. the time per call of every cell either run has (the union of their
 *      worker counts) with its 95% interval, and B / A;
 *   2. the speedups over each run's own optimized serial code;
 *   3. A's fitted Amdahl (or Gustafson) curve drawn out to B's worker
 *      counts against B's measured points: what the laptop predicted, and
 *      what the node did.
 *
 * The interval of B / A. The runs are independent, so no pairing cancels
 * anything between them. Each run's median gets an order-statistic interval
 * from its own rounds (raw.csv) at the level sqrt(0.95) = 97.47%; both
 * intervals hold at once with probability at least 0.9747^2 = 0.95, and
 * when they do, the ratio of the medians lies between B_lo / A_hi and
 * B_hi / A_lo. That is a conservative 95% interval; it needs 7 rounds in
 * each run (6 give at most 96.9%).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"
#include "plot.h"
#include "report.h"
#include "rundata.h"
#include "stats.h"

enum {
    MAX_DIFFERENCES = 16,
    DIFFERENCE_LEN = 400,
    MAX_COUNTS = 256, /* worker counts of one variant, both runs together */
};

/* One run and the raw samples of its rounds. */
struct side {
    struct run_data run;
    struct csv_table raw;
    bool has_raw;
};

struct differences {
    int count;
    char text[MAX_DIFFERENCES][DIFFERENCE_LEN];
};

static void differ(struct differences *d, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void differ(struct differences *d, const char *format, ...)
{
    if (d->count == MAX_DIFFERENCES)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(d->text[d->count++], DIFFERENCE_LEN, format, args);
    va_end(args);
}

/* ---- Reading -------------------------------------------------------------------- */

static int side_load(struct side *side, const char *dir, char *message)
{
    memset(side, 0, sizeof *side);
    if (run_load(&side->run, dir, message) != 0)
        return -1;
    char path[1200], ignored[256];
    snprintf(path, sizeof path, "%s/raw.csv", dir);
    side->has_raw = csv_read(path, &side->raw, ignored) == 0;
    return 0;
}

static void side_free(struct side *side)
{
    run_free(&side->run);
    if (side->has_raw)
        csv_free(&side->raw);
}

/* The row of a cell: kernel, variant, main work or naive's, workers. */
static size_t find_row(const struct run_data *run, const char *kernel, const char *variant,
                       bool main_work, int workers)
{
    for (size_t r = 0; r < run->rows.nrows; r++)
        if (run_row_is(run, r, kernel, variant) && run_main_work(run, r) == main_work &&
            (int)run_number(run, r, "workers") == workers)
            return r;
    return run->rows.nrows;
}

/* The median's interval at `level` from the cell's samples in raw.csv;
 * false when there are too few of them. */
static bool raw_interval(const struct side *side, size_t row, double level, double *lo,
                         double *hi)
{
    if (!side->has_raw)
        return false;
    const struct run_data *run = &side->run;
    double *values = malloc((side->raw.nrows ? side->raw.nrows : 1) * sizeof *values);
    if (!values)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < side->raw.nrows; i++) {
        const struct csv_table *raw = &side->raw;
        if (strcmp(csv_text(raw, i, "kernel"), run_field(run, row, "kernel")) == 0 &&
            strcmp(csv_text(raw, i, "variant"), run_field(run, row, "variant")) == 0 &&
            strcmp(csv_text(raw, i, "size"), run_field(run, row, "size")) == 0 &&
            csv_number(raw, i, "workers") == run_number(run, row, "workers") &&
            isfinite(csv_number(raw, i, "seconds")))
            values[n++] = csv_number(raw, i, "seconds");
    }
    size_t j = stats_interval_rank(n, level, NULL);
    if (j > 0) {
        /* sort: a few dozen values */
        for (size_t a = 1; a < n; a++)
            for (size_t b = a; b > 0 && values[b - 1] > values[b]; b--) {
                double t = values[b];
                values[b] = values[b - 1];
                values[b - 1] = t;
            }
        *lo = values[j - 1];
        *hi = values[n - j];
    }
    free(values);
    return j > 0;
}

/* The first row of a kernel on its main work: its parameters. */
static const char *kernel_params(const struct run_data *run, const char *kernel)
{
    for (size_t r = 0; r < run->rows.nrows; r++)
        if (strcmp(run_field(run, r, "kernel"), kernel) == 0 && run_main_work(run, r))
            return run_field(run, r, "params");
    return "";
}

static bool has_kernel(const struct run_data *run, const char *kernel)
{
    for (size_t r = 0; r < run->rows.nrows; r++)
        if (strcmp(run_field(run, r, "kernel"), kernel) == 0)
            return true;
    return false;
}

/* ---- Did the two runs solve the same problems? ------------------------------------ */

static void check_same(const struct run_data *a, const struct run_data *b,
                       struct differences *d)
{
    static const char *const settings[][2] = {{"settings.size", "size class"},
                                              {"settings.scaling", "scaling"}};
    for (size_t s = 0; s < sizeof settings / sizeof settings[0]; s++) {
        const char *va = json_path_string(a->info, settings[s][0], "?");
        const char *vb = json_path_string(b->info, settings[s][0], "?");
        if (strcmp(va, vb) != 0)
            differ(d, "%s: A %s, B %s", settings[s][1], va, vb);
    }
    const struct run_data *runs[2] = {a, b};
    for (int side = 0; side < 2; side++) {
        const char *names[RUN_MAX_NAMES];
        size_t count = run_kernels(runs[side], names);
        for (size_t k = 0; k < count; k++)
            if (!has_kernel(runs[1 - side], names[k]))
                differ(d, "kernel %s: only in %c", names[k], side ? 'B' : 'A');
    }
    const char *names[RUN_MAX_NAMES];
    size_t count = run_kernels(a, names);
    for (size_t k = 0; k < count; k++) {
        const char *pa = kernel_params(a, names[k]), *pb = kernel_params(b, names[k]);
        if (has_kernel(b, names[k]) && strcmp(pa, pb) != 0)
            differ(d, "%s parameters: A %s; B %s", names[k], pa, pb);
    }
}

/* ---- The header: both machines ------------------------------------------------------ */

/* The value at a path as text: a string as it is, a number with %g. */
static void json_text(const struct json_value *info, const char *path, char *buf, size_t size)
{
    const struct json_value *v = json_path(info, path);
    if (v && v->type == JSON_STRING)
        snprintf(buf, size, "%s", v->string);
    else if (v && v->type == JSON_NUMBER)
        snprintf(buf, size, "%g", v->number);
    else
        snprintf(buf, size, "?");
}

static void describe_cores(const struct run_data *run, char *buf, size_t size)
{
    const struct json_value *info = run->info;
    snprintf(buf, size, "%d usable (decided by: %s); %g physical cores, %g logical CPUs, "
             "%g NUMA node(s)", run->usable, json_path_string(info, "cores.decided_by", "?"),
             json_path_number(info, "machine.physical_cores"),
             json_path_number(info, "machine.logical_cpus"),
             json_path_number(info, "machine.numa_nodes"));
}

/* The median effective clock of the optimized serial cells, in GHz. */
static double serial_ghz(const struct run_data *run)
{
    double values[RUN_MAX_NAMES * 2];
    size_t n = 0;
    for (size_t r = 0; r < run->rows.nrows && n < sizeof values / sizeof values[0]; r++)
        if (strcmp(run_field(run, r, "variant"), "optimized") == 0 && run_ok_row(run, r) &&
            isfinite(run_number(run, r, "effective_ghz")))
            values[n++] = run_number(run, r, "effective_ghz");
    struct sample_stats stats;
    stats_compute(values, n, &stats);
    return stats.median;
}

static void describe_clocks(const struct run_data *run, char *buf, size_t size)
{
    char low[32], high[32];
    json_text(run->info, "power.min_mhz", low, sizeof low);
    json_text(run->info, "power.max_mhz", high, sizeof high);
    double ghz = serial_ghz(run);
    snprintf(buf, size, "cpufreq %s, governor %s, turbo %s, %s-%s MHz, power %s; measured: "
             "%s%.2f GHz (optimized serial cells, median)",
             json_path_string(run->info, "power.cpufreq_driver", "?"),
             json_path_string(run->info, "power.governor", "?"),
             json_path_string(run->info, "power.turbo", "?"), low, high,
             json_path_string(run->info, "power.power_source", "?"), isfinite(ghz) ? "" : "? ",
             isfinite(ghz) ? ghz : 0.0);
}

static void describe_bandwidth(const struct run_data *run, char *buf, size_t size)
{
    const struct json_value *table = json_path(run->info, "bandwidth.gbytes_per_s");
    if (!table || table->type != JSON_ARRAY || table->count == 0) {
        snprintf(buf, size, "not measured (test size, or no memory-bound kernel)");
        return;
    }
    buf[0] = '\0';
    plot_append(buf, size, "six streams / triad, GB/s, by threads:");
    for (size_t i = 0; i < table->count; i++) {
        const struct json_value *item = &table->items[i];
        plot_append(buf, size, "%s %g: %.1f / %.1f", i ? "," : "",
                    json_path_number(item, "threads"), json_path_number(item, "gbytes_per_s"),
                    fmax(json_path_number(item, "triad"),
                         json_path_number(item, "triad_streaming")));
    }
}

static void describe_build(const struct run_data *run, char *buf, size_t size)
{
    snprintf(buf, size, "%s %s, `%s`, sources %s, git %s",
             json_path_string(run->info, "build.compiler", "?"),
             json_path_string(run->info, "build.compiler_version", ""),
             json_path_string(run->info, "build.cflags", "?"),
             json_path_string(run->info, "build.sources", "?"),
             json_path_string(run->info, "build.git_revision", "?"));
}

static void describe_size(const struct run_data *run, char *buf, size_t size)
{
    snprintf(buf, size, "%s, %s scaling; %g-%g rounds per kernel",
             json_path_string(run->info, "settings.size", "?"),
             json_path_string(run->info, "settings.scaling", "?"),
             json_path_number(run->info, "settings.min_rounds"),
             json_path_number(run->info, "settings.max_rounds"));
}

static void header_line(FILE *out, const char *what, const struct run_data *a,
                        const struct run_data *b,
                        void (*describe)(const struct run_data *, char *, size_t))
{
    char text_a[700], text_b[700];
    describe(a, text_a, sizeof text_a);
    describe(b, text_b, sizeof text_b);
    fprintf(out, "| %s | %s | %s |\n", what, text_a, text_b);
}

static void compare_header(FILE *out, const struct side *a, const struct side *b,
                           const struct differences *d)
{
    const struct json_value *ia = a->run.info, *ib = b->run.info;
    fprintf(out, "# parbench: A = %s vs B = %s\n\n| | A | B |\n|---|---|---|\n", a->run.label,
            b->run.label);
    fprintf(out, "| run | %s | %s |\n", a->run.dir, b->run.dir);
    fprintf(out, "| started | %s | %s |\n", json_path_string(ia, "started", "?"),
            json_path_string(ib, "started", "?"));
    fprintf(out, "| CPU | %s | %s |\n", json_path_string(ia, "machine.cpu_model", "?"),
            json_path_string(ib, "machine.cpu_model", "?"));
    header_line(out, "cores", &a->run, &b->run, describe_cores);
    header_line(out, "clocks", &a->run, &b->run, describe_clocks);
    header_line(out, "memory bandwidth", &a->run, &b->run, describe_bandwidth);
    header_line(out, "compiler", &a->run, &b->run, describe_build);
    header_line(out, "size", &a->run, &b->run, describe_size);
    if (d->count > 0) {
        fputs("\n**Warning: these runs solved different problems** (compared anyway: "
              "--force). Their times and B / A do not compare like with like:\n\n", out);
        for (int i = 0; i < d->count; i++)
            fprintf(out, "- %s\n", d->text[i]);
    }
    fputs("\nHow to read this: times are medians per call with their 95% intervals "
          "([?]: too few rounds for one). **B / A** is B's time over A's: below 1, B is faster "
          "(0.5: twice as fast). The runs are independent, so its interval is formed from "
          "the two medians' own intervals, each at 97.5% from its rounds (raw.csv): B_lo / "
          "A_hi to B_hi / A_lo, which holds with probability at least 0.975^2 = 95% "
          "(it needs 7 rounds in each run). Speedups are over each run's own optimized "
          "serial code, paired within its rounds; they say how each machine scales, not "
          "which is faster. Rows marked * ran naive's smaller work.\n", out);
}

/* ---- The tables ----------------------------------------------------------------------- */

/* The variants of a kernel in either run, A's order first. */
static size_t union_variants(const struct run_data *a, const struct run_data *b,
                             const char *kernel, const char **names)
{
    size_t count = 0;
    const struct run_data *runs[2] = {a, b};
    for (int s = 0; s < 2; s++)
        for (size_t r = 0; r < runs[s]->rows.nrows && count < RUN_MAX_NAMES; r++) {
            if (strcmp(run_field(runs[s], r, "kernel"), kernel) != 0)
                continue;
            const char *variant = run_field(runs[s], r, "variant");
            bool seen = false;
            for (size_t i = 0; i < count; i++)
                seen |= strcmp(names[i], variant) == 0;
            if (!seen)
                names[count++] = variant;
        }
    return count;
}

/* The worker counts of a variant's cells in either run, ascending. */
static size_t union_workers(const struct run_data *a, const struct run_data *b,
                            const char *kernel, const char *variant, bool main_work, int *counts)
{
    size_t n = 0;
    const struct run_data *runs[2] = {a, b};
    for (int s = 0; s < 2; s++)
        for (size_t r = 0; r < runs[s]->rows.nrows && n < MAX_COUNTS; r++) {
            if (!run_row_is(runs[s], r, kernel, variant) || run_main_work(runs[s], r) != main_work)
                continue;
            int w = (int)run_number(runs[s], r, "workers");
            size_t at = 0;
            while (at < n && counts[at] < w)
                at++;
            if (at < n && counts[at] == w)
                continue;
            memmove(counts + at + 1, counts + at, (n - at) * sizeof *counts);
            counts[at] = w;
            n++;
        }
    return n;
}

/* "0.01234 [0.01220, 0.01250]", the status of a cell that failed, or "-". */
static void time_cell(FILE *out, const struct run_data *run, size_t r)
{
    if (r == run->rows.nrows) {
        fputs(" - |", out);
        return;
    }
    if (!run_ok_row(run, r)) {
        fprintf(out, " %s |", run_field(run, r, "status"));
        return;
    }
    double m = run_number(run, r, "median_s"), lo = run_number(run, r, "median_lo"),
           hi = run_number(run, r, "median_hi");
    if (isfinite(lo) && isfinite(hi))
        fprintf(out, " %.4g [%.4g, %.4g] |", m, lo, hi);
    else
        fprintf(out, " %.4g [?] |", m);
}

/* B / A with its interval (see the top of this file). */
static void ratio_cell(FILE *out, const struct side *a, size_t ra, const struct side *b,
                       size_t rb)
{
    if (ra == a->run.rows.nrows || rb == b->run.rows.nrows || !run_ok_row(&a->run, ra) ||
        !run_ok_row(&b->run, rb)) {
        fputs(" - |", out);
        return;
    }
    double ratio = run_number(&b->run, rb, "median_s") / run_number(&a->run, ra, "median_s");
    double level = sqrt(STATS_LEVEL), alo, ahi, blo, bhi;
    if (raw_interval(a, ra, level, &alo, &ahi) && raw_interval(b, rb, level, &blo, &bhi))
        fprintf(out, " %.3g [%.3g, %.3g] |", ratio, blo / ahi, bhi / alo);
    else
        fprintf(out, " %.3g [?] |", ratio);
}

static void interval_cell(FILE *out, const struct run_data *run, size_t r, const char *median,
                          const char *lo, const char *hi)
{
    if (r == run->rows.nrows || !run_ok_row(run, r) || !isfinite(run_number(run, r, median))) {
        fputs(" - |", out);
        return;
    }
    double l = run_number(run, r, lo), h = run_number(run, r, hi);
    if (isfinite(l) && isfinite(h))
        fprintf(out, " %.2f [%.2f, %.2f] |", run_number(run, r, median), l, h);
    else
        fprintf(out, " %.2f [?] |", run_number(run, r, median));
}

static void times_table(FILE *out, const struct side *a, const struct side *b, const char *kernel)
{
    fputs("\nTime per call:\n\n| variant | workers | A s [95%] | B s [95%] | B / A [95%] |\n"
          "|---|---|---|---|---|\n", out);
    const char *variants[RUN_MAX_NAMES];
    size_t nvariants = union_variants(&a->run, &b->run, kernel, variants);
    for (int main_work = 1; main_work >= 0; main_work--)
        for (size_t v = 0; v < nvariants; v++) {
            int counts[MAX_COUNTS];
            size_t n = union_workers(&a->run, &b->run, kernel, variants[v], main_work, counts);
            for (size_t i = 0; i < n; i++) {
                size_t ra = find_row(&a->run, kernel, variants[v], main_work, counts[i]);
                size_t rb = find_row(&b->run, kernel, variants[v], main_work, counts[i]);
                fprintf(out, "| %s%s | %d |", variants[v], main_work ? "" : "*", counts[i]);
                time_cell(out, &a->run, ra);
                time_cell(out, &b->run, rb);
                ratio_cell(out, a, ra, b, rb);
                fputc('\n', out);
            }
        }
}

static void speedup_table(FILE *out, const struct side *a, const struct side *b,
                          const char *kernel)
{
    fputs("\nSpeedup over each run's own optimized serial code, and over the same variant on "
          "1 worker (vs self):\n\n| variant | workers | A [95%] | B [95%] | A vs self [95%] | "
          "B vs self [95%] |\n|---|---|---|---|---|---|\n", out);
    const char *variants[RUN_MAX_NAMES];
    size_t nvariants = union_variants(&a->run, &b->run, kernel, variants);
    for (size_t v = 0; v < nvariants; v++) {
        int counts[MAX_COUNTS];
        size_t n = union_workers(&a->run, &b->run, kernel, variants[v], true, counts);
        for (size_t i = 0; i < n; i++) {
            size_t ra = find_row(&a->run, kernel, variants[v], true, counts[i]);
            size_t rb = find_row(&b->run, kernel, variants[v], true, counts[i]);
            bool parallel = (ra < a->run.rows.nrows &&
                             strcmp(run_field(&a->run, ra, "parallel"), "yes") == 0) ||
                            (rb < b->run.rows.nrows &&
                             strcmp(run_field(&b->run, rb, "parallel"), "yes") == 0);
            if (!parallel)
                continue;
            fprintf(out, "| %s | %d |", variants[v], counts[i]);
            interval_cell(out, &a->run, ra, "speedup_vs_optimized", "speedup_lo", "speedup_hi");
            interval_cell(out, &b->run, rb, "speedup_vs_optimized", "speedup_lo", "speedup_hi");
            interval_cell(out, &a->run, ra, "speedup_vs_self", "speedup_vs_self_lo",
                          "speedup_vs_self_hi");
            interval_cell(out, &b->run, rb, "speedup_vs_self", "speedup_vs_self_lo",
                          "speedup_vs_self_hi");
            fputc('\n', out);
        }
    }
}

/* ---- A's fit against B's measurements -------------------------------------------------- */

static double law(bool gustafson, double n, double f)
{
    return gustafson ? n - f * (n - 1) : 1.0 / (f + (1.0 - f) / n);
}

/* One line per parallel variant: what A's fit predicts at B's largest
 * worker count, and what B measured there. */
static void prediction_lines(FILE *out, const struct run_data *a, const struct run_data *b,
                             const char *kernel)
{
    const char *names[RUN_MAX_NAMES];
    size_t count = run_variants(a, kernel, true, names);
    int n = run_largest_workers(b, kernel);
    bool header = false;
    for (size_t v = 0; v < count; v++) {
        size_t r = run_fit_row(a, kernel, names[v]);
        if (r == a->rows.nrows)
            continue;
        if (!header)
            fprintf(out, "\nWhat A's fit predicted for B's %d workers, and what B did (speedup "
                    "vs self):\n\n", n);
        header = true;
        bool gustafson = strcmp(run_field(a, r, "fit_law"), "gustafson") == 0;
        double f = run_number(a, r, "serial_fraction");
        double flo = run_number(a, r, "serial_fraction_lo");
        double fhi = run_number(a, r, "serial_fraction_hi");
        fprintf(out, "- %s: A's %s fit f = %.3f", names[v], gustafson ? "Gustafson" : "Amdahl", f);
        if (isfinite(flo) && isfinite(fhi))
            fprintf(out, " [%.3f, %.3f]", flo, fhi);
        fprintf(out, " (%s) predicts %.2f", strcmp(run_field(a, r, "fit_resolved"), "yes") == 0
                                                 ? "resolved" : "not resolved: a wide band",
                law(gustafson, n, f));
        /* Both laws fall as f grows: f's upper end gives the lower speedup. */
        if (isfinite(flo) && isfinite(fhi))
            fprintf(out, " [%.2f, %.2f]", law(gustafson, n, fhi), law(gustafson, n, flo));
        size_t rb = find_row(b, kernel, names[v], true, n);
        if (rb < b->rows.nrows && run_ok_row(b, rb)) {
            fprintf(out, "; B measured %.2f", run_number(b, rb, "speedup_vs_self"));
            if (isfinite(run_number(b, rb, "speedup_vs_self_lo")))
                fprintf(out, " [%.2f, %.2f]", run_number(b, rb, "speedup_vs_self_lo"),
                        run_number(b, rb, "speedup_vs_self_hi"));
        } else {
            fputs("; B has no such cell", out);
        }
        fputs("\n", out);
    }
    if (!header && n > run_largest_workers(a, kernel))
        fprintf(out, "\nA has no fit to carry out to B's %d workers: it measured one worker "
                "count.\n", n);
}

/* The variables compare.gp reads for A's fits. */
static void fit_variables(const struct run_data *a, const char *kernel, char *variables,
                          size_t size)
{
    const char *names[RUN_MAX_NAMES], *fitnames[RUN_MAX_NAMES], *law_name = "amdahl";
    size_t count = run_variants(a, kernel, true, names), nfits = 0;
    char fs[512] = "", flo[512] = "", fhi[512] = "", resolved[128] = "";
    for (size_t v = 0; v < count; v++) {
        size_t r = run_fit_row(a, kernel, names[v]);
        if (r == a->rows.nrows)
            continue;
        const char *sep = nfits ? " " : "";
        double lo = run_number(a, r, "serial_fraction_lo");
        double hi = run_number(a, r, "serial_fraction_hi");
        fitnames[nfits++] = names[v];
        law_name = run_field(a, r, "fit_law");
        plot_append(fs, sizeof fs, "%s%.6g", sep, run_number(a, r, "serial_fraction"));
        plot_append(flo, sizeof flo, "%s%.6g", sep, isfinite(lo) ? lo : -1);
        plot_append(fhi, sizeof fhi, "%s%.6g", sep, isfinite(hi) ? hi : -1);
        plot_append(resolved, sizeof resolved, "%s%d", sep,
                    strcmp(run_field(a, r, "fit_resolved"), "yes") == 0);
    }
    plot_append(variables, size, "law = '%s'\nfs = '%s'\nflo = '%s'\nfhi = '%s'\n"
                "resolved = '%s'\n", law_name, fs, flo, fhi, resolved);
    plot_names_line(variables, size, "fitnames", fitnames, nfits);
}

static int compare_kernel_plot(const struct run_data *a, const struct run_data *b,
                               const char *kernel, const char *out_dir, char *message)
{
    const char *names_a[RUN_MAX_NAMES], *names_b[RUN_MAX_NAMES];
    size_t count_a = run_variants(a, kernel, true, names_a);
    size_t count_b = run_variants(b, kernel, true, names_b);
    if (count_a == 0 && count_b == 0)
        return 0;
    char file_a[1200], file_b[1200];
    snprintf(file_a, sizeof file_a, "%s/plot-data/compare-%s-a.dat", out_dir, kernel);
    snprintf(file_b, sizeof file_b, "%s/plot-data/compare-%s-b.dat", out_dir, kernel);
    FILE *fa = fopen(file_a, "w"), *fb = fopen(file_b, "w");
    if (!fa || !fb) {
        snprintf(message, 256, "cannot write %.200s: %s", fa ? file_b : file_a, strerror(errno));
        if (fa)
            fclose(fa);
        if (fb)
            fclose(fb);
        return -1;
    }
    for (size_t v = 0; v < count_a; v++)
        plot_speedup_block(fa, a, kernel, names_a[v]);
    for (size_t v = 0; v < count_b; v++)
        plot_speedup_block(fb, b, kernel, names_b[v]);
    int closed_a = fclose(fa), closed_b = fclose(fb);
    if (closed_a != 0 || closed_b != 0) {
        snprintf(message, 256, "cannot write the data of %.200s", kernel);
        return -1;
    }
    int nmeas_a = run_largest_workers(a, kernel), nmax_b = run_largest_workers(b, kernel);
    int xmax = nmeas_a > nmax_b ? nmeas_a : nmax_b;
    char variables[4096] = "", title[700], plot[256];
    snprintf(variables, sizeof variables, "file_a = '%s'\nfile_b = '%s'\nxmax = %d\n"
             "nmeas_a = %d\nlabel_a = 'A %s'\nlabel_b = 'B %s'\n", file_a, file_b, xmax, nmeas_a,
             a->label, b->label);
    plot_names_line(variables, sizeof variables, "names_a", names_a, count_a);
    plot_names_line(variables, sizeof variables, "names_b", names_b, count_b);
    fit_variables(a, kernel, variables, sizeof variables);
    snprintf(title, sizeof title, "%s: what A (%s) predicted, and what B (%s) did", kernel,
             a->label, b->label);
    snprintf(plot, sizeof plot, "compare-%s", kernel);
    return plot_draw(out_dir, plot, "compare.gp", title, variables, message);
}

/* Where a run's mpi cells ran: the MPI library, the launcher, the nodes. */
static void compare_mpi_line(FILE *out, const char *name, const struct run_data *run)
{
    if (!json_path_bool(run->info, "mpi.available", false))
        return;
    double nodes = json_path_number(run->info, "mpi.allocation.nodes");
    fprintf(out, "- %s's mpi cells: %s, launched by %s, up to %.0f ranks on %.0f node%s (%s; "
            "ranks per node %s), %.0f thread%s per rank; the workers of mpi are ranks\n", name,
            json_path_string(run->info, "mpi.library_version", "?"),
            json_path_string(run->info, "mpi.launcher", "?"),
            json_path_number(run->info, "mpi.allocation.ranks"), nodes, nodes == 1 ? "" : "s",
            json_path_string(run->info, "mpi.allocation.source", "?"),
            json_path_string(run->info, "mpi.allocation.ranks_per_node", "?"),
            json_path_number(run->info, "mpi.threads_per_rank"),
            json_path_number(run->info, "mpi.threads_per_rank") == 1 ? "" : "s");
}

/* ---- The whole comparison ------------------------------------------------------------ */

static void refusal(const struct differences *d, char *message)
{
    snprintf(message, 256, "A and B solved different problems (%.120s%s): their times do not "
             "compare; --force compares them anyway", d->text[0],
             d->count > 1 ? ", and more" : "");
}

static int write_compare(FILE *out, const struct side *a, const struct side *b,
                         const struct differences *d, const char *out_dir, char *message)
{
    compare_header(out, a, b, d);
    compare_mpi_line(out, "A", &a->run);
    compare_mpi_line(out, "B", &b->run);
    int result = 0;
    const char *kernels[RUN_MAX_NAMES];
    size_t count = run_kernels(&a->run, kernels);
    const char *more[RUN_MAX_NAMES];
    size_t nmore = run_kernels(&b->run, more);
    for (size_t k = 0; k < nmore && count < RUN_MAX_NAMES; k++)
        if (!has_kernel(&a->run, more[k]))
            kernels[count++] = more[k];
    for (size_t k = 0; k < count; k++) {
        const char *pa = kernel_params(&a->run, kernels[k]), *pb = kernel_params(&b->run, kernels[k]);
        fprintf(out, "\n## %s\n\nParameters: %s%s%s\n", kernels[k], pa[0] ? pa : "(not in A)",
                strcmp(pa, pb) != 0 ? "; B: " : "",
                strcmp(pa, pb) != 0 ? (pb[0] ? pb : "(not in B)") : "");
        times_table(out, a, b, kernels[k]);
        speedup_table(out, a, b, kernels[k]);
        prediction_lines(out, &a->run, &b->run, kernels[k]);
        char plot[300];
        snprintf(plot, sizeof plot, "compare-%s.png", kernels[k]);
        if (result == 0 &&
            compare_kernel_plot(&a->run, &b->run, kernels[k], out_dir, message) != 0)
            result = 1;
        if (run_file_exists(out_dir, plot))
            fprintf(out, "\n![%s: A's fit against B's points](%s)\n", kernels[k], plot);
    }
    return result;
}

int report_compare(const char *dir_a, const char *dir_b, const char *out_dir, bool force,
                   char *message)
{
    struct side a, b;
    if (side_load(&a, dir_a, message) != 0)
        return -1;
    if (side_load(&b, dir_b, message) != 0) {
        side_free(&a);
        return -1;
    }
    struct differences d = {0};
    check_same(&a.run, &b.run, &d);
    int result = -1;
    char data_dir[1200], path[1200];
    snprintf(data_dir, sizeof data_dir, "%s/plot-data", out_dir);
    if (d.count > 0 && !force) {
        refusal(&d, message);
    } else if (report_make_folders(data_dir) != 0) {
        snprintf(message, 256, "cannot make %.200s: %s", data_dir, strerror(errno));
    } else {
        FILE *out = run_open_file(out_dir, "compare.md", path, sizeof path);
        if (!out) {
            snprintf(message, 256, "cannot write %.200s: %s", path, strerror(errno));
        } else {
            result = write_compare(out, &a, &b, &d, out_dir, message);
            if (fclose(out) != 0) {
                snprintf(message, 256, "cannot write %.200s: %s", path, strerror(errno));
                result = -1;
            }
            /* Compared anyway (--force): said where it cannot be missed. */
            for (int i = 0; i < d.count; i++)
                fprintf(stderr, "parbench: warning: A and B differ: %s\n", d.text[i]);
        }
    }
    side_free(&a);
    side_free(&b);
    return result;
}
