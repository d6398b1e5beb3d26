/*
 * team.h — a team of POSIX threads: create, run, join.
 *
 * The pthreads variants all follow the same pattern: give each thread its
 * own argument struct (which tells it which part of the work is its own),
 * start the threads with pthread_create, wait for all of them with
 * pthread_join, then combine their results. This module is that pattern,
 * written once with the error handling it needs; each pthreads variant
 * shows the interesting part, the work split and the reduction.
 */
#ifndef PARBENCH_TEAM_H
#define PARBENCH_TEAM_H

#include <stddef.h>

#include "../kernel.h"

/*
 * Runs body(args + i * arg_size) on its own thread for every i in
 * [0, run->workers), pinned as run->bind asks, and returns after every
 * thread has ended. Sets run->workers_actual to the number of threads
 * started. If a pthread_create fails, the threads already running are
 * joined and PB_FAILED is returned with the reason in run->message.
 */
enum pb_status team_run(struct pb_run *run, void *(*body)(void *), void *args, size_t arg_size);

#endif
