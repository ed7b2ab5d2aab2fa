/*
 * Referrals: the client sent to a partner, with exactly the fields shared,
 * the consent relied on and the date, so the disclosure register can say
 * what went to whom, when, and under which consent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "cm/audit.h"
#include "cm/case.h"
#include "cm/emit.h"
#include "cm/partner.h"
#include "cm/programme.h"
#include "cm/referral.h"
#include "cm/state.h"
#include "cm/store.h"
#include "access_impl.h"
#include "cm/access.h"
#include "cm/i18n.h"
#include "sql.h"
#include "workflow.h"

/* In bit order: CM_SHARE_FIRST_NAME is cm_share_names[0]. */
const char *const cm_share_names[] = {
	"first_name", "last_name", "birth_date", "phone", "email", "postcode", "language",
	"assessment", "plan", NULL,
};
#define SHARE_COUNT 9
#define SHARE_TEXT_LEN 128
#define OPEN_STATUSES "('sent','accepted','started')"

int cm_share_parse(const char *list, unsigned *fields, struct cm_error *err)
{
	const char *p = list, *end;
	char allowed[SHARE_TEXT_LEN];
	size_t i, len;

	*fields = 0;
	if (strcmp(list, "none") == 0)
		return 0;
	cm_wf_join(cm_share_names, allowed, sizeof allowed);
	for (; *p; p = end ? end + 1 : p + len) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < SHARE_COUNT; i++)
			if (strlen(cm_share_names[i]) == len && strncmp(cm_share_names[i], p, len) == 0)
				break;
		if (i == SHARE_COUNT)
			return cm_error_set(err, CM_EUSAGE, "cannot share unknown field '%.*s' (%s, or none)",
					    (int)len, p, allowed);
		*fields |= 1u << i;
	}
	if (!*fields)
		return cm_error_set(err, CM_EUSAGE, "no field to share (%s, or none)", allowed);
	return 0;
}

/* The canonical text of the fields shared, in allow-list order; "" for none. */
static void share_text(unsigned fields, char out[SHARE_TEXT_LEN])
{
	int i;

	out[0] = '\0';
	for (i = 0; i < SHARE_COUNT; i++) {
		if (!(fields & (1u << i)))
			continue;
		if (out[0])
			strcat(out, ",");
		strcat(out, cm_share_names[i]);
	}
}

static int sharing_consent(struct cm_store *s, int64_t case_id, int64_t *consent_id,
			   struct cm_error *err)
{
	int given, rc = cm_consent_current(s, case_id, CM_CONSENT_SHARE_PARTNERS, &given,
					   consent_id, err);

	if (rc == 0 && !given)
		rc = cm_error_set(err, CM_EFAIL,
				  "case %lld has no current consent to share data with partners;"
				  " record it with 'cm consent %lld give share-partners'"
				  " or refer with --share none", (long long)case_id, (long long)case_id);
	return rc;
}

