/* rounds.c — one kernel's cells, visited in rounds (see rounds.h). */
#include "rounds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../kernels/common/check.h"
#include "../kernels/common/rng.h"
#include "cell.h"
#include "derive.h"
#include "plan.h"

/* A cell during the rounds: its row, what it runs, its process. */
struct visit {
    struct cell_row *row;
    struct cell_spec spec;
    int cpus[CLI_MAX_WORKERS];
    struct cell process;
    bool alive;   /* its process is running */
    bool failed;  /* out of the rounds */
    bool resting; /* converged, and no other cell needs it as a baseline */
};

struct kernel_rounds {
    struct bench *bench;
    size_t k;
    const struct pb_kernel *kernel;
    struct visit *visits;
    size_t nvisits;
    bool resident; /* every cell's process stays alive for all the rounds */
    int rounds;    /* completed */
    bool interrupted;
};

/* ---- Starting and stopping cells ----------------------------------------------- */

static void fail_row(struct visit *visit, enum cell_status status, const char *prefix,
                     const char *message)
{
    visit->failed = true;
    visit->alive = false;
    visit->row->status = status;
    snprintf(visit->row->message, sizeof visit->row->message, "%s%.200s", prefix, message);
}

static void describe_ready(const struct visit *visit)
{
    const struct cell_row *row = visit->row;
    fprintf(stderr, "  %s %s%s", row->kernel->name, row->variant->name,
            strcmp(row->size, "naive") == 0 ? " (naive's work)" : "");
    if (row->variant->parallel)
        fprintf(stderr, " x%d", row->workers);
    fprintf(stderr, ": ready; ");
    if (isfinite(row->startup_s))
        fprintf(stderr, "start-up %.3g ms, ", row->startup_s * 1e3);
    fprintf(stderr, "%d call%s per sample\n", row->calls_per_sample,
            row->calls_per_sample == 1 ? "" : "s");
}

/* Starts the cell's process; false when it failed (the row says why). */
static bool open_cell(struct kernel_rounds *kr, struct visit *visit)
{
    struct bench *bench = kr->bench;
    struct cell_reply ready;
    cell_open(&visit->process, bench->runner_path, &visit->spec, bench->timeout_s,
              bench->interrupted, &ready);
    if (ready.status == CELL_INTERRUPTED) {
        kr->interrupted = true;
        return false;
    }
    if (ready.status != CELL_OK) {
        fail_row(visit, (enum cell_status)ready.status, "", ready.message);
        return false;
    }
    struct cell_row *row = visit->row;
    bool first = row->calls_per_sample == 0;
    visit->alive = true;
    row->workers_actual = ready.workers_actual;
    row->calls_per_sample = ready.calls;
    /* Later starts (cells that do not stay resident) keep this calibration,
     * and warm up with one call (calibrate, cell.c) instead of a sample. */
    visit->spec.calls = ready.calls;
    visit->spec.warmup = 0;
    visit->spec.image_path = NULL;
    if (first && row->variant->mpi) /* for run.json */
        launcher_note_nodes(&bench->launcher, row->workers, ready.nodes);
    if (first) {
        row->setup_s = ready.setup_s;
        row->startup_s = ready.startup_s;
        row->bytes_moved = ready.bytes_moved;
    }
    if (ready.image_written) {
        row->image_written = true;
        bench->image_written[kr->k] = true;
    }
    row->pin_failures = ready.pin_failures;
    if (ready.message[0])
        snprintf(row->remark, sizeof row->remark, "%s", ready.message);
    if (first)
        describe_ready(visit);
    return true;
}

static void close_cell(struct kernel_rounds *kr, struct visit *visit)
{
    if (!visit->alive)
        return;
    struct cell_reply bye;
    cell_close(&visit->process, &bye);
    visit->alive = false;
    if (bye.status == CELL_INTERRUPTED)
        kr->interrupted = true;
    else if (bye.status != CELL_OK)
        fail_row(visit, (enum cell_status)bye.status, "", bye.message);
}

/* ---- Planning the kernel's cells -------------------------------------------------- */

