/*
 * cm --list-values OPTION [COMMAND]: the values an option accepts, from the
 * tables the commands and the library check them against, so completion
 * cannot drift from them. An option that means one thing in one command and
 * another elsewhere (--kind, --domain, --by, --format) is told apart by the
 * command.
 */
#include <stdio.h>
#include <string.h>
#include "../cm.h"
#include "cm/assess.h"
#include "cm/case.h"
#include "cm/closure.h"
#include "cm/contact.h"
#include "cm/partner.h"
#include "cm/programme.h"
#include "cm/referral.h"
#include "cm/report.h"
#include "cm/worker.h"

static const char *const formats[] = { "text", "json", "csv", "tsv", NULL };
static const char *const page_formats[] = { "text", "json", "csv", "tsv", "html", NULL };
/* cm close --follow-up: the months cm_opt_int and the follow-up rules take. */
static const char *const follow_up_months[] = { "6", "12", "18", NULL };
static const char *const owners[] = { "client", "worker", "partner:", NULL };
static const char *const nothing[] = { "none", NULL };

struct values {
	const char *option;
	const char *command;             /* NULL: any command */
	const char *const *list;         /* the values, or */
	const char *(*bit)(unsigned);    /* ...the names of a bit set */
	const char *const *more;         /* values accepted besides (a situation's outcomes) */
	const char *suffix;              /* printed after each value (assess --domain D=) */
	int all;                         /* "all" names every value of the list */
};

/* The first row for the option with this command, else with any command. */
static const struct values table[] = {
	{ "accepted", "offer", cm_offer_answers, NULL, NULL, NULL, 0 },
	{ "benefit-status", NULL, cm_benefit_statuses, NULL, NULL, NULL, 0 },
	{ "by", "plan", cm_plan_signers, NULL, NULL, NULL, 0 },
	{ "by", "report", cm_report_groups, NULL, NULL, NULL, 0 },
	{ "channel", NULL, cm_contact_channels, NULL, NULL, NULL, 0 },
	{ "consent", NULL, NULL, cm_consent_scope_name, NULL, NULL, 1 },
	{ "criteria", NULL, NULL, cm_criterion_name, NULL, NULL, 1 },
	{ "domain", "assess", cm_assess_domains, NULL, NULL, "=", 0 },
	{ "domain", "partner", cm_partner_domains, NULL, NULL, NULL, 0 },
	{ "follow-up", "close", follow_up_months, NULL, NULL, NULL, 0 },
	{ "format", "plan", page_formats, NULL, NULL, NULL, 0 },
	{ "format", "refer", page_formats, NULL, NULL, NULL, 0 },
	{ "format", "report", page_formats, NULL, NULL, NULL, 0 },
	{ "format", NULL, formats, NULL, NULL, NULL, 0 },
	{ "kind", "contact", cm_contact_kinds, NULL, NULL, NULL, 0 },
	{ "kind", "offer", cm_offer_kinds, NULL, NULL, NULL, 0 },
	{ "outcome", NULL, cm_outcomes, NULL, NULL, NULL, 0 },
	{ "owner", "plan", owners, NULL, NULL, NULL, 0 },
	{ "referral-source", NULL, cm_referral_sources, NULL, NULL, NULL, 0 },
	{ "role", NULL, cm_worker_roles, NULL, NULL, NULL, 0 },
	{ "sex", NULL, cm_sexes, NULL, NULL, NULL, 0 },
	{ "share", NULL, cm_share_names, NULL, nothing, NULL, 0 },
	{ "situation", NULL, cm_outcomes, NULL, cm_situations_after_exit, NULL, 0 },
	{ "sort", NULL, cm_case_sorts, NULL, NULL, NULL, 0 },
	{ "state", NULL, cm_case_states, NULL, NULL, NULL, 0 },
	{ "status", NULL, cm_referral_statuses, NULL, NULL, NULL, 0 },
};

static void print_list(const char *const *v, const char *suffix)
{
	for (; v && *v; v++)
		printf("%s%s\n", *v, suffix ? suffix : "");
}

static void print_row(const struct values *r)
{
	unsigned bit;

	print_list(r->list, r->suffix);
	for (bit = 1; r->bit && bit; bit <<= 1)
		if (r->bit(bit))
			printf("%s\n", r->bit(bit));
	print_list(r->more, NULL);
	if (r->all)
		printf("all\n");
}

/* Is --option one of some command's options? */
static int known_option(const char *option)
{
	size_t n = strlen(option);
	const char *p;
	int i;

	for (i = 0; i < cm_command_count; i++)
		for (p = strstr(cm_commands[i].options, option); p; p = strstr(p + 1, option))
			if (p >= cm_commands[i].options + 2 && p[-1] == '-' && p[-2] == '-' &&
			    (p[n] == ' ' || p[n] == '\0'))
				return 1;
	return 0;
}

int cm_list_values(const char *option, const char *command)
{
	const struct values *any = NULL;
	size_t i;

	if (!known_option(option))
		return cm_usage_error("no command has an option '--%s'; see 'cm --list-options COMMAND'",
				      option);
	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (strcmp(table[i].option, option) != 0)
			continue;
		if (table[i].command && command && strcmp(table[i].command, command) == 0) {
			print_row(&table[i]);
			return 0;
		}
		if (!table[i].command && !any)
			any = &table[i];
	}
	if (any)
		print_row(any);
	/* An option without a closed list of values (a name, a date, a file) lists none. */
	return 0;
}
