/* Closing a case with an outcome, follow-ups after exit, and reopening. */
#ifndef CM_CLOSURE_H
#define CM_CLOSURE_H

#include <stdint.h>
#include "cm/error.h"

struct cm_store;

/* The outcome codes, NULL-terminated. */
extern const char *const cm_outcomes[];
/* What a follow-up's situation may be besides an outcome, NULL-terminated. */
extern const char *const cm_situations_after_exit[];

struct cm_close_in {
	const char *outcome;  /* one of cm_outcomes */
	const char *date;     /* YYYY-MM-DD; NULL: today */
	const char *note;     /* may be NULL */
	int force;            /* cancel open referrals and drop open actions */
};

/*
 * Close an open case in one transaction. Open referrals or open plan actions
 * refuse it (the message counts them) unless force. *no_final is set to 1
 * when the case has no final assessment (the caller warns; it does not refuse).
 */
int cm_case_close(struct cm_store *s, int64_t case_id, const struct cm_close_in *in,
		  int *no_final, struct cm_error *err);

/*
 * Record the situation months (6, 12 or 18) after exit of a closed case:
 * an outcome code or unemployed, inactive, unknown. date NULL: today.
 */
int cm_case_follow_up(struct cm_store *s, int64_t case_id, int months, const char *situation,
		      const char *date, struct cm_error *err);

/* Reopen a closed case into the state it had before closing, with a reason. */
int cm_case_reopen(struct cm_store *s, int64_t case_id, const char *reason,
		   struct cm_error *err);

#endif
