/*
 * cm assign CASE WORKER --reason TEXT: hand a case to another worker;
 * cm assign --from W1 --to W2 ... --reason TEXT: many at once.
 */
#include <getopt.h>
#include "cm.h"
#include "cm/assign.h"
#include "cm/case.h"
#include "cm/i18n.h"
#include "cm/programme.h"
#include "cm/state.h"

/* Above the programme's caseload norm is worth a warning, not a refusal. */
static void warn_caseload(struct cm_ctx *ctx, long long id, const char *worker)
{
	struct cm_error err = { 0 };
	struct cm_case cs;
	long long open;
	int norm;

	if (cm_case_get(ctx->store, id, &cs, NULL) < 0)
		return;
	if (cm_programme_caseload_check(ctx->store, worker, cs.programme, 0, &open, &norm,
					&err) == CM_EFAIL)
		cm_warn("%s", err.msg);
	cm_case_release(&cs);
}

static int bulk(struct cm_ctx *ctx, struct cm_assign_bulk *b, enum cm_format format)
{
	struct cm_error err = { 0 }, warning = { 0 };
	struct cm_emit *e;
	long long moved;

	b->warning = &warning;
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	if (cm_assign_bulk(ctx->store, b, e, &moved, &err) < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	if (warning.status)
		cm_warn("%s", warning.msg);
	if (cm_emit_done(e))
		return 1;
	if (format != CM_FORMAT_TEXT)
		return 0;
	if (b->dry_run)
		printf(Q_("%lld case would move from %s to %s (dry run: nothing changed)\n",
			  "%lld cases would move from %s to %s (dry run: nothing changed)\n",
			  (unsigned long)moved), moved, b->from, b->to);
	else
		printf(Q_("%lld case moved from %s to %s\n", "%lld cases moved from %s to %s\n",
			  (unsigned long)moved), moved, b->from, b->to);
	return 0;
}

int cmd_assign(int argc, char **argv, struct cm_ctx *ctx)
{
	enum { OPT_REASON = 256, OPT_FORMAT, OPT_FROM, OPT_TO, OPT_PROGRAMME, OPT_STATE,
	       OPT_LIMIT, OPT_DRY_RUN };
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "programme", required_argument, NULL, OPT_PROGRAMME },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ NULL, 0, NULL, 0 },
	};
	struct cm_assign_bulk b = { 0 };
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	int c, code, filters = 0;
	long long id;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		switch (c) {
		case OPT_REASON: b.reason = optarg; break;
		case OPT_FROM: b.from = optarg; break;
		case OPT_TO: b.to = optarg; break;
		case OPT_PROGRAMME: b.programme = optarg; filters++; break;
		case OPT_STATE:
			/* Given twice is refused by cm_getopt; the value must be a state. */
			if (cm_opt_choice("--state", optarg, cm_case_states))
				return 2;
			b.state = optarg;
			filters++;
			break;
		case OPT_DRY_RUN: b.dry_run = 1; filters++; break;
		case OPT_LIMIT:
			if (cm_opt_int("--limit", optarg, 1, 1000000000L, &b.limit) < 0)
				return 2;
			filters++;
			break;
		case OPT_FORMAT:
			if (cm_opt_format(optarg, &format) < 0)
				return 2;
			break;
		default:
			return cm_opt_error(c, argc, argv);
		}
	}
	if (!b.reason || !*b.reason)
		return cm_usage_error("--reason is required to reassign a case");
	if (b.from || b.to) {
		if (!b.from || !b.to || optind < argc)
			return cm_usage_error("usage: cm assign --from W1 --to W2 [--programme P]"
					      " [--state S] [--limit N] --reason TEXT [--dry-run]");
		if ((code = cm_ctx_open(ctx)))
			return code;
		return bulk(ctx, &b, format);
	}
	if (argc - optind != 2 || filters)
		return cm_usage_error("usage: cm assign CASE WORKER --reason TEXT");
	if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	if (cm_case_assign(ctx->store, id, argv[optind + 1], b.reason, &err) < 0)
		return cm_fail(&err);
	warn_caseload(ctx, id, argv[optind + 1]);
	return cm_print_case_record(ctx, id, format);
}
