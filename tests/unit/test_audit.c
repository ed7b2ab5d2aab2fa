/* The audit chain: records, verification, and tampering of every kind. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "lib/db/db.h"

#include "cm/audit.h"
#include "cm/store.h"
#include "lib/sql.h"
#include "store_fixture.h"

static struct cm_store *s;

static void setup(void)
{
	setenv("CM_NOW", "2026-03-15T09:00:00Z", 1);
	s = fixture_open();
	cm_store_set_actor(s, "alice", "test");
}

static void teardown(void)
{
	fixture_close(s);
}

TestSuite(audit, .init = setup, .fini = teardown);

static void add(int n)
{
	struct cm_error err = { 0 };
	char summary[32];
	int i;

	cr_assert_eq(cm_store_begin(s, &err), 0);
	for (i = 0; i < n; i++) {
		snprintf(summary, sizeof summary, "change %d", i + 1);
		cr_assert_eq(cm_audit_add(s, "cases", i + 1, i + 1, summary, i ? "{\"a\":1}" : NULL,
					  "{\"a\":2}", &err), 0, "%s", err.msg);
	}
	cr_assert_eq(cm_store_commit(s, &err), 0);
}

static void sql(const char *q)
{
	struct cm_db *db = cm_store_db(s);

	/*
	 * The triggers guard against casual edits; tampering drops them first.
	 * PostgreSQL names a trigger with its table, SQLite has no such clause.
	 */
	if (cm_db_engine(db) == CM_DB_POSTGRESQL)
		cr_assert_eq(cm_db_exec(db, "DROP TRIGGER IF EXISTS audit_no_update ON audit;"
					"DROP TRIGGER IF EXISTS audit_no_delete ON audit;"), CM_OK,
			     "%s", cm_db_errmsg(db));
	else
		cr_assert_eq(cm_db_exec(db, "DROP TRIGGER IF EXISTS audit_no_update;"
					"DROP TRIGGER IF EXISTS audit_no_delete;"), CM_OK,
			     "%s", cm_db_errmsg(db));
	cr_assert_eq(cm_db_exec(db, q), CM_OK, "%s: %s", q, cm_db_errmsg(db));
}

static void expect_broken(long long at, const char *msg)
{
	struct cm_error err = { 0 };
	long long checked;
	int64_t bad;

	cr_expect_eq(cm_audit_verify(s, &bad, &checked, &err), CM_EFAIL);
	cr_expect_eq(bad, at);
	cr_expect_str_eq(err.msg, msg);
}

Test(audit, an_untouched_chain_verifies)
{
	struct cm_error err = { 0 };
	long long checked;
	int64_t bad;

	add(5);
	add(2); /* a second transaction continues the chain */
	cr_expect_eq(cm_audit_verify(s, &bad, &checked, &err), 0, "%s", err.msg);
	cr_expect_eq(checked, 7);
	cr_expect_eq(bad, 0);
}

Test(audit, an_empty_log_verifies)
{
	struct cm_error err = { 0 };
	long long checked;
	int64_t bad;

	cr_expect_eq(cm_audit_verify(s, &bad, &checked, &err), 0);
	cr_expect_eq(checked, 0);
}

Test(audit, records_are_append_only)
{
	add(2);
	cr_expect_neq(cm_db_exec(cm_store_db(s), "UPDATE audit SET actor = 'eve'"), CM_OK);
	cr_expect_neq(cm_db_exec(cm_store_db(s), "DELETE FROM audit"),
		      CM_OK);
	cr_expect_eq(cm_store_count(s, "audit"), 2);
}

Test(audit, an_edited_field_breaks_the_chain_at_that_record)
{
	add(5);
	sql("UPDATE audit SET after = '{\"a\":3}' WHERE id = 3");
	expect_broken(3, "audit chain broken at record 3: its before/after copy does not match its digest");
}

Test(audit, an_edited_digest_breaks_the_chain)
{
	add(3);
	sql("UPDATE audit SET after_sha = before_sha WHERE id = 2");
	expect_broken(2, "audit chain broken at record 2: its hash does not match its content");
}

