/* Right of access and erasure: export everything about a person, or pseudonymise them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "cm/audit.h"
#include "cm/clock.h"
#include "cm/emit.h"
#include "cm/person.h"
#include "cm/store.h"
#include "cm/access.h"
#include "audit_impl.h"
#include "sql.h"

/* The cases of person ?1, as an SQL set. */
#define PERSON_CASES "(SELECT id FROM cases WHERE person_id = ?1)"

/* Tables that are about everyone or no one, not about a person. */
static const char *const not_personal[] = {
	"audit", "person", "cases", "programme", "meta", "partner", "access", "worker", NULL,
};

int cm_person_resolve(struct cm_store *s, const char *spec, int64_t *person,
		      struct cm_error *err)
{
	const char *sql = "SELECT id FROM person WHERE id = ?";
	const char *key = spec;
	struct cm_stmt *st;
	char *end;
	long long n = 0;
	int rc;

	if (strncmp(spec, "ext:", 4) == 0) {
		sql = "SELECT id FROM person WHERE ext_id = ?";
		key = spec + 4;
	} else {
		if (strncmp(spec, "case:", 5) == 0) {
			sql = "SELECT person_id FROM cases WHERE id = ?";
			key = spec + 5;
		}
		errno = 0;
		n = strtoll(key, &end, 10);
		if (!*key || *end || errno || n <= 0)
			return cm_error_set(err, CM_EUSAGE, "invalid person '%s' (expected a "
					    "number, ext:ID or case:N)", spec);
	}
	rc = cm_sql_prepare(s, sql, &st, err);
	if (rc < 0)
		return rc;
	if (n)
		cm_stmt_bind_int64(st, 1, n);
	else
		cm_stmt_bind_text(st, 1, key, -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		*person = cm_stmt_column_int64(st, 0);
		rc = cm_stmt_step(st) == CM_DB_ROW
			     ? cm_error_set(err, CM_ECONFLICT, "several persons have %s; give the "
					    "person number", spec)
			     : 0;
	} else {
		rc = rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "no person %s", spec)
				       : cm_sql_fail(s, rc, err, "find person");
	}
	cm_stmt_finalize(st);
	if (rc == 0 && cm_access_person(s, *person, NULL) < 0)
		rc = cm_error_set(err, CM_ENOTFOUND, "no person %s", spec);
	return rc;
}

static int is_personal(const char *table)
{
	const char *const *p;

	for (p = not_personal; *p; p++)
		if (strcmp(*p, table) == 0)
			return 0;
	return 1;
}

static int has_column(struct cm_store *s, const char *table, const char *column)
{
	struct cm_stmt *st;
	int found = 0;

	if (cm_db_prepare(cm_store_db(s), cm_db_catalogue_sql(cm_store_db(s), CM_DB_COLUMNS),
			  &st) == CM_OK) {
		cm_stmt_bind_text(st, 1, table, -1);
		while (!found && cm_stmt_step(st) == CM_DB_ROW)
			found = strcmp(cm_stmt_column_text(st, 0), column) == 0;
		cm_stmt_finalize(st);
	}
	return found;
}

/*
 * The query for a table's rows about the person: by its case_id, or through
 * a foreign key to a table that has one (assessment_score -> assessment),
 * in the order written: by id, or by the row number of a table without one.
 * NULL when the table holds nothing about cases. cm_db_free the result.
 */
static char *rows_query(struct cm_store *s, const char *table)
{
	struct cm_db *db = cm_store_db(s);
	const char *order = has_column(s, table, "id") ? "id" : "rowid";
	struct cm_stmt *st;
	char *sql = NULL;

	if (has_column(s, table, "case_id"))
		return cm_db_mprintf("SELECT * FROM \"%w\" WHERE case_id IN " PERSON_CASES
				       " ORDER BY %s", table, order);
	if (cm_db_prepare(db, cm_db_catalogue_sql(db, CM_DB_FOREIGN_KEYS), &st) == CM_OK) {
		cm_stmt_bind_text(st, 1, table, -1);
		while (!sql && cm_stmt_step(st) == CM_DB_ROW) {
			const char *parent = cm_stmt_column_text(st, 0);

			if (is_personal(parent) && has_column(s, parent, "case_id"))
				sql = cm_db_mprintf(
					"SELECT * FROM \"%w\" WHERE \"%w\" IN (SELECT \"%w\" FROM"
					" \"%w\" WHERE case_id IN " PERSON_CASES ") ORDER BY %s",
					table, cm_stmt_column_text(st, 1),
					cm_stmt_column_text(st, 2), parent, order);
		}
		cm_stmt_finalize(st);
	}
	return sql;
}

