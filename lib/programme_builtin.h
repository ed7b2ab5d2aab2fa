/*
 * The built-in programme profiles (DESIGN.md section 2), as canonical JSON
 * string literals: cm init inserts them and a schema migration writes them
 * into databases made before profiles had rules, so both must agree to the
 * byte. No apostrophes: the migration embeds them in SQL quotes.
 * Internal to lib/.
 */
#ifndef CM_LIB_PROGRAMME_BUILTIN_H
#define CM_LIB_PROGRAMME_BUILTIN_H

#include <stddef.h>

#define CM_NO_QUOTA_NO_INCAPACITY "\"quota\":null,\"incapacity\":null,"
#define CM_NO_AGREEMENT_REQUIRED "\"referral_requires_agreement\":false,"
#define CM_NO_OPERATOR_REPORTS "\"operator_report_months\":null,"
#define CM_NO_ENTRY_CONDITIONS "\"entry_conditions\":[]}"

/*
 * Forem/Actiris: under-25s convened within 6 months; 200-400 per counsellor
 * (70 in Flanders); a signed action plan within 60 days (a default: the seed
 * gives no delay).
 */
#define CM_BUILTIN_BE_ACCOMPAGNEMENT \
	"{\"id\":\"be-accompagnement\"," \
	"\"name\":\"Individualised accompaniment of job seekers (Wallonia/Brussels)\"," \
	"\"eligibility\":{\"min_age\":null,\"max_age\":null,\"checks\":[]}," \
	"\"contact_interval_days\":30," \
	"\"deadlines\":{\"offer_months\":null,\"first_meeting_months\":6," \
	"\"first_meeting_max_age\":24,\"max_duration_months\":null}," \
	"\"renewal\":{\"max_count\":0,\"max_months\":0}," \
	"\"referral_feedback_days\":14,\"follow_up_months\":[6,12,18]," \
	"\"caseload_norm\":200,\"plan_signed_within_days\":60," \
	CM_NO_QUOTA_NO_INCAPACITY CM_NO_AGREEMENT_REQUIRED CM_NO_OPERATOR_REPORTS CM_NO_ENTRY_CONDITIONS

/*
 * Cooperation agreement of 2014: 21 months, one renewal of at most 18, 15 % and 4 % caps;
 * a third party running it reports regularly (every 3 months: a default, the seed gives none).
 */
#define CM_BUILTIN_BE_TRAJET_SPECIFIQUE \
	"{\"id\":\"be-trajet-specifique\"," \
	"\"name\":\"Trajet specifique: psycho-medico-social factors (Belgium, 2014)\"," \
	"\"eligibility\":{\"min_age\":null,\"max_age\":null,\"checks\":[]}," \
	"\"contact_interval_days\":30," \
	"\"deadlines\":{\"offer_months\":null,\"first_meeting_months\":null," \
	"\"first_meeting_max_age\":null,\"max_duration_months\":21}," \
	"\"renewal\":{\"max_count\":1,\"max_months\":18}," \
	"\"referral_feedback_days\":14,\"follow_up_months\":[6,12,18]," \
	"\"caseload_norm\":null,\"plan_signed_within_days\":30," \
	"\"quota\":{\"trajectory_share\":0.15,\"renewal_share\":0.04," \
	"\"min_unemployed_months_under_25\":3,\"min_unemployed_months_25_and_over\":6}," \
	"\"incapacity\":null," CM_NO_AGREEMENT_REQUIRED "\"operator_report_months\":3," \
	"\"entry_conditions\":[\"pms-factors\",\"incapacity-33\"]}"

