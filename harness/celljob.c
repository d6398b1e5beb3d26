/*
 * celljob.c — an mpi cell: a job of ranks started by an MPI launcher (see
 * cell.h, cellproto.h, mpi_job.h and launcher.h).
 *
 * Inside the job every rank runs cell.c's server: rank 0 answers parbench
 * as any cell does, the other ranks follow it. In parbench, the cell's
 * process is the launcher; rank 0 connects back through a Unix socket, and
 * ending the cell means asking the launcher to end its job first.
 */
#include "cellinternal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kernels/common/check.h"
#include "../kernels/common/exercise.h"
#include "../kernels/common/process.h"
#include "faults.h"
#include "launcher.h"
#include "timer.h"

/* How long an MPI launcher gets to end its job by itself (after the job
 * said goodbye, or after SIGTERM) before its process group is killed:
 * mpirun takes about a second to stop its ranks and their daemons. */
static const double JOB_GRACE_S = 5.0;

/* ==== Inside the job ========================================================== */

/*
 * A rank other than 0: it has no channel to parbench, and does what rank 0
 * tells it (mpi_job_share), the same steps in the same order, so that the
 * variant's collective calls match up: a sample's prepare, calls and
 * collect, then at the end stop. A failure here cannot be reported but by
 * ending the whole job, which parbench then sees.
 */
