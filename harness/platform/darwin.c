/* platform/darwin.c — macOS: sysctl; no affinity masks, no cgroups. */
#include "../platform.h"

#include <mach-o/dyld.h>
#include <mach/mach.h>
#include <stdio.h>
#include <sys/sysctl.h>
#include <unistd.h>

int platform_affinity_count(void)
{
    return -1; /* macOS has no CPU affinity masks */
}

int platform_restore_startup_affinity(void)
{
    return 0; /* no masks to change; libomp starts lazily anyway */
}

int platform_bind_cpu(int cpu)
{
    (void)cpu;
    return -1; /* macOS offers affinity hints only, no binding */
}

int platform_adopt_orphans(void)
{
    return -1; /* launchd reaps orphans */
}

int platform_self_path(char *buf, size_t size)
{
    uint32_t length = (uint32_t)size;
    return _NSGetExecutablePath(buf, &length) == 0 ? 0 : -1;
}

int platform_online_cpus(void)
{
    long count = sysconf(_SC_NPROCESSORS_ONLN);
    return count > 0 ? (int)count : 1;
}

uint64_t platform_memory_total(void)
{
    uint64_t bytes = 0;
    size_t size = sizeof bytes;
    return sysctlbyname("hw.memsize", &bytes, &size, NULL, 0) == 0 ? bytes : 0;
}

uint64_t platform_memory_available(void)
{
    vm_statistics64_data_t vm = {0};
    mach_msg_type_number_t count = HOST_VM_INFO64_COUNT;
    if (host_statistics64(mach_host_self(), HOST_VM_INFO64, (host_info64_t)&vm, &count) != 0)
        return 0;
    uint64_t pages = (uint64_t)vm.free_count + vm.inactive_count + vm.purgeable_count;
    return pages * (uint64_t)sysconf(_SC_PAGESIZE);
}

void platform_memory_probe(const char *root, const char *(*getenv_fn)(const char *),
                           struct memory_limit *limit)
{
    (void)root;
    (void)getenv_fn;
    limit->available = platform_memory_available();
    limit->known = limit->available > 0;
    snprintf(limit->decided_by, sizeof limit->decided_by, "%s",
             limit->known ? "free, inactive and purgeable pages (host_statistics64)" : "unknown");
}

void platform_cpu_model(char *buf, size_t size)
{
    size_t len = size;
    if (sysctlbyname("machdep.cpu.brand_string", buf, &len, NULL, 0) != 0)
        snprintf(buf, size, "unknown");
}

void platform_cgroup_paths(const char *root, const char *v1_controller, char *v2, char *v1,
                           size_t size)
{
    (void)root;
    (void)v1_controller;
    (void)size;
    v2[0] = v1[0] = '\0';
}
