/* rows.c — rows of bins, one per worker or per chunk (see parzen.h). */
#include "parzen.h"

#include <errno.h>
#include <string.h>

#include "../common/memsize.h"
#include "../common/partials.h" /* PB_CACHE_LINE */
#include "../common/shm.h"
#include "../common/traps.h"

/* int64 slots per row: W + 1 bins, rounded up to whole cache lines if padded. */
static int64_t row_stride(int64_t widths, bool padded)
{
    const int64_t per_line = PB_CACHE_LINE / (int64_t)sizeof(int64_t);
    int64_t nbins = widths + 1;
    return padded ? (nbins + per_line - 1) / per_line * per_line : nbins;
}

static uint64_t rows_bytes(int64_t count, int64_t stride)
{
    return memsize_mul(memsize_mul((uint64_t)count, (uint64_t)stride), sizeof(int64_t));
}

uint64_t parzen_rows_bytes(int64_t count, int64_t widths, bool padded)
{
    return rows_bytes(count, row_stride(widths, padded));
}

int parzen_rows_alloc(struct parzen_rows *rows, const struct parzen *pz, int64_t count)
{
    rows->count = count;
    rows->stride = row_stride(pz->widths, pz->padded);
    uint64_t bytes = rows_bytes(count, rows->stride);
    if (!memsize_fits(bytes)) {
        errno = ENOMEM;
        rows->bins = NULL;
        return -1;
    }
    rows->bins = shm_alloc((size_t)bytes); /* page-aligned: row 0 starts a cache line */
    return rows->bins ? 0 : -1;
}

void parzen_rows_free(struct parzen_rows *rows)
{
    shm_free(rows->bins, (size_t)rows_bytes(rows->count, rows->stride));
    rows->bins = NULL;
}

int64_t *parzen_row(const struct parzen_rows *rows, int64_t row)
{
    PB_CHECK(row >= 0 && row < rows->count);
    return rows->bins + row * rows->stride;
}

void parzen_rows_sum(const struct parzen_rows *rows, int64_t nbins, int64_t *bins)
{
    memset(bins, 0, (size_t)nbins * sizeof *bins);
    for (int64_t r = 0; r < rows->count; r++) {
        const int64_t *row = parzen_row(rows, r);
        for (int64_t b = 0; b < nbins; b++)
            bins[b] += row[b];
    }
}
