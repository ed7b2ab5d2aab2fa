/* cm init: the only command that creates a database. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "cm.h"
#include "cm/i18n.h"
#include "cm/audit.h"
#include "cm/programme.h"
#include "cm/store.h"

static int populate(struct cm_store *s, const char *programme, struct cm_error *err)
{
	char summary[160];
	int rc;

	rc = cm_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = cm_programme_seed_builtin(s, err);
	if (rc == 0)
		rc = cm_programme_check(s, programme, err);
	if (rc == 0)
		rc = cm_store_meta_set(s, "default_programme", programme, err);
	snprintf(summary, sizeof summary, "database created; default programme %s", programme);
	if (rc == 0)
		rc = cm_audit_add(s, "database", 0, 0, summary, NULL, NULL, err);
	if (rc == 0)
		return cm_store_commit(s, err);
	cm_store_rollback(s);
	return rc;
}

/* A failed init leaves no file behind. */
static void remove_database(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char buf[4096];
	size_t i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, suffixes[i]);
		unlink(buf);
	}
}

int cmd_init(int argc, char **argv, struct cm_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "programme", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *programme = "be-accompagnement";
	struct cm_error err = { 0 };
	struct cm_store *s;
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'p')
			return cm_opt_error(c, argc, argv);
		programme = optarg;
	}
	if (optind < argc)
		return cm_usage_error("init takes no arguments ('%s')", argv[optind]);
	rc = cm_store_open(&s, ctx->db_path, CM_OPEN_CREATE, &err);
	if (rc < 0)
		return cm_fail(&err);
	cm_store_set_actor(s, ctx->user, ctx->command);
	rc = populate(s, programme, &err);
	cm_store_close(s);
	if (rc < 0) {
		remove_database(ctx->db_path);
		return cm_fail(&err);
	}
	printf(_("created %s\n"), ctx->db_path);
	return 0;
}
