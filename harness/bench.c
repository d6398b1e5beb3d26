/* bench.c — planning and running the cells of one parbench run (see bench.h). */
#include "bench.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../kernels/common/check.h"
#include "../kernels/registry.h"
#include "bandwidth.h"
#include "platform.h"
#include "report.h"

/* Below this many timed runs the coefficient of variation means little. */
enum { CV_MIN_SAMPLES = 3 };
/* Times that vary more than this (stddev / mean) are worth a warning. */
static const double CV_WARN = 0.10;

static bool variant_selected(const struct cli_options *options, const char *name)
{
    if (options->nvariants == 0)
        return true;
    for (size_t v = 0; v < options->nvariants; v++)
        if (strcmp(options->variants[v], name) == 0)
            return true;
    return false;
}

/* ---- Preparing ------------------------------------------------------------ */

static int resolve_parameters(struct bench *bench, char *message)
{
    const struct cli_options *options = bench->options;
    struct param_setting settings[CLI_MAX_SETTINGS];
    memcpy(settings, options->settings, sizeof settings);
    for (size_t k = 0; k < options->nkernels; k++)
        if (params_resolve(options->kernels[k], options->size, settings, options->nsettings,
                           &bench->values[k], message) != 0)
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

static int check_memory(struct bench *bench, char *message)
{
    uint64_t available = platform_memory_available();
    int most = bench->workers[bench->nworkers - 1];
    for (size_t k = 0; k < bench->options->nkernels; k++) {
        const struct pb_kernel *kernel = bench->options->kernels[k];
        struct pb_values values;
        if (values_for(bench, k, most, &values, message) != 0)
            return -1;
        uint64_t needed = kernel->memory_needed(&values);
        if (available > 0 && needed > available) {
            snprintf(message, PB_MESSAGE_MAX,
                     "%s needs %.3g GB of memory at these sizes but only %.3g GB is available; "
                     "choose a smaller --size or --set",
                     kernel->name, (double)needed / 1e9, (double)available / 1e9);
            return -1;
        }
    }
    return 0;
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
    if (largest > usable)
        fprintf(stderr, "parbench: warning: %d workers but only %d usable cores (%s): "
                "the cores will be oversubscribed and those times show it\n",
                largest, usable, cores_source_name(bench->cores.decided_by));
}

static size_t count_cells(const struct bench *bench)
{
    size_t cells = 0;
    for (size_t k = 0; k < bench->options->nkernels; k++) {
        const struct pb_kernel *kernel = bench->options->kernels[k];
        for (size_t v = 0; v < kernel->nvariants; v++)
            if (variant_selected(bench->options, kernel->variants[v].name))
                cells += kernel->variants[v].parallel ? bench->nworkers : 1;
    }
    return cells;
}

static void record_command_line(struct bench *bench, int argc, char **argv)
{
    size_t used = 0;
    bench->command_line[0] = '\0';
    for (int a = 0; a < argc && used < sizeof bench->command_line; a++)
        used += (size_t)snprintf(bench->command_line + used, sizeof bench->command_line - used,
                                 "%s%s", a ? " " : "", argv[a]);
}

/* The host name, with anything but letters, digits, '.', '_' and '-' as '_'. */
static void host_name(char *buf, size_t size)
{
    if (gethostname(buf, size) != 0 || buf[0] == '\0')
        snprintf(buf, size, "host");
    buf[size - 1] = '\0';
    for (char *p = buf; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            *p = '_';
}

int bench_prepare(struct bench *bench, const struct cli_options *options, int argc,
                  char **argv, char *message)
{
    bench->options = options;
    bench->timeout_s = options->timeout_s > 0 ? options->timeout_s
                                              : cli_default_timeout_s(options->size);
    bench->status = "running";
    host_name(bench->host, sizeof bench->host);
    record_command_line(bench, argc, argv);
    if (resolve_parameters(bench, message) != 0)
        return -1;
    plan_workers(bench);
    if (check_memory(bench, message) != 0)
        return -1;
    bench->ncells = count_cells(bench);
    if (bench->ncells == 0) {
        snprintf(message, PB_MESSAGE_MAX, "nothing to run: no selected kernel has the "
                 "selected variants");
        return -1;
    }
    return 0;
}

/* ---- The bandwidth reference --------------------------------------------- */

static bool wants_bandwidth(const struct bench *bench)
{
    for (size_t k = 0; k < bench->options->nkernels; k++)
        if (bench->options->kernels[k]->bytes_moved)
            return true;
    return false;
}

/* The triads at every worker count of the sweep, before any cell runs. */
static void measure_bandwidth(struct bench *bench)
{
    /* Smaller arrays where memory is short; 3 arrays must fit with room to spare. */
    size_t array_bytes = BANDWIDTH_ARRAY_BYTES;
    uint64_t available = platform_memory_available();
    if (available > 0 && available / 8 < array_bytes)
        array_bytes = (size_t)(available / 8);
    bench->bandwidth_array_bytes = array_bytes;
    fprintf(stderr, "parbench: memory bandwidth (triad, 3 x %zu MiB; ordinary / streaming "
            "stores), by threads:", array_bytes >> 20);
    for (size_t w = 0; w < bench->nworkers; w++) {
        int threads = bench->workers[w];
        bench->triad_gbytes_per_s[w] = bandwidth_triad(threads, array_bytes, false);
        bench->triad_streaming_gbytes_per_s[w] = bandwidth_triad(threads, array_bytes, true);
        bench->bandwidth_gbytes_per_s[w] =
            fmax(bench->triad_gbytes_per_s[w], bench->triad_streaming_gbytes_per_s[w]);
        if (threads == 1)
            bench->bandwidth_serial_gbytes_per_s = bench->bandwidth_gbytes_per_s[w];
        fprintf(stderr, " %d: %.1f / %.1f GB/s%s", threads, bench->triad_gbytes_per_s[w],
                bench->triad_streaming_gbytes_per_s[w], w + 1 < bench->nworkers ? "," : "\n");
    }
    if (bench->bandwidth_serial_gbytes_per_s <= 0) /* 1 is not in the worker list */
        bench->bandwidth_serial_gbytes_per_s = fmax(bandwidth_triad(1, array_bytes, false),
                                                    bandwidth_triad(1, array_bytes, true));
}

static double bandwidth_for(const struct bench *bench, const struct cell_row *row)
{
    if (!row->variant->parallel)
        return bench->bandwidth_serial_gbytes_per_s;
    for (size_t w = 0; w < bench->nworkers; w++)
        if (bench->workers[w] == row->workers)
            return bench->bandwidth_gbytes_per_s[w];
    return 0.0;
}

/* ---- The run folder ------------------------------------------------------- */

/* mkdir -p: the folder and any missing parents. */
static int make_folders(const char *path)
{
    char partial[1024];
    if (snprintf(partial, sizeof partial, "%s", path) >= (int)sizeof partial) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *slash = strchr(partial + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(partial, 0777) != 0 && errno != EEXIST)
            return -1;
        *slash = '/';
    }
    return mkdir(partial, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* results/<host>-<timestamp>, or -2, -3, ... if that exists: never overwrite. */
static int make_run_dir(struct bench *bench)
{
    const char *out = bench->options->out_dir;
    if (make_folders(out) != 0)
        return -1;
    char stamp[32];
    const char *host = bench->host;
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&bench->started));
    for (int attempt = 1; attempt < 1000; attempt++) {
        if (attempt == 1)
            snprintf(bench->run_dir, sizeof bench->run_dir, "%s/%s-%s", out, host, stamp);
        else
            snprintf(bench->run_dir, sizeof bench->run_dir, "%s/%s-%s-%d", out, host, stamp,
                     attempt);
        if (mkdir(bench->run_dir, 0777) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

static FILE *open_in_run_dir(const struct bench *bench, const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", bench->run_dir, name);
    return fopen(path, "w");
}

static int write_run_json(const struct bench *bench)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/run.json", bench->run_dir);
    return runinfo_write(bench, path);
}

static int open_outputs(struct bench *bench)
{
    if (make_run_dir(bench) != 0)
        return -1;
    bench->results_csv = open_in_run_dir(bench, "results.csv");
    bench->raw_csv = open_in_run_dir(bench, "raw.csv");
    if (!bench->results_csv || !bench->raw_csv)
        return -1;
    results_csv_header(bench->results_csv);
    results_raw_header(bench->raw_csv);
    return write_run_json(bench);
}

/* The complete results.csv, fits included, replacing the one written row by
 * row (through a temporary file, so a reader never sees half of it). */
static int rewrite_results_csv(const struct bench *bench)
{
    char path[1200], temporary[1300];
    snprintf(path, sizeof path, "%s/results.csv", bench->run_dir);
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    FILE *out = fopen(temporary, "w");
    if (!out)
        return -1;
    results_csv_header(out);
    for (size_t i = 0; i < bench->nrows; i++)
        results_csv_row(out, &bench->rows[i]);
    if (fclose(out) != 0 || rename(temporary, path) != 0) {
        remove(temporary);
        return -1;
    }
    return 0;
}

/* ---- Running the cells ------------------------------------------------------- */

static void print_header(const struct bench *bench)
{
    if (bench->options->format == FORMAT_TABLE)
        results_table_header(stdout);
    else if (bench->options->format == FORMAT_CSV)
        results_csv_header(stdout);
    fflush(stdout);
}

/* Warnings about a finished cell that a careful reader needs to see. */
static void warn_about(struct cell_row *row)
{
    const struct cell_result *r = &row->result;
    if (r->status != CELL_OK)
        return;
    if (row->variant->parallel && r->workers_actual != row->workers) {
        fprintf(stderr, "parbench: warning: %s %s asked for %d workers but %d ran\n",
                row->kernel->name, row->variant->name, row->workers, r->workers_actual);
        snprintf(row->result.message, sizeof row->result.message, "ran on %d of %d workers",
                 r->workers_actual, row->workers);
    }
    if (r->nsamples >= CV_MIN_SAMPLES && row->stats.cv > CV_WARN)
        fprintf(stderr, "parbench: warning: %s %s x%d: times vary by %.0f%% (cv); is something "
                "else running?\n", row->kernel->name, row->variant->name, row->workers,
                100.0 * row->stats.cv);
}

/* Writes a finished row everywhere it goes, as soon as it is finished. */
static void emit_row(struct bench *bench, const struct cell_row *row)
{
    results_csv_row(bench->results_csv, row);
    results_raw_rows(bench->raw_csv, row);
    fflush(bench->results_csv);
    fflush(bench->raw_csv);
    if (bench->options->format == FORMAT_TABLE)
        results_table_row(stdout, row);
    else if (bench->options->format == FORMAT_CSV)
        results_csv_row(stdout, row);
    fflush(stdout);
}

static void progress_before(const struct bench *bench, const struct cell_spec *spec)
{
    fprintf(stderr, "[%zu/%zu] %s %s", bench->nrows + 1, bench->ncells, spec->kernel->name,
            spec->variant->name);
    if (spec->variant->parallel)
        fprintf(stderr, " x%d", spec->workers);
    fputs(" ... ", stderr);
    fflush(stderr);
}

static void progress_after(const struct cell_row *row)
{
    if (row->result.status == CELL_OK && row->result.nsamples > 0)
        fprintf(stderr, "%.4g s  OK\n", row->stats.median);
    else
        fprintf(stderr, "%s\n", cell_status_name(row->result.status));
}

/* Runs one cell; returns -1 when the user interrupted the run. */
static int run_cell(struct bench *bench, size_t kernel_index, const struct pb_variant *variant,
                    int workers)
{
    struct cell_spec spec = {
        .runner_path = bench->runner_path,
        .kernel = bench->options->kernels[kernel_index],
        .variant = variant,
        .workers = workers,
        .warmup = bench->options->warmup,
        .repeat = bench->options->repeat,
        .timeout_s = bench->timeout_s,
        .interrupted = bench->interrupted,
    };
    char image_path[1200];
    if (spec.kernel->image && !bench->image_written[kernel_index]) {
        if (bench->options->image_path)
            snprintf(image_path, sizeof image_path, "%s", bench->options->image_path);
        else
            snprintf(image_path, sizeof image_path, "%s/%s.png", bench->run_dir, spec.kernel->name);
        spec.image_path = image_path;
    }
    int cpus[CLI_MAX_WORKERS];
    spec.nbind_cpus = topology_worker_cpus(bench->options->bind, workers, cpus);
    spec.bind_cpus = cpus;
    char message[PB_MESSAGE_MAX];
    int scaled = values_for(bench, kernel_index, variant->parallel ? workers : 1, &spec.values,
                            message);
    PB_CHECK(scaled == 0); /* bench_prepare checked the largest worker count */
    progress_before(bench, &spec);
    struct cell_row *row = &bench->rows[bench->nrows];
    memset(row, 0, sizeof *row);
    row->kernel = spec.kernel;
    row->variant = variant;
    row->size = params_size_name(bench->options->size);
    row->scaling = weak_param(bench, spec.kernel) >= 0 ? "weak" : "strong";
    row->workers = workers;
    cell_run_isolated(&spec, &row->result);
    if (row->result.status == CELL_INTERRUPTED) {
        fputs("interrupted\n", stderr);
        return -1;
    }
    if (row->result.image_written)
        bench->image_written[kernel_index] = true;
    results_derive(row, bench->rows, bench->nrows, bandwidth_for(bench, row));
    progress_after(row);
    warn_about(row);
    emit_row(bench, row);
    bench->nrows++;
    return 0;
}

/* Optimized first: every speedup is measured against it. Then the other
 * serial variants, then each parallel variant over the worker counts. */
static int cell_order(const struct pb_variant *variant)
{
    return variant->parallel ? 2 : strcmp(variant->name, "optimized") == 0 ? 0 : 1;
}

static int run_kernel(struct bench *bench, size_t k)
{
    const struct pb_kernel *kernel = bench->options->kernels[k];
    for (int order = 0; order <= 2; order++)
        for (size_t v = 0; v < kernel->nvariants; v++) {
            const struct pb_variant *variant = &kernel->variants[v];
            bool parallel = variant->parallel;
            if (cell_order(variant) != order || !variant_selected(bench->options, variant->name))
                continue;
            size_t counts = parallel ? bench->nworkers : 1;
            for (size_t w = 0; w < counts; w++)
                if (run_cell(bench, k, variant, parallel ? bench->workers[w] : 1) != 0)
                    return -1;
        }
    return 0;
}

static int exit_status(const struct bench *bench, bool interrupted)
{
    if (interrupted)
        return 130; /* the shell's convention for "ended by SIGINT" */
    for (size_t i = 0; i < bench->nrows; i++) {
        enum cell_status status = bench->rows[i].result.status;
        if (status == CELL_FAILED || status == CELL_TIMEOUT)
            return 1;
    }
    return 0;
}

static void print_footer(const struct bench *bench, int status)
{
    size_t failed = 0, missing = 0;
    for (size_t i = 0; i < bench->nrows; i++) {
        enum cell_status s = bench->rows[i].result.status;
        failed += s == CELL_FAILED || s == CELL_TIMEOUT;
        missing += s == CELL_NOT_IMPLEMENTED;
    }
    fprintf(stderr, "parbench: %zu of %zu cells done, %zu failed, %zu not implemented%s\n",
            bench->nrows, bench->ncells, failed, missing, status == 130 ? " (interrupted)" : "");
    fprintf(stderr, "parbench: results in %s/\n", bench->run_dir);
}

int bench_run(struct bench *bench)
{
    bench->started = time(NULL);
    bench->rows = calloc(bench->ncells, sizeof *bench->rows);
    if (!bench->rows || open_outputs(bench) != 0) {
        fprintf(stderr, "parbench: cannot write results under %s: %s\n", bench->options->out_dir,
                strerror(errno));
        return 1;
    }
    /* At the test size (milliseconds of work) a bandwidth figure would mean
     * nothing; the fractions stay empty. */
    if (wants_bandwidth(bench) && bench->options->size != PB_SIZE_TEST)
        measure_bandwidth(bench);
    print_header(bench);
    bool interrupted = false;
    for (size_t k = 0; k < bench->options->nkernels && !interrupted; k++)
        interrupted = run_kernel(bench, k) != 0;

    /* The fits need every worker count of a variant: add them to the rows
     * now, and write results.csv once more, complete. */
    results_fit(bench->rows, bench->nrows);
    if (bench->options->format == FORMAT_JSON)
        results_json(stdout, bench->rows, bench->nrows);
    else if (bench->options->format == FORMAT_TABLE)
        results_fit_table(stdout, bench->rows, bench->nrows);
    bench->finished = time(NULL);
    bench->status = interrupted ? "interrupted" : "complete";
    int status = exit_status(bench, interrupted);
    fclose(bench->results_csv);
    fclose(bench->raw_csv);
    if (rewrite_results_csv(bench) != 0) {
        fprintf(stderr, "parbench: cannot rewrite %s/results.csv: %s\n", bench->run_dir,
                strerror(errno));
        status = status ? status : 1;
    }
    if (write_run_json(bench) != 0) {
        fprintf(stderr, "parbench: cannot write %s/run.json: %s\n", bench->run_dir, strerror(errno));
        status = status ? status : 1;
    }
    char message[256] = "";
    int reported = report_run(bench->run_dir, message);
    if (reported != 0)
        fprintf(stderr, "parbench: warning: %s\n", message);
    print_footer(bench, status);
    free(bench->rows);
    return status;
}
