/* Shared by the report modules (internal to lib/). */
#ifndef CM_LIB_REPORT_IMPL_H
#define CM_LIB_REPORT_IMPL_H

#include "access_impl.h"
#include "cm/report.h"
#include "report_table.h"
#include "sql.h"

/* The exits DESIGN.md counts as positive, as an SQL list. */
#define POSITIVE_OUTCOMES \
	"('employment','subsidised-employment','self-employment','apprenticeship'," \
	"'training','education')"

/* Is this outcome one of POSITIVE_OUTCOMES? */
int report_positive_outcome(const char *outcome);

/* Outcomes in the order cm-close(1) lists them; others after, by name. */
#define OUTCOME_ORDER(col) \
	"CASE " col " WHEN 'employment' THEN 1 WHEN 'subsidised-employment' THEN 2" \
	" WHEN 'self-employment' THEN 3 WHEN 'apprenticeship' THEN 4 WHEN 'training' THEN 5" \
	" WHEN 'education' THEN 6 WHEN 'other-service' THEN 7 WHEN 'moved' THEN 8" \
	" WHEN 'declined' THEN 9 WHEN 'lost-contact' THEN 10 WHEN 'deceased' THEN 11" \
	" WHEN 'other' THEN 12 ELSE 99 END"

/*
 * The team filter on a worker column: every team when :team is NULL; and
 * never a case outside the caller's scope (cm/access.h).
 */
#define TEAM_FILTER(worker) \
	"(:team IS NULL OR " worker " IN (SELECT w.login FROM worker w WHERE w.team = :team))" \
	" AND " CM_SCOPE(worker)

/* The programme and team filters on cases c: all of them when NULL. */
#define PROG_FILTER "(:prog IS NULL OR c.programme = :prog) AND " TEAM_FILTER("c.worker")

/* The label of the row that sums the groups. */
#define ALL_ROWS "(all)"

/*
 * Prepare sql (which may use :from, :to, :prog and :min) and bind what it
 * uses from o. The caller finalizes *st.
 */
int report_prepare(struct cm_store *s, const char *sql, const struct cm_report_opts *o,
		   struct cm_stmt **st, struct cm_error *err);

/*
 * The SQL expression grouping cases c by `by`: "NULL" for CM_BY_NONE, and
 * month_expr (e.g. "substr(c.closed_on, 1, 7)") for CM_BY_MONTH.
 */
const char *report_group_expr(enum cm_report_by by, const char *month_expr);
/* "worker", "programme", "month" or "group". */
const char *report_by_name(enum cm_report_by by);

/* The end of a statement's rows: 0, or a status naming what. */
int report_step_end(struct cm_store *s, int rc, struct cm_error *err, const char *what);

int report_caseload(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		    struct cm_error *err);
int report_outcomes(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		    struct cm_error *err);
int report_durations(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		     struct cm_error *err);
int report_youth_guarantee(struct cm_store *s, const struct cm_report_opts *o,
			   struct cm_emit *e, struct cm_error *err);
int report_quota(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		 struct cm_error *err);
int report_referrals(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		     struct cm_error *err);
int report_contacts(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		    struct cm_error *err);

#endif
