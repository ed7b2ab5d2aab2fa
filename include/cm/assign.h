/* Handing many cases at once from one worker to another (someone leaves, a caseload is rebalanced). */
#ifndef CM_ASSIGN_H
#define CM_ASSIGN_H

#include "cm/emit.h"
#include "cm/error.h"

struct cm_store;

struct cm_assign_bulk {
	const char *from;       /* a registered worker, active or not */
	const char *to;         /* an active worker */
	const char *programme;  /* NULL: any */
	const char *state;      /* NULL: any open state */
	long limit;             /* at most this many cases, oldest first; 0: all */
	const char *reason;     /* required */
	int dry_run;            /* list what would move, change nothing */
	/*
	 * When the cases take b->to above a programme's caseload norm, the
	 * message is copied here (may be NULL): a warning, not a refusal.
	 */
	struct cm_error *warning;
};

/*
 * Move the open cases of b->from that the filters select and the actor may
 * see to b->to, in one transaction, each case audited. Emits the cases
 * (moved, or that would move) as a list with keys case, programme, state,
 * from, to; *moved is their number.
 */
int cm_assign_bulk(struct cm_store *s, const struct cm_assign_bulk *b, struct cm_emit *e,
		   long long *moved, struct cm_error *err);

#endif
