/* cm report contacts: contact frequency against the rule, no-shows, interview time. */
#include "cm/i18n.h"
#include "report_impl.h"

enum { C_GROUP, C_CASES, C_CASE_MONTHS, C_CONTACTS, C_PER_MONTH, C_RULE, C_BELOW, C_NO_SHOWS,
       C_NO_SHOW_RATE, C_INTERVIEWS, C_MINUTES, C_MEAN_MINUTES, C_NCOLS };

static const struct rcol cols[] = {
	{ "group", RC_KEY, -1, 0, 0, NULL },
	{ "cases", RC_COUNT, -1, 0, 0, NULL },
	{ "case_months", RC_NUMBER, C_CASES, 0, 1, N_("case-months") },
	{ "contacts", RC_COUNT, -1, 0, 0, NULL },
	{ "contacts_per_case_month", RC_NUMBER, C_CONTACTS, C_CASES, 2, N_("contacts per case-month") },
	{ "rule_per_case_month", RC_NUMBER, C_CASES, 0, 2, N_("contacts required per case-month") },
	{ "cases_below_rule", RC_COUNT, -1, 0, 0, N_("cases below the required contacts") },
	{ "no_shows", RC_COUNT, -1, 0, 0, N_("no-shows") },
	{ "no_show_rate", RC_FRACTION, C_NO_SHOWS, C_CONTACTS, 3, N_("no-show rate") },
	{ "interviews", RC_COUNT, -1, 0, 0, NULL },
	{ "interview_minutes", RC_INT, C_INTERVIEWS, 0, 0, N_("interview minutes") },
	{ "mean_interview_minutes", RC_NUMBER, C_INTERVIEWS, 0, 1, N_("mean interview minutes") },
};

/* A month is 365.25 / 12 days. */
#define DAYS_PER_MONTH 30.4375

static const char whole_window[] = "SELECT :from, :to, NULL";
/*
 * Contacts by case, and by month with --by month. Over the whole window the
 * plain range lets SQLite group along the contact_case index, with no sort.
 */
static const char whole_window_contacts[] =
	"WHERE k.at >= :from AND k.at < date(:to, '+1 day') AND k.withdrawn_on IS NULL"
	" GROUP BY k.case_id";
static const char each_month_contacts[] =
	"JOIN per ON k.at >= per.lo AND k.at < date(per.hi, '+1 day') WHERE k.withdrawn_on IS NULL"
	" GROUP BY k.case_id, per.label";
static const char each_month[] =
	"SELECT :from, min(date(:from, 'start of month', '+1 month', '-1 day'), :to),"
	" substr(:from, 1, 7)"
	" UNION ALL SELECT date(hi, '+1 day'),"
	" min(date(hi, '+1 day', 'start of month', '+1 month', '-1 day'), :to),"
	" substr(date(hi, '+1 day'), 1, 7) FROM per WHERE hi < :to";

/*
 * Per case and period: the days it was open in the period and its interval
 * (the case's own, else the programme's); per case and period, its contacts.
 */
static const char sql_template[] =
	"WITH RECURSIVE per(lo, hi, label) AS (%s),"
	" cs AS (SELECT c.id, c.worker, c.programme, per.label AS month,"
	"  julianday(min(coalesce(c.closed_on, per.hi), per.hi))"
	"  - julianday(max(c.opened_on, per.lo)) + 1 AS days,"
	"  coalesce(c.contact_every_days, json_extract(pr.rules, '$.contact_interval_days')) AS every"
	"  FROM cases c JOIN programme pr ON pr.id = c.programme"
	"  JOIN per ON c.opened_on <= per.hi AND (c.closed_on IS NULL OR c.closed_on >= per.lo)"
	"  WHERE " PROG_FILTER "),"
	" ct AS (SELECT k.case_id, %s AS month, sum(k.kind <> 'no-show') AS n,"
	"  sum(k.kind = 'no-show') AS ns, sum(k.kind = 'interview') AS iv,"
	"  sum(CASE WHEN k.kind = 'interview' THEN k.duration END) AS mins"
	"  FROM contact k %s)"
	" SELECT %s AS g, count(*), sum(c.days), sum(coalesce(ct.n, 0)),"
	" sum(CASE WHEN c.every > 0 THEN c.days / c.every END),"
	" sum(CASE WHEN c.every > 0 THEN c.days END),"
	" sum(c.every > 0 AND coalesce(ct.n, 0) < CAST(c.days / c.every AS INTEGER)),"
	" sum(coalesce(ct.ns, 0)), sum(coalesce(ct.iv, 0)), sum(coalesce(ct.mins, 0))"
	" FROM cs c LEFT JOIN ct ON ct.case_id = c.id AND ct.month IS c.month"
	" GROUP BY g ORDER BY g";

