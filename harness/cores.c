/* cores.c — usable-core detection (see cores.h). */
#include "cores.h"

#include "../kernels/kernel.h" /* ARRAY_SIZE */

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

const char *cores_source_name(enum core_source source)
{
    static const char *const names[CORE_SOURCE_COUNT] = {
        [CORE_ONLINE] = "online CPUs",
        [CORE_AFFINITY] = "affinity mask",
        [CORE_CGROUP] = "cgroup CPU quota",
        [CORE_SLURM] = "SLURM_CPUS_PER_TASK",
        [CORE_NSLOTS] = "NSLOTS",
        [CORE_OMP] = "OMP_NUM_THREADS",
    };
    return names[source];
}

/* ---- Parsers ------------------------------------------------------------- */

/* Whole CPUs needed to use `quota` microseconds per `period`: rounded up. */
static int cpus_for_quota(double quota, double period)
{
    double cpus = ceil(quota / period);
    return cpus > INT_MAX ? INT_MAX : (int)cpus;
}

/* Parses a whole number with nothing after it but white space. */
static int parse_whole(const char *text, long long *value)
{
    char *end;
    errno = 0;
    long long parsed = strtoll(text, &end, 10);
    if (end == text || errno != 0)
        return -1;
    while (*end == ' ' || *end == '\n' || *end == '\t')
        end++;
    if (*end != '\0')
        return -1;
    *value = parsed;
    return 0;
}

/* Parses a whole number > 0. */
static int parse_positive(const char *text, double *value)
{
    long long parsed;
    if (parse_whole(text, &parsed) != 0 || parsed <= 0)
        return -1;
    *value = (double)parsed;
    return 0;
}

int cores_parse_cpu_max(const char *text, int *count)
{
    char quota[64], period[64];
    if (sscanf(text, "%63s %63s", quota, period) != 2)
        return -1;
    double period_us, quota_us;
    if (parse_positive(period, &period_us) != 0)
        return -1;
    if (strcmp(quota, "max") == 0)
        return 0;
    if (parse_positive(quota, &quota_us) != 0)
        return -1;
    *count = cpus_for_quota(quota_us, period_us);
    return 1;
}

int cores_parse_cfs(const char *quota_text, const char *period_text, int *count)
{
    double period_us;
    long long quota_us;
    if (parse_positive(period_text, &period_us) != 0 || parse_whole(quota_text, &quota_us) != 0)
        return -1;
    if (quota_us == -1)
        return 0; /* -1: no quota */
    if (quota_us <= 0)
        return -1;
    *count = cpus_for_quota((double)quota_us, period_us);
    return 1;
}

int cores_parse_env_count(const char *text, int *count)
{
    /* OMP_NUM_THREADS may list one count per nesting level: "8,2". */
    char first[64];
    size_t len = strcspn(text, ",");
    if (len == 0 || len >= sizeof first)
        return -1;
    memcpy(first, text, len);
    first[len] = '\0';
    double value;
    if (parse_positive(first, &value) != 0)
        return -1;
    *count = value > INT_MAX ? INT_MAX : (int)value;
    return 1;
}

/* ---- Detection ------------------------------------------------------------- */

