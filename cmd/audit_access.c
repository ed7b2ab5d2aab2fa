/* cm audit --access [CASE | --person P | --worker W] [--from D] [--to D]: who looked. */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/date.h"
#include "cm/person.h"
#include "cm/worker.h"

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
	while (rc == 0 && (c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
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
