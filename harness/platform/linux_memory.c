/*
 * platform/linux_memory.c — how much memory may this run still use?
 *
 * Like the usable cores (cores.h), the answer hides in several places, and
 * the smallest wins:
 *   - what the kernel could give now: MemAvailable in /proc/meminfo (free
 *     memory plus page cache it can drop);
 *   - a cgroup memory limit, on our cgroup or any cgroup above it (the limit
 *     of a Slurm job's cgroup binds its steps' cgroups below): cgroup v2
 *     memory.max, cgroup v1 memory.limit_in_bytes. What is left under a
 *     limit is the limit minus the usage, where the usage counts page cache
 *     the kernel would drop before it kills anyone (inactive_file) only as
 *     free: the "working set" that container runtimes report;
 *   - the batch scheduler's allocation: SLURM_MEM_PER_NODE, or
 *     SLURM_MEM_PER_CPU times the CPUs allocated on this node (megabytes,
 *     2^20 bytes, as Slurm counts them). A cluster that does not enforce it
 *     with cgroups may still kill a job that goes beyond it.
 * Exceed any of them and the job is killed with SIGKILL: parbench refuses a
 * size that does not fit before it allocates anything, naming the limit.
 */
#include "../platform.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* cgroup v1 writes "no limit" as the largest page count it can hold
 * (9223372036854771712 on 64-bit systems); anything above this is no limit:
 * no machine has an exabyte of memory. */
#define NO_LIMIT_ABOVE ((uint64_t)1 << 60)

/* Slurm's memory unit. */
#define SLURM_MEGABYTE ((uint64_t)1 << 20)

enum { PATH_SIZE = 1100 };

