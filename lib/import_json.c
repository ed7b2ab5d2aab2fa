/* Text built without a malloc per row: the JSON and summaries of the import's audit records. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import_impl.h"
#include "cm/text.h"

/* --- text buffers ---------------------------------------------------------- */

static void buf_grow(struct buf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->failed || b->len + more + 1 <= b->cap)
		return;
	cap = (b->len + more + 1) * 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->failed = 1;
		return;
	}
	b->p = p;
	b->cap = cap;
}

void cm_import_buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (b->failed)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void cm_import_buf_str(struct buf *b, const char *s)
{
	cm_import_buf_add(b, s, strlen(s));
}

void cm_import_buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* A JSON string, escaped as cJSON prints it. */
static void json_quote(struct buf *b, const char *s)
{
	const char *run = s;
	char esc[8];

	cm_import_buf_add(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		cm_import_buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': cm_import_buf_str(b, "\\\""); break;
		case '\\': cm_import_buf_str(b, "\\\\"); break;
		case '\b': cm_import_buf_str(b, "\\b"); break;
		case '\f': cm_import_buf_str(b, "\\f"); break;
		case '\n': cm_import_buf_str(b, "\\n"); break;
		case '\r': cm_import_buf_str(b, "\\r"); break;
		case '\t': cm_import_buf_str(b, "\\t"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", c);
			cm_import_buf_str(b, esc);
		}
	}
	cm_import_buf_add(b, run, (size_t)(s - run));
	cm_import_buf_add(b, "\"", 1);
}

/* A key, after a comma unless it opens an object. */
static void json_key(struct buf *b, const char *key)
{
	int first = b->len == 0 || b->p[b->len - 1] == '{';

	cm_import_buf_add(b, first ? "\"" : ",\"", first ? 1 : 2);
	cm_import_buf_str(b, key);
	cm_import_buf_add(b, "\":", 2);
}

void cm_import_json_text(struct buf *b, const char *key, const char *v)
{
	json_key(b, key);
	if (v)
		json_quote(b, v);
	else
		cm_import_buf_add(b, "null", 4);
}

/* A number in decimal, without printf: two or three per imported row add up. */
void cm_import_buf_int(struct buf *b, long long v)
{
	char n[CM_TEXT_INT_LEN], *p = cm_text_int(n, v);

	cm_import_buf_add(b, p, (size_t)(n + sizeof n - 1 - p));
}

void cm_import_json_int(struct buf *b, const char *key, long long v)
{
	json_key(b, key);
	cm_import_buf_int(b, v);
}
