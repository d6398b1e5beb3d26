/*
 * rundata.h — a finished run read back from its folder (results.csv and
 * run.json), for the reports: summary.md, the plots, comparisons.
 */
#ifndef PARBENCH_RUNDATA_H
#define PARBENCH_RUNDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "csvread.h"
#include "jsonread.h"

enum { RUN_MAX_NAMES = 32 };

/* One run, as read back from its folder. */
struct run_data {
    const char *dir;
    struct csv_table rows;
    struct json_value *info; /* run.json; NULL if missing or unreadable */
    char label[256];         /* "host (2 usable cores)" */
    int usable;
};

/* 0, or -1 with a one-line message when results.csv cannot be read. */
int run_load(struct run_data *run, const char *dir, char *message);
void run_free(struct run_data *run);

/* A field of row `row`, as text ("" when absent) or number (NAN). */
const char *run_field(const struct run_data *run, size_t row, const char *column);
double run_number(const struct run_data *run, size_t row, const char *column);
bool run_ok_row(const struct run_data *run, size_t row);
bool run_row_is(const struct run_data *run, size_t row, const char *kernel, const char *variant);

/* The kernels of a run, in the order they ran. */
size_t run_kernels(const struct run_data *run, const char **names);
/* The variants of one kernel with at least one OK cell on its main work:
 * parallel ones, or serial ones. */
size_t run_variants(const struct run_data *run, const char *kernel, bool parallel,
                    const char **names);
/* The most workers of an OK cell (of `kernel`, or of any when NULL). */
int run_largest_workers(const struct run_data *run, const char *kernel);

bool run_main_work(const struct run_data *run, size_t row);

/* The row that carries a variant's fit (the first of its main-work rows
 * with a serial fraction), or run->rows.nrows when it has none. */
size_t run_fit_row(const struct run_data *run, const char *kernel, const char *variant);

/* Opens dir/name for writing; the full path goes to path. */
FILE *run_open_file(const char *dir, const char *name, char *path, size_t size);
bool run_file_exists(const char *dir, const char *name);

/* A markdown table cell: the number with `decimals` decimals (negative:
 * that many significant digits), "inf", or "-" when it does not apply. */
void md_number(FILE *out, int decimals, double value);

#endif
