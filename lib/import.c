/*
 * Batch intake: each row of an export becomes a person and a case, an update
 * of a known person, nothing (unchanged), or a line in the rejects file. The
 * whole file is one transaction, statements are prepared once, and memory
 * does not grow with the file: rows are streamed, and the only state kept
 * across rows is one bit per person id (to spot an id given twice).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cm/audit.h"
#include "cm/clock.h"
#include "cm/import.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "mapping.h"
#include "sql.h"

#define PROGRESS_EVERY 4096
/*
 * The page cache while importing, in KiB. The indexes of a large import
 * outgrow SQLite's 2 MiB default, and then every row rereads and rewrites
 * pages; this much keeps the process well under 64 MB.
 */
#define IMPORT_CACHE_KIB 16384
/* The page cache while building deferred indexes, in KiB. */
#define REBUILD_CACHE_KIB 2048
/* A guess of the bytes per row of an export, to size an import before reading it. */
#define BYTES_PER_ROW_GUESS 128
/* Fewer new rows than this: secondary indexes are kept up to date row by row. */
#define DEFER_MIN_ROWS 20000
#define REASON_MAX 400

/* The person columns a row can set, in the order of the statements below. */
static const enum cm_import_field person_fields[] = {
	CM_F_FIRST_NAME, CM_F_LAST_NAME, CM_F_BIRTH_DATE, CM_F_SEX, CM_F_POSTCODE,
	CM_F_PHONE, CM_F_EMAIL, CM_F_LANGUAGE, CM_F_REGISTERED_ON, CM_F_NOTES,
};
#define NPERSON ((int)(sizeof person_fields / sizeof person_fields[0]))

/*
 * The person with the row's (source, ext_id), and whether they have an open
 * case in the programme: the partial index cases_one_open answers that
 * without reading the case, which keeps a re-import to one statement a row.
 */
static const char sql_find_person[] =
	"SELECT id, EXISTS (SELECT 1 FROM cases WHERE person_id = person.id"
	" AND programme = ?3 AND state <> 'closed'), first_name, last_name, birth_date, sex,"
	" postcode, phone, email, language, registered_on, notes"
	" FROM person WHERE source = ?1 AND ext_id = ?2";
#define FIND_OPEN_CASE 1
#define FIND_FIRST_FIELD 2

static const char sql_insert_person[] =
	"INSERT INTO person(source, ext_id, created_at, first_name, last_name, birth_date, sex,"
	" postcode, phone, email, language, registered_on, notes)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
	" ON CONFLICT (source, ext_id) DO NOTHING";
#define INSERT_FIRST_FIELD 4

static const char sql_update_person[] =
	"UPDATE person SET first_name = coalesce(?2, first_name),"
	" last_name = coalesce(?3, last_name), birth_date = coalesce(?4, birth_date),"
	" sex = coalesce(?5, sex), postcode = coalesce(?6, postcode),"
	" phone = coalesce(?7, phone), email = coalesce(?8, email),"
	" language = coalesce(?9, language), registered_on = coalesce(?10, registered_on),"
	" notes = coalesce(?11, notes) WHERE id = ?1";
#define UPDATE_FIRST_FIELD 2

/* Any case of the person in the programme: a closed one is not reopened by an import. */
static const char sql_find_case[] =
	"SELECT id FROM cases WHERE person_id = ?1 AND programme = ?2 LIMIT 1";

static const char sql_insert_case[] =
	"INSERT INTO cases(person_id, programme, worker, state, state_since, referral_source,"
	" opened_on, incapacity) VALUES (?1, ?2, ?3, 'screening', ?4, ?5, ?4, ?6)";

static const char sql_find_programme[] = "SELECT 1 FROM programme WHERE id = ?1";

/* Text built without a malloc per row: JSON for the audit log. */
struct buf {
	char *p;
	size_t len, cap;
	int failed;
};

struct importer {
	struct cm_store *s;
	sqlite3 *db;
	const struct cm_import_opts *o;
	const struct cm_mapping *m;
	struct cm_import_counts *count;
	struct cm_error *err;

	FILE *in;
	struct cm_csv *csv;
	long long total_bytes;
	int col[CM_F_COUNT];             /* 0-based column of each field, or -1 */
	size_t width;                    /* columns every row must have */

	cm_days today;
	char today_s[CM_DATE_LEN], now[CM_TIME_LEN];
	char *programme;                 /* the cases' programme when no column gives one */
	char *checked_programme;         /* the last programme from a column found to exist */
	const char *worker;              /* when no column gives one */

	sqlite3_stmt *find_person, *insert_person, *update_person;
	sqlite3_stmt *find_case, *insert_case, *find_programme;

	unsigned char *seen;             /* one bit per person id touched by this file */
	size_t seen_bytes;

	/* The current row's values: trimmed cells, recodings, ISO dates. */
	const char *v[CM_F_COUNT];
	char *cells;
	size_t cells_cap;
	char dates[CM_F_COUNT][CM_DATE_LEN];
	char reason[REASON_MAX];
	char shown[80];

	char *rejects_path, *rejects_tmp;
	FILE *rejects;
	int rejects_direct;              /* the path is a device or a pipe: written in place */
	char *header;                    /* the header row as read, for the rejects file */
	size_t header_len;

	struct buf json, summary;
	int expect_new;                  /* the last row was a new person */
	char guarded_id[CM_PROGRAMME_ID_MAX]; /* the last programme whose rules were read... */
	int guarded;                     /* ...and whether it has eligibility rules */
	char **deferred;                 /* CREATE INDEX statements to run before the commit */
	size_t ndeferred;
	int cache_kib;                   /* the connection's page cache before the import */
};

