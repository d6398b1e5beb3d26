/* outcome.h — filling in struct pb_run from variant code. */
#ifndef PARBENCH_OUTCOME_H
#define PARBENCH_OUTCOME_H

#include "../kernel.h"

/* Formats run->message and returns PB_FAILED, for `return run_fail(...)`. */
enum pb_status run_fail(struct pb_run *run, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Pins the calling thread (or process) as run->bind asks for worker
 * `worker`; does nothing without a binding. */
void run_bind_worker(const struct pb_run *run, int worker);

#endif
