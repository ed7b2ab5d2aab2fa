/*
 * cm remind: one SQL query gives every item, of every kind, already in the
 * order printed (worker, then most overdue first, then case, kind and text),
 * so the run streams: only the current worker's items are held, because the
 * callback takes a worker's items at once (the text heading counts them).
 * Scanning the cases once per kind, in the tables' own order, and letting
 * SQLite's sorter order the result reads each page about once; a pass per
 * worker instead re-read every page of the cases for each worker, since a
 * worker's cases are spread over the whole table.
 * ?1 is the worker (with --worker) and ?2 the horizon (today + within days).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/i18n.h"
#include "cm/remind.h"
#include "cm/state.h"
#include "labels.h"
#include "access_impl.h"
#include "cm/access.h"
#include "cm/worker.h"
#include "sql.h"
#include "youth_clock.h"

/*
 * The programmes' rules and follow-up months, read once per run rather than
 * once per case. The branches join them with CROSS JOIN so that the cases
 * drive: a worker's through the index on cases(worker, state), or all of
 * them in one pass, instead of one pass over the cases per programme.
 */
/* The positions of a programme's follow-up months (6, 12 and 18 at most). */
#define FOLLOW_UP_INDEXES "(SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2)"
#define RULES_CTE \
	"WITH p AS MATERIALIZED (SELECT id," \
	" cm_json_int(rules, '$.contact_interval_days') AS contact_days," \
	" cm_json_int(rules, '$.deadlines.offer_months') AS offer_months," \
	" cm_json_int(rules, '$.deadlines.first_meeting_months') AS meet_months," \
	" cm_json_int(rules, '$.deadlines.first_meeting_max_age') AS meet_age," \
	" cm_json_int(rules, '$.deadlines.max_duration_months') AS max_months," \
	" cm_json_int(rules, '$.plan_signed_within_days') AS sign_days," \
	" cm_json_int(rules, '$.eligibility.max_age') AS max_age," \
	" cm_json_int(rules, '$.operator_report_months') AS report_months" \
	" FROM programme)," \
	" f AS MATERIALIZED (SELECT * FROM (SELECT pr.id AS programme," \
	" cm_json_int(pr.rules, '$.follow_up_months[' || i.n || ']') AS months" \
	" FROM programme pr, " FOLLOW_UP_INDEXES " i) AS fi WHERE months IS NOT NULL) "

/* d plus n months, clamped to the month's end like cm_date_add_months. */
#define ADD_MONTHS(d, n) "cm_add_months(" d ", " n ")"

/* Whole years from birth date b to date d (a 29 February birthday counts from 1 March). */
#define AGE_ON(b, d) "cm_age(" b ", " d ")"

#define PERSON_NAME "(per.first_name || ' ' || per.last_name)"
/* Between the values of the what column (see compose_what). */
#define US "'\037'"

/*
 * Cases that still expect contact and signatures: on hold is not due. A
 * case whose person withdrew consent expects nothing but its closure or
 * renewed consent (WITHDRAWN_SQL).
 */
#define ACTIVE "c.state NOT IN ('closed', 'suspended')"
#define OPEN "c.state <> 'closed' AND c.suspend_reason IS DISTINCT FROM '" CM_CONSENT_WITHDRAWN_REASON "'"

/*
 * Every branch gives worker, case, person, due, kind (its index in kinds[],
 * so that kinds sort in a fixed order) and what; W restricts the cases.
 * A subquery that computes a correlated value once for several uses ends in
 * a LIMIT no query reaches: without one SQLite would copy the subquery into
 * every use (a negative LIMIT is not SQL every engine takes).
 */
#define NO_LIMIT "9223372036854775807"
#define CONTACT_SQL(W) \
	"SELECT worker, id, name, due, 0, CASE WHEN last IS NULL" \
	" THEN 'contact-none' || " US " || opened_on ELSE 'contact-last' || " US " || last END" \
	" || " US " || every FROM (" \
	" SELECT *, cm_add_days(coalesce(last, opened_on), every) AS due FROM (" \
	"  SELECT c.worker, c.id, " PERSON_NAME " AS name, c.opened_on," \
	"   coalesce(c.contact_every_days, p.contact_days) AS every," \
	"   (SELECT cm_local_date(max(k.at)) FROM contact k WHERE k.case_id = c.id" \
	"    AND k.kind <> 'no-show' AND k.withdrawn_on IS NULL) AS last" \
	"  FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id" \
	"  WHERE " W " AND " ACTIVE \
	"   AND coalesce(c.contact_every_days, p.contact_days) IS NOT NULL LIMIT " NO_LIMIT ") AS d) AS due_on" \
	" WHERE due <= ?2"

