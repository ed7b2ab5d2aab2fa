/* Checks of a database path and of what the opened file holds (internal to lib/). */
#ifndef CM_LIB_STORE_FILE_H
#define CM_LIB_STORE_FILE_H

#include "cm/error.h"
#include "cm/store.h"

/*
 * Before opening: path exists (CM_ENODB otherwise) and is a regular,
 * non-empty SQLite file (CM_EFAIL "'PATH' is not a cm database: ..." for a
 * directory, a FIFO, an empty or foreign file); for CM_OPEN_WRITE, the file
 * and its directory are writable (CM_EFAIL "cannot change database ...").
 */
int cm_store_check_path(const char *path, enum cm_open_mode mode, struct cm_error *err);

/* 1 for the modes of a command that only reads (never migrates). */
int cm_store_reader(enum cm_open_mode mode);

/* 1 when this process may write path and create its -wal and -shm beside it. */
int cm_store_writable(const char *path);

/*
 * Once open: the file holds cm's schema (CM_EFAIL "not a cm database"
 * otherwise, CM_EFAIL "is damaged" when unreadable) at a version this cm
 * knows (CM_EVERSION); a reader (CM_OPEN_READ) also needs it up to date,
 * since only writing commands and cm db migrate migrate.
 */
int cm_store_check_schema(struct cm_store *s, const char *path, enum cm_open_mode mode,
			  struct cm_error *err);

#endif
