/*
 * SQLite's journal for a large load, and how a connection waits for the
 * database meanwhile (internal to lib/db/, sqlite_journal.c).
 */
#ifndef CM_LIB_DB_SQLITE_JOURNAL_H
#define CM_LIB_DB_SQLITE_JOURNAL_H

#include <time.h>

struct sqlite3;

/* A connection's waiting: set up by cm_db_sqlite_wait_init. */
struct cm_sqlite_wait {
	struct sqlite3 *conn;
	int timeout_ms;        /* the usual wait (CM_BUSY_TIMEOUT) */
	int told;              /* "waiting for a load" said once */
	int saw_load;          /* this wait has seen a load under way */
	struct timespec since; /* this wait's start */
};

/*
 * conn waits for a lock up to the usual timeout, and while another
 * connection's load holds the database (its rollback journal is there) up
 * to an hour more, saying once on stderr that it waits.
 */
void cm_db_sqlite_wait_init(struct cm_sqlite_wait *w, struct sqlite3 *conn);

/*
 * The rollback journal instead of the write-ahead log, for the transaction
 * about to begin: 1 when taken, 0 when not (another connection has the
 * database open, or the file is not in WAL mode). Never waits.
 */
int cm_db_sqlite_leave_wal(struct cm_sqlite_wait *w);

/*
 * The write-ahead log, waiting as the busy handler does (so for a load,
 * until its commit): a connection's set-up, and a load's end (given up
 * after the usual wait, the next connection's set-up does it). SQLITE_OK
 * or SQLite's error.
 */
int cm_db_sqlite_use_wal(struct cm_sqlite_wait *w);

#endif
