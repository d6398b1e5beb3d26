/* info.c — --list and --cores (see info.h). */
#include "info.h"

#include "../kernels/registry.h"
#include "cli.h"
#include "params.h"

static void list_kernel(FILE *out, const struct pb_kernel *kernel)
{
    fprintf(out, "%s\n  %s\n  lesson: %s\n  variants:", kernel->name, kernel->description,
            kernel->lesson);
    for (size_t v = 0; v < kernel->nvariants; v++)
        fprintf(out, " %s%s", kernel->variants[v].name, kernel->variants[v].parallel ? "*" : "");
    fprintf(out, "   (* parallel)\n  parameters (test / small / default / large):\n");
    for (size_t p = 0; p < kernel->nparams; p++) {
        const struct pb_param *param = &kernel->params[p];
        fprintf(out, "    %-10s %s / %s / %s / %s\n    %-10s %s\n", param->name,
                param->defaults[PB_SIZE_TEST], param->defaults[PB_SIZE_SMALL],
                param->defaults[PB_SIZE_DEFAULT], param->defaults[PB_SIZE_LARGE], "",
                param->help);
    }
    if (kernel->naive_work)
        fprintf(out, "  naive's work at default and large (and optimized's beside it, for the "
                "ratio): small%s%s\n", kernel->naive_work[0] ? " with " : "", kernel->naive_work);
}

void info_list(FILE *out)
{
    fputs("Size classes: test (milliseconds, for the tests); small (the Python tutorials' own\n"
          "sizes, to compare with them); default (make bench: a sample of optimized serial\n"
          "code lasts 0.2-1 s on one current core; parzen and sph2cart repeat their call\n"
          "within a sample rather than outgrow a laptop's memory); large (cluster nodes).\n\n",
          out);
    for (size_t k = 0; k < pb_kernel_count; k++) {
        if (k)
            fputc('\n', out);
        list_kernel(out, pb_kernels[k]);
    }
}

static void info_topology(FILE *out, const struct topology *t)
{
    if (!t->known) {
        fprintf(out, "topology: unknown (hwloc could not read it)\n");
        return;
    }
    fprintf(out, "topology (hwloc): %d package%s, %d NUMA node%s, %d physical cores, "
            "%d logical CPUs%s\n", t->packages, t->packages == 1 ? "" : "s", t->numa_nodes,
            t->numa_nodes == 1 ? "" : "s", t->physical_cores, t->logical_cpus,
            t->logical_cpus > t->physical_cores ? " (SMT: several logical CPUs per core)"
                                                : " (one per core)");
    if (t->nkinds <= 1)
        fprintf(out, "core kinds: %s\n", t->nkinds == 1 ? "all alike" : "not reported by the OS");
    for (int k = 0; t->nkinds > 1 && k < t->nkinds; k++)
        fprintf(out, "core kind %d: %d logical CPUs, %s (efficiency rank %d; higher = faster)\n",
                k, t->kinds[k].logical_cpus, t->kinds[k].name[0] ? t->kinds[k].name : "unnamed",
                t->kinds[k].efficiency);
}

void info_cores(FILE *out, const struct core_report *cores, const struct topology *topology)
{
    fprintf(out, "usable cores: %d (decided by: %s)\n", cores->usable,
            cores_source_name(cores->decided_by));
    for (int s = 0; s < CORE_SOURCE_COUNT; s++) {
        const struct core_limit *limit = &cores->limits[s];
        fprintf(out, "  %-20s ", cores_source_name((enum core_source)s));
        if (limit->applies)
            fprintf(out, "%-5d %s\n", limit->count, limit->detail);
        else
            fprintf(out, "%-5s %s\n", "-", limit->detail);
    }
    info_topology(out, topology);
    int workers[CLI_MAX_WORKER_COUNTS];
    int count = cores_default_workers(cores->usable, workers, CLI_MAX_WORKER_COUNTS);
    fprintf(out, "default worker list:");
    for (int i = 0; i < count; i++)
        fprintf(out, "%s %d", i ? "," : "", workers[i]);
    fputc('\n', out);
    for (int i = 0; i < cores->nwarnings; i++)
        fprintf(out, "warning: %s\n", cores->warnings[i]);
}
