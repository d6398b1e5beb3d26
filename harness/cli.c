/* cli.c — parsing the parbench command line (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../kernels/registry.h"

static int fail(char *message, const char *format, ...) __attribute__((format(printf, 2, 3)));

static int fail(char *message, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(message, PB_MESSAGE_MAX, format, args);
    va_end(args);
    return -1;
}

/* A whole number in [min, max] and nothing else. */
static int parse_count(const char *option, const char *text, long min, long max, int *out,
                       char *message)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (text[0] == '\0' || *end != '\0' || (text[0] < '0' || text[0] > '9'))
        return fail(message, "%s %s: expected a whole number", option, text);
    if (errno == ERANGE || value < min || value > max)
        return fail(message, "%s %s: must be between %ld and %ld", option, text, min, max);
    *out = (int)value;
    return 0;
}

/* Inserts count into the sorted list of worker counts, once. */
static int add_worker_count(struct cli_options *options, int count, char *message)
{
    size_t at = 0;
    while (at < options->nworkers && options->workers[at] < count)
        at++;
    if (at < options->nworkers && options->workers[at] == count)
        return 0;
    if (options->nworkers == CLI_MAX_WORKER_COUNTS)
        return fail(message, "--workers: at most %d different counts", CLI_MAX_WORKER_COUNTS);
    memmove(&options->workers[at + 1], &options->workers[at],
            (options->nworkers - at) * sizeof options->workers[0]);
    options->workers[at] = count;
    options->nworkers++;
    return 0;
}

/* One item of a worker list: "8" or "2-6". */
static int parse_worker_item(const char *item, struct cli_options *options, char *message)
{
    char low_text[32], high_text[32];
    const char *dash = strchr(item, '-');
    size_t low_len = dash ? (size_t)(dash - item) : strlen(item);
    if (low_len == 0 || low_len >= sizeof low_text || (dash && strlen(dash + 1) >= sizeof high_text))
        return fail(message, "--workers: bad item \"%s\" (expected N or A-B)", item);
    memcpy(low_text, item, low_len);
    low_text[low_len] = '\0';
    snprintf(high_text, sizeof high_text, "%s", dash ? dash + 1 : low_text);
    int low = 0, high = 0;
    if (parse_count("--workers", low_text, 1, CLI_MAX_WORKERS, &low, message) != 0 ||
        parse_count("--workers", high_text, 1, CLI_MAX_WORKERS, &high, message) != 0)
        return -1;
    if (high < low)
        return fail(message, "--workers: range %s runs backwards", item);
    for (int n = low; n <= high; n++)
        if (add_worker_count(options, n, message) != 0)
            return -1;
    return 0;
}

int cli_parse_workers(const char *text, struct cli_options *options, char *message)
{
    options->nworkers = 0;
    options->workers_auto = strcmp(text, "auto") == 0;
    if (options->workers_auto)
        return 0;
    if (text[0] == '\0')
        return fail(message, "--workers: empty list");
    char copy[512];
    if (strlen(text) >= sizeof copy)
        return fail(message, "--workers: list too long");
    snprintf(copy, sizeof copy, "%s", text);
    if (copy[strlen(copy) - 1] == ',' || copy[0] == ',' || strstr(copy, ",,"))
        return fail(message, "--workers %s: empty item in the list", text);
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save))
        if (parse_worker_item(item, options, message) != 0)
            return -1;
    return 0;
}

/* "--kernel a,b": each name must exist; kept in registry order. */
static int parse_kernels(const char *text, struct cli_options *options, char *message)
{
    bool wanted[CLI_MAX_KERNELS] = {false};
    char copy[512];
    if (text[0] == '\0' || strlen(text) >= sizeof copy)
        return fail(message, "--kernel: expected a comma-separated list of kernels");
    snprintf(copy, sizeof copy, "%s", text);
    char *save = NULL;
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        const struct pb_kernel *kernel = registry_find(name);
        if (!kernel)
            return fail(message, "--kernel: unknown kernel \"%s\" (see --list)", name);
        for (size_t k = 0; k < pb_kernel_count && k < CLI_MAX_KERNELS; k++)
            if (pb_kernels[k] == kernel)
                wanted[k] = true;
    }
    options->nkernels = 0;
    for (size_t k = 0; k < pb_kernel_count && k < CLI_MAX_KERNELS; k++)
        if (wanted[k])
            options->kernels[options->nkernels++] = pb_kernels[k];
    return 0;
}

