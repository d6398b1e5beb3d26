/* plot.c — driving gnuplot for a run's plots (see plot.h). */
#define _DEFAULT_SOURCE /* posix_spawnp's environ */
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../kernels/common/process.h"
#include "report.h"

extern char **environ;

/* How far a resolved fit's dashed prediction reaches: this many times the
 * usable cores. */
enum { EXTRAPOLATION = 4 };

/* ---- Running gnuplot ------------------------------------------------------ */

/* A gnuplot string literal: single quotes, inner ones doubled. */
static void gp_string(FILE *out, const char *name, const char *value)
{
    fprintf(out, "%s = '", name);
    for (const char *p = value; *p; p++)
        fputs(*p == '\'' ? "''" : (char[]){*p, '\0'}, out);
    fputs("'\n", out);
}

/* Runs gnuplot on a driver file, its stderr into <driver>.log; 0, or -1
 * with message. gnuplot's own warnings stay in the log, not on our stderr. */
static int run_gnuplot(const char *driver, char *message)
{
    char log[1400];
    snprintf(log, sizeof log, "%s.log", driver);
    posix_spawn_file_actions_t actions;
    int error = posix_spawn_file_actions_init(&actions);
    if (error != 0) {
        snprintf(message, 256, "cannot run gnuplot: %s", strerror(error));
        return -1;
    }
    char *args[] = {"gnuplot", (char *)driver, NULL};
    pid_t pid;
    error = posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (error == 0)
        error = posix_spawnp(&pid, "gnuplot", &actions, NULL, args, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        snprintf(message, 256, "cannot run gnuplot (%s): plots skipped; install gnuplot "
                 "(Debian: gnuplot-nox)", strerror(error));
        return -1;
    }
    int status;
    if (process_wait(pid, &status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(message, 256, "gnuplot failed (see %.200s)", log);
        return -1;
    }
    return 0;
}

int plot_draw(const char *out_dir, const char *name, const char *script, const char *title,
              const char *variables, char *message)
{
    char driver[1300], png[1300], svg[1300];
    snprintf(driver, sizeof driver, "%s/plot-data/%s.gp", out_dir, name);
    snprintf(png, sizeof png, "%s/%s.png", out_dir, name);
    snprintf(svg, sizeof svg, "%s/%s.svg", out_dir, name);
    FILE *out = fopen(driver, "w");
    if (!out) {
        snprintf(message, 256, "cannot write %.200s: %s", driver, strerror(errno));
        return -1;
    }
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/", report_plot_dir());
    gp_string(out, "dir", dir);
    gp_string(out, "plot_title", title);
    gp_string(out, "png", png);
    gp_string(out, "svg", svg);
    fputs(variables, out);
    fprintf(out, "load dir . '%s'\n", script);
    if (fclose(out) != 0) {
        snprintf(message, 256, "cannot write %.200s: %s", driver, strerror(errno));
        return -1;
    }
    return run_gnuplot(driver, message);
}

void plot_append(char *buf, size_t size, const char *format, ...)
{
    size_t used = strlen(buf);
    va_list args;
    va_start(args, format);
    vsnprintf(buf + used, size - used, format, args);
    va_end(args);
}

void plot_names_line(char *buf, size_t size, const char *variable, const char **names,
                     size_t count)
{
    plot_append(buf, size, "%s = '", variable);
    for (size_t i = 0; i < count; i++)
        plot_append(buf, size, "%s%s", i ? " " : "", names[i]);
    plot_append(buf, size, "'\n");
}

/* ---- Speedup and efficiency --------------------------------------------------- */

/* The value, or `fallback` where it is unknown (a point with no bar). */
static double or_else(double value, double fallback)
{
    return isfinite(value) ? value : fallback;
}

void plot_speedup_block(FILE *out, const struct run_data *run, const char *kernel,
                        const char *variant)
{
    fprintf(out, "# %s %s: workers self self_lo self_hi speedup lo hi eff eff_lo eff_hi flags\n",
            kernel, variant);
    for (size_t r = 0; r < run->rows.nrows; r++) {
        if (!run_row_is(run, r, kernel, variant) || !run_ok_row(run, r) || !run_main_work(run, r))
            continue;
        double self = run_number(run, r, "speedup_vs_self");
        double s = run_number(run, r, "speedup_vs_optimized");
        double e = run_number(run, r, "efficiency");
        fprintf(out, "%g %g %g %g %g %g %g %g %g %g \"%s\"\n", run_number(run, r, "workers"),
                self, or_else(run_number(run, r, "speedup_vs_self_lo"), self),
                or_else(run_number(run, r, "speedup_vs_self_hi"), self), s,
                or_else(run_number(run, r, "speedup_lo"), s),
                or_else(run_number(run, r, "speedup_hi"), s), e,
                or_else(run_number(run, r, "efficiency_lo"), e),
                or_else(run_number(run, r, "efficiency_hi"), e), run_field(run, r, "flags"));
    }
    fputs("\n\n", out);
}

static int write_speedup_data(const struct run_data *run, const char *kernel, const char **names,
                              size_t count, char *path, size_t size)
{
    char name[200];
    snprintf(name, sizeof name, "plot-data/speedup-%s.dat", kernel);
    FILE *out = run_open_file(run->dir, name, path, size);
    if (!out)
        return -1;
    for (size_t v = 0; v < count; v++)
        plot_speedup_block(out, run, kernel, names[v]);
    return fclose(out);
}

/* fitnames, fs, flo, fhi, resolved and law, for the variants that have a fit. */
static void fit_variables(const struct run_data *run, const char *kernel, const char **names,
                          size_t count, char *variables, size_t size)
{
    const char *fitnames[RUN_MAX_NAMES], *law = "amdahl";
    char fs[512] = "", flo[512] = "", fhi[512] = "", resolved[128] = "";
    size_t nfits = 0;
    for (size_t v = 0; v < count; v++) {
        size_t r = run_fit_row(run, kernel, names[v]);
        if (r == run->rows.nrows)
            continue;
        const char *sep = nfits ? " " : "";
        double f = run_number(run, r, "serial_fraction");
        fitnames[nfits++] = names[v];
        law = run_field(run, r, "fit_law");
        plot_append(fs, sizeof fs, "%s%.6g", sep, f);
        plot_append(flo, sizeof flo, "%s%.6g", sep, or_else(run_number(run, r, "serial_fraction_lo"), -1));
        plot_append(fhi, sizeof fhi, "%s%.6g", sep, or_else(run_number(run, r, "serial_fraction_hi"), -1));
        plot_append(resolved, sizeof resolved, "%s%d", sep,
                    strcmp(run_field(run, r, "fit_resolved"), "yes") == 0);
    }
    plot_append(variables, size, "law = '%s'\nfs = '%s'\nflo = '%s'\nfhi = '%s'\nresolved = '%s'\n",
                law, fs, flo, fhi, resolved);
    plot_names_line(variables, size, "fitnames", fitnames, nfits);
}

/* Where the speedup plot ends: beyond the measurements only when some fit
 * is resolved, for its dashed prediction. */
static double x_limit(const struct run_data *run, const char *kernel, int measured)
{
    bool resolved = false;
    for (size_t r = 0; r < run->rows.nrows; r++)
        resolved |= strcmp(run_field(run, r, "kernel"), kernel) == 0 &&
                    strcmp(run_field(run, r, "fit_resolved"), "yes") == 0;
    if (!resolved)
        return measured + 0.2;
    int limit = EXTRAPOLATION * run->usable;
    return limit > 2 * measured ? limit : 2 * measured;
}

static int plot_speedup(const struct run_data *run, const char *kernel, const char *size_class,
                        char *message)
{
    const char *names[RUN_MAX_NAMES];
    size_t count = run_variants(run, kernel, true, names);
    if (count == 0)
        return 0;
    char data[1200], variables[4096] = "", title[512], plot[256];
    if (write_speedup_data(run, kernel, names, count, data, sizeof data) != 0) {
        snprintf(message, 256, "cannot write %.200s", data);
        return -1;
    }
    int measured = run_largest_workers(run, kernel);
    snprintf(variables, sizeof variables, "datafile = '%s'\nnmeas = %d\nxmax = %g\n", data,
             measured, x_limit(run, kernel, measured));
    plot_names_line(variables, sizeof variables, "names", names, count);
    fit_variables(run, kernel, names, count, variables, sizeof variables);
    snprintf(title, sizeof title, "%s: speedup on %s, size %s", kernel, run->label, size_class);
    snprintf(plot, sizeof plot, "speedup-%s", kernel);
    if (plot_draw(run->dir, plot, "speedup.gp", title, variables, message) != 0)
        return -1;
    snprintf(title, sizeof title, "%s: efficiency on %s, size %s", kernel, run->label, size_class);
    snprintf(plot, sizeof plot, "efficiency-%s", kernel);
    return plot_draw(run->dir, plot, "efficiency.gp", title, variables, message);
}

/* ---- Start-up --------------------------------------------------------------------- */

static int plot_startup(const struct run_data *run, const char *kernel, const char *size_class,
                        char *message)
{
    const char *names[RUN_MAX_NAMES];
    size_t count = run_variants(run, kernel, true, names);
    if (count == 0)
        return 0;
    char data[1200], name[200];
    snprintf(name, sizeof name, "plot-data/startup-%s.dat", kernel);
    FILE *out = run_open_file(run->dir, name, data, sizeof data);
    if (!out)
        return -1;
    for (size_t v = 0; v < count; v++) {
        fprintf(out, "# %s %s: workers startup_s median_s\n", kernel, names[v]);
        for (size_t r = 0; r < run->rows.nrows; r++)
            if (run_row_is(run, r, kernel, names[v]) && run_ok_row(run, r) &&
                run_main_work(run, r))
                fprintf(out, "%g %g %g\n", run_number(run, r, "workers"),
                        run_number(run, r, "startup_s"), run_number(run, r, "median_s"));
        fputs("\n\n", out);
    }
    if (fclose(out) != 0)
        return -1;
    char variables[2048], title[512], plot[256];
    snprintf(variables, sizeof variables, "datafile = '%s'\nxmax = %d\n", data,
             run_largest_workers(run, kernel));
    plot_names_line(variables, sizeof variables, "names", names, count);
    snprintf(title, sizeof title, "%s: start-up of the workers on %s, size %s", kernel,
             run->label, size_class);
    snprintf(plot, sizeof plot, "startup-%s", kernel);
    return plot_draw(run->dir, plot, "startup.gp", title, variables, message);
}

/* ---- Times and bandwidth -------------------------------------------------------- */

/* Median time of a kernel's variant at `workers` on its main work, NAN if
 * it did not run. */
static double median_at(const struct run_data *run, const char *kernel, const char *variant,
                        int workers)
{
    for (size_t r = 0; r < run->rows.nrows; r++)
        if (run_row_is(run, r, kernel, variant) && run_ok_row(run, r) && run_main_work(run, r) &&
            (int)run_number(run, r, "workers") == workers)
            return run_number(run, r, "median_s");
    return NAN;
}

int plot_times(const struct run_data *run, const char *size_class, char *message)
{
    bool any_ok = false;
    for (size_t r = 0; r < run->rows.nrows; r++)
        any_ok |= run_ok_row(run, r);
    if (!any_ok)
        return 0; /* nothing was timed */
    char path[1200];
    FILE *out = run_open_file(run->dir, "plot-data/times.dat", path, sizeof path);
    if (!out)
        return -1;
    int nmax = run_largest_workers(run, NULL);
    const char *kernels[RUN_MAX_NAMES];
    size_t nkernels = run_kernels(run, kernels);
    for (size_t k = 0; k < nkernels; k++)
        for (int parallel = 0; parallel <= 1; parallel++) {
            const char *names[RUN_MAX_NAMES];
            size_t count = run_variants(run, kernels[k], parallel, names);
            for (size_t v = 0; v < count; v++)
                fprintf(out, "%s/%s %g %g\n", kernels[k], names[v],
                        median_at(run, kernels[k], names[v], 1),
                        parallel ? median_at(run, kernels[k], names[v], nmax) : NAN);
        }
    if (fclose(out) != 0)
        return -1;
    char variables[4096], title[512];
    snprintf(variables, sizeof variables, "datafile = '%s'\nnmax = %d\n", path, nmax);
    snprintf(title, sizeof title, "median time per call on %s, size %s (lower is better; naive "
             "runs smaller work, see summary.md)", run->label, size_class);
    return plot_draw(run->dir, "times", "times.gp", title, variables, message);
}

/* The bandwidth references of run.json, as "workers GB/s..." lines. */
static int write_references(const struct run_data *run, char *path, size_t size)
{
    const struct json_value *table = json_path(run->info, "bandwidth.gbytes_per_s");
    if (!table || table->type != JSON_ARRAY || table->count == 0)
        return -1;
    FILE *out = run_open_file(run->dir, "plot-data/references.dat", path, size);
    if (!out)
        return -1;
    for (size_t i = 0; i < table->count; i++)
        fprintf(out, "%g %g %g\n", json_path_number(&table->items[i], "threads"),
                fmax(json_path_number(&table->items[i], "triad"),
                     json_path_number(&table->items[i], "triad_streaming")),
                json_path_number(&table->items[i], "gbytes_per_s"));
    return fclose(out);
}

static int plot_bandwidth(const struct run_data *run, const char *kernel, const char *size_class,
                          char *message)
{
    bool any = false;
    for (size_t r = 0; r < run->rows.nrows; r++)
        any |= strcmp(run_field(run, r, "kernel"), kernel) == 0 &&
               isfinite(run_number(run, r, "gbytes_per_s"));
    char references[1200], data[1200], name[200];
    if (!any || write_references(run, references, sizeof references) != 0)
        return 0;
    snprintf(name, sizeof name, "plot-data/bandwidth-%s.dat", kernel);
    FILE *out = run_open_file(run->dir, name, data, sizeof data);
    if (!out)
        return -1;
    const char *names[2 * RUN_MAX_NAMES];
    size_t count = run_variants(run, kernel, false, names);
    count += run_variants(run, kernel, true, names + count);
    for (size_t v = 0; v < count; v++) {
        for (size_t r = 0; r < run->rows.nrows; r++)
            if (run_row_is(run, r, kernel, names[v]) && run_ok_row(run, r) &&
                run_main_work(run, r))
                fprintf(out, "%g %g\n", run_number(run, r, "workers"),
                        run_number(run, r, "gbytes_per_s"));
        fputs("\n\n", out);
    }
    if (fclose(out) != 0)
        return -1;
    char variables[4096], title[512], plot[256];
    snprintf(variables, sizeof variables, "datafile = '%s'\nreferencefile = '%s'\nxmax = %d\n",
             data, references, run_largest_workers(run, kernel));
    plot_names_line(variables, sizeof variables, "names", names, count);
    snprintf(title, sizeof title, "%s: memory bandwidth on %s, size %s", kernel, run->label,
             size_class);
    snprintf(plot, sizeof plot, "bandwidth-%s", kernel);
    return plot_draw(run->dir, plot, "bandwidth.gp", title, variables, message);
}

int plot_kernel(const struct run_data *run, const char *kernel, const char *size_class,
                char *message)
{
    if (plot_speedup(run, kernel, size_class, message) != 0 ||
        plot_startup(run, kernel, size_class, message) != 0 ||
        plot_bandwidth(run, kernel, size_class, message) != 0)
        return -1;
    return 0;
}
