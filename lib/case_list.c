/* Looking cases up: by number or PES id, one at a time or filtered lists. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access_impl.h"
#include "cm/access.h"
#include "cm/case.h"
#include "cm/person.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "cm/worker.h"
#include "sql.h"

#define CASE_COLUMNS \
	"c.id, c.person_id, p.ext_id, p.source, p.first_name, p.last_name, p.birth_date," \
	" c.programme, c.worker, c.state, c.opened_on, c.closed_on, c.outcome," \
	" c.state_since, c.referral_source"
#define CASE_FROM " FROM cases c JOIN person p ON p.id = c.person_id"

/* ext:ID names one open case; when there are several, the error lists them. */
static int several_open(struct cm_stmt *st, const char *spec, int64_t first,
			struct cm_error *err)
{
	char list[256];
	size_t n;

	if (cm_stmt_step(st) != CM_DB_ROW)
		return 0;
	n = (size_t)snprintf(list, sizeof list, "%lld", (long long)first);
	do
		if (n < sizeof list)
			n += (size_t)snprintf(list + n, sizeof list - n, ", %lld",
					      (long long)cm_stmt_column_int64(st, 0));
	while (cm_stmt_step(st) == CM_DB_ROW);
	return cm_error_set(err, CM_ECONFLICT, "%s has several open cases (%s); give the case"
			    " number", spec, list);
}

int cm_case_spec_check(const char *spec, struct cm_error *err)
{
	char *end;
	long long n;

	if (strncmp(spec, "ext:", 4) == 0)
		return spec[4] ? 0 : cm_error_set(err, CM_EUSAGE, "invalid case 'ext:': the ID is"
						  " missing (expected ext:ID)");
	errno = 0;
	n = strtoll(spec, &end, 10);
	if (!*spec || *end || errno || n <= 0)
		return cm_error_set(err, CM_EUSAGE, "invalid case '%s' (expected a number or ext:ID)",
				    spec);
	return 0;
}

int cm_case_resolve(struct cm_store *s, const char *spec, int64_t *case_id,
		    struct cm_error *err)
{
	struct cm_stmt *st;
	int rc = cm_case_spec_check(spec, err);

	if (rc < 0)
		return rc;
	if (strncmp(spec, "ext:", 4) != 0) {
		rc = cm_sql_prepare(s, "SELECT id FROM cases WHERE id = ? AND " CM_SCOPE("worker"),
				    &st, err);
		if (rc < 0)
			return rc;
		cm_stmt_bind_int64(st, 1, strtoll(spec, NULL, 10));
	} else {
		/* CROSS JOIN: look the person up first, not scan the open cases. */
		rc = cm_sql_prepare(s, "SELECT c.id FROM person p CROSS JOIN cases c"
				       " ON c.person_id = p.id WHERE p.ext_id = ?"
				       " AND c.state <> 'closed' AND " CM_SCOPE("c.worker")
				       " ORDER BY c.id", &st, err);
		if (rc < 0)
			return rc;
		cm_stmt_bind_text(st, 1, spec + 4, -1);
	}
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		*case_id = cm_stmt_column_int64(st, 0);
		rc = spec[0] == 'e' ? several_open(st, spec, *case_id, err) : 0;
	} else if (rc == CM_DB_DONE) {
		rc = spec[0] == 'e'
			     ? cm_error_set(err, CM_ENOTFOUND, "no open case for %s", spec)
			     : cm_error_set(err, CM_ENOTFOUND, "no case %s", spec);
	} else {
		rc = cm_sql_fail(s, rc, err, "find case");
	}
	cm_stmt_finalize(st);
	return rc;
}

static int fill_case(struct cm_stmt *st, struct cm_case *c)
{
	char **text[] = { &c->ext_id, &c->source, &c->first_name, &c->last_name, &c->birth_date,
			  &c->programme, &c->worker, &c->state, &c->opened_on, &c->closed_on,
			  &c->outcome, &c->state_since, &c->referral_source };
	size_t i;

	memset(c, 0, sizeof *c);
	c->id = cm_stmt_column_int64(st, 0);
	c->person = cm_stmt_column_int64(st, 1);
	for (i = 0; i < sizeof text / sizeof text[0]; i++) {
		*text[i] = cm_sql_column_dup(st, (int)i + 2);
		if (!*text[i] && cm_stmt_column_type(st, (int)i + 2) != CM_DB_NULL)
			return CM_ENOMEM;
	}
	return 0;
}

