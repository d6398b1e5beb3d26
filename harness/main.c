/*
 * main.c — the parbench program: parse, detect cores, run, report.
 *
 * The order matters: the CPU mask the process started with is restored
 * first (GNU OpenMP may have pinned us at load time, platform.h), cores are
 * counted here in the parent, which never runs OpenMP code, and every
 * measurement then runs in a fresh process of its own (cell.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "cell.h"
#include "cli.h"
#include "cores.h"
#include "info.h"
#include "platform.h"
#include "report.h"
#include "topology.h"

/* Exit status for the user's mistakes: bad options, impossible sizes. */
enum { EXIT_USAGE = 2 };

/* The signal that asked the run to stop (SIGINT, SIGTERM, SIGHUP), or 0;
 * set by the handler, polled by the rounds. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int signal_number)
{
    interrupted = signal_number;
}

static void install_interrupt_handlers(void)
{
    /* A closed stdout (parbench | head) must not kill the run: the results
     * still go to their files, and writes to the pipe just fail. A file
     * grown past `ulimit -f` must fail its write (EFBIG, reported), not
     * kill parbench with SIGXFSZ. */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    /* Ctrl-C, a kill, and a dropped ssh session or closed terminal
     * (SIGHUP) all end the run the same way: finished rows kept, run.json
     * "interrupted", every cell killed, exit status 128 + the signal. */
    static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < ARRAY_SIZE(stops); i++)
        if (sigaction(stops[i], &action, NULL) != 0)
            fprintf(stderr, "parbench: warning: cannot catch signal %d: %s\n", stops[i],
                    strerror(errno));
}

static void announce(const struct bench *bench)
{
    fprintf(stderr, "parbench: %d usable cores (decided by: %s); workers", bench->cores.usable,
            cores_source_name(bench->cores.decided_by));
    for (size_t i = 0; i < bench->nworkers; i++)
        fprintf(stderr, "%s %d", i ? "," : "", bench->workers[i]);
    fprintf(stderr, "; size %s; %zu cells in rounds of a kernel at a time (seed %llu)\n",
            params_size_name(bench->options->size), bench->nrows,
            (unsigned long long)bench->seed);
    for (int i = 0; i < bench->cores.nwarnings; i++)
        fprintf(stderr, "parbench: warning: %s\n", bench->cores.warnings[i]);
}

/* The last part of a path, for naming a comparison after its two runs. */
static const char *base_name(const char *path)
{
    static char copies[2][512];
    static int next;
    char *copy = copies[next++ % 2];
    snprintf(copy, sizeof copies[0], "%s", path);
    size_t len = strlen(copy);
    while (len > 1 && copy[len - 1] == '/')
        copy[--len] = '\0';
    const char *slash = strrchr(copy, '/');
    return slash ? slash + 1 : copy;
}

/* --report DIR and --compare A B. */
static int make_report(const struct cli_options *options)
{
    char message[256] = "";
    char out_dir[1200];
    int result;
    if (options->action == ACTION_REPORT) {
        result = report_run(options->report_dirs[0], message);
        snprintf(out_dir, sizeof out_dir, "%s", options->report_dirs[0]);
    } else {
        if (options->out_dir_set)
            snprintf(out_dir, sizeof out_dir, "%s", options->out_dir);
        else
            snprintf(out_dir, sizeof out_dir, "results/compare-%s-vs-%s",
                     base_name(options->report_dirs[0]), base_name(options->report_dirs[1]));
        result = report_compare(options->report_dirs[0], options->report_dirs[1], out_dir,
                                options->force, message);
    }
    if (result < 0) {
        fprintf(stderr, "parbench: error: %s\n", message);
        return EXIT_USAGE;
    }
    if (result > 0)
        fprintf(stderr, "parbench: warning: %s\n", message);
    fprintf(stderr, "parbench: %s%s written in %s/\n",
            options->action == ACTION_REPORT ? "summary.md" : "compare.md",
            result > 0 ? "" : " and plots", out_dir);
    return result > 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], CELL_INTERNAL_FLAG) == 0)
        return cell_child_main(argc, argv);

    static struct cli_options options;
    static struct bench bench;
    char message[PB_MESSAGE_MAX];
    /* Before counting cores: undo libgomp's load-time pinning (platform.h). */
    bool was_pinned = platform_restore_startup_affinity() == 1;
    if (cli_parse(argc, argv, &options, message) != 0) {
        fprintf(stderr, "parbench: error: %s\n", message);
        return EXIT_USAGE;
    }
    if (options.action == ACTION_HELP) {
        cli_print_help(stdout);
        return 0;
    }
    if (options.action == ACTION_LIST) {
        info_list(stdout);
        return 0;
    }
    if (options.action == ACTION_REPORT || options.action == ACTION_COMPARE)
        return make_report(&options);

    struct cores_probe probe;
    cores_probe_system(&probe);
    cores_detect(&probe, &bench.cores);
    if (was_pinned)
        fprintf(stderr, "parbench: note: the OpenMP runtime had pinned parbench to one CPU at "
                "start-up (OMP_PROC_BIND/OMP_PLACES); the original CPU mask was restored\n");
    topology_detect(&bench.topology);
    if (options.action == ACTION_CORES) {
        info_cores(stdout, &bench.cores, &bench.topology);
        return 0;
    }

    char self[1024];
    if (platform_self_path(self, sizeof self) != 0) {
        fprintf(stderr, "parbench: error: cannot find my own executable to run the cells\n");
        return 1;
    }
    bench.runner_path = self;
    if (bench_prepare(&bench, &options, argc, argv, message) != 0) {
        fprintf(stderr, "parbench: error: %s\n", message);
        return EXIT_USAGE;
    }
    announce(&bench);
    bench.interrupted = &interrupted;
    install_interrupt_handlers();
    platform_adopt_orphans(); /* a killed cell's workers come back to be reaped */
    return bench_run(&bench);
}
