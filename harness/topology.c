/* topology.c — hwloc queries (see topology.h). */
#include "topology.h"

#include <hwloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int count_of(hwloc_topology_t hw, hwloc_obj_type_t type)
{
    int count = hwloc_get_nbobjs_by_type(hw, type);
    return count > 0 ? count : 0;
}

static void describe_kind(hwloc_topology_t hw, unsigned index, struct core_kind *kind)
{
    hwloc_bitmap_t cpus = hwloc_bitmap_alloc();
    int efficiency = -1;
    unsigned ninfos = 0;
    struct hwloc_info_s *infos = NULL;
    kind->name[0] = '\0';
    kind->logical_cpus = 0;
    if (cpus && hwloc_cpukinds_get_info(hw, index, cpus, &efficiency, &ninfos, &infos, 0) == 0) {
        kind->logical_cpus = hwloc_bitmap_weight(cpus);
        for (unsigned i = 0; i < ninfos; i++)
            if (strcmp(infos[i].name, "CoreType") == 0)
                snprintf(kind->name, sizeof kind->name, "%s", infos[i].value);
    }
    kind->efficiency = efficiency;
    hwloc_bitmap_free(cpus);
}

void topology_detect(struct topology *topology)
{
    memset(topology, 0, sizeof *topology);
    hwloc_topology_t hw;
    if (hwloc_topology_init(&hw) != 0)
        return;
    if (hwloc_topology_load(hw) == 0) {
        topology->known = true;
        topology->packages = count_of(hw, HWLOC_OBJ_PACKAGE);
        topology->numa_nodes = count_of(hw, HWLOC_OBJ_NUMANODE);
        topology->physical_cores = count_of(hw, HWLOC_OBJ_CORE);
        topology->logical_cpus = count_of(hw, HWLOC_OBJ_PU);
        int nkinds = hwloc_cpukinds_get_nr(hw, 0);
        if (nkinds > TOPOLOGY_MAX_KINDS)
            nkinds = TOPOLOGY_MAX_KINDS;
        topology->nkinds = nkinds > 0 ? nkinds : 0;
        for (int k = 0; k < topology->nkinds; k++)
            describe_kind(hw, (unsigned)k, &topology->kinds[k]);
    }
    hwloc_topology_destroy(hw);
}

/* Our allowed CPUs, as hwloc sees them; NULL on failure. */
static hwloc_bitmap_t allowed_cpus(hwloc_topology_t hw)
{
    hwloc_bitmap_t allowed = hwloc_bitmap_alloc();
    if (allowed && hwloc_get_cpubind(hw, allowed, HWLOC_CPUBIND_PROCESS) != 0)
        hwloc_bitmap_copy(allowed, hwloc_topology_get_allowed_cpuset(hw));
    return allowed;
}

/*
 * The cores under obj, ordered so that neighbours in the list sit as far
 * apart in the machine as possible: each child's own list, interleaved
 * (first core of child 0, first of child 1, ..., second of child 0, ...).
 * Returns how many cores it wrote into out.
 */
static int spread_order(hwloc_topology_t hw, hwloc_obj_t obj, hwloc_obj_t *out)
{
    if (obj->type == HWLOC_OBJ_CORE) {
        out[0] = obj;
        return 1;
    }
    /* Each child's list goes into one scratch array, child c's at start[c]. */
    int nchildren = (int)obj->arity;
    int cores = hwloc_get_nbobjs_inside_cpuset_by_type(hw, obj->cpuset, HWLOC_OBJ_CORE);
    hwloc_obj_t *scratch = calloc((size_t)(cores > 0 ? cores : 1), sizeof(hwloc_obj_t));
    int *start = calloc((size_t)nchildren + 1, sizeof(int));
    int *length = calloc((size_t)nchildren + 1, sizeof(int));
    int total = 0;
    for (int c = 0; scratch && start && length && c < nchildren; c++) {
        start[c] = total;
        length[c] = spread_order(hw, obj->children[c], scratch + total);
        total += length[c];
    }
    int written = 0;
    for (int round = 0; written < total; round++)
        for (int c = 0; c < nchildren; c++)
            if (round < length[c])
                out[written++] = scratch[start[c] + round];
    free(scratch);
    free(start);
    free(length);
    return written;
}

/* Round r takes the r-th allowed hardware thread of every core, cores in
 * `order`; so all cores get a worker before any core gets a second. */
static int cpus_in_order(hwloc_obj_t *order, int ncores, hwloc_const_bitmap_t allowed,
                         int workers, int *cpus)
{
    int count = 0;
    for (int round = 0; count < workers && round < 8; round++)
        for (int c = 0; c < ncores && count < workers; c++) {
            int taken = 0;
            for (int pu = hwloc_bitmap_first(order[c]->cpuset); pu >= 0;
                 pu = hwloc_bitmap_next(order[c]->cpuset, pu))
                if (hwloc_bitmap_isset(allowed, (unsigned)pu) && taken++ == round) {
                    cpus[count++] = pu;
                    break;
                }
        }
    return count;
}

static int worker_cpus(hwloc_topology_t hw, enum bind_policy policy, int workers, int *cpus)
{
    int ncores = hwloc_get_nbobjs_by_type(hw, HWLOC_OBJ_CORE);
    if (ncores <= 0)
        return 0;
    hwloc_obj_t *order = calloc((size_t)ncores, sizeof(hwloc_obj_t));
    hwloc_bitmap_t allowed = allowed_cpus(hw);
    int count = 0;
    if (order && allowed) {
        if (policy == BIND_SPREAD)
            ncores = spread_order(hw, hwloc_get_root_obj(hw), order);
        else /* close: the cores in their logical order */
            for (int c = 0; c < ncores; c++)
                order[c] = hwloc_get_obj_by_type(hw, HWLOC_OBJ_CORE, (unsigned)c);
        count = cpus_in_order(order, ncores, allowed, workers, cpus);
    }
    hwloc_bitmap_free(allowed);
    free(order);
    return count;
}

int topology_worker_cpus(enum bind_policy policy, int workers, int *cpus)
{
    hwloc_topology_t hw;
    if (policy == BIND_NONE || workers < 1 || hwloc_topology_init(&hw) != 0)
        return 0;
    int count = 0;
    if (hwloc_topology_load(hw) == 0) {
        count = worker_cpus(hw, policy, workers, cpus);
    }
    hwloc_topology_destroy(hw);
    return count;
}