static int oom(struct importer *im)
{
	return cm_error_set(im->err, CM_ENOMEM, "out of memory");
}

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

static void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (b->failed)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_reset(struct buf *b)
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

	buf_add(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': buf_str(b, "\\\""); break;
		case '\\': buf_str(b, "\\\\"); break;
		case '\b': buf_str(b, "\\b"); break;
		case '\f': buf_str(b, "\\f"); break;
		case '\n': buf_str(b, "\\n"); break;
		case '\r': buf_str(b, "\\r"); break;
		case '\t': buf_str(b, "\\t"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", c);
			buf_str(b, esc);
		}
	}
	buf_add(b, run, (size_t)(s - run));
	buf_add(b, "\"", 1);
}

static void json_key(struct buf *b, const char *key)
{
	buf_add(b, b->len > 1 ? ",\"" : "\"", b->len > 1 ? 2 : 1);
	buf_str(b, key);
	buf_add(b, "\":", 2);
}

static void json_text(struct buf *b, const char *key, const char *v)
{
	json_key(b, key);
	if (v)
		json_quote(b, v);
	else
		buf_add(b, "null", 4);
}

/* A number in decimal, without printf: two or three per imported row add up. */
static void buf_int(struct buf *b, long long v)
{
	char n[24], *p = n + sizeof n;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(n + sizeof n - p));
}

static void json_int(struct buf *b, const char *key, long long v)
{
	json_key(b, key);
	buf_int(b, v);
}

/* --- reasons and the rejects file ----------------------------------------- */

