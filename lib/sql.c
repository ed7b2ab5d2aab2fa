/* Small SQL helpers used by every library module. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "cm/emit.h"
#include "sql.h"
#include "store_impl.h"

struct cm_db *cm_store_db(struct cm_store *s)
{
	return s->db;
}

int cm_sql_fail(struct cm_store *s, int rc, struct cm_error *err, const char *what)
{
	if (rc == CM_EBUSY)
		return cm_error_set(err, CM_EBUSY, "database '%s' is busy; try again later",
				    s->path);
	if (rc == CM_ENOMEM)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	if (rc == CM_EIO)
		return cm_error_set(err, CM_EIO, "%s: cannot write database '%s': %s", what,
				    s->path, cm_db_errmsg(s->db));
	return cm_error_set(err, CM_EDB, "%s: %s", what, cm_db_errmsg(s->db));
}

/* A prepare's status, with err filled on failure. */
static int prepared(struct cm_store *s, int rc, struct cm_error *err)
{
	return rc == CM_OK ? 0 : cm_sql_fail(s, rc, err, "prepare");
}

int cm_sql_prepare(struct cm_store *s, const char *sql, struct cm_stmt **st,
		   struct cm_error *err)
{
	return prepared(s, cm_db_prepare(s->db, sql, st), err);
}

int cm_sql_prepare_stream(struct cm_store *s, const char *sql, struct cm_stmt **st,
			  struct cm_error *err)
{
	return prepared(s, cm_db_prepare_stream(s->db, sql, st), err);
}


int cm_sql_exec(struct cm_store *s, const char *sql, struct cm_error *err)
{
	int rc = cm_db_exec(s->db, sql);

	if (rc != CM_OK)
		return cm_sql_fail(s, rc, err, "exec");
	return 0;
}

int cm_sql_bind_text(struct cm_stmt *st, int i, const char *v)
{
	if (!v)
		return cm_stmt_bind_null(st, i);
	return cm_stmt_bind_text_copy(st, i, v, -1);
}

char *cm_sql_column_dup(struct cm_stmt *st, int col)
{
	const char *t = cm_stmt_column_text(st, col);

	return t ? strdup(t) : NULL;
}

int cm_sql_step_one(struct cm_store *s, struct cm_stmt *st, const char *what, long long id,
		    struct cm_error *err)
{
	char where[64];
	int rc = cm_stmt_step(st);

	if (rc == CM_DB_ROW)
		return 0;
	if (rc == CM_DB_DONE)
		return cm_error_set(err, CM_ENOTFOUND, "no %s %lld", what, id);
	snprintf(where, sizeof where, "read %s", what);
	return cm_sql_fail(s, rc, err, where);
}

int cm_sql_step_done(struct cm_store *s, struct cm_stmt *st, struct cm_error *err,
		     const char *what)
{
	int rc = cm_stmt_step(st);

	if (rc == CM_DB_DONE || rc == CM_DB_ROW)
		return 0;
	return cm_sql_fail(s, rc, err, what);
}

static cJSON *column_json(struct cm_stmt *st, int i)
{
	switch (cm_stmt_column_type(st, i)) {
	case CM_DB_INTEGER:
		return cJSON_CreateNumber((double)cm_stmt_column_int64(st, i));
	case CM_DB_FLOAT:
		return cJSON_CreateNumber(cm_stmt_column_double(st, i));
	case CM_DB_NULL:
		return cJSON_CreateNull();
	default:
		return cJSON_CreateString(cm_stmt_column_text(st, i));
	}
}

/*
 * The row number a server table carries as a column (SQLite's hidden
 * rowid, see schema_pg.c): never part of a row's content.
 */
static int is_row_number(const char *column)
{
	return strcmp(column, "rowid") == 0;
}

cJSON *cm_sql_row_object(struct cm_stmt *st)
{
	cJSON *obj = cJSON_CreateObject();
	const char *name;
	int i;

	for (i = 0; obj && i < cm_stmt_column_count(st); i++) {
		name = cm_stmt_column_name(st, i);
		if (!is_row_number(name))
			cJSON_AddItemToObject(obj, name, column_json(st, i));
	}
	return obj;
}

char *cm_sql_row_json(struct cm_store *s, const char *table, const char *key_col, int64_t id)
{
	char *sql = cm_db_mprintf("SELECT * FROM \"%w\" WHERE \"%w\" = ?", table, key_col);
	struct cm_stmt *st = NULL;
	cJSON *obj = NULL;
	char *out = NULL;

	if (!sql)
		return NULL;
	if (cm_db_prepare(s->db, sql, &st) != CM_OK)
		goto done;
	cm_stmt_bind_int64(st, 1, id);
	if (cm_stmt_step(st) != CM_DB_ROW)
		goto done;
	obj = cm_sql_row_object(st);
	if (obj)
		out = cJSON_PrintUnformatted(obj);
done:
	cJSON_Delete(obj);
	cm_stmt_finalize(st);
	cm_db_free(sql);
	return out;
}

struct cJSON *cm_sql_rows_json(struct cm_store *s, const char *sql, int64_t bind,
			       struct cm_error *err)
{
	struct cm_stmt *st;
	cJSON *rows, *row;
	int rc;

	if (cm_sql_prepare(s, sql, &st, err) < 0)
		return NULL;
	cm_stmt_bind_int64(st, 1, bind);
	rows = cJSON_CreateArray();
	while (rows && (rc = cm_stmt_step(st)) == CM_DB_ROW) {
		row = cm_sql_row_object(st);
		if (!row)
			break;
		cJSON_AddItemToArray(rows, row);
	}
	if (!rows || rc != CM_DB_DONE) {
		cm_sql_fail(s, rows ? rc : CM_ENOMEM, err, "read rows");
		cJSON_Delete(rows);
		rows = NULL;
	}
	cm_stmt_finalize(st);
	return rows;
}

void cm_sql_emit_column(struct cm_emit *e, const char *key, struct cm_stmt *st, int i)
{
	switch (cm_stmt_column_type(st, i)) {
	case CM_DB_NULL:
		cm_emit_null(e, key);
		break;
	case CM_DB_INTEGER:
		cm_emit_int(e, key, cm_stmt_column_int64(st, i));
		break;
	case CM_DB_FLOAT:
		cm_emit_double(e, key, cm_stmt_column_double(st, i));
		break;
	default:
		cm_emit_str(e, key, cm_stmt_column_text(st, i));
	}
}

void cm_sql_emit_columns(struct cm_emit *e, struct cm_stmt *st, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		cm_sql_emit_column(e, cm_stmt_column_name(st, i), st, i);
}

/* The statement's column names, the header of an empty csv or tsv listing. */
static void declare_columns(struct cm_emit *e, struct cm_stmt *st)
{
	const char *keys[64];
	int i, n = cm_stmt_column_count(st);

	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++)
		keys[i] = cm_stmt_column_name(st, i);
	cm_emit_columns(e, keys, n);
}

int cm_sql_emit_rows(struct cm_store *s, struct cm_stmt *st, struct cm_emit *e,
		     struct cm_error *err, const char *what)
{
	int rc;

	cm_emit_begin_list(e);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		cm_emit_begin(e);
		cm_sql_emit_columns(e, st, 0, cm_stmt_column_count(st));
		cm_emit_end(e);
	}
	if (rc == CM_DB_DONE)
		declare_columns(e, st);
	cm_emit_end_list(e);
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, what);
}
