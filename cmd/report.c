/* cm report NAME: aggregate reports with small cells withheld. */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/html.h"
#include "cm/report.h"

/* --format html and -o FILE: the report page instead of records. */
struct page_opts {
	int html;
	const char *output;
};

/* Copy a --from/--to value; its format is checked with the others by the library. */
static int date_opt(const char *opt, const char *arg, char out[CM_DATE_LEN])
{
	if (strlen(arg) >= CM_DATE_LEN)
		return cm_usage_error("invalid %s '%s' (expected YYYY-MM-DD)", opt, arg);
	strcpy(out, arg);
	return 0;
}

static int parse_opts(int argc, char **argv, struct cm_report_opts *o, enum cm_format *format,
		      struct page_opts *page, int *from_set, int *to_set)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "programme", required_argument, NULL, 'p' },
		{ "by", required_argument, NULL, 'b' },
		{ "min-cell", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	long n;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if (date_opt("--from", optarg, o->from))
				return 2;
			*from_set = 1;
			break;
		case 'T':
			if (date_opt("--to", optarg, o->to))
				return 2;
			*to_set = 1;
			break;
		case 'p':
			o->programme = optarg;
			break;
		case 'b':
			if (cm_report_by_parse(optarg, &o->by) < 0)
				return cm_usage_error("--by: unknown grouping '%s' "
						      "(worker, programme, month)", optarg);
			break;
		case 'm':
			if (cm_opt_int("--min-cell", optarg, 1, 1000000, &n) < 0)
				return 2;
			o->min_cell = n;
			break;
		case 'f':
			if (cm_opt_page_format(optarg, format, &page->html) < 0)
				return 2;
			break;
		case 'o':
			page->output = optarg;
			break;
		default:
			return cm_opt_error(c, argc, argv);
		}
	}
	if (page->output && !page->html)
		return cm_usage_error("-o goes with --format html");
	return 0;
}

/*
 * Unset ends of the window default to the last full month before today,
 * except that --to alone starts the window on the first day of its month
 * (so a report at a past date needs no --from).
 */
static int default_window(struct cm_report_opts *o, int from_set, int to_set)
{
	char from[CM_DATE_LEN], to[CM_DATE_LEN];
	struct cm_error err = { 0 };
	cm_days today;

	if (from_set && to_set)
		return 0;
	/* A malformed --to keeps the default --from; the library then names --to. */
	if (to_set && cm_date_parse_iso(o->to, &today) == 0) {
		memcpy(o->from, o->to, 8);
		strcpy(o->from + 8, "01");
		return 0;
	}
	if (cm_date_today(&today, &err) < 0)
		return cm_fail(&err);
	cm_report_default_window(today, from, to);
	if (!from_set)
		strcpy(o->from, from);
	if (!to_set)
		strcpy(o->to, to);
	return 0;
}

struct page_args {
	const char *const *names;
	const struct cm_report_opts *opts;
};

static int report_page(struct cm_store *s, const void *arg, FILE *out, struct cm_error *err)
{
	const struct page_args *a = arg;

	return cm_html_report(s, a->names, a->opts, out, err);
}

/* NAME, or every report for "all", as one page. */
static int print_page(struct cm_ctx *ctx, const char *name, const struct cm_report_opts *o,
		      const char *output)
{
	const char *one[] = { name, NULL };
	struct page_args a = { strcmp(name, "all") ? one : cm_report_names, o };

	return cm_print_page(report_page, ctx->store, &a, output);
}

int cmd_report(int argc, char **argv, struct cm_ctx *ctx)
{
	struct cm_report_opts o = { .min_cell = 5 };
	enum cm_format format = CM_FORMAT_TEXT;
	struct page_opts page = { 0 };
	struct cm_error err = { 0 };
	struct cm_emit *e;
	int from_set = 0, to_set = 0, rc;

	rc = parse_opts(argc, argv, &o, &format, &page, &from_set, &to_set);
	if (rc)
		return rc;
	if (argc - optind != 1)
		return cm_usage_error("usage: cm report NAME [options]; see 'cm report -h'");
	rc = default_window(&o, from_set, to_set);
	if (rc)
		return rc;
	if (page.html)
		return print_page(ctx, argv[optind], &o, page.output);
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	rc = cm_report_run(ctx->store, argv[optind], &o, e, &err);
	if (rc < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	rc = cm_emit_finish(e);
	cm_emit_free(e);
	return rc < 0 ? cm_failure("cannot write output") : 0;
}
