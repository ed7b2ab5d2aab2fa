/*
 * Helpers shared by the workflow modules (contact, partner, referral,
 * closure); internal to lib/.
 */
#ifndef CM_LIB_WORKFLOW_H
#define CM_LIB_WORKFLOW_H

#include <stdint.h>
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/error.h"

struct cm_store;

/* 1 when v is one of the NULL-terminated allowed values. */
int cm_wf_one_of(const char *v, const char *const *allowed);

/* "a, b, c" from a NULL-terminated list, into out (n bytes). */
void cm_wf_join(const char *const *list, char *out, size_t n);

/*
 * Audit table's row id after a change, with before (may be NULL) as the
 * earlier state: the row as JSON is read here.
 */
int cm_wf_audit_row(struct cm_store *s, const char *table, int64_t id, int64_t case_id,
		    const char *summary, const char *before, struct cm_error *err);

/*
 * A date argument named field: NULL means today. Malformed: CM_EUSAGE; in the
 * future: CM_EUSAGE. out gets YYYY-MM-DD, *day its day number (may be NULL).
 */
int cm_wf_date_arg(const char *field, const char *v, char out[CM_DATE_LEN], cm_days *day,
		   struct cm_error *err);

/* A date column of the case (opened_on, closed_on) into out; "" when NULL. */
int cm_wf_case_date(struct cm_store *s, int64_t case_id, const char *column,
		    char out[CM_DATE_LEN], struct cm_error *err);

/*
 * While the case is suspended because consent to case management was
 * withdrawn, plan changes and referrals are refused (CM_ESTATE naming the
 * date and the command that records renewed consent); 0 otherwise.
 */
enum cm_wf_consent_op { CM_WF_PLAN, CM_WF_REFERRAL };
int cm_wf_consent_guard(struct cm_store *s, int64_t case_id, enum cm_wf_consent_op op,
			struct cm_error *err);

/*
 * The same for a contact of this kind at `at` (ISO date or time): one
 * final interview or no-show may follow the withdrawal; contacts dated
 * before it are documentation and always allowed.
 */
int cm_wf_consent_contact_guard(struct cm_store *s, int64_t case_id, const char *kind,
				const char *at, struct cm_error *err);

#endif
