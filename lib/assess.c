/* Assessments by life domain: parsing, recording, and the change at closure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "cm/text.h"
#include "cm/assess.h"
#include "cm/programme.h"
#include "cm/audit.h"
#include "cm/case.h"
#include "cm/clock.h"
#include "cm/state.h"
#include "cm/store.h"
#include "plan_impl.h"
#include "sql.h"

const char *const cm_assess_domains[] = {
	"education", "work-history", "health", "mental-health", "housing", "debts",
	"family", "mobility", "language", "justice", "addiction", "digital", NULL,
};

#define DOMAIN_COUNT 12
#define DOMAIN_LIST "education, work-history, health, mental-health, housing, debts, " \
	"family, mobility, language, justice, addiction, digital"

int cm_assess_domain_index(const char *name)
{
	int i;

	for (i = 0; cm_assess_domains[i]; i++)
		if (strcmp(cm_assess_domains[i], name) == 0)
			return i;
	return -1;
}

void cm_assess_input_release(struct cm_assess_input *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		free(in->scores[i].note);
	free(in->scores);
	free(in->strengths);
	in->scores = NULL;
	in->n = 0;
	in->strengths = NULL;
}

static int check_domain(const char *name, struct cm_error *err)
{
	if (cm_assess_domain_index(name) < 0)
		return cm_error_set(err, CM_EUSAGE, "unknown domain '%s' (%s)", name, DOMAIN_LIST);
	return 0;
}

/* Append a domain's score; the note is copied. */
static int add_score(struct cm_assess_input *in, const char *domain, int score,
		     const char *note, struct cm_error *err)
{
	struct cm_assess_score *grown;
	int idx = cm_assess_domain_index(domain);
	size_t i;

	if (idx < 0)
		return check_domain(domain, err);
	if (cm_text_check("note", note, CM_TEXT_NOTE, err) < 0)
		return CM_EUSAGE;
	if (score < 0 || score > CM_ASSESS_MAX_SCORE)
		return cm_error_set(err, CM_EUSAGE, "score for %s must be 0 to %d, not %d", domain,
				    CM_ASSESS_MAX_SCORE, score);
	for (i = 0; i < in->n; i++)
		if (in->scores[i].domain == idx)
			return cm_error_set(err, CM_EUSAGE, "domain %s is given twice", domain);
	grown = realloc(in->scores, (in->n + 1) * sizeof *grown);
	if (!grown)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	in->scores = grown;
	grown[in->n].domain = idx;
	grown[in->n].score = score;
	grown[in->n].note = note && *note ? strdup(note) : NULL;
	if (note && *note && !grown[in->n].note)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	in->n++;
	return 0;
}

/* "3" -> 3; anything but a single digit 0..4 is out of range. */
static int parse_score(const char *domain, const char *text, size_t len, int *out,
		       struct cm_error *err)
{
	if (len != 1 || text[0] < '0' || text[0] > '0' + CM_ASSESS_MAX_SCORE)
		return cm_error_set(err, CM_EUSAGE, "score for %s must be 0 to %d, not '%.*s'",
				    domain, CM_ASSESS_MAX_SCORE, (int)len, text);
	*out = text[0] - '0';
	return 0;
}

int cm_assess_add_arg(struct cm_assess_input *in, const char *arg, struct cm_error *err)
{
	const char *eq = strchr(arg, '='), *colon;
	char domain[64];
	size_t len;
	int score = 0, rc;

	if (!eq || eq == arg)
		return cm_error_set(err, CM_EUSAGE,
				    "invalid domain '%s' (expected DOMAIN=SCORE[:NOTE])", arg);
	len = (size_t)(eq - arg);
	snprintf(domain, sizeof domain, "%.*s", (int)len, arg);
	rc = check_domain(domain, err);
	if (rc < 0)
		return rc;
	colon = strchr(eq + 1, ':');
	len = colon ? (size_t)(colon - eq - 1) : strlen(eq + 1);
	rc = parse_score(domain, eq + 1, len, &score, err);
	if (rc < 0)
		return rc;
	return add_score(in, domain, score, colon ? colon + 1 : NULL, err);
}

