/* compare.c — two runs side by side: compare.md and overlaid plots (see report.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "jsonread.h"
#include "plot.h"
#include "report.h"
#include "rundata.h"

static void compare_table(FILE *out, const struct run_data *a, const struct run_data *b,
                          const char *kernel)
{
    fprintf(out, "\n## %s\n\n| variant | workers | A median s | B median s | B / A | "
            "A vs self | B vs self | A f | B f |\n|---|---|---|---|---|---|---|---|---|\n", kernel);
    for (size_t r = 0; r < a->rows.nrows; r++) {
        if (strcmp(run_field(a, r, "kernel"), kernel) != 0 || !run_ok_row(a, r))
            continue;
        const char *variant = run_field(a, r, "variant");
        int workers = (int)run_number(a, r, "workers");
        size_t rb = 0;
        while (rb < b->rows.nrows && !(run_row_is(b, rb, kernel, variant) &&
                                       (int)run_number(b, rb, "workers") == workers && run_ok_row(b, rb)))
            rb++;
        bool in_b = rb < b->rows.nrows;
        double ma = run_number(a, r, "median_s"), mb = in_b ? run_number(b, rb, "median_s") : NAN;
        fprintf(out, "| %s | %d |", variant, workers);
        md_number(out, -4, ma);
        md_number(out, -4, mb);
        md_number(out, 2, mb / ma);
        md_number(out, 2, run_number(a, r, "speedup_vs_self"));
        md_number(out, 2, in_b ? run_number(b, rb, "speedup_vs_self") : NAN);
        md_number(out, 3, run_number(a, r, "serial_fraction"));
        md_number(out, 3, in_b ? run_number(b, rb, "serial_fraction") : NAN);
        fputc('\n', out);
    }
}

static int compare_kernel_plot(const struct run_data *a, const struct run_data *b,
                               const char *kernel, const char *out_dir, char *message)
{
    const char *names_a[RUN_MAX_NAMES], *names_b[RUN_MAX_NAMES];
    size_t count_a = run_variants(a, kernel, true, names_a);
    size_t count_b = run_variants(b, kernel, true, names_b);
    if (count_a == 0 && count_b == 0)
        return 0;
    char file_a[1200], file_b[1200], name[256];
    snprintf(name, sizeof name, "%s/plot-data/compare-%s-a.dat", out_dir, kernel);
    snprintf(file_a, sizeof file_a, "%s", name);
    snprintf(name, sizeof name, "%s/plot-data/compare-%s-b.dat", out_dir, kernel);
    snprintf(file_b, sizeof file_b, "%s", name);
    FILE *fa = fopen(file_a, "w"), *fb = fopen(file_b, "w");
    if (!fa || !fb) {
        if (fa)
            fclose(fa);
        if (fb)
            fclose(fb);
        snprintf(message, 256, "cannot write %.200s", file_a);
        return -1;
    }
    for (size_t v = 0; v < count_a; v++)
        plot_speedup_block(fa, a, kernel, names_a[v]);
    for (size_t v = 0; v < count_b; v++)
        plot_speedup_block(fb, b, kernel, names_b[v]);
    fclose(fa);
    fclose(fb);
    int measured = run_largest_workers(a, kernel) > run_largest_workers(b, kernel)
                       ? run_largest_workers(a, kernel) : run_largest_workers(b, kernel);
    char variables[4096] = "", title[700], plot[256];
    snprintf(variables, sizeof variables, "file_a = '%s'\nfile_b = '%s'\nxmax = %d\n"
             "label_a = 'A %s'\nlabel_b = 'B %s'\n", file_a, file_b, measured, a->label, b->label);
    plot_names_line(variables, sizeof variables, "names_a", names_a, count_a);
    plot_names_line(variables, sizeof variables, "names_b", names_b, count_b);
    snprintf(title, sizeof title, "%s: A = %s vs B = %s", kernel, a->label, b->label);
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

int report_compare(const char *dir_a, const char *dir_b, const char *out_dir, char *message)
{
    struct run_data a, b;
    if (run_load(&a, dir_a, message) != 0)
        return -1;
    if (run_load(&b, dir_b, message) != 0) {
        run_free(&a);
        return -1;
    }
    char data_dir[1100], path[1200];
    mkdir(out_dir, 0777);
    snprintf(data_dir, sizeof data_dir, "%s/plot-data", out_dir);
    mkdir(data_dir, 0777);
    FILE *out = run_open_file(out_dir, "compare.md", path, sizeof path);
    int result = out ? 0 : -1;
    const char *kernels[RUN_MAX_NAMES];
    size_t count = run_kernels(&a, kernels);
    if (out) {
        fprintf(out, "# parbench: A = %s vs B = %s\n\n- A: %s (%s)\n- B: %s (%s)\n", a.label,
                b.label, dir_a, json_path_string(a.info, "machine.cpu_model", "?"), dir_b,
                json_path_string(b.info, "machine.cpu_model", "?"));
        compare_mpi_line(out, "A", &a);
        compare_mpi_line(out, "B", &b);
        for (size_t k = 0; k < count; k++) {
            compare_table(out, &a, &b, kernels[k]);
            char plot[300];
            snprintf(plot, sizeof plot, "compare-%s.png", kernels[k]);
            if (result == 0 && compare_kernel_plot(&a, &b, kernels[k], out_dir, message) != 0)
                result = 1;
            if (run_file_exists(out_dir, plot))
                fprintf(out, "\n![%s compared](%s)\n", kernels[k], plot);
        }
        fclose(out);
    } else {
        snprintf(message, 256, "cannot write %.200s: %s", path, strerror(errno));
    }
    run_free(&a);
    run_free(&b);
    return result;
}
