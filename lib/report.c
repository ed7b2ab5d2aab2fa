/* cm report: options shared by every report, and dispatch to each. */
#include <stdio.h>
#include <string.h>
#include "cm/programme.h"
#include "report_impl.h"

typedef int report_fn(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		      struct cm_error *err);

struct report {
	const char *name;
	report_fn *fn;
	unsigned by;             /* bits (1 << CM_BY_*) of the --by values it offers */
	const char *programme;   /* the one programme it is about, or NULL */
	int snapshot;            /* counts on one day (--to), not over a window */
	int whole_register;      /* its base is every job seeker: no --team */
};

#define BY(x) (1u << (x))

static const struct report reports[] = {
	{ "caseload", report_caseload, BY(CM_BY_WORKER) | BY(CM_BY_PROGRAMME), NULL, 1, 0 },
	{ "outcomes", report_outcomes,
	  BY(CM_BY_WORKER) | BY(CM_BY_PROGRAMME) | BY(CM_BY_MONTH), NULL, 0, 0 },
	{ "durations", report_durations,
	  BY(CM_BY_WORKER) | BY(CM_BY_PROGRAMME) | BY(CM_BY_MONTH), NULL, 0, 0 },
	{ "youth-guarantee", report_youth_guarantee, BY(CM_BY_WORKER), "eu-youth-guarantee", 0, 0 },
	{ "quota", report_quota, 0, "be-trajet-specifique", 1, 1 },
	{ "referrals", report_referrals, 0, NULL, 0, 0 },
	{ "contacts", report_contacts,
	  BY(CM_BY_WORKER) | BY(CM_BY_PROGRAMME) | BY(CM_BY_MONTH), NULL, 0, 0 },
};

const char *const cm_report_names[] = {
	"caseload", "outcomes", "durations", "youth-guarantee", "quota", "referrals", "contacts",
	NULL,
};

int report_positive_outcome(const char *outcome)
{
	/* The same list as POSITIVE_OUTCOMES. */
	static const char *const positive[] = { "employment", "subsidised-employment",
		"self-employment", "apprenticeship", "training", "education" };
	size_t i;

	for (i = 0; outcome && i < sizeof positive / sizeof positive[0]; i++)
		if (!strcmp(outcome, positive[i]))
			return 1;
	return 0;
}

/* In enum order from CM_BY_WORKER. */
const char *const cm_report_groups[] = { "worker", "programme", "month", NULL };

int cm_report_by_parse(const char *name, enum cm_report_by *out)
{
	int i;

	for (i = CM_BY_WORKER; i <= CM_BY_MONTH; i++) {
		if (!strcmp(name, cm_report_groups[i - CM_BY_WORKER])) {
			*out = (enum cm_report_by)i;
			return 0;
		}
	}
	return CM_EUSAGE;
}

const char *report_by_name(enum cm_report_by by)
{
	return by == CM_BY_NONE ? "group" : cm_report_groups[by - CM_BY_WORKER];
}

void cm_report_default_window(cm_days today, char from[CM_DATE_LEN], char to[CM_DATE_LEN])
{
	int y, m, d;
	cm_days first_of_month;

	cm_date_to_ymd(today, &y, &m, &d);
	cm_date_from_ymd(y, m, 1, &first_of_month);
	cm_date_format(first_of_month - 1, to);
	cm_date_format(cm_date_add_months(first_of_month, -1), from);
}

static const struct report *find_report(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof reports / sizeof reports[0]; i++)
		if (!strcmp(reports[i].name, name))
			return &reports[i];
	return NULL;
}

int cm_report_is_snapshot(const char *name)
{
	const struct report *r = find_report(name);

	return r && r->snapshot;
}

/* A team is known when a worker belongs to it. */
static int team_check(struct cm_store *s, const char *team, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT 1 FROM worker WHERE team = ? LIMIT 1", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, team);
	rc = cm_stmt_step(st);
	cm_stmt_finalize(st);
	if (rc == CM_DB_ROW)
		return 0;
	if (rc == CM_DB_DONE)
		return cm_error_set(err, CM_ENOTFOUND, "no worker is in team '%s'; see 'cm worker list'",
				    team);
	return cm_sql_fail(s, rc, err, "look up team");
}

/*
 * Reports cover 1900 to 2200: a window beyond that is a typing slip, and
 * walking its months would take unbounded time and memory.
 */
#define CM_REPORT_FIRST_DAY "1900-01-01"
#define CM_REPORT_LAST_DAY "2200-12-31"

