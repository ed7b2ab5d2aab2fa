/*
 * The audit log: every change is appended in the transaction that makes it,
 * and each record's SHA-256 covers the previous record's hash, so editing,
 * deleting or reordering records breaks the chain at that point.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access_impl.h"
#include "audit_impl.h"
#include "cm/access.h"
#include "cm/audit.h"
#include "cm/clock.h"
#include "cm/store.h"
#include "cm/text.h"
#include "sha256.h"
#include "sql.h"
#include "store_impl.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/*
 * The fields the chain covers: the summary and before/after copies by their
 * digests, so pseudonymisation can blank them and the chain still verifies.
 */
struct audit_row {
	long long id;
	const char *at, *user, *command, *entity;
	long long entity_id, case_id;
	const char *summary_sha, *before_sha, *after_sha;
	/* Since workers were registered: the OS login behind --user, the system clock. */
	const char *os_user, *real_at;
};

/* The decimal digits of v, ending at end (not NUL-terminated); returns where they start. */
static char *decimal(char *end, unsigned long long v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/*
 * Length-prefixed fields, so no choice of values can make two records hash
 * alike. Digits are written by hand: an import hashes millions of fields.
 */
static void digest_bytes(struct cm_sha256 *md, const char *v, size_t n)
{
	char buf[32], *end = buf + sizeof buf, *p;

	*--end = ':';
	p = decimal(end, n);
	cm_sha256_update(md, p, (size_t)(buf + sizeof buf - p));
	cm_sha256_update(md, v, n);
	cm_sha256_update(md, ";", 1);
}

static void digest_field(struct cm_sha256 *md, const char *v)
{
	if (!v) {
		cm_sha256_update(md, "-;", 2);
		return;
	}
	digest_bytes(md, v, strlen(v));
}

static void digest_int(struct cm_sha256 *md, long long v)
{
	char buf[CM_TEXT_INT_LEN], *p = cm_text_int(buf, v);

	digest_bytes(md, p, (size_t)(buf + sizeof buf - 1 - p));
}

/* Hex SHA-256 of text into out; NULL text gives NULL. */
static const char *sha256_hex(const char *text, char out[CM_SHA256_HEX])
{
	if (!text)
		return NULL;
	cm_sha256_text(text, out);
	return out;
}

static void hash_row(const char *prev, const struct audit_row *r, char out[CM_SHA256_HEX])
{
	struct cm_sha256 md;

	cm_sha256_init(&md);
	digest_field(&md, prev);
	digest_int(&md, r->id);
	digest_field(&md, r->at);
	digest_field(&md, r->user);
	digest_field(&md, r->command);
	digest_field(&md, r->entity);
	digest_int(&md, r->entity_id);
	digest_int(&md, r->case_id);
	digest_field(&md, r->summary_sha);
	digest_field(&md, r->before_sha);
	digest_field(&md, r->after_sha);
	/* Absent from older records, which keep the hash they were written with. */
	if (r->os_user || r->real_at) {
		digest_field(&md, r->os_user);
		digest_field(&md, r->real_at);
	}
	cm_sha256_hex(&md, out);
}

static int load_last(struct cm_store *s, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id, hash FROM audit_head", &st, err);
	if (rc < 0)
		return rc;
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		s->last_audit_id = cm_stmt_column_int64(st, 0);
		snprintf(s->last_hash, sizeof s->last_hash, "%s",
			 cm_stmt_column_text(st, 1));
		rc = 0;
	} else if (rc == CM_DB_DONE) {
		s->last_audit_id = 0;
		memcpy(s->last_hash, GENESIS, sizeof s->last_hash);
		rc = 0;
	} else {
		rc = cm_sql_fail(s, rc, err, "read audit log");
	}
	cm_stmt_finalize(st);
	if (rc == 0)
		s->have_last_hash = 1;
	return rc;
}

/*
 * The chain's next record of these values, in r, and its hash. after_sha,
 * when after is NULL, is a digest the caller made (an imported row's).
 */
