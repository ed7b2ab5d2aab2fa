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

#endif