/* A cell quoted in a one-line message: control characters shown as '?', long ones cut. */
static const char *shown(struct importer *im, const char *v)
{
	char *out = im->shown;
	size_t size = sizeof im->shown, i = 0;

	for (; *v && i + 4 < size && i < 60; v++)
		out[i++] = (unsigned char)*v < 0x20 ? '?' : *v;
	if (*v) {
		/* Cut on a character boundary, not inside a UTF-8 sequence. */
		while (i > 0 && ((unsigned char)*v & 0xc0) == 0x80) {
			v--;
			i--;
		}
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

__attribute__((format(printf, 2, 3)))
static int reject(struct importer *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->reason, sizeof im->reason, fmt, ap);
	va_end(ap);
	return 1;
}

static void put_field(FILE *f, const char *s, char delim)
{
	const char *p;

	if (!strchr(s, delim) && !strpbrk(s, "\"\r\n")) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (p = s; *p; p++) {
		if (*p == '"')
			putc('"', f);
		putc(*p, f);
	}
	putc('"', f);
}

/* What the export had before its rows: a byte-order mark, a sep= line, the header. */
static int rejects_start(struct importer *im, char delim, const char *nl)
{
	if (cm_csv_had_bom(im->csv))
		fputs("\xef\xbb\xbf", im->rejects);
	if (cm_csv_sep_line(im->csv))
		fprintf(im->rejects, "%s%s", cm_csv_sep_line(im->csv), nl);
	if (im->header) {
		fwrite(im->header, 1, im->header_len, im->rejects);
		fprintf(im->rejects, "%ccm_line%ccm_reason%s", delim, delim, nl);
	}
	return 0;
}

/*
 * The rejects file keeps the export's encoding, delimiter and line ends, so
 * it can be fixed and re-imported. It is opened at the first rejected row:
 * an export in a directory cm may not write to imports fine when clean. A
 * file is written aside and renamed into place once the import is done; a
 * device or a pipe (/dev/null, /dev/stdout) is written to directly, and
 * never replaced or removed.
 */
static int rejects_open(struct importer *im)
{
	char delim = cm_csv_delimiter(im->csv);
	const char *nl = cm_csv_newline(im->csv);
	int fd;

	if (im->rejects_direct) {
		im->rejects = fopen(im->rejects_path, "wb");
		if (!im->rejects)
			return cm_error_set(im->err, CM_EIO, "cannot write rejects file '%s': %s",
					    im->rejects_path, strerror(errno));
		return rejects_start(im, delim, nl);
	}
	if (asprintf(&im->rejects_tmp, "%s.XXXXXX", im->rejects_path) < 0) {
		im->rejects_tmp = NULL;
		return oom(im);
	}
	fd = mkstemp(im->rejects_tmp);
	if (fd < 0 || !(im->rejects = fdopen(fd, "wb"))) {
		int e = errno;

		if (fd >= 0) {
			close(fd);
			unlink(im->rejects_tmp);
		}
		free(im->rejects_tmp);
		im->rejects_tmp = NULL;
		return cm_error_set(im->err, CM_EIO, "cannot write rejects file '%s': %s",
				    im->rejects_path, strerror(e));
	}
	return rejects_start(im, delim, nl);
}

static int rejects_write(struct importer *im, const struct cm_csv_record *rec)
{
	char delim = cm_csv_delimiter(im->csv);
	char *reason;
	int rc;

	if (!im->rejects) {
		rc = rejects_open(im);
		if (rc < 0)
			return rc;
	}
	reason = cm_csv_to_file_encoding(im->csv, im->reason);
	if (!reason)
		return oom(im);
	fwrite(rec->raw, 1, rec->raw_len, im->rejects);
	fprintf(im->rejects, "%c%ld%c", delim, rec->line, delim);
	put_field(im->rejects, reason, delim);
	fputs(cm_csv_newline(im->csv), im->rejects);
	free(reason);
	return 0;
}

/* Flush the rejects before the commit, so a full disk fails the import, not the rename. */
static int rejects_flush(struct importer *im)
{
	int bad;

	if (!im->rejects)
		return 0;
	bad = fflush(im->rejects) != 0 || ferror(im->rejects) ||
		(!im->rejects_direct && fsync(fileno(im->rejects)) != 0);
	bad |= fclose(im->rejects) != 0;
	im->rejects = NULL;
	if (bad)
		return cm_error_set(im->err, CM_EIO, "cannot write rejects file '%s': %s",
				    im->rejects_path, strerror(errno));
	return 0;
}

static void rejects_discard(struct importer *im)
{
	if (im->rejects) {
		fclose(im->rejects);
		im->rejects = NULL;
	}
	if (im->rejects_tmp)
		unlink(im->rejects_tmp);
}

/* --- the mapping against the file ----------------------------------------- */

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int header_matches(const char *cell, size_t n, const char *name, int exact)
{
	trim(&cell, &n);
	if (strlen(name) != n)
		return 0;
	return exact ? memcmp(cell, name, n) == 0 : strncasecmp(cell, name, n) == 0;
}

/* The header's column with this name: an exact match, else one differing only in case. */
static int find_column(struct importer *im, const struct cm_csv_record *h, const char *name,
		       enum cm_import_field f)
{
	size_t i, n = h->nfields;
	int exact, found = -1;

	for (exact = 1; exact >= 0 && found < 0; exact--) {
		for (i = 0; i < n; i++) {
			if (!header_matches(h->field[i], h->len[i], name, exact))
				continue;
			if (found >= 0)
				return cm_error_set(im->err, CM_EFAIL,
						    "%s:%ld: column '%s' (field '%s') appears twice "
						    "in the header", im->o->path, h->line, name,
						    cm_import_field_name(f));
			found = (int)i;
		}
	}
	if (found < 0)
		return cm_error_set(im->err, CM_EFAIL,
				    "%s:%ld: column '%s' (field '%s' in mapping '%s') is not in the "
				    "header", im->o->path, h->line, name, cm_import_field_name(f),
				    im->m->name);
	return found;
}

static int resolve_columns(struct importer *im, const struct cm_csv_record *first)
{
	int f, c;

	if (first->problem)
		return cm_error_set(im->err, CM_EFAIL, "%s:%ld: %s: %s", im->o->path, first->line,
				    im->m->header ? "header" : "first row", first->problem);
	im->width = first->nfields;
	for (f = 0; f < CM_F_COUNT; f++) {
		const struct cm_map_field *mf = &im->m->field[f];

		im->col[f] = -1;
		if (!mf->present || mf->value)
			continue;
		if (mf->column) {
			c = find_column(im, first, mf->column, (enum cm_import_field)f);
			if (c < 0)
				return c;
			im->col[f] = c;
		} else if ((size_t)mf->colnum > im->width) {
			return cm_error_set(im->err, CM_EFAIL,
					    "%s:%ld: field '%s' is column %d, but the %s has %zu",
					    im->o->path, first->line, cm_import_field_name(f),
					    mf->colnum, im->m->header ? "header" : "first row",
					    im->width);
		} else {
			im->col[f] = mf->colnum - 1;
		}
	}
	return 0;
}

/* --- one row: from cells to checked values -------------------------------- */

static int parse_date(struct importer *im, enum cm_import_field f, const char *cell)
{
	const struct cm_map_field *mf = &im->m->field[f];
	cm_days d;
	int i;

	for (i = 0; i < mf->ndates; i++)
		if (cm_date_parse(cell, mf->dates[i], im->today, &d) == 0)
			break;
	if (i == mf->ndates)
		return reject(im, "field '%s': invalid date '%s'", cm_import_field_name(f),
			      shown(im, cell));
	if (d > im->today)
		return reject(im, "field '%s': date '%s' is in the future", cm_import_field_name(f),
			      shown(im, cell));
	cm_date_format(d, im->dates[f]);
	im->v[f] = im->dates[f];
	return 0;
}

static int programme_exists(struct importer *im, const char *id)
{
	sqlite3_stmt *st = im->find_programme;
	int rc;

	if (im->checked_programme && strcmp(im->checked_programme, id) == 0)
		return 1;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return 0;
	free(im->checked_programme);
	im->checked_programme = strdup(id);
	return 1;
}

/* One field of the row; returns 1 when the row is rejected (im->reason says why). */
static int take_field(struct importer *im, const struct cm_csv_record *rec,
		      enum cm_import_field f, char **cells)
{
	const struct cm_map_field *mf = &im->m->field[f];
	const char *cell, *why;
	size_t n;

	im->v[f] = NULL;
	if (!mf->present)
		return 0;
	if (mf->value) {
		im->v[f] = mf->value;
		return 0;
	}
	cell = rec->field[im->col[f]];
	n = rec->len[im->col[f]];
	trim(&cell, &n);
	if (n == 0) {
		im->v[f] = mf->def;
		return 0;
	}
	memcpy(*cells, cell, n);
	(*cells)[n] = '\0';
	cell = *cells;
	*cells += n + 1;
	if (mf->nmap) {
		const char *to = cm_map_lookup(mf, cell);

		if (!to)
			return reject(im, "field '%s': value '%s' is not in the mapping's map",
				      cm_import_field_name(f), shown(im, cell));
		im->v[f] = *to ? to : mf->def;
		return 0;
	}
	if (cm_import_field_is_date(f))
		return parse_date(im, f, cell);
	why = cm_map_check_value(f, cell);
	if (why)
		return reject(im, "field '%s': '%s' is %s", cm_import_field_name(f), shown(im, cell),
			      why);
	im->v[f] = cell;
	return 0;
}

/* Fill im->v from the record; returns 1 when the row is rejected. */
static int take_row(struct importer *im, const struct cm_csv_record *rec)
{
	static const enum cm_import_field required[] = { CM_F_EXT_ID, CM_F_FIRST_NAME, CM_F_LAST_NAME };
	size_t i, need = 0;
	char *cells;
	int f;

	if (rec->problem)
		return reject(im, "%s", rec->problem);
	if (rec->nfields != im->width)
		return reject(im, "%s row: %zu columns, expected %zu",
			      rec->nfields < im->width ? "short" : "long", rec->nfields, im->width);
	for (f = 0; f < CM_F_COUNT; f++)
		if (im->col[f] >= 0)
			need += rec->len[im->col[f]] + 1;
	if (need > im->cells_cap) {
		char *grown = realloc(im->cells, need * 2);

		if (!grown)
			return reject(im, "out of memory");
		im->cells = grown;
		im->cells_cap = need * 2;
	}
	cells = im->cells;
	for (f = 0; f < CM_F_COUNT; f++)
		if (take_field(im, rec, (enum cm_import_field)f, &cells))
			return 1;
	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!im->v[required[i]])
			return reject(im, "field '%s' is empty", cm_import_field_name(required[i]));
	if (im->v[CM_F_PROGRAMME] && !programme_exists(im, im->v[CM_F_PROGRAMME]))
		return reject(im, "field 'programme': unknown programme '%s'",
			      shown(im, im->v[CM_F_PROGRAMME]));
	return 0;
}

