/* Small-cell suppression: primary marks, and secondary marks over sums. */
#include <criterion/criterion.h>

#include "cm/suppress.h"

/* Cells 0..n-1 with the given values. */
static struct cm_suppress *cells(const long long *v, size_t n)
{
	struct cm_suppress *sp = cm_suppress_new(n);
	size_t i;

	cr_assert_not_null(sp);
	for (i = 0; i < n; i++)
		cm_suppress_set(sp, i, v[i]);
	return sp;
}

static void expect_marks(const struct cm_suppress *sp, const int *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cr_expect_eq((int)cm_suppress_mark(sp, i), want[i], "cell %zu: mark %d, want %d", i,
			     (int)cm_suppress_mark(sp, i), want[i]);
}

enum { S = CM_CELL_SHOWN, P = CM_CELL_SMALL, X = CM_CELL_SECONDARY };

Test(suppress, below_threshold_only_and_zero_shown)
{
	long long v[] = { 0, 1, 4, 5, 100 };
	int want[] = { S, P, P, S, S };
	struct cm_suppress *sp = cells(v, 5);

	cm_suppress_run(sp, 5);
	expect_marks(sp, want, 5);
	cm_suppress_free(sp);
}

Test(suppress, threshold_one_withholds_nothing)
{
	long long v[] = { 1, 2, 3 };
	int want[] = { S, S, S };
	size_t m[] = { 1, 2 };
	struct cm_suppress *sp = cells(v, 3);

	cm_suppress_line(sp, 0, m, 2);
	cm_suppress_run(sp, 1);
	expect_marks(sp, want, 3);
	cm_suppress_free(sp);
}

/* total 20 = 3 + 7 + 10: 3 alone would be 20 - 7 - 10, so 7 goes too. */
Test(suppress, next_smallest_member_of_the_line)
{
	long long v[] = { 20, 3, 7, 10 };
	int want[] = { S, P, X, S };
	size_t m[] = { 1, 2, 3 };
	struct cm_suppress *sp = cells(v, 4);

	cm_suppress_line(sp, 0, m, 3);
	cm_suppress_run(sp, 5);
	expect_marks(sp, want, 4);
	cm_suppress_free(sp);
}

/* Two small cells in a line protect each other. */
Test(suppress, two_small_cells_need_nothing_more)
{
	long long v[] = { 17, 2, 3, 12 };
	int want[] = { S, P, P, S };
	size_t m[] = { 1, 2, 3 };
	struct cm_suppress *sp = cells(v, 4);

	cm_suppress_line(sp, 0, m, 3);
	cm_suppress_run(sp, 5);
	expect_marks(sp, want, 4);
	cm_suppress_free(sp);
}

/* 3 = 3 + 0: the total is as small as its one member; the zero stays shown. */
Test(suppress, zero_members_stay_shown)
{
	long long v[] = { 3, 3, 0 };
	int want[] = { P, P, S };
	size_t m[] = { 1, 2 };
	struct cm_suppress *sp = cells(v, 3);

	cm_suppress_line(sp, 0, m, 2);
	cm_suppress_run(sp, 5);
	expect_marks(sp, want, 3);
	cm_suppress_free(sp);
}

/* A line whose total is only known through another: 12 = 2 + 10, 12 + 30 = 42. */
Test(suppress, chained_lines)
{
	/* 0 = 1 + 2; 3 = 0 + 4 */
	long long v[] = { 12, 2, 10, 42, 30 };
	int want[] = { S, P, X, S, S };
	size_t a[] = { 1, 2 }, b[] = { 0, 4 };
	struct cm_suppress *sp = cells(v, 5);

	cm_suppress_line(sp, 0, a, 2);
	cm_suppress_line(sp, 3, b, 2);
	cm_suppress_run(sp, 5);
	expect_marks(sp, want, 5);
	cm_suppress_free(sp);
}

/*
 * A 2x2 table with margins, laid out row by row:
 *    a=2  b=10 | 12
 *    c=8  d=9  | 17
 *    10   19   | 29
 * a is small; its row takes b, its column takes c; then b's column and c's
 * row each have one withheld cell, which takes d. No line has exactly one.
 */
Test(suppress, grid_with_margins_cascades)
{
	long long v[] = { 2, 10, 12, 8, 9, 17, 10, 19, 29 };
	int want[] = { P, X, S, X, X, S, S, S, S };
	size_t r0[] = { 0, 1 }, r1[] = { 3, 4 }, r2[] = { 6, 7 };
	size_t c0[] = { 0, 3 }, c1[] = { 1, 4 }, c2[] = { 2, 5 };
	struct cm_suppress *sp = cells(v, 9);

	cm_suppress_line(sp, 2, r0, 2);
	cm_suppress_line(sp, 5, r1, 2);
	cm_suppress_line(sp, 8, r2, 2);
	cm_suppress_line(sp, 6, c0, 2);
	cm_suppress_line(sp, 7, c1, 2);
	cm_suppress_line(sp, 8, c2, 2);
	cm_suppress_run(sp, 5);
	expect_marks(sp, want, 9);
	cm_suppress_free(sp);
}

/* Lines that share cells (a subtotal inside a total) are all protected. */
Test(suppress, nested_lines)
{
	/* all(0) = pos(1) + other(4); pos(1) = a(2) + b(3) */
	long long v[] = { 30, 9, 6, 3, 21 };
	int want[] = { S, S, X, P, S };
	size_t all[] = { 1, 4 }, pos[] = { 2, 3 };
	struct cm_suppress *sp = cells(v, 5);

	cm_suppress_line(sp, 0, all, 2);
	cm_suppress_line(sp, 1, pos, 2);
	cm_suppress_run(sp, 5);
	expect_marks(sp, want, 5);
	cm_suppress_free(sp);
}

Test(suppress, bad_cells_refused)
{
	size_t m[] = { 0, 7 };
	struct cm_suppress *sp = cm_suppress_new(3);

	cr_assert_not_null(sp);
	cr_expect_eq(cm_suppress_line(sp, 0, m, 2), -1);
	cr_expect_eq(cm_suppress_line(sp, 5, m, 1), -1);
	cr_expect_eq((int)cm_suppress_mark(sp, 9), S);
	cm_suppress_free(sp);
}

/* Running again with another threshold starts afresh. */
Test(suppress, rerun_resets_marks)
{
	long long v[] = { 7, 3, 4 };
	int strict[] = { S, P, P }, loose[] = { S, S, S };
	size_t m[] = { 1, 2 };
	struct cm_suppress *sp = cells(v, 3);

	cm_suppress_line(sp, 0, m, 2);
	cm_suppress_run(sp, 5);
	expect_marks(sp, strict, 3);
	cm_suppress_run(sp, 3);
	expect_marks(sp, loose, 3);
	cm_suppress_free(sp);
}
