/*
 * analysis.h — what the speedups say: Karp-Flatt and Amdahl's law.
 *
 * Amdahl's law: if a fraction f of the work is serial, N workers give at most
 *     S(N) = 1 / (f + (1 - f) / N),   and never more than 1/f.
 * Both figures here use the speedup over the variant's own 1-worker time
 * (its scalability), for which S(1) = 1 holds by construction, so that
 * start-up overhead and lost parallel efficiency show up in f.
 *
 * Karp-Flatt: the serial fraction that would explain one measured S(N),
 *     e(N) = (1/S - 1/N) / (1 - 1/N),   for N > 1.
 * A constant e(N) means a true serial part; an e(N) that grows with N means
 * overheads that grow with N (communication, contention, memory bandwidth).
 *
 * The fit: 1/S - 1/N = f (1 - 1/N) is linear in f, so the least-squares f is
 * sum(x y) / sum(x^2) with x = 1 - 1/N, y = 1/S - 1/N (a fit in the time
 * domain, where measurement noise is relative). Its standard error needs at
 * least two points with N > 1.
 *
 * Gustafson's law, for weak scaling (the problem grows with N): the scaled
 * speedup is S(N) = N - f (N - 1), fitted the same way with x = N - 1,
 * y = N - S.
 */
#ifndef PARBENCH_ANALYSIS_H
#define PARBENCH_ANALYSIS_H

#include <stdbool.h>

struct law_fit {
    int points;      /* measured worker counts used (N = 1 included) */
    int informative; /* of them with N > 1: the ones that carry information */
    double f;        /* serial fraction, clamped to [0, 1]; NAN without information */
    double f_stderr; /* standard error of f; NAN with fewer than 2 informative points */
    double max_speedup; /* Amdahl: 1/f (INFINITY when f = 0); Gustafson: NAN */
    double rms_residual; /* root-mean-square of measured minus fitted speedup */
    bool superlinear;    /* some S(N) > N: the raw f was negative and is clamped */
};

/* e(N); NAN when N <= 1 or the speedup is not a positive number. */
double analysis_karp_flatt(double speedup, int workers);

/* Amdahl's S(N) for serial fraction f. */
double analysis_amdahl(double f, double workers);

/* Gustafson's scaled speedup for serial fraction f. */
double analysis_gustafson(double f, double workers);

/* Fits f to the (workers, speedup) points; non-finite speedups are skipped. */
void analysis_fit_amdahl(const int *workers, const double *speedup, int count,
                         struct law_fit *fit);
void analysis_fit_gustafson(const int *workers, const double *speedup, int count,
                            struct law_fit *fit);

#endif