/* --- one row: into the database -------------------------------------------- */

static int seen_test_and_set(struct importer *im, int64_t id)
{
	size_t byte = (size_t)id / 8;
	unsigned char bit = (unsigned char)(1u << (id % 8));
	int was;

	if (byte >= im->seen_bytes) {
		size_t n = (byte + 1) * 2;
		unsigned char *grown = realloc(im->seen, n);

		if (!grown)
			return -1;
		memset(grown + im->seen_bytes, 0, n - im->seen_bytes);
		im->seen = grown;
		im->seen_bytes = n;
	}
	was = (im->seen[byte] & bit) != 0;
	im->seen[byte] |= bit;
	return was;
}

static const char *programme_of(struct importer *im)
{
	return im->v[CM_F_PROGRAMME] ? im->v[CM_F_PROGRAMME] : im->programme;
}

static const char *worker_of(struct importer *im)
{
	return im->v[CM_F_WORKER] ? im->v[CM_F_WORKER] : im->worker;
}

static const char *referral_source_of(struct importer *im)
{
	return im->v[CM_F_REFERRAL_SOURCE] ? im->v[CM_F_REFERRAL_SOURCE] : "pes";
}

static int sql_fail(struct importer *im, int rc, const char *what)
{
	return cm_sql_fail(im->s, rc, im->err, what);
}

static int step_done(struct importer *im, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_fail(im, rc, what);
	return 0;
}

/*
 * A person as JSON for the audit log: the identity and the fields that have
 * a value (a missing key is null). A million rows make a million of these,
 * so nothing is written that the record's other columns already say.
 */
static void person_json(struct importer *im, int64_t id, const char *const *vals)
{
	struct buf *b = &im->json;
	int i;

	buf_reset(b);
	buf_add(b, "{", 1);
	json_int(b, "id", id);
	json_text(b, "source", im->m->source);
	json_text(b, "ext_id", im->v[CM_F_EXT_ID]);
	for (i = 0; i < NPERSON; i++)
		if (vals[i])
			json_text(b, cm_import_field_name(person_fields[i]), vals[i]);
	buf_add(b, "}", 1);
}

/* Bound values live until the step: no copies. */
static void bind(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int audit(struct importer *im, const char *entity, int64_t id, int64_t case_id,
		 const char *before, const char *after)
{
	if (im->json.failed || im->summary.failed)
		return oom(im);
	return cm_audit_add(im->s, entity, id, case_id, im->summary.p, before, after, im->err);
}

static int open_case(struct importer *im, int64_t person)
{
	sqlite3_stmt *st = im->insert_case;
	const char *programme = programme_of(im), *worker = worker_of(im);
	int64_t id;
	int rc;

	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, programme, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, worker, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, im->today_s, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, referral_source_of(im), -1, SQLITE_STATIC);
	if (im->v[CM_F_INCAPACITY])
		sqlite3_bind_int(st, 6, atoi(im->v[CM_F_INCAPACITY]));
	else
		sqlite3_bind_null(st, 6);
	rc = step_done(im, st, "open case");
	if (rc < 0)
		return rc;
	id = sqlite3_last_insert_rowid(im->db);
	buf_reset(&im->json);
	buf_add(&im->json, "{", 1);
	json_int(&im->json, "id", id);
	json_int(&im->json, "person_id", person);
	json_text(&im->json, "programme", programme);
	json_text(&im->json, "worker", worker);
	json_text(&im->json, "state", "screening");
	json_text(&im->json, "state_since", im->today_s);
	json_text(&im->json, "referral_source", referral_source_of(im));
	json_text(&im->json, "opened_on", im->today_s);
	if (im->v[CM_F_INCAPACITY])
		json_int(&im->json, "incapacity", atoi(im->v[CM_F_INCAPACITY]));
	buf_add(&im->json, "}", 1);
	buf_reset(&im->summary);
	buf_str(&im->summary, "case opened in ");
	buf_str(&im->summary, programme);
	buf_str(&im->summary, " for ");
	buf_str(&im->summary, worker);
	buf_str(&im->summary, ", person ");
	buf_int(&im->summary, person);
	buf_str(&im->summary, " (import from ");
	buf_str(&im->summary, im->m->source);
	buf_str(&im->summary, ")");
	return audit(im, "cases", id, id, NULL, im->json.p);
}

