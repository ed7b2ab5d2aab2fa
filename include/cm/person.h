/*
 * The person's rights (DESIGN.md section 4): a full export (right of access)
 * and pseudonymisation (erasure, retention periods).
 */
#ifndef CM_PERSON_H
#define CM_PERSON_H

#include <stdint.h>
#include <stdio.h>
#include "cm/error.h"

struct cm_store;

/* "12" (a person number), "ext:ID" or "case:N" -> person id. */
int cm_person_resolve(struct cm_store *s, const char *spec, int64_t *person,
		      struct cm_error *err);

/*
 * Write everything held about the person to out as one JSON document: the
 * person, their cases, every
 * row of every table that belongs to those cases (consent, assessments,
 * plans, contacts, referrals and what they disclosed, follow-ups...), and
 * the audit records about them. The export itself is audited.
 */
int cm_person_export(struct cm_store *s, int64_t person, FILE *out, struct cm_error *err);

/*
 * Replace the person's identifying data: names become "pseudonymised",
 * the birth date keeps only its year (YYYY-07-01), identifiers, contact
 * details and every free-text note of their cases are removed, and the
 * summaries and before/after copies of their audit records are blanked (the chain keeps
 * their digests). Refused while a case of theirs is open.
 */
int cm_person_pseudonymise(struct cm_store *s, int64_t person, const char *reason,
			   struct cm_error *err);

/*
 * Pseudonymise everyone whose cases were all closed before `date` and who
 * is not pseudonymised yet; *count is how many.
 */
int cm_person_pseudonymise_closed_before(struct cm_store *s, const char *date,
					 const char *reason, long *count,
					 struct cm_error *err);

#endif
