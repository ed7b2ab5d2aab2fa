/* Shared by the report modules (internal to lib/). */
#ifndef CM_LIB_REPORT_IMPL_H
#define CM_LIB_REPORT_IMPL_H

#include "access_impl.h"
#include "cm/date.h"
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

/*
 * A period of a report: its first and last local days, and what selects
 * the contacts of those days (report_period.c).
 */
struct rperiod {
	cm_days lo, hi;
	char lo_date[CM_DATE_LEN], hi_date[CM_DATE_LEN];
	char end_date[CM_DATE_LEN];               /* the day after hi */
	char month[8];                            /* YYYY-MM of lo: the --by month label */
	char lo_utc[CM_TIME_LEN], end_utc[CM_TIME_LEN]; /* when lo and the day after hi begin */
	const char *scan_lo, *scan_end;           /* the wider of the two ranges */
};

/* The whole window, from to to. */
void rperiod_window(struct rperiod *p, cm_days from, cm_days to);
/* From day lo to the end of its month or to, whichever comes first. */
void rperiod_month(struct rperiod *p, cm_days lo, cm_days to);
/*
 * Bind what st uses of :lo, :hi (the days), :end (the day after), :lo_utc,
 * :end_utc (when they begin, in UTC), :scan_lo and :scan_end.
 */
void rperiod_bind(const struct rperiod *p, struct cm_stmt *st);

/* Groups found by key, each with a zeroed value of val_size bytes (report_group.c). */
struct rgroup {
	char *key;
	void *val;
};
struct rgroups {
	struct rgroup *items;
	size_t n, val_size;
	size_t *slots, nslots;
};
void rgroups_init(struct rgroups *g, size_t val_size);
void rgroups_release(struct rgroups *g);
/* The value of key's group, a new one when there is none; NULL when out of memory. */
void *rgroups_get(struct rgroups *g, const char *key);
/* items in the order of their keys (strcmp, as SQL's ORDER BY); rgroups_get no more. */
void rgroups_sort(struct rgroups *g);

/*
 * Programmes' rules, each read once in a report: *out is the rules of
 * programme id (valid until the cache is released). The cache is an
 * rgroups made with rprog_cache_init.
 */
struct cm_programme_rules;
void rprog_cache_init(struct rgroups *cache);
int rprog_rules(struct cm_store *s, struct rgroups *cache, const char *id,
		const struct cm_programme_rules **out, struct cm_error *err);

/* The kinds of fact of cm report youth-guarantee, in the order each block lists them. */
enum { YF_ENTRANTS, YF_PREPARATORY, YF_BEYOND, YF_EXITS, YF_EXIT, YF_POSITIVE, YF_TIMELY,
       YF_COHORT, YF_SITUATION };
/*
 * One fact: in group g (NULL: all cases), of kind YF_*, k months after exit
 * for a cohort and its situations, detail the outcome or the situation.
 */
typedef void report_yfact_fn(void *ctx, const char *g, int kind, int k, const char *detail,
			     long long n);
/*
 * Give fn every fact of the report: each group's block (groups in order)
 * when o->by groups them, then the block of all cases (report_youth_facts.c).
 */
int report_youth_facts(struct cm_store *s, const struct cm_report_opts *o, report_yfact_fn *fn,
		       void *ctx, struct cm_error *err);

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
