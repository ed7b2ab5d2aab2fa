/*
 * SQLite's tuning of a large import: the page cache, the statement journal
 * in memory, and the deferred secondary indexes. A server manages its own buffers and indexes, so on
 * PostgreSQL these do nothing.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import_impl.h"

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

long long cm_import_rows_guess(const struct importer *im)
{
	return im->total_bytes / BYTES_PER_ROW_GUESS;
}
/* Fewer new rows than this: secondary indexes are kept up to date row by row, in the log. */
#define DEFER_MIN_ROWS 20000

static long long pragma_int64(struct importer *im, const char *sql)
{
	struct cm_stmt *st;
	long long v = 0;

	if (cm_db_prepare(im->db, sql, &st) != CM_OK)
		return 0;
	if (cm_stmt_step(st) == CM_DB_ROW)
		v = cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	return v;
}

static void set_cache(struct importer *im, int cache_size)
{
	char sql[48];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", cache_size);
	cm_db_exec(im->db, sql);
}

static int tuned(struct importer *im)
{
	return cm_db_engine(im->db) == CM_DB_SQLITE;
}

/*
 * A file large next to a table: at least DEFER_MIN_ROWS rows, and four
 * times the table's (well clear of a re-import, whose guess may be twice
 * the real count).
 */
static int is_large(struct importer *im, const char *table)
{
	long long rows = cm_import_rows_guess(im);

	return rows >= DEFER_MIN_ROWS && rows >= 4 * cm_import_table_rows(im, table);
}

/*
 * Before the import's transaction begins (SQLite decides then where the
 * transaction's statement journal lives): a larger page cache, the
 * statement journal in memory, and for a file large next to the people
 * already there the rollback journal (cm_db_bulk_journal: each new page
 * written once; a re-import writes few pages, and keeps the log). To undo one statement (or one row's
 * savepoint) alone, SQLite copies each page it changes into that journal;
 * in a temporary file that was two thirds of the bytes an import of
 * 100,000 rows wrote, for a journal that never holds more than the pages of
 * one row.
 */
void cm_import_tune(struct importer *im)
{
	if (!tuned(im))
		return;
	im->cache_kib = (int)pragma_int64(im, "PRAGMA cache_size");
	cm_db_exec(im->db, "PRAGMA temp_store = MEMORY");
	if (is_large(im, "person"))
		cm_db_bulk_journal(im->db);
	if (im->cache_kib > -IMPORT_CACHE_KIB && im->cache_kib < 0)
		set_cache(im, -IMPORT_CACHE_KIB);
}

/* Sorts spill to temporary files again (an index build's sort is as large as its table). */
static void temp_files(struct importer *im)
{
	cm_db_exec(im->db, "PRAGMA temp_store = DEFAULT");
}

void cm_import_untune(struct importer *im)
{
	if (!tuned(im))
		return;
	temp_files(im);
	if (im->cache_kib > -IMPORT_CACHE_KIB && im->cache_kib < 0)
		set_cache(im, im->cache_kib);
}

long long cm_import_table_rows(struct importer *im, const char *table)
{
	char sql[64];

	snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM %s", table);
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
		return cm_import_oom(im);
	}
	im->deferred = grown;
	im->deferred[im->ndeferred++] = copy;
	sql = cm_db_mprintf("DROP INDEX \"%w\"", name);
	if (!sql)
		return cm_import_oom(im);
	rc = cm_db_exec(im->db, sql);
	cm_db_free(sql);
	return rc == CM_OK ? 0 : cm_import_sql_fail(im, rc, "defer index");
}

/*
 * A large import into small tables (a quarter of the rows it brings, or
 * fewer) goes faster when the secondary indexes are dropped and built again
 * at the end (a sort, instead of a page touched at random per row). Kept:
 * unique indexes (they enforce rules) and those starting with person_id
 * (the import looks cases up by person). The audit log's indexes are kept
 * too: an import appends to them in order, while building them again reads
 * the whole log, its largest table (at 1,000,000 rows keeping them took the
 * bytes read from 6.2 GB to 4.1 GB, and 36.0 s to 33.3 s). Everything is
 * inside the import's transaction, so a failure restores them all.
 */
int cm_import_defer_indexes(struct importer *im)
{
	static const char *const tables[] = { "person", "cases" };
	static const char sql[] =
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1"
		" AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
		" AND (SELECT name FROM pragma_index_info(sqlite_master.name) WHERE seqno = 0)"
		" IS NOT 'person_id'";
	struct cm_stmt *st;
	size_t i;
	int rc = 0;

	if (cm_import_rows_guess(im) < DEFER_MIN_ROWS || !tuned(im))
		return 0;
	if (cm_db_prepare(im->db, sql, &st) != CM_OK)
		return cm_import_sql_fail(im, cm_db_errcode(im->db), "list indexes");
	for (i = 0; i < sizeof tables / sizeof tables[0] && rc == 0; i++) {
		if (!is_large(im, tables[i]))
			continue;
		cm_stmt_bind_text(st, 1, tables[i], -1);
		while (rc == 0 && cm_stmt_step(st) == CM_DB_ROW) {
			char *name = strdup(cm_stmt_column_text(st, 0));
			char *create = strdup(cm_stmt_column_text(st, 1));

			/* Dropping while the listing is open is safe: it changes no row listed after. */
			rc = name && create ? 0 : cm_import_oom(im);
			cm_stmt_reset(st);
			if (rc == 0)
				rc = drop_index(im, name, create);
			free(name);
			free(create);
		}
		cm_stmt_reset(st);
	}
	cm_stmt_finalize(st);
	return rc;
}

int cm_import_rebuild_indexes(struct importer *im)
{
	size_t i;
	int rc;

	/*
	 * An index build sorts in memory up to the page cache's size, on top of
	 * the cache itself; a small cache now keeps the peak the same for a
	 * large file as for a small one (the sort spills to temporary files).
	 */
	if (im->ndeferred) {
		temp_files(im);
		set_cache(im, -REBUILD_CACHE_KIB);
	}
	for (i = 0; i < im->ndeferred; i++) {
		rc = cm_db_exec(im->db, im->deferred[i]);
		if (rc != CM_OK)
			return cm_import_sql_fail(im, rc, "rebuild index");
	}
	return 0;
}
