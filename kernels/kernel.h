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
 *     repeat warm-up + timed runs:
 *         prepare(state)                        not timed: poisons the answer
 *         variant->run(state, &run)             timed, and only this
 *         verify(state, &verdict)               not timed: every run checked
 *     teardown(state)
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
    PB_SIZE_DEFAULT, /* `make bench`: optimized serial ~0.1-1 s per run */
    PB_SIZE_LARGE,   /* cluster nodes: the original problems' full scale */
    PB_SIZE_COUNT
};

/* What a variant's run reports. */
enum pb_status {
    PB_OK = 0,
    PB_FAILED,          /* the run could not finish: message says why */
    PB_NOT_IMPLEMENTED, /* an exercise stub nobody has filled in yet */
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
    int workers;                 /* in: how many workers to use; serial ignores */
    int workers_actual;          /* out: how many really took part */
    char message[PB_MESSAGE_MAX]; /* out: why the run failed */

    /* in, optional (--bind): worker i first calls bind(bind_cpus[i %
     * nbind_cpus]) to pin itself to that CPU. Set by the harness, applied by
     * the thread team and the process pool (common/team.h, common/pool.h). */
    void (*bind)(int cpu);
    const int *bind_cpus;
    int nbind_cpus;
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
 */
struct pb_variant {
    const char *name;
    bool parallel;
    /* Runs on the OpenMP runtime, which places its own threads: the harness
     * binds them through OMP_PLACES and leaves the runtime's own pinning of
     * the main thread alone. Other variants are bound through pb_run.bind. */
    bool openmp;
    enum pb_status (*run)(void *state, struct pb_run *run);
};

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
};

/*
 * The five variants every kernel has, in this order: naive and optimized
 * (serial), forkpool, pthreads and openmp (parallel). Each is a function
 * `enum pb_status NAME_VARIANT(TYPE *state, struct pb_run *run)`. This
 * defines, once per kernel, a small adapter for each from the harness's
 * void * to the real TYPE * (calling through a function pointer of another
 * type would be undefined behaviour), and the table `NAME_variants`.
 */
#define PB_VARIANT_ADAPTER(NAME, TYPE, VARIANT)                                         \
    static enum pb_status NAME##_run_##VARIANT(void *state, struct pb_run *run)      \
    {                                                                                 \
        return NAME##_##VARIANT((TYPE *)state, run);                                  \
    }

#define PB_FIVE_VARIANTS(NAME, TYPE)                                                  \
    PB_VARIANT_ADAPTER(NAME, TYPE, naive)                                             \
    PB_VARIANT_ADAPTER(NAME, TYPE, optimized)                                         \
    PB_VARIANT_ADAPTER(NAME, TYPE, forkpool)                                          \
    PB_VARIANT_ADAPTER(NAME, TYPE, pthreads)                                          \
    PB_VARIANT_ADAPTER(NAME, TYPE, openmp)                                            \
    static const struct pb_variant NAME##_variants[] = {                              \
        {"naive", false, false, NAME##_run_naive},                                    \
        {"optimized", false, false, NAME##_run_optimized},                            \
        {"forkpool", true, false, NAME##_run_forkpool},                               \
        {"pthreads", true, false, NAME##_run_pthreads},                               \
        {"openmp", true, true, NAME##_run_openmp},                                    \
    };

/* Number of elements of a true array (not a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* PARBENCH_KERNEL_H */
