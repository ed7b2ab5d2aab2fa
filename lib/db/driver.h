/* What a driver gives the engine layer (internal to lib/db/). */
#ifndef CM_LIB_DB_DRIVER_H
#define CM_LIB_DB_DRIVER_H

#include "db.h"

struct cm_db_ops {
	void (*close)(struct cm_db *db);
	const char *(*errmsg)(struct cm_db *db);
	const char *(*filename)(struct cm_db *db);
	int (*exec)(struct cm_db *db, const char *sql);
	/* flags: CM_DB_PREPARE_PERSISTENT, CM_DB_PREPARE_STREAM */
	int (*prepare)(struct cm_db *db, const char *sql, int flags, struct cm_stmt **st);
	int64_t (*changes)(struct cm_db *db);
	int64_t (*last_id)(struct cm_db *db);
	int (*begin)(struct cm_db *db, int write);
	int (*commit)(struct cm_db *db);
	void (*rollback)(struct cm_db *db);
	int (*set_read_only)(struct cm_db *db);
	int (*before_write)(struct cm_db *db);  /* NULL: nothing to do */
	int (*bulk_journal)(struct cm_db *db);  /* NULL: never taken */
	int (*table_count)(struct cm_db *db);
	int (*schema_version)(struct cm_db *db);
	int (*set_schema_version)(struct cm_db *db, int version);
	const char *const *migrations;
	const int *migration_count;
	/* A bulk load (cm_db_load); NULL: one prepared INSERT a row. */
	int (*load)(struct cm_db *db, const char *table, const char *columns, int ncols,
		    struct cm_stmt *from, int64_t *rows, struct cm_db **failed);
	/* A loader (cm_db_loader_*); NULL: one prepared INSERT a row. */
	int (*loader_open)(struct cm_db *db, const char *table, const char *columns, int ncols,
			   struct cm_db_loader **out);
	int (*loader_add)(struct cm_db_loader *l, const char *const *values);
	int (*loader_flush)(struct cm_db_loader *l);
	void (*loader_free)(struct cm_db_loader *l);
	/* cm_db_next_id; NULL: one above the largest rowid. */
	int (*next_id)(struct cm_db *db, const char *table, int64_t *next);

	int (*bind_int64)(struct cm_stmt *st, int i, int64_t v);
	int (*bind_double)(struct cm_stmt *st, int i, double v);
	int (*bind_null)(struct cm_stmt *st, int i);
	int (*bind_text)(struct cm_stmt *st, int i, const char *v, int n, int copy);
	int (*param_index)(struct cm_stmt *st, const char *name);
	int (*step)(struct cm_stmt *st);
	int (*reset)(struct cm_stmt *st);
	int (*clear_bindings)(struct cm_stmt *st);
	void (*finalize)(struct cm_stmt *st);
	int (*column_count)(struct cm_stmt *st);
	const char *(*column_name)(struct cm_stmt *st, int i);
	int (*column_type)(struct cm_stmt *st, int i);
	int64_t (*column_int64)(struct cm_stmt *st, int i);
	double (*column_double)(struct cm_stmt *st, int i);
	const char *(*column_text)(struct cm_stmt *st, int i);
	int (*column_bytes)(struct cm_stmt *st, int i);
};

#define CM_DB_PREPARE_PERSISTENT 1
#define CM_DB_PREPARE_STREAM 2

/* The start of every driver's connection. */
struct cm_db {
	const struct cm_db_ops *ops;
	enum cm_db_engine engine;
	char *display;  /* path, or URI without password */
	int status;     /* of the last failed call */
};

/* The start of every driver's statement. */
struct cm_stmt {
	struct cm_db *db;
};

/* The start of every driver's loader. */
struct cm_db_loader {
	struct cm_db *db;
};

/* Record a failure's status on db and return it. */
int cm_db_failed(struct cm_db *db, int status);

/* cm_db_load by one prepared INSERT a row, for a driver without a bulk path. */
int cm_db_load_by_insert(struct cm_db *db, const char *table, const char *columns, int ncols,
			 struct cm_stmt *from, int64_t *rows, struct cm_db **failed);

/* A loader by one prepared INSERT a row, for a driver without a bulk path. */
int cm_db_loader_open_by_insert(struct cm_db *db, const char *table, const char *columns,
				int ncols, struct cm_db_loader **out);
int cm_db_loader_add_by_insert(struct cm_db_loader *l, const char *const *values);
void cm_db_loader_free_by_insert(struct cm_db_loader *l);

/* The drivers. */
int cm_db_sqlite_open(struct cm_db **out, const char *path, int flags, struct cm_error *err);
int cm_db_pg_open(struct cm_db **out, const char *uri, int flags, struct cm_error *err);

#endif
