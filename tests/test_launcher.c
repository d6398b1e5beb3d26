/*
 * test_launcher.c — how an mpi cell is started: the allocation read from
 * Slurm and hostfiles, the launcher's words for a rank count, the options
 * that choose them, and the cell's channel on its command line.
 */
#include <stdio.h>
#include <string.h>

#include "support/testing.h"

#include "../harness/cellproto.h"
#include "../harness/cli.h"
#include "../harness/launcher.h"
#include "../harness/params.h"
#include "registry.h"

static void test_tasks_per_node(void **state)
{
    (void)state;
    int nodes = 0, tasks = 0;
    assert_int_equal(launcher_parse_tasks_per_node("2(x3),1", &nodes, &tasks), 0);
    assert_int_equal(nodes, 4);
    assert_int_equal(tasks, 7);
    assert_int_equal(launcher_parse_tasks_per_node("16", &nodes, &tasks), 0);
    assert_int_equal(nodes, 1);
    assert_int_equal(tasks, 16);
    assert_int_equal(launcher_parse_tasks_per_node("32(x2)", &nodes, &tasks), 0);
    assert_int_equal(tasks, 64);
    const char *const bad[] = {"", "x", "2(x3", "2(x)", "2,", ",2", "0", "2(x0)", "-1", "2 3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (launcher_parse_tasks_per_node(bad[i], &nodes, &tasks) != -1)
            fail_msg("accepted SLURM_TASKS_PER_NODE=\"%s\"", bad[i]);
}

/* Parses `text` as a hostfile. */
static int parse_hostfile(const char *text, struct allocation *allocation)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(in);
    memset(allocation, 0, sizeof *allocation);
    int result = launcher_parse_hostfile(in, allocation);
    fclose(in);
    return result;
}

static void test_hostfiles(void **state)
{
    (void)state;
    struct allocation a;
    assert_int_equal(parse_hostfile("# Open MPI\nnode1 slots=4\nnode2 slots=4 max_slots=8\n", &a), 0);
    assert_int_equal(a.nodes, 2);
    assert_int_equal(a.slots, 8);
    assert_true(a.multi_node);
    assert_string_equal(a.ranks_per_node, "4,4");
    assert_int_equal(parse_hostfile("node1:2\n\nnode2:3  # MPICH\n", &a), 0);
    assert_int_equal(a.nodes, 2);
    assert_int_equal(a.slots, 5);
    assert_int_equal(parse_hostfile("node1\nnode1\n", &a), 0); /* one slot a line */
    assert_int_equal(a.nodes, 1);
    assert_int_equal(a.slots, 2);
    assert_false(a.multi_node);
    assert_int_equal(parse_hostfile("# nothing\n\n", &a), -1);
    assert_int_equal(parse_hostfile("node1 slots=many\n", &a), -1);
    assert_int_equal(parse_hostfile("node1:0\n", &a), -1);
}

static void test_words(void **state)
{
    (void)state;
    static struct launcher launcher;
    memset(&launcher, 0, sizeof launcher);
    snprintf(launcher.template_text, sizeof launcher.template_text, "%s",
             "srun --ntasks={ranks} --cpus-per-task={threads}  --overlap");
    snprintf(launcher.program, sizeof launcher.program, "%s", "/usr/bin/srun");
    launcher.threads_per_rank = 4;
    char text[512], *words[LAUNCHER_MAX_WORDS + 1];
    assert_int_equal(launcher_words(&launcher, 16, text, sizeof text, words), 4);
    assert_string_equal(words[0], "/usr/bin/srun"); /* the program as found in PATH */
    assert_string_equal(words[1], "--ntasks=16");
    assert_string_equal(words[2], "--cpus-per-task=4");
    assert_string_equal(words[3], "--overlap");
    assert_null(words[4]);
    char line[512];
    launcher_command_line(&launcher, 2, line, sizeof line);
    assert_string_equal(line, "/usr/bin/srun --ntasks=2 --cpus-per-task=4 --overlap");
    assert_int_equal(launcher_words(&launcher, 16, text, 20, words), -1); /* does not fit */

    launcher.allocation.slots = 16;
    assert_false(launcher_oversubscribed(&launcher, 4)); /* 4 x 4 = 16 CPUs */
    assert_true(launcher_oversubscribed(&launcher, 5));
}