static bool variant_exists(const struct cli_options *options, const char *name)
{
    for (size_t k = 0; k < options->nkernels; k++)
        if (registry_find_variant(options->kernels[k], name))
            return true;
    return false;
}

static int parse_variants(const char *text, struct cli_options *options, char *message)
{
    char copy[512];
    if (text[0] == '\0' || strlen(text) >= sizeof copy)
        return fail(message, "--variant: expected a comma-separated list of variants");
    snprintf(copy, sizeof copy, "%s", text);
    options->nvariants = 0;
    char *save = NULL;
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        if (options->nvariants == CLI_MAX_VARIANTS || strlen(name) >= sizeof options->variants[0])
            return fail(message, "--variant: too many or too long names");
        snprintf(options->variants[options->nvariants++], sizeof options->variants[0], "%s", name);
    }
    return 0;
}

static int parse_format(const char *text, struct cli_options *options, char *message)
{
    static const char *const names[] = {"table", "csv", "json"};
    for (int f = 0; f < 3; f++)
        if (strcmp(text, names[f]) == 0) {
            options->format = (enum output_format)f;
            return 0;
        }
    return fail(message, "--format %s: must be table, csv or json", text);
}

/* Seconds in (min, max] (or [0, max] when min is 0). */
static int parse_seconds(const char *option, const char *text, double min, double max,
                         double *out, char *message)
{
    char *end;
    double seconds = strtod(text, &end);
    if (text[0] == '\0' || *end != '\0' || !isfinite(seconds) || seconds > max ||
        (min > 0 ? seconds < min : seconds < 0))
        return fail(message, "%s %s: expected seconds, from %g to %g", option, text, min, max);
    *out = seconds;
    return 0;
}

static int parse_timeout(const char *text, struct cli_options *options, char *message)
{
    return parse_seconds("--timeout", text, 1e-3, 1e6, &options->timeout_s, message);
}

static int parse_seed(const char *text, struct cli_options *options, char *message)
{
    char *end;
    errno = 0;
    unsigned long long seed = strtoull(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno == ERANGE || seed == 0)
        return fail(message, "--seed %s: expected a whole number above 0", text);
    options->seed = seed;
    return 0;
}

static void set_defaults(struct cli_options *options)
{
    memset(options, 0, sizeof *options);
    options->action = ACTION_RUN;
    for (size_t k = 0; k < pb_kernel_count && k < CLI_MAX_KERNELS; k++)
        options->kernels[options->nkernels++] = pb_kernels[k];
    options->workers_auto = true;
    options->size = PB_SIZE_DEFAULT;
    options->min_rounds = 0; /* the size class's */
    options->max_rounds = 0;
    options->warmup = 1;
    options->tolerance = 0.05;
    options->out_dir = "results";
    options->threads_per_rank = 1;
    options->format = FORMAT_TABLE;
}

/* Options that take a value: "--name value" or "--name=value". */
static const char *const valued[] = {"--kernel",  "--variant",    "--workers",    "--size",
                                     "--set",     "--rounds",     "--max-rounds", "--warmup",
                                     "--budget",  "--min-sample", "--seed",       "--out",
                                     "--format",  "--timeout",    "--image",      "--scaling",
                                     "--bind",    "--resident",   "--mpi-launcher",
                                     "--threads-per-rank"};

