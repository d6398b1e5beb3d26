/*
 * test_cli.c — the command line and --set values: every mistake is one
 * clear message, every good form is read the way a person means it.
 */
#include <string.h>

#include "support/testing.h"

#include "../harness/cli.h"
#include "../harness/params.h"
#include "registry.h"

/* Parses a NULL-terminated argument list (without the program name). */
static int parse(struct cli_options *options, char *message, const char *const *args)
{
    char *argv[64] = {(char *)"parbench"};
    int argc = 1;
    for (; args[argc - 1]; argc++)
        argv[argc] = (char *)args[argc - 1];
    return cli_parse(argc, argv, options, message);
}

#define PARSE(...) parse(&options, message, (const char *const[]){__VA_ARGS__, NULL})

static void expect_error(const char *const *args, const char *expected_text)
{
    static struct cli_options options;
    char message[PB_MESSAGE_MAX] = "";
    if (parse(&options, message, args) != -1)
        fail_msg("accepted: %s ...", args[0]);
    if (!strstr(message, expected_text))
        fail_msg("message \"%s\" lacks \"%s\"", message, expected_text);
    assert_null(strchr(message, '\n'));
}

#define EXPECT_ERROR(text, ...) expect_error((const char *const[]){__VA_ARGS__, NULL}, text)

static void test_defaults(void **state)
{
    (void)state;
    static struct cli_options options;
    char message[PB_MESSAGE_MAX];
    char *argv[] = {(char *)"parbench"};
    assert_int_equal(cli_parse(1, argv, &options, message), 0);
    assert_int_equal(options.action, ACTION_RUN);
    assert_int_equal(options.nkernels, pb_kernel_count);
    assert_true(options.workers_auto);
    assert_int_equal(options.size, PB_SIZE_DEFAULT);
    assert_int_equal(options.min_rounds, 10);
    assert_int_equal(options.max_rounds, 40);
    assert_close(options.budget_s, cli_default_budget_s(PB_SIZE_DEFAULT), 0);
    assert_close(options.min_sample_s, cli_default_min_sample_s(PB_SIZE_DEFAULT), 0);
    assert_int_equal(options.warmup, 1);
    assert_int_equal(options.format, FORMAT_TABLE);
}

static void test_good_options(void **state)
{
    (void)state;
    static struct cli_options options;
    char message[PB_MESSAGE_MAX];
    assert_int_equal(PARSE("--kernel", "cos_series", "--variant=openmp,naive", "--workers",
                           "1-4,8", "--size", "small", "--set", "n=1e7", "--rounds=7",
                           "--warmup", "0", "--format", "csv", "--timeout", "2.5", "--out", "x"),
                     0);
    assert_int_equal(options.nkernels, 1);
    assert_int_equal(options.nvariants, 2);
    assert_int_equal(options.nworkers, 5);
    const int expected[] = {1, 2, 3, 4, 8};
    for (int i = 0; i < 5; i++)
        assert_int_equal(options.workers[i], expected[i]);
    assert_int_equal(options.size, PB_SIZE_SMALL);
    assert_string_equal(options.settings[0].key, "n");
    assert_string_equal(options.settings[0].value, "1e7");
    assert_int_equal(options.min_rounds, 7);
    assert_int_equal(options.max_rounds, 30);
    assert_int_equal(options.warmup, 0);
    assert_int_equal(options.format, FORMAT_CSV);
    assert_close(options.timeout_s, 2.5, 0);
    assert_string_equal(options.out_dir, "x");

    assert_int_equal(PARSE("--workers", "8,2,2,1"), 0);
    assert_int_equal(options.nworkers, 3);
    assert_int_equal(options.workers[0], 1);
    assert_int_equal(options.workers[2], 8);
    assert_int_equal(PARSE("--cores"), 0);
    assert_int_equal(options.action, ACTION_CORES);
    assert_int_equal(PARSE("--list"), 0);
    assert_int_equal(options.action, ACTION_LIST);
    assert_int_equal(PARSE("--help"), 0);
    assert_int_equal(options.action, ACTION_HELP);
    assert_int_equal(PARSE("--compare", "a", "b"), 0);
    assert_int_equal(options.action, ACTION_COMPARE);
    assert_false(options.force); /* different problems are refused by default */
    assert_int_equal(PARSE("--compare", "a", "b", "--force", "--out", "x/y/z"), 0);
    assert_true(options.force);
    assert_string_equal(options.report_dirs[1], "b");
    assert_string_equal(options.out_dir, "x/y/z");
}

