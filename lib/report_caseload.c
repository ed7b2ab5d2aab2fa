/* cm report caseload: open cases per worker at --to, against the programme's norm. */
#include <stdio.h>
#include "report_impl.h"

#define OPEN_AT_TO "c.opened_on <= :to AND (c.closed_on IS NULL OR c.closed_on > :to)"

enum { W_WORKER, W_PROGRAMME, W_OPEN, W_NORM, W_ABOVE, W_NCOLS };

static const struct rcol worker_cols[] = {
	{ "worker", RC_KEY, -1, 0, 0 },
	{ "programme", RC_KEY, -1, 0, 0 },
	{ "open", RC_COUNT, -1, 0, 0 },
	{ "norm", RC_INT, -1, 0, 0 },
	{ "above_norm", RC_BOOL, W_OPEN, 0, 0 },
};

static const char by_worker_sql[] =
	"SELECT c.worker, c.programme, count(*),"
	" json_extract(pr.rules, '$.caseload_norm')"
	" FROM cases c JOIN programme pr ON pr.id = c.programme"
	" WHERE " OPEN_AT_TO " AND " PROG_FILTER
	" GROUP BY c.worker, c.programme ORDER BY c.worker, c.programme";

static void caseload_row(struct rtab *t, struct cm_stmt *st)
{
	int r = rtab_add_row(t);

	rtab_text(t, r, W_WORKER, cm_stmt_column_text(st, 0));
	rtab_text(t, r, W_PROGRAMME, cm_stmt_column_text(st, 1));
	rtab_int(t, r, W_OPEN, cm_stmt_column_int64(st, 2));
	if (cm_stmt_column_type(st, 3) != CM_DB_NULL) {
		rtab_int(t, r, W_NORM, cm_stmt_column_int64(st, 3));
		rtab_int(t, r, W_ABOVE, cm_stmt_column_int64(st, 2) > cm_stmt_column_int64(st, 3));
	}
}

/* The last row sums column col of every row above it. */
static void total_line(struct rtab *t, int col)
{
	rtab_line_range(t, col, t->nrows - 1, 0, t->nrows - 1, 1);
}

static int by_worker(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		     struct cm_error *err)
{
	struct rtab t;
	struct cm_stmt *st;
	long long total = 0;
	int rc, r;

	rc = report_prepare(s, by_worker_sql, o, &st, err);
	if (rc < 0)
		return rc;
	rtab_init(&t, worker_cols, W_NCOLS);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		caseload_row(&t, st);
		total += cm_stmt_column_int64(st, 2);
	}
	rc = report_step_end(s, rc, err, "caseload");
	cm_stmt_finalize(st);
	if (rc == 0) {
		r = rtab_add_row(&t);
		rtab_text(&t, r, W_WORKER, ALL_ROWS);
		rtab_text(&t, r, W_PROGRAMME, o->programme ? o->programme : ALL_ROWS);
		rtab_int(&t, r, W_OPEN, total);
		rc = rtab_lines_begin(&t);
	}
	if (rc == 0) {
		total_line(&t, W_OPEN);
		rc = rtab_emit(&t, o->min_cell, e);
	}
	rtab_release(&t);
	return rc == CM_ENOMEM ? cm_error_set(err, rc, "out of memory") : rc;
}

enum { P_PROGRAMME, P_WORKERS, P_OPEN, P_NORM, P_ABOVE, P_NCOLS };

static const struct rcol programme_cols[] = {
	{ "programme", RC_KEY, -1, 0, 0 },
	{ "workers", RC_INT, -1, 0, 0 },
	{ "open", RC_COUNT, -1, 0, 0 },
	{ "norm", RC_INT, -1, 0, 0 },
	{ "workers_above_norm", RC_INT, -1, 0, 0 },
};

static const char by_programme_sql[] =
	"WITH w AS (SELECT c.programme, c.worker, count(*) AS n FROM cases c"
	" WHERE " OPEN_AT_TO " AND " PROG_FILTER " GROUP BY c.programme, c.worker)"
	" SELECT w.programme, count(*), sum(w.n), json_extract(pr.rules, '$.caseload_norm'),"
	" sum(w.n > json_extract(pr.rules, '$.caseload_norm'))"
	" FROM w JOIN programme pr ON pr.id = w.programme"
	" GROUP BY w.programme ORDER BY w.programme";

static int by_programme(struct cm_store *s, const struct cm_report_opts *o,
			struct cm_emit *e, struct cm_error *err)
{
	struct rtab t;
	struct cm_stmt *st;
	long long total = 0;
	int rc, r, col;

	rc = report_prepare(s, by_programme_sql, o, &st, err);
	if (rc < 0)
		return rc;
	rtab_init(&t, programme_cols, P_NCOLS);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		r = rtab_add_row(&t);
		rtab_text(&t, r, P_PROGRAMME, cm_stmt_column_text(st, 0));
		for (col = P_WORKERS; col <= P_ABOVE; col++)
			if (cm_stmt_column_type(st, col) != CM_DB_NULL)
				rtab_int(&t, r, col, cm_stmt_column_int64(st, col));
		total += cm_stmt_column_int64(st, 2);
	}
	rc = report_step_end(s, rc, err, "caseload");
	cm_stmt_finalize(st);
	if (rc == 0) {
		/* A worker with cases in two programmes counts in each. */
		r = rtab_add_row(&t);
		rtab_text(&t, r, P_PROGRAMME, ALL_ROWS);
		rtab_int(&t, r, P_OPEN, total);
		rc = rtab_lines_begin(&t);
	}
	if (rc == 0) {
		total_line(&t, P_OPEN);
		rc = rtab_emit(&t, o->min_cell, e);
	}
	rtab_release(&t);
	return rc == CM_ENOMEM ? cm_error_set(err, rc, "out of memory") : rc;
}

int report_caseload(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		    struct cm_error *err)
{
	if (o->by == CM_BY_PROGRAMME)
		return by_programme(s, o, e, err);
	return by_worker(s, o, e, err);
}
