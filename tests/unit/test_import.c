/*
 * Batch intake in the library: the CSV reader on byte strings, mapping
 * files, and cm_import on a store of each engine (store_fixture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "cm/import.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "cm/worker.h"
#include "lib/csvin.h"
#include "lib/mapping.h"
#include "store_fixture.h"

/* --- the reader ------------------------------------------------------------ */

struct reader {
	FILE *f;
	struct cm_csv *r;
};

static struct reader open_bytes(const char *bytes, size_t n, char delimiter,
				enum cm_csv_encoding enc)
{
	struct cm_csv_opts o = { delimiter, enc, CM_ENC_WINDOWS_1252 };
	struct cm_error err = { 0 };
	struct reader rd;

	rd.f = fmemopen((void *)(uintptr_t)bytes, n, "rb");
	cr_assert(rd.f);
	cr_assert_eq(cm_csv_open(&rd.r, rd.f, "t.csv", &o, &err), 0, "%s", err.msg);
	return rd;
}

static void close_reader(struct reader *rd)
{
	cm_csv_free(rd->r);
	fclose(rd->f);
}

/* The next record as "line|raw|field,field,..." (fields joined with '/'). */
static char *next(struct reader *rd)
{
	static char out[4096];
	const struct cm_csv_record *rec;
	struct cm_error err = { 0 };
	size_t i, len;
	int rc = cm_csv_next(rd->r, &rec, &err);

	cr_assert_geq(rc, 0, "%s", err.msg);
	if (rc == 0)
		return NULL;
	len = (size_t)snprintf(out, sizeof out, "%ld|%.*s|", rec->line, (int)rec->raw_len,
			       rec->raw);
	for (i = 0; i < rec->nfields && i < CM_CSV_MAX_FIELDS; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i ? "/" : "",
					rec->field[i]);
	if (rec->problem)
		snprintf(out + len, sizeof out - len, "|%s", rec->problem);
	return out;
}

#define BYTES(s) s, sizeof(s) - 1

Test(csv, lines_raw_bytes_and_quoting)
{
	struct reader rd = open_bytes(BYTES("a;b;c\r\n\r\n1;\"x;y\";\"say \"\"hi\"\"\"\r\n"
					    "2;\"two\r\nlines\";z\r\n   \r\n3;;\r\n"), 0, CM_ENC_AUTO);

	cr_expect_eq(cm_csv_delimiter(rd.r), ';');
	cr_expect_str_eq(cm_csv_newline(rd.r), "\r\n");
	cr_expect_str_eq(next(&rd), "1|a;b;c|a/b/c");
	cr_expect_str_eq(next(&rd), "3|1;\"x;y\";\"say \"\"hi\"\"\"|1/x;y/say \"hi\"");
	cr_expect_str_eq(next(&rd), "4|2;\"two\r\nlines\";z|2/two\r\nlines/z");
	cr_expect_str_eq(next(&rd), "7|3;;|3//");
	cr_expect_null(next(&rd));
	close_reader(&rd);
}

Test(csv, cr_only_line_ends_and_no_final_newline)
{
	struct reader rd = open_bytes(BYTES("a,b\r1,2\r\r3,\"4\r5\""), 0, CM_ENC_AUTO);

	cr_expect_str_eq(cm_csv_newline(rd.r), "\r");
	cr_expect_str_eq(next(&rd), "1|a,b|a/b");
	cr_expect_str_eq(next(&rd), "2|1,2|1/2");
	cr_expect_str_eq(next(&rd), "4|3,\"4\r5\"|3/4\r5");
	cr_expect_null(next(&rd));
	close_reader(&rd);
}

Test(csv, sniffs_the_delimiter_outside_quotes)
{
	struct reader a = open_bytes(BYTES("\"x,y,z\";b;c\n"), 0, CM_ENC_AUTO);
	struct reader b = open_bytes(BYTES("a\tb;c\td\n"), 0, CM_ENC_AUTO);
	struct reader c = open_bytes(BYTES("a|b|c,d\n"), 0, CM_ENC_AUTO);
	struct reader d = open_bytes(BYTES("single\n"), 0, CM_ENC_AUTO);

	cr_expect_eq(cm_csv_delimiter(a.r), ';');
	cr_expect_eq(cm_csv_delimiter(b.r), '\t');
	cr_expect_eq(cm_csv_delimiter(c.r), '|');
	cr_expect_eq(cm_csv_delimiter(d.r), ',');
	close_reader(&a);
	close_reader(&b);
	close_reader(&c);
	close_reader(&d);
}