/* What storing a row came to, besides a negative status. */
enum { ROW_DONE = 0, ROW_REJECTED = 1, ROW_EXISTS = 2 };

static int exec(struct importer *im, const char *sql)
{
	int rc = sqlite3_exec(im->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sql_fail(im, rc, "import");
}

/* Does the case's programme have eligibility rules? Asked once per programme in a row. */
static int programme_guarded(struct importer *im, int *guarded)
{
	const char *programme = programme_of(im);
	struct cm_programme_rules r;
	int rc;

	if (strcmp(im->guarded_id, programme) != 0) {
		rc = cm_programme_rules_get(im->s, programme, &r, im->err);
		if (rc < 0)
			return rc;
		snprintf(im->guarded_id, sizeof im->guarded_id, "%s", programme);
		im->guarded = r.min_age != CM_RULE_NONE || r.max_age != CM_RULE_NONE || r.checks;
	}
	*guarded = im->guarded;
	return 0;
}

/* The programme's rules, as cm intake applies them, on the person as now written. */
static int check_eligible(struct importer *im, int64_t person)
{
	struct cm_error why = { 0 };
	int incapacity = im->v[CM_F_INCAPACITY] ? atoi(im->v[CM_F_INCAPACITY]) : CM_RULE_NONE;
	int rc;

	rc = cm_programme_check_eligibility(im->s, programme_of(im), person, im->today_s,
					    incapacity, &why);
	if (rc == CM_EFAIL)
		return reject(im, "%s", why.msg);
	if (rc < 0 && im->err)
		*im->err = why;
	return rc;
}

/*
 * A row whose case is subject to eligibility rules is written under a
 * savepoint, so an ineligible person leaves no trace. The audit records
 * come after the check: a record, once chained, is never taken back.
 */
static int unguard(struct importer *im, int guarded, int rc)
{
	int rc2;

	if (!guarded)
		return rc;
	if (rc != ROW_DONE && rc != ROW_EXISTS) {
		rc2 = exec(im, "ROLLBACK TO import_row");
		if (rc2 < 0)
			return rc2;
	}
	rc2 = exec(im, "RELEASE import_row");
	return rc2 < 0 ? rc2 : rc;
}

static int audit_new_person(struct importer *im, int64_t id, const char *const *vals)
{
	person_json(im, id, vals);
	buf_reset(&im->summary);
	buf_str(&im->summary, "person ");
	buf_int(&im->summary, id);
	buf_str(&im->summary, " imported from ");
	buf_str(&im->summary, im->m->source);
	return audit(im, "person", id, 0, NULL, im->json.p);
}

/* Insert the row's person and case, unless a person with its (source, ext_id) exists. */
static int create_person(struct importer *im)
{
	sqlite3_stmt *st = im->insert_person;
	const char *vals[NPERSON];
	int64_t id;
	int i, rc, guarded;

	rc = programme_guarded(im, &guarded);
	if (rc == 0 && guarded)
		rc = exec(im, "SAVEPOINT import_row");
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, im->m->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->v[CM_F_EXT_ID], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, im->now, -1, SQLITE_STATIC);
	for (i = 0; i < NPERSON; i++) {
		vals[i] = im->v[person_fields[i]];
		bind(st, INSERT_FIRST_FIELD + i, vals[i]);
	}
	rc = step_done(im, st, "insert person");
	if (rc < 0 || sqlite3_changes(im->db) == 0)
		return unguard(im, guarded, rc < 0 ? rc : ROW_EXISTS);
	id = sqlite3_last_insert_rowid(im->db);
	if (guarded)
		rc = check_eligible(im, id);
	if (rc == 0)
		rc = audit_new_person(im, id, vals);
	if (rc == 0)
		rc = open_case(im, id);
	rc = unguard(im, guarded, rc);
	if (rc != ROW_DONE)
		return rc;
	if (seen_test_and_set(im, id) < 0)
		return oom(im);
	im->count->created++;
	return ROW_DONE;
}

/* Write the changed fields of a known person (the audit record comes later). */
static int write_update(struct importer *im, int64_t id, const int *changed)
{
	sqlite3_stmt *st = im->update_person;
	int i;

	sqlite3_bind_int64(st, 1, id);
	for (i = 0; i < NPERSON; i++)
		bind(st, UPDATE_FIRST_FIELD + i, changed[i] ? im->v[person_fields[i]] : NULL);
	return step_done(im, st, "update person");
}

/* The audit record of an update: the person before and after, and which fields changed. */
static int audit_update(struct importer *im, int64_t id, const char *const *old,
			const int *changed)
{
	const char *vals[NPERSON];
	char *before;
	char line[96];
	int i, rc;

	for (i = 0; i < NPERSON; i++)
		vals[i] = changed[i] ? im->v[person_fields[i]] : old[i];
	person_json(im, id, old);
	before = im->json.failed ? NULL : strdup(im->json.p);
	if (!before)
		return oom(im);
	person_json(im, id, vals);
	buf_reset(&im->summary);
	snprintf(line, sizeof line, "person %lld updated by import from ", (long long)id);
	buf_str(&im->summary, line);
	buf_str(&im->summary, im->m->source);
	buf_str(&im->summary, ":");
	for (i = 0; i < NPERSON; i++) {
		if (!changed[i])
			continue;
		buf_str(&im->summary, " ");
		buf_str(&im->summary, cm_import_field_name(person_fields[i]));
	}
	rc = audit(im, "person", id, 0, before, im->json.p);
	free(before);
	return rc;
}

