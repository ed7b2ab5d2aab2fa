/* The staff: registered workers, their teams, roles and addresses. */
#ifndef CM_WORKER_H
#define CM_WORKER_H

#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

/* What a worker may do; CM_ROLE_NONE is anyone not registered (or deactivated). */
enum cm_role {
	CM_ROLE_NONE = 0,
	CM_ROLE_WORKER,   /* "worker": their own cases (and the team's, see visibility) */
	CM_ROLE_MANAGER,  /* "manager": the team's cases and reports */
	CM_ROLE_ADMIN,    /* "admin": programmes, partners, staff, pseudonymisation, database */
};

/* "worker", "manager", "admin" (NULL for CM_ROLE_NONE); parse gives -1 when unknown. */
/* The role names, in enum order, NULL-terminated. */
extern const char *const cm_worker_roles[];
const char *cm_role_name(enum cm_role role);
int cm_role_parse(const char *name, enum cm_role *out);

/*
 * 0 when login is 1 to 64 characters of a-z 0-9 . _ - (never a mail address
 * or a shell word); CM_EUSAGE naming it otherwise.
 */
int cm_worker_login_check(const char *login, struct cm_error *err);

/* A worker's fields; NULL is "not given" (on edit: unchanged; "" clears team or email). */
struct cm_worker_fields {
	const char *name;   /* free UTF-8 text, required on add */
	const char *team;
	const char *role;   /* worker (default), manager, admin */
	const char *email;
};

/*
 * Register, change or deactivate a worker, audited, in one transaction.
 * Only an admin may (CM_EFAIL otherwise). A deactivated worker keeps their
 * cases and history but can no longer be named or act.
 */
int cm_worker_add(struct cm_store *s, const char *login, const struct cm_worker_fields *f,
		  struct cm_error *err);
int cm_worker_edit(struct cm_store *s, const char *login, const struct cm_worker_fields *f,
		   struct cm_error *err);
int cm_worker_deactivate(struct cm_store *s, const char *login, struct cm_error *err);

/*
 * Inside the caller's transaction (cm init): register login as an admin,
 * named name, without the admin check (there is no one yet). The caller's
 * audit record of the database's creation names them.
 */
int cm_worker_add_first_admin(struct cm_store *s, const char *login, const char *name,
			      struct cm_error *err);

/*
 * 0 when login names a registered, active worker. Otherwise CM_ENOTFOUND
 * "unknown worker 'sophi'; did you mean 'sophie'?" (the closest active
 * login, when one is close) or CM_EFAIL for a deactivated one.
 */
int cm_worker_check(struct cm_store *s, const char *login, struct cm_error *err);

/*
 * The role of login: CM_ROLE_NONE when not registered or deactivated.
 * Reports and commands that weigh the caller's rights ask this.
 */
int cm_worker_role(struct cm_store *s, const char *login, enum cm_role *role,
		   struct cm_error *err);

/*
 * The registered address of an active worker into *email (malloc'd, the
 * caller frees; NULL when none is registered).
 */
int cm_worker_email(struct cm_store *s, const char *login, char **email, struct cm_error *err);

/*
 * Emit workers as a list (active only unless all; team may be NULL) with
 * keys login, name, team, role, email, active; show adds open_cases.
 */
int cm_worker_emit_list(struct cm_store *s, int all, const char *team, struct cm_emit *e,
			struct cm_error *err);
int cm_worker_emit_show(struct cm_store *s, const char *login, struct cm_emit *e,
			struct cm_error *err);

#endif
