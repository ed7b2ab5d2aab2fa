/*
 * Who has an open case in the import's programme, read once when an import
 * is large next to the cases already there: one bit per person id. A known
 * person's row is then found without a look into their cases, which costs
 * as much as finding the person (a re-import of unchanged rows is mostly
 * such lookups).
 */

#include <stdlib.h>
#include <string.h>
#include "import_impl.h"

static int grow(struct importer *im, int64_t id)
{
	size_t byte = (size_t)id / 8, n;
	unsigned char *grown;

	if (byte < im->open_bytes)
		return 0;
	n = (byte + 1) * 2;
	grown = realloc(im->open, n);
	if (!grown)
		return cm_import_oom(im);
	memset(grown + im->open_bytes, 0, n - im->open_bytes);
	im->open = grown;
	im->open_bytes = n;
	return 0;
}

int cm_import_open_set(struct importer *im, int64_t person)
{
	int rc;

	if (!im->open_loaded || person <= 0)
		return 0;
	rc = grow(im, person);
	if (rc < 0)
		return rc;
	im->open[person / 8] |= (unsigned char)(1u << (person % 8));
	return 0;
}

int cm_import_open_test(const struct importer *im, int64_t person)
{
	size_t byte = (size_t)person / 8;

	return person > 0 && byte < im->open_bytes &&
	       (im->open[byte] & (1u << (person % 8))) != 0;
}

/*
 * Only for one programme for the whole file, and rows that neither close
 * cases nor mark people deleted: the bits then change only as the import
 * opens cases, which sets them.
 */
int cm_import_open_load(struct importer *im)
{
	long long rows = cm_import_rows_guess(im);
	struct cm_stmt *st;
	int rc;

	if (rows < cm_import_read_once_rows(im) || im->col[CM_F_PROGRAMME] >= 0 ||
	    im->col[CM_F_DELETED] >= 0 || im->m->exits || !im->programme)
		return 0;
	if (rows * 2 < cm_import_table_rows(im, "cases"))
		return 0;
	/* Streamed: on a server a million ids would otherwise arrive at once. */
	rc = cm_sql_prepare_stream(im->s, "SELECT person_id FROM cases WHERE programme = ?1"
				   " AND state <> 'closed'", &st, im->err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, im->programme, -1);
	im->open_loaded = 1;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW)
		if ((rc = cm_import_open_set(im, cm_stmt_column_int64(st, 0))) < 0)
			break;
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	if (rc != CM_DB_DONE)
		return cm_import_sql_fail(im, rc, "read open cases");
	return 0;
}
