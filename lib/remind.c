/*
 * cm remind: one SQL query per kind of item, run per worker so the items
 * of one worker can be sorted in memory while the whole run streams.
 * Every query takes ?1 worker and ?2 the horizon (today + within days), and
 * returns case, person, due, what.
 */
#include <stdlib.h>
#include <string.h>
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/remind.h"
#include "sql.h"

/*
 * The programmes' rules, read once per query rather than once per case.
 * The queries join them with CROSS JOIN so that the worker's cases drive
 * (through the index on cases(worker, state)) instead of one pass over the
 * worker's cases per programme.
 */
#define RULES_CTE \
	"WITH p AS MATERIALIZED (SELECT id," \
	" json_extract(rules, '$.contact_interval_days') AS contact_days," \
	" json_extract(rules, '$.deadlines.offer_months') AS offer_months," \
	" json_extract(rules, '$.deadlines.first_meeting_months') AS meet_months," \
	" json_extract(rules, '$.deadlines.first_meeting_max_age') AS meet_age," \
	" json_extract(rules, '$.deadlines.max_duration_months') AS max_months," \
	" json_extract(rules, '$.plan_signed_within_days') AS sign_days" \
	" FROM programme) "

/* d plus n months, clamped to the month's end like cm_date_add_months. */
#define ADD_MONTHS(d, n) \
	"min(date(" d ", '+' || (" n ") || ' months'), date(" d ", 'start of month', '+' ||" \
	" ((" n ") + 1) || ' months', '-1 day'))"

/* Whole years from birth date b to date d (a 29 February birthday counts from 1 March). */
#define AGE_ON(b, d) \
	"(CAST(strftime('%Y', " d ") AS INTEGER) - CAST(strftime('%Y', " b ") AS INTEGER)" \
	" - (strftime('%m-%d', " d ") < strftime('%m-%d', " b ")))"

#define PERSON_NAME "(per.first_name || ' ' || per.last_name)"

/* Cases that still expect contact and signatures: on hold is not due. */
#define ACTIVE "c.state NOT IN ('closed', 'suspended')"
#define OPEN "c.state <> 'closed'"

static const char contact_sql[] =
	RULES_CTE
	"SELECT id, name, due, CASE WHEN last IS NULL"
	" THEN 'no contact since intake on ' || opened_on ELSE 'last contact ' || last END"
	" || '; every ' || every || ' days' FROM ("
	" SELECT c.id, " PERSON_NAME " AS name, c.opened_on, every, last,"
	"  date(coalesce(last, c.opened_on), '+' || every || ' days') AS due FROM ("
	"  SELECT c.*, coalesce(c.contact_every_days, p.contact_days) AS every,"
	"   (SELECT substr(max(k.at), 1, 10) FROM contact k WHERE k.case_id = c.id"
	"    AND k.kind <> 'no-show') AS last"
	"  FROM cases c CROSS JOIN p ON p.id = c.programme WHERE c.worker = ?1 AND " ACTIVE ") c"
	" JOIN person per ON per.id = c.person_id WHERE every IS NOT NULL)"
	" WHERE due <= ?2";

static const char action_sql[] =
	"SELECT c.id, " PERSON_NAME ", a.due,"
	" 'action ' || a.id || ' (' || a.owner || '): ' || a.text"
	" FROM cases c JOIN action a ON a.case_id = c.id AND a.status = 'open' AND a.due <= ?2"
	" JOIN person per ON per.id = c.person_id WHERE c.worker = ?1 AND " OPEN;

static const char referral_sql[] =
	"SELECT c.id, " PERSON_NAME ", r.feedback_due,"
	" 'feedback from ' || pa.name || ' on referral ' || r.id || ' (sent ' || r.sent_on || ')'"
	" FROM cases c JOIN referral r ON r.case_id = c.id"
	" JOIN partner pa ON pa.id = r.partner_id JOIN person per ON per.id = c.person_id"
	" WHERE c.worker = ?1 AND " OPEN " AND r.feedback_on IS NULL"
	" AND r.status IN ('sent', 'accepted', 'started') AND r.feedback_due <= ?2";

