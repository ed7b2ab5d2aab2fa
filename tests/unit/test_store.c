/* The store: creation, modes, migrations, refusals, settings. */
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
	cr_assert_eq(stat(path, &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0600);
	cr_expect_eq(cm_store_file_version(s), cm_store_schema_version());
	cm_store_close(s);
}

Test(store, create_refuses_an_existing_file)
{
	struct cm_error err = { 0 };
	struct cm_store *s;
	char want[512];

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), 0);
	cm_store_close(s);
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
	cm_store_close(s);
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

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_WRITE, &err), 0, "%s", err.msg);
	cr_expect_eq(cm_store_file_version(s), cm_migration_count);
	cr_expect_eq(cm_store_count(s, "meta"), 1);
	cr_expect_eq(cm_store_count(s, "contact"), 0, "later tables were not created");
	cm_store_close(s);
}

Test(store, read_mode_refuses_writes)
{
	struct cm_error err = { 0 };
	struct cm_store *s;

	cr_assert_eq(cm_store_open(&s, path, CM_OPEN_CREATE, &err), 0);
	cm_store_close(s);
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
	char *v;

	cr_assert_eq(cm_store_open_memory(&s, &err), 0);
	cr_expect_eq(cm_store_meta_get(s, "colour", &v, &err), CM_ENOTFOUND);
	cr_expect_str_eq(err.msg, "no setting 'colour'");
	cr_assert_eq(cm_store_meta_set(s, "colour", "blue", &err), 0);
	cr_assert_eq(cm_store_meta_set(s, "colour", "green", &err), 0);
	cr_assert_eq(cm_store_meta_get(s, "colour", &v, &err), 0);
	cr_expect_str_eq(v, "green");
	free(v);
	cr_expect_eq(cm_store_count(s, "meta"), 1);
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

	cr_assert_eq(cm_store_open_memory(&s, &err), 0);
	cr_assert_eq(cm_store_begin(s, &err), 0);
	cr_assert_eq(cm_store_meta_set(s, "x", "y", &err), 0);
	cm_store_rollback(s);
	cr_expect_eq(cm_store_count(s, "meta"), 0);
	cm_store_close(s);
}
