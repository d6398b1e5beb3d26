/* cell.c — measuring one cell, in a process of its own (see cell.h). */
#include "cell.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kernels/common/check.h"
#include "../kernels/common/exercise.h"
#include "../kernels/common/pool.h"
#include "../kernels/registry.h"
#include "faults.h"
#include "params.h"
#include "platform.h"
#include "png.h"
#include "timer.h"

const char *cell_status_name(enum cell_status status)
{
    static const char *const names[] = {"OK", "FAILED", "TIMEOUT", "NOT_IMPLEMENTED",
                                        "INTERRUPTED"};
    return names[status];
}

static void result_fail(struct cell_result *result, enum cell_status status, const char *format,
                        ...) __attribute__((format(printf, 3, 4)));

static void result_fail(struct cell_result *result, enum cell_status status, const char *format,
                        ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(result->message, sizeof result->message, format, args);
    va_end(args);
    result->status = status;
}

/* ---- Inside the cell's process ------------------------------------------- */

/* pb_run.bind's type, for the platform's binding call. */
static void bind_to_cpu(int cpu)
{
    platform_bind_cpu(cpu);
}

/* One run: prepare, time run(), verify. Returns 0 to go on, -1 to stop. */
static int measure_one(const struct cell_spec *spec, void *state, int index,
                       struct cell_result *result)
{
    const bool parallel = spec->variant->parallel;
    struct pb_run run = {.workers = parallel ? spec->workers : 1};
    /* OpenMP binds its own threads (OMP_PLACES, set before the runtime
     * started); the team and the pool bind theirs through run.bind. */
    if (parallel && spec->nbind_cpus > 0 && !spec->variant->openmp) {
        run.bind = bind_to_cpu;
        run.bind_cpus = spec->bind_cpus;
        run.nbind_cpus = spec->nbind_cpus;
    }

    spec->kernel->prepare(state);
    exercise_reset();
    faults_before_run(spec);
    struct timer_instant start = timer_now();
    enum pb_status status = spec->variant->run(state, &run);
    struct timer_instant end = timer_now();
    faults_after_run(spec, state);

    result->workers_actual = parallel ? run.workers_actual : 1;
    const char *missing = exercise_missing_where();
    if (status == PB_NOT_IMPLEMENTED || missing) {
        result_fail(result, CELL_NOT_IMPLEMENTED, "not implemented: %s",
                    missing ? missing : spec->variant->name);
        return -1;
    }
    if (status != PB_OK) {
        result_fail(result, CELL_FAILED, "run %d: %s", index + 1, run.message);
        return -1;
    }
    struct pb_verdict verdict = {.ok = false, .value = NAN, .reference = NAN, .rel_error = NAN};
    spec->kernel->verify(state, &verdict);
    result->value = verdict.value;
    result->reference = verdict.reference;
    result->rel_error = verdict.rel_error;
    if (!verdict.ok) {
        result_fail(result, CELL_FAILED, "wrong answer in run %d: %s", index + 1,
                    verdict.message[0] ? verdict.message : "verify said no");
        return -1;
    }
    if (index >= spec->warmup)
        result->samples_s[result->nsamples++] = timer_elapsed_s(start, end);
    return 0;
}

/* The kernel's picture of a verified answer, if it has one and one is wanted. */
static void write_image(const struct cell_spec *spec, const void *state, struct cell_result *result)
{
    struct pb_image image;
    if (!spec->image_path || !spec->kernel->image || !spec->kernel->image(state, &image))
        return;
    char message[PB_MESSAGE_MAX];
    if (png_write_grey(spec->image_path, &image, message) == 0)
        result->image_written = true;
    else
        snprintf(result->message, sizeof result->message, "image not written: %.200s", message);
}

void cell_measure(const struct cell_spec *spec, struct cell_result *result)
{
    memset(result, 0, sizeof *result);
    result->status = CELL_OK;
    result->value = result->reference = result->rel_error = result->bytes_moved = NAN;

    char message[PB_MESSAGE_MAX] = "";
    void *state = spec->kernel->setup(&spec->values, message);
    if (!state) {
        result_fail(result, CELL_FAILED, "setup failed: %s", message);
        return;
    }
    for (int index = 0; index < spec->warmup + spec->repeat; index++)
        if (measure_one(spec, state, index, result) != 0)
            break;
    if (result->status == CELL_OK)
        write_image(spec, state, result);
    if (spec->kernel->bytes_moved)
        result->bytes_moved = spec->kernel->bytes_moved(state);
    spec->kernel->teardown(state);
}

