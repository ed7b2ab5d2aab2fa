/* cm renew: the one renewal or extension a programme allows a case. */
#include <getopt.h>
#include "cm.h"
#include "cm/programme.h"
#include "cm/report.h"

int cmd_renew(int argc, char **argv, struct cm_ctx *ctx)
{
	enum { OPT_MONTHS = 256, OPT_REASON, OPT_FORMAT };
	static const struct option longopts[] = {
		{ "months", required_argument, NULL, OPT_MONTHS },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 }, quota = { 0 };
	const char *reason = NULL;
	long months = 0;
	long long case_id;
	int64_t id;
	int c, code;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		switch (c) {
		case OPT_MONTHS:
			if (cm_opt_int("--months", optarg, 1, 120, &months) < 0)
				return 2;
			break;
		case OPT_REASON: reason = optarg; break;
		case OPT_FORMAT:
			if (cm_opt_format(optarg, &format) < 0)
				return 2;
			break;
		default:
			return cm_opt_error(c, argc, argv);
		}
	}
	if (argc - optind != 1)
		return cm_usage_error("renew takes one CASE; see 'cm renew -h'");
	if (!months)
		return cm_usage_error("--months is required; see 'cm renew -h'");
	if (cm_opt_case(ctx, argv[optind], &case_id, &code) < 0)
		return code;
	if (cm_case_renew(ctx->store, case_id, (int)months, reason, &id, &err) < 0)
		return cm_fail(&err);
	cm_report_quota_warning(ctx->store, case_id, &quota);
	if (quota.status)
		cm_warn("%s", quota.msg);
	return cm_print_emitted(ctx, cm_renewal_emit, id, format);
}