/* Swiss vocational case management: from about 12 up to 24, about 80 cases each. */
#define CM_BUILTIN_CH_CMFP \
	"{\"id\":\"ch-cmfp\"," \
	"\"name\":\"Case management Formation professionnelle (Switzerland)\"," \
	"\"eligibility\":{\"min_age\":12,\"max_age\":24,\"checks\":[]}," \
	"\"contact_interval_days\":30," \
	"\"deadlines\":{\"offer_months\":null,\"first_meeting_months\":null," \
	"\"first_meeting_max_age\":null,\"max_duration_months\":null}," \
	"\"renewal\":{\"max_count\":0,\"max_months\":0}," \
	"\"referral_feedback_days\":14,\"follow_up_months\":[6,12,18]," \
	"\"caseload_norm\":80,\"plan_signed_within_days\":null," \
	CM_NO_QUOTA_NO_INCAPACITY CM_NO_AGREEMENT_REQUIRED CM_NO_OPERATOR_REPORTS CM_NO_ENTRY_CONDITIONS

/*
 * Multi-problem families: fortnightly contact, for the case conferences of the
 * network; partners by convention only ("doit se faire par des conventions").
 */
#define CM_BUILTIN_DG_FAMILLES \
	"{\"id\":\"dg-familles\"," \
	"\"name\":\"Network for multi-problem families (German-speaking Community)\"," \
	"\"eligibility\":{\"min_age\":null,\"max_age\":null,\"checks\":[]}," \
	"\"contact_interval_days\":14," \
	"\"deadlines\":{\"offer_months\":null,\"first_meeting_months\":null," \
	"\"first_meeting_max_age\":null,\"max_duration_months\":null}," \
	"\"renewal\":{\"max_count\":0,\"max_months\":0}," \
	"\"referral_feedback_days\":14,\"follow_up_months\":[6,12,18]," \
	"\"caseload_norm\":null,\"plan_signed_within_days\":null," \
	CM_NO_QUOTA_NO_INCAPACITY "\"referral_requires_agreement\":true," \
	CM_NO_OPERATOR_REPORTS CM_NO_ENTRY_CONDITIONS

/* Council Recommendation of 22 April 2013: under 25, an offer within 4 months. */
#define CM_BUILTIN_EU_YOUTH_GUARANTEE \
	"{\"id\":\"eu-youth-guarantee\"," \
	"\"name\":\"EU Youth Guarantee (Council Recommendation, 22 April 2013)\"," \
	"\"eligibility\":{\"min_age\":null,\"max_age\":24,\"checks\":[]}," \
	"\"contact_interval_days\":30," \
	"\"deadlines\":{\"offer_months\":4,\"first_meeting_months\":null," \
	"\"first_meeting_max_age\":null,\"max_duration_months\":null}," \
	"\"renewal\":{\"max_count\":0,\"max_months\":0}," \
	"\"referral_feedback_days\":14,\"follow_up_months\":[6,12,18]," \
	"\"caseload_norm\":null,\"plan_signed_within_days\":null," \
	CM_NO_QUOTA_NO_INCAPACITY CM_NO_AGREEMENT_REQUIRED CM_NO_OPERATOR_REPORTS CM_NO_ENTRY_CONDITIONS

/* Work accidents: 10 % predicted incapacity to the specialised team, 50 % to case management. */
#define CM_BUILTIN_WORK_ACCIDENT \
	"{\"id\":\"work-accident\"," \
	"\"name\":\"Work-accident case management (return to work)\"," \
	"\"eligibility\":{\"min_age\":null,\"max_age\":null,\"checks\":[\"incapacity\"]}," \
	"\"contact_interval_days\":30," \
	"\"deadlines\":{\"offer_months\":null,\"first_meeting_months\":null," \
	"\"first_meeting_max_age\":null,\"max_duration_months\":null}," \
	"\"renewal\":{\"max_count\":0,\"max_months\":0}," \
	"\"referral_feedback_days\":14,\"follow_up_months\":[6,12,18]," \
	"\"caseload_norm\":null,\"plan_signed_within_days\":null," \
	"\"quota\":null," \
	"\"incapacity\":{\"specialised_team_min\":10,\"case_management_min\":50}," \
	CM_NO_AGREEMENT_REQUIRED CM_NO_OPERATOR_REPORTS CM_NO_ENTRY_CONDITIONS

struct cm_builtin_programme {
	const char *id, *name, *rules;
};

extern const struct cm_builtin_programme cm_builtin_programmes[];
extern const size_t cm_builtin_programme_count;

#endif
