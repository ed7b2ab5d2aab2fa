/* cm audit [CASE] | --verify: read and check the audit log. */
#include <getopt.h>
#include <stdio.h>
#include "cm.h"
#include "cm/i18n.h"
#include "cm/audit.h"

static int verify(struct cm_ctx *ctx)
{
	struct cm_error err = { 0 };
	long long checked;
	int64_t bad;

	if (cm_audit_verify(ctx->store, &bad, &checked, &err) < 0)
		return cm_fail(&err);
	printf(Q_("audit chain intact: %lld record\n", "audit chain intact: %lld records\n",
		  (unsigned long)checked), checked);
	return 0;
}

int cmd_audit(int argc, char **argv, struct cm_ctx *ctx)
{
	enum { OPT_FORMAT = 256, OPT_VERIFY, OPT_DATA };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ "data", no_argument, NULL, OPT_DATA },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	int c, rc, code, do_verify = 0, data = 0;
	struct cm_emit *e;
	long long id = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (cm_opt_format(optarg, &format) < 0)
				return 2;
			break;
		case OPT_VERIFY: do_verify = 1; break;
		case OPT_DATA: data = 1; break;
		default: return cm_opt_error(c, argc, argv);
		}
	}
	if (argc - optind > 1)
		return cm_usage_error("usage: cm audit [CASE] | --verify");
	if (do_verify)
		return optind < argc ? cm_usage_error("--verify checks the whole log; give no CASE")
				     : verify(ctx);
	if (optind < argc && cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	rc = cm_audit_emit(ctx->store, id, data || format != CM_FORMAT_TEXT, e, &err);
	if (rc < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}
