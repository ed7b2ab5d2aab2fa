/* The mapping against the file's header, and each record into checked values. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "import_impl.h"

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

static int in_header(const struct cm_csv_record *h, const char *name)
{
	size_t k;

	for (k = 0; k < h->nfields && k < CM_CSV_MAX_FIELDS; k++)
		if (header_matches(h->field[k], h->len[k], name, 0))
			return 1;
	return 0;
}

/* The column under its first name, else under the first of its aliases the header has. */
static int find_any_column(struct importer *im, const struct cm_csv_record *h,
			   const struct cm_map_field *mf, enum cm_import_field f)
{
	size_t i;

	if (!in_header(h, mf->column))
		for (i = 0; i < mf->naliases; i++)
			if (in_header(h, mf->aliases[i]))
				return find_column(im, h, mf->aliases[i], f);
	return find_column(im, h, mf->column, f);
}

int cm_import_resolve_columns(struct importer *im, const struct cm_csv_record *first)
{
	int f, c;

	if (first->problem)
		return cm_error_set(im->err, CM_EFAIL, "%s:%ld: %s: %s", im->o->path, first->line,
				    im->m->header ? "header" : "first row", first->problem);
	if (first->nfields < im->extra + 1)
		return cm_error_set(im->err, CM_EFAIL, "%s:%ld: a rejects file needs its columns "
				    "before cm_line and cm_reason", im->o->path, first->line);
	im->width = first->nfields - im->extra;
	for (f = 0; f < CM_F_COUNT; f++) {
		const struct cm_map_field *mf = &im->m->field[f];

		im->col[f] = -1;
		if (!mf->present || mf->value)
			continue;
		if (mf->nflags) {
			size_t i;

			for (i = 0; i < mf->nflags; i++) {
				c = find_column(im, first, mf->flags[i].from, (enum cm_import_field)f);
				if (c < 0)
					return c;
				im->flag_col[f][i] = c;
			}
			im->col[f] = im->flag_col[f][0];
		} else if (mf->column) {
			c = find_any_column(im, first, mf, (enum cm_import_field)f);
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
		return cm_import_reject(im, "field '%s': invalid date", cm_import_field_name(f));
	if (d > im->today)
		return cm_import_reject(im, "field '%s': the date is in the future",
					cm_import_field_name(f));
	cm_date_format(d, im->dates[f]);
	im->v[f] = im->dates[f];
	return 0;
}

static int programme_exists(struct importer *im, const char *id)
{
	struct cm_stmt *st = im->find_programme;
	int rc;

	if (im->checked_programme && strcmp(im->checked_programme, id) == 0)
		return 1;
	cm_stmt_reset(st);
	cm_stmt_bind_text(st, 1, id, -1);
	rc = cm_stmt_step(st);
	cm_stmt_reset(st);
	if (rc != CM_DB_ROW)
		return 0;
	free(im->checked_programme);
	im->checked_programme = strdup(id);
	return 1;
}

/*
 * Copy a cell, its quoted line breaks made "\n": an export written on
 * Windows has CRLF inside quotes too, and a CR is not text. Returns the
 * copy's length.
 */
static size_t copy_cell(char *dst, const char *src, size_t n)
{
	const char *cr = memchr(src, '\r', n);
	size_t i, k;

	/* Most cells hold no CR: one copy. */
	k = cr ? (size_t)(cr - src) : n;
	memcpy(dst, src, k);
	for (i = k; i < n; i++)
		if (!(src[i] == '\r' && i + 1 < n && src[i + 1] == '\n'))
			dst[k++] = src[i];
	dst[k] = '\0';
	return k;
}

/* A field read from yes/no columns: the value of those holding 1. */
static void take_flags(struct importer *im, const struct cm_csv_record *rec,
		       enum cm_import_field f)
{
	const struct cm_map_field *mf = &im->m->field[f];
	const char *cell, *v = NULL;
	size_t i, n;

	for (i = 0; i < mf->nflags; i++) {
		cell = rec->field[im->flag_col[f][i]];
		n = rec->len[im->flag_col[f][i]];
		trim(&cell, &n);
		if (n != 1 || *cell != '1')
			continue;
		if (v && strcmp(v, mf->flags[i].to) != 0) {
			v = mf->several;
			break;
		}
		v = mf->flags[i].to;
	}
	im->v[f] = v ? v : mf->def;
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
	if (mf->nflags) {
		take_flags(im, rec, f);
		return 0;
	}
	cell = rec->field[im->col[f]];
	n = rec->len[im->col[f]];
	trim(&cell, &n);
	if (n == 0) {
		im->v[f] = mf->def;
		return 0;
	}
	n = copy_cell(*cells, cell, n);
	cell = *cells;
	*cells += n + 1;
	if (mf->nmap) {
		const char *to = cm_map_lookup(mf, cell);

		if (!to)
			return cm_import_reject(im,
					"field '%s': the value is not in the mapping's map",
					cm_import_field_name(f));
		im->v[f] = *to ? to : mf->def;
		return 0;
	}
	if (cm_import_field_is_date(f))
		return parse_date(im, f, cell);
	why = cm_map_check_value(f, cell);
	if (why)
		return cm_import_reject(im, "field '%s': %s", cm_import_field_name(f), why);
	im->v[f] = cell;
	return 0;
}

static size_t count_byte(const char *p, size_t n, char c)
{
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		k += p[i] == c;
	return k;
}

/* Does a line inside this cell look like a row of its own (a column count's worth of delimiters)? */
static int holds_a_row(struct importer *im, const char *p, size_t n)
{
	char delim = cm_csv_delimiter(im->csv);
	size_t start = 0, i;

	if (im->width < 2)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i < n && p[i] != '\n' && p[i] != '\r')
			continue;
		if (count_byte(p + start, i - start, delim) + 1 >= im->width)
			return 1;
		start = i + 1;
	}
	return 0;
}

