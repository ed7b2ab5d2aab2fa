/* cm assess CASE: record an assessment by life domain, or list a case's assessments. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/assess.h"

enum { OPT_DOMAIN = 256, OPT_STRENGTHS, OPT_FINAL, OPT_JSON, OPT_LIST, OPT_FORMAT };

static const struct option longopts[] = {
	{ "domain", required_argument, NULL, OPT_DOMAIN },
	{ "strengths", required_argument, NULL, OPT_STRENGTHS },
	{ "final", no_argument, NULL, OPT_FINAL },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

struct assess_args {
	struct cm_assess_input in;
	const char *strengths;
	int json, list;
	enum cm_format format;
};

/* All of standard input as a string; NULL when it cannot be read. The caller frees it. */
static char *read_stdin(void)
{
	size_t len = 0, cap = 4096, got;
	char *buf = malloc(cap), *grown;

	while (buf && (got = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
		len += got;
		if (cap - len > 1)
			continue;
		cap *= 2;
		grown = realloc(buf, cap);
		if (!grown)
			free(buf);
		buf = grown;
	}
	if (buf && ferror(stdin)) {
		free(buf);
		return NULL;
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

static int parse_args(int argc, char **argv, struct assess_args *a)
{
	struct cm_error err = { 0 };
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		switch (c) {
		case OPT_DOMAIN:
			if (cm_assess_add_arg(&a->in, optarg, &err) < 0)
				return cm_usage_error("--domain: %s", err.msg);
			break;
		case OPT_STRENGTHS:
			a->strengths = optarg;
			break;
		case OPT_FINAL:
			a->in.final = 1;
			break;
		case OPT_JSON:
			a->json = 1;
			break;
		case OPT_LIST:
			a->list = 1;
			break;
		case OPT_FORMAT:
			if (cm_opt_format(optarg, &a->format) < 0)
				return 2;
			break;
		default:
			return cm_opt_error(c, argc, argv);
		}
	}
	if (argc - optind != 1)
		return cm_usage_error("expected one CASE; see 'cm assess -h'");
	return 0;
}

static int check_combination(const struct assess_args *a)
{
	if (a->list && (a->in.n || a->json || a->in.final || a->strengths))
		return cm_usage_error("--list takes no other option but --format");
	if (a->json && a->in.n)
		return cm_usage_error("--json reads the domains from standard input; "
				      "do not give --domain too");
	if (!a->list && !a->json && !a->in.n)
		return cm_usage_error("give at least one --domain DOMAIN=SCORE (or --json); "
				      "see 'cm assess -h'");
	return 0;
}

static int read_json_input(struct assess_args *a)
{
	struct cm_error err = { 0 };
	char *text = read_stdin();
	int rc;

	if (!text)
		return cm_failure("cannot read standard input");
	rc = cm_assess_parse_json(&a->in, text, &err);
	free(text);
	if (rc < 0)
		return cm_fail(&err);
	if (!a->in.n)
		return cm_usage_error("json: \"domains\" must score at least one domain");
	return 0;
}

static int emit_assessments(struct cm_ctx *ctx, long long id, int64_t only, int as_list,
			    enum cm_format format)
{
	struct cm_error err = { 0 };
	struct cm_emit *e = cm_emit_new(format, stdout);
	int rc;

	if (!e)
		return cm_failure("out of memory");
	/* Reading a case's assessments is logged; printing one just recorded is not. */
	if (as_list && cm_access_log_case(ctx->store, id, &err) < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	if (as_list)
		cm_emit_begin_list(e);
	rc = cm_assess_emit_list(ctx->store, id, only, e, &err);
	if (as_list)
		cm_emit_end_list(e);
	if (rc == 0)
		return cm_emit_done(e);
	cm_emit_free(e);
	return cm_fail(&err);
}

static int record(struct cm_ctx *ctx, struct assess_args *a, long long id)
{
	struct cm_error err = { 0 };
	int64_t assessment;

	if (a->strengths) {
		free(a->in.strengths);
		a->in.strengths = strdup(a->strengths);
		if (!a->in.strengths)
			return cm_failure("out of memory");
	}
	if (cm_assess_record(ctx->store, id, &a->in, &assessment, &err) < 0)
		return cm_fail(&err);
	if (a->format == CM_FORMAT_TEXT) {
		printf("%lld\n", (long long)assessment);
		return 0;
	}
	return emit_assessments(ctx, id, assessment, 0, a->format);
}

static int run(struct cm_ctx *ctx, struct assess_args *a, const char *spec)
{
	long long id;
	int rc, code;

	rc = check_combination(a);
	if (rc == 0 && a->json)
		rc = read_json_input(a);
	if (rc)
		return rc;
	if (cm_opt_case(ctx, spec, &id, &code) < 0)
		return code;
	if (a->list)
		return emit_assessments(ctx, id, 0, 1, a->format);
	return record(ctx, a, id);
}

int cmd_assess(int argc, char **argv, struct cm_ctx *ctx)
{
	struct assess_args a = { .format = CM_FORMAT_TEXT };
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc == 0)
		rc = run(ctx, &a, argv[optind]);
	cm_assess_input_release(&a.in);
	return rc;
}
