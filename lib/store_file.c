/*
 * What a database path must be before cm opens it, and what the file must
 * hold once open: a regular SQLite file with cm's schema, at a version this
 * cm can read without changing it. Nothing here writes.
 */
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
#include "store_file.h"

static const char sqlite_magic[16] = "SQLite format 3";

/* The directory holding path, where SQLite writes its -wal and -shm. */
static int dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ok;

	if (!slash)
		return access(".", W_OK) == 0;
	if (slash == path)
		return access("/", W_OK) == 0;
	dir = strndup(path, (size_t)(slash - path));
	if (!dir)
		return 0;
	ok = access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

int cm_store_reader(enum cm_open_mode mode)
{
	return mode == CM_OPEN_READ || mode == CM_OPEN_READ_SETUP;
}

int cm_store_writable(const char *path)
{
	return access(path, W_OK) == 0 && dir_writable(path);
}

static int not_cm(const char *path, const char *why, struct cm_error *err)
{
	return cm_error_set(err, CM_EFAIL, "'%s' is not a cm database: %s", path, why);
}

int cm_store_check_path(const char *path, enum cm_open_mode mode, struct cm_error *err)
{
	char head[16];
	struct stat sb;
	ssize_t n;
	int fd;

	if (stat(path, &sb) < 0) {
		if (errno == ENOENT)
			return cm_error_set(err, CM_ENODB,
					    "no database at '%s'; create one with 'cm init'", path);
		return cm_error_set(err, CM_EIO, "cannot open database '%s': %s", path,
				    strerror(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return not_cm(path, "it is a directory", err);
	/* A FIFO or a device would block or feed SQLite garbage. */
	if (!S_ISREG(sb.st_mode))
		return not_cm(path, "it is not a regular file", err);
	if (sb.st_size == 0)
		return not_cm(path, "the file is empty; only 'cm init' creates a database", err);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cm_error_set(err, CM_EIO, "cannot open database '%s': %s", path,
				    strerror(errno));
	n = read(fd, head, sizeof head);
	close(fd);
	if (n != (ssize_t)sizeof head || memcmp(head, sqlite_magic, sizeof head) != 0)
		return not_cm(path, "it is not a SQLite file", err);
	if (mode == CM_OPEN_WRITE && access(path, W_OK) < 0)
		return cm_error_set(err, CM_EFAIL, "cannot change database '%s': %s", path,
				    strerror(errno));
	if (mode == CM_OPEN_WRITE && !dir_writable(path))
		return cm_error_set(err, CM_EFAIL, "cannot change database '%s': its directory "
				    "is not writable (%s)", path, strerror(errno));
	return 0;
}

/* Both tables every cm schema since the first has. */
static int has_cm_tables(struct cm_store *s)
{
	static const char *const probes[] = {
		"SELECT 1 FROM meta LIMIT 1", "SELECT 1 FROM audit LIMIT 1",
	};
	struct cm_stmt *st;
	size_t i;

	for (i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		if (cm_db_prepare(cm_store_db(s), probes[i], &st) < 0)
			return 0;
		cm_stmt_finalize(st);
	}
	return 1;
}

int cm_store_check_schema(struct cm_store *s, const char *path, enum cm_open_mode mode,
			  struct cm_error *err)
{
	int v = cm_store_file_version(s);

	if (v < 0)
		return cm_error_set(err, CM_EFAIL, "database '%s' is damaged: %s; restore it "
				    "from a backup (see cm-db(1))", path,
				    cm_db_errmsg(cm_store_db(s)));
	if (v == 0 || !has_cm_tables(s))
		return not_cm(path, "it has no cm schema", err);
	if (v > cm_migration_count)
		return cm_error_set(err, CM_EVERSION,
				    "database '%s' has schema version %d, newer than this cm "
				    "understands (%d); upgrade cm", path, v, cm_migration_count);
	if (cm_store_reader(mode) && v < cm_migration_count)
		return cm_error_set(err, CM_EVERSION,
				    "database '%s' has schema version %d and this cm needs %d; "
				    "run 'cm db migrate' or any command that changes it", path, v,
				    cm_migration_count);
	return 0;
}
