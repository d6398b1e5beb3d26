/* png.h — writing a kernel's grey image as a PNG file (libpng). */
#ifndef PARBENCH_PNG_H
#define PARBENCH_PNG_H

#include "../kernels/kernel.h"

/* Writes image to path (via a temporary file and rename). Returns 0, or -1
 * with a one-line reason in message[PB_MESSAGE_MAX]. */
int png_write_grey(const char *path, const struct pb_image *image, char *message);

#endif