#define ACTION_SQL(W) \
	"SELECT c.worker, c.id, " PERSON_NAME ", a.due, 1," \
	" 'action' || " US " || a.number || " US " || a.owner || " US " || a.text" \
	" FROM cases c JOIN action a ON a.case_id = c.id AND a.status = 'open' AND a.due <= ?2" \
	" JOIN person per ON per.id = c.person_id WHERE " W " AND " OPEN

#define REFERRAL_SQL(W) \
	"SELECT c.worker, c.id, " PERSON_NAME ", r.feedback_due, 2," \
	" 'feedback' || " US " || pa.name || " US " || r.id || " US " || r.sent_on" \
	" FROM cases c JOIN referral r ON r.case_id = c.id" \
	" JOIN partner pa ON pa.id = r.partner_id JOIN person per ON per.id = c.person_id" \
	" WHERE " W " AND " OPEN " AND r.feedback_on IS NULL" \
	" AND r.status IN ('sent', 'accepted', 'started') AND r.feedback_due <= ?2"

/*
 * A third party running a trajectory reports regularly (« fasse
 * régulièrement l'objet d'un rapport », seed 000): every report_months
 * after the referral was sent or its last feedback, while it is open.
 */
#define OPERATOR_REPORT_SQL(W) \
	"SELECT * FROM (" \
	" SELECT c.worker, c.id, " PERSON_NAME ", " ADD_MONTHS("coalesce((SELECT max(rs.on_date)" \
	"  FROM referral_status rs WHERE rs.referral_id = r.id AND rs.feedback IS NOT NULL)," \
	"  r.sent_on)", "p.report_months") " AS due, 2," \
	"  'operator-report' || " US " || pa.name || " US " || r.id || " US " || p.report_months" \
	" FROM cases c CROSS JOIN p ON p.id = c.programme JOIN referral r ON r.case_id = c.id" \
	" JOIN partner pa ON pa.id = r.partner_id JOIN person per ON per.id = c.person_id" \
	" WHERE " W " AND " OPEN " AND p.report_months IS NOT NULL" \
	"  AND r.status IN ('accepted', 'started')" \
	") AS item WHERE due <= ?2"

/* The Youth Guarantee offer, the first meeting of the young, the maximum duration. */
#define REG "coalesce(per.registered_on, c.opened_on)"
#define REG_WORD "CASE WHEN per.registered_on IS NULL THEN 'intake' ELSE 'registration' END"
#define YG_START CM_YG_START("per", "c")
#define OFFER_SQL(W) \
	"SELECT * FROM (" \
	" SELECT c.worker, c.id, " PERSON_NAME ", " ADD_MONTHS(YG_START, "p.offer_months") " AS due, 3," \
	"  'offer-' || " CM_YG_START_EVENT("per") " || " US " || p.offer_months || " US " || " YG_START \
	" FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id" \
	" WHERE " W " AND " OPEN " AND p.offer_months IS NOT NULL" \
	"  AND NOT EXISTS (SELECT 1 FROM offer o WHERE o.case_id = c.id)" \
	") AS item WHERE due <= ?2"

#define MEETING_SQL(W) \
	"SELECT * FROM (" \
	" SELECT c.worker, c.id, " PERSON_NAME ", " ADD_MONTHS(REG, "p.meet_months") " AS due, 3," \
	"  'first-meeting-' || " REG_WORD " || " US " || p.meet_months || " US " || " REG \
	" FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id" \
	" WHERE " W " AND " OPEN " AND p.meet_months IS NOT NULL" \
	"  AND (p.meet_age IS NULL OR (per.birth_date IS NOT NULL" \
	"   AND " AGE_ON("per.birth_date", REG) " <= p.meet_age))" \
	"  AND NOT EXISTS (SELECT 1 FROM contact k WHERE k.case_id = c.id" \
	"   AND k.kind <> 'no-show' AND k.withdrawn_on IS NULL)" \
	") AS item WHERE due <= ?2"

