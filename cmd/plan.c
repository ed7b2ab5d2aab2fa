/* cm plan CASE ...: goals, actions, signatures and versions of the action plan. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/html.h"
#include "cm/plan.h"
#include "cm/state.h"

enum { OPT_DUE = 256, OPT_OWNER, OPT_NOTE, OPT_BY, OPT_FORMAT, OPT_PRIORITY, OPT_TEXT };

const char *const cm_plan_signers[] = { "client", "worker", NULL };

static const struct option longopts[] = {
	{ "due", required_argument, NULL, OPT_DUE },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "by", required_argument, NULL, OPT_BY },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "text", required_argument, NULL, OPT_TEXT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 },
};

struct plan_args {
	const char *due, *owner, *note, *by, *text;
	long priority;   /* goal add only; 0: none */
	enum cm_format format;
	int html;            /* show --format html */
	const char *output;  /* show -o FILE */
	long long case_id;
	char **pos;      /* positional arguments after CASE */
	int npos;
};

static int parse_args(int argc, char **argv, struct plan_args *a)
{
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":o:", longopts)) != -1) {
		switch (c) {
		case OPT_DUE: a->due = optarg; break;
		case OPT_OWNER: a->owner = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_BY: a->by = optarg; break;
		case OPT_TEXT: a->text = optarg; break;
		case OPT_PRIORITY:
			if (cm_opt_int("--priority", optarg, 1, CM_GOAL_PRIORITY_MAX, &a->priority) < 0)
				return 2;
			break;
		case OPT_FORMAT:
			if (cm_opt_page_format(optarg, &a->format, &a->html) < 0)
				return 2;
			break;
		case 'o': a->output = optarg; break;
		default:
			return cm_opt_error(c, argc, argv);
		}
	}
	if (optind >= argc)
		return cm_usage_error("expected CASE; see 'cm plan -h'");
	a->pos = argv + optind + 1;
	a->npos = argc - optind - 1;
	return 0;
}

/* Options given that this subcommand does not take are usage errors, not silently ignored. */
static int only_options(const struct plan_args *a, const char *sub, int due, int owner, int note,
			int by)
{
	const char *bad = !due && a->due ? "--due" : !owner && a->owner ? "--owner"
			  : !note && a->note ? "--note" : !by && a->by ? "--by"
			  : a->priority && strcmp(sub, "goal add") != 0 && strcmp(sub, "goal edit") != 0
			  ? "--priority" : a->text && !strstr(sub, "edit") ? "--text" : NULL;

	if (bad)
		return cm_usage_error("%s does not apply to 'cm plan CASE %s'", bad, sub);
	return 0;
}

static int want_args(const struct plan_args *a, int n, const char *synopsis)
{
	if (a->npos != n)
		return cm_usage_error("usage: cm plan CASE %s", synopsis);
	return 0;
}

static int parse_id(const char *what, const char *text, int64_t *out)
{
	long v;

	if (cm_opt_int(what, text, 1, 2147483647L, &v) < 0)
		return 2;
	*out = v;
	return 0;
}

/* The id of the case's goal or action number (people type numbers per case). */
static int item_id(struct cm_ctx *ctx, const struct plan_args *a, const char *table,
		   int64_t number, int64_t *id)
{
	struct cm_error err = { 0 };

	if (cm_plan_item_id(ctx->store, table, a->case_id, number, id, &err) < 0)
		return cm_fail(&err);
	return 0;
}

/* Print the new item's number (text) or a record with it and the plan version. */
static int print_added(struct cm_ctx *ctx, const struct plan_args *a, const char *key,
		       int64_t id, int64_t goal)
{
	struct cm_error err = { 0 };
	struct cm_emit *e;
	int version;

	id = cm_plan_item_number(ctx->store, key, id);
	if (a->format == CM_FORMAT_TEXT) {
		printf("%lld\n", (long long)id);
		return 0;
	}
	if (cm_plan_version(ctx->store, a->case_id, &version, &err) < 0)
		return cm_fail(&err);
	e = cm_emit_new(a->format, stdout);
	if (!e)
		return cm_failure("out of memory");
	cm_emit_begin(e);
	cm_emit_int(e, "case", a->case_id);
	cm_emit_int(e, key, id);
	if (goal)
		cm_emit_int(e, "goal", goal);
	cm_emit_int(e, "plan_version", version);
	cm_emit_end(e);
	return cm_emit_done(e);
}

