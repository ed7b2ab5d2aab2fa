/*
 * Contacts with the client (monitoring, DESIGN.md section 1, stage 4) and the
 * case's minimum contact interval.
 */
#ifndef CM_CONTACT_H
#define CM_CONTACT_H

#include <stddef.h>
#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

#define CM_CONTACT_MAX_MINUTES 600

/* The channels and kinds a contact may have (NULL-terminated). */
extern const char *const cm_contact_channels[];
extern const char *const cm_contact_kinds[];

/* One contact to record. NULL means "not given". */
struct cm_contact_in {
	const char *channel;       /* in-person, phone, video, e-mail, letter, home-visit */
	const char *kind;          /* interview (default), case-conference, no-show */
	long duration;             /* minutes, 1..600; 0 = not given (allowed for no-show only) */
	const char *participants;  /* required for a case-conference */
	const char *at;            /* YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] local or with offset; NULL: now */
	const char *note;
};

/*
 * Validate and record a contact on an open case, audited, in its own
 * transaction; *id is the new contact. A contact in the future, on a closed
 * case or before the case was opened is refused.
 */
int cm_contact_add(struct cm_store *s, int64_t case_id, const struct cm_contact_in *in,
		   int64_t *id, struct cm_error *err);

/*
 * Parse an interval "N", "Nd", "Nw" or "Nm" into days (a month counts as 30
 * days), or "default" into 0 (use the programme's rule). CM_EUSAGE names the
 * value.
 */
int cm_contact_interval_parse(const char *text, int *days, struct cm_error *err);

/* Set (days > 0) or clear (days == 0) the case's own contact interval, audited. */
int cm_contact_set_interval(struct cm_store *s, int64_t case_id, int days,
			    struct cm_error *err);

/*
 * Emit the case's contacts, oldest first, as a list with keys contact, at,
 * channel, kind, duration, participants, note, recorded_by.
 */
int cm_contact_emit_list(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			 struct cm_error *err);

/*
 * Add to cm show's current record: contact_every_days (the interval in force,
 * or null), last_contact (date of the latest contact that was not a no-show)
 * and next_contact_due (last contact, or the opening date when there is none,
 * plus the interval; null without an interval or on a closed case).
 */
int cm_contact_emit_show(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			 struct cm_error *err);

/*
 * Correct contact id: the fields of in that are given (NULL and duration 0
 * mean "keep"; an empty participants or note clears it), checked as when it
 * was recorded, audited with before, after and reason (may be NULL). what
 * (size bytes) gets the changed fields, "duration, note". CM_EFAIL when
 * nothing would change or the person was pseudonymised.
 */
int cm_contact_edit(struct cm_store *s, int64_t id, const struct cm_contact_in *in,
		    const char *reason, char *what, size_t size, struct cm_error *err);

/*
 * Withdraw contact id, recorded by mistake: it leaves the case (lists, last
 * contact, reports) and its audit record keeps it with the reason (required).
 */
int cm_contact_withdraw(struct cm_store *s, int64_t id, const char *reason,
			struct cm_error *err);

#endif
