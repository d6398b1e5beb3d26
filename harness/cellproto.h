/*
 * cellproto.h — how parbench talks to a cell process: the cell's command
 * line, and the messages on the channel between them. Encoded and decoded
 * here, in one place, by the same binary at both ends (parbench re-executes
 * itself for every cell), so the messages are plain structs.
 *
 * The conversation:
 *
 *     parbench                              cell (parbench --internal-cell ...)
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
 */
#ifndef PARBENCH_CELLPROTO_H
#define PARBENCH_CELLPROTO_H

#include <stdbool.h>
#include <stddef.h>

#include "../kernels/kernel.h"
#include "cli.h"

/* The first argument that selects the internal one-cell mode. */
#define CELL_INTERNAL_FLAG "--internal-cell"

enum cell_status {
    CELL_OK,
    CELL_FAILED,          /* crashed, could not run, or a wrong answer */
    CELL_TIMEOUT,         /* killed after the timeout */
    CELL_NOT_IMPLEMENTED, /* an exercise stub */
    CELL_INTERRUPTED,     /* the user stopped the run: not a result */
};

/* "OK", "FAILED", "TIMEOUT", "NOT_IMPLEMENTED", "INTERRUPTED" */
const char *cell_status_name(enum cell_status status);

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
};

enum cell_command { CMD_SAMPLE = 1, CMD_STOP };
enum cell_reply_kind { REPLY_READY = 1, REPLY_SAMPLE, REPLY_STOPPED };

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
    char message[PB_MESSAGE_MAX];
};

/*
 * The cell's command line: argv[0] = runner, argv[1] = CELL_INTERNAL_FLAG,
 * then the channel's file descriptor and the spec. Strings live in `text`
 * (size bytes); args needs CELLPROTO_MAX_ARGS slots.
 */
enum { CELLPROTO_MAX_ARGS = 16 + PB_MAX_PARAMS };
void cellproto_encode(const char *runner, const struct cell_spec *spec, int channel_fd,
                      char *text, size_t size, char **args);

/* The inverse: 0, or -1 when the arguments are not what encode writes.
 * Strings point into argv; bind CPUs into a static array. */
int cellproto_decode(int argc, char **argv, struct cell_spec *spec, int *channel_fd);

/* Whole structs on a stream, retried after partial transfers and
 * interruptions: 0, or -1 (errno set; 0 bytes at end-of-file: errno 0). */
int cellproto_write(int fd, const void *buf, size_t size);
int cellproto_read(int fd, void *buf, size_t size);

#endif
