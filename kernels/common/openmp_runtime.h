/*
 * openmp_runtime.h — the OpenMP runtime, from outside the openmp variants:
 * which OpenMP they were built with, and their shared start hook
 * (pb_start_openmp, declared in kernel.h).
 */
#ifndef PARBENCH_OPENMP_RUNTIME_H
#define PARBENCH_OPENMP_RUNTIME_H

/* The _OPENMP date, e.g. "201511" (OpenMP 4.5), or "none". Only reads a
 * macro: safe in a process that must not start the runtime. */
const char *openmp_spec_date(void);

#endif
