/* Closing a case with an outcome, follow-ups 6, 12 and 18 months after exit, reopening. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/audit.h"
#include "cm/closure.h"
#include "cm/person.h"
#include "cm/referral.h"
#include "cm/state.h"
#include "cm/store.h"
#include "cm/i18n.h"
#include "sql.h"
#include "workflow.h"

const char *const cm_outcomes[] = {
	"employment", "subsidised-employment", "self-employment", "apprenticeship", "training",
	"education", "other-service", "moved", "declined", "lost-contact", "deceased", "other",
	NULL,
};

/* After exit a person may also be without work or inactive, or out of reach. */
const char *const cm_situations_after_exit[] = { "unemployed", "inactive", "unknown", NULL };

static int count_where(struct cm_store *s, const char *sql, int64_t case_id, int *n,
		       struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_sql_prepare(s, sql, &st, err);

	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	*n = rc == CM_DB_ROW ? cm_stmt_column_int(st, 0) : 0;
	cm_stmt_finalize(st);
	return rc == CM_DB_ROW ? 0 : cm_sql_fail(s, rc, err, "count");
}

static int not_before_opening(struct cm_store *s, int64_t case_id, const char *date,
			      struct cm_error *err)
{
	char opened[CM_DATE_LEN];
	int rc = cm_wf_case_date(s, case_id, "opened_on", opened, err);

	if (rc == 0 && strcmp(date, opened) < 0)
		rc = cm_error_set(err, CM_EFAIL, "date '%s' is before case %lld was opened (%s)",
				  date, (long long)case_id, opened);
	return rc;
}

static int drop_open_actions(struct cm_store *s, int64_t case_id, const char *date,
			     struct cm_error *err)
{
	struct cm_stmt *st, *upd = NULL;
	char *before, summary[96];
	int64_t id;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id FROM action WHERE case_id = ? AND status = 'open'"
			       " ORDER BY id", &st, err);
	if (rc == 0)
		rc = cm_sql_prepare(s, "UPDATE action SET status = 'dropped', status_on = ?,"
				       " note = 'cancelled at closure' WHERE id = ?", &upd, err);
	if (rc < 0) {
		cm_stmt_finalize(st);
		return rc;
	}
	cm_stmt_bind_int64(st, 1, case_id);
	while (rc == 0 && cm_stmt_step(st) == CM_DB_ROW) {
		id = cm_stmt_column_int64(st, 0);
		before = cm_sql_row_json(s, "action", "id", id);
		cm_stmt_reset(upd);
		cm_sql_bind_text(upd, 1, date);
		cm_stmt_bind_int64(upd, 2, id);
		rc = cm_sql_step_done(s, upd, err, "drop action");
		snprintf(summary, sizeof summary, "action %lld dropped: cancelled at closure",
			 (long long)id);
		if (rc == 0)
			rc = cm_wf_audit_row(s, "action", id, case_id, summary, before, err);
		free(before);
	}
	cm_stmt_finalize(upd);
	cm_stmt_finalize(st);
	return rc;
}

static void count_phrase(char *out, size_t n, int count, const char *what)
{
	snprintf(out, n, "%d open %s%s", count, what, count == 1 ? "" : "s");
}

static int refuse_open_work(int64_t case_id, int refs, int acts, struct cm_error *err)
{
	char a[48] = "", b[48] = "";

	if (refs)
		count_phrase(a, sizeof a, refs, "referral");
	if (acts)
		count_phrase(b, sizeof b, acts, "action");
	return cm_error_set(err, CM_EFAIL, "case %lld has %s%s%s; settle them first, or close with"
			    " --force to cancel them", (long long)case_id, a, refs && acts ? " and " : "",
			    b);
}

/* Open referrals and actions refuse a closure, or are cancelled with force. */
static int settle_open_work(struct cm_store *s, int64_t case_id, const char *date, int force,
			    struct cm_error *err)
{
	int refs = 0, acts = 0, rc;

	rc = cm_referral_count_open(s, case_id, &refs, err);
	if (rc == 0)
		rc = count_where(s, "SELECT count(*) FROM action WHERE case_id = ? AND status = 'open'",
				 case_id, &acts, err);
	if (rc < 0 || (!refs && !acts))
		return rc;
	if (!force)
		return refuse_open_work(case_id, refs, acts, err);
	rc = cm_referral_cancel_open(s, case_id, date, "cancelled at closure", err);
	if (rc == 0)
		rc = drop_open_actions(s, case_id, date, err);
	return rc;
}

