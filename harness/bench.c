/* bench.c — one parbench run: its folder, its kernels, its outputs (see bench.h). */
#include "bench.h"

#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../kernels/common/check.h"
#include "bandwidth.h"
#include "plan.h"
#include "report.h"
#include "rounds.h"

/* ---- Preparing ------------------------------------------------------------ */

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

/* CPUs other programs keep busy: /proc/stat over half a second, where it
 * exists (the load average lags a minute behind and counts our own last
 * run); the load average elsewhere. */
static void check_load(struct bench *bench)
{
    double busy0, total0, busy1, total1;
    platform_power_info(&bench->power_before);
    int online = platform_online_cpus();
    double load = bench->power_before.load_average;
    double others = NAN;
    if (platform_machine_cpu_s(&busy0, &total0) == 0) {
        const struct timespec half = {0, 500000000L};
        struct timer_instant start = timer_now();
        nanosleep(&half, NULL);
        if (platform_machine_cpu_s(&busy1, &total1) == 0)
            others = (busy1 - busy0) / timer_elapsed_s(start, timer_now());
    }
    int free_cpus = online - bench->cores.usable;
    if (isfinite(others))
        bench->busy_at_start = others > 0.25 + free_cpus;
    else
        bench->busy_at_start = isfinite(load) && load > 0.5 + free_cpus;
    if (!bench->busy_at_start)
        return;
    if (isfinite(others))
        snprintf(bench->busy_reason, sizeof bench->busy_reason, "other programs kept %.1f of "
                 "%d CPUs busy just before the run (load average %.2f)", others, online, load);
    else
        snprintf(bench->busy_reason, sizeof bench->busy_reason, "load average %.2f with %d "
                 "CPUs at the start", load, online);
    fprintf(stderr, "parbench: warning: the machine is busy: %s; every figure may be off "
            "(flag BUSY). Close other programs for numbers you can trust.\n", bench->busy_reason);
}

int bench_prepare(struct bench *bench, const struct cli_options *options, int argc,
                  char **argv, char *message)
{
    bench->options = options;
    bench->timeout_s = options->timeout_s > 0 ? options->timeout_s
                                              : cli_default_timeout_s(options->size);
    bench->budget_s = options->budget_s;
    bench->seed = options->seed;
    if (bench->seed == 0) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        bench->seed = (uint64_t)now.tv_sec * 1000000007u + (uint64_t)now.tv_nsec;
    }
    bench->status = "running";
    host_name(bench->host, sizeof bench->host);
    record_command_line(bench, argc, argv);
    if (plan_prepare(bench, message) != 0)
        return -1;
    check_load(bench);
    return 0;
}

/* ---- The bandwidth references --------------------------------------------- */

static bool wants_bandwidth(const struct bench *bench)
{
    for (size_t k = 0; k < bench->options->nkernels; k++)
        if (bench->options->kernels[k]->bytes_moved)
            return true;
    return false;
}

/* Both patterns at every worker count of the sweep, before any cell runs. */
static void measure_bandwidth(struct bench *bench)
{
    /* Smaller arrays where memory is short: six must fit with room to spare. */
    size_t array_bytes = BANDWIDTH_ARRAY_BYTES;
    uint64_t available = platform_memory_available();
    if (available > 0 && available / 16 < array_bytes)
        array_bytes = (size_t)(available / 16);
    bench->bandwidth_array_bytes = array_bytes;
    fprintf(stderr, "parbench: memory bandwidth (arrays of %zu MiB; GB/s triad / six streams, "
            "best of ordinary and streaming stores), by threads:", array_bytes >> 20);
    for (size_t w = 0; w < bench->nworkers; w++) {
        int threads = bench->workers[w];
        bench->triad_gbytes_per_s[w] = bandwidth_measure(BANDWIDTH_TRIAD, threads, array_bytes, false);
        bench->triad_streaming_gbytes_per_s[w] =
            bandwidth_measure(BANDWIDTH_TRIAD, threads, array_bytes, true);
        bench->six_gbytes_per_s[w] = bandwidth_measure(BANDWIDTH_SIX, threads, array_bytes, false);
        bench->six_streaming_gbytes_per_s[w] =
            bandwidth_measure(BANDWIDTH_SIX, threads, array_bytes, true);
        bench->reference_gbytes_per_s[w] =
            fmax(bench->six_gbytes_per_s[w], bench->six_streaming_gbytes_per_s[w]);
        if (threads == 1)
            bench->reference_serial_gbytes_per_s = bench->reference_gbytes_per_s[w];
        fprintf(stderr, " %d: %.1f / %.1f%s", threads,
                fmax(bench->triad_gbytes_per_s[w], bench->triad_streaming_gbytes_per_s[w]),
                bench->reference_gbytes_per_s[w], w + 1 < bench->nworkers ? "," : "\n");
    }
    if (bench->reference_serial_gbytes_per_s <= 0) /* 1 is not in the worker list */
        bench->reference_serial_gbytes_per_s =
            fmax(bandwidth_measure(BANDWIDTH_SIX, 1, array_bytes, false),
                 bandwidth_measure(BANDWIDTH_SIX, 1, array_bytes, true));
}

