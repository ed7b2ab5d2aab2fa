/*
 * The log of who looked: every reading of a person's file, and every
 * listing with how many records it returned, appended and hash-chained
 * like the audit log. It keeps who, when, through which command and whose
 * file, never the values shown.
 */
#include <stdio.h>
#include <string.h>
#include "access_impl.h"
#include "cm/access.h"
#include "cm/clock.h"
#include "cm/store.h"
#include "sha256.h"
#include "sql.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct access_row {
	long long id;
	const char *at, *real_at, *user, *os_user, *command;
	long long person_id, case_id;
	const char *query;
	long long count;
	int has_count;
};

/* Length-prefixed, so no choice of values makes two records hash alike; "-" is NULL. */
static void put_text(struct cm_sha256 *md, const char *v)
{
	char len[24];

	if (!v) {
		cm_sha256_update(md, "-;", 2);
		return;
	}
	snprintf(len, sizeof len, "%zu:", strlen(v));
	cm_sha256_update(md, len, strlen(len));
	cm_sha256_update(md, v, strlen(v));
	cm_sha256_update(md, ";", 1);
}

static void put_int(struct cm_sha256 *md, long long v, int present)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", v);
	put_text(md, present ? buf : NULL);
}

static void hash_row(const char *prev, const struct access_row *r, char out[CM_SHA256_HEX])
{
	struct cm_sha256 md;

	cm_sha256_init(&md);
	put_text(&md, prev);
	put_int(&md, r->id, 1);
	put_text(&md, r->at);
	put_text(&md, r->real_at);
	put_text(&md, r->user);
	put_text(&md, r->os_user);
	put_text(&md, r->command);
	put_int(&md, r->person_id, r->person_id > 0);
	put_int(&md, r->case_id, r->case_id > 0);
	put_text(&md, r->query);
	put_int(&md, r->count, r->has_count);
	cm_sha256_hex(&md, out);
}

static int last(struct cm_store *s, long long *id, char hash[CM_SHA256_HEX], struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_sql_prepare(s, "SELECT id, hash FROM access_head", &st, err);

	if (rc < 0)
		return rc;
	*id = 0;
	memcpy(hash, GENESIS, CM_SHA256_HEX);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		*id = cm_stmt_column_int64(st, 0);
		snprintf(hash, CM_SHA256_HEX, "%s", cm_stmt_column_text(st, 1));
		rc = 0;
	} else {
		rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read access log");
	}
	cm_stmt_finalize(st);
	return rc;
}

static void bind_opt_int(struct cm_stmt *st, int i, long long v, int present)
{
	if (present)
		cm_stmt_bind_int64(st, i, v);
	else
		cm_stmt_bind_null(st, i);
}

