/* Opening the database file, migrations, transactions. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cm/store.h"
#include "schema.h"
#include "sql.h"
#include "store_impl.h"

int cm_store_schema_version(void)
{
	return cm_migration_count;
}

int cm_store_file_version(struct cm_store *s)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int busy_timeout_ms(void)
{
	const char *env = getenv("CM_BUSY_TIMEOUT");
	char *end;
	long v;

	if (!env || !*env)
		return 5000;
	v = strtol(env, &end, 10);
	if (*end || v < 0 || v > 3600000)
		return 5000;
	return (int)v;
}

/* mkdir -p for the directory part of path, private to the user. */
static int make_parent(const char *path, struct cm_error *err)
{
	char *dir = strdup(path);
	char *p;

	if (!dir)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	p = strrchr(dir, '/');
	if (!p || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		goto fail;
	free(dir);
	return 0;
fail:
	cm_error_set(err, CM_EIO, "cannot create directory '%s': %s", dir, strerror(errno));
	free(dir);
	return CM_EIO;
}

/* Create the empty file with mode 0600 whatever the umask; never overwrite. */
static int create_file(const char *path, struct cm_error *err)
{
	int fd;

	if (make_parent(path, err) < 0)
		return err ? err->status : CM_EIO;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return cm_error_set(err, CM_ECONFLICT,
					    "database '%s' already exists; not overwriting it", path);
		return cm_error_set(err, CM_EIO, "cannot create '%s': %s", path, strerror(errno));
	}
	if (fchmod(fd, 0600) < 0) {
		close(fd);
		return cm_error_set(err, CM_EIO, "cannot set mode of '%s': %s", path,
				    strerror(errno));
	}
	close(fd);
	return 0;
}

static int configure(struct cm_store *s, int read_only, struct cm_error *err)
{
	int rc;

	sqlite3_busy_timeout(s->db, busy_timeout_ms());
	rc = cm_sql_exec(s, "PRAGMA foreign_keys=ON", err);
	if (rc == 0 && !read_only)
		rc = cm_sql_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", err);
	if (rc == 0 && read_only)
		rc = cm_sql_exec(s, "PRAGMA query_only=1", err);
	return rc;
}

static int migrate(struct cm_store *s, struct cm_error *err)
{
	int v, rc;
	char sql[64];

	/* Up to date: no write lock, so readers never wait on each other. */
	if (cm_store_file_version(s) == cm_migration_count)
		return 0;
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	v = cm_store_file_version(s);
	if (v > cm_migration_count) {
		cm_store_rollback(s);
		return cm_error_set(err, CM_EVERSION,
				    "database '%s' has schema version %d, newer than this cm "
				    "understands (%d); upgrade cm",
				    s->path, v, cm_migration_count);
	}
	for (; v >= 0 && v < cm_migration_count; v++) {
		rc = cm_sql_exec(s, cm_migrations[v], err);
		if (rc < 0)
			break;
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d", v + 1);
		rc = cm_sql_exec(s, sql, err);
		if (rc < 0)
			break;
	}
	if (rc < 0 || v < 0) {
		cm_store_rollback(s);
		return rc < 0 ? rc : cm_error_set(err, CM_EDB, "cannot read the schema version");
	}
	return cm_store_commit(s, err);
}

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

static struct cm_store *store_new(const char *path)
{
	struct cm_store *s;

	configure_sqlite();
	s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->path = strdup(path);
	if (!s->path) {
		free(s);
		return NULL;
	}
	return s;
}

int cm_store_open(struct cm_store **out, const char *path, enum cm_open_mode mode,
		  struct cm_error *err)
{
	struct cm_store *s;
	struct stat sb;
	int rc;

