/*
 * The SQL functions cm defines on both engines (internal to lib/), for what
 * SQLite and PostgreSQL write differently. SQLite has them as C functions
 * (sqlite_sql.c, over lib/date.c); PostgreSQL as SQL functions its
 * migrations create (schema_pg.c). They give the same results on both, the
 * same as lib/date.c; each gives NULL when an argument is NULL.
 *
 * Dates are YYYY-MM-DD text; an ISO 8601 time counts as its date.
 *   cm_add_days(d, n)    d plus n days (n may be negative)
 *   cm_add_months(d, n)  d plus n months, clamped to the month's last day:
 *                        31 January plus one month is 28 or 29 February
 *   cm_add_years(d, n)   the n-th anniversary of d: a 29 February gives
 *                        1 March in common years, the day cm_age counts it
 *   cm_days(a, b)        the days from a to b (negative when b is earlier)
 *   cm_age(b, d)         whole years from birth date b to date d
 *
 * JSON (programme rules, audit copies); a path is $ followed by .key and
 * [index] steps:
 *   cm_json_int(j, p)    a number at p, truncated; true 1, false 0
 *   cm_json_real(j, p)   a number at p
 *   cm_json_text(j, p)   a string at p; NULL for any other value
 *
 * Two values (SQLite's two-argument min and max):
 *   cm_min(a, b), cm_max(a, b)   the smaller, the larger; text by bytes
 *
 * What the PostgreSQL server enforces (cm-deploy(7)); SQLite's are in
 * sqlite_server.c:
 *   cm_clock()           the engine's clock, UTC, as YYYY-MM-DDTHH:MM:SSZ
 *   cm_server_login()    the login the server authenticated when it is a cm
 *                        worker's (a member of cm_worker, cm_manager or
 *                        cm_admin); NULL for the schema owner and on SQLite
 *   cm_login_sync(l)     make worker l's server login match its row (create
 *                        it, its group, no login once deactivated); 1 when
 *                        done, 0 when there is nothing to do
 *   cm_audit_redact(p, d)  blank the audit copies about person p, redacted
 *                        on date d; the number of records blanked
 */
#ifndef CM_LIB_DB_SQL_FUNCTIONS_H
#define CM_LIB_DB_SQL_FUNCTIONS_H

struct sqlite3;

/* Register the functions on a SQLite connection: SQLITE_OK or its error. */
int cm_db_sqlite_add_functions(struct sqlite3 *db);
int cm_db_sqlite_add_server_functions(struct sqlite3 *db);

#endif
