/* Small helpers the workflow modules share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/audit.h"
#include "sql.h"
#include "workflow.h"

int cm_wf_one_of(const char *v, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(v, *allowed) == 0)
			return 1;
	return 0;
}

void cm_wf_join(const char *const *list, char *out, size_t n)
{
	out[0] = '\0';
	for (; *list; list++) {
		if (out[0])
			strncat(out, ", ", n - strlen(out) - 1);
		strncat(out, *list, n - strlen(out) - 1);
	}
}

int cm_wf_audit_row(struct cm_store *s, const char *table, int64_t id, int64_t case_id,
		    const char *summary, const char *before, struct cm_error *err)
{
	char *after = cm_sql_row_json(s, table, "id", id);
	int rc = cm_audit_add(s, table, id, case_id, summary, before, after, err);

	free(after);
	return rc;
}

int cm_wf_date_arg(const char *field, const char *v, char out[CM_DATE_LEN], cm_days *day,
		   struct cm_error *err)
{
	cm_days today, d;
	int rc = cm_date_today(&today, err);

	if (rc < 0)
		return rc;
	if (!v)
		d = today;
	else if (cm_date_parse_iso(v, &d) < 0)
		return cm_error_set(err, CM_EUSAGE, "invalid %s '%s' (expected YYYY-MM-DD)", field, v);
	else if (d > today)
		return cm_error_set(err, CM_EUSAGE, "%s '%s' is in the future", field, v);
	cm_date_format(d, out);
	if (day)
		*day = d;
	return 0;
}

int cm_wf_case_date(struct cm_store *s, int64_t case_id, const char *column,
		    char out[CM_DATE_LEN], struct cm_error *err)
{
	char *sql = cm_db_mprintf("SELECT \"%w\" FROM cases WHERE id = ?", column);
	struct cm_stmt *st;
	int rc;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = cm_sql_prepare(s, sql, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	out[0] = '\0';
	rc = cm_sql_step_one(s, st, "case", case_id, err);
	if (rc == 0 && cm_stmt_column_type(st, 0) != CM_DB_NULL)
		snprintf(out, CM_DATE_LEN, "%s", cm_stmt_column_text(st, 0));
	cm_stmt_finalize(st);
	return rc;
}
