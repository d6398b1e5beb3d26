/*
 * mpi_check.c — the mpi variants against optimized, run under an MPI
 * launcher by tests/mpi.sh (every rank runs this program).
 *
 *   mpirun -np N mpi_check identity [THREADS]
 *       Every kernel (or PARBENCH_TEST_KERNEL) at the test size, slow_series
 *       with both schedules: rank 0 runs optimized alone for the reference
 *       bits, then every rank runs the mpi variant, with THREADS OpenMP
 *       threads per rank, as parbench does (start, prepare, run twice,
 *       collect, stop). Rank 0 prints a line per case; the exit status is 1
 *       if an answer is wrong, unimplemented, or not bit-identical.
 *   mpirun -np N mpi_check reduce-bits [N_TERMS]
 *       The experiment of docs/mpi.md: cos_series' sum S(N_TERMS) (default
 *       1e8) as optimized adds it, as the mpi variant gathers it, and as
 *       MPI_Reduce(MPI_SUM) adds one sum per rank, each with its bits.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "../../harness/params.h"
#include "common/exercise.h"
#include "cos_series/cos_series.h"
#include "registry.h"

static int rank, size;

/* The kernel's values at the test size with one optional "key=value". */
static void *set_up(const struct pb_kernel *kernel, enum pb_size size_class, const char *setting)
{
    struct param_setting settings[1];
    static struct pb_values values; /* outlives the call, as a fixture's values do */
    char message[PB_MESSAGE_MAX];
    size_t count = 0;
    if (setting && params_split_setting(setting, &settings[count++], message) != 0)
        return NULL;
    if (params_resolve(kernel, size_class, settings, count, &values, message) != 0)
        return NULL;
    void *state = kernel->setup(&values, message);
    if (!state && rank == 0)
        fprintf(stderr, "mpi_check: %s: setup failed: %s\n", kernel->name, message);
    if (state && kernel->place) /* the first touch, as a cell of one rank does it */
        kernel->place(state, 0, 1);
    return state;
}

/* optimized's digest, from rank 0 alone. */
static uint64_t reference_digest(const struct pb_kernel *kernel, void *state)
{
    const struct pb_variant *optimized = registry_find_variant(kernel, "optimized");
    struct pb_run run = {.workers = 1, .threads_per_rank = 1};
    kernel->prepare(state);
    if (optimized->run(state, &run) != PB_OK)
        return 0;
    return kernel->digest(state);
}

/* One kernel (with one setting): 0 when the mpi variant matched optimized. */
static int check_case(const struct pb_kernel *kernel, const char *setting, int threads)
{
    void *state = set_up(kernel, PB_SIZE_TEST, setting);
    int have = state != NULL, all_have = 0;
    MPI_Allreduce(&have, &all_have, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all_have)
        return 1;
    uint64_t expected = rank == 0 ? reference_digest(kernel, state) : 0;
    const struct pb_variant *mpi = registry_find_variant(kernel, "mpi");
    struct pb_run run = {.workers = size, .threads_per_rank = threads};
    exercise_reset();
    enum pb_status status = mpi->start(state, &run);
    for (int call = 0; call < 2 && status == PB_OK; call++) { /* twice: a run reuses the start */
        kernel->prepare(state);
        status = mpi->run(state, &run);
    }
    if (status == PB_OK && mpi->collect)
        status = mpi->collect(state, &run);
    const char *missing = exercise_missing_where();
    int failed = 0;
    if (rank == 0) {
        struct pb_verdict verdict = {.ok = false};
        if (status == PB_OK && !missing)
            kernel->verify(state, &verdict);
        bool same = status == PB_OK && !missing && kernel->digest(state) == expected;
        failed = !(verdict.ok && same);
        printf("  %s  %s%s%s at %d rank%s x %d thread%s: %s\n", failed ? "FAIL" : "ok  ",
               kernel->name, setting ? " " : "", setting ? setting : "", size,
               size == 1 ? "" : "s", threads, threads == 1 ? "" : "s",
               missing               ? "not implemented"
               : status != PB_OK     ? run.message
               : !verdict.ok         ? verdict.message
               : !same               ? "answer differs from optimized in the last bits"
                                     : "verified, bit-identical to optimized");
        fflush(stdout);
    }
    if (status == PB_OK && mpi->stop)
        mpi->stop(state, &run);
    kernel->teardown(state);
    return failed;
}

