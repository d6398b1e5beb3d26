/* cell.c — a cell in a process of its own (see cell.h and cellproto.h). */
#include "cell.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kernels/common/check.h"
#include "../kernels/common/exercise.h"
#include "../kernels/common/process.h"
#include "../kernels/common/shm.h"
#include "../kernels/common/team.h"
#include "clock.h"
#include "faults.h"
#include "platform.h"
#include "png.h"
#include "timer.h"

/* Most calls in one sample: a kernel faster than 0.2 us per call is a bug. */
enum { MAX_CALLS = 1000000 };

static void reply_fail(struct cell_reply *reply, enum cell_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void reply_fail(struct cell_reply *reply, enum cell_status status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(reply->message, sizeof reply->message, format, args);
    va_end(args);
    reply->status = status;
}

static void reply_init(struct cell_reply *reply, enum cell_reply_kind kind)
{
    memset(reply, 0, sizeof *reply);
    reply->kind = kind;
    reply->status = CELL_OK;
    reply->setup_s = reply->startup_s = reply->seconds = reply->ghz = NAN;
    reply->value = reply->reference = reply->rel_error = reply->bytes_moved = NAN;
}

/* ==== Inside the cell's process ============================================= */

struct server {
    struct cell_spec spec;
    void *state;
    struct pb_run run; /* one for the cell's whole life: start, runs, stop */
    struct clock_meter clock;
    int channel;
    int calls; /* per sample, once calibrated */
};

/*
 * Pinning a worker can fail (a CPU outside the cgroup's set, say); the run
 * then goes on unpinned and the cell says so. Workers may be forked
 * processes, so the tally lives in a page shared with them, mapped before
 * any worker exists. (pb_run.bind takes only the CPU: this is the one
 * place it can report to.)
 */
struct pin_tally {
    atomic_int failures;
    atomic_int first_cpu, first_errno;
};
static struct pin_tally *pin_tally;

/* pb_run.bind's type, for the platform's binding call. */
static void bind_to_cpu(int cpu)
{
    if (platform_bind_cpu(cpu) == 0 || !pin_tally)
        return;
    int error = errno;
    if (atomic_fetch_add(&pin_tally->failures, 1) == 0) {
        atomic_store(&pin_tally->first_cpu, cpu);
        atomic_store(&pin_tally->first_errno, error);
    }
}

/* The tally into a reply: a count, and the first failure in words. */
static void report_pins(struct cell_reply *reply)
{
    int failures = pin_tally ? atomic_load(&pin_tally->failures) : 0;
    reply->pin_failures = failures;
    if (failures > 0 && reply->message[0] == '\0')
        snprintf(reply->message, sizeof reply->message, "pinning failed %d time%s (CPU %d: %s); "
                 "those workers ran unpinned", failures, failures == 1 ? "" : "s",
                 atomic_load(&pin_tally->first_cpu),
                 strerror(atomic_load(&pin_tally->first_errno)));
}

static void server_init_run(struct server *server)
{
    const struct cell_spec *spec = &server->spec;
    const bool parallel = spec->variant->parallel;
    memset(&server->run, 0, sizeof server->run);
    server->run.workers = parallel ? spec->workers : 1;
    /* OpenMP binds its own threads (OMP_PLACES, set before the runtime
     * started); the team and the pool bind theirs through run.bind. */
    if (parallel && spec->nbind_cpus > 0 && !spec->variant->openmp) {
        server->run.bind = bind_to_cpu;
        server->run.bind_cpus = spec->bind_cpus;
        server->run.nbind_cpus = spec->nbind_cpus;
    }
}

/*
 * prepare, `calls` timed calls of run(), verify. Fills reply's status,
 * seconds per call, verdict and (when `clocked`) the effective clock.
 * Returns 0 when the answer was right.
 */
static int measure(struct server *server, int calls, bool clocked, struct cell_reply *reply)
{
    const struct cell_spec *spec = &server->spec;
    struct pb_run *run = &server->run;
    spec->kernel->prepare(server->state);
    exercise_reset();
    faults_before_run(spec);
    if (clocked)
        clock_meter_begin(&server->clock);
    enum pb_status status = PB_OK;
    struct timer_instant start = timer_now();
    for (int call = 0; call < calls && status == PB_OK; call++)
        status = spec->variant->run(server->state, run);
    struct timer_instant end = timer_now();
    if (clocked) {
        reply->ghz = clock_meter_end(&server->clock);
        snprintf(reply->clock_source, sizeof reply->clock_source, "%s",
                 clock_meter_source(&server->clock));
    }
    faults_after_run(spec, server->state);

    reply->workers_actual = spec->variant->parallel ? run->workers_actual : 1;
    const char *missing = exercise_missing_where();
    if (status == PB_NOT_IMPLEMENTED || missing) {
        reply_fail(reply, CELL_NOT_IMPLEMENTED, "not implemented: %s",
                   missing ? missing : spec->variant->name);
        return -1;
    }
    if (status != PB_OK) {
        reply_fail(reply, CELL_FAILED, "%s", run->message);
        return -1;
    }
    struct pb_verdict verdict = {.ok = false, .value = NAN, .reference = NAN, .rel_error = NAN};
    spec->kernel->verify(server->state, &verdict);
    reply->value = verdict.value;
    reply->reference = verdict.reference;
    reply->rel_error = verdict.rel_error;
    if (!verdict.ok) {
        reply_fail(reply, CELL_FAILED, "wrong answer: %s",
                   verdict.message[0] ? verdict.message : "verify said no");
        return -1;
    }
    reply->seconds = timer_elapsed_s(start, end) / calls;
    return 0;
}

/* Calls per sample: enough that a sample lasts min_sample_s. The first
 * call is a warm-up (cold caches, first touches); the second is timed. */
static int calibrate(struct server *server, struct cell_reply *reply)
{
    if (server->spec.calls > 0) {
        server->calls = server->spec.calls;
        return 0;
    }
    double target = server->spec.min_sample_s;
    if (measure(server, 1, false, reply) != 0)
        return -1;
    if (reply->seconds < target && measure(server, 1, false, reply) != 0)
        return -1;
    double calls = reply->seconds > 0 ? ceil(target / reply->seconds) : MAX_CALLS;
    server->calls = calls < 1 ? 1 : calls > MAX_CALLS ? MAX_CALLS : (int)calls;
    return 0;
}

/* The kernel's picture of a verified answer, if it has one and one is wanted. */
static void write_image(const struct server *server, struct cell_reply *ready)
{
    const struct cell_spec *spec = &server->spec;
    struct pb_image image;
    if (!spec->image_path || !spec->kernel->image || !spec->kernel->image(server->state, &image))
        return;
    char message[PB_MESSAGE_MAX];
    if (png_write_grey(spec->image_path, &image, message) == 0)
        ready->image_written = true;
    else
        snprintf(ready->message, sizeof ready->message, "image not written: %.200s", message);
}

/* One part of the kernel's first touch (kernel.h, place), on its thread. */
struct placement {
    const struct pb_kernel *kernel;
    void *state;
    int part, parts;
};

static void *place_part(void *arg)
{
    const struct placement *p = arg;
    p->kernel->place(p->state, p->part, p->parts);
    return NULL;
}

/* The kernel's first touch, split as the cell's workers will split the
 * work, each part from a thread pinned where that worker will run. */
static int place_memory(struct server *server)
{
    const struct cell_spec *spec = &server->spec;
    if (!spec->kernel->place)
        return 0;
    int parts = spec->variant->parallel ? spec->workers : 1;
    if (parts == 1) {
        spec->kernel->place(server->state, 0, 1);
        return 0;
    }
    struct placement *placements = calloc((size_t)parts, sizeof *placements);
    if (!placements)
        return -1;
    for (int i = 0; i < parts; i++)
        placements[i] = (struct placement){spec->kernel, server->state, i, parts};
    struct pb_run run = {.workers = parts};
    if (spec->nbind_cpus > 0) {
        run.bind = bind_to_cpu;
        run.bind_cpus = spec->bind_cpus;
        run.nbind_cpus = spec->nbind_cpus;
    }
    enum pb_status status = team_run(&run, place_part, placements, sizeof *placements);
    free(placements);
    return status == PB_OK ? 0 : -1;
}

/* Set up, start, calibrate, warm up. 0 when ready for samples. */
static int server_ready(struct server *server, struct cell_reply *ready)
{
    const struct cell_spec *spec = &server->spec;
    char message[PB_MESSAGE_MAX] = "";
    struct timer_instant t0 = timer_now();
    server->state = spec->kernel->setup(&spec->values, message);
    ready->setup_s = timer_elapsed_s(t0, timer_now());
    if (!server->state) {
        reply_fail(ready, CELL_FAILED, "setup failed: %s", message);
        return -1;
    }
    if (place_memory(server) != 0) {
        reply_fail(ready, CELL_FAILED, "placing the kernel's memory: out of threads or memory");
        return -1;
    }
    if (spec->kernel->bytes_moved)
        ready->bytes_moved = spec->kernel->bytes_moved(server->state);
    server_init_run(server);
    if (spec->nbind_cpus > 0 && !pin_tally)
        pin_tally = shm_alloc(sizeof *pin_tally); /* NULL: failures go unreported */
    exercise_reset(); /* maps the note's shared page before any worker is forked */
    /* Before start: counters opened now are inherited by its workers. */
    clock_meter_open(&server->clock, server->run.workers);
    if (spec->variant->start) {
        /* A variant that makes its workers in every run pays what a second
         * start costs (thread stacks already mapped, as in the runs): the
         * first one warms up, the second is timed. */
        enum pb_status status = PB_OK;
        if (spec->variant->workers_per_run)
            status = spec->variant->start(server->state, &server->run);
        struct timer_instant s0 = timer_now();
        if (status == PB_OK)
            status = spec->variant->start(server->state, &server->run);
        ready->startup_s = timer_elapsed_s(s0, timer_now());
        const char *missing = exercise_missing_where();
        if (status == PB_NOT_IMPLEMENTED || missing) {
            reply_fail(ready, CELL_NOT_IMPLEMENTED, "not implemented: %s",
                       missing ? missing : spec->variant->name);
            return -1;
        }
        if (status != PB_OK) {
            reply_fail(ready, CELL_FAILED, "start-up failed: %s", server->run.message);
            return -1;
        }
    }
    struct cell_reply sample;
    reply_init(&sample, REPLY_SAMPLE);
    int failed = calibrate(server, &sample);
    for (int w = 0; w < spec->warmup && !failed; w++)
        failed = measure(server, server->calls, false, &sample);
    ready->workers_actual = sample.workers_actual;
    if (failed) {
        ready->status = sample.status;
        memcpy(ready->message, sample.message, sizeof ready->message);
        return -1;
    }
    ready->calls = server->calls;
    write_image(server, ready);
    report_pins(ready);
    return 0;
}

static int server_stop(struct server *server, struct cell_reply *bye)
{
    const struct cell_spec *spec = &server->spec;
    if (spec->variant->stop &&
        spec->variant->stop(server->state, &server->run) != PB_OK)
        reply_fail(bye, CELL_FAILED, "stopping the workers: %s", server->run.message);
    clock_meter_close(&server->clock);
    spec->kernel->teardown(server->state);
    return cellproto_write(server->channel, bye, sizeof *bye);
}

/* Answers the parent's commands until CMD_STOP or the end of the channel. */
static int serve(struct server *server)
{
    int command;
    while (cellproto_read(server->channel, &command, sizeof command) == 0) {
        struct cell_reply reply;
        if (command == CMD_STOP) {
            reply_init(&reply, REPLY_STOPPED);
            return server_stop(server, &reply) == 0 ? 0 : 3;
        }
        reply_init(&reply, REPLY_SAMPLE);
        int failed = command != CMD_SAMPLE;
        if (failed)
            reply_fail(&reply, CELL_FAILED, "unknown command %d", command);
        else
            failed = measure(server, server->calls, true, &reply);
        if (!failed)
            report_pins(&reply);
        if (cellproto_write(server->channel, &reply, sizeof reply) != 0 || failed)
            return failed ? 0 : 3; /* the parent kills and reaps what is left */
    }
    return 0; /* the parent is gone: nothing to report to */
}

int cell_child_main(int argc, char **argv)
{
    static struct server server; /* the spec's strings point into argv */
    if (cellproto_decode(argc, argv, &server.spec, &server.channel) != 0) {
        fprintf(stderr, "parbench: %s: malformed arguments (internal use only)\n",
                CELL_INTERNAL_FLAG);
        return 2;
    }
    /* libgomp may have pinned this thread to one CPU at load time
     * (OMP_PROC_BIND); only the OpenMP variant wants that. A serial variant
     * under --bind runs where worker 0 would. */
    if (!server.spec.variant->openmp)
        platform_restore_startup_affinity();
    if (!server.spec.variant->parallel && server.spec.nbind_cpus > 0)
        platform_bind_cpu(server.spec.bind_cpus[0]);
    struct cell_reply ready;
    reply_init(&ready, REPLY_READY);
    int failed = server_ready(&server, &ready);
    if (cellproto_write(server.channel, &ready, sizeof ready) != 0)
        return 3;
    return failed ? 0 : serve(&server);
}

/* ==== In parbench ============================================================= */

/*
 * Reaps what is left of a killed cell's process group: workers it had
 * forked were orphaned when it died and came to us (platform_adopt_orphans).
 * They were all sent SIGKILL with their group; give them a moment to die.
 * Only that group: the other cells of the kernel are our children too.
 */
static void reap_strays(pid_t group)
{
    const struct timespec pause = {0, 10000000L}; /* 10 ms */
    for (int tries = 0; tries < 100; tries++) {
        pid_t got;
        while ((got = waitpid(-group, NULL, WNOHANG)) > 0)
            ;
        if (got < 0 && errno == ECHILD)
            return; /* nothing of that group is our child any more */
        nanosleep(&pause, NULL);
    }
}

/* Kills the cell's whole process group and reaps its leader: the wait
 * status, or -1 if it could not be reaped. */
static int kill_and_reap(struct cell *cell)
{
    if (cell->pid <= 0)
        return -1;
    /* Kill the whole group before reaping its leader: this also ends any
     * worker the cell left behind, and the group id cannot be reused while
     * the leader is an unreaped zombie. */
    kill(-cell->pid, SIGKILL);
    int status;
    pid_t reaped = process_wait(cell->pid, &status);
    reap_strays(cell->pid);
    close(cell->channel);
    cell->pid = 0;
    cell->channel = -1;
    return reaped < 0 ? -1 : status;
}

/* The reply of a cell whose channel ended: how its process ended. */
static void describe_death(struct cell *cell, struct cell_reply *reply)
{
    int status = kill_and_reap(cell);
    char how[64];
    if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
        reply_fail(reply, CELL_FAILED, "could not execute parbench for the cell");
    else if (status >= 0 && process_describe_end(status, how, sizeof how) != 0)
        reply_fail(reply, CELL_FAILED, "the cell's process %s", how);
    else
        reply_fail(reply, CELL_FAILED, "the cell's process ended without a result");
}

/*
 * Waits for the reply of `kind`, polling the interrupt flag every 100 ms.
 * Any status but CELL_OK leaves the cell killed and reaped.
 */
static void receive(struct cell *cell, enum cell_reply_kind kind, struct cell_reply *reply)
{
    reply_init(reply, kind);
    struct timer_instant start = timer_now();
    for (;;) {
        if (cell->interrupted && *cell->interrupted) {
            kill_and_reap(cell);
            reply_fail(reply, CELL_INTERRUPTED, "interrupted");
            return;
        }
        double left_s = cell->timeout_s - timer_elapsed_s(start, timer_now());
        if (left_s <= 0) {
            kill_and_reap(cell);
            reply_fail(reply, CELL_TIMEOUT, "no answer after %g s: the cell's processes were "
                       "killed", cell->timeout_s);
            return;
        }
        int wait_ms = left_s > 0.1 ? 100 : (int)(left_s * 1000) + 1;
        struct pollfd pfd = {.fd = cell->channel, .events = POLLIN};
        int ready = poll(&pfd, 1, wait_ms);
        if (ready < 0 && errno != EINTR) {
            int saved = errno;
            kill_and_reap(cell);
            reply_fail(reply, CELL_FAILED, "waiting for the cell: %s", strerror(saved));
            return;
        }
        if (ready <= 0)
            continue;
        if (cellproto_read(cell->channel, reply, sizeof *reply) != 0 || reply->kind != (int)kind) {
            describe_death(cell, reply);
            return;
        }
        if (reply->status != CELL_OK)
            kill_and_reap(cell);
        return;
    }
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
    for (char **e = environ; *e && count < ARRAY_SIZE(env) - 3; e++)
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

/* In the forked child: become the cell. Never returns. */
static _Noreturn void exec_cell(pid_t parent, int keep_fd, int close_fd, char **args, char **env)
{
    /* Our own process group: parbench can kill us and our workers at once,
     * and Ctrl-C at the terminal goes to parbench alone, which decides. */
    if (setpgid(0, 0) != 0)
        _exit(126);
    process_die_with_parent(parent);
    close(close_fd);
    if (fcntl(keep_fd, F_SETFD, 0) != 0) /* the channel must survive exec */
        _exit(126);
    execve(args[0], args, env);
    _exit(127); /* exec failed; the parent reports the status */
}

void cell_open(struct cell *cell, const char *runner, const struct cell_spec *spec,
               double timeout_s, volatile sig_atomic_t *interrupted, struct cell_reply *ready)
{
    *cell = (struct cell){.pid = 0, .channel = -1, .timeout_s = timeout_s,
                          .interrupted = interrupted};
    reply_init(ready, REPLY_READY);
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        reply_fail(ready, CELL_FAILED, "socketpair: %s", strerror(errno));
        return;
    }
    static char text[65536], places[65536];
    char *args[CELLPROTO_MAX_ARGS];
    cellproto_encode(runner, spec, pair[1], text, sizeof text, args);
    char **env = child_environment(spec, places, sizeof places);
    pid_t parent = getpid();
    fflush(NULL); /* or the child would write our buffered output again */
    pid_t pid = fork();
    if (pid == 0)
        exec_cell(parent, pair[1], pair[0], args, env);
    int saved = errno;
    close(pair[1]);
    if (pid < 0) {
        close(pair[0]);
        reply_fail(ready, CELL_FAILED, "fork: %s", strerror(saved));
        return;
    }
    /* Also here, whichever of the two runs first. EACCES: the child has
     * exec'd already, after doing it itself. */
    if (setpgid(pid, pid) != 0 && errno != EACCES && errno != ESRCH)
        fprintf(stderr, "parbench: warning: setpgid of a cell: %s\n", strerror(errno));
    cell->pid = pid;
    cell->channel = pair[0];
    receive(cell, REPLY_READY, ready);
}

void cell_sample(struct cell *cell, struct cell_reply *sample)
{
    int command = CMD_SAMPLE;
    if (cell->pid <= 0) {
        reply_init(sample, REPLY_SAMPLE);
        reply_fail(sample, CELL_FAILED, "the cell is not running");
        return;
    }
    if (cellproto_write(cell->channel, &command, sizeof command) != 0) {
        reply_init(sample, REPLY_SAMPLE);
        describe_death(cell, sample);
        return;
    }
    receive(cell, REPLY_SAMPLE, sample);
}

void cell_close(struct cell *cell, struct cell_reply *bye)
{
    reply_init(bye, REPLY_STOPPED);
    if (cell->pid <= 0)
        return;
    int command = CMD_STOP;
    if (cellproto_write(cell->channel, &command, sizeof command) == 0)
        receive(cell, REPLY_STOPPED, bye);
    else
        describe_death(cell, bye);
    kill_and_reap(cell); /* no-op when receive already did */
}
