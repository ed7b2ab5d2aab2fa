/* An audit record handed to a bulk loader instead of inserted (internal to lib/). */
#ifndef CM_LIB_AUDIT_IMPL_H
#define CM_LIB_AUDIT_IMPL_H

#include <stdint.h>
#include "cm/audit.h"
#include "cm/text.h"

/* The audit table's columns, in the order of a record's values. */
#define CM_AUDIT_COLUMNS "id, at, actor, command, entity, entity_id, case_id, summary," \
	" before, after, summary_sha, before_sha, after_sha, hash, os_user, real_at"
#define CM_AUDIT_NCOLS 16

struct cm_audit_record {
	const char *v[CM_AUDIT_NCOLS]; /* each column's text, or NULL */
	char id[CM_TEXT_INT_LEN], entity_id[CM_TEXT_INT_LEN], case_id[CM_TEXT_INT_LEN];
	char summary_sha[CM_AUDIT_HASH_LEN], before_sha[CM_AUDIT_HASH_LEN];
	char after_sha[CM_AUDIT_HASH_LEN], hash[CM_AUDIT_HASH_LEN];
};

/*
 * The record cm_audit_add would write, for the caller to write in this
 * transaction (through a loader of CM_AUDIT_COLUMNS): the chain moves on
 * to it at once. summary, before and after must live as long as out.
 */
int cm_audit_next(struct cm_store *s, const char *entity, int64_t entity_id, int64_t case_id,
		  const char *summary, const char *before, const char *after,
		  struct cm_audit_record *out, struct cm_error *err);

#endif
