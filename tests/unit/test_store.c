/*
 * The store: creation, modes, migrations, refusals, settings.
 *
 * SQLite only, and not in scripts/lib/pg-tests: almost every case here is
 * about the database file (its mode, publishing it by rename, refusing
 * files that are not cm's, PRAGMAs, WAL), which a server database has no
 * counterpart of. What a server does on opening is covered by the
 * command-line tests on PostgreSQL (init.sh, engine.sh, db.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "lib/db/db.h"

#include "cm/store.h"
#include "lib/schema.h"
#include "lib/sql.h"

static char dir[] = "/tmp/cm-test-store-XXXXXX";
static char path[256];

static void make_dir(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/sub/dir/cm.db", dir);
}

static void remove_dir(void)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	strcpy(dir, "/tmp/cm-test-store-XXXXXX");
}

TestSuite(store, .init = make_dir, .fini = remove_dir);

Test(store, create_makes_a_private_file_with_parents)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	struct stat sb;

	umask(022);
	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), 0, "%s", err.msg);
	cr_expect_eq(cm_store_file_version(s), cm_store_schema_version());
	cr_expect_eq(access(path, F_OK), -1, "the file appears only when published");
	cr_assert_eq(cm_store_publish(s, &err), 0, "%s", err.msg);
	cr_assert_eq(stat(path, &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0600);
}

static int files_in(const char *d)
{
	char cmd[512];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", d);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	cr_assert_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

Test(store, an_unpublished_database_leaves_nothing)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	char sub[300];

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(cm_store_meta_set(s, "k", "v", &err), 0);
	cm_store_close(s);
	snprintf(sub, sizeof sub, "%s/sub/dir", dir);
	cr_expect_eq(files_in(sub), 0, "no database and no temporary file left");
}

Test(store, publish_never_replaces_a_file_that_appeared)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	struct stat sb;
	int fd;

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), 0, "%s", err.msg);
	fd = creat(path, 0600);
	cr_assert_geq(fd, 0);
	close(fd);
	cr_expect_eq(cm_store_publish(s, &err), CM_ECONFLICT);
	cr_assert_eq(stat(path, &sb), 0);
	cr_expect_eq(sb.st_size, 0, "the other file is untouched");
}

static void expect_refused(const char *p, int status, const char *why)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	char want[512];

	snprintf(want, sizeof want, "'%s' is not a cm database: %s", p, why);
	cr_expect_eq(cm_store_open(&s, p, CM_OPEN_WRITE, &err), status, "%s", p);
	cr_expect_str_eq(err.msg, want);
	cr_expect_eq(cm_store_open(&s, p, CM_OPEN_READ, &err), status, "%s", p);
	cr_expect_str_eq(err.msg, want);
}

Test(store, only_cm_files_are_opened)
{
	struct cm_db *db;
	struct stat sb;
	char p[300];
	int fd;

	snprintf(p, sizeof p, "%s/empty.db", dir);
	fd = creat(p, 0600);
	close(fd);
	expect_refused(p, CM_EFAIL, "the file is empty; only 'cm init' creates a database");
	cr_assert_eq(stat(p, &sb), 0);
	cr_expect_eq(sb.st_size, 0, "no schema was written into it");

	snprintf(p, sizeof p, "%s/other.db", dir);
	fd = creat(p, 0600);
	close(fd);
	cr_assert_eq(cm_db_open(&db, p, 0, NULL), 0);
	cr_assert_eq(cm_db_exec(db, "CREATE TABLE t (x)"), CM_OK);
	cr_assert_eq(cm_db_set_schema_version(db, 3), 0);
	cm_db_close(db);
	expect_refused(p, CM_EFAIL, "it has no cm schema");

	snprintf(p, sizeof p, "%s/text.db", dir);
	fd = creat(p, 0600);
	cr_assert_eq(write(fd, "just some text, longer than a header", 36), 36);
	close(fd);
	expect_refused(p, CM_EFAIL, "it is not a SQLite file");

	expect_refused(dir, CM_EFAIL, "it is a directory");
	snprintf(p, sizeof p, "%s/fifo", dir);
	cr_assert_eq(mkfifo(p, 0600), 0);
	expect_refused(p, CM_EFAIL, "it is not a regular file");
}

Test(store, create_refuses_an_existing_file)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	char want[512];

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), 0);
	cr_assert_eq(cm_store_publish(s, &err), 0);
	cr_expect_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), CM_ECONFLICT);
	cr_expect_null(s);
	snprintf(want, sizeof want, "database '%s' already exists; not overwriting it", path);
	cr_expect_str_eq(err.msg, want);
}

Test(store, open_never_creates)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	char want[512];

	cr_expect_eq(cm_store_open(&s, path, CM_OPEN_WRITE, &err), CM_ENODB);
	snprintf(want, sizeof want, "no database at '%s'; create one with 'cm init'", path);
	cr_expect_str_eq(err.msg, want);
	cr_expect_eq(access(path, F_OK), -1);
	cr_expect_eq(cm_store_open(&s, path, CM_OPEN_READ, &err), CM_ENODB);
}

Test(store, refuses_a_newer_schema)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	struct cm_db *db;
	char want[512];

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), 0);
	cr_assert_eq(cm_store_publish(s, &err), 0);
	cr_assert_eq(cm_db_open(&db, path, 0, NULL), 0);
	cr_assert_eq(cm_db_set_schema_version(db, cm_store_schema_version() + 1), 0);
	cm_db_close(db);
	cr_expect_eq(cm_store_open(&s, path, CM_OPEN_WRITE, &err), CM_EVERSION);
	snprintf(want, sizeof want, "database '%s' has schema version %d, newer than this cm "
		 "understands (%d); upgrade cm", path, cm_store_schema_version() + 1,
		 cm_store_schema_version());
	cr_expect_str_eq(err.msg, want);
}

Test(store, migrates_an_older_schema)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	struct cm_db *db;
	char want[512], *v;
	int fd;

	/* A file left at schema version 1, with a row in it. */
	snprintf(path, sizeof path, "%s/old.db", dir);
	fd = creat(path, 0600);
	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(cm_db_open(&db, path, 0, NULL), 0);
	cr_assert_eq(cm_db_exec(db, cm_migrations[0]), CM_OK);
	cr_assert_eq(cm_db_exec(db, "INSERT INTO meta VALUES ('default_programme', 'x')"), CM_OK);
	cr_assert_eq(cm_db_set_schema_version(db, 1), 0);
	cm_db_close(db);

	/* A reader never migrates: it says what to run. */
	cr_expect_eq(cm_store_open(&s, path, CM_OPEN_READ, &err), CM_EVERSION);
	snprintf(want, sizeof want, "database '%s' has schema version 1 and this cm needs %d; "
		 "run 'cm db migrate' or any command that changes it", path, cm_migration_count);
	cr_expect_str_eq(err.msg, want);
	cr_assert_eq(cm_db_open(&db, path, 0, NULL), 0);
	cr_expect_eq(cm_db_schema_version(db), 1);
	cm_db_close(db);

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_WRITE, &err), 0, "%s", err.msg);
	cr_expect_eq(cm_store_file_version(s), cm_migration_count);
	cr_expect_eq(cm_store_meta_get(s, "default_programme", &v, &err), 0, "the row is kept");
	free(v);
	cr_expect_eq(cm_store_count(s, "contact"), 0, "later tables were not created");
	cm_store_close(s);
}

