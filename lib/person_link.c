/*
 * Records that are one person: linked and unlinked (audited, reversible,
 * never merged), and the likely pairs not linked yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/case.h"
#include "cm/clock.h"
#include "cm/person.h"
#include "cm/store.h"
#include "sql.h"
#include "workflow.h"

static int person_must_exist(struct cm_store *s, int64_t id, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT 1 FROM person WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	rc = cm_stmt_step(st);
	rc = rc == CM_DB_ROW ? 0
	     : rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "no person %lld", (long long)id)
				: cm_sql_fail(s, rc, err, "find person");
	cm_stmt_finalize(st);
	return rc;
}

/* The current link between a and b (a < b), or 0. */
static int current_link(struct cm_store *s, int64_t a, int64_t b, int64_t *link,
			struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*link = 0;
	rc = cm_sql_prepare(s, "SELECT id FROM person_link WHERE person_a = ? AND person_b = ?"
			       " AND unlinked_on IS NULL", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, a);
	cm_stmt_bind_int64(st, 2, b);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*link = cm_stmt_column_int64(st, 0);
	rc = rc == CM_DB_ROW || rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read links");
	cm_stmt_finalize(st);
	return rc;
}

static int check_pair(struct cm_store *s, int64_t *a, int64_t *b, struct cm_error *err)
{
	int64_t t;
	int rc;

	if (*a == *b)
		return cm_error_set(err, CM_EUSAGE, "person %lld cannot be linked to itself",
				    (long long)*a);
	if (*a > *b) {
		t = *a;
		*a = *b;
		*b = t;
	}
	rc = person_must_exist(s, *a, err);
	return rc < 0 ? rc : person_must_exist(s, *b, err);
}

static int insert_link(struct cm_store *s, int64_t a, int64_t b, const char *reason,
		       struct cm_error *err)
{
	char today[CM_DATE_LEN], summary[128];
	struct cm_stmt *st;
	int64_t id;
	int rc = cm_today(today, err);

	if (rc == 0)
		rc = cm_sql_prepare(s, "INSERT INTO person_link(person_a, person_b, reason,"
				       " linked_on, linked_by) VALUES (?,?,?,?,?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, a);
	cm_stmt_bind_int64(st, 2, b);
	cm_sql_bind_text(st, 3, reason);
	cm_sql_bind_text(st, 4, today);
	cm_sql_bind_text(st, 5, cm_store_user(s));
	rc = cm_sql_step_done(s, st, err, "link persons");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	id = cm_db_last_id(cm_store_db(s));
	snprintf(summary, sizeof summary, "persons %lld and %lld linked as one person",
		 (long long)a, (long long)b);
	return cm_wf_audit_row(s, "person_link", id, 0, summary, NULL, err);
}

static int end_link(struct cm_store *s, int64_t link, int64_t a, int64_t b, struct cm_error *err)
{
	char *before = cm_sql_row_json(s, "person_link", "id", link);
	char today[CM_DATE_LEN], summary[128];
	struct cm_stmt *st;
	int rc = cm_today(today, err);

	if (rc == 0)
		rc = cm_sql_prepare(s, "UPDATE person_link SET unlinked_on = ?, unlinked_by = ?"
				       " WHERE id = ?", &st, err);
	if (rc == 0) {
		cm_sql_bind_text(st, 1, today);
		cm_sql_bind_text(st, 2, cm_store_user(s));
		cm_stmt_bind_int64(st, 3, link);
		rc = cm_sql_step_done(s, st, err, "unlink persons");
		cm_stmt_finalize(st);
	}
	snprintf(summary, sizeof summary, "persons %lld and %lld unlinked: two people",
		 (long long)a, (long long)b);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "person_link", link, 0, summary, before, err);
	free(before);
	return rc;
}

int cm_person_link(struct cm_store *s, int64_t a, int64_t b, const char *reason,
		   struct cm_error *err)
{
	int64_t link;
	int rc = cm_store_begin(s, err);

