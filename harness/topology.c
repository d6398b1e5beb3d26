/* topology.c — hwloc queries (see topology.h). */
#include "topology.h"

#include <hwloc.h>
#include <stdio.h>
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
