/*
 * The case's state machine:
 *   screening -> assessment -> planning -> active -> closed
 * plus suspended (resuming returns to the state before), and reopening a
 * closed case. Every move is dated, audited and shows in `cm log`.
 */
#ifndef CM_STATE_H
#define CM_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "cm/date.h"
#include "cm/error.h"

struct cm_store;

#define CM_STATE_LEN 16

/*
 * The case's state into state (CM_STATE_LEN bytes). CM_ENOTFOUND names a
 * missing case. Works inside or outside a transaction.
 */
int cm_state_get(struct cm_store *s, int64_t case_id, char *state, struct cm_error *err);

/*
 * Like cm_state_get, but a closed case is refused with
 * "case N is closed; reopen it first" (CM_ESTATE).
 */
int cm_state_require_open(struct cm_store *s, int64_t case_id, char *state,
			  struct cm_error *err);

/*
 * Inside the caller's transaction: set the case's state to `to` (today),
 * remembering the state it leaves in prev_state, and audit it with
 * "state FROM -> TO" plus `why` (may be NULL) as the summary. No rule is
 * checked here: callers check their preconditions first.
 */
int cm_state_move(struct cm_store *s, int64_t case_id, const char *to, const char *why,
		  struct cm_error *err);

/* Own transaction each: hand the case to another worker, with a reason. */
int cm_case_assign(struct cm_store *s, int64_t case_id, const char *worker, const char *reason,
		   struct cm_error *err);
/* Put an open case on hold, and resume it in the state it had. */
int cm_case_suspend(struct cm_store *s, int64_t case_id, const char *reason,
		    struct cm_error *err);
int cm_case_resume(struct cm_store *s, int64_t case_id, struct cm_error *err);

/* The suspension reason that withdrawing case-management consent records. */
#define CM_CONSENT_WITHDRAWN_REASON "consent-withdrawn"

/*
 * Inside the caller's transaction: suspend the case because the person
 * withdrew case-management consent, and lift that suspension (only that
 * one: resuming to the state it had) when consent is given again.
 */
int cm_state_consent_withdrawn(struct cm_store *s, int64_t case_id, struct cm_error *err);
int cm_state_consent_renewed(struct cm_store *s, int64_t case_id, struct cm_error *err);

/*
 * 1 when the case is suspended because consent was withdrawn, with the
 * date of the withdrawal in since (may be NULL); 0 when not; CM_EDB.
 */
int cm_state_consent_suspended(struct cm_store *s, int64_t case_id, char since[CM_DATE_LEN]);

#endif
