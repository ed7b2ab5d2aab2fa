/* Contacts with the client and the case's minimum contact interval. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/case.h"
#include "cm/contact.h"
#include "cm/programme.h"
#include "cm/state.h"
#include "cm/store.h"
#include "sql.h"
#include "contact_impl.h"
#include "workflow.h"

const char *const cm_contact_channels[] = {
	"in-person", "phone", "video", "e-mail", "letter", "home-visit", NULL,
};
const char *const cm_contact_kinds[] = { "interview", "case-conference", "no-show", NULL };


/*
 * YYYY-MM-DD stays a date; a time typed in local time (or with its offset)
 * is stored in UTC.
 */
static int parse_at(const char *at, char out[AT_LEN], struct cm_error *err)
{
	cm_days d;

	if (cm_date_parse_iso(at, &d) == 0) {
		snprintf(out, AT_LEN, "%s", at);
		return 0;
	}
	if (cm_time_parse(at, out) == 0)
		return 0;
	return cm_error_set(err, CM_EUSAGE,
			    "invalid contact time '%s' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)", at);
}

int cm_contact_check_fields(const struct cm_contact_in *in, struct cm_error *err)
{
	char list[128];

	if (!in->channel || !cm_wf_one_of(in->channel, cm_contact_channels)) {
		cm_wf_join(cm_contact_channels, list, sizeof list);
		return in->channel ? cm_error_set(err, CM_EUSAGE, "unknown channel '%s' (%s)",
						  in->channel, list)
				   : cm_error_set(err, CM_EUSAGE, "a channel is required (%s)", list);
	}
	if (in->kind && !cm_wf_one_of(in->kind, cm_contact_kinds)) {
		cm_wf_join(cm_contact_kinds, list, sizeof list);
		return cm_error_set(err, CM_EUSAGE, "unknown contact kind '%s' (%s)", in->kind, list);
	}
	if (in->duration < 0 || in->duration > CM_CONTACT_MAX_MINUTES ||
	    (in->duration == 0 && !(in->kind && strcmp(in->kind, "no-show") == 0)))
		return cm_error_set(err, CM_EUSAGE,
				    "duration must be 1 to %d minutes", CM_CONTACT_MAX_MINUTES);
	if (in->kind && strcmp(in->kind, "case-conference") == 0 &&
	    (!in->participants || !in->participants[0]))
		return cm_error_set(err, CM_EUSAGE, "a case-conference needs its participants");
	return 0;
}

/*
 * The contact's time: given or now; not in the future, not before the local
 * date the case was opened.
 */
int cm_contact_time(struct cm_store *s, int64_t case_id, const char *given,
		    char at[AT_LEN], struct cm_error *err)
{
	char now[CM_TIME_LEN], today[CM_DATE_LEN], opened[CM_DATE_LEN], on[CM_DATE_LEN];
	int rc = cm_now(now, err);

	if (rc == 0)
		rc = cm_today(today, err);
	if (rc < 0)
		return rc;
	if (!given)
		snprintf(at, AT_LEN, "%s", now);
	else if ((rc = parse_at(given, at, err)) < 0)
		return rc;
	if (strcmp(at, cm_time_is_utc(at) ? now : today) > 0)
		return cm_error_set(err, CM_EUSAGE, "contact time '%s' is in the future", given);
	cm_time_local_date(at, on);
	rc = cm_wf_case_date(s, case_id, "opened_on", opened, err);
	if (rc == 0 && strcmp(on, opened) < 0)
		rc = cm_error_set(err, CM_EFAIL, "contact time '%s' is before case %lld was opened (%s)",
				  given ? given : on, (long long)case_id, opened);
	return rc;
}

