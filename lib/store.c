/* Opening the database, migrations, transactions. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "access_impl.h"
#include "cm/store.h"
#include "schema.h"
#include "sql.h"
#include "store_file.h"
#include "store_impl.h"

int cm_store_schema_version(void)
{
	return cm_migration_count;
}

int cm_store_file_version(struct cm_store *s)
{
	return cm_db_schema_version(s->db);
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

/*
 * cm init builds the database under a hidden temporary name beside path,
 * mode 0600 whatever the umask, and cm_store_publish renames it at the end:
 * an init that fails or is interrupted never leaves a file at path.
 */
static int create_temp(const char *path, char **tmp, struct cm_error *err)
{
	const char *slash = strrchr(path, '/');
	struct stat sb;
	int fd;

	*tmp = NULL;
	if (make_parent(path, err) < 0)
		return err ? err->status : CM_EIO;
	if (lstat(path, &sb) == 0)
		return cm_error_set(err, CM_ECONFLICT,
				    "database '%s' already exists; not overwriting it", path);
	if (asprintf(tmp, "%.*s.%s.init-XXXXXX", slash ? (int)(slash - path + 1) : 0, path,
		     slash ? slash + 1 : path) < 0) {
		*tmp = NULL;
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	fd = mkstemp(*tmp);
	if (fd < 0 || fchmod(fd, 0600) < 0) {
		cm_error_set(err, CM_EIO, "cannot create '%s': %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
		return CM_EIO;
	}
	close(fd);
	return 0;
}

static void remove_files(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char buf[4096];
	size_t i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, suffixes[i]);
		unlink(buf);
	}
}

static int sync_file(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Durable under its temporary name, then renamed, never over an existing file. */
static int rename_new(const char *tmp, const char *path, struct cm_error *err)
{
	char wal[4096], *dir;
	struct stat sb;

	snprintf(wal, sizeof wal, "%s-wal", tmp);
	if (stat(wal, &sb) == 0 && sb.st_size > 0)
		return cm_error_set(err, CM_EIO, "cannot create '%s': its log was not written "
				    "back", path);
	if (sync_file(tmp, O_RDONLY) < 0)
		return cm_error_set(err, CM_EIO, "cannot create '%s': %s", path, strerror(errno));
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) < 0) {
		if (errno == EEXIST)
			return cm_error_set(err, CM_ECONFLICT,
					    "database '%s' already exists; not overwriting it", path);
		return cm_error_set(err, CM_EIO, "cannot create '%s': %s", path, strerror(errno));
	}
	dir = strdup(path);
	if (dir && strrchr(dir, '/')) {
		*strrchr(dir, '/') = '\0';
		sync_file(*dir ? dir : "/", O_RDONLY | O_DIRECTORY);
	}
	free(dir);
	return 0;
}

int cm_store_publish(struct cm_store *s, struct cm_error *err)
{
	char *tmp = s->create_tmp, *path = strdup(s->path);
	int rc;

	if (!tmp) {
		free(path);
		rc = cm_store_finish(s, 1, err);
		cm_store_close(s);
		return rc;
	}
	/* Everything into the main file, so the rename carries it all. */
	rc = cm_sql_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)", err);
	s->create_tmp = NULL;
	cm_store_close(s);
	if (rc == 0)
		rc = path ? rename_new(tmp, path, err) : cm_error_set(err, CM_ENOMEM, "out of memory");
	remove_files(tmp);
	free(tmp);
	free(path);
	return rc;
}

static int migrate(struct cm_store *s, struct cm_error *err)
{
	int count, v, rc;
	const char *const *migrations = cm_db_migrations(s->db, &count);

	/* Up to date: no write lock, so readers never wait on each other. */
	if (cm_store_file_version(s) == count)
		return 0;
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	v = cm_store_file_version(s);
	if (v > count) {
		cm_store_rollback(s);
		return cm_error_set(err, CM_EVERSION,
				    "database '%s' has schema version %d, newer than this cm "
				    "understands (%d); upgrade cm",
				    s->path, v, count);
	}
	for (; v >= 0 && v < count; v++) {
		/* An engine may have nothing to do at a step (a server sends no empty statement). */
		rc = *migrations[v] ? cm_sql_exec(s, migrations[v], err) : 0;
		if (rc < 0)
			break;
		rc = cm_db_set_schema_version(s->db, v + 1);
		if (rc < 0) {
			rc = cm_sql_fail(s, rc, err, "record the schema version");
			break;
		}
	}
	if (rc < 0 || v < 0) {
		cm_store_rollback(s);
		return rc < 0 ? rc : cm_error_set(err, CM_EDB, "cannot read the schema version");
	}
	return cm_store_commit(s, err);
}

