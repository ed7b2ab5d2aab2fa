/* cm help [COMMAND]: the man page on a terminal, else the usage. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cm.h"
#include "cm/i18n.h"

/*
 * The page in the user's language when there is one (man falls back to
 * English): the catalogue names it, since cm may be French under a C.UTF-8
 * locale that man would read as English.
 */
static int show_man_page(const char *name)
{
	/* TRANSLATORS: the language of the manual pages to show: fr, nl, de. */
	const char *lang = C_("man page language", "en");
	char cmd[160];

	if (!isatty(STDOUT_FILENO) || system("command -v man >/dev/null 2>&1") != 0)
		return -1;
	if (strcmp(lang, "en") != 0 && strspn(lang, "abcdefghijklmnopqrstuvwxyz") == strlen(lang))
		snprintf(cmd, sizeof cmd, "man -L %s cm-%s 2>/dev/null", lang, name);
	else
		snprintf(cmd, sizeof cmd, "man cm-%s 2>/dev/null", name);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * Where the page is when man cannot find it: beside the binary in a build
 * tree (build/cmd/cm and build/man/cm-NAME.1), else not installed.
 */
static void say_where_man_page_is(const char *name)
{
	char exe[PATH_MAX], page[PATH_MAX + 32], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(page, sizeof page, "%s/../man/cm-%s.1", exe, name);
		if (access(page, R_OK) == 0 && realpath(page, exe)) {
			printf(_("\nThe manual page is not installed; read it with: man -l %s\n"), exe);
			return;
		}
	}
	printf(_("\nThe manual page cm-%s(1) is not installed ('meson install' installs it).\n"),
	       name);
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
	say_where_man_page_is(c->name);
	return 0;
}
