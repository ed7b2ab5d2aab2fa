/*
 * cm report caseload: a snapshot of the open cases on --to (today by
 * default) per worker and programme against the programme's norm, and
 * each worker's total against the norm that applies to them. Cases per
 * worker describe workload, not people: by worker nothing is withheld.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/i18n.h"
#include "cm/programme.h"
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
 * Open cases per worker and programme, in that order; the norms come from
 * the programmes' rules, read once each.
 */
static const char by_worker_sql[] =
	"SELECT c.worker, c.programme, count(*) FROM cases c"
	" WHERE " OPEN_AT_TO " AND " PROG_FILTER
	" GROUP BY c.worker, c.programme ORDER BY c.worker, c.programme";

/* A worker's rows so far: their open cases, and the strictest norm (-1: none). */
struct worker_total {
	long long open;
	long long norm;
};

static void caseload_row(struct rtab *t, const char *worker, const char *programme,
			 long long open, long long norm)
{
	int r = rtab_add_row(t);

	rtab_text(t, r, W_WORKER, worker);
	rtab_text(t, r, W_PROGRAMME, programme);
	rtab_int(t, r, W_OPEN, open);
	if (norm >= 0) {
		rtab_int(t, r, W_NORM, norm);
		rtab_int(t, r, W_ABOVE, open > norm);
	}
}

/* The last row sums column col of every row above it. */
static void total_line(struct rtab *t, int col)
{
	rtab_line_range(t, col, t->nrows - 1, 0, t->nrows - 1, 1);
}

/*
 * Per worker, one row per programme, then "(all)": the worker's total
 * against the strictest norm among the programmes of their open cases.
 */
static int worker_rows(struct cm_store *s, struct cm_stmt *st, struct rtab *t, long long *total,
		       struct cm_error *err)
{
	const struct cm_programme_rules *r;
	struct worker_total w = { 0, -1 };
	struct rgroups rules;
	char *worker = NULL;
	long long open, norm;
	int rc;

	rprog_cache_init(&rules);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		const char *login = cm_stmt_column_text(st, 0);

		if ((rc = rprog_rules(s, &rules, cm_stmt_column_text(st, 1), &r, err)) < 0)
			break;
		if (!worker || strcmp(worker, login)) {
			if (worker)
				caseload_row(t, worker, ALL_ROWS, w.open, w.norm);
			w = (struct worker_total){ 0, -1 };
			free(worker);
			if (!(worker = strdup(login))) {
				rc = cm_error_set(err, CM_ENOMEM, "out of memory");
				break;
			}
		}
		open = cm_stmt_column_int64(st, 2);
		norm = r->caseload_norm == CM_RULE_NONE ? -1 : r->caseload_norm;
		caseload_row(t, login, cm_stmt_column_text(st, 1), open, norm);
		w.open += open;
		*total += open;
		if (norm >= 0 && (w.norm < 0 || norm < w.norm))
			w.norm = norm;
	}
	if (rc == CM_DB_DONE && worker)
		caseload_row(t, worker, ALL_ROWS, w.open, w.norm);
	free(worker);
	rgroups_release(&rules);
	return rc < 0 ? rc : report_step_end(s, rc, err, "caseload");
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
	rc = worker_rows(s, st, &t, &total, err);
	cm_stmt_finalize(st);
	if (rc == 0) {
		r = rtab_add_row(&t);
		rtab_text(&t, r, W_WORKER, ALL_ROWS);
		rtab_text(&t, r, W_PROGRAMME, o->programme ? o->programme : ALL_ROWS);
		rtab_int(&t, r, W_OPEN, total);
		rc = rtab_emit(&t, 1, e);
		if (rc == CM_ENOMEM)
			cm_error_set(err, rc, "out of memory");
	}
	rtab_release(&t);
	return rc;
}

enum { P_PROGRAMME, P_WORKERS, P_OPEN, P_NORM, P_ABOVE, P_NCOLS };

static const struct rcol programme_cols[] = {
	{ "programme", RC_KEY, -1, 0, 0, NULL },
	{ "workers", RC_INT, -1, 0, 0, NULL },
	{ "open", RC_COUNT, -1, 0, 0, N_("open cases") },
	{ "norm", RC_INT, -1, 0, 0, N_("caseload norm") },
	{ "workers_above_norm", RC_INT, -1, 0, 0, N_("workers above the norm") },
};

/* Open cases per programme and worker, in that order. */
static const char by_programme_sql[] =
	"SELECT c.programme, c.worker, count(*) FROM cases c"
	" WHERE " OPEN_AT_TO " AND " PROG_FILTER
	" GROUP BY c.programme, c.worker ORDER BY c.programme, c.worker";

/* A programme's row: its workers, their open cases, and how many are above its norm. */
struct programme_row {
	long long workers, open, above;
};

static void programme_row(struct rtab *t, const char *programme, const struct programme_row *p,
			  int norm)
{
	int r = rtab_add_row(t);

	rtab_text(t, r, P_PROGRAMME, programme);
	rtab_int(t, r, P_WORKERS, p->workers);
	rtab_int(t, r, P_OPEN, p->open);
	if (norm != CM_RULE_NONE) {
		rtab_int(t, r, P_NORM, norm);
		rtab_int(t, r, P_ABOVE, p->above);
	}
}

static int programme_rows(struct cm_store *s, struct cm_stmt *st, struct rtab *t,
			  long long *total, struct cm_error *err)
{
	struct cm_programme_rules rules;
	struct programme_row p = { 0, 0, 0 };
	char programme[CM_PROGRAMME_ID_MAX] = "";
	long long open;
	int rc, started = 0;

	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		const char *id = cm_stmt_column_text(st, 0);

		if (!started || strcmp(programme, id)) {
			if (started)
				programme_row(t, programme, &p, rules.caseload_norm);
			if ((rc = cm_programme_rules_get(s, id, &rules, err)) < 0)
				return rc;
			snprintf(programme, sizeof programme, "%s", id);
			p = (struct programme_row){ 0, 0, 0 };
			started = 1;
		}
		open = cm_stmt_column_int64(st, 2);
		p.workers++;
		p.open += open;
		p.above += rules.caseload_norm != CM_RULE_NONE && open > rules.caseload_norm;
		*total += open;
	}
	if (rc == CM_DB_DONE && started)
		programme_row(t, programme, &p, rules.caseload_norm);
	return report_step_end(s, rc, err, "caseload");
}

static int by_programme(struct cm_store *s, const struct cm_report_opts *o,
			struct cm_emit *e, struct cm_error *err)
{
	struct rtab t;
	struct cm_stmt *st;
	long long total = 0;
	int rc, r;

	rc = report_prepare(s, by_programme_sql, o, &st, err);
	if (rc < 0)
		return rc;
	rtab_init(&t, programme_cols, P_NCOLS);
	rc = programme_rows(s, st, &t, &total, err);
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
