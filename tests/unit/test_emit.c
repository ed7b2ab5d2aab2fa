/* The structured-output emitter: whole outputs for every format. */
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include <cjson/cJSON.h>

#include "cm/emit.h"

static FILE *mem;
static char *mem_buf;
static size_t mem_len;

static struct cm_emit *start(enum cm_format format)
{
	struct cm_emit *e;

	mem = open_memstream(&mem_buf, &mem_len);
	cr_assert_not_null(mem);
	e = cm_emit_new(format, mem);
	cr_assert_not_null(e);
	return e;
}

/* Finish e, then compare everything it wrote with want. */
static void expect(struct cm_emit *e, int status, const char *want)
{
	int rc = cm_emit_finish(e);

	cm_emit_free(e);
	fclose(mem);
	cr_expect_eq(rc, status, "finish returned %d", rc);
	cr_expect_str_eq(mem_buf, want, "got:\n%s\nwant:\n%s", mem_buf, want);
	free(mem_buf);
}

/* NULLs, a delimiter, quotes, a line break, a tab, and names wider in bytes than in characters. */
static void emit_people(struct cm_emit *e)
{
	cm_emit_begin_list(e);

	cm_emit_begin(e);
	cm_emit_int(e, "case", 12);
	cm_emit_str(e, "name", "Léa");
	cm_emit_str(e, "worker", NULL);
	cm_emit_bool(e, "active", 1);
	cm_emit_double(e, "score", 2.5);
	cm_emit_str(e, "note", "says \"hi\", ok");
	cm_emit_end(e);

	cm_emit_begin(e);
	cm_emit_int(e, "case", 7);
	cm_emit_str(e, "name", "Jo");
	cm_emit_str(e, "worker", "amelie");
	cm_emit_bool(e, "active", 0);
	cm_emit_double(e, "score", 10);
	cm_emit_str(e, "note", "line one\nline two\tend");
	cm_emit_end(e);

	cm_emit_begin(e);
	cm_emit_int(e, "case", 1234);
	cm_emit_str(e, "name", "Émilie-Zoé");
	cm_emit_str(e, "worker", "bob");
	cm_emit_bool(e, "active", 1);
	cm_emit_double(e, "score", -0.125);
	cm_emit_null(e, "note");
	cm_emit_end(e);

	cm_emit_end_list(e);
}

static void emit_one(struct cm_emit *e)
{
	cm_emit_begin(e);
	cm_emit_int(e, "case", 42);
	cm_emit_str(e, "first_name", "Léa");
	cm_emit_str(e, "closed_on", NULL);
	cm_emit_str(e, "state", "active");
	cm_emit_end(e);
}

static void emit_empty_list(struct cm_emit *e)
{
	cm_emit_begin_list(e);
	cm_emit_end_list(e);
}

Test(emit, format_names)
{
	enum cm_format f = CM_FORMAT_TEXT;

	cr_assert_eq(cm_format_parse("json", &f), 0);
	cr_assert_eq(f, CM_FORMAT_JSON);
	cr_assert_eq(cm_format_parse("csv", &f), 0);
	cr_assert_eq(f, CM_FORMAT_CSV);
	cr_assert_eq(cm_format_parse("tsv", &f), 0);
	cr_assert_eq(f, CM_FORMAT_TSV);
	cr_assert_eq(cm_format_parse("text", &f), 0);
	cr_assert_eq(f, CM_FORMAT_TEXT);
	cr_assert_eq(cm_format_parse("xml", &f), CM_EUSAGE);
	cr_assert_eq(cm_format_parse("JSON", &f), CM_EUSAGE);
	cr_assert_eq(cm_format_parse("", &f), CM_EUSAGE);
	cr_assert_eq(cm_format_parse(NULL, &f), CM_EUSAGE);
	cr_assert_eq(f, CM_FORMAT_TEXT);
}

Test(emit, format_getter)
{
	struct cm_emit *e = start(CM_FORMAT_TSV);

	cr_assert_eq(cm_emit_format(e), CM_FORMAT_TSV);
	expect(e, 0, "");
}

