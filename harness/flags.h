/*
 * flags.h — warnings a student cannot miss, attached to the figures they
 * qualify: in the stdout table, results.csv (`flags`), summary.md and the
 * plots.
 *
 *   NOISY        the 95% interval is wider than +-5% (or unknown: too few
 *                rounds), or the times vary by 10% or more (cv)
 *   SUPERLINEAR  faster than the worker count allows: N workers, more than
 *                N times faster. Often a cache effect (N cores bring N
 *                caches), or noise when the interval includes N
 *   SHORT        a sample lasted under 10 ms: the timer and the machine's
 *                jitter weigh too much
 *   SLOWER       the parallel variant is slower than optimized serial code
 *                (its speedup's whole interval below 1)
 *   BUSY         other programs used the CPUs while the kernel was measured
 *   CLOCK        the cores ran more than 5% slower per cycle with N workers
 *                than the serial baseline did: speedup lost to the clock
 *                (turbo, throttling, a busy host), not to the code
 */
#ifndef PARBENCH_FLAGS_H
#define PARBENCH_FLAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "results.h"

enum {
    FLAG_NOISY = 1u << 0,
    FLAG_SUPERLINEAR = 1u << 1,
    FLAG_SHORT = 1u << 2,
    FLAG_SLOWER = 1u << 3,
    FLAG_BUSY = 1u << 4,
    FLAG_CLOCK = 1u << 5,
    FLAG_COUNT = 6
};

/* The thresholds, named once. */
#define FLAGS_INTERVAL_TOLERANCE 0.05 /* +-5% */
#define FLAGS_NOISY_CV 0.10
#define FLAGS_SHORT_SAMPLE_S 0.010
#define FLAGS_CLOCK_DROP 0.05

/* What a row's flags are decided from, beyond the row itself. */
struct flags_context {
    const struct cell_row *baseline; /* optimized serial on the same work, or NULL */
    bool busy;                /* others used the CPUs during the kernel's rounds */
    const char *busy_reason;  /* "load average 1.3 at the start with 2 CPUs" */
    double memory_bound_fraction; /* bandwidth fraction the baseline reached (NAN if none) */
};

/* Sets row->flags and row->notes (plain-word reasons of SLOWER,
 * SUPERLINEAR, BUSY and CLOCK). The row's figures must be derived. */
void flags_decide(struct cell_row *row, const struct flags_context *context);

/* "NOISY SLOWER": the names of the flags, space-separated; "" for none. */
void flags_format(unsigned flags, char *buf, size_t size);

/* The name of one flag bit, and one sentence explaining it. */
const char *flags_name(unsigned flag);
const char *flags_explain(unsigned flag);

#endif
