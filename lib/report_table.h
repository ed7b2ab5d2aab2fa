/*
 * The table every report fills before printing (internal to lib/): rows of
 * typed cells held in memory (one row per group, so a few hundred at most),
 * the sums that hold between count cells, then suppression and emission.
 */
#ifndef CM_LIB_REPORT_TABLE_H
#define CM_LIB_REPORT_TABLE_H

#include <stddef.h>
#include "cm/emit.h"
#include "cm/suppress.h"

enum rcol_kind {
	RC_KEY,      /* text naming the row; not withheld */
	RC_COUNT,    /* a count of cases, contacts...: withheld below min_cell */
	RC_INT,      /* a whole number from the data, withheld with count column `base` */
	RC_NUMBER,   /* a decimal, withheld with count column `base` (if base >= 0) */
	RC_FRACTION, /* a decimal from 0 to 1 (a rate, a cap), as RC_NUMBER; text shows a percentage */
	RC_SHARE,    /* count `base` / count `den`, 3 decimals; withheld with either */
	RC_BOOL,     /* withheld with count column `base` (if base >= 0) */
};

struct rcol {
	const char *name;
	enum rcol_kind kind;
	int base;       /* count column this one is derived from, or -1 */
	int den;        /* RC_SHARE: the denominator's count column; others: a second base (> 0) */
	int decimals;   /* RC_NUMBER, RC_FRACTION: rounding */
	const char *label; /* the text heading in words (N_), or NULL: the key's label */
};

struct rcell {
	char *text;      /* RC_KEY */
	long long n;     /* RC_COUNT, RC_INT, RC_BOOL */
	double d;        /* RC_NUMBER, RC_FRACTION */
	int null;
	int den_row;     /* RC_SHARE: the row holding the denominator (-1: this row) */
};

struct rtab {
	const struct rcol *cols;
	int ncols;
	int hide_first;          /* the first column is the group and there is no --by */
	const char *group_name;  /* if set, the first column's name (worker, programme, month) */
	struct rcell *cells;     /* nrows * ncols, row-major */
	int nrows, cap;
	/* if set, what text output prints for a key cell's code (codes stay in json, csv, tsv) */
	const char *(*key_text)(int col, const char *code, char *buf, size_t n);
	struct cm_suppress *sp;  /* made by rtab_lines_begin */
	int failed;              /* out of memory somewhere: rtab_emit returns CM_ENOMEM */
};

void rtab_init(struct rtab *t, const struct rcol *cols, int ncols);
void rtab_release(struct rtab *t);

/* A new row with every cell null; its index, or -1 when out of memory. */
int rtab_add_row(struct rtab *t);
struct rcell *rtab_cell(struct rtab *t, int row, int col);
void rtab_text(struct rtab *t, int row, int col, const char *text);
void rtab_int(struct rtab *t, int row, int col, long long n);
void rtab_number(struct rtab *t, int row, int col, double d);
/*
 * Give row a share in column col, over the denominator in row den_row (the
 * row itself when -1); a share column stays null in rows not given one.
 */
void rtab_share_of(struct rtab *t, int row, int col, int den_row);

/* After the last row: declare sums. Each names (row, col) cells. */
int rtab_lines_begin(struct rtab *t);
/* In column col: the cell of row total is the sum of rows[0..n-1]. */
void rtab_line_rows(struct rtab *t, int col, int total, const int *rows, int n);
/* The same for the n consecutive rows from first; every n-th row from first when step > 1. */
void rtab_line_range(struct rtab *t, int col, int total, int first, int n, int step);

/*
 * Suppress (min_cell) and emit a list: one record per row. A withheld count
 * prints as "<MIN" (small) or "x" (withheld to protect another) in
 * text/csv/tsv, and as null plus "NAME_suppressed": true in json.
 */
int rtab_emit(struct rtab *t, long long min_cell, struct cm_emit *e);

#endif
