/* What free text may hold: valid UTF-8, no control characters, bounded size. */
#ifndef CM_TEXT_H
#define CM_TEXT_H

#include <stddef.h>
#include "cm/error.h"

enum cm_text_kind {
	CM_TEXT_LINE,  /* names, identifiers, phone, e-mail, codes: one line */
	CM_TEXT_NOTE,  /* notes, reasons, feedback, goals: newline and tab allowed */
};

/* Bytes a value may have (cm(1), LIMITS). */
#define CM_TEXT_LINE_MAX 256
#define CM_TEXT_NOTE_MAX 16384

/*
 * Why v cannot be stored as text of this kind: a static phrase such as
 * "is not valid UTF-8", or NULL when it can. Refused: invalid or overlong
 * UTF-8, C0 and C1 control characters and DEL (but newline and tab in a
 * note), the bidirectional embedding, override and isolate characters, and
 * more bytes than the kind allows.
 */
const char *cm_text_problem(const char *v, enum cm_text_kind kind);

/* cm_text_problem as a status: CM_EUSAGE naming field ("notes is not valid UTF-8"). */
int cm_text_check(const char *field, const char *v, enum cm_text_kind kind,
		  struct cm_error *err);

/*
 * The length in bytes of the character at s (not NUL); *unsafe is set when
 * a terminal must not receive it raw (a control, a bidirectional override,
 * a byte that is not UTF-8, counted as one). Text output prints a '?' in
 * its place.
 */
size_t cm_text_next(const char *s, int *unsafe);

/* v in decimal, written into buf (at least CM_TEXT_INT_LEN bytes); returns where it starts. */
#define CM_TEXT_INT_LEN 24
char *cm_text_int(char *buf, long long v);

#endif