/* After a change: the case, what changed, the plan version and the case's state. */
static int print_changed(struct cm_ctx *ctx, const struct plan_args *a, const char *key,
			 long long id, const char *status_key, const char *status)
{
	struct cm_error err = { 0 };
	char state[CM_STATE_LEN];
	struct cm_emit *e;
	int version;

	if (cm_plan_version(ctx->store, a->case_id, &version, &err) < 0 ||
	    cm_state_get(ctx->store, a->case_id, state, &err) < 0)
		return cm_fail(&err);
	e = cm_emit_new(a->format, stdout);
	if (!e)
		return cm_failure("out of memory");
	cm_emit_begin(e);
	cm_emit_int(e, "case", a->case_id);
	cm_emit_int(e, key, id);
	cm_emit_str(e, status_key, status);
	if (strcmp(key, "plan_version") != 0)
		cm_emit_int(e, "plan_version", version);
	cm_emit_str(e, "state", state);
	cm_emit_end(e);
	return cm_emit_done(e);
}

static const char *status_of_verb(const char *verb)
{
	if (strcmp(verb, "done") == 0)
		return "done";
	if (strcmp(verb, "drop") == 0)
		return "dropped";
	return NULL;
}

/* goal edit GOAL | action edit ACTION: --text, --due, and --priority or --owner. */
static int edit_cmd(struct cm_ctx *ctx, const struct plan_args *a, int goal)
{
	struct cm_plan_edit in = { a->text, a->due, (int)a->priority, NULL };
	struct cm_error err = { 0 };
	struct cm_plan_owner owner;
	char what[64];
	int64_t number, id;
	int rc;

	rc = want_args(a, 3, goal ? "goal edit GOAL [--text TEXT] [--due DATE] [--priority N]"
			   : "action edit ACTION [--text TEXT] [--owner OWNER] [--due DATE]");
	if (rc == 0)
		rc = only_options(a, goal ? "goal edit" : "action edit", 1, !goal, 0, 0);
	if (rc == 0)
		rc = parse_id(goal ? "GOAL" : "ACTION", a->pos[2], &number);
	if (rc)
		return rc;
	if (!a->text && !a->due && !a->priority && !a->owner)
		return goal ? cm_usage_error("nothing to change: give --text, --due or --priority")
			    : cm_usage_error("nothing to change: give --text, --owner or --due");
	if (a->owner && cm_plan_owner_parse(a->owner, &owner, &err) < 0)
		return cm_usage_error("--owner: %s", err.msg);
	if (a->owner)
		in.owner = &owner;
	rc = item_id(ctx, a, goal ? "goal" : "action", number, &id);
	if (rc)
		return rc;
	rc = goal ? cm_plan_goal_edit(ctx->store, a->case_id, id, &in, what, sizeof what, &err)
		  : cm_plan_action_edit(ctx->store, a->case_id, id, &in, what, sizeof what, &err);
	if (rc < 0)
		return cm_fail(&err);
	return print_changed(ctx, a, goal ? "goal" : "action", number, "changed", what);
}

static int goal_cmd(struct cm_ctx *ctx, const struct plan_args *a)
{
	struct cm_error err = { 0 };
	const char *verb = a->npos > 1 ? a->pos[1] : "", *status;
	int64_t number, id;
	int rc;

	if (strcmp(verb, "add") == 0) {
		rc = want_args(a, 3, "goal add TEXT [--due DATE] [--priority N]");
		if (rc == 0)
			rc = only_options(a, "goal add", 1, 0, 0, 0);
		if (rc)
			return rc;
		if (cm_plan_goal_add_ranked(ctx->store, a->case_id, a->pos[2], a->due,
					    (int)a->priority, &id, &err) < 0)
			return cm_fail(&err);
		return print_added(ctx, a, "goal", id, 0);
	}
	if (strcmp(verb, "edit") == 0)
		return edit_cmd(ctx, a, 1);
	status = status_of_verb(verb);
	if (!status)
		return cm_usage_error("unknown goal action '%s' (add, edit, done, drop)", verb);
	rc = want_args(a, 3, "goal done|drop GOAL");
	if (rc == 0)
		rc = only_options(a, "goal done|drop", 0, 0, 0, 0);
	if (rc == 0)
		rc = parse_id("GOAL", a->pos[2], &number);
	if (rc == 0)
		rc = item_id(ctx, a, "goal", number, &id);
	if (rc)
		return rc;
	if (cm_plan_goal_set(ctx->store, a->case_id, id, status, &err) < 0)
		return cm_fail(&err);
	return print_changed(ctx, a, "goal", number, "status", status);
}