static int apply_valued(const char *name, const char *value, struct cli_options *options,
                        char *message)
{
    if (strcmp(name, "--kernel") == 0)
        return parse_kernels(value, options, message);
    if (strcmp(name, "--variant") == 0)
        return parse_variants(value, options, message);
    if (strcmp(name, "--workers") == 0)
        return cli_parse_workers(value, options, message);
    if (strcmp(name, "--size") == 0)
        return params_size_parse(value, &options->size) == 0
                   ? 0
                   : fail(message, "--size %s: must be test, small, default or large", value);
    if (strcmp(name, "--set") == 0) {
        if (options->nsettings == CLI_MAX_SETTINGS)
            return fail(message, "--set: at most %d settings", CLI_MAX_SETTINGS);
        return params_split_setting(value, &options->settings[options->nsettings++], message);
    }
    if (strcmp(name, "--rounds") == 0)
        return parse_count(name, value, 1, CLI_MAX_ROUNDS, &options->min_rounds, message);
    if (strcmp(name, "--max-rounds") == 0)
        return parse_count(name, value, 1, CLI_MAX_ROUNDS, &options->max_rounds, message);
    if (strcmp(name, "--budget") == 0)
        return parse_seconds(name, value, 1e-3, 1e7, &options->budget_s, message);
    if (strcmp(name, "--min-sample") == 0)
        return parse_seconds(name, value, 0, 1e4, &options->min_sample_s, message);
    if (strcmp(name, "--seed") == 0)
        return parse_seed(value, options, message);
    if (strcmp(name, "--warmup") == 0)
        return parse_count(name, value, 0, CLI_MAX_WARMUP, &options->warmup, message);
    if (strcmp(name, "--out") == 0) {
        if (value[0] == '\0')
            return fail(message, "--out: empty folder name");
        options->out_dir = value;
        options->out_dir_set = true;
        return 0;
    }
    if (strcmp(name, "--format") == 0)
        return parse_format(value, options, message);
    if (strcmp(name, "--scaling") == 0) {
        if (strcmp(value, "strong") != 0 && strcmp(value, "weak") != 0)
            return fail(message, "--scaling %s: must be strong or weak", value);
        options->weak_scaling = strcmp(value, "weak") == 0;
        return 0;
    }
    if (strcmp(name, "--bind") == 0) {
        static const char *const policies[] = {"none", "close", "spread"};
        for (int p = 0; p < 3; p++)
            if (strcmp(value, policies[p]) == 0) {
                options->bind = (enum bind_policy)p;
                return 0;
            }
        return fail(message, "--bind %s: must be none, close or spread", value);
    }
    if (strcmp(name, "--resident") == 0) {
        static const char *const policies[] = {"auto", "yes", "no"};
        for (int p = 0; p < 3; p++)
            if (strcmp(value, policies[p]) == 0) {
                options->resident = (enum resident_policy)p;
                return 0;
            }
        return fail(message, "--resident %s: must be auto, yes or no", value);
    }
    if (strcmp(name, "--mpi-launcher") == 0) {
        if (strspn(value, " \t") == strlen(value))
            return fail(message, "--mpi-launcher: empty command");
        options->mpi_launcher = value;
        return 0;
    }
    if (strcmp(name, "--threads-per-rank") == 0)
        return parse_count(name, value, 1, CLI_MAX_WORKERS, &options->threads_per_rank, message);
    if (strcmp(name, "--image") == 0) {
        if (value[0] == '\0')
            return fail(message, "--image: empty file name");
        options->image_path = value;
        return 0;
    }
    return parse_timeout(value, options, message);
}

/* --report DIR and --compare A B: folders of earlier runs. */
static int parse_report(int argc, char **argv, int *a, struct cli_options *options, char *message)
{
    const char *option = argv[*a];
    bool compare = strcmp(option, "--compare") == 0;
    int needed = compare ? 2 : 1;
    for (int i = 0; i < needed; i++) {
        if (*a + 1 >= argc || argv[*a + 1][0] == '\0' || argv[*a + 1][0] == '-')
            return fail(message, "%s needs %s (see --help)", option,
                        compare ? "two run folders" : "a run folder");
        options->report_dirs[i] = argv[++*a];
    }
    options->action = compare ? ACTION_COMPARE : ACTION_REPORT;
    return 0;
}

static int apply_flag(const char *arg, struct cli_options *options, char *message)
{
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
        options->action = ACTION_HELP;
    else if (strcmp(arg, "--list") == 0)
        options->action = ACTION_LIST;
    else if (strcmp(arg, "--cores") == 0)
        options->action = ACTION_CORES;
    else if (strcmp(arg, "--force") == 0)
        options->force = true;
    else
        return fail(message, "unknown option \"%s\" (see --help)", arg);
    return 0;
}

