/*
 * cm report youth-guarantee: the indicators of the EU Youth Guarantee's
 * monitoring framework as far as cm's data goes (cm-report(1) defines each).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/i18n.h"
#include "report_impl.h"
#include "labels.h"
#include "youth_clock.h"

enum { C_GROUP, C_MEASURE, C_CASES, C_SHARE, C_OF, C_NCOLS };

static const struct rcol cols[] = {
	{ "group", RC_KEY, -1, 0, 0, NULL },
	{ "measure", RC_KEY, -1, 0, 0, N_("indicator") },
	{ "cases", RC_COUNT, -1, 0, 0, NULL },
	{ "share", RC_SHARE, C_CASES, C_CASES, 0, NULL },
	{ "of", RC_KEY, -1, 0, 0, N_("share of") },
};

/* Kinds of fact, in the order each block lists them. */
enum { K_ENTRANTS, K_PREPARATORY, K_BEYOND, K_EXITS, K_EXIT, K_POSITIVE, K_TIMELY, K_COHORT,
       K_SITUATION };

/*
 * Start: the earliest of registration, unemployment and leaving education,
 * else intake (youth_clock.h). Target: start plus the programme's offer
 * deadline (4 months by default). The preparatory phase: open on --to with
 * no offer taken up by then. A timely exit is a positive exit whose offer
 * was taken up by the target. A follow-up cohort: the cases whose exit
 * plus k months falls in the window, by the framework's situations. Cases
 * opened after the window or closed over 18 months before it count in no
 * measure and are left out early. Every fixed measure is listed, zero or
 * not (the skeleton).
 */
#define TAKEN_UP(by) \
	"EXISTS (SELECT 1 FROM offer o WHERE o.case_id = g.id AND o.accepted AND o.on_date <= " by ")"
#define SITUATION(col) \
	"CASE WHEN " col " IS NULL THEN 'not-followed-up'" \
	" WHEN " col " IN ('employment', 'subsidised-employment', 'self-employment')" \
	" THEN 'employment'" \
	" WHEN " col " IN ('apprenticeship', 'training', 'education') THEN 'education-training'" \
	" WHEN " col " IN ('unemployed', 'inactive') THEN " col " ELSE 'unknown' END"
#define SITUATION_ORDER(col) \
	"CASE " col " WHEN 'employment' THEN 1 WHEN 'education-training' THEN 2" \
	" WHEN 'unemployed' THEN 3 WHEN 'inactive' THEN 4 WHEN 'unknown' THEN 5 ELSE 6 END"
static const char sql_template[] =
	"WITH g AS MATERIALIZED (SELECT %s AS g, c.id, c.opened_on, c.closed_on, c.outcome,"
	"  date(" CM_YG_START("p", "c") ", '+' || months.m || ' months') AS target"
	"  FROM cases c JOIN person p ON p.id = c.person_id,"
	"  (SELECT coalesce(json_extract(rules, '$.deadlines.offer_months'), 4) AS m"
	"   FROM programme WHERE id = 'eu-youth-guarantee') AS months"
	"  WHERE c.programme = 'eu-youth-guarantee' AND " TEAM_FILTER("c.worker")
	"  AND c.opened_on <= :to"
	"  AND (c.closed_on IS NULL OR c.closed_on >= date(:from, '-18 months'))),"
	" ks(k) AS (VALUES (6), (12), (18)),"
	" agg AS (SELECT g,"
	"  sum(opened_on BETWEEN :from AND :to) AS entrants,"
	"  sum(opened_on <= :to AND (closed_on IS NULL OR closed_on > :to)"
	"   AND NOT " TAKEN_UP(":to") ") AS preparatory,"
	"  sum(opened_on <= :to AND (closed_on IS NULL OR closed_on > :to) AND target < :to"
	"   AND NOT " TAKEN_UP(":to") ") AS beyond,"
	"  sum(closed_on BETWEEN :from AND :to) AS exits,"
	"  sum(closed_on BETWEEN :from AND :to AND outcome IN " POSITIVE_OUTCOMES ") AS positive,"
	"  sum(closed_on BETWEEN :from AND :to AND outcome IN " POSITIVE_OUTCOMES
	"   AND " TAKEN_UP("min(g.target, g.closed_on)") ") AS timely"
	"  FROM g GROUP BY g),"
	" fu AS MATERIALIZED (SELECT g, ks.k, " SITUATION("f.situation") " AS situation,"
	"  count(*) AS n FROM g JOIN ks"
	"  ON g.closed_on IS NOT NULL AND date(g.closed_on, '+' || ks.k || ' months') BETWEEN :from AND :to"
	"  LEFT JOIN follow_up f ON f.case_id = g.id AND f.months = ks.k"
	"  GROUP BY g, ks.k, " SITUATION("f.situation") "),"
	" facts(g, kind, k, detail, n) AS ("
	"  SELECT g, 0, 0, NULL, entrants FROM agg UNION ALL SELECT g, 1, 0, NULL, preparatory FROM agg"
	"  UNION ALL SELECT g, 2, 0, NULL, beyond FROM agg UNION ALL SELECT g, 3, 0, NULL, exits FROM agg"
	"  UNION ALL SELECT g, 5, 0, NULL, positive FROM agg"
	"  UNION ALL SELECT g, 6, 0, NULL, timely FROM agg"
	"  UNION ALL SELECT g, 4, 0, outcome, count(*) FROM g WHERE closed_on BETWEEN :from AND :to"
	"   GROUP BY g, outcome"
	"  UNION ALL SELECT g, 7, k, NULL, sum(n) FROM fu GROUP BY g, k"
	"  UNION ALL SELECT g, 8, k, situation, n FROM fu),"
	" groups AS (SELECT g FROM facts UNION SELECT NULL WHERE %d),"
	" skeleton(kind, k) AS (VALUES (0, 0), (1, 0), (2, 0), (3, 0), (5, 0), (6, 0),"
	"  (7, 6), (7, 12), (7, 18)),"
	" everything AS (SELECT * FROM facts UNION ALL"
	"  SELECT groups.g, kind, k, NULL, 0 FROM groups, skeleton)"
	" SELECT g, kind, k, detail, sum(n) FROM everything GROUP BY g, kind, k, detail"
	" ORDER BY g, CASE WHEN kind >= 7 THEN k ELSE 0 END, kind,"
	" CASE WHEN kind = 8 THEN " SITUATION_ORDER("detail") " ELSE " OUTCOME_ORDER("detail") " END,"
	" detail";

