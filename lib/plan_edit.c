/*
 * Correcting the text, due date, priority or owner of a goal or an action.
 * The commitment changes, so a signed plan starts a new version, as when a
 * goal or an action is added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/assess.h"
#include "cm/partner.h"
#include "cm/plan.h"
#include "cm/store.h"
#include "plan_impl.h"
#include "sql.h"
#include "workflow.h"

/* The item as stored, the columns an edit may change. */
struct item {
	char *text, *due, *owner;
	int64_t priority, partner;
};

static void item_release(struct item *it)
{
	free(it->text);
	free(it->due);
	free(it->owner);
}

static int load(struct cm_store *s, const char *table, int64_t case_id, int64_t id,
		struct item *it, struct cm_error *err)
{
	const char *sql = strcmp(table, "goal") == 0
		? "SELECT text, due, NULL, priority, NULL FROM goal WHERE id = ? AND case_id = ?"
		: "SELECT text, due, owner, NULL, partner_id FROM action WHERE id = ? AND case_id = ?";
	struct cm_stmt *st;
	int rc;

	memset(it, 0, sizeof *it);
	rc = cm_sql_prepare(s, sql, &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	cm_stmt_bind_int64(st, 2, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		it->text = cm_sql_column_dup(st, 0);
		it->due = cm_sql_column_dup(st, 1);
		it->owner = cm_sql_column_dup(st, 2);
		it->priority = cm_stmt_column_int64(st, 3);
		it->partner = cm_stmt_column_int64(st, 4);
		rc = 0;
	} else {
		rc = rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "case %lld has no %s %lld",
						     (long long)case_id, table, (long long)id)
				      : cm_sql_fail(s, rc, err, "read plan");
	}
	cm_stmt_finalize(st);
	return rc;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void add_name(char *what, size_t size, int changed, const char *name)
{
	size_t n = strlen(what);

	if (changed)
		snprintf(what + n, size - n, "%s%s", n ? ", " : "", name);
}

/* The changes that differ from the stored item, named into what. */
static void changes(const struct item *old, const struct cm_plan_edit *in, char *what,
		    size_t size)
{
	what[0] = '\0';
	add_name(what, size, in->text && !same(in->text, old->text), "text");
	add_name(what, size, in->due && !same(in->due, old->due), "due");
	add_name(what, size, in->priority && in->priority != old->priority, "priority");
	add_name(what, size, in->owner && (!same(cm_plan_owner_names[in->owner->kind], old->owner)
					   || in->owner->partner != old->partner), "owner");
}

static int check(struct cm_store *s, int64_t case_id, const char *table,
		 const struct cm_plan_edit *in, struct cm_error *err)
{
	int rc = 0;

	if (in->text)
		rc = cm_plan_check_text(table, in->text, err);
	if (rc == 0 && in->due)
		rc = cm_plan_check_due(s, case_id, in->due, err);
	if (rc == 0 && in->priority && (in->priority < 1 || in->priority > CM_GOAL_PRIORITY_MAX))
		rc = cm_error_set(err, CM_EUSAGE, "goal priority %d is outside 1 to %d",
				  in->priority, CM_GOAL_PRIORITY_MAX);
	if (rc == 0 && in->owner && in->owner->kind == CM_OWNER_PARTNER)
		rc = cm_partner_check(s, in->owner->partner, 1, NULL, err);
	return rc;
}

static int update(struct cm_store *s, const char *table, int64_t id,
		  const struct cm_plan_edit *in, struct cm_error *err)
{
	const char *sql = strcmp(table, "goal") == 0
		? "UPDATE goal SET text = coalesce(?1, text), due = coalesce(?2, due),"
		  " priority = coalesce(?3, priority) WHERE id = ?6"
		: "UPDATE action SET text = coalesce(?1, text), due = coalesce(?2, due),"
		  " owner = coalesce(?4, owner),"
		  " partner_id = CASE WHEN ?4 IS NULL THEN partner_id ELSE ?5 END WHERE id = ?6";
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, sql, &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, in->text);
	cm_sql_bind_text(st, 2, in->due);
	if (in->priority)
		cm_stmt_bind_int64(st, 3, in->priority);
	if (in->owner) {
		cm_stmt_bind_text(st, 4, cm_plan_owner_names[in->owner->kind], -1);
		if (in->owner->kind == CM_OWNER_PARTNER)
			cm_stmt_bind_int64(st, 5, in->owner->partner);
	}
	cm_stmt_bind_int64(st, 6, id);
	rc = cm_sql_step_done(s, st, err, "correct plan");
	cm_stmt_finalize(st);
	return rc;
}

static int edit_tx(struct cm_store *s, int64_t case_id, const char *table, int64_t id,
		   const struct cm_plan_edit *in, char *what, size_t size, struct cm_error *err)
{
	char summary[CM_ERROR_MAX], *before = NULL;
	int64_t number = cm_plan_item_number(s, table, id);
	struct item old;
	int rc;

	rc = cm_assess_require(s, case_id, err);
	if (rc == 0)
		rc = cm_wf_consent_guard(s, case_id, CM_WF_PLAN, err);
	if (rc == 0)
		rc = load(s, table, case_id, id, &old, err);
	if (rc < 0)
		return rc;
	changes(&old, in, what, size);
	rc = what[0] ? check(s, case_id, table, in, err)
		     : cm_error_set(err, CM_EFAIL, "%s %lld already reads so", table, (long long)number);
	if (rc == 0)
		rc = cm_plan_new_version_if_signed(s, case_id, err);
	if (rc == 0) {
		before = cm_sql_row_json(s, table, "id", id);
		rc = update(s, table, id, in, err);
	}
	snprintf(summary, sizeof summary, "%s %lld corrected: %s", table, (long long)number, what);
	if (rc == 0)
		rc = cm_wf_audit_row(s, table, id, case_id, summary, before, err);
	free(before);
	item_release(&old);
	return rc;
}

static int edit(struct cm_store *s, int64_t case_id, const char *table, int64_t id,
		const struct cm_plan_edit *in, char *what, size_t size, struct cm_error *err)
{
	int rc = cm_store_begin(s, err);

	if (rc < 0)
		return rc;
	rc = edit_tx(s, case_id, table, id, in, what, size, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_plan_goal_edit(struct cm_store *s, int64_t case_id, int64_t goal_id,
		      const struct cm_plan_edit *in, char *what, size_t size, struct cm_error *err)
{
	if (in->owner)
		return cm_error_set(err, CM_EUSAGE, "a goal has no owner; its actions do");
	return edit(s, case_id, "goal", goal_id, in, what, size, err);
}

int cm_plan_action_edit(struct cm_store *s, int64_t case_id, int64_t action_id,
			const struct cm_plan_edit *in, char *what, size_t size,
			struct cm_error *err)
{
	if (in->priority)
		return cm_error_set(err, CM_EUSAGE, "an action has no priority; its goal does");
	return edit(s, case_id, "action", action_id, in, what, size, err);
}
