/* launcher.c — how the ranks of an mpi cell are started (see launcher.h). */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kernels/common/process.h"
#include "mpi_job.h"

/*
 * The default command lines.
 * srun: --overlap, because parbench keeps every cell of a kernel alive for
 *   its rounds, and each mpi cell is a job step of its own: without it, a
 *   second step would wait for the first one's CPUs forever (Slurm >= 20.11
 *   gives steps exclusive CPUs by default). --kill-on-bad-exit: a rank that
 *   dies ends its whole step, as mpirun does.
 * Open MPI: --bind-to none, as the other variants run unbound unless --bind
 *   is given (and a rank bound to one core would squeeze all its OpenMP
 *   threads onto it). --oversubscribe, because parbench, not mpirun, decides
 *   how many ranks this machine takes: Open MPI counts only physical cores
 *   as slots, so without it 8 ranks on a laptop with 4 cores and 8 hardware
 *   threads would be refused, while parbench counts 8 usable CPUs (and
 *   warns itself when ranks exceed them).
 * MPICH and others: mpiexec, whose defaults (no binding, any count) fit.
 */
static const char *const SRUN_TEMPLATE =
    "srun --ntasks={ranks} --cpus-per-task={threads} --overlap --kill-on-bad-exit=1";
static const char *const OPEN_MPI_TEMPLATE = "mpirun -np {ranks} --bind-to none --oversubscribe";
static const char *const MPIEXEC_TEMPLATE = "mpiexec -n {ranks}";

/* Options of mpirun (Open MPI) and mpiexec (MPICH) that name a hostfile. */
static const char *const HOSTFILE_OPTIONS[] = {"--hostfile", "-hostfile",    "--machinefile",
                                               "-machinefile", "-f",         "--default-hostfile"};

/* ---- Parsers ------------------------------------------------------------------ */

/* A whole number >= 1 at *p, advancing p; -1 if there is none. */
static long read_count(const char **p)
{
    char *end;
    errno = 0;
    long value = strtol(*p, &end, 10);
    if (end == *p || errno == ERANGE || value < 1 || value > 1000000)
        return -1;
    *p = end;
    return value;
}

int launcher_parse_tasks_per_node(const char *text, int *nodes, int *tasks)
{
    long node_count = 0, task_count = 0;
    for (const char *p = text; *p;) {
        long per_node = read_count(&p), repeat = 1;
        if (per_node < 0)
            return -1;
        if (strncmp(p, "(x", 2) == 0) {
            p += 2;
            repeat = read_count(&p);
            if (repeat < 0 || *p++ != ')')
                return -1;
        }
        if (*p != ',' && *p != '\0')
            return -1;
        if (*p == ',' && *++p == '\0')
            return -1;
        node_count += repeat;
        task_count += per_node * repeat;
        if (task_count > 1000000)
            return -1;
    }
    if (node_count == 0)
        return -1;
    *nodes = (int)node_count;
    *tasks = (int)task_count;
    return 0;
}

/* Appends ",4" (or "4" first) to the ranks-per-node text, if it fits. */
static void note_ranks(struct allocation *allocation, long slots)
{
    size_t used = strlen(allocation->ranks_per_node);
    snprintf(allocation->ranks_per_node + used, sizeof allocation->ranks_per_node - used,
             "%s%ld", used ? "," : "", slots);
}

/* One hostfile line: its host and slots; 0 for a blank or comment line. */
static int hostfile_line(char *line, char **host, long *slots)
{
    line[strcspn(line, "#\r\n")] = '\0';
    char *save = NULL;
    *host = strtok_r(line, " \t", &save);
    if (!*host)
        return 0;
    *slots = 1;
    char *colon = strchr(*host, ':'); /* MPICH: host:4 */
    if (colon) {
        *colon = '\0';
        const char *p = colon + 1;
        if ((*slots = read_count(&p)) < 0 || *p != '\0')
            return -1;
    }
    for (char *word = strtok_r(NULL, " \t", &save); word; word = strtok_r(NULL, " \t", &save))
        if (strncmp(word, "slots=", 6) == 0) { /* Open MPI: host slots=4 */
            const char *p = word + 6;
            if ((*slots = read_count(&p)) < 0 || *p != '\0')
                return -1;
        }
    return 1;
}

