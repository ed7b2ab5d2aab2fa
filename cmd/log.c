/* cm log CASE: the case's timeline, newest first. */
#include <getopt.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/audit.h"

int cmd_log(int argc, char **argv, struct cm_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	long long id;
	int c, code;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c != 'f')
			return cm_opt_error(c, argc, argv);
		if (cm_opt_format(optarg, &format) < 0)
			return 2;
	}
	if (argc - optind != 1)
		return cm_usage_error("usage: cm log CASE");
	if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	return cm_print_case_read(ctx, cm_audit_emit_timeline, id, format);
}
