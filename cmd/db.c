/* cm db check | backup FILE | migrate | copy --to TARGET: looking after the database itself. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/audit.h"
#include "cm/copy.h"
#include "cm/i18n.h"
#include "cm/store.h"

/* The database is an admin's business, as the programmes and the staff are. */
static int open_store(struct cm_ctx *ctx, enum cm_open_mode mode)
{
	struct cm_error err = { 0 };

	if (cm_access_open(&ctx->store, ctx->db_path, mode, ctx->os_user, ctx->user, "db",
			   &err) < 0 ||
	    cm_access_require_admin(ctx->store, &err) < 0)
		return cm_fail(&err);
	return 0;
}

/* One verdict line; returns 1 when the check failed. */
static int verdict(const char *name, int rc, const struct cm_error *err, const char *detail)
{
	if (rc < 0) {
		printf("%s: FAILED: %s\n", name, err->msg);
		return 1;
	}
	if (detail && *detail)
		printf("%s: ok (%s)\n", name, detail);
	else
		printf("%s: ok\n", name);
	return 0;
}

/*
 * A check of a database file, skipped with its reason on a server, which
 * checks its own pages and whose grants are the boundary: a healthy server
 * database passes cm db check.
 */
static int file_verdict(struct cm_ctx *ctx, const char *name, int rc, const struct cm_error *err,
			const char *detail)
{
	if (rc < 0 && !cm_store_is_file(ctx->store)) {
		printf("%s: skipped: %s\n", name, err->msg);
		return 0;
	}
	return verdict(name, rc, err, detail);
}

/* Every check runs, so one night's mail says everything that is wrong. */
static int check(struct cm_ctx *ctx)
{
	struct cm_error err = { 0 };
	long long checked = 0, compared = 0, access = 0;
	char detail[64], mode[8] = "";
	int64_t bad;
	int failed = 0, rc;

	rc = cm_store_integrity(ctx->store, &err);
	failed += file_verdict(ctx, "integrity", rc, &err, NULL);
	rc = cm_audit_verify(ctx->store, &bad, &checked, &err);
	snprintf(detail, sizeof detail, "%lld records", checked);
	failed += verdict("audit chain", rc, &err, detail);
	rc = cm_access_verify(ctx->store, &access, &err);
	snprintf(detail, sizeof detail, "%lld records", access);
	failed += verdict("access log chain", rc, &err, detail);
	rc = cm_audit_check_triggers(ctx->store, &err);
	failed += verdict("append-only triggers", rc, &err, NULL);
	rc = cm_audit_check_redactions(ctx->store, &err);
	failed += verdict("redactions", rc, &err, NULL);
	rc = cm_audit_check_data(ctx->store, &compared, &err);
	snprintf(detail, sizeof detail, "%lld rows", compared);
	failed += verdict("data against audit", rc, &err, detail);
	rc = cm_store_check_modes(ctx->store, mode, &err);
	failed += file_verdict(ctx, "file modes", rc, &err, mode);
	if (failed)
		return cm_failure("database '%s' failed its checks; see above", ctx->db_path);
	return 0;
}

static int backup(struct cm_ctx *ctx, const char *to)
{
	struct cm_error err = { 0 };

	if (cm_store_backup(ctx->store, to, &err) < 0)
		return cm_fail(&err);
	printf("backup written to %s\n", to);
	return 0;
}

static int migrate(struct cm_ctx *ctx)
{
	printf("database '%s' is at schema version %d\n", ctx->db_path,
	       cm_store_file_version(ctx->store));
	return 0;
}

static void copied(const char *table, long long rows, void *arg)
{
	(void)arg;
	printf(Q_("%s: %lld row\n", "%s: %lld rows\n", (unsigned long)rows), table, rows);
}

/* The whole database into an empty one, of either engine, checked before it is kept. */
static int copy(struct cm_ctx *ctx, const char *to)
{
	struct cm_error err = { 0 };
	long long records;

	if (cm_copy(ctx->store, to, copied, NULL, &records, &err) < 0)
		return cm_fail(&err);
	printf(Q_("copied to %s: %lld audit record, the chains verified\n",
		  "copied to %s: %lld audit records, the chains verified\n", (unsigned long)records),
	       to, records);
	return 0;
}

int cmd_db(int argc, char **argv, struct cm_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *action, *to = NULL;
	int c, rc, want;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c == 't')
			to = optarg;
		else
			return cm_opt_error(c, argc, argv);
	}
	if (optind >= argc)
		return cm_usage_error("usage: cm db check | backup FILE | migrate | copy --to TARGET");
	action = argv[optind++];
	if (strcmp(action, "backup") == 0)
		want = 1;
	else if (strcmp(action, "check") == 0 || strcmp(action, "migrate") == 0 ||
		 strcmp(action, "copy") == 0)
		want = 0;
	else
		return cm_usage_error("unknown action 'db %s'; use check, backup, migrate or copy",
				      action);
	if (argc - optind != want)
		return cm_usage_error(want ? "usage: cm db backup FILE"
					   : "usage: cm db check | backup FILE | migrate | copy --to TARGET");
	if (to && strcmp(action, "copy") != 0)
		return cm_usage_error("--to is only for 'cm db copy'");
	if (!to && strcmp(action, "copy") == 0)
		return cm_usage_error("usage: cm db copy --to TARGET");
	if (to && strcmp(to, ctx->db_path) == 0)
		return cm_usage_error("cannot copy database '%s' onto itself", to);
	rc = open_store(ctx, strcmp(action, "migrate") == 0 ? CM_OPEN_WRITE : CM_OPEN_READ);
	if (rc)
		return rc;
	if (strcmp(action, "check") == 0)
		return check(ctx);
	if (to)
		return copy(ctx, to);
	if (want)
		return backup(ctx, argv[optind]);
	return migrate(ctx);
}
