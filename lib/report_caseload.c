/*
 * cm report caseload: a snapshot of the open cases on --to (today by
 * default) per worker and programme against the programme's norm, and
 * each worker's total against the norm that applies to them. Cases per
 * worker describe workload, not people: by worker nothing is withheld.
 */
#include <stdio.h>
#include "cm/i18n.h"
#include "report_impl.h"

#define OPEN_AT_TO "c.opened_on <= :to AND (c.closed_on IS NULL OR c.closed_on > :to)"

enum { W_WORKER, W_PROGRAMME, W_OPEN, W_NORM, W_ABOVE, W_NCOLS };

static const struct rcol worker_cols[] = {
	{ "worker", RC_KEY, -1, 0, 0, NULL },
	{ "programme", RC_KEY, -1, 0, 0, NULL },
	{ "open", RC_INT, -1, 0, 0, N_("open cases") },
	{ "norm", RC_INT, -1, 0, 0, N_("caseload norm") },
	{ "above_norm", RC_BOOL, -1, 0, 0, N_("above the norm") },
};

/*
 * Per worker, one row per programme, then "(all)": the worker's total
 * against the strictest norm among the programmes of their open cases.
 */
static const char by_worker_sql[] =
	"WITH w AS (SELECT c.worker, c.programme, count(*) AS n,"
	"  cm_json_int(pr.rules, '$.caseload_norm') AS norm"
	"  FROM cases c JOIN programme pr ON pr.id = c.programme"
	"  WHERE " OPEN_AT_TO " AND " PROG_FILTER " GROUP BY c.worker, c.programme, pr.id)"
	" SELECT worker, programme, n, norm, 0 FROM w"
	" UNION ALL SELECT worker, '" ALL_ROWS "', sum(n), min(norm), 1 FROM w GROUP BY worker"
	" ORDER BY 1, 5, 2";

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
		if (cm_stmt_column_int(st, 4))
			total += cm_stmt_column_int64(st, 2);
	}
	rc = report_step_end(s, rc, err, "caseload");
	cm_stmt_finalize(st);
	if (rc == 0) {
		r = rtab_add_row(&t);
		rtab_text(&t, r, W_WORKER, ALL_ROWS);
		rtab_text(&t, r, W_PROGRAMME, o->programme ? o->programme : ALL_ROWS);
		rtab_int(&t, r, W_OPEN, total);
		rc = rtab_emit(&t, 1, e);
	}
	rtab_release(&t);
	return rc == CM_ENOMEM ? cm_error_set(err, rc, "out of memory") : rc;
}

enum { P_PROGRAMME, P_WORKERS, P_OPEN, P_NORM, P_ABOVE, P_NCOLS };

static const struct rcol programme_cols[] = {
	{ "programme", RC_KEY, -1, 0, 0, NULL },
	{ "workers", RC_INT, -1, 0, 0, NULL },
	{ "open", RC_COUNT, -1, 0, 0, N_("open cases") },
	{ "norm", RC_INT, -1, 0, 0, N_("caseload norm") },
	{ "workers_above_norm", RC_INT, -1, 0, 0, N_("workers above the norm") },
};

static const char by_programme_sql[] =
	"WITH w AS (SELECT c.programme, c.worker, count(*) AS n FROM cases c"
	" WHERE " OPEN_AT_TO " AND " PROG_FILTER " GROUP BY c.programme, c.worker)"
	" SELECT w.programme, count(*), sum(w.n), norm,"
	" sum(CASE WHEN w.n > norm THEN 1 WHEN norm IS NOT NULL THEN 0 END)"
	" FROM w JOIN (SELECT id, cm_json_int(rules, '$.caseload_norm') AS norm FROM programme)"
	" AS pr ON pr.id = w.programme"
	" GROUP BY w.programme, pr.norm ORDER BY w.programme";

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
