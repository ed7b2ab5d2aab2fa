/* cm programme: list, show, add and edit programme profiles. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cm.h"
#include "cm/programme.h"

#define PROFILE_MAX (1 << 20)

/* The whole of FILE ("-": standard input) into *out (malloc'd, caller frees). */
static int read_profile(const char *path, char **out, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	size_t cap = 4096, n = 0, got;
	char *buf;

	*out = NULL;
	if (!f)
		return cm_failure("cannot read profile '%s': %s", path, strerror(errno));
	buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap && cap >= PROFILE_MAX)
			break;
		if (n == cap) {
			char *p = realloc(buf, cap * 2);

			if (!p)
				free(buf);
			buf = p;
			cap *= 2;
		}
	}
	if (f != stdin)
		fclose(f);
	if (!buf)
		return cm_failure("out of memory");
	if (n >= PROFILE_MAX) {
		free(buf);
		return cm_usage_error("profile '%s': larger than 1 MiB", path);
	}
	*out = buf;
	*len = n;
	return 0;
}

/* cJSON indents with tabs and puts one after each colon; print as the emitter does. */
static void print_document(const char *json)
{
	const char *p;
	int line_start = 1;

	for (p = json; *p; p++) {
		if (*p == '\t')
			fputs(line_start ? "  " : " ", stdout);
		else
			putchar(*p);
		line_start = *p == '\n' || (line_start && *p == '\t');
	}
	putchar('\n');
}

static int finish_emit(struct cm_emit *e, int rc, struct cm_error *err)
{
	if (rc == 0 && cm_emit_finish(e) < 0)
		rc = cm_error_set(err, CM_EIO, "cannot write output");
	cm_emit_free(e);
	return rc < 0 ? cm_fail(err) : 0;
}

static int programme_list(struct cm_ctx *ctx, enum cm_format format)
{
	struct cm_error err = { 0 };
	struct cm_emit *e;
	int rc = cm_ctx_open(ctx);

	if (rc)
		return rc;
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	return finish_emit(e, cm_programme_list(ctx->store, e, &err), &err);
}

static int programme_show(struct cm_ctx *ctx, const char *id, enum cm_format format)
{
	struct cm_error err = { 0 };
	struct cm_emit *e;
	char *json;
	int builtin, rc = cm_ctx_open(ctx);

	if (rc)
		return rc;
	if (format == CM_FORMAT_JSON) {
		if (cm_programme_document(ctx->store, id, &json, &builtin, &err) < 0)
			return cm_fail(&err);
		print_document(json);
		free(json);
		return 0;
	}
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	return finish_emit(e, cm_programme_emit(ctx->store, id, e, &err), &err);
}

static int programme_store(struct cm_ctx *ctx, const char *id, const char *path)
{
	char added[CM_PROGRAMME_ID_MAX];
	struct cm_error err = { 0 };
	size_t len = 0;
	char *text;
	int rc;

	rc = read_profile(path, &text, &len);
	if (rc == 0 && (rc = cm_ctx_open(ctx)))
		free(text);
	if (rc)
		return rc;
	if (id)
		rc = cm_programme_edit(ctx->store, id, text, len, path, &err);
	else
		rc = cm_programme_add(ctx->store, text, len, path, added, &err);
	free(text);
	if (rc < 0)
		return cm_fail(&err);
	printf("%s\n", id ? id : added);
	return 0;
}

/* Each action with the number of arguments it takes after its name. */
static int dispatch(struct cm_ctx *ctx, int argc, char **argv, enum cm_format format)
{
	const char *action = argv[0];
	int want = -1;

	if (strcmp(action, "list") == 0)
		want = 0;
	else if (strcmp(action, "show") == 0 || strcmp(action, "add") == 0)
		want = 1;
	else if (strcmp(action, "edit") == 0)
		want = 2;
	if (want < 0)
		return cm_usage_error("unknown action '%s' (list, show, add, edit)", action);
	if (argc - 1 != want)
		return cm_usage_error("'cm programme %s' takes %s; see 'cm programme -h'", action,
				      want == 0 ? "no argument" : want == 1 ?
				      (action[0] == 's' ? "a programme id" : "a profile file") :
				      "a programme id and a profile file");
	if (want == 0)
		return programme_list(ctx, format);
	if (action[0] == 's')
		return programme_show(ctx, argv[1], format);
	if (action[0] == 'a')
		return programme_store(ctx, NULL, argv[1]);
	return programme_store(ctx, argv[1], argv[2]);
}

int cmd_programme(int argc, char **argv, struct cm_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c != 'f')
			return cm_opt_error(c, argc, argv);
		if (cm_opt_format(optarg, &format) < 0)
			return 2;
	}
	if (optind >= argc)
		return programme_list(ctx, format);
	return dispatch(ctx, argc - optind, argv + optind, format);
}
