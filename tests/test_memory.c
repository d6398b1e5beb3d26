/*
 * test_memory.c — how much memory a run may use, from fixture trees
 * (tests/fixtures/memory/) and a fake environment: /proc/meminfo, cgroup v1
 * and v2 limits up the hierarchy, containers, Slurm's allocation, and
 * garbage in any of them.
 */
#include <stdio.h>
#include <string.h>

#include "support/testing.h"

#include "../harness/platform.h"

enum { MIB = 1 << 20 };



/* The fixture's limit is `bytes`, and its reason mentions `reason`. */
static void expect(const char *fixture, const char *const *env, uint64_t bytes,
                   const char *reason)
{
    char root[256];
    snprintf(root, sizeof root, "tests/fixtures/memory/%s", fixture);
    testing_set_environment(env);
    struct memory_limit limit;
    platform_memory_probe(root, testing_getenv, &limit);
    if (!limit.known || limit.available != bytes || !strstr(limit.decided_by, reason))
        fail_msg("%s: %s %llu bytes (%s); expected %llu bytes by \"%s\"", fixture,
                 limit.known ? "known" : "unknown", (unsigned long long)limit.available,
                 limit.decided_by, (unsigned long long)bytes, reason);
}

static void test_meminfo(void **state)
{
    (void)state;
    expect("none", NULL, 8000000ULL * 1024, "MemAvailable");
    expect("v1_garbage", NULL, 4000000ULL * 1024, "MemAvailable"); /* "lots": ignored */
    struct memory_limit limit;
    platform_memory_probe("tests/fixtures/memory/no-such-tree", testing_getenv, &limit);
    assert_false(limit.known);
    assert_string_equal(limit.decided_by, "unknown");
}

/* A Slurm job's cgroup (v1) limits the step's cgroup below it: 1 GiB, of
 * which 200 MiB is in use, half of it page cache the kernel can drop. */
static void test_cgroup_v1_hierarchy(void **state)
{
    (void)state;
    expect("v1_slurm", NULL, 1024ULL * MIB - 100ULL * MIB,
           "cgroup v1 memory.limit_in_bytes of /slurm/uid_0/job_7:");
}

/* Docker without a cgroup namespace: /proc/self/cgroup names a path the
 * container cannot see; the top of its hierarchy is the container's own. */
static void test_cgroup_v1_container(void **state)
{
    (void)state;
    expect("v1_container", NULL, 512ULL * MIB, "cgroup v1 memory.limit_in_bytes of /:");
}

/* cgroup v2: our memory.max is "max", the parent's 2 GiB binds (1 GiB used,
 * a quarter of it inactive page cache). */
static void test_cgroup_v2_hierarchy(void **state)
{
    (void)state;
    expect("v2_nested", NULL, 2048ULL * MIB - 768ULL * MIB,
           "cgroup v2 memory.max of /user.slice:");
}

static void test_slurm(void **state)
{
    (void)state;
    expect("none", TESTING_ENV("SLURM_MEM_PER_NODE=1024"), 1024ULL * MIB, "SLURM_MEM_PER_NODE=1024");
    expect("none", TESTING_ENV("SLURM_MEM_PER_CPU=1000"), 1000ULL * MIB, "x 1 CPUs");
    expect("none", TESTING_ENV("SLURM_MEM_PER_CPU=1000", "SLURM_CPUS_PER_TASK=3"), 3000ULL * MIB,
           "SLURM_MEM_PER_CPU=1000 (MB) x 3 CPUs");
    expect("none", TESTING_ENV("SLURM_MEM_PER_CPU=500", "SLURM_CPUS_ON_NODE=4", "SLURM_CPUS_PER_TASK=2"),
           2000ULL * MIB, "x 4 CPUs"); /* every CPU the job has on this node */
    /* The smallest wins: the job's cgroup below its --mem, or --mem below it. */
    expect("v1_slurm", TESTING_ENV("SLURM_MEM_PER_NODE=1024"), 924ULL * MIB, "cgroup v1");
    expect("v1_slurm", TESTING_ENV("SLURM_MEM_PER_CPU=400", "SLURM_CPUS_ON_NODE=2"), 800ULL * MIB,
           "SLURM_MEM_PER_CPU=400");
}

static void test_slurm_garbage(void **state)
{
    (void)state;
    expect("none", TESTING_ENV("SLURM_MEM_PER_NODE=0"), 8000000ULL * 1024, "MemAvailable"); /* all */
    expect("none", TESTING_ENV("SLURM_MEM_PER_NODE=lots"), 8000000ULL * 1024, "MemAvailable");
    expect("none", TESTING_ENV("SLURM_MEM_PER_NODE=-5"), 8000000ULL * 1024, "MemAvailable");
    expect("none", TESTING_ENV("SLURM_MEM_PER_NODE=99999999999999999999"), 8000000ULL * 1024,
           "MemAvailable");
    expect("none", TESTING_ENV("SLURM_MEM_PER_CPU=100", "SLURM_CPUS_ON_NODE=x"), 100ULL * MIB,
           "x 1 CPUs");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meminfo),
        cmocka_unit_test(test_cgroup_v1_hierarchy),
        cmocka_unit_test(test_cgroup_v1_container),
        cmocka_unit_test(test_cgroup_v2_hierarchy),
        cmocka_unit_test(test_slurm),
        cmocka_unit_test(test_slurm_garbage),
    };
    return cmocka_run_group_tests_name("memory", tests, NULL, NULL);
}
