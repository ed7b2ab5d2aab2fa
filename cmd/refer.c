/*
 * cm refer: refer a client to a partner, follow the referral's status, print
 * the packet for the partner, and show the disclosure register.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cm.h"
#include "cm/html.h"
#include "cm/i18n.h"
#include "cm/referral.h"

enum {
	OPT_PARTNER = 256, OPT_REASON, OPT_SHARE, OPT_FEEDBACK_DAYS, OPT_UPDATE, OPT_STATUS,
	OPT_FEEDBACK, OPT_DATE, OPT_PACKET, OPT_REGISTER, OPT_LIST, OPT_FORMAT,
};

static const struct option longopts[] = {
	{ "partner", required_argument, NULL, OPT_PARTNER },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "share", required_argument, NULL, OPT_SHARE },
	{ "feedback-days", required_argument, NULL, OPT_FEEDBACK_DAYS },
	{ "update", required_argument, NULL, OPT_UPDATE },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "feedback", required_argument, NULL, OPT_FEEDBACK },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "packet", required_argument, NULL, OPT_PACKET },
	{ "register", no_argument, NULL, OPT_REGISTER },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 },
};

struct refer_args {
	long partner, feedback_days, update, packet;
	const char *reason, *share, *status, *feedback, *date;
	struct cm_opt_list shares;  /* --share accumulates */
	int register_, list, format_given, html;
	const char *output;    /* --packet --format html -o FILE */
	enum cm_format format;
};

static int parse_number(int c, const char *arg, struct refer_args *a)
{
	switch (c) {
	case OPT_PARTNER: return cm_opt_int("--partner", arg, 1, 2147483647L, &a->partner);
	case OPT_FEEDBACK_DAYS: return cm_opt_int("--feedback-days", arg, 1, 365, &a->feedback_days);
	case OPT_UPDATE: return cm_opt_int("--update", arg, 1, 2147483647L, &a->update);
	default: return cm_opt_int("--packet", arg, 1, 2147483647L, &a->packet);
	}
}

static int parse_args(int argc, char **argv, struct refer_args *a)
{
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":o:", longopts)) != -1) {
		switch (c) {
		case OPT_PARTNER: case OPT_FEEDBACK_DAYS: case OPT_UPDATE: case OPT_PACKET:
			if (parse_number(c, optarg, a) < 0)
				return 2;
			break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_SHARE:
			if (cm_opt_append("--share", &a->shares, optarg, ","))
				return 2;
			a->share = a->shares.text;
			break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_FEEDBACK: a->feedback = optarg; break;
		case OPT_DATE: a->date = optarg; break;
		case OPT_REGISTER: a->register_ = 1; break;
		case OPT_LIST: a->list = 1; break;
		case OPT_FORMAT:
			if (cm_opt_page_format(optarg, &a->format, &a->html) < 0)
				return 2;
			a->format_given = 1;
			break;
		case 'o': a->output = optarg; break;
		default: return cm_opt_error(c, argc, argv);
		}
	}
	return 0;
}

static int referring(const struct refer_args *a)
{
	return a->partner || a->reason || a->share || a->feedback_days;
}

static int updating(const struct refer_args *a)
{
	return a->update || a->status || a->feedback || a->date;
}

/* One mode at a time, each with its own options and arguments. */
static int check_mode(int argc, const struct refer_args *a)
{
	int modes = referring(a) + updating(a) + !!a->packet + a->register_ + a->list;
	int case_args = argc - optind;

	if (modes > 1)
		return cm_usage_error("refer, --update, --packet, --register and --list go"
				      " separately; see 'cm refer -h'");
	if ((a->update || a->packet) && case_args != 0)
		return cm_usage_error("--update and --packet take a referral id, not a CASE");
	if (!a->update && !a->packet && case_args != 1)
		return cm_usage_error("expected one CASE; see 'cm refer -h'");
	if (a->update && !a->status && !a->feedback)
		return cm_usage_error("--update needs --status or --feedback");
	if (updating(a) && !a->update)
		return cm_usage_error("--status, --feedback and --date go with --update REF");
	if (a->html && !a->packet)
		return cm_usage_error("--format html goes with --packet");
	if (a->output && !a->html)
		return cm_usage_error("-o goes with --packet --format html");
	if (a->packet && a->format_given && !a->html && a->format != CM_FORMAT_JSON)
		return cm_usage_error("--packet prints JSON or html only");
	return 0;
}

/* A new referral's options, checked before the case is looked up. */
static int check_referral(const struct refer_args *a, unsigned *share)
{
	struct cm_error err = { 0 };

	if (!a->partner)
		return cm_usage_error("--partner is required; see 'cm partner list'");
	if (!a->reason)
		return cm_usage_error("--reason is required");
	if (!a->share)
		return cm_usage_error("--share is required: the fields to share, or none");
	if (cm_share_parse(a->share, share, &err) < 0)
		return cm_usage_error("--share: %s", err.msg);
	return 0;
}

static int refer(struct cm_ctx *ctx, long long case_id, const struct refer_args *a,
		 unsigned share)
{
	struct cm_referral_in in = { .share = share };
	struct cm_error err = { 0 }, warning = { 0 };
	int64_t id;

	in.partner = a->partner;
	in.reason = a->reason;
	in.feedback_days = (int)a->feedback_days;
	in.warning = &warning;
	if (cm_referral_add(ctx->store, case_id, &in, &id, &err) < 0)
		return cm_fail(&err);
	if (warning.status)
		cm_warn("%s", warning.msg);
	return cm_print_new_id(a->format, "referral", id);
}

static int print_packet(struct cm_ctx *ctx, long long id)
{
	struct cm_error err = { 0 };
	char *json;

	if (cm_referral_packet(ctx->store, id, &json, &err) < 0)
		return cm_fail(&err);
	fputs(json, stdout);
	free(json);
	return 0;
}

static void print_updated(const struct refer_args *a)
{
	if (a->status && a->feedback)
		printf(_("referral %ld: status %s, feedback recorded\n"), a->update, a->status);
	else if (a->status)
		printf(_("referral %ld: status %s\n"), a->update, a->status);
	else
		printf(_("referral %ld: feedback recorded\n"), a->update);
}

static int packet_page(struct cm_store *s, const void *id, FILE *out, struct cm_error *err)
{
	return cm_html_packet(s, *(const long *)id, out, err);
}

int cmd_refer(int argc, char **argv, struct cm_ctx *ctx)
{
	struct refer_args a = { .format = CM_FORMAT_TEXT };
	struct cm_error err = { 0 };
	long long case_id;
	unsigned share = 0;
	int rc, code;

	rc = parse_args(argc, argv, &a);
	if (rc == 0)
		rc = check_mode(argc, &a);
	if (rc == 0 && (a.update || a.packet))
		rc = cm_ctx_open(ctx);
	if (rc)
		return rc;
	if (a.update) {
		if (cm_referral_update(ctx->store, a.update, a.status, a.date, a.feedback, &err) < 0)
			return cm_fail(&err);
		print_updated(&a);
		return 0;
	}
	if (a.packet && a.html)
		return cm_print_page(packet_page, ctx->store, &a.packet, a.output);
	if (a.packet)
		return print_packet(ctx, a.packet);
	if (!a.register_ && !a.list && (rc = check_referral(&a, &share)))
		return rc;
	if (cm_opt_case(ctx, argv[optind], &case_id, &code) < 0)
		return code;
	if (a.register_ || a.list)
		return cm_print_case_read(ctx, a.register_ ? cm_referral_emit_register
						       : cm_referral_emit_list, case_id, a.format);
	return refer(ctx, case_id, &a, share);
}