static int insert_contact(struct cm_store *s, int64_t case_id, const struct cm_contact_in *in,
			  const char *at, int64_t *id, struct cm_error *err)
{
	const char *kind = in->kind ? in->kind : "interview";
	char summary[160];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "INSERT INTO contact(case_id, at, channel, kind, duration,"
			       " participants, note, recorded_by) VALUES (?,?,?,?,?,?,?,?)", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	cm_sql_bind_text(st, 2, at);
	cm_sql_bind_text(st, 3, in->channel);
	cm_sql_bind_text(st, 4, kind);
	if (in->duration > 0)
		cm_stmt_bind_int64(st, 5, (int)in->duration);
	cm_sql_bind_text(st, 6, in->participants);
	cm_sql_bind_text(st, 7, in->note);
	cm_sql_bind_text(st, 8, cm_store_user(s));
	rc = cm_sql_step_done(s, st, err, "record contact");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	*id = cm_db_last_id(cm_store_db(s));
	/* The summary stays free of the note: cm log is shown to more eyes than the note. */
	if (in->duration > 0)
		snprintf(summary, sizeof summary, "contact %lld on %s: %s %s, %ld min", (long long)*id,
			 at, in->channel, kind, in->duration);
	else
		snprintf(summary, sizeof summary, "contact %lld on %s: %s %s", (long long)*id, at,
			 in->channel, kind);
	return cm_wf_audit_row(s, "contact", *id, case_id, summary, NULL, err);
}

int cm_contact_add(struct cm_store *s, int64_t case_id, const struct cm_contact_in *in,
		   int64_t *id, struct cm_error *err)
{
	char state[CM_STATE_LEN], at[AT_LEN];
	int rc = cm_contact_check_fields(in, err);

	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0)
		rc = cm_contact_time(s, case_id, in->at, at, err);
	if (rc == 0)
		rc = cm_wf_consent_contact_guard(s, case_id, in->kind ? in->kind : "interview", at,
						 err);
	if (rc == 0)
		rc = insert_contact(s, case_id, in, at, id, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

int cm_contact_interval_parse(const char *text, int *days, struct cm_error *err)
{
	char *end;
	long n, per = 1;

	if (strcmp(text, "default") == 0) {
		*days = 0;
		return 0;
	}
	errno = 0;
	n = isdigit((unsigned char)text[0]) ? strtol(text, &end, 10) : 0;
	if (errno || n > 366)
		n = 0; /* out of range before the unit is even applied */
	if (n > 0 && *end && !end[1]) {
		per = *end == 'd' ? 1 : *end == 'w' ? 7 : *end == 'm' ? 30 : 0;
		end++;
	}
	if (n < 1 || per == 0 || *end || n * per > 366)
		return cm_error_set(err, CM_EUSAGE,
				    "invalid contact interval '%s' (N days, Nd, Nw or Nm up to a year,"
				    " or default)", text);
	*days = (int)(n * per);
	return 0;
}

static int current_interval(struct cm_store *s, int64_t case_id, int *days,
			    struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT contact_every_days FROM cases WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	*days = rc == CM_DB_ROW ? cm_stmt_column_int(st, 0) : 0;
	rc = rc == CM_DB_ROW ? 0
	     : rc == CM_DB_DONE ? cm_error_set(err, CM_ENOTFOUND, "no case %lld", (long long)case_id)
				 : cm_sql_fail(s, rc, err, "read case");
	cm_stmt_finalize(st);
	return rc;
}

static int store_interval(struct cm_store *s, int64_t case_id, int days, struct cm_error *err)
{
	char *before = cm_sql_row_json(s, "cases", "id", case_id);
	char summary[96];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "UPDATE cases SET contact_every_days = ? WHERE id = ?", &st, err);
	if (rc == 0) {
		if (days > 0)
			cm_stmt_bind_int64(st, 1, days);
		cm_stmt_bind_int64(st, 2, case_id);
		rc = cm_sql_step_done(s, st, err, "set contact interval");
		cm_stmt_finalize(st);
	}
	if (days > 0)
		snprintf(summary, sizeof summary, "contact interval: every %d days", days);
	else
		snprintf(summary, sizeof summary, "contact interval: the programme's");
	if (rc == 0)
		rc = cm_wf_audit_row(s, "cases", case_id, case_id, summary, before, err);
	free(before);
	return rc;
}

