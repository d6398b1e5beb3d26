/*
 * team.h — a team of POSIX threads: create, run, join. The next page of the
 * lesson after cos_series' pthreads.c.
 *
 * You wrote this once in cos_series: give each thread its own argument
 * struct (which tells it which part of the work is its own), start every
 * thread with pthread_create, wait for all of them with pthread_join, then
 * combine their results. Here it is written once for every later kernel,
 * with the error handling it needs: a pthread_create that fails after some
 * threads started still joins those (a thread left running would use
 * memory its caller is about to free), errors come back as error numbers
 * (pthreads functions do not set errno), and each thread is pinned as
 * --bind asks before it starts on the caller's body. The pthreads variants
 * of slow_series, gauss_map, parzen and sph2cart call team_run and show
 * only what differs: the work split and the reduction.
 *
 * The threads are created and joined inside every run, so their creation
 * is part of each timed run; pb_start_threads (kernel.h) makes and joins a
 * team that does nothing, and the harness reports that as startup_s.
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
