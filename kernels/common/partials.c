/* partials.c — cache-line padded partial results (see partials.h). */
#include "partials.h"

#include <errno.h>
#include <math.h>

#include "memsize.h"
#include "shm.h"

static size_t partials_bytes(int64_t count)
{
    return (size_t)memsize_mul((uint64_t)count, sizeof(struct partial));
}

struct partial *partials_alloc(int64_t count)
{
    if (count < 1 || !memsize_fits(memsize_mul((uint64_t)count, sizeof(struct partial)))) {
        errno = EINVAL;
        return NULL;
    }
    return shm_alloc(partials_bytes(count));
}

void partials_free(struct partial *partials, int64_t count)
{
    if (partials)
        shm_free(partials, partials_bytes(count));
}

void partials_poison(struct partial *partials, int64_t count)
{
    for (int64_t i = 0; i < count; i++)
        partials[i].value = NAN;
}

double partials_sum(const struct partial *partials, int64_t count)
{
    double sum = 0.0;
    for (int64_t i = 0; i < count; i++)
        sum += partials[i].value;
    return sum;
}