static void init_visit(struct kernel_rounds *kr, struct visit *visit, const struct plan_cell *cell,
                       struct cell_row *row)
{
    struct bench *bench = kr->bench;
    const struct cli_options *options = bench->options;
    results_row_init(row);
    row->kernel = kr->kernel;
    row->variant = cell->variant;
    row->workers = cell->workers;
    row->size = cell->size;
    row->scaling = options->weak_scaling && kr->kernel->weak_scaling_param ? "weak" : "strong";
    row->values = cell->values;
    plan_format_params(kr->kernel, &cell->values, row->params, sizeof row->params);

    visit->row = row;
    visit->spec = (struct cell_spec){
        .kernel = kr->kernel,
        .variant = cell->variant,
        .values = cell->values,
        .workers = cell->workers,
        .warmup = options->warmup,
        .calls = 0,
        .min_sample_s = options->min_sample_s,
        .threads_per_rank = options->threads_per_rank,
        .launcher = &bench->launcher,
    };
    visit->spec.nbind_cpus = topology_worker_cpus(options->bind, cell->workers, visit->cpus);
    visit->spec.bind_cpus = visit->cpus;
}

/* The image goes with the first cell on the main work. */
static void assign_image(struct kernel_rounds *kr)
{
    static char path[1200];
    struct bench *bench = kr->bench;
    if (!kr->kernel->image || bench->image_written[kr->k] || kr->nvisits == 0)
        return;
    if (bench->options->image_path)
        snprintf(path, sizeof path, "%s", bench->options->image_path);
    else
        snprintf(path, sizeof path, "%s/%s.png", bench->run_dir, kr->kernel->name);
    kr->visits[0].spec.image_path = path;
}

/*
 * A memory-bound kernel (one that reports the bytes it moves) whose data
 * exceed this works from main memory, and there its speed depends on where
 * its pages landed: measured here, two processes running the same sph2cart
 * code differed by 5-10% for as long as they lived, which would bias every
 * speedup paired with one of them. Such cells are set up anew for every
 * round: the placement is drawn anew each time, and its spread shows in the
 * intervals instead of in the medians. (Compute-bound kernels keep their
 * cells: their set-up can cost seconds, and their times do not move so.)
 */
#define RESIDENT_DATA_LIMIT ((double)(128u << 20))

/* Whether all the cells stay alive through the rounds (see --resident):
 * they must fit in half the available memory (the rest for the system),
 * and, unless asked, their data must fit in the caches' league. *reason
 * says why not. */
static bool decide_resident(const struct kernel_rounds *kr, const char **reason, double *total_gb,
                            double *largest_gb)
{
    static struct plan_cell cells[PLAN_MAX_CELLS];
    size_t count = plan_kernel_cells(kr->bench, kr->k, cells);
    double total = 0, largest = 0;
    for (size_t i = 0; i < count; i++) {
        double bytes = (double)plan_cell_memory(kr->bench, kr->k, &cells[i]);
        total += bytes;
        largest = fmax(largest, bytes);
    }
    *total_gb = total / 1e9;
    *largest_gb = largest / 1e9;
    uint64_t available = platform_memory_available();
    enum resident_policy policy = kr->bench->options->resident;
    *reason = policy == RESIDENT_NO ? "asked" : "memory";
    if (policy == RESIDENT_NO || (available > 0 && total > 0.5 * (double)available))
        return false;
    *reason = "placement";
    return policy == RESIDENT_YES || !kr->kernel->bytes_moved || largest <= RESIDENT_DATA_LIMIT;
}

/* ---- Convergence ---------------------------------------------------------------- */

static bool same_work(const struct visit *a, const struct visit *b)
{
    return strcmp(a->row->size, b->row->size) == 0;
}

static const struct visit *baseline_of(const struct kernel_rounds *kr, const struct visit *visit)
{
    for (size_t i = 0; i < kr->nvisits; i++)
        if (strcmp(kr->visits[i].row->variant->name, "optimized") == 0 &&
            same_work(&kr->visits[i], visit))
            return &kr->visits[i];
    return NULL;
}

/*
 * Whether a cell's intervals are tight: its time within +-tolerance, and
 * for a parallel cell its speedup over the baseline too. *width gets the
 * wider half-width of the two, relative (INFINITY when unknown).
 */
