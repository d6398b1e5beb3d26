/*
 * test_readers.c — reading back what parbench writes: CSV with quoted
 * fields, and JSON; malformed input is refused, not misread.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/testing.h"

#include "../harness/csvread.h"
#include "../harness/json.h"
#include "../harness/jsonread.h"

static const char *write_temp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/parbench-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_csv(void **state)
{
    (void)state;
    const char *path = write_temp("a,b,message\n1,2.5,\"x, \"\"quoted\"\"\"\n3,,plain\n"
                                  "4,inf,\"\"\r\n");
    struct csv_table t;
    char message[256];
    assert_int_equal(csv_read(path, &t, message), 0);
    assert_int_equal(t.ncolumns, 3);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(csv_text(&t, 0, "message"), "x, \"quoted\"");
    assert_close(csv_number(&t, 0, "b"), 2.5, 0);
    assert_true(isnan(csv_number(&t, 1, "b")));
    assert_true(isinf(csv_number(&t, 2, "b")));
    assert_string_equal(csv_text(&t, 2, "message"), "");
    assert_string_equal(csv_text(&t, 0, "nosuch"), "");
    assert_true(isnan(csv_number(&t, 1, "message")));
    csv_free(&t);
    remove(path);

    const char *bad[] = {"a,b\n1,2,3\n", "a,b\n\"open,2\n", "a\n\"x\"y\n", ""};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        path = write_temp(bad[i]);
        if (csv_read(path, &t, message) != -1)
            fail_msg("accepted malformed CSV #%zu", i);
        remove(path);
    }
    assert_int_equal(csv_read("/nonexistent/results.csv", &t, message), -1);
}

static void test_json_round_trip(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    struct json_writer w;
    json_init(&w, out);
    json_object_begin(&w, NULL);
    json_string(&w, "host", "node\"1\"\n\t\x01");
    json_number(&w, "pi", 3.25);
    json_number(&w, "nan", NAN);
    json_bool(&w, "yes", true);
    json_object_begin(&w, "cores");
    json_int(&w, "usable", 16);
    json_object_end(&w);
    json_array_begin(&w, "list");
    json_int(&w, NULL, 1);
    json_int(&w, NULL, -2);
    json_array_end(&w);
    json_object_end(&w);
    fclose(out);

    char message[256];
    struct json_value *root = json_parse(text, message);
    assert_non_null(root);
    assert_string_equal(json_path_string(root, "host", ""), "node\"1\"\n\t\x01");
    assert_close(json_path_number(root, "pi"), 3.25, 0);
    assert_int_equal(json_path(root, "nan")->type, JSON_NULL);
    assert_true(json_path(root, "yes")->boolean);
    assert_close(json_path_number(root, "cores.usable"), 16, 0);
    assert_int_equal(json_path(root, "list")->count, 2);
    assert_close(json_path(root, "list")->items[1].number, -2, 0);
    assert_null(json_path(root, "cores.missing"));
    assert_string_equal(json_path_string(root, "missing", "fallback"), "fallback");
    json_value_free(root);
    free(text);
}

static void test_json_rejects(void **state)
{
    (void)state;
    const char *bad[] = {"", "{", "{\"a\" 1}", "[1,]", "{\"a\":1,}", "\"open", "tru",
                         "{} extra", "[\"\\x\"]", "-", "[1 2]"};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        char message[256] = "";
        struct json_value *root = json_parse(bad[i], message);
        if (root)
            fail_msg("accepted malformed JSON: %s", bad[i]);
        assert_true(message[0] != '\0');
    }
    char message[256];
    struct json_value *root = json_parse(" [\"\\u00e9\\u20ac\", {}, [], null, false, -1.5e3] ",
                                         message);
    assert_non_null(root);
    assert_string_equal(root->items[0].string, "\xc3\xa9\xe2\x82\xac");
    assert_close(root->items[5].number, -1500, 0);
    json_value_free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_json_rejects),
    };
    return cmocka_run_group_tests_name("readers", tests, NULL, NULL);
}
