/* clock.c — the effective clock of a sample (see clock.h). */
#include "clock.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "timer.h"

/* Additions per probe: about a millisecond at 3-4 GHz, long enough for the
 * clock's resolution, short next to a sample. */
enum { PROBE_ADDS = 1 << 22 };

/*
 * `count` additions, each waiting for the one before (a dependency chain:
 * one cycle each, the latency of an integer add on every current core).
 * The empty asm tells the compiler x may have changed, so it can neither
 * merge the additions nor compute the result in closed form.
 */
static uint64_t dependent_adds(uint64_t count)
{
    uint64_t x = 0;
    for (uint64_t i = 0; i < count; i += 8) {
#define STEP()                                                                                     \
    x += i;                                                                                        \
    __asm__ volatile("" : "+r"(x))
        STEP(); STEP(); STEP(); STEP(); STEP(); STEP(); STEP(); STEP();
#undef STEP
    }
    return x;
}

struct probe_thread {
    pthread_t thread;
    double ghz;
    uint64_t sink;
};

static void *probe_main(void *arg)
{
    struct probe_thread *self = arg;
    struct timer_instant start = timer_now();
    self->sink = dependent_adds(PROBE_ADDS);
    double seconds = timer_elapsed_s(start, timer_now());
    self->ghz = seconds > 0 ? PROBE_ADDS / seconds / 1e9 : NAN;
    return NULL;
}

double clock_probe_ghz(int threads)
{
    if (threads < 1)
        threads = 1;
    struct probe_thread *probes = calloc((size_t)threads, sizeof *probes);
    if (!probes)
        return NAN;
    int started = 0;
    for (; started < threads; started++)
        if (pthread_create(&probes[started].thread, NULL, probe_main, &probes[started]) != 0)
            break;
    double sum = 0;
    int joined = 0;
    for (int i = 0; i < started; i++)
        if (pthread_join(probes[i].thread, NULL) == 0) {
            sum += probes[i].ghz;
            joined++;
        }
    free(probes);
    return joined == threads ? sum / threads : NAN;
}

void clock_meter_open(struct clock_meter *meter, int threads)
{
    meter->threads = threads;
    meter->before_ghz = NAN;
    meter->counters = platform_cycles_open(&meter->cycles) == 0;
}

void clock_meter_close(struct clock_meter *meter)
{
    if (meter->counters)
        platform_cycles_close(&meter->cycles);
    meter->counters = false;
}

void clock_meter_begin(struct clock_meter *meter)
{
    if (meter->counters && platform_cycles_begin(&meter->cycles) == 0)
        return;
    meter->before_ghz = clock_probe_ghz(meter->threads);
}

double clock_meter_end(struct clock_meter *meter)
{
    if (meter->counters)
        return platform_cycles_end(&meter->cycles);
    double after = clock_probe_ghz(meter->threads);
    return 0.5 * (meter->before_ghz + after);
}

const char *clock_meter_source(const struct clock_meter *meter)
{
    return meter->counters ? "cycles" : "probe";
}