/* One entry of "domains": a bare score or {"score": N, "note": "..."}. */
static int add_json_domain(struct cm_assess_input *in, const cJSON *d, struct cm_error *err)
{
	const cJSON *score = d, *note = NULL;
	int rc = check_domain(d->string, err);

	if (rc < 0)
		return rc;
	if (cJSON_IsObject(d)) {
		score = cJSON_GetObjectItemCaseSensitive(d, "score");
		note = cJSON_GetObjectItemCaseSensitive(d, "note");
	}
	if (!cJSON_IsNumber(score))
		return cm_error_set(err, CM_EUSAGE, "json: domain '%s' needs a whole-number score",
				    d->string);
	/* Range first, so a huge number is never converted to int. */
	if (score->valuedouble < 0 || score->valuedouble > CM_ASSESS_MAX_SCORE)
		return cm_error_set(err, CM_EUSAGE, "score for %s must be 0 to %d, not %g", d->string,
				    CM_ASSESS_MAX_SCORE, score->valuedouble);
	if (score->valuedouble != (double)(int)score->valuedouble)
		return cm_error_set(err, CM_EUSAGE, "json: domain '%s' needs a whole-number score",
				    d->string);
	if (note && !cJSON_IsNull(note) && !cJSON_IsString(note))
		return cm_error_set(err, CM_EUSAGE, "json: the note of domain '%s' must be text",
				    d->string);
	return add_score(in, d->string, (int)score->valuedouble,
			 cJSON_IsString(note) ? note->valuestring : NULL, err);
}

