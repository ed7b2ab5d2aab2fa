/* cm intake --import FILE --map MAP.json: batch intake from an employment-service export. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cm.h"
#include "cm/i18n.h"
#include "cm/import.h"

/* Rejected rows named on stderr one by one; the rest are counted (all are in the rejects file). */
#define REJECTS_SHOWN 10

enum { OPT_IMPORT = 256, OPT_MAP, OPT_DRY_RUN, OPT_STRICT, OPT_REJECTS, OPT_FORMAT,
       OPT_UPDATE_ONLY };

static const struct option longopts[] = {
	{ "import", required_argument, NULL, OPT_IMPORT },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "update-only", no_argument, NULL, OPT_UPDATE_ONLY },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

struct import_args {
	struct cm_import_opts o;
	const char *map_path;
	enum cm_format format;
	int has_format;
};

/* Options of a single intake given with --import: refused by name rather than ignored. */
static int foreign_option(int argc, char **argv)
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";

	if (strncmp(arg, "--", 2) == 0 && strcmp(arg, "--import") != 0)
		return cm_usage_error("option '%.*s' does not go with --import; see 'cm intake -h'",
				      (int)strcspn(arg, "="), arg);
	return cm_opt_error('?', argc, argv);
}

static int parse_args(int argc, char **argv, struct import_args *a)
{
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		switch (c) {
		case OPT_IMPORT: a->o.path = optarg; break;
		case OPT_MAP: a->map_path = optarg; break;
		case OPT_DRY_RUN: a->o.dry_run = 1; break;
		case OPT_STRICT: a->o.strict = 1; break;
		case OPT_UPDATE_ONLY: a->o.update_only = 1; break;
		case OPT_REJECTS: a->o.rejects_path = optarg; break;
		case OPT_FORMAT:
			if (cm_opt_format(optarg, &a->format) < 0)
				return 2;
			a->has_format = 1;
			break;
		case ':':
		case CM_OPT_REPEATED:
			return cm_opt_error(c, argc, argv);
		default:
			return foreign_option(argc, argv);
		}
	}
	if (optind < argc)
		return cm_usage_error("unexpected argument '%s'; see 'cm intake -h'", argv[optind]);
	if (!*a->o.path)
		return cm_usage_error("--import needs a file name");
	if (!a->map_path)
		return cm_usage_error("--import needs --map MAP.json; see 'cm intake -h'");
	return 0;
}

struct progress_bar {
	struct timespec start, last;
	int drawn;
};

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void draw_progress(const struct cm_import_progress *p, void *arg)
{
	struct progress_bar *bar = arg;
	struct timespec now;
	double elapsed, rate;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (bar->drawn && seconds_between(&bar->last, &now) < 0.2)
		return;
	bar->last = now;
	bar->drawn = 1;
	elapsed = seconds_between(&bar->start, &now);
	rate = elapsed > 0 ? (double)p->rows / elapsed : 0.0;
	fputs("\r\033[K", stderr);
	if (p->total_bytes > 0)
		fprintf(stderr, Q_("importing: %lld row, %.0f rows/s, %d%%",
				   "importing: %lld rows, %.0f rows/s, %d%%", (unsigned long)p->rows),
			p->rows, rate, (int)(100.0 * (double)p->bytes / (double)p->total_bytes));
	else
		fprintf(stderr, Q_("importing: %lld row, %.0f rows/s",
				   "importing: %lld rows, %.0f rows/s", (unsigned long)p->rows),
			p->rows, rate);
	fflush(stderr);
}

static void clear_progress(struct progress_bar *bar)
{
	if (bar->drawn)
		fputs("\r\033[K", stderr);
	bar->drawn = 0;
}

struct reject_log {
	const char *file;
	struct progress_bar *bar;
	long long shown, warned;
};

static void report_reject(long line, const char *reason, void *arg)
{
	struct reject_log *log = arg;

	if (log->shown++ >= REJECTS_SHOWN)
		return;
	clear_progress(log->bar);
	fprintf(stderr, _("cm: error: %s:%ld: %s\n"), log->file, line, reason);
}

/* A value dropped under "on_error": "empty": named like a reject, the first ten. */
static void report_warning(long line, const char *reason, void *arg)
{
	struct reject_log *log = arg;

	if (log->warned++ >= REJECTS_SHOWN)
		return;
	clear_progress(log->bar);
	fprintf(stderr, _("cm: warning: %s:%ld: %s; the value is left out\n"), log->file, line,
		reason);
}

/* Temporary rejects files hold personal data: say which were found and removed. */
static void report_stale(const char *path, void *arg)
{
	clear_progress(arg);
	fprintf(stderr, _("cm: removed '%s', a temporary rejects file that an interrupted "
			  "import had left\n"), path);
}

