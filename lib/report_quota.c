/*
 * cm report quota: be-trajet-specifique cases in a trajectory (and in a
 * renewal) at --to, as a share of the registered job seekers unemployed long
 * enough to count, against the programme's caps.
 */
#include "cm/clock.h"
#include "cm/programme.h"
#include "cm/i18n.h"
#include "report_impl.h"

enum { C_MEASURE, C_CASES, C_BASE, C_SHARE, C_CAP, C_ABOVE, C_NCOLS };

static const struct rcol cols[] = {
	{ "measure", RC_KEY, -1, 0, 0, NULL },
	{ "cases", RC_COUNT, -1, 0, 0, NULL },
	{ "job_seekers", RC_COUNT, -1, 0, 0, N_("job seekers counted") },
	{ "share", RC_SHARE, C_CASES, C_BASE, 0, NULL },
	{ "cap", RC_FRACTION, -1, 0, 3, NULL },
	{ "above_cap", RC_BOOL, C_CASES, C_BASE, 0, N_("above the cap") },
};

/*
 * One row: in trajectory, in renewal, job seekers, the two caps. The job
 * seekers are « chômeurs, indemnisés ou en stage d'insertion
 * professionnelle, depuis au moins 3 mois s'ils ont moins de 25 ans ou 6
 * mois dans les autres cas »: benefit status benefit or
 * insertion-internship, unemployed (since unemployed_since, else the
 * registration) long enough on --to, and still unemployed then: no end of
 * unemployment recorded by --to, and no case closed into a job since it
 * began. Age is taken at --to; without a birth date the 25-and-over
 * duration applies. The rules' figures fall back to those of the
 * cooperation agreement.
 */
#define UNEMPLOYED_SINCE "coalesce(p.unemployed_since, p.registered_on)"
#define JOB_OUTCOMES "('employment', 'subsidised-employment', 'self-employment')"
static const char sql[] =
	"WITH rules AS MATERIALIZED (SELECT"
	"  coalesce(cm_json_real(rules, '$.quota.trajectory_share'), 0.15) AS tcap,"
	"  coalesce(cm_json_real(rules, '$.quota.renewal_share'), 0.04) AS rcap,"
	"  cm_add_months(:to, -coalesce(cm_json_int(rules,"
	"   '$.quota.min_unemployed_months_under_25'), 3)) AS young,"
	"  cm_add_months(:to, -coalesce(cm_json_int(rules,"
	"   '$.quota.min_unemployed_months_25_and_over'), 6)) AS old"
	"  FROM programme WHERE id = 'be-trajet-specifique'),"
	" traj AS MATERIALIZED (SELECT count(*) AS n, coalesce(sum(CASE WHEN EXISTS (SELECT 1"
	"  FROM renewal w WHERE w.case_id = c.id AND w.on_date <= :to) THEN 1 ELSE 0 END), 0) AS renewed FROM cases c"
	"  WHERE c.programme = 'be-trajet-specifique' AND " CM_SCOPE("c.worker")
	"  AND c.opened_on <= :to AND (c.closed_on IS NULL OR c.closed_on > :to)),"
	" seekers AS MATERIALIZED (SELECT count(*) AS n FROM person p, rules"
	"  WHERE p.benefit_status IN ('benefit', 'insertion-internship')"
	"  AND (EXISTS (SELECT 1 FROM cm_scope WHERE login IS NULL)"
	"  OR EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND " CM_SCOPE("c.worker") "))"
	"  AND " UNEMPLOYED_SINCE " <= CASE"
	"  WHEN p.birth_date IS NOT NULL AND cm_age(p.birth_date, :to) < 25"
	"  THEN rules.young ELSE rules.old END"
	"  AND (p.unemployment_ended_on IS NULL OR p.unemployment_ended_on > :to)"
	"  AND NOT EXISTS (SELECT 1 FROM cases j WHERE j.person_id = p.id AND j.outcome IN " JOB_OUTCOMES
	"  AND j.closed_on BETWEEN " UNEMPLOYED_SINCE " AND :to))"
	" SELECT traj.n, traj.renewed, seekers.n, rules.tcap, rules.rcap FROM rules, traj, seekers";

