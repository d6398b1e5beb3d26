/*
 * test_cores.c — counting usable cores from fixture files and a fake
 * environment: cgroup v1 and v2 quotas, affinity masks, batch schedulers,
 * OMP_NUM_THREADS, and what happens when any of them is garbage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/testing.h"

#include "../harness/cores.h"
#include "../harness/topology.h"


static void detect(const char *fixture, int online, int affinity, const char *const *env,
                   struct core_report *report)
{
    static char root[256];
    snprintf(root, sizeof root, "tests/fixtures/cores/%s", fixture);
    testing_set_environment(env);
    struct cores_probe probe = {root, testing_getenv, online, affinity};
    cores_detect(&probe, report);
}

static void expect(const char *fixture, int online, int affinity, const char *const *env,
                   int usable, enum core_source decided_by, int nwarnings)
{
    struct core_report report;
    detect(fixture, online, affinity, env, &report);
    if (report.usable != usable || report.decided_by != decided_by ||
        report.nwarnings != nwarnings)
        fail_msg("%s: usable %d by %s with %d warnings (%s); expected %d by %s with %d",
                 fixture, report.usable, cores_source_name(report.decided_by), report.nwarnings,
                 report.nwarnings ? report.warnings[0] : "", usable,
                 cores_source_name(decided_by), nwarnings);
}


static void test_cgroup_v2(void **state)
{
    (void)state;
    expect("v2_unlimited", 8, 8, NULL, 8, CORE_ONLINE, 0); /* "max 100000": no limit */
    expect("v2_quota", 8, 8, NULL, 2, CORE_CGROUP, 0);     /* "150000 100000": 1.5 -> 2 */
    expect("v2_nested", 8, 8, NULL, 3, CORE_CGROUP, 0);    /* a parent's quota counts */
    expect("v2_garbage", 8, 8, NULL, 8, CORE_ONLINE, 1);   /* warned, then ignored */
    expect("v2_unreadable", 8, 8, NULL, 8, CORE_ONLINE, 1);
}

static void test_cgroup_v1(void **state)
{
    (void)state;
    expect("v1_quota", 8, 8, NULL, 3, CORE_CGROUP, 0); /* 250000 / 100000 -> 3 */
    expect("v1_unlimited", 8, 8, NULL, 8, CORE_ONLINE, 0);
    expect("none", 4, 4, NULL, 4, CORE_ONLINE, 0);
}

static void test_affinity_and_schedulers(void **state)
{
    (void)state;
    expect("none", 8, 1, NULL, 1, CORE_AFFINITY, 0); /* taskset -c 0 */
    expect("none", 8, -1, NULL, 8, CORE_ONLINE, 0);  /* no affinity masks (macOS) */
    expect("none", 8, 8, TESTING_ENV("SLURM_CPUS_PER_TASK=3"), 3, CORE_SLURM, 0);
    expect("none", 8, 8, TESTING_ENV("NSLOTS=5"), 5, CORE_NSLOTS, 0);
    expect("none", 8, 8, TESTING_ENV("OMP_NUM_THREADS=4,2"), 4, CORE_OMP, 0);
    expect("v2_quota", 8, 8, TESTING_ENV("SLURM_CPUS_PER_TASK=6", "OMP_NUM_THREADS=16"), 2, CORE_CGROUP, 0);
    expect("none", 8, 4, TESTING_ENV("SLURM_CPUS_PER_TASK=4"), 4, CORE_AFFINITY, 0); /* tie: earlier */
}

static void test_bad_environment(void **state)
{
    (void)state;
    expect("none", 8, 8, TESTING_ENV("OMP_NUM_THREADS=abc"), 8, CORE_ONLINE, 1);
    expect("none", 8, 8, TESTING_ENV("OMP_NUM_THREADS=0"), 8, CORE_ONLINE, 1);
    expect("none", 8, 8, TESTING_ENV("OMP_NUM_THREADS=-2"), 8, CORE_ONLINE, 1);
    expect("none", 8, 8, TESTING_ENV("SLURM_CPUS_PER_TASK="), 8, CORE_ONLINE, 1);
    expect("none", 8, 8, TESTING_ENV("NSLOTS=3x"), 8, CORE_ONLINE, 1);
    struct core_report report;
    detect("none", 8, 8, TESTING_ENV("OMP_NUM_THREADS=abc"), &report);
    assert_non_null(strstr(report.warnings[0], "OMP_NUM_THREADS"));
}

