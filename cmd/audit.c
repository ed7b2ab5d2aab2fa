/*
 * cm audit [CASE] | --verify [--head COUNT:HASH] | --head: read and check the
 * audit log; cm audit --access [CASE | --person P | --worker W] [--from D]
 * [--to D]: who looked.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/i18n.h"
#include "cm/audit.h"
#include "cm/date.h"
#include "cm/person.h"
#include "cm/store.h"
#include "cm/worker.h"

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
	/* A server checks its own pages. */
	if (cm_access_require_whole_logs(ctx->store, &err) < 0 ||
	    (cm_store_is_file(ctx->store) && cm_store_integrity(ctx->store, &err) < 0) ||
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

	if (cm_access_require_whole_logs(ctx->store, &err) < 0 ||
	    cm_audit_verify(ctx->store, &bad, &checked, &err) < 0 ||
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
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
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
	if (head_arg && !do_verify)
		return cm_usage_error("--head=COUNT:HASH goes with --verify");
	if (optind < argc && cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	if ((code = cm_ctx_open(ctx)))
		return code;
	if (do_verify)
		return verify(ctx, head_arg);
	if (head)
		return print_head(ctx);
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

int cm_audit_wants_access(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--access") == 0)
			return 1;
	return 0;
}

static int date_opt(const char *opt, const char *v, const char **out)
{
	cm_days d;

	if (cm_date_parse_iso(v, &d) < 0)
		return cm_usage_error("%s: invalid date '%s' (expected YYYY-MM-DD)", opt, v);
	*out = v;
	return 0;
}

static int parse(int argc, char **argv, struct cm_access_filter *f, const char **person,
		 enum cm_format *format)
{
	enum { OPT_ACCESS = 256, OPT_PERSON, OPT_WORKER, OPT_FROM, OPT_TO, OPT_FORMAT };
	static const struct option longopts[] = {
		{ "access", no_argument, NULL, OPT_ACCESS },
		{ "person", required_argument, NULL, OPT_PERSON },
		{ "worker", required_argument, NULL, OPT_WORKER },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = 0;

	opterr = 0;
	while (rc == 0 && (c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		switch (c) {
		case OPT_ACCESS: break;
		case OPT_PERSON: *person = optarg; break;
		case OPT_WORKER: f->worker = optarg; break;
		case OPT_FROM: rc = date_opt("--from", optarg, &f->from); break;
		case OPT_TO: rc = date_opt("--to", optarg, &f->to); break;
		case OPT_FORMAT: rc = cm_opt_format(optarg, format) < 0 ? 2 : 0; break;
		default: return cm_opt_error(c, argc, argv);
		}
	}
	if (rc)
		return rc;
	if (argc - optind > 1 || (argc - optind == 1) + !!*person + !!f->worker > 1)
		return cm_usage_error("usage: cm audit --access [CASE | --person P | --worker W]"
				      " [--from D] [--to D]");
	return 0;
}

int cmd_audit_access(int argc, char **argv, struct cm_ctx *ctx)
{
	struct cm_access_filter f = { 0 };
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	const char *person = NULL;
	struct cm_emit *e;
	long long id;
	int rc = parse(argc, argv, &f, &person, &format);

	if (rc)
		return rc;
	if (optind < argc) {
		if (cm_opt_case(ctx, argv[optind], &id, &rc) < 0)
			return rc;
		f.case_id = id;
	}
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	if ((person && cm_person_resolve(ctx->store, person, &f.person_id, &err) < 0) ||
	    (f.worker && cm_worker_check(ctx->store, f.worker, &err) < 0))
		return cm_fail(&err);
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	if (cm_access_emit(ctx->store, &f, e, &err) < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}