Test(store, read_mode_refuses_writes)
{
	struct cm_error err = { 0 };
	struct cm_store *s;

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), 0);
	cr_assert_eq(cm_store_publish(s, &err), 0);
	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_READ, &err), 0, "%s", err.msg);
	cr_expect_neq(cm_store_meta_set(s, "k", "v", &err), 0);
	cm_store_close(s);
}

Test(store, busy_database_gives_ebusy)
{
	struct cm_error err = { 0 };
	struct cm_store *a, *b;

	setenv("CM_BUSY_TIMEOUT", "50", 1);
	cr_assert_eq(cm_store_open(&a, path, CM_OPEN_CREATE, &err), 0);
	cr_assert_eq(cm_store_publish(a, &err), 0);
	cr_assert_eq(cm_store_open(&a, path, CM_OPEN_WRITE, &err), 0);
	cr_assert_eq(cm_store_open(&b, path, CM_OPEN_WRITE, &err), 0);
	cr_assert_eq(cm_store_begin(a, &err), 0);
	cr_expect_eq(cm_store_begin(b, &err), CM_EBUSY);
	cr_expect_str_eq(err.msg + strlen(err.msg) - strlen("is busy; try again later"),
			 "is busy; try again later");
	cm_store_rollback(a);
	cr_expect_eq(cm_store_begin(b, &err), 0);
	cm_store_rollback(b);
	cm_store_close(a);
	cm_store_close(b);
	unsetenv("CM_BUSY_TIMEOUT");
}

