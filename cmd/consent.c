/* cm consent CASE give|withdraw SCOPE: consent by scope, dated and audited. */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/case.h"
#include "cm/i18n.h"

/* The scopes whose state the change will flip: those already so are left as they are. */
static int changing(struct cm_store *s, long long id, unsigned scopes, int give,
		    unsigned *out, struct cm_error *err)
{
	unsigned bit;
	int64_t record;
	int given;

	*out = 0;
	for (bit = 1; bit; bit <<= 1) {
		if (!(scopes & bit))
			continue;
		if (cm_consent_current(s, id, bit, &given, &record, err) < 0)
			return -1;
		if (given != give)
			*out |= bit;
	}
	return 0;
}

static void print_done(long long id, unsigned scopes, int give)
{
	char list[128] = "";
	unsigned bit;

	for (bit = 1; bit; bit <<= 1)
		if ((scopes & bit) && cm_consent_scope_name(bit)) {
			if (*list)
				strcat(list, ", ");
			strcat(list, cm_consent_scope_name(bit));
		}
	if (give)
		printf(_("case %lld: consent given: %s\n"), id, list);
	else
		printf(_("case %lld: consent withdrawn: %s\n"), id, list);
}

int cmd_consent(int argc, char **argv, struct cm_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	unsigned scopes, changed;
	long long id;
	int c, give, code;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c != 'f')
			return cm_opt_error(c, argc, argv);
		if (cm_opt_format(optarg, &format) < 0)
			return 2;
	}
	if (argc - optind == 1) {
		if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
			return code;
		return cm_print_case_read(ctx, cm_consent_emit_history, id, format);
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
	if (changing(ctx->store, id, scopes, give, &changed, &err) < 0 ||
	    cm_consent_set(ctx->store, id, scopes, give, &err) < 0)
		return cm_fail(&err);
	print_done(id, changed, give);
	return 0;
}
