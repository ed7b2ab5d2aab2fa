/* Report tables: typed cells, suppression over declared sums, emission. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/error.h"
#include "cm/i18n.h"
#include "report_table.h"

void rtab_init(struct rtab *t, const struct rcol *cols, int ncols)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols;
}

void rtab_release(struct rtab *t)
{
	int i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	free(t->cells);
	cm_suppress_free(t->sp);
	memset(t, 0, sizeof *t);
}

int rtab_add_row(struct rtab *t)
{
	int i;

	if (t->nrows == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;
		struct rcell *grown = realloc(t->cells, (size_t)cap * t->ncols * sizeof *grown);

		if (!grown) {
			t->failed = 1;
			return -1;
		}
		t->cells = grown;
		t->cap = cap;
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = (struct rcell){ .null = 1, .den_row = -1 };
	return t->nrows++;
}

struct rcell *rtab_cell(struct rtab *t, int row, int col)
{
	return &t->cells[row * t->ncols + col];
}

void rtab_text(struct rtab *t, int row, int col, const char *text)
{
	struct rcell *c;

	if (row < 0)
		return;
	c = rtab_cell(t, row, col);
	free(c->text);
	c->text = text ? strdup(text) : NULL;
	c->null = !text;
	if (text && !c->text)
		t->failed = 1;
}

void rtab_int(struct rtab *t, int row, int col, long long n)
{
	if (row < 0)
		return;
	rtab_cell(t, row, col)->n = n;
	rtab_cell(t, row, col)->null = 0;
}

void rtab_number(struct rtab *t, int row, int col, double d)
{
	if (row < 0)
		return;
	rtab_cell(t, row, col)->d = d;
	rtab_cell(t, row, col)->null = 0;
}

void rtab_share_of(struct rtab *t, int row, int col, int den_row)
{
	if (row >= 0) {
		rtab_cell(t, row, col)->den_row = den_row;
		rtab_cell(t, row, col)->null = 0;
	}
}

int rtab_lines_begin(struct rtab *t)
{
	int r, c;

	t->sp = cm_suppress_new((size_t)t->nrows * t->ncols);
	if (!t->sp) {
		t->failed = 1;
		return CM_ENOMEM;
	}
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			if (t->cols[c].kind == RC_COUNT && !rtab_cell(t, r, c)->null)
				cm_suppress_set(t->sp, (size_t)(r * t->ncols + c),
						rtab_cell(t, r, c)->n);
	return 0;
}

void rtab_line_rows(struct rtab *t, int col, int total, const int *rows, int n)
{
	size_t members[64], *m = members;
	int i;

	if (!t->sp || total < 0 || n <= 0)
		return;
	if ((size_t)n > sizeof members / sizeof members[0]) {
		m = malloc((size_t)n * sizeof *m);
		if (!m) {
			t->failed = 1;
			return;
		}
	}
	for (i = 0; i < n; i++)
		m[i] = (size_t)(rows[i] * t->ncols + col);
	if (cm_suppress_line(t->sp, (size_t)(total * t->ncols + col), m, (size_t)n) < 0)
		t->failed = 1;
	if (m != members)
		free(m);
}

void rtab_line_range(struct rtab *t, int col, int total, int first, int n, int step)
{
	int *rows, i;

	if (n <= 0)
		return;
	rows = malloc((size_t)n * sizeof *rows);
	if (!rows) {
		t->failed = 1;
		return;
	}
	for (i = 0; i < n; i++)
		rows[i] = first + i * (step > 1 ? step : 1);
	rtab_line_rows(t, col, total, rows, n);
	free(rows);
}

static enum cm_cell_mark mark_of(const struct rtab *t, int row, int col)
{
	if (col < 0 || !t->sp)
		return CM_CELL_SHOWN;
	return cm_suppress_mark(t->sp, (size_t)(row * t->ncols + col));
}

/* A withheld value: "<5" or "*" for people and spreadsheets, null plus a flag in json. */
static void emit_withheld(struct cm_emit *e, const char *name, enum cm_cell_mark m,
			  long long min_cell)
{
	char buf[64];

	if (cm_emit_format(e) == CM_FORMAT_JSON) {
		snprintf(buf, sizeof buf, "%s_suppressed", name);
		cm_emit_null(e, name);
		cm_emit_bool(e, buf, 1);
		return;
	}
	if (m == CM_CELL_SMALL) {
		snprintf(buf, sizeof buf, "<%lld", min_cell);
		cm_emit_str(e, name, buf);
	} else {
		cm_emit_str(e, name, CM_SUPPRESS_SECONDARY_MARK);
	}
}