int celljob_follow(struct server *server)
{
    const struct cell_spec *spec = &server->spec;
    struct pb_run *run = &server->run;
    struct cell_reply ready;
    reply_init(&ready, REPLY_READY);
    if (cell_server_start(server, &ready) != 0 && !server->state)
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
int celljob_join(struct server *server, const struct cell_channel *channel)
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
    /* A launcher and an MPI library that do not share a process-management
     * interface start N independent one-rank jobs (MPI "singletons"), each
     * of which would time the whole problem as rank 0 of 1: a wrong
     * speedup, not an error, unless it is caught here. */
    if (mpi_job_size() != server->spec.workers) {
        if (server->spec.rank == 0)
            fprintf(stderr, "parbench: mpi cell: the launcher started a job of %d rank(s) where "
                    "%d were asked for%s\n", mpi_job_size(), server->spec.workers,
                    mpi_job_size() == 1 ? " (each rank alone: the launcher does not speak this "
                    "MPI library's process interface; use the mpirun of the MPI parbench was "
                    "built with, or srun with the plugin it needs, e.g. --mpi-launcher "
                    "\"srun --mpi=pmix --ntasks={ranks} ...\")" : "");
        return -1;
    }
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

/* Rank 0 after a failure it has reported: stays until parbench ends the
 * job (or goes away), so the launcher does not first complain that rank 0
 * left without MPI_Finalize. */
int celljob_wait_for_the_end(const struct server *server)
{
    for (;;) {
        char byte;
        ssize_t got = read(server->channel, &byte, 1);
        if (got == 0 || (got < 0 && errno != EINTR))
            return 0; /* parbench closed the channel, or is gone */
    }
}

/* ==== In parbench ============================================================= */

/*
 * A launcher that ends (killed, or ending its job) may leave ranks behind:
 * under Open MPI each rank is in a process group of its own, out of reach
 * of a kill of the launcher's group, and a rank that outlives its launcher
 * comes to us, the subreaper. Those we know of (the ranks on this machine,
 * from rank 0's REPLY_JOINED) are killed with their process group and
 * reaped. Only our own children: a pid that is not ours was reaped by the
 * launcher and may belong to anybody now; one that is cannot be reused.
 */
void celljob_end_ranks(struct cell *cell)
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
            cell_reap_group(pid); /* anything the rank had started */
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
void celljob_end(const struct cell *cell, bool patient)
{
    if (patient && ended_within(cell->pid, JOB_GRACE_S))
        return;
    if (kill(cell->pid, SIGTERM) == 0)
        ended_within(cell->pid, JOB_GRACE_S);
}

/* How an MPI job ended, from its launcher's wait status. mpirun exits with
 * the status of the first rank that failed, SIGNALLED + N for a rank killed
 * by signal N (the shell's convention); 127: the launcher could not start. */
void celljob_describe_end(const struct cell *cell, int status, struct cell_reply *reply)
{
    enum { NOT_EXECUTED = 127, SIGNALLED = 128, LAST_SIGNAL = 64 };
    const int code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    char how[64], name[16];
    if (code == NOT_EXECUTED)
        reply_fail(reply, CELL_FAILED, "could not execute %s", cell->launcher);
    else if (code > SIGNALLED && code <= SIGNALLED + LAST_SIGNAL)
        reply_fail(reply, CELL_FAILED, "the MPI job ended: a rank was killed by %s (%s exited "
                   "with status %d; its message is above)",
                   process_signal_name(code - SIGNALLED, name, sizeof name), cell->launcher, code);
    else if (status >= 0 && process_describe_end(status, how, sizeof how) != 0)
        reply_fail(reply, CELL_FAILED, "the MPI job ended: %s %s (its message is above)",
                   cell->launcher, how);
    else
        reply_fail(reply, CELL_FAILED, "the MPI job ended without a result");
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
            cell_kill_and_reap(cell, false);
            reply_fail(ready, CELL_INTERRUPTED, "interrupted");
            return -1;
        }
        if (timer_elapsed_s(start, timer_now()) > cell->timeout_s) {
            cell_kill_and_reap(cell, false);
            reply_fail(ready, CELL_TIMEOUT, "rank 0 did not connect within %g s: the MPI job "
                       "was ended", cell->timeout_s);
            return -1;
        }
        if (ended_within(cell->pid, 0)) {
            struct cell copy = *cell;
            celljob_describe_end(&copy, cell_kill_and_reap(cell, true), ready);
            return -1;
        }
        struct pollfd pfd = {.fd = listener->fd, .events = POLLIN};
        int got = poll(&pfd, 1, 100 /* ms: the interrupt flag's latency */);
        if (got < 0 && errno != EINTR) {
            int saved = errno;
            cell_kill_and_reap(cell, false);
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

/*
 * MPI libraries write shared-memory files of megabytes as a job starts
 * (Open MPI: PMIx's store, the shared-memory transport's segments), and
 * under a smaller `ulimit -f` the job's processes die of SIGXFSZ. mpirun
 * catches that signal itself (to forward it to the ranks), and after its
 * ranks died of it was seen to end at once in some runs and to wait until
 * the cell's timeout in others. So a limit that small is refused before
 * launching: 64 MiB is far above what two ranks need (tests/mpi.sh runs
 * them under it). True, with the reason in *ready, when the limit is below.
 */
enum { MPI_MIN_FILE_SIZE = 64 << 20 };
static bool file_size_limit_refuses(struct cell_reply *ready)
{
    struct rlimit limit;
    if (getrlimit(RLIMIT_FSIZE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY ||
        limit.rlim_cur >= MPI_MIN_FILE_SIZE)
        return false;
    reply_fail(ready, CELL_FAILED, "the file-size limit (ulimit -f) is %llu KiB: an MPI job "
               "writes shared-memory files of megabytes as it starts, and its processes would "
               "die of SIGXFSZ; raise the limit (ulimit -f unlimited) to run the mpi cells",
               (unsigned long long)limit.rlim_cur / 1024);
    return true;
}

/* cell_open for an mpi cell: the launcher, with parbench as its program. */
void celljob_open(struct cell *cell, const char *runner, const struct cell_spec *spec,
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
    if (file_size_limit_refuses(ready))
        return;
    struct listener listener;
    if (listener_open(&listener, ready) != 0)
        return;
    static char words_text[2 * LAUNCHER_TEXT], text[65536];
    char *args[LAUNCHER_MAX_WORDS + CELLPROTO_MAX_ARGS + 1];
    int nwords = launcher_words(launcher, spec->workers, words_text, sizeof words_text, args);
    PB_CHECK(nwords > 0); /* launcher_prepare tried these words already */
    const struct cell_channel channel = {-1, listener.path};
    cellproto_encode(runner, spec, &channel, text, sizeof text, args + nwords);
    const char *slash = strrchr(args[0], '/'); /* its name, for messages */
    snprintf(cell->launcher, sizeof cell->launcher, "%s", slash ? slash + 1 : args[0]);
    cell->job = true;
    extern char **environ;
    struct timer_instant launched = timer_now();
    if (cell_start_process(cell, args, environ, -1, listener.fd, ready) != 0) {
        listener_close(&listener);
        return;
    }
    cell->channel = accept_rank0(cell, &listener, ready);
    listener_close(&listener);
    if (cell->channel < 0)
        return;
    struct cell_reply joined;
    cell_receive(cell, REPLY_JOINED, &joined);
    if (joined.status != CELL_OK) {
        *ready = joined;
        ready->kind = REPLY_READY;
        return;
    }
    double launch_s = timer_elapsed_s(launched, timer_now());
    cell_receive(cell, REPLY_READY, ready);
    /* The job's start-up: launching the ranks and MPI_Init (until rank 0
     * connected), then the variant's own start(). */
    if (ready->status == CELL_OK)
        ready->startup_s = launch_s + (isfinite(ready->startup_s) ? ready->startup_s : 0.0);
}

