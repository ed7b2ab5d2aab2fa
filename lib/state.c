/* Moving a case between states, reassigning it, suspending and resuming it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/access.h"
#include "cm/audit.h"
#include "cm/clock.h"
#include "cm/state.h"
#include "cm/store.h"
#include "cm/worker.h"
#include "cm/i18n.h"
#include "sql.h"

int cm_state_get(struct cm_store *s, int64_t case_id, char *state, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT state FROM cases WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_sql_step_one(s, st, "case", case_id, err);
	if (rc == 0)
		snprintf(state, CM_STATE_LEN, "%s", cm_stmt_column_text(st, 0));
	cm_stmt_finalize(st);
	return rc;
}

int cm_state_require_open(struct cm_store *s, int64_t case_id, char *state,
			  struct cm_error *err)
{
	int rc = cm_state_get(s, case_id, state, err);

	if (rc == 0 && strcmp(state, "closed") == 0)
		return cm_error_set(err, CM_ESTATE, "case %lld is closed; reopen it first",
				    (long long)case_id);
	return rc;
}

/* Update one column of a case and audit the change with before and after. */
static int update_case(struct cm_store *s, int64_t case_id, const char *sql,
		       const char *a, const char *b, const char *summary, struct cm_error *err)
{
	char *before = cm_sql_row_json(s, "cases", "id", case_id), *after;
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, sql, &st, err);
	if (rc < 0) {
		free(before);
		return rc;
	}
	cm_sql_bind_text(st, 1, a);
	cm_sql_bind_text(st, 2, b);
	cm_stmt_bind_int64(st, 3, case_id);
	rc = cm_sql_step_done(s, st, err, "update case");
	cm_stmt_finalize(st);
	if (rc == 0) {
		after = cm_sql_row_json(s, "cases", "id", case_id);
		rc = cm_audit_add(s, "cases", case_id, case_id, summary, before, after, err);
		free(after);
	}
	free(before);
	return rc;
}

int cm_state_move(struct cm_store *s, int64_t case_id, const char *to, const char *why,
		  struct cm_error *err)
{
	char from[CM_STATE_LEN], today[CM_DATE_LEN], summary[512];
	int rc;

	rc = cm_state_get(s, case_id, from, err);
	if (rc == 0)
		rc = cm_today(today, err);
	if (rc < 0)
		return rc;
	snprintf(summary, sizeof summary, "state %s -> %s%s%s", from, to, why ? ": " : "",
		 why ? why : "");
	return update_case(s, case_id,
			   "UPDATE cases SET prev_state = state, state = ?1, state_since = ?2"
			   " WHERE id = ?3", to, today, summary, err);
}

/* Run fn inside a transaction, committing on success. */
static int in_transaction(struct cm_store *s, struct cm_error *err,
			  int (*fn)(struct cm_store *, int64_t, const void *, struct cm_error *),
			  int64_t case_id, const void *arg)
{
	int rc = cm_store_begin(s, err);

	if (rc < 0)
		return rc;
	rc = fn(s, case_id, arg, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

struct assign_args {
	const char *worker, *reason;
};

static const char *current_worker(struct cm_store *s, int64_t case_id, char *buf, size_t n)
{
	struct cm_stmt *st;

	buf[0] = '\0';
	if (cm_sql_prepare(s, "SELECT worker FROM cases WHERE id = ?", &st, NULL) < 0)
		return buf;
	cm_stmt_bind_int64(st, 1, case_id);
	if (cm_stmt_step(st) == CM_DB_ROW)
		snprintf(buf, n, "%s", cm_stmt_column_text(st, 0));
	cm_stmt_finalize(st);
	return buf;
}

static int assign_tx(struct cm_store *s, int64_t case_id, const void *arg, struct cm_error *err)
{
	const struct assign_args *a = arg;
	char state[CM_STATE_LEN], from[256], summary[768];
	int rc;

	rc = cm_state_require_open(s, case_id, state, err);
	if (rc < 0)
		return rc;
	current_worker(s, case_id, from, sizeof from);
	if (strcmp(from, a->worker) == 0)
		return cm_error_set(err, CM_EFAIL, "case %lld is already assigned to %s",
				    (long long)case_id, a->worker);
	snprintf(summary, sizeof summary, "assigned %s -> %s: %s", from, a->worker, a->reason);
	return update_case(s, case_id, "UPDATE cases SET worker = ?1 WHERE id = ?3 AND ?2 IS NULL",
			   a->worker, NULL, summary, err);
}

int cm_case_assign(struct cm_store *s, int64_t case_id, const char *worker, const char *reason,
		   struct cm_error *err)
{
	struct assign_args a = { worker, reason };

	if (!worker || !*worker)
		return cm_error_set(err, CM_EUSAGE, "worker must not be empty");
	if (!reason || !*reason)
		return cm_error_set(err, CM_EUSAGE, "a reason is required to reassign a case");
	if (cm_worker_check(s, worker, err) < 0 || cm_access_may_assign(s, worker, err) < 0)
		return err ? err->status : CM_ENOTFOUND;
	return in_transaction(s, err, assign_tx, case_id, &a);
}

static int suspend_tx(struct cm_store *s, int64_t case_id, const void *arg,
		      struct cm_error *err)
{
	const char *reason = arg;
	char state[CM_STATE_LEN], today[CM_DATE_LEN], summary[512];
	int rc;

	rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0 && strcmp(state, "suspended") == 0)
		rc = cm_error_set(err, CM_ESTATE, "case %lld is already suspended",
				  (long long)case_id);
	if (rc == 0)
		rc = cm_today(today, err);
	if (rc < 0)
		return rc;
	snprintf(summary, sizeof summary, "state %s -> suspended: %s", state, reason);
	return update_case(s, case_id,
			   "UPDATE cases SET prev_state = state, state = 'suspended',"
			   " state_since = ?2, suspend_reason = ?1 WHERE id = ?3",
			   reason, today, summary, err);
}

int cm_case_suspend(struct cm_store *s, int64_t case_id, const char *reason,
		    struct cm_error *err)
{
	if (!reason || !*reason)
		return cm_error_set(err, CM_EUSAGE, "a reason is required to suspend a case");
	return in_transaction(s, err, suspend_tx, case_id, reason);
}

/* The state a suspended case resumes to. */
static int previous_state(struct cm_store *s, int64_t case_id, char *prev, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT prev_state FROM cases WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW && cm_stmt_column_type(st, 0) != CM_DB_NULL) {
		snprintf(prev, CM_STATE_LEN, "%s", cm_stmt_column_text(st, 0));
		rc = 0;
	} else {
		rc = rc == CM_DB_ROW || rc == CM_DB_DONE
			     ? cm_error_set(err, CM_EDB, "case %lld has no state to resume to",
					    (long long)case_id)
			     : cm_sql_fail(s, rc, err, "read case");
	}
	cm_stmt_finalize(st);
	return rc;
}

