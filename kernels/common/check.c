/* check.c — the one place under kernels/ that writes to stderr: a bug report. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>

void pb_check_failed(const char *file, int line, const char *condition)
{
    fprintf(stderr, "parbench: BUG at %s:%d: %s is false\n", file, line, condition);
    abort();
}