static void test_options(void **state)
{
    (void)state;
    static struct cli_options options;
    char message[PB_MESSAGE_MAX];
    char *good[] = {(char *)"parbench", (char *)"--mpi-launcher", (char *)"mpiexec -n {ranks}",
                    (char *)"--threads-per-rank=8", (char *)"--variant", (char *)"mpi"};
    assert_int_equal(cli_parse(6, good, &options, message), 0);
    assert_string_equal(options.mpi_launcher, "mpiexec -n {ranks}");
    assert_int_equal(options.threads_per_rank, 8);
    char *zero[] = {(char *)"parbench", (char *)"--threads-per-rank", (char *)"0"};
    assert_int_equal(cli_parse(3, zero, &options, message), -1);
    char *empty[] = {(char *)"parbench", (char *)"--mpi-launcher", (char *)"  "};
    assert_int_equal(cli_parse(3, empty, &options, message), -1);
    assert_non_null(strstr(message, "--mpi-launcher"));

    /* A template without {ranks} is the user's mistake, whatever MPI there is. */
    char *no_ranks[] = {(char *)"parbench", (char *)"--mpi-launcher", (char *)"mpiexec -n 4"};
    assert_int_equal(cli_parse(3, no_ranks, &options, message), 0);
    static struct launcher launcher;
    assert_int_equal(launcher_prepare(&launcher, &options, 2, message), -1);
    assert_non_null(strstr(message, "{ranks}"));
}

/* The cell's command line round trip, with either kind of channel. */
static void test_channel(void **state)
{
    (void)state;
    const struct pb_kernel *kernel = registry_find("cos_series");
    struct cell_spec spec = {.kernel = kernel, .variant = registry_find_variant(kernel, "mpi"),
                             .workers = 3, .threads_per_rank = 2, .min_sample_s = 0.5};
    char message[PB_MESSAGE_MAX];
    assert_int_equal(params_resolve(kernel, PB_SIZE_TEST, NULL, 0, &spec.values, message), 0);
    static char text[8192];
    char *args[CELLPROTO_MAX_ARGS];
    const struct cell_channel channels[] = {{-1, "/tmp/parbench-abc/rank0"}, {7, NULL}};
    for (size_t c = 0; c < 2; c++) {
        cellproto_encode("parbench", &spec, &channels[c], text, sizeof text, args);
        int argc = 0;
        while (args[argc])
            argc++;
        struct cell_spec decoded;
        struct cell_channel channel;
        assert_int_equal(cellproto_decode(argc, args, &decoded, &channel), 0);
        assert_int_equal(channel.fd, channels[c].fd);
        if (channels[c].unix_path)
            assert_string_equal(channel.unix_path, channels[c].unix_path);
        else
            assert_null(channel.unix_path);
        assert_ptr_equal(decoded.variant, spec.variant);
        assert_int_equal(decoded.workers, 3);
        assert_int_equal(decoded.threads_per_rank, 2);
    }
    char *relative[] = {(char *)"parbench", (char *)CELL_INTERNAL_FLAG, (char *)"unix:rank0"};
    struct cell_spec decoded;
    struct cell_channel channel;
    assert_int_equal(cellproto_decode(3, relative, &decoded, &channel), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tasks_per_node), cmocka_unit_test(test_hostfiles),
        cmocka_unit_test(test_words),          cmocka_unit_test(test_options),
        cmocka_unit_test(test_channel),
    };
    return cmocka_run_group_tests_name("launcher", tests, NULL, NULL);
}
