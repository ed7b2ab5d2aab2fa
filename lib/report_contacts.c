/* cm report contacts: contact frequency against the rule, no-shows, interview time. */
#include "cm/i18n.h"
#include "cm/programme.h"
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

/*
 * Per case open in the period: its group, the days it was open then, its
 * own interval, and its contacts of the period (taken place, no-shows,
 * interviews and their minutes). Days and intervals are worked out in C.
 */
static const char sql_template[] =
	"SELECT %s, c.programme, c.opened_on, c.closed_on, c.contact_every_days,"
	" ct.n, ct.ns, ct.iv, ct.mins"
	" FROM cases c LEFT JOIN (SELECT k.case_id,"
	"  sum(CASE WHEN k.kind <> 'no-show' THEN 1 ELSE 0 END) AS n,"
	"  sum(CASE WHEN k.kind = 'no-show' THEN 1 ELSE 0 END) AS ns,"
	"  sum(CASE WHEN k.kind = 'interview' THEN 1 ELSE 0 END) AS iv,"
	"  sum(CASE WHEN k.kind = 'interview' THEN k.duration END) AS mins"
	"  FROM contact k WHERE k.at >= :scan_lo AND k.at < :scan_end AND k.withdrawn_on IS NULL"
	"  AND CASE WHEN substr(k.at, 20) = 'Z' THEN k.at >= :lo_utc AND k.at < :end_utc"
	"  ELSE k.at >= :lo AND k.at < :end END"
	"  GROUP BY k.case_id) ct ON ct.case_id = c.id"
	" WHERE c.opened_on <= :hi AND (c.closed_on IS NULL OR c.closed_on >= :lo) AND " PROG_FILTER;

/* The sums of one row of the report. */
struct csum {
	long long cases, days, contacts, ruled_days, below, no_shows, interviews, minutes;
	double required;  /* contacts the rule asks for, summed over cases */
};

/* What one case gives in one period. */
struct ccase {
	long long days, contacts, no_shows, interviews, minutes;
	int every;        /* days between contacts the rule asks for; <= 0: no rule */
	int known_days;   /* 0 when a date is unreadable: no days, no rule */
};

static void csum_add(struct csum *t, const struct ccase *c)
{
	t->cases++;
	t->contacts += c->contacts;
	t->no_shows += c->no_shows;
	t->interviews += c->interviews;
	t->minutes += c->minutes;
	if (!c->known_days)
		return;
	t->days += c->days;
	if (c->every > 0) {
		double required = (double)c->days / c->every;

		t->required += required;
		t->ruled_days += c->days;
		t->below += c->contacts < (long long)required;
	}
}

static void contacts_row(struct rtab *t, const struct csum *c, const char *label)
{
	int r = rtab_add_row(t);
	double months = (double)c->days / DAYS_PER_MONTH;

	rtab_text(t, r, C_GROUP, label);
	rtab_int(t, r, C_CASES, c->cases);
	rtab_number(t, r, C_CASE_MONTHS, months);
	rtab_int(t, r, C_CONTACTS, c->contacts);
	if (c->days > 0)
		rtab_number(t, r, C_PER_MONTH, (double)c->contacts / months);
	if (c->ruled_days > 0)
		rtab_number(t, r, C_RULE, c->required / ((double)c->ruled_days / DAYS_PER_MONTH));
	rtab_int(t, r, C_BELOW, c->below);
	rtab_int(t, r, C_NO_SHOWS, c->no_shows);
	if (c->contacts + c->no_shows > 0)
		rtab_number(t, r, C_NO_SHOW_RATE,
			    (double)c->no_shows / (double)(c->contacts + c->no_shows));
	rtab_int(t, r, C_INTERVIEWS, c->interviews);
	rtab_int(t, r, C_MINUTES, c->minutes);
	if (c->interviews > 0)
		rtab_number(t, r, C_MEAN_MINUTES, (double)c->minutes / (double)c->interviews);
}

static int read_case(struct cm_store *s, struct cm_stmt *st, const struct rperiod *p,
		     struct rgroups *rules, struct ccase *c, struct cm_error *err)
{
	const struct cm_programme_rules *r;
	cm_days opened, closed = p->hi;
	int rc;
	const char *closed_on = cm_stmt_column_text(st, 3);

	c->known_days = cm_date_parse_iso(cm_stmt_column_text(st, 2), &opened) == 0
			&& (!closed_on || cm_date_parse_iso(closed_on, &closed) == 0);
	if (opened < p->lo)
		opened = p->lo;
	if (closed > p->hi)
		closed = p->hi;
	c->days = closed - opened + 1;
	c->contacts = cm_stmt_column_int64(st, 5);
	c->no_shows = cm_stmt_column_int64(st, 6);
	c->interviews = cm_stmt_column_int64(st, 7);
	c->minutes = cm_stmt_column_int64(st, 8);
	if (cm_stmt_column_type(st, 4) != CM_DB_NULL) {
		c->every = cm_stmt_column_int(st, 4);
		return 0;
	}
	if ((rc = rprog_rules(s, rules, cm_stmt_column_text(st, 1), &r, err)) < 0)
		return rc;
	c->every = r->contact_interval_days;
	return 0;
}

