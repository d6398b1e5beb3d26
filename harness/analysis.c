/* analysis.c — Karp-Flatt and the Amdahl/Gustafson fits (see analysis.h). */
#include "analysis.h"

#include <math.h>

double analysis_karp_flatt(double speedup, int workers)
{
    if (workers <= 1 || !(speedup > 0) || !isfinite(speedup))
        return NAN;
    double n = workers;
    return (1.0 / speedup - 1.0 / n) / (1.0 - 1.0 / n);
}

double analysis_amdahl(double f, double workers)
{
    return 1.0 / (f + (1.0 - f) / workers);
}

double analysis_gustafson(double f, double workers)
{
    return workers - f * (workers - 1.0);
}

/* The law's x and y for one point, so that y = f x. */
typedef void (*linearize_fn)(double n, double speedup, double *x, double *y);
typedef double (*law_fn)(double f, double n);

static void amdahl_xy(double n, double speedup, double *x, double *y)
{
    *x = 1.0 - 1.0 / n;
    *y = 1.0 / speedup - 1.0 / n;
}

static void gustafson_xy(double n, double speedup, double *x, double *y)
{
    *x = n - 1.0;
    *y = n - speedup;
}

static void fit_through_origin(const int *workers, const double *speedup, int count,
                               linearize_fn linearize, law_fn law, struct law_fit *fit)
{
    double sxy = 0.0, sxx = 0.0;
    *fit = (struct law_fit){.f = NAN, .f_stderr = NAN, .max_speedup = NAN, .rms_residual = NAN};
    for (int i = 0; i < count; i++) {
        if (!(speedup[i] > 0) || !isfinite(speedup[i]) || workers[i] < 1)
            continue;
        fit->points++;
        fit->superlinear |= speedup[i] > workers[i] * (1.0 + 1e-9);
        if (workers[i] == 1)
            continue;
        double x, y;
        linearize(workers[i], speedup[i], &x, &y);
        sxy += x * y;
        sxx += x * x;
        fit->informative++;
    }
    if (fit->informative == 0)
        return;
    double raw_f = sxy / sxx;
    double squares = 0.0, residuals = 0.0;
    for (int i = 0; i < count; i++) {
        if (!(speedup[i] > 0) || !isfinite(speedup[i]) || workers[i] < 1)
            continue;
        double x, y;
        linearize(workers[i], speedup[i], &x, &y);
        squares += (y - raw_f * x) * (y - raw_f * x);
        double miss = speedup[i] - law(fmin(fmax(raw_f, 0.0), 1.0), workers[i]);
        residuals += miss * miss;
    }
    if (fit->informative >= 2)
        fit->f_stderr = sqrt(squares / (fit->informative - 1) / sxx);
    fit->f = fmin(fmax(raw_f, 0.0), 1.0);
    fit->rms_residual = sqrt(residuals / fit->points);
}

void analysis_fit_amdahl(const int *workers, const double *speedup, int count,
                         struct law_fit *fit)
{
    fit_through_origin(workers, speedup, count, amdahl_xy, analysis_amdahl, fit);
    if (fit->informative > 0)
        fit->max_speedup = fit->f > 0 ? 1.0 / fit->f : INFINITY;
}

void analysis_fit_gustafson(const int *workers, const double *speedup, int count,
                            struct law_fit *fit)
{
    fit_through_origin(workers, speedup, count, gustafson_xy, analysis_gustafson, fit);
}
