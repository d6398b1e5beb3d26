/* plan.c — values, worker counts, memory and cells of a run (see plan.h). */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernels/common/check.h"
#include "../kernels/registry.h"
#include "params.h"

static bool variant_selected(const struct cli_options *options, const char *name)
{
    if (options->nvariants == 0)
        return true;
    for (size_t v = 0; v < options->nvariants; v++)
        if (strcmp(options->variants[v], name) == 0)
            return true;
    return false;
}

/* ---- Values ----------------------------------------------------------------- */

/* Splits "n=1e7 chunk=100" into --set settings for `kernel`. */
static int naive_settings(const struct pb_kernel *kernel, struct param_setting *settings,
                          size_t *count, char *message)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", kernel->naive_work ? kernel->naive_work : "");
    char *save = NULL;
    *count = 0;
    for (char *word = strtok_r(copy, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
        PB_CHECK(*count < CLI_MAX_SETTINGS);
        if (params_split_setting(word, &settings[(*count)++], message) != 0)
            return -1;
    }
    return 0;
}

/*
 * Naive's smaller work at default and large: the small class, the kernel's
 * naive_work on top, and the user's --set on top of that (the user's word
 * is final, even when it makes naive slow).
 */
static int resolve_naive(struct bench *bench, size_t k, char *message)
{
    const struct cli_options *options = bench->options;
    const struct pb_kernel *kernel = options->kernels[k];
    bench->naive_work[k] = options->size >= PB_SIZE_DEFAULT && kernel->naive_work &&
                           variant_selected(options, "naive");
    if (!bench->naive_work[k])
        return 0;
    struct param_setting settings[2 * CLI_MAX_SETTINGS];
    size_t count;
    if (naive_settings(kernel, settings, &count, message) != 0)
        return -1;
    memcpy(settings + count, options->settings, options->nsettings * sizeof settings[0]);
    count += options->nsettings;
    return params_resolve(kernel, PB_SIZE_SMALL, settings, count, &bench->naive_values[k],
                          message);
}

static int resolve_parameters(struct bench *bench, char *message)
{
    const struct cli_options *options = bench->options;
    struct param_setting settings[CLI_MAX_SETTINGS];
    memcpy(settings, options->settings, sizeof settings);
    for (size_t k = 0; k < options->nkernels; k++)
        if (params_resolve(options->kernels[k], options->size, settings, options->nsettings,
                           &bench->values[k], message) != 0 ||
            resolve_naive(bench, k, message) != 0)
            return -1;
    for (size_t s = 0; s < options->nsettings; s++)
        if (settings[s].used == 0) {
            snprintf(message, PB_MESSAGE_MAX, "--set %s%s%s: no selected kernel has a parameter "
                     "\"%s\" (see --list)", settings[s].kernel, settings[s].kernel[0] ? "." : "",
                     settings[s].key, settings[s].key);
            return -1;
        }
    return 0;
}

/* The index of the kernel's weak-scaling parameter, or -1 when the run uses
 * strong scaling or the kernel has none. */
static int weak_param(const struct bench *bench, const struct pb_kernel *kernel)
{
    if (!bench->options->weak_scaling || !kernel->weak_scaling_param)
        return -1;
    int index = params_find(kernel, kernel->weak_scaling_param);
    PB_CHECK(index >= 0 && kernel->params[index].type == PB_PARAM_INT);
    return index;
}

/*
 * The values a cell with `workers` workers runs with: under weak scaling the
 * kernel's scaling parameter times the worker count. Returns -1 with a
 * message when that exceeds the parameter's range.
 */
static int values_for(const struct bench *bench, size_t k, int workers,
                      struct pb_values *values, char *message)
{
    const struct pb_kernel *kernel = bench->options->kernels[k];
    *values = bench->values[k];
    int index = weak_param(bench, kernel);
    if (index < 0 || workers == 1)
        return 0;
    const struct pb_param *param = &kernel->params[index];
    if ((double)values->v[index].i * workers > param->max) {
        snprintf(message, PB_MESSAGE_MAX, "%s: weak scaling needs %s = %lld x %d, above its "
                 "maximum %.17g", kernel->name, param->name, (long long)values->v[index].i,
                 workers, param->max);
        return -1;
    }
    values->v[index].i *= workers;
    return 0;
}

/* ---- Worker counts and memory ---------------------------------------------------- */

/* The cores the machine lets this run use: the usable cores without
 * OMP_NUM_THREADS, which is a request (how many threads OpenMP starts by
 * default), not a limit of the machine. */
static int machine_cores(const struct core_report *cores, enum core_source *decided_by)
{
    int count = cores->limits[CORE_ONLINE].count;
    *decided_by = CORE_ONLINE;
    for (int s = 1; s < CORE_SOURCE_COUNT; s++)
        if (s != CORE_OMP && cores->limits[s].applies && cores->limits[s].count < count) {
            count = cores->limits[s].count;
            *decided_by = (enum core_source)s;
        }
    return count;
}

