/*
 * SHA-256 for the audit chain and plan signatures (internal to lib/), over
 * nettle: it needs no start-up work, which matters for a command that runs
 * for a few milliseconds and for an import that hashes every record.
 */
#ifndef CM_LIB_SHA256_H
#define CM_LIB_SHA256_H

#include <stddef.h>
#include <stdint.h>
#include <nettle/sha2.h>

#define CM_SHA256_HEX 65  /* 64 hex digits + NUL */

struct cm_sha256 {
	struct sha256_ctx ctx;
};

void cm_sha256_init(struct cm_sha256 *h);
void cm_sha256_update(struct cm_sha256 *h, const void *data, size_t len);
/* Finish into out as lower-case hex. */
void cm_sha256_hex(struct cm_sha256 *h, char out[CM_SHA256_HEX]);

/* Finish into the digest's first 64 bits (a fingerprint, not a signature). */
uint64_t cm_sha256_u64(struct cm_sha256 *h);

/* The hex digest of text (NUL-terminated) in one call. */
void cm_sha256_text(const char *text, char out[CM_SHA256_HEX]);

#endif
