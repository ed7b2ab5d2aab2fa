/* Programme profiles: the built-ins are canonical, rules read back as a struct. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "cm/case.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "cm/worker.h"
#include "lib/programme_builtin.h"
#include "store_fixture.h"

static struct cm_store *s;

static void open_store(void)
{
	struct cm_error err = { 0 };

	setenv("CM_TODAY", "2026-03-15", 1);
	setenv("CM_NOW", "2026-03-15T09:00:00Z", 1);
	s = fixture_open();
	cm_store_set_actor(s, "alice", "test");
	/* Only registered workers can be named on a case (registered here without an audit record). */
	cr_assert_eq(cm_worker_add_first_admin(s, "alice", "Alice", &err), 0, "%s", err.msg);
	cr_assert_eq(cm_worker_add_first_admin(s, "bob", "Bob", &err), 0, "%s", err.msg);
	cr_assert_eq(cm_programme_seed_builtin(s, &err), 0, "%s", err.msg);
}

static void close_store(void)
{
	fixture_close(s);
}

/* The migration stores the built-in text as is, so it must be what a check writes. */
Test(programme, builtins_are_canonical)
{
	struct cm_error err = { 0 };
	char *canonical;
	size_t i;

	for (i = 0; i < cm_builtin_programme_count; i++) {
		const char *text = cm_builtin_programmes[i].rules;

		cr_assert_eq(cm_programme_parse(text, strlen(text), "builtin", NULL, &canonical, &err),
			     0, "%s: %s", cm_builtin_programmes[i].id, err.msg);
		cr_expect_str_eq(canonical, text);
		cr_expect_null(strchr(text, '\''), "%s: the migration quotes it in SQL",
			       cm_builtin_programmes[i].id);
		free(canonical);
	}
}

Test(programme, rules_of_trajet_specifique, .init = open_store, .fini = close_store)
{
	struct cm_programme_rules r;
	struct cm_error err = { 0 };

	cr_assert_eq(cm_programme_rules_get(s, "be-trajet-specifique", &r, &err), 0, "%s", err.msg);
	cr_expect_str_eq(r.id, "be-trajet-specifique");
	cr_expect_eq(r.max_duration_months, 21);
	cr_expect_eq(r.renewal_max_count, 1);
	cr_expect_eq(r.renewal_max_months, 18);
	cr_expect_eq(r.plan_signed_within_days, 30);
	cr_expect_eq(r.contact_interval_days, 30);
	cr_expect_eq(r.referral_feedback_days, 14);
	cr_expect(r.has_quota);
	cr_expect_float_eq(r.quota_trajectory_share, 0.15, 1e-12);
	cr_expect_float_eq(r.quota_renewal_share, 0.04, 1e-12);
	cr_expect_eq(r.quota_min_unemployed_months_under_25, 3);
	cr_expect_eq(r.quota_min_unemployed_months_25_and_over, 6);
	cr_expect_not(r.has_incapacity);
	cr_expect_eq(r.min_age, CM_RULE_NONE);
	cr_expect_eq(r.caseload_norm, CM_RULE_NONE);
	cr_expect_eq(r.follow_up_count, 3);
	cr_expect_eq(r.follow_up_months[2], 18);
}

Test(programme, rules_of_the_others, .init = open_store, .fini = close_store)
{
	struct cm_programme_rules r;
	struct cm_error err = { 0 };

	cr_assert_eq(cm_programme_rules_get(s, "eu-youth-guarantee", &r, &err), 0);
	cr_expect_eq(r.max_age, 24);
	cr_expect_eq(r.offer_months, 4);
	cr_assert_eq(cm_programme_rules_get(s, "ch-cmfp", &r, &err), 0);
	cr_expect_eq(r.min_age, 12);
	cr_expect_eq(r.max_age, 24);
	cr_expect_eq(r.caseload_norm, 80);
	cr_assert_eq(cm_programme_rules_get(s, "be-accompagnement", &r, &err), 0);
	cr_expect_eq(r.first_meeting_months, 6);
	cr_expect_eq(r.first_meeting_max_age, 24);
	cr_assert_eq(cm_programme_rules_get(s, "work-accident", &r, &err), 0);
	cr_expect(r.checks & CM_CHECK_INCAPACITY);
	cr_expect_eq(r.incapacity_specialised_team_min, 10);
	cr_expect_eq(r.incapacity_case_management_min, 50);
	cr_expect_eq(cm_programme_rules_get(s, "nowhere", &r, &err), CM_ENOTFOUND);
	cr_expect_str_eq(err.msg, "unknown programme 'nowhere'; see 'cm programme list'");
}

/* The case's own contact interval wins over the programme's. */
Test(programme, rules_for_case, .init = open_store, .fini = close_store)
{
	struct cm_intake in = { .person = { .first_name = "A", .last_name = "B" },
				.programme = "dg-familles" };
	struct cm_programme_rules r;
	struct cm_error err = { 0 };
	int64_t id;

	cr_assert_eq(cm_intake(s, &in, &id, &err), 0, "%s", err.msg);
	cr_assert_eq(cm_programme_rules_for_case(s, id, &r, &err), 0, "%s", err.msg);
	cr_expect_eq(r.contact_interval_days, 14);
	cr_expect_eq(cm_programme_rules_for_case(s, id + 1, &r, &err), CM_ENOTFOUND);
}

Test(programme, caseload_check, .init = open_store, .fini = close_store)
{
	struct cm_intake in = { .person = { .first_name = "A", .last_name = "B",
					    .birth_date = "2010-01-01" },
				.programme = "ch-cmfp", .worker = "bob" };
	struct cm_error err = { 0 };
	long long open;
	int64_t id;
	int norm;

	cr_assert_eq(cm_intake(s, &in, &id, &err), 0, "%s", err.msg);
	cr_expect_eq(cm_programme_caseload_check(s, "bob", "ch-cmfp", 1, &open, &norm, &err), 0);
	cr_expect_eq(open, 2);
	cr_expect_eq(norm, 80);
	cr_expect_eq(cm_programme_caseload_check(s, "bob", "dg-familles", 0, &open, &norm, &err), 0);
	cr_expect_eq(norm, CM_RULE_NONE);
}
