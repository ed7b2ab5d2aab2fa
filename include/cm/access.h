/*
 * Who is acting, what their role lets them see, and the log of who looked
 * at whose file.
 *
 * A worker sees the cases assigned to them (and their team's when the
 * database's visibility setting is "team"), a manager the team's cases, an
 * admin everything. A case outside the actor's scope reads as missing
 * ("no case 12"). A library caller that never names an actor (the unit
 * tests, cm init before its first admin exists) acts as an admin.
 */
#ifndef CM_ACCESS_H
#define CM_ACCESS_H

#include <stdint.h>
#include "cm/clock.h"
#include "cm/emit.h"
#include "cm/error.h"
#include "cm/store.h"
#include "cm/worker.h"

struct cm_store;

/*
 * Set the actor of every later record: os_login is the operating-system
 * login; claimed (--user, may be NULL) a registered worker acting through
 * a shared account. Refused: claiming another worker from an account that
 * is itself a registered worker, and claiming an unknown or deactivated
 * worker (CM_EFAIL or CM_ENOTFOUND naming them). Until an admin is
 * registered (a database from before workers existed) everyone is an admin.
 * Connected to PostgreSQL as a worker's login (cm_access_server_login),
 * the actor is that login: claimed may only repeat it (CM_EFAIL), and a
 * login that is not an active worker of the database is refused (CM_EFAIL).
 */
int cm_access_set_actor(struct cm_store *s, const char *os_login, const char *claimed,
			const char *command, struct cm_error *err);

/*
 * cm_store_open, then cm_access_set_actor: the actor's scope is set up
 * before a read-only store stops accepting writes.
 */
int cm_access_open(struct cm_store **out, const char *path, enum cm_open_mode mode,
		   const char *os_login, const char *claimed, const char *command,
		   struct cm_error *err);

/*
 * On PostgreSQL, the login the server authenticated when it is a cm
 * worker's, else NULL (the schema owner, SQLite): that login is the actor.
 */
const char *cm_access_server_login(const struct cm_store *s);

/* The operating-system login when it differs from the actor, else NULL. */
const char *cm_access_os_user(const struct cm_store *s);

/* The actor's role. */
enum cm_role cm_access_role(const struct cm_store *s);

/* 0 for an admin; CM_EFAIL "only an admin can ..." naming the actor otherwise. */
int cm_access_require_admin(struct cm_store *s, struct cm_error *err);

/*
 * 0 when the actor may give worker a case (intake, assign): one whose cases
 * the actor sees, so the case stays in sight while it is handed on (on
 * PostgreSQL the server could not show it back); CM_ENOTFOUND naming
 * worker otherwise. The worker must be known already (cm_worker_check).
 */
int cm_access_may_assign(struct cm_store *s, const char *worker, struct cm_error *err);

/*
 * 0 when the actor may read the whole logs, as checking their chains
 * needs: on PostgreSQL a worker's login reads only the records of the
 * cases it sees, so only an admin's may (the message of require_admin).
 */
int cm_access_require_whole_logs(struct cm_store *s, struct cm_error *err);

/* 0 when the actor may see case_id; CM_ENOTFOUND "no case N" otherwise. */
int cm_access_case(struct cm_store *s, int64_t case_id, struct cm_error *err);

/* 0 when the actor may see a case of person_id; CM_ENOTFOUND "no person N" otherwise. */
int cm_access_person(struct cm_store *s, int64_t person_id, struct cm_error *err);

/*
 * cm init --group: the database file (and its -wal and -shm when present)
 * readable and writable by the group only (0660), its directory the
 * group's with setgid (02770), so the files SQLite creates later belong to
 * the group too. CM_EUSAGE for an unknown group, CM_EIO naming the file
 * that cannot be changed (not a member of the group).
 */
int cm_access_share_group(struct cm_store *s, const char *group, struct cm_error *err);
/* 0 when group exists, CM_EUSAGE naming it otherwise: checked before any file is made. */
int cm_access_group_check(const char *group, struct cm_error *err);

/* The database's visibility setting: "own" (default) or "team". */
int cm_access_set_visibility(struct cm_store *s, const char *value, struct cm_error *err);

/*
 * The engine's clock in UTC, whatever CM_NOW says: the logs keep it beside
 * the business time. On PostgreSQL it is the server's, which checks it.
 */
int cm_access_real_time(struct cm_store *s, char out[CM_TIME_LEN], struct cm_error *err);

/*
 * The log of who looked. Record, in its own transaction, that the actor
 * saw person_id's file (case_id may be 0) through the current command, or
 * (person_id 0) ran query and got count records. Never the values shown.
 * When the record cannot be written the caller must not show the data
 * (CM_EBUSY when the database is busy).
 */
int cm_access_log(struct cm_store *s, int64_t person_id, int64_t case_id, struct cm_error *err);
int cm_access_log_query(struct cm_store *s, const char *query, long long count,
			struct cm_error *err);
/* The same for the person of case_id. */
int cm_access_log_case(struct cm_store *s, int64_t case_id, struct cm_error *err);

/* Which records cm_access_emit lists: any field 0 or NULL is "any". */
struct cm_access_filter {
	int64_t case_id, person_id;
	const char *worker;
	const char *from, *to;   /* YYYY-MM-DD, both days included */
};

/*
 * Emit access records, oldest first, with keys id, at, real_at, user,
 * os_user, command, person, case, query, count.
 */
int cm_access_emit(struct cm_store *s, const struct cm_access_filter *f, struct cm_emit *e,
		   struct cm_error *err);

/*
 * Check the access log's hash chain: 0 when intact (*checked records);
 * CM_EFAIL naming the first broken record.
 */
int cm_access_verify(struct cm_store *s, long long *checked, struct cm_error *err);

#endif