static struct cm_store *store_new(const char *path)
{
	struct cm_store *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->path = strdup(path);
	if (!s->path) {
		free(s);
		return NULL;
	}
	return s;
}

/*
 * A server database is not a file: cm init installs into an existing, empty
 * database (or schema), and any other command needs one cm installed.
 */
static int check_server(struct cm_store *s, enum cm_open_mode mode, struct cm_error *err)
{
	int tables = cm_db_table_count(s->db), version;

	if (tables < 0)
		return cm_sql_fail(s, tables, err, "list tables");
	if (mode == CM_OPEN_CREATE && tables > 0)
		return cm_error_set(err, CM_ECONFLICT,
				    "database '%s' already holds tables; cm init needs an empty "
				    "database or schema", s->path);
	if (mode == CM_OPEN_CREATE)
		return 0;
	/* A version table locked by another session is busy, not missing. */
	version = cm_store_file_version(s);
	if (version < 0 && cm_db_errcode(s->db) < 0)
		return cm_sql_fail(s, cm_db_errcode(s->db), err, "read the schema version");
	if (version <= 0)
		return cm_error_set(err, CM_ENODB,
				    "no database at '%s'; create one with 'cm init'", s->path);
	return 0;
}

int cm_store_open(struct cm_store **out, const char *path, enum cm_open_mode mode,
		  struct cm_error *err)
{
	int server = cm_db_target_is_uri(path);
	struct cm_store *s;
	struct cm_db *s_db;
	char *tmp = NULL;
	int rc;