/* A smaller limit than the one so far replaces it, with what it is. */
static void consider(struct memory_limit *limit, uint64_t bytes, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void consider(struct memory_limit *limit, uint64_t bytes, const char *format, ...)
{
    if (limit->known && bytes >= limit->available)
        return;
    limit->known = true;
    limit->available = bytes;
    va_list args;
    va_start(args, format);
    vsnprintf(limit->decided_by, sizeof limit->decided_by, format, args);
    va_end(args);
}

/* The whole, non-negative number at the start of text (white space after it
 * is fine); -1 when there is none. */
static int parse_bytes(const char *text, uint64_t *value)
{
    char *end;
    errno = 0;
    unsigned long long parsed = strtoull(text, &end, 10);
    if (end == text || errno == ERANGE || text[0] < '0' || text[0] > '9')
        return -1;
    while (*end == ' ' || *end == '\n' || *end == '\t')
        end++;
    if (*end != '\0')
        return -1;
    *value = parsed;
    return 0;
}

/* The first line of root/path, without its newline; -1 if unreadable. */
static int read_line(const char *root, const char *path, char *buf, size_t size)
{
    char full[PATH_SIZE];
    snprintf(full, sizeof full, "%s%s", root, path);
    buf[0] = '\0';
    FILE *f = fopen(full, "r");
    if (!f)
        return -1;
    int result = fgets(buf, (int)size, f) ? 0 : -1;
    fclose(f);
    buf[strcspn(buf, "\n")] = '\0';
    return result;
}

/* The number after "key" on its line of a "key value" file such as
 * /proc/meminfo ("MemAvailable:  123 kB") or memory.stat; -1 if absent. */
static int read_keyed(const char *root, const char *path, const char *key, uint64_t *value)
{
    char full[PATH_SIZE], line[256];
    snprintf(full, sizeof full, "%s%s", root, path);
    FILE *f = fopen(full, "r");
    if (!f)
        return -1;
    size_t key_len = strlen(key);
    int result = -1;
    while (result != 0 && fgets(line, sizeof line, f)) {
        if (strncmp(line, key, key_len) != 0 || (line[key_len] != ' ' && line[key_len] != ':'))
            continue;
        char *number = line + key_len + (line[key_len] == ':');
        number += strspn(number, " \t");
        number[strcspn(number, " \t\n")] = '\0';
        result = parse_bytes(number, value);
    }
    fclose(f);
    return result;
}

/* ---- cgroups ----------------------------------------------------------------- */

/* The two cgroup versions differ only in the names of their files. */
struct cgroup_files {
    const char *version, *mount, *limit, *usage, *inactive;
};
static const struct cgroup_files cgroup_v2 = {"v2", "/sys/fs/cgroup", "memory.max",
                                              "memory.current", "inactive_file"};
static const struct cgroup_files cgroup_v1 = {"v1", "/sys/fs/cgroup/memory",
                                              "memory.limit_in_bytes", "memory.usage_in_bytes",
                                              "total_inactive_file"};

/* What is left under one cgroup's limit; false when it sets none. */
static bool cgroup_headroom(const char *root, const struct cgroup_files *files, const char *dir,
                            uint64_t *headroom, uint64_t *limit_bytes)
{
    char path[PATH_SIZE], text[64];
    uint64_t limit, usage = 0, inactive = 0;
    snprintf(path, sizeof path, "%s%s/%s", files->mount, dir, files->limit);
    if (read_line(root, path, text, sizeof text) != 0 || parse_bytes(text, &limit) != 0 ||
        limit >= NO_LIMIT_ABOVE)
        return false; /* absent, "max", or v1's "no limit" */
    snprintf(path, sizeof path, "%s%s/%s", files->mount, dir, files->usage);
    if (read_line(root, path, text, sizeof text) == 0)
        parse_bytes(text, &usage);
    snprintf(path, sizeof path, "%s%s/memory.stat", files->mount, dir);
    read_keyed(root, path, files->inactive, &inactive);
    uint64_t working_set = usage > inactive ? usage - inactive : 0;
    *headroom = limit > working_set ? limit - working_set : 0;
    *limit_bytes = limit;
    return true;
}

/* Every cgroup from ours up to the top of the hierarchy; inside a container
 * whose cgroup is not in its own namespace, our path does not exist in the
 * container's view, and the top (the container's own cgroup) is ours. */
static void detect_cgroup(const char *root, const struct cgroup_files *files, const char *cgroup,
                          struct memory_limit *limit)
{
    char dir[PATH_SIZE], path[PATH_SIZE + 64];
    snprintf(dir, sizeof dir, "%s", strcmp(cgroup, "/") == 0 ? "" : cgroup);
    snprintf(path, sizeof path, "%s%s%s", root, files->mount, dir);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        dir[0] = '\0';
    for (;;) {
        uint64_t headroom, bytes;
        if (cgroup_headroom(root, files, dir, &headroom, &bytes))
            consider(limit, headroom, "cgroup %s %s of %s: %.2f GB, %.2f GB of it left",
                     files->version, files->limit, dir[0] ? dir : "/", (double)bytes / 1e9,
                     (double)headroom / 1e9);
        char *slash = strrchr(dir, '/');
        if (!slash)
            break;
        *slash = '\0';
    }
}

/* ---- Slurm ---------------------------------------------------------------------- */

static void detect_slurm(const char *(*getenv_fn)(const char *), struct memory_limit *limit)
{
    uint64_t megabytes, cpus = 1;
    const char *per_node = getenv_fn("SLURM_MEM_PER_NODE");
    const char *per_cpu = getenv_fn("SLURM_MEM_PER_CPU");
    /* 0 asks for all the node's memory: no limit of its own. */
    if (per_node && parse_bytes(per_node, &megabytes) == 0 && megabytes > 0 &&
        megabytes < NO_LIMIT_ABOVE / SLURM_MEGABYTE)
        consider(limit, megabytes * SLURM_MEGABYTE, "the Slurm job's memory, "
                 "SLURM_MEM_PER_NODE=%s (MB)", per_node);
    if (!per_cpu || parse_bytes(per_cpu, &megabytes) != 0 || megabytes == 0)
        return;
    const char *on_node = getenv_fn("SLURM_CPUS_ON_NODE");
    if (!on_node || parse_bytes(on_node, &cpus) != 0 || cpus == 0) {
        on_node = getenv_fn("SLURM_CPUS_PER_TASK");
        if (!on_node || parse_bytes(on_node, &cpus) != 0 || cpus == 0)
            cpus = 1;
    }
    if (megabytes < NO_LIMIT_ABOVE / SLURM_MEGABYTE / cpus)
        consider(limit, megabytes * cpus * SLURM_MEGABYTE, "the Slurm job's memory, "
                 "SLURM_MEM_PER_CPU=%s (MB) x %" PRIu64 " CPUs", per_cpu, cpus);
}

/* ---- The answer ------------------------------------------------------------------- */

void platform_memory_probe(const char *root, const char *(*getenv_fn)(const char *),
                           struct memory_limit *limit)
{
    memset(limit, 0, sizeof *limit);
    snprintf(limit->decided_by, sizeof limit->decided_by, "unknown");
    uint64_t kilobytes;
    if (read_keyed(root, "/proc/meminfo", "MemAvailable", &kilobytes) == 0 && kilobytes > 0)
        consider(limit, kilobytes * 1024, "MemAvailable in /proc/meminfo");
    char v2[PATH_SIZE / 2], v1[PATH_SIZE / 2];
    platform_cgroup_paths(root, "memory", v2, v1, sizeof v2);
    if (v2[0])
        detect_cgroup(root, &cgroup_v2, v2, limit);
    if (v1[0])
        detect_cgroup(root, &cgroup_v1, v1, limit);
    detect_slurm(getenv_fn, limit);
}

static const char *real_getenv(const char *name)
{
    return getenv(name);
}

uint64_t platform_memory_total(void)
{
    uint64_t kilobytes;
    return read_keyed("", "/proc/meminfo", "MemTotal", &kilobytes) == 0 ? kilobytes * 1024 : 0;
}

uint64_t platform_memory_available(void)
{
    struct memory_limit limit;
    platform_memory_probe("", real_getenv, &limit);
    /* 0 means "unknown" to the callers; a limit that is used up leaves 1 byte. */
    return limit.known && limit.available == 0 ? 1 : limit.available;
}
