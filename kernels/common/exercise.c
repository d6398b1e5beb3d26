/* exercise.c — the "not implemented" note of exercise stubs (see exercise.h). */
#include "exercise.h"

#include <stdatomic.h>
#include <stdio.h>

#include "shm.h"

struct note {
    atomic_int taken; /* 0 until a stub has written `where` */
    atomic_int ready; /* 1 once `where` is complete */
    char where[240];
};

/* In shared memory once exercise_reset() has run; a private fallback before. */
static struct note fallback;
static struct note *note = &fallback;

void exercise_reset(void)
{
    if (note == &fallback) {
        struct note *shared = shm_alloc(sizeof *shared);
        if (shared)
            note = shared;
    }
    atomic_store(&note->ready, 0);
    atomic_store(&note->taken, 0);
    note->where[0] = '\0';
}

void exercise_missing(const char *where)
{
    if (atomic_exchange(&note->taken, 1) != 0)
        return; /* another stub got there first */
    snprintf(note->where, sizeof note->where, "%s", where);
    atomic_store(&note->ready, 1);
}

const char *exercise_missing_where(void)
{
    if (!atomic_load(&note->taken))
        return NULL;
    return atomic_load(&note->ready) ? note->where : "an exercise stub";
}
