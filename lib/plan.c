/*
 * The action plan: goals and actions, and the new version a change to the
 * signed commitment starts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/assess.h"
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/partner.h"
#include "cm/plan.h"
#include "cm/state.h"
#include "cm/store.h"
#include "plan_impl.h"
#include "cm/i18n.h"
#include "sql.h"
#include "workflow.h"

int cm_plan_owner_parse(const char *text, struct cm_plan_owner *out, struct cm_error *err)
{
	char *end;
	long long id;

	out->partner = 0;
	if (strcmp(text, "client") == 0) {
		out->kind = CM_OWNER_CLIENT;
		return 0;
	}
	if (strcmp(text, "worker") == 0) {
		out->kind = CM_OWNER_WORKER;
		return 0;
	}
	if (strncmp(text, "partner:", 8) == 0 && text[8] >= '0' && text[8] <= '9') {
		errno = 0;
		id = strtoll(text + 8, &end, 10);
		if (!*end && !errno && id > 0) {
			out->kind = CM_OWNER_PARTNER;
			out->partner = id;
			return 0;
		}
	}
	return cm_error_set(err, CM_EUSAGE, "invalid owner '%s' (client, worker or partner:ID)", text);
}

int cm_plan_signature_count(struct cm_store *s, int64_t case_id, int version)
{
	struct cm_stmt *st;
	int n = -1;

	if (cm_sql_prepare(s, "SELECT count(*) FROM plan_signature WHERE case_id = ? AND version = ?",
			   &st, NULL) < 0)
		return -1;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_int64(st, 2, version);
	if (cm_stmt_step(st) == CM_DB_ROW)
		n = cm_stmt_column_int(st, 0);
	cm_stmt_finalize(st);
	return n;
}

/* Run one UPDATE on the case (bound: ?1 text, ?2 case id) and audit it. */
static int update_case(struct cm_store *s, int64_t case_id, const char *sql, const char *a,
		       const char *summary, struct cm_error *err)
{
	char *before = cm_sql_row_json(s, "cases", "id", case_id);
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, sql, &st, err);
	if (rc == 0) {
		cm_sql_bind_text(st, 1, a);
		cm_stmt_bind_int64(st, 2, case_id);
		rc = cm_sql_step_done(s, st, err, "update case");
		cm_stmt_finalize(st);
	}
	if (rc == 0)
		rc = cm_wf_audit_row(s, "cases", case_id, case_id, summary, before, err);
	free(before);
	return rc;
}

int cm_plan_prev_state(struct cm_store *s, int64_t case_id, char *out)
{
	struct cm_stmt *st;

	out[0] = '\0';
	if (cm_sql_prepare(s, "SELECT prev_state FROM cases WHERE id = ?", &st, NULL) < 0)
		return -1;
	cm_stmt_bind_int64(st, 1, case_id);
	if (cm_stmt_step(st) == CM_DB_ROW && cm_stmt_column_text(st, 0))
		snprintf(out, CM_STATE_LEN, "%s", cm_stmt_column_text(st, 0));
	cm_stmt_finalize(st);
	return 0;
}

int cm_plan_set_stage(struct cm_store *s, int64_t case_id, const char *to, const char *why,
		      struct cm_error *err)
{
	char state[CM_STATE_LEN], prev[CM_STATE_LEN], summary[512];
	int rc;

	rc = cm_state_get(s, case_id, state, err);
	if (rc < 0 || strcmp(state, to) == 0)
		return rc;
	if (strcmp(state, "suspended") != 0)
		return cm_state_move(s, case_id, to, why, err);
	cm_plan_prev_state(s, case_id, prev);
	if (strcmp(prev, to) == 0)
		return 0;
	snprintf(summary, sizeof summary, "suspended case will resume in %s: %s", to, why);
	return update_case(s, case_id, "UPDATE cases SET prev_state = ?1 WHERE id = ?2", to,
			   summary, err);
}

int cm_plan_version(struct cm_store *s, int64_t case_id, int *version, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT plan_version FROM cases WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*version = cm_stmt_column_int(st, 0);
	rc = rc == CM_DB_ROW ? 0
	     : rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "no case %lld", (long long)case_id)
				 : cm_sql_fail(s, rc, err, "read plan version");
	cm_stmt_finalize(st);
	return rc;
}

/*
 * Before a change to the commitment (a goal or an action added): a signed
 * current version is closed to such changes, so the change goes into the
 * next version, which nobody has signed yet. Marking a goal or an action
 * done or dropped carries out the signed plan and does not come here.
 */
