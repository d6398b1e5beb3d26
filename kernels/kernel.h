/*
 * kernel.h — the contract between a kernel and the harness.
 *
 * A kernel is one const struct pb_kernel: what it computes, its parameters
 * with a default per size class, how to set up its inputs, how to check an
 * answer, and its table of variants. The harness knows kernels only through
 * this header and the registry (registry.h); it never sees their internals.
 *
 * The life of one measurement cell (kernel x variant x workers), all in the
 * cell's own process:
 *
 *     state = setup(values)                     not timed
 *     place(state, i, workers), i < workers    not timed, optional
 *     variant->start(state, &run)               timed apart: startup_s
 *     for each sample the harness asks for:
 *         prepare(state)                        not timed: poisons the answer
 *         k times: variant->run(state, &run)    timed, and only this
 *         variant->collect(state, &run)         not timed (mpi only, optional)
 *         verify(state, &verdict)               not timed: every sample checked
 *     variant->stop(state, &run)
 *     teardown(state)
 *
 * An mpi cell is a job of several processes (ranks), launched by mpirun or
 * srun: every rank runs this same life on its own copy of the state, and
 * start, run, collect and stop are collective (every rank calls them
 * together). Rank 0 talks to the harness and alone verifies; launching the
 * ranks and MPI_Init are timed apart too, as part of startup_s.
 *
 * k, the calls per sample, is calibrated per cell so that a sample lasts
 * long enough to time well; the harness reports seconds per call.
 *
 * Nothing under kernels/, solutions/ or exercises/ prints, times or parses
 * command lines: the harness owns all of that.
 */
#ifndef PARBENCH_KERNEL_H
#define PARBENCH_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Size classes, smallest first. */
enum pb_size {
    PB_SIZE_TEST,    /* milliseconds: unit tests */
    PB_SIZE_SMALL,   /* a quick look on any laptop */
    PB_SIZE_DEFAULT, /* `make bench`: a sample of optimized serial lasts 0.2-1 s */
    PB_SIZE_LARGE,   /* cluster nodes: the original problems' full scale */
    PB_SIZE_COUNT
};

/* What a variant's run reports. */
enum pb_status {
    PB_OK = 0,
    PB_FAILED,          /* the run could not finish: message says why */
    PB_NOT_IMPLEMENTED, /* an exercise stub nobody has filled in yet */
    PB_UNAVAILABLE,     /* this build cannot run it (no MPI found): message says what to install */
};

/* Room for one human-readable message, including the terminating NUL. */
#define PB_MESSAGE_MAX 256

/* Most parameters any kernel has; struct pb_values holds this many. */
#define PB_MAX_PARAMS 16

enum pb_param_type {
    PB_PARAM_INT,    /* int64; "1e8" is accepted when it is a whole number */
    PB_PARAM_REAL,   /* finite double */
    PB_PARAM_CHOICE, /* one word out of a fixed list */
};

/* One tunable of a kernel, settable with `--set name=value`. */
struct pb_param {
    const char *name;
    const char *help; /* one line: meaning and unit */
    enum pb_param_type type;
    double min, max;             /* inclusive bounds (INT and REAL) */
    const char *const *choices;  /* CHOICE: NULL-terminated words */
    const char *defaults[PB_SIZE_COUNT]; /* text, parsed like --set */
};

/* A parsed parameter value: .i for INT (and the index of a CHOICE), .r for REAL. */
union pb_value {
    int64_t i;
    double r;
};

/* All parameter values of one kernel, indexed like its params array. */
struct pb_values {
    union pb_value v[PB_MAX_PARAMS];
};

/* In and out of one run of a variant. */
struct pb_run {
    int workers;                 /* in: how many workers to use; serial ignores; mpi: ranks */
    int threads_per_rank;        /* in, mpi: OpenMP threads in each rank (hybrid); others: 1 */
    int workers_actual;          /* out: how many really took part */
    char message[PB_MESSAGE_MAX]; /* out: why the run failed */

    /* in, optional (--bind): worker i first calls bind(bind_cpus[i %
     * nbind_cpus]) to pin itself to that CPU. Set by the harness, applied by
     * the thread team and the process pool (common/team.h, common/pool.h). */
    void (*bind)(int cpu);
    const int *bind_cpus;
    int nbind_cpus;

    /* The variant's own, from start() to stop(): say, its process pool.
     * NULL before start(); the same struct pb_run is passed to every call. */
    void *workspace;
};

/* What verify concluded about the last run's answer. */
struct pb_verdict {
    bool ok;
    double value;     /* the answer, or a documented scalar summary of it */
    double reference; /* what value should be, from an independent source */
    double rel_error; /* |value - reference| / |reference| (or the kernel's measure) */
    char message[PB_MESSAGE_MAX]; /* on failure: what is wrong, in one line */
};

/* A grey image a kernel can expose (row 0 is the top of the picture). */
struct pb_image {
    int width, height;
    const uint8_t *grey; /* width * height bytes, owned by the kernel's state */
};

