/* cm intake: register a person and open a case, or complete screening later. */
#include <getopt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cm.h"
#include "cm/programme.h"
#include "cm/report.h"
#include "cm/case.h"
#include "cm/person.h"

enum {
	OPT_FIRST = 256, OPT_LAST, OPT_BIRTH, OPT_SEX, OPT_EXT, OPT_SOURCE, OPT_POSTCODE,
	OPT_PHONE, OPT_EMAIL, OPT_LANGUAGE, OPT_NOTES, OPT_REGISTERED, OPT_PROGRAMME,
	OPT_WORKER, OPT_REFSOURCE, OPT_CRITERIA, OPT_CONSENT, OPT_CASE, OPT_FORMAT,
	OPT_FORCE, OPT_INCAPACITY, OPT_PERSON, OPT_NEW_PERSON, OPT_UNEMPLOYED, OPT_LEFT_EDUCATION,
	OPT_BENEFIT, OPT_UNEMPLOYMENT_ENDED, OPT_CONDITION,
};

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
	{ "notes", required_argument, NULL, OPT_NOTES },
	{ "registered-on", required_argument, NULL, OPT_REGISTERED },
	{ "unemployed-since", required_argument, NULL, OPT_UNEMPLOYED },
	{ "left-education-on", required_argument, NULL, OPT_LEFT_EDUCATION },
	{ "benefit-status", required_argument, NULL, OPT_BENEFIT },
	{ "condition", required_argument, NULL, OPT_CONDITION },
	{ "unemployment-ended-on", required_argument, NULL, OPT_UNEMPLOYMENT_ENDED },
	{ "programme", required_argument, NULL, OPT_PROGRAMME },
	{ "worker", required_argument, NULL, OPT_WORKER },
	{ "referral-source", required_argument, NULL, OPT_REFSOURCE },
	{ "criteria", required_argument, NULL, OPT_CRITERIA },
	{ "consent", required_argument, NULL, OPT_CONSENT },
	{ "case", required_argument, NULL, OPT_CASE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "incapacity", required_argument, NULL, OPT_INCAPACITY },
	{ "person", required_argument, NULL, OPT_PERSON },
	{ "new-person", no_argument, NULL, OPT_NEW_PERSON },
	{ NULL, 0, NULL, 0 },
};

struct intake_args {
	struct cm_intake in;
	const char *case_spec, *criteria, *consent;
	struct cm_opt_list criteria_list, consent_list;  /* --criteria and --consent accumulate */
	enum cm_format format;
};

static const char *option_name(int c)
{
	const struct option *o;

	for (o = longopts; o->name; o++)
		if (o->val == c)
			return o->name;
	return "?";
}

/* --criteria a --criteria b records both, as --criteria a,b does. */
static int append_list(struct intake_args *a, int c, const char *v)
{
	struct cm_opt_list *list = c == OPT_CRITERIA ? &a->criteria_list : &a->consent_list;

	if (cm_opt_append(c == OPT_CRITERIA ? "--criteria" : "--consent", list, v, ","))
		return 2;
	if (c == OPT_CRITERIA)
		a->criteria = list->text;
	else
		a->consent = list->text;
	return 0;
}

static const char **person_slot(struct cm_person_fields *p, int opt)
{
	switch (opt) {
	case OPT_FIRST: return &p->first_name;
	case OPT_LAST: return &p->last_name;
	case OPT_BIRTH: return &p->birth_date;
	case OPT_SEX: return &p->sex;
	case OPT_EXT: return &p->ext_id;
	case OPT_SOURCE: return &p->source;
	case OPT_POSTCODE: return &p->postcode;
	case OPT_PHONE: return &p->phone;
	case OPT_EMAIL: return &p->email;
	case OPT_LANGUAGE: return &p->language;
	case OPT_NOTES: return &p->notes;
	case OPT_REGISTERED: return &p->registered_on;
	case OPT_UNEMPLOYED: return &p->unemployed_since;
	case OPT_LEFT_EDUCATION: return &p->left_education_on;
	case OPT_BENEFIT: return &p->benefit_status;
	case OPT_UNEMPLOYMENT_ENDED: return &p->unemployment_ended_on;
	default: return NULL;
	}
}

static const char **intake_slot(struct intake_args *a, int opt)
{
	switch (opt) {
	case OPT_PROGRAMME: return &a->in.programme;
	case OPT_WORKER: return &a->in.worker;
	case OPT_REFSOURCE: return &a->in.referral_source;
	case OPT_CASE: return &a->case_spec;
	case OPT_CONDITION: return &a->in.conditions;
	default: return person_slot(&a->in.person, opt);
	}
}