static int append(struct cm_store *s, struct access_row *r, struct cm_error *err)
{
	char prev[CM_SHA256_HEX], hash[CM_SHA256_HEX];
	struct cm_stmt *st;
	int rc = last(s, &r->id, prev, err);

	if (rc == 0 && (rc = cm_db_before_write(cm_store_db(s))) < 0)
		rc = cm_sql_fail(s, rc, err, "write access log");
	if (rc < 0)
		return rc;
	r->id++;
	hash_row(prev, r, hash);
	rc = cm_sql_prepare(s, "INSERT INTO access(id, at, real_at, actor, os_user, command,"
			       " person_id, case_id, query, count, hash)"
			       " VALUES (?,?,?,?,?,?,?,?,?,?,?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, r->id);
	cm_sql_bind_text(st, 2, r->at);
	cm_sql_bind_text(st, 3, r->real_at);
	cm_sql_bind_text(st, 4, r->user);
	cm_sql_bind_text(st, 5, r->os_user);
	cm_sql_bind_text(st, 6, r->command);
	bind_opt_int(st, 7, r->person_id, r->person_id > 0);
	bind_opt_int(st, 8, r->case_id, r->case_id > 0);
	cm_sql_bind_text(st, 9, r->query);
	bind_opt_int(st, 10, r->count, r->has_count);
	cm_sql_bind_text(st, 11, hash);
	rc = cm_sql_step_done(s, st, err, "write access log");
	cm_stmt_finalize(st);
	return rc;
}

static int record(struct cm_store *s, struct access_row *r, struct cm_error *err)
{
	char at[CM_TIME_LEN], real_at[CM_TIME_LEN];
	int rc = cm_now(at, err);

	if (rc == 0)
		rc = cm_access_real_time(s, real_at, err);
	if (rc < 0)
		return rc;
	r->at = at;
	r->real_at = real_at;
	r->user = cm_store_user(s);
	r->os_user = cm_access_os_user(s);
	r->command = cm_store_command(s);
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = append(s, r, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_access_log(struct cm_store *s, int64_t person_id, int64_t case_id, struct cm_error *err)
{
	struct access_row r = { .person_id = person_id, .case_id = case_id };

	return record(s, &r, err);
}

int cm_access_log_query(struct cm_store *s, const char *query, long long count,
			struct cm_error *err)
{
	struct access_row r = { .query = query, .count = count, .has_count = 1 };

	return record(s, &r, err);
}

int cm_access_log_case(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	struct cm_stmt *st;
	int64_t person = 0;
	int rc = cm_sql_prepare(s, "SELECT person_id FROM cases WHERE id = ?", &st, err);

	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_sql_step_one(s, st, "case", (long long)case_id, err);
	if (rc == 0)
		person = cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	return rc < 0 ? rc : cm_access_log(s, person, case_id, err);
}

#define ACCESS_COLUMNS "a.id, a.at, a.real_at, a.actor, a.os_user, a.command, a.person_id," \
		       " a.case_id, a.query, a.count"

/*
 * Non-admins see the records of the files in their scope, and the listings
 * they ran themselves.
 */
int cm_access_emit(struct cm_store *s, const struct cm_access_filter *f, struct cm_emit *e,
		   struct cm_error *err)
{
	static const char *const keys[] = {
		"id", "at", "real_at", "user", "os_user", "command", "person", "case", "query",
		"count",
	};
	struct cm_stmt *st;
	int rc, i;

	rc = cm_sql_prepare(s, "SELECT " ACCESS_COLUMNS " FROM access a"
			       " WHERE (?1 = 0 OR a.case_id = ?1) AND (?2 = 0 OR a.person_id = ?2"
			       "  OR a.person_id IN (SELECT CASE WHEN l.person_a = ?2 THEN l.person_b"
			       "   ELSE l.person_a END FROM person_link l WHERE (l.person_a = ?2"
			       "   OR l.person_b = ?2) AND l.unlinked_on IS NULL))"
			       " AND (?3 IS NULL OR a.actor = ?3)"
			       " AND (?4 IS NULL OR a.at >= ?4) AND (?5 IS NULL OR a.at < CAST(?5 AS TEXT) || 'T24')"
			       " AND (EXISTS (SELECT 1 FROM cm_scope WHERE login IS NULL)"
			       "  OR (a.person_id IS NULL AND a.actor = ?6)"
			       "  OR EXISTS (SELECT 1 FROM cases c WHERE c.person_id = a.person_id"
			       "   AND " CM_SCOPE("c.worker") "))"
			       " ORDER BY a.id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, f->case_id);
	cm_stmt_bind_int64(st, 2, f->person_id);
	cm_sql_bind_text(st, 3, f->worker);
	cm_sql_bind_text(st, 4, f->from);
	cm_sql_bind_text(st, 5, f->to);
	cm_sql_bind_text(st, 6, cm_store_user(s));
	cm_emit_begin_list(e);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		cm_emit_begin(e);
		for (i = 0; i < 10; i++)
			cm_sql_emit_column(e, keys[i], st, i);
		cm_emit_end(e);
	}
	cm_emit_end_list(e);
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read access log");
}

static int broken(struct cm_error *err, long long id, const char *why)
{
	return cm_error_set(err, CM_EFAIL, "access log chain broken at record %lld: %s", id, why);
}

static const char *text(struct cm_stmt *st, int i)
{
	return cm_stmt_column_text(st, i);
}

int cm_access_verify(struct cm_store *s, long long *checked, struct cm_error *err)
{
	char prev[CM_SHA256_HEX] = GENESIS, hash[CM_SHA256_HEX], missing[64];
	struct access_row r;
	struct cm_stmt *st;
	int rc;

	*checked = 0;
	rc = cm_sql_prepare_stream(s, "SELECT " ACCESS_COLUMNS ", a.hash FROM access a ORDER BY a.id",
				   &st, err);
	if (rc < 0)
		return rc;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		r = (struct access_row){
			cm_stmt_column_int64(st, 0), text(st, 1), text(st, 2), text(st, 3),
			text(st, 4), text(st, 5), cm_stmt_column_int64(st, 6),
			cm_stmt_column_int64(st, 7), text(st, 8), cm_stmt_column_int64(st, 9),
			cm_stmt_column_type(st, 9) != CM_DB_NULL,
		};
		hash_row(prev, &r, hash);
		rc = 0;
		if (r.id != *checked + 1) {
			snprintf(missing, sizeof missing, "record %lld is missing", *checked + 1);
			rc = broken(err, r.id, missing);
		} else if (!text(st, 10) || strcmp(hash, text(st, 10)) != 0) {
			rc = broken(err, r.id, "its hash does not match its content");
		}
		if (rc < 0)
			break;
		memcpy(prev, hash, sizeof prev);
		(*checked)++;
	}
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read access log");
}