static void test_bad_options(void **state)
{
    (void)state;
    EXPECT_ERROR("unknown option", "--frobnicate");
    EXPECT_ERROR("unknown option", "extra");
    EXPECT_ERROR("unknown kernel", "--kernel", "nosuch");
    EXPECT_ERROR("expected a comma-separated", "--kernel", "");
    EXPECT_ERROR("no selected kernel has a variant", "--variant", "cuda");
    EXPECT_ERROR("needs a value", "--workers");
    EXPECT_ERROR("between 1 and", "--workers", "0");
    EXPECT_ERROR("bad item", "--workers", "-1");
    EXPECT_ERROR("expected a whole number", "--workers", "abc");
    EXPECT_ERROR("expected a whole number", "--workers", "2x");
    EXPECT_ERROR("empty item", "--workers", "1,,2");
    EXPECT_ERROR("empty item", "--workers", "1,");
    EXPECT_ERROR("empty list", "--workers", "");
    EXPECT_ERROR("runs backwards", "--workers", "4-2");
    EXPECT_ERROR("between 1 and", "--workers", "99999999999999999999");
    EXPECT_ERROR("between 1 and", "--rounds", "0");
    EXPECT_ERROR("between 1 and", "--rounds", "201");
    EXPECT_ERROR("expected a whole number", "--rounds", "1.5");
    EXPECT_ERROR("expected a whole number", "--rounds", " 3");
    EXPECT_ERROR("is below --rounds", "--rounds", "12", "--max-rounds", "11");
    EXPECT_ERROR("expected seconds", "--budget", "0");
    EXPECT_ERROR("expected seconds", "--min-sample", "-1");
    EXPECT_ERROR("expected a whole number above 0", "--seed", "0");
    EXPECT_ERROR("expected a whole number above 0", "--seed", "x1");
    EXPECT_ERROR("expected a whole number", "--warmup", "-1");
    EXPECT_ERROR("must be test, small", "--size", "huge");
    EXPECT_ERROR("must be table, csv or json", "--format", "xml");
    EXPECT_ERROR("expected KEY=VALUE", "--set", "n");
    EXPECT_ERROR("expected KEY=VALUE", "--set", "=5");
    EXPECT_ERROR("malformed", "--set", ".n=5");
    EXPECT_ERROR("expected seconds", "--timeout", "0");
    EXPECT_ERROR("expected seconds", "--timeout", "nan");
    EXPECT_ERROR("expected seconds", "--timeout", "-3");
    EXPECT_ERROR("empty folder", "--out", "");
}

static const struct pb_param int_param = {"n", "test", PB_PARAM_INT, 1, 9007199254740992.0, NULL,
                                          {"1", "1", "1", "1"}};
static const struct pb_param real_param = {"alpha", "test", PB_PARAM_REAL, 0, 10, NULL,
                                           {"1", "1", "1", "1"}};
static const char *const words[] = {"static", "dynamic", NULL};
static const struct pb_param choice_param = {"schedule", "test", PB_PARAM_CHOICE, 0, 0, words,
                                             {"static", "static", "static", "static"}};

static void expect_value_error(const struct pb_param *param, const char *text, const char *why)
{
    union pb_value value;
    char message[PB_MESSAGE_MAX] = "";
    if (params_parse(param, text, &value, message) != -1)
        fail_msg("%s=%s accepted", param->name, text);
    if (!strstr(message, why))
        fail_msg("%s=%s: message \"%s\" lacks \"%s\"", param->name, text, message, why);
}

