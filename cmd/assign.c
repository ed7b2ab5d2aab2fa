/* cm assign CASE WORKER --reason TEXT: hand a case to another worker. */
#include <getopt.h>
#include "cm.h"
#include "cm/case.h"
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

int cmd_assign(int argc, char **argv, struct cm_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	const char *reason = NULL;
	long long id;
	int c, code;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'r')
			reason = optarg;
		else if (c != 'f')
			return cm_opt_error(c, argc, argv);
		else if (cm_opt_format(optarg, &format) < 0)
			return 2;
	}
	if (argc - optind != 2)
		return cm_usage_error("usage: cm assign CASE WORKER --reason TEXT");
	if (!reason || !*reason)
		return cm_usage_error("--reason is required to reassign a case");
	if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	if (cm_case_assign(ctx->store, id, argv[optind + 1], reason, &err) < 0)
		return cm_fail(&err);
	warn_caseload(ctx, id, argv[optind + 1]);
	return cm_print_case_record(ctx, id, format);
}
