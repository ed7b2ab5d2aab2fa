/* An audit record handed to a bulk loader instead of inserted (internal to lib/). */
#ifndef CM_LIB_AUDIT_IMPL_H
#define CM_LIB_AUDIT_IMPL_H

#include <stdint.h>
#include "cm/audit.h"
#include "cm/text.h"

/*
 * A new person's record from an import keeps no copy of the row (which the
 * person and case rows hold): its after_sha is "row:", the SHA-256 of the
 * person's image as imported, ":", the SHA-256 of the case's; with its NUL.
 */
#define CM_AUDIT_ROW_LEN (4 + 64 + 1 + 64 + 1)

/* The audit table's columns, in the order of a record's values. */
#define CM_AUDIT_COLUMNS "id, at, actor, command, entity, entity_id, case_id, summary," \
	" before, after, summary_sha, before_sha, after_sha, hash, os_user, real_at"
#define CM_AUDIT_NCOLS 16

struct cm_audit_record {
	const char *v[CM_AUDIT_NCOLS]; /* each column's text, or NULL */
	char id[CM_TEXT_INT_LEN], entity_id[CM_TEXT_INT_LEN], case_id[CM_TEXT_INT_LEN];
	char summary_sha[CM_AUDIT_HASH_LEN], before_sha[CM_AUDIT_HASH_LEN];
	char after_sha[CM_AUDIT_ROW_LEN], hash[CM_AUDIT_HASH_LEN];
};

/*
 * The record cm_audit_add would write (or, with after NULL and after_sha
 * an imported row's digest, cm_audit_add_row), for the caller to write in
 * this transaction (through a loader of CM_AUDIT_COLUMNS): the chain moves
 * on to it at once. summary, before and after must live as long as out.
 */
int cm_audit_next(struct cm_store *s, const char *entity, int64_t entity_id, int64_t case_id,
		  const char *summary, const char *before, const char *after,
		  const char *after_sha, struct cm_audit_record *out, struct cm_error *err);

struct cJSON;
struct cm_store;

/* That record, its digest made by cm_audit_row_digest. */
int cm_audit_add_row(struct cm_store *s, int64_t person, int64_t case_id, const char *summary,
		     const char *row_digest, struct cm_error *err);

/* The digest of an imported row from its person's and case's images' hex SHA-256. */
void cm_audit_row_digest(const char *person_sha, const char *case_sha,
			 char out[CM_AUDIT_ROW_LEN]);

/* The person's (cases 0) or case's (1) digest in an after_sha, or NULL: not a row's. */
const char *cm_audit_row_part(const char *after_sha, int cases, char out[CM_AUDIT_HASH_LEN]);

/*
 * The image of the person (cases 0) or the case (1) as an import writes it,
 * from a JSON object holding their columns (the row, or a before-image);
 * malloc'd, NULL when out of memory.
 */
char *cm_audit_row_image(const struct cJSON *from, int cases);

/*
 * The after-image a row's record stands for, as an import wrote it before
 * records kept digests: each part read from the first later before-image
 * of that person or case, or from the row itself, and shown only if it
 * matches its digest. *out is malloc'd, or NULL when it cannot be had.
 */
int cm_audit_row_after(struct cm_store *s, long long record, int64_t person, int64_t case_id,
		       const char *after_sha, char **out, struct cm_error *err);

/*
 * Records read as JSON objects (id, entity_id, case_id, after, after_sha
 * and redacted among their keys): each imported row's after filled in as
 * cm_audit_row_after gives it, after_sha and redacted removed.
 */
int cm_audit_row_fill(struct cm_store *s, struct cJSON *records, struct cm_error *err);

#endif
