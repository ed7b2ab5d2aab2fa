/* The actor's scope, for the library modules that select cases (internal to lib/). */
#ifndef CM_LIB_ACCESS_IMPL_H
#define CM_LIB_ACCESS_IMPL_H

#include "cm/error.h"

struct cm_store;
struct cm_access;

/*
 * SQL that is true when the actor may see a case whose worker column is
 * col: the temporary table cm_scope holds the logins whose cases the actor
 * sees, or one NULL row for all of them.
 */
#define CM_SCOPE(col) \
	"(" col " IN (SELECT login FROM cm_scope)" \
	" OR EXISTS (SELECT 1 FROM cm_scope WHERE login IS NULL))"

/* On opening a store: an empty actor that sees everything (see cm/access.h). */
int cm_access_attach(struct cm_store *s, struct cm_error *err);
void cm_access_free(struct cm_access *a);

#endif
