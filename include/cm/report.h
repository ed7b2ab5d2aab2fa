/*
 * Aggregate reports (cm report NAME): caseload, outcomes, durations,
 * youth-guarantee, quota, referrals, contacts. Each is computed in SQL over
 * the whole database and emitted as a list of records, with small cells
 * withheld (see cm/suppress.h and cm-report(1) for every definition).
 */
#ifndef CM_REPORT_H
#define CM_REPORT_H

#include <stdint.h>
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/emit.h"
#include "cm/error.h"

struct cm_store;

enum cm_report_by {
	CM_BY_NONE,
	CM_BY_WORKER,
	CM_BY_PROGRAMME,
	CM_BY_MONTH,
};

/* "worker", "programme", "month" -> CM_BY_*. Returns 0 or CM_EUSAGE. */
int cm_report_by_parse(const char *name, enum cm_report_by *out);

struct cm_report_opts {
	char from[CM_DATE_LEN];      /* first day of the window, YYYY-MM-DD */
	char to[CM_DATE_LEN];        /* last day, inclusive */
	const char *programme;       /* NULL: every programme */
	const char *team;            /* NULL: every team (the cases of its workers) */
	enum cm_report_by by;        /* CM_BY_NONE: the report's default */
	long long min_cell;          /* counts below this are withheld; <= 1: none */
};

/* The last full calendar month before today: its first and last days. */
void cm_report_default_window(cm_days today, char from[CM_DATE_LEN], char to[CM_DATE_LEN]);

/*
 * 1 when report name counts on one day (--to; cm report makes it today by
 * default) rather than over a window: caseload and quota.
 */
int cm_report_is_snapshot(const char *name);

/*
 * After opening or renewing case_id: when its programme has a quota and,
 * today, the cases in a trajectory (or in a renewal) are above its cap of
 * the job seekers counted (cm report quota), set *warning to say so.
 * Never fails: a quota that cannot be computed gives no warning.
 */
int cm_report_quota_warning(struct cm_store *s, int64_t case_id, struct cm_error *warning);

/* NULL-terminated list of report names, in the order cm-report(1) gives them. */
extern const char *const cm_report_names[];
/* What --by groups by (worker, programme, month), NULL-terminated. */
extern const char *const cm_report_groups[];

/* Is name a report (not "all")? 0, or CM_EUSAGE with err listing them. */
int cm_report_check_name(const char *name, struct cm_error *err);

/*
 * Run report name over s and emit its records to e. Unknown report, a
 * --by the report does not offer or from after to: CM_EUSAGE; unknown
 * programme: CM_ENOTFOUND. Nothing is emitted when it fails.
 */
int cm_report_run(struct cm_store *s, const char *name, const struct cm_report_opts *o,
		  struct cm_emit *e, struct cm_error *err);

#endif