static int next_record(struct cm_store *s, const char *entity, int64_t entity_id, int64_t case_id,
		       const char *summary, const char *before, const char *after,
		       const char *after_sha, struct audit_row *r,
		       char shas[3][CM_AUDIT_HASH_LEN], char hash[CM_AUDIT_HASH_LEN],
		       struct cm_error *err)
{
	int rc;

	if (!s->have_last_hash || !s->in_tx) {
		rc = load_last(s, err);
		if (rc < 0)
			return rc;
	}
	/* One time for the whole transaction: it is one change, made at one moment. */
	if (!s->in_tx || !s->have_tx_at) {
		rc = cm_now(s->tx_at, err);
		if (rc == 0)
			rc = cm_access_real_time(s, s->tx_real_at, err);
		if (rc < 0)
			return rc;
		s->have_tx_at = s->in_tx;
	}
	*r = (struct audit_row){ s->last_audit_id + 1, s->tx_at, cm_store_user(s),
				 cm_store_command(s), entity, entity_id, case_id,
				 sha256_hex(summary, shas[0]), sha256_hex(before, shas[1]),
				 after ? sha256_hex(after, shas[2]) : after_sha,
				 cm_access_os_user(s), s->tx_real_at };
	hash_row(s->last_hash, r, hash);
	return 0;
}

static void chain_moved_to(struct cm_store *s, long long id, const char *hash)
{
	s->last_audit_id = id;
	memcpy(s->last_hash, hash, sizeof s->last_hash);
}

static int add(struct cm_store *s, const char *entity, int64_t entity_id, int64_t case_id,
	       const char *summary, const char *before, const char *after, const char *after_sha,
	       struct cm_error *err)
{
	static const char sql[] = "INSERT INTO audit(" CM_AUDIT_COLUMNS ")"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	char hash[CM_AUDIT_HASH_LEN], shas[3][CM_AUDIT_HASH_LEN];
	struct audit_row r;
	struct cm_stmt *st;
	int rc;

	rc = next_record(s, entity, entity_id, case_id, summary, before, after, after_sha, &r, shas,
			 hash, err);
	if (rc < 0)
		return rc;
	if (!s->audit_insert) {
		rc = cm_sql_prepare(s, sql, &s->audit_insert, err);
		if (rc < 0)
			return rc;
	}
	st = s->audit_insert;
	cm_stmt_reset(st);
	cm_stmt_bind_int64(st, 1, r.id);
	cm_stmt_bind_text(st, 2, r.at, -1);
	cm_stmt_bind_text(st, 3, r.user, -1);
	cm_stmt_bind_text(st, 4, r.command, -1);
	cm_stmt_bind_text(st, 5, entity, -1);
	cm_stmt_bind_int64(st, 6, entity_id);
	if (case_id > 0)
		cm_stmt_bind_int64(st, 7, case_id);
	else
		cm_stmt_bind_null(st, 7);
	cm_stmt_bind_text(st, 8, summary, -1);
	cm_sql_bind_text(st, 9, before);
	cm_sql_bind_text(st, 10, after);
	cm_sql_bind_text(st, 11, r.summary_sha);
	cm_sql_bind_text(st, 12, r.before_sha);
	cm_sql_bind_text(st, 13, r.after_sha);
	cm_stmt_bind_text(st, 14, hash, -1);
	cm_sql_bind_text(st, 15, r.os_user);
	cm_stmt_bind_text(st, 16, r.real_at, -1);
	rc = cm_sql_step_done(s, st, err, "write audit record");
	cm_stmt_clear_bindings(st);
	cm_stmt_reset(st);
	if (rc < 0) {
		s->have_last_hash = 0;
		return rc;
	}
	chain_moved_to(s, r.id, hash);
	return 0;
}

int cm_audit_add(struct cm_store *s, const char *entity, int64_t entity_id, int64_t case_id,
		 const char *summary, const char *before, const char *after,
		 struct cm_error *err)
{
	return add(s, entity, entity_id, case_id, summary, before, after, NULL, err);
}

int cm_audit_add_row(struct cm_store *s, int64_t person, int64_t case_id, const char *summary,
		     const char *row_digest, struct cm_error *err)
{
	return add(s, "person", person, case_id, summary, NULL, NULL, row_digest, err);
}

