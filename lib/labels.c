/*
 * What the text output shows for keys and codes: the label of a field and
 * the display name of a state, outcome, domain, channel... in the user's
 * language. json, csv and tsv print the keys and codes themselves.
 */
#include <string.h>
#include "cm/i18n.h"
#include "labels.h"

/* Keys printed as labels and column headings in text output. */
static const char *const fields[] = {
	NC_("field", "above_cap"), NC_("field", "above_norm"), NC_("field", "accepted"),
	NC_("field", "action"), NC_("field", "actions_done"), NC_("field", "actions_open"),
	NC_("field", "actions_overdue"), NC_("field", "active"), NC_("field", "assessment"),
	NC_("field", "assessment_change"), NC_("field", "assessment_on"), NC_("field", "at"),
	NC_("field", "birth_date"), NC_("field", "builtin"), NC_("field", "cap"),
	NC_("field", "case"), NC_("field", "case_months"), NC_("field", "cases"),
	NC_("field", "cases_below_rule"), NC_("field", "channel"), NC_("field", "client_signed"),
	NC_("field", "closed_on"), NC_("field", "closures"), NC_("field", "command"),
	NC_("field", "completed"), NC_("field", "consent"), NC_("field", "contact_every_days"),
	NC_("field", "contacts"), NC_("field", "contacts_per_case_month"),
	NC_("field", "content_matches"), NC_("field", "created"), NC_("field", "criteria"),
	NC_("field", "date"), NC_("field", "days_in_state"), NC_("field", "days_open"),
	NC_("field", "deadline"), NC_("field", "declined"), NC_("field", "domain"),
	NC_("field", "due"), NC_("field", "duration"), NC_("field", "email"),
	NC_("field", "ends_on"), NC_("field", "ext_id"), NC_("field", "feedback"),
	NC_("field", "final"), NC_("field", "final_assessment_on"), NC_("field", "first_name"),
	NC_("field", "given"), NC_("field", "goal"), NC_("field", "group"),
	NC_("field", "id"), NC_("field", "in_time"), NC_("field", "interview_minutes"),
	NC_("field", "interviews"), NC_("field", "job_seekers"), NC_("field", "kind"),
	NC_("field", "last_contact"), NC_("field", "last_name"), NC_("field", "linked_persons"),
	NC_("field", "mean_interview_minutes"), NC_("field", "measure"),
	NC_("field", "median_days"), NC_("field", "median_days_to_feedback"),
	NC_("field", "months"), NC_("field", "name"), NC_("field", "next_contact_due"),
	NC_("field", "next_feedback_due"), NC_("field", "no_show"), NC_("field", "no_show_rate"),
	NC_("field", "no_shows"), NC_("field", "norm"), NC_("field", "note"),
	NC_("field", "notes"), NC_("field", "of"), NC_("field", "offer"), NC_("field", "on"),
	NC_("field", "on_date"), NC_("field", "open"), NC_("field", "open_cases"),
	NC_("field", "open_referrals"), NC_("field", "opened_on"), NC_("field", "outcome"),
	NC_("field", "overdue_days"), NC_("field", "owner"), NC_("field", "partner"),
	NC_("field", "person"), NC_("field", "phone"), NC_("field", "plan_version"),
	NC_("field", "positive"), NC_("field", "priority"), NC_("field", "programme"),
	NC_("field", "read"), NC_("field", "reason"), NC_("field", "recorded_by"),
	NC_("field", "referral"), NC_("field", "referral_source"), NC_("field", "rejected"),
	NC_("field", "renewal"), NC_("field", "renewals"), NC_("field", "role"),
	NC_("field", "rule_per_case_month"), NC_("field", "scope"), NC_("field", "scores"),
	NC_("field", "sent"), NC_("field", "share"), NC_("field", "shared"),
	NC_("field", "signature_valid"), NC_("field", "signed_by"),
	NC_("field", "signed_by_client"), NC_("field", "signed_by_worker"),
	NC_("field", "situation"), NC_("field", "source"), NC_("field", "state"),
	NC_("field", "state_since"), NC_("field", "status"), NC_("field", "strengths"),
	NC_("field", "team"), NC_("field", "text"), NC_("field", "unchanged"),
	NC_("field", "updated"), NC_("field", "user"), NC_("field", "warning"),
	NC_("field", "what"), NC_("field", "when"), NC_("field", "worker"), NC_("field", "worker_signed"),
	NC_("field", "workers"), NC_("field", "workers_above_norm"),
	/* more keys: partners, referrals, audit and access logs, programme rules */
	NC_("field", "address"), NC_("field", "after"), NC_("field", "agreement_date"),
	NC_("field", "agreement_ref"), NC_("field", "audit_records_blanked"), NC_("field", "before"),
	NC_("field", "caseload_norm"), NC_("field", "changed"), NC_("field", "consent_on"),
	NC_("field", "contact_interval_days"), NC_("field", "count"),
	NC_("field", "deadlines.first_meeting_max_age"),
	NC_("field", "deadlines.first_meeting_months"),
	NC_("field", "deadlines.max_duration_months"), NC_("field", "deadlines.offer_months"),
	NC_("field", "deleted"), NC_("field", "dry_run"), NC_("field", "eligibility.checks"),
	NC_("field", "eligibility.max_age"), NC_("field", "eligibility.min_age"),
	NC_("field", "emptied"), NC_("field", "entity"), NC_("field", "entity_id"),
	NC_("field", "entry_conditions"), NC_("field", "feedback_due"),
	NC_("field", "follow_up_months"), NC_("field", "from"), NC_("field", "hash"),
	NC_("field", "incapacity.case_management_min"),
	NC_("field", "incapacity.specialised_team_min"), NC_("field", "login"),
	NC_("field", "match"), NC_("field", "name_a"), NC_("field", "name_b"),
	NC_("field", "operator_report_months"), NC_("field", "os_user"), NC_("field", "p90_days"),
	NC_("field", "participants"), NC_("field", "partner_name"), NC_("field", "people"),
	NC_("field", "person_a"), NC_("field", "person_b"), NC_("field", "plan_signed_within_days"),
	NC_("field", "query"), NC_("field", "quota.min_unemployed_months_25_and_over"),
	NC_("field", "quota.min_unemployed_months_under_25"), NC_("field", "quota.renewal_share"),
	NC_("field", "quota.trajectory_share"), NC_("field", "real_at"),
	NC_("field", "referral_feedback_days"), NC_("field", "referral_requires_agreement"),
	NC_("field", "renewal.max_count"), NC_("field", "renewal.max_months"),
	NC_("field", "sent_on"), NC_("field", "status_on"), NC_("field", "summary"),
	NC_("field", "to"),
};

