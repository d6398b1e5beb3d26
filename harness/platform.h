/*
 * platform.h — everything that differs between operating systems.
 *
 * One implementation file per system (platform/linux.c, platform/darwin.c);
 * the Makefile compiles the one for the machine at hand, so no other file
 * needs an #ifdef.
 */
#ifndef PARBENCH_PLATFORM_H
#define PARBENCH_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CPUs this process may run on (its affinity mask), or -1 when the system
 * has no such notion. */
int platform_affinity_count(void);

/* Logical CPUs the system has online. */
int platform_online_cpus(void);

/* Physical memory in bytes, and how much of it a new allocation could get
 * now: the smallest of what the system has free (or can reclaim), what is
 * left under a cgroup memory limit and the batch scheduler's allocation
 * (platform_memory_probe); 0 if unknown. */
uint64_t platform_memory_total(void);
uint64_t platform_memory_available(void);

/* What platform_memory_available found, and which limit decided. */
struct memory_limit {
    bool known;
    uint64_t available;   /* bytes */
    char decided_by[200]; /* e.g. "cgroup v1 memory.limit_in_bytes of /slurm/...: 1.07 GB, ..." */
};

/* The same, reading <root>/proc and <root>/sys and asking getenv_fn for the
 * scheduler's variables: the tests point root at a fixture tree. */
void platform_memory_probe(const char *root, const char *(*getenv_fn)(const char *),
                           struct memory_limit *limit);

/* The CPU's model name, e.g. "Intel(R) Xeon(R) ...", or "unknown". */
void platform_cpu_model(char *buf, size_t size);

/*
 * The affinity mask the process started with, put back on the calling
 * thread. Returns 1 if it had changed (and was restored), 0 if not, -1 if
 * unknown. Why: libgomp, the GNU OpenMP runtime, reads OMP_PROC_BIND when
 * it is loaded, before main(), and then pins the main thread to one CPU,
 * even in a program that never enters an OpenMP region. Threads and
 * processes made later inherit that one-CPU mask.
 */
int platform_restore_startup_affinity(void);

/* Pins the calling thread (in a single-threaded process: the process) to
 * one logical CPU. Returns 0, or -1 where the system does not support it. */
int platform_bind_cpu(int cpu);

/* Makes this process the reaper of its orphaned descendants (Linux:
 * PR_SET_CHILD_SUBREAPER), so that a worker whose cell was killed comes back
 * to parbench to be reaped instead of lingering as a zombie. 0, or -1 where
 * the system has no such notion. */
int platform_adopt_orphans(void);

/* The path of the running executable, for re-executing it; -1 if unknown. */
int platform_self_path(char *buf, size_t size);

/* The cgroup v2 path of this process and its path under the v1 controller
 * `v1_controller` ("cpu", "memory"), relative to the cgroup mount, as
 * <root>/proc/self/cgroup says ("/" for the top). Empty when absent. */
void platform_cgroup_paths(const char *root, const char *v1_controller, char *v2, char *v1,
                           size_t size);

/* ---- Clocks and power (platform/<system>_power.c) ---------------------- */

/*
 * Hardware counters of this process's CPU cycles and CPU time, inherited
 * by the threads and processes it makes after opening (Linux perf events).
 * Open fails (-1) where the kernel or the virtual machine does not count
 * cycles, or perf_event_paranoid forbids it.
 */
struct platform_cycles {
    int cycles_fd, time_fd;
};
int platform_cycles_open(struct platform_cycles *counters);
/* Starts counting from zero; 0 or -1. */
int platform_cycles_begin(struct platform_cycles *counters);
/* Stops counting: the effective clock since begin, cycles per CPU second,
 * in GHz; NAN when unknown. */
double platform_cycles_end(struct platform_cycles *counters);
void platform_cycles_close(struct platform_cycles *counters);

/* What the machine says about its clocks and power; "unknown" or NAN or
 * -1 where it does not say. */
struct power_info {
    char cpufreq_driver[32];
    char governor[32];
    char turbo[16];        /* "on", "off" or "unknown" */
    char power_source[16]; /* "AC", "battery" or "unknown" */
    double min_mhz, max_mhz;
    long long throttle_events; /* thermal throttling events so far, all CPUs */
    double load_average;       /* over the last minute */
    /* In a virtual machine: CPU-seconds the hypervisor gave to other guests
     * while this one wanted to run (steal), and all CPU-seconds, since boot,
     * all CPUs; NAN where unknown. Their growth over a run is the share of
     * the run that other tenants took: noise no measurement here can see. */
    double steal_s, cpu_total_s;
    char transparent_hugepages[16]; /* "always", "madvise", "never" or "unknown" */
};
void platform_power_info(struct power_info *info);

/*
 * CPU time the whole machine has spent busy (not idle; stolen time by a
 * hypervisor counts as busy), and in all, since boot, in CPU-seconds.
 * -1 where unknown.
 */
int platform_machine_cpu_s(double *busy_s, double *total_s);

#endif
