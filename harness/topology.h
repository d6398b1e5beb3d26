/*
 * topology.h — what the machine is made of, from hwloc.
 *
 * Logical CPUs are what the OS schedules on; with SMT (hyperthreading) two
 * of them share one physical core, and a compute-bound kernel gains little
 * from the second. Hybrid CPUs mix performance and efficiency cores, which
 * run the same code at different speeds: "8 cores" may not mean 8 equal ones.
 */
#ifndef PARBENCH_TOPOLOGY_H
#define PARBENCH_TOPOLOGY_H

#include <stdbool.h>

enum { TOPOLOGY_MAX_KINDS = 4 };

struct core_kind {
    int logical_cpus;
    int efficiency; /* hwloc's rank: higher = faster; -1 unknown */
    char name[64];  /* e.g. "IntelCore", "IntelAtom", or "" */
};

struct topology {
    bool known; /* false if hwloc failed; then the counts are 0 */
    int packages, numa_nodes, physical_cores, logical_cpus;
    int nkinds; /* 0 = the OS says nothing; 1 = all cores alike */
    struct core_kind kinds[TOPOLOGY_MAX_KINDS];
};

void topology_detect(struct topology *topology);

/* Where to pin workers (--bind). */
enum bind_policy {
    BIND_NONE,   /* let the operating system place and move them */
    BIND_CLOSE,  /* worker i on the i-th core: packed, sharing caches and sockets */
    BIND_SPREAD, /* workers spread evenly over sockets, NUMA nodes and caches */
};

/*
 * The logical CPU (OS index) for each of `workers` workers under `policy`,
 * one per physical core while there are enough (then the cores' other
 * hardware threads), only among the CPUs this process may use. Returns how
 * many entries it wrote into cpus (0 for BIND_NONE or if hwloc fails).
 */
int topology_worker_cpus(enum bind_policy policy, int workers, int *cpus);

#endif
