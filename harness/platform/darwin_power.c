/*
 * platform/darwin_power.c — macOS: no perf events, no cpufreq in sysfs.
 * What is unknown is said so; the clock probe (clock.c) still measures the
 * effective clock.
 */
#include "../platform.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int platform_cycles_open(struct platform_cycles *counters)
{
    counters->cycles_fd = counters->time_fd = -1;
    return -1;
}

int platform_cycles_begin(struct platform_cycles *counters)
{
    (void)counters;
    return -1;
}

double platform_cycles_end(struct platform_cycles *counters)
{
    (void)counters;
    return NAN;
}

void platform_cycles_close(struct platform_cycles *counters)
{
    (void)counters;
}

void platform_power_info(struct power_info *info)
{
    snprintf(info->cpufreq_driver, sizeof info->cpufreq_driver, "unknown");
    snprintf(info->governor, sizeof info->governor, "unknown");
    snprintf(info->turbo, sizeof info->turbo, "unknown");
    snprintf(info->power_source, sizeof info->power_source, "unknown");
    info->min_mhz = info->max_mhz = NAN;
    info->throttle_events = -1;
    double load[1];
    info->load_average = getloadavg(load, 1) == 1 ? load[0] : NAN;
    info->steal_s = info->cpu_total_s = NAN; /* no hypervisor accounting on macOS */
    snprintf(info->transparent_hugepages, sizeof info->transparent_hugepages, "unknown");
}

int platform_machine_cpu_s(double *busy_s, double *total_s)
{
    (void)busy_s;
    (void)total_s;
    return -1;
}
