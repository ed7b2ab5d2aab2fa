/* SQL helpers shared by the library modules (internal to lib/), over the engine layer. */
#ifndef CM_LIB_SQL_H
#define CM_LIB_SQL_H

#include <stdint.h>
#include "db/db.h"
#include "cm/error.h"

struct cm_store;

/* The store's connection (owned by the store). */
struct cm_db *cm_store_db(struct cm_store *s);

/*
 * Turn the status of a failed engine call into a message: CM_EBUSY gives
 * "database ... is busy; try again later"; any other error names `what` and
 * the engine's message.
 */
int cm_sql_fail(struct cm_store *s, int rc, struct cm_error *err, const char *what);

/* Prepare sql; on failure fills err. The caller finalizes *st. */
int cm_sql_prepare(struct cm_store *s, const char *sql, struct cm_stmt **st,
		   struct cm_error *err);

/* The same for a query whose rows may be many (cm_db_prepare_stream). */
int cm_sql_prepare_stream(struct cm_store *s, const char *sql, struct cm_stmt **st,
			  struct cm_error *err);

/* Run SQL without results. */
int cm_sql_exec(struct cm_store *s, const char *sql, struct cm_error *err);

/* Bind text or NULL. */
int cm_sql_bind_text(struct cm_stmt *st, int i, const char *v);

/* A malloc'd copy of a text column, or NULL when the column is NULL. */
char *cm_sql_column_dup(struct cm_stmt *st, int col);

/* The columns of st's current row as a JSON object; NULL when out of memory. */
struct cJSON *cm_sql_row_object(struct cm_stmt *st);

/*
 * One row of table as a JSON object text {"column": value, ...} (for audit
 * before/after). Returns a malloc'd string, or NULL when there is no such row
 * or on error. table and key_col must be trusted identifiers.
 */
char *cm_sql_row_json(struct cm_store *s, const char *table, const char *key_col, int64_t id);

/*
 * The rows of sql (with ?1 bound to bind) as a cJSON array of objects, one
 * key per column; NULL on error (err filled). The caller frees it with
 * cJSON_Delete.
 */
struct cJSON;
struct cJSON *cm_sql_rows_json(struct cm_store *s, const char *sql, int64_t bind,
			       struct cm_error *err);

/*
 * Emitting query results: a column by its type (integer, real, text,
 * null) under key; columns [from, to) under their SQL names (name them with
 * AS); and every row of a prepared, bound statement as a list of records,
 * which finalizes st.
 */
struct cm_emit;
void cm_sql_emit_column(struct cm_emit *e, const char *key, struct cm_stmt *st, int i);
void cm_sql_emit_columns(struct cm_emit *e, struct cm_stmt *st, int from, int to);
int cm_sql_emit_rows(struct cm_store *s, struct cm_stmt *st, struct cm_emit *e,
		     struct cm_error *err, const char *what);

/*
 * Step a lookup of one record by id: 0 with the row ready; CM_ENOTFOUND
 * "no WHAT ID" when there is none; else the database error.
 */
int cm_sql_step_one(struct cm_store *s, struct cm_stmt *st, const char *what, long long id,
		    struct cm_error *err);

/* The step of a single-row INSERT/UPDATE/DELETE; returns 0 or a status. */
int cm_sql_step_done(struct cm_store *s, struct cm_stmt *st, struct cm_error *err,
		     const char *what);

#endif