/* The Youth Guarantee offer, the first meeting of the young, the maximum duration. */
#define REG "coalesce(per.registered_on, c.opened_on)"
#define REG_WORD "CASE WHEN per.registered_on IS NULL THEN 'intake' ELSE 'registration' END"
#define RENEWED "coalesce((SELECT sum(n.months) FROM renewal n WHERE n.case_id = c.id), 0)"
static const char deadline_sql[] =
	RULES_CTE
	"SELECT * FROM ("
	" SELECT c.id, " PERSON_NAME ", " ADD_MONTHS(REG, "p.offer_months") " AS due,"
	"  'offer (job, education, apprenticeship or traineeship) within ' || p.offer_months"
	"  || ' months of ' || " REG_WORD " || ' on ' || " REG
	" FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id"
	" WHERE c.worker = ?1 AND " OPEN " AND p.offer_months IS NOT NULL"
	"  AND NOT EXISTS (SELECT 1 FROM offer o WHERE o.case_id = c.id)"
	" UNION ALL"
	" SELECT c.id, " PERSON_NAME ", " ADD_MONTHS(REG, "p.meet_months") ","
	"  'first meeting within ' || p.meet_months || ' months of ' || " REG_WORD
	"  || ' on ' || " REG
	" FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id"
	" WHERE c.worker = ?1 AND " OPEN " AND p.meet_months IS NOT NULL"
	"  AND (p.meet_age IS NULL OR (per.birth_date IS NOT NULL"
	"   AND " AGE_ON("per.birth_date", REG) " <= p.meet_age))"
	"  AND NOT EXISTS (SELECT 1 FROM contact k WHERE k.case_id = c.id"
	"   AND k.kind <> 'no-show')"
	" UNION ALL"
	" SELECT c.id, " PERSON_NAME ", " ADD_MONTHS("c.opened_on", "p.max_months + " RENEWED) ","
	"  'maximum duration of ' || p.max_months || ' months'"
	"  || CASE WHEN " RENEWED " > 0 THEN ' plus ' || " RENEWED " || ' months of renewal'"
	"  ELSE '' END || ' (opened ' || c.opened_on || ')'"
	" FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id"
	" WHERE c.worker = ?1 AND " OPEN " AND p.max_months IS NOT NULL"
	") WHERE due <= ?2";

static const char follow_up_sql[] =
	"WITH f AS MATERIALIZED (SELECT pr.id AS programme, j.value AS months"
	" FROM programme pr, json_each(pr.rules, '$.follow_up_months') j) "
	"SELECT * FROM ("
	" SELECT c.id, " PERSON_NAME ", " ADD_MONTHS("c.closed_on", "f.months") " AS due,"
	"  'follow-up ' || f.months || ' months after exit on ' || c.closed_on"
	" FROM cases c CROSS JOIN f ON f.programme = c.programme JOIN person per ON per.id = c.person_id"
	" WHERE c.worker = ?1 AND c.state = 'closed' AND c.closed_on IS NOT NULL"
	"  AND NOT EXISTS (SELECT 1 FROM follow_up u WHERE u.case_id = c.id"
	"   AND u.months = f.months)"
	") WHERE due <= ?2";

#define SIGNED_BY(role) \
	"EXISTS (SELECT 1 FROM plan_signature g WHERE g.case_id = c.id" \
	" AND g.version = c.plan_version AND g.role = '" role "')"
static const char signature_sql[] =
	RULES_CTE
	"SELECT * FROM ("
	" SELECT c.id, " PERSON_NAME ", date(c.opened_on, '+' || p.sign_days || ' days') AS due,"
	"  'plan version ' || c.plan_version || ' not signed by '"
	"  || CASE WHEN " SIGNED_BY("client") " THEN 'the worker'"
	"  WHEN " SIGNED_BY("worker") " THEN 'the client' ELSE 'the client and the worker' END"
	"  || ' (required within ' || p.sign_days || ' days of intake)'"
	" FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id"
	" WHERE c.worker = ?1 AND " ACTIVE " AND p.sign_days IS NOT NULL"
	"  AND NOT (" SIGNED_BY("client") " AND " SIGNED_BY("worker") ")"
	") WHERE due <= ?2";

static const struct {
	const char *kind;
	const char *sql;
} kinds[] = {
	{ "contact", contact_sql },
	{ "action", action_sql },
	{ "referral-feedback", referral_sql },
	{ "deadline", deadline_sql },
	{ "follow-up", follow_up_sql },
	{ "plan-signature", signature_sql },
};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

struct item {
	struct cm_remind_item pub;
	int kind;                 /* index in kinds[], for a stable order */
	char *person, *due, *what;
};

struct run {
	struct cm_store *s;
	sqlite3_stmt *st[KIND_COUNT];
	cm_days today;
	char horizon[CM_DATE_LEN];
	struct item *items;
	size_t n, cap;
	struct cm_error *err;
};

static void clear_items(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->items[i].person);
		free(r->items[i].due);
		free(r->items[i].what);
	}
	r->n = 0;
}

static int add_item(struct run *r, int kind, sqlite3_stmt *st)
{
	struct item *it;
	cm_days due;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct item *p = realloc(r->items, cap * sizeof *p);

		if (!p)
			return cm_error_set(r->err, CM_ENOMEM, "out of memory");
		r->items = p;
		r->cap = cap;
	}
	it = &r->items[r->n];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->pub.case_id = sqlite3_column_int64(st, 0);
	it->person = cm_sql_column_dup(st, 1);
	it->due = cm_sql_column_dup(st, 2);
	it->what = cm_sql_column_dup(st, 3);
	r->n++;
	if (!it->due || !it->what || cm_date_parse_iso(it->due, &due) < 0)
		return cm_error_set(r->err, CM_EDB, "case %lld has a bad %s date",
				    (long long)it->pub.case_id, kinds[kind].kind);
	it->pub.overdue_days = (long)(r->today - due);
	return 0;
}

