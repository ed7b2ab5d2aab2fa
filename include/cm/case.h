/* Persons and cases: intake, screening, consent, lookup and listing. */
#ifndef CM_CASE_H
#define CM_CASE_H

#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

/* The four screening conditions of case management, as bits. */
enum cm_criterion {
	CM_CRIT_COMPLEX = 1 << 0,          /* "complex" */
	CM_CRIT_SELF_MANAGEMENT = 1 << 1,  /* "self-management" */
	CM_CRIT_MULTI_PROVIDER = 1 << 2,   /* "multi-provider" */
	CM_CRIT_COOPERATION = 1 << 3,      /* "cooperation" */
	CM_CRIT_ALL = 0xf,
};

/* Consent scopes, as bits. */
enum cm_consent_scope {
	CM_CONSENT_CASE_MANAGEMENT = 1 << 0, /* "case-management" */
	CM_CONSENT_SHARE_PARTNERS = 1 << 1,  /* "share-partners" */
};

/* Parse "complex,cooperation" or "all"; CM_EUSAGE names the bad item. */
int cm_criteria_parse(const char *list, unsigned *out, struct cm_error *err);
int cm_consent_scopes_parse(const char *list, unsigned *out, struct cm_error *err);
/* Name of a single criterion or scope bit, e.g. "self-management". */
const char *cm_criterion_name(unsigned bit);
const char *cm_consent_scope_name(unsigned bit);

/* Everything cm intake can record. NULL means "not given". */
struct cm_person_fields {
	const char *first_name, *last_name, *birth_date; /* birth_date YYYY-MM-DD */
	const char *sex;            /* male, female, other, unknown */
	const char *ext_id, *source;
	const char *postcode, *phone, *email, *language;
	const char *registered_on;  /* YYYY-MM-DD: registration at the PES */
	const char *notes;
	/* YYYY-MM-DD: when the Youth Guarantee clock may start (seed 000) */
	const char *unemployed_since, *left_education_on;
	/* for the trajectory quota: benefit, insertion-internship or none; and when unemployment ended */
	const char *benefit_status, *unemployment_ended_on;
};

/*
 * The person's text fields as stored text: valid UTF-8, no control
 * characters, one line (notes may have several) and within CM_TEXT_*_MAX.
 * CM_EUSAGE naming the field.
 */
int cm_person_check_text(const struct cm_person_fields *p, struct cm_error *err);

/*
 * The checks intake makes on a whole person: the text rules above, both
 * names given and not blank, dates valid and not in the future, sex one of
 * male, female, other, unknown, an e-mail with an @, no source without an
 * ext_id. CM_EUSAGE naming the field.
 */
int cm_person_check(const struct cm_person_fields *p, struct cm_error *err);

struct cm_intake {
	struct cm_person_fields person;
	const char *programme;        /* NULL: the database's default programme */
	const char *worker;           /* NULL: the acting user */
	const char *referral_source;  /* pes, school, partner, self, other */
	unsigned criteria;            /* CM_CRIT_* met at intake */
	unsigned consent;             /* CM_CONSENT_* given at intake */
	const char *on;               /* date of intake; NULL: today */
	int has_incapacity;           /* incapacity was given */
	int incapacity;               /* predicted permanent incapacity, percent (work-accident) */
	/*
	 * A person the programme's eligibility rules exclude (age, missing
	 * dates, incapacity) is refused with CM_EFAIL; with force the case is
	 * opened anyway and the rule's message is copied to *warning (may be NULL).
	 */
	int force;
	struct cm_error *warning;
	/*
	 * A new person who matches a registered one (cm_person_find_match) is
	 * refused with CM_ECONFLICT naming the match, unless person_id names
	 * the person the case is for or new_person says they are someone else.
	 */
	int64_t person_id;
	int new_person;
	const char *conditions;       /* the programme's entry conditions met (cm-programme(1)) */
};

/* Validate and record an intake in one transaction; *case_id is the new case. */
int cm_intake(struct cm_store *s, const struct cm_intake *in, int64_t *case_id,
	      struct cm_error *err);

/* Record screening conditions met (added to those already met), dated today. */
int cm_case_set_criteria(struct cm_store *s, int64_t case_id, unsigned criteria,
			 struct cm_error *err);

/* Give (give=1) or withdraw consent for the scopes, dated today. */
int cm_consent_set(struct cm_store *s, int64_t case_id, unsigned scopes, int give,
		   struct cm_error *err);

/* Is consent for scope currently given? *consent_id is its record (0 if none). */
int cm_consent_current(struct cm_store *s, int64_t case_id, unsigned scope, int *given,
		       int64_t *consent_id, struct cm_error *err);

/*
 * Emit the case's consent records, oldest first, as a list with keys id,
 * scope, given (bool), on_date, recorded_by.
 */
int cm_consent_emit_history(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			    struct cm_error *err);

/* Is spec a CASE as cm_case_resolve reads it? 0, or CM_EUSAGE with err naming it. */
int cm_case_spec_check(const char *spec, struct cm_error *err);

/* "42" or "ext:ID" (the open case of the person with that PES id) -> case id. */
int cm_case_resolve(struct cm_store *s, const char *spec, int64_t *case_id,
		    struct cm_error *err);

/* A case with its person, as scripts see it (DESIGN.md section 3). */
struct cm_case {
	int64_t id, person;
	char *ext_id, *source, *first_name, *last_name, *birth_date;
	char *programme, *worker, *state, *opened_on, *closed_on, *outcome;
	char *state_since, *referral_source;
	unsigned criteria, consent;
};

/* Load a case; the caller releases it with cm_case_release. CM_ENOTFOUND names the case. */
int cm_case_get(struct cm_store *s, int64_t case_id, struct cm_case *out, struct cm_error *err);
void cm_case_release(struct cm_case *c);

/* Emit the standard case keys (case ... outcome) into the current record. */
void cm_case_emit_fields(struct cm_emit *e, const struct cm_case *c);

struct cm_case_filter {
	const char *worker;     /* NULL: any */
	const char *state;      /* NULL: any */
	const char *programme;  /* NULL: any */
	int open;               /* 1: open only, 0: closed only, -1: both */
	const char *sort;       /* case (default), name (French reading order), opened, worker, state */
	const char *name;       /* NULL: any; else in the first and last names, ignoring case and accents */
};

/* The values cm list's --state and --sort accept (NULL-terminated). */
extern const char *const cm_case_states[];
/* The values intake and cm person edit accept, NULL-terminated. */
extern const char *const cm_sexes[];
extern const char *const cm_benefit_statuses[];
extern const char *const cm_referral_sources[];
extern const char *const cm_case_sorts[];

/* Emit the cases matching f as a list of standard case records. */
int cm_case_list(struct cm_store *s, const struct cm_case_filter *f, struct cm_emit *e,
		 struct cm_error *err);

#endif