static int action_add(struct cm_ctx *ctx, const struct plan_args *a)
{
	struct cm_error err = { 0 };
	struct cm_plan_owner owner;
	int64_t number, goal, id;
	int rc;

	rc = want_args(a, 4, "action add GOAL TEXT --owner client|worker|partner:ID --due DATE");
	if (rc == 0)
		rc = only_options(a, "action add", 1, 1, 0, 0);
	if (rc == 0)
		rc = parse_id("GOAL", a->pos[2], &number);
	if (rc)
		return rc;
	if (!a->owner)
		return cm_usage_error("--owner is required (client, worker or partner:ID)");
	if (!a->due)
		return cm_usage_error("--due is required for an action");
	if (cm_plan_owner_parse(a->owner, &owner, &err) < 0)
		return cm_usage_error("--owner: %s", err.msg);
	rc = item_id(ctx, a, "goal", number, &goal);
	if (rc)
		return rc;
	if (cm_plan_action_add(ctx->store, a->case_id, goal, a->pos[3], &owner, a->due, &id,
			       &err) < 0)
		return cm_fail(&err);
	return print_added(ctx, a, "action", id, number);
}

static int action_cmd(struct cm_ctx *ctx, const struct plan_args *a)
{
	struct cm_error err = { 0 };
	const char *verb = a->npos > 1 ? a->pos[1] : "", *status;
	int64_t number, id;
	int rc;

	if (strcmp(verb, "add") == 0)
		return action_add(ctx, a);
	if (strcmp(verb, "edit") == 0)
		return edit_cmd(ctx, a, 0);
	status = status_of_verb(verb);
	if (!status)
		return cm_usage_error("unknown action subcommand '%s' (add, edit, done, drop)", verb);
	rc = want_args(a, 3, "action done|drop ACTION [--note TEXT]");
	if (rc == 0)
		rc = only_options(a, "action done|drop", 0, 0, 1, 0);
	if (rc == 0)
		rc = parse_id("ACTION", a->pos[2], &number);
	if (rc == 0)
		rc = item_id(ctx, a, "action", number, &id);
	if (rc)
		return rc;
	if (cm_plan_action_set(ctx->store, a->case_id, id, status, a->note, &err) < 0)
		return cm_fail(&err);
	return print_changed(ctx, a, "action", number, "status", status);
}

static int sign_cmd(struct cm_ctx *ctx, const struct plan_args *a)
{
	struct cm_error err = { 0 };
	int version, now_active, rc;

	rc = want_args(a, 1, "sign --by client|worker");
	if (rc == 0)
		rc = only_options(a, "sign", 0, 0, 0, 1);
	if (rc)
		return rc;
	if (!a->by)
		return cm_usage_error("--by is required (client, worker)");
	if (strcmp(a->by, cm_plan_signers[0]) != 0 && strcmp(a->by, cm_plan_signers[1]) != 0)
		return cm_usage_error("--by: invalid signer '%s' (client, worker)", a->by);
	if (cm_plan_sign(ctx->store, a->case_id, a->by, &version, &now_active, &err) < 0)
		return cm_fail(&err);
	return print_changed(ctx, a, "plan_version", version, "signed_by", a->by);
}

static int plan_page(struct cm_store *s, const void *case_id, FILE *out, struct cm_error *err)
{
	return cm_html_plan(s, *(const long long *)case_id, out, err);
}

static int show_cmd(struct cm_ctx *ctx, const struct plan_args *a)
{
	struct cm_error err = { 0 };
	int rc;

	rc = want_args(a, a->npos ? 1 : 0, "show [--format FORMAT]");
	if (rc == 0)
		rc = only_options(a, "show", 0, 0, 0, 0);
	if (rc)
		return rc;
	if (a->output && !a->html)
		return cm_usage_error("-o goes with --format html");
	if (cm_access_log_case(ctx->store, a->case_id, &err) < 0)
		return cm_fail(&err);
	if (a->html)
		return cm_print_page(plan_page, ctx->store, &a->case_id, a->output);
	return cm_print_emitted(ctx, cm_plan_emit, a->case_id, a->format);
}

int cmd_plan(int argc, char **argv, struct cm_ctx *ctx)
{
	struct plan_args a = { .format = CM_FORMAT_TEXT };
	const char *sub;
	int rc, code;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	sub = a.npos ? a.pos[0] : "show";
	if (strcmp(sub, "goal") != 0 && strcmp(sub, "action") != 0 && strcmp(sub, "sign") != 0 &&
	    strcmp(sub, "show") != 0)
		return cm_usage_error("unknown plan subcommand '%s' (goal, action, sign, show)", sub);
	if ((a.html || a.output) && strcmp(sub, "show") != 0)
		return cm_usage_error("--format html and -o go with 'cm plan CASE show'");
	if (cm_opt_case(ctx, argv[optind], &a.case_id, &code) < 0)
		return code;
	if (strcmp(sub, "goal") == 0)
		return goal_cmd(ctx, &a);
	if (strcmp(sub, "action") == 0)
		return action_cmd(ctx, &a);
	if (strcmp(sub, "sign") == 0)
		return sign_cmd(ctx, &a);
	return show_cmd(ctx, &a);
}