int launcher_parse_hostfile(FILE *in, struct allocation *allocation)
{
    char line[512], hosts[64][128];
    int nhosts = 0;
    long total = 0;
    allocation->ranks_per_node[0] = '\0';
    while (fgets(line, sizeof line, in)) {
        char *host;
        long slots;
        int kind = hostfile_line(line, &host, &slots);
        if (kind < 0)
            return -1;
        if (kind == 0)
            continue;
        total += slots;
        int known = 0;
        for (int h = 0; h < nhosts; h++)
            known |= strcmp(hosts[h], host) == 0;
        if (!known && nhosts < 64)
            snprintf(hosts[nhosts++], sizeof hosts[0], "%s", host);
        note_ranks(allocation, slots);
        if (total > 1000000)
            return -1;
    }
    if (total == 0)
        return -1;
    allocation->nodes = nhosts;
    allocation->slots = (int)total;
    allocation->multi_node = nhosts > 1;
    return 0;
}

/* ---- Where the ranks may run -------------------------------------------------- */

static bool in_slurm_allocation(void)
{
    return getenv("SLURM_JOB_ID") || getenv("SLURM_JOBID");
}

/* Slurm's tasks: SLURM_NTASKS (SLURM_NPROCS in old versions), else the sum
 * of SLURM_TASKS_PER_NODE. 0 when Slurm says nothing usable. */
static int slurm_allocation(struct allocation *allocation)
{
    const char *per_node = getenv("SLURM_TASKS_PER_NODE");
    const char *ntasks = getenv("SLURM_NTASKS") ? getenv("SLURM_NTASKS") : getenv("SLURM_NPROCS");
    const char *nnodes = getenv("SLURM_JOB_NUM_NODES") ? getenv("SLURM_JOB_NUM_NODES")
                                                        : getenv("SLURM_NNODES");
    int nodes = 0, tasks = 0;
    if (per_node && launcher_parse_tasks_per_node(per_node, &nodes, &tasks) == 0)
        snprintf(allocation->ranks_per_node, sizeof allocation->ranks_per_node, "%s", per_node);
    const char *p = ntasks;
    long count = p ? read_count(&p) : -1;
    if (count > 0 && *p == '\0')
        tasks = (int)count;
    p = nnodes;
    count = p ? read_count(&p) : -1;
    if (count > 0 && *p == '\0')
        nodes = (int)count;
    if (tasks <= 0)
        return 0;
    allocation->slots = tasks;
    allocation->nodes = nodes > 0 ? nodes : 1;
    allocation->multi_node = allocation->nodes > 1;
    snprintf(allocation->source, sizeof allocation->source, "Slurm (%d tasks on %d node%s)",
             tasks, allocation->nodes, allocation->nodes == 1 ? "" : "s");
    return 1;
}

/* The hostfile named in the template's words, if any: 1 and the allocation,
 * 0 when none is named, -1 (message) when it cannot be read. */
static int template_hostfile(const char *template_text, struct allocation *allocation,
                             char *message)
{
    char copy[LAUNCHER_TEXT];
    snprintf(copy, sizeof copy, "%s", template_text);
    char *save = NULL, *previous = NULL;
    for (char *word = strtok_r(copy, " \t", &save); word;
         previous = word, word = strtok_r(NULL, " \t", &save)) {
        const char *path = NULL;
        for (size_t o = 0; o < sizeof HOSTFILE_OPTIONS / sizeof HOSTFILE_OPTIONS[0]; o++) {
            size_t len = strlen(HOSTFILE_OPTIONS[o]);
            if (previous && strcmp(previous, HOSTFILE_OPTIONS[o]) == 0)
                path = word;
            else if (strncmp(word, HOSTFILE_OPTIONS[o], len) == 0 && word[len] == '=')
                path = word + len + 1;
        }
        if (!path)
            continue;
        FILE *in = fopen(path, "r");
        if (!in) {
            snprintf(message, PB_MESSAGE_MAX, "--mpi-launcher: cannot read the hostfile %s: %s",
                     path, strerror(errno));
            return -1;
        }
        int parsed = launcher_parse_hostfile(in, allocation);
        fclose(in);
        if (parsed != 0) {
            snprintf(message, PB_MESSAGE_MAX, "--mpi-launcher: the hostfile %s names no hosts or "
                     "has a malformed line", path);
            return -1;
        }
        snprintf(allocation->source, sizeof allocation->source, "hostfile %.140s", path);
        return 1;
    }
    return 0;
}

