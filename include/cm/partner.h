/* The network: partner institutions that clients are referred to. */
#ifndef CM_PARTNER_H
#define CM_PARTNER_H

#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

/* A partner's fields. NULL means "not given" (on edit: "unchanged"). */
struct cm_partner_fields {
	const char *name;
	const char *domain;          /* one of cm_partner_domains */
	const char *agreement_ref;
	const char *agreement_date;  /* YYYY-MM-DD */
	const char *phone, *email, *address;
};

/* The domains a partner may work in, NULL-terminated. */
extern const char *const cm_partner_domains[];

/* Validate and add an active partner, audited; *id is the new partner. */
int cm_partner_add(struct cm_store *s, const struct cm_partner_fields *f, int64_t *id,
		   struct cm_error *err);

/* Change the given fields (an empty string clears an optional one), audited. */
int cm_partner_edit(struct cm_store *s, int64_t id, const struct cm_partner_fields *f,
		    struct cm_error *err);

/* Mark a partner inactive: no new referrals to it; existing ones go on. */
int cm_partner_deactivate(struct cm_store *s, int64_t id, struct cm_error *err);

/*
 * 0 when the partner exists (and, with need_active, is active); CM_ENOTFOUND
 * or CM_EFAIL naming it otherwise. *name (may be NULL) gets a malloc'd copy
 * of its name, which the caller frees.
 */
int cm_partner_check(struct cm_store *s, int64_t id, int need_active, char **name,
		     struct cm_error *err);

/*
 * Emit partners as a list (active only unless all; domain may be NULL) with
 * keys partner, name, domain, agreement_ref, agreement_date, phone, email,
 * address, active.
 */
int cm_partner_emit_list(struct cm_store *s, int all, const char *domain, struct cm_emit *e,
			 struct cm_error *err);

/* Emit one partner as a single record: the list keys plus open_referrals. */
int cm_partner_emit_show(struct cm_store *s, int64_t id, struct cm_emit *e,
			 struct cm_error *err);

#endif
