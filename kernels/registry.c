/*
 * registry.c — the list of kernels. Adding a kernel = its folder plus one
 * X(name) line here; the descriptor must be called <name>_kernel.
 */
#include "registry.h"

#include <string.h>

#define PB_KERNEL_LIST(X) \
    X(cos_series) \
    X(slow_series) \
    X(gauss_map) \
    X(parzen) \
    X(sph2cart)

#define DECLARE(name) extern const struct pb_kernel name##_kernel;
PB_KERNEL_LIST(DECLARE)
#undef DECLARE

#define ADDRESS(name) &name##_kernel,
const struct pb_kernel *const pb_kernels[] = {PB_KERNEL_LIST(ADDRESS)};
#undef ADDRESS

const size_t pb_kernel_count = ARRAY_SIZE(pb_kernels);

const struct pb_kernel *registry_find(const char *name)
{
    for (size_t i = 0; i < pb_kernel_count; i++)
        if (strcmp(pb_kernels[i]->name, name) == 0)
            return pb_kernels[i];
    return NULL;
}

const struct pb_variant *registry_find_variant(const struct pb_kernel *kernel, const char *name)
{
    for (size_t i = 0; i < kernel->nvariants; i++)
        if (strcmp(kernel->variants[i].name, name) == 0)
            return &kernel->variants[i];
    return NULL;
}
