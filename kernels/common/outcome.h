/* outcome.h — filling in struct pb_run from variant code. */
#ifndef PARBENCH_OUTCOME_H
#define PARBENCH_OUTCOME_H

#include "../kernel.h"

/* Formats run->message and returns PB_FAILED, for `return run_fail(...)`. */
enum pb_status run_fail(struct pb_run *run, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

#endif
