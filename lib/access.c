/* The actor and their scope: which cases a worker, manager or admin may see. */
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "access_impl.h"
#include "cm/access.h"
#include "cm/audit.h"
#include "cm/store.h"
#include "sql.h"
#include "store_impl.h"

struct cm_access {
	char *os_user;       /* the OS login, when someone else acts through it */
	char *server_login;  /* the worker's login the server authenticated */
	enum cm_role role;
};

int cm_access_attach(struct cm_store *s, struct cm_error *err)
{
	int rc;

	s->access = calloc(1, sizeof *s->access);
	if (!s->access)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	s->access->role = CM_ROLE_ADMIN;
	rc = cm_sql_exec(s, "CREATE TEMP TABLE IF NOT EXISTS cm_scope (login TEXT)", err);
	if (rc == 0)
		rc = cm_sql_exec(s, "DELETE FROM cm_scope; INSERT INTO cm_scope VALUES (NULL)", err);
	return rc;
}

void cm_access_free(struct cm_access *a)
{
	if (!a)
		return;
	free(a->os_user);
	free(a->server_login);
	free(a);
}

const char *cm_access_os_user(const struct cm_store *s)
{
	return s->access ? s->access->os_user : NULL;
}

const char *cm_access_server_login(const struct cm_store *s)
{
	return s->access ? s->access->server_login : NULL;
}

enum cm_role cm_access_role(const struct cm_store *s)
{
	return s->access ? s->access->role : CM_ROLE_ADMIN;
}

int cm_access_real_time(struct cm_store *s, char out[CM_TIME_LEN], struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_sql_prepare(s, "SELECT cm_clock()", &st, err);

	if (rc < 0)
		return rc;
	rc = cm_sql_step_done(s, st, err, "read the clock");
	if (rc == 0)
		snprintf(out, CM_TIME_LEN, "%s", cm_stmt_column_text(st, 0));
	cm_stmt_finalize(st);
	return rc;
}

static int count(struct cm_store *s, const char *sql, const char *bind, long long *n,
		 struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_sql_prepare(s, sql, &st, err);

	if (rc < 0)
		return rc;
	if (bind)
		cm_sql_bind_text(st, 1, bind);
	rc = cm_sql_step_done(s, st, err, "read workers");
	*n = rc == 0 ? cm_stmt_column_int64(st, 0) : 0;
	cm_stmt_finalize(st);
	return rc;
}

/* A shared account is one that is not itself a registered worker. */
static int check_claim(struct cm_store *s, const char *os_login, const char *claimed,
		       struct cm_error *err)
{
	long long n;
	int rc = count(s, "SELECT count(*) FROM worker", NULL, &n, err);

	if (rc < 0 || n == 0)
		return rc;
	rc = count(s, "SELECT count(*) FROM worker WHERE login = ?1 AND active = 1", os_login, &n,
		   err);
	if (rc == 0 && n > 0)
		return cm_error_set(err, CM_EFAIL,
				    "you are logged in as the worker '%s'; --user cannot act as '%s'",
				    os_login, claimed);
	return rc < 0 ? rc : cm_worker_check(s, claimed, err);
}

static const char *const scope_sql[] = {
	[CM_ROLE_NONE] = "",
	[CM_ROLE_WORKER] =
		"INSERT INTO cm_scope SELECT CAST(?1 AS TEXT) UNION SELECT w.login FROM worker w,"
		" worker me WHERE me.login = ?1 AND me.team IS NOT NULL AND w.team = me.team"
		" AND (SELECT value FROM meta WHERE key = 'visibility') = 'team'",
	[CM_ROLE_MANAGER] =
		"INSERT INTO cm_scope SELECT CAST(?1 AS TEXT) UNION SELECT w.login FROM worker w,"
		" worker me WHERE me.login = ?1 AND me.team IS NOT NULL AND w.team = me.team",
	[CM_ROLE_ADMIN] = "INSERT INTO cm_scope VALUES (NULL)",
};

