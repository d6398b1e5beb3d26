/*
 * digest.h — a 64-bit fingerprint of an answer's exact bits (FNV-1a).
 *
 * Tests compare digests to prove that two variants returned bit-identical
 * answers; it is a fingerprint for equality, not a cryptographic hash.
 */
#ifndef PARBENCH_DIGEST_H
#define PARBENCH_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define DIGEST_INIT UINT64_C(14695981039346656037)

static inline uint64_t digest_bytes(uint64_t digest, const void *data, size_t size)
{
    const unsigned char *bytes = data;
    for (size_t i = 0; i < size; i++) {
        digest ^= bytes[i];
        digest *= UINT64_C(1099511628211);
    }
    return digest;
}

#endif
