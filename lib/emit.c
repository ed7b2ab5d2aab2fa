/* Structured output: records built once, written as text, json, csv or tsv. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cm/clock.h"
#include "cm/emit.h"
#include "cm/i18n.h"
#include "emit_fit.h"
#include "labels.h"
#include "cm/text.h"

/*
 * Each record is built as a cJSON object whose values are strings, raw
 * numbers (kept as the text they will print as, so a 64-bit integer never
 * goes through a double), booleans or null. json, csv and tsv write each
 * record as soon as it ends. A text table waits for its first screenful of
 * rows, which decides the column widths, then prints each row as it comes
 * (a wider value widens its column from there on), so a long listing takes
 * no more memory than a short one.
 */
struct cm_emit {
	enum cm_format format;
	FILE *out;
	int status;             /* first CM_ENOMEM or CM_EUSAGE; then inert */
	int in_list;
	size_t written;         /* records written in this list, or singly */
	cJSON *record;          /* the record being built, NULL between records */
	cJSON *rows;            /* text: the list's first rows, until widths are known */
	cJSON *head;            /* text: the first row once streaming; its keys are the columns */
	size_t *width;          /* text: column widths once streaming */
	size_t *limit;          /* text: widths values are cut to (0: none), to fit the terminal */
	cJSON *columns;         /* csv/tsv: the first record, whose keys are the header */
	cJSON *declared;        /* csv/tsv: the keys the list's records have, for an empty list */
	cJSON *kept;            /* records: every record so far */
	/*
	 * json always, and csv/tsv once the header is out, write each field as
	 * it comes instead of building the record: a long listing costs no
	 * allocation per row.
	 */
	int direct;             /* the record being written directly */
	size_t fields;          /* ...fields (csv: columns) written so far */
	const cJSON *next_col;  /* csv/tsv: the header column the next field fills */
};

static const struct {
	const char *name;
	enum cm_format format;
} format_names[] = {
	{ "text", CM_FORMAT_TEXT },
	{ "json", CM_FORMAT_JSON },
	{ "csv", CM_FORMAT_CSV },
	{ "tsv", CM_FORMAT_TSV },
};

int cm_format_parse(const char *name, enum cm_format *out)
{
	size_t i;

	for (i = 0; name && i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (!strcmp(name, format_names[i].name)) {
			*out = format_names[i].format;
			return 0;
		}
	}
	return CM_EUSAGE;
}

struct cm_emit *cm_emit_new(enum cm_format format, FILE *out)
{
	struct cm_emit *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->format = format;
	e->out = out;
	return e;
}

struct cm_emit *cm_emit_new_records(void)
{
	struct cm_emit *e = cm_emit_new(CM_FORMAT_RECORDS, NULL);

	if (e && !(e->kept = cJSON_CreateArray())) {
		free(e);
		return NULL;
	}
	return e;
}

const struct cJSON *cm_emit_records(const struct cm_emit *e)
{
	return e->kept;
}

enum cm_format cm_emit_format(const struct cm_emit *e)
{
	return e->format;
}

/* Returns nonzero when the call may go ahead; a misuse makes the emitter inert. */
static int usable(struct cm_emit *e, int ok)
{
	if (e->status)
		return 0;
	if (!ok)
		e->status = CM_EUSAGE;
	return ok;
}

/* The text a value prints as in csv, tsv and text; NULL for null. */
static const char *scalar_text(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (cJSON_IsTrue(v))
		return "true";
	if (cJSON_IsFalse(v))
		return "false";
	return v->valuestring;
}

/* Code points, not bytes: what a terminal column count roughly follows. */
static size_t utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The width text tables fit in (cm_emit_set_text_width); 0: never cut. */
static size_t text_max_width;

void cm_emit_set_text_width(size_t columns)
{
	text_max_width = columns;
}

static void put_spaces(FILE *out, size_t n)
{
	static const char spaces[] = "                                ";

	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		fputs(spaces, out);
	fwrite(spaces, 1, n, out);
}

/* ---- json ---- */

