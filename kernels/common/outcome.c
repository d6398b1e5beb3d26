/* outcome.c — see outcome.h. */
#include "outcome.h"

#include <stdarg.h>
#include <stdio.h>

enum pb_status run_fail(struct pb_run *run, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(run->message, sizeof run->message, format, args);
    va_end(args);
    return PB_FAILED;
}

void run_bind_worker(const struct pb_run *run, int worker)
{
    if (run->bind && run->nbind_cpus > 0)
        run->bind(run->bind_cpus[worker % run->nbind_cpus]);
}
