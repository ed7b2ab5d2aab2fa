/* Programme rules on one case: the allowed renewal, the Youth Guarantee offer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/audit.h"
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/programme.h"
#include "cm/state.h"
#include "cm/store.h"
#include "sql.h"
#include "youth_clock.h"

/* A single integer from a query with one int64 parameter; *out 0 when no row. */
static int query_int(struct cm_store *s, const char *sql, int64_t id, long long *out,
		     struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*out = 0;
	rc = cm_sql_prepare(s, sql, &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, id);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*out = cm_stmt_column_int64(st, 0);
	rc = rc == CM_DB_ROW || rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read case");
	cm_stmt_finalize(st);
	return rc;
}

static int audit_new_row(struct cm_store *s, const char *table, int64_t id, int64_t case_id,
			 const char *summary, struct cm_error *err)
{
	char *after = cm_sql_row_json(s, table, "id", id);
	int rc = cm_audit_add(s, table, id, case_id, summary, NULL, after, err);

	free(after);
	return rc;
}

static int check_renewal(struct cm_store *s, int64_t case_id, int months, struct cm_error *err)
{
	struct cm_programme_rules r;
	char state[CM_STATE_LEN];
	long long done;
	int rc;

	rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0)
		rc = cm_programme_rules_for_case(s, case_id, &r, err);
	if (rc == 0)
		rc = query_int(s, "SELECT count(*) FROM renewal WHERE case_id = ?", case_id, &done,
			       err);
	if (rc < 0)
		return rc;
	if (r.renewal_max_count == 0)
		return cm_error_set(err, CM_EFAIL,
				    "case %lld: programme %s allows no renewal or extension",
				    (long long)case_id, r.id);
	if (done >= r.renewal_max_count)
		return cm_error_set(err, CM_EFAIL,
				    "case %lld has already had %lld renewal%s; programme %s allows %d",
				    (long long)case_id, done, done == 1 ? "" : "s", r.id,
				    r.renewal_max_count);
	if (months > r.renewal_max_months)
		return cm_error_set(err, CM_EFAIL,
				    "case %lld: a renewal of %d months is beyond the %d months "
				    "programme %s allows", (long long)case_id, months,
				    r.renewal_max_months, r.id);
	return 0;
}

