/* The SQLite store: opening, schema migrations, transactions. */
#ifndef CM_STORE_H
#define CM_STORE_H

#include "cm/error.h"

struct cm_store;

enum cm_open_mode {
	CM_OPEN_READ,    /* existing file, read-only; migrations are not applied */
	CM_OPEN_READ_SETUP, /* as READ, but writable until cm_db_set_read_only (cm_access_open) */
	CM_OPEN_WRITE,   /* existing file, read-write; pending migrations applied */
	CM_OPEN_CREATE,  /* new file only (mode 0600, parent created); refuses an existing one */
};

/*
 * Open the database at path. On success *out is a store the caller frees
 * with cm_store_close. Missing file (READ/WRITE): CM_ENODB, the message names
 * the path and `cm init`. A database from a newer cm: CM_EVERSION.
 * Every connection has foreign keys on, WAL and a busy timeout
 * ($CM_BUSY_TIMEOUT milliseconds, default 5000).
 */
int cm_store_open(struct cm_store **out, const char *path, enum cm_open_mode mode,
		  struct cm_error *err);

/* A migrated in-memory database, for tests. */
int cm_store_open_memory(struct cm_store **out, struct cm_error *err);

/*
 * Closes s. A store opened with CM_OPEN_CREATE lives under a temporary name
 * until cm_store_publish, which writes it back in full and renames it to its
 * path (never over a file that appeared meanwhile: CM_ECONFLICT); closing it
 * without publishing removes it. On a server the whole creation is one
 * transaction, which publishing commits and closing rolls back. Frees s in
 * every case.
 */
void cm_store_close(struct cm_store *s);
int cm_store_publish(struct cm_store *s, struct cm_error *err);

/*
 * Who is acting and through which command: recorded on every audit record.
 * Both strings are copied.
 */
int cm_store_set_actor(struct cm_store *s, const char *user, const char *command);
const char *cm_store_user(const struct cm_store *s);
const char *cm_store_command(const struct cm_store *s);

/* The schema version this cm writes, and the file's. */
int cm_store_schema_version(void);
int cm_store_file_version(struct cm_store *s);

/*
 * BEGIN IMMEDIATE / COMMIT / ROLLBACK. Writes happen inside one of these;
 * a lock that cannot be had within the timeout gives CM_EBUSY.
 */
int cm_store_begin(struct cm_store *s, struct cm_error *err);
int cm_store_commit(struct cm_store *s, struct cm_error *err);
void cm_store_rollback(struct cm_store *s);

/*
 * One command, one transaction: after cm_store_hold, begins and commits
 * nest and nothing is committed until cm_store_finish, which commits when
 * keep is true and rolls everything back otherwise. A rollback inside
 * undoes only the innermost begin: a savepoint's, or, for the begin that
 * opened the transaction, the whole transaction (nothing came before it),
 * after which a begin opens a new one.
 */
void cm_store_hold(struct cm_store *s);
int cm_store_finish(struct cm_store *s, int keep, struct cm_error *err);

/* A setting in the meta table (e.g. "default_programme"); *out is malloc'd, caller frees. */
int cm_store_meta_get(struct cm_store *s, const char *key, char **out, struct cm_error *err);
int cm_store_meta_set(struct cm_store *s, const char *key, const char *value, struct cm_error *err);

/* Row count of a table (for tests and diagnostics); -1 on error. */
long long cm_store_count(struct cm_store *s, const char *table);

/*
 * Looking after a SQLite file (lib/store_check.c); on a server each says to
 * use the server's own tools. SQLite's integrity check (CM_EFAIL naming the
 * first damage); the modes of the file and its -wal and -shm (none open to
 * others; mode gets the file's, e.g. "0600"); and a consistent online copy
 * to FILE (mode 0600, written aside and renamed over FILE at the end).
 */
int cm_store_integrity(struct cm_store *s, struct cm_error *err);
/* Is the database a SQLite file (not a server, not in memory)? */
int cm_store_is_file(struct cm_store *s);
int cm_store_check_modes(struct cm_store *s, char mode[8], struct cm_error *err);
int cm_store_backup(struct cm_store *s, const char *to, struct cm_error *err);

#endif