/* Writes all of buf, retrying after partial writes and interruptions. */
static int write_all(int fd, const void *buf, size_t size)
{
    const char *p = buf;
    while (size > 0) {
        ssize_t written = write(fd, p, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return -1;
        p += written;
        size -= (size_t)written;
    }
    return 0;
}

/* Arguments after CELL_INTERNAL_FLAG, in this order, then KEY=VALUE for
 * every parameter of the kernel. */
enum {
    ARG_FD = 2, ARG_KERNEL, ARG_VARIANT, ARG_WORKERS, ARG_WARMUP, ARG_REPEAT,
    ARG_IMAGE, /* the image path, or "-" for none */
    ARG_BIND,  /* CPUs for the workers, "0,2,4", or "-" for no binding */
    ARG_PARAMS
};

/* A whole number and nothing else, or -1. */
static int arg_number(const char *text)
{
    char *end;
    long value = strtol(text, &end, 10);
    return end != text && *end == '\0' && value >= 0 && value <= INT_MAX
               ? (int)value
               : -1;
}

/* "0,2,4" into spec->bind_cpus ("-": none). */
static int parse_cpu_list(const char *text, struct cell_spec *spec)
{
    static int cpus[CLI_MAX_WORKERS];
    spec->nbind_cpus = 0;
    spec->bind_cpus = NULL;
    if (strcmp(text, "-") == 0)
        return 0;
    for (const char *p = text; *p && spec->nbind_cpus < CLI_MAX_WORKERS;) {
        char *end;
        long cpu = strtol(p, &end, 10);
        if (end == p || cpu < 0 || (*end != ',' && *end != '\0'))
            return -1;
        cpus[spec->nbind_cpus++] = (int)cpu;
        p = *end ? end + 1 : end;
    }
    spec->bind_cpus = cpus;
    return 0;
}

/* Rebuilds the spec from the command line the parent wrote. */
static int spec_from_args(int argc, char **argv, struct cell_spec *spec, int *fd)
{
    if (argc < ARG_PARAMS)
        return -1;
    memset(spec, 0, sizeof *spec);
    spec->kernel = registry_find(argv[ARG_KERNEL]);
    spec->variant = spec->kernel ? registry_find_variant(spec->kernel, argv[ARG_VARIANT]) : NULL;
    if (!spec->variant)
        return -1;
    *fd = arg_number(argv[ARG_FD]);
    spec->workers = arg_number(argv[ARG_WORKERS]);
    spec->warmup = arg_number(argv[ARG_WARMUP]);
    spec->repeat = arg_number(argv[ARG_REPEAT]);
    spec->image_path = strcmp(argv[ARG_IMAGE], "-") == 0 ? NULL : argv[ARG_IMAGE];
    if (parse_cpu_list(argv[ARG_BIND], spec) != 0)
        return -1;
    if (*fd < 0 || spec->workers < 1 || spec->warmup < 0 || spec->repeat < 1 ||
        spec->repeat > CLI_MAX_REPEAT || argc - ARG_PARAMS != (int)spec->kernel->nparams)
        return -1;
    for (int a = ARG_PARAMS; a < argc; a++) {
        const struct pb_param *param = &spec->kernel->params[a - ARG_PARAMS];
        size_t name_len = strlen(param->name);
        char message[PB_MESSAGE_MAX];
        if (strncmp(argv[a], param->name, name_len) != 0 || argv[a][name_len] != '=' ||
            params_parse(param, argv[a] + name_len + 1, &spec->values.v[a - ARG_PARAMS],
                         message) != 0)
            return -1;
    }
    return 0;
}

int cell_child_main(int argc, char **argv)
{
    struct cell_spec spec;
    int fd;
    if (spec_from_args(argc, argv, &spec, &fd) != 0) {
        fprintf(stderr, "parbench: %s: malformed arguments (internal use only)\n",
                CELL_INTERNAL_FLAG);
        return 2;
    }
    /* libgomp may have pinned this thread to one CPU at load time
     * (OMP_PROC_BIND); only the OpenMP variant wants that. A serial variant
     * under --bind runs where worker 0 would. */
    if (!spec.variant->openmp)
        platform_restore_startup_affinity();
    if (!spec.variant->parallel && spec.nbind_cpus > 0)
        platform_bind_cpu(spec.bind_cpus[0]);
    static struct cell_result result; /* too big for comfort on the stack */
    cell_measure(&spec, &result);
    return write_all(fd, &result, sizeof result) == 0 ? 0 : 3;
}

/* ---- In the parent ---------------------------------------------------------- */

/*
 * Reads the child's result until end of file. Returns 0 at end of file,
 * 1 on timeout, 2 when interrupted, -1 on a read error.
 */
static int collect(const struct cell_spec *spec, int fd, struct cell_result *result,
                   size_t *received)
{
    struct timer_instant start = timer_now();
    char *buf = (char *)result;
    for (;;) {
        if (spec->interrupted && *spec->interrupted)
            return 2;
        double left_s = spec->timeout_s - timer_elapsed_s(start, timer_now());
        if (left_s <= 0)
            return 1;
        /* Wake up at least every 100 ms to look at the interrupt flag. */
        int wait_ms = left_s > 0.1 ? 100 : (int)(left_s * 1000) + 1;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int ready = poll(&pfd, 1, wait_ms);
        if (ready < 0 && errno != EINTR)
            return -1;
        if (ready <= 0)
            continue;
        size_t room = sizeof *result - *received;
        ssize_t got = read(fd, buf + *received, room > 0 ? room : 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            return 0;
        if (room > 0)
            *received += (size_t)got;
    }
}

/* Waits for the child; retries when a signal interrupts the wait. */
static int reap(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return status;
}

/*
 * Reaps what is left of a killed cell: workers it had forked were orphaned
 * when it died and came to us (platform_adopt_orphans). They were all sent
 * SIGKILL with their process group; give them a moment to die.
 */
static void reap_strays(void)
{
    const struct timespec pause = {0, 10000000L}; /* 10 ms */
    for (int tries = 0; tries < 100; tries++) {
        pid_t got;
        while ((got = waitpid(-1, NULL, WNOHANG)) > 0)
            ;
        if (got < 0 && errno == ECHILD)
            return; /* no child left at all */
        nanosleep(&pause, NULL);
    }
}

/* Turns how the child ended into the cell's status, unless already decided. */
static void judge_exit(int status, size_t received, struct cell_result *result)
{
    char name[16];
    if (WIFSIGNALED(status))
        result_fail(result, CELL_FAILED, "the cell's process was killed by %s",
                    pool_signal_name(WTERMSIG(status), name, sizeof name));
    else if (WEXITSTATUS(status) == 127)
        result_fail(result, CELL_FAILED, "could not execute %s for the cell", "parbench");
    else if (WEXITSTATUS(status) != 0)
        result_fail(result, CELL_FAILED, "the cell's process exited with status %d",
                    WEXITSTATUS(status));
    else if (received != sizeof *result)
        result_fail(result, CELL_FAILED, "the cell's process sent an incomplete result");
}

/* "0,2,4", or "-" for none; returns the length written. */
static size_t format_cpu_list(char *buf, size_t size, const int *cpus, int count)
{
    size_t used = (size_t)snprintf(buf, size, "%s", count > 0 ? "" : "-");
    for (int i = 0; i < count && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%d", i ? "," : "", cpus[i]);
    return used;
}

/* The environment of the cell: ours, and for OpenMP under --bind the places
 * ("{0},{2},...") with OMP_PROC_BIND=close, so thread i runs on cpus[i].
 * Built before fork(): the child only execs. */
static char **child_environment(const struct cell_spec *spec, char *places, size_t size)
{
    extern char **environ;
    if (spec->nbind_cpus == 0 || !spec->variant->openmp)
        return environ;
    static char *env[4096];
    size_t count = 0;
    for (char **e = environ; *e && count < 4093; e++)
        if (strncmp(*e, "OMP_PLACES=", 11) != 0 && strncmp(*e, "OMP_PROC_BIND=", 14) != 0)
            env[count++] = *e;
    size_t used = (size_t)snprintf(places, size, "OMP_PLACES=");
    for (int i = 0; i < spec->nbind_cpus && used < size; i++)
        used += (size_t)snprintf(places + used, size - used, "%s{%d}", i ? "," : "",
                                 spec->bind_cpus[i]);
    env[count++] = places;
    env[count++] = (char *)"OMP_PROC_BIND=close";
    env[count] = NULL;
    return env;
}

/* The command line of the internal one-cell mode; strings live in `text`. */
static void build_child_args(const struct cell_spec *spec, int fd, char *text, size_t size,
                             char **args)
{
    int count = 0;
    size_t used = 0;
    args[count++] = (char *)spec->runner_path;
    args[count++] = (char *)CELL_INTERNAL_FLAG;
    const int numbers[] = {fd, 0, 0, spec->workers, spec->warmup, spec->repeat};
    for (int a = ARG_FD; a < ARG_PARAMS; a++) {
        char *slot = text + used;
        if (a == ARG_KERNEL || a == ARG_VARIANT)
            used += (size_t)snprintf(slot, size - used, "%s",
                                     a == ARG_KERNEL ? spec->kernel->name : spec->variant->name);
        else if (a == ARG_IMAGE)
            used += (size_t)snprintf(slot, size - used, "%s",
                                     spec->image_path ? spec->image_path : "-");
        else if (a == ARG_BIND)
            used += format_cpu_list(slot, size - used, spec->bind_cpus, spec->nbind_cpus);
        else
            used += (size_t)snprintf(slot, size - used, "%d", numbers[a - ARG_FD]);
        used++;
        args[count++] = slot;
    }
    for (size_t p = 0; p < spec->kernel->nparams; p++) {
        char *slot = text + used;
        const struct pb_param *param = &spec->kernel->params[p];
        int len = snprintf(slot, size - used, "%s=", param->name);
        params_format(param, spec->values.v[p], slot + len, size - used - (size_t)len);
        used += strlen(slot) + 1;
        args[count++] = slot;
    }
    args[count] = NULL;
    PB_CHECK(used < size);
}

/* Starts the child; returns its pid, or -1 with errno. */
static pid_t start_child(const struct cell_spec *spec, int read_fd, int write_fd)
{
    static char text[65536], places[65536];
    char *args[ARG_PARAMS + PB_MAX_PARAMS + 1];
    build_child_args(spec, write_fd, text, sizeof text, args);
    char **env = child_environment(spec, places, sizeof places);
    fflush(NULL); /* or the child would write our buffered output again */
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    /* Our own process group: the parent can kill us and our workers at once,
     * and Ctrl-C at the terminal goes to the parent alone, which decides. */
    setpgid(0, 0);
    close(read_fd);
    execve(spec->runner_path, args, env);
    _exit(127); /* exec failed; the parent reports the status */
}

void cell_run_isolated(const struct cell_spec *spec, struct cell_result *result)
{
    memset(result, 0, sizeof *result);
    result->value = result->reference = result->rel_error = result->bytes_moved = NAN;
    int fds[2];
    if (pipe(fds) != 0) {
        result_fail(result, CELL_FAILED, "pipe: %s", strerror(errno));
        return;
    }
    pid_t pid = start_child(spec, fds[0], fds[1]);
    if (pid < 0) {
        int saved = errno;
        close(fds[0]);
        close(fds[1]);
        result_fail(result, CELL_FAILED, "fork: %s", strerror(saved));
        return;
    }
    setpgid(pid, pid); /* also here: whichever of the two runs first */
    close(fds[1]);

    size_t received = 0;
    int collected = collect(spec, fds[0], result, &received);
    close(fds[0]);
    /* Kill the whole group before reaping its leader: this also ends any
     * worker the cell left behind, and the group id cannot be reused while
     * the leader is an unreaped zombie. */
    kill(-pid, SIGKILL);
    int status = reap(pid);
    reap_strays();

    if (collected == 1)
        result_fail(result, CELL_TIMEOUT, "no result after %g s: the cell's processes were killed",
                    spec->timeout_s);
    else if (collected == 2)
        result_fail(result, CELL_INTERRUPTED, "interrupted");
    else if (collected < 0)
        result_fail(result, CELL_FAILED, "reading the cell's result: %s", strerror(errno));
    else
        judge_exit(status, received, result);
}