static const char *const kind_names[] = { "entrants", "preparatory", "beyond-target", "exits",
	"exit", "positive-exits", "timely-exits", "follow-up", "follow-up" };

/* Rows that other rows' shares are taken of, in the current block. */
struct block_state {
	int preparatory, exits, cohort;
	char cohort_name[128];
};

static void add_fact(struct rtab *t, struct block_state *b, const char *g, int kind, int k,
		     const char *detail, long long n)
{
	char name[128];
	int r = rtab_add_row(t), den = -1;
	const char *of = NULL;

	if (kind == K_COHORT)
		snprintf(name, sizeof name, "follow-up-%d", k);
	else if (kind == K_SITUATION)
		snprintf(name, sizeof name, "follow-up-%d:%s", k, detail ? detail : "");
	else if (kind == K_EXIT)
		snprintf(name, sizeof name, "exit:%s", detail ? detail : "");
	else
		snprintf(name, sizeof name, "%s", kind_names[kind]);
	rtab_text(t, r, C_GROUP, g);
	rtab_text(t, r, C_MEASURE, name);
	rtab_int(t, r, C_CASES, n);
	if (kind == K_PREPARATORY)
		b->preparatory = r;
	else if (kind == K_EXITS)
		b->exits = r;
	else if (kind == K_COHORT) {
		b->cohort = r;
		snprintf(b->cohort_name, sizeof b->cohort_name, "%s", name);
	}
	if (kind == K_BEYOND)
		den = b->preparatory, of = "preparatory";
	else if (kind == K_EXIT || kind == K_POSITIVE || kind == K_TIMELY)
		den = b->exits, of = "exits";
	else if (kind == K_SITUATION)
		den = b->cohort, of = b->cohort_name;
	if (den >= 0) {
		rtab_share_of(t, r, C_SHARE, den);
		rtab_text(t, r, C_OF, of);
	}
}

