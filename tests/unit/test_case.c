/* Intake, screening and consent in the library, on a store of each engine. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "cm/case.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "cm/worker.h"
#include "store_fixture.h"

static struct cm_store *s;

static void setup(void)
{
	struct cm_error err = { 0 };

	setenv("CM_TODAY", "2026-03-15", 1);
	setenv("CM_NOW", "2026-03-15T09:00:00Z", 1);
	s = fixture_open();
	cm_store_set_actor(s, "alice", "intake");
	/* Only registered workers can be named on a case (registered here without an audit record). */
	cr_assert_eq(cm_worker_add_first_admin(s, "alice", "Alice", &err), 0, "%s", err.msg);
	cr_assert_eq(cm_programme_seed_builtin(s, &err), 0);
	cr_assert_eq(cm_store_meta_set(s, "default_programme", "be-accompagnement", &err), 0);
}

static void teardown(void)
{
	fixture_close(s);
}

TestSuite(intake, .init = setup, .fini = teardown);

static struct cm_intake lea(void)
{
	return (struct cm_intake){
		.person = { .first_name = "Léa", .last_name = "Dupont", .birth_date = "2003-04-05",
			    .ext_id = "A1", .source = "actiris" },
	};
}

static void expect_case(int64_t id, const char *state, unsigned criteria, unsigned consent)
{
	struct cm_error err = { 0 };
	struct cm_case c;

	cr_assert_eq(cm_case_get(s, id, &c, &err), 0, "%s", err.msg);
	cr_expect_str_eq(c.state, state);
	cr_expect_eq(c.criteria, criteria);
	cr_expect_eq(c.consent, consent);
	cm_case_release(&c);
}

Test(intake, opens_a_case_in_screening)
{
	struct cm_intake in = lea();
	struct cm_error err = { 0 };
	struct cm_case c;
	int64_t id;

	cr_assert_eq(cm_intake(s, &in, &id, &err), 0, "%s", err.msg);
	cr_expect_eq(id, 1);
	cr_assert_eq(cm_case_get(s, id, &c, &err), 0);
	cr_expect_str_eq(c.programme, "be-accompagnement");
	cr_expect_str_eq(c.worker, "alice");
	cr_expect_str_eq(c.state, "screening");
	cr_expect_str_eq(c.opened_on, "2026-03-15");
	cr_expect_str_eq(c.ext_id, "A1");
	cr_expect_null(c.closed_on);
	cm_case_release(&c);
	cr_expect_eq(cm_store_count(s, "audit"), 2, "person and case are audited");
}

Test(intake, all_conditions_and_consent_go_to_assessment)
{
	struct cm_intake in = lea();
	struct cm_error err = { 0 };
	int64_t id;

	in.criteria = CM_CRIT_ALL;
	in.consent = CM_CONSENT_CASE_MANAGEMENT;
	cr_assert_eq(cm_intake(s, &in, &id, &err), 0, "%s", err.msg);
	expect_case(id, "assessment", CM_CRIT_ALL, CM_CONSENT_CASE_MANAGEMENT);
}

Test(intake, conditions_without_consent_stay_in_screening)
{
	struct cm_intake in = lea();
	struct cm_error err = { 0 };
	int64_t id;

	in.criteria = CM_CRIT_ALL;
	in.consent = CM_CONSENT_SHARE_PARTNERS;
	cr_assert_eq(cm_intake(s, &in, &id, &err), 0);
	expect_case(id, "screening", CM_CRIT_ALL, CM_CONSENT_SHARE_PARTNERS);
	cr_assert_eq(cm_consent_set(s, id, CM_CONSENT_CASE_MANAGEMENT, 1, &err), 0, "%s", err.msg);
	expect_case(id, "assessment", CM_CRIT_ALL, CM_CONSENT_SHARE_PARTNERS | CM_CONSENT_CASE_MANAGEMENT);
}

Test(intake, screening_completed_later)
{
	struct cm_intake in = lea();
	struct cm_error err = { 0 };
	int64_t id;

	in.consent = CM_CONSENT_CASE_MANAGEMENT;
	cr_assert_eq(cm_intake(s, &in, &id, &err), 0);
	cr_assert_eq(cm_case_set_criteria(s, id, CM_CRIT_COMPLEX | CM_CRIT_COOPERATION, &err), 0);
	expect_case(id, "screening", CM_CRIT_COMPLEX | CM_CRIT_COOPERATION, CM_CONSENT_CASE_MANAGEMENT);
	cr_expect_eq(cm_case_set_criteria(s, id, CM_CRIT_COMPLEX, &err), CM_EFAIL);
	cr_assert_eq(cm_case_set_criteria(s, id, CM_CRIT_ALL, &err), 0);
	expect_case(id, "assessment", CM_CRIT_ALL, CM_CONSENT_CASE_MANAGEMENT);
}