Test(emit, text_list)
{
	struct cm_emit *e = start(CM_FORMAT_TEXT);

	emit_people(e);
	expect(e, 0,
	       "CASE  NAME        WORKER  ACTIVE  SCORE   NOTE\n"
	       "12    Léa         -       true    2.5     says \"hi\", ok\n"
	       "7     Jo          amelie  false   10      line one line two end\n"
	       "1234  Émilie-Zoé  bob     true    -0.125  -\n");
}

Test(emit, json_list)
{
	struct cm_emit *e = start(CM_FORMAT_JSON);

	emit_people(e);
	expect(e, 0,
	       "[\n"
	       "  {\n"
	       "    \"case\": 12,\n"
	       "    \"name\": \"Léa\",\n"
	       "    \"worker\": null,\n"
	       "    \"active\": true,\n"
	       "    \"score\": 2.5,\n"
	       "    \"note\": \"says \\\"hi\\\", ok\"\n"
	       "  },\n"
	       "  {\n"
	       "    \"case\": 7,\n"
	       "    \"name\": \"Jo\",\n"
	       "    \"worker\": \"amelie\",\n"
	       "    \"active\": false,\n"
	       "    \"score\": 10,\n"
	       "    \"note\": \"line one\\nline two\\tend\"\n"
	       "  },\n"
	       "  {\n"
	       "    \"case\": 1234,\n"
	       "    \"name\": \"Émilie-Zoé\",\n"
	       "    \"worker\": \"bob\",\n"
	       "    \"active\": true,\n"
	       "    \"score\": -0.125,\n"
	       "    \"note\": null\n"
	       "  }\n"
	       "]\n");
}

Test(emit, csv_list)
{
	struct cm_emit *e = start(CM_FORMAT_CSV);

	emit_people(e);
	expect(e, 0,
	       "case,name,worker,active,score,note\n"
	       "12,Léa,,true,2.5,\"says \"\"hi\"\", ok\"\n"
	       "7,Jo,amelie,false,10,\"line one\nline two\tend\"\n"
	       "1234,Émilie-Zoé,bob,true,-0.125,\n");
}

Test(emit, tsv_list)
{
	struct cm_emit *e = start(CM_FORMAT_TSV);

	emit_people(e);
	expect(e, 0,
	       "case\tname\tworker\tactive\tscore\tnote\n"
	       "12\tLéa\t\ttrue\t2.5\tsays \"hi\", ok\n"
	       "7\tJo\tamelie\tfalse\t10\tline one line two end\n"
	       "1234\tÉmilie-Zoé\tbob\ttrue\t-0.125\t\n");
}

Test(emit, text_record)
{
	struct cm_emit *e = start(CM_FORMAT_TEXT);

	emit_one(e);
	expect(e, 0,
	       "case:       42\n"
	       "first_name: Léa\n"
	       "closed_on:  -\n"
	       "state:      active\n");
}

Test(emit, text_records_in_a_row_are_separated)
{
	struct cm_emit *e = start(CM_FORMAT_TEXT);

	emit_one(e);
	cm_emit_begin(e);
	cm_emit_str(e, "note", "two\nlines");
	cm_emit_end(e);
	expect(e, 0,
	       "case:       42\n"
	       "first_name: Léa\n"
	       "closed_on:  -\n"
	       "state:      active\n"
	       "\n"
	       "note: two lines\n");
}

Test(emit, json_record)
{
	struct cm_emit *e = start(CM_FORMAT_JSON);

	emit_one(e);
	expect(e, 0,
	       "{\n"
	       "  \"case\": 42,\n"
	       "  \"first_name\": \"Léa\",\n"
	       "  \"closed_on\": null,\n"
	       "  \"state\": \"active\"\n"
	       "}\n");
}

Test(emit, csv_record)
{
	struct cm_emit *e = start(CM_FORMAT_CSV);

	emit_one(e);
	expect(e, 0, "case,first_name,closed_on,state\n42,Léa,,active\n");
}

Test(emit, tsv_record)
{
	struct cm_emit *e = start(CM_FORMAT_TSV);

	emit_one(e);
	expect(e, 0, "case\tfirst_name\tclosed_on\tstate\n42\tLéa\t\tactive\n");
}

Test(emit, empty_list_text)
{
	struct cm_emit *e = start(CM_FORMAT_TEXT);

	emit_empty_list(e);
	expect(e, 0, "");
}

