/* cm person export|pseudonymise: the person's right of access and erasure. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cm.h"
#include "cm/i18n.h"
#include "cm/case.h"
#include "cm/date.h"
#include "cm/person.h"

/*
 * The export goes to a new file only its owner can read: written under a
 * temporary name in the same directory, then linked to FILE, which must not
 * exist yet, so no reader ever sees part of it and nothing is overwritten.
 */
static int export_to_file(struct cm_ctx *ctx, int64_t id, const char *path)
{
	struct cm_error err = { 0 };
	char *tmp = malloc(strlen(path) + 16);
	int fd, rc = 1;
	FILE *out;

	if (!tmp)
		return cm_failure("out of memory");
	sprintf(tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = cm_failure("cannot create '%s': %s", path, strerror(errno));
		goto done;
	}
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		unlink(tmp);
		rc = cm_failure("out of memory");
		goto done;
	}
	if (cm_person_export(ctx->store, id, out, &err) < 0) {
		fclose(out);
		unlink(tmp);
		rc = cm_fail(&err);
		goto done;
	}
	if (fflush(out) != 0 || fsync(fileno(out)) != 0 || ferror(out)) {
		rc = cm_failure("cannot write '%s': %s", path, strerror(errno));
		fclose(out);
		unlink(tmp);
		goto done;
	}
	fclose(out);
	if (link(tmp, path) == 0)
		rc = 0;
	else if (errno == EEXIST)
		rc = cm_failure("'%s' already exists; give a new file name", path);
	else
		rc = cm_failure("cannot create '%s': %s", path, strerror(errno));
	unlink(tmp);
done:
	free(tmp);
	return rc;
}

static int export_person(struct cm_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct cm_error err = { 0 };
	const char *file = NULL;
	int64_t id;
	int c;

	while ((c = cm_getopt(argc, argv, ":o:", longopts)) != -1) {
		if (c != 'o')
			return cm_opt_error(c, argc, argv);
		file = optarg;
	}
	if (argc - optind != 1)
		return cm_usage_error("usage: cm person export PERSON [-o FILE]");
	if ((c = cm_ctx_open(ctx)))
		return c;
	if (cm_person_resolve(ctx->store, argv[optind], &id, &err) < 0)
		return cm_fail(&err);
	if (file)
		return export_to_file(ctx, id, file);
	if (cm_person_export(ctx->store, id, stdout, &err) < 0)
		return cm_fail(&err);
	return 0;
}

/* An option error of a person action points to 'cm person -h'. */
static int action_opt_error(int c, int argc, char **argv)
{
	static char person[] = "person";
	char *action = argv[0];
	int rc;

	argv[0] = person;
	rc = cm_opt_error(c, argc, argv);
	argv[0] = action;
	return rc;
}

/* What was done, or with --dry-run what would be: one record, so scripts can read it. */
static int print_done(const struct cm_pseudonymised *done, int dry_run, enum cm_format format)
{
	struct cm_emit *e = cm_emit_new(format, stdout);

	if (!e)
		return cm_failure("out of memory");
	cm_emit_begin(e);
	cm_emit_int(e, "people", done->people);
	cm_emit_int(e, "cases", done->cases);
	cm_emit_int(e, "audit_records_blanked", done->audit_records);
	cm_emit_bool(e, "dry_run", dry_run);
	cm_emit_end(e);
	return cm_emit_done(e);
}

struct pseudonymise_args {
	const char *reason, *before;
	int dry_run;
	enum cm_format format;
};

static int pseudonymise_old(struct cm_ctx *ctx, const struct pseudonymise_args *a)
{
	struct cm_pseudonymised done;
	struct cm_error err = { 0 };
	cm_days d;
	int rc;

	if (cm_date_parse_iso(a->before, &d) < 0)
		return cm_usage_error("--closed-before: invalid date '%s' (expected YYYY-MM-DD)",
				      a->before);
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	if (cm_person_pseudonymise_closed_before(ctx->store, a->before, a->reason, a->dry_run,
						 &done, &err) < 0)
		return cm_fail(&err);
	return print_done(&done, a->dry_run, a->format);
}