static int read_json(struct cm_assess_input *in, const cJSON *root, struct cm_error *err)
{
	const cJSON *domains, *strengths, *d;
	int rc = 0;

	if (!cJSON_IsObject(root))
		return cm_error_set(err, CM_EUSAGE, "json: expected an object with \"domains\"");
	domains = cJSON_GetObjectItemCaseSensitive(root, "domains");
	strengths = cJSON_GetObjectItemCaseSensitive(root, "strengths");
	if (domains && !cJSON_IsObject(domains))
		return cm_error_set(err, CM_EUSAGE, "json: \"domains\" must be an object");
	if (strengths && !cJSON_IsNull(strengths) && !cJSON_IsString(strengths))
		return cm_error_set(err, CM_EUSAGE, "json: \"strengths\" must be text");
	for (d = domains ? domains->child : NULL; d && rc == 0; d = d->next)
		rc = add_json_domain(in, d, err);
	if (rc == 0 && cJSON_IsString(strengths))
		rc = cm_text_check("strengths", strengths->valuestring, CM_TEXT_NOTE, err);
	if (rc == 0 && cJSON_IsString(strengths)) {
		free(in->strengths);
		in->strengths = strdup(strengths->valuestring);
		if (!in->strengths)
			rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	return rc;
}

int cm_assess_parse_json(struct cm_assess_input *in, const char *text, struct cm_error *err)
{
	cJSON *root = cJSON_Parse(text);
	int rc;

	if (!root)
		return cm_error_set(err, CM_EUSAGE, "json: not valid JSON");
	rc = read_json(in, root, err);
	cJSON_Delete(root);
	return rc;
}

/* ---- rules ---- */

static long long count_assessments(struct cm_store *s, int64_t case_id, int final)
{
	struct cm_stmt *st;
	long long n = -1;

	if (cm_sql_prepare(s, "SELECT count(*) FROM assessment WHERE case_id = ? AND final = ?",
			   &st, NULL) < 0)
		return -1;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_int64(st, 2, final);
	if (cm_stmt_step(st) == CM_DB_ROW)
		n = cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	return n;
}

/* Append "a, b" style items to a bounded buffer; what does not fit is cut. */
static void append(char *buf, size_t n, const char *sep, const char *item)
{
	if (buf[0])
		strncat(buf, sep, n - strlen(buf) - 1);
	strncat(buf, item, n - strlen(buf) - 1);
}

/* Say which screening conditions and consent are missing, and the commands that complete them. */
static int screening_refusal(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	char missing[256] = "", crit[128] = "", fix[512] = "", cmd[256];
	struct cm_case c;
	unsigned bit;
	int rc;

	rc = cm_case_get(s, case_id, &c, err);
	if (rc < 0)
		return rc;
	for (bit = 1; bit <= CM_CRIT_COOPERATION; bit <<= 1)
		if (!(c.criteria & bit))
			append(crit, sizeof crit, ",", cm_criterion_name(bit));
	if (crit[0]) {
		snprintf(missing, sizeof missing, "criteria %s", crit);
		snprintf(cmd, sizeof cmd, "'cm intake --case %lld --criteria %s'",
			 (long long)case_id, crit);
		append(fix, sizeof fix, " and ", cmd);
	}
	if (!(c.consent & CM_CONSENT_CASE_MANAGEMENT)) {
		append(missing, sizeof missing, " and ", "case-management consent");
		snprintf(cmd, sizeof cmd, "'cm consent %lld give case-management'",
			 (long long)case_id);
		append(fix, sizeof fix, " and ", cmd);
	}
	cm_case_release(&c);
	return cm_error_set(err, CM_ESTATE, "case %lld is still in screening: missing %s; run %s first",
			    (long long)case_id, missing, fix);
}

/* The state that counts for the workflow: a suspended case's is the one it resumes to. */
static void effective_state(struct cm_store *s, int64_t case_id, char *state)
{
	char prev[CM_STATE_LEN];

	if (strcmp(state, "suspended") != 0)
		return;
	cm_plan_prev_state(s, case_id, prev);
	if (prev[0])
		memcpy(state, prev, CM_STATE_LEN);
}

static int no_assessment(int64_t case_id, struct cm_error *err)
{
	return cm_error_set(err, CM_ESTATE, "case %lld has no assessment; run 'cm assess %lld' first",
			    (long long)case_id, (long long)case_id);
}

int cm_assess_require(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	char state[CM_STATE_LEN];
	long long n;
	int rc;

	rc = cm_state_require_open(s, case_id, state, err);
	if (rc < 0)
		return rc;
	effective_state(s, case_id, state);
	if (strcmp(state, "screening") == 0)
		return screening_refusal(s, case_id, err);
	n = count_assessments(s, case_id, 0);
	if (n < 0)
		return cm_error_set(err, CM_EDB, "cannot count assessments of case %lld",
				    (long long)case_id);
	return n == 0 ? no_assessment(case_id, err) : 0;
}

/* May this assessment be recorded on a case in this state? */
static int check_assess_allowed(struct cm_store *s, int64_t case_id, const char *state, int final,
				struct cm_error *err)
{
	if (strcmp(state, "screening") == 0)
		return screening_refusal(s, case_id, err);
	if (!final && strcmp(state, "closed") == 0)
		return cm_error_set(err, CM_ESTATE,
				    "case %lld is closed; reopen it first, or record the "
				    "reassessment with --final", (long long)case_id);
	if (final && count_assessments(s, case_id, 0) <= 0)
		return no_assessment(case_id, err);
	return final ? 0 : cm_case_conditions_met(s, case_id, err);
}

/* ---- recording ---- */

static int insert_assessment(struct cm_store *s, int64_t case_id, const struct cm_assess_input *in,
			     const char *today, int64_t *id, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO assessment(case_id, on_date, final, strengths, recorded_by)"
			       " VALUES (?, ?, ?, ?, ?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_text(st, 2, today, -1);
	cm_stmt_bind_int64(st, 3, in->final ? 1 : 0);
	cm_sql_bind_text(st, 4, in->strengths);
	cm_stmt_bind_text(st, 5, cm_store_user(s), -1);
	rc = cm_sql_step_done(s, st, err, "record assessment");
	cm_stmt_finalize(st);
	if (rc == 0)
		*id = cm_db_last_id(cm_store_db(s));
	return rc;
}

static int insert_scores(struct cm_store *s, int64_t id, const struct cm_assess_input *in,
			 struct cm_error *err)
{
	struct cm_stmt *st;
	size_t i;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO assessment_score(assessment_id, domain, score, note)"
			       " VALUES (?, ?, ?, ?)", &st, err);
	for (i = 0; rc == 0 && i < in->n; i++) {
		cm_stmt_reset(st);
		cm_stmt_bind_int64(st, 1, id);
		cm_stmt_bind_text(st, 2, cm_assess_domains[in->scores[i].domain], -1);
		cm_stmt_bind_int64(st, 3, in->scores[i].score);
		cm_sql_bind_text(st, 4, in->scores[i].note);
		rc = cm_sql_step_done(s, st, err, "record assessment score");
	}
	cm_stmt_finalize(st);
	return rc;
}

