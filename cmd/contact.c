/*
 * cm contact CASE: record a contact, set the case's contact interval, or
 * list the case's contacts.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm.h"
#include "cm/contact.h"
#include "cm/i18n.h"

enum {
	OPT_CHANNEL = 256, OPT_DURATION, OPT_KIND, OPT_PARTICIPANTS, OPT_AT, OPT_NOTE,
	OPT_EVERY, OPT_LIST, OPT_FORMAT, OPT_EDIT, OPT_WITHDRAW, OPT_REASON,
};

static const struct option longopts[] = {
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "participants", required_argument, NULL, OPT_PARTICIPANTS },
	{ "at", required_argument, NULL, OPT_AT },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "every", required_argument, NULL, OPT_EVERY },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "edit", required_argument, NULL, OPT_EDIT },
	{ "withdraw", required_argument, NULL, OPT_WITHDRAW },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 },
};

struct contact_args {
	struct cm_contact_in in;
	const char *every, *reason, *format_text;
	struct cm_opt_list participants;  /* --participants accumulates */
	int64_t edit, withdraw;     /* the contact to correct or withdraw */
	int list, recording;
	enum cm_format format;
};

static int contact_number(const char *opt, const char *arg, int64_t *id)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(arg, &end, 10);
	if (!*arg || *end || errno || n <= 0)
		return cm_usage_error("%s: invalid contact '%s' (expected a contact number)", opt, arg);
	*id = n;
	return 0;
}

/* --edit ID takes the recording options, --withdraw ID only --reason; neither takes a CASE. */
static int check_correction(int argc, char **argv, const struct contact_args *a)
{
	if (a->edit && a->withdraw)
		return cm_usage_error("--edit and --withdraw contradict each other; give one");
	if (optind < argc)
		return cm_usage_error("--edit and --withdraw take a contact number, not a CASE ('%s')",
				      argv[optind]);
	if (a->list || a->every)
		return cm_usage_error("--list and --every do not go with --edit or --withdraw");
	if (a->withdraw && a->recording)
		return cm_usage_error("--withdraw takes only --reason");
	if (a->withdraw && !a->reason)
		return cm_usage_error("--withdraw needs --reason");
	if (a->edit && !a->recording)
		return cm_usage_error("--edit needs something to change: --at, --channel, --duration,"
				      " --kind, --participants or --note");
	return 0;
}

/* One option; single values given twice and bad values are usage errors (2). */
static int take(int c, struct contact_args *a)
{
	switch (c) {
	case OPT_CHANNEL:
		return cm_opt_once("--channel", &a->in.channel, optarg)
		       || cm_opt_choice("--channel", optarg, cm_contact_channels);
	case OPT_DURATION:
		if (a->in.duration)
			return cm_usage_error("--duration given twice ('%ld' and '%s'); give it once",
					      a->in.duration, optarg);
		return cm_opt_int("--duration", optarg, 1, CM_CONTACT_MAX_MINUTES,
				  &a->in.duration) < 0 ? 2 : 0;
	case OPT_KIND:
		return cm_opt_once("--kind", &a->in.kind, optarg)
		       || cm_opt_choice("--kind", optarg, cm_contact_kinds);
	/* --participants A --participants B: both took part. */
	case OPT_PARTICIPANTS:
		a->in.participants = a->participants.text;
		return cm_opt_append("--participants", &a->participants, optarg, ", ");
	case OPT_AT: return cm_opt_once("--at", &a->in.at, optarg);
	case OPT_NOTE: return cm_opt_once("--note", &a->in.note, optarg);
	case OPT_EVERY: return cm_opt_once("--every", &a->every, optarg);
	case OPT_LIST: a->list = 1; return 0;
	case OPT_FORMAT:
		return cm_opt_once("--format", &a->format_text, optarg)
		       || cm_opt_format(optarg, &a->format) < 0 ? 2 : 0;
	case OPT_EDIT:
	case OPT_WITHDRAW:
		if (c == OPT_EDIT ? a->edit : a->withdraw)
			return cm_usage_error("%s given twice; give one contact",
					      c == OPT_EDIT ? "--edit" : "--withdraw");
		if (a->edit || a->withdraw)
			return cm_usage_error("--edit and --withdraw contradict each other; give one");
		return contact_number(c == OPT_EDIT ? "--edit" : "--withdraw", optarg,
				      c == OPT_EDIT ? &a->edit : &a->withdraw) ? 2 : 0;
	case OPT_REASON: return cm_opt_once("--reason", &a->reason, optarg);
	}
	return -1;
}