static int add_rows(struct cm_store *s, cJSON *doc, const char *key, const char *sql,
		    int64_t person, struct cm_error *err)
{
	cJSON *rows = cm_sql_rows_json(s, sql, person, err);

	if (!rows)
		return err ? err->status : CM_EDB;
	cJSON_AddItemToObject(doc, key, rows);
	return 0;
}

static int add_case_tables(struct cm_store *s, cJSON *doc, int64_t person, struct cm_error *err)
{
	struct cm_stmt *st;
	char *sql;
	int rc;

	rc = cm_sql_prepare(s, cm_db_catalogue_sql(cm_store_db(s), CM_DB_TABLES), &st, err);
	while (rc == 0 && cm_stmt_step(st) == CM_DB_ROW) {
		const char *table = cm_stmt_column_text(st, 0);

		if (!is_personal(table))
			continue;
		sql = rows_query(s, table);
		if (sql)
			rc = add_rows(s, doc, table, sql, person, err);
		cm_db_free(sql);
	}
	cm_stmt_finalize(st);
	return rc;
}

static cJSON *build_export(struct cm_store *s, int64_t person, struct cm_error *err)
{
	cJSON *doc = cJSON_CreateObject(), *rows;
	int rc;

	if (!doc)
		return NULL;
	rows = cm_sql_rows_json(s, "SELECT * FROM person WHERE id = ?1", person, err);
	rc = rows ? 0 : CM_EDB;
	if (rows)
		cJSON_AddItemToObject(doc, "person", cJSON_DetachItemFromArray(rows, 0));
	cJSON_Delete(rows);
	if (rc == 0)
		rc = add_rows(s, doc, "cases", "SELECT * FROM cases WHERE person_id = ?1 ORDER BY id",
			      person, err);
	if (rc == 0)
		rc = add_case_tables(s, doc, person, err);
	if (rc == 0)
		rc = add_rows(s, doc, "audit",
			      "SELECT id, at, actor AS \"user\", command, entity, entity_id, case_id, summary,"
			      " before, after, after_sha,"
			      " CASE WHEN redacted_on IS NULL THEN 0 ELSE 1 END AS redacted"
			      " FROM audit WHERE case_id IN " PERSON_CASES
			      " OR (entity = 'person' AND entity_id = ?1) ORDER BY id",
			      person, err);
	if (rc == 0)
		rc = cm_audit_row_fill(s, cJSON_GetObjectItemCaseSensitive(doc, "audit"), err);
	/* Who saw the file (GDPR art. 15), this export included. */
	if (rc == 0)
		rc = add_rows(s, doc, "access",
			      "SELECT id, at, actor AS \"user\", os_user, command, case_id FROM access"
			      " WHERE person_id = ?1 ORDER BY id", person, err);
	if (rc < 0) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

/* The next id of a list such as "4,7" (cm_person_linked), or 0 at its end. */
static int64_t next_linked(const char **p)
{
	char *end;
	int64_t id;

	if (!**p)
		return 0;
	id = strtoll(*p, &end, 10);
	*p = *end ? end + 1 : end;
	return id;
}

/* One record for the person exported, one for each linked person exported with them. */
static int in_transaction_audited(struct cm_store *s, int64_t person, const char *linked,
				  struct cm_error *err)
{
	char summary[128];
	int64_t other;
	int rc = cm_store_begin(s, err);

	snprintf(summary, sizeof summary, "person %lld exported (right of access)",
		 (long long)person);
	if (rc == 0)
		rc = cm_audit_add(s, "person", person, 0, summary, NULL, NULL, err);
	while (rc == 0 && (other = next_linked(&linked))) {
		snprintf(summary, sizeof summary, "person %lld exported as linked to person %lld"
			 " (right of access)", (long long)other, (long long)person);
		rc = cm_audit_add(s, "person", other, 0, summary, NULL, NULL, err);
	}
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

/*
 * The persons linked to this one (cm person link: records of one person)
 * go with the export, each marked with whom it is linked to, and each
 * reading is in the access log of its own person.
 */
static int add_linked(struct cm_store *s, cJSON *doc, int64_t person, const char *linked,
		      struct cm_error *err)
{
	cJSON *list = cJSON_AddArrayToObject(doc, "linked_persons"), *one, *part, *marked;
	int64_t other;
	int rc = list ? 0 : CM_ENOMEM;

	while (rc == 0 && (other = next_linked(&linked))) {
		rc = cm_access_log(s, other, 0, err);
		one = rc == 0 ? build_export(s, other, err) : NULL;
		marked = one ? cJSON_CreateObject() : NULL;
		if (rc == 0 && (!marked || !cJSON_AddNumberToObject(marked, "linked_to", (double)person)))
			rc = err && err->status ? err->status : CM_ENOMEM;
		while (rc == 0 && one->child) {
			part = cJSON_DetachItemViaPointer(one, one->child);
			cJSON_AddItemToObject(marked, part->string, part);
		}
		cJSON_Delete(one);
		if (rc == 0)
			cJSON_AddItemToArray(list, marked);
		else
			cJSON_Delete(marked);
	}
	return rc;
}

int cm_person_export(struct cm_store *s, int64_t person, FILE *out, struct cm_error *err)
{
	char linked[256];
	cJSON *doc;
	int rc;

	rc = cm_access_log(s, person, 0, err);
	if (rc == 0)
		rc = cm_person_linked(s, person, linked, sizeof linked, err);
	if (rc < 0)
		return rc;
	doc = build_export(s, person, err);
	if (!doc)
		return err && err->status ? err->status : CM_ENOMEM;
	rc = add_linked(s, doc, person, linked, err);
	/* Who looked at whom is itself recorded. */
	if (rc == 0)
		rc = in_transaction_audited(s, person, linked, err);
	if (rc == 0)
		cm_emit_json_tree(out, doc);
	cJSON_Delete(doc);
	return rc;
}

/* Free text that may name or describe the person, and what replaces it. */
static const struct {
	const char *table, *column, *replacement;
} free_text[] = {
	{ "cases", "close_note", NULL },
	{ "cases", "suspend_reason", NULL },
	{ "contact", "note", NULL },
	{ "contact", "participants", NULL },
	{ "assessment", "strengths", NULL },
	{ "goal", "text", "[removed]" },
	{ "action", "text", "[removed]" },
	{ "action", "note", NULL },
	{ "referral", "reason", "[removed]" },
	{ "referral", "feedback", NULL },
	{ "renewal", "reason", NULL },
};

/* Free text in tables reached through a foreign key (assessment_score -> assessment). */
static const struct {
	const char *table, *column, *key, *parent;
} free_text_child[] = {
	{ "assessment_score", "note", "assessment_id", "assessment" },
	{ "referral_status", "feedback", "referral_id", "referral" },
};

static int exec_bound(struct cm_store *s, const char *sql, int64_t person, const char *text,
		      struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, sql, &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, person);
	cm_sql_bind_text(st, 2, text);
	rc = cm_sql_step_done(s, st, err, "pseudonymise");
	cm_stmt_finalize(st);
	return rc;
}

/*
 * The audit copies about the person blanked through the one function that
 * may change the log (on PostgreSQL an admin's only): *n records.
 */
static int redact_audit(struct cm_store *s, int64_t person, const char *today, long long *n,
			struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_sql_prepare(s, "SELECT cm_audit_redact(?1, ?2)", &st, err);

	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, person);
	cm_sql_bind_text(st, 2, today);
	rc = cm_sql_step_done(s, st, err, "pseudonymise");
	*n = rc == 0 ? cm_stmt_column_int64(st, 0) : 0;
	cm_stmt_finalize(st);
	return rc;
}

