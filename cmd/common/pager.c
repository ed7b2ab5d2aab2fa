/*
 * Output for a person at a terminal, as git gives it: text tables fit the
 * terminal's width, and output longer than the screen goes through $PAGER
 * (default "less -FRX"). Output into a pipe or a file is never cut or paged.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "../cm.h"

static FILE *terminal;   /* the real stdout while the output is held */
static char *held;
static size_t held_len;

/* $name as a positive number, else 0. */
static unsigned long env_number(const char *name)
{
	const char *v = getenv(name);
	unsigned long n;
	char *end;

	if (!v || !*v)
		return 0;
	n = strtoul(v, &end, 10);
	return *end ? 0 : n;
}

/* $COLUMNS and $LINES when set, else what the terminal says (0 when it says nothing). */
static void screen_size(unsigned long *columns, unsigned long *rows)
{
	struct winsize ws = { 0 };
	int known = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0;

	*columns = env_number("COLUMNS");
	if (!*columns && known)
		*columns = ws.ws_col;
	*rows = env_number("LINES");
	if (!*rows && known)
		*rows = ws.ws_row;
}

void cm_pager_start(void)
{
	unsigned long columns, rows;
	FILE *mem;

	if (terminal || !isatty(STDOUT_FILENO))
		return;
	screen_size(&columns, &rows);
	cm_emit_set_text_width(columns);
	if (fflush(stdout) != 0 || !(mem = open_memstream(&held, &held_len)))
		return;
	terminal = stdout;
	stdout = mem;
}

/* Through the pager; 0, or -1 when it could not be started. */
static int page(const char *pager)
{
	void (*was)(int);
	FILE *to;

	fflush(stdout);
	to = popen(pager, "w");
	if (!to)
		return -1;
	/* Quitting the pager early is no error. */
	was = signal(SIGPIPE, SIG_IGN);
	fwrite(held, 1, held_len, to);
	pclose(to);
	signal(SIGPIPE, was);
	return 0;
}

int cm_pager_finish(int rc)
{
	const char *pager = getenv("PAGER");
	unsigned long columns, rows, lines = 0;
	size_t i;
	int failed;

	if (!terminal)
		return rc;
	failed = fclose(stdout) != 0;
	stdout = terminal;
	terminal = NULL;
	if (failed) {
		free(held);
		held = NULL;
		return rc ? rc : cm_failure("out of memory");
	}
	for (i = 0; i < held_len; i++)
		lines += held[i] == '\n';
	screen_size(&columns, &rows);
	if (!pager)
		pager = "less -FRX";
	if (!(rows && lines >= rows && *pager && strcmp(pager, "cat") != 0 && page(pager) == 0))
		fwrite(held, 1, held_len, stdout);
	free(held);
	held = NULL;
	return rc;
}
