/*
 * What is due or overdue, per worker: contacts, plan actions, partner
 * feedback, programme deadlines, follow-ups after exit and unsigned plans
 * (cm-remind(1)). Read-only; one query for all kinds, sorted by SQLite, streamed.
 */
#ifndef CM_REMIND_H
#define CM_REMIND_H

#include <stddef.h>
#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

struct cm_remind_opts {
	const char *worker;   /* this worker's cases; ignored with all */
	int all;              /* every worker with a case */
	int within_days;      /* due within this many days from today, or overdue (>= 0) */
	int english_only;     /* what_text is what: no output shows the translation */
};

/* One item. Strings belong to the library and live until the callback returns. */
struct cm_remind_item {
	int64_t case_id;
	const char *worker;
	const char *person;   /* "first last" */
	const char *kind;     /* contact, action, referral-feedback, deadline, follow-up,
				 plan-signature */
	const char *due;      /* YYYY-MM-DD */
	long overdue_days;    /* today - due: negative when not yet due */
	const char *what;     /* in English, as json, csv and tsv print it */
	const char *what_text;  /* what, in the user's language (text output) */
};

/*
 * Called once per worker that has items (workers in name order), with that
 * worker's items sorted most overdue first (then by case and kind). A
 * negative return stops the run and is returned by cm_remind.
 */
typedef int cm_remind_fn(const char *worker, const struct cm_remind_item *items, size_t n,
			 void *arg);

/*
 * Find the items; *count (may be NULL) gets how many there were. Memory
 * grows with one worker's items, not with the database.
 */
int cm_remind(struct cm_store *s, const struct cm_remind_opts *o, cm_remind_fn *fn, void *arg,
	      long long *count, struct cm_error *err);

/*
 * Emit one item as a record: case, worker (when with_worker), person, kind,
 * due, overdue_days, what. Text shows, instead of the signed overdue_days,
 * "when" in words: "due in 3 days", "due today", "2 days late".
 */
void cm_remind_emit_item(struct cm_emit *e, const struct cm_remind_item *it, int with_worker);

#endif