/* Runs that need no escape are written whole: a character at a time is slow. */
static void json_string(FILE *out, const char *s)
{
	const char *run = s;

	putc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;       /* UTF-8 passes through untouched */
		fwrite(run, 1, (size_t)(s - run), out);
		run = s + 1;
		switch (c) {
		case '"':  fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default: fprintf(out, "\\u%04x", c);
		}
	}
	fwrite(run, 1, (size_t)(s - run), out);
	putc('"', out);
}

static void json_value(FILE *out, const cJSON *v)
{
	const char *text = scalar_text(v);

	/* Trees from elsewhere (cm_emit_json_tree) hold real numbers, not raw text. */
	if (cJSON_IsNumber(v)) {
		if (v->valuedouble == (double)(long long)v->valuedouble)
			fprintf(out, "%lld", (long long)v->valuedouble);
		else
			fprintf(out, "%.17g", v->valuedouble);
		return;
	}
	if (cJSON_IsString(v))
		json_string(out, text);
	else
		fputs(text ? text : "null", out);
}

static int scalars_only(const cJSON *array)
{
	const cJSON *f;

	for (f = array->child; f; f = f->next)
		if (cJSON_IsArray(f) || cJSON_IsObject(f))
			return 0;
	return 1;
}

/* A list of plain values on one line: ["a", "b"]. */
static void json_inline_array(FILE *out, const cJSON *array)
{
	const cJSON *f;

	putc('[', out);
	for (f = array->child; f; f = f->next) {
		json_value(out, f);
		if (f->next)
			fputs(", ", out);
	}
	putc(']', out);
}

/* Any tree: nested objects and arrays, two-space indentation; arrays of plain values on one line. */
static void json_tree(FILE *out, const cJSON *v, int indent)
{
	const cJSON *f;
	int is_array = cJSON_IsArray(v);

	if (!cJSON_IsArray(v) && !cJSON_IsObject(v)) {
		json_value(out, v);
		return;
	}
	if (!v->child) {
		fputs(is_array ? "[]" : "{}", out);
		return;
	}
	if (is_array && scalars_only(v)) {
		json_inline_array(out, v);
		return;
	}
	fputs(is_array ? "[\n" : "{\n", out);
	for (f = v->child; f; f = f->next) {
		put_spaces(out, indent + 2);
		if (!is_array) {
			json_string(out, f->string);
			fputs(": ", out);
		}
		json_tree(out, f, indent + 2);
		fputs(f->next ? ",\n" : "\n", out);
	}
	put_spaces(out, indent);
	putc(is_array ? ']' : '}', out);
}

void cm_emit_json_tree(FILE *out, const cJSON *doc)
{
	json_tree(out, doc, 0);
	putc('\n', out);
}

/* ---- csv and tsv ---- */

void cm_emit_csv_field(FILE *out, const char *val, char sep)
{
	const char special[] = { sep, '"', '\r', '\n', '\0' };
	const char *p;
	size_t n;

	if (!val)
		return;
	if (sep == '\t') {
		for (p = val; *p; p++)
			putc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, out);
		return;
	}
	/* One pass finds whether it needs quotes, and the length to write. */
	n = strcspn(val, special);
	if (!val[n]) {
		fwrite(val, 1, n, out);
		return;
	}
	putc('"', out);
	for (p = val; *p; p++) {
		if (*p == '"')
			putc('"', out);
		putc(*p, out);
	}
	putc('"', out);
}

static void csv_header(struct cm_emit *e, char sep)
{
	const cJSON *f;

	for (f = e->columns->child; f; f = f->next) {
		cm_emit_csv_field(e->out, f->string, sep);
		putc(f->next ? sep : '\n', e->out);
	}
}

/* Rows follow the first record's keys, so every line has the header's fields. */
static void csv_record(struct cm_emit *e, cJSON *rec)
{
	char sep = e->format == CM_FORMAT_TSV ? '\t' : ',';
	const cJSON *col;

	if (!e->columns) {
		e->columns = rec;
		csv_header(e, sep);
	}
	for (col = e->columns->child; col; col = col->next) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, col->string);

		cm_emit_csv_field(e->out, scalar_text(v), sep);
		putc(col->next ? sep : '\n', e->out);
	}
	if (rec != e->columns)
		cJSON_Delete(rec);
}

/* ---- text ---- */

