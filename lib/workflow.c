/* Small helpers the workflow modules share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/audit.h"
#include "cm/state.h"
#include "sql.h"
#include "cm/clock.h"
#include "workflow.h"

int cm_wf_one_of(const char *v, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(v, *allowed) == 0)
			return 1;
	return 0;
}

void cm_wf_join(const char *const *list, char *out, size_t n)
{
	out[0] = '\0';
	for (; *list; list++) {
		if (out[0])
			strncat(out, ", ", n - strlen(out) - 1);
		strncat(out, *list, n - strlen(out) - 1);
	}
}

int cm_wf_audit_row(struct cm_store *s, const char *table, int64_t id, int64_t case_id,
		    const char *summary, const char *before, struct cm_error *err)
{
	char *after = cm_sql_row_json(s, table, "id", id);
	int rc = cm_audit_add(s, table, id, case_id, summary, before, after, err);

	free(after);
	return rc;
}

int cm_wf_date_arg(const char *field, const char *v, char out[CM_DATE_LEN], cm_days *day,
		   struct cm_error *err)
{
	cm_days today, d;
	int rc = cm_date_today(&today, err);

	if (rc < 0)
		return rc;
	if (!v)
		d = today;
	else if (cm_date_parse_iso(v, &d) < 0)
		return cm_error_set(err, CM_EUSAGE, "invalid %s '%s' (expected YYYY-MM-DD)", field, v);
	else if (d > today)
		return cm_error_set(err, CM_EUSAGE, "%s '%s' is in the future", field, v);
	cm_date_format(d, out);
	if (day)
		*day = d;
	return 0;
}

int cm_wf_case_date(struct cm_store *s, int64_t case_id, const char *column,
		    char out[CM_DATE_LEN], struct cm_error *err)
{
	char *sql = cm_db_mprintf("SELECT \"%w\" FROM cases WHERE id = ?", column);
	struct cm_stmt *st;
	int rc;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = cm_sql_prepare(s, sql, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	out[0] = '\0';
	rc = cm_sql_step_one(s, st, "case", case_id, err);
	if (rc == 0 && cm_stmt_column_type(st, 0) != CM_DB_NULL)
		snprintf(out, CM_DATE_LEN, "%s", cm_stmt_column_text(st, 0));
	cm_stmt_finalize(st);
	return rc;
}

static int withdrawn_since(struct cm_store *s, int64_t case_id, char since[CM_DATE_LEN],
			   struct cm_error *err)
{
	int rc = cm_state_consent_suspended(s, case_id, since);

	if (rc < 0)
		return cm_error_set(err, CM_EDB, "cannot read the state of case %lld",
				    (long long)case_id);
	return rc;
}

int cm_wf_consent_guard(struct cm_store *s, int64_t case_id, enum cm_wf_consent_op op,
			struct cm_error *err)
{
	char since[CM_DATE_LEN];
	long long id = (long long)case_id;
	int rc = withdrawn_since(s, case_id, since, err);

	if (rc <= 0)
		return rc;
	if (op == CM_WF_PLAN)
		return cm_error_set(err, CM_ESTATE,
				    "case %lld: consent to case management was withdrawn on %s;"
				    " the plan cannot change until it is given again with"
				    " 'cm consent %lld give case-management'", id, since, id);
	return cm_error_set(err, CM_ESTATE,
			    "case %lld: consent to case management was withdrawn on %s;"
			    " no referral can be made until it is given again with"
			    " 'cm consent %lld give case-management'", id, since, id);
}

static int contacts_since(struct cm_store *s, int64_t case_id, const char *since,
			  struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT count(*) FROM contact WHERE case_id = ?"
			       " AND cm_local_date(at) >= ? AND withdrawn_on IS NULL", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_text(st, 2, since, -1);
	rc = cm_stmt_step(st) == CM_DB_ROW ? cm_stmt_column_int(st, 0)
					    : cm_sql_fail(s, CM_EDB, err, "count contacts");
	cm_stmt_finalize(st);
	return rc;
}

int cm_wf_consent_contact_guard(struct cm_store *s, int64_t case_id, const char *kind,
				const char *at, struct cm_error *err)
{
	char since[CM_DATE_LEN], on[CM_DATE_LEN];
	long long id = (long long)case_id;
	int rc = withdrawn_since(s, case_id, since, err);

	/* Withdrawn on a local date: a contact counts from that day, in the local time zone. */
	cm_time_local_date(at, on);
	if (rc <= 0 || strcmp(on, since) < 0)
		return rc;
	if (strcmp(kind, "interview") != 0 && strcmp(kind, "no-show") != 0)
		return cm_error_set(err, CM_ESTATE,
				    "case %lld: consent to case management was withdrawn on %s;"
				    " only a final interview or no-show can be recorded",
				    id, since);
	rc = contacts_since(s, case_id, since, err);
	if (rc > 0)
		return cm_error_set(err, CM_ESTATE,
				    "case %lld: consent to case management was withdrawn on %s"
				    " and the final contact is already recorded; close the case or"
				    " record renewed consent with 'cm consent %lld give"
				    " case-management'", id, since, id);
	return rc;
}
