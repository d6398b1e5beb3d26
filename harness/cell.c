/* cell.c — a cell in a process of its own (see cell.h and cellproto.h). */
#include "cell.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kernels/common/check.h"
#include "../kernels/common/exercise.h"
#include "../kernels/common/process.h"
#include "clock.h"
#include "faults.h"
#include "launcher.h"
#include "mpi_job.h"
#include "platform.h"
#include "png.h"
#include "timer.h"

/* Most calls in one sample: a kernel faster than 0.2 us per call is a bug. */
enum { MAX_CALLS = 1000000 };

/* How long an MPI launcher gets to end its job by itself (after the job
 * said goodbye, or after SIGTERM) before its process group is killed:
 * mpirun takes about a second to stop its ranks and their daemons. */
static const double JOB_GRACE_S = 5.0;

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
    int channel; /* -1 in the ranks of an mpi cell other than 0 */
    int calls; /* per sample, once calibrated */
    struct mpi_job_layout layout; /* mpi: where the job's ranks run */
};

/* pb_run.bind's type, for the platform's binding call. */
static void bind_to_cpu(int cpu)
{
    platform_bind_cpu(cpu);
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
    if (mpi) /* the other ranks do the same sample with us (follow) */
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

/* Set up and start: every rank of an mpi cell does this. 0 when started;
 * on -1, server->state is NULL when setup itself failed. */
static int server_start(struct server *server, struct cell_reply *ready)
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
    if (spec->kernel->bytes_moved)
        ready->bytes_moved = spec->kernel->bytes_moved(server->state);
    server_init_run(server);
    exercise_reset(); /* maps the note's shared page before any worker is forked */
    /* Before start: counters opened now are inherited by its workers. Only
     * rank 0 of an mpi cell measures the clock (its own process). */
    if (spec->rank == 0)
        clock_meter_open(&server->clock, server->run.workers);
    if (spec->variant->start) {
        struct timer_instant s0 = timer_now();
        enum pb_status status = spec->variant->start(server->state, &server->run);
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
    if (server_start(server, ready) != 0)
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

/* Rank 0 after a failure it has reported: stays until parbench ends the
 * job (or goes away), so the launcher does not first complain that rank 0
 * left without MPI_Finalize. */
static int wait_for_the_end(const struct server *server)
{
    char byte;
    while (read(server->channel, &byte, 1) > 0 || errno == EINTR)
        ;
    return 0;
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
        if (cellproto_write(server->channel, &reply, sizeof reply) != 0)
            return 3;
        if (failed) /* the parent kills and reaps what is left */
            return server->spec.variant->mpi ? wait_for_the_end(server) : 0;
    }
    return 0; /* the parent is gone: nothing to report to */
}

/* ---- The ranks of an mpi cell ---- */

/*
 * A rank other than 0: it has no channel to parbench, and does what rank 0
 * tells it (mpi_job_share), the same steps in the same order, so that the
 * variant's collective calls match up: a sample's prepare, calls and
 * collect, then at the end stop. A failure here cannot be reported but by
 * ending the whole job, which parbench then sees.
 */
static int follow(struct server *server)
{
    const struct cell_spec *spec = &server->spec;
    struct pb_run *run = &server->run;
    struct cell_reply ready;
    reply_init(&ready, REPLY_READY);
    if (server_start(server, &ready) != 0 && !server->state)
        mpi_job_abort(ready.message); /* rank 0 would wait for us in start */
    /* A failed start is collective (every rank learns of it): rank 0
     * reports it, and parbench ends the job. */
    for (;;) {
        struct mpi_job_command command = {0, 0};
        mpi_job_share(&command);
        if (command.kind != MPI_JOB_SAMPLE)
            break;
        spec->kernel->prepare(server->state);
        exercise_reset();
        faults_before_run(spec);
        mpi_job_barrier();
        enum pb_status status = PB_OK;
        for (int call = 0; call < command.calls && status == PB_OK; call++)
            status = spec->variant->run(server->state, run);
        if (status == PB_OK && spec->variant->collect)
            status = spec->variant->collect(server->state, run);
        if (status == PB_FAILED)
            mpi_job_abort(run->message);
    }
    if (spec->variant->stop && spec->variant->stop(server->state, run) == PB_FAILED)
        mpi_job_abort(run->message);
    spec->kernel->teardown(server->state);
    mpi_job_finalize();
    return 0;
}

/* Connects rank 0 to parbench's socket: the descriptor, or -1. */
static int connect_to_parbench(const char *path)
{
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(address.sun_path, path, strlen(path) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (const struct sockaddr *)&address, sizeof address) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* MPI_Init in every rank; rank 0 then connects to parbench. 0, or -1
 * after saying why on stderr (the launcher ends the job, parbench sees it). */
static int join_job(struct server *server, const struct cell_channel *channel)
{
    char message[256];
    if (!channel->unix_path) {
        fprintf(stderr, "parbench: %s: an mpi cell needs a unix: channel\n", CELL_INTERNAL_FLAG);
        return -1;
    }
    if (mpi_job_init(server->spec.threads_per_rank, message) != 0) {
        fprintf(stderr, "parbench: mpi cell: %s\n", message);
        return -1;
    }
    server->spec.rank = mpi_job_rank();
    mpi_job_layout(&server->layout);
    server->channel = -1;
    if (server->spec.rank != 0)
        return 0;
    server->channel = connect_to_parbench(channel->unix_path);
    if (server->channel < 0) {
        fprintf(stderr, "parbench: rank 0 cannot connect to %s: %s (rank 0 must run on "
                "parbench's own machine)\n", channel->unix_path, strerror(errno));
        return -1;
    }
    /* First of all, where the ranks are: parbench can then clean up after
     * them whatever happens next. */
    struct cell_reply joined;
    reply_init(&joined, REPLY_JOINED);
    joined.nodes = server->layout.nodes;
    joined.npids = server->layout.npids;
    memcpy(joined.pids, server->layout.pids, sizeof joined.pids);
    return cellproto_write(server->channel, &joined, sizeof joined);
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
    if (server.spec.variant->mpi && join_job(&server, &channel) != 0)
        return 3;
    if (server.spec.rank > 0)
        return follow(&server);
    struct cell_reply ready;
    reply_init(&ready, REPLY_READY);
    int failed = server_ready(&server, &ready);
    if (cellproto_write(server.channel, &ready, sizeof ready) != 0)
        return 3;
    if (failed)
        return server.spec.variant->mpi ? wait_for_the_end(&server) : 0;
    return serve(&server);
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

/*
 * A launcher that ends (killed, or ending its job) may leave ranks behind:
 * under Open MPI each rank is in a process group of its own, out of reach
 * of a kill of the launcher's group, and a rank that outlives its launcher
 * comes to us, the subreaper. Those we know of (the ranks on this machine,
 * from rank 0's READY) are killed with their process group and reaped.
 * Only our own children: a pid that is not ours was reaped by the launcher
 * and may belong to anybody now; one that is cannot have been reused.
 */
static void end_ranks(struct cell *cell)
{
    for (int i = 0; i < cell->npids; i++) {
        pid_t pid = cell->pids[i];
        siginfo_t info;
        if (pid <= 0 || waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
            continue; /* not our child */
        bool own_group = getpgid(pid) == pid;
        kill(own_group ? -pid : pid, SIGKILL);
        int status;
        process_wait(pid, &status);
        if (own_group)
            reap_strays(pid); /* anything the rank had started */
    }
    cell->npids = 0;
}

/* Whether process `pid` (our child) has ended within `seconds`, without
 * reaping it: its process group id stays reserved until we do. */
static bool ended_within(pid_t pid, double seconds)
{
    const struct timespec pause = {0, 10000000L}; /* 10 ms */
    struct timer_instant start = timer_now();
    for (;;) {
        siginfo_t info;
        memset(&info, 0, sizeof info);
        int got = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT);
        if (got < 0 && errno != EINTR)
            return true; /* not our child any more: nothing to wait for */
        if (got == 0 && info.si_pid == pid)
            return true;
        if (timer_elapsed_s(start, timer_now()) >= seconds)
            return false;
        nanosleep(&pause, NULL);
    }
}

/*
 * An MPI launcher must end its job itself: its ranks may be in process
 * groups of their own (Open MPI puts each rank in one) or on other nodes,
 * out of reach of a kill of the launcher's group. Asked with SIGTERM,
 * mpirun and srun stop every rank and their daemons, then exit. `patient`:
 * first give it the time to end by itself (after the job said goodbye, or
 * after a rank died and the launcher is already ending the job).
 */
static void end_job(const struct cell *cell, bool patient)
{
    if (patient && ended_within(cell->pid, JOB_GRACE_S))
        return;
    if (kill(cell->pid, SIGTERM) == 0)
        ended_within(cell->pid, JOB_GRACE_S);
}

/* Kills the cell's whole process group and reaps its leader: the wait
 * status, or -1 if it could not be reaped. An mpi cell's launcher first
 * gets the chance to end its job (end_job). */
static int kill_and_reap(struct cell *cell, bool patient)
{
    if (cell->pid <= 0)
        return -1;
    if (cell->job)
        end_job(cell, patient);
    /* Kill the whole group before reaping its leader: this also ends any
     * worker the cell left behind, and the group id cannot be reused while
     * the leader is an unreaped zombie. */
    kill(-cell->pid, SIGKILL);
    int status;
    pid_t reaped = process_wait(cell->pid, &status);
    reap_strays(cell->pid);
    if (cell->job)
        end_ranks(cell);
    if (cell->channel >= 0)
        close(cell->channel);
    cell->pid = 0;
    cell->channel = -1;
    return reaped < 0 ? -1 : status;
}

/* How an MPI job ended, from its launcher's wait status. mpirun exits with
 * the status of the first rank that failed, 128 + N for a rank killed by
 * signal N (the shell's convention). */
static void describe_job_end(const struct cell *cell, int status, struct cell_reply *reply)
{
    char how[64], name[16];
    if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
        reply_fail(reply, CELL_FAILED, "could not execute %s", cell->launcher);
    else if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) > 128 &&
             WEXITSTATUS(status) < 128 + 65)
        reply_fail(reply, CELL_FAILED, "the MPI job ended: a rank was killed by %s (%s exited "
                   "with status %d; its message is above)",
                   process_signal_name(WEXITSTATUS(status) - 128, name, sizeof name),
                   cell->launcher, WEXITSTATUS(status));
    else if (status >= 0 && process_describe_end(status, how, sizeof how) != 0)
        reply_fail(reply, CELL_FAILED, "the MPI job ended: %s %s (its message is above)",
                   cell->launcher, how);
    else
        reply_fail(reply, CELL_FAILED, "the MPI job ended without a result");
}

/* The reply of a cell whose channel ended: how its process ended. */
static void describe_death(struct cell *cell, struct cell_reply *reply)
{
    const bool job = cell->job;
    struct cell copy = *cell;
    int status = kill_and_reap(cell, true);
    char how[64];
    if (job)
        describe_job_end(&copy, status, reply);
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
static void receive(struct cell *cell, enum cell_reply_kind kind, struct cell_reply *reply)
{
    reply_init(reply, kind);
    struct timer_instant start = timer_now();
    for (;;) {
        if (cell->interrupted && *cell->interrupted) {
            kill_and_reap(cell, false);
            reply_fail(reply, CELL_INTERRUPTED, "interrupted");
            return;
        }
        double left_s = cell->timeout_s - timer_elapsed_s(start, timer_now());
        if (left_s <= 0) {
            kill_and_reap(cell, false);
            reply_fail(reply, CELL_TIMEOUT, "no answer after %g s: the cell's processes were "
                       "killed", cell->timeout_s);
            return;
        }
        int wait_ms = left_s > 0.1 ? 100 : (int)(left_s * 1000) + 1;
        struct pollfd pfd = {.fd = cell->channel, .events = POLLIN};
        int ready = poll(&pfd, 1, wait_ms);
        if (ready < 0 && errno != EINTR) {
            int saved = errno;
            kill_and_reap(cell, false);
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
            kill_and_reap(cell, false);
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
    execve(args[0], args, env);
    _exit(127); /* exec failed; the parent reports the status */
}

/* Forks the cell's process (keep_fd and close_fd as exec_cell takes them):
 * 0, or -1 with the reason in *ready. */
static int start_process(struct cell *cell, char **args, char **env, int keep_fd, int close_fd,
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

/* ---- An mpi cell: a launcher, and a socket for rank 0 ---- */

/* A listening Unix socket in a folder of its own, which only we can enter. */
struct listener {
    int fd;
    char dir[64];
    char path[CELLPROTO_MAX_PATH];
};

static void listener_close(struct listener *listener)
{
    if (listener->fd >= 0)
        close(listener->fd);
    unlink(listener->path);
    rmdir(listener->dir);
}

/* 0, or -1 with the reason in *ready. */
static int listener_open(struct listener *listener, struct cell_reply *ready)
{
    enum { TMPDIR_MAX = 40 }; /* leaves room for the rest of a socket's path */
    const char *tmp = getenv("TMPDIR");
    if (!tmp || tmp[0] != '/' || strlen(tmp) > TMPDIR_MAX)
        tmp = "/tmp";
    listener->fd = -1;
    snprintf(listener->dir, sizeof listener->dir, "%s/parbench-XXXXXX", tmp);
    snprintf(listener->path, sizeof listener->path, "%s", "");
    if (!mkdtemp(listener->dir)) { /* mode 0700: no other user can connect */
        reply_fail(ready, CELL_FAILED, "mkdtemp %s: %s", listener->dir, strerror(errno));
        return -1;
    }
    snprintf(listener->path, sizeof listener->path, "%s/rank0", listener->dir);
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    memcpy(address.sun_path, listener->path, strlen(listener->path) + 1);
    listener->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener->fd < 0 ||
        bind(listener->fd, (const struct sockaddr *)&address, sizeof address) != 0 ||
        listen(listener->fd, 1) != 0) {
        int saved = errno;
        listener_close(listener);
        reply_fail(ready, CELL_FAILED, "a socket for rank 0: %s", strerror(saved));
        return -1;
    }
    return 0;
}

/*
 * Waits for rank 0 to connect: it does once every rank has passed
 * MPI_Init. The connection, or -1 with the reason in *ready (the job then
 * killed): a launcher that ended first, the timeout, an interrupt.
 */
static int accept_rank0(struct cell *cell, const struct listener *listener,
                        struct cell_reply *ready)
{
    struct timer_instant start = timer_now();
    for (;;) {
        if (cell->interrupted && *cell->interrupted) {
            kill_and_reap(cell, false);
            reply_fail(ready, CELL_INTERRUPTED, "interrupted");
            return -1;
        }
        if (timer_elapsed_s(start, timer_now()) > cell->timeout_s) {
            kill_and_reap(cell, false);
            reply_fail(ready, CELL_TIMEOUT, "rank 0 did not connect within %g s: the MPI job "
                       "was ended", cell->timeout_s);
            return -1;
        }
        if (ended_within(cell->pid, 0)) {
            struct cell copy = *cell;
            describe_job_end(&copy, kill_and_reap(cell, true), ready);
            return -1;
        }
        struct pollfd pfd = {.fd = listener->fd, .events = POLLIN};
        int got = poll(&pfd, 1, 100 /* ms: the interrupt flag's latency */);
        if (got < 0 && errno != EINTR) {
            int saved = errno;
            kill_and_reap(cell, false);
            reply_fail(ready, CELL_FAILED, "waiting for rank 0: %s", strerror(saved));
            return -1;
        }
        if (got > 0) {
            int fd = accept(listener->fd, NULL, NULL);
            if (fd >= 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0)
                return fd;
            if (fd >= 0)
                close(fd);
        }
    }
}

/* cell_open for an mpi cell: the launcher, with parbench as its program. */
static void open_job(struct cell *cell, const char *runner, const struct cell_spec *spec,
                     struct cell_reply *ready)
{
    const struct launcher *launcher = spec->launcher;
    if (!mpi_job_available() || !launcher || !launcher->available) {
        reply_fail(ready, CELL_UNAVAILABLE, "%s",
                   launcher && launcher->unavailable[0] ? launcher->unavailable
                   : mpi_job_missing()                 ? mpi_job_missing()
                                                       : "no MPI launcher was prepared");
        return;
    }
    struct listener listener;
    if (listener_open(&listener, ready) != 0)
        return;
    static char words_text[2 * LAUNCHER_TEXT], text[65536];
    char *args[LAUNCHER_MAX_WORDS + CELLPROTO_MAX_ARGS + 1];
    int nwords = launcher_words(launcher, spec->workers, words_text, sizeof words_text, args);
    PB_CHECK(nwords > 0); /* launcher_prepare tried these words already */
    const struct cell_channel channel = {-1, listener.path};
    cellproto_encode(runner, spec, &channel, text, sizeof text, args + nwords);
    snprintf(cell->launcher, sizeof cell->launcher, "%s", launcher->kind);
    cell->job = true;
    extern char **environ;
    struct timer_instant launched = timer_now();
    if (start_process(cell, args, environ, -1, listener.fd, ready) != 0) {
        listener_close(&listener);
        return;
    }
    cell->channel = accept_rank0(cell, &listener, ready);
    listener_close(&listener);
    if (cell->channel < 0)
        return;
    struct cell_reply joined;
    receive(cell, REPLY_JOINED, &joined);
    if (joined.status != CELL_OK) {
        *ready = joined;
        ready->kind = REPLY_READY;
        return;
    }
    double launch_s = timer_elapsed_s(launched, timer_now());
    receive(cell, REPLY_READY, ready);
    /* The job's start-up: launching the ranks and MPI_Init (until rank 0
     * connected), then the variant's own start(). */
    if (ready->status == CELL_OK)
        ready->startup_s = launch_s + (isfinite(ready->startup_s) ? ready->startup_s : 0.0);
}

void cell_open(struct cell *cell, const char *runner, const struct cell_spec *spec,
               double timeout_s, volatile sig_atomic_t *interrupted, struct cell_reply *ready)
{
    *cell = (struct cell){.pid = 0, .channel = -1, .timeout_s = timeout_s,
                          .interrupted = interrupted};
    reply_init(ready, REPLY_READY);
    if (spec->variant->mpi) {
        open_job(cell, runner, spec, ready);
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
    int started = start_process(cell, args, env, pair[1], pair[0], ready);
    close(pair[1]);
    if (started != 0) {
        close(pair[0]);
        return;
    }
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
    kill_and_reap(cell, true); /* no-op when receive already did */
}