/*
 * Line breaks and tabs inside a value would break the layout; controls and
 * bidirectional overrides would reach the terminal raw: a '?' stands in.
 */
static void text_value(FILE *out, const char *s)
{
	const char *run = s;
	size_t n;
	int unsafe;

	for (; *s; s += n) {
		if (*s >= 0x20 && *s < 0x7f) {
			n = 1;
			continue;
		}
		n = cm_text_next(s, &unsafe);
		if (!unsafe)
			continue;
		fwrite(run, 1, (size_t)(s - run), out);
		putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : '?', out);
		run = s + n;
	}
	fwrite(run, 1, (size_t)(s - run), out);
}

/*
 * A column heading: the key's label in capitals. Accented small letters of
 * Latin-1 (U+00E0-U+00FE, two bytes in UTF-8) are raised too, whatever the
 * locale, so a French heading is the same on every machine.
 */
static void text_header(char *out, size_t size, const char *key)
{
	const unsigned char *p = (const unsigned char *)cm_label_field(key);
	size_t n = 0;

	for (; *p && n + 2 < size; p++) {
		if (*p >= 'a' && *p <= 'z') {
			out[n++] = (char)(*p - 'a' + 'A');
		} else if (*p == 0xc3 && p[1] >= 0xa0 && p[1] <= 0xbe && p[1] != 0xb7) {
			out[n++] = (char)*p;
			out[n++] = (char)(*++p - 0x20);
		} else {
			out[n++] = (char)*p;
		}
	}
	out[n] = '\0';
}

/* One "key: value" line per field, values lined up after the longest key. */
static void text_record(struct cm_emit *e, const cJSON *rec)
{
	const cJSON *f;
	size_t longest = 0;

	if (e->written)
		putc('\n', e->out);
	for (f = rec->child; f; f = f->next)
		if (utf8_width(cm_label_field(f->string)) > longest)
			longest = utf8_width(cm_label_field(f->string));
	for (f = rec->child; f; f = f->next) {
		const char *v = scalar_text(f);
		const char *label = cm_label_field(f->string);

		/* TRANSLATORS: a field of a record in text output: "label: value". */
		fprintf(e->out, _("%s: "), label);
		put_spaces(e->out, longest - utf8_width(label));
		text_value(e->out, v ? v : "-");
		putc('\n', e->out);
	}
}

/* The row's value for col; rows of one kind keep the header's key order, so look there first. */
static const cJSON *row_value(const cJSON *row, const cJSON *col, const cJSON **next)
{
	const cJSON *v = *next;

	if (!v || strcmp(v->string, col->string))
		v = cJSON_GetObjectItemCaseSensitive(row, col->string);
	*next = v ? v->next : NULL;
	return v;
}

/* v in at most limit columns (0: no limit): cut, its last column an ellipsis. Returns the width printed. */
static size_t text_value_cut(FILE *out, const char *v, size_t limit)
{
	size_t n = 0, points = 0;
	char *cut;

	if (!limit || utf8_width(v) <= limit) {
		text_value(out, v);
		return utf8_width(v);
	}
	for (; v[n]; n++) {
		if (((unsigned char)v[n] & 0xc0) == 0x80)
			continue;
		if (points == limit - 1)
			break;
		points++;
	}
	cut = malloc(n + sizeof "\xe2\x80\xa6");
	if (!cut) {
		text_value(out, v);
		return utf8_width(v);
	}
	memcpy(cut, v, n);
	memcpy(cut + n, "\xe2\x80\xa6", sizeof "\xe2\x80\xa6");
	text_value(out, cut);
	free(cut);
	return points + 1;
}

static void text_row(FILE *out, const cJSON *columns, const cJSON *row,
		     const size_t *width, const size_t *limit, int header)
{
	const cJSON *col, *next = row ? row->child : NULL;
	size_t i = 0, shown;
	char label[256];

	for (col = columns->child; col; col = col->next, i++) {
		const char *v = header ? col->string : scalar_text(row_value(row, col, &next));

		if (!v)
			v = "-";
		if (header) {
			text_header(label, sizeof label, v);
			v = label;
		}
		shown = text_value_cut(out, v, limit ? limit[i] : 0);
		if (col->next) {
			put_spaces(out, width[i] > shown ? width[i] - shown : 0);
			fputs("  ", out);
		}
	}
	putc('\n', out);
}