/* The network works by conventions, "pas ... des contacts établis entre personnes" (seed 000). */
static int agreement_check(struct cm_store *s, int64_t case_id, const struct cm_referral_in *in,
			   const char *partner, struct cm_error *err)
{
	struct cm_programme_rules rules;
	struct cm_stmt *st;
	int rc, has;

	rc = cm_sql_prepare(s, "SELECT agreement_ref IS NOT NULL AND agreement_ref <> ''"
			       " FROM partner WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, in->partner);
	has = cm_stmt_step(st) == CM_DB_ROW && cm_stmt_column_int(st, 0);
	cm_stmt_finalize(st);
	if (has)
		return 0;
	rc = cm_programme_rules_for_case(s, case_id, &rules, err);
	if (rc == 0 && rules.referral_requires_agreement)
		return cm_error_set(err, CM_EFAIL,
				    "partner %lld (%s) has no recorded agreement, which programme %s"
				    " requires; record it with 'cm partner edit %lld --agreement REF'",
				    (long long)in->partner, partner, rules.id, (long long)in->partner);
	if (rc == 0 && in->warning)
		cm_error_set(in->warning, CM_EFAIL,
			     "partner %lld (%s) has no recorded agreement; the network should work"
			     " by agreements between institutions", (long long)in->partner, partner);
	return rc;
}

static int feedback_days(struct cm_store *s, int64_t case_id, int asked, long *days,
			 struct cm_error *err)
{
	struct cm_programme_rules rules;
	int rc;

	*days = asked > 0 ? asked : CM_REFERRAL_FEEDBACK_DAYS;
	if (asked > 0)
		return 0;
	rc = cm_programme_rules_for_case(s, case_id, &rules, err);
	if (rc == 0 && rules.referral_feedback_days > 0)
		*days = rules.referral_feedback_days;
	return rc;
}

static int add_status_row(struct cm_store *s, int64_t id, const char *status, const char *on,
			  const char *feedback, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO referral_status(referral_id, status, on_date, feedback)"
			       " VALUES (?, ?, ?, ?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	cm_sql_bind_text(st, 2, status);
	cm_sql_bind_text(st, 3, on);
	cm_sql_bind_text(st, 4, feedback);
	rc = cm_sql_step_done(s, st, err, "record referral status");
	cm_stmt_finalize(st);
	return rc;
}

struct new_referral {
	int64_t case_id, consent_id;
	const struct cm_referral_in *in;
	char shared[SHARE_TEXT_LEN], today[CM_DATE_LEN], due[CM_DATE_LEN];
	const char *partner_name;
};

static int insert_referral(struct cm_store *s, const struct new_referral *r, int64_t *id,
			   struct cm_error *err)
{
	char summary[512];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO referral(case_id, partner_id, reason, shared, consent_id,"
			       " sent_on, status, status_on, feedback_due)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'sent', ?6, ?7)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, r->case_id);
	cm_stmt_bind_int64(st, 2, r->in->partner);
	cm_sql_bind_text(st, 3, r->in->reason);
	cm_sql_bind_text(st, 4, r->shared);
	if (r->consent_id)
		cm_stmt_bind_int64(st, 5, r->consent_id);
	cm_sql_bind_text(st, 6, r->today);
	cm_sql_bind_text(st, 7, r->due);
	rc = cm_sql_step_done(s, st, err, "record referral");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	*id = cm_db_last_id(cm_store_db(s));
	rc = add_status_row(s, *id, "sent", r->today, NULL, err);
	if (r->consent_id)
		snprintf(summary, sizeof summary, "referral %lld to partner %lld (%s): shared %s"
			 " under consent %lld", (long long)*id, (long long)r->in->partner,
			 r->partner_name, r->shared, (long long)r->consent_id);
	else
		snprintf(summary, sizeof summary, "referral %lld to partner %lld (%s): nothing shared",
			 (long long)*id, (long long)r->in->partner, r->partner_name);
	if (rc == 0)
		rc = cm_wf_audit_row(s, "referral", *id, r->case_id, summary, NULL, err);
	return rc;
}

static int referral_tx(struct cm_store *s, struct new_referral *r, int64_t *id,
		       struct cm_error *err)
{
	char state[CM_STATE_LEN], *name = NULL;
	cm_days today;
	long days;
	int rc;

	rc = cm_state_require_open(s, r->case_id, state, err);
	if (rc == 0)
		rc = cm_wf_consent_guard(s, r->case_id, CM_WF_REFERRAL, err);
	if (rc == 0)
		rc = cm_partner_check(s, r->in->partner, 1, &name, err);
	if (rc == 0)
		rc = agreement_check(s, r->case_id, r->in, name, err);
	if (rc == 0 && r->in->share)
		rc = sharing_consent(s, r->case_id, &r->consent_id, err);
	if (rc == 0)
		rc = feedback_days(s, r->case_id, r->in->feedback_days, &days, err);
	if (rc == 0)
		rc = cm_date_today(&today, err);
	if (rc == 0) {
		cm_date_format(today, r->today);
		cm_date_format(today + days, r->due);
		share_text(r->in->share, r->shared);
		r->partner_name = name;
		rc = insert_referral(s, r, id, err);
	}
	free(name);
	return rc;
}

int cm_referral_add(struct cm_store *s, int64_t case_id, const struct cm_referral_in *in,
		    int64_t *id, struct cm_error *err)
{
	struct new_referral r = { .case_id = case_id, .in = in };
	int rc;

	if (!in->reason || !in->reason[0])
		return cm_error_set(err, CM_EUSAGE, "a referral needs a reason");
	if (in->feedback_days < 0 || in->feedback_days > 365)
		return cm_error_set(err, CM_EUSAGE, "feedback days must be 1 to 365");
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = referral_tx(s, &r, id, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

/* Where each status may go next; closed statuses go nowhere. */
static const char *next_statuses(const char *from)
{
	if (strcmp(from, "sent") == 0)
		return "accepted, declined, cancelled";
	if (strcmp(from, "accepted") == 0)
		return "started, cancelled";
	if (strcmp(from, "started") == 0)
		return "completed, no-show, cancelled";
	return NULL;
}

static int allowed_move(const char *from, const char *to)
{
	const char *next = next_statuses(from), *p;
	size_t n = strlen(to);

	for (p = next ? strstr(next, to) : NULL; p; p = strstr(p + 1, to))
		if ((p == next || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

struct referral_row {
	int64_t case_id, consent_id;
	char status[16], status_on[CM_DATE_LEN], sent_on[CM_DATE_LEN];
	char shared[SHARE_TEXT_LEN];
	char *partner_name, *reason;
};

static void referral_row_release(struct referral_row *r)
{
	free(r->partner_name);
	free(r->reason);
}

static int load_referral(struct cm_store *s, int64_t id, struct referral_row *r,
			 struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	memset(r, 0, sizeof *r);
	rc = cm_sql_prepare(s, "SELECT r.case_id, r.status, r.status_on, r.sent_on, r.shared,"
			       " r.consent_id, p.name, r.reason FROM referral r"
			       " JOIN partner p ON p.id = r.partner_id JOIN cases c ON c.id = r.case_id"
			       " WHERE r.id = ? AND " CM_SCOPE("c.worker"), &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	rc = cm_sql_step_one(s, st, "referral", id, err);
	if (rc == 0) {
		r->case_id = cm_stmt_column_int64(st, 0);
		snprintf(r->status, sizeof r->status, "%s", cm_stmt_column_text(st, 1));
		snprintf(r->status_on, sizeof r->status_on, "%s", cm_stmt_column_text(st, 2));
		snprintf(r->sent_on, sizeof r->sent_on, "%s", cm_stmt_column_text(st, 3));
		snprintf(r->shared, sizeof r->shared, "%s", cm_stmt_column_text(st, 4));
		r->consent_id = cm_stmt_column_int64(st, 5);
		r->partner_name = cm_sql_column_dup(st, 6);
		r->reason = cm_sql_column_dup(st, 7);
		rc = r->partner_name && r->reason ? 0 : cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	cm_stmt_finalize(st);
	return rc;
}

/* why (may be NULL) explains a change the partner did not report, in the log. */
static int set_status(struct cm_store *s, int64_t id, const struct referral_row *r,
		      const char *status, const char *on, const char *feedback, const char *why,
		      struct cm_error *err)
{
	char *before = cm_sql_row_json(s, "referral", "id", id), summary[320];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "UPDATE referral SET status = ?1, status_on = ?2,"
			       " feedback = coalesce(?3, feedback),"
			       " feedback_on = CASE WHEN ?3 IS NULL THEN feedback_on ELSE ?2 END"
			       " WHERE id = ?4", &st, err);
	if (rc == 0) {
		cm_sql_bind_text(st, 1, status);
		cm_sql_bind_text(st, 2, on);
		cm_sql_bind_text(st, 3, feedback);
		cm_stmt_bind_int64(st, 4, id);
		rc = cm_sql_step_done(s, st, err, "update referral");
		cm_stmt_finalize(st);
	}
	if (rc == 0)
		rc = add_status_row(s, id, status, on, feedback, err);
	snprintf(summary, sizeof summary, "referral %lld: %s -> %s%s%s%s", (long long)id, r->status,
		 status, feedback ? ", with feedback" : "", why ? ": " : "", why ? why : "");
	if (rc == 0)
		rc = cm_wf_audit_row(s, "referral", id, r->case_id, summary, before, err);
	free(before);
	return rc;
}

static int check_move(int64_t id, const struct referral_row *r, const char *status,
		      const char *on, struct cm_error *err)
{
	const char *next = next_statuses(r->status);

	if (!next)
		return cm_error_set(err, CM_ESTATE, "referral %lld is %s and closed", (long long)id,
				    C_("status", r->status));
	if (!allowed_move(r->status, status))
		return cm_error_set(err, CM_ESTATE, "referral %lld is %s; it can become %s",
				    (long long)id, C_("status", r->status), next);
	if (strcmp(on, r->status_on) < 0)
		return cm_error_set(err, CM_EUSAGE, "date '%s' is before referral %lld's last status"
				    " change (%s)", on, (long long)id, r->status_on);
	return 0;
}

/*
 * Feedback without a change of status: a report from the partner on a
 * referral under way (an operator's regular report).
 */
static int check_report(int64_t id, const struct referral_row *r, const char *on,
			struct cm_error *err)
{
	if (!next_statuses(r->status))
		return cm_error_set(err, CM_ESTATE, "referral %lld is %s and closed", (long long)id,
				    C_("status", r->status));
	if (strcmp(on, r->status_on) < 0)
		return cm_error_set(err, CM_EUSAGE, "date '%s' is before referral %lld's last status"
				    " change (%s)", on, (long long)id, r->status_on);
	return 0;
}

const char *const cm_referral_statuses[] = {
	"accepted", "declined", "started", "completed", "no-show", "cancelled", NULL,
};

int cm_referral_update(struct cm_store *s, int64_t id, const char *status, const char *date,
		       const char *feedback, struct cm_error *err)
{
	struct referral_row r;
	char on[CM_DATE_LEN], list[128];
	int rc;

	if (!status && !(feedback && feedback[0]))
		return cm_error_set(err, CM_EUSAGE, "a referral update needs a status or feedback");
	if (status && !cm_wf_one_of(status, cm_referral_statuses)) {
		cm_wf_join(cm_referral_statuses, list, sizeof list);
		return cm_error_set(err, CM_EUSAGE, "unknown referral status '%s' (%s)", status, list);
	}
	rc = cm_wf_date_arg("date", date, on, NULL, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = load_referral(s, id, &r, err);
	if (rc == 0 && !status)
		rc = check_report(id, &r, on, err);
	else if (rc == 0)
		rc = check_move(id, &r, status, on, err);
	if (rc == 0 && !status)
		status = r.status;
	if (rc == 0)
		rc = set_status(s, id, &r, status, on, feedback && feedback[0] ? feedback : NULL,
				NULL, err);
	referral_row_release(&r);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

static const char *col(struct cm_stmt *st, int i)
{
	return cm_stmt_column_text(st, i);
}

int cm_referral_emit_list(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			  struct cm_error *err)
{
	struct cm_stmt *st;
	int64_t consent_id;
	int rc, given;

	rc = cm_consent_current(s, case_id, CM_CONSENT_SHARE_PARTNERS, &given, &consent_id, err);
	if (rc == 0)
		rc = cm_sql_prepare(s, "SELECT r.id AS referral, r.partner_id AS partner,"
				       " p.name AS partner_name, r.sent_on, r.status, r.status_on,"
				       " r.feedback_due, r.feedback,"
				       " CASE r.shared WHEN '' THEN 'none' ELSE r.shared END AS shared,"
				       " r.consent_id AS consent, r.status IN " OPEN_STATUSES
				       " FROM referral r"
				       " JOIN partner p ON p.id = r.partner_id"
				       " WHERE r.case_id = ? ORDER BY r.id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_emit_begin_list(e);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		cm_emit_begin(e);
		cm_sql_emit_columns(e, st, 0, 10);
		cm_emit_str(e, "warning", cm_stmt_column_int(st, 10) && strcmp(col(st, 8), "none") && !given
						  ? "consent withdrawn" : NULL);
		cm_emit_end(e);
	}
	cm_emit_end_list(e);
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "list referrals");
}

int cm_referral_emit_register(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			      struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT r.id AS referral, r.case_id AS \"case\", r.sent_on,"
			       " r.partner_id AS partner, p.name AS partner_name,"
			       " CASE r.shared WHEN '' THEN 'none' ELSE r.shared END AS shared,"
			       " r.consent_id AS consent, k.on_date AS consent_on FROM referral r"
			       " JOIN partner p ON p.id = r.partner_id"
			       " LEFT JOIN consent k ON k.id = r.consent_id"
			       " WHERE r.case_id IN (SELECT id FROM cases WHERE person_id ="
			       " (SELECT person_id FROM cases WHERE id = ?))"
			       " ORDER BY r.sent_on, r.id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	return cm_sql_emit_rows(s, st, e, err, "read the disclosure register");
}

/* Person fields by the name of their column (the share names are the column names). */
static int add_person_fields(struct cm_store *s, int64_t case_id, unsigned fields, cJSON *obj,
			     struct cm_error *err)
{
	struct cm_stmt *st;
	int i, rc;

	rc = cm_sql_prepare(s, "SELECT p.first_name, p.last_name, p.birth_date, p.phone, p.email,"
			       " p.postcode, p.language FROM cases c JOIN person p ON p.id = c.person_id"
			       " WHERE c.id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	for (i = 0; rc == CM_DB_ROW && i < 7; i++) {
		if (!(fields & (1u << i)))
			continue;
		if (cm_stmt_column_type(st, i) == CM_DB_NULL)
			cJSON_AddNullToObject(obj, cm_share_names[i]);
		else
			cJSON_AddStringToObject(obj, cm_share_names[i], col(st, i));
	}
	rc = rc == CM_DB_ROW ? 0 : cm_sql_fail(s, rc, err, "read person");
	cm_stmt_finalize(st);
	return rc;
}

/* The latest assessment's domain scores, without their notes: scores are what was agreed. */
static int add_assessment(struct cm_store *s, int64_t case_id, cJSON *obj,
			  struct cm_error *err)
{
	struct cm_stmt *st;
	cJSON *scores = NULL;
	int rc;

	rc = cm_sql_prepare(s, "SELECT domain, score FROM assessment_score WHERE assessment_id ="
			       " (SELECT id FROM assessment WHERE case_id = ?"
			       " ORDER BY on_date DESC, id DESC LIMIT 1) ORDER BY domain", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		if (!scores)
			scores = cJSON_AddObjectToObject(obj, "assessment");
		cJSON_AddNumberToObject(scores, col(st, 0), cm_stmt_column_int(st, 1));
	}
	if (!scores && rc == CM_DB_DONE)
		cJSON_AddNullToObject(obj, "assessment");
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read assessment");
}

static int add_plan(struct cm_store *s, int64_t case_id, cJSON *obj, struct cm_error *err)
{
	cJSON *goals = cJSON_AddArrayToObject(obj, "plan");
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT text FROM goal WHERE case_id = ? AND status <> 'dropped'"
			       " ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW)
		cJSON_AddItemToArray(goals, cJSON_CreateString(col(st, 0)));
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read plan");
}

static int build_packet(struct cm_store *s, int64_t id, const struct referral_row *r,
			char **json, struct cm_error *err)
{
	unsigned fields = 0;
	cJSON *obj = cJSON_CreateObject();
	size_t len;
	FILE *out;
	int rc = 0;

	if (!obj)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	if (r->shared[0])
		rc = cm_share_parse(r->shared, &fields, err);
	cJSON_AddNumberToObject(obj, "referral", (double)id);
	cJSON_AddStringToObject(obj, "date", r->sent_on);
	cJSON_AddStringToObject(obj, "partner", r->partner_name);
	cJSON_AddStringToObject(obj, "reason", r->reason);
	if (rc == 0)
		rc = add_person_fields(s, r->case_id, fields, obj, err);
	if (rc == 0 && (fields & CM_SHARE_ASSESSMENT))
		rc = add_assessment(s, r->case_id, obj, err);
	if (rc == 0 && (fields & CM_SHARE_PLAN))
		rc = add_plan(s, r->case_id, obj, err);
	/* Printed the way every JSON output of cm is, into a string for the caller. */
	if (rc == 0) {
		out = open_memstream(json, &len);
		if (!out)
			rc = cm_error_set(err, CM_ENOMEM, "out of memory");
		else {
			cm_emit_json_tree(out, obj);
			if (fclose(out) != 0) {
				free(*json);
				*json = NULL;
				rc = cm_error_set(err, CM_ENOMEM, "out of memory");
			}
		}
	}
	cJSON_Delete(obj);
	return rc;
}

static int is_open_status(const char *status)
{
	return strcmp(status, "sent") == 0 || strcmp(status, "accepted") == 0 ||
	       strcmp(status, "started") == 0;
}

static int packet_tx(struct cm_store *s, int64_t id, char **json, struct cm_error *err)
{
	struct referral_row r;
	char summary[256];
	int64_t consent_id;
	int rc, given = 1;

	rc = load_referral(s, id, &r, err);
	/* The packet goes with a referral in progress; printing it later would be a new disclosure. */
	if (rc == 0 && !is_open_status(r.status))
		rc = cm_error_set(err, CM_EFAIL, "referral %lld is %s; its packet is printed only"
				  " while the referral is open", (long long)id, C_("status", r.status));
	if (rc == 0 && r.shared[0])
		rc = cm_consent_current(s, r.case_id, CM_CONSENT_SHARE_PARTNERS, &given, &consent_id,
					err);
	if (rc == 0 && !given)
		rc = cm_error_set(err, CM_EFAIL, "case %lld has withdrawn consent to share data with"
				  " partners; referral %lld's packet cannot be printed",
				  (long long)r.case_id, (long long)id);
	if (rc == 0)
		rc = cm_access_log_case(s, r.case_id, err);
	if (rc == 0)
		rc = build_packet(s, id, &r, json, err);
	snprintf(summary, sizeof summary, "referral %lld: packet printed for %s (%s)", (long long)id,
		 r.partner_name ? r.partner_name : "?", r.shared[0] ? r.shared : "nothing shared");
	if (rc == 0)
		rc = cm_audit_add(s, "referral", id, r.case_id, summary, NULL, NULL, err);
	referral_row_release(&r);
	return rc;
}

int cm_referral_packet(struct cm_store *s, int64_t id, char **json, struct cm_error *err)
{
	int rc = cm_store_begin(s, err);

	*json = NULL;
	if (rc < 0)
		return rc;
	rc = packet_tx(s, id, json, err);
	if (rc == 0)
		rc = cm_store_commit(s, err);
	else
		cm_store_rollback(s);
	if (rc < 0) {
		free(*json);
		*json = NULL;
	}
	return rc;
}

int cm_referral_emit_show(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			  struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT count(*), min(CASE WHEN feedback_on IS NULL"
			       " THEN feedback_due END) FROM referral"
			       " WHERE case_id = ? AND status IN " OPEN_STATUSES, &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		cm_emit_int(e, "open_referrals", cm_stmt_column_int(st, 0));
		cm_emit_str(e, "next_feedback_due", col(st, 1));
	}
	cm_stmt_finalize(st);
	return rc == CM_DB_ROW ? 0 : cm_sql_fail(s, rc, err, "read referrals");
}

int cm_referral_count_open(struct cm_store *s, int64_t case_id, int *count,
			   struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT count(*) FROM referral WHERE case_id = ?"
			       " AND status IN " OPEN_STATUSES, &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	*count = rc == CM_DB_ROW ? cm_stmt_column_int(st, 0) : 0;
	cm_stmt_finalize(st);
	return rc == CM_DB_ROW ? 0 : cm_sql_fail(s, rc, err, "count referrals");
}

int cm_referral_cancel_open(struct cm_store *s, int64_t case_id, const char *date,
			    const char *why, struct cm_error *err)
{
	struct referral_row r;
	struct cm_stmt *st;
	int64_t *ids = NULL, *grown;
	size_t n = 0, i;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id FROM referral WHERE case_id = ? AND status IN "
			       OPEN_STATUSES " ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		grown = realloc(ids, (n + 1) * sizeof *ids);
		if (!grown)
			break;
		ids = grown;
		ids[n++] = cm_stmt_column_int64(st, 0);
	}
	cm_stmt_finalize(st);
	rc = rc == CM_DB_DONE ? 0 : rc == CM_DB_ROW ? cm_error_set(err, CM_ENOMEM, "out of memory")
						       : cm_sql_fail(s, rc, err, "read referrals");
	for (i = 0; rc == 0 && i < n; i++) {
		rc = load_referral(s, ids[i], &r, err);
		/* A status change is never dated before the last one. */
		if (rc == 0)
			rc = set_status(s, ids[i], &r, "cancelled",
					strcmp(date, r.status_on) < 0 ? r.status_on : date, NULL, why,
					err);
		referral_row_release(&r);
	}
	free(ids);
	return rc;
}