Test(store, meta_settings_round_trip)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	long long settings;
	char *v;

	cr_assert_eq(cm_store_open_memory(&s, &err), 0);
	/* The migrations' own settings (visibility...) are there from the start. */
	settings = cm_store_count(s, "meta");
	cr_expect_eq(cm_store_meta_get(s, "colour", &v, &err), CM_ENOTFOUND);
	cr_expect_str_eq(err.msg, "no setting 'colour'");
	cr_assert_eq(cm_store_meta_set(s, "colour", "blue", &err), 0);
	cr_assert_eq(cm_store_meta_set(s, "colour", "green", &err), 0);
	cr_assert_eq(cm_store_meta_get(s, "colour", &v, &err), 0);
	cr_expect_str_eq(v, "green");
	free(v);
	cr_expect_eq(cm_store_count(s, "meta"), settings + 1);
	cr_expect_eq(cm_store_count(s, "no such table"), -1);
	cm_store_close(s);
}

Test(store, foreign_keys_are_enforced)
{
	struct cm_error err = { 0 };
	struct cm_store *s;

	cr_assert_eq(cm_store_open_memory(&s, &err), 0);
	cr_expect_neq(cm_db_exec(cm_store_db(s),
				   "INSERT INTO cases(person_id, programme, worker, state, state_since,"
				   " opened_on) VALUES (42, 'nowhere', 'w', 'screening', '2026-01-01',"
				   " '2026-01-01')"), CM_OK);
	cr_expect_eq(cm_store_count(s, "cases"), 0);
	cm_store_close(s);
}

Test(store, rollback_discards_the_transaction)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	long long settings;

	cr_assert_eq(cm_store_open_memory(&s, &err), 0);
	settings = cm_store_count(s, "meta");
	cr_assert_eq(cm_store_begin(s, &err), 0);
	cr_assert_eq(cm_store_meta_set(s, "x", "y", &err), 0);
	cm_store_rollback(s);
	cr_expect_eq(cm_store_count(s, "meta"), settings);
	cm_store_close(s);
}

static long pragma(struct cm_store *s, const char *name)
{
	struct cm_stmt *st;
	char sql[64];
	long v = -1;

	snprintf(sql, sizeof sql, "PRAGMA %s", name);
	cr_assert_eq(cm_db_prepare(cm_store_db(s), sql, &st), 0);
	if (cm_stmt_step(st) == CM_DB_ROW)
		v = cm_stmt_column_type(st, 0) == CM_DB_TEXT ? (long)cm_stmt_column_text(st, 0)[0]
							      : (long)cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	return v;
}

/* Whatever SQLite's build defaults: durable commits and overwritten deletions. */
Test(store, writers_sync_fully_and_delete_securely)
{
	struct cm_error err = { 0 };
	struct cm_store *s;

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(cm_store_publish(s, &err), 0, "%s", err.msg);
	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_WRITE, &err), 0, "%s", err.msg);
	cr_expect_eq(pragma(s, "synchronous"), 2, "synchronous=FULL");
	cr_expect_eq(pragma(s, "secure_delete"), 1);
	cr_expect_eq(pragma(s, "journal_mode"), 'w', "WAL");
	cm_store_close(s);
}

/* A schema version means the same on both engines: their lists keep step. */
Test(store, engines_have_the_same_migrations)
{
	cr_expect_eq(cm_migration_count, cm_pg_migration_count,
		     "SQLite has %d migrations, PostgreSQL %d", cm_migration_count,
		     cm_pg_migration_count);
}
