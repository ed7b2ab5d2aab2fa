/*
 * A large load's journal on SQLite. In WAL mode every page a transaction
 * writes goes twice to disk: into the log, then, at the checkpoint, into
 * the file. A rollback journal keeps a copy of only the pages that were
 * there before, and a large load goes mostly into new pages: each is
 * written once (at 1,000,000 imported rows, 27 % less time).
 *
 * SQLite leaves WAL mode only when no other connection has the database
 * open, so the switch is tried without waiting, and the log stays when it
 * cannot be had. While the load runs it holds the file exclusively (its
 * cache spills into the file); a command that comes meanwhile waits for
 * the load's commit instead of giving up after the usual timeout, and says
 * so once. The load's journal file is how it knows: in WAL mode cm never
 * has one, and a load that was killed leaves one that the next connection
 * to get the file rolls back (SQLite's hot journal), so nothing waits on
 * a dead load. A command waits in its set-up, before anything else, until
 * the file is in WAL mode again: two commands never meet in the rollback
 * journal, where each could hold the read lock the other's write needs.
 */

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "cm/i18n.h"
#include "db.h"
#include "sqlite_journal.h"

/* How long a command waits, beyond the usual timeout, for a load to end. */
#define LOAD_WAIT_MS (60 * 60 * 1000)

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000L + (now.tv_nsec - since->tv_nsec) / 1000000L;
}

/* Another connection's load holds the file: its rollback journal is there. */
static int load_under_way(struct cm_sqlite_wait *w)
{
	const char *journal = sqlite3_filename_journal(sqlite3_db_filename(w->conn, "main"));
	struct stat sb;

	return journal && *journal && stat(journal, &sb) == 0;
}

static int wait_a_little(void *arg, int count)
{
	/* SQLite's own steps, in milliseconds, then its last one over and over. */
	static const int steps[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
	struct cm_sqlite_wait *w = arg;
	int n = (int)(sizeof steps / sizeof steps[0]);
	int step = steps[count < n ? count : n - 1];
	long waited;

	if (count == 0) {
		clock_gettime(CLOCK_MONOTONIC, &w->since);
		w->saw_load = 0;
	}
	waited = elapsed_ms(&w->since);
	if (waited >= w->timeout_ms) {
		if (load_under_way(w)) {
			if (waited >= w->timeout_ms + LOAD_WAIT_MS)
				return 0;
			w->saw_load = 1;
			if (!w->told) {
				fprintf(stderr, _("cm: waiting for an import to finish\n"));
				w->told = 1;
			}
		} else if (w->saw_load) {
			/* The load has just committed: the usual wait again, while it puts the log back. */
			w->saw_load = 0;
			clock_gettime(CLOCK_MONOTONIC, &w->since);
		} else {
			return 0;
		}
	}
	sqlite3_sleep(step);
	return 1;
}

void cm_db_sqlite_wait_init(struct cm_sqlite_wait *w, struct sqlite3 *conn)
{
	w->conn = conn;
	w->timeout_ms = cm_db_busy_timeout_ms();
	w->told = 0;
	sqlite3_busy_handler(conn, wait_a_little, w);
}

/* A journal mode pragma: SQLITE_OK or its error; *is whether it answered want. */
static int journal_mode(struct sqlite3 *conn, const char *sql, const char *want, int *is)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(conn, sql, -1, &st, NULL);

	*is = 0;
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*is = strcmp((const char *)sqlite3_column_text(st, 0), want) == 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

int cm_db_sqlite_leave_wal(struct cm_sqlite_wait *w)
{
	int is_wal, taken;

	if (!sqlite3_get_autocommit(w->conn) ||
	    journal_mode(w->conn, "PRAGMA journal_mode", "wal", &is_wal) != SQLITE_OK || !is_wal)
		return 0;
	sqlite3_busy_handler(w->conn, NULL, NULL);
	journal_mode(w->conn, "PRAGMA journal_mode=DELETE", "delete", &taken);
	sqlite3_busy_handler(w->conn, wait_a_little, w);
	return taken;
}

/*
 * Tried again and again, with the busy handler's waits, rather than left to
 * the handler: SQLite does not call the handler where waiting could lock two
 * connections up, and a file in the rollback journal is where that happens
 * (each holding the read lock the other's write waits for). So a command
 * touches nothing before the file is in WAL mode again.
 */
int cm_db_sqlite_use_wal(struct cm_sqlite_wait *w)
{
	int count = 0, is_wal, rc;

	sqlite3_busy_handler(w->conn, NULL, NULL);
	while ((rc = journal_mode(w->conn, "PRAGMA journal_mode=WAL", "wal", &is_wal)) == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		if (!wait_a_little(w, count++))
			break;
	sqlite3_busy_handler(w->conn, wait_a_little, w);
	return rc;
}
