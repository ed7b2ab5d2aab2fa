/* A bulk load by one prepared INSERT a row: SQLite's (an insert there is cheap). */
#include <stdlib.h>
#include "driver.h"

struct insert_loader {
	struct cm_db_loader base;
	struct cm_stmt *insert;
	int ncols;
};

/* "?1, ?2, ...": n parameters. */
static char *parameters(int n)
{
	char *list = NULL, *next;
	int i;

	for (i = 1; i <= n; i++) {
		next = cm_db_mprintf("%s%s?%d", list ? list : "", i > 1 ? ", " : "", i);
		cm_db_free(list);
		if (!next)
			return NULL;
		list = next;
	}
	return list;
}

static void bind_value(struct cm_stmt *from, struct cm_stmt *to, int i)
{
	switch (cm_stmt_column_type(from, i)) {
	case CM_DB_NULL:
		cm_stmt_bind_null(to, i + 1);
		break;
	case CM_DB_INTEGER:
		cm_stmt_bind_int64(to, i + 1, cm_stmt_column_int64(from, i));
		break;
	case CM_DB_FLOAT:
		cm_stmt_bind_double(to, i + 1, cm_stmt_column_double(from, i));
		break;
	default:
		cm_stmt_bind_text_copy(to, i + 1, cm_stmt_column_text(from, i),
				       cm_stmt_column_bytes(from, i));
	}
}

/* The prepared INSERT of ncols values into table's columns. */
static int prepare_insert(struct cm_db *db, const char *table, const char *columns, int ncols,
			  struct cm_stmt **to)
{
	char *params = parameters(ncols), *sql;
	int rc;

	sql = params ? cm_db_mprintf("INSERT INTO \"%w\" (%s) VALUES (%s)", table, columns, params)
		     : NULL;
	cm_db_free(params);
	if (!sql)
		return cm_db_failed(db, CM_ENOMEM);
	rc = cm_db_prepare_persistent(db, sql, to);
	cm_db_free(sql);
	return rc;
}

int cm_db_loader_open_by_insert(struct cm_db *db, const char *table, const char *columns,
				int ncols, struct cm_db_loader **out)
{
	struct insert_loader *l = calloc(1, sizeof *l);
	int rc;

	if (!l)
		return cm_db_failed(db, CM_ENOMEM);
	l->base.db = db;
	l->ncols = ncols;
	rc = prepare_insert(db, table, columns, ncols, &l->insert);
	if (rc != CM_OK) {
		free(l);
		return rc;
	}
	*out = &l->base;
	return 0;
}

int cm_db_loader_add_by_insert(struct cm_db_loader *base, const char *const *values)
{
	struct insert_loader *l = (struct insert_loader *)(void *)base;
	int i, rc;

	for (i = 0; i < l->ncols; i++) {
		if (values[i])
			cm_stmt_bind_text(l->insert, i + 1, values[i], -1);
		else
			cm_stmt_bind_null(l->insert, i + 1);
	}
	rc = cm_stmt_step(l->insert);
	cm_stmt_clear_bindings(l->insert);
	cm_stmt_reset(l->insert);
	if (rc == CM_DB_DONE)
		return 0;
	return rc < 0 ? rc : cm_db_failed(base->db, CM_EDB);
}

void cm_db_loader_free_by_insert(struct cm_db_loader *base)
{
	struct insert_loader *l = (struct insert_loader *)(void *)base;

	cm_stmt_finalize(l->insert);
	free(l);
}

int cm_db_load_by_insert(struct cm_db *db, const char *table, const char *columns, int ncols,
			 struct cm_stmt *from, int64_t *rows, struct cm_db **failed)
{
	int i, rc;
	struct cm_stmt *to = NULL;

	*failed = db;
	rc = prepare_insert(db, table, columns, ncols, &to);
	while (rc == 0) {
		rc = cm_stmt_step(from);
		if (rc != CM_DB_ROW) {
			*failed = rc == CM_DB_DONE ? NULL : from->db;
			break;
		}
		for (i = 0; i < ncols; i++)
			bind_value(from, to, i);
		rc = cm_stmt_step(to);
		cm_stmt_clear_bindings(to);
		cm_stmt_reset(to);
		if (rc != CM_DB_DONE)
			break;
		rc = 0;
		(*rows)++;
	}
	cm_stmt_finalize(to);
	if (rc == CM_DB_DONE)
		return 0;
	return rc < 0 ? rc : cm_db_failed(*failed, CM_EDB);
}
