/* cm audit [CASE] | --verify [--head COUNT:HASH] | --head: read and check the audit log. */
#include <getopt.h>
#include <stdio.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/i18n.h"
#include "cm/audit.h"
#include "cm/store.h"

/*
 * Everything --verify checks, in order, stopping at the first failure: the
 * file's pages, the chain, the head kept elsewhere, the triggers, the
 * redactions, and the data against the latest after-images.
 */
static int verify(struct cm_ctx *ctx, const char *head)
{
	struct cm_error err = { 0 };
	long long checked, compared, access, count = 0;
	char hash[CM_AUDIT_HASH_LEN];
	int64_t bad;

	if (head && cm_audit_parse_head(head, &count, hash) < 0)
		return cm_usage_error("--head: '%s' is not COUNT:HASH as 'cm audit --head' "
				      "prints it", head);
	if (cm_store_integrity(ctx->store, &err) < 0 ||
	    cm_audit_verify(ctx->store, &bad, &checked, &err) < 0 ||
	    (head && cm_audit_check_head(ctx->store, count, hash, &err) < 0) ||
	    cm_audit_check_triggers(ctx->store, &err) < 0 ||
	    cm_audit_check_redactions(ctx->store, &err) < 0 ||
	    cm_audit_check_data(ctx->store, &compared, &err) < 0)
		return cm_fail(&err);
	if (cm_access_verify(ctx->store, &access, &err) < 0)
		return cm_fail(&err);
	printf(Q_("audit chain intact: %lld record\n", "audit chain intact: %lld records\n",
		  (unsigned long)checked), checked);
	printf(Q_("access log chain intact: %lld record\n",
		  "access log chain intact: %lld records\n", (unsigned long)access), access);
	return 0;
}

/* The head as COUNT:HASH, for a cron job to keep elsewhere; only of an intact chain. */
static int print_head(struct cm_ctx *ctx)
{
	struct cm_error err = { 0 };
	long long checked, count;
	char hash[CM_AUDIT_HASH_LEN];
	int64_t bad;

	if (cm_audit_verify(ctx->store, &bad, &checked, &err) < 0 ||
	    cm_audit_head(ctx->store, &count, hash, &err) < 0)
		return cm_fail(&err);
	printf("%lld:%s\n", count, hash);
	return 0;
}

int cmd_audit(int argc, char **argv, struct cm_ctx *ctx)
{
	enum { OPT_FORMAT = 256, OPT_VERIFY, OPT_DATA, OPT_HEAD };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ "data", no_argument, NULL, OPT_DATA },
		{ "head", optional_argument, NULL, OPT_HEAD },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	int c, rc, code, do_verify = 0, data = 0, head = 0;
	const char *head_arg = NULL;
	struct cm_emit *e;
	long long id = 0;

	if (cm_audit_wants_access(argc, argv))
		return cmd_audit_access(argc, argv, ctx);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (cm_opt_format(optarg, &format) < 0)
				return 2;
			break;
		case OPT_VERIFY: do_verify = 1; break;
		case OPT_DATA: data = 1; break;
		case OPT_HEAD:
			head = 1;
			head_arg = optarg;
			break;
		default: return cm_opt_error(c, argc, argv);
		}
	}
	if (argc - optind > 1)
		return cm_usage_error("usage: cm audit [CASE] | --verify");
	/* --verify --head COUNT:HASH: the head is the word after it. */
	if (do_verify && head && !head_arg && optind < argc)
		head_arg = argv[optind++];
	if ((do_verify || head) && optind < argc)
		return cm_usage_error("--verify and --head are about the whole log; give no CASE");
	if (do_verify)
		return verify(ctx, head_arg);
	if (head_arg)
		return cm_usage_error("--head=COUNT:HASH goes with --verify");
	if (head)
		return print_head(ctx);
	if (optind < argc && cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	data = data || format != CM_FORMAT_TEXT;
	/* Before/after copies are the person's data: who read them is recorded first. */
	if (data && (id ? cm_access_log_case(ctx->store, id, &err)
			: cm_access_log_query(ctx->store, "audit --data",
					      cm_store_count(ctx->store, "audit"), &err)) < 0)
		return cm_fail(&err);
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	rc = cm_audit_emit(ctx->store, id, data, e, &err);
	if (rc < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}
