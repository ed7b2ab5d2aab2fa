/*
 * Looking after the database file: SQLite's integrity check, an online
 * copy, and the file modes that are the access boundary on SQLite.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cm/store.h"
#include "sql.h"

int cm_store_is_file(struct cm_store *s)
{
	return cm_db_engine(cm_store_db(s)) == CM_DB_SQLITE && cm_db_filename(cm_store_db(s));
}

static int sqlite_only(struct cm_store *s, const char *what, const char *instead,
		       struct cm_error *err)
{
	if (cm_store_is_file(s))
		return 0;
	return cm_error_set(err, CM_EFAIL, "%s is for a SQLite file; %s", what, instead);
}

/* SQLite's report on one line: its heading dropped, its lines joined. */
static int damaged(struct cm_store *s, const char *report, struct cm_error *err)
{
	static const char heading[] = "*** in database main ***\n";
	char line[CM_ERROR_MAX], *p;

	if (!report)
		report = "?";
	if (strncmp(report, heading, sizeof heading - 1) == 0)
		report += sizeof heading - 1;
	snprintf(line, sizeof line, "%s", report);
	for (p = line; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return cm_error_set(err, CM_EFAIL, "database '%s' is damaged: %s",
			    cm_db_filename(cm_store_db(s)), line);
}

int cm_store_integrity(struct cm_store *s, struct cm_error *err)
{
	struct cm_stmt *st;
	const char *first;
	int rc;

	rc = sqlite_only(s, "the integrity check", "the server checks its own pages", err);
	if (rc < 0)
		return rc;
	rc = cm_sql_prepare(s, "PRAGMA integrity_check(1)", &st, err);
	if (rc < 0)
		return rc;
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		first = cm_stmt_column_text(st, 0);
		rc = first && strcmp(first, "ok") == 0 ? 0 : damaged(s, first, err);
	} else {
		rc = cm_error_set(err, CM_EFAIL, "database '%s' is damaged: %s",
				  cm_db_filename(cm_store_db(s)), cm_db_errmsg(cm_store_db(s)));
	}
	cm_stmt_finalize(st);
	return rc;
}

/* Owner only, or owner and one group: never the world. */
static int private_mode(const char *path, int *seen, char *mode_out, struct cm_error *err)
{
	struct stat sb;

	if (stat(path, &sb) < 0) {
		if (errno == ENOENT && *seen)
			return 0;  /* no -wal or -shm right now */
		return cm_error_set(err, CM_EIO, "cannot read the mode of '%s': %s", path,
				    strerror(errno));
	}
	if (!*seen)
		snprintf(mode_out, 8, "%04o", (unsigned)(sb.st_mode & 07777));
	*seen = 1;
	if (sb.st_mode & S_IRWXO)
		return cm_error_set(err, CM_EFAIL, "'%s' has mode %04o: others can reach it; it "
				    "should be 0600, or 0660 for a team's group", path,
				    (unsigned)(sb.st_mode & 07777));
	return 0;
}

int cm_store_check_modes(struct cm_store *s, char mode[8], struct cm_error *err)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	const char *path;
	char buf[4096];
	int rc = 0, seen = 0;
	size_t i;

	rc = sqlite_only(s, "the file mode check", "the server's grants are the boundary", err);
	path = cm_db_filename(cm_store_db(s));
	for (i = 0; rc == 0 && i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, suffixes[i]);
		rc = private_mode(buf, &seen, mode, err);
	}
	return rc;
}

/* The directory part of path, for a temporary file beside it. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static int sync_path(const char *path, int flags)
{
	int fd = open(path, flags), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* FILE may be replaced, but only a regular file that is not the database itself. */
static int check_target(struct cm_store *s, const char *to, struct cm_error *err)
{
	struct stat db, sb;

	if (lstat(to, &sb) < 0)
		return errno == ENOENT ? 0
			: cm_error_set(err, CM_EIO, "cannot write '%s': %s", to, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return cm_error_set(err, CM_EFAIL, "'%s' is not a regular file; not replacing it",
				    to);
	if (stat(cm_db_filename(cm_store_db(s)), &db) == 0 && db.st_dev == sb.st_dev &&
	    db.st_ino == sb.st_ino)
		return cm_error_set(err, CM_EFAIL, "'%s' is the database itself", to);
	return 0;
}

static int query_only(struct cm_store *s)
{
	struct cm_stmt *st;
	int on = 0;

	if (cm_db_prepare(cm_store_db(s), "PRAGMA query_only", &st) < 0)
		return 0;
	if (cm_stmt_step(st) == CM_DB_ROW)
		on = cm_stmt_column_int(st, 0);
	cm_stmt_finalize(st);
	return on;
}

/* VACUUM INTO only reads the database, but query_only refuses it all the same. */
static int vacuum_into(struct cm_store *s, const char *sql)
{
	int was = query_only(s), rc;

	if (was)
		cm_db_exec(cm_store_db(s), "PRAGMA query_only=0");
	rc = cm_db_exec(cm_store_db(s), sql);
	if (was)
		cm_db_exec(cm_store_db(s), "PRAGMA query_only=1");
	return rc;
}

/*
 * VACUUM INTO writes a consistent snapshot (one read transaction, so writers
 * carry on) with no free pages, so nothing pseudonymised lingers in the
 * copy. It goes to a private temporary file renamed over FILE at the end:
 * an interrupted backup never leaves a half-written FILE.
 */
int cm_store_backup(struct cm_store *s, const char *to, struct cm_error *err)
{
	char *dir = NULL, *tmp = NULL, *sql = NULL;
	int fd, rc;

	rc = sqlite_only(s, "cm db backup", "use pg_dump", err);
	if (rc == 0)
		rc = check_target(s, to, err);
	if (rc < 0)
		return rc;
	dir = dir_of(to);
	if (!dir || asprintf(&tmp, "%s/.cm-backup-XXXXXX", dir) < 0) {
		free(dir);
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = cm_error_set(err, CM_EIO, "cannot create a file in '%s': %s", dir,
				  strerror(errno));
		goto done;
	}
	fchmod(fd, 0600);
	close(fd);
	sql = cm_db_mprintf("VACUUM INTO %Q", tmp);
	rc = sql ? vacuum_into(s, sql) : CM_ENOMEM;
	if (rc < 0)
		rc = cm_error_set(err, rc == CM_ENOMEM ? CM_ENOMEM : CM_EIO,
				  "cannot write backup '%s': %s", to, cm_db_errmsg(cm_store_db(s)));
	else if (sync_path(tmp, O_RDONLY) < 0 || rename(tmp, to) < 0)
		rc = cm_error_set(err, CM_EIO, "cannot write backup '%s': %s", to, strerror(errno));
	else
		sync_path(dir, O_RDONLY | O_DIRECTORY);
	if (rc < 0)
		unlink(tmp);
done:
	cm_db_free(sql);
	free(tmp);
	free(dir);
	return rc;
}
