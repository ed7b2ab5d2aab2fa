/* cm partner add|list|show|edit|deactivate: the partner network. */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/i18n.h"
#include "cm/partner.h"

enum {
	OPT_NAME = 256, OPT_DOMAIN, OPT_AGREEMENT, OPT_AGREEMENT_DATE, OPT_PHONE, OPT_EMAIL,
	OPT_ADDRESS, OPT_ALL, OPT_FORMAT,
};

static const struct option longopts[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "domain", required_argument, NULL, OPT_DOMAIN },
	{ "agreement", required_argument, NULL, OPT_AGREEMENT },
	{ "agreement-date", required_argument, NULL, OPT_AGREEMENT_DATE },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "address", required_argument, NULL, OPT_ADDRESS },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

struct partner_args {
	struct cm_partner_fields f;
	int all, nfields;
	enum cm_format format;
	const char *sub, *arg;   /* the subcommand and its one argument (NAME or ID) */
	int nargs;
};

static const char **field_slot(struct cm_partner_fields *f, int opt)
{
	switch (opt) {
	case OPT_NAME: return &f->name;
	case OPT_DOMAIN: return &f->domain;
	case OPT_AGREEMENT: return &f->agreement_ref;
	case OPT_AGREEMENT_DATE: return &f->agreement_date;
	case OPT_PHONE: return &f->phone;
	case OPT_EMAIL: return &f->email;
	case OPT_ADDRESS: return &f->address;
	default: return NULL;
	}
}

static int parse_args(int argc, char **argv, struct partner_args *a)
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
		return cm_usage_error("expected add, list, show, edit or deactivate; see 'cm partner -h'");
	a->sub = argv[optind];
	a->nargs = argc - optind - 1;
	a->arg = a->nargs > 0 ? argv[optind + 1] : NULL;
	return 0;
}

/* Only what the subcommand accepts: a stray option is a usage error, not ignored. */
static int expect(const struct partner_args *a, int nargs, const char *what, int fields,
		  int all)
{
	if (a->nargs != nargs)
		return cm_usage_error("usage: cm partner %s%s", a->sub, what);
	if (!fields && a->nfields)
		return cm_usage_error("cm partner %s takes no partner fields", a->sub);
	if (!all && a->all)
		return cm_usage_error("--all goes with cm partner list");
	return 0;
}

static int partner_id(const char *arg, int64_t *id)
{
	long v;

	if (cm_opt_int("partner", arg, 1, 2147483647L, &v) < 0)
		return -1;
	*id = v;
	return 0;
}

static int add(struct cm_ctx *ctx, struct partner_args *a)
{
	struct cm_error err = { 0 };
	int64_t id;
	int rc = expect(a, 1, " NAME --domain D [options]", 1, 0);

	if (rc)
		return rc;
	if (a->f.name)
		return cm_usage_error("cm partner add takes the name as its argument, not --name");
	a->f.name = a->arg;
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	if (cm_partner_add(ctx->store, &a->f, &id, &err) < 0)
		return cm_fail(&err);
	return cm_print_new_id(a->format, "partner", id);
}

static int list_or_show(struct cm_ctx *ctx, struct partner_args *a, int show)
{
	struct cm_error err = { 0 };
	struct cm_emit *e;
	int64_t id = 0;
	int rc;

	if (show) {
		rc = expect(a, 1, " ID [--format F]", 0, 0);
		if (rc || partner_id(a->arg, &id) < 0)
			return rc ? rc : 2;
	} else if (a->nargs || a->nfields != !!a->f.domain) {
		return cm_usage_error("usage: cm partner list [--all] [--domain D] [--format F]");
	} else if (a->f.domain && cm_opt_choice("--domain", a->f.domain, cm_partner_domains)) {
		return 2;
	}
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	e = cm_emit_new(a->format, stdout);
	if (!e)
		return cm_failure("out of memory");
	rc = show ? cm_partner_emit_show(ctx->store, id, e, &err)
		  : cm_partner_emit_list(ctx->store, a->all, a->f.domain, e, &err);
	if (rc < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}

static int edit(struct cm_ctx *ctx, struct partner_args *a)
{
	struct cm_error err = { 0 };
	int64_t id;
	int rc = expect(a, 1, " ID [--name NAME] [options]", 1, 0);

	if (rc)
		return rc;
	if (partner_id(a->arg, &id) < 0)
		return 2;
	if (!a->nfields)
		return cm_usage_error("cm partner edit needs a field to change; see 'cm partner -h'");
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	if (cm_partner_edit(ctx->store, id, &a->f, &err) < 0)
		return cm_fail(&err);
	printf(_("partner %lld updated\n"), (long long)id);
	return 0;
}

static int deactivate(struct cm_ctx *ctx, struct partner_args *a)
{
	struct cm_error err = { 0 };
	int64_t id;
	int rc = expect(a, 1, " ID", 0, 0);

	if (rc)
		return rc;
	if (partner_id(a->arg, &id) < 0)
		return 2;
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	if (cm_partner_deactivate(ctx->store, id, &err) < 0)
		return cm_fail(&err);
	printf(_("partner %lld deactivated\n"), (long long)id);
	return 0;
}

int cmd_partner(int argc, char **argv, struct cm_ctx *ctx)
{
	struct partner_args a = { .format = CM_FORMAT_TEXT };
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
	return cm_usage_error("unknown partner action '%s' (add, list, show, edit, deactivate)",
			      a.sub);
}
