/*
 * traps.h — functions that kernel and variant code must not call.
 *
 * Include it LAST in every file under kernels/<kernel>/, solutions/ and
 * exercises/ (after the system headers, which declare these names). Any later
 * use is then a compile error, with the reason below:
 *
 *   clock, time, gettimeofday  the harness owns timing; clock() even sums CPU
 *                              time over threads and hides any speedup
 *   rand, srand, random        one hidden global state: not reproducible and
 *                              not safe across threads or forked workers
 *                              (use common/rng.h, a counter-based generator)
 *   atoi, atol, atof           no error detection; the harness parses input
 *   sprintf, strcpy, strcat    no bounds: use snprintf
 *   printf, fprintf, puts      kernels never print; the harness reports
 *   exit                       a forked worker must end with _exit()
 */
#ifndef PARBENCH_TRAPS_H
#define PARBENCH_TRAPS_H

#pragma GCC poison clock time gettimeofday
#pragma GCC poison rand srand random
#pragma GCC poison atoi atol atof
#pragma GCC poison sprintf strcpy strcat
#pragma GCC poison printf fprintf puts
#pragma GCC poison exit

#endif