/* Half away from zero, without libm: report figures are far below 2^53. */
static double rounded(double d, int decimals)
{
	double f = 1;
	long long k;

	while (decimals-- > 0)
		f *= 10;
	k = (long long)(d * f + (d >= 0 ? 0.5 : -0.5));
	return (double)k / f;
}

/* People read a share as a percentage to one decimal; scripts get the fraction. */
static void emit_share(struct cm_emit *e, const char *name, double share, int decimals)
{
	char buf[48];

	if (cm_emit_format(e) == CM_FORMAT_TEXT)
		cm_emit_str(e, name, cm_i18n_percent(buf, sizeof buf, rounded(share * 100, 1), 1));
	else
		cm_emit_double(e, name, rounded(share, decimals));
}

static void emit_cell(struct rtab *t, struct cm_emit *e, int row, int col, long long min_cell)
{
	struct rcol named = t->cols[col];
	const struct rcol *k = &named;
	const struct rcell *c = rtab_cell(t, row, col);
	int den_row = c->den_row >= 0 ? c->den_row : row;

	if (col == 0 && t->group_name)
		named.name = t->group_name;
	else if (k->label && cm_emit_format(e) == CM_FORMAT_TEXT)
		named.name = _(k->label);
	enum cm_cell_mark m = k->kind == RC_COUNT ? mark_of(t, row, col)
						  : mark_of(t, row, k->base);

	if (k->kind != RC_COUNT && (k->kind == RC_SHARE || k->den > 0) && m == CM_CELL_SHOWN)
		m = mark_of(t, den_row, k->den);
	if (k->kind != RC_KEY && m != CM_CELL_SHOWN) {
		/* A figure derived from a withheld count is withheld with it, never "<5". */
		emit_withheld(e, k->name, k->kind == RC_COUNT ? m : CM_CELL_SECONDARY, min_cell);
		return;
	}
	switch (k->kind) {
	case RC_KEY:
		if (!c->null && t->key_text && cm_emit_format(e) == CM_FORMAT_TEXT) {
			char words[256];

			cm_emit_str(e, k->name, t->key_text(col, c->text, words, sizeof words));
		} else {
			cm_emit_str(e, k->name, c->null ? NULL : c->text);
		}
		break;
	case RC_COUNT:
	case RC_INT:
		if (c->null)
			cm_emit_null(e, k->name);
		else
			cm_emit_int(e, k->name, c->n);
		break;
	case RC_BOOL:
		if (c->null)
			cm_emit_null(e, k->name);
		else
			cm_emit_bool(e, k->name, c->n != 0);
		break;
	case RC_NUMBER:
		if (c->null)
			cm_emit_null(e, k->name);
		else
			cm_emit_double(e, k->name, rounded(c->d, k->decimals));
		break;
	case RC_FRACTION:
		if (c->null)
			cm_emit_null(e, k->name);
		else
			emit_share(e, k->name, c->d, k->decimals);
		break;
	case RC_SHARE: {
		const struct rcell *num = rtab_cell(t, row, k->base);
		const struct rcell *den = rtab_cell(t, den_row, k->den);

		if (c->null || num->null || den->null || den->n == 0)
			cm_emit_null(e, k->name);
		else
			emit_share(e, k->name, (double)num->n / (double)den->n, 3);
		break;
	}
	}
}

int rtab_emit(struct rtab *t, long long min_cell, struct cm_emit *e)
{
	int r, c;

	if (!t->sp && rtab_lines_begin(t) < 0)
		return CM_ENOMEM;
	if (t->failed)
		return CM_ENOMEM;
	cm_suppress_run(t->sp, min_cell);
	cm_emit_begin_list(e);
	for (r = 0; r < t->nrows; r++) {
		cm_emit_begin(e);
		for (c = t->hide_first ? 1 : 0; c < t->ncols; c++)
			emit_cell(t, e, r, c, min_cell);
		cm_emit_end(e);
	}
	cm_emit_end_list(e);
	return 0;
}
