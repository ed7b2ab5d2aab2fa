/* cm person export|pseudonymise: the person's right of access and erasure. */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/date.h"
#include "cm/person.h"

static int export_person(struct cm_ctx *ctx, const char *spec)
{
	struct cm_error err = { 0 };
	int64_t id;

	if (cm_person_resolve(ctx->store, spec, &id, &err) < 0 ||
	    cm_person_export(ctx->store, id, stdout, &err) < 0)
		return cm_fail(&err);
	return 0;
}

static int pseudonymise_old(struct cm_ctx *ctx, const char *date, const char *reason)
{
	struct cm_error err = { 0 };
	cm_days d;
	long n;

	if (cm_date_parse_iso(date, &d) < 0)
		return cm_usage_error("--closed-before: invalid date '%s' (expected YYYY-MM-DD)",
				      date);
	if (cm_person_pseudonymise_closed_before(ctx->store, date, reason, &n, &err) < 0)
		return cm_fail(&err);
	printf("%ld pseudonymised\n", n);
	return 0;
}

static int pseudonymise(struct cm_ctx *ctx, int argc, char **argv)
{
	enum { OPT_REASON = 256, OPT_BEFORE };
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "closed-before", required_argument, NULL, OPT_BEFORE },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL, *before = NULL;
	struct cm_error err = { 0 };
	int64_t id;
	int c;

	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == OPT_REASON)
			reason = optarg;
		else if (c == OPT_BEFORE)
			before = optarg;
		else
			return cm_opt_error(c, argc, argv);
	}
	if (!reason)
		return cm_usage_error("--reason is required");
	if (before)
		return optind < argc ? cm_usage_error("give a PERSON or --closed-before, not both")
				     : pseudonymise_old(ctx, before, reason);
	if (argc - optind != 1)
		return cm_usage_error("usage: cm person pseudonymise PERSON --reason TEXT");
	if (cm_person_resolve(ctx->store, argv[optind], &id, &err) < 0 ||
	    cm_person_pseudonymise(ctx->store, id, reason, &err) < 0)
		return cm_fail(&err);
	return 0;
}

int cmd_person(int argc, char **argv, struct cm_ctx *ctx)
{
	opterr = 0;
	if (argc < 2)
		return cm_usage_error("usage: cm person export|pseudonymise ...");
	if (strcmp(argv[1], "export") == 0) {
		if (argc != 3)
			return cm_usage_error("usage: cm person export PERSON");
		return export_person(ctx, argv[2]);
	}
	if (strcmp(argv[1], "pseudonymise") == 0)
		return pseudonymise(ctx, argc - 1, argv + 1);
	return cm_usage_error("unknown person action '%s' (export, pseudonymise)", argv[1]);
}