static int record_closure(struct cm_store *s, int64_t case_id, const struct cm_close_in *in,
			  const char *date, struct cm_error *err)
{
	char *before = cm_sql_row_json(s, "cases", "id", case_id), summary[160];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "UPDATE cases SET closed_on = ?1, state_since = ?1, outcome = ?2,"
			       " close_note = ?3 WHERE id = ?4", &st, err);
	if (rc == 0) {
		cm_sql_bind_text(st, 1, date);
		cm_sql_bind_text(st, 2, in->outcome);
		cm_sql_bind_text(st, 3, in->note);
		cm_stmt_bind_int64(st, 4, case_id);
		rc = cm_sql_step_done(s, st, err, "close case");
		cm_stmt_finalize(st);
	}
	snprintf(summary, sizeof summary, "closed on %s with outcome %s", date, in->outcome);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "cases", case_id, case_id, summary, before, err);
	free(before);
	return rc;
}

static int close_tx(struct cm_store *s, int64_t case_id, const struct cm_close_in *in,
		    const char *date, int *no_final, struct cm_error *err)
{
	char state[CM_STATE_LEN], why[96];
	int finals = 0, rc;

	rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0)
		rc = not_before_opening(s, case_id, date, err);
	if (rc == 0)
		rc = settle_open_work(s, case_id, date, in->force, err);
	if (rc == 0)
		rc = count_where(s, "SELECT count(*) FROM assessment WHERE case_id = ? AND final = 1",
				 case_id, &finals, err);
	snprintf(why, sizeof why, "outcome %s", in->outcome);
	if (rc == 0)
		rc = cm_state_move(s, case_id, "closed", why, err);
	if (rc == 0)
		rc = record_closure(s, case_id, in, date, err);
	*no_final = finals == 0;
	return rc;
}