/* After all options: every variant name must name a variant of some kernel. */
static int check_variants(const struct cli_options *options, char *message)
{
    for (size_t v = 0; v < options->nvariants; v++)
        if (!variant_exists(options, options->variants[v]))
            return fail(message, "--variant: no selected kernel has a variant \"%s\" (see --list)",
                        options->variants[v]);
    return 0;
}

int cli_parse(int argc, char **argv, struct cli_options *options, char *message)
{
    set_defaults(options);
    for (int a = 1; a < argc; a++) {
        const char *arg = argv[a];
        const char *equals = strchr(arg, '=');
        size_t name_len = equals ? (size_t)(equals - arg) : strlen(arg);
        bool is_valued = false;
        for (size_t v = 0; v < ARRAY_SIZE(valued); v++)
            if (strlen(valued[v]) == name_len && strncmp(arg, valued[v], name_len) == 0)
                is_valued = true;
        if (strcmp(arg, "--report") == 0 || strcmp(arg, "--compare") == 0) {
            if (parse_report(argc, argv, &a, options, message) != 0)
                return -1;
            continue;
        }
        if (!is_valued) {
            if (apply_flag(arg, options, message) != 0)
                return -1;
            continue;
        }
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)name_len, arg);
        const char *value = equals ? equals + 1 : NULL;
        if (!value) {
            if (a + 1 >= argc)
                return fail(message, "%s needs a value (see --help)", name);
            value = argv[++a];
        }
        if (apply_valued(name, value, options, message) != 0)
            return -1;
    }
    if (options->action != ACTION_RUN)
        return 0;
    cli_apply_size_defaults(options);
    if (options->max_rounds < options->min_rounds)
        return fail(message, "--max-rounds %d is below --rounds %d", options->max_rounds,
                    options->min_rounds);
    return check_variants(options, message);
}

double cli_default_timeout_s(enum pb_size size)
{
    /* Generous for a correct sample of every variant, naive included, yet
     * short enough that a hung cell cannot swallow a workshop session. */
    static const double seconds[PB_SIZE_COUNT] = {60, 300, 600, 7200};
    return seconds[size];
}

double cli_default_budget_s(enum pb_size size)
{
    /* `make bench` (default) must stay within a few minutes on a laptop;
     * set-up, calibration and the bandwidth references come on top. */
    static const double seconds[PB_SIZE_COUNT] = {20, 90, 240, 3600};
    return seconds[size];
}

double cli_default_min_sample_s(enum pb_size size)
{
    /* Samples of optimized serial code last 0.2-1 s at the default size:
     * long against the clock's jitter, short enough for many rounds. */
    static const double seconds[PB_SIZE_COUNT] = {0.002, 0.05, 0.2, 0.5};
    return seconds[size];
}

void cli_apply_size_defaults(struct cli_options *options)
{
    /* The test size runs in the unit tests: a few rounds, no extensions. */
    static const int min_rounds[PB_SIZE_COUNT] = {3, 10, 10, 10};
    static const int max_rounds[PB_SIZE_COUNT] = {3, 30, 40, 40};
    if (options->min_rounds == 0)
        options->min_rounds = min_rounds[options->size];
    if (options->max_rounds == 0)
        options->max_rounds = options->min_rounds > max_rounds[options->size]
                                  ? options->min_rounds
                                  : max_rounds[options->size];
    if (options->budget_s == 0)
        options->budget_s = cli_default_budget_s(options->size);
    if (options->min_sample_s == 0)
        options->min_sample_s = cli_default_min_sample_s(options->size);
}