#define DURATION_SQL(W) \
	"SELECT worker, id, name, due, 3," \
	" 'maximum-duration' || " US " || max_months || " US " || renewed || " US " || opened_on" \
	" FROM (" \
	" SELECT *, " ADD_MONTHS("opened_on", "max_months + renewed") " AS due FROM (" \
	"  SELECT c.worker, c.id, " PERSON_NAME " AS name, c.opened_on, p.max_months," \
	"   coalesce((SELECT sum(n.months) FROM renewal n WHERE n.case_id = c.id), 0) AS renewed" \
	"  FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id" \
	"  WHERE " W " AND " OPEN " AND p.max_months IS NOT NULL LIMIT " NO_LIMIT ") AS d) AS due_on" \
	" WHERE due <= ?2"

/*
 * closed_on as an expression, not a column: read the cases in their own
 * order, not through the index in closing order. No follow-up is asked after a death.
 */
#define FOLLOW_UP_SQL(W) \
	"SELECT * FROM (" \
	" SELECT c.worker, c.id, " PERSON_NAME ", " ADD_MONTHS("c.closed_on", "f.months") " AS due, 4," \
	"  'follow-up' || " US " || f.months || " US " || c.closed_on" \
	" FROM cases c CROSS JOIN f ON f.programme = c.programme JOIN person per ON per.id = c.person_id" \
	" WHERE " W " AND c.state = 'closed' AND c.closed_on || '' IS NOT NULL" \
	"  AND c.outcome IS DISTINCT FROM 'deceased'" \
	"  AND NOT EXISTS (SELECT 1 FROM follow_up u WHERE u.case_id = c.id" \
	"   AND u.months = f.months)" \
	") AS item WHERE due <= ?2"

#define SIGNED_BY(role) \
	"EXISTS (SELECT 1 FROM plan_signature g WHERE g.case_id = c.id" \
	" AND g.version = c.plan_version AND g.role = '" role "')"
#define SIGNATURE_SQL(W) \
	"SELECT * FROM (" \
	" SELECT c.worker, c.id, " PERSON_NAME ", cm_add_days(c.opened_on, p.sign_days) AS due, 5," \
	"  CASE WHEN " SIGNED_BY("client") " THEN 'signature-worker'" \
	"  WHEN " SIGNED_BY("worker") " THEN 'signature-client' ELSE 'signature-both' END" \
	"  || " US " || c.plan_version || " US " || p.sign_days" \
	" FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id" \
	" WHERE " W " AND " ACTIVE " AND p.sign_days IS NOT NULL" \
	"  AND NOT (" SIGNED_BY("client") " AND " SIGNED_BY("worker") ")" \
	") AS item WHERE due <= ?2"

/*
 * The age limit holds for the whole accompaniment (« jusqu'à 24 ans au
 * maximum », seed 000): the case is due to end the day the person passes
 * the programme's maximum age, and stays overdue while it is open.
 */
#define AGE_LIMIT_SQL(W) \
	"SELECT * FROM (" \
	" SELECT c.worker, c.id, " PERSON_NAME ", cm_add_years(per.birth_date, p.max_age + 1)" \
	"  AS due, 3, 'age-limit' || " US " || p.max_age || " US " || c.programme" \
	" FROM cases c CROSS JOIN p ON p.id = c.programme JOIN person per ON per.id = c.person_id" \
	" WHERE " W " AND " OPEN " AND p.max_age IS NOT NULL AND per.birth_date IS NOT NULL" \
	") AS item WHERE due <= ?2"

#define WITHDRAWN_SQL(W) \
	"SELECT c.worker, c.id, " PERSON_NAME ", c.state_since, 3," \
	" 'consent-withdrawn' || " US " || c.state_since" \
	" FROM cases c JOIN person per ON per.id = c.person_id" \
	" WHERE " W " AND c.state = 'suspended'" \
	" AND c.suspend_reason = '" CM_CONSENT_WITHDRAWN_REASON "' AND c.state_since <= ?2"

/*
 * Due dates are YYYY-MM-DD, so in text order the most overdue come first.
 * One sort of the whole union, rather than an ORDER BY on the compound,
 * which sorts each branch apart (more sorters, more memory) and lets SQLite
 * walk the cases through the index on worker to spare a branch its sort:
 * that reads every page of the table once per worker, a worker's cases
 * being spread over all of them.
 */
#define REMIND_SQL(W) \
	RULES_CTE "SELECT * FROM (" \
	CONTACT_SQL(W) " UNION ALL " ACTION_SQL(W) " UNION ALL " REFERRAL_SQL(W) \
	" UNION ALL " OFFER_SQL(W) " UNION ALL " MEETING_SQL(W) " UNION ALL " DURATION_SQL(W) \
	" UNION ALL " FOLLOW_UP_SQL(W) " UNION ALL " SIGNATURE_SQL(W) " UNION ALL " WITHDRAWN_SQL(W) \
	" UNION ALL " AGE_LIMIT_SQL(W) " UNION ALL " OPERATOR_REPORT_SQL(W) \
	") AS items ORDER BY 1, 4, 2, 5, 6"

