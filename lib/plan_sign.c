/* The plan's canonical content, its hash, signatures, and how the plan is shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/assess.h"
#include "cm/clock.h"
#include "cm/i18n.h"
#include "cm/person.h"
#include "cm/plan.h"
#include "cm/store.h"
#include "plan_impl.h"
#include "sha256.h"
#include "sql.h"
#include "workflow.h"

int cm_plan_hash(const char *text, char out[CM_PLAN_HASH_LEN])
{
	cm_sha256_text(text, out);
	return 0;
}

/* A text field, length-prefixed so no text can pass for the fields after it. */
static void put_text(FILE *f, const char *v)
{
	const char *t = v ? v : "";

	fprintf(f, " %zu:%s", strlen(t), t);
}

static void put_word(FILE *f, const char *v)
{
	fprintf(f, " %s", v ? v : "-");
}

/*
 * The canonical content is the commitment only: what is to be done, by whom
 * and when. Statuses, their dates and notes record how the plan is carried
 * out, so marking an action done leaves the signatures valid.
 */
static int write_goals(struct cm_store *s, int64_t case_id, FILE *f, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id, text, due, priority FROM goal WHERE case_id = ?"
			       " ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		fprintf(f, "goal %lld", (long long)cm_stmt_column_int64(st, 0));
		put_text(f, cm_stmt_column_text(st, 1));
		put_word(f, cm_stmt_column_text(st, 2));
		/* Only when set: plans signed before priorities existed keep their hash. */
		if (cm_stmt_column_type(st, 3) != CM_DB_NULL)
			fprintf(f, " priority %d", cm_stmt_column_int(st, 3));
		fputc('\n', f);
	}
	rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read goals");
	cm_stmt_finalize(st);
	return rc;
}

static int write_actions(struct cm_store *s, int64_t case_id, FILE *f, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id, goal_id, text, owner, partner_id, due FROM action"
			       " WHERE case_id = ? ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		fprintf(f, "action %lld %lld", (long long)cm_stmt_column_int64(st, 0),
			(long long)cm_stmt_column_int64(st, 1));
		put_text(f, cm_stmt_column_text(st, 2));
		put_word(f, cm_stmt_column_text(st, 3));
		if (cm_stmt_column_type(st, 4) != CM_DB_NULL)
			fprintf(f, ":%lld", (long long)cm_stmt_column_int64(st, 4));
		put_word(f, cm_stmt_column_text(st, 5));
		fputc('\n', f);
	}
	rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read actions");
	cm_stmt_finalize(st);
	return rc;
}

