/*
 * cellinternal.h — what cell.c (a cell in one process) and celljob.c (an
 * mpi cell: a job of ranks, started by an MPI launcher) share. Nothing else
 * includes it: cell.h is the interface.
 */
#ifndef PARBENCH_CELLINTERNAL_H
#define PARBENCH_CELLINTERNAL_H

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "cell.h"
#include "clock.h"
#include "mpi_job.h"

/* ---- Replies ---- */

static inline void reply_fail(struct cell_reply *reply, enum cell_status status,
                              const char *format, ...) __attribute__((format(printf, 3, 4)));

/* The reply says: `status`, for the reason in format. */
static inline void reply_fail(struct cell_reply *reply, enum cell_status status,
                              const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(reply->message, sizeof reply->message, format, args);
    va_end(args);
    reply->status = status;
}

/* A reply of `kind`: OK, every number unknown (NaN). */
static inline void reply_init(struct cell_reply *reply, enum cell_reply_kind kind)
{
    memset(reply, 0, sizeof *reply);
    reply->kind = kind;
    reply->status = CELL_OK;
    reply->setup_s = reply->startup_s = reply->seconds = reply->ghz = NAN;
    reply->value = reply->reference = reply->rel_error = reply->bytes_moved = NAN;
}

/* ---- Inside the cell's process (every rank of an mpi cell) ---- */

struct server {
    struct cell_spec spec;
    void *state;
    struct pb_run run; /* one for the cell's whole life: start, runs, stop */
    struct clock_meter clock;
    int channel; /* -1 in the ranks of an mpi cell other than 0 */
    int calls; /* per sample, once calibrated */
    struct mpi_job_layout layout; /* mpi: where the job's ranks run */
};

/* Set up and start (cell.c): every rank of an mpi cell does this. 0 when
 * started; on -1, server->state is NULL when setup itself failed. */
int cell_server_start(struct server *server, struct cell_reply *ready);

/* celljob.c: MPI_Init in every rank, then rank 0 connects to parbench and
 * says where the ranks are (REPLY_JOINED). 0, or -1 after saying why. */
int celljob_join(struct server *server, const struct cell_channel *channel);
/* celljob.c: a rank other than 0 does what rank 0 says, until stop. */
int celljob_follow(struct server *server);
/* celljob.c: rank 0, after reporting a failure, waits to be ended. */
int celljob_wait_for_the_end(const struct server *server);

/* ---- In parbench ---- */

/* cell.c: waits for the reply of `kind` (timeout, interrupt, death);
 * any status but CELL_OK leaves the cell killed and reaped. */
void cell_receive(struct cell *cell, enum cell_reply_kind kind, struct cell_reply *reply);
/* cell.c: ends the cell's process group (an mpi cell's job first, gently
 * when `patient`) and reaps it: the leader's wait status, or -1. */
int cell_kill_and_reap(struct cell *cell, bool patient);
/* cell.c: forks and execs args as the cell's process (its own group); keep_fd
 * is the channel to pass on, or -1 (then standard input is /dev/null). 0, or
 * -1 with the reason in *ready. */
int cell_start_process(struct cell *cell, char **args, char **env, int keep_fd, int close_fd,
                       struct cell_reply *ready);
/* cell.c: reaps what is left of a killed process group (orphans come to us). */
void cell_reap_group(pid_t group);

/* celljob.c: cell_open of an mpi cell. */
void celljob_open(struct cell *cell, const char *runner, const struct cell_spec *spec,
                  struct cell_reply *ready);
/* celljob.c: asks the launcher to end its job (SIGTERM), after giving it
 * time to end by itself when `patient`; before its group is killed. */
void celljob_end(const struct cell *cell, bool patient);
/* celljob.c: kills and reaps the ranks the launcher left behind. */
void celljob_end_ranks(struct cell *cell);
/* celljob.c: how the job ended, from the launcher's wait status. */
void celljob_describe_end(const struct cell *cell, int status, struct cell_reply *reply);

#endif
