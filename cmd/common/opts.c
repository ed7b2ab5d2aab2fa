/* Error reporting and option-value parsing shared by the commands. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "../cm.h"
#include "cm/case.h"
#include "cm/i18n.h"
#include "cm/suggest.h"

int cm_fail(const struct cm_error *err)
{
	fprintf(stderr, _("cm: error: %s\n"), err->msg);
	return cm_exit_code(err->status);
}

/* prefix is translated already; fmt is English, translated here. */
static void __attribute__((format(printf, 2, 0)))
vreport(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, _(fmt), ap);
	fputc('\n', stderr);
}

int cm_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(_("cm: error: "), fmt, ap);
	va_end(ap);
	return 2;
}

int cm_failure(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(_("cm: error: "), fmt, ap);
	va_end(ap);
	return 1;
}

void cm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(_("cm: warning: "), fmt, ap);
	va_end(ap);
}

int cm_opt_format(const char *arg, enum cm_format *out)
{
	if (cm_format_parse(arg, out) == 0)
		return 0;
	cm_usage_error("--format: unknown format '%s' (text, json, csv, tsv)", arg);
	return -1;
}

int cm_opt_int(const char *opt, const char *arg, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < min || v > max) {
		cm_usage_error("%s: invalid value '%s' (expected a whole number from %ld to %ld)",
			       opt, arg, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int cm_opt_case(struct cm_ctx *ctx, const char *spec, long long *case_id, int *exit_code)
{
	struct cm_error err = { 0 };
	int64_t id;

	if (cm_case_spec_check(spec, &err) < 0) {
		*exit_code = cm_fail(&err);
		return -1;
	}
	if ((*exit_code = cm_ctx_open(ctx)))
		return -1;
	if (cm_case_resolve(ctx->store, spec, &id, &err) < 0) {
		*exit_code = cm_fail(&err);
		return -1;
	}
	*case_id = id;
	return 0;
}

int cm_opt_error(int c, int argc, char **argv)
{
	if (c == CM_OPT_REPEATED)
		return 2;	/* cm_getopt said which option, and both values */
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	char shortopt[3] = { '-', (char)optopt, '\0' };

	if (optopt && strncmp(arg, "--", 2) != 0)
		arg = shortopt;
	if (c == ':')
		return cm_usage_error("option '%s' requires a value", arg);
	return cm_usage_error("unknown option '%s'; see 'cm %s -h'", arg, argv[0]);
}

/* The allowed value closest to v, when it is close enough to be a typo (1 or 2 edits). */
static const char *closest(const char *v, const char *const *allowed)
{
	const char *best = NULL;
	size_t d, best_d = 3;

	for (; *allowed; allowed++) {
		d = cm_edit_distance(v, *allowed);
		if (d < best_d) {
			best_d = d;
			best = *allowed;
		}
	}
	return best;
}

int cm_opt_choice(const char *opt, const char *v, const char *const *allowed)
{
	const char *const *p;
	const char *near;
	char list[512];
	size_t n = 0;

	for (p = allowed; *p; p++)
		if (strcmp(v, *p) == 0)
			return 0;
	list[0] = '\0';
	for (p = allowed; *p && n < sizeof list; p++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", *p);
	near = closest(v, allowed);
	if (near)
		return cm_usage_error("%s: unknown value '%s'; did you mean '%s'? (%s)", opt, v, near,
				      list);
	return cm_usage_error("%s: unknown value '%s' (%s)", opt, v, list);
}

int cm_opt_once(const char *opt, const char **slot, const char *v)
{
	if (*slot)
		return cm_usage_error("%s given twice ('%s' and '%s'); give it once", opt, *slot, v);
	*slot = v;
	return 0;
}

int cm_opt_append(const char *opt, struct cm_opt_list *list, const char *v, const char *sep)
{
	size_t n = strlen(list->text);

	if (n + strlen(sep) + strlen(v) + 1 > sizeof list->text)
		return cm_usage_error("%s: too many values", opt);
	snprintf(list->text + n, sizeof list->text - n, "%s%s", n ? sep : "", v);
	return 0;
}

/* The options whose values add up when given again ("command option", or any command's). */
static const char *const accumulating[] = { "criteria", "consent", "participants", "share",
					    "assess domain", NULL };

#define LONG_MAX_OPTS 64

static char **parsed_argv;                 /* the argument vector being parsed... */
static const char *given_long[LONG_MAX_OPTS]; /* ...the value of each long option given */
static const char *given_short[128];       /* ...and of each short one */

static int accumulates(const char *command, const char *name)
{
	const char *const *p, *space;

	for (p = accumulating; *p; p++) {
		space = strchr(*p, ' ');
		if (!space ? strcmp(*p, name) == 0
			   : strncmp(*p, command, (size_t)(space - *p)) == 0 &&
			     !command[space - *p] && strcmp(space + 1, name) == 0)
			return 1;
	}
	return 0;
}

int cm_getopt(int argc, char **argv, const char *optstring, const struct option *longopts)
{
	const char **slot = NULL;
	char name[80];
	int idx = -1, c;

	/* A new vector, or getopt started again (optind reset): nothing given yet. */
	if (argv != parsed_argv || optind <= 1) {
		parsed_argv = argv;
		memset(given_long, 0, sizeof given_long);
		memset(given_short, 0, sizeof given_short);
	}
	c = getopt_long(argc, argv, optstring, longopts, &idx);
	if (c == -1 || c == '?' || c == ':' || !optarg)
		return c;
	if (idx >= 0) {
		if (accumulates(argv[0], longopts[idx].name) || idx >= LONG_MAX_OPTS)
			return c;
		slot = &given_long[idx];
		snprintf(name, sizeof name, "--%s", longopts[idx].name);
	} else if (c > 0 && c < 128) {
		slot = &given_short[c];
		snprintf(name, sizeof name, "-%c", c);
	}
	if (!slot)
		return c;
	if (*slot) {
		cm_usage_error("%s given twice ('%s' and '%s'); give it once", name, *slot, optarg);
		return CM_OPT_REPEATED;
	}
	*slot = optarg;
	return c;
}
