/* cm suspend CASE --reason TEXT and cm resume CASE: put a case on hold and take it up again. */
#include <getopt.h>
#include "cm.h"
#include "cm/case.h"
#include "cm/state.h"

/* Parse [--reason TEXT] [--format F] CASE; reason is NULL when the command takes none. */
static int parse(int argc, char **argv, const char **reason, enum cm_format *format)
{
	static const struct option with_reason[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct option *longopts = reason ? with_reason : with_reason + 1;
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c == 'r')
			*reason = optarg;
		else if (c != 'f')
			return cm_opt_error(c, argc, argv);
		else if (cm_opt_format(optarg, format) < 0)
			return 2;
	}
	if (argc - optind != 1)
		return cm_usage_error(reason ? "usage: cm suspend CASE --reason TEXT"
					     : "usage: cm resume CASE");
	return 0;
}

int cmd_suspend(int argc, char **argv, struct cm_ctx *ctx)
{
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	const char *reason = NULL;
	long long id;
	int rc, code;

	rc = parse(argc, argv, &reason, &format);
	if (rc)
		return rc;
	if (!reason || !*reason)
		return cm_usage_error("--reason is required to suspend a case");
	if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	if (cm_case_suspend(ctx->store, id, reason, &err) < 0)
		return cm_fail(&err);
	return cm_print_case_record(ctx, id, format);
}

int cmd_resume(int argc, char **argv, struct cm_ctx *ctx)
{
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	long long id;
	int rc, code;

	rc = parse(argc, argv, NULL, &format);
	if (rc)
		return rc;
	if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	if (cm_case_resume(ctx->store, id, &err) < 0)
		return cm_fail(&err);
	return cm_print_case_record(ctx, id, format);
}
