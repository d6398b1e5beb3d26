/*
 * cores.h — how many cores may this run really use?
 *
 * A laptop lets a program use every core, but on a shared server or a
 * cluster node the answer hides in several places, and the smallest wins:
 *   - the affinity mask (taskset, numactl, the batch scheduler's cpuset);
 *   - the cgroup CPU quota (containers, systemd, Slurm): cgroup v2 cpu.max
 *     "150000 100000" = 1.5 CPUs' worth of time, rounded up to 2; "max" = none;
 *     cgroup v1 cpu.cfs_quota_us / cpu.cfs_period_us, -1 = none;
 *   - the batch scheduler's allocation: SLURM_CPUS_PER_TASK, NSLOTS (SGE);
 *   - OMP_NUM_THREADS, when the user has set it.
 * Using more workers than that oversubscribes the cores: workers take turns
 * and the run measures the scheduler, not the code.
 *
 * Detection only reads files and the environment (nothing here starts
 * threads), so it is safe to run before any OpenMP code.
 */
#ifndef PARBENCH_CORES_H
#define PARBENCH_CORES_H

#include <stdbool.h>

enum core_source {
    CORE_ONLINE,   /* logical CPUs the OS has online: always applies */
    CORE_AFFINITY,
    CORE_CGROUP,
    CORE_SLURM,
    CORE_NSLOTS,
    CORE_OMP,
    CORE_SOURCE_COUNT
};

struct core_limit {
    bool applies; /* this source sets a limit */
    int count;
    char detail[200]; /* what was read, for the report */
};

enum { CORE_MAX_WARNINGS = 8, CORE_WARNING_LEN = 240 };

struct core_report {
    struct core_limit limits[CORE_SOURCE_COUNT];
    int usable;
    enum core_source decided_by;
    int nwarnings;
    char warnings[CORE_MAX_WARNINGS][CORE_WARNING_LEN];
};

/* Where detection looks. Tests point root at a fixture tree and getenv at a
 * fake environment. */
struct cores_probe {
    const char *root;                       /* prefix of /proc and /sys; "" = real */
    const char *(*getenv)(const char *name);
    int online;                             /* logical CPUs online */
    int affinity;                           /* CPUs in the affinity mask, -1 = none */
};

/* The probe of the real system. */
void cores_probe_system(struct cores_probe *probe);

void cores_detect(const struct cores_probe *probe, struct core_report *report);

/* "affinity mask", "cgroup CPU quota", ... */
const char *cores_source_name(enum core_source source);

/*
 * Parsers, exposed for the tests. Each returns 1 and sets *count when the
 * text sets a limit, 0 when it says "no limit", -1 when it is malformed.
 * count is rounded up: 1.5 CPUs' worth of quota still runs 2 threads.
 */
int cores_parse_cpu_max(const char *text, int *count);
int cores_parse_cfs(const char *quota_text, const char *period_text, int *count);
int cores_parse_env_count(const char *text, int *count);

/*
 * The default worker counts: 1, 2, 4, ... below `usable`, then `usable`
 * itself. Writes at most `max` of them into list; returns how many.
 */
int cores_default_workers(int usable, int *list, int max);

#endif
