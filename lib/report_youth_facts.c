/*
 * The facts of cm report youth-guarantee, from one pass over the
 * programme's cases: SQL reads each case with its person's dates, its first
 * offer taken up and its follow-ups; C works out the clock, the deadline
 * and each measure, for every group and for all at once.
 *
 * Start: the earliest of registration, unemployment and leaving education,
 * else intake (as youth_clock.h). Target: start plus the programme's offer
 * deadline (4 months by default). The preparatory phase: open on --to with
 * no offer taken up by then. A timely exit is a positive exit whose offer
 * was taken up by the target. A follow-up cohort: the cases whose exit
 * plus k months falls in the window, by the framework's situations. Cases
 * opened after the window or closed over 18 months before it count in no
 * measure and are left out early. Every fixed measure is listed, zero or
 * not.
 */
#include <stdlib.h>
#include <string.h>
#include "cm/programme.h"
#include "report_impl.h"

/* The follow-ups after exit, and the situations they are counted by. */
static const int after[] = { 6, 12, 18 };
#define NAFTER 3
static const char *const situations[] = { "employment", "education-training", "unemployed",
	"inactive", "unknown", "not-followed-up" };
#define NSITUATIONS 6

struct outcome_count {
	char *outcome;       /* NULL: a case closed without one */
	long long n;
};

/* One group's counts, by kind of fact (YF_*; the exits by outcome apart). */
struct ysum {
	long long n[YF_TIMELY + 1];
	long long cohort[NAFTER][NSITUATIONS];
	struct outcome_count *outcomes;
	size_t noutcomes;
};

/*
 * A case, the earliest of its person's registration, unemployment and
 * leaving education (else the intake), and its follow-ups when its exit
 * falls near a cohort of the window. The offer is the first one taken up.
 */
static const char sql_template[] =
	"SELECT %s, c.opened_on, c.closed_on, c.outcome,"
	" p.registered_on, p.unemployed_since, p.left_education_on,"
	" (SELECT min(o.on_date) FROM offer o WHERE o.case_id = c.id AND o.accepted <> 0),"
	" CASE WHEN c.closed_on BETWEEN :lo6 AND :hi6 THEN (SELECT f.situation FROM follow_up f"
	"  WHERE f.case_id = c.id AND f.months = 6) END,"
	" CASE WHEN c.closed_on BETWEEN :lo12 AND :hi12 THEN (SELECT f.situation FROM follow_up f"
	"  WHERE f.case_id = c.id AND f.months = 12) END,"
	" CASE WHEN c.closed_on BETWEEN :lo18 AND :hi18 THEN (SELECT f.situation FROM follow_up f"
	"  WHERE f.case_id = c.id AND f.months = 18) END"
	" FROM cases c JOIN person p ON p.id = c.person_id"
	" WHERE c.programme = 'eu-youth-guarantee' AND " TEAM_FILTER("c.worker")
	" AND c.opened_on <= :to AND (c.closed_on IS NULL OR c.closed_on >= :early)";

enum { Y_GROUP, Y_OPENED, Y_CLOSED, Y_OUTCOME, Y_REGISTERED, Y_UNEMPLOYED, Y_LEFT_EDUCATION,
       Y_TAKEN_UP, Y_AFTER };

/*
 * Months are added as this report always has: the day of the month is
 * kept and a day the month lacks runs into the next (31 October plus 4
 * months is 3 March), where cm_date_add_months stops at the month's end.
 * Returns 0, or -1 outside years 1 to 9999.
 */
static int add_months_over(cm_days d, int n, cm_days *out)
{
	int y, m, day;
	long months;

	cm_date_to_ymd(d, &y, &m, &day);
	months = (long)y * 12 + (m - 1) + n;
	if (months < 12 || cm_date_from_ymd((int)(months / 12), (int)(months % 12) + 1, 1, out) < 0)
		return -1;
	*out += day - 1;
	return 0;
}

/* A text date plus n months (as above) as text; 0, or -1 when there is none. */
static int date_plus(const char *date, int n, char out[CM_DATE_LEN])
{
	cm_days d;

	if (!date || cm_date_parse_iso(date, &d) < 0 || add_months_over(d, n, &d) < 0)
		return -1;
	cm_date_format(d, out);
	return 0;
}

