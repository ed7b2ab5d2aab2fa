/* Error reporting and option-value parsing shared by the commands. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "../cm.h"
#include "cm/case.h"
#include "cm/i18n.h"

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

	if (cm_case_resolve(ctx->store, spec, &id, &err) < 0) {
		*exit_code = cm_fail(&err);
		return -1;
	}
	*case_id = id;
	return 0;
}

int cm_opt_error(int c, int argc, char **argv)
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	char shortopt[3] = { '-', (char)optopt, '\0' };

	if (optopt && strncmp(arg, "--", 2) != 0)
		arg = shortopt;
	if (c == ':')
		return cm_usage_error("option '%s' requires a value", arg);
	return cm_usage_error("unknown option '%s'; see 'cm %s -h'", arg, argv[0]);
}