Test(emit, empty_list_json)
{
	struct cm_emit *e = start(CM_FORMAT_JSON);

	emit_empty_list(e);
	expect(e, 0, "[]\n");
}

Test(emit, empty_list_csv)
{
	struct cm_emit *e = start(CM_FORMAT_CSV);

	emit_empty_list(e);
	expect(e, 0, "");
}

Test(emit, empty_list_tsv)
{
	struct cm_emit *e = start(CM_FORMAT_TSV);

	emit_empty_list(e);
	expect(e, 0, "");
}

Test(emit, json_empty_record)
{
	struct cm_emit *e = start(CM_FORMAT_JSON);

	cm_emit_begin_list(e);
	cm_emit_begin(e);
	cm_emit_end(e);
	cm_emit_end_list(e);
	expect(e, 0, "[\n  {}\n]\n");
}

Test(emit, text_single_row_table)
{
	struct cm_emit *e = start(CM_FORMAT_TEXT);

	cm_emit_begin_list(e);
	cm_emit_begin(e);
	cm_emit_int(e, "id", 3);
	cm_emit_str(e, "what", "call back");
	cm_emit_end(e);
	cm_emit_end_list(e);
	expect(e, 0, "ID  WHAT\n3   call back\n");
}

Test(emit, json_integers_are_exact)
{
	struct cm_emit *e = start(CM_FORMAT_JSON);

	cm_emit_begin(e);
	cm_emit_int(e, "max", LLONG_MAX);
	cm_emit_int(e, "min", LLONG_MIN);
	cm_emit_int(e, "zero", 0);
	cm_emit_int(e, "big", 9007199254740993LL);
	cm_emit_end(e);
	expect(e, 0,
	       "{\n"
	       "  \"max\": 9223372036854775807,\n"
	       "  \"min\": -9223372036854775808,\n"
	       "  \"zero\": 0,\n"
	       "  \"big\": 9007199254740993\n"
	       "}\n");
}

Test(emit, doubles)
{
	struct cm_emit *e = start(CM_FORMAT_JSON);

	cm_emit_begin(e);
	cm_emit_double(e, "tenth", 0.1);
	cm_emit_double(e, "third", 1.0 / 3);
	cm_emit_double(e, "whole", 3.0);
	cm_emit_double(e, "huge", 1e300);
	cm_emit_double(e, "nan", NAN);
	cm_emit_double(e, "inf", INFINITY);
	cm_emit_end(e);
	expect(e, 0,
	       "{\n"
	       "  \"tenth\": 0.1,\n"
	       "  \"third\": 0.33333333333333331,\n"
	       "  \"whole\": 3,\n"
	       "  \"huge\": 1e+300,\n"
	       "  \"nan\": null,\n"
	       "  \"inf\": null\n"
	       "}\n");
}

