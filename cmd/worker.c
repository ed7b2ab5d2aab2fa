/* cm worker add|list|show|edit|deactivate|visibility: the staff and their roles. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/i18n.h"
#include "cm/store.h"
#include "cm/worker.h"

enum { OPT_NAME = 256, OPT_TEAM, OPT_ROLE, OPT_EMAIL, OPT_ALL, OPT_FORMAT };

static const struct option longopts[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "team", required_argument, NULL, OPT_TEAM },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

struct worker_args {
	struct cm_worker_fields f;
	int all, nfields;
	enum cm_format format;
	const char *sub, *arg;
	int nargs;
};

static const char **field_slot(struct cm_worker_fields *f, int opt)
{
	switch (opt) {
	case OPT_NAME: return &f->name;
	case OPT_TEAM: return &f->team;
	case OPT_ROLE: return &f->role;
	case OPT_EMAIL: return &f->email;
	default: return NULL;
	}
}

static int parse_args(int argc, char **argv, struct worker_args *a)
{
	const char **slot;
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c == OPT_ALL) {
			a->all = 1;
		} else if (c == OPT_FORMAT) {
			if (cm_opt_format(optarg, &a->format) < 0)
				return 2;
		} else if ((slot = field_slot(&a->f, c))) {
			*slot = optarg;
			a->nfields++;
		} else {
			return cm_opt_error(c, argc, argv);
		}
	}
	if (optind >= argc)
		return cm_usage_error("expected add, list, show, edit, deactivate or visibility;"
				      " see 'cm worker -h'");
	a->sub = argv[optind];
	a->nargs = argc - optind - 1;
	a->arg = a->nargs > 0 ? argv[optind + 1] : NULL;
	return 0;
}

/* Only what the subcommand accepts: a stray option is a usage error, not ignored. */
static int expect(const struct worker_args *a, int nargs, const char *usage, int fields)
{
	if (a->nargs != nargs)
		return cm_usage_error("usage: cm worker %s", usage);
	if (!fields && a->nfields != (a->f.team && strcmp(a->sub, "list") == 0))
		return cm_usage_error("usage: cm worker %s", usage);
	if (a->all && strcmp(a->sub, "list") != 0)
		return cm_usage_error("--all goes with cm worker list");
	return 0;
}

static int add(struct cm_ctx *ctx, struct worker_args *a)
{
	struct cm_error err = { 0 };
	int rc = expect(a, 1, "add LOGIN --name NAME [--team T] [--role R] [--email ADDR]", 1);

	if (rc == 0 && cm_worker_login_check(a->arg, &err) < 0)
		return cm_fail(&err);
	if (rc == 0)
		rc = cm_ctx_open(ctx);
	if (rc)
		return rc;
	if (cm_worker_add(ctx->store, a->arg, &a->f, &err) < 0)
		return cm_fail(&err);
	printf(_("worker %s added\n"), a->arg);
	return 0;
}

static int list_or_show(struct cm_ctx *ctx, struct worker_args *a, int show)
{
	struct cm_error err = { 0 };
	struct cm_emit *e;
	int rc = show ? expect(a, 1, "show LOGIN [--format F]", 0)
		      : expect(a, 0, "list [--all] [--team T] [--format F]", 0);

	if (rc == 0)
		rc = cm_ctx_open(ctx);
	if (rc)
		return rc;
	e = cm_emit_new(a->format, stdout);
	if (!e)
		return cm_failure("out of memory");
	rc = show ? cm_worker_emit_show(ctx->store, a->arg, e, &err)
		  : cm_worker_emit_list(ctx->store, a->all, a->f.team, e, &err);
	if (rc < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}

static int edit(struct cm_ctx *ctx, struct worker_args *a)
{
	struct cm_error err = { 0 };
	int rc = expect(a, 1, "edit LOGIN [--name NAME] [--team T] [--role R] [--email ADDR]", 1);

	if (rc)
		return rc;
	if (!a->nfields)
		return cm_usage_error("cm worker edit needs a field to change; see 'cm worker -h'");
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	if (cm_worker_edit(ctx->store, a->arg, &a->f, &err) < 0)
		return cm_fail(&err);
	printf(_("worker %s updated\n"), a->arg);
	return 0;
}

static int deactivate(struct cm_ctx *ctx, struct worker_args *a)
{
	struct cm_error err = { 0 };
	int rc = expect(a, 1, "deactivate LOGIN", 0);

	if (rc == 0)
		rc = cm_ctx_open(ctx);
	if (rc)
		return rc;
	if (cm_worker_deactivate(ctx->store, a->arg, &err) < 0)
		return cm_fail(&err);
	printf(_("worker %s deactivated\n"), a->arg);
	return 0;
}

/* Without a value, print the setting. */
static int visibility(struct cm_ctx *ctx, struct worker_args *a)
{
	struct cm_error err = { 0 };
	char *value = NULL;
	int rc;

	if (a->nargs > 1 || a->nfields)
		return cm_usage_error("usage: cm worker visibility [own|team]");
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	if (a->arg) {
		if (cm_access_set_visibility(ctx->store, a->arg, &err) < 0)
			return cm_fail(&err);
		printf(_("visibility set to %s\n"), a->arg);
		return 0;
	}
	rc = cm_store_meta_get(ctx->store, "visibility", &value, &err);
	if (rc < 0)
		return cm_fail(&err);
	printf("%s\n", value);
	free(value);
	return 0;
}

int cmd_worker(int argc, char **argv, struct cm_ctx *ctx)
{
	struct worker_args a = { .format = CM_FORMAT_TEXT };
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc;
	if (strcmp(a.sub, "add") == 0)
		return add(ctx, &a);
	if (strcmp(a.sub, "list") == 0)
		return list_or_show(ctx, &a, 0);
	if (strcmp(a.sub, "show") == 0)
		return list_or_show(ctx, &a, 1);
	if (strcmp(a.sub, "edit") == 0)
		return edit(ctx, &a);
	if (strcmp(a.sub, "deactivate") == 0)
		return deactivate(ctx, &a);
	if (strcmp(a.sub, "visibility") == 0)
		return visibility(ctx, &a);
	return cm_usage_error("unknown worker action '%s' (add, list, show, edit, deactivate,"
			      " visibility)", a.sub);
}
