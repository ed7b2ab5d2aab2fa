/* cm remind: what is due or overdue, per worker, for people and for cron. */
#include <getopt.h>
#include <stdio.h>
#include "cm.h"
#include "cm/i18n.h"
#include "cm/remind.h"

struct output {
	enum cm_format format;
	struct cm_emit *list;     /* json, csv, tsv: one list across workers */
	int groups;               /* text: worker groups printed so far */
	struct cm_error *err;
};

/* Text: a heading per worker, then that worker's table; the worker is in the heading. */
static int print_group(struct output *o, const char *worker,
		       const struct cm_remind_item *items, size_t n)
{
	struct cm_emit *e = cm_emit_new(CM_FORMAT_TEXT, stdout);
	size_t i;
	int rc;

	if (!e)
		return cm_error_set(o->err, CM_ENOMEM, "out of memory");
	if (o->groups++)
		putchar('\n');
	/* TRANSLATORS: the heading of a worker's reminders: "alice: 2 items". */
	printf(Q_("%s: %zu item\n", "%s: %zu items\n", n), worker, n);
	cm_emit_begin_list(e);
	for (i = 0; i < n; i++)
		cm_remind_emit_item(e, &items[i], 0);
	cm_emit_end_list(e);
	rc = cm_emit_finish(e);
	cm_emit_free(e);
	return rc < 0 ? cm_error_set(o->err, CM_EIO, "cannot write output") : 0;
}

static int on_worker(const char *worker, const struct cm_remind_item *items, size_t n, void *arg)
{
	struct output *o = arg;
	size_t i;

	if (o->format == CM_FORMAT_TEXT)
		return print_group(o, worker, items, n);
	for (i = 0; i < n; i++)
		cm_remind_emit_item(o->list, &items[i], 1);
	/* Stream: a cron job on a large database sees output as it comes. */
	fflush(stdout);
	return ferror(stdout) ? cm_error_set(o->err, CM_EIO, "cannot write output") : 0;
}

static int parse(int argc, char **argv, struct cm_ctx *ctx, struct cm_remind_opts *r,
		 int *exit_code, enum cm_format *format)
{
	enum { OPT_WORKER = 256, OPT_ALL, OPT_WITHIN, OPT_EXIT, OPT_FORMAT };
	static const struct option longopts[] = {
		{ "worker", required_argument, NULL, OPT_WORKER },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "within", required_argument, NULL, OPT_WITHIN },
		{ "exit-code", no_argument, NULL, OPT_EXIT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	long days;
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		switch (c) {
		case OPT_WORKER: r->worker = optarg; break;
		case OPT_ALL: r->all = 1; break;
		case OPT_EXIT: *exit_code = 1; break;
		case OPT_WITHIN:
			if (cm_opt_int("--within", optarg, 0, 3660, &days) < 0)
				return 2;
			r->within_days = (int)days;
			break;
		case OPT_FORMAT:
			if (cm_opt_format(optarg, format) < 0)
				return 2;
			break;
		default:
			return cm_opt_error(c, argc, argv);
		}
	}
	if (optind < argc)
		return cm_usage_error("unexpected argument '%s'; see 'cm remind -h'", argv[optind]);
	if (r->all && r->worker)
		return cm_usage_error("--worker and --all exclude each other");
	if (r->worker && !*r->worker)
		return cm_usage_error("--worker: the worker must not be empty");
	if ((c = cm_ctx_open(ctx)))
		return c;
	if (!r->all && !r->worker)
		r->worker = ctx->user;
	return 0;
}

int cmd_remind(int argc, char **argv, struct cm_ctx *ctx)
{
	struct cm_remind_opts r = { .within_days = 7 };
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	struct output o = { 0 };
	long long count = 0;
	int exit_code = 0, rc;

	rc = parse(argc, argv, ctx, &r, &exit_code, &format);
	if (rc)
		return rc;
	o.format = format;
	o.err = &err;
	r.english_only = format != CM_FORMAT_TEXT;
	if (format != CM_FORMAT_TEXT) {
		o.list = cm_emit_new(format, stdout);
		if (!o.list)
			return cm_failure("out of memory");
		cm_emit_begin_list(o.list);
	}
	rc = cm_remind(ctx->store, &r, on_worker, &o, &count, &err);
	if (o.list) {
		cm_emit_end_list(o.list);
		if (rc == 0 && cm_emit_finish(o.list) < 0)
			rc = cm_error_set(&err, CM_EIO, "cannot write output");
		cm_emit_free(o.list);
	}
	if (rc < 0)
		return cm_fail(&err);
	return exit_code && count > 0 ? 3 : 0;
}