Test(intake, consent_withdrawn_is_current)
{
	struct cm_intake in = lea();
	struct cm_error err = { 0 };
	int64_t id, consent_id;
	int given;

	in.consent = CM_CONSENT_SHARE_PARTNERS;
	cr_assert_eq(cm_intake(s, &in, &id, &err), 0);
	cr_assert_eq(cm_consent_current(s, id, CM_CONSENT_SHARE_PARTNERS, &given, &consent_id, &err), 0);
	cr_expect_eq(given, 1);
	cr_expect_eq(consent_id, 1);
	cr_assert_eq(cm_consent_set(s, id, CM_CONSENT_SHARE_PARTNERS, 0, &err), 0);
	cr_assert_eq(cm_consent_current(s, id, CM_CONSENT_SHARE_PARTNERS, &given, &consent_id, &err), 0);
	cr_expect_eq(given, 0);
	cr_expect_eq(consent_id, 2);
	cr_expect_eq(cm_consent_set(s, id, CM_CONSENT_SHARE_PARTNERS, 0, &err), CM_EFAIL);
	cr_expect_str_eq(err.msg, "case 1: no consent to withdraw");
}

Test(intake, same_person_same_programme_is_refused)
{
	struct cm_intake in = lea();
	struct cm_error err = { 0 };
	int64_t id;
	long long audits;

	cr_assert_eq(cm_intake(s, &in, &id, &err), 0);
	audits = cm_store_count(s, "audit");
	cr_expect_eq(cm_intake(s, &in, &id, &err), CM_ECONFLICT);
	cr_expect_str_eq(err.msg, "person actiris:A1 already has open case 1 in programme be-accompagnement");
	cr_expect_eq(cm_store_count(s, "audit"), audits);
	cr_expect_eq(cm_store_count(s, "cases"), 1);
	in.programme = "eu-youth-guarantee";
	cr_expect_eq(cm_intake(s, &in, &id, &err), 0);
	cr_expect_eq(cm_store_count(s, "person"), 1, "the person is reused");
	cr_expect_eq(cm_store_count(s, "cases"), 2);
}

Test(intake, bad_fields_are_named)
{
	static const struct {
		const char *birth, *sex, *email, *want;
	} cases[] = {
		{ "2003-02-29", NULL, NULL, "invalid birth_date '2003-02-29' (expected YYYY-MM-DD)" },
		{ "05/04/2003", NULL, NULL, "invalid birth_date '05/04/2003' (expected YYYY-MM-DD)" },
		{ "2026-03-16", NULL, NULL, "birth_date '2026-03-16' is in the future" },
		{ NULL, "M", NULL, "invalid sex 'M' (male, female, other, unknown)" },
		{ NULL, NULL, "nobody", "invalid email 'nobody'" },
	};
	struct cm_error err = { 0 };
	struct cm_intake in;
	size_t i;
	int64_t id;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		in = lea();
		in.person.birth_date = cases[i].birth;
		in.person.sex = cases[i].sex;
		in.person.email = cases[i].email;
		cr_expect_eq(cm_intake(s, &in, &id, &err), CM_EUSAGE);
		cr_expect_str_eq(err.msg, cases[i].want);
	}
	cr_expect_eq(cm_store_count(s, "person"), 0);
	cr_expect_eq(cm_store_count(s, "audit"), 0);
}

Test(intake, resolve_by_number_and_ext_id)
{
	struct cm_intake in = lea();
	struct cm_error err = { 0 };
	int64_t id, found;

	cr_assert_eq(cm_intake(s, &in, &id, &err), 0);
	cr_expect_eq(cm_case_resolve(s, "1", &found, &err), 0);
	cr_expect_eq(found, 1);
	cr_expect_eq(cm_case_resolve(s, "ext:A1", &found, &err), 0);
	cr_expect_eq(found, 1);
	cr_expect_eq(cm_case_resolve(s, "2", &found, &err), CM_ENOTFOUND);
	cr_expect_str_eq(err.msg, "no case 2");
	cr_expect_eq(cm_case_resolve(s, "ext:B9", &found, &err), CM_ENOTFOUND);
	cr_expect_str_eq(err.msg, "no open case for ext:B9");
	cr_expect_eq(cm_case_resolve(s, "1x", &found, &err), CM_EUSAGE);
	cr_expect_str_eq(err.msg, "invalid case '1x' (expected a number or ext:ID)");
	in.programme = "ch-cmfp";
	cr_assert_eq(cm_intake(s, &in, &id, &err), 0);
	cr_expect_eq(cm_case_resolve(s, "ext:A1", &found, &err), CM_ECONFLICT);
	cr_expect_str_eq(err.msg, "ext:A1 has several open cases (1, 2); give the case number");
}

Test(intake, criteria_and_scopes_parse)
{
	struct cm_error err = { 0 };
	unsigned bits;

	cr_expect_eq(cm_criteria_parse("complex,cooperation", &bits, &err), 0);
	cr_expect_eq(bits, CM_CRIT_COMPLEX | CM_CRIT_COOPERATION);
	cr_expect_eq(cm_criteria_parse("all", &bits, &err), 0);
	cr_expect_eq(bits, CM_CRIT_ALL);
	cr_expect_eq(cm_criteria_parse("complex,,x", &bits, &err), CM_EUSAGE);
	cr_expect_str_eq(err.msg, "unknown criterion ''");
	cr_expect_eq(cm_consent_scopes_parse("share-partners", &bits, &err), 0);
	cr_expect_eq(bits, CM_CONSENT_SHARE_PARTNERS);
	cr_expect_eq(cm_consent_scopes_parse("sharing", &bits, &err), CM_EUSAGE);
	cr_expect_str_eq(err.msg, "unknown consent scope 'sharing'");
}