/* ---- The launcher program ------------------------------------------------------ */

/* The path of `name` as exec would find it in PATH; 0, or -1 if none. */
static int find_program(const char *name, char *path, size_t size)
{
    if (strchr(name, '/')) {
        snprintf(path, size, "%s", name);
        return access(path, X_OK) == 0 ? 0 : -1;
    }
    const char *search = getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin";
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", search);
    char *save = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        int len = snprintf(path, size, "%s/%s", dir[0] ? dir : ".", name);
        if (len > 0 && (size_t)len < size && access(path, X_OK) == 0)
            return 0;
    }
    return -1;
}

/* The first line `program --version` prints (stdout or stderr), or "". */
static void read_version(const char *program, char *buf, size_t size)
{
    buf[0] = '\0';
    int out[2];
    if (pipe(out) != 0)
        return;
    fflush(NULL); /* or the child would write our buffered output again */
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 ||
            dup2(out[1], STDERR_FILENO) < 0)
            _exit(126);
        close(out[0]);
        execl(program, program, "--version", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    if (pid > 0) {
        FILE *in = fdopen(out[0], "r");
        if (in) {
            if (fgets(buf, (int)size, in))
                buf[strcspn(buf, "\r\n")] = '\0';
            fclose(in); /* closes out[0]; the child may get SIGPIPE: fine */
        } else {
            close(out[0]);
        }
        int status;
        process_wait(pid, &status);
    } else {
        close(out[0]);
    }
}

/* Open MPI refuses to start as root unless told twice; a container or a CI
 * machine often runs everything as root. */
static void allow_root(struct launcher *launcher)
{
    if (geteuid() != 0 || strcmp(launcher->flavor, "Open MPI") != 0)
        return;
    launcher->root_allowed = setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1) == 0 &&
                             setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1) == 0;
}

static int choose_template(struct launcher *launcher, const char *user_template, char *message)
{
    const char *chosen;
    if (user_template) {
        if (!strstr(user_template, "{ranks}")) {
            snprintf(message, PB_MESSAGE_MAX, "--mpi-launcher \"%.120s\": must contain {ranks}, "
                     "where parbench puts the number of ranks (e.g. \"mpiexec -n {ranks}\")",
                     user_template);
            return -1;
        }
        snprintf(launcher->kind, sizeof launcher->kind, "user");
        chosen = user_template;
    } else if (in_slurm_allocation()) {
        snprintf(launcher->kind, sizeof launcher->kind, "srun");
        chosen = SRUN_TEMPLATE;
    } else if (strcmp(launcher->flavor, "Open MPI") == 0) {
        snprintf(launcher->kind, sizeof launcher->kind, "mpirun");
        chosen = OPEN_MPI_TEMPLATE;
    } else {
        snprintf(launcher->kind, sizeof launcher->kind, "mpiexec");
        chosen = MPIEXEC_TEMPLATE;
    }
    if (strlen(chosen) >= sizeof launcher->template_text) {
        snprintf(message, PB_MESSAGE_MAX, "--mpi-launcher: longer than %zu characters",
                 sizeof launcher->template_text - 1);
        return -1;
    }
    snprintf(launcher->template_text, sizeof launcher->template_text, "%s", chosen);
    char words[LAUNCHER_TEXT + 64], *list[LAUNCHER_MAX_WORDS + 1];
    if (launcher_words(launcher, 1, words, sizeof words, list) < 1) {
        snprintf(message, PB_MESSAGE_MAX, "--mpi-launcher: at most %d words, not empty",
                 LAUNCHER_MAX_WORDS);
        return -1;
    }
    return 0;
}

static int find_allocation(struct launcher *launcher, int usable, char *message)
{
    struct allocation *allocation = &launcher->allocation;
    memset(allocation, 0, sizeof *allocation);
    int found = template_hostfile(launcher->template_text, allocation, message);
    if (found < 0)
        return -1;
    if (found == 0 && in_slurm_allocation())
        found = slurm_allocation(allocation);
    allocation->scheduled = found > 0;
    if (found == 0) {
        snprintf(allocation->source, sizeof allocation->source, "this machine's usable cores");
        allocation->nodes = 1;
        allocation->slots = usable;
        snprintf(allocation->ranks_per_node, sizeof allocation->ranks_per_node, "%d", usable);
    }
    return 0;
}

