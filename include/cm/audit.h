/* The append-only, SHA-256 hash-chained audit log. */
#ifndef CM_AUDIT_H
#define CM_AUDIT_H

#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

/*
 * Append one record inside the caller's transaction: the store's actor and
 * command, entity ("case", "person", "consent"...) and its id, the case it
 * belongs to (0 if none), a short human summary for `cm log`, and before and
 * after as JSON text (either may be NULL). The hash chains the previous
 * record's hash with this record's fields.
 */
int cm_audit_add(struct cm_store *s, const char *entity, int64_t entity_id, int64_t case_id,
		 const char *summary, const char *before, const char *after,
		 struct cm_error *err);

/*
 * Check the whole chain. Returns 0 when intact; CM_EFAIL when a record is
 * broken, with *bad set to its id and the message naming it.
 */
int cm_audit_verify(struct cm_store *s, int64_t *bad, long long *checked, struct cm_error *err);

/*
 * Emit audit records (all, or those of one case when case_id > 0), oldest
 * first, as a list with keys id, at, user, command, entity, entity_id, case,
 * summary, before, after, hash (before, after and hash only when with_data).
 */
int cm_audit_emit(struct cm_store *s, int64_t case_id, int with_data, struct cm_emit *e,
		  struct cm_error *err);

/*
 * Emit a case's timeline (newest first) with keys at, user, command, what.
 */
int cm_audit_emit_timeline(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			   struct cm_error *err);

/*
 * What the chain alone does not show (lib/audit_check.c). Each returns 0,
 * or CM_EFAIL with a message naming the first record or row at fault.
 * Run them after cm_audit_verify: they trust the stored hashes.
 */
#define CM_AUDIT_HASH_LEN 65

/* The head: the number of records and the last one's hash (zeros when empty). */
int cm_audit_head(struct cm_store *s, long long *count, char hash[CM_AUDIT_HASH_LEN],
		  struct cm_error *err);
/* Parse "COUNT:HASH" as cm audit --head prints it; CM_EUSAGE when malformed. */
int cm_audit_parse_head(const char *text, long long *count, char hash[CM_AUDIT_HASH_LEN]);
/* The log still holds a head taken earlier: not cut short, not rewritten up to it. */
int cm_audit_check_head(struct cm_store *s, long long count, const char *hash,
			struct cm_error *err);
/* The triggers are exactly those cm's migrations create (none dropped, altered or added). */
int cm_audit_check_triggers(struct cm_store *s, struct cm_error *err);
/* Every blanked record belongs to a recorded pseudonymisation of its person. */
int cm_audit_check_redactions(struct cm_store *s, struct cm_error *err);
/*
 * Every entity's current row holds what its latest after-image says (the
 * columns the image has); *compared counts the rows compared.
 */
int cm_audit_check_data(struct cm_store *s, long long *compared, struct cm_error *err);

#endif