	if (rc < 0)
		return rc;
	rc = check_pair(s, &a, &b, err);
	if (rc == 0)
		rc = current_link(s, a, b, &link, err);
	if (rc == 0 && link)
		rc = cm_error_set(err, CM_ECONFLICT, "persons %lld and %lld are already linked",
				  (long long)a, (long long)b);
	if (rc == 0)
		rc = insert_link(s, a, b, reason, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_person_unlink(struct cm_store *s, int64_t a, int64_t b, struct cm_error *err)
{
	int64_t link;
	int rc = cm_store_begin(s, err);

	if (rc < 0)
		return rc;
	rc = check_pair(s, &a, &b, err);
	if (rc == 0)
		rc = current_link(s, a, b, &link, err);
	if (rc == 0 && !link)
		rc = cm_error_set(err, CM_EFAIL, "persons %lld and %lld are not linked",
				  (long long)a, (long long)b);
	if (rc == 0)
		rc = end_link(s, link, a, b, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_person_linked(struct cm_store *s, int64_t person, char *out, size_t size,
		     struct cm_error *err)
{
	struct cm_stmt *st;
	size_t n = 0;
	int rc;

	out[0] = '\0';
	/* Links are followed through: A linked to B and B to C makes all three one person. */
	rc = cm_sql_prepare(s, "WITH RECURSIVE linked(id) AS (SELECT CAST(?1 AS BIGINT)"
			       " UNION SELECT CASE WHEN l.person_a = linked.id THEN l.person_b"
			       " ELSE l.person_a END FROM person_link l JOIN linked"
			       " ON l.person_a = linked.id OR l.person_b = linked.id"
			       " WHERE l.unlinked_on IS NULL)"
			       " SELECT id FROM linked WHERE id <> ?1 ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, person);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW && n + 24 < size)
		n += (size_t)snprintf(out + n, size - n, "%s%lld", n ? "," : "",
				      (long long)cm_stmt_column_int64(st, 0));
	rc = rc == CM_DB_ROW || rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read links");
	cm_stmt_finalize(st);
	return rc;
}

/* ---- likely pairs ---- */

struct someone {
	int64_t id;
	char *first, *last, *birth;
};

static void emit_pair(struct cm_emit *e, int64_t a, const char *name_a, int64_t b,
		      const char *name_b, const char *match, const char *birth,
		      const char *ext_id)
{
	cm_emit_begin(e);
	cm_emit_int(e, "person_a", a);
	cm_emit_str(e, "name_a", name_a);
	cm_emit_int(e, "person_b", b);
	cm_emit_str(e, "name_b", name_b);
	cm_emit_str(e, "match", match);
	cm_emit_str(e, "birth_date", birth);
	cm_emit_str(e, "ext_id", ext_id);
	cm_emit_end(e);
}

static void full_name(const char *first, const char *last, char *out, size_t size)
{
	snprintf(out, size, "%s %s", first ? first : "", last ? last : "");
}

static void free_group(struct someone *g, size_t n)
{
	while (n-- > 0) {
		free(g[n].first);
		free(g[n].last);
		free(g[n].birth);
	}
}

/* Every pair of one birth date whose names match and who are not linked yet. */
static int emit_group(struct cm_store *s, struct cm_emit *e, const struct someone *g, size_t n,
		      long *count, struct cm_error *err)
{
	char na[300], nb[300];
	enum cm_match_kind k;
	int64_t link;
	size_t i, j;
	int rc;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			k = cm_person_compare(g[i].first, g[i].last, g[j].first, g[j].last);
			if (k == CM_MATCH_NONE)
				continue;
			rc = current_link(s, g[i].id, g[j].id, &link, err);
			if (rc < 0)
				return rc;
			if (link)
				continue;
			full_name(g[i].first, g[i].last, na, sizeof na);
			full_name(g[j].first, g[j].last, nb, sizeof nb);
			emit_pair(e, g[i].id, na, g[j].id, nb,
				  k == CM_MATCH_NAME ? "name" : "swapped-names", g[i].birth, NULL);
			(*count)++;
		}
	return 0;
}

/* Not yet linked: a pair already recorded as one person is no longer a question. */
#define NOT_LINKED(a, b) \
	" AND NOT EXISTS (SELECT 1 FROM person_link l WHERE l.person_a = " a \
	" AND l.person_b = " b " AND l.unlinked_on IS NULL)"

/*
 * People of one birth date are compared in groups of this many: a default
 * date given to a whole import would otherwise make the pairs quadratic.
 */
#define GROUP_MAX 256

static int emit_name_pairs(struct cm_store *s, struct cm_emit *e, long *count,
			   struct cm_error *err)
{
	struct someone g[GROUP_MAX];
	struct cm_stmt *st;
	size_t n = 0;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id, first_name, last_name, birth_date FROM person"
			       " WHERE birth_date IS NOT NULL AND pseudonymised_on IS NULL"
			       " ORDER BY birth_date, id", &st, err);
	if (rc < 0)
		return rc;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		const char *birth = cm_stmt_column_text(st, 3);

		if (n > 0 && (strcmp(g[0].birth, birth) != 0 || n == GROUP_MAX)) {
			rc = emit_group(s, e, g, n, count, err);
			free_group(g, n);
			n = 0;
			if (rc < 0)
				break;
		}
		g[n].id = cm_stmt_column_int64(st, 0);
		g[n].first = cm_sql_column_dup(st, 1);
		g[n].last = cm_sql_column_dup(st, 2);
		g[n].birth = cm_sql_column_dup(st, 3);
		if (!g[n].birth) {
			free_group(g, n + 1);
			cm_stmt_finalize(st);
			return cm_error_set(err, CM_ENOMEM, "out of memory");
		}
		n++;
	}
	if (rc == CM_DB_DONE)
		rc = emit_group(s, e, g, n, count, err);
	else if (rc != CM_DB_ROW && rc >= 0)
		rc = cm_sql_fail(s, rc, err, "read persons");
	free_group(g, n);
	cm_stmt_finalize(st);
	return rc;
}

static int emit_ext_id_pairs(struct cm_store *s, struct cm_emit *e, long *count,
			     struct cm_error *err)
{
	char na[300], nb[300];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT a.id, a.first_name, a.last_name, b.id, b.first_name,"
			       " b.last_name, a.ext_id FROM person a JOIN person b"
			       " ON b.ext_id = a.ext_id AND b.id > a.id AND b.source <> a.source"
			       " WHERE a.pseudonymised_on IS NULL AND b.pseudonymised_on IS NULL"
			       NOT_LINKED("a.id", "b.id") " ORDER BY a.id, b.id", &st, err);
	if (rc < 0)
		return rc;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		full_name(cm_stmt_column_text(st, 1), cm_stmt_column_text(st, 2), na, sizeof na);
		full_name(cm_stmt_column_text(st, 4), cm_stmt_column_text(st, 5), nb, sizeof nb);
		emit_pair(e, cm_stmt_column_int64(st, 0), na, cm_stmt_column_int64(st, 3), nb,
			  "ext-id", NULL, cm_stmt_column_text(st, 6));
		(*count)++;
	}
	rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read persons");
	cm_stmt_finalize(st);
	return rc;
}

int cm_person_emit_duplicates(struct cm_store *s, struct cm_emit *e, long *count,
			      struct cm_error *err)
{
	static const char *const keys[] = {
		"person_a", "name_a", "person_b", "name_b", "match", "birth_date", "ext_id",
	};
	int rc;

	*count = 0;
	cm_emit_begin_list(e);
	rc = emit_name_pairs(s, e, count, err);
	if (rc == 0)
		rc = emit_ext_id_pairs(s, e, count, err);
	cm_emit_columns(e, keys, (int)(sizeof keys / sizeof keys[0]));
	cm_emit_end_list(e);
	return rc;
}