/* Codes shown by name, each under the key it is printed with (the msgctxt). */
static const char *const codes[] = {
	/* states */
	NC_("state", "screening"), NC_("state", "assessment"), NC_("state", "planning"),
	NC_("state", "active"), NC_("state", "suspended"), NC_("state", "closed"),
	/* outcomes, and the situations at follow-up */
	NC_("outcome", "employment"), NC_("outcome", "subsidised-employment"),
	NC_("outcome", "self-employment"), NC_("outcome", "apprenticeship"),
	NC_("outcome", "training"), NC_("outcome", "education"), NC_("outcome", "other-service"),
	NC_("outcome", "moved"), NC_("outcome", "declined"), NC_("outcome", "lost-contact"),
	NC_("outcome", "deceased"), NC_("outcome", "other"),
	NC_("situation", "employment"), NC_("situation", "subsidised-employment"),
	NC_("situation", "self-employment"), NC_("situation", "apprenticeship"),
	NC_("situation", "training"), NC_("situation", "education"),
	NC_("situation", "other-service"), NC_("situation", "moved"),
	NC_("situation", "declined"), NC_("situation", "lost-contact"),
	NC_("situation", "deceased"), NC_("situation", "other"),
	NC_("situation", "unemployed"), NC_("situation", "inactive"), NC_("situation", "unknown"),
	/* life domains of the assessment, and partners' domains */
	NC_("domain", "education"), NC_("domain", "work-history"), NC_("domain", "health"),
	NC_("domain", "mental-health"), NC_("domain", "housing"), NC_("domain", "debts"),
	NC_("domain", "family"), NC_("domain", "mobility"), NC_("domain", "language"),
	NC_("domain", "justice"), NC_("domain", "addiction"), NC_("domain", "digital"),
	NC_("domain", "employment"), NC_("domain", "training"), NC_("domain", "debt"),
	NC_("domain", "childcare"), NC_("domain", "youth"), NC_("domain", "disability"),
	NC_("domain", "migration"), NC_("domain", "seniors"),
	NC_("domain", "social-assistance"), NC_("domain", "other"),
	/* contact channels */
	NC_("channel", "in-person"), NC_("channel", "phone"), NC_("channel", "video"),
	NC_("channel", "e-mail"), NC_("channel", "letter"), NC_("channel", "home-visit"),
	/* kinds: of contact, of reminder, of plan item, of offer */
	NC_("kind", "interview"), NC_("kind", "case-conference"), NC_("kind", "no-show"),
	NC_("kind", "contact"), NC_("kind", "action"), NC_("kind", "referral-feedback"),
	NC_("kind", "deadline"), NC_("kind", "follow-up"), NC_("kind", "plan-signature"),
	NC_("kind", "goal"), NC_("kind", "version"), NC_("kind", "job"),
	NC_("kind", "education"), NC_("kind", "apprenticeship"), NC_("kind", "traineeship"),
	/* statuses: of referrals, of plan items and versions */
	NC_("status", "sent"), NC_("status", "accepted"), NC_("status", "declined"),
	NC_("status", "started"), NC_("status", "completed"), NC_("status", "no-show"),
	NC_("status", "cancelled"), NC_("status", "open"), NC_("status", "done"),
	NC_("status", "dropped"), NC_("status", "current"), NC_("status", "superseded"),
	/* consent scopes */
	NC_("scope", "case-management"), NC_("scope", "share-partners"),
	/* owners of actions, signers of plans, roles */
	NC_("owner", "client"), NC_("owner", "worker"), NC_("owner", "partner"),
	NC_("signed_by", "client"), NC_("signed_by", "worker"),
	NC_("role", "worker"), NC_("role", "manager"), NC_("role", "admin"),
	/* where a person was signalled from */
	NC_("referral_source", "pes"), NC_("referral_source", "school"),
	NC_("referral_source", "partner"), NC_("referral_source", "self"),
	NC_("referral_source", "other"),
	/* report measures: durations, the trajectory quota */
	NC_("measure", "plan"), NC_("measure", "referral"), NC_("measure", "closure"),
	NC_("measure", "trajectory"), NC_("measure", "renewal"),
	/* the built-in programmes' names */
	NC_("name", "Individualised accompaniment of job seekers (Wallonia/Brussels)"),
	NC_("name", "Trajet specifique: psycho-medico-social factors (Belgium, 2014)"),
	NC_("name", "Case management Formation professionnelle (Switzerland)"),
	NC_("name", "Network for multi-problem families (German-speaking Community)"),
	NC_("name", "EU Youth Guarantee (Council Recommendation, 22 April 2013)"),
	NC_("name", "Work-accident case management (return to work)"),
};

