/* rundata.c — a run read back from its folder (see rundata.h). */
#include "rundata.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int run_load(struct run_data *run, const char *dir, char *message)
{
    memset(run, 0, sizeof *run);
    run->dir = dir;
    char path[1200], json_message[256];
    snprintf(path, sizeof path, "%s/results.csv", dir);
    if (csv_read(path, &run->rows, message) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/run.json", dir);
    run->info = json_parse_file(path, json_message);
    double usable = json_path_number(run->info, "cores.usable");
    run->usable = isfinite(usable) && usable >= 1 ? (int)usable : 1;
    snprintf(run->label, sizeof run->label, "%s (%d usable core%s)",
             json_path_string(run->info, "host", "unknown host"), run->usable,
             run->usable == 1 ? "" : "s");
    return 0;
}

void run_free(struct run_data *run)
{
    csv_free(&run->rows);
    json_value_free(run->info);
}

const char *run_field(const struct run_data *run, size_t row, const char *column)
{
    return csv_text(&run->rows, row, column);
}

double run_number(const struct run_data *run, size_t row, const char *column)
{
    return csv_number(&run->rows, row, column);
}

bool run_ok_row(const struct run_data *run, size_t row)
{
    return strcmp(run_field(run, row, "status"), "OK") == 0;
}

static bool in_list(const char **names, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* The kernels of a run, in the order they ran. */
size_t run_kernels(const struct run_data *run, const char **names)
{
    size_t count = 0;
    for (size_t r = 0; r < run->rows.nrows && count < RUN_MAX_NAMES; r++)
        if (!in_list(names, count, run_field(run, r, "kernel")))
            names[count++] = run_field(run, r, "kernel");
    return count;
}

/* The variants of one kernel with at least one OK cell: parallel ones, or
 * serial ones (a variant with nothing to show gets no line in a plot). */
size_t run_variants(const struct run_data *run, const char *kernel, bool parallel,
                    const char **names)
{
    size_t count = 0;
    for (size_t r = 0; r < run->rows.nrows && count < RUN_MAX_NAMES; r++) {
        bool is_parallel = strcmp(run_field(run, r, "parallel"), "yes") == 0;
        if (strcmp(run_field(run, r, "kernel"), kernel) == 0 && is_parallel == parallel &&
            strcmp(run_field(run, r, "status"), "OK") == 0 && run_main_work(run, r) &&
            !in_list(names, count, run_field(run, r, "variant")))
            names[count++] = run_field(run, r, "variant");
    }
    return count;
}

bool run_row_is(const struct run_data *run, size_t r, const char *kernel, const char *variant)
{
    return strcmp(run_field(run, r, "kernel"), kernel) == 0 &&
           strcmp(run_field(run, r, "variant"), variant) == 0;
}

int run_largest_workers(const struct run_data *run, const char *kernel)
{
    int largest = 1;
    for (size_t r = 0; r < run->rows.nrows; r++)
        if ((!kernel || strcmp(run_field(run, r, "kernel"), kernel) == 0) && run_ok_row(run, r) &&
            run_number(run, r, "workers") > largest)
            largest = (int)run_number(run, r, "workers");
    return largest;
}


bool run_main_work(const struct run_data *run, size_t row)
{
    return strcmp(run_field(run, row, "size"), "naive") != 0;
}

FILE *run_open_file(const char *dir, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    return fopen(path, "w");
}

bool run_file_exists(const char *dir, const char *name)
{
    char path[1200];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

void md_number(FILE *out, int decimals, double value)
{
    if (isfinite(value) && decimals >= 0)
        fprintf(out, " %.*f |", decimals, value);
    else if (isfinite(value))
        fprintf(out, " %.*g |", -decimals, value);
    else
        fputs(isinf(value) ? " inf |" : " - |", out);
}

size_t run_fit_row(const struct run_data *run, const char *kernel, const char *variant)
{
    for (size_t r = 0; r < run->rows.nrows; r++)
        if (run_row_is(run, r, kernel, variant) && run_main_work(run, r) &&
            isfinite(run_number(run, r, "serial_fraction")))
            return r;
    return run->rows.nrows;
}