static int is_free_text_column(struct importer *im, size_t column)
{
	return im->col[CM_F_NOTES] >= 0 && (size_t)im->col[CM_F_NOTES] == column;
}

/*
 * A quote left open merges the rows after it into one record, which may
 * even have the header's column count. Such a record shows a line break
 * in a cell that holds one line (an id, a name, a date, a code), or a cell
 * holding a line that looks like a row. The line the quote opened on, or 0.
 */
static long merged_at(struct importer *im, const struct cm_csv_record *rec)
{
	long line = rec->line;
	size_t i, nf = rec->nfields < CM_CSV_MAX_FIELDS ? rec->nfields : CM_CSV_MAX_FIELDS;
	int f;

	if (rec->open_quote)
		return rec->line;
	if (rec->first_len == rec->raw_len)
		return 0;
	for (i = 0; i < nf; i++) {
		const char *p = rec->field[i];
		size_t n = rec->len[i], breaks = count_byte(p, n, '\n');
		int mapped = 0;

		if (!breaks && !memchr(p, '\r', n))
			continue;
		for (f = 0; f < CM_F_COUNT; f++)
			mapped |= im->col[f] >= 0 && (size_t)im->col[f] == i;
		if ((mapped && !is_free_text_column(im, i)) || holds_a_row(im, p, n))
			return line;
		line += (long)breaks;
	}
	return 0;
}

long cm_import_original_line(struct importer *im, const struct cm_csv_record *rec)
{
	const char *cell;
	char *end;
	long line;

	/* cm writes them last: short and long rows have them too. */
	if (!im->round_trip || rec->nfields < 2 || rec->nfields > CM_CSV_MAX_FIELDS)
		return rec->line;
	cell = rec->field[rec->nfields - 2];
	line = strtol(cell, &end, 10);
	return end != cell && !*end && line > 0 ? line : rec->line;
}

/* Fill im->v from the record; returns 1 when the row is rejected. */
int cm_import_take_row(struct importer *im, const struct cm_csv_record *rec)
{
	static const enum cm_import_field intake[] = { CM_F_EXT_ID, CM_F_FIRST_NAME, CM_F_LAST_NAME };
	static const enum cm_import_field exits[] = { CM_F_EXT_ID, CM_F_CLOSED_ON, CM_F_OUTCOME };
	const enum cm_import_field *required = im->m->exits ? exits : intake;
	const char *why;
	size_t i, need = 0;
	char *cells;
	long opened;
	int f;

	im->merged = 0;
	opened = merged_at(im, rec);
	if (opened) {
		im->merged = 1;
		return cm_import_reject(im, "a quote opened at line %ld is probably not closed; the "
					"lines after it are read again as rows", opened);
	}
	if (rec->problem)
		return cm_import_reject(im, "%s", rec->problem);
	if (rec->nfields != im->width + im->extra)
		return rec->nfields < im->width + im->extra
			? cm_import_reject(im, "short row: %zu columns, expected %zu", rec->nfields,
					   im->width + im->extra)
			: cm_import_reject(im, "long row: %zu columns, expected %zu", rec->nfields,
					   im->width + im->extra);
	for (f = 0; f < CM_F_COUNT; f++)
		if (im->col[f] >= 0)
			need += rec->len[im->col[f]] + 1;
	if (need > im->cells_cap) {
		char *grown = realloc(im->cells, need * 2);

		if (!grown)
			return cm_import_reject(im, "out of memory");
		im->cells = grown;
		im->cells_cap = need * 2;
	}
	cells = im->cells;
	for (f = 0; f < CM_F_COUNT; f++) {
		if (!take_field(im, rec, (enum cm_import_field)f, &cells))
			continue;
		if (!im->m->field[f].on_error_empty)
			return 1;
		/* An optional field's bad value is dropped: the person is still imported. */
		im->v[f] = NULL;
		im->count->emptied++;
		if (im->o->on_warning)
			im->o->on_warning(im->line, im->said, im->o->reject_arg);
	}
	/*
	 * Updating known people, a row needs only their id: empty names leave
	 * theirs. A deleted record changes no one, and its names may be withheld.
	 */
	for (i = 0; i < (im->o->update_only || im->v[CM_F_DELETED] ? 1
			 : sizeof intake / sizeof intake[0]); i++)
		if (!im->v[required[i]])
			return cm_import_reject(im, "field '%s' is empty",
						cm_import_field_name(required[i]));
	if (im->v[CM_F_PROGRAMME] && !programme_exists(im, im->v[CM_F_PROGRAMME]))
		return cm_import_reject(im, "field 'programme': unknown programme; see "
					"'cm programme list'");
	if (!im->v[CM_F_DELETED] && (why = cm_import_worker_problem(im, im->v[CM_F_WORKER]
			? im->v[CM_F_WORKER] : im->worker)))
		return cm_import_reject(im, "field 'worker': %s", why);
	return 0;
}