/* Any case of the person in the programme, open or closed: an import reopens nothing. */
static int has_case(struct importer *im, int64_t person, int *found)
{
	sqlite3_stmt *st = im->find_case;
	int rc;

	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, programme_of(im), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(im, rc, "find case");
	*found = rc == SQLITE_ROW;
	return 0;
}

/* Update a known person, and open a case in the programme if they have none there. */
static int change_person(struct importer *im, int64_t id, const char *const *old,
			 const int *changed, int any, int need_case)
{
	int rc = 0, guarded = 0;

	if (need_case)
		rc = programme_guarded(im, &guarded);
	if (rc == 0 && guarded)
		rc = exec(im, "SAVEPOINT import_row");
	if (rc < 0)
		return rc;
	if (any)
		rc = write_update(im, id, changed);
	if (rc == 0 && guarded)
		rc = check_eligible(im, id);
	if (rc == 0 && any)
		rc = audit_update(im, id, old, changed);
	if (rc == 0 && need_case)
		rc = open_case(im, id);
	return unguard(im, guarded, rc);
}

static int known_person(struct importer *im, sqlite3_stmt *found)
{
	int64_t id = sqlite3_column_int64(found, 0);
	int has = sqlite3_column_int(found, FIND_OPEN_CASE);
	const char *old[NPERSON];
	char *copies[NPERSON] = { NULL };
	int changed[NPERSON], any = 0, was_seen, rc, i;

	for (i = 0; i < NPERSON; i++) {
		const char *now = im->v[person_fields[i]];

		old[i] = (const char *)sqlite3_column_text(found, FIND_FIRST_FIELD + i);
		/* An empty cell leaves what is recorded. */
		changed[i] = now && (!old[i] || strcmp(now, old[i]) != 0);
		any |= changed[i];
	}
	was_seen = seen_test_and_set(im, id);
	if (was_seen < 0)
		return oom(im);
	if (was_seen && any)
		return reject(im, "ext_id '%s' is also on an earlier row, with different data",
			      shown(im, im->v[CM_F_EXT_ID]));
	if (!any && has) {
		im->count->unchanged++;
		return ROW_DONE;
	}
	/* The statement's text goes away when it is reset: keep copies for the audit. */
	for (i = 0; i < NPERSON; i++) {
		if (any && old[i] && !(copies[i] = strdup(old[i])))
			break;
		old[i] = copies[i];
	}
	sqlite3_reset(found);
	rc = i < NPERSON ? oom(im) : 0;
	if (rc == 0 && !has)
		rc = has_case(im, id, &has);
	if (rc == 0)
		rc = change_person(im, id, old, changed, any, !has);
	for (i = 0; i < NPERSON; i++)
		free(copies[i]);
	if (rc != ROW_DONE)
		return rc;
	if (any || !has)
		im->count->updated++;
	else
		im->count->unchanged++;
	return ROW_DONE;
}

/*
 * Returns ROW_REJECTED, ROW_DONE, or a negative status. While rows keep
 * being new people, inserting first saves a lookup per row; once one is
 * known, looking up first saves a failed insert.
 */