Test(csv, excel_sep_line_and_bom)
{
	struct reader rd = open_bytes(BYTES("\xef\xbb\xbf\"sep=|\"\r\na|b,c\r\n\xc3\xa9|2\r\n"), ',',
				      CM_ENC_AUTO);

	cr_expect_eq(cm_csv_delimiter(rd.r), '|');
	cr_expect(cm_csv_had_bom(rd.r));
	cr_expect_str_eq(cm_csv_sep_line(rd.r), "\"sep=|\"");
	cr_expect_eq(cm_csv_encoding(rd.r), CM_ENC_UTF8);
	cr_expect_str_eq(next(&rd), "2|a|b,c|a/b,c");
	cr_expect_str_eq(next(&rd), "3|\xc3\xa9|2|\xc3\xa9/2");
	close_reader(&rd);
}

Test(csv, auto_encoding_decides_on_the_first_non_ascii_field)
{
	struct reader u = open_bytes(BYTES("a\nplain\nCaf\xc3\xa9\nCaf\xe9\n"), 0, CM_ENC_AUTO);
	struct reader w = open_bytes(BYTES("a\nC\x9c" "ur\nCaf\xc3\xa9\n"), 0, CM_ENC_AUTO);

	cr_expect_str_eq(next(&u), "1|a|a");
	cr_expect_str_eq(next(&u), "2|plain|plain");
	cr_expect_eq(cm_csv_encoding(u.r), CM_ENC_AUTO);
	cr_expect_str_eq(next(&u), "3|Caf\xc3\xa9|Caf\xc3\xa9");
	cr_expect_eq(cm_csv_encoding(u.r), CM_ENC_UTF8);
	cr_expect_str_eq(next(&u), "4|Caf\xe9|Caf\xe9|column 1: invalid UTF-8");
	/* Once windows-1252, what would be UTF-8 is two windows-1252 characters. */
	cr_expect_str_eq(next(&w), "1|a|a");
	cr_expect_str_eq(next(&w), "2|C\x9cur|C\xc5\x93ur");
	cr_expect_eq(cm_csv_encoding(w.r), CM_ENC_WINDOWS_1252);
	cr_expect_str_eq(next(&w), "3|Caf\xc3\xa9|Caf\xc3\x83\xc2\xa9");
	close_reader(&u);
	close_reader(&w);
}

/* UTF-8 declared as an 8-bit encoding would be stored as "LÃ©a": the file is refused. */
Test(csv, utf8_declared_8bit_is_refused)
{
	struct reader w = open_bytes(BYTES("a\nplain\nL\xc3\xa9" "a\n"), 0, CM_ENC_WINDOWS_1252);
	const struct cm_csv_record *rec;
	struct cm_error err = { 0 };

	cr_expect_str_eq(next(&w), "1|a|a");
	cr_expect_str_eq(next(&w), "2|plain|plain");
	cr_expect_eq(cm_csv_next(w.r, &rec, &err), CM_EFAIL);
	cr_expect_str_eq(err.msg, "t.csv:3: the mapping declares windows-1252 but the file is in "
			 "UTF-8; declare \"encoding\": \"utf-8\" or \"auto\"");
	close_reader(&w);
}

