/* summary.c — summary.md of a run, from its files (see report.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "flags.h"
#include "report.h"
#include "rundata.h"

/* "0.3012 [0.2998, 0.3030]", "0.3012 [?]" or "-". */
static void md_interval(FILE *out, const struct run_data *run, size_t r, const char *median,
                        const char *lo, const char *hi, int digits)
{
    double m = run_number(run, r, median), l = run_number(run, r, lo), h = run_number(run, r, hi);
    if (!isfinite(m))
        fputs(" - |", out);
    else if (isfinite(l) && isfinite(h))
        fprintf(out, " %.*g [%.*g, %.*g] |", digits, m, digits, l, digits, h);
    else
        fprintf(out, " %.*g [?] |", digits, m);
}

static void summary_header(FILE *out, const struct run_data *run)
{
    const struct json_value *info = run->info;
    fprintf(out, "# parbench run on %s\n\n", json_path_string(info, "host", "unknown host"));
    fprintf(out, "- Started: %s (%s)\n", json_path_string(info, "started", "?"),
            json_path_string(info, "status", "?"));
    fprintf(out, "- Machine: %s; %g physical cores, %g logical CPUs, %g NUMA node(s); "
            "%.1f GB memory; %s %s\n", json_path_string(info, "machine.cpu_model", "?"),
            json_path_number(info, "machine.physical_cores"),
            json_path_number(info, "machine.logical_cpus"),
            json_path_number(info, "machine.numa_nodes"),
            json_path_number(info, "machine.memory_total_bytes") / 1e9,
            json_path_string(info, "machine.os", "?"), json_path_string(info, "machine.os_release", ""));
    fprintf(out, "- Usable cores: %d (decided by: %s)\n", run->usable,
            json_path_string(info, "cores.decided_by", "?"));
    fprintf(out, "- Clocks and power: cpufreq %s, governor %s, turbo %s, power %s\n",
            json_path_string(info, "power.cpufreq_driver", "?"),
            json_path_string(info, "power.governor", "?"), json_path_string(info, "power.turbo", "?"),
            json_path_string(info, "power.power_source", "?"));
    double steal = json_path_number(info, "power.steal_fraction");
    if (isfinite(steal))
        fprintf(out, "- Time stolen by the hypervisor (other guests ran on these CPUs): %.1f%% of "
                "the machine's CPU time during the run\n", 100 * steal);
    fprintf(out, "- Transparent huge pages: %s\n",
            json_path_string(info, "power.transparent_hugepages", "?"));
    fprintf(out, "- Build: %s %s, flags `%s`, OpenMP %s, sources %s, git %s\n",
            json_path_string(info, "build.compiler", "?"),
            json_path_string(info, "build.compiler_version", ""),
            json_path_string(info, "build.cflags", "?"),
            json_path_string(info, "build.openmp_spec_date", "?"),
            json_path_string(info, "build.sources", "?"),
            json_path_string(info, "build.git_revision", "?"));
    fprintf(out, "- Size class %s; %g-%g rounds per kernel, samples of at least %g s, seed %s\n",
            json_path_string(info, "settings.size", "?"),
            json_path_number(info, "settings.min_rounds"),
            json_path_number(info, "settings.max_rounds"),
            json_path_number(info, "settings.min_sample_s"),
            json_path_string(info, "settings.seed", "?"));
    const struct json_value *bw = json_path(info, "bandwidth.gbytes_per_s");
    for (size_t i = 0; bw && bw->type == JSON_ARRAY && i < bw->count; i++)
        fprintf(out, "%s%g: %.1f / %.1f GB/s%s",
                i ? ", " : "- Memory bandwidth (triad / six streams, the better of ordinary and "
                           "streaming stores), by threads: ",
                json_path_number(&bw->items[i], "threads"),
                fmax(json_path_number(&bw->items[i], "triad"),
                     json_path_number(&bw->items[i], "triad_streaming")),
                json_path_number(&bw->items[i], "gbytes_per_s"), i + 1 == bw->count ? "\n" : "");
    if (json_path_bool(info, "power.busy_at_start", false))
        fprintf(out, "- **The machine was busy**: %s\n",
                json_path_string(info, "power.busy_reason", "?"));
    fputs("\nHow to read this: every cell was visited once per round, the rounds in a fresh "
          "random order; each figure is the median over the rounds with its 95% interval in "
          "brackets ([?]: too few rounds for one). Speedups are paired: each round's cell is "
          "divided by the same round's optimized serial time, so drift between rounds cancels. "
          "\"vs self\" is over the same variant on one worker, which is what Karp-Flatt e(N) "
          "and the fitted serial fraction f use. Start-up (forking a pool, creating threads, "
          "OpenMP's first region) is measured apart and not in the times; end-to-end = start-up "
          "+ one call.\n", out);
}

static void summary_row(FILE *out, const struct run_data *run, size_t r)
{
    bool naive_work = !run_main_work(run, r);
    fprintf(out, "| %s%s | %s |", run_field(run, r, "variant"), naive_work ? "*" : "",
            run_field(run, r, "workers"));
    if (!run_ok_row(run, r)) {
        fprintf(out, " %s: %s | | | | | | | | |\n", run_field(run, r, "status"),
                run_field(run, r, "message"));
        return;
    }
    md_interval(out, run, r, "median_s", "median_lo", "median_hi", 4);
    md_interval(out, run, r, "speedup_vs_optimized", "speedup_lo", "speedup_hi", 3);
    md_number(out, 2, run_number(run, r, "speedup_vs_self"));
    md_number(out, 2, run_number(run, r, "efficiency"));
    md_number(out, -3, run_number(run, r, "startup_s"));
    md_number(out, -4, run_number(run, r, "end_to_end_s"));
    md_interval(out, run, r, "karp_flatt", "karp_flatt_lo", "karp_flatt_hi", 2);
    md_number(out, 2, run_number(run, r, "effective_ghz"));
    const char *flags = run_field(run, r, "flags"), *notes = run_field(run, r, "message");
    fprintf(out, " %s%s%s%s |\n", flags, notes[0] ? " (" : "", notes, notes[0] ? ")" : "");
}