static int identity(int threads)
{
    const char *only = getenv("PARBENCH_TEST_KERNEL");
    int failures = 0;
    for (size_t k = 0; k < pb_kernel_count; k++) {
        const struct pb_kernel *kernel = pb_kernels[k];
        if (only && only[0] && strcmp(only, kernel->name) != 0)
            continue;
        if (strcmp(kernel->name, "slow_series") == 0) {
            failures += check_case(kernel, "schedule=static", threads);
            failures += check_case(kernel, "schedule=dynamic", threads);
        } else {
            failures += check_case(kernel, NULL, threads);
        }
    }
    return failures;
}

static uint64_t bits_of(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

static void print_sum(const char *how, double sum, double reference)
{
    long long ulps = (long long)(bits_of(sum) - bits_of(reference)); /* same sign: ulps apart */
    printf("    %-34s %.17g  0x%016" PRIx64 "  %+lld ulp\n", how, sum, bits_of(sum), ulps);
}

/* The sums of cos_series' chunks: in chunk order, gathered, and reduced. */
static int reduce_bits(const char *n_text)
{
    char setting[64];
    snprintf(setting, sizeof setting, "n=%s", n_text ? n_text : "1e8");
    struct cos_series *cs = set_up(&cos_series_kernel, PB_SIZE_SMALL, setting);
    if (!cs)
        return 1;
    double optimized = 0.0;
    if (rank == 0) {
        cos_series_optimized(cs, &(struct pb_run){.workers = 1});
        optimized = cs->sum;
    }
    struct pb_run run = {.workers = size, .threads_per_rank = 1};
    cos_series_kernel.prepare(cs);
    if (cos_series_mpi_start(cs, &run) != PB_OK || cos_series_mpi(cs, &run) != PB_OK)
        return 1;
    double gathered = cs->sum;
    /* The shortcut: each rank adds its own block of chunks, in order... */
    int64_t first, last;
    chunks_of_worker(cs->chunks.count, rank, size, &first, &last);
    double mine = 0.0, reduced = 0.0;
    for (int64_t chunk = first; chunk < last; chunk++)
        mine += cs->partials[chunk].value;
    /* ...and MPI adds the ranks' sums, in an order of its choosing. */
    MPI_Reduce(&mine, &reduced, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        printf("  S(%lld) in %lld chunks, %d rank%s:\n", (long long)cs->n,
               (long long)cs->chunks.count, size, size == 1 ? "" : "s");
        print_sum("optimized (chunk order)", optimized, optimized);
        print_sum("mpi: MPI_Gatherv, chunk order", gathered, optimized);
        print_sum("MPI_Reduce(MPI_SUM) of rank sums", reduced, optimized);
        fflush(stdout);
    }
    cos_series_mpi_stop(cs, &run);
    cos_series_kernel.teardown(cs);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "identity";
    int threads = strcmp(mode, "identity") == 0 && argc > 2 ? atoi(argv[2]) : 1;
    int provided;
    MPI_Init_thread(&argc, &argv, threads > 1 ? MPI_THREAD_SERIALIZED : MPI_THREAD_FUNNELED,
                    &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int failures;
    if (strcmp(mode, "identity") == 0)
        failures = identity(threads > 0 ? threads : 1);
    else if (strcmp(mode, "reduce-bits") == 0)
        failures = reduce_bits(argc > 2 ? argv[2] : NULL);
    else
        failures = 1;
    MPI_Finalize();
    return failures == 0 ? 0 : 1;
}