static int out_of_window(cm_days day)
{
	cm_days first, last;

	cm_date_parse_iso(CM_REPORT_FIRST_DAY, &first);
	cm_date_parse_iso(CM_REPORT_LAST_DAY, &last);
	return day < first || day > last;
}

static int check_opts(struct cm_store *s, const struct report *r,
		      const struct cm_report_opts *o, struct cm_error *err)
{
	cm_days from, to;
	int rc;

	if (cm_date_parse_iso(o->from, &from) < 0)
		return cm_error_set(err, CM_EUSAGE, "invalid --from '%s' (expected YYYY-MM-DD)",
				    o->from);
	if (cm_date_parse_iso(o->to, &to) < 0)
		return cm_error_set(err, CM_EUSAGE, "invalid --to '%s' (expected YYYY-MM-DD)",
				    o->to);
	if (from > to)
		return cm_error_set(err, CM_EUSAGE, "--from %s is after --to %s", o->from, o->to);
	if (out_of_window(from))
		return cm_error_set(err, CM_EUSAGE, "--from %s is outside the years %s to %s",
				    o->from, CM_REPORT_FIRST_DAY, CM_REPORT_LAST_DAY);
	if (out_of_window(to))
		return cm_error_set(err, CM_EUSAGE, "--to %s is outside the years %s to %s",
				    o->to, CM_REPORT_FIRST_DAY, CM_REPORT_LAST_DAY);
	if (o->by != CM_BY_NONE && !(r->by & BY(o->by)))
		return cm_error_set(err, CM_EUSAGE, "report '%s' has no --by %s", r->name,
				    cm_report_groups[o->by - CM_BY_WORKER]);
	if (o->programme && r->programme && strcmp(o->programme, r->programme))
		return cm_error_set(err, CM_EUSAGE, "report '%s' is about programme %s only",
				    r->name, r->programme);
	if (o->team && r->whole_register)
		return cm_error_set(err, CM_EUSAGE,
				    "report '%s' counts against every registered job seeker; it has no --team",
				    r->name);
	if (o->team && (rc = team_check(s, o->team, err)) < 0)
		return rc;
	if (o->programme)
		return cm_programme_check(s, o->programme, err);
	return 0;
}

int cm_report_check_name(const char *name, struct cm_error *err)
{
	if (!find_report(name))
		return cm_error_set(err, CM_EUSAGE,
				    "unknown report '%s' (caseload, outcomes, durations, "
				    "youth-guarantee, quota, referrals, contacts)", name);
	return 0;
}

int cm_report_run(struct cm_store *s, const char *name, const struct cm_report_opts *o,
		  struct cm_emit *e, struct cm_error *err)
{
	const struct report *r = find_report(name);
	int rc = cm_report_check_name(name, err);

	if (rc < 0)
		return rc;
	rc = check_opts(s, r, o, err);
	if (rc < 0)
		return rc;
	return r->fn(s, o, e, err);
}

int report_prepare(struct cm_store *s, const char *sql, const struct cm_report_opts *o,
		   struct cm_stmt **st, struct cm_error *err)
{
	int rc = cm_sql_prepare_stream(s, sql, st, err), i;

	if (rc < 0)
		return rc;
	if ((i = cm_stmt_param_index(*st, ":from")))
		cm_stmt_bind_text_copy(*st, i, o->from, -1);
	if ((i = cm_stmt_param_index(*st, ":to")))
		cm_stmt_bind_text_copy(*st, i, o->to, -1);
	if ((i = cm_stmt_param_index(*st, ":prog")))
		cm_sql_bind_text(*st, i, o->programme);
	if ((i = cm_stmt_param_index(*st, ":team")))
		cm_sql_bind_text(*st, i, o->team);
	if ((i = cm_stmt_param_index(*st, ":min")))
		cm_stmt_bind_int64(*st, i, o->min_cell);
	return 0;
}

const char *report_group_expr(enum cm_report_by by, const char *month_expr)
{
	switch (by) {
	case CM_BY_WORKER:
		return "c.worker";
	case CM_BY_PROGRAMME:
		return "c.programme";
	case CM_BY_MONTH:
		return month_expr;
	case CM_BY_NONE:
		break;
	}
	return "NULL";
}

int report_step_end(struct cm_store *s, int rc, struct cm_error *err, const char *what)
{
	if (rc == CM_DB_DONE)
		return 0;
	return cm_sql_fail(s, rc, err, what);
}