static void plan_workers(struct bench *bench)
{
    const struct cli_options *options = bench->options;
    int usable = bench->cores.usable;
    if (options->workers_auto) {
        bench->nworkers = (size_t)cores_default_workers(usable, bench->workers,
                                                        CLI_MAX_WORKER_COUNTS);
        return;
    }
    bench->nworkers = options->nworkers;
    memcpy(bench->workers, options->workers, options->nworkers * sizeof options->workers[0]);
    int largest = bench->workers[bench->nworkers - 1];
    enum core_source machine_source;
    int machine = machine_cores(&bench->cores, &machine_source);
    if (largest > machine)
        fprintf(stderr, "parbench: warning: %d workers but only %d usable cores (%s): "
                "the cores will be oversubscribed and those times show it\n",
                largest, machine < usable ? machine : usable,
                cores_source_name(machine < usable ? machine_source : bench->cores.decided_by));
    else if (largest > usable)
        fprintf(stderr, "parbench: note: %d workers, more than OMP_NUM_THREADS=%d asks for; "
                "the machine lets this run use %d cores (%s), so they are not oversubscribed\n",
                largest, usable, machine, cores_source_name(machine_source));
}

static const char *real_getenv(const char *name)
{
    return getenv(name);
}

/* ---- MPI ranks --------------------------------------------------------------------- */

static bool mpi_selected(const struct cli_options *options)
{
    return variant_selected(options, "mpi");
}

/*
 * The rank counts of the mpi cells. An explicit --workers list is used as
 * it is. The default: 1, 2, 4, ... up to what the ranks may use with
 * --threads-per-rank threads each: this machine's usable cores, or, inside
 * an allocation (Slurm's tasks, a hostfile's slots), all of its ranks, on
 * however many nodes: the batch step parbench itself runs in may hold only
 * one of them.
 */
static void plan_ranks(struct bench *bench)
{
    struct launcher *launcher = &bench->launcher;
    const struct cli_options *options = bench->options;
    if (!options->workers_auto) {
        launcher->nranks = bench->nworkers;
        memcpy(launcher->ranks, bench->workers, bench->nworkers * sizeof bench->workers[0]);
    } else {
        int cpus = launcher->allocation.scheduled ? launcher->allocation.slots
                                                  : bench->cores.usable;
        int most = cpus / launcher->threads_per_rank;
        launcher->nranks = (size_t)cores_default_workers(most > 0 ? most : 1, launcher->ranks,
                                                         CLI_MAX_WORKER_COUNTS);
    }
    int largest = launcher->ranks[launcher->nranks - 1];
    if (launcher->available && launcher_oversubscribed(launcher, largest))
        fprintf(stderr, "parbench: warning: mpi: %d ranks x %d thread%s but only %d CPUs (%s): "
                "the cores will be oversubscribed and those times show it\n", largest,
                launcher->threads_per_rank, launcher->threads_per_rank == 1 ? "" : "s",
                launcher->allocation.slots, launcher->allocation.source);
}

/* Ranks of a job of `ranks` on parbench's machine, each with its own copy of
 * the kernel's state: all of them, unless the allocation has several nodes.
 * Then srun and mpirun fill the first node first (their default, block
 * distribution): at most a node's share of the allocation's ranks. */
static int ranks_here(const struct bench *bench, int ranks)
{
    const struct allocation *allocation = &bench->launcher.allocation;
    if (!allocation->multi_node || allocation->nodes <= 1)
        return ranks;
    int per_node = (allocation->slots + allocation->nodes - 1) / allocation->nodes;
    return ranks < per_node ? ranks : per_node;
}

static int plan_mpi(struct bench *bench, char *message)
{
    if (!mpi_selected(bench->options))
        return 0;
    if (launcher_prepare(&bench->launcher, bench->options, bench->cores.usable, message) != 0)
        return -1;
    plan_ranks(bench);
    return 0;
}

/* Once the plan stands: how the mpi cells will start (stderr). */
static void announce_mpi(const struct bench *bench)
{
    const struct launcher *launcher = &bench->launcher;
    if (!mpi_selected(bench->options))
        return;
    if (!launcher->available) {
        fprintf(stderr, "parbench: mpi: unavailable: %s\n", launcher->unavailable);
        return;
    }
    if (launcher->root_allowed)
        fprintf(stderr, "parbench: note: running as root: Open MPI refuses that unless told, so "
                "OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 are set for the "
                "mpi cells\n");
    char line[2 * LAUNCHER_TEXT];
    launcher_command_line(launcher, launcher->ranks[launcher->nranks - 1], line, sizeof line);
    fprintf(stderr, "parbench: mpi: %s; ranks", launcher->library);
    for (size_t i = 0; i < launcher->nranks; i++)
        fprintf(stderr, "%s %d", i ? "," : "", launcher->ranks[i]);
    fprintf(stderr, " x %d thread%s (up to %d on %d node%s: %s); launched as: %s\n",
            launcher->threads_per_rank, launcher->threads_per_rank == 1 ? "" : "s",
            launcher->allocation.slots, launcher->allocation.nodes,
            launcher->allocation.nodes == 1 ? "" : "s", launcher->allocation.source, line);
}