static void quota_row(struct rtab *t, const char *measure, long long cases, long long base,
		      double cap)
{
	int r = rtab_add_row(t);

	rtab_text(t, r, C_MEASURE, measure);
	rtab_int(t, r, C_CASES, cases);
	rtab_int(t, r, C_BASE, base);
	rtab_number(t, r, C_CAP, cap);
	rtab_share_of(t, r, C_SHARE, -1);
	if (base > 0)
		rtab_int(t, r, C_ABOVE, (double)cases > cap * (double)base);
}

/*
 * « peut à tout moment être repris »: the caps hold every day, so opening
 * or renewing a trajectory is checked at once. On the case's programme's
 * quota (none: nothing to say), today.
 */
int cm_report_quota_warning(struct cm_store *s, int64_t case_id, struct cm_error *warning)
{
	struct cm_report_opts o = { .min_cell = 1 };
	struct cm_programme_rules r;
	struct cm_error err = { 0 };
	struct cm_stmt *st;
	long long traj, renewed, base;
	int rc;

	if (cm_programme_rules_for_case(s, case_id, &r, &err) < 0 || !r.has_quota ||
	    cm_today(o.to, &err) < 0 || report_prepare(s, sql, &o, &st, &err) < 0)
		return 0;
	rc = cm_stmt_step(st);
	traj = rc == CM_DB_ROW ? cm_stmt_column_int64(st, 0) : 0;
	renewed = rc == CM_DB_ROW ? cm_stmt_column_int64(st, 1) : 0;
	base = rc == CM_DB_ROW ? cm_stmt_column_int64(st, 2) : 0;
	cm_stmt_finalize(st);
	if (base <= 0)
		return 0;
	if ((double)traj > r.quota_trajectory_share * (double)base)
		cm_error_set(warning, CM_EFAIL,
			     "%lld cases in a trajectory are %.1f %% of the %lld job seekers counted,"
			     " above the cap of %.1f %% of programme %s; see 'cm report quota'",
			     traj, 100.0 * (double)traj / (double)base, base,
			     100.0 * r.quota_trajectory_share, r.id);
	else if ((double)renewed > r.quota_renewal_share * (double)base)
		cm_error_set(warning, CM_EFAIL,
			     "%lld cases in a renewal are %.1f %% of the %lld job seekers counted,"
			     " above the cap of %.1f %% of programme %s; see 'cm report quota'",
			     renewed, 100.0 * (double)renewed / (double)base, base,
			     100.0 * r.quota_renewal_share, r.id);
	return 0;
}

int report_quota(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		 struct cm_error *err)
{
	struct cm_stmt *st;
	struct rtab t;
	int rc;

	rc = report_prepare(s, sql, o, &st, err);
	if (rc < 0)
		return rc;
	rtab_init(&t, cols, C_NCOLS);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		long long base = cm_stmt_column_int64(st, 2);

		quota_row(&t, "trajectory", cm_stmt_column_int64(st, 0), base,
			  cm_stmt_column_double(st, 3));
		quota_row(&t, "renewal", cm_stmt_column_int64(st, 1), base,
			  cm_stmt_column_double(st, 4));
		rc = 0;
	} else if (rc == CM_DB_DONE) {
		rc = cm_error_set(err, CM_ENOTFOUND,
				  "unknown programme 'be-trajet-specifique'; see 'cm programme list'");
	} else {
		rc = cm_sql_fail(s, rc, err, "quota");
	}
	cm_stmt_finalize(st);
	if (rc == 0 && (rc = rtab_emit(&t, o->min_cell, e)) < 0)
		cm_error_set(err, rc, "out of memory");
	rtab_release(&t);
	return rc;
}