static int pseudonymise(struct cm_ctx *ctx, int argc, char **argv)
{
	enum { OPT_REASON = 256, OPT_BEFORE, OPT_DRY_RUN, OPT_FORMAT };
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "closed-before", required_argument, NULL, OPT_BEFORE },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct pseudonymise_args a = { .format = CM_FORMAT_TEXT };
	struct cm_pseudonymised done;
	struct cm_error err = { 0 };
	int64_t id;
	int c;

	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c == OPT_REASON)
			a.reason = optarg;
		else if (c == OPT_BEFORE)
			a.before = optarg;
		else if (c == OPT_DRY_RUN)
			a.dry_run = 1;
		else if (c == OPT_FORMAT && cm_opt_format(optarg, &a.format) < 0)
			return 2;
		else if (c != OPT_FORMAT)
			return action_opt_error(c, argc, argv);
	}
	if (!a.reason)
		return cm_usage_error("--reason is required");
	if (a.before)
		return optind < argc ? cm_usage_error("give a PERSON or --closed-before, not both")
				     : pseudonymise_old(ctx, &a);
	if (argc - optind != 1)
		return cm_usage_error("usage: cm person pseudonymise PERSON --reason TEXT");
	if ((c = cm_ctx_open(ctx)))
		return c;
	if (cm_person_resolve(ctx->store, argv[optind], &id, &err) < 0 ||
	    cm_person_pseudonymise(ctx->store, id, a.reason, a.dry_run, &done, &err) < 0)
		return cm_fail(&err);
	return print_done(&done, a.dry_run, a.format);
}

/* cm person duplicates [--format F]: likely pairs not linked yet. */
static int duplicates(struct cm_ctx *ctx, int argc, char **argv)
{
	enum { OPT_FORMAT = 256 };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	struct cm_emit *e;
	long n;
	int c;

	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c != OPT_FORMAT)
			return action_opt_error(c, argc, argv);
		if (cm_opt_format(optarg, &format) < 0)
			return 2;
	}
	if (optind < argc)
		return cm_usage_error("unexpected argument '%s'; see 'cm person -h'", argv[optind]);
	if ((c = cm_ctx_open(ctx)))
		return c;
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	if (cm_person_emit_duplicates(ctx->store, e, &n, &err) < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}

static int person_number(const char *arg, int64_t *id)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(arg, &end, 10);
	if (!*arg || *end || errno || n <= 0)
		return cm_usage_error("invalid person '%s' (expected a person number)", arg);
	*id = n;
	return 0;
}

