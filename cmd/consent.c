/* cm consent CASE give|withdraw SCOPE: consent by scope, dated and audited. */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/case.h"

int cmd_consent(int argc, char **argv, struct cm_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	unsigned scopes;
	long long id;
	int c, give, code;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'f')
			return cm_opt_error(c, argc, argv);
		if (cm_opt_format(optarg, &format) < 0)
			return 2;
	}
	if (argc - optind == 1) {
		if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
			return code;
		return cm_print_emitted(ctx, cm_consent_emit_history, id, format);
	}
	if (argc - optind != 3)
		return cm_usage_error("usage: cm consent CASE give|withdraw SCOPE");
	if (strcmp(argv[optind + 1], "give") == 0)
		give = 1;
	else if (strcmp(argv[optind + 1], "withdraw") == 0)
		give = 0;
	else
		return cm_usage_error("unknown consent action '%s' (give, withdraw)",
				      argv[optind + 1]);
	if (cm_consent_scopes_parse(argv[optind + 2], &scopes, &err) < 0)
		return cm_usage_error("%s (case-management, share-partners)", err.msg);
	if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	if (cm_consent_set(ctx->store, id, scopes, give, &err) < 0)
		return cm_fail(&err);
	return 0;
}