static void test_parameter_values(void **state)
{
    (void)state;
    union pb_value value;
    char message[PB_MESSAGE_MAX];
    assert_int_equal(params_parse(&int_param, "100000000", &value, message), 0);
    assert_int_equal(value.i, 100000000);
    assert_int_equal(params_parse(&int_param, "1e8", &value, message), 0);
    assert_int_equal(value.i, 100000000);
    assert_int_equal(params_parse(&int_param, "2.5e3", &value, message), 0);
    assert_int_equal(value.i, 2500);
    assert_int_equal(params_parse(&int_param, "9007199254740992", &value, message), 0);
    assert_int_equal(params_parse(&real_param, "5.8", &value, message), 0);
    assert_close(value.r, 5.8, 0);
    assert_int_equal(params_parse(&choice_param, "dynamic", &value, message), 0);
    assert_int_equal(value.i, 1);

    expect_value_error(&int_param, "", "empty");
    expect_value_error(&int_param, "abc", "not a whole number");
    expect_value_error(&int_param, "1.5", "not a whole number");
    expect_value_error(&int_param, "12abc", "not a whole number");
    expect_value_error(&int_param, " 5", "white space");
    expect_value_error(&int_param, "5 ", "white space");
    expect_value_error(&int_param, "0", "between");
    expect_value_error(&int_param, "-5", "between");
    expect_value_error(&int_param, "1e30", "between");
    expect_value_error(&int_param, "9007199254740993", "between");
    expect_value_error(&int_param, "99999999999999999999", "too large");
    expect_value_error(&int_param, "nan", "not a whole number");
    expect_value_error(&int_param, "inf", "not a whole number");
    expect_value_error(&real_param, "nan", "finite");
    expect_value_error(&real_param, "-inf", "finite");
    expect_value_error(&real_param, "1e400", "finite");
    expect_value_error(&real_param, "11", "between");
    expect_value_error(&real_param, "5,8", "not a number");
    expect_value_error(&choice_param, "guided", "must be one of: static dynamic");
}

static void test_settings_resolve(void **state)
{
    (void)state;
    const struct pb_kernel *kernel = registry_find("cos_series");
    assert_non_null(kernel);
    struct param_setting settings[3];
    char message[PB_MESSAGE_MAX];
    assert_int_equal(params_split_setting("n=12345", &settings[0], message), 0);
    assert_int_equal(params_split_setting("cos_series.chunk=77", &settings[1], message), 0);
    assert_int_equal(params_split_setting("other.n=5", &settings[2], message), 0);
    struct pb_values values;
    assert_int_equal(params_resolve(kernel, PB_SIZE_TEST, settings, 3, &values, message), 0);
    assert_int_equal(values.v[params_find(kernel, "n")].i, 12345);
    assert_int_equal(values.v[params_find(kernel, "chunk")].i, 77);
    assert_int_equal(settings[0].used, 1);
    assert_int_equal(settings[1].used, 1);
    assert_int_equal(settings[2].used, 0); /* meant for another kernel */

    assert_int_equal(params_split_setting("n=-3", &settings[0], message), 0);
    assert_int_equal(params_resolve(kernel, PB_SIZE_TEST, settings, 1, &values, message), -1);
    assert_non_null(strstr(message, "cos_series: n=-3"));
}

static void test_size_names(void **state)
{
    (void)state;
    enum pb_size size;
    for (int s = 0; s < PB_SIZE_COUNT; s++) {
        assert_int_equal(params_size_parse(params_size_name((enum pb_size)s), &size), 0);
        assert_int_equal(size, s);
    }
    assert_int_equal(params_size_parse("Default", &size), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),        cmocka_unit_test(test_good_options),
        cmocka_unit_test(test_bad_options),     cmocka_unit_test(test_parameter_values),
        cmocka_unit_test(test_settings_resolve), cmocka_unit_test(test_size_names),
    };
    return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
