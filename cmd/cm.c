/*
 * cm: global options, then dispatch through the command table. The
 * dispatcher does the set-up every command shares (database path, acting
 * user, opening the store) so commands only parse their own options.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cm.h"
#include "cm/store.h"
#include "cm_config.h"

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/*
 * Edit distance for "did you mean", counting a swap of two neighbouring
 * letters as one edit (optimal string alignment), as typos usually are.
 */
static size_t distance(const char *a, const char *b)
{
	enum { MAX = 32 };
	size_t la = strlen(a), lb = strlen(b), i, j, cost;
	size_t d[MAX + 1][MAX + 1];

	if (la > MAX || lb > MAX)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			cost = a[i - 1] != b[j - 1];
			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[la][lb];
}

static int unknown_command(const char *name)
{
	const char *best = NULL;
	size_t d, best_d = (size_t)-1;
	int i;

	for (i = 0; i < cm_command_count; i++) {
		d = distance(name, cm_commands[i].name);
		if (strncmp(name, cm_commands[i].name, strlen(name)) == 0 && *name)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = cm_commands[i].name;
		}
	}
	if (best && best_d <= 3)
		return cm_usage_error("unknown command '%s'; did you mean '%s'?", name, best);
	return cm_usage_error("unknown command '%s'; see 'cm help'", name);
}

static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

static char *default_db_path(void)
{
	const char *env = getenv("CM_DB"), *base = getenv("XDG_DATA_HOME"), *home;
	char *path = NULL;

	if (env && *env)
		return strdup(env);
	if (base && *base) {
		if (asprintf(&path, "%s/cm/cm.db", base) < 0)
			return NULL;
		return path;
	}
	home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : "/";
	}
	if (asprintf(&path, "%s/.local/share/cm/cm.db", home) < 0)
		return NULL;
	return path;
}

static const char *default_user(void)
{
	const char *env = getenv("CM_USER");
	struct passwd *pw;

	if (env && *env)
		return env;
	pw = getpwuid(geteuid());
	if (pw)
		return pw->pw_name;
	env = getenv("LOGNAME");
	return env && *env ? env : "unknown";
}

static int list_options(const char *name)
{
	const struct cm_command *c = cm_command_find(name);

	if (!c)
		return unknown_command(name);
	printf("%s\n", c->options);
	return 0;
}

static int run_command(const struct cm_command *c, int argc, char **argv, const char *db,
		       const char *user)
{
	struct cm_ctx ctx = { .db_path = db, .user = user, .command = c->name };
	struct cm_error err = { 0 };
	int rc;

	if (wants_help(argc, argv)) {
		cm_print_usage(c, stdout);
		return 0;
	}
	if (c->flags & CM_CMD_DB) {
		rc = cm_store_open(&ctx.store, db,
				   (c->flags & CM_CMD_WRITE) ? CM_OPEN_WRITE : CM_OPEN_READ, &err);
		if (rc < 0)
			return cm_fail(&err);
		if (cm_store_set_actor(ctx.store, user, c->name) < 0) {
			cm_store_close(ctx.store);
			return cm_failure("out of memory");
		}
	}
	optind = 0;
	rc = c->fn(argc, argv, &ctx);
	cm_store_close(ctx.store);
	return rc;
}

/* A full disk or a closed pipe is a failure, not a silent success. */
static int finish_output(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (rc == 0)
			fprintf(stderr, "cm: error: cannot write output: %m\n");
		return rc ? rc : 1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-commands", no_argument, NULL, 'L' },
		{ "list-options", required_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 },
	};
	const char *user = NULL;
	char *db = NULL;
	const struct cm_command *c;
	int opt, rc, i;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			free(db);
			db = strdup(optarg);
			break;
		case 'u':
			user = optarg;
			break;
		case 'h':
			cm_print_overview(stdout);
			free(db);
			return finish_output(0);
		case 'V':
			printf("cm %s\n", CM_VERSION);
			free(db);
			return finish_output(0);
		case 'L':
			for (i = 0; i < cm_command_count; i++)
				printf("%s\n", cm_commands[i].name);
			free(db);
			return finish_output(0);
		case 'O':
			free(db);
			return finish_output(list_options(optarg));
		default:
			free(db);
			if (opt == ':')
				return cm_usage_error("option '%s' requires a value", argv[optind - 1]);
			return cm_usage_error("unknown option '%s'; see 'cm --help'", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		free(db);
		cm_print_synopsis(stderr);
		return 2;
	}
	c = cm_command_find(argv[optind]);
	if (!c) {
		free(db);
		return unknown_command(argv[optind]);
	}
	if (user && !*user) {
		free(db);
		return cm_usage_error("--user: must not be empty");
	}
	if (!db)
		db = default_db_path();
	if (!db)
		return cm_failure("out of memory");
	rc = run_command(c, argc - optind, argv + optind, db, user ? user : default_user());
	free(db);
	return finish_output(rc);
}
