/* cm list: cases, filtered and sorted. */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/case.h"

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

struct list_args {
	struct cm_case_filter f;
	const char *which, *whose, *format;  /* the --open/--closed/--any and --worker/--mine given */
};

/* Two of --open, --closed, --any (or --worker and --mine) contradict each other. */
static int one_of(const char **given, const char *opt)
{
	if (*given && strcmp(*given, opt) != 0)
		return cm_usage_error("%s and %s contradict each other; give one", *given, opt);
	*given = opt;
	return 0;
}

static int take(int c, struct list_args *a, struct cm_ctx *ctx)
{
	struct cm_case_filter *f = &a->f;

	switch (c) {
	case OPT_WORKER:
		return one_of(&a->whose, "--worker") || cm_opt_once("--worker", &f->worker, optarg);
	case OPT_MINE:
		return one_of(&a->whose, "--mine") || cm_opt_once("--mine", &f->worker, ctx->user);
	case OPT_STATE:
		f->open = a->which ? f->open : -1;
		return cm_opt_once("--state", &f->state, optarg)
		       || cm_opt_choice("--state", optarg, cm_case_states);
	case OPT_PROGRAMME: return cm_opt_once("--programme", &f->programme, optarg);
	case OPT_OPEN: f->open = 1; return one_of(&a->which, "--open");
	case OPT_CLOSED: f->open = 0; return one_of(&a->which, "--closed");
	case OPT_ANY: f->open = -1; return one_of(&a->which, "--any");
	case OPT_SORT:
		return cm_opt_once("--sort", &f->sort, optarg)
		       || cm_opt_choice("--sort", optarg, cm_case_sorts);
	case OPT_NAME: return cm_opt_once("--name", &f->name, optarg);
	case OPT_FORMAT: return cm_opt_once("--format", &a->format, optarg);
	}
	return -1;
}

int cmd_list(int argc, char **argv, struct cm_ctx *ctx)
{
	struct list_args a = { .f = { .open = 1 } };
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	struct cm_emit *e;
	int c, rc;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		rc = take(c, &a, ctx);
		if (rc < 0)
			return cm_opt_error(c, argc, argv);
		if (rc)
			return 2;
	}
	if (optind < argc)
		return cm_usage_error("unexpected argument '%s'; see 'cm list -h'", argv[optind]);
	if (a.format && cm_opt_format(a.format, &format) < 0)
		return 2;
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	/* The acting user is known once the database says who they are. */
	if (a.whose && strcmp(a.whose, "--mine") == 0)
		a.f.worker = ctx->user;
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	rc = cm_case_list(ctx->store, &a.f, e, &err);
	if (rc < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}
