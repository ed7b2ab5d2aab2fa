/* The partner network: institutions clients are referred to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/text.h"
#include "cm/partner.h"
#include "cm/store.h"
#include "cm/access.h"
#include "sql.h"
#include "workflow.h"

const char *const cm_partner_domains[] = {
	"employment", "training", "education", "health", "mental-health", "housing", "debt",
	"childcare", "family", "youth", "disability", "migration", "justice", "addiction",
	"seniors", "social-assistance", "other", NULL,
};

static int blank(const char *v)
{
	while (*v == ' ' || *v == '\t')
		v++;
	return !*v;
}

/* Check the fields given; on add, name and domain are required. */
static int check_fields(const struct cm_partner_fields *f, int adding, struct cm_error *err)
{
	const char *const line[][2] = {
		{ "partner name", f->name }, { "agreement", f->agreement_ref },
		{ "phone", f->phone }, { "email", f->email }, { "address", f->address },
	};
	char list[512];
	cm_days d;
	size_t i;
	int rc;

	for (i = 0; i < sizeof line / sizeof line[0]; i++)
		if ((rc = cm_text_check(line[i][0], line[i][1], CM_TEXT_LINE, err)) < 0)
			return rc;
	if (adding && !f->name)
		return cm_error_set(err, CM_EUSAGE, "a partner needs a name");
	if (f->name && blank(f->name))
		return cm_error_set(err, CM_EUSAGE, "partner name must not be empty");
	if (adding && !f->domain) {
		cm_wf_join(cm_partner_domains, list, sizeof list);
		return cm_error_set(err, CM_EUSAGE, "a partner needs a domain (%s)", list);
	}
	if (f->domain && !cm_wf_one_of(f->domain, cm_partner_domains)) {
		cm_wf_join(cm_partner_domains, list, sizeof list);
		return cm_error_set(err, CM_EUSAGE, "unknown domain '%s' (%s)", f->domain, list);
	}
	if (f->agreement_date && f->agreement_date[0] &&
	    cm_date_parse_iso(f->agreement_date, &d) < 0)
		return cm_error_set(err, CM_EUSAGE, "invalid agreement_date '%s' (expected YYYY-MM-DD)",
				    f->agreement_date);
	if (f->email && f->email[0] && !strchr(f->email, '@'))
		return cm_error_set(err, CM_EUSAGE, "invalid email '%s'", f->email);
	return 0;
}

/* Another active partner with this name (case-insensitive) refuses it. */
static int same_name(struct cm_store *s, const char *name, int64_t self, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id, name FROM partner WHERE lower(name) = lower(?)"
			       " AND active = 1 AND id <> ?", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, name);
	cm_stmt_bind_int64(st, 2, self);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		rc = cm_error_set(err, CM_ECONFLICT, "partner %lld is already called '%s'",
				  (long long)cm_stmt_column_int64(st, 0), cm_stmt_column_text(st, 1));
	else
		rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "find partner");
	cm_stmt_finalize(st);
	return rc;
}

static int insert_partner(struct cm_store *s, const struct cm_partner_fields *f, int64_t *id,
			  struct cm_error *err)
{
	char summary[256];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO partner(name, domain, agreement_ref, agreement_date,"
			       " phone, email, address) VALUES (?,?,?,?,?,?,?)", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, f->name);
	cm_sql_bind_text(st, 2, f->domain);
	cm_sql_bind_text(st, 3, f->agreement_ref);
	cm_sql_bind_text(st, 4, f->agreement_date);
	cm_sql_bind_text(st, 5, f->phone);
	cm_sql_bind_text(st, 6, f->email);
	cm_sql_bind_text(st, 7, f->address);
	rc = cm_sql_step_done(s, st, err, "add partner");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	*id = cm_db_last_id(cm_store_db(s));
	snprintf(summary, sizeof summary, "partner %lld added: %s (%s)", (long long)*id, f->name,
		 f->domain);
	return cm_wf_audit_row(s, "partner", *id, 0, summary, NULL, err);
}

int cm_partner_add(struct cm_store *s, const struct cm_partner_fields *f, int64_t *id,
		   struct cm_error *err)
{
	int rc = cm_access_require_admin(s, err);