static int store_row(struct importer *im)
{
	sqlite3_stmt *st = im->find_person;
	int rc;

	if (im->expect_new) {
		rc = create_person(im);
		if (rc != ROW_EXISTS)
			return rc;
		im->expect_new = 0;
	}
	sqlite3_bind_text(st, 1, im->m->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->v[CM_F_EXT_ID], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, programme_of(im), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rc = known_person(im, st);
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_fail(im, rc, "find person");
	rc = create_person(im);
	if (rc == ROW_EXISTS)
		return cm_error_set(im->err, CM_EDB, "person %s:%s vanished during the import",
				    im->m->source, im->v[CM_F_EXT_ID]);
	im->expect_new = rc == ROW_DONE;
	return rc;
}

static int handle_row(struct importer *im, const struct cm_csv_record *rec)
{
	int rc;

	im->count->read++;
	rc = take_row(im, rec);
	if (rc == 0)
		rc = store_row(im);
	if (rc <= 0)
		return rc;
	im->count->rejected++;
	if (im->o->on_reject)
		im->o->on_reject(rec->line, im->reason, im->o->reject_arg);
	return im->rejects_path ? rejects_write(im, rec) : 0;
}

/* --- setting up and finishing ---------------------------------------------- */

static int prepare(struct importer *im)
{
	static const struct {
		size_t offset;
		const char *sql;
	} stmts[] = {
		{ offsetof(struct importer, find_person), sql_find_person },
		{ offsetof(struct importer, insert_person), sql_insert_person },
		{ offsetof(struct importer, update_person), sql_update_person },
		{ offsetof(struct importer, find_case), sql_find_case },
		{ offsetof(struct importer, insert_case), sql_insert_case },
		{ offsetof(struct importer, find_programme), sql_find_programme },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
		sqlite3_stmt **st = (sqlite3_stmt **)(void *)((char *)im + stmts[i].offset);

		rc = sqlite3_prepare_v3(im->db, stmts[i].sql, -1, SQLITE_PREPARE_PERSISTENT, st,
					NULL);
		if (rc != SQLITE_OK)
			return sql_fail(im, rc, "prepare import");
	}
	return 0;
}

static void finalize(struct importer *im)
{
	sqlite3_finalize(im->find_person);
	sqlite3_finalize(im->insert_person);
	sqlite3_finalize(im->update_person);
	sqlite3_finalize(im->find_case);
	sqlite3_finalize(im->insert_case);
	sqlite3_finalize(im->find_programme);
}

static int choose_programme(struct importer *im)
{
	int rc;

	if (im->m->programme) {
		im->programme = strdup(im->m->programme);
		if (!im->programme)
			return oom(im);
	} else {
		rc = cm_store_meta_get(im->s, "default_programme", &im->programme, im->err);
		if (rc == CM_ENOTFOUND)
			return cm_error_set(im->err, CM_EFAIL,
					    "mapping '%s' names no programme and the database has "
					    "no default programme", im->m->name);
		if (rc < 0)
			return rc;
	}
	rc = cm_programme_check(im->s, im->programme, im->err);
	if (rc == CM_ENOTFOUND && im->m->programme)
		return cm_error_set(im->err, CM_EUSAGE, "mapping '%s': unknown programme '%s'; see "
				    "'cm programme list'", im->m->name, im->programme);
	return rc;
}

static int open_input(struct importer *im)
{
	struct cm_csv_opts co = { im->m->delimiter, im->m->encoding, im->m->fallback };
	struct stat sb;

	im->in = fopen(im->o->path, "rb");
	if (!im->in)
		return cm_error_set(im->err, CM_EIO, "cannot read '%s': %s", im->o->path,
				    strerror(errno));
	if (fstat(fileno(im->in), &sb) == 0 && S_ISREG(sb.st_mode))
		im->total_bytes = (long long)sb.st_size;
	return cm_csv_open(&im->csv, im->in, im->o->path, &co, im->err);
}

/* The rejects file must not be the export itself, which is still being read. */
static int check_rejects_path(struct importer *im)
{
	struct stat a, b;

	if (im->o->rejects_path)
		im->rejects_path = strdup(im->o->rejects_path);
	else if (asprintf(&im->rejects_path, "%s.rejects.csv", im->o->path) < 0)
		im->rejects_path = NULL;
	if (!im->rejects_path)
		return oom(im);
	if (stat(im->rejects_path, &a) < 0)
		return 0;
	if (fstat(fileno(im->in), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return cm_error_set(im->err, CM_EUSAGE, "the rejects file '%s' is the export itself",
				    im->rejects_path);
	im->rejects_direct = !S_ISREG(a.st_mode);
	return 0;
}

static int setup(struct importer *im)
{
	int rc;

	rc = cm_date_today(&im->today, im->err);
	if (rc == 0)
		rc = cm_now(im->now, im->err);
	if (rc < 0)
		return rc;
	cm_date_format(im->today, im->today_s);
	im->worker = cm_store_user(im->s);
	rc = open_input(im);
	if (rc == 0)
		rc = check_rejects_path(im);
	return rc;
}

static void progress(struct importer *im)
{
	struct cm_import_progress p;

	if (!im->o->progress)
		return;
	p.rows = im->count->read;
	p.bytes = cm_csv_offset(im->csv);
	p.total_bytes = im->total_bytes;
	im->o->progress(&p, im->o->progress_arg);
}

static long long pragma_int64(struct importer *im, const char *sql)
{
	sqlite3_stmt *st;
	long long v = 0;

	if (sqlite3_prepare_v2(im->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void set_cache(struct importer *im, int cache_size)
{
	char sql[48];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", cache_size);
	sqlite3_exec(im->db, sql, NULL, NULL, NULL);
}

static void enlarge_cache(struct importer *im)
{
	im->cache_kib = (int)pragma_int64(im, "PRAGMA cache_size");
	if (im->cache_kib > -IMPORT_CACHE_KIB && im->cache_kib < 0)
		set_cache(im, -IMPORT_CACHE_KIB);
}

static void restore_cache(struct importer *im)
{
	if (im->cache_kib > -IMPORT_CACHE_KIB && im->cache_kib < 0)
		set_cache(im, im->cache_kib);
}

/* Rows a table has, judged by its largest rowid (exact for tables never deleted from). */
static long long table_rows(struct importer *im, const char *table)
{
	char sql[64];

	snprintf(sql, sizeof sql, "SELECT coalesce(max(rowid), 0) FROM %s", table);
	return pragma_int64(im, sql);
}

static int drop_index(struct importer *im, const char *name, const char *create)
{
	char *copy = strdup(create), **grown, *sql;
	int rc;

	grown = realloc(im->deferred, (im->ndeferred + 1) * sizeof *grown);
	if (!copy || !grown) {
		free(copy);
		if (grown)
			im->deferred = grown;
		return oom(im);
	}
	im->deferred = grown;
	im->deferred[im->ndeferred++] = copy;
	sql = sqlite3_mprintf("DROP INDEX \"%w\"", name);
	if (!sql)
		return oom(im);
	rc = sqlite3_exec(im->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	return rc == SQLITE_OK ? 0 : sql_fail(im, rc, "defer index");
}

/*
 * A large import into small tables (a quarter of the rows it brings, or
 * fewer) goes faster when the secondary indexes are dropped and built again
 * at the end (a sort, instead of a page touched at random per row). Kept: unique indexes (they enforce rules) and those
 * starting with person_id (the import looks cases up by person). Everything
 * is inside the import's transaction, so a failure restores them all.
 */
static int defer_indexes(struct importer *im)
{
	static const struct {
		const char *table;
		int rows_per_row;
	} tables[] = { { "person", 1 }, { "cases", 1 }, { "audit", 2 } };
	static const char sql[] =
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1"
		" AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
		" AND (SELECT name FROM pragma_index_info(sqlite_master.name) WHERE seqno = 0)"
		" IS NOT 'person_id'";
	long long rows = im->total_bytes / BYTES_PER_ROW_GUESS;
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (rows < DEFER_MIN_ROWS)
		return 0;
	if (sqlite3_prepare_v2(im->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sql_fail(im, sqlite3_errcode(im->db), "list indexes");
	for (i = 0; i < sizeof tables / sizeof tables[0] && rc == 0; i++) {
		/* Well clear of a re-import, whose guess may be twice the real count. */
		if (rows * tables[i].rows_per_row < 4 * table_rows(im, tables[i].table))
			continue;
		sqlite3_bind_text(st, 1, tables[i].table, -1, SQLITE_STATIC);
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
			char *name = strdup((const char *)sqlite3_column_text(st, 0));
			char *create = strdup((const char *)sqlite3_column_text(st, 1));

			/* Dropping while the listing is open is safe: it changes no row listed after. */
			rc = name && create ? 0 : oom(im);
			sqlite3_reset(st);
			if (rc == 0)
				rc = drop_index(im, name, create);
			free(name);
			free(create);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int rebuild_indexes(struct importer *im)
{
	size_t i;
	int rc;

	/*
	 * An index build sorts in memory up to the page cache's size, on top of
	 * the cache itself; a small cache now keeps the peak the same for a
	 * large file as for a small one (the sort spills to temporary files).
	 */
	if (im->ndeferred)
		set_cache(im, -REBUILD_CACHE_KIB);
	for (i = 0; i < im->ndeferred; i++) {
		rc = sqlite3_exec(im->db, im->deferred[i], NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return sql_fail(im, rc, "rebuild index");
	}
	return 0;
}

static int read_rows(struct importer *im)
{
	const struct cm_csv_record *rec;
	int rc, have_first;

	have_first = cm_csv_next(im->csv, &rec, im->err);
	if (have_first < 0)
		return have_first;
	if (!have_first)
		return im->m->header ? cm_error_set(im->err, CM_EFAIL,
						    "%s: empty file: no header row", im->o->path) : 0;
	rc = resolve_columns(im, rec);
	if (rc < 0)
		return rc;
	if (im->o->dry_run && !im->o->rejects_path) {
		free(im->rejects_path);
		im->rejects_path = NULL;
	} else if (im->m->header) {
		/* Kept for the rejects file, which starts with it. */
		im->header = malloc(rec->raw_len ? rec->raw_len : 1);
		if (!im->header)
			return oom(im);
		memcpy(im->header, rec->raw, rec->raw_len);
		im->header_len = rec->raw_len;
	}
	rc = cm_store_begin(im->s, im->err);
	if (rc < 0)
		return rc;
	enlarge_cache(im);
	rc = defer_indexes(im);
	if (rc == 0)
		rc = prepare(im);
	if (rc == 0 && !im->m->header)
		rc = handle_row(im, rec);
	while (rc == 0 && (rc = cm_csv_next(im->csv, &rec, im->err)) == 1) {
		rc = handle_row(im, rec);
		if (im->count->read % PROGRESS_EVERY == 0)
			progress(im);
	}
	progress(im);
	if (rc == 0)
		rc = rebuild_indexes(im);
	return rc;
}

/* Commit or roll back, and keep or drop the rejects file to match. */
static int finish(struct importer *im, int rc, char **rejects)
{
	int keep_rejects = rc == 0 && im->count->rejected && im->rejects;
	int write = rc == 0 && !im->o->dry_run && !(im->o->strict && im->count->rejected);

	if (keep_rejects) {
		int frc = rejects_flush(im);

		if (frc < 0) {
			rc = frc;
			keep_rejects = 0;
		}
	}
	if (write)
		rc = cm_store_commit(im->s, im->err);
	else
		cm_store_rollback(im->s);
	if (rc < 0)
		keep_rejects = 0;
	if (keep_rejects && (im->rejects_direct || rename(im->rejects_tmp, im->rejects_path) == 0)) {
		*rejects = im->rejects_path;
		im->rejects_path = NULL;
	} else {
		rejects_discard(im);
		/* A rejects file left by an earlier run would be about rows now imported. */
		if (write && !im->count->rejected && im->rejects_path && !im->rejects_direct)
			unlink(im->rejects_path);
	}
	return rc;
}

int cm_import(struct cm_store *s, const struct cm_import_opts *o, struct cm_import_counts *counts,
	      char **rejects, struct cm_error *err)
{
	struct importer im = { .s = s, .db = cm_store_db(s), .o = o, .m = o->map, .count = counts,
			       .err = err };
	int rc;

	memset(counts, 0, sizeof *counts);
	*rejects = NULL;
	rc = setup(&im);
	if (rc == 0)
		rc = choose_programme(&im);
	if (rc == 0)
		rc = read_rows(&im);
	rc = finish(&im, rc, rejects);
	restore_cache(&im);
	finalize(&im);
	cm_csv_free(im.csv);
	if (im.in)
		fclose(im.in);
	free(im.rejects_path);
	free(im.rejects_tmp);
	free(im.header);
	while (im.ndeferred > 0)
		free(im.deferred[--im.ndeferred]);
	free(im.deferred);
	free(im.programme);
	free(im.checked_programme);
	free(im.seen);
	free(im.cells);
	free(im.json.p);
	free(im.summary.p);
	return rc;
}