static int resume_tx(struct cm_store *s, int64_t case_id, const void *unused,
		     struct cm_error *err)
{
	char state[CM_STATE_LEN], today[CM_DATE_LEN], prev[CM_STATE_LEN], summary[64];
	int rc;

	(void)unused;
	rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0 && strcmp(state, "suspended") != 0)
		rc = cm_error_set(err, CM_ESTATE, "case %lld is not suspended (it is %s)",
				  (long long)case_id, C_("state", state));
	if (rc == 0 && cm_state_consent_suspended(s, case_id, NULL) == 1)
		rc = cm_error_set(err, CM_ESTATE,
				  "case %lld is suspended because consent to case management was"
				  " withdrawn; record it again with 'cm consent %lld give"
				  " case-management'", (long long)case_id, (long long)case_id);
	if (rc == 0)
		rc = cm_today(today, err);
	if (rc == 0)
		rc = previous_state(s, case_id, prev, err);
	if (rc < 0)
		return rc;
	snprintf(summary, sizeof summary, "resumed: state suspended -> %s", prev);
	return update_case(s, case_id,
			   "UPDATE cases SET state = prev_state, prev_state = 'suspended',"
			   " state_since = ?1, suspend_reason = ?2 WHERE id = ?3",
			   today, NULL, summary, err);
}

int cm_case_resume(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	return in_transaction(s, err, resume_tx, case_id, NULL);
}

/*
 * Withdrawing case-management consent ends the person's adherence, "la
 * condition essentielle": the case is put on hold with this reason,
 * whatever it was doing (a case already on hold keeps the state it will
 * resume to).
 */
int cm_state_consent_withdrawn(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	char state[CM_STATE_LEN], today[CM_DATE_LEN], summary[128];
	int rc;

	rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0)
		rc = cm_today(today, err);
	if (rc < 0)
		return rc;
	snprintf(summary, sizeof summary, "state %s -> suspended: %s", state,
		 CM_CONSENT_WITHDRAWN_REASON);
	return update_case(s, case_id,
			   "UPDATE cases SET prev_state = CASE WHEN state = 'suspended'"
			   " THEN prev_state ELSE state END, state = 'suspended',"
			   " state_since = ?2, suspend_reason = ?1 WHERE id = ?3",
			   CM_CONSENT_WITHDRAWN_REASON, today, summary, err);
}

/* Renewed consent lifts the suspension its withdrawal caused, and only that one. */
int cm_state_consent_renewed(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	char today[CM_DATE_LEN], prev[CM_STATE_LEN], summary[96];
	int rc, withdrawn = cm_state_consent_suspended(s, case_id, NULL);

	if (withdrawn <= 0)
		return withdrawn;
	rc = cm_today(today, err);
	if (rc == 0)
		rc = previous_state(s, case_id, prev, err);
	if (rc < 0)
		return rc;
	snprintf(summary, sizeof summary, "consent given again: state suspended -> %s", prev);
	return update_case(s, case_id,
			   "UPDATE cases SET state = prev_state, prev_state = 'suspended',"
			   " state_since = ?1, suspend_reason = ?2 WHERE id = ?3",
			   today, NULL, summary, err);
}

int cm_state_consent_suspended(struct cm_store *s, int64_t case_id, char since[CM_DATE_LEN])
{
	struct cm_stmt *st;
	int rc;

	if (cm_sql_prepare(s, "SELECT state_since FROM cases WHERE id = ? AND state = 'suspended'"
			      " AND suspend_reason = '" CM_CONSENT_WITHDRAWN_REASON "'", &st, NULL) < 0)
		return CM_EDB;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW && since)
		snprintf(since, CM_DATE_LEN, "%s", cm_stmt_column_text(st, 0));
	cm_stmt_finalize(st);
	return rc == CM_DB_ROW ? 1 : rc == CM_DB_DONE ? 0 : CM_EDB;
}
