/*
 * The person's rights (DESIGN.md section 4): a full export (right of access)
 * and pseudonymisation (erasure, retention periods).
 */
#ifndef CM_PERSON_H
#define CM_PERSON_H

#include <stdint.h>
#include <stdio.h>
#include "cm/clock.h"
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
 * the audit records about them. The persons linked to them (cm person link)
 * follow under "linked_persons", each the same document with "linked_to"
 * first. The export itself is audited, and logged as a reading of each.
 */
int cm_person_export(struct cm_store *s, int64_t person, FILE *out, struct cm_error *err);

/* What a pseudonymisation did (or, rehearsed, would do). */
struct cm_pseudonymised {
	long people, cases, audit_records;  /* audit records blanked */
};

/*
 * Replace the person's identifying data: names become "pseudonymised",
 * the birth date keeps only its year (YYYY-07-01), identifiers, contact
 * details and every free-text note of their cases are removed, and the
 * summaries and before/after copies of their audit records are blanked (the chain keeps
 * their digests). Refused while a case of theirs is open. *done says what
 * was done; with dry_run all of it is done and rolled back, so *done says
 * exactly what would be done and nothing changes.
 */
int cm_person_pseudonymise(struct cm_store *s, int64_t person, const char *reason, int dry_run,
			   struct cm_pseudonymised *done, struct cm_error *err);

/*
 * Pseudonymise everyone whose cases were all closed before `date` and who
 * is not pseudonymised yet, with the same *done and dry_run.
 */
int cm_person_pseudonymise_closed_before(struct cm_store *s, const char *date,
					 const char *reason, int dry_run,
					 struct cm_pseudonymised *done, struct cm_error *err);

/* ---- One person, once (lib/person_match.c) ---- */

struct cm_person_fields;

#define CM_NAME_KEY_LEN 256

/*
 * Fold a name for comparison into out (size bytes, NUL-terminated; cut at
 * size - 1): lower case, Latin accents removed (é -> e, ß -> ss, œ -> oe),
 * and everything but letters and digits dropped (spaces, hyphens,
 * apostrophes). Other scripts are kept as written. Returns the length.
 */
size_t cm_name_fold(const char *in, char *out, size_t size);

/*
 * The key that sorts people the way a French reader expects: by folded last
 * name, then folded first name ("de Smet" under D, "Élan" beside "Elan").
 */
void cm_name_sort_key(const char *last, const char *first, char *out, size_t size);

/* 1 when the folded text occurs in "first last" or "last first", folded. */
int cm_name_matches(const char *text, const char *first, const char *last);

enum cm_match_kind {
	CM_MATCH_NONE,
	CM_MATCH_NAME,      /* same birth date and the same folded names */
	CM_MATCH_SWAPPED,   /* same birth date, first and last names swapped */
	CM_MATCH_EXT_ID,    /* the same external id under another source */
};

/* How two names compare once folded (birth dates are the caller's). */
enum cm_match_kind cm_person_compare(const char *first1, const char *last1,
				     const char *first2, const char *last2);

/* The existing record a new person matches. */
struct cm_person_match {
	enum cm_match_kind kind;     /* CM_MATCH_NONE: person is 0 */
	int64_t person;
	char first_name[128], last_name[128], birth_date[16], source[64], ext_id[128];
};

/*
 * The first existing person (lowest id, never a pseudonymised one) that p
 * may be: the same ext_id under another source, else the same birth date
 * and names that fold to the same or swapped. m->kind is CM_MATCH_NONE when
 * there is none. For intake and for the importer's possible-duplicate rows.
 */
int cm_person_find_match(struct cm_store *s, const struct cm_person_fields *p,
			 struct cm_person_match *m, struct cm_error *err);

/*
 * Set err (CM_ECONFLICT) to the line that names the match and the two ways
 * on (--person ID, --new-person); returns that status, or 0 for no match.
 */
int cm_person_match_error(const struct cm_person_match *m, struct cm_error *err);

/* ---- Records that are one person (lib/person_link.c) ---- */

struct cm_emit;

/*
 * Record that persons a and b are one person, audited; refused when they
 * are already linked (CM_ECONFLICT), the same (CM_EUSAGE) or unknown
 * (CM_ENOTFOUND). reason may be NULL.
 */
int cm_person_link(struct cm_store *s, int64_t a, int64_t b, const char *reason,
		   struct cm_error *err);

/* Undo a link, audited; CM_EFAIL when a and b are not linked. */
int cm_person_unlink(struct cm_store *s, int64_t a, int64_t b, struct cm_error *err);

/* The persons linked to person, directly or through others, as "4,7" into out ("" when none). */
int cm_person_linked(struct cm_store *s, int64_t person, char *out, size_t size,
		     struct cm_error *err);

/*
 * Emit the likely pairs not linked yet, as a list with keys person_a,
 * name_a, person_b, name_b, match (name, swapped-names or ext-id),
 * birth_date (the shared birth date, null for ext-id) and ext_id (the
 * shared external id, null otherwise); *count is how many.
 */
int cm_person_emit_duplicates(struct cm_store *s, struct cm_emit *e, long *count,
			      struct cm_error *err);

/* ---- Corrections (lib/person_edit.c) ---- */

/*
 * Change the fields of in that are not NULL (an empty string clears an
 * optional field; names cannot be cleared), checked as at intake, audited
 * with before and after and the reason (may be NULL). what (size bytes)
 * gets the changed field names, "first_name, phone". CM_EFAIL when nothing
 * would change or the person was pseudonymised, CM_ECONFLICT when the new
 * source and ext_id belong to someone else.
 */
int cm_person_edit(struct cm_store *s, int64_t person, const struct cm_person_fields *in,
		   const char *reason, char *what, size_t size, struct cm_error *err);

/*
 * For an intake of a registered person (the same source and ext_id): *person
 * is that person (0 when there is none) and what lists the fields given
 * that differ from the stored ones ("" when none).
 */
int cm_person_differences(struct cm_store *s, const struct cm_person_fields *in,
			  int64_t *person, char *what, size_t size, struct cm_error *err);

/*
 * The date the person of case_id was pseudonymised into on ("" when not):
 * their case cannot be reopened, and their plan's signed texts are gone.
 */
int cm_person_case_pseudonymised(struct cm_store *s, int64_t case_id, char on[CM_DATE_LEN],
				 struct cm_error *err);

#endif