static int collect_kind(struct run *r, int kind, const char *worker)
{
	sqlite3_stmt *st = r->st[kind];
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, worker, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->horizon, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (add_item(r, kind, st) < 0)
			return r->err ? r->err->status : CM_EDB;
	if (rc != SQLITE_DONE)
		return cm_sql_fail(r->s, rc, r->err, "find reminders");
	return 0;
}

static int compare_items(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c;

	if (a->pub.overdue_days != b->pub.overdue_days)
		return a->pub.overdue_days > b->pub.overdue_days ? -1 : 1;
	if (a->pub.case_id != b->pub.case_id)
		return a->pub.case_id < b->pub.case_id ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	c = strcmp(a->what, b->what);
	return c;
}

static int run_worker(struct run *r, const char *worker, cm_remind_fn *fn, void *arg,
		      long long *count)
{
	struct cm_remind_item *pub;
	size_t i;
	int rc = 0, kind;

	clear_items(r);
	for (kind = 0; kind < (int)KIND_COUNT && rc == 0; kind++)
		rc = collect_kind(r, kind, worker);
	if (rc < 0 || r->n == 0)
		return rc;
	qsort(r->items, r->n, sizeof *r->items, compare_items);
	/* The callback wants an array of the public part: lay it out in place. */
	pub = malloc(r->n * sizeof *pub);
	if (!pub)
		return cm_error_set(r->err, CM_ENOMEM, "out of memory");
	for (i = 0; i < r->n; i++) {
		pub[i] = r->items[i].pub;
		pub[i].worker = worker;
		pub[i].person = r->items[i].person;
		pub[i].kind = kinds[r->items[i].kind].kind;
		pub[i].due = r->items[i].due;
		pub[i].what = r->items[i].what;
	}
	*count += (long long)r->n;
	rc = fn(worker, pub, r->n, arg);
	free(pub);
	return rc;
}

static int prepare_all(struct run *r)
{
	size_t i;
	int rc;

	for (i = 0; i < KIND_COUNT; i++) {
		rc = cm_sql_prepare(r->s, kinds[i].sql, &r->st[i], r->err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void release(struct run *r)
{
	size_t i;

	clear_items(r);
	free(r->items);
	for (i = 0; i < KIND_COUNT; i++)
		sqlite3_finalize(r->st[i]);
}

/* Every worker with a case, in name order, from the index on cases(worker, state). */
static int run_all(struct run *r, cm_remind_fn *fn, void *arg, long long *count)
{
	sqlite3_stmt *st;
	char *worker;
	int rc;

	rc = cm_sql_prepare(r->s, "SELECT DISTINCT worker FROM cases ORDER BY worker", &st, r->err);
	if (rc < 0)
		return rc;
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		worker = cm_sql_column_dup(st, 0);
		rc = worker ? run_worker(r, worker, fn, arg, count)
			    : cm_error_set(r->err, CM_ENOMEM, "out of memory");
		free(worker);
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = cm_sql_fail(r->s, rc, r->err, "list workers");
	sqlite3_finalize(st);
	return rc;
}

int cm_remind(struct cm_store *s, const struct cm_remind_opts *o, cm_remind_fn *fn, void *arg,
	      long long *count, struct cm_error *err)
{
	struct run r;
	long long n = 0;
	int rc;

	memset(&r, 0, sizeof r);
	r.s = s;
	r.err = err;
	if (count)
		*count = 0;
	if (o->within_days < 0)
		return cm_error_set(err, CM_EUSAGE, "within must not be negative");
	if (!o->all && (!o->worker || !*o->worker))
		return cm_error_set(err, CM_EUSAGE, "a worker is required");
	rc = cm_date_today(&r.today, err);
	if (rc < 0)
		return rc;
	cm_date_format(r.today + o->within_days, r.horizon);
	rc = prepare_all(&r);
	if (rc == 0)
		rc = o->all ? run_all(&r, fn, arg, &n) : run_worker(&r, o->worker, fn, arg, &n);
	release(&r);
	if (count)
		*count = n;
	return rc;
}

void cm_remind_emit_item(struct cm_emit *e, const struct cm_remind_item *it, int with_worker)
{
	cm_emit_begin(e);
	cm_emit_int(e, "case", it->case_id);
	if (with_worker)
		cm_emit_str(e, "worker", it->worker);
	cm_emit_str(e, "person", it->person);
	cm_emit_str(e, "kind", it->kind);
	cm_emit_str(e, "due", it->due);
	cm_emit_int(e, "overdue_days", it->overdue_days);
	cm_emit_str(e, "what", it->what);
	cm_emit_end(e);
}