int launcher_prepare(struct launcher *launcher, const struct cli_options *options, int usable,
                     char *message)
{
    memset(launcher, 0, sizeof *launcher);
    launcher->flavor = mpi_job_flavor();
    launcher->threads_per_rank = options->threads_per_rank > 1 ? options->threads_per_rank : 1;
    mpi_job_library(launcher->library, sizeof launcher->library);
    if (choose_template(launcher, options->mpi_launcher, message) != 0 ||
        find_allocation(launcher, usable, message) != 0)
        return -1;
    if (!mpi_job_available()) {
        snprintf(launcher->unavailable, sizeof launcher->unavailable, "%s", mpi_job_missing());
        return 0;
    }
    char program[LAUNCHER_TEXT];
    snprintf(program, sizeof program, "%s", launcher->template_text);
    program[strcspn(program, " \t")] = '\0';
    if (find_program(program, launcher->program, sizeof launcher->program) != 0) {
        if (options->mpi_launcher) {
            snprintf(message, PB_MESSAGE_MAX, "--mpi-launcher: %.200s: no such program in PATH",
                     program);
            return -1;
        }
        snprintf(launcher->unavailable, sizeof launcher->unavailable, "%.40s not found in PATH "
                 "(parbench was built with %.40s: install its launcher, or give --mpi-launcher)",
                 program, launcher->flavor);
        return 0;
    }
    read_version(launcher->program, launcher->version, sizeof launcher->version);
    allow_root(launcher);
    launcher->available = true;
    return 0;
}

/* ---- Command lines ---------------------------------------------------------------- */

/* word with every {ranks} and {threads} replaced, appended to text. */
static int put_word(const char *word, int ranks, int threads, char *text, size_t size,
                    size_t *used)
{
    char *out = text + *used;
    size_t room = size - *used, n = 0;
    for (const char *p = word; *p;) {
        int written;
        if (strncmp(p, "{ranks}", 7) == 0) {
            written = snprintf(out + n, room - n, "%d", ranks);
            p += 7;
        } else if (strncmp(p, "{threads}", 9) == 0) {
            written = snprintf(out + n, room - n, "%d", threads);
            p += 9;
        } else {
            written = snprintf(out + n, room - n, "%c", *p);
            p++;
        }
        if (written < 0 || (size_t)written >= room - n)
            return -1;
        n += (size_t)written;
    }
    *used += n + 1;
    return 0;
}

int launcher_words(const struct launcher *launcher, int ranks, char *text, size_t size,
                   char **words)
{
    char copy[LAUNCHER_TEXT];
    snprintf(copy, sizeof copy, "%s", launcher->template_text);
    char *save = NULL;
    size_t used = 0;
    int count = 0;
    for (char *word = strtok_r(copy, " \t", &save); word; word = strtok_r(NULL, " \t", &save)) {
        if (count == LAUNCHER_MAX_WORDS)
            return -1;
        words[count] = text + used;
        /* The program itself as found in PATH, so exec needs no search. */
        const char *what = count == 0 && launcher->program[0] ? launcher->program : word;
        if (put_word(what, ranks, launcher->threads_per_rank, text, size, &used) != 0)
            return -1;
        count++;
    }
    words[count] = NULL;
    return count;
}

void launcher_command_line(const struct launcher *launcher, int ranks, char *buf, size_t size)
{
    char text[LAUNCHER_TEXT * 2], *words[LAUNCHER_MAX_WORDS + 1];
    int count = launcher_words(launcher, ranks, text, sizeof text, words);
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < count && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "", words[i]);
}

bool launcher_oversubscribed(const struct launcher *launcher, int ranks)
{
    return (long)ranks * launcher->threads_per_rank > launcher->allocation.slots;
}

void launcher_note_nodes(struct launcher *launcher, int ranks, int nodes)
{
    for (size_t i = 0; i < launcher->nranks; i++)
        if (launcher->ranks[i] == ranks)
            launcher->nodes_used[i] = nodes;
}
