/* cm help [COMMAND]: the man page on a terminal, else the usage. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "cm.h"

static int show_man_page(const char *name)
{
	char cmd[128];

	if (!isatty(STDOUT_FILENO) || system("command -v man >/dev/null 2>&1") != 0)
		return -1;
	snprintf(cmd, sizeof cmd, "man cm-%s 2>/dev/null", name);
	return system(cmd) == 0 ? 0 : -1;
}

int cmd_help(int argc, char **argv, struct cm_ctx *ctx)
{
	const struct cm_command *c;

	(void)ctx;
	if (argc < 2) {
		cm_print_overview(stdout);
		return 0;
	}
	if (argc > 2)
		return cm_usage_error("help takes one command name");
	c = cm_command_find(argv[1]);
	if (!c)
		return cm_usage_error("no such command '%s'; see 'cm help'", argv[1]);
	if (show_man_page(c->name) == 0)
		return 0;
	cm_print_usage(c, stdout);
	return 0;
}