int cm_plan_canonical(struct cm_store *s, int64_t case_id, char **out, struct cm_error *err)
{
	size_t len = 0;
	FILE *f;
	int rc;

	*out = NULL;
	f = open_memstream(out, &len);
	if (!f)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = write_goals(s, case_id, f, err);
	if (rc == 0)
		rc = write_actions(s, case_id, f, err);
	if (fclose(f) != 0 && rc == 0)
		rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int cm_plan_content_hash(struct cm_store *s, int64_t case_id, char out[CM_PLAN_HASH_LEN],
			 struct cm_error *err)
{
	char *content;
	int rc;

	rc = cm_plan_canonical(s, case_id, &content, err);
	if (rc < 0)
		return rc;
	rc = cm_plan_hash(content, out);
	free(content);
	if (rc < 0)
		return cm_error_set(err, rc, "cannot compute the plan's hash");
	return 0;
}

/* ---- signing ---- */

static long long goal_count(struct cm_store *s, int64_t case_id)
{
	struct cm_stmt *st;
	long long n = -1;

	if (cm_sql_prepare(s, "SELECT count(*) FROM goal WHERE case_id = ?", &st, NULL) < 0)
		return -1;
	cm_stmt_bind_int64(st, 1, case_id);
	if (cm_stmt_step(st) == CM_DB_ROW)
		n = cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	return n;
}

/* Has role signed this version? 1, 0, or a negative status. */
static int has_signed(struct cm_store *s, int64_t case_id, int version, const char *role,
		      struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT 1 FROM plan_signature WHERE case_id = ? AND version = ?"
			       " AND role = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_int64(st, 2, version);
	cm_stmt_bind_text(st, 3, role, -1);
	rc = cm_stmt_step(st);
	rc = rc == CM_DB_ROW ? 1 : rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read signatures");
	cm_stmt_finalize(st);
	return rc;
}

static int insert_signature(struct cm_store *s, int64_t case_id, int version, const char *role,
			    const char *hash, struct cm_error *err)
{
	char today[CM_DATE_LEN], summary[256];
	struct cm_stmt *st;
	int64_t id;
	int rc;

	rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_sql_prepare(s, "INSERT INTO plan_signature(case_id, version, role, content_hash,"
				       " signed_on, signed_by) VALUES (?, ?, ?, ?, ?, ?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_int64(st, 2, version);
	cm_stmt_bind_text(st, 3, role, -1);
	cm_stmt_bind_text(st, 4, hash, -1);
	cm_stmt_bind_text(st, 5, today, -1);
	cm_stmt_bind_text(st, 6, cm_store_user(s), -1);
	rc = cm_sql_step_done(s, st, err, "sign plan");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	id = cm_db_last_id(cm_store_db(s));
	snprintf(summary, sizeof summary, "plan version %d signed by the %s", version, role);
	return cm_wf_audit_row(s, "plan_signature", id, case_id, summary, NULL, err);
}

static int sign_tx(struct cm_store *s, int64_t case_id, const char *role, int *version,
		   int *now_active, struct cm_error *err)
{
	const char *other = strcmp(role, "client") == 0 ? "worker" : "client";
	char hash[CM_PLAN_HASH_LEN], why[128];
	int rc;

	rc = cm_assess_require(s, case_id, err);
	if (rc == 0)
		rc = cm_wf_consent_guard(s, case_id, CM_WF_PLAN, err);
	if (rc == 0 && goal_count(s, case_id) <= 0)
		rc = cm_error_set(err, CM_EFAIL, "the plan of case %lld has no goal; add one with "
				  "'cm plan %lld goal add TEXT' first", (long long)case_id,
				  (long long)case_id);
	if (rc == 0)
		rc = cm_plan_version(s, case_id, version, err);
	if (rc == 0)
		rc = has_signed(s, case_id, *version, role, err);
	if (rc == 1)
		rc = cm_error_set(err, CM_EFAIL, "plan version %d is already signed by the %s",
				  *version, role);
	if (rc == 0)
		rc = cm_plan_content_hash(s, case_id, hash, err);
	if (rc == 0)
		rc = insert_signature(s, case_id, *version, role, hash, err);
	if (rc == 0)
		rc = has_signed(s, case_id, *version, other, err);
	if (rc < 0)
		return rc;
	*now_active = rc == 1;
	if (!*now_active)
		return 0;
	snprintf(why, sizeof why, "plan version %d signed by client and worker", *version);
	return cm_plan_set_stage(s, case_id, "active", why, err);
}

int cm_plan_sign(struct cm_store *s, int64_t case_id, const char *role, int *version,
		 int *now_active, struct cm_error *err)
{
	int rc;

	*now_active = 0;
	if (strcmp(role, "client") != 0 && strcmp(role, "worker") != 0)
		return cm_error_set(err, CM_EUSAGE, "invalid signer '%s' (client, worker)", role);
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = sign_tx(s, case_id, role, version, now_active, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	*now_active = 0;
	return rc;
}

/* ---- output ---- */

/* The fields a goal or action row leaves empty, so every row has every key. */
static void emit_no_signature(struct cm_emit *e)
{
	cm_emit_null(e, "client_signed");
	cm_emit_null(e, "worker_signed");
	cm_emit_null(e, "content_matches");
}

/* Ranked goals first (1 before 2), then the others, each group in the order added. */
#define GOAL_ORDER "coalesce(priority, 10), id"

static int emit_goals(struct cm_store *s, int64_t case_id, struct cm_emit *e,
		      struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	/* People see and type the goal's number in its case, not its id. */
	rc = cm_sql_prepare(s, "SELECT number, text, due, status, created_on, priority FROM goal"
			       " WHERE case_id = ? ORDER BY " GOAL_ORDER, &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		cm_emit_begin(e);
		cm_emit_str(e, "kind", "goal");
		cm_emit_int(e, "id", cm_stmt_column_int64(st, 0));
		cm_emit_null(e, "goal");
		cm_sql_emit_column(e, "priority", st, 5);
		cm_emit_str(e, "text", cm_stmt_column_text(st, 1));
		cm_emit_null(e, "owner");
		cm_emit_str(e, "due", cm_stmt_column_text(st, 2));
		cm_emit_str(e, "status", cm_stmt_column_text(st, 3));
		cm_emit_str(e, "on", cm_stmt_column_text(st, 4));
		cm_emit_null(e, "note");
		emit_no_signature(e);
		cm_emit_end(e);
	}
	rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read goals");
	cm_stmt_finalize(st);
	return rc;
}

static int emit_actions(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			struct cm_error *err)
{
	struct cm_stmt *st;
	char owner[64];
	int rc;

	rc = cm_sql_prepare(s, "SELECT a.number, g.number, a.text, a.owner, a.partner_id, a.due,"
			       " a.status, coalesce(a.status_on, a.created_on), a.note, g.priority"
			       " FROM action a JOIN goal g ON g.id = a.goal_id WHERE a.case_id = ?"
			       " ORDER BY coalesce(g.priority, 10), a.goal_id, a.id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		if (cm_stmt_column_type(st, 4) == CM_DB_NULL)
			snprintf(owner, sizeof owner, "%s", cm_stmt_column_text(st, 3));
		else
			snprintf(owner, sizeof owner, "partner:%lld",
				 (long long)cm_stmt_column_int64(st, 4));
		cm_emit_begin(e);
		cm_emit_str(e, "kind", "action");
		cm_emit_int(e, "id", cm_stmt_column_int64(st, 0));
		cm_emit_int(e, "goal", cm_stmt_column_int64(st, 1));
		cm_sql_emit_column(e, "priority", st, 9);
		cm_emit_str(e, "text", cm_stmt_column_text(st, 2));
		cm_emit_str(e, "owner", owner);
		cm_emit_str(e, "due", cm_stmt_column_text(st, 5));
		cm_emit_str(e, "status", cm_stmt_column_text(st, 6));
		cm_emit_str(e, "on", cm_stmt_column_text(st, 7));
		cm_emit_str(e, "note", cm_stmt_column_text(st, 8));
		emit_no_signature(e);
		cm_emit_end(e);
	}
	rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read actions");
	cm_stmt_finalize(st);
	return rc;
}

/* What is known about one version's signatures. */
struct version_info {
	char client_on[CM_DATE_LEN], worker_on[CM_DATE_LEN];
	int signatures, matching;
};

static int read_version(struct cm_store *s, int64_t case_id, int version, const char *hash,
			struct version_info *v, struct cm_error *err)
{
	struct cm_stmt *st;
	const char *role;
	int rc;

	memset(v, 0, sizeof *v);
	rc = cm_sql_prepare(s, "SELECT role, signed_on, content_hash FROM plan_signature"
			       " WHERE case_id = ? AND version = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_int64(st, 2, version);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		role = cm_stmt_column_text(st, 0);
		snprintf(strcmp(role, "client") == 0 ? v->client_on : v->worker_on, CM_DATE_LEN,
			 "%s", cm_stmt_column_text(st, 1));
		v->signatures++;
		v->matching += strcmp(cm_stmt_column_text(st, 2), hash) == 0;
	}
	rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read signatures");
	cm_stmt_finalize(st);
	return rc;
}

/*
 * A version's state in one sentence, by who signed (both, the client, the
 * worker), whether the current version awaits the other signature, and
 * whether the signed content still matches: [signer][awaiting][matches].
 */
static const char *const version_sentences[3][2][2] = {
	{ { N_("signed by client and worker; content changed since signing"),
	    N_("signed by client and worker; signed content matches") },
	  { N_("signed by client and worker; content changed since signing"),
	    N_("signed by client and worker; signed content matches") } },
	{ { N_("signed by client; content changed since signing"),
	    N_("signed by client; signed content matches") },
	  { N_("signed by client; awaiting worker; content changed since signing"),
	    N_("signed by client; awaiting worker; signed content matches") } },
	{ { N_("signed by worker; content changed since signing"),
	    N_("signed by worker; signed content matches") },
	  { N_("signed by worker; awaiting client; content changed since signing"),
	    N_("signed by worker; awaiting client; signed content matches") } },
};

/* English for json, csv and tsv; the user's language for text. */
static const char *version_text(const struct version_info *v, int current, int translate)
{
	int signer = v->client_on[0] && v->worker_on[0] ? 0 : v->client_on[0] ? 1 : 2;
	const char *s;

	if (!v->client_on[0] && !v->worker_on[0])
		s = N_("not signed");
	else
		s = version_sentences[signer][current && v->signatures != 2]
				     [v->matching == v->signatures];
	return translate ? _(s) : s;
}

static void emit_version(struct cm_emit *e, int version, int current,
			 const struct version_info *v)
{
	const char *text = version_text(v, current, cm_emit_format(e) == CM_FORMAT_TEXT);

	cm_emit_begin(e);
	cm_emit_str(e, "kind", "version");
	cm_emit_int(e, "id", version);
	cm_emit_null(e, "goal");
	cm_emit_null(e, "priority");
	cm_emit_str(e, "text", text);
	cm_emit_null(e, "owner");
	cm_emit_null(e, "due");
	cm_emit_str(e, "status", current ? "current" : "superseded");
	cm_emit_null(e, "on");
	cm_emit_null(e, "note");
	cm_emit_str(e, "client_signed", v->client_on[0] ? v->client_on : NULL);
	cm_emit_str(e, "worker_signed", v->worker_on[0] ? v->worker_on : NULL);
	if (v->signatures)
		cm_emit_bool(e, "content_matches", v->matching == v->signatures);
	else
		cm_emit_null(e, "content_matches");
	cm_emit_end(e);
}

int cm_plan_emit(struct cm_store *s, int64_t case_id, struct cm_emit *e, struct cm_error *err)
{
	char hash[CM_PLAN_HASH_LEN];
	struct version_info v;
	int rc, version, i;

	rc = cm_plan_version(s, case_id, &version, err);
	if (rc == 0)
		rc = cm_plan_content_hash(s, case_id, hash, err);
	if (rc < 0)
		return rc;
	cm_emit_begin_list(e);
	rc = emit_goals(s, case_id, e, err);
	if (rc == 0)
		rc = emit_actions(s, case_id, e, err);
	for (i = 1; rc == 0 && i <= version; i++) {
		rc = read_version(s, case_id, i, hash, &v, err);
		if (rc == 0)
			emit_version(e, i, i == version, &v);
	}
	cm_emit_end_list(e);
	return rc;
}

struct action_counts {
	long long done, open, overdue;
};

static int count_actions(struct cm_store *s, int64_t case_id, struct action_counts *c,
			 struct cm_error *err)
{
	char today[CM_DATE_LEN];
	struct cm_stmt *st;
	int rc;

	rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_sql_prepare(s, "SELECT count(CASE WHEN status = 'done' THEN 1 END),"
				       " count(CASE WHEN status = 'open' THEN 1 END),"
				       " count(CASE WHEN status = 'open' AND due < ?2 THEN 1 END)"
				       " FROM action WHERE case_id = ?1", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_text(st, 2, today, -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		c->done = cm_stmt_column_int64(st, 0);
		c->open = cm_stmt_column_int64(st, 1);
		c->overdue = cm_stmt_column_int64(st, 2);
	}
	rc = rc == CM_DB_ROW ? 0 : cm_sql_fail(s, rc, err, "count actions");
	cm_stmt_finalize(st);
	return rc;
}

int cm_plan_emit_show(struct cm_store *s, int64_t case_id, struct cm_emit *e,
		      struct cm_error *err)
{
	char hash[CM_PLAN_HASH_LEN], gone[CM_DATE_LEN];
	struct action_counts c = { 0, 0, 0 };
	struct version_info v;
	int rc, version;

	rc = cm_plan_version(s, case_id, &version, err);
	if (rc == 0)
		rc = cm_plan_content_hash(s, case_id, hash, err);
	if (rc == 0)
		rc = read_version(s, case_id, version, hash, &v, err);
	if (rc == 0)
		rc = count_actions(s, case_id, &c, err);
	if (rc == 0)
		rc = cm_person_case_pseudonymised(s, case_id, gone, err);
	if (rc < 0)
		return rc;
	cm_emit_int(e, "plan_version", version);
	cm_emit_bool(e, "signed_by_client", v.client_on[0] != '\0');
	cm_emit_bool(e, "signed_by_worker", v.worker_on[0] != '\0');
	/* Pseudonymisation removed the signed texts: the signatures can no longer be checked. */
	if (v.signatures && !gone[0])
		cm_emit_bool(e, "signature_valid", v.matching == v.signatures);
	else
		cm_emit_null(e, "signature_valid");
	cm_emit_int(e, "actions_done", c.done);
	cm_emit_int(e, "actions_open", c.open);
	cm_emit_int(e, "actions_overdue", c.overdue);
	return 0;
}
