/* openmp_info.h — the OpenMP version the variants were built with. */
#ifndef PARBENCH_OPENMP_INFO_H
#define PARBENCH_OPENMP_INFO_H

/* The _OPENMP date, e.g. "201511" (OpenMP 4.5), or "none". */
const char *openmp_spec_date(void);

#endif
