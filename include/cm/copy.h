/* cm db copy: a whole database into a new one, of either engine. */
#ifndef CM_COPY_H
#define CM_COPY_H

#include "cm/error.h"
#include "cm/store.h"

/* Called once per table copied, in the order the tables were written. */
typedef void (*cm_copy_report)(const char *table, long long rows, void *arg);

/*
 * Copy every row of every table of src, a database at this cm's schema
 * version, into target (a SQLite path that does not exist yet, or an empty
 * server database), in one transaction on the target, keeping ids, audit
 * and access records as they are. The copy is checked before it is kept:
 * the same row count in each table, the same audit chain head, and both
 * chains verified on the target. On any failure nothing is left at the
 * target. *records gets the number of audit records copied.
 */
int cm_copy(struct cm_store *src, const char *target, cm_copy_report report, void *arg,
	    long long *records, struct cm_error *err);

#endif