void cli_print_help(FILE *out)
{
    fputs(
        "usage: parbench [options]\n"
        "\n"
        "Times every kernel x variant x worker count, checks every answer against an\n"
        "independent reference, and writes results/<host>-<timestamp>/ (results.csv,\n"
        "raw.csv, run.json). Results go to stdout, progress to stderr.\n"
        "\n"
        "options:\n"
        "  --kernel K,...      kernels to run (default: all; see --list)\n"
        "  --variant V,...     variants to run: naive, optimized, forkpool, pthreads,\n"
        "                      openmp, mpi (default: all)\n"
        "  --workers LIST      worker counts for the parallel variants: auto (1, 2, 4, ...\n"
        "                      up to the usable cores, plus that number), or a list such\n"
        "                      as 1,2,4 or 1-8. Counts above the usable cores are run\n"
        "                      with a warning: they oversubscribe the machine.\n"
        "  --size CLASS        test, small, default (the default) or large\n"
        "  --set KEY=VALUE     override a kernel parameter, e.g. --set n=1e9; use\n"
        "                      KERNEL.KEY=VALUE when several kernels have KEY\n"
        "  --scaling MODE      strong (default): the same problem for every worker\n"
        "                      count; weak: the problem grows with the workers (each\n"
        "                      keeps the same share), fitted with Gustafson's law\n"
        "  --bind POLICY       none (default: the OS places workers), close (worker i\n"
        "                      on core i, packed) or spread (evenly over sockets and\n"
        "                      caches); OpenMP through OMP_PLACES/OMP_PROC_BIND\n"
        "  --mpi-launcher CMD  how mpi cells start their ranks, with {ranks} (and\n"
        "                      {threads}) filled in: e.g. \"mpiexec -n {ranks} -f hosts\"\n"
        "                      (default: srun inside a Slurm allocation, else mpirun\n"
        "                      -np {ranks} with Open MPI, mpiexec -n {ranks} with MPICH).\n"
        "                      For mpi the worker counts are ranks; in a multi-node\n"
        "                      allocation (Slurm, or a hostfile named here) the default\n"
        "                      list goes up to all of its ranks\n"
        "  --threads-per-rank T  OpenMP threads in each MPI rank (default 1): compare\n"
        "                      1 rank x 16 threads with 16 ranks x 1 thread\n"
        "  --rounds N          visit every cell of a kernel at least N times, in a fresh\n"
        "                      random order each round (default 10; test size 3)\n"
        "  --max-rounds M      add rounds, up to M, while a 95% interval is wider than\n"
        "                      +-5% and the budget lasts (default 40; test size 3)\n"
        "  --budget SECONDS    time for all the kernels' rounds (default: 20/90/240/3600\n"
        "                      s by size class); at least N rounds are always run\n"
        "  --min-sample SECONDS  a sample repeats the kernel's call until it lasts this\n"
        "                      long (default: 0.002/0.05/0.2/0.5 s by size class)\n"
        "  --warmup W          untimed samples per cell before the rounds (default 1)\n"
        "  --seed N            seed of the rounds' random orders (default: the clock;\n"
        "                      recorded in run.json)\n"
        "  --resident MODE     whether a kernel's cells stay alive for all its rounds\n"
        "                      (yes) or are set up anew for each visit (no). auto (the\n"
        "                      default): yes, except for memory-bound kernels whose data\n"
        "                      outgrow the caches (sph2cart from the default size on),\n"
        "                      where a process's memory lands moves its times by a few\n"
        "                      per cent: a fresh process per round draws that anew;\n"
        "                      and no when the cells do not fit in memory together\n"
        "  --timeout SECONDS   per step of a cell: its start, one sample (default:\n"
        "                      60/300/600/7200 s by size class)\n"
        "  --out DIR           folder for the run folders (default: results)\n"
        "  --format FORMAT     stdout as table (default), csv or json\n"
        "  --image FILE.png    write the picture of a kernel that has one (gauss_map)\n"
        "                      there instead of into the run folder\n"
        "  --list              list kernels, variants and parameters, then exit\n"
        "  --report DIR        redraw the plots and summary.md of the run in DIR\n"
        "  --compare A B       compare two runs (say a laptop and a cluster node):\n"
        "                      times with B / A, speedups, and A's fit against B's\n"
        "                      points: compare.md and plots, in --out DIR (default:\n"
        "                      results/compare-<A>-vs-<B>)\n"
        "  --force             --compare runs of different sizes, kernels or\n"
        "                      parameters anyway (refused without it)\n"
        "  --cores             show how many cores are usable and why, then exit\n"
        "  --help              this text\n"
        "\n"
        "Exit status: 0 all cells OK (or not implemented), 1 a cell failed or timed\n"
        "out, 2 bad command line or a size that does not fit in memory.\n",
        out);
}
