/*
 * The action plan for signature: who it is for, the goals in order with
 * their actions, the version and its content hash, and a signature block
 * each for the client and the case manager. Built from what cm_plan_emit
 * gives cm plan CASE show, with names looked up for people.
 */
#include <stdlib.h>
#include <string.h>
#include "cm/clock.h"
#include "cm/html.h"
#include "cm/plan.h"
#include "html_impl.h"
#include "sql.h"

static const char case_sql[] =
	"SELECT c.id AS \"case\", p.first_name, p.last_name, p.birth_date, c.worker,"
	" w.name AS worker_name, pr.name AS programme_name, c.opened_on"
	" FROM cases c JOIN person p ON p.id = c.person_id"
	" LEFT JOIN worker w ON w.login = c.worker"
	" LEFT JOIN programme pr ON pr.id = c.programme WHERE c.id = ?1";

static const char partner_sql[] = "SELECT name FROM partner WHERE id = ?1";

static const char *str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int is_kind(const cJSON *rec, const char *kind)
{
	const char *k = str(rec, "kind");

	return k && !strcmp(k, kind);
}

static void field(FILE *out, enum html_str term, const char *value)
{
	fputs("<dt>", out);
	html_say(out, term, NULL);
	fputs("</dt><dd>", out);
	html_text(out, value ? value : html_str(HS_NONE));
	fputs("</dd>\n", out);
}

static void who_for(FILE *out, const cJSON *c)
{
	const char *worker = str(c, "worker_name");
	char person[512];

	snprintf(person, sizeof person, "%s %s", str(c, "first_name"), str(c, "last_name"));
	fputs("<dl>\n", out);
	field(out, HS_PERSON, person);
	field(out, HS_BIRTH_DATE, str(c, "birth_date"));
	field(out, HS_CASE_MANAGER, worker ? worker : str(c, "worker"));
	field(out, HS_PROGRAMME, str(c, "programme_name"));
	field(out, HS_CASE_OPENED, str(c, "opened_on"));
	fputs("</dl>\n", out);
}

/* The owner as people say it: the client, the case manager, or the partner by name. */
static int owner_cell(struct cm_store *s, FILE *out, const char *owner, struct cm_error *err)
{
	cJSON *rows;

	if (!owner || strncmp(owner, "partner:", 8)) {
		html_say(out, owner && !strcmp(owner, "client") ? HS_OWNER_CLIENT : HS_OWNER_WORKER,
			 NULL);
		return 0;
	}
	rows = cm_sql_rows_json(s, partner_sql, strtoll(owner + 8, NULL, 10), err);
	if (!rows)
		return err->status ? err->status : CM_ENOMEM;
	html_text(out, str(cJSON_GetArrayItem(rows, 0), "name"));
	cJSON_Delete(rows);
	return 0;
}

static void status_cell(FILE *out, const char *status)
{
	enum html_str id = HS_ST_OPEN;

	if (status && !strcmp(status, "done"))
		id = HS_ST_DONE;
	else if (status && !strcmp(status, "dropped"))
		id = HS_ST_DROPPED;
	html_say(out, id, NULL);
}

static int actions_of(struct cm_store *s, FILE *out, const cJSON *plan, const cJSON *goal,
		      struct cm_error *err)
{
	const cJSON *gid = cJSON_GetObjectItemCaseSensitive(goal, "id"), *rec, *of;
	int n = 0, rc;

	cJSON_ArrayForEach(rec, plan) {
		of = cJSON_GetObjectItemCaseSensitive(rec, "goal");
		if (!is_kind(rec, "action") || !cJSON_IsRaw(of) || strcmp(of->valuestring,
									gid->valuestring))
			continue;
		if (n++ == 0) {
			fputs("<table>\n<thead><tr><th scope=\"col\">", out);
			html_say(out, HS_ACTION, NULL);
			fputs("</th><th scope=\"col\">", out);
			html_say(out, HS_OWNER, NULL);
			fputs("</th><th scope=\"col\">", out);
			html_say(out, HS_DUE, NULL);
			fputs("</th><th scope=\"col\">", out);
			html_say(out, HS_STATUS, NULL);
			fputs("</th></tr></thead>\n<tbody>\n", out);
		}
		fputs("<tr><td>", out);
		html_text(out, str(rec, "text"));
		fputs("</td><td>", out);
		rc = owner_cell(s, out, str(rec, "owner"), err);
		if (rc < 0)
			return rc;
		fputs("</td><td>", out);
		html_text(out, str(rec, "due"));
		fputs("</td><td>", out);
		status_cell(out, str(rec, "status"));
		fputs("</td></tr>\n", out);
	}
	if (n)
		fputs("</tbody>\n</table>\n", out);
	else {
		fputs("<p>", out);
		html_say(out, HS_NO_ACTIONS, NULL);
		fputs("</p>\n", out);
	}
	return 0;
}

/* A goal's priority (1 first); goals without one come after, in their order. */
static long long priority_of(const cJSON *goal)
{
	double v;

	return html_num(cJSON_GetObjectItemCaseSensitive(goal, "priority"), &v) ? (long long)v
									       : 1LL << 40;
}

static int by_priority(const void *a, const void *b)
{
	const cJSON *const *x = a, *const *y = b;
	long long px = priority_of(*x), py = priority_of(*y);

	if (px != py)
		return px < py ? -1 : 1;
	return x < y ? -1 : x > y;   /* the array is in id order: keep it */
}