/*
 * Sum the cases of period p into all, and into their group's sum in groups
 * when grouped by a column (groups may be NULL).
 */
static int sum_period(struct cm_store *s, struct cm_stmt *st, const struct rperiod *p,
		      struct rgroups *rules, struct csum *all, struct rgroups *groups,
		      struct cm_error *err)
{
	struct ccase c;
	struct csum *g;
	int rc;

	cm_stmt_reset(st);
	rperiod_bind(p, st);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		if ((rc = read_case(s, st, p, rules, &c, err)) < 0)
			return rc;
		csum_add(all, &c);
		if (!groups)
			continue;
		if (!(g = rgroups_get(groups, cm_stmt_column_text(st, 0))))
			return cm_error_set(err, CM_ENOMEM, "out of memory");
		csum_add(g, &c);
	}
	return report_step_end(s, rc, err, "contacts");
}

static int prepare(struct cm_store *s, const struct cm_report_opts *o, const char *expr,
		   struct cm_stmt **st, struct cm_error *err)
{
	char *sql = cm_db_mprintf(sql_template, expr);
	int rc;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = report_prepare(s, sql, o, st, err);
	cm_db_free(sql);
	return rc;
}

/* One row per month (with cases), walked from --from to --to. */
static int fill_months(struct cm_store *s, cm_days from, cm_days to, struct cm_stmt *st,
		       struct rgroups *rules, struct rtab *t, struct cm_error *err)
{
	struct rperiod p;
	cm_days lo;
	int rc = 0;

	for (lo = from; rc == 0 && lo <= to; lo = p.hi + 1) {
		struct csum month = { 0 };

		rperiod_month(&p, lo, to);
		rc = sum_period(s, st, &p, rules, &month, NULL, err);
		if (rc == 0 && month.cases)
			contacts_row(t, &month, p.month);
	}
	return rc;
}

/* The group rows, if any, then the (all) row over the whole window. */
static int fill(struct cm_store *s, const struct cm_report_opts *o, struct rtab *t,
		struct cm_error *err)
{
	int by_column = o->by == CM_BY_WORKER || o->by == CM_BY_PROGRAMME;
	struct csum all = { 0 };
	struct rgroups rules;
	struct rgroups groups;
	struct rperiod whole;
	struct cm_stmt *st = NULL;
	cm_days from, to;
	size_t i;
	int rc;

	/* cm_report_run has checked the window. */
	if (cm_date_parse_iso(o->from, &from) < 0 || cm_date_parse_iso(o->to, &to) < 0)
		return cm_error_set(err, CM_EUSAGE, "invalid --from '%s' (expected YYYY-MM-DD)",
				    o->from);
	rprog_cache_init(&rules);
	rgroups_init(&groups, sizeof(struct csum));
	rc = prepare(s, o, report_group_expr(o->by, "NULL"), &st, err);
	if (rc == 0 && o->by == CM_BY_MONTH)
		rc = fill_months(s, from, to, st, &rules, t, err);
	rperiod_window(&whole, from, to);
	if (rc == 0)
		rc = sum_period(s, st, &whole, &rules, &all, by_column ? &groups : NULL, err);
	cm_stmt_finalize(st);
	if (rc == 0) {
		rgroups_sort(&groups);
		for (i = 0; i < groups.n; i++)
			contacts_row(t, groups.items[i].val, groups.items[i].key);
		contacts_row(t, &all, ALL_ROWS);
	}
	rgroups_release(&groups);
	rgroups_release(&rules);
	return rc;
}

int report_contacts(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		    struct cm_error *err)
{
	/* A case open in two months counts in each, so only contacts add up over months. */
	static const int additive[] = { C_CONTACTS, C_NO_SHOWS, C_INTERVIEWS, C_CASES, C_BELOW };
	size_t nadditive = o->by == CM_BY_MONTH ? 3 : 5, i;
	struct rtab t;
	int rc, groups;

	rtab_init(&t, cols, C_NCOLS);
	t.group_name = report_by_name(o->by);
	t.hide_first = o->by == CM_BY_NONE;
	rc = fill(s, o, &t, err);
	groups = t.nrows - 1;
	if (rc == 0 && rtab_lines_begin(&t) == 0 && o->by != CM_BY_NONE)
		for (i = 0; i < nadditive; i++)
			rtab_line_range(&t, additive[i], groups, 0, groups, 1);
	if (rc == 0 && (rc = rtab_emit(&t, o->min_cell, e)) < 0)
		cm_error_set(err, rc, "out of memory");
	rtab_release(&t);
	return rc;
}
