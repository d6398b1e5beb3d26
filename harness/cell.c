/* cell.c — a cell in a process of its own (see cell.h and cellproto.h). */
#include "cell.h"
#include "cellinternal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
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
#include "mpi_job.h"
#include "platform.h"
#include "png.h"
#include "timer.h"

/* Most calls in one sample: a kernel faster than 0.2 us per call is a bug. */
enum { MAX_CALLS = 1000000 };

/* ==== Inside the cell's process ============================================= */

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
    server->run.threads_per_rank = spec->threads_per_rank > 1 ? spec->threads_per_rank : 1;
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
    const bool mpi = spec->variant->mpi;
    struct pb_run *run = &server->run;
    if (mpi) /* the other ranks do the same sample with us (celljob_follow) */
        mpi_job_share(&(struct mpi_job_command){MPI_JOB_SAMPLE, calls});
    spec->kernel->prepare(server->state);
    exercise_reset();
    faults_before_run(spec);
    if (clocked)
        clock_meter_begin(&server->clock);
    if (mpi)
        mpi_job_barrier(); /* every rank is ready: the sample starts for all at once */
    enum pb_status status = PB_OK;
    struct timer_instant start = timer_now();
    for (int call = 0; call < calls && status == PB_OK; call++)
        status = spec->variant->run(server->state, run);
    struct timer_instant end = timer_now();
    if (status == PB_OK && spec->variant->collect) /* not timed: the answer to verify */
        status = spec->variant->collect(server->state, run);
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
        reply_fail(reply, status == PB_UNAVAILABLE ? CELL_UNAVAILABLE : CELL_FAILED, "%s",
                   run->message);
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
    if (server->spec.calls > 0) { /* calibrated before: one warm-up call */
        server->calls = server->spec.calls;
        return measure(server, 1, false, reply);
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
    int parts = spec->variant->parallel && !spec->variant->mpi ? spec->workers : 1;
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

/* Set up and start: every rank of an mpi cell does this. 0 when started;
 * on -1, server->state is NULL when setup itself failed. */
int cell_server_start(struct server *server, struct cell_reply *ready)
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
    /* Before start: counters opened now are inherited by its workers. Only
     * rank 0 of an mpi cell measures the clock (its own process). */
    if (spec->rank == 0)
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
        if (status == PB_UNAVAILABLE) {
            reply_fail(ready, CELL_UNAVAILABLE, "%s", server->run.message);
            return -1;
        }
        if (status != PB_OK) {
            reply_fail(ready, CELL_FAILED, "start-up failed: %s", server->run.message);
            return -1;
        }
    }
    return 0;
}

/* Set up, start, calibrate, warm up. 0 when ready for samples. */
static int server_ready(struct server *server, struct cell_reply *ready)
{
    const struct cell_spec *spec = &server->spec;
    if (cell_server_start(server, ready) != 0)
        return -1;
    ready->nodes = server->layout.nodes;
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
    if (spec->variant->mpi) /* the other ranks stop with us */
        mpi_job_share(&(struct mpi_job_command){MPI_JOB_STOP, 0});
    if (spec->variant->stop &&
        spec->variant->stop(server->state, &server->run) != PB_OK)
        reply_fail(bye, CELL_FAILED, "stopping the workers: %s", server->run.message);
    clock_meter_close(&server->clock);
    spec->kernel->teardown(server->state);
    int written = cellproto_write(server->channel, bye, sizeof *bye);
    if (spec->variant->mpi)
        mpi_job_finalize();
    return written;
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
        if (cellproto_write(server->channel, &reply, sizeof reply) != 0)
            return 3;
        if (failed) /* the parent kills and reaps what is left */
            return server->spec.variant->mpi ? celljob_wait_for_the_end(server) : 0;
    }
    return 0; /* the parent is gone: nothing to report to */
}

