/*
 * Small-cell suppression for aggregate reports (DESIGN.md section 4).
 *
 * A report's published counts are cells; every published sum is a line: a
 * total cell and the member cells that add up to it. Counts from 1 to
 * min_cell - 1 are withheld (primary suppression). Then, while some line
 * has exactly one withheld cell (which subtraction from the line would give
 * back), one more cell of that line is withheld (secondary suppression):
 * the smallest non-zero shown member, else the total, else a zero member.
 * Zero counts identify nobody and are shown.
 *
 *   struct cm_suppress *sp = cm_suppress_new(4);
 *   cm_suppress_set(sp, 0, 10);  ... cells 1 to 3
 *   size_t members[] = { 1, 2, 3 };
 *   cm_suppress_line(sp, 0, members, 3);
 *   cm_suppress_run(sp, 5);
 *   if (cm_suppress_mark(sp, 2) != CM_CELL_SHOWN) ...
 *   cm_suppress_free(sp);
 */
#ifndef CM_SUPPRESS_H
#define CM_SUPPRESS_H

#include <stddef.h>

/*
 * How text, csv and tsv show a cell withheld by secondary suppression: not
 * "x", which reads as a tick in a spreadsheet. A small cell shows "<N".
 */
#define CM_SUPPRESS_SECONDARY_MARK "*"

/* The threshold a database withholds counts below, unless a manager lowers it. */
#define CM_SUPPRESS_MIN_CELL 5

enum cm_cell_mark {
	CM_CELL_SHOWN = 0,
	CM_CELL_SMALL = 1,      /* below min_cell: primary */
	CM_CELL_SECONDARY = 2,  /* withheld so that a small cell cannot be worked out */
};

struct cm_suppress;

/* A set of n cells, all zero and shown; NULL when out of memory. Free with cm_suppress_free. */
struct cm_suppress *cm_suppress_new(size_t n);
void cm_suppress_free(struct cm_suppress *sp);

void cm_suppress_set(struct cm_suppress *sp, size_t cell, long long value);

/*
 * Declare that cell total is the sum of the n member cells (the array is
 * copied). Returns 0, or -1 when out of memory or a cell is out of range.
 */
int cm_suppress_line(struct cm_suppress *sp, size_t total, const size_t *members, size_t n);

/* Mark the cells; min_cell <= 1 withholds nothing. */
void cm_suppress_run(struct cm_suppress *sp, long long min_cell);

enum cm_cell_mark cm_suppress_mark(const struct cm_suppress *sp, size_t cell);

#endif
