/* cm list: cases, filtered and sorted. */
#include <getopt.h>
#include "cm.h"
#include "cm/case.h"

int cmd_list(int argc, char **argv, struct cm_ctx *ctx)
{
	enum { OPT_WORKER = 256, OPT_MINE, OPT_STATE, OPT_PROGRAMME, OPT_OPEN, OPT_CLOSED,
	       OPT_ANY, OPT_SORT, OPT_FORMAT, OPT_NAME };
	static const struct option longopts[] = {
		{ "worker", required_argument, NULL, OPT_WORKER },
		{ "mine", no_argument, NULL, OPT_MINE },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "programme", required_argument, NULL, OPT_PROGRAMME },
		{ "open", no_argument, NULL, OPT_OPEN },
		{ "closed", no_argument, NULL, OPT_CLOSED },
		{ "any", no_argument, NULL, OPT_ANY },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct cm_case_filter f = { .open = 1 };
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	struct cm_emit *e;
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_WORKER: f.worker = optarg; break;
		case OPT_MINE: f.worker = ctx->user; break;
		case OPT_STATE: f.state = optarg; f.open = -1; break;
		case OPT_PROGRAMME: f.programme = optarg; break;
		case OPT_OPEN: f.open = 1; break;
		case OPT_CLOSED: f.open = 0; break;
		case OPT_ANY: f.open = -1; break;
		case OPT_SORT: f.sort = optarg; break;
		case OPT_NAME: f.name = optarg; break;
		case OPT_FORMAT:
			if (cm_opt_format(optarg, &format) < 0)
				return 2;
			break;
		default:
			return cm_opt_error(c, argc, argv);
		}
	}
	if (optind < argc)
		return cm_usage_error("unexpected argument '%s'; see 'cm list -h'", argv[optind]);
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	rc = cm_case_list(ctx->store, &f, e, &err);
	if (rc < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}