Test(csv, declared_8bit_encodings)
{
	struct reader w = open_bytes(BYTES("a\n\x80\x81\n"), 0, CM_ENC_WINDOWS_1252);
	struct reader l = open_bytes(BYTES("a\n\xe9\x80\n"), 0, CM_ENC_ISO_8859_1);
	char *back;

	cr_expect_str_eq(next(&w), "1|a|a");
	cr_expect_str_eq(next(&w), "2|\x80\x81|\x80\x81|column 1: byte 0x81 is not windows-1252");
	cr_expect_str_eq(next(&l), "1|a|a");
	/* ISO-8859-1 is read as windows-1252: 0x80 is the euro sign, not a C1 control. */
	cr_expect_str_eq(next(&l), "2|\xe9\x80|\xc3\xa9\xe2\x82\xac");
	back = cm_csv_to_file_encoding(w.r, "caf\xc3\xa9 \xe2\x82\xac \xe2\x98\x83");
	cr_expect_str_eq(back, "caf\xe9 \x80 ?");
	free(back);
	close_reader(&w);
	close_reader(&l);
}

static void expect_open_fails(const char *bytes, size_t n, const char *msg)
{
	struct cm_csv_opts o = { 0, CM_ENC_AUTO, CM_ENC_WINDOWS_1252 };
	struct cm_error err = { 0 };
	struct cm_csv *r = NULL;
	FILE *f = fmemopen((void *)(uintptr_t)bytes, n, "rb");

	cr_expect_eq(cm_csv_open(&r, f, "t.csv", &o, &err), CM_EFAIL);
	cr_expect_null(r);
	cr_expect_str_eq(err.msg, msg);
	fclose(f);
}

Test(csv, refuses_utf16_utf32_and_nul)
{
	expect_open_fails(BYTES("\xfe\xff\0a"), "t.csv: the file is in UTF-16BE; save it as "
			  "UTF-8 or windows-1252");
	expect_open_fails(BYTES("\0\0\xfe\xff"), "t.csv: the file is in UTF-32BE; save it as "
			  "UTF-8 or windows-1252");
	expect_open_fails(BYTES("a\0b\0"), "t.csv:1: NUL byte: this is not a text file in UTF-8 "
			  "or an 8-bit encoding (UTF-16?); save it as UTF-8");
}

Test(csv, nul_later_names_its_line)
{
	struct reader rd = open_bytes(BYTES("a\nb\nc\0\n"), 0, CM_ENC_AUTO);
	const struct cm_csv_record *rec;
	struct cm_error err = { 0 };

	cr_expect_str_eq(next(&rd), "1|a|a");
	cr_expect_str_eq(next(&rd), "2|b|b");
	cr_expect_eq(cm_csv_next(rd.r, &rec, &err), CM_EFAIL);
	cr_expect_str_eq(err.msg, "t.csv:3: NUL byte: this is not a text file in UTF-8 or an "
			 "8-bit encoding (UTF-16?); save it as UTF-8");
	close_reader(&rd);
}

Test(csv, open_quote_at_the_end_and_too_long_a_record)
{
	struct reader a = open_bytes(BYTES("a,b\n1,\"open\n2,3\n"), 0, CM_ENC_AUTO);
	size_t n = CM_CSV_MAX_RECORD + 100;
	char *big = malloc(n);
	const struct cm_csv_record *rec;
	struct cm_error err = { 0 };
	struct reader b;

	cr_expect_str_eq(next(&a), "1|a,b|a/b");
	cr_expect_str_eq(next(&a), "2|1,\"open\n2,3\n|1/open\n2,3\n\n"
			 "|quoted field not closed at the end of the file");
	cr_expect_null(next(&a));
	close_reader(&a);

	memset(big, 'x', n);
	memcpy(big, "a\nb\n\"", 5);
	b = open_bytes(big, n, 0, CM_ENC_AUTO);
	cr_expect_str_eq(next(&b), "1|a|a");
	cr_expect_str_eq(next(&b), "2|b|b");
	cr_expect_eq(cm_csv_next(b.r, &rec, &err), CM_EFAIL);
	cr_expect_str_eq(err.msg, "t.csv:3: record longer than 1 MiB; is a quote left open?");
	close_reader(&b);
	free(big);
}