double bench_bandwidth(const void *owner, int workers, bool parallel)
{
    const struct bench *bench = owner;
    if (!parallel)
        return bench->reference_serial_gbytes_per_s;
    for (size_t w = 0; w < bench->nworkers; w++)
        if (bench->workers[w] == workers)
            return bench->reference_gbytes_per_s[w];
    return 0.0;
}

/* ---- The run folder ------------------------------------------------------- */

/* results/<host>-<timestamp>, or -2, -3, ... if that exists: never overwrite. */
static int make_run_dir(struct bench *bench)
{
    const char *out = bench->options->out_dir;
    if (report_make_folders(out) != 0)
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
    if (fflush(bench->results_csv) != 0 || fflush(bench->raw_csv) != 0)
        return -1;
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
    for (size_t i = 0; i < bench->rows_done; i++)
        results_csv_row(out, &bench->rows[i]);
    if (fclose(out) != 0 || rename(temporary, path) != 0) {
        int saved = errno;
        remove(temporary);
        errno = saved;
        return -1;
    }
    return 0;
}

/* ---- Writing as we go ------------------------------------------------------------ */

static void print_header(const struct bench *bench)
{
    if (bench->options->format == FORMAT_TABLE)
        results_table_header(stdout);
    else if (bench->options->format == FORMAT_CSV)
        results_csv_header(stdout);
    fflush(stdout);
}

/* Notes the first file that could not be written (errno says why). */
static void note_write_error(struct bench *bench, const char *name)
{
    if (bench->write_error)
        return;
    bench->write_error = errno ? errno : EIO;
    snprintf(bench->write_error_file, sizeof bench->write_error_file, "%s/%s", bench->run_dir,
             name);
}

void bench_flush(struct bench *bench, FILE *file, const char *name, long line_start)
{
    errno = 0;
    if ((fflush(file) == 0 && !ferror(file)) || bench->write_error)
        return;
    note_write_error(bench, name);
    if (line_start >= 0 && ftruncate(fileno(file), (off_t)line_start) != 0)
        fprintf(stderr, "parbench: warning: cannot cut the half-written line off %s: %s\n", name,
                strerror(errno));
}

void bench_emit_row(struct bench *bench, const struct cell_row *row)
{
    if (!bench->write_error) {
        long line_start = ftell(bench->results_csv);
        results_csv_row(bench->results_csv, row);
        bench_flush(bench, bench->results_csv, "results.csv", line_start);
    }
    if (bench->options->format == FORMAT_TABLE)
        results_table_row(stdout, row);
    else if (bench->options->format == FORMAT_CSV)
        results_csv_row(stdout, row);
    fflush(stdout);
}

/* ---- The run ------------------------------------------------------------------- */

static int exit_status(const struct bench *bench, bool interrupted)
{
    if (interrupted) /* the shell's convention: 128 + the signal (130 for SIGINT) */
        return 128 + (*bench->interrupted > 0 ? (int)*bench->interrupted : SIGINT);
    if (bench->write_error)
        return 1;
    for (size_t i = 0; i < bench->rows_done; i++) {
        enum cell_status status = bench->rows[i].status;
        if (status == CELL_FAILED || status == CELL_TIMEOUT)
            return 1;
    }
    return 0;
}

double bench_steal_fraction(const struct bench *bench)
{
    const struct power_info *p = &bench->power_before, *q = &bench->power_after;
    return (q->steal_s - p->steal_s) / (q->cpu_total_s - p->cpu_total_s);
}

