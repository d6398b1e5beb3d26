/*
 * timer.h — the harness's one clock: monotonic wall-clock time.
 *
 * CLOCK_MONOTONIC never jumps when the system clock is set, and it measures
 * elapsed time, which is what a speedup is made of. clock() would be wrong:
 * it adds up the CPU time of all threads, so a perfectly parallel run looks
 * exactly as slow as a serial one.
 */
#ifndef PARBENCH_TIMER_H
#define PARBENCH_TIMER_H

#include <time.h>

struct timer_instant {
    struct timespec at;
};

struct timer_instant timer_now(void);

/* Seconds from `start` to `end`. */
double timer_elapsed_s(struct timer_instant start, struct timer_instant end);

/* The clock's resolution in seconds, as the system reports it. */
double timer_resolution_s(void);

#endif