static bool converged(const struct kernel_rounds *kr, const struct visit *visit, double *width)
{
    const double tolerance = kr->bench->options->tolerance;
    struct sample_stats time, speedup;
    stats_compute(visit->row->round_s, MAX_ROUNDS, &time);
    const struct sample_stats *figures[2] = {&time, NULL};
    const struct visit *base = baseline_of(kr, visit);
    if (visit->row->variant->parallel && base && !base->failed) {
        double ratio[MAX_ROUNDS];
        stats_paired_ratios(base->row->round_s, visit->row->round_s, MAX_ROUNDS, ratio);
        stats_compute(ratio, MAX_ROUNDS, &speedup);
        figures[1] = &speedup;
    }
    *width = 0;
    for (int f = 0; f < 2 && figures[f]; f++) {
        const struct sample_stats *s = figures[f];
        double half = isfinite(s->lo) && s->median > 0
                          ? fmax(s->hi - s->median, s->median - s->lo) / s->median
                          : INFINITY;
        *width = fmax(*width, half);
    }
    return *width <= tolerance;
}

/* Does an unconverged cell pair its samples with this one? */
static bool needed_as_baseline(const struct kernel_rounds *kr, const struct visit *visit,
                               const bool *done)
{
    bool optimized = strcmp(visit->row->variant->name, "optimized") == 0;
    for (size_t i = 0; i < kr->nvisits; i++) {
        const struct visit *other = &kr->visits[i];
        if (done[i] || other->failed || other == visit || !same_work(other, visit))
            continue;
        if (optimized || (other->row->variant == visit->row->variant && visit->row->workers == 1))
            return true;
    }
    return false;
}

/* Whether every cell's intervals are tight; the widest goes to *widest
 * (its cell to *which). With `rest`, cells that are tight and needed by no
 * other as a baseline rest from later rounds (only once the minimum rounds
 * are done: every cell gets at least those). */
static bool check_intervals(struct kernel_rounds *kr, bool rest, double *widest,
                            const struct visit **which)
{
    bool done[PLAN_MAX_CELLS];
    bool all = true;
    *widest = 0;
    *which = NULL;
    for (size_t i = 0; i < kr->nvisits; i++) {
        double width;
        done[i] = kr->visits[i].failed || converged(kr, &kr->visits[i], &width);
        if (!kr->visits[i].failed && width >= *widest) {
            *widest = width;
            *which = &kr->visits[i];
        }
        all &= done[i];
    }
    for (size_t i = 0; i < kr->nvisits && rest; i++)
        kr->visits[i].resting = done[i] && !needed_as_baseline(kr, &kr->visits[i], done);
    return all;
}

/* ---- One round ---------------------------------------------------------------------- */

static void record_sample(struct kernel_rounds *kr, struct visit *visit, int round,
                          const struct cell_reply *sample, double start_s)
{
    struct bench *bench = kr->bench;
    struct cell_row *row = visit->row;
    row->round_s[round] = sample->seconds;
    row->round_ghz[round] = sample->ghz;
    row->workers_actual = sample->workers_actual;
    row->pin_failures = sample->pin_failures;
    if (sample->message[0])
        snprintf(row->remark, sizeof row->remark, "%s", sample->message);
    row->value = sample->value;
    row->reference = sample->reference;
    row->rel_error = sample->rel_error;
    snprintf(row->clock_source, sizeof row->clock_source, "%s", sample->clock_source);
    if (!bench->write_error) {
        long line_start = ftell(bench->raw_csv);
        results_raw_line(bench->raw_csv, row, round, ++bench->samples_taken, start_s);
        bench_flush(bench, bench->raw_csv, "raw.csv", line_start);
    }
}

static void visit_cell(struct kernel_rounds *kr, struct visit *visit, int round)
{
    if (!visit->alive && !open_cell(kr, visit))
        return;
    double start_s = timer_elapsed_s(kr->bench->clock_zero, timer_now());
    struct cell_reply sample;
    cell_sample(&visit->process, &sample);
    if (sample.status == CELL_INTERRUPTED) {
        visit->alive = false;
        kr->interrupted = true;
        return;
    }
    if (sample.status != CELL_OK) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "round %d: ", round + 1);
        fail_row(visit, (enum cell_status)sample.status, prefix, sample.message);
        return;
    }
    record_sample(kr, visit, round, &sample, start_s);
    if (!kr->resident)
        close_cell(kr, visit);
}