/* Rows the column widths are taken from before the table starts printing. */
#define TEXT_SCREENFUL 100

/* Widen the columns to fit row (or the header labels when row is NULL), up to their limits. */
static void text_measure(size_t *width, const size_t *limit, const cJSON *columns,
			 const cJSON *row)
{
	const cJSON *col, *next = row ? row->child : NULL;
	size_t i, w;

	for (col = columns->child, i = 0; col; col = col->next, i++) {
		const char *v = row ? scalar_text(row_value(row, col, &next))
				    : cm_label_field(col->string);

		w = utf8_width(v ? v : "-");
		if (limit && limit[i] && w > limit[i])
			w = limit[i];
		if (w > width[i])
			width[i] = w;
	}
}

/* Narrow free-text columns so that the table fits text_max_width. */
static int text_fit(struct cm_emit *e, const cJSON *columns, size_t n)
{
	const char **keys;
	const cJSON *col;
	size_t i = 0;

	e->limit = calloc(n + 1, sizeof(*e->limit));
	keys = calloc(n + 1, sizeof(*keys));
	if (!e->limit || !keys) {
		free(keys);
		return CM_ENOMEM;
	}
	for (col = columns->child; col; col = col->next)
		keys[i++] = col->string;
	cm_fit_columns(keys, e->width, e->limit, n, text_max_width);
	free(keys);
	return 0;
}

/* Columns are the first row's keys; widths come from the rows held so far. */
static int text_start(struct cm_emit *e)
{
	cJSON *columns = e->rows->child;
	size_t n = columns ? (size_t)cJSON_GetArraySize(columns) : 0;
	const cJSON *row;

	if (!columns)
		return 0;
	e->width = calloc(n + 1, sizeof(*e->width));
	if (!e->width)
		return CM_ENOMEM;
	text_measure(e->width, NULL, columns, NULL);
	cJSON_ArrayForEach(row, e->rows)
		text_measure(e->width, NULL, columns, row);
	if (text_max_width && text_fit(e, columns, n) < 0)
		return CM_ENOMEM;
	text_row(e->out, columns, NULL, e->width, e->limit, 1);
	cJSON_ArrayForEach(row, e->rows)
		text_row(e->out, columns, row, e->width, e->limit, 0);
	e->head = cJSON_DetachItemFromArray(e->rows, 0);
	cJSON_Delete(e->rows);
	e->rows = NULL;
	return 0;
}

static void text_list_row(struct cm_emit *e, cJSON *rec)
{
	if (e->head) {
		text_measure(e->width, e->limit, e->head, rec);
		text_row(e->out, e->head, rec, e->width, e->limit, 0);
		cJSON_Delete(rec);
		return;
	}
	cJSON_AddItemToArray(e->rows, rec);
	if (cJSON_GetArraySize(e->rows) >= TEXT_SCREENFUL)
		e->status = text_start(e);
}

static void text_end_list(struct cm_emit *e)
{
	if (e->rows)
		e->status = text_start(e);
	cJSON_Delete(e->rows);
	cJSON_Delete(e->head);
	free(e->width);
	free(e->limit);
	e->rows = e->head = NULL;
	e->width = e->limit = NULL;
}

/* ---- the interface ---- */

void cm_emit_begin_list(struct cm_emit *e)
{
	if (!usable(e, !e->in_list && !e->record))
		return;
	if (e->format == CM_FORMAT_TEXT) {
		e->rows = cJSON_CreateArray();
		if (!e->rows) {
			e->status = CM_ENOMEM;
			return;
		}
	} else if (e->format == CM_FORMAT_JSON) {
		putc('[', e->out);
	}
	e->in_list = 1;
	e->written = 0;
}

void cm_emit_columns(struct cm_emit *e, const char *const *keys, int n)
{
	int i;

	if (!e || (e->format != CM_FORMAT_CSV && e->format != CM_FORMAT_TSV) || e->columns
	    || e->declared)
		return;
	e->declared = cJSON_CreateObject();
	for (i = 0; e->declared && i < n; i++)
		if (!cJSON_AddNullToObject(e->declared, keys[i]))
			e->status = CM_ENOMEM;
}