static void warn(struct core_report *report, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void warn(struct core_report *report, const char *format, ...)
{
    if (report->nwarnings >= CORE_MAX_WARNINGS)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(report->warnings[report->nwarnings++], CORE_WARNING_LEN, format, args);
    va_end(args);
}

static void set_limit(struct core_report *report, enum core_source source, int count,
                      const char *format, ...) __attribute__((format(printf, 4, 5)));

static void set_limit(struct core_report *report, enum core_source source, int count,
                      const char *format, ...)
{
    struct core_limit *limit = &report->limits[source];
    limit->applies = true;
    limit->count = count;
    va_list args;
    va_start(args, format);
    vsnprintf(limit->detail, sizeof limit->detail, format, args);
    va_end(args);
}

/* Reads a small file into buf; returns 0, or -1 with errno (ENOENT: absent). */
static int read_small_file(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t got = fread(buf, 1, size - 1, f);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        errno = EIO;
        return -1;
    }
    buf[got] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

/* A file that exists but cannot be read deserves a warning; absence does not. */
static int read_cgroup_file(struct core_report *report, const char *path, char *buf,
                            size_t size)
{
    if (read_small_file(path, buf, size) == 0)
        return 0;
    if (errno != ENOENT && errno != ENOTDIR)
        warn(report, "cannot read %s (%s): cgroup CPU quota ignored", path, strerror(errno));
    return -1;
}

/* cgroup v2: the smallest cpu.max from our cgroup up to the root. */
static void detect_cgroup_v2(const struct cores_probe *probe, const char *cgroup,
                             struct core_report *report)
{
    char dir[1024], path[1100], text[128];
    snprintf(dir, sizeof dir, "%s", cgroup);
    for (;;) {
        snprintf(path, sizeof path, "%s/sys/fs/cgroup%s/cpu.max", probe->root, dir);
        int count;
        if (read_cgroup_file(report, path, text, sizeof text) == 0) {
            int parsed = cores_parse_cpu_max(text, &count);
            if (parsed < 0)
                warn(report, "%s: cannot parse \"%s\"; cgroup CPU quota ignored", path, text);
            else if (parsed > 0 && (!report->limits[CORE_CGROUP].applies ||
                                    count < report->limits[CORE_CGROUP].count))
                set_limit(report, CORE_CGROUP, count, "cgroup v2 cpu.max \"%s\"", text);
            else if (parsed == 0 && !report->limits[CORE_CGROUP].applies)
                snprintf(report->limits[CORE_CGROUP].detail, sizeof report->limits[0].detail,
                         "no limit (cgroup v2 cpu.max \"%s\")", text);
        }
        char *slash = strrchr(dir, '/');
        if (!slash || dir[0] == '\0')
            break;
        *slash = '\0';
    }
}

/* cgroup v1: cpu.cfs_quota_us / cpu.cfs_period_us of our cpu cgroup. */
static void detect_cgroup_v1(const struct cores_probe *probe, const char *cgroup,
                             struct core_report *report)
{
    static const char *const mounts[] = {"cpu,cpuacct", "cpu", "cpuacct,cpu"};
    const char *paths[] = {cgroup, ""}; /* inside a container the root is ours */
    for (size_t m = 0; m < ARRAY_SIZE(mounts); m++)
        for (size_t p = 0; p < 2; p++) {
            char quota_path[1100], period_path[1100], quota[64], period[64];
            snprintf(quota_path, sizeof quota_path, "%s/sys/fs/cgroup/%s%s/cpu.cfs_quota_us",
                     probe->root, mounts[m], paths[p]);
            snprintf(period_path, sizeof period_path, "%s/sys/fs/cgroup/%s%s/cpu.cfs_period_us",
                     probe->root, mounts[m], paths[p]);
            if (read_cgroup_file(report, quota_path, quota, sizeof quota) != 0 ||
                read_cgroup_file(report, period_path, period, sizeof period) != 0)
                continue;
            int count;
            int parsed = cores_parse_cfs(quota, period, &count);
            if (parsed < 0)
                warn(report, "%s: cannot parse quota \"%s\" / period \"%s\"; ignored",
                     quota_path, quota, period);
            else if (parsed > 0)
                set_limit(report, CORE_CGROUP, count, "cgroup v1 cfs quota %s / period %s",
                          quota, period);
            else
                snprintf(report->limits[CORE_CGROUP].detail, sizeof report->limits[0].detail,
                         "no limit (cgroup v1 cfs quota -1)");
            return;
        }
}

static void detect_env(const struct cores_probe *probe, enum core_source source,
                       const char *variable, struct core_report *report)
{
    const char *text = probe->getenv(variable);
    if (!text) {
        snprintf(report->limits[source].detail, sizeof report->limits[0].detail, "not set");
        return;
    }
    int count;
    if (cores_parse_env_count(text, &count) == 1)
        set_limit(report, source, count, "%s=%s", variable, text);
    else {
        warn(report, "%s=\"%s\" is not a positive whole number; ignored", variable, text);
        snprintf(report->limits[source].detail, sizeof report->limits[0].detail,
                 "ignored (\"%s\" is not a count)", text);
    }
}

void cores_detect(const struct cores_probe *probe, struct core_report *report)
{
    memset(report, 0, sizeof *report);
    set_limit(report, CORE_ONLINE, probe->online, "%d logical CPUs online", probe->online);
    if (probe->affinity > 0)
        set_limit(report, CORE_AFFINITY, probe->affinity, "%d CPUs in sched_getaffinity",
                  probe->affinity);
    else
        snprintf(report->limits[CORE_AFFINITY].detail, sizeof report->limits[0].detail,
                 "not available on this system");

    char v2[512], v1[512];
    platform_cgroup_paths(probe->root, "cpu", v2, v1, sizeof v2);
    if (strcmp(v2, "/") == 0)
        v2[0] = '\0'; /* the top: cpu.max is read there once */
    snprintf(report->limits[CORE_CGROUP].detail, sizeof report->limits[0].detail, "none found");
    detect_cgroup_v2(probe, v2, report);
    if (!report->limits[CORE_CGROUP].applies && v1[0])
        detect_cgroup_v1(probe, v1, report);

    detect_env(probe, CORE_SLURM, "SLURM_CPUS_PER_TASK", report);
    detect_env(probe, CORE_NSLOTS, "NSLOTS", report);
    detect_env(probe, CORE_OMP, "OMP_NUM_THREADS", report);

    /* The smallest limit decides; on a tie the earlier (more basic) source. */
    report->decided_by = CORE_ONLINE;
    report->usable = probe->online;
    for (int s = 1; s < CORE_SOURCE_COUNT; s++)
        if (report->limits[s].applies && report->limits[s].count < report->usable) {
            report->usable = report->limits[s].count;
            report->decided_by = (enum core_source)s;
        }
    if (report->usable < 1)
        report->usable = 1;
}

static const char *real_getenv(const char *name)
{
    return getenv(name);
}

void cores_probe_system(struct cores_probe *probe)
{
    probe->root = "";
    probe->getenv = real_getenv;
    probe->online = platform_online_cpus();
    probe->affinity = platform_affinity_count();
}

int cores_default_workers(int usable, int *list, int max)
{
    int count = 0;
    for (int n = 1; n < usable && count < max; n *= 2)
        list[count++] = n;
    if (count < max)
        list[count++] = usable;
    return count;
}
