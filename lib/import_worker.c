/*
 * The import's worker column: only registered, active workers, unless the
 * mapping says "workers": "create", when those the export names are
 * registered (as workers, audited) in the import's transaction.
 */
#include <stdio.h>
#include <string.h>
#include "cm/audit.h"
#include "cm/worker.h"
#include "import_impl.h"

/* 1 registered and active, 0 not registered, -1 deactivated or a database error. */
static int registered(struct importer *im, const char *login)
{
	int i, rc;

	for (i = 0; i < im->nknown; i++)
		if (strcmp(im->known_workers[i], login) == 0)
			return 1;
	if (!im->find_worker &&
	    cm_db_prepare_persistent(im->db, "SELECT active FROM worker WHERE login = ?1",
				     &im->find_worker) != CM_OK)
		return -1;
	cm_stmt_reset(im->find_worker);
	cm_stmt_bind_text(im->find_worker, 1, login, -1);
	rc = cm_stmt_step(im->find_worker);
	if (rc == CM_DB_ROW)
		rc = cm_stmt_column_int(im->find_worker, 0) ? 1 : -1;
	else
		rc = rc == CM_DB_DONE ? 0 : -1;
	cm_stmt_reset(im->find_worker);
	if (rc == 1 && strlen(login) < sizeof im->known_workers[0]) {
		snprintf(im->known_workers[im->nknown % CM_IMPORT_KNOWN_WORKERS],
			 sizeof im->known_workers[0], "%s", login);
		if (im->nknown < CM_IMPORT_KNOWN_WORKERS)
			im->nknown++;
	}
	return rc;
}

const char *cm_import_worker_problem(struct importer *im, const char *login)
{
	int rc;

	if (cm_worker_login_check(login, NULL) < 0)
		return "not a valid login (1 to 64 characters of a-z 0-9 . _ -)";
	rc = registered(im, login);
	if (rc == 1 || (rc == 0 && im->m->create_workers))
		return NULL;
	if (rc == 0)
		return "not a registered worker (cm worker add, or \"workers\": \"create\" in the mapping)";
	return "not an active worker";
}

int cm_import_worker_to_create(struct importer *im, const char *login)
{
	return im->m->create_workers && registered(im, login) == 0;
}

int cm_import_worker_create(struct importer *im, const char *login)
{
	char summary[128];
	struct cm_stmt *st;
	int rc;

	if (!im->m->create_workers || registered(im, login) != 0)
		return 0;
	if (cm_db_prepare(im->db, "INSERT INTO worker(login, name, created_on) VALUES (?1, ?1, ?2)",
			  &st) != CM_OK)
		return cm_import_sql_fail(im, cm_db_errcode(im->db), "add worker");
	cm_stmt_bind_text(st, 1, login, -1);
	cm_stmt_bind_text(st, 2, im->today_s, -1);
	rc = cm_stmt_step(st);
	cm_stmt_finalize(st);
	if (rc != CM_DB_DONE)
		return cm_import_sql_fail(im, rc, "add worker");
	snprintf(summary, sizeof summary, "worker %s added (worker; named by an import)", login);
	return cm_audit_add(im->s, "worker", cm_db_last_id(im->db), 0, summary, NULL, NULL, im->err);
}
