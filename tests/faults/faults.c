/*
 * faults.c — the test build's deliberate failures (see harness/faults.h).
 *
 * PARBENCH_FAULT="kernel/variant/workers:kind", workers "*" for any count:
 *   segv, abort, kill   the cell's process dies by that signal in the run
 *   exit                it exits with status 3 in the middle of the run
 *   hang                it forks a helper (a stand-in for a stuck worker)
 *                       and both sleep forever: a timeout must kill both
 *   wrong               the answer is spoiled after the run: verify must say so
 *   slow                each run sleeps 2 s first (time to interrupt a run)
 * PARBENCH_FAULT_PIDS=file: the pids of the faulty cell's processes are
 * appended there, so a test can check that none survives.
 * In an mpi cell the fault strikes the job's last rank only (with 2 ranks
 * or more, a rank other than rank 0, which talks to parbench).
 */
#define _DEFAULT_SOURCE /* usleep is not in POSIX 2008 any more; nanosleep is */
#include "../../harness/faults.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The kind of fault wanted for this cell, or NULL. */
static const char *fault_for(const struct cell_spec *spec)
{
    const char *fault = getenv("PARBENCH_FAULT");
    char wanted[256], any[256];
    if (!fault)
        return NULL;
    snprintf(wanted, sizeof wanted, "%s/%s/%d:", spec->kernel->name, spec->variant->name,
             spec->workers);
    snprintf(any, sizeof any, "%s/%s/*:", spec->kernel->name, spec->variant->name);
    if (spec->variant->mpi && spec->rank != spec->workers - 1)
        return NULL;
    if (strncmp(fault, wanted, strlen(wanted)) == 0)
        return fault + strlen(wanted);
    if (strncmp(fault, any, strlen(any)) == 0)
        return fault + strlen(any);
    return NULL;
}

static void note_pid(void)
{
    const char *path = getenv("PARBENCH_FAULT_PIDS");
    FILE *f = path ? fopen(path, "a") : NULL;
    if (f) {
        fprintf(f, "%ld\n", (long)getpid());
        fclose(f);
    }
}

static void sleep_s(double seconds)
{
    struct timespec t = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&t, &t) != 0)
        ;
}

void faults_before_run(const struct cell_spec *spec)
{
    const char *kind = fault_for(spec);
    if (!kind)
        return;
    note_pid();
    if (strcmp(kind, "segv") == 0)
        raise(SIGSEGV);
    else if (strcmp(kind, "abort") == 0)
        abort();
    else if (strcmp(kind, "kill") == 0)
        raise(SIGKILL);
    else if (strcmp(kind, "exit") == 0)
        _exit(3);
    else if (strcmp(kind, "slow") == 0)
        sleep_s(2.0);
    else if (strcmp(kind, "hang") == 0) {
        fflush(NULL);
        if (fork() == 0)
            note_pid();
        for (;;)
            sleep_s(3600.0);
    }
}

void faults_after_run(const struct cell_spec *spec, void *state)
{
    const char *kind = fault_for(spec);
    if (kind && strcmp(kind, "wrong") == 0)
        spec->kernel->prepare(state); /* the poison that verify must catch */
}