static int fill_scope(struct cm_store *s, const char *actor, enum cm_role role,
		      struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_sql_exec(s, "DELETE FROM cm_scope", err);

	if (rc < 0 || role == CM_ROLE_NONE)
		return rc;
	rc = cm_sql_prepare(s, scope_sql[role], &st, err);
	if (rc < 0)
		return rc;
	if (role != CM_ROLE_ADMIN)
		cm_sql_bind_text(st, 1, actor);
	rc = cm_sql_step_done(s, st, err, "set the actor's scope");
	cm_stmt_finalize(st);
	return rc;
}

/* The login the server authenticated, when it is a cm worker's (NULL on SQLite). */
static int read_server_login(struct cm_store *s, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_sql_prepare(s, "SELECT cm_server_login()", &st, err);

	if (rc < 0)
		return rc;
	rc = cm_sql_step_done(s, st, err, "read the server login");
	free(s->access->server_login);
	s->access->server_login = NULL;
	if (rc == 0 && cm_stmt_column_text(st, 0) &&
	    !(s->access->server_login = cm_sql_column_dup(st, 0)))
		rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	cm_stmt_finalize(st);
	return rc;
}

/*
 * On the server a worker's login is the actor: --user may only repeat it,
 * and the login must be an active worker of this database.
 */
static int server_actor(struct cm_store *s, const char *claimed, struct cm_error *err)
{
	const char *login = s->access->server_login;
	int rc;

	if (claimed && *claimed && strcmp(claimed, login) != 0)
		return cm_error_set(err, CM_EFAIL,
				    "connected to the server as '%s'; --user cannot act as '%s'",
				    login, claimed);
	rc = cm_worker_check(s, login, err);
	if (rc == CM_ENOTFOUND)
		return cm_error_set(err, CM_EFAIL,
				    "the server login '%s' is not an active worker of this database",
				    login);
	return rc;
}

int cm_access_set_actor(struct cm_store *s, const char *os_login, const char *claimed,
			const char *command, struct cm_error *err)
{
	const char *actor;
	enum cm_role role = CM_ROLE_NONE;
	long long admins = 0;
	int rc = read_server_login(s, err);

	if (rc == 0 && s->access->server_login) {
		rc = server_actor(s, claimed, err);
		os_login = claimed = s->access->server_login;
	}
	if (rc < 0)
		return rc;
	actor = claimed && *claimed ? claimed : os_login;
	if (strcmp(actor, os_login) != 0)
		rc = check_claim(s, os_login, actor, err);
	if (rc == 0)
		rc = cm_worker_role(s, actor, &role, err);
	if (rc == 0)
		rc = count(s, "SELECT count(*) FROM worker WHERE role = 'admin' AND active = 1", NULL,
			   &admins, err);
	if (rc < 0)
		return rc;
	if (admins == 0)
		role = CM_ROLE_ADMIN;
	if (cm_store_set_actor(s, actor, command) < 0)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	free(s->access->os_user);
	s->access->os_user = NULL;
	if (strcmp(actor, os_login) != 0 && !(s->access->os_user = strdup(os_login)))
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	s->access->role = role;
	return fill_scope(s, actor, role, err);
}

int cm_access_open(struct cm_store **out, const char *path, enum cm_open_mode mode,
		   const char *os_login, const char *claimed, const char *command,
		   struct cm_error *err)
{
	int rc = cm_store_open(out, path, mode == CM_OPEN_READ ? CM_OPEN_READ_SETUP : mode, err);

	if (rc == 0)
		rc = cm_access_set_actor(*out, os_login, claimed, command, err);
	if (rc == 0 && mode == CM_OPEN_READ && (rc = cm_db_set_read_only(cm_store_db(*out))) < 0)
		rc = cm_sql_fail(*out, rc, err, "open read-only");
	if (rc < 0) {
		cm_store_close(*out);
		*out = NULL;
	}
	return rc;
}

int cm_access_require_admin(struct cm_store *s, struct cm_error *err)
{
	if (cm_access_role(s) == CM_ROLE_ADMIN)
		return 0;
	return cm_error_set(err, CM_EFAIL, "only an admin can do this; '%s' is not one",
			    cm_store_user(s));
}

