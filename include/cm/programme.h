/* Programme profiles: the named rule sets cases belong to. */
#ifndef CM_PROGRAMME_H
#define CM_PROGRAMME_H

#include "cm/error.h"

struct cm_store;

/* Insert the built-in programmes (DESIGN.md section 2) that are missing. */
int cm_programme_seed_builtin(struct cm_store *s, struct cm_error *err);

/* 0 when a programme with this id exists; CM_ENOTFOUND naming it otherwise. */
int cm_programme_check(struct cm_store *s, const char *id, struct cm_error *err);

#endif
