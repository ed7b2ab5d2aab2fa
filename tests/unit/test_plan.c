/* The plan: canonical content, its hash, versions and signatures, on a store of each engine. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "cm/assess.h"
#include "cm/case.h"
#include "cm/plan.h"
#include "cm/programme.h"
#include "cm/state.h"
#include "cm/store.h"
#include "cm/worker.h"
#include "lib/sql.h"
#include "store_fixture.h"

static struct cm_store *s;
static int64_t case_id;

/* A case that has been screened and assessed: in planning. */
static void setup(void)
{
	struct cm_intake in = {
		.person = { .first_name = "Léa", .last_name = "Dupont" },
		.criteria = CM_CRIT_ALL,
		.consent = CM_CONSENT_CASE_MANAGEMENT,
	};
	struct cm_assess_input a = { 0 };
	struct cm_error err = { 0 };
	int64_t id;

	setenv("CM_TODAY", "2026-03-15", 1);
	setenv("CM_NOW", "2026-03-15T09:00:00Z", 1);
	s = fixture_open();
	cm_store_set_actor(s, "alice", "plan");
	/* Only registered workers can be named on a case (registered here without an audit record). */
	cr_assert_eq(cm_worker_add_first_admin(s, "alice", "Alice", &err), 0, "%s", err.msg);
	cr_assert_eq(cm_programme_seed_builtin(s, &err), 0);
	cr_assert_eq(cm_store_meta_set(s, "default_programme", "be-accompagnement", &err), 0);
	cr_assert_eq(cm_intake(s, &in, &case_id, &err), 0, "%s", err.msg);
	cr_assert_eq(cm_assess_add_arg(&a, "housing=3", &err), 0, "%s", err.msg);
	cr_assert_eq(cm_assess_record(s, case_id, &a, &id, &err), 0, "%s", err.msg);
	cm_assess_input_release(&a);
}

static void teardown(void)
{
	fixture_close(s);
}

TestSuite(plan, .init = setup, .fini = teardown);

static void expect_state(const char *want)
{
	struct cm_error err = { 0 };
	char state[CM_STATE_LEN];

	cr_assert_eq(cm_state_get(s, case_id, state, &err), 0, "%s", err.msg);
	cr_expect_str_eq(state, want);
}

static void expect_version(int want)
{
	struct cm_error err = { 0 };
	int v = 0;

	cr_assert_eq(cm_plan_version(s, case_id, &v, &err), 0, "%s", err.msg);
	cr_expect_eq(v, want, "plan version %d, expected %d", v, want);
}

static void expect_canonical(const char *want)
{
	struct cm_error err = { 0 };
	char *got;

	cr_assert_eq(cm_plan_canonical(s, case_id, &got, &err), 0, "%s", err.msg);
	cr_expect_str_eq(got, want);
	free(got);
}

static int64_t add_goal(const char *text, const char *due)
{
	struct cm_error err = { 0 };
	int64_t id = 0;

	cr_assert_eq(cm_plan_goal_add(s, case_id, text, due, &id, &err), 0, "%s", err.msg);
	return id;
}

static int64_t add_action(int64_t goal, const char *text, const char *owner, const char *due)
{
	struct cm_plan_owner o;
	struct cm_error err = { 0 };
	int64_t id = 0;

	cr_assert_eq(cm_plan_owner_parse(owner, &o, &err), 0, "%s", err.msg);
	cr_assert_eq(cm_plan_action_add(s, case_id, goal, text, &o, due, &id, &err), 0, "%s",
		     err.msg);
	return id;
}

static void sign(const char *role)
{
	struct cm_error err = { 0 };
	int version, active;

	cr_assert_eq(cm_plan_sign(s, case_id, role, &version, &active, &err), 0, "%s", err.msg);
}