void cm_emit_end_list(struct cm_emit *e)
{
	if (!usable(e, e->in_list && !e->record))
		return;
	/* No record came: the header alone says what the columns would have been. */
	if (!e->columns && e->declared) {
		e->columns = e->declared;
		e->declared = NULL;
		csv_header(e, e->format == CM_FORMAT_TSV ? '\t' : ',');
	}
	if (e->format == CM_FORMAT_TEXT) {
		text_end_list(e);
	} else if (e->format == CM_FORMAT_JSON) {
		fputs(e->written ? "\n]\n" : "]\n", e->out);
	}
	e->in_list = 0;
	e->written = 0;
}

static int writes_directly(const struct cm_emit *e)
{
	return e->format == CM_FORMAT_JSON ||
	       ((e->format == CM_FORMAT_CSV || e->format == CM_FORMAT_TSV) && e->columns);
}

void cm_emit_begin(struct cm_emit *e)
{
	if (!usable(e, !e->record && !e->direct))
		return;
	if (writes_directly(e)) {
		e->direct = 1;
		e->fields = 0;
		e->next_col = e->columns ? e->columns->child : NULL;
		if (e->format == CM_FORMAT_JSON && e->in_list)
			fputs(e->written ? ",\n  " : "\n  ", e->out);
		return;
	}
	e->record = cJSON_CreateObject();
	if (!e->record)
		e->status = CM_ENOMEM;
}

static void csv_direct_sep(struct cm_emit *e)
{
	if (e->fields++)
		putc(e->format == CM_FORMAT_TSV ? '\t' : ',', e->out);
}

static void direct_end(struct cm_emit *e)
{
	if (e->format == CM_FORMAT_JSON) {
		if (e->fields) {
			putc('\n', e->out);
			put_spaces(e->out, e->in_list ? 2 : 0);
			putc('}', e->out);
		} else {
			fputs("{}", e->out);
		}
		if (!e->in_list)
			putc('\n', e->out);
	} else {
		for (; e->next_col; e->next_col = e->next_col->next)
			csv_direct_sep(e);
		putc('\n', e->out);
	}
	e->direct = 0;
	e->written++;
}

void cm_emit_end(struct cm_emit *e)
{
	cJSON *rec = e->record;

	if (e->direct && !e->status) {
		direct_end(e);
		return;
	}
	if (!usable(e, rec != NULL))
		return;
	e->record = NULL;
	switch (e->format) {
	case CM_FORMAT_JSON: /* written directly, never built */
		break;
	case CM_FORMAT_CSV:
	case CM_FORMAT_TSV:
		csv_record(e, rec);
		break;
	case CM_FORMAT_TEXT:
		if (e->in_list) {
			text_list_row(e, rec);
		} else {
			text_record(e, rec);
			cJSON_Delete(rec);
		}
		break;
	case CM_FORMAT_RECORDS:
		cJSON_AddItemToArray(e->kept, rec);
		break;
	}
	e->written++;
}

enum field_kind { FIELD_STRING, FIELD_RAW, FIELD_BOOL, FIELD_NULL };

static void json_direct_field(struct cm_emit *e, const char *key, enum field_kind kind,
			      const char *text)
{
	fputs(e->fields++ ? ",\n" : "{\n", e->out);
	put_spaces(e->out, e->in_list ? 4 : 2);
	json_string(e->out, key);
	fputs(": ", e->out);
	if (kind == FIELD_STRING)
		json_string(e->out, text);
	else
		fputs(kind == FIELD_NULL ? "null" : text, e->out);
}

/* A key that is not a header column is left out, as csv_record does. */
static void csv_direct_field(struct cm_emit *e, const char *key, enum field_kind kind,
			     const char *text)
{
	const cJSON *col = e->next_col;

	while (col && strcmp(col->string, key))
		col = col->next;
	if (!col)
		return;
	for (; e->next_col != col; e->next_col = e->next_col->next)
		csv_direct_sep(e);
	csv_direct_sep(e);
	if (kind != FIELD_NULL)
		cm_emit_csv_field(e->out, text, e->format == CM_FORMAT_TSV ? '\t' : ',');
	e->next_col = col->next;
}

