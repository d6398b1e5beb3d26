/*
 * order.h — run the threads of a variant one at a time, the last one first.
 *
 * A data race or an answer that depends on the order in which threads add
 * to it can hide for ever at the test size, where each thread's work is so
 * short that the threads happen to run one after the other, in order. This
 * makes the order different, every time: worker i starts only after every
 * worker above i has ended. An answer that depends on the order then comes
 * out different, and a correct one cannot.
 *
 * It works through the binding hook of struct pb_run (kernel.h): every
 * thread a pthreads variant starts calls run_bind_worker(run, i) first
 * (common/team.c does; cos_series' pthreads.c does it by hand), and this
 * hook makes that call wait. A worker whose turn does not come within a
 * second (its predecessors never ran, say because each thread is joined
 * before the next is created) goes ahead and the run is marked as not
 * concurrent.
 */
#ifndef PARBENCH_TEST_ORDER_H
#define PARBENCH_TEST_ORDER_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel.h"

/* Sets run->bind (and its cpus) to run run->workers threads in reverse order. */
void order_reverse(struct pb_run *run);

/* After the run: true if every worker checked in and took its turn;
 * otherwise false with what happened in message. */
bool order_reverse_done(char *message, size_t size);

#endif