static unsigned read_bits(struct cm_store *s, const char *sql, int64_t case_id,
			  const char *(*name)(unsigned))
{
	struct cm_stmt *st;
	unsigned bits = 0, bit;

	if (cm_sql_prepare(s, sql, &st, NULL) < 0)
		return 0;
	cm_stmt_bind_int64(st, 1, case_id);
	while (cm_stmt_step(st) == CM_DB_ROW)
		for (bit = 1; bit <= 8; bit <<= 1)
			if (name(bit) && strcmp(name(bit), cm_stmt_column_text(st, 0)) == 0)
				bits |= bit;
	cm_stmt_finalize(st);
	return bits;
}

int cm_case_get(struct cm_store *s, int64_t case_id, struct cm_case *out, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	rc = cm_sql_prepare(s, "SELECT " CASE_COLUMNS CASE_FROM " WHERE c.id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		rc = fill_case(st, out) < 0 ? cm_error_set(err, CM_ENOMEM, "out of memory") : 0;
	else if (rc == CM_DB_DONE)
		rc = cm_error_set(err, CM_ENOTFOUND, "no case %lld", (long long)case_id);
	else
		rc = cm_sql_fail(s, rc, err, "read case");
	cm_stmt_finalize(st);
	if (rc < 0) {
		cm_case_release(out);
		return rc;
	}
	out->criteria = read_bits(s, "SELECT name FROM criterion WHERE case_id = ?", case_id,
				  cm_criterion_name);
	out->consent = read_bits(s, "SELECT scope FROM consent c WHERE case_id = ?1 AND given = 1"
				    " AND id = (SELECT max(id) FROM consent d WHERE d.case_id = ?1"
				    " AND d.scope = c.scope)", case_id, cm_consent_scope_name);
	return 0;
}

void cm_case_release(struct cm_case *c)
{
	free(c->ext_id);
	free(c->source);
	free(c->first_name);
	free(c->last_name);
	free(c->birth_date);
	free(c->programme);
	free(c->worker);
	free(c->state);
	free(c->opened_on);
	free(c->closed_on);
	free(c->outcome);
	free(c->state_since);
	free(c->referral_source);
	memset(c, 0, sizeof *c);
}

/* The keys cm_case_emit_fields writes, in its order. */
static const char *const case_keys[] = {
	"case", "person", "ext_id", "source", "first_name", "last_name", "birth_date",
	"programme", "worker", "state", "opened_on", "closed_on", "outcome",
};

void cm_case_emit_fields(struct cm_emit *e, const struct cm_case *c)
{
	cm_emit_int(e, "case", c->id);
	cm_emit_int(e, "person", c->person);
	cm_emit_str(e, "ext_id", c->ext_id);
	cm_emit_str(e, "source", c->source);
	cm_emit_str(e, "first_name", c->first_name);
	cm_emit_str(e, "last_name", c->last_name);
	cm_emit_str(e, "birth_date", c->birth_date);
	cm_emit_str(e, "programme", c->programme);
	cm_emit_str(e, "worker", c->worker);
	cm_emit_str(e, "state", c->state);
	cm_emit_str(e, "opened_on", c->opened_on);
	cm_emit_str(e, "closed_on", c->closed_on);
	cm_emit_str(e, "outcome", c->outcome);
}

const char *const cm_case_states[] = {
	"screening", "assessment", "planning", "active", "suspended", "closed", NULL,
};

const char *const cm_case_sorts[] = { "case", "name", "opened", "worker", "state", NULL };

static const char *order_by(const char *sort, struct cm_error *err)
{
	static const struct {
		const char *name, *sql;
	} sorts[] = {
		{ "case", " ORDER BY c.id" },
		{ "name", " ORDER BY c.id" },    /* then by sort key, see sort_by_name */
		{ "opened", " ORDER BY c.opened_on, c.id" },
		{ "worker", " ORDER BY c.worker, c.id" },
		{ "state", " ORDER BY c.state, c.id" },
	};
	size_t i;

	if (!sort)
		return sorts[0].sql;
	for (i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
		if (strcmp(sort, sorts[i].name) == 0)
			return sorts[i].sql;
	cm_error_set(err, CM_EUSAGE,
		     "invalid sort '%s' (case, name, opened, worker, state)", sort);
	return NULL;
}

/* A case kept for sorting by name, with its French reading-order key. */
struct named_case {
	struct cm_case c;
	char key[2 * CM_NAME_KEY_LEN];
};

struct case_rows {
	struct named_case *rows;
	size_t n, size;
};

static int keep_case(struct case_rows *r, struct cm_case *c)
{
	struct named_case *grown;

	if (r->n == r->size) {
		r->size = r->size ? 2 * r->size : 64;
		grown = realloc(r->rows, r->size * sizeof *grown);
		if (!grown)
			return CM_ENOMEM;
		r->rows = grown;
	}
	r->rows[r->n].c = *c;
	cm_name_sort_key(c->last_name, c->first_name, r->rows[r->n].key,
			 sizeof r->rows[r->n].key);
	r->n++;
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct named_case *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	return d ? d : (x->c.id > y->c.id) - (x->c.id < y->c.id);
}

static void emit_case(struct cm_emit *e, const struct cm_case *c)
{
	cm_emit_begin(e);
	cm_case_emit_fields(e, c);
	cm_emit_end(e);
}

static void emit_sorted(struct case_rows *r, struct cm_emit *e)
{
	size_t i;

	if (r->n)
		qsort(r->rows, r->n, sizeof *r->rows, by_key);
	for (i = 0; i < r->n; i++) {
		emit_case(e, &r->rows[i].c);
		cm_case_release(&r->rows[i].c);
	}
	free(r->rows);
}

static int emit_cases(struct cm_store *s, const struct cm_case_filter *f, struct cm_emit *e,
		      long long *n, struct cm_error *err)
{
	const char *order = order_by(f->sort, err);
	int by_name = f->sort && strcmp(f->sort, "name") == 0;
	struct case_rows sorted = { 0 };
	struct cm_case c;
	struct cm_stmt *st;
	char *sql;
	int rc;

	if (!order)
		return CM_EUSAGE;
	rc = f->programme ? cm_programme_check(s, f->programme, err) : 0;
	if (rc < 0)
		return rc;
	/* Only the filters given, so SQLite can use the worker and programme indexes. */
	sql = cm_db_mprintf("SELECT " CASE_COLUMNS CASE_FROM " WHERE " CM_SCOPE("c.worker")
			    "%s%s%s%s%s",
			      f->worker ? " AND c.worker = ?1" : "",
			      f->state ? " AND c.state = ?2" : "",
			      f->programme ? " AND c.programme = ?3" : "",
			      f->open < 0 ? "" : f->open ? " AND c.state <> 'closed'"
							 : " AND c.state = 'closed'",
			      order);
	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = cm_sql_prepare_stream(s, sql, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, f->worker);
	cm_sql_bind_text(st, 2, f->state);
	cm_sql_bind_text(st, 3, f->programme);
	cm_emit_begin_list(e);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		if (fill_case(st, &c) < 0) {
			cm_case_release(&c);
			rc = CM_ENOMEM;
			break;
		}
		/* Folded names are compared here: SQL has no accent-blind comparison. */
		if (f->name && !cm_name_matches(f->name, c.first_name, c.last_name)) {
			cm_case_release(&c);
			continue;
		}
		(*n)++;
		if (!by_name) {
			emit_case(e, &c);
			cm_case_release(&c);
		} else if (keep_case(&sorted, &c) < 0) {
			cm_case_release(&c);
			rc = CM_ENOMEM;
			break;
		}
	}
	emit_sorted(&sorted, e);
	cm_emit_columns(e, case_keys, (int)(sizeof case_keys / sizeof case_keys[0]));
	cm_emit_end_list(e);
	cm_stmt_finalize(st);
	if (rc == CM_ENOMEM)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	if (rc != CM_DB_DONE)
		return cm_sql_fail(s, rc, err, "list cases");
	return 0;
}

/* The filter as the access log keeps it: the options that select, not the rows. */
static void describe(const struct cm_case_filter *f, char *out, size_t size)
{
	/* The name searched for is personal data: only that one was given. */
	snprintf(out, size, "list%s%s%s%s%s%s%s%s", f->worker ? " --worker " : "",
		 f->worker ? f->worker : "", f->state ? " --state " : "", f->state ? f->state : "",
		 f->programme ? " --programme " : "", f->programme ? f->programme : "",
		 f->open < 0 ? " --any" : f->open ? "" : " --closed", f->name ? " --name" : "");
}

/*
 * The write lock is taken before anything is shown, so the access record
 * that follows the listing cannot be refused for a busy database.
 */
int cm_case_list(struct cm_store *s, const struct cm_case_filter *f, struct cm_emit *e,
		 struct cm_error *err)
{
	char query[512];
	long long n = 0;
	int rc = f->worker ? cm_worker_check(s, f->worker, err) : 0;

	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = emit_cases(s, f, e, &n, err);
	describe(f, query, sizeof query);
	if (rc == 0)
		rc = cm_access_log_query(s, query, n, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}
