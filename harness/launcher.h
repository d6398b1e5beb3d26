/*
 * launcher.h — how the ranks of an mpi cell are started, and where.
 *
 * An MPI program is not started like other programs: a launcher starts N
 * copies of it (the ranks), on this machine or on several, and connects
 * them. Which launcher, with which options, depends on where parbench runs:
 *   - inside a Slurm allocation: srun, which knows the allocated nodes;
 *   - elsewhere, with Open MPI: mpirun -np N; with MPICH: mpiexec -n N;
 *   - whatever the user gives: --mpi-launcher "mpiexec -n {ranks} -f hosts"
 *     ({ranks} and {threads} are filled in for every cell).
 * The allocation says how many ranks may run: Slurm's tasks
 * (SLURM_NTASKS, SLURM_JOB_NUM_NODES, SLURM_TASKS_PER_NODE), the slots of
 * a hostfile named in --mpi-launcher, or this machine's usable cores.
 *
 * Nothing here starts a cell; launcher_prepare runs the launcher once with
 * --version, for the record.
 */
#ifndef PARBENCH_LAUNCHER_H
#define PARBENCH_LAUNCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"

enum { LAUNCHER_MAX_WORDS = 48, LAUNCHER_TEXT = 1024 };

/* The ranks an allocation holds. */
struct allocation {
    char source[160];         /* "this machine", "Slurm (SLURM_NTASKS=64)", "hostfile hosts" */
    int nodes;                /* machines */
    int slots;                /* ranks it holds: tasks, slots, or this machine's usable cores */
    char ranks_per_node[128]; /* "32(x2)" as Slurm writes it, "4,4,2", or "" when unknown */
    bool multi_node;          /* more than this machine */
    bool scheduled;           /* from Slurm or a hostfile: the default ranks go up to slots */
};

struct launcher {
    bool available;                   /* false: unavailable says why */
    char unavailable[PB_MESSAGE_MAX]; /* "no MPI found (install ...)", "mpirun not found ..." */
    char kind[16];                    /* "mpirun", "mpiexec", "srun" or "user" */
    char template_text[LAUNCHER_TEXT]; /* the words, with {ranks} and {threads} */
    char program[LAUNCHER_TEXT];       /* the launcher's path */
    char version[256];                 /* the first line of its --version */
    char library[256];                 /* the MPI library parbench was built with */
    const char *flavor;                /* "Open MPI", "MPICH", "MPI", "none" */
    bool root_allowed; /* running as root with Open MPI: OMPI_ALLOW_RUN_AS_ROOT set */
    int threads_per_rank;
    struct allocation allocation;
    int ranks[CLI_MAX_WORKER_COUNTS]; /* the rank counts of the mpi cells (plan.c) */
    size_t nranks;
    int nodes_used[CLI_MAX_WORKER_COUNTS]; /* the nodes a job of ranks[i] ran on; 0: none ran */
};

/*
 * Chooses the launcher and reads the allocation, for options (the
 * --mpi-launcher template, --threads-per-rank) on a machine with `usable`
 * cores. A build without MPI, or a launcher not found, leaves
 * launcher->available false with the reason: the mpi cells are then
 * UNAVAILABLE. Returns -1 with a one-line message only for the user's
 * mistakes (a template without {ranks}, a hostfile that cannot be read).
 * As root with Open MPI, sets OMPI_ALLOW_RUN_AS_ROOT (and its _CONFIRM)
 * in parbench's environment, which the launcher and ranks inherit
 * (launcher->root_allowed). Prints nothing.
 */
int launcher_prepare(struct launcher *launcher, const struct cli_options *options, int usable,
                     char *message);

/*
 * The launcher's words for a cell of `ranks` ranks, ready for exec: words[0]
 * is the program's path, the texts live in text[size]. Returns how many
 * words (at most LAUNCHER_MAX_WORDS), or -1 if they do not fit.
 */
int launcher_words(const struct launcher *launcher, int ranks, char *text, size_t size,
                   char **words);

/* The same as one line, as a person would type it. */
void launcher_command_line(const struct launcher *launcher, int ranks, char *buf, size_t size);

/* Notes the nodes a job of `ranks` ranks ran on, as its rank 0 counted them. */
void launcher_note_nodes(struct launcher *launcher, int ranks, int nodes);

/* Whether `ranks` ranks of launcher->threads_per_rank threads each take
 * more CPUs than the allocation holds. */
bool launcher_oversubscribed(const struct launcher *launcher, int ranks);

/* Parsers, exposed for the tests. Each returns 0, or -1 when the text is
 * malformed. */
/* Slurm's SLURM_TASKS_PER_NODE, "2(x3),1": *nodes = 4, *tasks = 7. */
int launcher_parse_tasks_per_node(const char *text, int *nodes, int *tasks);
/* An Open MPI ("host slots=4") or MPICH ("host:4") hostfile; a bare host
 * is one slot; blank lines and # comments are skipped. */
int launcher_parse_hostfile(FILE *in, struct allocation *allocation);

#endif