	*out = NULL;
	if (server) {
		/* checked once connected */
	} else if (mode == CM_OPEN_CREATE) {
		rc = create_temp(path, &tmp, err);
		if (rc < 0)
			return rc;
	} else if ((rc = cm_store_check_path(path, mode, err)) < 0) {
		return rc;
	}
	/* A reader that cannot write the file or its directory opens it read-only. */
	rc = cm_db_open(&s_db, tmp ? tmp : path,
			!cm_store_reader(mode) ? 0
			: !server && !cm_store_writable(path) ? CM_DB_OPEN_READONLY
			: CM_DB_OPEN_READER, err);
	if (rc < 0) {
		if (tmp)
			remove_files(tmp);
		free(tmp);
		return rc;
	}
	s = store_new(tmp ? path : cm_db_display(s_db));
	if (!s) {
		cm_db_close(s_db);
		if (tmp)
			remove_files(tmp);
		free(tmp);
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	s->db = s_db;
	s->create_tmp = tmp;
	rc = server ? check_server(s, mode, err) : 0;
	/*
	 * A server database is created in one transaction, schema and first
	 * rows alike, which cm_store_publish commits: a failed cm init leaves
	 * the database as empty as it found it, as it leaves no file.
	 */
	if (rc == 0 && server && mode == CM_OPEN_CREATE)
		cm_store_hold(s);
	if (rc == 0 && mode != CM_OPEN_CREATE)
		rc = cm_store_check_schema(s, s->path, mode, err);
	/* Only a command that writes migrates: a reader never changes the file. */
	if (rc == 0 && !cm_store_reader(mode))
		rc = migrate(s, err);
	if (rc == 0)
		rc = cm_access_attach(s, err);
	if (rc == 0 && mode == CM_OPEN_READ && (rc = cm_db_set_read_only(s->db)) < 0)
		rc = cm_sql_fail(s, rc, err, "open read-only");
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
	rc = cm_db_open(&s->db, ":memory:", CM_DB_OPEN_MEMORY, err);
	if (rc == 0)
		rc = migrate(s, err);
	if (rc == 0)
		rc = cm_access_attach(s, err);
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
	cm_stmt_finalize(s->audit_insert);
	cm_access_free(s->access);
	cm_db_close(s->db);
	/* A database cm init did not publish: it never reaches its path. */
	if (s->create_tmp) {
		remove_files(s->create_tmp);
		free(s->create_tmp);
	}
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
	int rc = cm_db_exec(s->db, sql);

	return rc == CM_OK ? 0 : cm_sql_fail(s, rc, err, what);
}

/* Through the driver, which knows what ending a write means on its engine. */
static int tx_commit(struct cm_store *s, struct cm_error *err)
{
	int rc = cm_db_commit(s->db);

	return rc == CM_OK ? 0 : cm_sql_fail(s, rc, err, "commit");
}

static void tx_reset(struct cm_store *s)
{
	s->in_tx = 0;
	s->tx_depth = 0;
	s->bare = 0;
	s->have_last_hash = 0;
	s->have_tx_at = 0;
}

static int tx_open(struct cm_store *s, struct cm_error *err)
{
	int rc = cm_db_begin(s->db, 1);

	if (rc < 0)
		return cm_sql_fail(s, rc, err, "begin");
	s->in_tx = 1;
	s->have_last_hash = 0;
	s->have_tx_at = 0;
	return 0;
}

/*
 * The begin that opens the transaction needs no savepoint, even while the
 * command holds it: nothing came before it to keep, so undoing it is
 * rolling the transaction back. A savepoint there would cost more than it
 * saves: SQLite copies every page changed under it into its journal, and
 * truncates that journal by walking it at the end of each statement (an
 * import updating 10,000 of 1,000,000 people spent half its time there).
 */
int cm_store_begin(struct cm_store *s, struct cm_error *err)
{
	int rc;

	if (!s->in_tx) {
		rc = tx_open(s, err);
		if (rc < 0)
			return rc;
		s->tx_depth = 1;
		s->bare = s->hold;
		return 0;
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

	if (s->bare && s->tx_depth == 1) {
		/* Held: cm_store_finish commits it. */
		s->bare = 0;
		s->tx_depth = 0;
		return 0;
	}
	if (s->tx_depth > 1 || (s->hold && s->tx_depth == 1)) {
		rc = tx_exec(s, "RELEASE cm_nested", err, "commit");
		if (rc < 0) {
			cm_store_rollback(s);
			return rc;
		}
		s->tx_depth--;
		return 0;
	}
	rc = tx_commit(s, err);
	if (rc < 0) {
		cm_store_rollback(s);
		return rc;
	}
	tx_reset(s);
	return 0;
}

void cm_store_rollback(struct cm_store *s)
{
	if (s->tx_depth > 1 || (s->hold && s->tx_depth == 1 && !s->bare)) {
		cm_db_exec(s->db, "ROLLBACK TO cm_nested");
		cm_db_exec(s->db, "RELEASE cm_nested");
		s->tx_depth--;
		/* The chain head may have been one of the records undone. */
		s->have_last_hash = 0;
		return;
	}
	cm_db_rollback(s->db);
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
		rc = tx_commit(s, err);
	if (!keep || rc < 0)
		cm_db_rollback(s->db);
	tx_reset(s);
	return rc;
}

int cm_store_meta_get(struct cm_store *s, const char *key, char **out, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*out = NULL;
	rc = cm_sql_prepare(s, "SELECT value FROM meta WHERE key = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, key, -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		*out = cm_sql_column_dup(st, 0);
		rc = *out ? 0 : cm_error_set(err, CM_ENOMEM, "out of memory");
	} else if (rc == CM_DB_DONE) {
		rc = cm_error_set(err, CM_ENOTFOUND, "no setting '%s'", key);
	} else {
		rc = cm_sql_fail(s, rc, err, "read setting");
	}
	cm_stmt_finalize(st);
	return rc;
}

int cm_store_meta_set(struct cm_store *s, const char *key, const char *value,
		      struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO meta(key, value) VALUES (?, ?) "
			       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, key, -1);
	cm_stmt_bind_text(st, 2, value, -1);
	rc = cm_sql_step_done(s, st, err, "write setting");
	cm_stmt_finalize(st);
	return rc;
}

long long cm_store_count(struct cm_store *s, const char *table)
{
	char *sql = cm_db_mprintf("SELECT count(*) FROM \"%w\"", table);
	struct cm_stmt *st;
	long long n = -1;

	if (!sql)
		return -1;
	if (cm_db_prepare(s->db, sql, &st) == CM_OK) {
		if (cm_stmt_step(st) == CM_DB_ROW)
			n = cm_stmt_column_int64(st, 0);
		cm_stmt_finalize(st);
	}
	cm_db_free(sql);
	return n;
}
