/* Correcting a person's identity and contact details, audited before and after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/case.h"
#include "cm/person.h"
#include "cm/store.h"
#include "sql.h"
#include "workflow.h"

/* The person's columns a correction may change, in cm_person_fields order. */
static const char *const columns[] = {
	"first_name", "last_name", "birth_date", "sex", "ext_id", "source", "postcode",
	"phone", "email", "language", "registered_on", "notes",
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

static const char **field(struct cm_person_fields *p, size_t i)
{
	const char **f[NCOLUMNS] = {
		&p->first_name, &p->last_name, &p->birth_date, &p->sex, &p->ext_id, &p->source,
		&p->postcode, &p->phone, &p->email, &p->language, &p->registered_on, &p->notes,
	};

	return f[i];
}

struct stored {
	char *v[NCOLUMNS];
	char *pseudonymised_on;
};

static void stored_release(struct stored *st)
{
	size_t i;

	for (i = 0; i < NCOLUMNS; i++)
		free(st->v[i]);
	free(st->pseudonymised_on);
}

static int load(struct cm_store *s, int64_t person, struct stored *out, struct cm_error *err)
{
	struct cm_stmt *st;
	size_t i;
	int rc;

	memset(out, 0, sizeof *out);
	rc = cm_sql_prepare(s, "SELECT first_name, last_name, birth_date, sex, ext_id, source,"
			       " postcode, phone, email, language, registered_on, notes,"
			       " pseudonymised_on FROM person WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, person);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		for (i = 0; i < NCOLUMNS; i++)
			out->v[i] = cm_sql_column_dup(st, (int)i);
		out->pseudonymised_on = cm_sql_column_dup(st, (int)NCOLUMNS);
		rc = 0;
	} else {
		rc = rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "no person %lld",
						     (long long)person)
				      : cm_sql_fail(s, rc, err, "read person");
	}
	cm_stmt_finalize(st);
	return rc;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/*
 * The stored person with the changes laid over it: an empty value clears
 * an optional field. Sets changed[i] for each field that differs.
 */
static void merge(const struct stored *old, const struct cm_person_fields *in,
		  struct cm_person_fields *out, int *changed)
{
	struct cm_person_fields given = *in;
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < NCOLUMNS; i++) {
		const char *v = *field(&given, i);

		if (!v)
			v = old->v[i];
		else if (!*v && i >= 2)
			v = i == 5 ? "local" : NULL;    /* the source of a record of our own */
		*field(out, i) = v;
		changed[i] = !same(v, old->v[i]);
	}
}

/* Stored without an ext_id, a person still has the source "local": not a fault. */
static int check_merged(const struct cm_person_fields *p, struct cm_error *err)
{
	struct cm_person_fields copy = *p;

	if (!copy.ext_id)
		copy.source = NULL;
	return cm_person_check(&copy, err);
}

static int check_identifier(struct cm_store *s, int64_t person, const struct cm_person_fields *p,
			    struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	if (!p->ext_id)
		return 0;
	rc = cm_sql_prepare(s, "SELECT id FROM person WHERE source = ? AND ext_id = ? AND id <> ?",
			    &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, p->source, -1);
	cm_stmt_bind_text(st, 2, p->ext_id, -1);
	cm_stmt_bind_int64(st, 3, person);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		rc = cm_error_set(err, CM_ECONFLICT, "%s:%s is already person %lld", p->source,
				  p->ext_id, (long long)cm_stmt_column_int64(st, 0));
	else
		rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "find person");
	cm_stmt_finalize(st);
	return rc;
}

static void changed_names(const int *changed, char *out, size_t size)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < NCOLUMNS && n < size; i++)
		if (changed[i])
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "", columns[i]);
}

static int update(struct cm_store *s, int64_t person, struct cm_person_fields *p,
		  const int *changed, struct cm_error *err)
{
	char sql[512];
	struct cm_stmt *st;
	size_t i, n = 0;
	int rc, k = 1;

	n = (size_t)snprintf(sql, sizeof sql, "UPDATE person SET");
	for (i = 0; i < NCOLUMNS; i++)
		if (changed[i])
			n += (size_t)snprintf(sql + n, sizeof sql - n, "%s %s = ?%d", k > 1 ? "," : "",
					      columns[i], k), k++;
	snprintf(sql + n, sizeof sql - n, " WHERE id = ?%d", k);
	rc = cm_sql_prepare(s, sql, &st, err);
	if (rc < 0)
		return rc;
	for (i = 0, k = 1; i < NCOLUMNS; i++)
		if (changed[i])
			cm_sql_bind_text(st, k++, *field(p, i));
	cm_stmt_bind_int64(st, k, person);
	rc = cm_sql_step_done(s, st, err, "edit person");
	cm_stmt_finalize(st);
	return rc;
}

