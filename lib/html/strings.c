/*
 * Every sentence and word the HTML pages show, in one table, translated
 * when shown. Sentences are whole; a %s stands for one value (a date, a
 * number, a name) that the page writes in escaped.
 */
#include <string.h>
#include "cm/i18n.h"
#include "html_impl.h"

static const char *const strings[HS_COUNT] = {
	/* TRANSLATORS: the language tag of the HTML pages (BCP 47): fr, nl, de. */
	[HS_LANG] = N_("en"),
	[HS_GENERATOR] = "cm",
	[HS_YES] = N_("yes"),
	[HS_NO] = N_("no"),
	[HS_NONE] = "-",
	[HS_ALL_CASES] = N_("All cases"),
	[HS_WITHHELD] = N_("withheld"),

	[HS_REPORT_TITLE] = N_("Report: %s"),
	[HS_REPORTS_TITLE] = N_("Reports"),
	[HS_WINDOW] = N_("Window: from %s to %s."),
	[HS_PROGRAMME_ALL] = N_("Programmes: all programmes."),
	[HS_PROGRAMME_ONE] = N_("Programme: %s."),
	[HS_TEAM_ALL] = N_("Teams: all teams."),
	[HS_TEAM_ONE] = N_("Team: %s."),
	[HS_SNAPSHOT] = N_("Counted on %s, not over the window."),
	[HS_BY_WORKER] = N_("Grouped by worker."),
	[HS_BY_PROGRAMME] = N_("Grouped by programme."),
	[HS_BY_MONTH] = N_("Grouped by month."),
	[HS_MIN_CELL] = N_("Counts below %s are withheld (shown as \"<%s\"), and so is any figure"
			   " from which one could be worked out (shown with another mark)."),
	[HS_NO_MIN_CELL] = N_("No count is withheld."),
	[HS_GENERATED] = N_("Generated at %s."),
	[HS_SECTION_SKIPPED] = N_("This report does not apply to the filters of this page: %s."),
	[HS_NO_ROWS] = N_("Nothing to report in this window."),
	[HS_NOTHING_WITHHELD] = N_("No figure of this report is withheld."),
	[HS_WITHHELD_NOTE] = N_("Withheld figures are drawn as hatched grey placeholders, all of"
			     " one size, never as bars of their true length."),
	[HS_TABLE_CAPTION] = N_("%s: the figures"),

	[HS_R_CASELOAD] = N_("Caseload"),
	[HS_R_OUTCOMES] = N_("Outcomes"),
	[HS_R_DURATIONS] = N_("Durations"),
	[HS_R_YOUTH] = N_("Youth Guarantee"),
	[HS_R_QUOTA] = N_("Trajectory quota"),
	[HS_R_REFERRALS] = N_("Referrals"),
	[HS_R_CONTACTS] = N_("Contacts"),

	[HS_C_CASELOAD] = N_("Open cases per worker against the norm"),
	[HS_D_CASELOAD] = N_("One bar per worker and programme: the cases open on the last day"
			  " of the window."),
	[HS_C_CASELOAD_P] = N_("Open cases per programme"),
	[HS_D_CASELOAD_P] = N_("One bar per programme: the cases open on the last day of the window."),
	[HS_ABOVE_NORM] = N_("above norm"),
	[HS_C_OUTCOMES] = N_("Share of closures by exit"),
	[HS_D_OUTCOMES] = N_("One bar per exit, and one for the positive exits together: its share"
			  " of the closures in the window."),
	[HS_C_MEDIAN] = N_("Median duration in days"),
	[HS_D_MEDIAN] = N_("One bar per measure: the median number of days."),
	[HS_C_P90] = N_("Duration in days reached by nine cases in ten"),
	[HS_D_P90] = N_("One bar per measure: the 90th percentile of days."),
	[HS_C_YOUTH] = N_("Youth Guarantee indicators"),
	[HS_D_YOUTH] = N_("One bar per indicator: the number of cases."),
	[HS_C_QUOTA] = N_("Share of job seekers in a trajectory against the cap"),
	[HS_D_QUOTA] = N_("One bar per measure: the share of the job seekers counted."),
	[HS_ABOVE_CAP] = N_("above cap"),
	[HS_C_SENT] = N_("Referrals sent per partner"),
	[HS_D_SENT] = N_("One bar per partner: the referrals sent in the window."),
	[HS_C_FEEDBACK] = N_("Median days to the partner's feedback"),
	[HS_D_FEEDBACK] = N_("One bar per partner: the median number of days from sending to"
			  " feedback."),
	[HS_C_CONTACTS] = N_("Contacts per case-month against the contact rule"),
	[HS_D_CONTACTS] = N_("One bar per group: the contacts per month of open case."),
	[HS_D_NORM] = N_("A black mark across a bar shows the caseload norm of its programme."),
	[HS_D_CAP] = N_("A black mark across a bar shows the cap the share is held against."),
	[HS_D_RULE] = N_("A black mark across a bar shows what the contact rule asks for."),
	[HS_D_PATTERN] = N_("Bars above it are hatched and labelled \"%s\"."),

	[HS_PLAN_TITLE] = N_("Action plan of case %s"),
	[HS_PERSON] = N_("Person"),
	[HS_BIRTH_DATE] = N_("Date of birth"),
	[HS_CASE_MANAGER] = N_("Case manager"),
	[HS_PROGRAMME] = N_("Programme"),
	[HS_CASE_OPENED] = N_("Case opened on"),
	[HS_VERSION_LINE] = N_("Version %s of the plan"),
	[HS_HASH] = N_("Content hash (SHA-256)"),
	[HS_GOAL] = N_("Goal %s"),
	[HS_ACTION] = N_("Action"),
	[HS_OWNER] = N_("Who"),
	[HS_DUE] = N_("Due"),
	[HS_STATUS] = N_("Status"),
	[HS_OWNER_CLIENT] = N_("the client"),
	[HS_OWNER_WORKER] = N_("the case manager"),
	[HS_ST_OPEN] = N_("open"),
	[HS_ST_DONE] = N_("done"),
	[HS_ST_DROPPED] = N_("dropped"),
	[HS_NO_GOALS] = N_("The plan has no goal yet."),
	[HS_NO_ACTIONS] = N_("No action yet."),
	[HS_SIGNATURES] = N_("Signatures"),
	[HS_SIGN_CLIENT] = N_("The client"),
	[HS_SIGN_WORKER] = N_("The case manager"),
	[HS_SIGNED_ON] = N_("Signed on %s."),
	[HS_SIGNED_MISMATCH] = N_("The plan has changed since it was signed: it must be signed again."),
	[HS_SIGN_DATE] = N_("Date"),
	[HS_SIGN_HERE] = N_("Signature"),
	[HS_PLAN_NOTE] = N_("By signing, the client and the case manager agree to carry out this"
			 " version of the plan together."),

	[HS_PACKET_TITLE] = N_("Referral %s"),
	[HS_PACKET_TO] = N_("To"),
	[HS_PACKET_DATE] = N_("Sent on"),
	[HS_PACKET_REASON] = N_("Reason"),
	[HS_PACKET_SHARED] = N_("What is shared with you"),
	[HS_PACKET_NOTHING] = N_("No personal data is shared with this referral."),
	[HS_PACKET_CONSENT] = N_("The person consented to sharing these data with partners on %s."),
	[HS_PACKET_NO_CONSENT] = N_("No personal data is shared, so no consent to share is needed."),
	[HS_PACKET_ASSESSMENT] = N_("Assessment (0 no problem, 4 severe)"),
	[HS_PACKET_PLAN] = N_("Goals of the action plan"),
	[HS_DOMAIN] = N_("Domain"),
	[HS_SCORE] = N_("Score"),
	[HS_PACKET_NOTE] = N_("These are exactly the data the person agreed to share for this"
			   " referral; keep them no longer than the referral needs."),
};