int cm_case_close(struct cm_store *s, int64_t case_id, const struct cm_close_in *in,
		  int *no_final, struct cm_error *err)
{
	char date[CM_DATE_LEN], list[256];
	int rc;

	*no_final = 0;
	if (!in->outcome || !cm_wf_one_of(in->outcome, cm_outcomes)) {
		cm_wf_join(cm_outcomes, list, sizeof list);
		return in->outcome ? cm_error_set(err, CM_EUSAGE, "unknown outcome '%s' (%s)",
						  in->outcome, list)
				   : cm_error_set(err, CM_EUSAGE, "an outcome is required (%s)", list);
	}
	rc = cm_wf_date_arg("date", in->date, date, NULL, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = close_tx(s, case_id, in, date, no_final, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

static int require_closed(struct cm_store *s, int64_t case_id, const char *doing,
			  struct cm_error *err)
{
	char state[CM_STATE_LEN];
	int rc = cm_state_get(s, case_id, state, err);

	if (rc == 0 && strcmp(state, "closed") != 0)
		rc = cm_error_set(err, CM_ESTATE, "case %lld is not closed (it is %s); %s",
				  (long long)case_id, C_("state", state), doing);
	return rc;
}

static int insert_follow_up(struct cm_store *s, int64_t case_id, int months,
			    const char *situation, const char *date, struct cm_error *err)
{
	char summary[128], after[256];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO follow_up(case_id, months, situation, on_date)"
			       " VALUES (?, ?, ?, ?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_int64(st, 2, months);
	cm_sql_bind_text(st, 3, situation);
	cm_sql_bind_text(st, 4, date);
	rc = cm_stmt_step(st);
	cm_stmt_finalize(st);
	if (rc == CM_ECONFLICT)
		return cm_error_set(err, CM_ECONFLICT, "case %lld already has its %d-month follow-up",
				    (long long)case_id, months);
	if (rc != CM_DB_DONE)
		return cm_sql_fail(s, rc, err, "record follow-up");
	/* follow_up has no id column; its row is written out here for the audit. */
	snprintf(after, sizeof after, "{\"case_id\":%lld,\"months\":%d,\"situation\":\"%s\","
		 "\"on_date\":\"%s\"}", (long long)case_id, months, situation, date);
	snprintf(summary, sizeof summary, "follow-up at %d months on %s: %s", months, date,
		 situation);
	return cm_audit_add(s, "follow_up", months, case_id, summary, NULL, after, err);
}

/* A follow-up may be recorded from a month before it is due (closure + months). */
static int check_follow_up_date(int64_t case_id, int months, const char *on, const char *closed,
				struct cm_error *err)
{
	char earliest[CM_DATE_LEN];
	cm_days d;

	if (cm_date_parse_iso(closed, &d) < 0)
		return cm_error_set(err, CM_EFAIL, "case %lld has no closing date", (long long)case_id);
	cm_date_format(cm_date_add_months(d, months - 1), earliest);
	if (strcmp(on, earliest) < 0)
		return cm_error_set(err, CM_EUSAGE, "case %lld closed on %s: its %d-month follow-up"
				    " cannot be dated before %s", (long long)case_id, closed, months,
				    earliest);
	return 0;
}

int cm_case_follow_up(struct cm_store *s, int64_t case_id, int months, const char *situation,
		      const char *date, struct cm_error *err)
{
	char on[CM_DATE_LEN], closed[CM_DATE_LEN], list[320];
	int rc;

	if (months != 6 && months != 12 && months != 18)
		return cm_error_set(err, CM_EUSAGE, "follow-ups are at 6, 12 or 18 months, not %d",
				    months);
	if (!situation || (!cm_wf_one_of(situation, cm_outcomes) &&
			   !cm_wf_one_of(situation, cm_situations_after_exit))) {
		cm_wf_join(cm_outcomes, list, sizeof list);
		return cm_error_set(err, CM_EUSAGE, "unknown situation '%s' (%s, unemployed, inactive,"
				    " unknown)", situation ? situation : "", list);
	}
	rc = cm_wf_date_arg("date", date, on, NULL, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = require_closed(s, case_id, "follow-ups come after closure", err);
	if (rc == 0)
		rc = cm_wf_case_date(s, case_id, "closed_on", closed, err);
	if (rc == 0)
		rc = check_follow_up_date(case_id, months, on, closed, err);
	if (rc == 0)
		rc = insert_follow_up(s, case_id, months, situation, on, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

/* The state a case had before closing, read before the move overwrites it. */
static int state_before_closing(struct cm_store *s, int64_t case_id, char *out,
				struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT prev_state FROM cases WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	snprintf(out, CM_STATE_LEN, "%s", rc == CM_DB_ROW && cm_stmt_column_text(st, 0)
		 ? cm_stmt_column_text(st, 0) : "screening");
	cm_stmt_finalize(st);
	return rc == CM_DB_ROW ? 0 : cm_sql_fail(s, rc, err, "read case");
}

static int other_open_case(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT o.id, o.programme FROM cases c JOIN cases o"
			       " ON o.person_id = c.person_id AND o.programme = c.programme"
			       " WHERE c.id = ? AND o.id <> c.id AND o.state <> 'closed'", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		rc = cm_error_set(err, CM_ECONFLICT, "the person of case %lld already has open case %lld"
				  " in programme %s", (long long)case_id,
				  (long long)cm_stmt_column_int64(st, 0), cm_stmt_column_text(st, 1));
	else
		rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "find open case");
	cm_stmt_finalize(st);
	return rc;
}

/*
 * Clear the closure. A case reopened into suspension must resume into the
 * state it had before it was suspended, which the audit log's record of the
 * suspension holds (its before and after rows).
 */
static int undo_closure(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	char *before = cm_sql_row_json(s, "cases", "id", case_id);
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "UPDATE cases SET closed_on = NULL, outcome = NULL, close_note = NULL,"
			       " prev_state = CASE WHEN state = 'suspended' THEN coalesce(("
			       "SELECT cm_json_text(a.before, '$.state') FROM audit a"
			       " WHERE a.entity = 'cases' AND a.entity_id = ?1"
			       " AND cm_json_text(a.after, '$.state') = 'suspended'"
			       " AND cm_json_text(a.before, '$.state') NOT IN ('suspended', 'closed')"
			       " ORDER BY a.id DESC LIMIT 1), 'screening') ELSE prev_state END"
			       " WHERE id = ?1", &st, err);
	if (rc == 0) {
		cm_stmt_bind_int64(st, 1, case_id);
		rc = cm_sql_step_done(s, st, err, "reopen case");
		cm_stmt_finalize(st);
	}
	if (rc == 0)
		rc = cm_wf_audit_row(s, "cases", case_id, case_id, "closure undone: outcome cleared",
				     before, err);
	free(before);
	return rc;
}

int cm_case_reopen(struct cm_store *s, int64_t case_id, const char *reason,
		   struct cm_error *err)
{
	char prev[CM_STATE_LEN], why[512], gone[CM_DATE_LEN];
	int rc;

	if (!reason || !reason[0])
		return cm_error_set(err, CM_EUSAGE, "a reason is required to reopen a case");
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = require_closed(s, case_id, "only a closed case can be reopened", err);
	if (rc == 0)
		rc = cm_person_case_pseudonymised(s, case_id, gone, err);
	if (rc == 0 && gone[0])
		rc = cm_error_set(err, CM_EFAIL, "case %lld cannot be reopened: its person was"
				  " pseudonymised on %s; open a new case with cm intake",
				  (long long)case_id, gone);
	if (rc == 0)
		rc = other_open_case(s, case_id, err);
	if (rc == 0)
		rc = state_before_closing(s, case_id, prev, err);
	snprintf(why, sizeof why, "reopened: %s", reason);
	if (rc == 0)
		rc = cm_state_move(s, case_id, prev, why, err);
	if (rc == 0)
		rc = undo_closure(s, case_id, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}