int cm_audit_next(struct cm_store *s, const char *entity, int64_t entity_id, int64_t case_id,
		  const char *summary, const char *before, const char *after,
		  const char *after_sha, struct cm_audit_record *out, struct cm_error *err)
{
	char shas[3][CM_AUDIT_HASH_LEN];
	struct audit_row r;
	int rc = next_record(s, entity, entity_id, case_id, summary, before, after, after_sha, &r,
			     shas, out->hash, err);

	if (rc < 0)
		return rc;
	memcpy(out->summary_sha, shas[0], sizeof shas[0]);
	memcpy(out->before_sha, shas[1], sizeof shas[1]);
	snprintf(out->after_sha, sizeof out->after_sha, "%s", r.after_sha ? r.after_sha : "");
	out->v[0] = cm_text_int(out->id, r.id);
	out->v[1] = r.at;
	out->v[2] = r.user;
	out->v[3] = r.command;
	out->v[4] = entity;
	out->v[5] = cm_text_int(out->entity_id, entity_id);
	out->v[6] = case_id > 0 ? cm_text_int(out->case_id, case_id) : NULL;
	out->v[7] = summary;
	out->v[8] = before;
	out->v[9] = after;
	out->v[10] = r.summary_sha ? out->summary_sha : NULL;
	out->v[11] = r.before_sha ? out->before_sha : NULL;
	out->v[12] = r.after_sha ? out->after_sha : NULL;
	out->v[13] = out->hash;
	out->v[14] = r.os_user;
	out->v[15] = r.real_at;
	chain_moved_to(s, r.id, out->hash);
	return 0;
}

static const char *col(struct cm_stmt *st, int i)
{
	return cm_stmt_column_text(st, i);
}

/* A copy that is still there must match the digest the chain covers. */
static int copy_matches(const char *text, const char *sha)
{
	char buf[65];

	if (!text)
		return 1;
	return sha && strcmp(sha256_hex(text, buf), sha) == 0;
}

/* A pseudonymised person's summaries read "[removed]"; the digest keeps the chain. */
static int summary_matches(const char *summary, const char *sha, int redacted)
{
	if (redacted && summary && strcmp(summary, "[removed]") == 0)
		return 1;
	return summary && copy_matches(summary, sha);
}

static int broken(struct cm_error *err, long long id, const char *why)
{
	return cm_error_set(err, CM_EFAIL, "audit chain broken at record %lld: %s", id, why);
}

int cm_audit_verify(struct cm_store *s, int64_t *bad, long long *checked, struct cm_error *err)
{
	char prev[65] = GENESIS, hash[65], missing[64];
	struct audit_row r;
	struct cm_stmt *st;
	long long expect_id = 1;
	int rc;

	*bad = 0;
	*checked = 0;
	rc = cm_sql_prepare_stream(s, "SELECT id, at, actor AS \"user\", command, entity, entity_id,"
				   " case_id, summary_sha, before_sha, after_sha, hash, summary, before,"
				   " after, redacted_on IS NOT NULL, os_user, real_at FROM audit"
				   " ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		r = (struct audit_row){ cm_stmt_column_int64(st, 0), col(st, 1), col(st, 2),
					col(st, 3), col(st, 4), cm_stmt_column_int64(st, 5),
					cm_stmt_column_int64(st, 6), col(st, 7), col(st, 8),
					col(st, 9), col(st, 15), col(st, 16) };
		hash_row(prev, &r, hash);
		rc = 0;
		if (r.id != expect_id) {
			snprintf(missing, sizeof missing, "record %lld is missing", expect_id);
			rc = broken(err, r.id, missing);
		} else if (!col(st, 10) || strcmp(hash, col(st, 10)) != 0) {
			rc = broken(err, r.id, "its hash does not match its content");
		} else if (!summary_matches(col(st, 11), r.summary_sha,
					    cm_stmt_column_int(st, 14))) {
			rc = broken(err, r.id, "its summary does not match its digest");
		} else if (!copy_matches(col(st, 12), r.before_sha) ||
			   !copy_matches(col(st, 13), r.after_sha)) {
			rc = broken(err, r.id, "its before/after copy does not match its digest");
		}
		if (rc < 0) {
			*bad = r.id;
			cm_stmt_finalize(st);
			return rc;
		}
		memcpy(prev, hash, sizeof prev);
		expect_id++;
		(*checked)++;
	}
	cm_stmt_finalize(st);
	if (rc != CM_DB_DONE)
		return cm_sql_fail(s, rc, err, "read audit log");
	return 0;
}