const char *html_str(enum html_str id)
{
	return id < HS_COUNT && strings[id] ? _(strings[id]) : "";
}

static const struct {
	const char *key, *heading;
} headings[] = {
	{ "worker", N_("Worker") },
	{ "programme", N_("Programme") },
	{ "month", N_("Month") },
	{ "group", N_("Group") },
	{ "open", N_("Open cases") },
	{ "norm", N_("Norm") },
	{ "above_norm", N_("Above the norm") },
	{ "workers", N_("Workers") },
	{ "workers_above_norm", N_("Workers above the norm") },
	{ "outcome", N_("Exit") },
	{ "positive", N_("Positive") },
	{ "closures", N_("Closures") },
	{ "share", N_("Share") },
	{ "measure", N_("Measure") },
	{ "cases", N_("Cases") },
	{ "median_days", N_("Median days") },
	{ "p90_days", N_("90th percentile, days") },
	{ "of", N_("Share of") },
	{ "job_seekers", N_("Job seekers") },
	{ "cap", N_("Cap") },
	{ "above_cap", N_("Above the cap") },
	{ "partner", N_("Partner") },
	{ "name", N_("Name") },
	{ "sent", N_("Sent") },
	{ "accepted", N_("Accepted") },
	{ "declined", N_("Declined") },
	{ "completed", N_("Completed") },
	{ "no_show", N_("No-show") },
	{ "feedback", N_("With feedback") },
	{ "median_days_to_feedback", N_("Median days to feedback") },
	{ "case_months", N_("Case-months") },
	{ "contacts", N_("Contacts") },
	{ "contacts_per_case_month", N_("Contacts per case-month") },
	{ "rule_per_case_month", N_("Rule per case-month") },
	{ "cases_below_rule", N_("Cases below the rule") },
	{ "no_shows", N_("No-shows") },
	{ "no_show_rate", N_("No-show rate") },
	{ "interviews", N_("Interviews") },
	{ "interview_minutes", N_("Interview minutes") },
	{ "mean_interview_minutes", N_("Mean interview minutes") },
	{ "first_name", N_("First name") },
	{ "last_name", N_("Last name") },
	{ "birth_date", N_("Date of birth") },
	{ "phone", N_("Phone") },
	{ "email", N_("E-mail") },
	{ "postcode", N_("Postcode") },
	{ "language", N_("Language") },
};

const char *html_heading(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof headings / sizeof headings[0]; i++)
		if (!strcmp(headings[i].key, key))
			return _(headings[i].heading);
	return key;
}
