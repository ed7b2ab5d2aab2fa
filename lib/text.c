/* Free text: UTF-8 well-formedness, control characters and size limits. */
#include <string.h>
#include "cm/text.h"

#define NUM_(n) #n
#define NUM(n) NUM_(n)

/* The length of the well-formed UTF-8 sequence at s, or 0 (RFC 3629). */
static size_t utf8_seq(const unsigned char *s, unsigned *cp)
{
	size_t n, i;
	unsigned c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, min = 0x80, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, min = 0x800, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, min = 0x10000, c &= 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static int is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Embeddings and overrides (U+202A-E) and isolates (U+2066-9) reorder text on screen. */
static int is_bidi_control(unsigned cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

const char *cm_text_problem(const char *v, enum cm_text_kind kind)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t max = kind == CM_TEXT_NOTE ? CM_TEXT_NOTE_MAX : CM_TEXT_LINE_MAX;
	unsigned cp;
	size_t n;

	if (strlen(v) > max)
		return kind == CM_TEXT_NOTE ? "is longer than " NUM(CM_TEXT_NOTE_MAX) " bytes"
					    : "is longer than " NUM(CM_TEXT_LINE_MAX) " bytes";
	for (; *p; p += n) {
		/* Printable ASCII, most of any field, needs no decoding. */
		if (*p >= 0x20 && *p < 0x7f) {
			n = 1;
			continue;
		}
		n = utf8_seq(p, &cp);
		if (!n)
			return "is not valid UTF-8";
		if (kind == CM_TEXT_NOTE && (cp == '\n' || cp == '\t'))
			continue;
		if (is_control(cp))
			return cp == '\n' || cp == '\t' ? "must be on one line"
							: "contains a control character";
		if (is_bidi_control(cp))
			return "contains a bidirectional control character";
	}
	return NULL;
}

int cm_text_check(const char *field, const char *v, enum cm_text_kind kind,
		  struct cm_error *err)
{
	const char *why = v ? cm_text_problem(v, kind) : NULL;

	return why ? cm_error_set(err, CM_EUSAGE, "%s %s", field, why) : 0;
}

size_t cm_text_next(const char *s, int *unsafe)
{
	unsigned cp;
	size_t n = utf8_seq((const unsigned char *)s, &cp);

	*unsafe = !n || is_control(cp) || is_bidi_control(cp);
	return n ? n : 1;
}

/* snprintf's format parsing costs more than the digits on a hot path. */
char *cm_text_int(char *buf, long long v)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char *p = buf + CM_TEXT_INT_LEN - 1;

	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return p;
}
