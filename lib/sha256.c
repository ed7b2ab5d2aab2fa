#include <string.h>
#include "sha256.h"

void cm_sha256_init(struct cm_sha256 *h)
{
	sha256_init(&h->ctx);
}

void cm_sha256_update(struct cm_sha256 *h, const void *data, size_t len)
{
	sha256_update(&h->ctx, len, data);
}

void cm_sha256_hex(struct cm_sha256 *h, char out[CM_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char bin[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_digest(&h->ctx, sizeof bin, bin);
	for (i = 0; i < sizeof bin; i++) {
		out[2 * i] = digits[bin[i] >> 4];
		out[2 * i + 1] = digits[bin[i] & 0xf];
	}
	out[2 * sizeof bin] = '\0';
}

uint64_t cm_sha256_u64(struct cm_sha256 *h)
{
	unsigned char bin[8];
	uint64_t v = 0;
	size_t i;

	sha256_digest(&h->ctx, sizeof bin, bin);
	for (i = 0; i < sizeof bin; i++)
		v = v << 8 | bin[i];
	return v;
}

void cm_sha256_text(const char *text, char out[CM_SHA256_HEX])
{
	struct cm_sha256 h;

	cm_sha256_init(&h);
	cm_sha256_update(&h, text, strlen(text));
	cm_sha256_hex(&h, out);
}
