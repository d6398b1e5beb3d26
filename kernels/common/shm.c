/* shm.c — shared anonymous mappings (see shm.h). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "shm.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

void *shm_alloc(size_t bytes)
{
    if (bytes == 0) {
        errno = EINVAL;
        return NULL;
    }
    void *ptr = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return ptr == MAP_FAILED ? NULL : ptr;
}

void shm_free(void *ptr, size_t bytes)
{
    if (ptr)
        munmap(ptr, bytes);
}

void shm_touch(void *ptr, size_t bytes)
{
    volatile char *bytes_ptr = ptr;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    for (size_t offset = 0; offset < bytes; offset += page)
        bytes_ptr[offset] = 0;
}

void shm_map_in(const void *ptr, size_t bytes)
{
#ifdef MADV_POPULATE_READ
    /* Linux 5.14 and later: all the page-table entries in one call. The
     * range must start on a page boundary. */
    size_t page_size = (size_t)sysconf(_SC_PAGESIZE);
    size_t into_page = (uintptr_t)ptr & (uintptr_t)(page_size - 1);
    if (bytes > 0 &&
        madvise((char *)ptr - into_page, bytes + into_page, MADV_POPULATE_READ) == 0)
        return;
#endif
    const volatile char *bytes_ptr = ptr;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    for (size_t offset = 0; offset < bytes; offset += page)
        (void)bytes_ptr[offset];
    if (bytes > 0)
        (void)bytes_ptr[bytes - 1];
}