static void goal_heading(FILE *out, const cJSON *goal, int rank)
{
	char n[16];

	snprintf(n, sizeof n, "%d", rank);
	fputs("<div class=\"goal\">\n<h3>", out);
	html_say(out, HS_GOAL, n);
	fputs(": ", out);
	html_text(out, str(goal, "text"));
	fputs("</h3>\n<p class=\"meta\">", out);
	html_say(out, HS_DUE, NULL);
	fputs(": ", out);
	html_text(out, str(goal, "due") ? str(goal, "due") : html_str(HS_NONE));
	fputs(" &middot; ", out);
	status_cell(out, str(goal, "status"));
	fputs("</p>\n", out);
}

static int goals(struct cm_store *s, FILE *out, const cJSON *plan, struct cm_error *err)
{
	const cJSON *rec, **v = calloc((size_t)cJSON_GetArraySize(plan) + 1, sizeof *v);
	int n = 0, rc = 0, i;

	if (!v)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	cJSON_ArrayForEach(rec, plan)
		if (is_kind(rec, "goal"))
			v[n++] = rec;
	qsort(v, (size_t)n, sizeof *v, by_priority);
	for (i = 0; i < n && rc == 0; i++) {
		goal_heading(out, v[i], i + 1);
		rc = actions_of(s, out, plan, v[i], err);
		fputs("</div>\n", out);
	}
	free(v);
	if (!n) {
		fputs("<p>", out);
		html_say(out, HS_NO_GOALS, NULL);
		fputs("</p>\n", out);
	}
	return rc;
}

static const cJSON *current_version(const cJSON *plan)
{
	const cJSON *rec;

	cJSON_ArrayForEach(rec, plan)
		if (is_kind(rec, "version") && str(rec, "status") && !strcmp(str(rec, "status"),
									      "current"))
			return rec;
	return NULL;
}

static void signature_block(FILE *out, enum html_str who, const char *name,
			    const char *signed_on)
{
	fputs("<div class=\"signature\">\n<p><strong>", out);
	html_say(out, who, NULL);
	fputs("</strong>: ", out);
	html_text(out, name);
	fputs("</p>\n", out);
	if (signed_on) {
		fputs("<p>", out);
		html_say(out, HS_SIGNED_ON, signed_on);
		fputs("</p>\n", out);
	} else {
		fputs("<p>", out);
		html_say(out, HS_SIGN_DATE, NULL);
		fputs("</p>\n<div class=\"line\"></div>\n<p>", out);
		html_say(out, HS_SIGN_HERE, NULL);
		fputs("</p>\n<div class=\"line\"></div>\n", out);
	}
	fputs("</div>\n", out);
}

static void signatures(FILE *out, const cJSON *c, const cJSON *version, const char *hash)
{
	const char *worker = str(c, "worker_name") ? str(c, "worker_name") : str(c, "worker");
	char person[512];
	const cJSON *matches = cJSON_GetObjectItemCaseSensitive(version, "content_matches");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(version, "id");

	fputs("<h2>", out);
	html_say(out, HS_VERSION_LINE, cJSON_IsRaw(id) ? id->valuestring : "1");
	fputs("</h2>\n<p class=\"meta\">", out);
	html_say(out, HS_HASH, NULL);
	fputs(": <code>", out);
	html_text(out, hash);
	fputs("</code></p>\n<p>", out);
	html_say(out, HS_PLAN_NOTE, NULL);
	fputs("</p>\n", out);
	if (cJSON_IsFalse(matches)) {
		fputs("<p><strong>", out);
		html_say(out, HS_SIGNED_MISMATCH, NULL);
		fputs("</strong></p>\n", out);
	}
	snprintf(person, sizeof person, "%s %s", str(c, "first_name"), str(c, "last_name"));
	fputs("<div class=\"signatures\">\n", out);
	signature_block(out, HS_SIGN_CLIENT, person, str(version, "client_signed"));
	signature_block(out, HS_SIGN_WORKER, worker, str(version, "worker_signed"));
	fputs("</div>\n", out);
}

static int plan_page(struct cm_store *s, int64_t case_id, const cJSON *c, const cJSON *plan,
		     FILE *out, struct cm_error *err)
{
	char hash[CM_PLAN_HASH_LEN], title[256], id[32], now[CM_TIME_LEN];
	int rc;

	rc = cm_plan_content_hash(s, case_id, hash, err);
	if (rc == 0)
		rc = cm_now(now, err);
	if (rc < 0)
		return rc;
	snprintf(id, sizeof id, "%lld", (long long)case_id);
	html_format(title, sizeof title, HS_PLAN_TITLE, id);
	html_page_begin(out, title);
	fputs("<h1>", out);
	html_text(out, title);
	fputs("</h1>\n", out);
	who_for(out, c);
	rc = goals(s, out, plan, err);
	if (rc < 0)
		return rc;
	signatures(out, c, current_version(plan), hash);
	fputs("<p class=\"meta\">", out);
	html_generated(out, now);
	fputs("</p>\n", out);
	html_page_end(out);
	return 0;
}

int cm_html_plan(struct cm_store *s, int64_t case_id, FILE *out, struct cm_error *err)
{
	struct cm_emit *e = cm_emit_new_records();
	cJSON *c = NULL;
	int rc;

	if (!e)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = cm_plan_emit(s, case_id, e, err);
	if (rc == 0 && cm_emit_finish(e) < 0)
		rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	if (rc == 0 && !(c = cm_sql_rows_json(s, case_sql, case_id, err)))
		rc = err->status ? err->status : CM_ENOMEM;
	if (rc == 0 && !cJSON_GetArrayItem(c, 0))
		rc = cm_error_set(err, CM_ENOTFOUND, "no case %lld", (long long)case_id);
	if (rc == 0)
		rc = plan_page(s, case_id, cJSON_GetArrayItem(c, 0), cm_emit_records(e), out, err);
	cJSON_Delete(c);
	cm_emit_free(e);
	return rc;
}
