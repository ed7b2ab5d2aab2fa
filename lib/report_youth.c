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

enum { C_GROUP, C_MEASURE, C_CASES, C_SHARE, C_OF, C_NCOLS };

static const struct rcol cols[] = {
	{ "group", RC_KEY, -1, 0, 0, NULL },
	{ "measure", RC_KEY, -1, 0, 0, N_("indicator") },
	{ "cases", RC_COUNT, -1, 0, 0, NULL },
	{ "share", RC_SHARE, C_CASES, C_CASES, 0, NULL },
	{ "of", RC_KEY, -1, 0, 0, N_("share of") },
};

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

	if (kind == YF_COHORT)
		snprintf(name, sizeof name, "follow-up-%d", k);
	else if (kind == YF_SITUATION)
		snprintf(name, sizeof name, "follow-up-%d:%s", k, detail ? detail : "");
	else if (kind == YF_EXIT)
		snprintf(name, sizeof name, "exit:%s", detail ? detail : "");
	else
		snprintf(name, sizeof name, "%s", kind_names[kind]);
	rtab_text(t, r, C_GROUP, g);
	rtab_text(t, r, C_MEASURE, name);
	rtab_int(t, r, C_CASES, n);
	if (kind == YF_PREPARATORY)
		b->preparatory = r;
	else if (kind == YF_EXITS)
		b->exits = r;
	else if (kind == YF_COHORT) {
		b->cohort = r;
		snprintf(b->cohort_name, sizeof b->cohort_name, "%s", name);
	}
	if (kind == YF_BEYOND)
		den = b->preparatory, of = "preparatory";
	else if (kind == YF_EXIT || kind == YF_POSITIVE || kind == YF_TIMELY)
		den = b->exits, of = "exits";
	else if (kind == YF_SITUATION)
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

/* The facts as they come, a block per group, then the (all) block from row first_all. */
struct filling {
	struct rtab *t;
	struct block_state b;
	const char *prev;
	int started, first_all;
};

static void take_fact(void *ctx, const char *g, int kind, int k, const char *detail, long long n)
{
	struct filling *f = ctx;

	if (!f->started || !same_group(f->prev, g)) {
		f->prev = g;
		f->b = (struct block_state){ -1, -1, -1, "" };
		f->started = 1;
		if (!g)
			f->first_all = f->t->nrows;
	}
	add_fact(f->t, &f->b, g ? g : ALL_ROWS, kind, k, detail, n);
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
	struct filling f = { &t, { -1, -1, -1, "" }, NULL, 0, 0 };
	int rc, r, start;

	rtab_init(&t, cols, C_NCOLS);
	t.group_name = report_by_name(o->by);
	t.hide_first = o->by == CM_BY_NONE;
	t.key_text = measure_words;
	rc = report_youth_facts(s, o, take_fact, &f, err);
	if (rc == 0 && rtab_lines_begin(&t) == 0) {
		for (start = r = 0; r <= t.nrows; r++) {
			if (r == t.nrows || (r > start && measure_is(&t, r, "entrants"))) {
				block_lines(&t, start, r);
				start = r;
			}
		}
		cross_lines(&t, f.first_all);
	}
	if (rc == 0 && (rc = rtab_emit(&t, o->min_cell, e)) < 0)
		cm_error_set(err, rc, "out of memory");
	rtab_release(&t);
	return rc;
}