static int scrub_free_text(struct cm_store *s, int64_t person, struct cm_error *err)
{
	char *sql;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof free_text / sizeof free_text[0]; i++) {
		if (!has_column(s, free_text[i].table, free_text[i].column))
			continue;
		sql = cm_db_mprintf("UPDATE \"%w\" SET \"%w\" = ?2 WHERE %s", free_text[i].table,
				      free_text[i].column,
				      strcmp(free_text[i].table, "cases") == 0
					      ? "person_id = ?1" : "case_id IN " PERSON_CASES);
		rc = sql ? exec_bound(s, sql, person, free_text[i].replacement, err) : CM_ENOMEM;
		cm_db_free(sql);
	}
	for (i = 0; rc == 0 && i < sizeof free_text_child / sizeof free_text_child[0]; i++) {
		if (!has_column(s, free_text_child[i].table, free_text_child[i].column))
			continue;
		sql = cm_db_mprintf("UPDATE \"%w\" SET \"%w\" = ?2 WHERE \"%w\" IN (SELECT id"
				      " FROM \"%w\" WHERE case_id IN " PERSON_CASES ")",
				      free_text_child[i].table, free_text_child[i].column,
				      free_text_child[i].key, free_text_child[i].parent);
		rc = sql ? exec_bound(s, sql, person, NULL, err) : CM_ENOMEM;
		cm_db_free(sql);
	}
	return rc;
}