static void test_parsers(void **state)
{
    (void)state;
    int count = -1;
    assert_int_equal(cores_parse_cpu_max("max 100000", &count), 0);
    assert_int_equal(cores_parse_cpu_max("150000 100000", &count), 1);
    assert_int_equal(count, 2);
    assert_int_equal(cores_parse_cpu_max("100000 100000\n", &count), 1);
    assert_int_equal(count, 1);
    assert_int_equal(cores_parse_cpu_max("50000 100000", &count), 1);
    assert_int_equal(count, 1);
    assert_int_equal(cores_parse_cpu_max("max", &count), -1);
    assert_int_equal(cores_parse_cpu_max("", &count), -1);
    assert_int_equal(cores_parse_cpu_max("0 100000", &count), -1);
    assert_int_equal(cores_parse_cfs("-1", "100000", &count), 0);
    assert_int_equal(cores_parse_cfs("200000", "100000", &count), 1);
    assert_int_equal(count, 2);
    assert_int_equal(cores_parse_cfs("x", "100000", &count), -1);
    assert_int_equal(cores_parse_cfs("100", "0", &count), -1);
    assert_int_equal(cores_parse_env_count("12", &count), 1);
    assert_int_equal(count, 12);
    assert_int_equal(cores_parse_env_count("", &count), -1);
    assert_int_equal(cores_parse_env_count(",4", &count), -1);
}

static void test_default_worker_lists(void **state)
{
    (void)state;
    static const struct {
        int usable, count, list[8];
    } cases[] = {
        {1, 1, {1}}, {2, 2, {1, 2}}, {3, 3, {1, 2, 3}}, {6, 4, {1, 2, 4, 6}},
        {8, 4, {1, 2, 4, 8}}, {16, 5, {1, 2, 4, 8, 16}},
    };
    for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
        int list[16];
        int count = cores_default_workers(cases[c].usable, list, 16);
        assert_int_equal(count, cases[c].count);
        for (int i = 0; i < count; i++)
            assert_int_equal(list[i], cases[c].list[i]);
    }
}

/* --bind on a made-up machine (hwloc's synthetic topologies): 2 sockets x
 * 2 cores x 2 hardware threads, CPUs numbered 0..7 core by core. */
static void test_bind_orders(void **state)
{
    (void)state;
    setenv("HWLOC_SYNTHETIC", "pack:2 core:2 pu:2", 1);
    int cpus[8];
    const int close_order[] = {0, 2, 4, 6, 1, 3, 5, 7};  /* cores in order, then SMT */
    const int spread_order[] = {0, 4, 2, 6, 1, 5, 3, 7}; /* alternate sockets */
    assert_int_equal(topology_worker_cpus(BIND_CLOSE, 8, cpus), 8);
    assert_memory_equal(cpus, close_order, sizeof close_order);
    assert_int_equal(topology_worker_cpus(BIND_SPREAD, 8, cpus), 8);
    assert_memory_equal(cpus, spread_order, sizeof spread_order);
    assert_int_equal(topology_worker_cpus(BIND_SPREAD, 2, cpus), 2);
    assert_int_equal(cpus[1], 4); /* two workers: one per socket */
    assert_int_equal(topology_worker_cpus(BIND_NONE, 8, cpus), 0);
    unsetenv("HWLOC_SYNTHETIC");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cgroup_v2),          cmocka_unit_test(test_cgroup_v1),
        cmocka_unit_test(test_affinity_and_schedulers), cmocka_unit_test(test_bad_environment),
        cmocka_unit_test(test_parsers),            cmocka_unit_test(test_default_worker_lists),
        cmocka_unit_test(test_bind_orders),
    };
    return cmocka_run_group_tests_name("cores", tests, NULL, NULL);
}
