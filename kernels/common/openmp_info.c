/*
 * openmp_info.c — which OpenMP the variants were compiled against.
 *
 * Compiled with the OpenMP flags like the openmp variants, so _OPENMP here
 * is theirs. It only reads a macro: calling into the runtime would start
 * it, and the harness must not do that before it forks.
 */
#include "openmp_info.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

const char *openmp_spec_date(void)
{
#ifdef _OPENMP
    return STRINGIFY(_OPENMP);
#else
    return "none";
#endif
}
