/*
 * cm report quota: be-trajet-specifique cases in a trajectory (and in a
 * renewal) at --to, as a share of the registered job seekers unemployed long
 * enough to count, against the programme's caps.
 */
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
 * One row: in trajectory, in renewal, job seekers, the two caps. Age is
 * taken at --to; without a birth date the 25-and-over duration applies.
 * The rules' figures fall back to those of the cooperation agreement.
 */
static const char sql[] =
	"WITH rules AS MATERIALIZED (SELECT"
	"  coalesce(json_extract(rules, '$.quota.trajectory_share'), 0.15) AS tcap,"
	"  coalesce(json_extract(rules, '$.quota.renewal_share'), 0.04) AS rcap,"
	"  date(:to, '-' || coalesce(json_extract(rules,"
	"   '$.quota.min_unemployed_months_under_25'), 3) || ' months') AS young,"
	"  date(:to, '-' || coalesce(json_extract(rules,"
	"   '$.quota.min_unemployed_months_25_and_over'), 6) || ' months') AS old"
	"  FROM programme WHERE id = 'be-trajet-specifique'),"
	" traj AS MATERIALIZED (SELECT count(*) AS n, coalesce(sum(EXISTS (SELECT 1 FROM renewal w"
	"  WHERE w.case_id = c.id AND w.on_date <= :to)), 0) AS renewed FROM cases c"
	"  WHERE c.programme = 'be-trajet-specifique'"
	"  AND c.opened_on <= :to AND (c.closed_on IS NULL OR c.closed_on > :to)),"
	" seekers AS MATERIALIZED (SELECT count(*) AS n FROM person p, rules"
	"  WHERE p.registered_on IS NOT NULL AND p.registered_on <= CASE"
	"  WHEN p.birth_date IS NOT NULL AND date(p.birth_date, '+25 years') > :to"
	"  THEN rules.young ELSE rules.old END)"
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