	*out = NULL;
	if (mode == CM_OPEN_CREATE) {
		rc = create_file(path, err);
		if (rc < 0)
			return rc;
	} else if (stat(path, &sb) < 0) {
		return cm_error_set(err, CM_ENODB,
				    "no database at '%s'; create one with 'cm init'", path);
	}
	s = store_new(path);
	if (!s)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	/* Never SQLITE_OPEN_CREATE: only cm init makes a file (done above). */
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = cm_error_set(err, CM_EIO, "cannot open database '%s': %s", path,
				  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		cm_store_close(s);
		return rc;
	}
	rc = configure(s, 0, err);
	if (rc == 0)
		rc = migrate(s, err);
	if (rc == 0 && mode == CM_OPEN_READ)
		rc = cm_sql_exec(s, "PRAGMA query_only=1", err);
	if (rc < 0) {
		cm_store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

int cm_store_open_memory(struct cm_store **out, struct cm_error *err)
{
	struct cm_store *s = store_new(":memory:");
	int rc;

	*out = NULL;
	if (!s)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	if (sqlite3_open(":memory:", &s->db) != SQLITE_OK) {
		cm_store_close(s);
		return cm_error_set(err, CM_EDB, "cannot open an in-memory database");
	}
	rc = configure(s, 0, err);
	if (rc == 0)
		rc = migrate(s, err);
	if (rc < 0) {
		cm_store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void cm_store_close(struct cm_store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->audit_insert);
	sqlite3_close(s->db);
	free(s->path);
	free(s->user);
	free(s->command);
	free(s);
}

int cm_store_set_actor(struct cm_store *s, const char *user, const char *command)
{
	char *u = strdup(user ? user : "unknown");
	char *c = strdup(command ? command : "");

	if (!u || !c) {
		free(u);
		free(c);
		return CM_ENOMEM;
	}
	free(s->user);
	free(s->command);
	s->user = u;
	s->command = c;
	return 0;
}

const char *cm_store_user(const struct cm_store *s)
{
	return s->user ? s->user : "unknown";
}

const char *cm_store_command(const struct cm_store *s)
{
	return s->command ? s->command : "";
}

/*
 * Transactions nest: the outermost begin is BEGIN IMMEDIATE, every inner one
 * a savepoint, so a library function that rolls back undoes only its own
 * part. While the command holds the transaction (cm_store_hold), even the
 * outermost library begin is a savepoint and only cm_store_finish commits:
 * one command, one transaction, committed after its output is written.
 */
static int tx_exec(struct cm_store *s, const char *sql, struct cm_error *err, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : cm_sql_fail(s, rc, err, what);
}

static void tx_reset(struct cm_store *s)
{
	s->in_tx = 0;
	s->tx_depth = 0;
	s->have_last_hash = 0;
	s->have_tx_at = 0;
}

static int tx_open(struct cm_store *s, struct cm_error *err)
{
	int rc = tx_exec(s, "BEGIN IMMEDIATE", err, "begin");

	if (rc < 0)
		return rc;
	s->in_tx = 1;
	s->have_last_hash = 0;
	s->have_tx_at = 0;
	return 0;
}

int cm_store_begin(struct cm_store *s, struct cm_error *err)
{
	int rc;

	if (!s->in_tx) {
		rc = tx_open(s, err);
		if (rc < 0)
			return rc;
		if (!s->hold) {
			s->tx_depth = 1;
			return 0;
		}
	}
	rc = tx_exec(s, "SAVEPOINT cm_nested", err, "begin");
	if (rc < 0)
		return rc;
	s->tx_depth++;
	return 0;
}

int cm_store_commit(struct cm_store *s, struct cm_error *err)
{
	int rc;

	if (s->tx_depth > 1 || (s->hold && s->tx_depth == 1)) {
		rc = tx_exec(s, "RELEASE cm_nested", err, "commit");
		if (rc < 0) {
			cm_store_rollback(s);
			return rc;
		}
		s->tx_depth--;
		return 0;
	}
	rc = tx_exec(s, "COMMIT", err, "commit");
	if (rc < 0) {
		cm_store_rollback(s);
		return rc;
	}
	tx_reset(s);
	return 0;
}

void cm_store_rollback(struct cm_store *s)
{
	if (s->tx_depth > 1 || (s->hold && s->tx_depth == 1)) {
		sqlite3_exec(s->db, "ROLLBACK TO cm_nested", NULL, NULL, NULL);
		sqlite3_exec(s->db, "RELEASE cm_nested", NULL, NULL, NULL);
		s->tx_depth--;
		/* The chain head may have been one of the records undone. */
		s->have_last_hash = 0;
		return;
	}
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	tx_reset(s);
}

void cm_store_hold(struct cm_store *s)
{
	s->hold = 1;
}

int cm_store_finish(struct cm_store *s, int keep, struct cm_error *err)
{
	int rc = 0;

	s->hold = 0;
	if (!s->in_tx)
		return 0;
	if (keep)
		rc = tx_exec(s, "COMMIT", err, "commit");
	if (!keep || rc < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	tx_reset(s);
	return rc;
}

int cm_store_meta_get(struct cm_store *s, const char *key, char **out, struct cm_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	rc = cm_sql_prepare(s, "SELECT value FROM meta WHERE key = ?", &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = cm_sql_column_dup(st, 0);
		rc = *out ? 0 : cm_error_set(err, CM_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		rc = cm_error_set(err, CM_ENOTFOUND, "no setting '%s'", key);
	} else {
		rc = cm_sql_fail(s, rc, err, "read setting");
	}
	sqlite3_finalize(st);
	return rc;
}

int cm_store_meta_set(struct cm_store *s, const char *key, const char *value,
		      struct cm_error *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO meta(key, value) VALUES (?, ?) "
			       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = cm_sql_step_done(s, st, err, "write setting");
	sqlite3_finalize(st);
	return rc;
}

long long cm_store_count(struct cm_store *s, const char *table)
{
	char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
	sqlite3_stmt *st;
	long long n = -1;

	if (!sql)
		return -1;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_free(sql);
	return n;
}
