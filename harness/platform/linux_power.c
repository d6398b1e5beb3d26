/*
 * platform/linux_power.c — Linux: cycle counters (perf events), cpufreq,
 * thermal throttling, power supply and load, as sysfs and /proc show them.
 */
#define _GNU_SOURCE /* getloadavg, syscall */
#include "../platform.h"

#include <errno.h>
#include <glob.h>
#include <linux/perf_event.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- Cycle counters ---------------------------------------------------------- */

static int perf_open(uint32_t type, uint64_t config, int exclude_kernel)
{
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = type;
    attr.config = config;
    attr.disabled = 1;
    attr.inherit = 1; /* threads and processes made later count too */
    attr.exclude_kernel = (uint64_t)exclude_kernel;
    attr.exclude_hv = 1;
    /* this process, any CPU, no group */
    return (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

int platform_cycles_open(struct platform_cycles *counters)
{
    counters->cycles_fd = counters->time_fd = -1;
    /* User-space cycles are allowed at perf_event_paranoid 2 (the default);
     * the kernel's part of the time is small in these kernels. */
    int cycles = perf_open(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, 1);
    if (cycles < 0)
        return -1;
    int time = perf_open(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, 1);
    if (time < 0) {
        close(cycles);
        return -1;
    }
    counters->cycles_fd = cycles;
    counters->time_fd = time;
    /* A virtual machine may accept the event and never count: try it. */
    if (platform_cycles_begin(counters) != 0) {
        platform_cycles_close(counters);
        return -1;
    }
    volatile double spin = 0;
    for (int i = 0; i < 1000000; i++)
        spin = spin + 1.0;
    if (!isfinite(platform_cycles_end(counters))) {
        platform_cycles_close(counters);
        return -1;
    }
    return 0;
}

int platform_cycles_begin(struct platform_cycles *counters)
{
    int fds[] = {counters->cycles_fd, counters->time_fd};
    for (int i = 0; i < 2; i++)
        if (ioctl(fds[i], PERF_EVENT_IOC_RESET, 0) != 0 ||
            ioctl(fds[i], PERF_EVENT_IOC_ENABLE, 0) != 0)
            return -1;
    return 0;
}

double platform_cycles_end(struct platform_cycles *counters)
{
    uint64_t cycles = 0, time_ns = 0;
    ioctl(counters->cycles_fd, PERF_EVENT_IOC_DISABLE, 0);
    ioctl(counters->time_fd, PERF_EVENT_IOC_DISABLE, 0);
    if (read(counters->cycles_fd, &cycles, sizeof cycles) != (ssize_t)sizeof cycles ||
        read(counters->time_fd, &time_ns, sizeof time_ns) != (ssize_t)sizeof time_ns ||
        cycles == 0 || time_ns == 0)
        return NAN;
    return (double)cycles / (double)time_ns; /* cycles per ns = GHz */
}

void platform_cycles_close(struct platform_cycles *counters)
{
    if (counters->cycles_fd >= 0)
        close(counters->cycles_fd);
    if (counters->time_fd >= 0)
        close(counters->time_fd);
    counters->cycles_fd = counters->time_fd = -1;
}

/* ---- Clocks, throttling, power ------------------------------------------------ */

/* The first line of a sysfs file, without its newline; 0, or -1. */
static int read_line(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    if (!ok)
        return -1;
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

static double read_number(const char *path)
{
    char line[64];
    if (read_line(path, line, sizeof line) != 0)
        return NAN;
    char *end;
    double value = strtod(line, &end);
    return end == line ? NAN : value;
}

/* Turbo: intel_pstate says "no_turbo", acpi-cpufreq and amd-pstate "boost". */
static void read_turbo(char *buf, size_t size)
{
    double no_turbo = read_number("/sys/devices/system/cpu/intel_pstate/no_turbo");
    double boost = read_number("/sys/devices/system/cpu/cpufreq/boost");
    if (isfinite(no_turbo))
        snprintf(buf, size, "%s", no_turbo == 0 ? "on" : "off");
    else if (isfinite(boost))
        snprintf(buf, size, "%s", boost != 0 ? "on" : "off");
    else
        snprintf(buf, size, "unknown");
}

/* The sum of every CPU's thermal throttling counters, or -1. */
static long long throttle_events(void)
{
    glob_t found;
    if (glob("/sys/devices/system/cpu/cpu[0-9]*/thermal_throttle/*_throttle_count", 0, NULL,
             &found) != 0)
        return -1;
    long long total = 0;
    for (size_t i = 0; i < found.gl_pathc; i++) {
        double count = read_number(found.gl_pathv[i]);
        if (isfinite(count))
            total += (long long)count;
    }
    globfree(&found);
    return total;
}

/* "AC" when a mains supply is online, "battery" when only batteries are,
 * "unknown" without power-supply information (desktops, servers, VMs). */
static void read_power_source(char *buf, size_t size)
{
    glob_t found;
    snprintf(buf, size, "unknown");
    if (glob("/sys/class/power_supply/*/type", 0, NULL, &found) != 0)
        return;
    bool mains = false, battery = false;
    for (size_t i = 0; i < found.gl_pathc; i++) {
        char type[32], online_path[4200];
        if (read_line(found.gl_pathv[i], type, sizeof type) != 0)
            continue;
        snprintf(online_path, sizeof online_path, "%.*s/online",
                 (int)(strlen(found.gl_pathv[i]) - strlen("/type")), found.gl_pathv[i]);
        if (strcmp(type, "Mains") == 0 && read_number(online_path) == 1)
            mains = true;
        battery |= strcmp(type, "Battery") == 0;
    }
    globfree(&found);
    if (mains)
        snprintf(buf, size, "AC");
    else if (battery)
        snprintf(buf, size, "battery");
}

/* The CPU line of /proc/stat in seconds: user nice system idle iowait irq
 * softirq steal; 0, or -1. */
static int read_cpu_seconds(double seconds[8])
{
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return -1;
    unsigned long long t[8] = {0};
    int got = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &t[0], &t[1], &t[2],
                     &t[3], &t[4], &t[5], &t[6], &t[7]);
    fclose(f);
    if (got < 4)
        return -1;
    double ticks = (double)sysconf(_SC_CLK_TCK);
    for (int i = 0; i < 8; i++)
        seconds[i] = (double)t[i] / ticks;
    return 0;
}

/* The bracketed choice of /sys/kernel/mm/transparent_hugepage/enabled. */
static void read_transparent_hugepages(char *buf, size_t size)
{
    char line[128];
    snprintf(buf, size, "unknown");
    if (read_line("/sys/kernel/mm/transparent_hugepage/enabled", line, sizeof line) != 0)
        return;
    char *open = strchr(line, '['), *close = open ? strchr(open, ']') : NULL;
    if (close)
        snprintf(buf, size, "%.*s", (int)(close - open - 1), open + 1);
}

void platform_power_info(struct power_info *info)
{
    const char *cpufreq = "/sys/devices/system/cpu/cpu0/cpufreq";
    char path[256];
    snprintf(path, sizeof path, "%s/scaling_driver", cpufreq);
    if (read_line(path, info->cpufreq_driver, sizeof info->cpufreq_driver) != 0)
        snprintf(info->cpufreq_driver, sizeof info->cpufreq_driver, "unknown");
    snprintf(path, sizeof path, "%s/scaling_governor", cpufreq);
    if (read_line(path, info->governor, sizeof info->governor) != 0)
        snprintf(info->governor, sizeof info->governor, "unknown");
    snprintf(path, sizeof path, "%s/cpuinfo_min_freq", cpufreq);
    info->min_mhz = read_number(path) / 1e3; /* kHz */
    snprintf(path, sizeof path, "%s/cpuinfo_max_freq", cpufreq);
    info->max_mhz = read_number(path) / 1e3;
    read_turbo(info->turbo, sizeof info->turbo);
    info->throttle_events = throttle_events();
    read_power_source(info->power_source, sizeof info->power_source);
    double load[1];
    info->load_average = getloadavg(load, 1) == 1 ? load[0] : NAN;
    double seconds[8];
    info->steal_s = info->cpu_total_s = NAN;
    if (read_cpu_seconds(seconds) == 0) {
        info->steal_s = seconds[7];
        info->cpu_total_s = 0;
        for (int i = 0; i < 8; i++)
            info->cpu_total_s += seconds[i];
    }
    read_transparent_hugepages(info->transparent_hugepages, sizeof info->transparent_hugepages);
}

int platform_machine_cpu_s(double *busy_s, double *total_s)
{
    double seconds[8];
    if (read_cpu_seconds(seconds) != 0)
        return -1;
    double total = 0;
    for (int i = 0; i < 8; i++)
        total += seconds[i];
    *busy_s = total - seconds[3] - seconds[4]; /* all but idle and iowait */
    *total_s = total;
    return 0;
}