static int same_group(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int fill(struct cm_store *s, const struct cm_report_opts *o, struct rtab *t,
		const char *expr, const char *label, struct cm_error *err)
{
	char *sql = cm_db_mprintf(sql_template, expr, label != NULL);
	struct block_state b = { -1, -1, -1, "" };
	struct cm_stmt *st;
	int rc, started = 0;
	char *prev = NULL;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = report_prepare(s, sql, o, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		const char *g = label ? label : cm_stmt_column_text(st, 0);

		if (!started || !same_group(prev, g)) {
			free(prev);
			prev = g ? strdup(g) : NULL;
			b = (struct block_state){ -1, -1, -1, "" };
			started = 1;
		}
		add_fact(t, &b, g, cm_stmt_column_int(st, 1), cm_stmt_column_int(st, 2),
			 cm_stmt_column_text(st, 3), cm_stmt_column_int64(st, 4));
	}
	free(prev);
	rc = report_step_end(s, rc, err, "youth-guarantee");
	cm_stmt_finalize(st);
	return rc;
}

static int measure_is(struct rtab *t, int r, const char *prefix)
{
	return !strncmp(rtab_cell(t, r, C_MEASURE)->text, prefix, strlen(prefix));
}

/*
 * Within rows [first, end): exits and positive exits sum their exit rows,
 * exits is also positive exits plus the other exit rows (else exits minus
 * positive exits gives back a lone withheld negative exit), and each cohort
 * sums its situations.
 */
static void block_lines(struct rtab *t, int first, int end)
{
	int rows[128], pos[128], neg[129], n = 0, np = 0, nn = 1, r, total = -1;

	for (r = first; r < end; r++) {
		const char *m = rtab_cell(t, r, C_MEASURE)->text;

		if (!strncmp(m, "exit:", 5) && n < 128) {
			rows[n++] = r;
			if (report_positive_outcome(m + 5))
				pos[np++] = r;
			else
				neg[nn++] = r;
		}
	}
	neg[0] = -1;
	for (r = first; r < end; r++)
		if (measure_is(t, r, "positive-exits"))
			neg[0] = r;
	for (r = first; r < end; r++) {
		if (measure_is(t, r, "exits")) {
			rtab_line_rows(t, C_CASES, r, rows, n);
			if (neg[0] >= 0)
				rtab_line_rows(t, C_CASES, r, neg, nn);
		}
		if (measure_is(t, r, "positive-exits"))
			rtab_line_rows(t, C_CASES, r, pos, np);
	}
	n = 0;
	for (r = first; r <= end; r++) {
		if (r == end || (measure_is(t, r, "follow-up-") && !strchr(
					 rtab_cell(t, r, C_MEASURE)->text, ':'))) {
			if (total >= 0)
				rtab_line_rows(t, C_CASES, total, rows, n);
			total = r;
			n = 0;
		} else if (total >= 0 && n < 128) {
			rows[n++] = r;
		}
	}
}

/* Each row of the (all) block from first sums the rows of the same measure above it. */
static void cross_lines(struct rtab *t, int first)
{
	int *rows = malloc((size_t)(first ? first : 1) * sizeof *rows), r, i, n;

	if (!rows) {
		t->failed = 1;
		return;
	}
	for (r = first; r < t->nrows; r++) {
		for (i = n = 0; i < first; i++)
			if (!strcmp(rtab_cell(t, i, C_MEASURE)->text, rtab_cell(t, r, C_MEASURE)->text))
				rows[n++] = i;
		rtab_line_rows(t, C_CASES, r, rows, n);
	}
	free(rows);
}

/* Situations after exit, in the framework's words. */
static const char *const situations[][2] = {
	{ "employment", N_("in employment") },
	{ "education-training", N_("in education or training") },
	{ "unemployed", N_("unemployed") },
	{ "inactive", N_("inactive") },
	{ "unknown", N_("situation unknown") },
	{ "not-followed-up", N_("not followed up") },
};

static const char *situation_words(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof situations / sizeof situations[0]; i++)
		if (!strcmp(situations[i][0], code))
			return _(situations[i][1]);
	return code;
}

/* What text output prints for a measure (or the measure a share is of). */
static const char *measure_words(int col, const char *code, char *buf, size_t n)
{
	int k;
	char rest[64];

	if (col != C_MEASURE && col != C_OF)
		return code;
	if (!strcmp(code, "entrants"))
		return _("entered the Youth Guarantee");
	if (!strcmp(code, "preparatory"))
		return _("in the preparatory phase (no offer taken up)");
	if (!strcmp(code, "beyond-target"))
		return _("of whom beyond the offer deadline");
	if (!strcmp(code, "exits"))
		return _("exits");
	if (!strcmp(code, "positive-exits"))
		return _("positive exits");
	if (!strcmp(code, "timely-exits"))
		return _("positive exits with an offer taken up in time");
	if (!strncmp(code, "exit:", 5)) {
		snprintf(buf, n, _("exit: %s"), cm_label_value("outcome", code + 5));
		return buf;
	}
	if (sscanf(code, "follow-up-%d:%63s", &k, rest) == 2) {
		snprintf(buf, n, _("%d months after exit: %s"), k, situation_words(rest));
		return buf;
	}
	if (sscanf(code, "follow-up-%d", &k) == 1) {
		snprintf(buf, n, _("exits %d months before (cohort)"), k);
		return buf;
	}
	return code;
}

int report_youth_guarantee(struct cm_store *s, const struct cm_report_opts *o,
			   struct cm_emit *e, struct cm_error *err)
{
	struct rtab t;
	int rc = 0, first_all, r, start;

	rtab_init(&t, cols, C_NCOLS);
	t.group_name = report_by_name(o->by);
	t.hide_first = o->by == CM_BY_NONE;
	t.key_text = measure_words;
	if (o->by != CM_BY_NONE)
		rc = fill(s, o, &t, report_group_expr(o->by, NULL), NULL, err);
	first_all = t.nrows;
	if (rc == 0)
		rc = fill(s, o, &t, "NULL", ALL_ROWS, err);
	if (rc == 0 && rtab_lines_begin(&t) == 0) {
		for (start = r = 0; r <= t.nrows; r++) {
			if (r == t.nrows || (r > start && measure_is(&t, r, "entrants"))) {
				block_lines(&t, start, r);
				start = r;
			}
		}
		cross_lines(&t, first_all);
	}
	if (rc == 0 && (rc = rtab_emit(&t, o->min_cell, e)) < 0)
		cm_error_set(err, rc, "out of memory");
	rtab_release(&t);
	return rc;
}