/*
 * One way to compute a kernel's answer. run() reads the inputs and writes
 * the answer into the state; it returns PB_OK, PB_FAILED (with run->message)
 * or PB_NOT_IMPLEMENTED. Parallel variants set run->workers_actual.
 *
 * start() and stop() (either may be NULL) bracket every run() of a cell:
 * start() makes the workers the runs will use (a process pool forked once,
 * the OpenMP runtime's threads), stop() ends them. The harness times
 * start() on its own, as the variant's start-up: a cost worth knowing, kept
 * out of the per-run times. A variant that makes its workers inside every
 * run (the pthreads variants create their threads per run) uses a start()
 * that makes and ends that many workers once, with no work, so the cost it
 * pays inside each run is measured too.
 */
struct pb_variant {
    const char *name;
    bool parallel;
    /* Runs on the OpenMP runtime, which places its own threads: the harness
     * binds them through OMP_PLACES and leaves the runtime's own pinning of
     * the main thread alone. Other variants are bound through pb_run.bind. */
    bool openmp;
    /* run() makes and ends its workers itself, every call (so start() only
     * measures what that costs); false: start() makes workers that run()
     * reuses. */
    bool workers_per_run;
    /* Runs as an MPI job: the harness launches one process per worker
     * through an MPI launcher, and the cell's functions are collective. */
    bool mpi;
    enum pb_status (*start)(void *state, struct pb_run *run);
    enum pb_status (*run)(void *state, struct pb_run *run);
    /* Optional (NULL: nothing to do). After a sample's timed calls, before
     * verify, not timed: brings the answer to where verify reads it. The mpi
     * variants of kernels whose answer is a large array (an image, a grid)
     * gather each rank's part to rank 0 here, and the series add up the
     * ranks' chunk counts (common/ledger.h) that verify checks: the
     * computation is over, and moving things for checking is not part of it. */
    enum pb_status (*collect)(void *state, struct pb_run *run);
    enum pb_status (*stop)(void *state, struct pb_run *run);
};

/* The start hooks every kernel's pthreads and openmp variants share
 * (kernels/common/team.c and openmp_runtime.c): */
/* Creates and joins run->workers threads that do nothing. */
enum pb_status pb_start_threads(void *state, struct pb_run *run);
/* One empty parallel region of run->workers threads: the OpenMP runtime
 * makes its threads there, and later regions reuse them. */
enum pb_status pb_start_openmp(void *state, struct pb_run *run);
/* The mpi entry of a build without MPI (kernels/common/mpi_none.c):
 * PB_UNAVAILABLE, with PB_MPI_MISSING in run->message. */
enum pb_status pb_mpi_unavailable(void *state, struct pb_run *run);
#define PB_MPI_MISSING                                                                  \
    "no MPI found (install Open MPI: `apt-get install openmpi-bin libopenmpi-dev` on " \
    "Debian/Ubuntu, `brew install open-mpi` on macOS; then rebuild)"

struct pb_kernel {
    const char *name;
    const char *description; /* one line: what is computed */
    const char *lesson;      /* one line: what it teaches */

    const struct pb_param *params;
    size_t nparams;

    /*
     * Bytes that setup() would allocate for these values (saturating at
     * UINT64_MAX rather than wrapping), so the harness can refuse a size that
     * does not fit before anything is allocated.
     */
    uint64_t (*memory_needed)(const struct pb_values *values);

    /*
     * Allocates and fills the inputs (not timed). Returns the state, or NULL
     * with a one-line reason in message[PB_MESSAGE_MAX].
     */
    void *(*setup)(const struct pb_values *values, char *message);
    void (*teardown)(void *state);

    /*
     * Optional (NULL: setup fills everything itself). Fills the inputs and
     * touches the outputs of part `part` of `parts` equal parts, split as
     * the parallel variants split the work. Memory-bound kernels use it so
     * that, on a machine with several memory controllers (sockets, NUMA
     * nodes), each page lands near the worker that will read it: Linux
     * places a page where it is first touched. The harness (and the tests)
     * call it right after setup, for every part, from as many threads as
     * the cell has workers, thread i pinned where worker i will run; a
     * serial cell calls place(state, 0, 1).
     */
    void (*place)(void *state, int part, int parts);

    /* Before every run: overwrite the answer with garbage, so a variant that
     * does nothing cannot pass verify on the previous run's answer. */
    void (*prepare)(void *state);

    /* Checks the answer in state against an independent reference. */
    void (*verify)(const void *state, struct pb_verdict *verdict);

    /* A fingerprint of the answer's exact bits (common/digest.h): equal
     * digests mean bit-identical answers. */
    uint64_t (*digest)(const void *state);

    /* Optional (NULL when absent): a picture of the answer. */
    bool (*image)(const void *state, struct pb_image *image);

    /* Optional (NULL when meaningless): bytes one run reads and writes in
     * main memory, for the achieved-bandwidth columns. */
    double (*bytes_moved)(const void *state);