static int insert_renewal(struct cm_store *s, int64_t case_id, int months, const char *reason,
			  int64_t *id, struct cm_error *err)
{
	char today[CM_DATE_LEN], summary[512];
	struct cm_stmt *st;
	int rc;

	rc = cm_today(today, err);
	if (rc == 0)
		rc = cm_sql_prepare(s, "INSERT INTO renewal(case_id, on_date, months, reason)"
				       " VALUES (?, ?, ?, ?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_text(st, 2, today, -1);
	cm_stmt_bind_int64(st, 3, months);
	cm_sql_bind_text(st, 4, reason);
	rc = cm_sql_step_done(s, st, err, "record renewal");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	*id = cm_db_last_id(cm_store_db(s));
	snprintf(summary, sizeof summary, "renewed by %d months%s%s", months, reason ? ": " : "",
		 reason ? reason : "");
	return audit_new_row(s, "renewal", *id, case_id, summary, err);
}

int cm_case_renew(struct cm_store *s, int64_t case_id, int months, const char *reason,
		  int64_t *renewal_id, struct cm_error *err)
{
	int64_t id = 0;
	int rc;

	if (months < 1)
		return cm_error_set(err, CM_EUSAGE, "a renewal must be of at least 1 month");
	if (reason && !*reason)
		reason = NULL;
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = check_renewal(s, case_id, months, err);
	if (rc == 0)
		rc = insert_renewal(s, case_id, months, reason, &id, err);
	if (rc == 0)
		rc = cm_store_commit(s, err);
	else
		cm_store_rollback(s);
	if (rc == 0 && renewal_id)
		*renewal_id = id;
	return rc;
}

/* The case's opening date, and the date its Youth Guarantee clock starts (youth_clock.h). */
static int case_dates(struct cm_store *s, int64_t case_id, char *opened, char *registered,
		      struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT c.opened_on, " CM_YG_START("p", "c")
			       " FROM cases c JOIN person p ON p.id = c.person_id WHERE c.id = ?",
			    &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_sql_step_one(s, st, "case", case_id, err);
	if (rc == 0) {
		snprintf(opened, CM_DATE_LEN, "%s", cm_stmt_column_text(st, 0));
		snprintf(registered, CM_DATE_LEN, "%s", cm_stmt_column_text(st, 1));
	}
	cm_stmt_finalize(st);
	return rc;
}

const char *const cm_offer_kinds[] = { "job", "education", "apprenticeship", "traineeship", NULL };

static int check_offer(struct cm_store *s, int64_t case_id, const char *kind, const char *on,
		       struct cm_error *err)
{
	char state[CM_STATE_LEN], opened[CM_DATE_LEN], registered[CM_DATE_LEN];
	struct cm_programme_rules r;
	cm_days day, today, start;
	size_t i;
	int rc;

	for (i = 0; cm_offer_kinds[i]; i++)
		if (kind && strcmp(kind, cm_offer_kinds[i]) == 0)
			break;
	if (!cm_offer_kinds[i])
		return cm_error_set(err, CM_EUSAGE,
				    "unknown offer kind '%s' (job, education, apprenticeship, "
				    "traineeship)", kind ? kind : "");
	if (cm_date_parse_iso(on, &day) < 0)
		return cm_error_set(err, CM_EUSAGE, "invalid date '%s' (expected YYYY-MM-DD)", on);
	rc = cm_date_today(&today, err);
	if (rc == 0 && day > today)
		rc = cm_error_set(err, CM_EUSAGE, "offer date '%s' is in the future", on);
	if (rc == 0)
		rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0)
		rc = cm_programme_rules_for_case(s, case_id, &r, err);
	if (rc == 0 && r.offer_months == CM_RULE_NONE)
		rc = cm_error_set(err, CM_EFAIL,
				  "case %lld: programme %s has no offer deadline; offers belong to "
				  "programmes such as eu-youth-guarantee", (long long)case_id, r.id);
	if (rc == 0)
		rc = case_dates(s, case_id, opened, registered, err);
	if (rc == 0 && cm_date_parse_iso(opened, &start) == 0 && day < start)
		rc = cm_error_set(err, CM_EFAIL, "case %lld: offer date %s is before the case opened "
				  "on %s", (long long)case_id, on, opened);
	return rc;
}

static int insert_offer(struct cm_store *s, int64_t case_id, const char *kind, const char *on,
			int accepted, int64_t *id, struct cm_error *err)
{
	char summary[256];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO offer(case_id, kind, on_date, accepted)"
			       " VALUES (?, ?, ?, ?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_stmt_bind_text(st, 2, kind, -1);
	cm_stmt_bind_text(st, 3, on, -1);
	cm_stmt_bind_int64(st, 4, accepted ? 1 : 0);
	rc = cm_sql_step_done(s, st, err, "record offer");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	*id = cm_db_last_id(cm_store_db(s));
	snprintf(summary, sizeof summary, "offer of %s on %s, %s", kind, on,
		 accepted ? "accepted" : "not accepted");
	return audit_new_row(s, "offer", *id, case_id, summary, err);
}

int cm_case_offer(struct cm_store *s, int64_t case_id, const char *kind, const char *on,
		  int accepted, int64_t *offer_id, struct cm_error *err)
{
	char today[CM_DATE_LEN];
	int64_t id = 0;
	int rc;

	if (!on) {
		rc = cm_today(today, err);
		if (rc < 0)
			return rc;
		on = today;
	}
	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = check_offer(s, case_id, kind, on, err);
	if (rc == 0)
		rc = insert_offer(s, case_id, kind, on, accepted, &id, err);
	if (rc == 0)
		rc = cm_store_commit(s, err);
	else
		cm_store_rollback(s);
	if (rc == 0 && offer_id)
		*offer_id = id;
	return rc;
}

/* opened + max_duration + every renewal of the case, or "" when the programme has no limit. */
static int case_end(struct cm_store *s, int64_t case_id, char *out, struct cm_error *err)
{
	char opened[CM_DATE_LEN], registered[CM_DATE_LEN];
	struct cm_programme_rules r;
	long long renewed;
	cm_days d;
	int rc;

	out[0] = '\0';
	rc = cm_programme_rules_for_case(s, case_id, &r, err);
	if (rc == 0)
		rc = case_dates(s, case_id, opened, registered, err);
	if (rc == 0)
		rc = query_int(s, "SELECT coalesce(sum(months), 0) FROM renewal WHERE case_id = ?",
			       case_id, &renewed, err);
	if (rc < 0 || r.max_duration_months == CM_RULE_NONE || cm_date_parse_iso(opened, &d) < 0)
		return rc;
	cm_date_format(cm_date_add_months(d, r.max_duration_months + (int)renewed), out);
	return 0;
}

