/* The staff: who may be named as a case's worker, and with which role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/access.h"
#include "cm/clock.h"
#include "cm/store.h"
#include "cm/suggest.h"
#include "cm/worker.h"
#include "sql.h"
#include "workflow.h"

const char *const cm_worker_roles[] = { "worker", "manager", "admin", NULL };

const char *cm_role_name(enum cm_role role)
{
	return role >= CM_ROLE_WORKER && role <= CM_ROLE_ADMIN ? cm_worker_roles[role - 1] : NULL;
}

int cm_role_parse(const char *name, enum cm_role *out)
{
	int i;

	for (i = 0; cm_worker_roles[i]; i++) {
		if (strcmp(name, cm_worker_roles[i]) == 0) {
			*out = (enum cm_role)(i + 1);
			return 0;
		}
	}
	return -1;
}

int cm_worker_login_check(const char *login, struct cm_error *err)
{
	size_t n = strlen(login);

	if (n < 1 || n > 64 || strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		return cm_error_set(err, CM_EUSAGE,
				    "invalid login '%s' (1 to 64 characters of a-z 0-9 . _ -)", login);
	return 0;
}

/* Control characters would break the one-line text output and the mail headers. */
static int has_control(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return 1;
	return 0;
}

static int check_fields(const struct cm_worker_fields *f, int adding, struct cm_error *err)
{
	enum cm_role role;

	if (adding && !f->name)
		return cm_error_set(err, CM_EUSAGE, "a worker needs a name (--name)");
	if (f->name && (!*f->name || has_control(f->name)))
		return cm_error_set(err, CM_EUSAGE, "invalid worker name '%s'", f->name);
	if (f->team && has_control(f->team))
		return cm_error_set(err, CM_EUSAGE, "invalid team '%s'", f->team);
	if (f->role && cm_role_parse(f->role, &role) < 0)
		return cm_error_set(err, CM_EUSAGE, "unknown role '%s' (worker, manager, admin)",
				    f->role);
	if (f->email && *f->email &&
	    (!strchr(f->email, '@') || strpbrk(f->email, " ,;<>\"'") || has_control(f->email)))
		return cm_error_set(err, CM_EUSAGE, "invalid email '%s'", f->email);
	return 0;
}

/* The worker's row id and whether it is active; CM_ENOTFOUND when not registered. */
static int find(struct cm_store *s, const char *login, int64_t *id, int *active,
		struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id, active FROM worker WHERE login = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, login);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		*id = cm_stmt_column_int64(st, 0);
		*active = cm_stmt_column_int(st, 1);
		rc = 0;
	} else if (rc == CM_DB_DONE) {
		rc = CM_ENOTFOUND;
	} else {
		rc = cm_sql_fail(s, rc, err, "read worker");
	}
	cm_stmt_finalize(st);
	return rc;
}

/* The active login closest to login, when it is close enough to be a typo (1 or 2 edits). */
static int closest(struct cm_store *s, const char *login, char *out, size_t n,
		   struct cm_error *err)
{
	struct cm_stmt *st;
	size_t d, best = strlen(login) > 4 ? 2 : 1;
	const char *v;
	int rc;

	*out = '\0';
	rc = cm_sql_prepare(s, "SELECT login FROM worker WHERE active = 1 ORDER BY login", &st, err);
	if (rc < 0)
		return rc;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		v = cm_stmt_column_text(st, 0);
		d = cm_edit_distance(login, v);
		if (d <= best && (d < best || !*out)) {
			best = d;
			snprintf(out, n, "%s", v);
		}
	}
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "list workers");
}

int cm_worker_check(struct cm_store *s, const char *login, struct cm_error *err)
{
	char near[72];
	int64_t id;
	int active = 0, rc = find(s, login, &id, &active, err);

	/* Not found among those who may be named (CM_EFAIL would read as a rule refusing). */
	if (rc == 0 && !active)
		return cm_error_set(err, CM_ENOTFOUND, "worker '%s' is deactivated", login);
	if (rc != CM_ENOTFOUND)
		return rc;
	rc = closest(s, login, near, sizeof near, err);
	if (rc < 0)
		return rc;
	if (*near)
		return cm_error_set(err, CM_ENOTFOUND, "unknown worker '%s'; did you mean '%s'?",
				    login, near);
	return cm_error_set(err, CM_ENOTFOUND, "unknown worker '%s'; see 'cm worker list'", login);
}

int cm_worker_role(struct cm_store *s, const char *login, enum cm_role *role,
		   struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*role = CM_ROLE_NONE;
	rc = cm_sql_prepare(s, "SELECT role FROM worker WHERE login = ? AND active = 1", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, login);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		if (cm_role_parse(cm_stmt_column_text(st, 0), role) < 0)
			*role = CM_ROLE_NONE;
		rc = 0;
	} else {
		rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read worker");
	}
	cm_stmt_finalize(st);
	return rc;
}