static const char all_sql[] = REMIND_SQL(CM_SCOPE("c.worker"));
static const char worker_sql[] = REMIND_SQL("c.worker = ?1 AND " CM_SCOPE("c.worker"));

/* By the kind column of the query. */
static const char *const kinds[] = {
	"contact", "action", "referral-feedback", "deadline", "follow-up", "plan-signature",
};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

/*
 * The what of an item: the query gives a variant and its values separated
 * by US (\037), in an order that sorts like the sentence; the sentence is
 * made here, in English for scripts and in the user's language for text.
 */static long num(const char *s)
{
	return s ? strtol(s, NULL, 10) : 0;
}

static char *say(int tr, const char *variant, const char *const *v)
{
	char *out = NULL;
	int n = -1;

	if (strcmp(variant, "contact-none") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "no contact since intake on %s; every %ld day",
						  "no contact since intake on %s; every %ld days",
						  (unsigned long)num(v[1])), v[0], num(v[1]));
	else if (strcmp(variant, "contact-last") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "last contact %s; every %ld day",
						  "last contact %s; every %ld days",
						  (unsigned long)num(v[1])), v[0], num(v[1]));
	else if (strcmp(variant, "action") == 0)
		n = asprintf(&out, cm_gettext_if(tr, "action %s (%s): %s"), v[0],
			     tr ? C_("owner", v[1]) : v[1], v[2]);
	else if (strcmp(variant, "operator-report") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "report from %s on referral %s, due every %ld month",
						  "report from %s on referral %s, due every %ld months",
						  (unsigned long)num(v[2])), v[0], v[1], num(v[2]));
	else if (strcmp(variant, "feedback") == 0)
		n = asprintf(&out, cm_gettext_if(tr, "feedback from %s on referral %s (sent %s)"),
			     v[0], v[1], v[2]);
	else if (strcmp(variant, "offer-intake") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "offer (job, education, apprenticeship or "
						  "traineeship) within %ld month of intake on %s",
						  "offer (job, education, apprenticeship or "
						  "traineeship) within %ld months of intake on %s",
						  (unsigned long)num(v[0])), num(v[0]), v[1]);
	else if (strcmp(variant, "offer-registration") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "offer (job, education, apprenticeship or "
						  "traineeship) within %ld month of registration on %s",
						  "offer (job, education, apprenticeship or "
						  "traineeship) within %ld months of registration on %s",
						  (unsigned long)num(v[0])), num(v[0]), v[1]);
	else if (strcmp(variant, "offer-unemployment") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "offer (job, education, apprenticeship or "
						  "traineeship) within %ld month of becoming unemployed "
						  "on %s",
						  "offer (job, education, apprenticeship or "
						  "traineeship) within %ld months of becoming unemployed "
						  "on %s",
						  (unsigned long)num(v[0])), num(v[0]), v[1]);
	else if (strcmp(variant, "offer-education") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "offer (job, education, apprenticeship or "
						  "traineeship) within %ld month of leaving education "
						  "on %s",
						  "offer (job, education, apprenticeship or "
						  "traineeship) within %ld months of leaving education "
						  "on %s",
						  (unsigned long)num(v[0])), num(v[0]), v[1]);
	else if (strcmp(variant, "first-meeting-intake") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "first meeting within %ld month of intake on %s",
						  "first meeting within %ld months of intake on %s",
						  (unsigned long)num(v[0])), num(v[0]), v[1]);
	else if (strcmp(variant, "first-meeting-registration") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "first meeting within %ld month of "
						  "registration on %s",
						  "first meeting within %ld months of registration on %s",
						  (unsigned long)num(v[0])), num(v[0]), v[1]);
	else if (strcmp(variant, "maximum-duration") == 0 && num(v[1]) > 0)
		n = asprintf(&out, cm_ngettext_if(tr, "maximum duration of %ld months plus %ld month "
						  "of renewal (opened %s)",
						  "maximum duration of %ld months plus %ld months "
						  "of renewal (opened %s)",
						  (unsigned long)num(v[1])), num(v[0]), num(v[1]), v[2]);
	else if (strcmp(variant, "maximum-duration") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "maximum duration of %ld month (opened %s)",
						  "maximum duration of %ld months (opened %s)",
						  (unsigned long)num(v[0])), num(v[0]), v[2]);
	else if (strcmp(variant, "follow-up") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "follow-up %ld month after exit on %s",
						  "follow-up %ld months after exit on %s",
						  (unsigned long)num(v[0])), num(v[0]), v[1]);
	else if (strcmp(variant, "signature-worker") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "plan version %s not signed by the worker "
						  "(required within %ld day of intake)",
						  "plan version %s not signed by the worker "
						  "(required within %ld days of intake)",
						  (unsigned long)num(v[1])), v[0], num(v[1]));
	else if (strcmp(variant, "signature-client") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "plan version %s not signed by the client "
						  "(required within %ld day of intake)",
						  "plan version %s not signed by the client "
						  "(required within %ld days of intake)",
						  (unsigned long)num(v[1])), v[0], num(v[1]));
	else if (strcmp(variant, "signature-both") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "plan version %s not signed by the client and "
						  "the worker (required within %ld day of intake)",
						  "plan version %s not signed by the client and "
						  "the worker (required within %ld days of intake)",
						  (unsigned long)num(v[1])), v[0], num(v[1]));
	else if (strcmp(variant, "age-limit") == 0)
		n = asprintf(&out, cm_ngettext_if(tr, "end of the accompaniment: programme %s "
						  "takes people up to %ld year old",
						  "end of the accompaniment: programme %s "
						  "takes people up to %ld years old",
						  (unsigned long)num(v[0])), v[1], num(v[0]));
	else if (strcmp(variant, "consent-withdrawn") == 0)
		n = asprintf(&out, cm_gettext_if(tr, "consent to case management withdrawn on %s: "
						 "close the case or record renewed consent"), v[0]);
	else if ((out = strdup(variant)))
		n = 0;
	return n < 0 ? NULL : out;
}

