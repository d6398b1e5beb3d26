/*
 * test_png.c — the PNG writer: what it writes, libpng reads back unchanged.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support/testing.h"

#include "../harness/png.h"

static void test_round_trip(void **state)
{
    (void)state;
    enum { WIDTH = 37, HEIGHT = 11 };
    static uint8_t grey[WIDTH * HEIGHT];
    for (int i = 0; i < WIDTH * HEIGHT; i++)
        grey[i] = (uint8_t)(i * 7);
    char path[] = "/tmp/parbench-png-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);

    struct pb_image image = {WIDTH, HEIGHT, grey};
    char message[PB_MESSAGE_MAX];
    assert_int_equal(png_write_grey(path, &image, message), 0);

    png_image png;
    memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_file(&png, path));
    assert_int_equal(png.width, WIDTH);
    assert_int_equal(png.height, HEIGHT);
    png.format = PNG_FORMAT_GRAY;
    static uint8_t back[WIDTH * HEIGHT];
    assert_true(png_image_finish_read(&png, NULL, back, WIDTH, NULL));
    assert_memory_equal(back, grey, sizeof grey);
    remove(path);
}

static void test_errors(void **state)
{
    (void)state;
    uint8_t pixel = 0;
    struct pb_image image = {1, 1, &pixel};
    char message[PB_MESSAGE_MAX];
    assert_int_equal(png_write_grey("/nonexistent-dir/x.png", &image, message), -1);
    assert_non_null(strstr(message, "/nonexistent-dir/x.png"));
    struct pb_image empty = {0, 5, &pixel};
    assert_int_equal(png_write_grey("/tmp/never.png", &empty, message), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("png", tests, NULL, NULL);
}