static void print_footer(const struct bench *bench, int status, double wall_s)
{
    size_t failed = 0, missing = 0, unavailable = 0;
    for (size_t i = 0; i < bench->rows_done; i++) {
        enum cell_status s = bench->rows[i].status;
        failed += s == CELL_FAILED || s == CELL_TIMEOUT;
        missing += s == CELL_NOT_IMPLEMENTED;
        unavailable += s == CELL_UNAVAILABLE; /* no MPI: not a failure */
    }
    char unavailable_text[48] = "";
    if (unavailable)
        snprintf(unavailable_text, sizeof unavailable_text, ", %zu unavailable", unavailable);
    fprintf(stderr, "parbench: %zu of %zu cells done, %zu failed, %zu not implemented%s, in "
            "%.0f s%s\n", bench->rows_done, bench->nrows, failed, missing, unavailable_text,
            wall_s, status > 128 ? " (interrupted)" : "");
    double steal = bench_steal_fraction(bench);
    if (isfinite(steal) && steal >= 0.01) /* a hundredth: clearly more than rounding */
        fprintf(stderr, "parbench: the hypervisor gave %.1f%% of this machine's CPU time to "
                "other guests during the run (steal): expect wider intervals\n", 100 * steal);
    fprintf(stderr, "parbench: results in %s/\n", bench->run_dir);
}

/* Each kernel gets an equal share of what is left of the budget. */
static bool run_kernels(struct bench *bench)
{
    struct timer_instant start = timer_now();
    size_t nkernels = bench->options->nkernels;
    for (size_t k = 0; k < nkernels; k++) {
        double left = bench->budget_s - timer_elapsed_s(start, timer_now());
        double share = fmax(left, 0.0) / (double)(nkernels - k);
        if (rounds_run_kernel(bench, k, share) != 0 || bench->write_error)
            return true;
    }
    return false;
}

/* Writes results.csv once more (complete), run.json, summary.md and plots.
 * Returns the exit status, updated for files that could not be written. */
static int finish_outputs(struct bench *bench, int status)
{
    if (fclose(bench->results_csv) != 0)
        note_write_error(bench, "results.csv");
    if (fclose(bench->raw_csv) != 0)
        note_write_error(bench, "raw.csv");
    /* After a failed write results.csv keeps its complete rows as they are. */
    if (!bench->write_error && rewrite_results_csv(bench) != 0)
        note_write_error(bench, "results.csv");
    if (write_run_json(bench) != 0)
        note_write_error(bench, "run.json");
    if (bench->write_error) {
        fprintf(stderr, "parbench: error: cannot write %s: %s; the run stopped there, the rows "
                "written before are kept\n", bench->write_error_file,
                strerror(bench->write_error));
        return status ? status : 1;
    }
    char message[256] = "";
    if (report_run(bench->run_dir, message) != 0)
        fprintf(stderr, "parbench: warning: %s\n", message);
    return status;
}

int bench_run(struct bench *bench)
{
    bench->started = time(NULL);
    bench->clock_zero = timer_now();
    bench->rows = calloc(bench->nrows, sizeof *bench->rows);
    if (!bench->rows || open_outputs(bench) != 0) {
        fprintf(stderr, "parbench: error: cannot write results under %s: %s\n",
                bench->options->out_dir, strerror(errno));
        return 1;
    }
    /* At the test size (milliseconds of work) a bandwidth figure would mean
     * nothing; the fractions stay empty. */
    if (wants_bandwidth(bench) && bench->options->size != PB_SIZE_TEST)
        measure_bandwidth(bench);
    print_header(bench);
    bool interrupted = run_kernels(bench) && !bench->write_error;

    if (bench->options->format == FORMAT_JSON)
        results_json(stdout, bench->rows, bench->rows_done);
    else if (bench->options->format == FORMAT_TABLE)
        results_fit_table(stdout, bench->rows, bench->rows_done);
    fflush(stdout);
    bench->finished = time(NULL);
    platform_power_info(&bench->power_after);
    bench->status = interrupted ? "interrupted" : bench->write_error ? "failed" : "complete";
    int status = finish_outputs(bench, exit_status(bench, interrupted));
    print_footer(bench, status, timer_elapsed_s(bench->clock_zero, timer_now()));
    free(bench->rows);
    return status;
}