Test(audit, blanking_the_copies_keeps_the_chain)
{
	struct cm_error err = { 0 };
	long long checked;
	int64_t bad;

	add(3);
	/* Pseudonymisation's one allowed update passes the guard... */
	cr_assert_eq(cm_db_exec(cm_store_db(s), "UPDATE audit SET before = NULL, after = NULL,"
				  " redacted_on = '2026-03-15' WHERE id = 2"),
		     CM_OK);
	cr_expect_eq(cm_audit_verify(s, &bad, &checked, &err), 0, "%s", err.msg);
	cr_expect_eq(checked, 3);
	/* A blanked summary is allowed too, and still verifies. */
	cr_assert_eq(cm_db_exec(cm_store_db(s), "UPDATE audit SET summary = '[removed]',"
				  " before = NULL, after = NULL, redacted_on = '2026-03-15'"
				  " WHERE id = 3"), CM_OK);
	cr_expect_eq(cm_audit_verify(s, &bad, &checked, &err), 0, "%s", err.msg);
	/* ...but nothing else does, not even together with it. */
	cr_expect_neq(cm_db_exec(cm_store_db(s), "UPDATE audit SET before = NULL, after = NULL,"
				   " redacted_on = '2026-03-15', summary = 'x' WHERE id = 1"), CM_OK);
	cr_expect_neq(cm_db_exec(cm_store_db(s), "UPDATE audit SET after = '{}',"
				   " redacted_on = '2026-03-15' WHERE id = 1"),
		      CM_OK);
}

Test(audit, an_edited_user_breaks_the_chain)
{
	add(3);
	sql("UPDATE audit SET actor = 'eve' WHERE id = 1");
	expect_broken(1, "audit chain broken at record 1: its hash does not match its content");
}

Test(audit, a_deleted_record_is_found)
{
	add(5);
	sql("DELETE FROM audit WHERE id = 2");
	expect_broken(3, "audit chain broken at record 3: record 2 is missing");
}

Test(audit, a_rehashed_record_breaks_the_next_one)
{
	add(4);
	/* Someone edits record 2 and recomputes its own hash: record 3 no longer follows. */
	sql("UPDATE audit SET summary = 'nothing', hash = "
	    "'0000000000000000000000000000000000000000000000000000000000000001' WHERE id = 2");
	expect_broken(2, "audit chain broken at record 2: its hash does not match its content");
}

Test(audit, a_truncated_tail_still_verifies_what_is_left)
{
	struct cm_error err = { 0 };
	long long checked;
	int64_t bad;

	add(4);
	sql("DELETE FROM audit WHERE id = 4");
	cr_expect_eq(cm_audit_verify(s, &bad, &checked, &err), 0);
	cr_expect_eq(checked, 3);
}

Test(audit, timeline_is_newest_first)
{
	struct cm_error err = { 0 };
	struct cm_emit *e;
	char *buf = NULL;
	size_t len;
	FILE *out = open_memstream(&buf, &len);

	add(3);
	e = cm_emit_new(CM_FORMAT_TSV, out);
	cr_assert_eq(cm_audit_emit_timeline(s, 2, e, &err), 0);
	cr_assert_eq(cm_emit_finish(e), 0);
	cm_emit_free(e);
	fclose(out);
	cr_expect_str_eq(buf, "at\tuser\tcommand\twhat\n"
			      "2026-03-15T09:00:00Z\talice\ttest\tchange 2\n");
	free(buf);
}

/* A begin, a record, and the begin undone. */
static void add_undone(int id)
{
	struct cm_error err = { 0 };

	cr_assert_eq(cm_store_begin(s, &err), 0);
	cr_assert_eq(cm_audit_add(s, "cases", id, id, "undone", NULL, "{\"a\":3}", &err), 0,
		     "%s", err.msg);
	cm_store_rollback(s);
}

/* Committed, with count records in the log and its chain whole. */
static void expect_kept(long long count)
{
	struct cm_error err = { 0 };
	long long checked;
	int64_t bad;

	cr_assert_eq(cm_store_finish(s, 1, &err), 0, "%s", err.msg);
	cr_expect_eq(cm_store_count(s, "audit"), count);
	cr_expect_eq(cm_audit_verify(s, &bad, &checked, &err), 0, "%s", err.msg);
	cr_expect_eq(checked, count);
}

/*
 * A command holds its transaction (cm_store_hold). The begin that opened it
 * is no savepoint: undoing it is rolling back, after which the command can
 * begin again; a later begin is a savepoint, undone alone.
 */
Test(audit, a_held_transaction_undoes_each_level_alone)
{
	struct cm_error err = { 0 };

	/* A later level rolled back: the first one stays. */
	cm_store_hold(s);
	add(2);
	add_undone(9);
	add(1);
	expect_kept(3);

	/* The first level rolled back: nothing of it stays, and the store begins anew. */
	cm_store_hold(s);
	add_undone(8);
	add(1);
	expect_kept(4);

	/* Not kept: every level goes. */
	cm_store_hold(s);
	add(2);
	cr_assert_eq(cm_store_finish(s, 0, &err), 0);
	cr_expect_eq(cm_store_count(s, "audit"), 4);
}
