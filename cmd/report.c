/* cm report NAME: aggregate reports with small cells withheld. */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/report.h"

/* Copy a --from/--to value; its format is checked with the others by the library. */
static int date_opt(const char *opt, const char *arg, char out[CM_DATE_LEN])
{
	if (strlen(arg) >= CM_DATE_LEN)
		return cm_usage_error("invalid %s '%s' (expected YYYY-MM-DD)", opt, arg);
	strcpy(out, arg);
	return 0;
}

static int parse_opts(int argc, char **argv, struct cm_report_opts *o, enum cm_format *format,
		      int *from_set, int *to_set)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "programme", required_argument, NULL, 'p' },
		{ "by", required_argument, NULL, 'b' },
		{ "min-cell", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	long n;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
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
			if (cm_opt_format(optarg, format) < 0)
				return 2;
			break;
		default:
			return cm_opt_error(c, argc, argv);
		}
	}
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

int cmd_report(int argc, char **argv, struct cm_ctx *ctx)
{
	struct cm_report_opts o = { .min_cell = 5 };
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	struct cm_emit *e;
	int from_set = 0, to_set = 0, rc;

	rc = parse_opts(argc, argv, &o, &format, &from_set, &to_set);
	if (rc)
		return rc;
	if (argc - optind != 1)
		return cm_usage_error("usage: cm report NAME [options]; see 'cm report -h'");
	rc = default_window(&o, from_set, to_set);
	if (rc)
		return rc;
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