/* "housing=3 debts=2" in domain order, from the input. */
static void scores_text(const struct cm_assess_input *in, char *out, size_t n)
{
	char item[64];
	size_t i;
	int d;

	out[0] = '\0';
	for (d = 0; d < DOMAIN_COUNT; d++)
		for (i = 0; i < in->n; i++)
			if (in->scores[i].domain == d) {
				snprintf(item, sizeof item, "%s=%d", cm_assess_domains[d],
					 in->scores[i].score);
				append(out, n, " ", item);
			}
}

static int audit_assessment(struct cm_store *s, int64_t case_id, int64_t id,
			    const struct cm_assess_input *in, struct cm_error *err)
{
	char scores[512], summary[640], *after;
	int rc;

	scores_text(in, scores, sizeof scores);
	snprintf(summary, sizeof summary, "%s %lld: %s", in->final ? "final assessment" : "assessment",
		 (long long)id, scores);
	after = cm_sql_row_json(s, "assessment", "id", id);
	rc = cm_audit_add(s, "assessment", id, case_id, summary, NULL, after, err);
	free(after);
	return rc;
}

static int record_tx(struct cm_store *s, int64_t case_id, const struct cm_assess_input *in,
		     const char *today, int64_t *id, struct cm_error *err)
{
	char state[CM_STATE_LEN];
	int rc;

	rc = cm_state_get(s, case_id, state, err);
	if (rc < 0)
		return rc;
	effective_state(s, case_id, state);
	rc = check_assess_allowed(s, case_id, state, in->final, err);
	if (rc == 0)
		rc = insert_assessment(s, case_id, in, today, id, err);
	if (rc == 0)
		rc = insert_scores(s, *id, in, err);
	if (rc == 0)
		rc = audit_assessment(s, case_id, *id, in, err);
	if (rc == 0 && !in->final && strcmp(state, "assessment") == 0)
		rc = cm_plan_set_stage(s, case_id, "planning", "first assessment recorded", err);
	return rc;
}