int cm_access_may_assign(struct cm_store *s, const char *worker, struct cm_error *err)
{
	long long n;
	int rc = count(s, "SELECT count(*) FROM cm_scope WHERE login IS NULL OR login = ?1", worker,
		       &n, err);

	/* Not among those the actor may name here (CM_EFAIL would read as a rule refusing). */
	if (rc == 0 && n == 0)
		rc = cm_error_set(err, CM_ENOTFOUND, "'%s' is outside your scope: a manager of their team"
				  " or an admin can give them a case", worker);
	return rc;
}

int cm_access_require_whole_logs(struct cm_store *s, struct cm_error *err)
{
	return cm_access_server_login(s) ? cm_access_require_admin(s, err) : 0;
}

static int visible(struct cm_store *s, const char *sql, int64_t id, const char *what,
		   struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_sql_prepare(s, sql, &st, err);

	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	rc = cm_sql_step_one(s, st, what, (long long)id, err);
	cm_stmt_finalize(st);
	return rc;
}

int cm_access_case(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	return visible(s, "SELECT 1 FROM cases c WHERE c.id = ?1 AND " CM_SCOPE("c.worker"),
		       case_id, "case", err);
}

int cm_access_person(struct cm_store *s, int64_t person_id, struct cm_error *err)
{
	return visible(s, "SELECT 1 FROM person p WHERE p.id = ?1 AND (EXISTS (SELECT 1 FROM"
			  " cm_scope WHERE login IS NULL) OR EXISTS (SELECT 1 FROM cases c"
			  " WHERE c.person_id = p.id AND " CM_SCOPE("c.worker") "))",
		       person_id, "person", err);
}

static int share_file(const char *path, gid_t gid, mode_t mode, int must_exist,
		      struct cm_error *err)
{
	if (chown(path, (uid_t)-1, gid) < 0 || chmod(path, mode) < 0) {
		if (errno == ENOENT && !must_exist)
			return 0;
		return cm_error_set(err, CM_EIO, "cannot give '%s' to the group: %s", path,
				    strerror(errno));
	}
	return 0;
}

int cm_access_group_check(const char *group, struct cm_error *err)
{
	if (!getgrnam(group))
		return cm_error_set(err, CM_EUSAGE, "unknown group '%s'", group);
	return 0;
}

int cm_access_share_group(struct cm_store *s, const char *group, struct cm_error *err)
{
	const char *file = cm_db_filename(cm_store_db(s));
	static const char *const suffixes[] = { "-wal", "-shm" };
	struct group *gr = getgrnam(group);
	char *dir, path[4096];
	size_t i;
	int rc;

	if (!gr)
		return cm_error_set(err, CM_EUSAGE, "unknown group '%s'", group);
	if (!file)
		return cm_error_set(err, CM_EUSAGE, "--group applies to a database file only");
	dir = strdup(file);
	if (!dir)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = share_file(dirname(dir), gr->gr_gid, 02770, 1, err);
	free(dir);
	if (rc == 0)
		rc = share_file(file, gr->gr_gid, 0660, 1, err);
	for (i = 0; rc == 0 && i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(path, sizeof path, "%s%s", file, suffixes[i]);
		rc = share_file(path, gr->gr_gid, 0660, 0, err);
	}
	return rc;
}

int cm_access_set_visibility(struct cm_store *s, const char *value, struct cm_error *err)
{
	int rc;

	if (strcmp(value, "own") != 0 && strcmp(value, "team") != 0)
		return cm_error_set(err, CM_EUSAGE, "unknown visibility '%s' (own, team)", value);
	rc = cm_access_require_admin(s, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_store_meta_set(s, "visibility", value, err);
	if (rc == 0)
		rc = cm_audit_add(s, "setting", 0, 0, strcmp(value, "team") == 0
			? "visibility set to team: workers see their team's cases"
			: "visibility set to own: workers see their own cases", NULL, NULL, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}