static int parse_args(int argc, char **argv, struct intake_args *a)
{
	const char **slot;
	long long person;
	char *end;
	long pct;
	int c;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c == OPT_FORMAT) {
			if (cm_opt_format(optarg, &a->format) < 0)
				return 2;
			continue;
		}
		if (c == OPT_FORCE) {
			a->in.force = 1;
			continue;
		}
		if (c == OPT_NEW_PERSON) {
			a->in.new_person = 1;
			continue;
		}
		if (c == OPT_PERSON) {
			errno = 0;
			person = strtoll(optarg, &end, 10);
			if (!*optarg || *end || errno || person <= 0)
				return cm_usage_error("--person: invalid person '%s' (expected a person"
						      " number)", optarg);
			a->in.person_id = person;
			continue;
		}
		if (c == OPT_INCAPACITY) {
			if (cm_opt_int("--incapacity", optarg, 0, 100, &pct) < 0)
				return 2;
			a->in.has_incapacity = 1;
			a->in.incapacity = (int)pct;
			continue;
		}
		if (c == OPT_CRITERIA || c == OPT_CONSENT) {
			if (append_list(a, c, optarg))
				return 2;
			continue;
		}
		slot = intake_slot(a, c);
		if (!slot)
			return cm_opt_error(c, argc, argv);
		if (*slot)
			return cm_usage_error("--%s given twice ('%s' and '%s'); give it once",
					      option_name(c), *slot, optarg);
		*slot = optarg;
	}
	if (optind < argc)
		return cm_usage_error("unexpected argument '%s'; see 'cm intake -h'", argv[optind]);
	if (a->in.person_id && a->in.new_person)
		return cm_usage_error("--person and --new-person contradict each other; give one");
	return 0;
}

static int print_case(struct cm_ctx *ctx, int64_t id, enum cm_format format)
{
	if (format == CM_FORMAT_TEXT) {
		printf("%lld\n", (long long)id);
		return 0;
	}
	return cm_print_case_record(ctx, id, format);
}

/* cm intake --case N --criteria LIST [--consent LIST]: complete screening. */
static int complete_screening(struct cm_ctx *ctx, struct intake_args *a, unsigned criteria,
			      unsigned consent)
{
	struct cm_error err = { 0 };
	long long id;
	int code;

	if (a->in.person.first_name || a->in.person.last_name || a->in.programme)
		return cm_usage_error("--case completes screening; it takes only --criteria,"
				      " --consent and --condition");
	if (!a->criteria && !a->consent && !a->in.conditions)
		return cm_usage_error("--case needs --criteria, --consent or --condition");
	if (cm_opt_case(ctx, a->case_spec, &id, &code) < 0)
		return code;
	if (a->in.conditions && cm_case_set_conditions(ctx->store, id, a->in.conditions, &err) < 0)
		return cm_fail(&err);
	if (a->criteria && cm_case_set_criteria(ctx->store, id, criteria, &err) < 0)
		return cm_fail(&err);
	if (a->consent && cm_consent_set(ctx->store, id, consent, 1, &err) < 0)
		return cm_fail(&err);
	return print_case(ctx, id, a->format);
}

static int has_import(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--import") == 0 || strncmp(argv[i], "--import=", 9) == 0)
			return 1;
	return 0;
}

/* A new trajectory that takes its programme above the quota: said at once. */
static void warn_quota(struct cm_ctx *ctx, int64_t id)
{
	struct cm_error quota = { 0 };

	cm_report_quota_warning(ctx->store, id, &quota);
	if (quota.status)
		cm_warn("%s", quota.msg);
}

int cmd_intake(int argc, char **argv, struct cm_ctx *ctx)
{
	struct intake_args a = { .format = CM_FORMAT_TEXT };
	struct cm_error err = { 0 }, warning = { 0 };
	char differs[256];
	int64_t id, known;
	int rc;

	if (has_import(argc, argv))
		return cmd_intake_import(argc, argv, ctx);
	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	if (a.criteria && cm_criteria_parse(a.criteria, &a.in.criteria, &err) < 0)
		return cm_usage_error("--criteria: %s", err.msg);
	if (a.consent && cm_consent_scopes_parse(a.consent, &a.in.consent, &err) < 0)
		return cm_usage_error("--consent: %s", err.msg);
	if (a.case_spec)
		return complete_screening(ctx, &a, a.in.criteria, a.in.consent);
	if (!a.in.person.first_name)
		return cm_usage_error("--first-name is required; see 'cm intake -h'");
	if (!a.in.person.last_name)
		return cm_usage_error("--last-name is required; see 'cm intake -h'");
	a.in.warning = &warning;
	if ((rc = cm_ctx_open(ctx)))
		return rc;
	if (cm_person_differences(ctx->store, &a.in.person, &known, differs, sizeof differs,
				  &err) < 0)
		return cm_fail(&err);
	if (cm_intake(ctx->store, &a.in, &id, &err) < 0) {
		/* Only a programme's eligibility rule refuses an intake this way. */
		if (err.status == CM_EFAIL)
			return cm_failure("%s; --force opens the case anyway", err.msg);
		return cm_fail(&err);
	}
	if (warning.status)
		cm_warn("%s (opened with --force)", warning.msg);
	if (differs[0])
		cm_warn("person %lld is registered with other details (%s), which were kept; change"
			" them with 'cm person edit %lld'", (long long)known, differs, (long long)known);
	warn_quota(ctx, id);
	return print_case(ctx, id, a.format);
}