/*
 * Takes raw (the query's variant and values); returns the English sentence,
 * *text the translated one unless english_only (then NULL).
 */
static char *compose_what(char *raw, int english_only, char **text)
{
	const char *v[4] = { NULL, NULL, NULL, NULL };
	char *p, *english;
	int i;

	*text = NULL;
	if (!raw)
		return NULL;
	for (p = raw, i = 0; i < 4 && (p = strchr(p, '\037')); i++) {
		*p++ = '\0';
		v[i] = p;
	}
	for (; i < 4; i++)
		v[i] = "";
	english = say(0, raw, v);
	if (!english_only)
		*text = say(1, raw, v);
	free(raw);
	return english;
}

struct item {
	struct cm_remind_item pub;
	char *person, *due, *what, *text;
};

/* The items of the worker being read; the next worker's first row ends them. */
struct run {
	struct cm_store *s;
	cm_days today;
	char horizon[CM_DATE_LEN];
	char *worker;
	struct item *items;
	size_t n, cap;
	cm_remind_fn *fn;
	void *arg;
	int english_only;
	long long count;
	struct cm_error *err;
};

static void clear_items(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->items[i].person);
		free(r->items[i].due);
		free(r->items[i].what);
		free(r->items[i].text);
	}
	r->n = 0;
}

static int add_item(struct run *r, struct cm_stmt *st)
{
	struct item *it;
	cm_days due;
	int kind;

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
	kind = cm_stmt_column_int(st, 4);
	it->pub.case_id = cm_stmt_column_int64(st, 1);
	it->pub.kind = kinds[kind >= 0 && kind < (int)KIND_COUNT ? kind : 0];
	it->person = cm_sql_column_dup(st, 2);
	it->due = cm_sql_column_dup(st, 3);
	it->what = compose_what(cm_sql_column_dup(st, 5), r->english_only, &it->text);
	r->n++;
	if (!it->due || !it->what || cm_date_parse_iso(it->due, &due) < 0)
		return cm_error_set(r->err, CM_EDB, "case %lld has a bad %s date",
				    (long long)it->pub.case_id, it->pub.kind);
	it->pub.overdue_days = (long)(r->today - due);
	return 0;
}