static cJSON *field_item(enum field_kind kind, const char *text)
{
	switch (kind) {
	case FIELD_STRING:
		return cJSON_CreateString(text);
	case FIELD_RAW:
		return cJSON_CreateRaw(text);
	case FIELD_BOOL:
		return cJSON_CreateBool(strcmp(text, "true") == 0);
	default:
		return cJSON_CreateNull();
	}
}

/* One field of the open record; text is "true" or "false" for a boolean. */
static void add_field(struct cm_emit *e, const char *key, enum field_kind kind, const char *text)
{
	cJSON *v;

	if (kind == FIELD_STRING && !text)
		kind = FIELD_NULL;
	if (!usable(e, (e->record || e->direct) && key))
		return;
	if (e->direct) {
		if (e->format == CM_FORMAT_JSON)
			json_direct_field(e, key, kind, text);
		else
			csv_direct_field(e, key, kind, text);
		return;
	}
	v = field_item(kind, text);
	if (!v || !cJSON_AddItemToObject(e->record, key, v)) {
		e->status = CM_ENOMEM;
		cJSON_Delete(v);
	}
}

void cm_emit_str(struct cm_emit *e, const char *key, const char *val)
{
	char local[CM_LOCAL_TIME_LEN];

	/* People read local time; scripts get the stored UTC time. */
	if (e->format == CM_FORMAT_TEXT && cm_time_is_utc(val)) {
		cm_time_local(val, local);
		val = local;
	}
	if (e->format == CM_FORMAT_TEXT)
		val = cm_label_value(key, val);
	add_field(e, key, FIELD_STRING, val);
}

void cm_emit_str_shown(struct cm_emit *e, const char *key, const char *val)
{
	add_field(e, key, FIELD_STRING, val);
}

void cm_emit_int(struct cm_emit *e, const char *key, long long val)
{
	char buf[CM_TEXT_INT_LEN];

	add_field(e, key, FIELD_RAW, cm_text_int(buf, val));
}

/*
 * The shorter of %.15g and %.17g that reads back as the same double. A
 * locale's decimal comma is turned back into '.', because json and csv are
 * read by programs whatever LC_NUMERIC the user has.
 */
void cm_emit_double(struct cm_emit *e, const char *key, double val)
{
	char buf[40];
	char *comma;

	if (!isfinite(val)) {
		add_field(e, key, FIELD_NULL, NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%.15g", val);
	if (strtod(buf, NULL) != val)
		snprintf(buf, sizeof(buf), "%.17g", val);
	comma = strchr(buf, ',');
	if (comma)
		*comma = '.';
	if (e->format == CM_FORMAT_TEXT) {
		char text[48];

		/* People read the decimal separator of their language. */
		add_field(e, key, FIELD_STRING, cm_i18n_decimal_text(text, sizeof text, buf));
		return;
	}
	add_field(e, key, FIELD_RAW, buf);
}

void cm_emit_bool(struct cm_emit *e, const char *key, int val)
{
	if (e->format == CM_FORMAT_TEXT) {
		add_field(e, key, FIELD_STRING, cm_label_bool(val));
		return;
	}
	add_field(e, key, FIELD_BOOL, val ? "true" : "false");
}

void cm_emit_null(struct cm_emit *e, const char *key)
{
	add_field(e, key, FIELD_NULL, NULL);
}

int cm_emit_finish(struct cm_emit *e)
{
	int io_failed;

	if (!e->status && (e->in_list || e->record || e->direct))
		e->status = CM_EUSAGE;
	io_failed = e->out && (fflush(e->out) != 0 || ferror(e->out));
	if (e->status)
		return e->status;
	return io_failed ? CM_EIO : 0;
}

void cm_emit_free(struct cm_emit *e)
{
	if (!e)
		return;
	cJSON_Delete(e->record);
	cJSON_Delete(e->rows);
	cJSON_Delete(e->head);
	free(e->width);
	cJSON_Delete(e->columns);
	cJSON_Delete(e->declared);
	cJSON_Delete(e->kept);
	free(e);
}