int cm_worker_email(struct cm_store *s, const char *login, char **email, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*email = NULL;
	rc = cm_worker_check(s, login, err);
	if (rc == 0)
		rc = cm_sql_prepare(s, "SELECT email FROM worker WHERE login = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, login);
	rc = cm_sql_step_done(s, st, err, "read worker");
	if (rc == 0 && cm_stmt_column_text(st, 0) && !(*email = cm_sql_column_dup(st, 0)))
		rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	cm_stmt_finalize(st);
	return rc;
}

/*
 * On PostgreSQL, the worker's server login made to match its row: created
 * with the group of its role, moved when the role changes, unable to log in
 * once deactivated (cm-deploy(7)). Nothing to do on SQLite.
 */
static int sync_login(struct cm_store *s, const char *login, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_sql_prepare(s, "SELECT cm_login_sync(?)", &st, err);

	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, login);
	rc = cm_sql_step_done(s, st, err, "set up the server login");
	cm_stmt_finalize(st);
	return rc;
}

static int insert_row(struct cm_store *s, const char *login, const struct cm_worker_fields *f,
		      struct cm_error *err)
{
	char today[CM_DATE_LEN];
	struct cm_stmt *st;
	int rc = cm_today(today, err);

	if (rc == 0)
		rc = cm_sql_prepare(s, "INSERT INTO worker(login, name, team, role, email, created_on)"
				       " VALUES (?, ?, nullif(?, ''), ?, nullif(?, ''), ?)", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, login);
	cm_sql_bind_text(st, 2, f->name);
	cm_sql_bind_text(st, 3, f->team);
	cm_sql_bind_text(st, 4, f->role ? f->role : "worker");
	cm_sql_bind_text(st, 5, f->email);
	cm_sql_bind_text(st, 6, today);
	rc = cm_sql_step_done(s, st, err, "add worker");
	cm_stmt_finalize(st);
	return rc < 0 ? rc : sync_login(s, login, err);
}

static int insert(struct cm_store *s, const char *login, const struct cm_worker_fields *f,
		  struct cm_error *err)
{
	char summary[160];
	int64_t id;
	int rc = insert_row(s, login, f, err);

	if (rc < 0)
		return rc;
	id = cm_db_last_id(cm_store_db(s));
	snprintf(summary, sizeof summary, "worker %s added (%s)", login,
		 f->role ? f->role : "worker");
	return cm_wf_audit_row(s, "worker", id, 0, summary, NULL, err);
}

static int add_tx(struct cm_store *s, const char *login, const struct cm_worker_fields *f,
		  struct cm_error *err)
{
	int64_t id;
	int active, rc = cm_access_require_admin(s, err);

	if (rc == 0)
		rc = find(s, login, &id, &active, err);
	if (rc == 0)
		return cm_error_set(err, CM_ECONFLICT, "worker '%s' already exists%s", login,
				    active ? "" : " (deactivated)");
	if (rc != CM_ENOTFOUND)
		return rc;
	return insert(s, login, f, err);
}

/* Begin, run, commit or roll back: the one shape of every change here. */
static int in_tx(struct cm_store *s, int rc, struct cm_error *err)
{
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_worker_add(struct cm_store *s, const char *login, const struct cm_worker_fields *f,
		  struct cm_error *err)
{
	int rc = cm_worker_login_check(login, err);

	if (rc == 0)
		rc = check_fields(f, 1, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	return in_tx(s, add_tx(s, login, f, err), err);
}

int cm_worker_add_first_admin(struct cm_store *s, const char *login, const char *name,
			      struct cm_error *err)
{
	struct cm_worker_fields f = { .name = name, .role = "admin" };
	int rc = cm_worker_login_check(login, err);

	if (rc == 0)
		rc = check_fields(&f, 1, err);
	if (rc == 0)
		rc = insert_row(s, login, &f, err);
	return rc;
}

/* A registered worker's id (active or not), or CM_ENOTFOUND with a suggestion. */
static int existing(struct cm_store *s, const char *login, int64_t *id, int *active,
		    struct cm_error *err)
{
	int rc = find(s, login, id, active, err);

	if (rc == CM_ENOTFOUND)
		return cm_worker_check(s, login, err);
	return rc;
}

/* An admin may not remove the last admin: nobody could manage the staff again. */
static int keeps_an_admin(struct cm_store *s, const char *login, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT count(*) FROM worker WHERE role = 'admin' AND active = 1"
			       " AND login <> ?", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, login);
	rc = cm_sql_step_done(s, st, err, "count admins");
	if (rc == 0 && cm_stmt_column_int(st, 0) == 0)
		rc = cm_error_set(err, CM_EFAIL, "'%s' is the last admin; make another worker admin first",
				  login);
	cm_stmt_finalize(st);
	return rc;
}

static int update(struct cm_store *s, int64_t id, const struct cm_worker_fields *f,
		  struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "UPDATE worker SET name = coalesce(?1, name),"
			       " team = CASE WHEN ?2 IS NULL THEN team ELSE nullif(?2, '') END,"
			       " role = coalesce(?3, role),"
			       " email = CASE WHEN ?4 IS NULL THEN email ELSE nullif(?4, '') END"
			       " WHERE id = ?5", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, f->name);
	cm_sql_bind_text(st, 2, f->team);
	cm_sql_bind_text(st, 3, f->role);
	cm_sql_bind_text(st, 4, f->email);
	cm_stmt_bind_int64(st, 5, id);
	rc = cm_sql_step_done(s, st, err, "edit worker");
	cm_stmt_finalize(st);
	return rc;
}

