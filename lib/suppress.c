/* Small-cell suppression: primary below a threshold, then secondary over sums. */
#include <stdlib.h>
#include <string.h>
#include "cm/suppress.h"

struct line {
	size_t total;
	size_t *members;
	size_t n;
};

struct cm_suppress {
	size_t n;
	long long *value;
	unsigned char *mark;
	struct line *lines;
	size_t nlines, cap;
};

struct cm_suppress *cm_suppress_new(size_t n)
{
	struct cm_suppress *sp = calloc(1, sizeof *sp);

	if (!sp)
		return NULL;
	sp->n = n;
	sp->value = calloc(n ? n : 1, sizeof *sp->value);
	sp->mark = calloc(n ? n : 1, 1);
	if (!sp->value || !sp->mark) {
		cm_suppress_free(sp);
		return NULL;
	}
	return sp;
}

void cm_suppress_free(struct cm_suppress *sp)
{
	size_t i;

	if (!sp)
		return;
	for (i = 0; i < sp->nlines; i++)
		free(sp->lines[i].members);
	free(sp->lines);
	free(sp->value);
	free(sp->mark);
	free(sp);
}

void cm_suppress_set(struct cm_suppress *sp, size_t cell, long long value)
{
	if (cell < sp->n)
		sp->value[cell] = value;
}

int cm_suppress_line(struct cm_suppress *sp, size_t total, const size_t *members, size_t n)
{
	struct line *l;
	size_t i;

	if (total >= sp->n)
		return -1;
	for (i = 0; i < n; i++)
		if (members[i] >= sp->n)
			return -1;
	if (sp->nlines == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 8;
		struct line *grown = realloc(sp->lines, cap * sizeof *grown);

		if (!grown)
			return -1;
		sp->lines = grown;
		sp->cap = cap;
	}
	l = &sp->lines[sp->nlines];
	l->members = malloc((n ? n : 1) * sizeof *l->members);
	if (!l->members)
		return -1;
	memcpy(l->members, members, n * sizeof *members);
	l->total = total;
	l->n = n;
	sp->nlines++;
	return 0;
}

static size_t withheld_in(const struct cm_suppress *sp, const struct line *l)
{
	size_t i, k = sp->mark[l->total] != CM_CELL_SHOWN;

	for (i = 0; i < l->n; i++)
		k += sp->mark[l->members[i]] != CM_CELL_SHOWN;
	return k;
}

/* The shown member with the smallest value, zeros only when want_zero; n when none. */
static size_t smallest_shown(const struct cm_suppress *sp, const struct line *l, int want_zero)
{
	size_t i, best = l->n;

	for (i = 0; i < l->n; i++) {
		size_t c = l->members[i];

		if (sp->mark[c] != CM_CELL_SHOWN || (sp->value[c] == 0) != want_zero)
			continue;
		if (best == l->n || sp->value[c] < sp->value[l->members[best]])
			best = i;
	}
	return best;
}

/* Withhold one more cell of a line that gives its single withheld cell away. */
static int protect(struct cm_suppress *sp, const struct line *l)
{
	size_t i = smallest_shown(sp, l, 0);

	if (i < l->n) {
		sp->mark[l->members[i]] = CM_CELL_SECONDARY;
		return 1;
	}
	if (sp->mark[l->total] == CM_CELL_SHOWN) {
		sp->mark[l->total] = CM_CELL_SECONDARY;
		return 1;
	}
	i = smallest_shown(sp, l, 1);
	if (i < l->n) {
		sp->mark[l->members[i]] = CM_CELL_SECONDARY;
		return 1;
	}
	return 0;
}

void cm_suppress_run(struct cm_suppress *sp, long long min_cell)
{
	size_t i;
	int changed = 1;

	memset(sp->mark, CM_CELL_SHOWN, sp->n);
	for (i = 0; i < sp->n; i++)
		if (sp->value[i] > 0 && sp->value[i] < min_cell)
			sp->mark[i] = CM_CELL_SMALL;
	/* Each pass withholds at least one more cell, so this ends. */
	while (changed) {
		changed = 0;
		for (i = 0; i < sp->nlines; i++)
			if (withheld_in(sp, &sp->lines[i]) == 1)
				changed |= protect(sp, &sp->lines[i]);
	}
}

enum cm_cell_mark cm_suppress_mark(const struct cm_suppress *sp, size_t cell)
{
	return cell < sp->n ? (enum cm_cell_mark)sp->mark[cell] : CM_CELL_SHOWN;
}