/* The columns of cm audit --data, and what tells an imported row's record. */
enum { DATA_AFTER = 9, DATA_COLUMNS = 13, DATA_AFTER_SHA = 13, DATA_REDACTED = 14 };

/* An imported row's record shows the after-image its digest stands for. */
static int emit_after(struct cm_store *s, struct cm_emit *e, struct cm_stmt *st,
		      struct cm_error *err)
{
	char *after = NULL;
	int rc = 0;

	if (cm_stmt_column_type(st, DATA_AFTER) == CM_DB_NULL &&
	    !cm_stmt_column_int(st, DATA_REDACTED))
		rc = cm_audit_row_after(s, cm_stmt_column_int64(st, 0), cm_stmt_column_int64(st, 5),
					cm_stmt_column_int64(st, 6),
					cm_stmt_column_text(st, DATA_AFTER_SHA), &after, err);
	if (after)
		cm_emit_str(e, "after", after);
	else
		cm_sql_emit_column(e, "after", st, DATA_AFTER);
	free(after);
	return rc;
}

static int emit_data_rows(struct cm_store *s, struct cm_stmt *st, struct cm_emit *e,
			  struct cm_error *err)
{
	const char *keys[DATA_COLUMNS];
	int rc, rc2 = 0, i;

	cm_emit_begin_list(e);
	while (rc2 == 0 && (rc = cm_stmt_step(st)) == CM_DB_ROW) {
		cm_emit_begin(e);
		cm_sql_emit_columns(e, st, 0, DATA_AFTER);
		rc2 = emit_after(s, e, st, err);
		cm_sql_emit_columns(e, st, DATA_AFTER + 1, DATA_COLUMNS);
		cm_emit_end(e);
	}
	if (rc2 == 0 && rc == CM_DB_DONE) {
		for (i = 0; i < DATA_COLUMNS; i++)
			keys[i] = cm_stmt_column_name(st, i);
		cm_emit_columns(e, keys, DATA_COLUMNS);
	}
	cm_emit_end_list(e);
	cm_stmt_finalize(st);
	if (rc2 < 0)
		return rc2;
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read audit log");
}

int cm_audit_emit(struct cm_store *s, int64_t case_id, int with_data, struct cm_emit *e,
		  struct cm_error *err)
{
	static const char columns[] =
		"SELECT id, at, actor AS \"user\", command, entity, entity_id, case_id AS \"case\", summary";
	static const char data[] = ", before, after, hash, os_user, real_at,"
		" after_sha, CASE WHEN redacted_on IS NULL THEN 0 ELSE 1 END";
	/* Outside an admin's view, only the records of the cases in the caller's scope. */
	static const char rest[] = " FROM audit WHERE (?1 = 0 OR case_id = ?1)"
		" AND (EXISTS (SELECT 1 FROM cm_scope WHERE login IS NULL)"
		" OR case_id IN (SELECT c.id FROM cases c WHERE " CM_SCOPE("c.worker") "))"
		" ORDER BY id";
	char sql[sizeof columns + sizeof data + sizeof rest];
	struct cm_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "%s%s%s", columns, with_data ? data : "", rest);
	rc = cm_sql_prepare_stream(s, sql, &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	if (with_data)
		return emit_data_rows(s, st, e, err);
	return cm_sql_emit_rows(s, st, e, err, "read audit log");
}

int cm_audit_emit_timeline(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			   struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT at, actor AS \"user\", command, summary AS what FROM audit"
			       " WHERE case_id = ? ORDER BY id DESC", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	return cm_sql_emit_rows(s, st, e, err, "read audit log");
}
