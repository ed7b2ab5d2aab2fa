/* cm report durations: days from intake to signed plan, first referral and closure. */
#include <string.h>
#include "cm/i18n.h"
#include "report_impl.h"

enum { C_GROUP, C_MEASURE, C_CASES, C_MEDIAN, C_P90, C_NCOLS };

static const struct rcol cols[] = {
	{ "group", RC_KEY, -1, 0, 0, NULL },
	{ "measure", RC_KEY, -1, 0, 0, NULL },
	{ "cases", RC_COUNT, -1, 0, 0, NULL },
	{ "median_days", RC_INT, C_CASES, 0, 0, N_("median days") },
	{ "p90_days", RC_INT, C_CASES, 0, 0, N_("90th percentile days") },
};

static const char *const measures[] = { "plan", "referral", "closure" };
#define NMEASURES 3

/*
 * A plan counts as signed on the day its first fully signed version got its
 * second signature. Percentiles are nearest-rank: the value at rank
 * ceil(p * n) of the n durations in ascending order.
 */
static const char sql_template[] =
	"WITH signed AS (SELECT case_id, min(d) AS d FROM"
	" (SELECT case_id, max(substr(signed_on, 1, 10)) AS d FROM plan_signature"
	"  GROUP BY case_id, version HAVING count(DISTINCT role) = 2) AS v GROUP BY case_id),"
	" firstref AS (SELECT case_id, min(sent_on) AS d FROM referral GROUP BY case_id),"
	" ev AS ("
	"  SELECT 0 AS m, x.worker, x.programme, x.opened_on, s.d AS on_date"
	"  FROM signed s JOIN cases x ON x.id = s.case_id WHERE s.d BETWEEN :from AND :to"
	"  UNION ALL SELECT 1, x.worker, x.programme, x.opened_on, f.d"
	"  FROM firstref f JOIN cases x ON x.id = f.case_id WHERE f.d BETWEEN :from AND :to"
	"  UNION ALL SELECT 2, x.worker, x.programme, x.opened_on, x.closed_on"
	"  FROM cases x WHERE x.closed_on BETWEEN :from AND :to),"
	" d AS (SELECT %s AS g, c.m,"
	"  cm_days(c.opened_on, c.on_date) AS days"
	"  FROM ev c WHERE " PROG_FILTER "),"
	" r AS (SELECT g, m, days, row_number() OVER (PARTITION BY g, m ORDER BY days) AS rn,"
	"  count(*) OVER (PARTITION BY g, m) AS n FROM d)"
	" SELECT g, m, max(n), max(CASE WHEN rn = (n + 1) / 2 THEN days END),"
	" max(CASE WHEN rn = (9 * n + 9) / 10 THEN days END)"
	" FROM r GROUP BY g, m ORDER BY g, m";

/* Three rows (one per measure) for group g, zero until filled. Returns the first. */
static int group_rows(struct rtab *t, const char *g)
{
	int i, first = t->nrows;

	for (i = 0; i < NMEASURES; i++) {
		int r = rtab_add_row(t);

		rtab_text(t, r, C_GROUP, g);
		rtab_text(t, r, C_MEASURE, measures[i]);
		rtab_int(t, r, C_CASES, 0);
	}
	return first;
}

static int same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Run the query grouped by expr; rows for each group (or one block labelled label). */
static int fill(struct cm_store *s, const struct cm_report_opts *o, struct rtab *t,
		const char *expr, const char *label, struct cm_error *err)
{
	char *sql = cm_db_mprintf(sql_template, expr);
	struct cm_stmt *st;
	int rc, first = -1, r, m;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = report_prepare(s, sql, o, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	if (label)
		first = group_rows(t, label);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		if (!label && (first < 0 ||
			       !same(rtab_cell(t, first, C_GROUP)->text, cm_stmt_column_text(st, 0))))
			first = group_rows(t, cm_stmt_column_text(st, 0));
		m = cm_stmt_column_int(st, 1);
		if (first < 0 || m < 0 || m >= NMEASURES)
			continue;
		r = first + m;
		rtab_int(t, r, C_CASES, cm_stmt_column_int64(st, 2));
		rtab_int(t, r, C_MEDIAN, cm_stmt_column_int64(st, 3));
		rtab_int(t, r, C_P90, cm_stmt_column_int64(st, 4));
	}
	rc = report_step_end(s, rc, err, "durations");
	cm_stmt_finalize(st);
	return rc;
}

int report_durations(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		     struct cm_error *err)
{
	struct rtab t;
	int rc, groups, m;

	rtab_init(&t, cols, C_NCOLS);
	t.group_name = report_by_name(o->by);
	t.hide_first = o->by == CM_BY_NONE;
	rc = 0;
	if (o->by != CM_BY_NONE)
		rc = fill(s, o, &t, report_group_expr(o->by, "substr(c.on_date, 1, 7)"), NULL, err);
	groups = t.nrows / NMEASURES;
	if (rc == 0)
		rc = fill(s, o, &t, "NULL", ALL_ROWS, err);
	if (rc == 0 && rtab_lines_begin(&t) == 0 && o->by != CM_BY_NONE)
		for (m = 0; m < NMEASURES; m++)
			rtab_line_range(&t, C_CASES, groups * NMEASURES + m, m, groups, NMEASURES);
	if (rc == 0 && (rc = rtab_emit(&t, o->min_cell, e)) < 0)
		cm_error_set(err, rc, "out of memory");
	rtab_release(&t);
	return rc;
}
