/* The SQLite driver: a thin wrapper over SQLite's own interface. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "cm/clock.h"
#include "driver.h"
#include "sql_functions.h"
#include "sqlite_journal.h"
#include "../schema.h"

struct sqlite_db {
	struct cm_db base;
	sqlite3 *conn;
	int unchecked;  /* cell_size_check off until the first write (CM_DB_OPEN_READER) */
	int bulk;       /* a rollback journal until the transaction ends (cm_db_bulk_journal) */
	struct cm_sqlite_wait wait;
};

struct sqlite_stmt {
	struct cm_stmt base;
	sqlite3_stmt *st;
};

static sqlite3 *conn_of(struct cm_db *db)
{
	return ((struct sqlite_db *)(void *)db)->conn;
}

static sqlite3_stmt *stmt_of(struct cm_stmt *st)
{
	return ((struct sqlite_stmt *)(void *)st)->st;
}

static int status_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return 0;
	case SQLITE_ROW:
		return CM_DB_ROW;
	case SQLITE_DONE:
		return CM_DB_DONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return CM_EBUSY;
	case SQLITE_CONSTRAINT:
		return CM_ECONFLICT;
	case SQLITE_NOMEM:
		return CM_ENOMEM;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return CM_EIO;
	default:
		return CM_EDB;
	}
}

/* The status of rc, remembered on db when it is a failure. */
static int result(struct cm_db *db, int rc)
{
	int status = status_of(rc);

	return status < 0 ? cm_db_failed(db, status) : status;
}

static void db_close(struct cm_db *db)
{
	sqlite3_close(conn_of(db));
	free(db->display);
	free(db);
}

static const char *db_errmsg(struct cm_db *db)
{
	return sqlite3_errmsg(conn_of(db));
}

static const char *db_filename(struct cm_db *db)
{
	return sqlite3_db_filename(conn_of(db), "main");
}

static int db_exec(struct cm_db *db, const char *sql)
{
	return result(db, sqlite3_exec(conn_of(db), sql, NULL, NULL, NULL));
}

static int db_prepare(struct cm_db *db, const char *sql, int flags, struct cm_stmt **out)
{
	struct sqlite_stmt *st;
	int rc;

	*out = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return cm_db_failed(db, CM_ENOMEM);
	st->base.db = db;
	rc = sqlite3_prepare_v3(conn_of(db), sql, -1,
				(flags & CM_DB_PREPARE_PERSISTENT) ? SQLITE_PREPARE_PERSISTENT : 0,
				&st->st, NULL);
	if (rc != SQLITE_OK) {
		free(st);
		return result(db, rc);
	}
	*out = &st->base;
	return 0;
}

static int64_t db_changes(struct cm_db *db)
{
	return sqlite3_changes(conn_of(db));
}

static int64_t db_last_id(struct cm_db *db)
{
	return sqlite3_last_insert_rowid(conn_of(db));
}