/* The active cells in a fresh random order (Fisher-Yates, seeded). */
static size_t shuffled_order(struct kernel_rounds *kr, int round, size_t *order)
{
    size_t count = 0;
    for (size_t i = 0; i < kr->nvisits; i++)
        if (!kr->visits[i].failed && !kr->visits[i].resting)
            order[count++] = i;
    uint64_t stream = kr->bench->seed + 1000003u * (uint64_t)kr->k;
    for (size_t i = count; i > 1; i--) {
        uint64_t bits = rng_bits(stream, (uint64_t)round * PLAN_MAX_CELLS + i);
        size_t j = (size_t)(bits % i);
        size_t swap = order[i - 1];
        order[i - 1] = order[j];
        order[j] = swap;
    }
    return count;
}

static void run_round(struct kernel_rounds *kr, int round)
{
    size_t order[PLAN_MAX_CELLS];
    size_t count = shuffled_order(kr, round, order);
    for (size_t i = 0; i < count && !kr->interrupted; i++) {
        if (*kr->bench->interrupted || kr->bench->write_error) {
            kr->interrupted = true;
            break;
        }
        visit_cell(kr, &kr->visits[order[i]], round);
    }
}

/* ---- Other programs' CPU use --------------------------------------------------------- */

/* CPU seconds this process and its reaped descendants have used. */
static double own_cpu_s(void)
{
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    const struct timeval *t[] = {&self.ru_utime, &self.ru_stime, &children.ru_utime,
                                 &children.ru_stime};
    double total = 0;
    for (size_t i = 0; i < ARRAY_SIZE(t); i++)
        total += (double)t[i]->tv_sec + 1e-6 * (double)t[i]->tv_usec;
    return total;
}

struct cpu_mark {
    double machine_busy_s, machine_total_s, own_s;
    bool known;
};

static struct cpu_mark cpu_mark_now(void)
{
    struct cpu_mark mark = {0, 0, own_cpu_s(), false};
    mark.known = platform_machine_cpu_s(&mark.machine_busy_s, &mark.machine_total_s) == 0;
    return mark;
}

/* How many CPUs other programs kept busy on average between the marks
 * (stolen time of a virtual machine included); NAN if unknown. */
static double others_cpus(struct cpu_mark before, struct cpu_mark after, double wall_s)
{
    if (!before.known || !after.known || wall_s <= 0)
        return NAN;
    double others = (after.machine_busy_s - before.machine_busy_s) - (after.own_s - before.own_s);
    return fmax(others, 0.0) / wall_s;
}

/* ---- The kernel ------------------------------------------------------------------------ */

static void announce(const struct kernel_rounds *kr, double budget_s, const char *why,
                     double total_gb, double largest_gb)
{
    const struct cli_options *options = kr->bench->options;
    const char *name = kr->kernel->name;
    fprintf(stderr, "parbench: %s: %zu cells, %d-%d rounds within %.0f s\n", name, kr->nvisits,
            options->min_rounds, options->max_rounds, budget_s);
    if (kr->resident)
        return;
    if (strcmp(why, "asked") == 0)
        fprintf(stderr, "parbench: %s: --resident no: each cell is set up anew for each "
                "visit\n", name);
    else if (strcmp(why, "memory") == 0)
        fprintf(stderr, "parbench: %s: its cells need %.1f GB together, more than half the "
                "memory available: each cell is set up anew for each visit (slower, same "
                "figures)\n", name, total_gb);
    else
        fprintf(stderr, "parbench: %s: memory-bound, and its largest cell's data (%.2f GB) outgrow the "
                "caches: where a process's pages land moves its times, so each cell is set up "
                "anew for each round and that is drawn anew (--resident yes keeps them)\n",
                name, largest_gb);
}

static void progress(const struct kernel_rounds *kr, double elapsed_s, double widest,
                     const struct visit *which)
{
    size_t resting = 0;
    for (size_t i = 0; i < kr->nvisits; i++)
        resting += kr->visits[i].resting;
    fprintf(stderr, "  %s round %d: %.1f s", kr->kernel->name, kr->rounds, elapsed_s);
    if (which && isfinite(widest))
        fprintf(stderr, "; widest interval +-%.1f%% (%s%s x%d)", 100 * widest,
                which->row->variant->name, strcmp(which->row->size, "naive") == 0 ? "*" : "",
                which->row->workers);
    else if (which)
        fprintf(stderr, "; intervals need 6 rounds");
    if (resting)
        fprintf(stderr, "; %zu cell%s resting", resting, resting == 1 ? "" : "s");
    fputc('\n', stderr);
}

