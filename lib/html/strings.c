/*
 * Every sentence and word the HTML pages show, in one table, so the pages
 * can be translated in one place. Sentences are whole; a %s stands for one
 * value (a date, a number, a name) that the page writes in escaped.
 */
#include <string.h>
#include "html_impl.h"

static const char *const strings[HS_COUNT] = {
	[HS_LANG] = "en",
	[HS_GENERATOR] = "cm",
	[HS_YES] = "yes",
	[HS_NO] = "no",
	[HS_NONE] = "-",
	[HS_ALL_CASES] = "All cases",
	[HS_WITHHELD] = "withheld",

	[HS_REPORT_TITLE] = "Report: %s",
	[HS_REPORTS_TITLE] = "Reports",
	[HS_WINDOW] = "Window: from %s to %s.",
	[HS_PROGRAMME_ALL] = "Programmes: all programmes.",
	[HS_PROGRAMME_ONE] = "Programme: %s.",
	[HS_BY_WORKER] = "Grouped by worker.",
	[HS_BY_PROGRAMME] = "Grouped by programme.",
	[HS_BY_MONTH] = "Grouped by month.",
	[HS_MIN_CELL] = "Counts below %s are withheld (shown as \"<%s\"), and so is any figure"
			" that would reveal one (shown as \"x\").",
	[HS_NO_MIN_CELL] = "No count is withheld.",
	[HS_GENERATED] = "Generated at %s.",
	[HS_SECTION_SKIPPED] = "This report does not apply to the filters of this page: %s.",
	[HS_NO_ROWS] = "Nothing to report in this window.",
	[HS_WITHHELD_NOTE] = "Withheld figures are drawn as hatched grey placeholders, all of"
			     " one size, never as bars of their true length.",
	[HS_TABLE_CAPTION] = "%s: the figures",

	[HS_R_CASELOAD] = "Caseload",
	[HS_R_OUTCOMES] = "Outcomes",
	[HS_R_DURATIONS] = "Durations",
	[HS_R_YOUTH] = "Youth Guarantee",
	[HS_R_QUOTA] = "Trajectory quota",
	[HS_R_REFERRALS] = "Referrals",
	[HS_R_CONTACTS] = "Contacts",

	[HS_C_CASELOAD] = "Open cases per worker against the norm",
	[HS_D_CASELOAD] = "One bar per worker and programme: the cases open on the last day"
			  " of the window.",
	[HS_C_CASELOAD_P] = "Open cases per programme",
	[HS_D_CASELOAD_P] = "One bar per programme: the cases open on the last day of the window.",
	[HS_ABOVE_NORM] = "above norm",
	[HS_C_OUTCOMES] = "Share of closures by exit",
	[HS_D_OUTCOMES] = "One bar per exit, and one for the positive exits together: its share"
			  " of the closures in the window.",
	[HS_C_MEDIAN] = "Median duration in days",
	[HS_D_MEDIAN] = "One bar per measure: the median number of days.",
	[HS_C_P90] = "Duration in days reached by nine cases in ten",
	[HS_D_P90] = "One bar per measure: the 90th percentile of days.",
	[HS_C_YOUTH] = "Youth Guarantee indicators",
	[HS_D_YOUTH] = "One bar per indicator: the number of cases.",
	[HS_C_QUOTA] = "Share of job seekers in a trajectory against the cap",
	[HS_D_QUOTA] = "One bar per measure: the share of the job seekers counted.",
	[HS_ABOVE_CAP] = "above cap",
	[HS_C_SENT] = "Referrals sent per partner",
	[HS_D_SENT] = "One bar per partner: the referrals sent in the window.",
	[HS_C_FEEDBACK] = "Median days to the partner's feedback",
	[HS_D_FEEDBACK] = "One bar per partner: the median number of days from sending to"
			  " feedback.",
	[HS_C_CONTACTS] = "Contacts per case-month against the contact rule",
	[HS_D_CONTACTS] = "One bar per group: the contacts per month of open case.",
	[HS_D_REFERENCE] = "A black mark across a bar shows the norm it is held against.",
	[HS_D_PATTERN] = "Bars above it are hatched and labelled \"%s\".",

	[HS_PLAN_TITLE] = "Action plan of case %s",
	[HS_PERSON] = "Person",
	[HS_BIRTH_DATE] = "Date of birth",
	[HS_CASE_MANAGER] = "Case manager",
	[HS_PROGRAMME] = "Programme",
	[HS_CASE_OPENED] = "Case opened on",
	[HS_VERSION_LINE] = "Version %s of the plan",
	[HS_HASH] = "Content hash (SHA-256)",
	[HS_GOAL] = "Goal %s",
	[HS_ACTION] = "Action",
	[HS_OWNER] = "Who",
	[HS_DUE] = "Due",
	[HS_STATUS] = "Status",
	[HS_OWNER_CLIENT] = "the client",
	[HS_OWNER_WORKER] = "the case manager",
	[HS_ST_OPEN] = "open",
	[HS_ST_DONE] = "done",
	[HS_ST_DROPPED] = "dropped",
	[HS_NO_GOALS] = "The plan has no goal yet.",
	[HS_NO_ACTIONS] = "No action yet.",
	[HS_SIGNATURES] = "Signatures",
	[HS_SIGN_CLIENT] = "The client",
	[HS_SIGN_WORKER] = "The case manager",
	[HS_SIGNED_ON] = "Signed on %s.",
	[HS_SIGNED_MISMATCH] = "The plan has changed since it was signed: it must be signed again.",
	[HS_SIGN_DATE] = "Date",
	[HS_SIGN_HERE] = "Signature",
	[HS_PLAN_NOTE] = "By signing, the client and the case manager agree to carry out this"
			 " version of the plan together.",

	[HS_PACKET_TITLE] = "Referral %s",
	[HS_PACKET_TO] = "To",
	[HS_PACKET_DATE] = "Sent on",
	[HS_PACKET_REASON] = "Reason",
	[HS_PACKET_SHARED] = "What is shared with you",
	[HS_PACKET_NOTHING] = "No personal data is shared with this referral.",
	[HS_PACKET_CONSENT] = "The person consented to sharing these data with partners on %s.",
	[HS_PACKET_NO_CONSENT] = "No personal data is shared, so no consent to share is needed.",
	[HS_PACKET_ASSESSMENT] = "Assessment (0 no problem, 4 severe)",
	[HS_PACKET_PLAN] = "Goals of the action plan",
	[HS_DOMAIN] = "Domain",
	[HS_SCORE] = "Score",
	[HS_PACKET_NOTE] = "These are exactly the data the person agreed to share for this"
			   " referral; keep them no longer than the referral needs.",
};