int cm_renewal_emit(struct cm_store *s, int64_t renewal_id, struct cm_emit *e,
		    struct cm_error *err)
{
	char ends[CM_DATE_LEN];
	struct cm_stmt *st;
	int64_t case_id;
	int rc;

	rc = cm_sql_prepare(s, "SELECT r.id, r.case_id, r.on_date, r.months, r.reason,"
			       " (SELECT count(*) FROM renewal n WHERE n.case_id = r.case_id)"
			       " FROM renewal r WHERE r.id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, renewal_id);
	rc = cm_sql_step_one(s, st, "renewal", renewal_id, err);
	if (rc < 0) {
		cm_stmt_finalize(st);
		return rc;
	}
	case_id = cm_stmt_column_int64(st, 1);
	rc = case_end(s, case_id, ends, err);
	if (rc == 0) {
		cm_emit_begin(e);
		cm_emit_int(e, "renewal", cm_stmt_column_int64(st, 0));
		cm_emit_int(e, "case", case_id);
		cm_emit_str(e, "on", cm_stmt_column_text(st, 2));
		cm_emit_int(e, "months", cm_stmt_column_int(st, 3));
		cm_emit_str(e, "reason", cm_stmt_column_text(st, 4));
		cm_emit_int(e, "renewals", cm_stmt_column_int(st, 5));
		cm_emit_str(e, "ends_on", ends[0] ? ends : NULL);
		cm_emit_end(e);
	}
	cm_stmt_finalize(st);
	return rc;
}

/* The offer deadline of the case: registration (or intake) plus offer_months. */
static int offer_deadline(struct cm_store *s, int64_t case_id, char *out, struct cm_error *err)
{
	char opened[CM_DATE_LEN], registered[CM_DATE_LEN];
	struct cm_programme_rules r;
	cm_days d;
	int rc;

	out[0] = '\0';
	rc = cm_programme_rules_for_case(s, case_id, &r, err);
	if (rc == 0)
		rc = case_dates(s, case_id, opened, registered, err);
	if (rc == 0 && r.offer_months != CM_RULE_NONE && cm_date_parse_iso(registered, &d) == 0)
		cm_date_format(cm_date_add_months(d, r.offer_months), out);
	return rc;
}

int cm_offer_emit(struct cm_store *s, int64_t offer_id, struct cm_emit *e, struct cm_error *err)
{
	char deadline[CM_DATE_LEN];
	const char *on;
	struct cm_stmt *st;
	int64_t case_id;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id, case_id, kind, on_date, accepted FROM offer WHERE id = ?",
			    &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, offer_id);
	rc = cm_sql_step_one(s, st, "offer", offer_id, err);
	if (rc < 0) {
		cm_stmt_finalize(st);
		return rc;
	}
	case_id = cm_stmt_column_int64(st, 1);
	on = cm_stmt_column_text(st, 3);
	rc = offer_deadline(s, case_id, deadline, err);
	if (rc == 0) {
		cm_emit_begin(e);
		cm_emit_int(e, "offer", cm_stmt_column_int64(st, 0));
		cm_emit_int(e, "case", case_id);
		cm_emit_str(e, "kind", cm_stmt_column_text(st, 2));
		cm_emit_str(e, "on", on);
		cm_emit_bool(e, "accepted", cm_stmt_column_int(st, 4));
		cm_emit_str(e, "deadline", deadline[0] ? deadline : NULL);
		if (deadline[0])
			cm_emit_bool(e, "in_time", strcmp(on, deadline) <= 0);
		else
			cm_emit_null(e, "in_time");
		cm_emit_end(e);
	}
	cm_stmt_finalize(st);
	return rc;
}

/*
 * One entry condition as given: "pms-factors", "incapacity-33:permanent" or
 * "incapacity-33:temporary:MONTHS" (« d'au moins 33 % pour une durée d'au
 * moins deux ans »: 24 months or more). *bit gets its CM_CONDITION_* bit.
 */