static int use_decimal_comma(void)
{
	static const char *const names[] = { "fr_BE.UTF-8", "fr_FR.UTF-8", "de_DE.UTF-8" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (setlocale(LC_NUMERIC, names[i]) && !strcmp(localeconv()->decimal_point, ","))
			return 1;
	return 0;
}

Test(emit, decimal_point_ignores_locale)
{
	struct cm_emit *e;

	if (!use_decimal_comma())
		cr_skip_test("no locale with a decimal comma is installed");
	e = start(CM_FORMAT_CSV);
	cm_emit_begin(e);
	cm_emit_double(e, "score", 2.5);
	cm_emit_double(e, "third", 1.0 / 3);
	cm_emit_end(e);
	expect(e, 0, "score,third\n2.5,0.33333333333333331\n");
}

Test(emit, json_escapes)
{
	struct cm_emit *e = start(CM_FORMAT_JSON);

	cm_emit_begin(e);
	cm_emit_str(e, "path", "C:\\dir/file");
	cm_emit_str(e, "controls", "\x01\b\f\r\x1f");
	cm_emit_str(e, "utf8", "Ærø → 日本");
	cm_emit_str(e, "key \"q\"", "");
	cm_emit_end(e);
	expect(e, 0,
	       "{\n"
	       "  \"path\": \"C:\\\\dir/file\",\n"
	       "  \"controls\": \"\\u0001\\b\\f\\r\\u001f\",\n"
	       "  \"utf8\": \"Ærø → 日本\",\n"
	       "  \"key \\\"q\\\"\": \"\"\n"
	       "}\n");
}

/* Columns come from the first record: missing keys are empty, extra ones dropped. */
Test(emit, csv_follows_first_record_keys)
{
	struct cm_emit *e = start(CM_FORMAT_CSV);

	cm_emit_begin_list(e);
	cm_emit_begin(e);
	cm_emit_int(e, "a", 1);
	cm_emit_str(e, "b", "x");
	cm_emit_end(e);
	cm_emit_begin(e);
	cm_emit_str(e, "c", "dropped");
	cm_emit_int(e, "a", 2);
	cm_emit_end(e);
	cm_emit_end_list(e);
	expect(e, 0, "a,b\n1,x\n2,\n");
}

Test(emit, text_follows_first_record_keys)
{
	struct cm_emit *e = start(CM_FORMAT_TEXT);

	cm_emit_begin_list(e);
	cm_emit_begin(e);
	cm_emit_int(e, "a", 1);
	cm_emit_str(e, "b", "x");
	cm_emit_end(e);
	cm_emit_begin(e);
	cm_emit_str(e, "b", "a long value");
	cm_emit_str(e, "c", "dropped");
	cm_emit_end(e);
	cm_emit_end_list(e);
	expect(e, 0, "A  B\n1  x\n-  a long value\n");
}

static char *csv_field(const char *val, char sep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cm_emit_csv_field(f, val, sep);
	fclose(f);
	return buf;
}

static void expect_field(const char *val, char sep, const char *want)
{
	char *got = csv_field(val, sep);

	cr_expect_str_eq(got, want, "field '%s'", val ? val : "(null)");
	free(got);
}

Test(emit, csv_field_quoting)
{
	expect_field("plain", ',', "plain");
	expect_field("", ',', "");
	expect_field(NULL, ',', "");
	expect_field("a,b", ',', "\"a,b\"");
	expect_field("say \"x\"", ',', "\"say \"\"x\"\"\"");
	expect_field("\"", ',', "\"\"\"\"");
	expect_field("cr\rhere", ',', "\"cr\rhere\"");
	expect_field("lf\nhere", ',', "\"lf\nhere\"");
	expect_field("a;b", ',', "a;b");
	expect_field("a;b", ';', "\"a;b\"");
	expect_field("a,b", ';', "a,b");
	expect_field(" spaced ", ',', " spaced ");
	expect_field("Léa", ',', "Léa");
}

Test(emit, tsv_field)
{
	expect_field("a\tb\nc\r\nd", '\t', "a b c  d");
	expect_field("say \"x\", ok", '\t', "say \"x\", ok");
	expect_field(NULL, '\t', "");
}

static int finish_on_full_device(enum cm_format format)
{
	FILE *full = fopen("/dev/full", "w");
	struct cm_emit *e;
	int rc;

	cr_assert_not_null(full);
	e = cm_emit_new(format, full);
	cr_assert_not_null(e);
	emit_people(e);
	rc = cm_emit_finish(e);
	cm_emit_free(e);
	fclose(full);
	return rc;
}

Test(emit, write_error_is_reported)
{
	cr_assert_eq(finish_on_full_device(CM_FORMAT_TEXT), CM_EIO);
	cr_assert_eq(finish_on_full_device(CM_FORMAT_JSON), CM_EIO);
	cr_assert_eq(finish_on_full_device(CM_FORMAT_CSV), CM_EIO);
	cr_assert_eq(finish_on_full_device(CM_FORMAT_TSV), CM_EIO);
}

/* A write error already flagged on the stream counts too, even with nothing buffered. */
Test(emit, earlier_write_error_is_reported)
{
	FILE *full = fopen("/dev/full", "w");
	struct cm_emit *e;

	cr_assert_not_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	e = cm_emit_new(CM_FORMAT_CSV, full);
	emit_one(e);
	cr_assert_eq(cm_emit_finish(e), CM_EIO);
	cm_emit_free(e);
	fclose(full);
}

Test(emit, field_outside_record_is_misuse)
{
	struct cm_emit *e = start(CM_FORMAT_JSON);

	cm_emit_str(e, "stray", "x");
	emit_one(e);
	expect(e, CM_EUSAGE, "");
}

Test(emit, unterminated_list_is_misuse)
{
	struct cm_emit *e = start(CM_FORMAT_TEXT);

	cm_emit_begin_list(e);
	cm_emit_begin(e);
	cm_emit_int(e, "a", 1);
	cm_emit_end(e);
	expect(e, CM_EUSAGE, "");
}

Test(emit, nested_list_is_misuse)
{
	struct cm_emit *e = start(CM_FORMAT_CSV);

	cm_emit_begin_list(e);
	cm_emit_begin_list(e);
	cm_emit_end_list(e);
	expect(e, CM_EUSAGE, "");
}

Test(emit, free_with_open_record_does_not_leak)
{
	struct cm_emit *e = start(CM_FORMAT_TEXT);

	cm_emit_begin_list(e);
	cm_emit_begin(e);
	cm_emit_str(e, "a", "x");
	cm_emit_end(e);
	cm_emit_begin(e);
	cm_emit_str(e, "a", "y");
	cm_emit_free(e);
	cm_emit_free(NULL);
	fclose(mem);
	cr_assert_str_eq(mem_buf, "");
	free(mem_buf);
}

/*
 * A long text table streams: the first screenful (100 rows) decides the
 * widths and prints at once; a wider value later widens its column from
 * that row on, and the rows printed before it keep their layout.
 */
Test(emit, text_long_list_streams_after_a_screenful)
{
	struct cm_emit *e = start(CM_FORMAT_TEXT);
	char *want = NULL, line[64];
	size_t want_len = 0;
	FILE *w = open_memstream(&want, &want_len);
	int i;

	cm_emit_begin_list(e);
	fputs("CASE  NAME\n", w);
	for (i = 1; i <= 150; i++) {
		cm_emit_begin(e);
		cm_emit_int(e, "case", i);
		cm_emit_str(e, "name", i == 120 ? "Marie-Christine" : "Jo");
		cm_emit_end(e);
		if (i == 100) {
			/* The first screenful is out before the list ends. */
			fflush(mem);
			cr_expect_eq(mem_len, strlen("CASE  NAME\n") + 9 * strlen("1     Jo\n") +
					      90 * strlen("10    Jo\n") + strlen("100   Jo\n"));
		}
		snprintf(line, sizeof line, "%-4d  %s\n", i, i == 120 ? "Marie-Christine" : "Jo");
		fputs(line, w);
	}
	cm_emit_end_list(e);
	fclose(w);
	expect(e, 0, want);
	free(want);
}

/* Kept records (for the HTML pages): every record in order, values as the text back end has them. */
Test(emit, records_are_kept_in_order_and_nothing_printed)
{
	struct cm_emit *e = cm_emit_new_records();
	const cJSON *recs, *r;
	char *text;

	cr_assert_not_null(e);
	cr_expect_eq(cm_emit_format(e), CM_FORMAT_RECORDS);
	cm_emit_begin_list(e);
	cm_emit_begin(e);
	cm_emit_str(e, "worker", "ana");
	cm_emit_int(e, "open", 9007199254740993LL);
	cm_emit_double(e, "share", 0.25);
	cm_emit_bool(e, "above_norm", 1);
	cm_emit_null(e, "norm");
	cm_emit_end(e);
	cm_emit_begin(e);
	cm_emit_str(e, "worker", "ben");
	cm_emit_str(e, "open", "<5");
	cm_emit_end(e);
	cm_emit_end_list(e);
	cm_emit_begin(e);
	cm_emit_int(e, "total", 3);
	cm_emit_end(e);
	cr_expect_eq(cm_emit_finish(e), 0);
	recs = cm_emit_records(e);
	cr_assert_eq(cJSON_GetArraySize(recs), 3);
	text = cJSON_PrintUnformatted(recs);
	cr_expect_str_eq(text, "[{\"worker\":\"ana\",\"open\":9007199254740993,\"share\":0.25,"
			 "\"above_norm\":true,\"norm\":null},{\"worker\":\"ben\",\"open\":\"<5\"},"
			 "{\"total\":3}]");
	free(text);
	r = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(recs, 0), "open");
	cr_expect(cJSON_IsRaw(r), "a number is kept as its text");
	cm_emit_free(e);
}