/* Refuse while a case is open or when it was done already. */
static int check_pseudonymisable(struct cm_store *s, int64_t person, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT (SELECT pseudonymised_on FROM person WHERE id = ?1),"
			       " (SELECT min(id) FROM cases WHERE person_id = ?1"
			       " AND state <> 'closed')", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, person);
	if (cm_stmt_step(st) != CM_DB_ROW)
		rc = cm_sql_fail(s, CM_EDB, err, "read person");
	else if (cm_stmt_column_type(st, 0) != CM_DB_NULL)
		rc = cm_error_set(err, CM_EFAIL, "person %lld was pseudonymised on %s",
				  (long long)person, cm_stmt_column_text(st, 0));
	else if (cm_stmt_column_type(st, 1) != CM_DB_NULL)
		rc = cm_error_set(err, CM_ESTATE, "person %lld has open case %lld; close it first",
				  (long long)person, (long long)cm_stmt_column_int64(st, 1));
	cm_stmt_finalize(st);
	return rc;
}

/* The person's cases, counted for the report of what pseudonymisation did. */
static long count_cases(struct cm_store *s, int64_t person)
{
	struct cm_stmt *st;
	long n = 0;

	if (cm_sql_prepare(s, "SELECT count(*) FROM cases WHERE person_id = ?", &st, NULL) < 0)
		return 0;
	cm_stmt_bind_int64(st, 1, person);
	if (cm_stmt_step(st) == CM_DB_ROW)
		n = (long)cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	return n;
}

static int pseudonymise_tx(struct cm_store *s, int64_t person, const char *reason,
			   const char *today, struct cm_pseudonymised *done,
			   struct cm_error *err)
{
	char summary[512];
	long long redacted = 0;
	int rc;

	rc = check_pseudonymisable(s, person, err);
	if (rc == 0)
		rc = exec_bound(s, "UPDATE person SET first_name = 'pseudonymised',"
				   " last_name = 'pseudonymised', ext_id = NULL, phone = NULL,"
				   " email = NULL, postcode = NULL, notes = NULL,"
				   " birth_date = substr(birth_date, 1, 4) || '-07-01',"
				   " pseudonymised_on = ?2 WHERE id = ?1", person, today, err);
	if (rc == 0)
		rc = scrub_free_text(s, person, err);
	if (rc == 0)
		rc = redact_audit(s, person, today, &redacted, err);
	if (rc == 0) {
		done->audit_records += (long)redacted;
		done->cases += count_cases(s, person);
		done->people++;
	}
	snprintf(summary, sizeof summary, "person %lld pseudonymised: %s", (long long)person,
		 reason);
	if (rc == 0)
		rc = cm_audit_add(s, "person", person, 0, summary, NULL, NULL, err);
	return rc;
}

/* A dry run does it all and takes it back, so its figures are exact. */
static int commit_or_rehearse(struct cm_store *s, int dry_run, struct cm_error *err)
{
	if (!dry_run)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return 0;
}

int cm_person_pseudonymise(struct cm_store *s, int64_t person, const char *reason, int dry_run,
			   struct cm_pseudonymised *done, struct cm_error *err)
{
	char today[CM_DATE_LEN];
	int rc;

	if (!reason || !*reason)
		return cm_error_set(err, CM_EUSAGE, "a reason is required to pseudonymise");
	rc = cm_access_require_admin(s, err);
	if (rc == 0)
		rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	memset(done, 0, sizeof *done);
	rc = pseudonymise_tx(s, person, reason, today, done, err);
	if (rc == 0)
		return commit_or_rehearse(s, dry_run, err);
	cm_store_rollback(s);
	return rc;
}

int cm_person_pseudonymise_closed_before(struct cm_store *s, const char *date,
					 const char *reason, int dry_run,
					 struct cm_pseudonymised *done, struct cm_error *err)
{
	char today[CM_DATE_LEN];
	struct cm_stmt *st;
	int rc;

	memset(done, 0, sizeof *done);
	if (!reason || !*reason)
		return cm_error_set(err, CM_EUSAGE, "a reason is required to pseudonymise");
	rc = cm_access_require_admin(s, err);
	if (rc == 0)
		rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_sql_prepare(s, "SELECT p.id FROM person p WHERE p.pseudonymised_on IS NULL"
			       " AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id)"
			       " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id"
			       " AND (c.state <> 'closed' OR c.closed_on >= ?1)) ORDER BY p.id",
			    &st, err);
	if (rc == 0) {
		cm_stmt_bind_text(st, 1, date, -1);
		while (rc == 0 && cm_stmt_step(st) == CM_DB_ROW)
			rc = pseudonymise_tx(s, cm_stmt_column_int64(st, 0), reason, today, done, err);
		cm_stmt_finalize(st);
	}
	if (rc == 0)
		return commit_or_rehearse(s, dry_run, err);
	cm_store_rollback(s);
	memset(done, 0, sizeof *done);
	return rc;
}