Test(csv, crlf_split_across_reads)
{
	/* A CR at the very end of the first 64 KiB read, its LF in the next. */
	size_t n = 65536 + 8;
	char *bytes = malloc(n);
	const struct cm_csv_record *rec;
	struct cm_error err = { 0 };
	struct reader rd;

	memset(bytes, 'x', n);
	bytes[0] = 'h';
	bytes[1] = '\n';
	bytes[65535] = '\r';
	bytes[65536] = '\n';
	memcpy(bytes + 65537, "a,b\r\n\r\n", 7);
	rd = open_bytes(bytes, n, 0, CM_ENC_AUTO);
	cr_expect_str_eq(next(&rd), "1|h|h");
	cr_assert_eq(cm_csv_next(rd.r, &rec, &err), 1);
	cr_expect_eq(rec->line, 2);
	cr_expect_eq(rec->raw_len, 65533);
	cr_expect_eq(rec->len[0], 65533);
	cr_expect_str_eq(next(&rd), "3|a,b|a/b");
	cr_expect_null(next(&rd));
	close_reader(&rd);
	free(bytes);
}

Test(csv, too_many_columns_is_a_problem_not_a_crash)
{
	size_t n = 2 * (CM_CSV_MAX_FIELDS + 10) + 1;
	char *bytes = malloc(n);
	const struct cm_csv_record *rec;
	struct cm_error err = { 0 };
	struct reader rd;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		bytes[i] = 'v';
		bytes[i + 1] = ',';
	}
	bytes[n - 1] = '\n';
	rd = open_bytes(bytes, n, ',', CM_ENC_AUTO);
	cr_assert_eq(cm_csv_next(rd.r, &rec, &err), 1);
	cr_expect_eq(rec->nfields, CM_CSV_MAX_FIELDS + 11);
	cr_expect_str_eq(rec->problem, "more than 1024 columns");
	close_reader(&rd);
	free(bytes);
}

/* --- mapping files ---------------------------------------------------------- */

static const char *mapping_error(const char *json)
{
	static struct cm_error err;
	struct cm_mapping *m = NULL;

	memset(&err, 0, sizeof err);
	if (cm_mapping_parse(json, strlen(json), "m.json", &m, &err) == 0) {
		cm_mapping_free(m);
		return "ok";
	}
	cr_expect_null(m);
	return err.msg;
}

#define REQUIRED "\"ext_id\": {\"column\": \"id\"}, \"last_name\": {\"column\": \"n\"}, " \
	"\"first_name\": {\"column\": \"p\"}"

Test(mapping, reads_a_complete_mapping)
{
	static const char json[] =
		"{\"source\": \"actiris\", \"delimiter\": \"tab\", \"encoding\": \"auto\","
		" \"fallback_encoding\": \"iso-8859-1\", \"header\": true,"
		" \"programme\": \"be-accompagnement\", \"description\": \"x\", \"fields\": {"
		REQUIRED ", \"birth_date\": {\"column\": \"d\", \"date\": [\"dd/mm/yy\", \"yyyymmdd\"]},"
		" \"sex\": {\"column\": \"s\", \"map\": {\"M\": \"male\", \"F\": \"female\", \"?\": \"\"},"
		" \"default\": \"unknown\"}, \"language\": {\"value\": \"fr\"}}}";
	struct cm_error err = { 0 };
	struct cm_mapping *m;

	cr_assert_eq(cm_mapping_parse(json, strlen(json), "m.json", &m, &err), 0, "%s", err.msg);
	cr_expect_str_eq(m->source, "actiris");
	cr_expect_eq(m->delimiter, '\t');
	cr_expect_eq(m->encoding, CM_ENC_AUTO);
	cr_expect_eq(m->fallback, CM_ENC_ISO_8859_1);
	cr_expect_eq(m->field[CM_F_BIRTH_DATE].ndates, 2);
	cr_expect_eq(m->field[CM_F_BIRTH_DATE].dates[0], CM_DATE_DMY2);
	cr_expect_eq(m->field[CM_F_BIRTH_DATE].dates[1], CM_DATE_COMPACT);
	cr_expect_str_eq(cm_map_lookup(&m->field[CM_F_SEX], "F"), "female");
	cr_expect_str_eq(cm_map_lookup(&m->field[CM_F_SEX], "?"), "");
	cr_expect_null(cm_map_lookup(&m->field[CM_F_SEX], "f"));
	cr_expect_str_eq(m->field[CM_F_SEX].def, "unknown");
	cr_expect_str_eq(m->field[CM_F_LANGUAGE].value, "fr");
	cr_expect_eq(m->field[CM_F_REGISTERED_ON].present, 0);
	cm_mapping_free(m);
}