static int parse_args(int argc, char **argv, struct contact_args *a)
{
	int c, rc;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		a->recording |= c >= OPT_CHANNEL && c <= OPT_NOTE;
		rc = take(c, a);
		if (rc < 0)
			return cm_opt_error(c, argc, argv);
		if (rc)
			return 2;
	}
	if (a->edit || a->withdraw)
		return check_correction(argc, argv, a);
	if (a->reason)
		return cm_usage_error("--reason goes with --edit or --withdraw");
	if (argc - optind != 1)
		return cm_usage_error("expected one CASE; see 'cm contact -h'");
	if (a->list + !!a->every + a->recording > 1)
		return cm_usage_error("--list, --every and recording a contact go separately");
	return 0;
}

static int set_interval(struct cm_ctx *ctx, long long id, const char *every)
{
	struct cm_error err = { 0 };
	int days;

	if (cm_contact_interval_parse(every, &days, &err) < 0)
		return cm_usage_error("--every: %s", err.msg);
	if (cm_contact_set_interval(ctx->store, id, days, &err) < 0)
		return cm_fail(&err);
	if (days)
		printf(_("case %lld: a contact at least every %d days\n"), id, days);
	else
		printf(_("case %lld: the programme's contact interval again\n"), id);
	return 0;
}

static int record_contact(struct cm_ctx *ctx, long long id, const struct contact_args *a)
{
	struct cm_error err = { 0 };
	int64_t contact;

	if (!a->in.channel)
		return cm_usage_error("--channel is required; see 'cm contact -h'");
	if (!a->in.duration && !(a->in.kind && strcmp(a->in.kind, "no-show") == 0))
		return cm_usage_error("--duration is required (minutes, 1 to %d)",
				      CM_CONTACT_MAX_MINUTES);
	if (cm_contact_add(ctx->store, id, &a->in, &contact, &err) < 0)
		return cm_fail(&err);
	return cm_print_new_id(a->format, "contact", contact);
}

static int correct_contact(struct cm_ctx *ctx, const struct contact_args *a)
{
	struct cm_error err = { 0 };
	char what[128];
	int rc = cm_ctx_open(ctx);

	if (rc)
		return rc;
	if (a->withdraw) {
		if (cm_contact_withdraw(ctx->store, a->withdraw, a->reason, &err) < 0)
			return cm_fail(&err);
		printf(_("contact %lld withdrawn\n"), (long long)a->withdraw);
		return 0;
	}
	if (cm_contact_edit(ctx->store, a->edit, &a->in, a->reason, what, sizeof what, &err) < 0)
		return cm_fail(&err);
	printf(_("contact %lld updated: %s\n"), (long long)a->edit, what);
	return 0;
}

int cmd_contact(int argc, char **argv, struct cm_ctx *ctx)
{
	struct contact_args a = { .format = CM_FORMAT_TEXT };
	long long id;
	int rc, code;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	if (a.edit || a.withdraw)
		return correct_contact(ctx, &a);
	if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	if (a.list)
		return cm_print_case_read(ctx, cm_contact_emit_list, id, a.format);
	if (a.every)
		return set_interval(ctx, id, a.every);
	return record_contact(ctx, id, &a);
}
