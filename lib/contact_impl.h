/* Shared by recording a contact (contact.c) and correcting one (contact_edit.c). */
#ifndef CM_CONTACT_IMPL_H
#define CM_CONTACT_IMPL_H

#include "cm/clock.h"
#include "cm/contact.h"

#define AT_LEN CM_TIME_LEN  /* a date, or a UTC time */

/* Channel, kind, duration and participants as a contact needs them; CM_EUSAGE names the fault. */
int cm_contact_check_fields(const struct cm_contact_in *in, struct cm_error *err);

/*
 * The contact's time into at: given (a date, or a local or offset time
 * stored as UTC) or now; refused in the future or before the local date
 * case_id was opened.
 */
int cm_contact_time(struct cm_store *s, int64_t case_id, const char *given, char at[AT_LEN],
		    struct cm_error *err);

#endif