int cell_child_main(int argc, char **argv)
{
    static struct server server; /* the spec's strings point into argv */
    server.layout.nodes = 1;
    struct cell_channel channel;
    if (cellproto_decode(argc, argv, &server.spec, &channel) != 0 ||
        (!server.spec.variant->mpi && channel.fd < 0)) {
        fprintf(stderr, "parbench: %s: malformed arguments (internal use only)\n",
                CELL_INTERNAL_FLAG);
        return 2;
    }
    server.channel = channel.fd;
    /* libgomp may have pinned this thread to one CPU at load time
     * (OMP_PROC_BIND); only the OpenMP variant wants that. A serial variant
     * under --bind runs where worker 0 would. */
    if (!server.spec.variant->openmp)
        platform_restore_startup_affinity();
    if (!server.spec.variant->parallel && server.spec.nbind_cpus > 0)
        platform_bind_cpu(server.spec.bind_cpus[0]);
    if (server.spec.variant->mpi && celljob_join(&server, &channel) != 0)
        return 3;
    if (server.spec.rank > 0)
        return celljob_follow(&server);
    struct cell_reply ready;
    reply_init(&ready, REPLY_READY);
    int failed = server_ready(&server, &ready);
    if (cellproto_write(server.channel, &ready, sizeof ready) != 0)
        return 3;
    if (failed)
        return server.spec.variant->mpi ? celljob_wait_for_the_end(&server) : 0;
    return serve(&server);
}

/* ==== In parbench ============================================================= */

/*
 * Reaps what is left of a killed cell's process group: workers it had
 * forked were orphaned when it died and came to us (platform_adopt_orphans).
 * They were all sent SIGKILL with their group; give them a moment to die.
 * Only that group: the other cells of the kernel are our children too.
 */
void cell_reap_group(pid_t group)
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
 * status, or -1 if it could not be reaped. An mpi cell's launcher first
 * gets the chance to end its job (celljob_end). */
int cell_kill_and_reap(struct cell *cell, bool patient)
{
    if (cell->pid <= 0)
        return -1;
    if (cell->job)
        celljob_end(cell, patient);
    /* Kill the whole group before reaping its leader: this also ends any
     * worker the cell left behind, and the group id cannot be reused while
     * the leader is an unreaped zombie. */
    kill(-cell->pid, SIGKILL);
    int status;
    pid_t reaped = process_wait(cell->pid, &status);
    cell_reap_group(cell->pid);
    if (cell->job)
        celljob_end_ranks(cell);
    if (cell->channel >= 0)
        close(cell->channel);
    cell->pid = 0;
    cell->channel = -1;
    return reaped < 0 ? -1 : status;
}

