/*
 * The engine layer (internal to lib/): one statement interface over the
 * database engines. Only lib/db/ and the per-engine schema files name an
 * engine; every other module speaks SQL that both engines run through these
 * calls. Their shape follows SQLite's C interface so that code written
 * against it converts line for line.
 *
 * Status: functions returning int give 0 (or CM_DB_ROW / CM_DB_DONE for a
 * step) or a negative CM_E* code: CM_EBUSY for a lock not obtained in time,
 * a serialisation failure or a deadlock, CM_ECONFLICT for a constraint,
 * CM_ENOMEM, CM_EIO for a full disk or an I/O error or a server that cannot
 * be reached, CM_EDB for anything else. cm_db_errmsg() says more, and never
 * contains a password.
 */
#ifndef CM_LIB_DB_H
#define CM_LIB_DB_H

#include <stdint.h>
#include "cm/error.h"

struct cm_db;
struct cm_stmt;

enum cm_db_engine {
	CM_DB_SQLITE,
	CM_DB_POSTGRESQL,
};

/* What a step gives besides an error status. */
#define CM_DB_ROW 100
#define CM_DB_DONE 101

/* The type of a column's value in the current row. */
enum cm_db_type {
	CM_DB_INTEGER = 1,
	CM_DB_FLOAT = 2,
	CM_DB_TEXT = 3,
	CM_DB_BLOB = 4,
	CM_DB_NULL = 5,
};

enum cm_db_open_flags {
	CM_DB_OPEN_READONLY = 1, /* no writes on this connection */
	CM_DB_OPEN_MEMORY = 2,   /* SQLite only: a private in-memory database */
	/*
	 * A connection that reads, and writes at most a few new rows (the log
	 * of who looked) in transactions begun for writing.
	 */
	CM_DB_OPEN_READER = 4,
};

/* 1 when target is a PostgreSQL connection URI (postgresql:// or postgres://). */
int cm_db_target_is_uri(const char *target);

/*
 * Connect to target (a SQLite file that exists, or a libpq URI). On success
 * *out is a connection the caller closes with cm_db_close; on failure *out
 * is NULL and err says why (naming the file or the host).
 */
int cm_db_open(struct cm_db **out, const char *target, int flags, struct cm_error *err);
void cm_db_close(struct cm_db *db);

enum cm_db_engine cm_db_engine(const struct cm_db *db);
/* The target shown in messages: the path, or the URI without its password. */
const char *cm_db_display(const struct cm_db *db);

/*
 * Catalogue queries, which each engine words its own way:
 * CM_DB_TRIGGERS: (name, definition) of every trigger, by name; a server's
 *   definition ends with ENABLED or DISABLED and the function it runs.
 * CM_DB_PRIMARY_KEY: the primary key's columns, in order, of the table ?1.
 * CM_DB_TABLES: (name) of every table, by name.
 * CM_DB_COLUMNS: (name) of the columns of the table ?1, in order.
 * CM_DB_FOREIGN_KEYS: ("table", "from", "to") of each foreign key of the
 *   table ?1: the parent table, the column here and the parent's column.
 */
enum cm_db_catalogue {
	CM_DB_TRIGGERS,
	CM_DB_PRIMARY_KEY,
	CM_DB_TABLES,
	CM_DB_COLUMNS,
	CM_DB_FOREIGN_KEYS,
};
const char *cm_db_catalogue_sql(const struct cm_db *db, enum cm_db_catalogue what);

/* The absolute path of a SQLite database file; NULL on a server or in memory. */
const char *cm_db_filename(struct cm_db *db);

/* The last error's message, and its status. */
const char *cm_db_errmsg(struct cm_db *db);
int cm_db_errcode(struct cm_db *db);

/* Run one or more statements without results. */
int cm_db_exec(struct cm_db *db, const char *sql);

/*
 * Prepare one statement; parameters are ?N, ? or :name. The caller
 * finalizes *st. A persistent statement is kept for many steps (an import).
 */
int cm_db_prepare(struct cm_db *db, const char *sql, struct cm_stmt **st);
int cm_db_prepare_persistent(struct cm_db *db, const char *sql, struct cm_stmt **st);
/*
 * A query whose rows may be many (a listing, a whole log): a server sends
 * them in batches as they are stepped through (a cursor, inside the
 * transaction) instead of all at once, so memory stays flat; a file reads
 * them as it goes anyway.
 */
int cm_db_prepare_stream(struct cm_db *db, const char *sql, struct cm_stmt **st);

/*
 * Parameters are numbered from 1. Text of n bytes (n < 0: up to the NUL);
 * NULL text binds SQL NULL. cm_stmt_bind_text keeps the pointer: the text
 * must stay unchanged until the statement is reset, rebound or finalized;
 * cm_stmt_bind_text_copy copies it.
 */
int cm_stmt_bind_int64(struct cm_stmt *st, int i, int64_t v);
int cm_stmt_bind_double(struct cm_stmt *st, int i, double v);
int cm_stmt_bind_null(struct cm_stmt *st, int i);
int cm_stmt_bind_text(struct cm_stmt *st, int i, const char *v, int n);
int cm_stmt_bind_text_copy(struct cm_stmt *st, int i, const char *v, int n);
/* The number of the parameter :name, or 0 when the statement has none. */
int cm_stmt_param_index(struct cm_stmt *st, const char *name);

