/*
 * Referrals to partners, with the disclosure register: what was shared with
 * whom, when, and under which consent (DESIGN.md section 4).
 */
#ifndef CM_REFERRAL_H
#define CM_REFERRAL_H

#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

/* The fields a referral may share, as bits, named by their JSON keys. */
enum cm_share_field {
	CM_SHARE_FIRST_NAME = 1 << 0,  /* first_name */
	CM_SHARE_LAST_NAME = 1 << 1,   /* last_name */
	CM_SHARE_BIRTH_DATE = 1 << 2,  /* birth_date */
	CM_SHARE_PHONE = 1 << 3,       /* phone */
	CM_SHARE_EMAIL = 1 << 4,       /* email */
	CM_SHARE_POSTCODE = 1 << 5,    /* postcode */
	CM_SHARE_LANGUAGE = 1 << 6,    /* language */
	CM_SHARE_ASSESSMENT = 1 << 7,  /* assessment: the latest assessment's domain scores */
	CM_SHARE_PLAN = 1 << 8,        /* plan: the texts of the goals not dropped */
};

/* "first_name,phone" or "none" (0). CM_EUSAGE names an unknown field. */
int cm_share_parse(const char *list, unsigned *fields, struct cm_error *err);
/* The fields' names in bit order, and the statuses --update takes; NULL-terminated. */
extern const char *const cm_share_names[];
extern const char *const cm_referral_statuses[];

/* Default days between sending a referral and the partner's feedback. */
#define CM_REFERRAL_FEEDBACK_DAYS 14

struct cm_referral_in {
	int64_t partner;
	const char *reason;
	unsigned share;       /* CM_SHARE_* bits; 0 shares nothing */
	int feedback_days;    /* > 0; 0: the programme's referral_feedback_days, else 14 */
	struct cm_error *warning; /* may be NULL: set when the partner has no agreement */
};

/*
 * Refer an open case to an active partner, in one transaction, audited.
 * Sharing anything needs the case's current share-partners consent, whose
 * record id is stored with the fields shared and the date. *id is the new
 * referral. A partner without a recorded agreement is refused when the
 * case's programme requires one (referral_requires_agreement), and gives
 * in->warning otherwise.
 */
int cm_referral_add(struct cm_store *s, int64_t case_id, const struct cm_referral_in *in,
		    int64_t *id, struct cm_error *err);

/*
 * Move a referral to status (accepted, declined, started, completed,
 * no-show, cancelled) on date (NULL: today), with optional feedback text.
 * Refused when the move is not allowed from its current status. status
 * NULL records feedback alone (a report on a referral under way).
 */
int cm_referral_update(struct cm_store *s, int64_t id, const char *status, const char *date,
		       const char *feedback, struct cm_error *err);

/*
 * Emit a case's referrals as a list with keys referral, partner,
 * partner_name, sent_on, status, status_on, feedback_due, feedback, shared,
 * consent, warning ("consent withdrawn" on an open referral that shared data
 * when sharing consent is no longer current, else null).
 */
int cm_referral_emit_list(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			  struct cm_error *err);

/*
 * The disclosure register of the case's person (all their cases): a list
 * with keys referral, case, sent_on, partner, partner_name, shared, consent,
 * consent_on.
 */
int cm_referral_emit_register(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			      struct cm_error *err);

/*
 * The minimal packet for the partner as JSON text: referral, date, partner,
 * reason, then exactly the shared fields with their current values. Refused
 * when data was shared and sharing consent is no longer current. Printing is
 * a disclosure, so it is audited. *json is malloc'd; the caller frees it.
 */
int cm_referral_packet(struct cm_store *s, int64_t id, char **json, struct cm_error *err);

/* Add open_referrals (count) and next_feedback_due to cm show's current record. */
int cm_referral_emit_show(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			  struct cm_error *err);

/* Inside the caller's transaction: how many of the case's referrals are open. */
int cm_referral_count_open(struct cm_store *s, int64_t case_id, int *count,
			   struct cm_error *err);

/* Inside the caller's transaction: cancel every open referral of the case, audited. */
int cm_referral_cancel_open(struct cm_store *s, int64_t case_id, const char *date,
			    const char *why, struct cm_error *err);

#endif
