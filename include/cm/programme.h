/*
 * Programme profiles: the named rule sets cases belong to. A profile is a
 * JSON document (cm-programme(1)) kept in programme.rules in a canonical
 * form with every key present, so SQL can read it with json_extract.
 */
#ifndef CM_PROGRAMME_H
#define CM_PROGRAMME_H

#include <stddef.h>
#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

/* Insert the built-in programmes (DESIGN.md section 2) that are missing. */
int cm_programme_seed_builtin(struct cm_store *s, struct cm_error *err);

/* 0 when a programme with this id exists; otherwise CM_EUSAGE naming --programme, the closest id and all of them. */
int cm_programme_check(struct cm_store *s, const char *id, struct cm_error *err);

/* A rule that does not apply: JSON null. */
#define CM_RULE_NONE (-1)
#define CM_PROGRAMME_ID_MAX 64
#define CM_FOLLOW_UP_MAX 3

/* Named eligibility checks ("checks" in the profile), as bits. */
enum cm_programme_check_bit {
	CM_CHECK_BIRTH_DATE = 1 << 0,    /* "birth-date": the age must be known */
	CM_CHECK_REGISTERED_ON = 1 << 1, /* "registered-on": the PES registration date */
	CM_CHECK_INCAPACITY = 1 << 2,    /* "incapacity": predicted permanent incapacity */
};

/*
 * A programme's own entry conditions ("entry_conditions" in the profile),
 * as bits: recorded at intake like the screening conditions, and one of
 * those a programme declares is needed before assessment.
 */
enum cm_programme_condition_bit {
	/* "pms-factors": psycho-medico-social factors, no work within 12 months */
	CM_CONDITION_PMS_FACTORS = 1 << 0,
	/* "incapacity-33": an incapacity of 33 %, permanent or temporary for 2 years */
	CM_CONDITION_INCAPACITY_33 = 1 << 1,
};
#define CM_CONDITION_COUNT 2
extern const char *const cm_condition_names[CM_CONDITION_COUNT];

/*
 * A profile's rules. Every int is CM_RULE_NONE when the profile has null;
 * has_quota and has_incapacity say whether those objects are present.
 */
struct cm_programme_rules {
	char id[CM_PROGRAMME_ID_MAX];
	int min_age, max_age;            /* whole years at intake, inclusive */
	unsigned checks;                 /* CM_CHECK_* */
	int contact_interval_days;       /* minimum contact frequency; a case may override */
	int offer_months;                /* an offer within N months of registration */
	int first_meeting_months;        /* first meeting within N months of registration... */
	int first_meeting_max_age;       /* ...for people at most this old then */
	int max_duration_months;         /* total length, renewals excluded */
	int renewal_max_count;           /* 0: no renewal */
	int renewal_max_months;          /* longest single renewal */
	int referral_feedback_days;      /* partner feedback expected within N days */
	int follow_up_months[CM_FOLLOW_UP_MAX]; /* each 6, 12 or 18, ascending */
	int follow_up_count;
	int caseload_norm;               /* open cases per worker */
	int plan_signed_within_days;     /* signed plan required within N days of intake */
	int has_quota;
	double quota_trajectory_share, quota_renewal_share;
	int quota_min_unemployed_months_under_25, quota_min_unemployed_months_25_and_over;
	int has_incapacity;
	int incapacity_specialised_team_min, incapacity_case_management_min; /* percent */
	int referral_requires_agreement; /* partners without an agreement are refused */
	int operator_report_months;      /* a report every N months on an open referral */
	unsigned entry_conditions;       /* CM_CONDITION_*: one must be recorded before assessment */
};

/* The rules of programme id. CM_ENOTFOUND names an unknown programme. */
int cm_programme_rules_get(struct cm_store *s, const char *id, struct cm_programme_rules *out,
			   struct cm_error *err);

/*
 * The rules of the case's programme, with the case's own contact interval
 * (cases.contact_every_days) in contact_interval_days when it has one.
 */
int cm_programme_rules_for_case(struct cm_store *s, int64_t case_id,
				struct cm_programme_rules *out, struct cm_error *err);

/*
 * Check a profile document. name stands for the file in messages, which
 * name the bad key ("profile 'p.json': unknown key 'deadlines.offer'").
 * On success, fills *out (may be NULL) and sets *canonical (may be NULL) to
 * the document with every key in the agreed order (malloc'd; caller frees).
 * Returns 0 or CM_EUSAGE.
 */
int cm_programme_parse(const char *text, size_t len, const char *name,
		       struct cm_programme_rules *out, char **canonical, struct cm_error *err);

