/*
 * cellproto.h — how parbench talks to a cell process: the cell's command
 * line, and the messages on the channel between them. Encoded and decoded
 * here, in one place, by the same binary at both ends (parbench re-executes
 * itself for every cell), so the messages are plain structs.
 *
 * The conversation:
 *
 *     parbench                              cell (parbench --internal-cell ...)
 *        <------------------- REPLY_JOINED  (mpi cells only: every rank has
 *                                           passed MPI_Init; where they run)
 *                                           setup, start (timed: startup_s),
 *                                           calibrate calls per sample, warm up
 *        <------------------- REPLY_READY
 *     CMD_SAMPLE ------------------>        prepare, k calls (timed), verify
 *        <------------------- REPLY_SAMPLE
 *     ... once per round ...
 *     CMD_STOP -------------------->        stop, teardown
 *        <------------------- REPLY_STOPPED
 *
 * A cell that fails says so in its reply and waits for CMD_STOP; a cell
 * that dies or hangs is noticed by the channel's end-of-file or a timeout.
 *
 * The channel is a stream socket. For most cells it is one end of a socket
 * pair, inherited across exec ("fd:N" on the command line). An mpi cell is
 * started by an MPI launcher, which does not pass inherited descriptors on
 * to the ranks it starts: parbench listens on a Unix socket instead
 * ("unix:/path"), and rank 0 connects to it once every rank has passed
 * MPI_Init. Rank 0 then answers exactly like any other cell; the other
 * ranks follow rank 0 (mpi_job.h).
 */
#ifndef PARBENCH_CELLPROTO_H
#define PARBENCH_CELLPROTO_H

#include <stdbool.h>
#include <stddef.h>

#include "../kernels/kernel.h"
#include "cli.h"

struct launcher;

/* The first argument that selects the internal one-cell mode. */
#define CELL_INTERNAL_FLAG "--internal-cell"

enum cell_status {
    CELL_OK,
    CELL_FAILED,          /* crashed, could not run, or a wrong answer */
    CELL_TIMEOUT,         /* killed after the timeout */
    CELL_NOT_IMPLEMENTED, /* an exercise stub */
    CELL_INTERRUPTED,     /* the user stopped the run: not a result */
    CELL_UNAVAILABLE,     /* this build or machine cannot run it (no MPI): not a failure */
};

/* "OK", "FAILED", "TIMEOUT", "NOT_IMPLEMENTED", "INTERRUPTED", "UNAVAILABLE" */
const char *cell_status_name(enum cell_status status);

enum {
    CELLPROTO_MAX_ARGS = 16 + PB_MAX_PARAMS,
    CELLPROTO_MAX_PIDS = 256, /* mpi_job.h's MPI_JOB_MAX_PIDS */
    CELLPROTO_MAX_PATH = 104, /* a Unix socket's path with its NUL: macOS's limit, Linux's is 108 */
};

/* What one cell runs: everything its process needs to know. */
struct cell_spec {
    const struct pb_kernel *kernel;
    const struct pb_variant *variant;
    struct pb_values values;
    int workers;         /* requested; 1 for serial variants */
    int warmup;          /* untimed samples after calibration */
    int calls;           /* calls per sample; 0: calibrate to min_sample_s */
    double min_sample_s; /* calibration target: a sample lasts at least this */
    const char *image_path; /* where to write the kernel's image, if it has one; or NULL */
    const int *bind_cpus;   /* --bind: worker i on bind_cpus[i]; NULL: no binding */
    int nbind_cpus;
    int threads_per_rank;   /* mpi: OpenMP threads in each rank (0 reads as 1) */
    /* In parbench, mpi cells: how to launch them (launcher.h). Not encoded:
     * the cell's own processes never need it. */
    const struct launcher *launcher;
    int rank; /* in the cell's processes: its MPI rank (0 when not an mpi cell) */
};

/* Where the cell's end of the channel is: an inherited descriptor, or the
 * path of a Unix socket to connect to. */
struct cell_channel {
    int fd;                /* >= 0, or -1 for a socket path */
    const char *unix_path; /* NULL, or the path */
};

enum cell_command { CMD_SAMPLE = 1, CMD_STOP };
enum cell_reply_kind { REPLY_READY = 1, REPLY_SAMPLE, REPLY_STOPPED, REPLY_JOINED };

/* Every reply has this shape; which fields mean something depends on kind. */
struct cell_reply {
    int kind;           /* enum cell_reply_kind */
    int status;         /* enum cell_status */
    int workers_actual; /* READY, SAMPLE */
    int calls;          /* READY: calls per sample, calibrated */
    double setup_s;     /* READY: setup(), not timed for results */
    double startup_s;   /* READY: variant start() (NAN when it has none) */
    double seconds;     /* SAMPLE: wall-clock seconds per call */
    double ghz;         /* SAMPLE: effective clock during the sample (NAN if unknown) */
    char clock_source[16]; /* SAMPLE: "cycles", "probe" or "" */
    double value, reference, rel_error; /* SAMPLE: the verdict */
    double bytes_moved; /* READY: per call; NAN when the kernel has no such figure */
    bool image_written; /* READY: the image went to spec->image_path */
    int pin_failures;   /* READY, SAMPLE: workers that could not be pinned (--bind) so far */
    int nodes;          /* JOINED, READY: the machines the job's ranks run on */
    int npids;          /* JOINED: the ranks on parbench's machine... */
    int pids[CELLPROTO_MAX_PIDS]; /* ...their process ids, for reaping (cell.c) */
    char message[PB_MESSAGE_MAX];
};

/*
 * The cell's command line: argv[0] = runner, argv[1] = CELL_INTERNAL_FLAG,
 * then the channel ("fd:N" or "unix:PATH") and the spec. Strings live in
 * `text` (size bytes); args needs CELLPROTO_MAX_ARGS slots.
 */
void cellproto_encode(const char *runner, const struct cell_spec *spec,
                      const struct cell_channel *channel, char *text, size_t size, char **args);

/* The inverse: 0, or -1 when the arguments are not what encode writes.
 * Strings point into argv; bind CPUs into a static array. */
int cellproto_decode(int argc, char **argv, struct cell_spec *spec, struct cell_channel *channel);

/* Whole structs on a stream, retried after partial transfers and
 * interruptions: 0, or -1 (errno set; 0 bytes at end-of-file: errno 0). */
int cellproto_write(int fd, const void *buf, size_t size);
int cellproto_read(int fd, void *buf, size_t size);

#endif
