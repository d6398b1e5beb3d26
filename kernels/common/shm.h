/*
 * shm.h — memory that forked worker processes share with their parent.
 *
 * After fork() a child gets a copy-on-write image of its parent's memory: its
 * first write to a page makes a private copy, and the parent never sees it.
 * Results a worker process produces must therefore live in pages mapped
 * MAP_SHARED *before* the fork; those pages stay the same physical memory in
 * every process.
 *
 * Threads (pthreads, OpenMP) share all memory anyway, so shared mappings
 * work for every variant; kernels allocate their answers here once, in setup.
 */
#ifndef PARBENCH_SHM_H
#define PARBENCH_SHM_H

#include <stddef.h>

/*
 * Maps `bytes` of zero-filled memory shared with future children, aligned to
 * a page. Returns NULL (errno set) on failure or when bytes is 0. Free with
 * shm_free(ptr, bytes) using the same size.
 */
void *shm_alloc(size_t bytes);
void shm_free(void *ptr, size_t bytes);

/* Writes one byte per page, so the page faults happen now, not in a timed run. */
void shm_touch(void *ptr, size_t bytes);

/*
 * For a forked worker about to use [ptr, ptr + bytes) of shared memory:
 * makes its page-table entries now. A fresh child has no page-table entries
 * for its parent's shared mappings; Linux adds them on demand, one page
 * fault per page on a write. With MADV_POPULATE_READ (Linux 5.14+) one
 * call maps the whole range; elsewhere one byte per page is read, and a
 * read fault maps up to 16 pages ("fault-around"). Harmless elsewhere.
 */
void shm_map_in(const void *ptr, size_t bytes);

#endif
