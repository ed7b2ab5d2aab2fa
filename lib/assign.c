/* Bulk reassignment: one transaction, one audited assignment per case. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "access_impl.h"
#include "cm/access.h"
#include "cm/assign.h"
#include "cm/case.h"
#include "cm/programme.h"
#include "cm/state.h"
#include "cm/store.h"
#include "cm/worker.h"
#include "sql.h"

/* The worker who leaves may already be deactivated; only an unknown login is refused. */
static int check_workers(struct cm_store *s, const struct cm_assign_bulk *b,
			 struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	if (!b->reason || !*b->reason)
		return cm_error_set(err, CM_EUSAGE, "a reason is required to reassign cases");
	if (strcmp(b->from, b->to) == 0)
		return cm_error_set(err, CM_EUSAGE, "--from and --to name the same worker '%s'",
				    b->from);
	if (b->programme && (rc = cm_programme_check(s, b->programme, err)) < 0)
		return rc;
	rc = cm_sql_prepare(s, "SELECT 1 FROM worker WHERE login = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, b->from);
	rc = cm_stmt_step(st);
	cm_stmt_finalize(st);
	if (rc == CM_DB_DONE)
		return cm_worker_check(s, b->from, err);
	if (rc != CM_DB_ROW)
		return cm_sql_fail(s, rc, err, "read worker");
	rc = cm_worker_check(s, b->to, err);
	return rc < 0 ? rc : cm_access_may_assign(s, b->to, err);
}

static int select_cases(struct cm_store *s, const struct cm_assign_bulk *b, struct cm_stmt **st,
			struct cm_error *err)
{
	int rc = cm_sql_prepare(s, "SELECT c.id, c.programme, c.state FROM cases c"
				   " WHERE c.worker = ?1 AND c.state <> 'closed'"
				   " AND (?2 IS NULL OR c.programme = ?2) AND (?3 IS NULL OR c.state = ?3)"
				   " AND " CM_SCOPE("c.worker")
				   " ORDER BY c.opened_on, c.id LIMIT ?4", st, err);

	if (rc < 0)
		return rc;
	cm_sql_bind_text(*st, 1, b->from);
	cm_sql_bind_text(*st, 2, b->programme);
	cm_sql_bind_text(*st, 3, b->state);
	/* No limit is the largest one: a negative LIMIT is not SQL every engine takes. */
	cm_stmt_bind_int64(*st, 4, b->limit > 0 ? b->limit : INT64_MAX);
	return 0;
}

/* The ids first: assigning changes the rows the selection walks. */
static int collect(struct cm_store *s, const struct cm_assign_bulk *b, struct cm_emit *e,
		   int64_t **ids, long long *n, struct cm_error *err)
{
	struct cm_stmt *st;
	int64_t *grown;
	int rc = select_cases(s, b, &st, err);

	if (rc < 0)
		return rc;
	cm_emit_begin_list(e);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		grown = realloc(*ids, (size_t)(*n + 1) * sizeof **ids);
		if (!grown) {
			rc = CM_ENOMEM;
			break;
		}
		*ids = grown;
		(*ids)[(*n)++] = cm_stmt_column_int64(st, 0);
		cm_emit_begin(e);
		cm_emit_int(e, "case", cm_stmt_column_int64(st, 0));
		cm_emit_str(e, "programme", cm_stmt_column_text(st, 1));
		cm_emit_str(e, "state", cm_stmt_column_text(st, 2));
		cm_emit_str(e, "from", b->from);
		cm_emit_str(e, "to", b->to);
		cm_emit_end(e);
	}
	cm_emit_end_list(e);
	cm_stmt_finalize(st);
	if (rc == CM_ENOMEM)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "select cases");
}

/* The caseload norm of each case's programme, counting (on a dry run) what would move. */
static int warn_caseload(struct cm_store *s, const struct cm_assign_bulk *b, const int64_t *ids,
			 long long n, struct cm_error *err)
{
	struct cm_case c;
	long long i, open;
	int norm, rc = 0;

	for (i = 0; rc == 0 && i < n && b->warning && !b->warning->status; i++) {
		rc = cm_case_get(s, ids[i], &c, err);
		if (rc < 0)
			break;
		if (cm_programme_caseload_check(s, b->to, c.programme, b->dry_run ? (int)n : 0, &open,
						&norm, b->warning) != CM_EFAIL && b->warning)
			b->warning->status = 0;
		cm_case_release(&c);
	}
	return rc;
}

int cm_assign_bulk(struct cm_store *s, const struct cm_assign_bulk *b, struct cm_emit *e,
		   long long *moved, struct cm_error *err)
{
	int64_t *ids = NULL;
	long long i;
	int rc = check_workers(s, b, err);

	*moved = 0;
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = collect(s, b, e, &ids, moved, err);
	for (i = 0; rc == 0 && !b->dry_run && i < *moved; i++)
		rc = cm_case_assign(s, ids[i], b->to, b->reason, err);
	if (rc == 0 && *moved)
		rc = warn_caseload(s, b, ids, *moved, err);
	free(ids);
	if (rc == 0 && !b->dry_run)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}
