/* Shared by the command files: the command table, context, and option helpers. */
#ifndef CM_CMD_H
#define CM_CMD_H

#include <stdint.h>
#include <stdio.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

/* What the dispatcher sets up before calling a command. */
struct cm_ctx {
	const char *db_path;      /* resolved --db / $CM_DB / XDG path */
	const char *user;         /* acting user (a registered worker, or the OS login) */
	const char *os_user;      /* the operating-system login */
	const char *command;      /* the command's name */
	/*
	 * With CM_CMD_DB, NULL until cm_ctx_open: a command opens its database
	 * once its arguments are checked, so a usage error never waits on it.
	 */
	struct cm_store *store;
	unsigned flags;           /* the command's CM_CMD_* flags */
	const char *claimed_user; /* --user or $CM_USER, NULL when neither */
};

enum cm_cmd_flags {
	CM_CMD_DB = 1 << 0,     /* needs an existing database, opened read-only */
	CM_CMD_WRITE = 1 << 1,  /* ...opened read-write (migrations applied) */
	/*
	 * ...but it only reads, and writes no more than the log of who looked:
	 * never migrates, and opens a file it cannot write read-only.
	 */
	CM_CMD_LOGS = 1 << 2,
};

struct cm_command {
	const char *name;
	/* Returns the process exit code (0, 1, 2, 3, 75). */
	int (*fn)(int argc, char **argv, struct cm_ctx *ctx);
	unsigned flags;
	const char *summary;    /* one line for `cm help` */
	const char *usage;      /* synopsis lines, each starting "cm " */
	const char *options;    /* long options, space-separated, for completion */
};

extern const struct cm_command cm_commands[];
extern const int cm_command_count;
const struct cm_command *cm_command_find(const char *name);

/* Print "cm: error: <msg>" to stderr; returns the exit code for err->status. */
int cm_fail(const struct cm_error *err);
/* Print "cm: error: <fmt...>" and return 2 (usage) or 1. */
int cm_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cm_failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a warning "cm: warning: ..." to stderr. */
void cm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The global synopsis; the synopsis with the list of commands. */
void cm_print_synopsis(FILE *out);
void cm_print_overview(FILE *out);

/*
 * Finish and free e; on a write error (full disk) print it and return 1,
 * else return 0.
 */
int cm_emit_done(struct cm_emit *e);

/* Print the command's usage to out. */
void cm_print_usage(const struct cm_command *c, FILE *out);

/*
 * Parse --format's value; on a bad value prints the usage error and returns
 * -1 (the caller returns 2).
 */
int cm_opt_format(const char *arg, enum cm_format *out);
/*
 * The same for a command that can also print a page: "html" sets *html
 * (and leaves *out); another format clears it.
 */
int cm_opt_page_format(const char *arg, enum cm_format *out, int *html);
/* Parse a positive integer option value; prints and returns -1 when bad. */
int cm_opt_int(const char *opt, const char *arg, long min, long max, long *out);
/*
 * Open ctx's database as the command's flags say, unless it is open already
 * (the acting user is then the registered worker's login); a writing
 * command's transaction begins. Returns 0, or the exit code with the error
 * printed.
 */
int cm_ctx_open(struct cm_ctx *ctx);

/*
 * Resolve CASE (a number or ext:ID), opening the database once the syntax
 * is right; prints the error and returns -1 when bad.
 */
int cm_opt_case(struct cm_ctx *ctx, const char *spec, long long *case_id, int *exit_code);

/*
 * getopt_long, refusing an option with a value given twice (CM_OPT_REPEATED,
 * after one line naming it and both values), except the options whose
 * values accumulate (--criteria, --consent, --participants, --share, and
 * --domain of cm assess).
 */
#define CM_OPT_REPEATED 0x7ffe
struct option;
int cm_getopt(int argc, char **argv, const char *optstring, const struct option *longopts);

/*
 * Report a getopt_long failure: c is what it returned (':' for a missing
 * value, '?' for an unknown option; option strings start with ':').
 * Prints one line naming the option and returns 2.
 */
int cm_opt_error(int c, int argc, char **argv);

/*
 * v must be one of allowed (NULL-terminated): else a usage error naming
 * opt, the value, the closest allowed value when it looks like a typo, and
 * them all. Returns 0 or 2.
 */
int cm_opt_choice(const char *opt, const char *v, const char *const *allowed);

/* A single-valued option: a second value is a usage error naming both. Returns 0 or 2. */
int cm_opt_once(const char *opt, const char **slot, const char *v);

/* A list-valued option given again accumulates: values joined with sep. Returns 0 or 2. */
struct cm_opt_list {
	char text[1024];
};
int cm_opt_append(const char *opt, struct cm_opt_list *list, const char *v, const char *sep);

