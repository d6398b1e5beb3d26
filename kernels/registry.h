/*
 * registry.h — every kernel parbench knows, in the order they are run.
 */
#ifndef PARBENCH_REGISTRY_H
#define PARBENCH_REGISTRY_H

#include <stddef.h>

#include "kernel.h"

extern const struct pb_kernel *const pb_kernels[];
extern const size_t pb_kernel_count;

/* The kernel called `name`, or NULL. */
const struct pb_kernel *registry_find(const char *name);

/* The variant of `kernel` called `name`, or NULL. */
const struct pb_variant *registry_find_variant(const struct pb_kernel *kernel, const char *name);

#endif