/* What cm show says about the plan, as CSV (header and one row). */
static void expect_show_summary(const char *want)
{
	struct cm_error err = { 0 };
	struct cm_emit *e;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	mem = open_memstream(&buf, &len);
	cr_assert_not_null(mem);
	e = cm_emit_new(CM_FORMAT_CSV, mem);
	cm_emit_begin(e);
	cr_assert_eq(cm_plan_emit_show(s, case_id, e, &err), 0, "%s", err.msg);
	cm_emit_end(e);
	cr_assert_eq(cm_emit_finish(e), 0);
	cm_emit_free(e);
	fclose(mem);
	cr_expect_str_eq(buf, want);
	free(buf);
}

Test(plan, hash_is_sha256_in_hex)
{
	char out[CM_PLAN_HASH_LEN];

	cr_assert_eq(cm_plan_hash("", out), 0);
	cr_expect_str_eq(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	cr_assert_eq(cm_plan_hash("abc", out), 0);
	cr_expect_str_eq(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(plan, canonical_content_lists_goals_then_actions_in_id_order)
{
	int64_t g1, g2;

	expect_canonical("");
	g1 = add_goal("Find a flat", "2026-09-30");
	g2 = add_goal("Clear the debts", NULL);
	add_action(g2, "See the debt mediator", "worker", "2026-04-01");
	add_action(g1, "Apply for social housing", "client", "2026-03-31");
	expect_canonical("goal 1 11:Find a flat 2026-09-30\n"
			 "goal 2 15:Clear the debts -\n"
			 "action 1 2 21:See the debt mediator worker 2026-04-01\n"
			 "action 2 1 24:Apply for social housing client 2026-03-31\n");
}

/* A text that contains a line of its own cannot pass for another goal. */
Test(plan, canonical_text_is_length_prefixed)
{
	add_goal("A -\ngoal 2 1:B", NULL);
	expect_canonical("goal 1 14:A -\ngoal 2 1:B -\n");
	add_goal("B", NULL);
	expect_canonical("goal 1 14:A -\ngoal 2 1:B -\ngoal 2 1:B -\n");
}

/* The commitment is signed, not its progress: status, its date and note stay out. */
Test(plan, partner_owner_is_in_the_content_and_status_is_not)
{
	struct cm_error err = { 0 };
	char before[CM_PLAN_HASH_LEN], after[CM_PLAN_HASH_LEN];
	int64_t g, a;

	cr_assert_eq(cm_db_exec(cm_store_db(s), "INSERT INTO partner(name, domain)"
				  " VALUES ('Job club', 'employment')"), CM_OK);
	g = add_goal("Work", NULL);
	a = add_action(g, "Interview", "partner:1", "2026-04-01");
	expect_canonical("goal 1 4:Work -\naction 1 1 9:Interview partner:1 2026-04-01\n");
	cr_assert_eq(cm_plan_content_hash(s, case_id, before, &err), 0);
	setenv("CM_TODAY", "2026-04-02", 1);
	cr_assert_eq(cm_plan_action_set(s, case_id, a, "done", "went well", &err), 0, "%s", err.msg);
	cr_assert_eq(cm_plan_goal_set(s, case_id, g, "dropped", &err), 0, "%s", err.msg);
	expect_canonical("goal 1 4:Work -\naction 1 1 9:Interview partner:1 2026-04-01\n");
	cr_assert_eq(cm_plan_content_hash(s, case_id, after, &err), 0);
	cr_expect_str_eq(before, after);
}

Test(plan, changes_before_any_signature_keep_the_version)
{
	int64_t g = add_goal("Work", NULL);

	add_action(g, "Interview", "client", "2026-04-01");
	expect_version(1);
	expect_state("planning");
}

Test(plan, both_signatures_activate_and_a_change_starts_a_new_version)
{
	struct cm_error err = { 0 };
	int version = 0, active = -1;
	int64_t g = add_goal("Work", NULL);

	cr_assert_eq(cm_plan_sign(s, case_id, "client", &version, &active, &err), 0, "%s", err.msg);
	cr_expect_eq(version, 1);
	cr_expect_eq(active, 0);
	expect_state("planning");
	cr_assert_eq(cm_plan_sign(s, case_id, "worker", &version, &active, &err), 0, "%s", err.msg);
	cr_expect_eq(active, 1);
	expect_state("active");
	expect_version(1);

	add_action(g, "Interview", "client", "2026-04-01");
	expect_version(2);
	expect_state("planning");
	/* Further changes to the unsigned version 2 stay in it. */
	add_goal("Housing", NULL);
	expect_version(2);
}

/* Done and dropped carry out the signed plan: same version, still active, still valid. */
Test(plan, progress_on_an_active_case_keeps_the_signed_version)
{
	struct cm_error err = { 0 };
	int version, active;
	long long audits;
	int64_t g = add_goal("Work", NULL);
	int64_t a1 = add_action(g, "Interview", "client", "2026-04-01");
	int64_t a2 = add_action(g, "Job club", "worker", "2026-04-15");

	sign("client");
	sign("worker");
	expect_state("active");
	audits = cm_store_count(s, "audit");
	cr_assert_eq(cm_plan_action_set(s, case_id, a1, "done", "went well", &err), 0, "%s",
		     err.msg);
	cr_assert_eq(cm_plan_action_set(s, case_id, a2, "dropped", NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(cm_plan_goal_set(s, case_id, g, "done", &err), 0, "%s", err.msg);
	/* One audit record per change, and no version or state move among them. */
	cr_expect_eq(cm_store_count(s, "audit"), audits + 3);
	expect_version(1);
	expect_state("active");
	expect_show_summary("plan_version,signed_by_client,signed_by_worker,signature_valid,"
			    "actions_done,actions_open,actions_overdue\n1,true,true,true,1,0,0\n");
	/* Nothing new to sign: version 1 still carries both signatures. */
	cr_expect_eq(cm_plan_sign(s, case_id, "client", &version, &active, &err), CM_EFAIL);
	cr_expect_str_eq(err.msg, "plan version 1 is already signed by the client");
}

Test(plan, adding_an_action_to_an_active_case_sends_it_back_to_planning)
{
	int64_t g = add_goal("Work", NULL);

	sign("client");
	sign("worker");
	expect_state("active");
	add_action(g, "Interview", "client", "2026-04-01");
	expect_version(2);
	expect_state("planning");
	expect_show_summary("plan_version,signed_by_client,signed_by_worker,signature_valid,"
			    "actions_done,actions_open,actions_overdue\n2,false,false,,0,1,0\n");
}

Test(plan, one_signature_is_enough_to_freeze_a_version)
{
	add_goal("Work", NULL);
	sign("worker");
	add_goal("Housing", NULL);
	expect_version(2);
	expect_state("planning");
}

Test(plan, signing_a_version_twice_is_refused_and_changes_nothing)
{
	struct cm_error err = { 0 };
	int version, active;
	long long audits;

	add_goal("Work", NULL);
	sign("client");
	audits = cm_store_count(s, "audit");
	cr_expect_eq(cm_plan_sign(s, case_id, "client", &version, &active, &err), CM_EFAIL);
	cr_expect_str_eq(err.msg, "plan version 1 is already signed by the client");
	cr_expect_eq(cm_store_count(s, "plan_signature"), 1);
	cr_expect_eq(cm_store_count(s, "audit"), audits);
}

Test(plan, an_empty_plan_cannot_be_signed)
{
	struct cm_error err = { 0 };
	int version, active;

	cr_expect_eq(cm_plan_sign(s, case_id, "client", &version, &active, &err), CM_EFAIL);
	cr_expect_str_eq(err.msg, "the plan of case 1 has no goal; add one with "
				  "'cm plan 1 goal add TEXT' first");
}

Test(plan, due_dates_before_the_plan_are_refused)
{
	struct cm_plan_owner o = { CM_OWNER_CLIENT, 0 };
	struct cm_error err = { 0 };
	int64_t g, id;

	cr_expect_eq(cm_plan_goal_add(s, case_id, "Work", "2026-03-14", &id, &err), CM_EFAIL);
	cr_expect_str_eq(err.msg, "due date 2026-03-14 is before the plan's creation (2026-03-15)");
	g = add_goal("Work", "2026-03-15");
	/* Later, the plan's creation is still the first goal's date. */
	setenv("CM_TODAY", "2026-05-01", 1);
	cr_expect_eq(cm_plan_action_add(s, case_id, g, "Call", &o, "2026-03-01", &id, &err),
		     CM_EFAIL);
	cr_expect_str_eq(err.msg, "due date 2026-03-01 is before the plan's creation (2026-03-15)");
	cr_expect_eq(cm_plan_action_add(s, case_id, g, "Call", &o, "2026-03-20", &id, &err), 0,
		     "%s", err.msg);
}

Test(plan, the_signature_stores_the_content_hash)
{
	struct cm_error err = { 0 };
	char hash[CM_PLAN_HASH_LEN];
	struct cm_stmt *st;

	add_goal("Work", NULL);
	sign("client");
	cr_assert_eq(cm_plan_content_hash(s, case_id, hash, &err), 0);
	cr_expect_str_eq(hash, "1749293220df2a807926e897f38a33100371ebe8eedfad3e8574e91cf1492456");
	cr_assert_eq(cm_db_prepare(cm_store_db(s), "SELECT version, role, content_hash"
					" FROM plan_signature", &st), CM_OK);
	cr_assert_eq(cm_stmt_step(st), CM_DB_ROW);
	cr_expect_eq(cm_stmt_column_int(st, 0), 1);
	cr_expect_str_eq(cm_stmt_column_text(st, 1), "client");
	cr_expect_str_eq(cm_stmt_column_text(st, 2), hash);
	cm_stmt_finalize(st);
	expect_show_summary("plan_version,signed_by_client,signed_by_worker,signature_valid,"
			    "actions_done,actions_open,actions_overdue\n1,true,false,true,0,0,0\n");
}

Test(plan, a_suspended_case_resumes_active_once_signed)
{
	struct cm_error err = { 0 };

	add_goal("Work", NULL);
	cr_assert_eq(cm_case_suspend(s, case_id, "in hospital", &err), 0, "%s", err.msg);
	sign("client");
	sign("worker");
	expect_state("suspended");
	cr_assert_eq(cm_case_resume(s, case_id, &err), 0, "%s", err.msg);
	expect_state("active");
	/* And a change while suspended sends the resumption back to planning. */
	cr_assert_eq(cm_case_suspend(s, case_id, "moved away", &err), 0, "%s", err.msg);
	add_goal("Housing", NULL);
	cr_assert_eq(cm_case_resume(s, case_id, &err), 0, "%s", err.msg);
	expect_state("planning");
}

Test(plan, owners)
{
	struct cm_plan_owner o;
	struct cm_error err = { 0 };

	cr_expect_eq(cm_plan_owner_parse("partner:12", &o, &err), 0);
	cr_expect_eq(o.kind, CM_OWNER_PARTNER);
	cr_expect_eq(o.partner, 12);
	cr_expect_eq(cm_plan_owner_parse("partner:", &o, &err), CM_EUSAGE);
	cr_expect_eq(cm_plan_owner_parse("partner:0", &o, &err), CM_EUSAGE);
	cr_expect_eq(cm_plan_owner_parse("partner:3x", &o, &err), CM_EUSAGE);
	cr_expect_eq(cm_plan_owner_parse("boss", &o, &err), CM_EUSAGE);
	cr_expect_str_eq(err.msg, "invalid owner 'boss' (client, worker or partner:ID)");
}
