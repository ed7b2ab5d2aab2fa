/* Correcting a contact recorded wrongly, or withdrawing it; both audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/clock.h"
#include "cm/contact.h"
#include "cm/person.h"
#include "cm/store.h"
#include "contact_impl.h"
#include "sql.h"
#include "workflow.h"

struct stored_contact {
	int64_t case_id;
	char *at, *channel, *kind, *participants, *note;
	long duration;
};

static void stored_release(struct stored_contact *c)
{
	free(c->at);
	free(c->channel);
	free(c->kind);
	free(c->participants);
	free(c->note);
}

static int load(struct cm_store *s, int64_t id, struct stored_contact *c, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	memset(c, 0, sizeof *c);
	/* A withdrawn contact is gone from the case: it is neither corrected nor withdrawn again. */
	rc = cm_sql_prepare(s, "SELECT case_id, at, channel, kind, duration, participants, note"
			       " FROM contact WHERE id = ? AND withdrawn_on IS NULL", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		c->case_id = cm_stmt_column_int64(st, 0);
		c->at = cm_sql_column_dup(st, 1);
		c->channel = cm_sql_column_dup(st, 2);
		c->kind = cm_sql_column_dup(st, 3);
		c->duration = (long)cm_stmt_column_int64(st, 4);
		c->participants = cm_sql_column_dup(st, 5);
		c->note = cm_sql_column_dup(st, 6);
		rc = 0;
	} else {
		rc = rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "no contact %lld",
						     (long long)id)
				      : cm_sql_fail(s, rc, err, "read contact");
	}
	cm_stmt_finalize(st);
	return rc;
}

/* A pseudonymised person's contacts are kept as they were left. */
static int require_identified(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	char gone[CM_DATE_LEN];
	int rc = cm_person_case_pseudonymised(s, case_id, gone, err);

	if (rc == 0 && gone[0])
		rc = cm_error_set(err, CM_EFAIL, "the person of case %lld was pseudonymised on %s;"
				  " their contacts can no longer be changed", (long long)case_id, gone);
	return rc;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void add_name(char *what, size_t size, int changed, const char *name)
{
	size_t n = strlen(what);

	if (changed)
		snprintf(what + n, size - n, "%s%s", n ? ", " : "", name);
}

/* The stored contact with the changes over it; what lists the changed fields. */
static void merge(const struct stored_contact *old, const struct cm_contact_in *in,
		  const char *at, struct cm_contact_in *out, char *what, size_t size)
{
	out->channel = in->channel ? in->channel : old->channel;
	out->kind = in->kind ? in->kind : old->kind;
	out->duration = in->duration ? in->duration : old->duration;
	/* An empty value clears the optional texts. */
	out->participants = !in->participants ? old->participants
			    : *in->participants ? in->participants : NULL;
	out->note = !in->note ? old->note : *in->note ? in->note : NULL;
	out->at = at;
	what[0] = '\0';
	add_name(what, size, !same(at, old->at), "at");
	add_name(what, size, !same(out->channel, old->channel), "channel");
	add_name(what, size, !same(out->kind, old->kind), "kind");
	add_name(what, size, out->duration != old->duration, "duration");
	add_name(what, size, !same(out->participants, old->participants), "participants");
	add_name(what, size, !same(out->note, old->note), "note");
}

static int update(struct cm_store *s, int64_t id, const struct cm_contact_in *c,
		  struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "UPDATE contact SET at = ?, channel = ?, kind = ?, duration = ?,"
			       " participants = ?, note = ? WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, c->at);
	cm_sql_bind_text(st, 2, c->channel);
	cm_sql_bind_text(st, 3, c->kind);
	if (c->duration > 0)
		cm_stmt_bind_int64(st, 4, c->duration);
	else
		cm_stmt_bind_null(st, 4);
	cm_sql_bind_text(st, 5, c->participants);
	cm_sql_bind_text(st, 6, c->note);
	cm_stmt_bind_int64(st, 7, id);
	rc = cm_sql_step_done(s, st, err, "correct contact");
	cm_stmt_finalize(st);
	return rc;
}

static int edit_tx(struct cm_store *s, int64_t id, const struct cm_contact_in *in,
		   const char *reason, char *what, size_t size, struct cm_error *err)
{
	struct stored_contact old;
	struct cm_contact_in merged;
	char at[AT_LEN], summary[CM_ERROR_MAX], *before = NULL;
	int rc = load(s, id, &old, err);

	if (rc < 0)
		return rc;
	rc = require_identified(s, old.case_id, err);
	if (rc == 0)
		rc = cm_contact_time(s, old.case_id, in->at ? in->at : old.at, at, err);
	if (rc == 0) {
		merge(&old, in, at, &merged, what, size);
		rc = cm_contact_check_fields(&merged, err);
	}
	if (rc == 0 && !what[0])
		rc = cm_error_set(err, CM_EFAIL, "contact %lld already has these details",
				  (long long)id);
	if (rc == 0) {
		before = cm_sql_row_json(s, "contact", "id", id);
		rc = update(s, id, &merged, err);
	}
	/* As when it was recorded, the summary names the fields, never the note. */
	if (reason)
		snprintf(summary, sizeof summary, "contact %lld corrected: %s (%s)", (long long)id,
			 what, reason);
	else
		snprintf(summary, sizeof summary, "contact %lld corrected: %s", (long long)id, what);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "contact", id, old.case_id, summary, before, err);
	free(before);
	stored_release(&old);
	return rc;
}

int cm_contact_edit(struct cm_store *s, int64_t id, const struct cm_contact_in *in,
		    const char *reason, char *what, size_t size, struct cm_error *err)
{
	int rc = cm_store_begin(s, err);

	if (rc < 0)
		return rc;
	rc = edit_tx(s, id, in, reason, what, size, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

static int withdraw_tx(struct cm_store *s, int64_t id, const char *reason, struct cm_error *err)
{
	struct stored_contact old;
	char summary[CM_ERROR_MAX], today[CM_DATE_LEN], *before;
	struct cm_stmt *st;
	int rc = load(s, id, &old, err);

	if (rc < 0)
		return rc;
	rc = require_identified(s, old.case_id, err);
	if (rc == 0)
		rc = cm_today(today, err);
	before = rc == 0 ? cm_sql_row_json(s, "contact", "id", id) : NULL;
	if (rc == 0)
		rc = cm_sql_prepare(s, "UPDATE contact SET withdrawn_on = ?, withdrawn_by = ?,"
				       " withdrawn_reason = ? WHERE id = ?", &st, err);
	if (rc == 0) {
		cm_sql_bind_text(st, 1, today);
		cm_sql_bind_text(st, 2, cm_store_user(s));
		cm_sql_bind_text(st, 3, reason);
		cm_stmt_bind_int64(st, 4, id);
		rc = cm_sql_step_done(s, st, err, "withdraw contact");
		cm_stmt_finalize(st);
	}
	snprintf(summary, sizeof summary, "contact %lld withdrawn: %s", (long long)id, reason);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "contact", id, old.case_id, summary, before, err);
	free(before);
	stored_release(&old);
	return rc;
}

int cm_contact_withdraw(struct cm_store *s, int64_t id, const char *reason,
			struct cm_error *err)
{
	int rc;

	if (!reason || !*reason)
		return cm_error_set(err, CM_EUSAGE, "a reason is required to withdraw a contact");
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = withdraw_tx(s, id, reason, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}