const char *html_str(enum html_str id)
{
	return id < HS_COUNT && strings[id] ? strings[id] : "";
}

static const struct {
	const char *key, *heading;
} headings[] = {
	{ "worker", "Worker" },
	{ "programme", "Programme" },
	{ "month", "Month" },
	{ "group", "Group" },
	{ "open", "Open cases" },
	{ "norm", "Norm" },
	{ "above_norm", "Above the norm" },
	{ "workers", "Workers" },
	{ "workers_above_norm", "Workers above the norm" },
	{ "outcome", "Exit" },
	{ "positive", "Positive" },
	{ "closures", "Closures" },
	{ "share", "Share" },
	{ "measure", "Measure" },
	{ "cases", "Cases" },
	{ "median_days", "Median days" },
	{ "p90_days", "90th percentile, days" },
	{ "of", "Share of" },
	{ "job_seekers", "Job seekers" },
	{ "cap", "Cap" },
	{ "above_cap", "Above the cap" },
	{ "partner", "Partner" },
	{ "name", "Name" },
	{ "sent", "Sent" },
	{ "accepted", "Accepted" },
	{ "declined", "Declined" },
	{ "completed", "Completed" },
	{ "no_show", "No-show" },
	{ "feedback", "With feedback" },
	{ "median_days_to_feedback", "Median days to feedback" },
	{ "case_months", "Case-months" },
	{ "contacts", "Contacts" },
	{ "contacts_per_case_month", "Contacts per case-month" },
	{ "rule_per_case_month", "Rule per case-month" },
	{ "cases_below_rule", "Cases below the rule" },
	{ "no_shows", "No-shows" },
	{ "no_show_rate", "No-show rate" },
	{ "interviews", "Interviews" },
	{ "interview_minutes", "Interview minutes" },
	{ "mean_interview_minutes", "Mean interview minutes" },
	{ "first_name", "First name" },
	{ "last_name", "Last name" },
	{ "birth_date", "Date of birth" },
	{ "phone", "Phone" },
	{ "email", "E-mail" },
	{ "postcode", "Postcode" },
	{ "language", "Language" },
};

const char *html_heading(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof headings / sizeof headings[0]; i++)
		if (!strcmp(headings[i].key, key))
			return headings[i].heading;
	return key;
}