int cm_plan_new_version_if_signed(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	char summary[256], why[128];
	int version, n, rc;

	rc = cm_plan_version(s, case_id, &version, err);
	if (rc < 0)
		return rc;
	n = cm_plan_signature_count(s, case_id, version);
	if (n < 0)
		return cm_error_set(err, CM_EDB, "cannot read the signatures of case %lld",
				    (long long)case_id);
	if (n == 0)
		return 0;
	snprintf(summary, sizeof summary, "plan version %d -> %d: signed plan changed", version,
		 version + 1);
	rc = update_case(s, case_id, "UPDATE cases SET plan_version = plan_version + 1"
				     " WHERE id = ?2", NULL, summary, err);
	if (rc < 0)
		return rc;
	snprintf(why, sizeof why, "plan version %d needs both signatures", version + 1);
	return cm_plan_set_stage(s, case_id, "planning", why, err);
}

/* YYYY-MM-DD, not before the plan was created. */
int cm_plan_check_due(struct cm_store *s, int64_t case_id, const char *due, struct cm_error *err)
{
	char created[CM_DATE_LEN];
	struct cm_stmt *st;
	cm_days d, c;
	int rc;

	if (cm_date_parse_iso(due, &d) < 0)
		return cm_error_set(err, CM_EUSAGE, "invalid due date '%s' (expected YYYY-MM-DD)", due);
	rc = cm_today(created, err);
	if (rc < 0)
		return rc;
	rc = cm_sql_prepare(s, "SELECT min(created_on) FROM goal WHERE case_id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	if (cm_stmt_step(st) == CM_DB_ROW && cm_stmt_column_text(st, 0))
		snprintf(created, sizeof created, "%s", cm_stmt_column_text(st, 0));
	cm_stmt_finalize(st);
	cm_date_parse_iso(created, &c);
	if (d < c)
		return cm_error_set(err, CM_EFAIL, "due date %s is before the plan's creation (%s)",
				    due, created);
	return 0;
}

int cm_plan_check_text(const char *what, const char *text, struct cm_error *err)
{
	const char *p = text;

	while (p && (*p == ' ' || *p == '\t'))
		p++;
	if (!p || !*p)
		return cm_error_set(err, CM_EUSAGE, "%s text must not be empty", what);
	return 0;
}

/* Run a plan change in one transaction, after the checks every change shares. */
static int plan_change(struct cm_store *s, int64_t case_id, struct cm_error *err,
		       int (*fn)(struct cm_store *, int64_t, const void *, struct cm_error *),
		       const void *arg)
{
	int rc = cm_store_begin(s, err);

	if (rc < 0)
		return rc;
	rc = cm_assess_require(s, case_id, err);
	if (rc == 0)
		rc = fn(s, case_id, arg, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

struct goal_add {
	const char *text, *due;
	int priority;
	int64_t *id;
};

static int goal_add_tx(struct cm_store *s, int64_t case_id, const void *arg, struct cm_error *err)
{
	const struct goal_add *g = arg;
	char today[CM_DATE_LEN], summary[512];
	struct cm_stmt *st;
	int rc;

	rc = cm_wf_consent_guard(s, case_id, CM_WF_PLAN, err);
	if (rc == 0 && g->due)
		rc = cm_plan_check_due(s, case_id, g->due, err);
	if (rc == 0)
		rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_plan_new_version_if_signed(s, case_id, err);
	if (rc == 0)
		rc = cm_sql_prepare(s, "INSERT INTO goal(case_id, text, due, created_on, priority, number)"
				       " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(number), 0) + 1"
				       " FROM goal WHERE case_id = ?1))", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_text(st, 2, g->text, -1);
	cm_sql_bind_text(st, 3, g->due);
	cm_stmt_bind_text(st, 4, today, -1);
	if (g->priority)
		cm_stmt_bind_int64(st, 5, g->priority);
	else
		cm_stmt_bind_null(st, 5);
	rc = cm_sql_step_done(s, st, err, "add goal");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	*g->id = cm_db_last_id(cm_store_db(s));
	snprintf(summary, sizeof summary, "goal %lld added: %s",
		 (long long)cm_plan_item_number(s, "goal", *g->id), g->text);
	return cm_wf_audit_row(s, "goal", *g->id, case_id, summary, NULL, err);
}

int cm_plan_goal_add(struct cm_store *s, int64_t case_id, const char *text, const char *due,
		     int64_t *id, struct cm_error *err)
{
	return cm_plan_goal_add_ranked(s, case_id, text, due, 0, id, err);
}

int cm_plan_goal_add_ranked(struct cm_store *s, int64_t case_id, const char *text,
			    const char *due, int priority, int64_t *id, struct cm_error *err)
{
	struct goal_add g = { text, due, priority, id };
	int rc = cm_plan_check_text("goal", text, err);

	if (rc == 0 && (priority < 0 || priority > CM_GOAL_PRIORITY_MAX))
		rc = cm_error_set(err, CM_EUSAGE, "goal priority %d is outside 1 to %d", priority,
				  CM_GOAL_PRIORITY_MAX);
	return rc < 0 ? rc : plan_change(s, case_id, err, goal_add_tx, &g);
}

/* The status of the case's goal or action (table "goal" or "action") into status. */
int cm_plan_item_status(struct cm_store *s, const char *table, int64_t case_id, int64_t id,
		       char status[16], struct cm_error *err)
{
	char *sql = cm_db_mprintf("SELECT status FROM \"%w\" WHERE id = ? AND case_id = ?", table);
	struct cm_stmt *st;
	int rc;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = cm_sql_prepare(s, sql, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	cm_stmt_bind_int64(st, 2, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		snprintf(status, 16, "%s", cm_stmt_column_text(st, 0));
	rc = rc == CM_DB_ROW ? 0
	     : rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "case %lld has no %s %lld",
						(long long)case_id, table, (long long)id)
				 : cm_sql_fail(s, rc, err, "read plan");
	cm_stmt_finalize(st);
	return rc;
}

struct action_add {
	int64_t goal;
	const char *text, *due;
	const struct cm_plan_owner *owner;
	int64_t *id;
};

const char *const cm_plan_owner_names[] = { "client", "worker", "partner" };

static int insert_action(struct cm_store *s, int64_t case_id, const struct action_add *a,
			 const char *today, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO action(case_id, goal_id, text, owner, partner_id, due,"
			       " created_on, number) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
			       " (SELECT coalesce(max(number), 0) + 1 FROM action WHERE case_id = ?1))",
			    &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_int64(st, 2, a->goal);
	cm_stmt_bind_text(st, 3, a->text, -1);
	cm_stmt_bind_text(st, 4, cm_plan_owner_names[a->owner->kind], -1);
	if (a->owner->kind == CM_OWNER_PARTNER)
		cm_stmt_bind_int64(st, 5, a->owner->partner);
	else
		cm_stmt_bind_null(st, 5);
	cm_stmt_bind_text(st, 6, a->due, -1);
	cm_stmt_bind_text(st, 7, today, -1);
	rc = cm_sql_step_done(s, st, err, "add action");
	cm_stmt_finalize(st);
	if (rc == 0)
		*a->id = cm_db_last_id(cm_store_db(s));
	return rc;
}

static int action_add_tx(struct cm_store *s, int64_t case_id, const void *arg,
			 struct cm_error *err)
{
	const struct action_add *a = arg;
	char status[16], today[CM_DATE_LEN], summary[512];
	int rc;

	rc = cm_wf_consent_guard(s, case_id, CM_WF_PLAN, err);
	if (rc == 0)
		rc = cm_plan_item_status(s, "goal", case_id, a->goal, status, err);
	if (rc == 0 && strcmp(status, "open") != 0)
		rc = cm_error_set(err, CM_EFAIL, "goal %lld is %s; add actions to an open goal",
				  (long long)cm_plan_item_number(s, "goal", a->goal), C_("status", status));
	if (rc == 0 && a->owner->kind == CM_OWNER_PARTNER)
		rc = cm_partner_check(s, a->owner->partner, 1, NULL, err);
	if (rc == 0)
		rc = cm_plan_check_due(s, case_id, a->due, err);
	if (rc == 0)
		rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_plan_new_version_if_signed(s, case_id, err);
	if (rc == 0)
		rc = insert_action(s, case_id, a, today, err);
	if (rc < 0)
		return rc;
	snprintf(summary, sizeof summary, "action %lld added to goal %lld: %s",
		 (long long)cm_plan_item_number(s, "action", *a->id),
		 (long long)cm_plan_item_number(s, "goal", a->goal), a->text);
	return cm_wf_audit_row(s, "action", *a->id, case_id, summary, NULL, err);
}

int cm_plan_action_add(struct cm_store *s, int64_t case_id, int64_t goal_id, const char *text,
		       const struct cm_plan_owner *owner, const char *due, int64_t *id,
		       struct cm_error *err)
{
	struct action_add a = { goal_id, text, due, owner, id };
	int rc = cm_plan_check_text("action", text, err);

	if (rc == 0 && !due)
		rc = cm_error_set(err, CM_EUSAGE, "an action needs a due date (--due DATE)");
	return rc < 0 ? rc : plan_change(s, case_id, err, action_add_tx, &a);
}

struct item_set {
	const char *table;   /* "goal" or "action" */
	int64_t id;
	const char *status, *note;
};

static long long open_actions_of_goal(struct cm_store *s, int64_t goal)
{
	struct cm_stmt *st;
	long long n = -1;

	if (cm_sql_prepare(s, "SELECT count(*) FROM action WHERE goal_id = ? AND status = 'open'",
			   &st, NULL) < 0)
		return -1;
	cm_stmt_bind_int64(st, 1, goal);
	if (cm_stmt_step(st) == CM_DB_ROW)
		n = cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	return n;
}

static int update_item(struct cm_store *s, const struct item_set *it, const char *today,
		       struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, strcmp(it->table, "goal") == 0
				       ? "UPDATE goal SET status = ?1 WHERE id = ?4"
				       : "UPDATE action SET status = ?1, status_on = ?2, note = ?3"
					 " WHERE id = ?4", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, it->status, -1);
	cm_stmt_bind_text(st, 2, today, -1);
	cm_sql_bind_text(st, 3, it->note);
	cm_stmt_bind_int64(st, 4, it->id);
	rc = cm_sql_step_done(s, st, err, "update plan");
	cm_stmt_finalize(st);
	return rc;
}

static int item_set_tx(struct cm_store *s, int64_t case_id, const void *arg, struct cm_error *err)
{
	const struct item_set *it = arg;
	char status[16], today[CM_DATE_LEN], summary[512], *before;
	int64_t number = cm_plan_item_number(s, it->table, it->id);
	int rc;

	rc = cm_plan_item_status(s, it->table, case_id, it->id, status, err);
	if (rc == 0 && strcmp(status, "open") != 0)
		rc = cm_error_set(err, CM_EFAIL, "%s %lld is already %s", it->table,
				  (long long)number, C_("status", status));
	if (rc == 0 && strcmp(it->table, "goal") == 0 && open_actions_of_goal(s, it->id) != 0)
		rc = cm_error_set(err, CM_EFAIL, "goal %lld has open actions; mark them done or "
				  "dropped first", (long long)number);
	if (rc == 0)
		rc = cm_today(today, err);
	if (rc < 0)
		return rc;
	before = cm_sql_row_json(s, it->table, "id", it->id);
	rc = update_item(s, it, today, err);
	snprintf(summary, sizeof summary, "%s %lld %s%s%s", it->table, (long long)number,
		 it->status, it->note ? ": " : "", it->note ? it->note : "");
	if (rc == 0)
		rc = cm_wf_audit_row(s, it->table, it->id, case_id, summary, before, err);
	free(before);
	return rc;
}

static int check_status(const char *status, struct cm_error *err)
{
	if (strcmp(status, "done") == 0 || strcmp(status, "dropped") == 0)
		return 0;
	return cm_error_set(err, CM_EUSAGE, "invalid status '%s' (done, dropped)", status);
}

int cm_plan_action_set(struct cm_store *s, int64_t case_id, int64_t action_id,
		       const char *status, const char *note, struct cm_error *err)
{
	struct item_set it = { "action", action_id, status, note };
	int rc = check_status(status, err);

	return rc < 0 ? rc : plan_change(s, case_id, err, item_set_tx, &it);
}

int cm_plan_goal_set(struct cm_store *s, int64_t case_id, int64_t goal_id, const char *status,
		     struct cm_error *err)
{
	struct item_set it = { "goal", goal_id, status, NULL };
	int rc = check_status(status, err);

	return rc < 0 ? rc : plan_change(s, case_id, err, item_set_tx, &it);
}

int cm_plan_item_id(struct cm_store *s, const char *table, int64_t case_id, int64_t number,
		    int64_t *id, struct cm_error *err)
{
	char *sql = cm_db_mprintf("SELECT id FROM \"%w\" WHERE case_id = ? AND number = ?", table);
	struct cm_stmt *st;
	int rc;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = cm_sql_prepare(s, sql, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_int64(st, 2, number);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*id = cm_stmt_column_int64(st, 0);
	rc = rc == CM_DB_ROW ? 0
	     : rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "case %lld has no %s %lld",
						(long long)case_id, table, (long long)number)
				 : cm_sql_fail(s, rc, err, "read plan");
	cm_stmt_finalize(st);
	return rc;
}

int64_t cm_plan_item_number(struct cm_store *s, const char *table, int64_t id)
{
	char *sql = cm_db_mprintf("SELECT number FROM \"%w\" WHERE id = ?", table);
	struct cm_stmt *st;
	int64_t n = 0;

	if (sql && cm_sql_prepare(s, sql, &st, NULL) == 0) {
		cm_stmt_bind_int64(st, 1, id);
		if (cm_stmt_step(st) == CM_DB_ROW)
			n = cm_stmt_column_int64(st, 0);
		cm_stmt_finalize(st);
	}
	cm_db_free(sql);
	return n;
}
