/*
 * plan.h — what one parbench run measures: each kernel's parameter values
 * (and naive's smaller work), the worker counts, the memory check, and
 * the cells of each kernel. Nothing here runs anything.
 */
#ifndef PARBENCH_PLAN_H
#define PARBENCH_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "bench.h"

/* One cell of a kernel: which variant, how many workers, on what work. */
struct plan_cell {
    const struct pb_variant *variant;
    int workers;
    const char *size; /* the size class's name, or "naive" for naive's smaller work */
    struct pb_values values;
};

/* Most cells one kernel can have: every variant at every worker count,
 * plus naive's pair. */
enum { PLAN_MAX_CELLS = 8 * CLI_MAX_WORKER_COUNTS };

/*
 * Resolves every kernel's values (and naive's work), the worker counts and
 * the memory check into bench. Returns 0, or -1 with a one-line message for
 * the user (exit status 2).
 */
int plan_prepare(struct bench *bench, char *message);

/* The cells of kernel number k, in a fixed order (the baselines first).
 * Returns how many. */
size_t plan_kernel_cells(const struct bench *bench, size_t k, struct plan_cell *cells);

/* Bytes the cell's process will allocate for its kernel. */
unsigned long long plan_cell_memory(const struct bench *bench, size_t k,
                                    const struct plan_cell *cell);

/* Every parameter as "n=2000000000 chunk=262144". */
void plan_format_params(const struct pb_kernel *kernel, const struct pb_values *values, char *buf,
                        size_t size);

#endif