static int situation_of(const char *s)
{
	static const char *const groups[][3] = {
		{ "employment", "subsidised-employment", "self-employment" },
		{ "apprenticeship", "training", "education" },
		{ "unemployed" }, { "inactive" },
	};
	size_t i, j;

	if (!s)
		return NSITUATIONS - 1;
	for (i = 0; i < sizeof groups / sizeof groups[0]; i++)
		for (j = 0; j < 3 && groups[i][j]; j++)
			if (!strcmp(s, groups[i][j]))
				return (int)i;
	return NSITUATIONS - 2;
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int count_outcome(struct ysum *y, const char *outcome)
{
	struct outcome_count *more;
	size_t i;

	for (i = 0; i < y->noutcomes; i++)
		if (same_text(y->outcomes[i].outcome, outcome)) {
			y->outcomes[i].n++;
			return 0;
		}
	more = realloc(y->outcomes, (y->noutcomes + 1) * sizeof *more);
	if (!more)
		return CM_ENOMEM;
	y->outcomes = more;
	more[y->noutcomes].outcome = outcome ? strdup(outcome) : NULL;
	more[y->noutcomes].n = 1;
	if (outcome && !more[y->noutcomes].outcome)
		return CM_ENOMEM;
	y->noutcomes++;
	return 0;
}

/* What one case counts in, worked out once and added to each of its sums. */
struct ycase {
	int entrant, preparatory, beyond, exit, positive, timely;
	int cohort[NAFTER];        /* its situation in the cohort k, or -1 */
	const char *outcome;
};

struct ywindow {
	const char *from, *to;
	int offer_months;
};

static const char *col(struct cm_stmt *st, int i)
{
	return cm_stmt_column_text(st, i);
}

/* Is text date a on or before b (both known)? */
static int on_or_before(const char *a, const char *b)
{
	return a && b && strcmp(a, b) <= 0;
}

static void read_case(struct cm_stmt *st, const struct ywindow *w, struct ycase *c)
{
	const char *opened = col(st, Y_OPENED), *closed = col(st, Y_CLOSED);
	const char *taken = col(st, Y_TAKEN_UP), *start = NULL, *by;
	char target[CM_DATE_LEN], cohort[CM_DATE_LEN];
	int i, has_target, open_on_to;

	for (i = Y_REGISTERED; i <= Y_LEFT_EDUCATION; i++)
		if (col(st, i) && (!start || strcmp(col(st, i), start) < 0))
			start = col(st, i);
	has_target = date_plus(start ? start : opened, w->offer_months, target) == 0;
	open_on_to = on_or_before(opened, w->to) && (!closed || strcmp(closed, w->to) > 0);
	c->entrant = on_or_before(w->from, opened) && on_or_before(opened, w->to);
	c->preparatory = open_on_to && !on_or_before(taken, w->to);
	c->beyond = c->preparatory && has_target && strcmp(target, w->to) < 0;
	c->exit = on_or_before(w->from, closed) && on_or_before(closed, w->to);
	c->outcome = col(st, Y_OUTCOME);
	c->positive = c->exit && report_positive_outcome(c->outcome);
	by = has_target && strcmp(target, closed ? closed : "") < 0 ? target : closed;
	c->timely = c->positive && has_target && on_or_before(taken, by);
	for (i = 0; i < NAFTER; i++)
		c->cohort[i] = date_plus(closed, after[i], cohort) == 0
			&& on_or_before(w->from, cohort) && on_or_before(cohort, w->to)
			? situation_of(col(st, Y_AFTER + i)) : -1;
}

static int add_case(struct ysum *y, const struct ycase *c)
{
	int i;

	y->n[YF_ENTRANTS] += c->entrant;
	y->n[YF_PREPARATORY] += c->preparatory;
	y->n[YF_BEYOND] += c->beyond;
	y->n[YF_EXITS] += c->exit;
	y->n[YF_POSITIVE] += c->positive;
	y->n[YF_TIMELY] += c->timely;
	for (i = 0; i < NAFTER; i++)
		if (c->cohort[i] >= 0)
			y->cohort[i][c->cohort[i]]++;
	return c->exit ? count_outcome(y, c->outcome) : 0;
}

static int outcome_rank(const char *outcome)
{
	/* As OUTCOME_ORDER: the order of cm-close(1), then the others by name. */
	static const char *const order[] = { "employment", "subsidised-employment",
		"self-employment", "apprenticeship", "training", "education", "other-service",
		"moved", "declined", "lost-contact", "deceased", "other" };
	size_t i;

	for (i = 0; outcome && i < sizeof order / sizeof order[0]; i++)
		if (!strcmp(outcome, order[i]))
			return (int)i;
	return 99;
}

static int by_outcome(const void *pa, const void *pb)
{
	const struct outcome_count *a = pa, *b = pb;
	int ra = outcome_rank(a->outcome), rb = outcome_rank(b->outcome);

	if (ra != rb)
		return ra - rb;
	if (!a->outcome || !b->outcome)
		return !b->outcome - !a->outcome;
	return strcmp(a->outcome, b->outcome);
}

/* A group's facts in the order the report lists them. */
static void give_facts(struct ysum *y, const char *g, report_yfact_fn *fn, void *ctx)
{
	static const int first[] = { YF_ENTRANTS, YF_PREPARATORY, YF_BEYOND, YF_EXITS };
	size_t i;
	int k, sit;

	for (i = 0; i < sizeof first / sizeof first[0]; i++)
		fn(ctx, g, first[i], 0, NULL, y->n[first[i]]);
	if (y->noutcomes > 1)
		qsort(y->outcomes, y->noutcomes, sizeof *y->outcomes, by_outcome);
	for (i = 0; i < y->noutcomes; i++)
		fn(ctx, g, YF_EXIT, 0, y->outcomes[i].outcome, y->outcomes[i].n);
	fn(ctx, g, YF_POSITIVE, 0, NULL, y->n[YF_POSITIVE]);
	fn(ctx, g, YF_TIMELY, 0, NULL, y->n[YF_TIMELY]);
	for (k = 0; k < NAFTER; k++) {
		long long cohort = 0;

		for (sit = 0; sit < NSITUATIONS; sit++)
			cohort += y->cohort[k][sit];
		fn(ctx, g, YF_COHORT, after[k], NULL, cohort);
		for (sit = 0; sit < NSITUATIONS; sit++)
			if (y->cohort[k][sit])
				fn(ctx, g, YF_SITUATION, after[k], situations[sit], y->cohort[k][sit]);
	}
}

static void ysum_release(struct ysum *y)
{
	size_t i;

	for (i = 0; i < y->noutcomes; i++)
		free(y->outcomes[i].outcome);
	free(y->outcomes);
}

/* Bind the window's bounds: the earliest exit that counts, and each cohort's exits. */
static void bind_window(struct cm_stmt *st, const struct cm_report_opts *o)
{
	static const char *const names[NAFTER][2] = { { ":lo6", ":hi6" }, { ":lo12", ":hi12" },
						      { ":lo18", ":hi18" } };
	char date[CM_DATE_LEN];
	cm_days from, to, d;
	int i;

	cm_date_parse_iso(o->from, &from);
	cm_date_parse_iso(o->to, &to);
	date_plus(o->from, -18, date);
	cm_stmt_bind_text_copy(st, cm_stmt_param_index(st, ":early"), date, -1);
	/* An exit k months before a day of the window lies within 3 days of that day minus k months. */
	for (i = 0; i < NAFTER; i++) {
		d = cm_date_add_months(from, -after[i]) - 4;
		cm_date_format(d, date);
		cm_stmt_bind_text_copy(st, cm_stmt_param_index(st, names[i][0]), date, -1);
		d = cm_date_add_months(to, -after[i]) + 4;
		cm_date_format(d, date);
		cm_stmt_bind_text_copy(st, cm_stmt_param_index(st, names[i][1]), date, -1);
	}
}

static int sum_cases(struct cm_store *s, struct cm_stmt *st, const struct ywindow *w,
		     struct ysum *all, struct rgroups *groups, struct cm_error *err)
{
	struct ycase c;
	struct ysum *g;
	int rc;

	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		read_case(st, w, &c);
		if (add_case(all, &c) < 0)
			return cm_error_set(err, CM_ENOMEM, "out of memory");
		if (!groups)
			continue;
		if (!(g = rgroups_get(groups, col(st, Y_GROUP))) || add_case(g, &c) < 0)
			return cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	return report_step_end(s, rc, err, "youth-guarantee");
}

int report_youth_facts(struct cm_store *s, const struct cm_report_opts *o, report_yfact_fn *fn,
		       void *ctx, struct cm_error *err)
{
	struct cm_programme_rules rules;
	struct ywindow w = { o->from, o->to, 4 };
	struct ysum all = { { 0 }, { { 0 } }, NULL, 0 };
	struct rgroups groups;
	struct cm_stmt *st = NULL;
	char *sql;
	size_t i;
	int rc;

	rc = cm_programme_rules_get(s, "eu-youth-guarantee", &rules, err);
	if (rc < 0)
		return rc;
	if (rules.offer_months != CM_RULE_NONE)
		w.offer_months = rules.offer_months;
	sql = cm_db_mprintf(sql_template, report_group_expr(o->by, NULL));
	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = report_prepare(s, sql, o, &st, err);
	cm_db_free(sql);
	rgroups_init(&groups, sizeof(struct ysum));
	if (rc == 0) {
		bind_window(st, o);
		rc = sum_cases(s, st, &w, &all, o->by == CM_BY_NONE ? NULL : &groups, err);
	}
	cm_stmt_finalize(st);
	if (rc == 0) {
		rgroups_sort(&groups);
		for (i = 0; i < groups.n; i++)
			give_facts(groups.items[i].val, groups.items[i].key, fn, ctx);
		give_facts(&all, NULL, fn, ctx);
	}
	for (i = 0; i < groups.n; i++)
		ysum_release(groups.items[i].val);
	ysum_release(&all);
	rgroups_release(&groups);
	return rc;
}
