/* platform/linux.c — Linux: sched_getaffinity, /proc, cgroups (memory: linux_memory.c). */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT_S */
#include "../platform.h"

#include <sched.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Enough for machines with up to 8192 logical CPUs. */
enum { MAX_CPUS = 8192 };

int platform_affinity_count(void)
{
    cpu_set_t *set = CPU_ALLOC(MAX_CPUS);
    if (!set)
        return -1;
    size_t size = CPU_ALLOC_SIZE(MAX_CPUS);
    int count = -1;
    if (sched_getaffinity(0, size, set) == 0)
        count = CPU_COUNT_S(size, set);
    CPU_FREE(set);
    return count;
}

/*
 * The mask at start-up, recorded by a function in .preinit_array: the
 * dynamic loader runs those before the initializers of any shared library,
 * so before libgomp's could change the mask.
 */
static unsigned long startup_mask[MAX_CPUS / (8 * sizeof(unsigned long))];
static int startup_mask_known;

static void record_startup_affinity(void)
{
    startup_mask_known =
        sched_getaffinity(0, sizeof startup_mask, (cpu_set_t *)startup_mask) == 0;
}

__attribute__((section(".preinit_array"), used)) static void (*const record_at_startup)(void) =
    record_startup_affinity;

int platform_restore_startup_affinity(void)
{
    if (!startup_mask_known)
        return -1;
    unsigned long now[sizeof startup_mask / sizeof startup_mask[0]];
    if (sched_getaffinity(0, sizeof now, (cpu_set_t *)now) != 0)
        return -1;
    if (memcmp(now, startup_mask, sizeof now) == 0)
        return 0;
    return sched_setaffinity(0, sizeof startup_mask, (cpu_set_t *)startup_mask) == 0 ? 1 : -1;
}

int platform_bind_cpu(int cpu)
{
    if (cpu < 0 || cpu >= MAX_CPUS)
        return -1;
    cpu_set_t *set = CPU_ALLOC(MAX_CPUS);
    if (!set)
        return -1;
    size_t size = CPU_ALLOC_SIZE(MAX_CPUS);
    CPU_ZERO_S(size, set);
    CPU_SET_S((size_t)cpu, size, set);
    int result = sched_setaffinity(0, size, set); /* 0: the calling thread */
    CPU_FREE(set);
    return result;
}

int platform_adopt_orphans(void)
{
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

int platform_self_path(char *buf, size_t size)
{
    ssize_t len = readlink("/proc/self/exe", buf, size - 1);
    if (len <= 0)
        return -1;
    buf[len] = '\0';
    return 0;
}

int platform_online_cpus(void)
{
    long count = sysconf(_SC_NPROCESSORS_ONLN);
    return count > 0 ? (int)count : 1;
}

void platform_cpu_model(char *buf, size_t size)
{
    snprintf(buf, size, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        /* x86 says "model name", some Arm kernels only "Model" or nothing. */
        if (strncmp(line, "model name", 10) == 0 || strncmp(line, "Model", 5) == 0) {
            char *colon = strchr(line, ':');
            if (colon) {
                colon += 1 + (colon[1] == ' ');
                colon[strcspn(colon, "\n")] = '\0';
                snprintf(buf, size, "%s", colon);
                break;
            }
        }
    }
    fclose(f);
}

void platform_cgroup_paths(const char *root, const char *v1_controller, char *v2, char *v1,
                           size_t size)
{
    v2[0] = v1[0] = '\0';
    char path[1024];
    snprintf(path, sizeof path, "%s/proc/self/cgroup", root);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        /* Lines are "id:controllers:path"; v2 is "0::path". */
        char *first = strchr(line, ':');
        char *second = first ? strchr(first + 1, ':') : NULL;
        if (!second)
            continue;
        *first = *second = '\0';
        const char *controllers = first + 1, *cgroup = second + 1;
        /* v1 lists its controllers, "cpu,cpuacct": a whole word must match
         * ("cpu" is not "cpuset"). */
        char list[256], word[64];
        snprintf(list, sizeof list, ",%s,", controllers);
        snprintf(word, sizeof word, ",%s,", v1_controller);
        if (strcmp(line, "0") == 0 && controllers[0] == '\0')
            snprintf(v2, size, "%s", cgroup);
        else if (strstr(list, word))
            snprintf(v1, size, "%s", cgroup[0] ? cgroup : "/");
    }
    fclose(f);
}