Test(mapping, names_what_is_wrong)
{
	cr_expect_str_eq(mapping_error("[]"), "mapping 'm.json': not a JSON object");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED "}} x"),
			 "mapping 'm.json': invalid JSON near byte 117");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"delimiter\": \";;\", \"fields\": {"
				       REQUIRED "}}"),
			 "mapping 'm.json': \"delimiter\" must be \"auto\", \";\", \",\", \"\\t\" "
			 "(or \"tab\"), \"|\" or \":\"");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fallback_encoding\": \"utf-8\","
				       " \"fields\": {" REQUIRED "}}"),
			 "mapping 'm.json': \"fallback_encoding\" must be an 8-bit encoding "
			 "(windows-1252 or iso-8859-1)");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"header\": 1, \"fields\": {" REQUIRED
				       "}}"), "mapping 'm.json': \"header\" must be true or false");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED
				       ", \"ext_id\": {\"column\": \"x\"}}}"),
			 "mapping 'm.json': field 'ext_id' is given twice");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED
				       ", \"phone\": {\"column\": 0}}}"),
			 "mapping 'm.json': field 'phone': \"column\" must be a header name, a list "
			 "of header names or a column number from 1 to 1024");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED
				       ", \"outcome\": {\"column\": \"o\"}}}"),
			 "mapping 'm.json': field 'outcome' is only for \"kind\": \"exits\"");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"kind\": \"exits\", \"fields\": {"
				       "\"ext_id\": {\"column\": \"id\"}, \"phone\": {\"column\": \"t\"}}}"),
			 "mapping 'm.json': field 'phone' is not for \"kind\": \"exits\" (ext_id, "
			 "closed_on, outcome, programme, deleted)");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"kind\": \"exits\", \"fields\": {"
				       "\"ext_id\": {\"column\": \"id\"}, \"outcome\": {\"value\": \"won\"},"
				       " \"closed_on\": {\"column\": \"d\"}}}"),
			 "mapping 'm.json': field 'outcome': value 'won': not an outcome code (see "
			 "cm-close(1))");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"on_deleted\": {\"close\": \"other\"},"
				       " \"fields\": {" REQUIRED "}}"),
			 "mapping 'm.json': \"on_deleted\" needs the field 'deleted'");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED
				       ", \"phone\": {\"column\": [\"tel\", 3]}}}"),
			 "mapping 'm.json': field 'phone': a list of columns must hold header names");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED
				       ", \"phone\": {\"column\": \"t\", \"date\": \"yyyymmdd\"}}}"),
			 "mapping 'm.json': field 'phone': \"date\" is only for birth_date, "
			 "registered_on and closed_on");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED
				       ", \"sex\": {\"column\": \"t\", \"map\": {\"a\": \"male\", "
				       "\"a\": \"female\"}}}}"),
			 "mapping 'm.json': field 'sex': 'a' is recoded twice");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED
				       ", \"sex\": {\"value\": \"male\", \"default\": \"male\"}}}"),
			 "mapping 'm.json': field 'sex': \"value\" is a constant; \"default\", "
			 "\"date\" and \"map\" go with \"column\"");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {\"ext_id\": {\"value\": "
				       "\"1\"}, \"last_name\": {\"column\": \"n\"}, \"first_name\": "
				       "{\"column\": \"p\"}}}"),
			 "mapping 'm.json': field 'ext_id' must come from a column");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED
				       ", \"incapacity\": {\"value\": \"101\"}}}"),
			 "mapping 'm.json': field 'incapacity': value '101': not a whole "
			 "percentage from 0 to 100");
	/* Found by the fuzzer: a repeated key leaked the first value. */
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"source\": \"t\", \"fields\": {"
				       REQUIRED "}}"), "mapping 'm.json': key 'source' is given twice");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"fields\": {" REQUIRED
				       ", \"phone\": {\"column\": \"a\", \"column\": \"b\"}}}"),
			 "mapping 'm.json': field 'phone': key 'column' is given twice");
	cr_expect_str_eq(mapping_error("{\"source\": \"s\", \"header\": false, \"fields\": "
				       "{\"ext_id\": {\"column\": 1}, \"last_name\": {\"column\": 2}, "
				       "\"first_name\": {\"column\": 3}}}"), "ok");
}

