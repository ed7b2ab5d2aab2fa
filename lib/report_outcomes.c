/* cm report outcomes: closures in the window by outcome, and the positive share. */
#include <stdlib.h>
#include <string.h>
#include "cm/i18n.h"
#include "report_impl.h"

enum { C_GROUP, C_OUTCOME, C_POSITIVE, C_CLOSURES, C_SHARE, C_NCOLS };

static const struct rcol cols[] = {
	{ "group", RC_KEY, -1, 0, 0, NULL },
	{ "outcome", RC_KEY, -1, 0, 0, NULL },
	{ "positive", RC_BOOL, -1, 0, 0, N_("positive exit") },
	{ "closures", RC_COUNT, -1, 0, 0, NULL },
	{ "share", RC_SHARE, C_CLOSURES, C_CLOSURES, 0, NULL },
};

/* One (group, outcome) count from SQL. */
struct tally {
	char *group, *outcome;
	int rank, positive;
	long long n;
};

struct tallies {
	struct tally *v;
	size_t n, cap;
};

static void tallies_release(struct tallies *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++) {
		free(ts->v[i].group);
		free(ts->v[i].outcome);
	}
	free(ts->v);
}

static int tallies_add(struct tallies *ts, struct cm_stmt *st)
{
	struct tally *x;

	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 32;
		struct tally *grown = realloc(ts->v, cap * sizeof *grown);

		if (!grown)
			return CM_ENOMEM;
		ts->v = grown;
		ts->cap = cap;
	}
	x = &ts->v[ts->n];
	x->group = cm_sql_column_dup(st, 0);
	x->outcome = cm_sql_column_dup(st, 1);
	x->rank = cm_stmt_column_int(st, 2);
	x->positive = cm_stmt_column_int(st, 3);
	x->n = cm_stmt_column_int64(st, 4);
	ts->n++;
	return x->outcome ? 0 : CM_ENOMEM;
}

static const char sql_template[] =
	"SELECT %s AS g, c.outcome, " OUTCOME_ORDER("c.outcome") " AS rank,"
	" c.outcome IN " POSITIVE_OUTCOMES ", count(*)"
	" FROM cases c WHERE c.closed_on BETWEEN :from AND :to AND c.outcome IS NOT NULL"
	" AND " PROG_FILTER " GROUP BY g, c.outcome ORDER BY g, rank, c.outcome";

static int load(struct cm_store *s, const struct cm_report_opts *o, struct tallies *ts,
		struct cm_error *err)
{
	char *sql = cm_db_mprintf(sql_template,
				    report_group_expr(o->by, "substr(c.closed_on, 1, 7)"));
	struct cm_stmt *st;
	int rc;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = report_prepare(s, sql, o, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW)
		if (tallies_add(ts, st) < 0) {
			cm_stmt_finalize(st);
			return cm_error_set(err, CM_ENOMEM, "out of memory");
		}
	rc = report_step_end(s, rc, err, "outcomes");
	cm_stmt_finalize(st);
	return rc;
}

/* The rows of one block: its outcomes, then (positive) and (all). */
struct block {
	int first, n;         /* outcome rows */
	int positive, all;    /* their rows */
};

static int tally_order(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return strcmp(x->outcome, y->outcome);
}

static int outcome_row(struct rtab *t, const char *group, const struct tally *x, long long n)
{
	int r = rtab_add_row(t);

	rtab_text(t, r, C_GROUP, group);
	rtab_text(t, r, C_OUTCOME, x->outcome);
	rtab_int(t, r, C_POSITIVE, x->positive);
	rtab_int(t, r, C_CLOSURES, n);
	return r;
}

/* Close a block: the (positive) and (all) rows and the shares of its rows. */
static void finish_block(struct rtab *t, const char *group, struct block *b, long long pos,
			 long long all)
{
	int i;

	b->positive = rtab_add_row(t);
	rtab_text(t, b->positive, C_GROUP, group);
	rtab_text(t, b->positive, C_OUTCOME, "(positive)");
	rtab_int(t, b->positive, C_CLOSURES, pos);
	b->all = rtab_add_row(t);
	rtab_text(t, b->all, C_GROUP, group);
	rtab_text(t, b->all, C_OUTCOME, ALL_ROWS);
	rtab_int(t, b->all, C_CLOSURES, all);
	for (i = b->first; i <= b->all; i++)
		rtab_share_of(t, i, C_SHARE, b->all);
}

/*
 * Three sums hold in a block: (all) over the outcomes, (positive) over the
 * positive ones, and (all) as (positive) plus the other outcomes; without
 * the third, (all) minus (positive) gives back a lone withheld negative exit.
 */