/* Print a case's standard record (after a change of worker or state); returns the exit code. */
int cm_print_case_record(struct cm_ctx *ctx, long long case_id, enum cm_format format);

/* Print a new record's id: the bare number in text, {key: id} otherwise; returns the exit code. */
int cm_print_new_id(enum cm_format format, const char *key, long long id);

/* A library function that emits what belongs to one id (a case, an offer...). */
typedef int (*cm_emit_fn)(struct cm_store *s, int64_t id, struct cm_emit *e,
			  struct cm_error *err);
/* Print what emit gives for id in format; returns the exit code. */
int cm_print_emitted(struct cm_ctx *ctx, cm_emit_fn emit, int64_t id, enum cm_format format);
/* The same for a case's records, the reading logged first (cm audit --access). */
int cm_print_case_read(struct cm_ctx *ctx, cm_emit_fn emit, int64_t id, enum cm_format format);

/*
 * When stdout is a terminal, text tables fit its width ($COLUMNS, else the
 * terminal's) and the command's output is held; cm_pager_finish then
 * writes it, through $PAGER (default "less -FRX") when it is longer than
 * the screen ($LINES, else the terminal's height). Does nothing otherwise.
 * cm_pager_finish returns rc, or 1 when the output was lost.
 */
void cm_pager_start(void);
int cm_pager_finish(int rc);

/* Writes a whole page for arg to out (a memory stream); 0 or a status with err filled. */
typedef int cm_page_fn(struct cm_store *s, const void *arg, FILE *out, struct cm_error *err);
/*
 * Print the page to path (created 0600, replaced) or to stdout when path is
 * NULL; nothing is written when page fails. Returns the exit code.
 */
int cm_print_page(cm_page_fn *page, struct cm_store *s, const void *arg, const char *path);

/* cm offer --accepted, cm plan sign --by: the values they take, NULL-terminated. */
extern const char *const cm_offer_answers[];
extern const char *const cm_plan_signers[];

/*
 * cm --list-values OPTION [COMMAND]: print the values OPTION accepts (in
 * COMMAND, when its meaning depends on it), one a line; nothing for an
 * option without a closed list. Returns 0, or 2 when no command has it.
 */
int cm_list_values(const char *option, const char *command);

/* Command entry points (one file each in cmd/; shared helpers are in cmd/common/). */
int cmd_assess(int argc, char **argv, struct cm_ctx *ctx);
int cmd_assign(int argc, char **argv, struct cm_ctx *ctx);
int cmd_audit(int argc, char **argv, struct cm_ctx *ctx);
/* cm audit --access ...: called by cmd_audit when --access is given. */
int cm_audit_wants_access(int argc, char **argv);
int cmd_audit_access(int argc, char **argv, struct cm_ctx *ctx);
int cmd_close(int argc, char **argv, struct cm_ctx *ctx);
int cmd_consent(int argc, char **argv, struct cm_ctx *ctx);
int cmd_contact(int argc, char **argv, struct cm_ctx *ctx);
int cmd_db(int argc, char **argv, struct cm_ctx *ctx);
int cmd_help(int argc, char **argv, struct cm_ctx *ctx);
int cmd_init(int argc, char **argv, struct cm_ctx *ctx);
int cmd_intake(int argc, char **argv, struct cm_ctx *ctx);
/* cm intake --import ...: called by cmd_intake when --import is given. */
int cmd_intake_import(int argc, char **argv, struct cm_ctx *ctx);
int cmd_list(int argc, char **argv, struct cm_ctx *ctx);
int cmd_log(int argc, char **argv, struct cm_ctx *ctx);
int cmd_offer(int argc, char **argv, struct cm_ctx *ctx);
int cmd_partner(int argc, char **argv, struct cm_ctx *ctx);
int cmd_plan(int argc, char **argv, struct cm_ctx *ctx);
int cmd_programme(int argc, char **argv, struct cm_ctx *ctx);
int cmd_refer(int argc, char **argv, struct cm_ctx *ctx);
int cmd_remind(int argc, char **argv, struct cm_ctx *ctx);
int cmd_renew(int argc, char **argv, struct cm_ctx *ctx);
int cmd_report(int argc, char **argv, struct cm_ctx *ctx);
int cmd_resume(int argc, char **argv, struct cm_ctx *ctx);
int cmd_person(int argc, char **argv, struct cm_ctx *ctx);
int cmd_show(int argc, char **argv, struct cm_ctx *ctx);
int cmd_suspend(int argc, char **argv, struct cm_ctx *ctx);
int cmd_worker(int argc, char **argv, struct cm_ctx *ctx);

#endif
