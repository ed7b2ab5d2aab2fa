/* A bulk load by one prepared INSERT a row: SQLite's (an insert there is cheap). */
#include <stdlib.h>
#include "driver.h"

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

int cm_db_load_by_insert(struct cm_db *db, const char *table, const char *columns, int ncols,
			 struct cm_stmt *from, int64_t *rows, struct cm_db **failed)
{
	int i, rc;
	char *params = parameters(ncols), *sql;
	struct cm_stmt *to = NULL;

	sql = params ? cm_db_mprintf("INSERT INTO \"%w\" (%s) VALUES (%s)", table, columns, params)
		     : NULL;
	cm_db_free(params);
	*failed = db;
	if (!sql)
		return cm_db_failed(db, CM_ENOMEM);
	rc = cm_db_prepare_persistent(db, sql, &to);
	cm_db_free(sql);
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
