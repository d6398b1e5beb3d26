/*
 * clock.h — the effective clock a sample ran at.
 *
 * A laptop's cores run faster when few of them are busy (turbo), and slow
 * down when hot (throttling); a virtual machine's cores slow down when the
 * host is busy. Then 2 workers can be less than twice as fast as 1 with
 * perfect code: the speedup lost is lost GHz. parbench records, for every
 * sample, the clock its CPUs ran at, so a student can tell the two apart
 * (flag CLOCK).
 *
 * Two ways to know it, the better first:
 *   cycles  hardware counters (Linux perf events) count the cycles and the
 *           CPU time of the cell and all its workers during the sample:
 *           GHz = cycles / CPU seconds, exactly what the sample ran at;
 *   probe   where no counter is available (most virtual machines, macOS),
 *           a short chain of dependent integer additions (one cycle each on
 *           every current core) runs on as many threads as the cell has
 *           workers, just before and just after the sample: the clock the
 *           CPUs gave to that many busy threads at that moment.
 */
#ifndef PARBENCH_CLOCK_H
#define PARBENCH_CLOCK_H

#include <stdbool.h>

#include "platform.h"

struct clock_meter {
    bool counters; /* cycles from perf events; else the probe */
    struct platform_cycles cycles;
    int threads; /* probe: busy threads, the cell's workers */
    double before_ghz;
};

/* Chooses the way; opens the counters before the cell makes its workers,
 * so they inherit them. */
void clock_meter_open(struct clock_meter *meter, int threads);
void clock_meter_close(struct clock_meter *meter);

/* Around one sample; end returns the effective clock in GHz, NAN if unknown. */
void clock_meter_begin(struct clock_meter *meter);
double clock_meter_end(struct clock_meter *meter);

/* "cycles" or "probe". */
const char *clock_meter_source(const struct clock_meter *meter);

/* The probe alone: the mean clock of `threads` threads running dependent
 * additions at once, in GHz (NAN if a thread could not be made). */
double clock_probe_ghz(int threads);

#endif
