/* cm close CASE: close with an outcome, record follow-ups after exit, or reopen. */
#include <getopt.h>
#include "cm.h"
#include "cm/closure.h"
#include "cm/i18n.h"

enum {
	OPT_OUTCOME = 256, OPT_DATE, OPT_NOTE, OPT_FORCE, OPT_FOLLOW_UP, OPT_SITUATION,
	OPT_REOPEN, OPT_REASON, OPT_FORMAT,
};

static const struct option longopts[] = {
	{ "outcome", required_argument, NULL, OPT_OUTCOME },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "follow-up", required_argument, NULL, OPT_FOLLOW_UP },
	{ "situation", required_argument, NULL, OPT_SITUATION },
	{ "reopen", no_argument, NULL, OPT_REOPEN },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

struct close_args {
	struct cm_close_in in;
	long follow_up;
	const char *situation, *reason;
	int reopen;
	enum cm_format format;
};

static int parse_args(int argc, char **argv, struct close_args *a)
{
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		switch (c) {
		case OPT_OUTCOME: a->in.outcome = optarg; break;
		case OPT_DATE: a->in.date = optarg; break;
		case OPT_NOTE: a->in.note = optarg; break;
		case OPT_FORCE: a->in.force = 1; break;
		case OPT_FOLLOW_UP:
			if (cm_opt_int("--follow-up", optarg, 6, 18, &a->follow_up) < 0)
				return 2;
			break;
		case OPT_SITUATION: a->situation = optarg; break;
		case OPT_REOPEN: a->reopen = 1; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_FORMAT:
			if (cm_opt_format(optarg, &a->format) < 0)
				return 2;
			break;
		default: return cm_opt_error(c, argc, argv);
		}
	}
	if (argc - optind != 1)
		return cm_usage_error("expected one CASE; see 'cm close -h'");
	return 0;
}

/* Each mode takes its own options only, so a mistyped command changes nothing. */
static int check_mode(const struct close_args *a)
{
	int closing = a->in.outcome || a->in.note || a->in.force;

	if (closing + !!a->follow_up + a->reopen > 1)
		return cm_usage_error("--outcome, --follow-up and --reopen go separately");
	if (a->situation && !a->follow_up)
		return cm_usage_error("--situation goes with --follow-up");
	if (a->reason && !a->reopen)
		return cm_usage_error("--reason goes with --reopen");
	if (a->reopen && a->in.date)
		return cm_usage_error("--reopen takes no --date; a case reopens today");
	if (a->follow_up && !a->situation)
		return cm_usage_error("--follow-up needs --situation");
	if (a->reopen && !a->reason)
		return cm_usage_error("--reopen needs --reason");
	if (!closing && !a->follow_up && !a->reopen)
		return cm_usage_error("--outcome is required; see 'cm close -h'");
	if (a->in.outcome && cm_opt_choice("--outcome", a->in.outcome, cm_outcomes))
		return 2;
	return 0;
}

int cmd_close(int argc, char **argv, struct cm_ctx *ctx)
{
	struct close_args a = { .format = CM_FORMAT_TEXT };
	struct cm_error err = { 0 };
	long long id;
	int rc, code, no_final;

	rc = parse_args(argc, argv, &a);
	if (rc == 0)
		rc = check_mode(&a);
	if (rc)
		return rc;
	if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	if (a.follow_up) {
		if (cm_case_follow_up(ctx->store, id, (int)a.follow_up, a.situation, a.in.date,
				      &err) < 0)
			return cm_fail(&err);
		printf(_("case %lld: %ld-month follow-up recorded: %s\n"), id, a.follow_up,
		       a.situation);
		return 0;
	}
	if (a.reopen)
		rc = cm_case_reopen(ctx->store, id, a.reason, &err);
	else
		rc = cm_case_close(ctx->store, id, &a.in, &no_final, &err);
	if (rc < 0)
		return cm_fail(&err);
	if (!a.reopen && no_final)
		cm_warn("case %lld was closed without a final assessment; record one with"
			" 'cm assess %lld --final'", id, id);
	return cm_print_case_record(ctx, id, a.format);
}
