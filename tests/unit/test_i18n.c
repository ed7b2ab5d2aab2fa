/*
 * The message catalogue at work: numbers for people, labels and codes,
 * plural forms, and stored English audit summaries shown in French. Each
 * test runs in its own process, so each chooses its language afresh.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm/i18n.h"
#include "lib/labels.h"

/* The build tree's catalogues: tests/test_i18n beside po/. */
static void use_language(const char *language, const char *lang)
{
	char exe[PATH_MAX], dir[PATH_MAX + 8], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	cr_assert(n > 0);
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	cr_assert_not_null(slash);
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/../po", exe);
	setenv("CM_LOCALEDIR", dir, 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	if (lang)
		setenv("LANG", lang, 1);
	else
		unsetenv("LANG");
	setenv("LANGUAGE", language, 1);
	cm_i18n_init();
}

static void french(void)
{
	use_language("fr", "C.UTF-8");
}

Test(i18n, english_without_a_catalogue)
{
	char buf[32];
	const char *s = "referral 3: sent -> accepted";

	cr_expect_str_eq(cm_i18n_decimal(buf, sizeof buf, 15.0, 1), "15.0");
	cr_expect_str_eq(cm_i18n_percent(buf, sizeof buf, 4.25, 1), "4.2%");
	cr_expect_eq(cm_summary_text(s), s, "an English summary is printed as stored");
	cr_expect_str_eq(cm_label_field("first_name"), "first_name");
	cr_expect_str_eq(cm_label_value("state", "active"), "active");
	cr_expect_str_eq(cm_label_bool(1), "true");
}

/* glibc ignores LANGUAGE under the C locale: LANG unset is English. */
Test(i18n, language_alone_under_c_is_english)
{
	char buf[32];

	use_language("fr", NULL);
	cr_expect_str_eq(cm_i18n_decimal(buf, sizeof buf, 0.5, 2), "0.50");
	cr_expect_str_eq(_("cm: error: "), "cm: error: ");
}

Test(i18n, french_numbers, .init = french)
{
	char buf[32];

	cr_expect_str_eq(cm_i18n_decimal(buf, sizeof buf, 15.0, 1), "15,0");
	cr_expect_str_eq(cm_i18n_decimal(buf, sizeof buf, -0.125, 3), "-0,125");
	cr_expect_str_eq(cm_i18n_decimal(buf, sizeof buf, 7, 0), "7");
	cr_expect_str_eq(cm_i18n_percent(buf, sizeof buf, 15.0, 1), "15,0\u00a0%");
	cr_expect_str_eq(cm_i18n_decimal_text(buf, sizeof buf, "2.5"), "2,5");
}

Test(i18n, french_labels_and_codes, .init = french)
{
	cr_expect_str_eq(cm_label_field("first_name"), "prénom");
	cr_expect_str_eq(cm_label_field("no_such_key"), "no_such_key");
	cr_expect_str_eq(cm_label_value("state", "active"), "accompagnement");
	cr_expect_str_eq(cm_label_value("kind", "case-conference"), "concertation");
	cr_expect_str_eq(cm_label_value("outcome", "(all)"), "(tous)");
	/* Free text that happens to be a code is not a code. */
	cr_expect_str_eq(cm_label_value("note", "active"), "active");
	cr_expect_str_eq(cm_label_value("state", "unheard-of"), "unheard-of");
	cr_expect_str_eq(cm_label_bool(0), "non");
	cr_expect_str_eq(C_("name", "Trajet specifique: psycho-medico-social factors (Belgium, 2014)"),
			 "Trajet spécifique : facteurs psycho-médico-sociaux (Belgique, 2014)");
}

/* French takes the singular for 0 and 1. */
Test(i18n, french_plurals, .init = french)
{
	cr_expect_str_eq(Q_("%s: %zu item\n", "%s: %zu items\n", 0), "%s : %zu élément\n");
	cr_expect_str_eq(Q_("%s: %zu item\n", "%s: %zu items\n", 1), "%s : %zu élément\n");
	cr_expect_str_eq(Q_("%s: %zu item\n", "%s: %zu items\n", 2), "%s : %zu éléments\n");
	cr_expect_str_eq(cm_ngettext_if(0, "%ld day", "%ld days", 0), "%ld days",
			 "machine output keeps English plurals");
}

Test(i18n, french_log_summaries, .init = french)
{
	cr_expect_str_eq(cm_summary_text("referral 3: sent -> accepted, with feedback"),
			 "orientation 3 : envoyée -> acceptée, avec retour");
	cr_expect_str_eq(cm_summary_text("state planning -> active: plan version 1 signed by "
					 "client and worker"),
			 "état plan d'action -> accompagnement : version 1 du plan signée par le "
			 "demandeur d'emploi et le conseiller");
	cr_expect_str_eq(cm_summary_text("consent share-partners given"),
			 "consentement « partage avec les partenaires » donné");
	/* A value holding the sentence's own punctuation stays whole. */
	cr_expect_str_eq(cm_summary_text("goal 2 added: Find: a job"),
			 "objectif 2 ajouté : Find: a job");
	cr_expect_str_eq(cm_summary_text("contact 4 on 2026-03-01: phone no-show"),
			 "contact 4 le 2026-03-01 : téléphone, absence");
	cr_expect_str_eq(cm_summary_text("something no sentence says"),
			 "something no sentence says");
	/* A number where a number is expected, or no match. */
	cr_expect_str_eq(cm_summary_text("goal x added: y"), "goal x added: y");
}
