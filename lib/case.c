/* Intake, screening and consent: how a person and a case come to exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/access.h"
#include "cm/text.h"
#include "cm/audit.h"
#include "cm/case.h"
#include "cm/person.h"
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/programme.h"
#include "cm/state.h"
#include "cm/store.h"
#include "cm/worker.h"
#include "sql.h"
#include "workflow.h"

static const char *const criterion_names[] = {
	"complex", "self-management", "multi-provider", "cooperation",
};
static const char *const scope_names[] = { "case-management", "share-partners" };

static const char *bit_name(const char *const *names, size_t n, unsigned bit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}

const char *cm_criterion_name(unsigned bit)
{
	return bit_name(criterion_names, 4, bit);
}

const char *cm_consent_scope_name(unsigned bit)
{
	return bit_name(scope_names, 2, bit);
}

static int parse_bits(const char *list, const char *const *names, size_t n, const char *what,
		      unsigned *out, struct cm_error *err)
{
	const char *p = list, *end;
	size_t i, len;

	*out = 0;
	if (strcmp(list, "all") == 0) {
		*out = (1u << n) - 1;
		return 0;
	}
	while (*p) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == len && strncmp(names[i], p, len) == 0)
				break;
		if (i == n)
			return cm_error_set(err, CM_EUSAGE, "unknown %s '%.*s'", what, (int)len, p);
		*out |= 1u << i;
		p = end ? end + 1 : p + len;
	}
	if (!*out)
		return cm_error_set(err, CM_EUSAGE, "empty %s list", what);
	return 0;
}

int cm_criteria_parse(const char *list, unsigned *out, struct cm_error *err)
{
	return parse_bits(list, criterion_names, 4, "criterion", out, err);
}

int cm_consent_scopes_parse(const char *list, unsigned *out, struct cm_error *err)
{
	return parse_bits(list, scope_names, 2, "consent scope", out, err);
}

static int one_of(const char *v, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(v, *allowed) == 0)
			return 1;
	return 0;
}

static int check_date(const char *field, const char *v, cm_days today, struct cm_error *err)
{
	cm_days d;

	if (!v)
		return 0;
	if (cm_date_parse_iso(v, &d) < 0)
		return cm_error_set(err, CM_EUSAGE, "invalid %s '%s' (expected YYYY-MM-DD)", field, v);
	if (d > today)
		return cm_error_set(err, CM_EUSAGE, "%s '%s' is in the future", field, v);
	return 0;
}

static int check_name(const char *field, const char *v, struct cm_error *err)
{
	const char *p;

	if (!v)
		return cm_error_set(err, CM_EUSAGE, "%s is required", field);
	for (p = v; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return cm_error_set(err, CM_EUSAGE, "%s must not be empty", field);
	return 0;
}

int cm_person_check_text(const struct cm_person_fields *p, struct cm_error *err)
{
	const struct {
		const char *name, *v;
		enum cm_text_kind kind;
	} f[] = {
		{ "first_name", p->first_name, CM_TEXT_LINE },
		{ "last_name", p->last_name, CM_TEXT_LINE },
		{ "ext_id", p->ext_id, CM_TEXT_LINE },
		{ "source", p->source, CM_TEXT_LINE },
		{ "postcode", p->postcode, CM_TEXT_LINE },
		{ "phone", p->phone, CM_TEXT_LINE },
		{ "email", p->email, CM_TEXT_LINE },
		{ "language", p->language, CM_TEXT_LINE },
		{ "notes", p->notes, CM_TEXT_NOTE },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof f / sizeof f[0]; i++)
		if ((rc = cm_text_check(f[i].name, f[i].v, f[i].kind, err)) < 0)
			return rc;
	return 0;
}

const char *const cm_sexes[] = { "male", "female", "other", "unknown", NULL };
const char *const cm_benefit_statuses[] = { "benefit", "insertion-internship", "none", NULL };
const char *const cm_referral_sources[] = { "pes", "school", "partner", "self", "other", NULL };

static int check_person(const struct cm_person_fields *p, cm_days today, struct cm_error *err)
{
	int rc;

	rc = cm_person_check_text(p, err);
	if (rc == 0)
		rc = check_name("first_name", p->first_name, err);
	if (rc == 0)
		rc = check_name("last_name", p->last_name, err);
	if (rc == 0)
		rc = check_date("birth_date", p->birth_date, today, err);
	if (rc == 0)
		rc = check_date("registered_on", p->registered_on, today, err);
	if (rc == 0)
		rc = check_date("unemployed_since", p->unemployed_since, today, err);
	if (rc == 0)
		rc = check_date("left_education_on", p->left_education_on, today, err);
	if (rc == 0)
		rc = check_date("unemployment_ended_on", p->unemployment_ended_on, today, err);
	if (rc == 0 && p->benefit_status && !one_of(p->benefit_status, cm_benefit_statuses))
		rc = cm_error_set(err, CM_EUSAGE,
				  "invalid benefit status '%s' (benefit, insertion-internship, none)",
				  p->benefit_status);
	if (rc == 0 && p->sex && !one_of(p->sex, cm_sexes))
		rc = cm_error_set(err, CM_EUSAGE,
				  "invalid sex '%s' (male, female, other, unknown)", p->sex);
	if (rc == 0 && p->email && !strchr(p->email, '@'))
		rc = cm_error_set(err, CM_EUSAGE, "invalid email '%s'", p->email);
	if (rc == 0 && p->source && !p->ext_id)
		rc = cm_error_set(err, CM_EUSAGE, "source '%s' given without ext_id", p->source);
	if (rc == 0 && p->ext_id && !*p->ext_id)
		rc = cm_error_set(err, CM_EUSAGE, "ext_id must not be empty");
	return rc;
}

int cm_person_check(const struct cm_person_fields *p, struct cm_error *err)
{
	cm_days today;
	int rc = cm_date_today(&today, err);

	return rc < 0 ? rc : check_person(p, today, err);
}

static int check_intake(struct cm_store *s, const struct cm_intake *in, cm_days today,
			struct cm_error *err)
{
	int rc = check_person(&in->person, today, err);

	if (rc == 0 && in->referral_source && !one_of(in->referral_source, cm_referral_sources))
		rc = cm_error_set(err, CM_EUSAGE,
				  "invalid referral_source '%s' (pes, school, partner, self, other)",
				  in->referral_source);
	if (rc == 0 && in->has_incapacity && (in->incapacity < 0 || in->incapacity > 100))
		rc = cm_error_set(err, CM_EUSAGE, "invalid incapacity %d (a percentage, 0 to 100)",
				  in->incapacity);
	if (rc == 0 && in->worker && !*in->worker)
		rc = cm_error_set(err, CM_EUSAGE, "worker must not be empty");
	if (rc == 0)
		rc = cm_worker_check(s, in->worker ? in->worker : cm_store_user(s), err);
	if (rc == 0 && in->worker)
		rc = cm_access_may_assign(s, in->worker, err);
	if (rc == 0 && in->programme)
		rc = cm_programme_check(s, in->programme, err);
	return rc;
}

/* The existing person with this (source, ext_id), or 0. */
static int find_person(struct cm_store *s, const struct cm_person_fields *p, int64_t *id,
		       struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*id = 0;
	if (!p->ext_id)
		return 0;
	rc = cm_sql_prepare(s, "SELECT id FROM person WHERE source = ? AND ext_id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, p->source ? p->source : "local", -1);
	cm_stmt_bind_text(st, 2, p->ext_id, -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*id = cm_stmt_column_int64(st, 0);
	rc = (rc == CM_DB_ROW || rc == CM_DB_DONE) ? 0 : cm_sql_fail(s, rc, err, "find person");
	cm_stmt_finalize(st);
	return rc;
}

static int insert_person(struct cm_store *s, const struct cm_person_fields *p, const char *now,
			 int64_t *id, struct cm_error *err)
{
	struct cm_stmt *st;
	char summary[256];
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO person(source, ext_id, first_name, last_name, birth_date,"
			       " sex, postcode, phone, email, language, registered_on, notes, created_at,"
			       " unemployed_since, left_education_on, benefit_status, unemployment_ended_on)"
			       " VALUES (coalesce(?, 'local'),?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err);
	if (rc < 0)
		return rc;
	cm_sql_bind_text(st, 1, p->source);
	cm_sql_bind_text(st, 2, p->ext_id);
	cm_sql_bind_text(st, 3, p->first_name);
	cm_sql_bind_text(st, 4, p->last_name);
	cm_sql_bind_text(st, 5, p->birth_date);
	cm_sql_bind_text(st, 6, p->sex);
	cm_sql_bind_text(st, 7, p->postcode);
	cm_sql_bind_text(st, 8, p->phone);
	cm_sql_bind_text(st, 9, p->email);
	cm_sql_bind_text(st, 10, p->language);
	cm_sql_bind_text(st, 11, p->registered_on);
	cm_sql_bind_text(st, 12, p->notes);
	cm_sql_bind_text(st, 13, now);
	cm_sql_bind_text(st, 14, p->unemployed_since);
	cm_sql_bind_text(st, 15, p->left_education_on);
	cm_sql_bind_text(st, 16, p->benefit_status);
	cm_sql_bind_text(st, 17, p->unemployment_ended_on);
	rc = cm_sql_step_done(s, st, err, "insert person");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	*id = cm_db_last_id(cm_store_db(s));
	snprintf(summary, sizeof summary, "person %lld registered", (long long)*id);
	return cm_wf_audit_row(s, "person", *id, 0, summary, NULL, err);
}

/* The open case of person in programme, or 0. */
static int open_case_of(struct cm_store *s, int64_t person, const char *programme,
			int64_t *case_id, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*case_id = 0;
	rc = cm_sql_prepare(s, "SELECT id FROM cases WHERE person_id = ? AND programme = ?"
			       " AND state <> 'closed'", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, person);
	cm_stmt_bind_text(st, 2, programme, -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*case_id = cm_stmt_column_int64(st, 0);
	rc = (rc == CM_DB_ROW || rc == CM_DB_DONE) ? 0 : cm_sql_fail(s, rc, err, "find case");
	cm_stmt_finalize(st);
	return rc;
}

static int insert_criteria(struct cm_store *s, int64_t case_id, unsigned criteria,
			   const char *on, struct cm_error *err)
{
	struct cm_stmt *st;
	unsigned bit;
	int rc;

	rc = cm_sql_prepare(s, "INSERT OR IGNORE INTO criterion(case_id, name, met_on)"
			       " VALUES (?, ?, ?)", &st, err);
	if (rc < 0)
		return rc;
	for (bit = 1; bit <= CM_CRIT_COOPERATION && rc == 0; bit <<= 1) {
		if (!(criteria & bit))
			continue;
		cm_stmt_reset(st);
		cm_stmt_bind_int64(st, 1, case_id);
		cm_stmt_bind_text(st, 2, cm_criterion_name(bit), -1);
		cm_stmt_bind_text(st, 3, on, -1);
		rc = cm_sql_step_done(s, st, err, "record criterion");
	}
	cm_stmt_finalize(st);
	return rc;
}

static int insert_consent(struct cm_store *s, int64_t case_id, unsigned scopes, int give,
			  const char *on, struct cm_error *err)
{
	char summary[128];
	struct cm_stmt *st;
	unsigned bit;
	int64_t id;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO consent(case_id, scope, given, on_date, recorded_by)"
			       " VALUES (?, ?, ?, ?, ?)", &st, err);
	if (rc < 0)
		return rc;
	for (bit = 1; bit <= CM_CONSENT_SHARE_PARTNERS && rc == 0; bit <<= 1) {
		if (!(scopes & bit))
			continue;
		cm_stmt_reset(st);
		cm_stmt_bind_int64(st, 1, case_id);
		cm_stmt_bind_text(st, 2, cm_consent_scope_name(bit), -1);
		cm_stmt_bind_int64(st, 3, give);
		cm_stmt_bind_text(st, 4, on, -1);
		cm_stmt_bind_text(st, 5, cm_store_user(s), -1);
		rc = cm_sql_step_done(s, st, err, "record consent");
		if (rc < 0)
			break;
		id = cm_db_last_id(cm_store_db(s));
		snprintf(summary, sizeof summary, "consent %s %s", cm_consent_scope_name(bit),
			 give ? "given" : "withdrawn");
		rc = cm_wf_audit_row(s, "consent", id, case_id, summary, NULL, err);
	}
	cm_stmt_finalize(st);
	return rc;
}

static int insert_case(struct cm_store *s, int64_t person, const struct cm_intake *in,
		       const char *programme, const char *on, int64_t *case_id,
		       struct cm_error *err)
{
	const char *worker = in->worker ? in->worker : cm_store_user(s);
	char summary[256];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO cases(person_id, programme, worker, state, state_since,"
			       " referral_source, opened_on, incapacity)"
			       " VALUES (?, ?, ?, 'screening', ?, ?, ?, ?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, person);
	cm_stmt_bind_text(st, 2, programme, -1);
	cm_stmt_bind_text(st, 3, worker, -1);
	cm_stmt_bind_text(st, 4, on, -1);
	cm_sql_bind_text(st, 5, in->referral_source);
	cm_stmt_bind_text(st, 6, on, -1);
	if (in->has_incapacity)
		cm_stmt_bind_int64(st, 7, in->incapacity);
	rc = cm_sql_step_done(s, st, err, "open case");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	*case_id = cm_db_last_id(cm_store_db(s));
	snprintf(summary, sizeof summary, "case opened in %s for %s, person %lld", programme,
		 worker, (long long)person);
	return cm_wf_audit_row(s, "cases", *case_id, *case_id, summary, NULL, err);
}

static unsigned current_consent(struct cm_store *s, int64_t case_id)
{
	unsigned bits = 0, bit;
	int given;
	int64_t id;

	for (bit = 1; bit <= CM_CONSENT_SHARE_PARTNERS; bit <<= 1)
		if (cm_consent_current(s, case_id, bit, &given, &id, NULL) == 0 && given)
			bits |= bit;
	return bits;
}

static unsigned current_criteria(struct cm_store *s, int64_t case_id)
{
	struct cm_stmt *st;
	unsigned bits = 0, bit;

	if (cm_sql_prepare(s, "SELECT name FROM criterion WHERE case_id = ?", &st, NULL) < 0)
		return 0;
	cm_stmt_bind_int64(st, 1, case_id);
	while (cm_stmt_step(st) == CM_DB_ROW)
		for (bit = 1; bit <= CM_CRIT_COOPERATION; bit <<= 1)
			if (strcmp(cm_criterion_name(bit),
				   cm_stmt_column_text(st, 0)) == 0)
				bits |= bit;
	cm_stmt_finalize(st);
	return bits;
}

/* Screening is complete once all four conditions and case-management consent are in. */
/*
 * A case suspended in screening stays suspended, but resumes in assessment:
 * otherwise it would come back to a screening nothing can complete any more.
 */
static const char *const screening_done_sql[] = {
	"UPDATE cases SET state = 'assessment', state_since = ?1"
	" WHERE id = ?2 AND state = 'screening'",
	"UPDATE cases SET prev_state = 'assessment'"
	" WHERE id = ?2 AND state = 'suspended' AND prev_state = 'screening'",
};
static const char *const screening_done_summary[] = {
	"screening complete: state screening -> assessment",
	"screening complete: suspended case will resume in assessment",
};

static int advance_screening(struct cm_store *s, int64_t case_id, const char *on,
			     struct cm_error *err)
{
	struct cm_stmt *st;
	char *before;
	size_t i;
	int rc = 0;

	if (current_criteria(s, case_id) != CM_CRIT_ALL ||
	    !(current_consent(s, case_id) & CM_CONSENT_CASE_MANAGEMENT))
		return 0;
	before = cm_sql_row_json(s, "cases", "id", case_id);
	for (i = 0; rc == 0 && i < 2; i++) {
		rc = cm_sql_prepare(s, screening_done_sql[i], &st, err);
		if (rc < 0)
			break;
		cm_stmt_bind_text(st, 1, on, -1);
		cm_stmt_bind_int64(st, 2, case_id);
		rc = cm_sql_step_done(s, st, err, "update case state");
		cm_stmt_finalize(st);
		if (rc == 0 && cm_db_changes(cm_store_db(s)) > 0) {
			rc = cm_wf_audit_row(s, "cases", case_id, case_id, screening_done_summary[i],
				       before, err);
			break;
		}
	}
	free(before);
	return rc;
}

/* The programme's eligibility rules refuse the case, or with force leave a warning. */
static int check_eligibility(struct cm_store *s, const struct cm_intake *in,
			     const char *programme, int64_t person, const char *on,
			     struct cm_error *err)
{
	struct cm_error why = { 0 };
	int rc;

	rc = cm_programme_check_eligibility(s, programme, person, on,
					    in->has_incapacity ? in->incapacity : CM_RULE_NONE, &why);
	if (rc == CM_EFAIL && in->force) {
		if (in->warning)
			*in->warning = why;
		return 0;
	}
	if (rc < 0 && err)
		*err = why;
	return rc;
}

/* The person named by --person, who must exist. */
static int person_exists(struct cm_store *s, int64_t id, int64_t *person, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id FROM person WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*person = id;
	rc = rc == CM_DB_ROW ? 0
	     : rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "no person %lld", (long long)id)
				: cm_sql_fail(s, rc, err, "find person");
	cm_stmt_finalize(st);
	return rc;
}

/* A new person who looks like one already registered needs --person or --new-person. */
static int refuse_duplicate(struct cm_store *s, const struct cm_intake *in, struct cm_error *err)
{
	struct cm_person_match m;
	int rc;

	if (in->new_person)
		return 0;
	rc = cm_person_find_match(s, &in->person, &m, err);
	return rc < 0 ? rc : cm_person_match_error(&m, err);
}

static int intake_tx(struct cm_store *s, const struct cm_intake *in, const char *programme,
		     const char *on, int64_t *case_id, struct cm_error *err)
{
	char now[CM_TIME_LEN];
	int64_t person, existing;
	int rc;

	rc = cm_now(now, err);
	if (rc == 0)
		rc = find_person(s, &in->person, &person, err);
	if (rc == 0 && !person && in->person_id)
		rc = person_exists(s, in->person_id, &person, err);
	if (rc == 0 && person && in->person_id && person != in->person_id)
		return cm_error_set(err, CM_ECONFLICT, "%s:%s is person %lld, not person %lld",
				    in->person.source ? in->person.source : "local",
				    in->person.ext_id, (long long)person, (long long)in->person_id);
	if (rc == 0 && person) {
		rc = open_case_of(s, person, programme, &existing, err);
		if (rc == 0 && existing)
			return in->person.ext_id
				? cm_error_set(err, CM_ECONFLICT,
					       "person %s:%s already has open case %lld in programme %s",
					       in->person.source ? in->person.source : "local",
					       in->person.ext_id, (long long)existing, programme)
				: cm_error_set(err, CM_ECONFLICT,
					       "person %lld already has open case %lld in programme %s",
					       (long long)person, (long long)existing, programme);
	} else if (rc == 0) {
		rc = refuse_duplicate(s, in, err);
		if (rc == 0)
			rc = insert_person(s, &in->person, now, &person, err);
	}
	if (rc == 0)
		rc = check_eligibility(s, in, programme, person, on, err);
	if (rc == 0)
		rc = insert_case(s, person, in, programme, on, case_id, err);
	if (rc == 0 && in->criteria)
		rc = insert_criteria(s, *case_id, in->criteria, on, err);
	if (rc == 0 && in->consent)
		rc = insert_consent(s, *case_id, in->consent, 1, on, err);
	if (rc == 0 && in->conditions)
		rc = cm_case_record_conditions(s, *case_id, in->conditions, on, err);
	if (rc == 0)
		rc = advance_screening(s, *case_id, on, err);
	return rc;
}

int cm_intake(struct cm_store *s, const struct cm_intake *in, int64_t *case_id,
	      struct cm_error *err)
{
	char today[CM_DATE_LEN], *programme = NULL;
	cm_days t;
	int rc;

	rc = cm_today(today, err);
	if (rc < 0)
		return rc;
	cm_date_parse_iso(today, &t);
	rc = check_intake(s, in, t, err);
	if (rc < 0)
		return rc;
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	if (in->programme)
		programme = strdup(in->programme);
	else
		rc = cm_store_meta_get(s, "default_programme", &programme, err);
	if (rc == 0 && !programme)
		rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	if (rc == 0)
		rc = intake_tx(s, in, programme, in->on ? in->on : today, case_id, err);
	free(programme);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

static int criteria_tx(struct cm_store *s, int64_t case_id, unsigned criteria,
		       const char *today, struct cm_error *err)
{
	unsigned before = current_criteria(s, case_id), bit;
	char summary[256] = "screening: ";
	int rc;

	if ((before | criteria) == before)
		return cm_error_set(err, CM_EFAIL,
				    "case %lld: those criteria are already recorded", (long long)case_id);
	rc = insert_criteria(s, case_id, criteria, today, err);
	for (bit = 1; bit <= CM_CRIT_COOPERATION; bit <<= 1)
		if ((criteria & bit) && !(before & bit)) {
			strcat(summary, cm_criterion_name(bit));
			strcat(summary, " ");
		}
	strcat(summary, "met");
	if (rc == 0)
		rc = cm_audit_add(s, "criterion", case_id, case_id, summary, NULL, NULL, err);
	if (rc == 0)
		rc = advance_screening(s, case_id, today, err);
	return rc;
}

int cm_case_set_criteria(struct cm_store *s, int64_t case_id, unsigned criteria,
			 struct cm_error *err)
{
	char today[CM_DATE_LEN], state[CM_STATE_LEN];
	int rc;

	rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0)
		rc = criteria_tx(s, case_id, criteria, today, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_consent_set(struct cm_store *s, int64_t case_id, unsigned scopes, int give,
		   struct cm_error *err)
{
	char today[CM_DATE_LEN], state[CM_STATE_LEN];
	unsigned current;
	int rc;

	rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_state_require_open(s, case_id, state, err);
	/* Only the scopes whose state changes get a record. */
	current = current_consent(s, case_id);
	scopes = give ? scopes & ~current : scopes & current;
	if (rc == 0 && give && !scopes)
		rc = cm_error_set(err, CM_EFAIL, "case %lld: consent already given",
				  (long long)case_id);
	if (rc == 0 && !give && !scopes)
		rc = cm_error_set(err, CM_EFAIL, "case %lld: no consent to withdraw",
				  (long long)case_id);
	if (rc == 0)
		rc = insert_consent(s, case_id, scopes, give, today, err);
	if (rc == 0 && give)
		rc = advance_screening(s, case_id, today, err);
	if (rc == 0 && (scopes & CM_CONSENT_CASE_MANAGEMENT))
		rc = give ? cm_state_consent_renewed(s, case_id, err)
			  : cm_state_consent_withdrawn(s, case_id, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_consent_current(struct cm_store *s, int64_t case_id, unsigned scope, int *given,
		       int64_t *consent_id, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*given = 0;
	*consent_id = 0;
	rc = cm_sql_prepare(s, "SELECT id, given FROM consent WHERE case_id = ? AND scope = ?"
			       " ORDER BY id DESC LIMIT 1", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_text(st, 2, cm_consent_scope_name(scope), -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		*consent_id = cm_stmt_column_int64(st, 0);
		*given = cm_stmt_column_int(st, 1);
	}
	rc = (rc == CM_DB_ROW || rc == CM_DB_DONE) ? 0 : cm_sql_fail(s, rc, err, "read consent");
	cm_stmt_finalize(st);
	return rc;
}

int cm_consent_emit_history(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			    struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id, scope, given, on_date, recorded_by FROM consent"
			       " WHERE case_id = ? ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_emit_begin_list(e);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		cm_emit_begin(e);
		cm_emit_int(e, "id", cm_stmt_column_int64(st, 0));
		cm_emit_str(e, "scope", cm_stmt_column_text(st, 1));
		cm_emit_bool(e, "given", cm_stmt_column_int(st, 2));
		cm_emit_str(e, "on_date", cm_stmt_column_text(st, 3));
		cm_emit_str(e, "recorded_by", cm_stmt_column_text(st, 4));
		cm_emit_end(e);
	}
	cm_emit_end_list(e);
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read consent");
}