static void block_lines(struct rtab *t, const struct block *b)
{
	int pos[64], neg[65], np = 0, nn = 0, i;

	rtab_line_range(t, C_CLOSURES, b->all, b->first, b->n, 1);
	neg[nn++] = b->positive;
	for (i = b->first; i < b->first + b->n && np < 64 && nn < 65; i++) {
		if (rtab_cell(t, i, C_POSITIVE)->n)
			pos[np++] = i;
		else
			neg[nn++] = i;
	}
	rtab_line_rows(t, C_CLOSURES, b->positive, pos, np);
	rtab_line_rows(t, C_CLOSURES, b->all, neg, nn);
}

/* Blocks for each group (runs of equal group in ts, which is sorted by group). */
static int group_blocks(struct rtab *t, const struct tallies *ts, struct block *blocks)
{
	size_t i = 0;
	int nb = 0;

	while (i < ts->n) {
		const char *g = ts->v[i].group;
		struct block *b = &blocks[nb++];
		long long pos = 0, all = 0;

		b->first = t->nrows;
		b->n = 0;
		for (; i < ts->n && ((!g && !ts->v[i].group) ||
				     (g && ts->v[i].group && !strcmp(g, ts->v[i].group))); i++) {
			outcome_row(t, g, &ts->v[i], ts->v[i].n);
			b->n++;
			all += ts->v[i].n;
			pos += ts->v[i].positive ? ts->v[i].n : 0;
		}
		finish_block(t, g, b, pos, all);
	}
	return nb;
}

/* The (all) block summing the groups, with lines tying each of its cells to them. */
static void total_block(struct rtab *t, struct tallies *ts, const struct block *blocks, int nb)
{
	struct block tb;
	int *rows = malloc((size_t)(nb ? nb : 1) * sizeof *rows), i, k;
	long long pos = 0, all = 0;
	size_t j;

	if (!rows) {
		t->failed = 1;
		return;
	}
	qsort(ts->v, ts->n, sizeof *ts->v, tally_order);
	tb.first = t->nrows;
	tb.n = 0;
	for (j = 0; j < ts->n;) {
		long long n = 0;
		size_t start = j;

		for (; j < ts->n && !strcmp(ts->v[j].outcome, ts->v[start].outcome); j++)
			n += ts->v[j].n;
		outcome_row(t, ALL_ROWS, &ts->v[start], n);
		tb.n++;
		all += n;
		pos += ts->v[start].positive ? n : 0;
	}
	finish_block(t, ALL_ROWS, &tb, pos, all);
	if (rtab_lines_begin(t) < 0) {
		free(rows);
		return;
	}
	for (i = 0; i < nb; i++)
		block_lines(t, &blocks[i]);
	block_lines(t, &tb);
	for (k = tb.first; k < tb.first + tb.n; k++) {
		const char *outcome = rtab_cell(t, k, C_OUTCOME)->text;
		int n = 0, r;

		for (i = 0; i < nb; i++)
			for (r = blocks[i].first; r < blocks[i].first + blocks[i].n; r++)
				if (!strcmp(rtab_cell(t, r, C_OUTCOME)->text, outcome))
					rows[n++] = r;
		rtab_line_rows(t, C_CLOSURES, k, rows, n);
	}
	for (i = 0; i < nb; i++)
		rows[i] = blocks[i].positive;
	rtab_line_rows(t, C_CLOSURES, tb.positive, rows, nb);
	for (i = 0; i < nb; i++)
		rows[i] = blocks[i].all;
	rtab_line_rows(t, C_CLOSURES, tb.all, rows, nb);
	free(rows);
}

int report_outcomes(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		    struct cm_error *err)
{
	struct tallies ts = { 0 };
	struct block *blocks = NULL, one = { 0, 0, 0, 0 };
	struct rtab t;
	int rc, nb;

	rc = load(s, o, &ts, err);
	if (rc < 0) {
		tallies_release(&ts);
		return rc;
	}
	rtab_init(&t, cols, C_NCOLS);
	t.group_name = report_by_name(o->by);
	if (o->by == CM_BY_NONE) {
		t.hide_first = 1;
		for (size_t i = 0; i < ts.n; i++)
			free(ts.v[i].group), ts.v[i].group = NULL;
		nb = group_blocks(&t, &ts, &one);
		if (nb == 0)
			finish_block(&t, NULL, &one, 0, 0);
		if (rtab_lines_begin(&t) == 0)
			block_lines(&t, &one);
	} else {
		blocks = malloc((ts.n ? ts.n : 1) * sizeof *blocks);
		if (!blocks)
			t.failed = 1;
		else
			total_block(&t, &ts, blocks, group_blocks(&t, &ts, blocks));
	}
	rc = rtab_emit(&t, o->min_cell, e);
	if (rc < 0)
		cm_error_set(err, rc, "out of memory");
	free(blocks);
	rtab_release(&t);
	tallies_release(&ts);
	return rc;
}
