/* The PostgreSQL driver's connection, shared by pg.c and pg_copy.c (internal to lib/db/). */
#ifndef CM_LIB_DB_PG_IMPL_H
#define CM_LIB_DB_PG_IMPL_H

#include <stdint.h>
#include "driver.h"
#include "pq.h"

#define MAX_TABLES 64
#define NAME_MAX_LEN 64

/* A table an INSERT names, and whether it has an identity column id. */
struct pg_table {
	char name[NAME_MAX_LEN];
	int has_id;
	int rls;            /* row-level security applies to this login here */
	unsigned synced_in; /* the write transaction its id sequence was set in */
};

struct pg_db {
	struct cm_db base;
	PGconn *conn;
	char msg[512];
	int64_t changes;
	int in_tx;
	int writing;  /* in a write transaction, holding the writer lock */
	int read_only;
	unsigned tx;  /* numbers write transactions, and what a savepoint undid */
	int sync_fn;  /* the schema has cm_sync_id: 1, 0, or -1 not asked yet */
	struct pg_table tables[MAX_TABLES];
	int ntables;
	unsigned prepared; /* names the session's prepared statements */
	int64_t last_id;   /* the id the last INSERT ... RETURNING gave */
	int have_last_id;  /* 0: the last INSERT returned none, ask lastval() */
};

static inline struct pg_db *pg(struct cm_db *db)
{
	return (struct pg_db *)(void *)db;
}

/* Remember the first line of msg for cm_db_errmsg. */
void cm_pg_set_msg(struct pg_db *d, const char *msg);
/* A failed result (or, NULL, the connection's error): its message kept, its status returned. */
int cm_pg_fail(struct pg_db *d, PGresult *res);
/* Did the command or query succeed? */
int cm_pg_ok(PGresult *res);
int cm_pg_run(struct pg_db *d, const char *sql);
/* The table called name, learning whether it has an identity id; NULL on failure. */
struct pg_table *cm_pg_table(struct pg_db *d, const char *name, int *rc);

/* pg_copy.c: the bulk-load path. */
int cm_pg_load(struct cm_db *db, const char *table, const char *columns, int ncols,
	       struct cm_stmt *from, int64_t *rows, struct cm_db **failed);
int cm_pg_loader_open(struct cm_db *db, const char *table, const char *columns, int ncols,
		      struct cm_db_loader **out);
int cm_pg_loader_add(struct cm_db_loader *l, const char *const *values);
int cm_pg_loader_flush(struct cm_db_loader *l);
void cm_pg_loader_free(struct cm_db_loader *l);

#endif
