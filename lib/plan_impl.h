/* Shared by lib/plan.c and lib/plan_sign.c (internal to lib/). */
#ifndef CM_LIB_PLAN_IMPL_H
#define CM_LIB_PLAN_IMPL_H

#include <stdint.h>
#include "cm/error.h"

struct cm_store;

/*
 * Move the case to `to` ("planning" or "active") because of its plan. A
 * suspended case stays suspended, but the state it resumes to changes, so
 * resuming never skips a signature. No-op when already there.
 */
int cm_plan_set_stage(struct cm_store *s, int64_t case_id, const char *to, const char *why,
		      struct cm_error *err);

/* The state a suspended case resumes to (CM_STATE_LEN bytes; "" when none). */
int cm_plan_prev_state(struct cm_store *s, int64_t case_id, char *out);

/* Number of signatures on a version. -1 on error. */
int cm_plan_signature_count(struct cm_store *s, int64_t case_id, int version);

/* Shared by adding (plan.c) and correcting (plan_edit.c) goals and actions. */

/*
 * Before a change to the commitment: a signed current version is closed to
 * such changes, so the change goes into the next version, unsigned.
 */
int cm_plan_new_version_if_signed(struct cm_store *s, int64_t case_id, struct cm_error *err);

/* YYYY-MM-DD (CM_EUSAGE), not before the plan was created (CM_EFAIL). */
int cm_plan_check_due(struct cm_store *s, int64_t case_id, const char *due, struct cm_error *err);

/* what ("goal", "action") text given and not blank; CM_EUSAGE. */
int cm_plan_check_text(const char *what, const char *text, struct cm_error *err);

/* The status of the case's goal or action (table "goal" or "action"); CM_ENOTFOUND. */
int cm_plan_item_status(struct cm_store *s, const char *table, int64_t case_id, int64_t id,
			char status[16], struct cm_error *err);

/* The owner kinds as stored: client, worker, partner. */
extern const char *const cm_plan_owner_names[];

#endif