/* Report rows that sum or gather others. */
static const char *const groups[] = {
	NC_("group", "(all)"), NC_("group", "(positive)"), NC_("group", "(other)"),
	NC_("group", "(none)"), NC_("group", "(unassigned)"),
};

/* The contexts of codes[]. */
static const char *const code_keys[] = {
	"state", "outcome", "situation", "domain", "channel", "kind", "status", "scope",
	"owner", "signed_by", "role", "referral_source", "name", "measure",
};

static int listed(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

const char *cm_label_field(const char *key)
{
	if (!listed(fields, sizeof fields / sizeof fields[0], key))
		return key;
	return C_("field", key);
}

const char *cm_label_value(const char *key, const char *value)
{
	if (!value)
		return value;
	if (strcmp(key, "what") == 0 || strcmp(key, "summary") == 0)
		return cm_summary_text(value);
	if (value[0] == '(')
		return listed(groups, sizeof groups / sizeof groups[0], value)
			? C_("group", value) : value;
	if (!listed(code_keys, sizeof code_keys / sizeof code_keys[0], key) ||
	    !listed(codes, sizeof codes / sizeof codes[0], value))
		return value;
	return C_(key, value);
}

const char *cm_label_bool(int value)
{
	return value ? C_("bool", "true") : C_("bool", "false");
}