static int edit_tx(struct cm_store *s, const char *login, const struct cm_worker_fields *f,
		   struct cm_error *err)
{
	char *before = NULL, *after = NULL, summary[120];
	int64_t id;
	int active, rc = cm_access_require_admin(s, err);

	if (rc == 0)
		rc = existing(s, login, &id, &active, err);
	if (rc == 0 && f->role && strcmp(f->role, "admin") != 0)
		rc = keeps_an_admin(s, login, err);
	if (rc == 0) {
		before = cm_sql_row_json(s, "worker", "id", id);
		rc = update(s, id, f, err);
	}
	if (rc == 0) {
		after = cm_sql_row_json(s, "worker", "id", id);
		if (before && after && strcmp(before, after) == 0)
			rc = cm_error_set(err, CM_EFAIL, "worker '%s': nothing to change", login);
	}
	snprintf(summary, sizeof summary, "worker %s edited", login);
	if (rc == 0 && f->role)
		rc = sync_login(s, login, err);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "worker", id, 0, summary, before, err);
	free(before);
	free(after);
	return rc;
}

int cm_worker_edit(struct cm_store *s, const char *login, const struct cm_worker_fields *f,
		   struct cm_error *err)
{
	int rc = check_fields(f, 0, err);

	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	return in_tx(s, edit_tx(s, login, f, err), err);
}

static int deactivate_tx(struct cm_store *s, const char *login, struct cm_error *err)
{
	char *before = NULL, summary[120];
	struct cm_stmt *st;
	int64_t id;
	int active, rc = cm_access_require_admin(s, err);

	if (rc == 0)
		rc = existing(s, login, &id, &active, err);
	if (rc == 0 && !active)
		rc = cm_error_set(err, CM_EFAIL, "worker '%s' is already deactivated", login);
	if (rc == 0)
		rc = keeps_an_admin(s, login, err);
	if (rc == 0) {
		before = cm_sql_row_json(s, "worker", "id", id);
		rc = cm_sql_prepare(s, "UPDATE worker SET active = 0 WHERE id = ?", &st, err);
	}
	if (rc == 0) {
		cm_stmt_bind_int64(st, 1, id);
		rc = cm_sql_step_done(s, st, err, "deactivate worker");
		cm_stmt_finalize(st);
	}
	snprintf(summary, sizeof summary, "worker %s deactivated", login);
	if (rc == 0)
		rc = sync_login(s, login, err);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "worker", id, 0, summary, before, err);
	free(before);
	return rc;
}

int cm_worker_deactivate(struct cm_store *s, const char *login, struct cm_error *err)
{
	int rc = cm_store_begin(s, err);

	if (rc < 0)
		return rc;
	return in_tx(s, deactivate_tx(s, login, err), err);
}

#define WORKER_COLUMNS "login, name, team, role, email, active"

static void emit_fields(struct cm_emit *e, struct cm_stmt *st)
{
	static const char *const keys[] = { "login", "name", "team", "role", "email" };
	int i;

	for (i = 0; i < 5; i++)
		cm_emit_str(e, keys[i], cm_stmt_column_text(st, i));
	cm_emit_bool(e, "active", cm_stmt_column_int(st, 5));
}

int cm_worker_emit_list(struct cm_store *s, int all, const char *team, struct cm_emit *e,
			struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT " WORKER_COLUMNS " FROM worker WHERE (?1 = 1 OR active = 1)"
			       " AND (?2 IS NULL OR team = ?2) ORDER BY login", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, all != 0);
	cm_sql_bind_text(st, 2, team);
	cm_emit_begin_list(e);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		cm_emit_begin(e);
		emit_fields(e, st);
		cm_emit_end(e);
	}
	cm_emit_end_list(e);
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "list workers");
}

int cm_worker_emit_show(struct cm_store *s, const char *login, struct cm_emit *e,
			struct cm_error *err)
{
	struct cm_stmt *st;
	int64_t id;
	int active, rc = existing(s, login, &id, &active, err);

	if (rc == 0)
		rc = cm_sql_prepare(s, "SELECT " WORKER_COLUMNS ", (SELECT count(*) FROM cases c"
				       " WHERE c.worker = w.login AND c.state <> 'closed')"
				       " FROM worker w WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	rc = cm_sql_step_done(s, st, err, "read worker");
	if (rc == 0) {
		cm_emit_begin(e);
		emit_fields(e, st);
		cm_emit_int(e, "open_cases", cm_stmt_column_int64(st, 6));
		cm_emit_end(e);
	}
	cm_stmt_finalize(st);
	return rc;
}