/* cm person link A B [--reason TEXT] | unlink A B */
static int link_persons(struct cm_ctx *ctx, int argc, char **argv, int link)
{
	enum { OPT_REASON = 256 };
	static const struct option link_opts[] = {
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL;
	struct cm_error err = { 0 };
	int64_t a, b;
	int c, rc;

	while ((c = cm_getopt(argc, argv, ":", link ? link_opts : link_opts + 1)) != -1) {
		if (c != OPT_REASON)
			return action_opt_error(c, argc, argv);
		reason = optarg;
	}
	if (argc - optind != 2)
		return link ? cm_usage_error("usage: cm person link A B [--reason TEXT]")
			    : cm_usage_error("usage: cm person unlink A B");
	rc = person_number(argv[optind], &a);
	if (rc == 0)
		rc = person_number(argv[optind + 1], &b);
	if (rc == 0 && a == b)
		return cm_usage_error("person %lld cannot be linked to itself", (long long)a);
	if (rc == 0)
		rc = cm_ctx_open(ctx);
	if (rc)
		return rc;
	rc = link ? cm_person_link(ctx->store, a, b, reason, &err)
		  : cm_person_unlink(ctx->store, a, b, &err);
	if (rc < 0)
		return cm_fail(&err);
	if (link)
		printf(_("persons %lld and %lld linked as one person\n"), (long long)a, (long long)b);
	else
		printf(_("persons %lld and %lld unlinked\n"), (long long)a, (long long)b);
	return 0;
}

/* cm person edit PERSON --FIELD VALUE... [--reason TEXT] */
static int edit(struct cm_ctx *ctx, int argc, char **argv)
{
	enum { OPT_FIRST = 256, OPT_LAST, OPT_BIRTH, OPT_SEX, OPT_EXT, OPT_SOURCE, OPT_POSTCODE,
	       OPT_PHONE, OPT_EMAIL, OPT_LANGUAGE, OPT_REGISTERED, OPT_NOTES, OPT_REASON };
	static const struct option longopts[] = {
		{ "first-name", required_argument, NULL, OPT_FIRST },
		{ "last-name", required_argument, NULL, OPT_LAST },
		{ "birth-date", required_argument, NULL, OPT_BIRTH },
		{ "sex", required_argument, NULL, OPT_SEX },
		{ "ext-id", required_argument, NULL, OPT_EXT },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "postcode", required_argument, NULL, OPT_POSTCODE },
		{ "phone", required_argument, NULL, OPT_PHONE },
		{ "email", required_argument, NULL, OPT_EMAIL },
		{ "language", required_argument, NULL, OPT_LANGUAGE },
		{ "registered-on", required_argument, NULL, OPT_REGISTERED },
		{ "notes", required_argument, NULL, OPT_NOTES },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	struct cm_person_fields in = { 0 };
	const char **slot[] = {
		&in.first_name, &in.last_name, &in.birth_date, &in.sex, &in.ext_id, &in.source,
		&in.postcode, &in.phone, &in.email, &in.language, &in.registered_on, &in.notes,
	};
	const char *reason = NULL;
	struct cm_error err = { 0 };
	char what[256];
	int64_t id;
	int c, given = 0;

	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c == OPT_REASON) {
			reason = optarg;
		} else if (c >= OPT_FIRST && c < OPT_REASON) {
			if (*slot[c - OPT_FIRST])
				return cm_usage_error("--%s given twice ('%s' and '%s'); give it once",
						      longopts[c - OPT_FIRST].name,
						      *slot[c - OPT_FIRST], optarg);
			*slot[c - OPT_FIRST] = optarg;
			given = 1;
		} else {
			return action_opt_error(c, argc, argv);
		}
	}
	if (argc - optind != 1)
		return cm_usage_error("usage: cm person edit PERSON --FIELD VALUE... [--reason TEXT]");
	if (!given)
		return cm_usage_error("nothing to change: give --first-name, --last-name, --phone, ..."
				      "; see 'cm person -h'");
	if ((c = cm_ctx_open(ctx)))
		return c;
	if (cm_person_resolve(ctx->store, argv[optind], &id, &err) < 0 ||
	    cm_person_edit(ctx->store, id, &in, reason, what, sizeof what, &err) < 0)
		return cm_fail(&err);
	printf(_("person %lld updated: %s\n"), (long long)id, what);
	return 0;
}

int cmd_person(int argc, char **argv, struct cm_ctx *ctx)
{
	opterr = 0;
	if (argc < 2)
		return cm_usage_error("usage: cm person edit|export|pseudonymise|duplicates|link|unlink"
				      " ...");
	if (strcmp(argv[1], "export") == 0)
		return export_person(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "pseudonymise") == 0)
		return pseudonymise(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "edit") == 0)
		return edit(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "duplicates") == 0)
		return duplicates(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "link") == 0 || strcmp(argv[1], "unlink") == 0)
		return link_persons(ctx, argc - 1, argv + 1, argv[1][0] == 'l');
	return cm_usage_error("unknown person action '%s' (edit, export, pseudonymise, duplicates,"
			      " link, unlink)", argv[1]);
}