/* ---- Memory ----------------------------------------------------------------------- */

static int check_memory(struct bench *bench, char *message)
{
    struct memory_limit limit;
    platform_memory_probe("", real_getenv, &limit);
    uint64_t available = platform_memory_available();
    int most = bench->workers[bench->nworkers - 1];
    const struct launcher *launcher = &bench->launcher;
    int most_ranks = launcher->nranks ? launcher->ranks[launcher->nranks - 1] : 0;
    for (size_t k = 0; k < bench->options->nkernels; k++) {
        const struct pb_kernel *kernel = bench->options->kernels[k];
        struct pb_values values;
        if (values_for(bench, k, most > most_ranks ? most : most_ranks, &values, message) != 0)
            return -1;
        uint64_t needed = kernel->memory_needed(&values);
        /* every rank of an mpi cell sets up its own copy (saturating) */
        uint64_t copies = most_ranks > 0 ? (uint64_t)ranks_here(bench, most_ranks) : 1;
        needed = needed > UINT64_MAX / copies ? UINT64_MAX : needed * copies;
        if (available > 0 && needed > available) {
            snprintf(message, PB_MESSAGE_MAX,
                     "%s needs %.3g GB of memory at these sizes but only %.3g GB is available "
                     "(%.120s); choose a smaller --size or --set",
                     kernel->name, (double)needed / 1e9, (double)available / 1e9,
                     limit.decided_by);
            return -1;
        }
    }
    return 0;
}

/* ---- Cells ------------------------------------------------------------------------- */

static int cell_order(const struct pb_variant *variant)
{
    return strcmp(variant->name, "optimized") == 0 ? 0 : variant->parallel ? 2 : 1;
}

size_t plan_kernel_cells(const struct bench *bench, size_t k, struct plan_cell *cells)
{
    const struct cli_options *options = bench->options;
    const struct pb_kernel *kernel = options->kernels[k];
    const char *size = params_size_name(options->size);
    size_t count = 0;
    char message[PB_MESSAGE_MAX];
    /* optimized first: every speedup is paired with it, so it runs whether
     * or not it was asked for. Then the other serial variants, then each
     * parallel variant over the worker counts. */
    for (int order = 0; order <= 2; order++)
        for (size_t v = 0; v < kernel->nvariants; v++) {
            const struct pb_variant *variant = &kernel->variants[v];
            if (cell_order(variant) != order ||
                (order > 0 && !variant_selected(options, variant->name)))
                continue;
            /* mpi's worker counts are its rank counts */
            const int *workers = variant->mpi ? bench->launcher.ranks : bench->workers;
            size_t counts = !variant->parallel ? 1
                            : variant->mpi     ? bench->launcher.nranks
                                               : bench->nworkers;
            for (size_t w = 0; w < counts; w++) {
                struct plan_cell *cell = &cells[count++];
                cell->variant = variant;
                cell->workers = variant->parallel ? workers[w] : 1;
                cell->size = size;
                int scaled = values_for(bench, k, cell->workers, &cell->values, message);
                PB_CHECK(scaled == 0); /* bench_prepare checked the largest worker count */
                if (order == 1 && bench->naive_work[k] && strcmp(variant->name, "naive") == 0) {
                    cell->size = "naive";
                    cell->values = bench->naive_values[k];
                    /* and optimized on the same work, for an honest ratio */
                    cells[count++] = (struct plan_cell){registry_find_variant(kernel, "optimized"),
                                                        1, "naive", bench->naive_values[k]};
                }
            }
        }
    PB_CHECK(count <= PLAN_MAX_CELLS);
    return count;
}

unsigned long long plan_cell_memory(const struct bench *bench, size_t k,
                                    const struct plan_cell *cell)
{
    unsigned long long bytes = bench->options->kernels[k]->memory_needed(&cell->values);
    return cell->variant->mpi ? bytes * (unsigned long long)ranks_here(bench, cell->workers)
                              : bytes;
}

void plan_format_params(const struct pb_kernel *kernel, const struct pb_values *values, char *buf,
                        size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < kernel->nparams && used < size; p++) {
        char text[128];
        params_format(&kernel->params[p], values->v[p], text, sizeof text);
        used += (size_t)snprintf(buf + used, size - used, "%s%s=%s", p ? " " : "",
                                 kernel->params[p].name, text);
    }
}

int plan_prepare(struct bench *bench, char *message)
{
    if (resolve_parameters(bench, message) != 0)
        return -1;
    plan_workers(bench);
    if (plan_mpi(bench, message) != 0 || check_memory(bench, message) != 0)
        return -1;
    bench->nrows = 0;
    static struct plan_cell cells[PLAN_MAX_CELLS];
    for (size_t k = 0; k < bench->options->nkernels; k++)
        bench->nrows += plan_kernel_cells(bench, k, cells);
    if (bench->nrows == 0) {
        snprintf(message, PB_MESSAGE_MAX, "nothing to run: no selected kernel has the "
                 "selected variants");
        return -1;
    }
    announce_mpi(bench);
    return 0;
}