int cm_assess_record(struct cm_store *s, int64_t case_id, const struct cm_assess_input *in,
		     int64_t *id, struct cm_error *err)
{
	char today[CM_DATE_LEN];
	int rc;

	if (in->n == 0)
		return cm_error_set(err, CM_EUSAGE, "an assessment needs at least one domain score");
	rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = record_tx(s, case_id, in, today, id, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

/* ---- output ---- */

/* Scores and notes of one assessment, in domain order. */
static int assessment_texts(struct cm_store *s, int64_t id, char *scores, size_t ns, char *notes,
			    size_t nn, struct cm_error *err)
{
	char *note[DOMAIN_COUNT] = { 0 }, item[1024];
	int score[DOMAIN_COUNT], d;
	struct cm_stmt *st;
	int rc;

	scores[0] = notes[0] = '\0';
	for (d = 0; d < DOMAIN_COUNT; d++)
		score[d] = -1;
	rc = cm_sql_prepare(s, "SELECT domain, score, note FROM assessment_score"
			       " WHERE assessment_id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		d = cm_assess_domain_index(cm_stmt_column_text(st, 0));
		if (d < 0)
			continue;
		score[d] = cm_stmt_column_int(st, 1);
		note[d] = cm_sql_column_dup(st, 2);
	}
	rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read assessment scores");
	cm_stmt_finalize(st);
	for (d = 0; d < DOMAIN_COUNT; d++) {
		if (score[d] >= 0) {
			snprintf(item, sizeof item, "%s=%d", cm_assess_domains[d], score[d]);
			append(scores, ns, " ", item);
		}
		if (note[d]) {
			snprintf(item, sizeof item, "%s: %s", cm_assess_domains[d], note[d]);
			append(notes, nn, "; ", item);
			free(note[d]);
		}
	}
	return rc;
}

int cm_assess_emit_list(struct cm_store *s, int64_t case_id, int64_t only_id, struct cm_emit *e,
			struct cm_error *err)
{
	char scores[1024], notes[4096];
	struct cm_stmt *st;
	int64_t id;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id, on_date, final, recorded_by, strengths FROM assessment"
			       " WHERE case_id = ?1 AND (?2 = 0 OR id = ?2) ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_int64(st, 2, only_id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		id = cm_stmt_column_int64(st, 0);
		rc = assessment_texts(s, id, scores, sizeof scores, notes, sizeof notes, err);
		if (rc < 0)
			break;
		cm_emit_begin(e);
		cm_emit_int(e, "assessment", id);
		cm_emit_int(e, "case", case_id);
		cm_emit_str(e, "on_date", cm_stmt_column_text(st, 1));
		cm_emit_bool(e, "final", cm_stmt_column_int(st, 2));
		cm_emit_str(e, "recorded_by", cm_stmt_column_text(st, 3));
		cm_emit_str(e, "scores", scores);
		cm_emit_str(e, "notes", notes[0] ? notes : NULL);
		cm_emit_str(e, "strengths", cm_stmt_column_text(st, 4));
		cm_emit_end(e);
	}
	if (rc > 0)
		rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read assessments");
	cm_stmt_finalize(st);
	return rc;
}

/* The id and date of the first assessment (final = 0) or the latest final one (final = 1). */
static int pick_assessment(struct cm_store *s, int64_t case_id, int final, int64_t *id,
			   char *date, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*id = 0;
	date[0] = '\0';
	rc = cm_sql_prepare(s, final ? "SELECT id, on_date FROM assessment WHERE case_id = ?"
				       " AND final = 1 ORDER BY id DESC LIMIT 1"
				     : "SELECT id, on_date FROM assessment WHERE case_id = ?"
				       " AND final = 0 ORDER BY id LIMIT 1", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		*id = cm_stmt_column_int64(st, 0);
		snprintf(date, CM_DATE_LEN, "%s", cm_stmt_column_text(st, 1));
	}
	rc = rc == CM_DB_ROW || rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read assessment");
	cm_stmt_finalize(st);
	return rc;
}

/* Scores of one assessment by domain index; -1 where the domain was not scored. */
static int load_scores(struct cm_store *s, int64_t id, int scores[DOMAIN_COUNT],
		       struct cm_error *err)
{
	struct cm_stmt *st;
	int rc, d;

	for (d = 0; d < DOMAIN_COUNT; d++)
		scores[d] = -1;
	rc = cm_sql_prepare(s, "SELECT domain, score FROM assessment_score WHERE assessment_id = ?",
			    &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		d = cm_assess_domain_index(cm_stmt_column_text(st, 0));
		if (d >= 0)
			scores[d] = cm_stmt_column_int(st, 1);
	}
	rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read assessment scores");
	cm_stmt_finalize(st);
	return rc;
}

static void change_text(const int first[DOMAIN_COUNT], const int last[DOMAIN_COUNT], char *out,
			size_t n)
{
	char item[64], a[12], b[12];
	int d;

	out[0] = '\0';
	for (d = 0; d < DOMAIN_COUNT; d++) {
		if (first[d] < 0 && last[d] < 0)
			continue;
		snprintf(a, sizeof a, first[d] < 0 ? "?" : "%d", first[d]);
		snprintf(b, sizeof b, last[d] < 0 ? "?" : "%d", last[d]);
		snprintf(item, sizeof item, "%s %s->%s", cm_assess_domains[d], a, b);
		append(out, n, ", ", item);
	}
}

int cm_assess_emit_show(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			struct cm_error *err)
{
	int first[DOMAIN_COUNT], last[DOMAIN_COUNT];
	char first_on[CM_DATE_LEN], final_on[CM_DATE_LEN], change[1024];
	int64_t first_id, final_id;
	int rc;

	rc = pick_assessment(s, case_id, 0, &first_id, first_on, err);
	if (rc == 0)
		rc = pick_assessment(s, case_id, 1, &final_id, final_on, err);
	if (rc == 0 && first_id && final_id) {
		rc = load_scores(s, first_id, first, err);
		if (rc == 0)
			rc = load_scores(s, final_id, last, err);
		if (rc == 0)
			change_text(first, last, change, sizeof change);
	}
	if (rc < 0)
		return rc;
	cm_emit_str(e, "assessment_on", first_id ? first_on : NULL);
	cm_emit_str(e, "final_assessment_on", final_id ? final_on : NULL);
	cm_emit_str(e, "assessment_change", first_id && final_id ? change : NULL);
	return 0;
}