/* A write transaction takes the database's write lock at once (BEGIN IMMEDIATE). */
static int db_begin(struct cm_db *db, int write)
{
	return db_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

/*
 * cell_size_check finds a damaged page before cm writes into it. A reader
 * writes into no page until it records who looked, and turns it on then:
 * on, a read of a large database checks every cell of a page each time it
 * loads it (README: report caseload 1.36 times its hand-written query with
 * it, 1.00 without). SQLite's own checks still refuse a malformed page.
 */
static int db_before_write(struct cm_db *db)
{
	struct sqlite_db *d = (struct sqlite_db *)(void *)db;
	int rc;

	if (!d->unchecked)
		return 0;
	if ((rc = db_exec(db, "PRAGMA cell_size_check=ON")) < 0)
		return rc;
	d->unchecked = 0;
	return 0;
}

/* A load's rollback journal gives way to the log again once its transaction has ended. */
static void after_transaction(struct sqlite_db *d)
{
	if (d->bulk && sqlite3_get_autocommit(d->conn)) {
		d->bulk = 0;
		cm_db_sqlite_use_wal(&d->wait);
	}
}

static int db_commit(struct cm_db *db)
{
	int rc = db_exec(db, "COMMIT");

	after_transaction((struct sqlite_db *)(void *)db);
	return rc;
}

static void db_rollback(struct cm_db *db)
{
	if (!sqlite3_get_autocommit(conn_of(db)))
		sqlite3_exec(conn_of(db), "ROLLBACK", NULL, NULL, NULL);
	after_transaction((struct sqlite_db *)(void *)db);
}

static int db_bulk_journal(struct cm_db *db)
{
	struct sqlite_db *d = (struct sqlite_db *)(void *)db;

	d->bulk = cm_db_sqlite_leave_wal(&d->wait);
	return d->bulk;
}

/* A reader's connection (CM_DB_OPEN_READER) that will not even log. */
static int db_set_read_only(struct cm_db *db)
{
	return db_exec(db, "PRAGMA query_only=1");
}

/* The first column of the first row of sql, or a status. */
static int query_int(struct cm_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(conn_of(db), sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return result(db, rc);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : result(db, rc);
	sqlite3_finalize(st);
	return rc;
}

static int db_table_count(struct cm_db *db)
{
	return query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
}

static int db_schema_version(struct cm_db *db)
{
	int v = query_int(db, "PRAGMA user_version");

	return v < 0 ? -1 : v;
}

/*
 * The version, and the schema cookie one further: a migration that edits
 * the stored table definitions in place (the CHECK lists) is then re-read
 * by every connection, as SQLite's procedure for such edits requires.
 */
static int db_set_schema_version(struct cm_db *db, int version)
{
	char sql[80];
	int cookie = query_int(db, "PRAGMA schema_version");

	if (cookie < 0)
		return cookie;
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d; PRAGMA schema_version=%d", version,
		 cookie + 1);
	return db_exec(db, sql);
}

static int st_bind_int64(struct cm_stmt *st, int i, int64_t v)
{
	return result(st->db, sqlite3_bind_int64(stmt_of(st), i, v));
}

static int st_bind_double(struct cm_stmt *st, int i, double v)
{
	return result(st->db, sqlite3_bind_double(stmt_of(st), i, v));
}

static int st_bind_null(struct cm_stmt *st, int i)
{
	return result(st->db, sqlite3_bind_null(stmt_of(st), i));
}

static int st_bind_text(struct cm_stmt *st, int i, const char *v, int n, int copy)
{
	if (!v)
		return st_bind_null(st, i);
	return result(st->db, sqlite3_bind_text(stmt_of(st), i, v, n,
						 copy ? SQLITE_TRANSIENT : SQLITE_STATIC));
}

static int st_param_index(struct cm_stmt *st, const char *name)
{
	return sqlite3_bind_parameter_index(stmt_of(st), name);
}

static int st_step(struct cm_stmt *st)
{
	return result(st->db, sqlite3_step(stmt_of(st)));
}

static int st_reset(struct cm_stmt *st)
{
	return result(st->db, sqlite3_reset(stmt_of(st)));
}

static int st_clear_bindings(struct cm_stmt *st)
{
	return result(st->db, sqlite3_clear_bindings(stmt_of(st)));
}

static void st_finalize(struct cm_stmt *st)
{
	sqlite3_finalize(stmt_of(st));
	free(st);
}

static int st_column_count(struct cm_stmt *st)
{
	return sqlite3_column_count(stmt_of(st));
}

static const char *st_column_name(struct cm_stmt *st, int i)
{
	return sqlite3_column_name(stmt_of(st), i);
}

static int st_column_type(struct cm_stmt *st, int i)
{
	switch (sqlite3_column_type(stmt_of(st), i)) {
	case SQLITE_INTEGER:
		return CM_DB_INTEGER;
	case SQLITE_FLOAT:
		return CM_DB_FLOAT;
	case SQLITE_BLOB:
		return CM_DB_BLOB;
	case SQLITE_NULL:
		return CM_DB_NULL;
	default:
		return CM_DB_TEXT;
	}
}

static int64_t st_column_int64(struct cm_stmt *st, int i)
{
	return sqlite3_column_int64(stmt_of(st), i);
}

static double st_column_double(struct cm_stmt *st, int i)
{
	return sqlite3_column_double(stmt_of(st), i);
}

static const char *st_column_text(struct cm_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(stmt_of(st), i);
}

static int st_column_bytes(struct cm_stmt *st, int i)
{
	return sqlite3_column_bytes(stmt_of(st), i);
}

static const struct cm_db_ops sqlite_ops = {
	.close = db_close,
	.errmsg = db_errmsg,
	.filename = db_filename,
	.exec = db_exec,
	.prepare = db_prepare,
	.changes = db_changes,
	.last_id = db_last_id,
	.begin = db_begin,
	.commit = db_commit,
	.rollback = db_rollback,
	.set_read_only = db_set_read_only,
	.before_write = db_before_write,
	.bulk_journal = db_bulk_journal,
	.table_count = db_table_count,
	.schema_version = db_schema_version,
	.set_schema_version = db_set_schema_version,
	.migrations = cm_migrations,
	.migration_count = &cm_migration_count,
	.bind_int64 = st_bind_int64,
	.bind_double = st_bind_double,
	.bind_null = st_bind_null,
	.bind_text = st_bind_text,
	.param_index = st_param_index,
	.step = st_step,
	.reset = st_reset,
	.clear_bindings = st_clear_bindings,
	.finalize = st_finalize,
	.column_count = st_column_count,
	.column_name = st_column_name,
	.column_type = st_column_type,
	.column_int64 = st_column_int64,
	.column_double = st_column_double,
	.column_text = st_column_text,
	.column_bytes = st_column_bytes,
};

/*
 * cm is single-threaded: SQLite's allocation statistics take a global mutex
 * on every malloc, which a batch import pays millions of times. This can
 * only be set before SQLite starts; later calls change nothing.
 */
static void configure_sqlite(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * cm's SQL functions, foreign keys, a busy timeout, and for a file WAL with synchronous=FULL: a
 * commit is on disk before cm says it is done, even across a power loss
 * (NORMAL may drop the last commits; README has the measured cost).
 * secure_delete overwrites what pseudonymisation removes instead of leaving
 * it in free space, whatever SQLite's build default; cell_size_check finds
 * damaged pages before writing into them (a reader's from its first write).
 */
/* cm_local_date(t): the local date (TZ) of a stored time, as cm_time_local_date gives it. */
static void local_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);
	char out[CM_DATE_LEN];

	(void)argc;
	if (!t) {
		sqlite3_result_null(ctx);
		return;
	}
	cm_time_local_date((const char *)t, out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static int configure(struct sqlite_db *d, int flags)
{
	int rc;

	cm_db_sqlite_wait_init(&d->wait, d->conn);
	rc = sqlite3_create_function(d->conn, "cm_local_date", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				     NULL, local_date, NULL, NULL);
	if (rc != SQLITE_OK)
		return result(&d->base, rc);
	rc = cm_db_sqlite_add_functions(d->conn);
	if (rc == SQLITE_OK)
		rc = cm_db_sqlite_add_server_functions(d->conn);
	rc = result(&d->base, rc);
	d->unchecked = (flags & (CM_DB_OPEN_READER | CM_DB_OPEN_READONLY)) != 0;
	if (rc == 0)
		rc = db_exec(&d->base, d->unchecked
				       ? "PRAGMA foreign_keys=ON; PRAGMA cell_size_check=OFF"
				       : "PRAGMA foreign_keys=ON; PRAGMA cell_size_check=ON");
	if (rc == 0 && !(flags & (CM_DB_OPEN_MEMORY | CM_DB_OPEN_READONLY)))
		rc = result(&d->base, cm_db_sqlite_use_wal(&d->wait));
	if (rc == 0 && !(flags & (CM_DB_OPEN_MEMORY | CM_DB_OPEN_READONLY)))
		rc = db_exec(&d->base, "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON");
	/* A read-only open refuses writes to the file; TEMP tables stay possible. */
	return rc;
}

/* path as a file: URI, with the characters a URI gives a meaning escaped. */
static char *immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *uri = malloc(strlen(path) * 3 + sizeof "file:?immutable=1"), *p;

	if (!uri)
		return NULL;
	p = uri + sprintf(uri, "file:");
	for (; *path; path++) {
		unsigned char c = (unsigned char)*path;

		if (c == '%' || c == '?' || c == '#' || c <= ' ' || c >= 0x7f) {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		} else {
			*p++ = (char)c;
		}
	}
	strcpy(p, "?immutable=1");
	return uri;
}

/* A write-ahead log with frames in it: the main file alone is not the database. */
static int has_pending_log(const char *path)
{
	char wal[4096];
	struct stat sb;

	snprintf(wal, sizeof wal, "%s-wal", path);
	return stat(wal, &sb) == 0 && sb.st_size > 0;
}

/*
 * A WAL database in a directory the reader cannot write (a read-only mount,
 * a colleague's directory): SQLite cannot make the -shm it needs. With no
 * log pending and so no writer at work, the file is all there is and can
 * be read as immutable.
 */
static int open_read_only(struct sqlite_db *d, const char *path)
{
	sqlite3_stmt *st;
	char *uri;
	int rc;

	rc = sqlite3_prepare_v2(d->conn, "SELECT count(*) FROM sqlite_master", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW)
			return SQLITE_OK;
	}
	rc = sqlite3_errcode(d->conn);
	if ((rc != SQLITE_READONLY && rc != SQLITE_CANTOPEN) || has_pending_log(path))
		return SQLITE_OK;  /* the first real statement reports it */
	uri = immutable_uri(path);
	if (!uri)
		return SQLITE_NOMEM;
	sqlite3_close(d->conn);
	d->conn = NULL;
	rc = sqlite3_open_v2(uri, &d->conn, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
			     SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	return rc;
}

int cm_db_sqlite_open(struct cm_db **out, const char *path, int flags, struct cm_error *err)
{
	const char *name = flags & CM_DB_OPEN_MEMORY ? ":memory:" : path;
	struct sqlite_db *d;
	int rc;

	*out = NULL;
	configure_sqlite();
	d = calloc(1, sizeof *d);
	if (!d || !(d->base.display = strdup(name))) {
		free(d);
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	d->base.ops = &sqlite_ops;
	d->base.engine = CM_DB_SQLITE;
	/* A file is never created here: only cm init makes one, before this. */
	rc = sqlite3_open_v2(name, &d->conn,
			     (flags & CM_DB_OPEN_READONLY ? SQLITE_OPEN_READONLY
							  : SQLITE_OPEN_READWRITE) |
				     SQLITE_OPEN_NOMUTEX |
				     (flags & CM_DB_OPEN_MEMORY ? SQLITE_OPEN_CREATE : 0),
			     NULL);
	if (rc == SQLITE_OK && (flags & CM_DB_OPEN_READONLY))
		rc = open_read_only(d, name);
	if (rc != SQLITE_OK) {
		rc = cm_error_set(err, CM_EIO, "cannot open database '%s': %s", name,
				  d->conn ? sqlite3_errmsg(d->conn) : "out of memory");
		db_close(&d->base);
		return rc;
	}
	rc = configure(d, flags);
	if (rc == CM_EBUSY) {
		/* A writer holds the file while this one sets up: the same busy as any. */
		rc = cm_error_set(err, CM_EBUSY, "database '%s' is busy; try again later", name);
		db_close(&d->base);
		return rc;
	}
	if (rc < 0) {
		rc = cm_error_set(err, rc, "cannot set up database '%s': %s", name,
				  sqlite3_errmsg(d->conn));
		db_close(&d->base);
		return rc;
	}
	*out = &d->base;
	return 0;
}

char *cm_db_mprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	return s;
}

void cm_db_free(void *p)
{
	sqlite3_free(p);
}
