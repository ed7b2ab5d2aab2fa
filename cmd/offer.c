/* cm offer: a Youth Guarantee offer (job, education, apprenticeship, traineeship). */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/programme.h"

const char *const cm_offer_answers[] = { "yes", "no", NULL };

/* "yes" or "no" -> 1 or 0; -1 (after printing) otherwise. */
static int parse_accepted(const char *v)
{
	if (strcmp(v, cm_offer_answers[0]) == 0)
		return 1;
	if (strcmp(v, cm_offer_answers[1]) == 0)
		return 0;
	cm_usage_error("--accepted: invalid value '%s' (yes or no)", v);
	return -1;
}

int cmd_offer(int argc, char **argv, struct cm_ctx *ctx)
{
	enum { OPT_KIND = 256, OPT_DATE, OPT_ACCEPTED, OPT_FORMAT };
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "accepted", required_argument, NULL, OPT_ACCEPTED },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	const char *kind = NULL, *date = NULL;
	int accepted = -1, c, code;
	long long case_id;
	int64_t id;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		switch (c) {
		case OPT_KIND:
			if (cm_opt_choice("--kind", optarg, cm_offer_kinds))
				return 2;
			kind = optarg;
			break;
		case OPT_DATE: date = optarg; break;
		case OPT_ACCEPTED:
			accepted = parse_accepted(optarg);
			if (accepted < 0)
				return 2;
			break;
		case OPT_FORMAT:
			if (cm_opt_format(optarg, &format) < 0)
				return 2;
			break;
		default:
			return cm_opt_error(c, argc, argv);
		}
	}
	if (argc - optind != 1)
		return cm_usage_error("offer takes one CASE; see 'cm offer -h'");
	if (!kind)
		return cm_usage_error("--kind is required (job, education, apprenticeship, traineeship)");
	if (accepted < 0)
		return cm_usage_error("--accepted yes|no is required");
	if (cm_opt_case(ctx, argv[optind], &case_id, &code) < 0)
		return code;
	if (cm_case_offer(ctx->store, case_id, kind, date, accepted, &id, &err) < 0)
		return cm_fail(&err);
	return cm_print_emitted(ctx, cm_offer_emit, id, format);
}