static void print_summary(const struct import_args *a, const struct cm_import_counts *n,
			  const char *rejects)
{
	if (n->rejected > REJECTS_SHOWN)
		fprintf(stderr, Q_("cm: error: ... and %lld more rejected row\n",
				   "cm: error: ... and %lld more rejected rows\n",
				   (unsigned long)(n->rejected - REJECTS_SHOWN)),
			n->rejected - REJECTS_SHOWN);
	fprintf(stderr, a->o.dry_run
		? _("cm: %s: %lld read, %lld created, %lld updated, %lld unchanged, "
		    "%lld rejected (dry run: nothing was changed)\n")
		: _("cm: %s: %lld read, %lld created, %lld updated, %lld unchanged, "
		    "%lld rejected\n"),
		a->o.path, n->read, n->created, n->updated, n->unchanged, n->rejected);
	if (n->closed)
		fprintf(stderr, Q_("cm: %lld case was closed\n", "cm: %lld cases were closed\n",
				   (unsigned long)n->closed), n->closed);
	if (n->deleted)
		fprintf(stderr, Q_("cm: %lld row is a record marked deleted in the export: no one "
				   "was created or changed for it\n",
				   "cm: %lld rows are records marked deleted in the export: no one "
				   "was created or changed for them\n", (unsigned long)n->deleted),
			n->deleted);
	if (n->stale)
		fprintf(stderr, Q_("cm: %lld row is older than what an earlier export recorded "
				   "(updated_at): it changed nothing\n",
				   "cm: %lld rows are older than what an earlier export recorded "
				   "(updated_at): they changed nothing\n", (unsigned long)n->stale),
			n->stale);
	if (n->emptied)
		fprintf(stderr, Q_("cm: %lld bad value was left out (\"on_error\": \"empty\")\n",
				   "cm: %lld bad values were left out (\"on_error\": \"empty\")\n",
				   (unsigned long)n->emptied), n->emptied);
	if (!a->o.dry_run && !(a->o.strict && n->rejected) && !n->created && !n->updated &&
	    !n->closed)
		fputs(_("cm: nothing changed\n"), stderr);
	if (rejects)
		fprintf(stderr, _("cm: rejected rows are in %s\n"), rejects);
}

static int emit_counts(const struct import_args *a, const struct cm_import_counts *n)
{
	struct cm_emit *e;
	int rc;

	if (!a->has_format || a->format == CM_FORMAT_TEXT)
		return 0;
	e = cm_emit_new(a->format, stdout);
	if (!e)
		return cm_failure("out of memory");
	cm_emit_begin(e);
	cm_emit_int(e, "read", n->read);
	cm_emit_int(e, "created", n->created);
	cm_emit_int(e, "updated", n->updated);
	cm_emit_int(e, "unchanged", n->unchanged);
	cm_emit_int(e, "rejected", n->rejected);
	cm_emit_int(e, "emptied", n->emptied);
	cm_emit_int(e, "deleted", n->deleted);
	cm_emit_int(e, "closed", n->closed);
	cm_emit_int(e, "stale", n->stale);
	cm_emit_end(e);
	rc = cm_emit_finish(e);
	cm_emit_free(e);
	return rc < 0 ? cm_failure("cannot write output") : 0;
}

int cmd_intake_import(int argc, char **argv, struct cm_ctx *ctx)
{
	struct import_args a = { .o.path = "", .format = CM_FORMAT_TEXT };
	struct cm_import_counts n;
	struct cm_mapping *map = NULL;
	struct cm_error err = { 0 };
	struct progress_bar bar = { 0 };
	struct reject_log log = { 0 };
	char *rejects = NULL;
	int rc, code;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	if (cm_mapping_load(a.map_path, &map, &err) < 0)
		return cm_fail(&err);
	a.o.map = map;
	log.file = a.o.path;
	log.bar = &bar;
	a.o.on_reject = report_reject;
	a.o.reject_arg = &log;
	a.o.on_warning = report_warning;
	a.o.on_stale = report_stale;
	a.o.stale_arg = &bar;
	if (isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &bar.start);
		a.o.progress = draw_progress;
		a.o.progress_arg = &bar;
	}
	rc = cm_ctx_open(ctx);
	if (rc) {
		cm_mapping_free(map);
		return rc;
	}
	rc = cm_import(ctx->store, &a.o, &n, &rejects, &err);
	clear_progress(&bar);
	cm_mapping_free(map);
	if (rc < 0) {
		free(rejects);
		return cm_fail(&err);
	}
	print_summary(&a, &n, rejects);
	free(rejects);
	code = emit_counts(&a, &n);
	if (code)
		return code;
	if (a.o.strict && n.rejected)
		return cm_failure("%lld %s rejected under --strict; nothing was imported",
				  n.rejected, n.rejected == 1 ? "row was" : "rows were");
	return n.rejected ? 3 : 0;
}
