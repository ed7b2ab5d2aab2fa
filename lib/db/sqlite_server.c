/*
 * What the PostgreSQL server does itself (schema_pg.c, cm-deploy(7)), as
 * SQLite does it: there is no server login and no role to manage, the
 * file's permissions are the boundary, and the clock is this machine's.
 */
#include <time.h>
#include <sqlite3.h>
#include "cm/clock.h"
#include "sql_functions.h"

static void server_clock(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char out[CM_TIME_LEN];
	time_t t = time(NULL);
	struct tm tm;

	(void)argc;
	(void)argv;
	gmtime_r(&t, &tm);
	strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* No login is authenticated by the engine: the actor is the operating system's. */
static void server_login(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_null(ctx);
}

/* No login role to create or change. */
static void login_sync(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, 0);
}

/* The one update of the audit log: blanking a pseudonymised person's copies. */
static void audit_redact(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3 *db = sqlite3_context_db_handle(ctx);
	sqlite3_stmt *st;
	int rc;

	(void)argc;
	rc = sqlite3_prepare_v2(db, "UPDATE audit SET summary = '[removed]', before = NULL,"
				    " after = NULL, redacted_on = ?2 WHERE (case_id IN (SELECT id"
				    " FROM cases WHERE person_id = ?1) OR (entity = 'person'"
				    " AND entity_id = ?1)) AND redacted_on IS NULL", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_value(st, 1, argv[0]);
		sqlite3_bind_value(st, 2, argv[1]);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_DONE) {
		sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
		return;
	}
	sqlite3_result_int64(ctx, sqlite3_changes(db));
}

int cm_db_sqlite_add_server_functions(sqlite3 *db)
{
	int rc = sqlite3_create_function(db, "cm_clock", 0, SQLITE_UTF8, NULL, server_clock, NULL,
					 NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cm_server_login", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
					     NULL, server_login, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cm_login_sync", 1, SQLITE_UTF8, NULL, login_sync,
					     NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cm_audit_redact", 2, SQLITE_UTF8, NULL,
					     audit_redact, NULL, NULL);
	return rc;
}