/* Hand the current worker's items, already in order, to the callback. */
static int flush_worker(struct run *r)
{
	size_t i;
	struct cm_remind_item *pub;
	int rc;

	if (r->n == 0)
		return 0;
	/* The callback wants an array of the public part: lay it out beside. */
	pub = malloc(r->n * sizeof *pub);
	if (!pub)
		return cm_error_set(r->err, CM_ENOMEM, "out of memory");
	for (i = 0; i < r->n; i++) {
		pub[i] = r->items[i].pub;
		pub[i].worker = r->worker;
		pub[i].person = r->items[i].person;
		pub[i].due = r->items[i].due;
		pub[i].what = r->items[i].what;
		pub[i].what_text = r->items[i].text ? r->items[i].text : r->items[i].what;
	}
	r->count += (long long)r->n;
	rc = r->fn(r->worker, pub, r->n, r->arg);
	free(pub);
	clear_items(r);
	return rc;
}

/* A row of another worker than the current one ends the current worker's items. */
static int take_row(struct run *r, struct cm_stmt *st)
{
	const char *worker = cm_stmt_column_text(st, 0);
	int rc;

	if (!worker)
		worker = "";
	if (!r->worker || strcmp(r->worker, worker) != 0) {
		rc = flush_worker(r);
		if (rc < 0)
			return rc;
		free(r->worker);
		r->worker = strdup(worker);
		if (!r->worker)
			return cm_error_set(r->err, CM_ENOMEM, "out of memory");
	}
	return add_item(r, st);
}

static int run_query(struct run *r, const char *worker)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare_stream(r->s, worker ? worker_sql : all_sql, &st, r->err);
	if (rc < 0)
		return rc;
	if (worker)
		cm_stmt_bind_text(st, 1, worker, -1);
	cm_stmt_bind_text(st, 2, r->horizon, -1);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		rc = take_row(r, st);
		if (rc < 0)
			break;
	}
	if (rc < 0)
		;	/* the item or the callback failed, and said why */
	else if (rc != CM_DB_DONE)
		rc = cm_sql_fail(r->s, rc, r->err, "find reminders");
	else
		rc = flush_worker(r);
	cm_stmt_finalize(st);
	return rc;
}

static int log_query(struct cm_store *s, const struct cm_remind_opts *o, long long n,
		     struct cm_error *err)
{
	char query[160];

	snprintf(query, sizeof query, "remind %s%s --within %d", o->all ? "--all" : "--worker ",
		 o->all ? "" : o->worker, o->within_days);
	return cm_access_log_query(s, query, n, err);
}

int cm_remind(struct cm_store *s, const struct cm_remind_opts *o, cm_remind_fn *fn, void *arg,
	      long long *count, struct cm_error *err)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof r);
	r.s = s;
	r.err = err;
	r.fn = fn;
	r.arg = arg;
	r.english_only = o->english_only;
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
	if (!o->all)
		rc = cm_worker_check(s, o->worker, err);
	/* The lock first, so the access record after the listing cannot be refused. */
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = run_query(&r, o->all ? NULL : o->worker);
	if (rc == 0)
		rc = log_query(s, o, r.count, err);
	if (rc == 0)
		rc = cm_store_commit(s, err);
	else
		cm_store_rollback(s);
	clear_items(&r);
	free(r.items);
	free(r.worker);
	if (count)
		*count = r.count;
	return rc;
}

/* For people, the signed number of days in words: "due in 3 days", "2 days late". */
static void say_when(long overdue, char *buf, size_t size)
{
	unsigned long n = (unsigned long)(overdue < 0 ? -overdue : overdue);

	if (overdue > 0)
		snprintf(buf, size, Q_("%lu day late", "%lu days late", n), n);
	else if (overdue < 0)
		snprintf(buf, size, Q_("due in %lu day", "due in %lu days", n), n);
	else
		snprintf(buf, size, "%s", _("due today"));
}

void cm_remind_emit_item(struct cm_emit *e, const struct cm_remind_item *it, int with_worker)
{
	int text = cm_emit_format(e) == CM_FORMAT_TEXT;
	char when[64];

	cm_emit_begin(e);
	cm_emit_int(e, "case", it->case_id);
	if (with_worker)
		cm_emit_str(e, "worker", it->worker);
	cm_emit_str(e, "person", it->person);
	cm_emit_str(e, "kind", it->kind);
	cm_emit_str(e, "due", it->due);
	if (text) {
		say_when(it->overdue_days, when, sizeof when);
		cm_emit_str_shown(e, "when", when);
	} else {
		cm_emit_int(e, "overdue_days", it->overdue_days);
	}
	if (text && it->what_text)
		cm_emit_str_shown(e, "what", it->what_text);
	else
		cm_emit_str(e, "what", it->what);
	cm_emit_end(e);
}
