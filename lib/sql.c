/* Small SQLite helpers used by every library module. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "cm/emit.h"
#include "sql.h"
#include "store_impl.h"

sqlite3 *cm_store_db(struct cm_store *s)
{
	return s->db;
}

int cm_sql_fail(struct cm_store *s, int rc, struct cm_error *err, const char *what)
{
	int primary = rc & 0xff;

	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		return cm_error_set(err, CM_EBUSY, "database '%s' is busy; try again later",
				    s->path);
	if (primary == SQLITE_NOMEM)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	if (primary == SQLITE_FULL || primary == SQLITE_IOERR)
		return cm_error_set(err, CM_EIO, "%s: cannot write database '%s': %s", what,
				    s->path, sqlite3_errmsg(s->db));
	return cm_error_set(err, CM_EDB, "%s: %s", what, sqlite3_errmsg(s->db));
}

int cm_sql_prepare(struct cm_store *s, const char *sql, sqlite3_stmt **st,
		   struct cm_error *err)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK)
		return cm_sql_fail(s, rc, err, "prepare");
	return 0;
}

int cm_sql_exec(struct cm_store *s, const char *sql, struct cm_error *err)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return cm_sql_fail(s, rc, err, "exec");
	return 0;
}

int cm_sql_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (!v)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

char *cm_sql_column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? strdup((const char *)t) : NULL;
}

int cm_sql_step_one(struct cm_store *s, sqlite3_stmt *st, const char *what, long long id,
		    struct cm_error *err)
{
	char where[64];
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return cm_error_set(err, CM_ENOTFOUND, "no %s %lld", what, id);
	snprintf(where, sizeof where, "read %s", what);
	return cm_sql_fail(s, rc, err, where);
}

int cm_sql_step_done(struct cm_store *s, sqlite3_stmt *st, struct cm_error *err,
		     const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return cm_sql_fail(s, rc, err, what);
}

static cJSON *column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return cJSON_CreateNumber((double)sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return cJSON_CreateNumber(sqlite3_column_double(st, i));
	case SQLITE_NULL:
		return cJSON_CreateNull();
	default:
		return cJSON_CreateString((const char *)sqlite3_column_text(st, i));
	}
}

char *cm_sql_row_json(struct cm_store *s, const char *table, const char *key_col, int64_t id)
{
	char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" WHERE \"%w\" = ?", table, key_col);
	sqlite3_stmt *st = NULL;
	cJSON *obj = NULL;
	char *out = NULL;
	int i;

	if (!sql)
		return NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto done;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto done;
	obj = cJSON_CreateObject();
	for (i = 0; obj && i < sqlite3_column_count(st); i++)
		cJSON_AddItemToObject(obj, sqlite3_column_name(st, i), column_json(st, i));
	if (obj)
		out = cJSON_PrintUnformatted(obj);
done:
	cJSON_Delete(obj);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return out;
}

struct cJSON *cm_sql_rows_json(struct cm_store *s, const char *sql, int64_t bind,
			       struct cm_error *err)
{
	sqlite3_stmt *st;
	cJSON *rows, *row;
	int rc, i;

	if (cm_sql_prepare(s, sql, &st, err) < 0)
		return NULL;
	sqlite3_bind_int64(st, 1, bind);
	rows = cJSON_CreateArray();
	while (rows && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row = cJSON_CreateObject();
		if (!row)
			break;
		for (i = 0; i < sqlite3_column_count(st); i++)
			cJSON_AddItemToObject(row, sqlite3_column_name(st, i), column_json(st, i));
		cJSON_AddItemToArray(rows, row);
	}
	if (!rows || rc != SQLITE_DONE) {
		cm_sql_fail(s, rows ? rc : SQLITE_NOMEM, err, "read rows");
		cJSON_Delete(rows);
		rows = NULL;
	}
	sqlite3_finalize(st);
	return rows;
}

void cm_sql_emit_column(struct cm_emit *e, const char *key, sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		cm_emit_null(e, key);
		break;
	case SQLITE_INTEGER:
		cm_emit_int(e, key, sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		cm_emit_double(e, key, sqlite3_column_double(st, i));
		break;
	default:
		cm_emit_str(e, key, (const char *)sqlite3_column_text(st, i));
	}
}

void cm_sql_emit_columns(struct cm_emit *e, sqlite3_stmt *st, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		cm_sql_emit_column(e, sqlite3_column_name(st, i), st, i);
}

int cm_sql_emit_rows(struct cm_store *s, sqlite3_stmt *st, struct cm_emit *e,
		     struct cm_error *err, const char *what)
{
	int rc;

	cm_emit_begin_list(e);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cm_emit_begin(e);
		cm_sql_emit_columns(e, st, 0, sqlite3_column_count(st));
		cm_emit_end(e);
	}
	cm_emit_end_list(e);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cm_sql_fail(s, rc, err, what);
}