static int edit_tx(struct cm_store *s, int64_t person, const struct cm_person_fields *in,
		   const char *reason, char *what, size_t size, struct cm_error *err)
{
	struct cm_person_fields merged;
	int changed[NCOLUMNS];
	char summary[CM_ERROR_MAX], *before;
	struct stored old;
	int rc = load(s, person, &old, err);

	if (rc < 0)
		return rc;
	if (old.pseudonymised_on) {
		rc = cm_error_set(err, CM_EFAIL, "person %lld was pseudonymised on %s; nothing"
				  " identifies them any more", (long long)person, old.pseudonymised_on);
		stored_release(&old);
		return rc;
	}
	merge(&old, in, &merged, changed);
	changed_names(changed, what, size);
	rc = check_merged(&merged, err);
	if (rc == 0 && !what[0])
		rc = cm_error_set(err, CM_EFAIL, "person %lld already has these details",
				  (long long)person);
	if (rc == 0 && (changed[4] || changed[5]))
		rc = check_identifier(s, person, &merged, err);
	before = rc == 0 ? cm_sql_row_json(s, "person", "id", person) : NULL;
	if (rc == 0)
		rc = update(s, person, &merged, changed, err);
	if (reason)
		snprintf(summary, sizeof summary, "person %lld corrected: %s (%s)", (long long)person,
			 what, reason);
	else
		snprintf(summary, sizeof summary, "person %lld corrected: %s", (long long)person, what);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "person", person, 0, summary, before, err);
	free(before);
	stored_release(&old);
	return rc;
}

int cm_person_edit(struct cm_store *s, int64_t person, const struct cm_person_fields *in,
		   const char *reason, char *what, size_t size, struct cm_error *err)
{
	int rc = cm_store_begin(s, err);

	if (rc < 0)
		return rc;
	rc = edit_tx(s, person, in, reason, what, size, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_person_differences(struct cm_store *s, const struct cm_person_fields *in,
			  int64_t *person, char *what, size_t size, struct cm_error *err)
{
	struct cm_person_fields merged;
	int changed[NCOLUMNS];
	struct stored old;
	struct cm_stmt *st;
	int rc;

	*person = 0;
	what[0] = '\0';
	if (!in->ext_id)
		return 0;
	rc = cm_sql_prepare(s, "SELECT id FROM person WHERE source = ? AND ext_id = ?"
			       " AND pseudonymised_on IS NULL", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, in->source ? in->source : "local", -1);
	cm_stmt_bind_text(st, 2, in->ext_id, -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*person = cm_stmt_column_int64(st, 0);
	rc = rc == CM_DB_ROW || rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "find person");
	cm_stmt_finalize(st);
	if (rc < 0 || !*person)
		return rc;
	rc = load(s, *person, &old, err);
	if (rc < 0)
		return rc;
	merge(&old, in, &merged, changed);
	/* Fields not given at intake are not a difference; the source is the key. */
	changed[5] = 0;
	changed_names(changed, what, size);
	stored_release(&old);
	return 0;
}

int cm_person_case_pseudonymised(struct cm_store *s, int64_t case_id, char on[CM_DATE_LEN],
				 struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	on[0] = '\0';
	rc = cm_sql_prepare(s, "SELECT p.pseudonymised_on FROM cases c JOIN person p"
			       " ON p.id = c.person_id WHERE c.id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW && cm_stmt_column_type(st, 0) != CM_DB_NULL)
		snprintf(on, CM_DATE_LEN, "%s", cm_stmt_column_text(st, 0));
	rc = rc == CM_DB_ROW ? 0
	     : rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "no case %lld", (long long)case_id)
				: cm_sql_fail(s, rc, err, "read person");
	cm_stmt_finalize(st);
	return rc;
}
