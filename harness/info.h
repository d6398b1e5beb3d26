/* info.h — what --list and --cores print. */
#ifndef PARBENCH_INFO_H
#define PARBENCH_INFO_H

#include <stdio.h>

#include "cores.h"
#include "topology.h"

/* Every kernel with its lesson, variants and parameters (defaults per size). */
void info_list(FILE *out);

/* How many cores are usable, which source decided, the machine's topology
 * and the default worker list. */
void info_cores(FILE *out, const struct core_report *cores, const struct topology *topology);

#endif