static int parse_condition(const char *item, size_t len, unsigned *bit, struct cm_error *err)
{
	char text[64], *end;
	long months;

	if (len >= sizeof text)
		len = sizeof text - 1;
	memcpy(text, item, len);
	text[len] = '\0';
	if (strcmp(text, "pms-factors") == 0) {
		*bit = CM_CONDITION_PMS_FACTORS;
		return 0;
	}
	*bit = CM_CONDITION_INCAPACITY_33;
	if (strcmp(text, "incapacity-33:permanent") == 0)
		return 0;
	if (strncmp(text, "incapacity-33:temporary:", 24) == 0) {
		months = strtol(text + 24, &end, 10);
		if (end != text + 24 && *end == '\0' && months >= 24 && months <= 1200)
			return 0;
		return cm_error_set(err, CM_EUSAGE,
				    "entry condition '%s': a temporary incapacity counts when it lasts"
				    " at least 24 months", text);
	}
	return cm_error_set(err, CM_EUSAGE,
			    "unknown entry condition '%s' (pms-factors, incapacity-33:permanent,"
			    " incapacity-33:temporary:MONTHS)", text);
}

int cm_case_record_conditions(struct cm_store *s, int64_t case_id, const char *list,
			      const char *on, struct cm_error *err)
{
	struct cm_programme_rules r;
	char summary[128];
	struct cm_stmt *st;
	const char *p = list, *comma;
	unsigned bit;
	size_t len;
	int rc;

	rc = cm_programme_rules_for_case(s, case_id, &r, err);
	while (rc == 0 && *p) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		rc = parse_condition(p, len, &bit, err);
		if (rc == 0 && !(r.entry_conditions & bit))
			rc = cm_error_set(err, CM_EUSAGE, "programme %s has no entry condition '%.*s'",
					  r.id, (int)len, p);
		if (rc == 0)
			rc = cm_sql_prepare(s, "INSERT OR IGNORE INTO criterion(case_id, name, met_on)"
					       " VALUES (?1, ?2, ?3)", &st, err);
		if (rc < 0)
			break;
		cm_stmt_bind_int64(st, 1, case_id);
		cm_stmt_bind_text(st, 2, p, (int)len);
		cm_stmt_bind_text(st, 3, on, -1);
		rc = cm_sql_step_done(s, st, err, "record entry condition");
		cm_stmt_finalize(st);
		snprintf(summary, sizeof summary, "entry condition %.*s met", (int)len, p);
		if (rc == 0)
			rc = cm_audit_add(s, "criterion", case_id, case_id, summary, NULL, NULL, err);
		p += len + (comma != NULL);
	}
	return rc;
}

int cm_case_set_conditions(struct cm_store *s, int64_t case_id, const char *list,
			   struct cm_error *err)
{
	char today[CM_DATE_LEN], state[CM_STATE_LEN];
	int rc = cm_today(today, err);

	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0)
		rc = cm_case_record_conditions(s, case_id, list, today, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_case_conditions_met(struct cm_store *s, int64_t case_id, struct cm_error *err)
{
	struct cm_programme_rules r;
	struct cm_stmt *st;
	char list[96] = "";
	int rc, met = 0;
	size_t i;

	rc = cm_programme_rules_for_case(s, case_id, &r, err);
	if (rc < 0 || !r.entry_conditions)
		return rc;
	rc = cm_sql_prepare(s, "SELECT count(*) FROM criterion WHERE case_id = ?"
			       " AND (name = 'pms-factors' OR name LIKE 'incapacity-33:%')", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	if (cm_stmt_step(st) == CM_DB_ROW)
		met = cm_stmt_column_int(st, 0);
	cm_stmt_finalize(st);
	if (met)
		return 0;
	for (i = 0; i < CM_CONDITION_COUNT; i++)
		if (r.entry_conditions & (1u << i))
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				 list[0] ? ", " : "", cm_condition_names[i]);
	return cm_error_set(err, CM_ESTATE,
			    "case %lld: programme %s needs one of its entry conditions (%s) before"
			    " assessment; record it with 'cm intake --case %lld --condition NAME'",
			    (long long)case_id, r.id, list, (long long)case_id);
}