/* One line per parallel variant: its fitted serial fraction, and the
 * ceiling only when f is resolved. */
static void summary_fits(FILE *out, const struct run_data *run, const char *kernel)
{
    const char *names[RUN_MAX_NAMES];
    size_t count = run_variants(run, kernel, true, names);
    for (size_t v = 0; v < count; v++)
        for (size_t r = 0; r < run->rows.nrows; r++) {
            if (!run_row_is(run, r, kernel, names[v]) || !run_main_work(run, r) ||
                !isfinite(run_number(run, r, "serial_fraction")))
                continue;
            double lo = run_number(run, r, "serial_fraction_lo");
            fprintf(out, "- %s: %s's law, serial fraction f = %.3f", names[v],
                    strcmp(run_field(run, r, "fit_law"), "gustafson") == 0 ? "Gustafson"
                                                                           : "Amdahl",
                    run_number(run, r, "serial_fraction"));
            if (isfinite(lo))
                fprintf(out, " [%.3f, %.3f]", lo, run_number(run, r, "serial_fraction_hi"));
            if (strcmp(run_field(run, r, "fit_resolved"), "yes") == 0 &&
                isfinite(run_number(run, r, "max_speedup")))
                fprintf(out, "; ceiling 1/f = %.1fx [%.1f, %.1f]\n",
                        run_number(run, r, "max_speedup"), run_number(run, r, "max_speedup_lo"),
                        run_number(run, r, "max_speedup_hi"));
            else
                fprintf(out, "; ceiling not resolved (%g worker counts measured; it takes 3, "
                        "and an interval of f above 0)\n", run_number(run, r, "fit_points"));
            break;
        }
}

/* The "optimize first" ratio, from the naive row on its own work. */
static void summary_naive(FILE *out, const struct run_data *run, const char *kernel)
{
    for (size_t r = 0; r < run->rows.nrows; r++) {
        if (!run_row_is(run, r, kernel, "naive") || !run_ok_row(run, r))
            continue;
        double s = run_number(run, r, "speedup_vs_optimized");
        double lo = run_number(run, r, "speedup_lo"), hi = run_number(run, r, "speedup_hi");
        if (!(s > 0))
            return;
        fprintf(out, "- Optimize first: on the same work%s%s%s, optimized serial code was "
                "%.1fx faster than naive", run_main_work(run, r) ? "" : " (",
                run_main_work(run, r) ? "" : run_field(run, r, "params"),
                run_main_work(run, r) ? "" : ": naive's smaller work, rows marked *)", 1.0 / s);
        if (isfinite(lo) && isfinite(hi))
            fprintf(out, " [%.1f, %.1f]", 1.0 / hi, 1.0 / lo);
        fputs(".\n", out);
        return;
    }
}

static void summary_kernel(FILE *out, const struct run_data *run, const char *kernel)
{
    fprintf(out, "\n## %s\n\n", kernel);
    fputs("| variant | workers | median s per call [95%] | speedup [95%] | vs self | efficiency | "
          "start-up s | end-to-end s | Karp-Flatt [95%] | GHz | flags |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|\n", out);
    for (size_t r = 0; r < run->rows.nrows; r++)
        if (strcmp(run_field(run, r, "kernel"), kernel) == 0)
            summary_row(out, run, r);
    fputc('\n', out);
    summary_naive(out, run, kernel);
    summary_fits(out, run, kernel);
    static const char *const plots[] = {"speedup", "efficiency", "startup", "bandwidth"};
    fputc('\n', out);
    for (size_t p = 0; p < ARRAY_SIZE(plots); p++) {
        char name[256];
        snprintf(name, sizeof name, "%s-%s.png", plots[p], kernel);
        if (run_file_exists(run->dir, name))
            fprintf(out, "![%s %s](%s)\n", kernel, plots[p], name);
    }
    char image[256];
    snprintf(image, sizeof image, "%s.png", kernel);
    if (run_file_exists(run->dir, image))
        fprintf(out, "\nThe picture: ![%s](%s)\n", kernel, image);
}

/* One sentence for each flag that occurs in the run. */
static void summary_flags(FILE *out, const struct run_data *run)
{
    bool header = false;
    for (unsigned bit = 1; bit < (1u << FLAG_COUNT); bit <<= 1) {
        const char *name = flags_name(bit);
        bool occurs = false;
        for (size_t r = 0; r < run->rows.nrows && !occurs; r++) {
            const char *flags = run_field(run, r, "flags");
            const char *at = strstr(flags, name);
            size_t len = strlen(name);
            occurs = at && (at[len] == '\0' || at[len] == ' ');
        }
        if (!occurs)
            continue;
        if (!header)
            fputs("\n## Flags in this run\n\n", out);
        header = true;
        fprintf(out, "- %s\n", flags_explain(bit));
    }
}

int summary_write(const struct run_data *run)
{
    char path[1200];
    FILE *out = run_open_file(run->dir, "summary.md", path, sizeof path);
    if (!out)
        return -1;
    summary_header(out, run);
    const char *kernels[RUN_MAX_NAMES];
    size_t count = run_kernels(run, kernels);
    for (size_t k = 0; k < count; k++)
        summary_kernel(out, run, kernels[k]);
    summary_flags(out, run);
    if (run_file_exists(run->dir, "times.png"))
        fputs("\n## Times\n\n![median times](times.png)\n", out);
    return fclose(out);
}
