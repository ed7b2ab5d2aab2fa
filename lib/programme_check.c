/* Programme rules applied where they belong: eligibility at intake, caseload norms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/date.h"
#include "cm/programme.h"
#include "sql.h"

struct person_dates {
	char *birth_date, *registered_on;
};

static int read_person_dates(struct cm_store *s, int64_t person_id, struct person_dates *p,
			     struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	p->birth_date = p->registered_on = NULL;
	rc = cm_sql_prepare(s, "SELECT birth_date, registered_on FROM person WHERE id = ?", &st,
			    err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, person_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		p->birth_date = cm_sql_column_dup(st, 0);
		p->registered_on = cm_sql_column_dup(st, 1);
		rc = 0;
	} else if (rc == CM_DB_DONE) {
		rc = cm_error_set(err, CM_ENOTFOUND, "no person %lld", (long long)person_id);
	} else {
		rc = cm_sql_fail(s, rc, err, "read person");
	}
	cm_stmt_finalize(st);
	return rc;
}

static void age_range_text(const struct cm_programme_rules *r, char *out, size_t n)
{
	if (r->min_age != CM_RULE_NONE && r->max_age != CM_RULE_NONE)
		snprintf(out, n, "ages %d to %d", r->min_age, r->max_age);
	else if (r->max_age != CM_RULE_NONE)
		snprintf(out, n, "ages up to %d", r->max_age);
	else
		snprintf(out, n, "ages from %d", r->min_age);
}

static int check_age(const struct cm_programme_rules *r, const char *birth_date, const char *on, struct cm_error *err)
{
	cm_days birth, day;
	char range[64];
	int age;

	if (r->min_age == CM_RULE_NONE && r->max_age == CM_RULE_NONE)
		return 0;
	/* An age rule holds for the whole accompaniment: it cannot be checked without the birth date. */
	if (!birth_date) {
		age_range_text(r, range, sizeof range);
		return cm_error_set(err, CM_EFAIL,
				    "no birth date: programme %s has an age rule (%s) and needs it"
				    " (--birth-date)", r->id, range);
	}
	if (cm_date_parse_iso(birth_date, &birth) < 0 || cm_date_parse_iso(on, &day) < 0)
		return 0;
	age = cm_date_age(birth, day);
	if ((r->min_age == CM_RULE_NONE || age >= r->min_age) &&
	    (r->max_age == CM_RULE_NONE || age <= r->max_age))
		return 0;
	age_range_text(r, range, sizeof range);
	return cm_error_set(err, CM_EFAIL, "age %d on %s is outside programme %s (%s)", age, on,
			    r->id, range);
}

static int check_incapacity(const struct cm_programme_rules *r, int incapacity,
			    struct cm_error *err)
{
	if (incapacity == CM_RULE_NONE)
		return cm_error_set(err, CM_EFAIL,
				    "programme %s needs the predicted permanent incapacity "
				    "(--incapacity PCT)", r->id);
	if (incapacity < r->incapacity_specialised_team_min)
		return cm_error_set(err, CM_EFAIL,
				    "predicted incapacity %d %% is below the %d %% threshold of "
				    "programme %s", incapacity, r->incapacity_specialised_team_min,
				    r->id);
	if (incapacity < r->incapacity_case_management_min)
		return cm_error_set(err, CM_EFAIL,
				    "predicted incapacity %d %% is below the %d %% case-management "
				    "threshold of programme %s (the specialised team takes %d %% "
				    "and over)", incapacity, r->incapacity_case_management_min,
				    r->id, r->incapacity_specialised_team_min);
	return 0;
}

static int check_rules(const struct cm_programme_rules *r, const struct person_dates *p, const char *on, int incapacity,
		       struct cm_error *err)
{
	if ((r->checks & CM_CHECK_BIRTH_DATE) && !p->birth_date)
		return cm_error_set(err, CM_EFAIL,
				    "no birth date: programme %s needs it to check the age "
				    "(--birth-date)", r->id);
	if ((r->checks & CM_CHECK_REGISTERED_ON) && !p->registered_on)
		return cm_error_set(err, CM_EFAIL,
				    "no registration date: programme %s needs it (--registered-on)",
				    r->id);
	if (r->checks & CM_CHECK_INCAPACITY) {
		int rc = check_incapacity(r, incapacity, err);

		if (rc < 0)
			return rc;
	}
	return check_age(r, p->birth_date, on, err);
}

int cm_programme_check_eligibility(struct cm_store *s, const char *programme, int64_t person_id,
				   const char *on, int incapacity, struct cm_error *err)
{
	struct cm_programme_rules r;
	struct person_dates p;
	int rc;

	rc = cm_programme_rules_get(s, programme, &r, err);
	if (rc < 0)
		return rc;
	rc = read_person_dates(s, person_id, &p, err);
	if (rc < 0)
		return rc;
	rc = check_rules(&r, &p, on, incapacity, err);
	free(p.birth_date);
	free(p.registered_on);
	return rc;
}

int cm_programme_caseload_check(struct cm_store *s, const char *worker, const char *programme,
				int extra, long long *open_cases, int *norm, struct cm_error *err)
{
	struct cm_programme_rules r;
	struct cm_stmt *st;
	int rc;

	*open_cases = 0;
	*norm = CM_RULE_NONE;
	rc = cm_programme_rules_get(s, programme, &r, err);
	if (rc < 0)
		return rc;
	rc = cm_sql_prepare(s, "SELECT count(*) FROM cases WHERE worker = ? AND state <> 'closed'",
			    &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, worker, -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*open_cases = cm_stmt_column_int64(st, 0) + extra;
	rc = rc == CM_DB_ROW ? 0 : cm_sql_fail(s, rc, err, "count caseload");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	*norm = r.caseload_norm;
	if (*norm == CM_RULE_NONE || *open_cases <= *norm)
		return 0;
	return cm_error_set(err, CM_EFAIL,
			    "worker %s %s %lld open cases, above the caseload norm of %d of "
			    "programme %s", worker, extra ? "would have" : "has", *open_cases,
			    *norm, programme);
}