/*
 * Add a new programme from a profile document (its own transaction, audited).
 * CM_ECONFLICT when the id exists. *id_out (CM_PROGRAMME_ID_MAX) gets its id.
 */
int cm_programme_add(struct cm_store *s, const char *text, size_t len, const char *name,
		     char *id_out, struct cm_error *err);

/* Replace the rules of programme id; the document's id must be id. */
int cm_programme_edit(struct cm_store *s, const char *id, const char *text, size_t len,
		      const char *name, struct cm_error *err);

/* Emit every programme as a list: id, name, builtin, open_cases. */
int cm_programme_list(struct cm_store *s, struct cm_emit *e, struct cm_error *err);

/*
 * One programme's profile document, pretty-printed (malloc'd; caller frees),
 * and whether it is built in.
 */
int cm_programme_document(struct cm_store *s, const char *id, char **json, int *builtin,
			  struct cm_error *err);

/*
 * Emit one programme as a single record with flat keys: id, name, builtin,
 * then each rule by its path (eligibility.min_age, ..., follow_up_months as
 * "6,12,18", quota.trajectory_share...).
 */
int cm_programme_emit(struct cm_store *s, const char *id, struct cm_emit *e,
		      struct cm_error *err);

/*
 * Eligibility of a person (by id) for programme at intake on date `on`
 * (YYYY-MM-DD), with the predicted incapacity in percent (CM_RULE_NONE when
 * not given). Returns 0 when eligible, CM_EFAIL with a message naming the
 * rule ("age 26 on 2026-03-15 is outside programme eu-youth-guarantee (ages
 * up to 24)"), or another status.
 */
int cm_programme_check_eligibility(struct cm_store *s, const char *programme, int64_t person_id,
				   const char *on, int incapacity, struct cm_error *err);

/*
 * Caseload against the norm of `programme`: *open_cases is the number of
 * open cases of worker (all programmes) plus extra (1 when a case is about
 * to be handed to them), *norm that programme's caseload_norm (CM_RULE_NONE
 * when it has none). Returns CM_EFAIL with a message ("worker bob would
 * have 81 open cases, above the caseload norm of 80 of programme ch-cmfp")
 * when above the norm, 0 otherwise. Meant for a warning, not a refusal.
 */
int cm_programme_caseload_check(struct cm_store *s, const char *worker, const char *programme,
				int extra, long long *open_cases, int *norm, struct cm_error *err);

/*
 * Record the one renewal or extension a programme allows (its own
 * transaction, audited), dated today. Refused with CM_EFAIL when the
 * programme allows none, when the case has had all it allows, or when
 * months is above the programme's limit; CM_ESTATE on a closed case.
 * *renewal_id (may be NULL) gets the new record.
 */
int cm_case_renew(struct cm_store *s, int64_t case_id, int months, const char *reason,
		  int64_t *renewal_id, struct cm_error *err);

/* The kinds of offer, NULL-terminated. */
extern const char *const cm_offer_kinds[];

/*
 * Record an offer (job, education, apprenticeship, traineeship) made on
 * `on` (YYYY-MM-DD; NULL: today), accepted or not. Refused when the case's
 * programme has no offer deadline, the case is closed, or the date is in
 * the future or before the case opened.
 */
int cm_case_offer(struct cm_store *s, int64_t case_id, const char *kind, const char *on,
		  int accepted, int64_t *offer_id, struct cm_error *err);

/*
 * Emit a renewal (keys renewal, case, on, months, reason, renewals,
 * ends_on) or an offer (offer, case, kind, on, accepted, deadline,
 * in_time) as a single record. ends_on and deadline are null when the
 * programme has no such limit.
 */
int cm_renewal_emit(struct cm_store *s, int64_t renewal_id, struct cm_emit *e,
		    struct cm_error *err);
int cm_offer_emit(struct cm_store *s, int64_t offer_id, struct cm_emit *e, struct cm_error *err);

/*
 * Entry conditions of the case's programme met, from a list such as
 * "pms-factors" or "incapacity-33:temporary:30" (a temporary incapacity of
 * 24 months or more; "incapacity-33:permanent"): inside the caller's
 * transaction dated on, or in its own (cm_case_set_conditions). A condition
 * the programme does not declare: CM_EUSAGE. cm_case_conditions_met is 0
 * when the programme declares none or one is met, CM_ESTATE naming them
 * and the command otherwise.
 */
int cm_case_record_conditions(struct cm_store *s, int64_t case_id, const char *list,
			      const char *on, struct cm_error *err);
int cm_case_set_conditions(struct cm_store *s, int64_t case_id, const char *list,
			   struct cm_error *err);
int cm_case_conditions_met(struct cm_store *s, int64_t case_id, struct cm_error *err);

#endif
