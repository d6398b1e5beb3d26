/* png.c — see png.h. libpng's simplified API does the encoding. */
#include "png.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <string.h>

int png_write_grey(const char *path, const struct pb_image *image, char *message)
{
    if (image->width <= 0 || image->height <= 0 || !image->grey) {
        snprintf(message, PB_MESSAGE_MAX, "%s: empty image", path);
        return -1;
    }
    png_image png;
    memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    png.width = (png_uint_32)image->width;
    png.height = (png_uint_32)image->height;
    png.format = PNG_FORMAT_GRAY;

    char temporary[1300];
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    if (!png_image_write_to_file(&png, temporary, 0, image->grey, image->width, NULL)) {
        snprintf(message, PB_MESSAGE_MAX, "%s: %s", path, png.message);
        remove(temporary);
        return -1;
    }
    if (rename(temporary, path) != 0) {
        snprintf(message, PB_MESSAGE_MAX, "%s: %s", path, strerror(errno));
        remove(temporary);
        return -1;
    }
    return 0;
}
