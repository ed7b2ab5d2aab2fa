/*
 * One structured-output interface with text, json, csv and tsv back ends.
 * A command writes its records once; every format agrees on keys and values.
 *
 *   struct cm_emit *e = cm_emit_new(CM_FORMAT_JSON, stdout);
 *   cm_emit_begin_list(e);
 *   cm_emit_begin(e); cm_emit_int(e, "case", 12); cm_emit_str(e, "state", "active"); cm_emit_end(e);
 *   cm_emit_end_list(e);
 *   rc = cm_emit_finish(e);  cm_emit_free(e);
 *
 * A list of records: json prints an array of objects; csv/tsv print a header
 * (the keys of the first record) and one row per record; text prints an
 * aligned table with upper-case headers.
 * A single record (begin/end outside a list): json prints one object; csv/tsv
 * a header and one row; text prints "key: value" lines, keys aligned.
 * NULL strings print as null (json), empty (csv/tsv) or "-" (text).
 *
 * Details scripts may rely on:
 * - every line, json's last included, ends in LF (not CRLF);
 * - csv/tsv rows and text table columns follow the first record's keys: a
 *   later record's missing key prints as null, an extra key is dropped; the
 *   header is printed once per emitter; an empty list prints nothing in
 *   text, "[]" in json, and in csv/tsv the header of the keys declared with
 *   cm_emit_columns (nothing when none were);
 * - json is indented by two spaces, keys in the order they were emitted,
 *   UTF-8 as is; integers print as integers; doubles as the shorter of
 *   %.15g/%.17g that reads back exactly, with a '.' decimal point, and
 *   NaN/infinity as null; booleans as true/false in every format;
 * - text widths count UTF-8 code points; tabs and line breaks inside values
 *   print as spaces in text and tsv; consecutive single records are
 *   separated by a blank line in text.
 * Calls out of order (a field outside a record, nested lists) make the
 * emitter ignore everything after and cm_emit_finish return CM_EUSAGE.
 */
#ifndef CM_EMIT_H
#define CM_EMIT_H

#include <stdio.h>
#include "cm/error.h"

/* CM_FORMAT_RECORDS is not a --format: see cm_emit_new_records. */
enum cm_format { CM_FORMAT_TEXT, CM_FORMAT_JSON, CM_FORMAT_CSV, CM_FORMAT_TSV, CM_FORMAT_RECORDS };

/* "text", "json", "csv", "tsv" -> format. Returns 0 or CM_EUSAGE. */
int cm_format_parse(const char *name, enum cm_format *out);

struct cm_emit;

/* Returns a new emitter writing to out (not owned), or NULL when out of memory. */
struct cm_emit *cm_emit_new(enum cm_format format, FILE *out);
enum cm_format cm_emit_format(const struct cm_emit *e);

/*
 * An emitter that prints nothing and keeps every record, for a back end that
 * lays out a whole page (html). cm_emit_records gives them (owned by the
 * emitter) as a cJSON array of objects, the records of every list and the
 * single records in the order they were emitted, each value as the text back
 * end would print it: strings (a withheld count as "<5" or "*", as in text),
 * numbers as raw text (cJSON_IsRaw, valuestring), booleans and null.
 * NULL when out of memory.
 */
struct cJSON;
struct cm_emit *cm_emit_new_records(void);
const struct cJSON *cm_emit_records(const struct cm_emit *e);

/*
 * Text tables started after this fit in columns (0, the default: never
 * cut): free-text columns (names, notes, what an item is about) are
 * narrowed, the widest first, and values cut with an ellipsis; codes, dates
 * and numbers stay whole. For a terminal's width (cmd/common/pager.c).
 */
void cm_emit_set_text_width(size_t columns);

void cm_emit_begin_list(struct cm_emit *e);
/*
 * The n keys the current list's records have: csv and tsv print them as the
 * header of a list that turns out empty (a list with records takes its
 * header from the first). Other formats ignore it.
 */
void cm_emit_columns(struct cm_emit *e, const char *const *keys, int n);
void cm_emit_end_list(struct cm_emit *e);
void cm_emit_begin(struct cm_emit *e);
void cm_emit_end(struct cm_emit *e);

/* Fields of the current record. val may be NULL (null). Strings are copied. */
void cm_emit_str(struct cm_emit *e, const char *key, const char *val);
void cm_emit_int(struct cm_emit *e, const char *key, long long val);
void cm_emit_double(struct cm_emit *e, const char *key, double val);
void cm_emit_bool(struct cm_emit *e, const char *key, int val);
void cm_emit_null(struct cm_emit *e, const char *key);

/*
 * Write whatever is buffered (text tables are aligned at the end) and report
 * write errors: returns 0, CM_ENOMEM, CM_EUSAGE (calls out of order, or a
 * list or record left open) or CM_EIO.
 */
int cm_emit_finish(struct cm_emit *e);
void cm_emit_free(struct cm_emit *e);

/*
 * Print a whole cJSON tree (objects and arrays nested) the way the json back
 * end prints records: two-space indentation, keys in order, arrays of plain
 * values on one line, a final newline.
 */
struct cJSON;
void cm_emit_json_tree(FILE *out, const struct cJSON *doc);

/* RFC 4180 quoting of one CSV field (sep ',', or another delimiter) or TSV
 * field (sep '\t'; tabs and line breaks become spaces, no quoting). Writes
 * to out; NULL writes nothing. */
void cm_emit_csv_field(FILE *out, const char *val, char sep);

#endif