	if (rc == 0)
		rc = check_fields(f, 1, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = same_name(s, f->name, 0, err);
	if (rc == 0)
		rc = insert_partner(s, f, id, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_partner_check(struct cm_store *s, int64_t id, int need_active, char **name,
		     struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	if (name)
		*name = NULL;
	rc = cm_sql_prepare(s, "SELECT name, active FROM partner WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		rc = 0;
		if (need_active && !cm_stmt_column_int(st, 1))
			rc = cm_error_set(err, CM_EFAIL, "partner %lld (%s) is deactivated",
					  (long long)id, cm_stmt_column_text(st, 0));
		else if (name && !(*name = cm_sql_column_dup(st, 0)))
			rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	} else if (rc == CM_DB_DONE) {
		rc = cm_error_set(err, CM_ENOTFOUND, "no partner %lld; see 'cm partner list'",
				  (long long)id);
	} else {
		rc = cm_sql_fail(s, rc, err, "read partner");
	}
	cm_stmt_finalize(st);
	return rc;
}

/* An empty string clears an optional field; NULL leaves it. */
static int update_fields(struct cm_store *s, int64_t id, const struct cm_partner_fields *f,
			 struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "UPDATE partner SET name = coalesce(?1, name),"
			       " domain = coalesce(?2, domain),"
			       " agreement_ref = CASE WHEN ?3 IS NULL THEN agreement_ref ELSE nullif(?3, '') END,"
			       " agreement_date = CASE WHEN ?4 IS NULL THEN agreement_date ELSE nullif(?4, '') END,"
			       " phone = CASE WHEN ?5 IS NULL THEN phone ELSE nullif(?5, '') END,"
			       " email = CASE WHEN ?6 IS NULL THEN email ELSE nullif(?6, '') END,"
			       " address = CASE WHEN ?7 IS NULL THEN address ELSE nullif(?7, '') END"
			       " WHERE id = ?8", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, f->name);
	cm_sql_bind_text(st, 2, f->domain);
	cm_sql_bind_text(st, 3, f->agreement_ref);
	cm_sql_bind_text(st, 4, f->agreement_date);
	cm_sql_bind_text(st, 5, f->phone);
	cm_sql_bind_text(st, 6, f->email);
	cm_sql_bind_text(st, 7, f->address);
	cm_stmt_bind_int64(st, 8, id);
	rc = cm_sql_step_done(s, st, err, "edit partner");
	cm_stmt_finalize(st);
	return rc;
}

int cm_partner_edit(struct cm_store *s, int64_t id, const struct cm_partner_fields *f,
		    struct cm_error *err)
{
	char *before = NULL, *after = NULL, summary[96];
	int rc = cm_access_require_admin(s, err);

	if (rc == 0)
		rc = check_fields(f, 0, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_partner_check(s, id, 0, NULL, err);
	if (rc == 0 && f->name)
		rc = same_name(s, f->name, id, err);
	if (rc == 0) {
		before = cm_sql_row_json(s, "partner", "id", id);
		rc = update_fields(s, id, f, err);
	}
	if (rc == 0) {
		after = cm_sql_row_json(s, "partner", "id", id);
		if (before && after && strcmp(before, after) == 0)
			rc = cm_error_set(err, CM_EFAIL, "partner %lld: nothing to change", (long long)id);
	}
	snprintf(summary, sizeof summary, "partner %lld edited", (long long)id);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "partner", id, 0, summary, before, err);
	free(before);
	free(after);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_partner_deactivate(struct cm_store *s, int64_t id, struct cm_error *err)
{
	char *before = NULL, summary[96];
	struct cm_stmt *st;
	int rc = cm_access_require_admin(s, err);

	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_partner_check(s, id, 1, NULL, err);
	if (rc == CM_EFAIL)
		rc = cm_error_set(err, CM_EFAIL, "partner %lld is already deactivated", (long long)id);
	if (rc == 0) {
		before = cm_sql_row_json(s, "partner", "id", id);
		rc = cm_sql_prepare(s, "UPDATE partner SET active = 0 WHERE id = ?", &st, err);
	}
	if (rc == 0) {
		cm_stmt_bind_int64(st, 1, id);
		rc = cm_sql_step_done(s, st, err, "deactivate partner");
		cm_stmt_finalize(st);
	}
	snprintf(summary, sizeof summary, "partner %lld deactivated", (long long)id);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "partner", id, 0, summary, before, err);
	free(before);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

#define PARTNER_COLUMNS "id, name, domain, agreement_ref, agreement_date, phone, email," \
			" address, active"

static void emit_partner_fields(struct cm_emit *e, struct cm_stmt *st)
{
	static const char *const keys[] = {
		"name", "domain", "agreement_ref", "agreement_date", "phone", "email", "address",
	};
	int i;

	cm_emit_int(e, "partner", cm_stmt_column_int64(st, 0));
	for (i = 0; i < 7; i++)
		cm_emit_str(e, keys[i], cm_stmt_column_text(st, i + 1));
	cm_emit_bool(e, "active", cm_stmt_column_int(st, 8));
}

int cm_partner_emit_list(struct cm_store *s, int all, const char *domain, struct cm_emit *e,
			 struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT " PARTNER_COLUMNS " FROM partner WHERE (?1 <> 0 OR active = 1)"
			       " AND (?2 IS NULL OR domain = ?2) ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, all != 0);
	cm_sql_bind_text(st, 2, domain);
	cm_emit_begin_list(e);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		cm_emit_begin(e);
		emit_partner_fields(e, st);
		cm_emit_end(e);
	}
	cm_emit_end_list(e);
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "list partners");
}

int cm_partner_emit_show(struct cm_store *s, int64_t id, struct cm_emit *e,
			 struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT " PARTNER_COLUMNS ", (SELECT count(*) FROM referral r"
			       " WHERE r.partner_id = p.id AND r.status IN ('sent','accepted','started'))"
			       " FROM partner p WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		cm_emit_begin(e);
		emit_partner_fields(e, st);
		cm_emit_int(e, "open_referrals", cm_stmt_column_int(st, 9));
		cm_emit_end(e);
		rc = 0;
	} else if (rc == CM_DB_DONE) {
		rc = cm_error_set(err, CM_ENOTFOUND, "no partner %lld; see 'cm partner list'",
				  (long long)id);
	} else {
		rc = cm_sql_fail(s, rc, err, "read partner");
	}
	cm_stmt_finalize(st);
	return rc;
}