/* The reply of a cell whose channel ended: how its process ended. */
static void describe_death(struct cell *cell, struct cell_reply *reply)
{
    const bool job = cell->job;
    struct cell copy = *cell;
    int status = cell_kill_and_reap(cell, true);
    char how[64];
    if (job)
        celljob_describe_end(&copy, status, reply);
    else if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
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
void cell_receive(struct cell *cell, enum cell_reply_kind kind, struct cell_reply *reply)
{
    reply_init(reply, kind);
    struct timer_instant start = timer_now();
    for (;;) {
        if (cell->interrupted && *cell->interrupted) {
            cell_kill_and_reap(cell, false);
            reply_fail(reply, CELL_INTERRUPTED, "interrupted");
            return;
        }
        double left_s = cell->timeout_s - timer_elapsed_s(start, timer_now());
        if (left_s <= 0) {
            cell_kill_and_reap(cell, false);
            reply_fail(reply, CELL_TIMEOUT, "no answer after %g s: the cell's processes were "
                       "killed", cell->timeout_s);
            return;
        }
        int wait_ms = left_s > 0.1 ? 100 : (int)(left_s * 1000) + 1;
        struct pollfd pfd = {.fd = cell->channel, .events = POLLIN};
        int ready = poll(&pfd, 1, wait_ms);
        if (ready < 0 && errno != EINTR) {
            int saved = errno;
            cell_kill_and_reap(cell, false);
            reply_fail(reply, CELL_FAILED, "waiting for the cell: %s", strerror(saved));
            return;
        }
        if (ready <= 0)
            continue;
        if (cellproto_read(cell->channel, reply, sizeof *reply) != 0 || reply->kind != (int)kind) {
            describe_death(cell, reply);
            return;
        }
        if (kind == REPLY_JOINED && reply->npids > 0 && reply->npids <= CELLPROTO_MAX_PIDS) {
            cell->npids = reply->npids; /* from now on, end_ranks can clean up */
            memcpy(cell->pids, reply->pids, (size_t)reply->npids * sizeof cell->pids[0]);
        }
        if (reply->status != CELL_OK)
            cell_kill_and_reap(cell, false);
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

/* In the forked child: become the cell (or its MPI launcher). Never
 * returns. keep_fd: the channel to pass on, or -1. */
static _Noreturn void exec_cell(pid_t parent, int keep_fd, int close_fd, char **args, char **env)
{
    /* Our own process group: parbench can kill us and our workers at once,
     * and Ctrl-C at the terminal goes to parbench alone, which decides. */
    if (setpgid(0, 0) != 0)
        _exit(126);
    process_die_with_parent(parent);
    close(close_fd);
    if (keep_fd >= 0 && fcntl(keep_fd, F_SETFD, 0) != 0) /* the channel must survive exec */
        _exit(126);
    if (keep_fd < 0) {
        /* A launcher would pass our terminal's input on to rank 0; nobody
         * reads it, and it belongs to parbench. */
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, STDIN_FILENO) < 0)
            _exit(126);
    }
    /* The program starts with the signal handling a shell would give it.
     * parbench ignores SIGPIPE and SIGXFSZ for itself, and an ignored
     * signal stays ignored across exec: an mpirun that inherited SIGXFSZ
     * ignored was seen waiting on ranks that had died of it. */
    signal(SIGPIPE, SIG_DFL);
    signal(SIGXFSZ, SIG_DFL);
    execve(args[0], args, env);
    _exit(127); /* exec failed; the parent reports the status */
}

/* Forks the cell's process (keep_fd and close_fd as exec_cell takes them):
 * 0, or -1 with the reason in *ready. */
int cell_start_process(struct cell *cell, char **args, char **env, int keep_fd, int close_fd,
                         struct cell_reply *ready)
{
    pid_t parent = getpid();
    fflush(NULL); /* or the child would write our buffered output again */
    pid_t pid = fork();
    if (pid == 0)
        exec_cell(parent, keep_fd, close_fd, args, env);
    if (pid < 0) {
        reply_fail(ready, CELL_FAILED, "fork: %s", strerror(errno));
        return -1;
    }
    /* Also here, whichever of the two runs first. EACCES: the child has
     * exec'd already, after doing it itself. */
    if (setpgid(pid, pid) != 0 && errno != EACCES && errno != ESRCH)
        fprintf(stderr, "parbench: warning: setpgid of a cell: %s\n", strerror(errno));
    cell->pid = pid;
    return 0;
}

void cell_open(struct cell *cell, const char *runner, const struct cell_spec *spec,
               double timeout_s, volatile sig_atomic_t *interrupted, struct cell_reply *ready)
{
    *cell = (struct cell){.pid = 0, .channel = -1, .timeout_s = timeout_s,
                          .interrupted = interrupted};
    reply_init(ready, REPLY_READY);
    if (spec->variant->mpi) {
        celljob_open(cell, runner, spec, ready);
        return;
    }
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        reply_fail(ready, CELL_FAILED, "socketpair: %s", strerror(errno));
        return;
    }
    static char text[65536], places[65536];
    char *args[CELLPROTO_MAX_ARGS];
    const struct cell_channel channel = {pair[1], NULL};
    cellproto_encode(runner, spec, &channel, text, sizeof text, args);
    char **env = child_environment(spec, places, sizeof places);
    int started = cell_start_process(cell, args, env, pair[1], pair[0], ready);
    close(pair[1]);
    if (started != 0) {
        close(pair[0]);
        return;
    }
    cell->channel = pair[0];
    cell_receive(cell, REPLY_READY, ready);
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
    cell_receive(cell, REPLY_SAMPLE, sample);
}

void cell_close(struct cell *cell, struct cell_reply *bye)
{
    reply_init(bye, REPLY_STOPPED);
    if (cell->pid <= 0)
        return;
    int command = CMD_STOP;
    if (cellproto_write(cell->channel, &command, sizeof command) == 0)
        cell_receive(cell, REPLY_STOPPED, bye);
    else
        describe_death(cell, bye);
    cell_kill_and_reap(cell, true); /* no-op when receive already did */
}
