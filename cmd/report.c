/* cm report NAME: aggregate reports with small cells withheld. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/html.h"
#include "cm/i18n.h"
#include "cm/report.h"
#include "cm/suppress.h"

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
		{ "team", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "min-cell", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	long n;
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":o:", longopts)) != -1) {
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
		case 't':
			o->team = optarg;
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
 * (so a report at a past date needs no --from). A snapshot is taken today
 * unless --to names the day.
 */
static int default_window(const char *name, struct cm_report_opts *o, int from_set,
			  int to_set)
{
	char from[CM_DATE_LEN], to[CM_DATE_LEN];
	struct cm_error err = { 0 };
	cm_days today;

	if (from_set && to_set)
		return 0;
	if (!to_set && cm_report_is_snapshot(name)) {
		if (cm_date_today(&today, &err) < 0)
			return cm_fail(&err);
		cm_date_format(today, o->to);
		to_set = 1;
	}
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

/* What a text report is titled, by report name. */
static const char *const titles[][2] = {
	{ "caseload", N_("Caseload") },
	{ "outcomes", N_("Outcomes") },
	{ "durations", N_("Durations") },
	{ "youth-guarantee", N_("Youth Guarantee") },
	{ "quota", N_("Trajectory quota") },
	{ "referrals", N_("Referrals") },
	{ "contacts", N_("Contacts") },
};

static const char *title_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (!strcmp(titles[i][0], name))
			return _(titles[i][1]);
	return name;
}

/* Counts of cases per worker describe workload, not people: they are not withheld. */
static int withholds(const char *name, const struct cm_report_opts *o)
{
	return o->min_cell > 1 && !(!strcmp(name, "caseload") && o->by != CM_BY_PROGRAMME);
}

/* The line above the table: what the report covers, and what it withholds. */
static void print_header(const char *name, const struct cm_report_opts *o, int default_window)
{
	const char *title = title_of(name);
	const char *programme = o->programme ? o->programme : _("all");
	const char *team = o->team ? o->team : _("all");

	if (cm_report_is_snapshot(name))
		printf(_("%s on %s; programme: %s; team: %s."), title, o->to, programme, team);
	else if (default_window)
		printf(_("%s from %s to %s, the last full month (the default); programme: %s;"
			 " team: %s."), title, o->from, o->to, programme, team);
	else
		printf(_("%s from %s to %s; programme: %s; team: %s."), title, o->from, o->to,
		       programme, team);
	putchar(' ');
	if (!strcmp(name, "caseload") && o->by != CM_BY_PROGRAMME)
		printf("%s", _("Cases per worker are workload, not people: no count is withheld."));
	else if (o->min_cell <= 1)
		printf(_("No count is withheld (the database withholds counts below %d)."),
		       CM_SUPPRESS_MIN_CELL);
	else if (o->min_cell < CM_SUPPRESS_MIN_CELL)
		printf(_("Counts below %lld are withheld (lowered from %d)."), o->min_cell,
		       CM_SUPPRESS_MIN_CELL);
	else
		printf(_("Counts below %lld are withheld."), o->min_cell);
	putchar('\n');
}

/* Under the table: how withheld cells read, and where the quota's base comes from. */
static void print_legend(const char *name, const struct cm_report_opts *o)
{
	if (!strcmp(name, "quota"))
		printf("%s\n", _("Job seekers counted: the people cm knows as unemployed with a benefit"
				 " or in an insertion internship, for 3 months (under 25) or 6 months,"
				 " on that day; the count is only as complete as the register imported"
				 " (cm intake --import)."));
	if (!withholds(name, o))
		return;
	printf(_("<%lld: fewer than %lld, withheld. %s: withheld so that a withheld count cannot"
		 " be worked out from a total."), o->min_cell, o->min_cell,
	       CM_SUPPRESS_SECONDARY_MARK);
	putchar('\n');
}

/*
 * Text: the header line, the table, the legend. The table is laid out in
 * memory first, so a report that fails prints nothing.
 */
static int print_text(struct cm_ctx *ctx, const char *name, const struct cm_report_opts *o,
		      int default_window)
{
	struct cm_error err = { 0 };
	struct cm_emit *e;
	char *table = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&table, &len);
	int rc;

	e = mem ? cm_emit_new(CM_FORMAT_TEXT, mem) : NULL;
	if (!e) {
		if (mem)
			fclose(mem);
		free(table);
		return cm_failure("out of memory");
	}
	rc = cm_report_run(ctx->store, name, o, e, &err);
	if (rc == 0 && cm_emit_finish(e) < 0)
		rc = cm_error_set(&err, CM_ENOMEM, "out of memory");
	cm_emit_free(e);
	if (fclose(mem) != 0 && rc == 0)
		rc = cm_error_set(&err, CM_ENOMEM, "out of memory");
	if (rc == 0) {
		print_header(name, o, default_window);
		fwrite(table, 1, len, stdout);
		print_legend(name, o);
	}
	free(table);
	return rc < 0 ? cm_fail(&err) : 0;
}

/*
 * Withholding fewer counts than the database does is a manager's or an
 * admin's choice, and the access log keeps who made it.
 */
static int record_lowering(struct cm_ctx *ctx, const char *name, const struct cm_report_opts *o,
			   struct cm_error *err)
{
	char query[128];

	if (cm_access_role(ctx->store) == CM_ROLE_WORKER)
		return cm_error_set(err, CM_EFAIL,
				    "only a manager or an admin can lower --min-cell below %d",
				    CM_SUPPRESS_MIN_CELL);
	snprintf(query, sizeof query, "report %s --min-cell %lld", name, o->min_cell);
	return cm_access_log_query(ctx->store, query, 0, err);
}

int cmd_report(int argc, char **argv, struct cm_ctx *ctx)
{
	struct cm_report_opts o = { .min_cell = CM_SUPPRESS_MIN_CELL };
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
	if ((!page.html || strcmp(argv[optind], "all") != 0) &&
	    cm_report_check_name(argv[optind], &err) < 0)
		return cm_fail(&err);
	rc = default_window(argv[optind], &o, from_set, to_set);
	if (rc == 0)
		rc = cm_ctx_open(ctx);
	if (rc)
		return rc;
	if (o.min_cell < CM_SUPPRESS_MIN_CELL && record_lowering(ctx, argv[optind], &o, &err) < 0)
		return cm_fail(&err);
	if (page.html)
		return print_page(ctx, argv[optind], &o, page.output);
	if (format == CM_FORMAT_TEXT)
		return print_text(ctx, argv[optind], &o, !from_set && !to_set);
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