/* --- importing --------------------------------------------------------------- */

static struct cm_store *s;
static char dir[] = "/tmp/cm-import-test-XXXXXX";
static char path[256], map_path[256];

static void setup(void)
{
	struct cm_error err = { 0 };

	setenv("CM_TODAY", "2026-03-15", 1);
	setenv("CM_NOW", "2026-03-15T09:00:00Z", 1);
	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/export.csv", dir);
	snprintf(map_path, sizeof map_path, "%s/map.json", dir);
	s = fixture_open();
	cm_store_set_actor(s, "alice", "intake");
	/* The rows' worker is the acting user, who must be registered. */
	cr_assert_eq(cm_worker_add_first_admin(s, "alice", "Alice", &err), 0, "%s", err.msg);
	cr_assert_eq(cm_programme_seed_builtin(s, &err), 0);
	cr_assert_eq(cm_store_meta_set(s, "default_programme", "be-accompagnement", &err), 0);
}

static void teardown(void)
{
	char cmd[300];

	fixture_close(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(import, .init = setup, .fini = teardown);

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "wb");

	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

static char *read_file(const char *p)
{
	static char buf[4096];
	FILE *f = fopen(p, "rb");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static struct cm_mapping *load(const char *json)
{
	struct cm_error err = { 0 };
	struct cm_mapping *m;

	cr_assert_eq(cm_mapping_parse(json, strlen(json), "map.json", &m, &err), 0, "%s", err.msg);
	return m;
}

static const char plain_map[] =
	"{\"source\": \"pes\", \"fields\": {" REQUIRED ", \"phone\": {\"column\": \"t\"},"
	" \"birth_date\": {\"column\": \"d\", \"date\": \"dd/mm/yyyy\"}}}";

struct run {
	int rc;
	struct cm_import_counts n;
	char *rejects;
	char msg[CM_ERROR_MAX];
};

static struct run import(const struct cm_mapping *m, int dry_run, int strict)
{
	struct cm_import_opts o = { .path = path, .map = m, .dry_run = dry_run, .strict = strict };
	struct cm_error err = { 0 };
	struct run r;

	r.rc = cm_import(s, &o, &r.n, &r.rejects, &err);
	snprintf(r.msg, sizeof r.msg, "%s", err.msg);
	return r;
}

static void expect_counts(const struct run *r, long long read, long long created,
			  long long updated, long long unchanged, long long rejected)
{
	cr_expect_eq(r->rc, 0, "%s", r->msg);
	cr_expect_eq(r->n.read, read);
	cr_expect_eq(r->n.created, created);
	cr_expect_eq(r->n.updated, updated);
	cr_expect_eq(r->n.unchanged, unchanged);
	cr_expect_eq(r->n.rejected, rejected);
}

Test(import, creates_then_changes_nothing_then_updates)
{
	struct cm_mapping *m = load(plain_map);
	struct run r;

	write_file(path, "id,n,p,t,d\n1,Dupont,Lea,,05/04/2003\n2,Peeters,Jan,0470,\n");
	r = import(m, 0, 0);
	expect_counts(&r, 2, 2, 0, 0, 0);
	cr_expect_null(r.rejects);
	cr_expect_eq(cm_store_count(s, "person"), 2);
	cr_expect_eq(cm_store_count(s, "cases"), 2);
	/* One record a row: the person with their case. */
	cr_expect_eq(cm_store_count(s, "audit"), 2);

	r = import(m, 0, 0);
	expect_counts(&r, 2, 0, 0, 2, 0);
	cr_expect_eq(cm_store_count(s, "audit"), 2);

	/* An empty cell keeps what is recorded; a new value replaces it. */
	write_file(path, "id,n,p,t,d\n1,Dupont,Lea,0471,\n2,Peeters,Jan,,\n");
	r = import(m, 0, 0);
	expect_counts(&r, 2, 0, 1, 1, 0);
	cr_expect_eq(cm_store_count(s, "audit"), 3);
	cr_expect_eq(cm_store_count(s, "cases"), 2);
	cm_mapping_free(m);
}

Test(import, dry_run_and_strict_change_nothing)
{
	struct cm_mapping *m = load(plain_map);
	char rejects[300];
	struct run r;

	write_file(path, "id,n,p,t,d\n1,Dupont,Lea,,05/04/2003\n2,Peeters,Jan,,31/02/1990\n");
	r = import(m, 1, 0);
	expect_counts(&r, 2, 1, 0, 0, 1);
	cr_expect_null(r.rejects);
	cr_expect_null(read_file(strcat(strcpy(rejects, path), ".rejects.csv")));
	cr_expect_eq(cm_store_count(s, "person"), 0);
	cr_expect_eq(cm_store_count(s, "audit"), 0);

	r = import(m, 0, 1);
	expect_counts(&r, 2, 1, 0, 0, 1);
	cr_expect_eq(cm_store_count(s, "person"), 0);
	cr_expect_eq(cm_store_count(s, "audit"), 0);
	cr_assert_not_null(r.rejects);
	cr_expect_str_eq(read_file(r.rejects),
			 "id,n,p,t,d,cm_line,cm_reason\n"
			 "2,Peeters,Jan,,31/02/1990,3,field 'birth_date': invalid date\n");
	free(r.rejects);

	/* The same import for real: the good row goes in, and audit records chain on. */
	r = import(m, 0, 0);
	expect_counts(&r, 2, 1, 0, 0, 1);
	free(r.rejects);
	cr_expect_eq(cm_store_count(s, "person"), 1);
	cr_expect_eq(cm_store_count(s, "audit"), 1);
	cm_mapping_free(m);
}

Test(import, duplicates_within_a_file)
{
	struct cm_mapping *m = load(plain_map);
	struct run r;

	write_file(path, "id,n,p,t,d\n1,A,B,1,\n1,A,B,1,\n1,A,B,2,\n2,C,D,,\n2,C,D,,\n");
	r = import(m, 0, 0);
	expect_counts(&r, 5, 2, 0, 2, 1);
	cr_expect_str_eq(read_file(r.rejects),
			 "id,n,p,t,d,cm_line,cm_reason\n"
			 "1,A,B,2,,4,\"field 'ext_id': the same id is on an earlier row, with different data\"\n");
	free(r.rejects);
	/* Known people are caught the same way. */
	r = import(m, 0, 0);
	expect_counts(&r, 5, 0, 0, 4, 1);
	free(r.rejects);
	cm_mapping_free(m);
}

Test(import, fatal_errors_leave_the_store_as_it_was)
{
	struct cm_mapping *m = load(plain_map);
	struct cm_mapping *bad_programme = load("{\"source\": \"pes\", \"programme\": \"nope\","
						" \"fields\": {" REQUIRED "}}");
	struct run r;

	static const char nul[] = "id,n,p,t,d\n1,A,B,,\n2,C,D,,\n3,E\0F,,,\n";
	char expected[400];
	FILE *f = fopen(path, "wb");

	cr_assert(f);
	fwrite(nul, 1, sizeof nul - 1, f);
	fclose(f);
	r = import(m, 0, 0);
	cr_expect_eq(r.rc, CM_EFAIL);
	snprintf(expected, sizeof expected, "%s:4: NUL byte: this is not a text file in UTF-8 or "
		 "an 8-bit encoding (UTF-16?); save it as UTF-8", path);
	cr_expect_str_eq(r.msg, expected);
	cr_expect_eq(r.n.created, 2);
	cr_expect_eq(cm_store_count(s, "person"), 0);
	cr_expect_eq(cm_store_count(s, "audit"), 0);

	r = import(bad_programme, 0, 0);
	cr_expect_eq(r.rc, CM_EUSAGE);
	cr_expect_str_eq(r.msg, "mapping 'map.json': unknown programme 'nope'; see "
			 "'cm programme list'");
	cm_mapping_free(m);
	cm_mapping_free(bad_programme);
}