/* CM_DB_ROW with a row ready, CM_DB_DONE, or an error status. */
int cm_stmt_step(struct cm_stmt *st);
/* Back to before the first step, bindings kept. */
int cm_stmt_reset(struct cm_stmt *st);
int cm_stmt_clear_bindings(struct cm_stmt *st);
/* Frees st; NULL is allowed. */
void cm_stmt_finalize(struct cm_stmt *st);

/*
 * The current row's columns, numbered from 0. Text stays valid until the
 * next step, reset or finalize; a NULL value gives NULL text and 0.
 */
int cm_stmt_column_count(struct cm_stmt *st);
const char *cm_stmt_column_name(struct cm_stmt *st, int i);
int cm_stmt_column_type(struct cm_stmt *st, int i);
int64_t cm_stmt_column_int64(struct cm_stmt *st, int i);
int cm_stmt_column_int(struct cm_stmt *st, int i);
double cm_stmt_column_double(struct cm_stmt *st, int i);
const char *cm_stmt_column_text(struct cm_stmt *st, int i);
int cm_stmt_column_bytes(struct cm_stmt *st, int i);

/*
 * Bulk load: every row of from (a statement on any connection, its ncols
 * columns those named by columns, "a, b, c", in that order) into table on db, in
 * the caller's transaction; *rows gets how many. A server takes them in one
 * COPY, a file by one prepared INSERT a row. The rows' ids are kept, and a
 * later INSERT numbers on from the highest. On failure *failed is the
 * connection whose cm_db_errmsg says why: db, or the one from reads.
 */
int cm_db_load(struct cm_db *db, const char *table, const char *columns, int ncols,
	       struct cm_stmt *from, int64_t *rows, struct cm_db **failed);

/*
 * A loader: rows given one at a time, each column's value as text (NULL
 * for NULL), into table, in the caller's write transaction. A server takes
 * them in batches of about a megabyte, one COPY each (through a temporary
 * table where row-level security applies, which COPY does not take), sent
 * when the batch is full or cm_db_loader_flush is called; between batches
 * the connection runs other statements as usual. A file takes each row at
 * once, by a prepared INSERT. cm_db_loader_add returns 1 when the batch is
 * full: flush it (after the loaders of the tables its rows refer to). Rows
 * keep the ids they are given; a later INSERT numbers on from the highest.
 */
struct cm_db_loader;
/* Does the engine take a loader's rows in batches (else an INSERT a row)? */
int cm_db_loader_batches(const struct cm_db *db);
int cm_db_loader_open(struct cm_db *db, const char *table, const char *columns, int ncols,
		      struct cm_db_loader **out);
int cm_db_loader_add(struct cm_db_loader *l, const char *const *values);
int cm_db_loader_flush(struct cm_db_loader *l);
/* Frees the loader; rows not flushed are dropped. */
void cm_db_loader_free(struct cm_db_loader *l);

/* The id the next INSERT into table will give: one above its highest (in a write transaction). */
int cm_db_next_id(struct cm_db *db, const char *table, int64_t *next);

/* Rows changed by the last INSERT, UPDATE or DELETE, and the id the last INSERT gave. */
int64_t cm_db_changes(struct cm_db *db);
int64_t cm_db_last_id(struct cm_db *db);

/*
 * Transactions. A write transaction is serialised with every other writer
 * of the database (so the audit log stays one chain) and waits at most
 * $CM_BUSY_TIMEOUT ms for it (CM_EBUSY); a read transaction sees one snapshot.
 */
int cm_db_begin(struct cm_db *db, int write);
int cm_db_commit(struct cm_db *db);
/* Harmless outside a transaction. */
void cm_db_rollback(struct cm_db *db);
/*
 * For the write transaction about to begin, a large load: on SQLite, a
 * rollback journal instead of the write-ahead log, so each page is written
 * once, taken only when no other connection has the file open (never
 * waits); the log comes back when the transaction ends. Commands that come
 * meanwhile wait for the commit. 1 when taken, 0 when not (a server: never).
 */
int cm_db_bulk_journal(struct cm_db *db);

/* From now on the connection refuses writes (a read-only command). */
int cm_db_set_read_only(struct cm_db *db);
/* A reader's connection (CM_DB_OPEN_READER) is about to write its few rows. */
int cm_db_before_write(struct cm_db *db);

/* The tables in the database (a server: in the connection's schema); or a status. */
int cm_db_table_count(struct cm_db *db);

/* The schema version recorded in the database (-1 when unreadable), and setting it. */
int cm_db_schema_version(struct cm_db *db);
int cm_db_set_schema_version(struct cm_db *db, int version);

/* The engine's numbered migrations: migrations[i] takes version i to i + 1. */
const char *const *cm_db_migrations(const struct cm_db *db, int *count);

/*
 * printf into a malloc'd string with SQL quoting: %q doubles single quotes,
 * %Q also adds them (NULL gives NULL), %w doubles double quotes (for an
 * identifier inside "..."). Free with cm_db_free. NULL when out of memory.
 */
char *cm_db_mprintf(const char *fmt, ...);
void cm_db_free(void *p);

/* The busy timeout in ms: $CM_BUSY_TIMEOUT, default 5000. */
int cm_db_busy_timeout_ms(void);

#endif
