/*
 * test_stats.c — summary statistics, the JSON writer's escaping, the triad.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/testing.h"

#include "../harness/bandwidth.h"
#include "../harness/json.h"
#include "../harness/stats.h"

static void test_odd_count(void **state)
{
    (void)state;
    const double times[] = {3.0, 1.0, 2.0, 10.0, 4.0};
    struct sample_stats s;
    stats_compute(times, 5, &s);
    assert_int_equal(s.count, 5);
    assert_close(s.min, 1.0, 0);
    assert_close(s.max, 10.0, 0);
    assert_close(s.median, 3.0, 0);
    assert_close(s.mean, 4.0, 1e-15);
    /* sample variance: (1 + 9 + 4 + 36 + 0) / 4 = 12.5 */
    assert_close(s.stddev, sqrt(12.5), 1e-15);
    assert_close(s.cv, sqrt(12.5) / 4.0, 1e-15);
    assert_close(times[0], 3.0, 0); /* the input is left alone */
}

static void test_even_count_and_single(void **state)
{
    (void)state;
    const double times[] = {4.0, 1.0, 3.0, 2.0};
    struct sample_stats s;
    stats_compute(times, 4, &s);
    assert_close(s.median, 2.5, 0);
    stats_compute(times, 1, &s);
    assert_close(s.median, 4.0, 0);
    assert_close(s.stddev, 0.0, 0);
    assert_close(s.cv, 0.0, 0);
    const double zeros[] = {0.0, 0.0};
    stats_compute(zeros, 2, &s);
    assert_close(s.cv, 0.0, 0); /* no division by a zero mean */
}

static void test_json_escaping(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    struct json_writer w;
    json_init(&w, out);
    json_object_begin(&w, NULL);
    json_string(&w, "quote\"key", "a\"b\\c\nd\te\x01");
    json_number(&w, "nan", NAN);
    json_number(&w, "pi", 3.25);
    json_array_begin(&w, "empty");
    json_array_end(&w);
    json_object_end(&w);
    fclose(out);
    const char *expected = "{\n  \"quote\\\"key\": \"a\\\"b\\\\c\\nd\\te\\u0001\",\n"
                           "  \"nan\": null,\n  \"pi\": 3.25,\n  \"empty\": []\n}\n";
    assert_string_equal(text, expected);
    free(text);
}

/* The triad runs and reports a positive figure (no speed is asserted). */
static void test_bandwidth_triad_runs(void **state)
{
    (void)state;
    assert_true(bandwidth_triad(1, (size_t)8 << 20, false) > 0.0);
    assert_true(bandwidth_triad(3, (size_t)8 << 20, true) > 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_odd_count),
        cmocka_unit_test(test_even_count_and_single),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_bandwidth_triad_runs),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
