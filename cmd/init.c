/* cm init: the only command that creates a database. */
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cm.h"
#include "cm/i18n.h"
#include "cm/access.h"
#include "cm/audit.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "cm/worker.h"

/* The first admin's name: the account's full name when they are the OS login. */
static void admin_name(const struct cm_ctx *ctx, char *out, size_t n)
{
	struct passwd *pw = getpwnam(ctx->user);
	size_t len = 0;

	if (pw && pw->pw_gecos && strcmp(ctx->user, ctx->os_user) == 0)
		len = strcspn(pw->pw_gecos, ",");
	if (len)
		snprintf(out, n, "%.*s", (int)len, pw->pw_gecos);
	else
		snprintf(out, n, "%s", ctx->user);
}

static int populate(struct cm_store *s, const char *programme, const struct cm_ctx *ctx,
		    struct cm_error *err)
{
	char name[256];
	char summary[256];
	int rc;

	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_programme_seed_builtin(s, err);
	if (rc == 0)
		rc = cm_programme_check(s, programme, err);
	if (rc == 0)
		rc = cm_store_meta_set(s, "default_programme", programme, err);
	admin_name(ctx, name, sizeof name);
	if (rc == 0)
		rc = cm_worker_add_first_admin(s, ctx->user, name, err);
	snprintf(summary, sizeof summary, "database created; default programme %s; first admin %s",
		 programme, ctx->user);
	if (rc == 0)
		rc = cm_audit_add(s, "database", 0, 0, summary, NULL, NULL, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

/*
 * Ctrl-C or a SIGTERM waits until the database is published or removed: the
 * signal is held while init runs, and acts once it is done.
 */
static void hold_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, old);
}

int cmd_init(int argc, char **argv, struct cm_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "programme", required_argument, NULL, 'p' },
		{ "group", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	const char *programme = "be-accompagnement", *group = NULL;
	struct cm_error err = { 0 };
	struct cm_store *s;
	sigset_t old;
	int c, rc;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c == 'g')
			group = optarg;
		else if (c == 'p')
			programme = optarg;
		else
			return cm_opt_error(c, argc, argv);
	}
	if (optind < argc)
		return cm_usage_error("init takes no arguments ('%s')", argv[optind]);
	if (group && cm_access_group_check(group, &err) < 0)
		return cm_fail(&err);
	hold_signals(&old);
	rc = cm_store_open(&s, ctx->db_path, CM_OPEN_CREATE, &err);
	if (rc == 0) {
		rc = cm_access_set_actor(s, ctx->os_user, ctx->user, ctx->command, &err);
		if (rc == 0)
			rc = populate(s, programme, ctx, &err);
		if (rc == 0 && group)
			rc = cm_access_share_group(s, group, &err);
		/* A failed init leaves no file behind: the unpublished one is removed. */
		if (rc == 0)
			rc = cm_store_publish(s, &err);
		else
			cm_store_close(s);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc < 0)
		return cm_fail(&err);
	printf(_("created %s\n"), ctx->db_path);
	return 0;
}