int cm_contact_set_interval(struct cm_store *s, int64_t case_id, int days,
			    struct cm_error *err)
{
	char state[CM_STATE_LEN];
	int rc, now_days = 0;

	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_state_require_open(s, case_id, state, err);
	if (rc == 0)
		rc = current_interval(s, case_id, &now_days, err);
	if (rc == 0 && now_days == days)
		rc = days ? cm_error_set(err, CM_EFAIL, "case %lld already has a contact interval of"
					 " %d days", (long long)case_id, days)
			  : cm_error_set(err, CM_EFAIL, "case %lld has no contact interval of its own",
					 (long long)case_id);
	if (rc == 0)
		rc = store_interval(s, case_id, days, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

static const char *col(struct cm_stmt *st, int i)
{
	return cm_stmt_column_text(st, i);
}

int cm_contact_emit_list(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			 struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT id AS contact, at, channel, kind, duration, participants,"
			       " note, recorded_by FROM contact WHERE case_id = ? AND withdrawn_on IS NULL"
			       " ORDER BY at, id",
			    &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	return cm_sql_emit_rows(s, st, e, err, "list contacts");
}

/*
 * The local date of the latest contact that took place (a no-show is not
 * one), or "". Contacts given as dates and as times are compared by their
 * local dates.
 */
static int last_contact(struct cm_store *s, int64_t case_id, char out[CM_DATE_LEN],
			struct cm_error *err)
{
	char timed[CM_DATE_LEN];
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT max(CASE WHEN length(at) = 10 THEN at END),"
			       " max(CASE WHEN length(at) > 10 THEN at END) FROM contact"
			       " WHERE case_id = ? AND kind <> 'no-show' AND withdrawn_on IS NULL", &st,
			    err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_stmt_step(st);
	out[0] = timed[0] = '\0';
	if (rc == CM_DB_ROW && cm_stmt_column_type(st, 0) != CM_DB_NULL)
		snprintf(out, CM_DATE_LEN, "%s", col(st, 0));
	if (rc == CM_DB_ROW && cm_stmt_column_type(st, 1) != CM_DB_NULL)
		cm_time_local_date(col(st, 1), timed);
	if (strcmp(timed, out) > 0)
		memcpy(out, timed, CM_DATE_LEN);
	rc = rc == CM_DB_ROW ? 0 : cm_sql_fail(s, rc, err, "read contacts");
	cm_stmt_finalize(st);
	return rc;
}

/* The case's own interval, else the programme's contact_interval_days, else 0. */
static int interval_in_force(struct cm_store *s, int64_t case_id, int *days,
			     struct cm_error *err)
{
	struct cm_programme_rules rules;
	int rc = cm_programme_rules_for_case(s, case_id, &rules, err);

	*days = rc == 0 && rules.contact_interval_days > 0 ? rules.contact_interval_days : 0;
	return rc;
}

int cm_contact_emit_show(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			 struct cm_error *err)
{
	char last[CM_DATE_LEN], base[CM_DATE_LEN], closed[CM_DATE_LEN], due[CM_DATE_LEN];
	cm_days d;
	int days, rc;

	rc = interval_in_force(s, case_id, &days, err);
	if (rc == 0)
		rc = last_contact(s, case_id, last, err);
	if (rc == 0)
		rc = cm_wf_case_date(s, case_id, "closed_on", closed, err);
	if (rc == 0 && !last[0])
		rc = cm_wf_case_date(s, case_id, "opened_on", base, err);
	if (rc < 0)
		return rc;
	if (last[0])
		snprintf(base, sizeof base, "%s", last);
	due[0] = '\0';
	if (days > 0 && !closed[0] && cm_date_parse_iso(base, &d) == 0)
		cm_date_format(d + days, due);
	if (days > 0)
		cm_emit_int(e, "contact_every_days", days);
	else
		cm_emit_null(e, "contact_every_days");
	cm_emit_str(e, "last_contact", last[0] ? last : NULL);
	cm_emit_str(e, "next_contact_due", due[0] ? due : NULL);
	return 0;
}