static void measure_rounds(struct kernel_rounds *kr, double budget_s)
{
    const struct cli_options *options = kr->bench->options;
    struct timer_instant start = timer_now();
    double last_round_s = 0;
    for (int round = 0; round < options->max_rounds && !kr->interrupted; round++) {
        struct timer_instant round_start = timer_now();
        run_round(kr, round);
        if (kr->interrupted)
            break;
        kr->rounds = round + 1;
        last_round_s = timer_elapsed_s(round_start, timer_now());
        double elapsed = timer_elapsed_s(start, timer_now());
        double widest;
        const struct visit *which;
        bool enough = kr->rounds >= options->min_rounds;
        bool all_tight = check_intervals(kr, enough, &widest, &which);
        progress(kr, elapsed, widest, which);
        if (!enough)
            continue;
        if (all_tight || elapsed + last_round_s > budget_s)
            break;
    }
}

int rounds_run_kernel(struct bench *bench, size_t k, double budget_s)
{
    struct kernel_rounds kr = {.bench = bench, .k = k, .kernel = bench->options->kernels[k]};
    static struct plan_cell cells[PLAN_MAX_CELLS];
    kr.nvisits = plan_kernel_cells(bench, k, cells);
    kr.visits = calloc(kr.nvisits, sizeof *kr.visits);
    PB_CHECK(kr.visits != NULL);
    for (size_t i = 0; i < kr.nvisits; i++)
        init_visit(&kr, &kr.visits[i], &cells[i], &bench->rows[bench->rows_done + i]);
    assign_image(&kr);
    double total_gb, largest_gb;
    const char *why;
    kr.resident = decide_resident(&kr, &why, &total_gb, &largest_gb);
    bench->kernel_resident[k] = kr.resident;
    announce(&kr, budget_s, why, total_gb, largest_gb);

    struct cpu_mark before = cpu_mark_now();
    struct timer_instant start = timer_now();
    for (size_t i = 0; i < kr.nvisits && kr.resident && !kr.interrupted; i++)
        open_cell(&kr, &kr.visits[i]);
    if (!kr.interrupted)
        measure_rounds(&kr, budget_s);
    for (size_t i = 0; i < kr.nvisits; i++)
        close_cell(&kr, &kr.visits[i]);
    double wall_s = timer_elapsed_s(start, timer_now());
    bench->kernel_others_cpu[k] = others_cpus(before, cpu_mark_now(), wall_s);
    bench->kernel_rounds[k] = kr.rounds;

    /* Others busy on more than a quarter of a CPU, on average: BUSY. */
    char reason[160];
    double others = bench->kernel_others_cpu[k];
    bool busy = bench->busy_at_start || (isfinite(others) && others > 0.25);
    if (bench->busy_at_start)
        snprintf(reason, sizeof reason, "%s", bench->busy_reason);
    else
        snprintf(reason, sizeof reason, "other programs kept %.2f CPUs busy during the rounds",
                 others);
    struct derive_context context = {bench_bandwidth, bench, busy, reason};
    derive_kernel(&bench->rows[bench->rows_done], kr.nvisits, &context);
    /* Rows go out in plan order; a cell that never got a sample (the user
     * interrupted first) is left out, a failed one is kept. */
    size_t kept = 0;
    for (size_t i = 0; i < kr.nvisits; i++) {
        struct cell_row *row = &bench->rows[bench->rows_done + i];
        if (row->status == CELL_OK && row->time.count == 0)
            continue;
        if (kr.interrupted && row->status == CELL_OK) {
            size_t used = strlen(row->remark);
            snprintf(row->remark + used, sizeof row->remark - used, "%sinterrupted after %d "
                     "round%s", used ? "; " : "", kr.rounds, kr.rounds == 1 ? "" : "s");
        }
        struct cell_row *slot = &bench->rows[bench->rows_done + kept++];
        if (slot != row)
            memcpy(slot, row, sizeof *row);
        bench_emit_row(bench, slot);
    }
    bench->rows_done += kept;
    free(kr.visits);
    return kr.interrupted ? -1 : 0;
}