static void contacts_row(struct rtab *t, struct cm_stmt *st, const char *label)
{
	int r = rtab_add_row(t);
	long long cases = cm_stmt_column_int64(st, 1), contacts = cm_stmt_column_int64(st, 3);
	long long no_shows = cm_stmt_column_int64(st, 7), interviews = cm_stmt_column_int64(st, 8);
	double days = cm_stmt_column_double(st, 2), ruled_days = cm_stmt_column_double(st, 5);

	rtab_text(t, r, C_GROUP, label ? label : cm_stmt_column_text(st, 0));
	rtab_int(t, r, C_CASES, cases);
	rtab_number(t, r, C_CASE_MONTHS, days / DAYS_PER_MONTH);
	rtab_int(t, r, C_CONTACTS, contacts);
	if (days > 0)
		rtab_number(t, r, C_PER_MONTH, contacts / (days / DAYS_PER_MONTH));
	if (ruled_days > 0)
		rtab_number(t, r, C_RULE, cm_stmt_column_double(st, 4) / (ruled_days / DAYS_PER_MONTH));
	rtab_int(t, r, C_BELOW, cm_stmt_column_int64(st, 6));
	rtab_int(t, r, C_NO_SHOWS, no_shows);
	if (contacts + no_shows > 0)
		rtab_number(t, r, C_NO_SHOW_RATE, (double)no_shows / (double)(contacts + no_shows));
	rtab_int(t, r, C_INTERVIEWS, interviews);
	rtab_int(t, r, C_MINUTES, cm_stmt_column_int64(st, 9));
	if (interviews > 0)
		rtab_number(t, r, C_MEAN_MINUTES, cm_stmt_column_double(st, 9) / (double)interviews);
}

static void zero_row(struct rtab *t, const char *label)
{
	static const int counts[] = { C_CASES, C_CONTACTS, C_BELOW, C_NO_SHOWS, C_INTERVIEWS,
				      C_MINUTES };
	int r = rtab_add_row(t);
	size_t i;

	rtab_text(t, r, C_GROUP, label);
	rtab_number(t, r, C_CASE_MONTHS, 0);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		rtab_int(t, r, counts[i], 0);
}

static int fill(struct cm_store *s, const struct cm_report_opts *o, struct rtab *t,
		const char *periods, const char *expr, const char *label, struct cm_error *err)
{
	int months = periods == each_month;
	char *sql = cm_db_mprintf(sql_template, periods, months ? "per.label" : "NULL",
				    months ? each_month_contacts : whole_window_contacts, expr);
	struct cm_stmt *st;
	int rc, before = t->nrows;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = report_prepare(s, sql, o, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW)
		contacts_row(t, st, label);
	rc = report_step_end(s, rc, err, "contacts");
	cm_stmt_finalize(st);
	if (rc == 0 && label && t->nrows == before)
		zero_row(t, label);
	return rc;
}

int report_contacts(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		    struct cm_error *err)
{
	/* A case open in two months counts in each, so only contacts add up over months. */
	static const int additive[] = { C_CONTACTS, C_NO_SHOWS, C_INTERVIEWS, C_CASES, C_BELOW };
	size_t nadditive = o->by == CM_BY_MONTH ? 3 : 5, i;
	struct rtab t;
	int rc = 0, groups;

	rtab_init(&t, cols, C_NCOLS);
	t.group_name = report_by_name(o->by);
	t.hide_first = o->by == CM_BY_NONE;
	if (o->by != CM_BY_NONE)
		rc = fill(s, o, &t, o->by == CM_BY_MONTH ? each_month : whole_window,
			  report_group_expr(o->by, "c.month"), NULL, err);
	groups = t.nrows;
	if (rc == 0)
		rc = fill(s, o, &t, whole_window, "NULL", ALL_ROWS, err);
	if (rc == 0 && rtab_lines_begin(&t) == 0 && o->by != CM_BY_NONE)
		for (i = 0; i < nadditive; i++)
			rtab_line_range(&t, additive[i], groups, 0, groups, 1);
	if (rc == 0 && (rc = rtab_emit(&t, o->min_cell, e)) < 0)
		cm_error_set(err, rc, "out of memory");
	rtab_release(&t);
	return rc;
}