    const struct pb_variant *variants;
    size_t nvariants;

    /* Optional (NULL when weak scaling means nothing for this kernel): the
     * INT parameter the harness multiplies by the worker count under
     * `--scaling weak`, so each worker keeps the same amount of work. */
    const char *weak_scaling_param;

    /*
     * At the default and large sizes, naive would take minutes: it does
     * smaller work, and optimized does that same work beside it, so the
     * "optimize first" ratio compares equal work. The work is the small
     * size class's values with these "key=value" settings (space-separated;
     * "" for the small class as it is) applied on top. At test and small,
     * naive does the same work as every other variant.
     */
    const char *naive_work;
};

/*
 * The six variants every kernel has, in this order: naive and optimized
 * (serial), forkpool, pthreads, openmp and mpi (parallel). Each is a
 * function `enum pb_status NAME_VARIANT(TYPE *state, struct pb_run *run)`;
 * the fork pool also has NAME_forkpool_start and NAME_forkpool_stop, and
 * mpi has NAME_mpi_start, NAME_mpi_collect and NAME_mpi_stop.
 * FORKPOOL_PER_RUN says whether the fork pool forks in every run (true) or
 * forks a pool in start that the runs reuse (false). This defines, once per
 * kernel, a small adapter for each from the harness's void * to the real
 * TYPE * (calling through a function pointer of another type would be
 * undefined behaviour), and the table `NAME_variants`.
 *
 * PB_HAVE_MPI (set by the Makefile: 1 when it found an MPI compiler
 * wrapper) decides the mpi entry. Without MPI the solutions' mpi.c files
 * are not compiled, and the entry runs pb_mpi_unavailable instead: the
 * harness reports the variant UNAVAILABLE, never as a failure.
 */
#define PB_VARIANT_ADAPTER(NAME, TYPE, VARIANT)                                         \
    static enum pb_status NAME##_run_##VARIANT(void *state, struct pb_run *run)      \
    {                                                                                 \
        return NAME##_##VARIANT((TYPE *)state, run);                                  \
    }

#ifndef PB_HAVE_MPI
#error "PB_HAVE_MPI must be 0 or 1 (the Makefile sets it)"
#endif
#if PB_HAVE_MPI
#define PB_MPI_ADAPTERS(NAME, TYPE)                                                   \
    PB_VARIANT_ADAPTER(NAME, TYPE, mpi_start)                                         \
    PB_VARIANT_ADAPTER(NAME, TYPE, mpi)                                               \
    PB_VARIANT_ADAPTER(NAME, TYPE, mpi_collect)                                       \
    PB_VARIANT_ADAPTER(NAME, TYPE, mpi_stop)
#define PB_MPI_ENTRY(NAME)                                                            \
    {"mpi", true, false, false, true, NAME##_run_mpi_start, NAME##_run_mpi,           \
     NAME##_run_mpi_collect, NAME##_run_mpi_stop}
#else
#define PB_MPI_ADAPTERS(NAME, TYPE)
#define PB_MPI_ENTRY(NAME)                                                            \
    {"mpi", true, false, false, true, pb_mpi_unavailable, pb_mpi_unavailable, NULL, NULL}
#endif

#define PB_SIX_VARIANTS(NAME, TYPE, FORKPOOL_PER_RUN)                                 \
    PB_VARIANT_ADAPTER(NAME, TYPE, naive)                                             \
    PB_VARIANT_ADAPTER(NAME, TYPE, optimized)                                         \
    PB_VARIANT_ADAPTER(NAME, TYPE, forkpool_start)                                    \
    PB_VARIANT_ADAPTER(NAME, TYPE, forkpool)                                          \
    PB_VARIANT_ADAPTER(NAME, TYPE, forkpool_stop)                                     \
    PB_VARIANT_ADAPTER(NAME, TYPE, pthreads)                                          \
    PB_VARIANT_ADAPTER(NAME, TYPE, openmp)                                            \
    PB_MPI_ADAPTERS(NAME, TYPE)                                                       \
    static const struct pb_variant NAME##_variants[] = {                              \
        {"naive", false, false, false, false, NULL, NAME##_run_naive, NULL, NULL},    \
        {"optimized", false, false, false, false, NULL, NAME##_run_optimized, NULL,   \
         NULL},                                                                       \
        {"forkpool", true, false, FORKPOOL_PER_RUN, false, NAME##_run_forkpool_start, \
         NAME##_run_forkpool, NULL, NAME##_run_forkpool_stop},                        \
        {"pthreads", true, false, true, false, pb_start_threads, NAME##_run_pthreads, \
         NULL, NULL},                                                                 \
        {"openmp", true, true, false, false, pb_start_openmp, NAME##_run_openmp, NULL, \
         NULL},                                                                       \
        PB_MPI_ENTRY(NAME),                                                           \
    };

/* Number of elements of a true array (not a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* PARBENCH_KERNEL_H */
