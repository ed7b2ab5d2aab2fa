/* cm show CASE: one case as a record. */
#include <getopt.h>
#include <string.h>
#include "cm.h"
#include "cm/access.h"
#include "cm/assess.h"
#include "cm/case.h"
#include "cm/contact.h"
#include "cm/date.h"
#include "cm/person.h"
#include "cm/plan.h"
#include "cm/referral.h"

/* "complex,cooperation" from bits, via name(). */
static void bits_text(unsigned bits, const char *(*name)(unsigned), char *out, size_t n)
{
	unsigned bit;

	out[0] = '\0';
	for (bit = 1; bit <= 8; bit <<= 1) {
		if (!(bits & bit) || !name(bit))
			continue;
		if (out[0])
			strncat(out, ",", n - strlen(out) - 1);
		strncat(out, name(bit), n - strlen(out) - 1);
	}
}

static long days_since(const char *date, cm_days today)
{
	cm_days d;

	if (!date || cm_date_parse_iso(date, &d) < 0)
		return -1;
	return today - d;
}

static int emit_show(struct cm_store *s, struct cm_emit *e, const struct cm_case *c,
		     cm_days today, struct cm_error *err)
{
	char buf[128];
	int rc = 0;

	cm_emit_begin(e);
	cm_case_emit_fields(e, c);
	cm_emit_str(e, "referral_source", c->referral_source);
	cm_emit_str(e, "state_since", c->state_since);
	cm_emit_int(e, "days_in_state", days_since(c->state_since, today));
	cm_emit_int(e, "days_open", c->closed_on ? days_since(c->opened_on, today) -
							   days_since(c->closed_on, today)
						 : days_since(c->opened_on, today));
	bits_text(c->criteria, cm_criterion_name, buf, sizeof buf);
	cm_emit_str(e, "criteria", buf);
	bits_text(c->consent, cm_consent_scope_name, buf, sizeof buf);
	cm_emit_str(e, "consent", buf);
	rc = cm_person_linked(s, c->person, buf, sizeof buf, err);
	cm_emit_str(e, "linked_persons", buf[0] ? buf : NULL);
	if (rc == 0)
		rc = cm_assess_emit_show(s, c->id, e, err);
	if (rc == 0)
		rc = cm_plan_emit_show(s, c->id, e, err);
	if (rc == 0)
		rc = cm_contact_emit_show(s, c->id, e, err);
	if (rc == 0)
		rc = cm_referral_emit_show(s, c->id, e, err);
	cm_emit_end(e);
	return rc;
}

int cmd_show(int argc, char **argv, struct cm_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum cm_format format = CM_FORMAT_TEXT;
	struct cm_error err = { 0 };
	struct cm_case cs;
	struct cm_emit *e;
	long long id;
	cm_days today;
	int c, rc, code;

	opterr = 0;
	while ((c = cm_getopt(argc, argv, ":", longopts)) != -1) {
		if (c != 'f')
			return cm_opt_error(c, argc, argv);
		if (cm_opt_format(optarg, &format) < 0)
			return 2;
	}
	if (argc - optind == 0)
		return cm_usage_error("a CASE is expected; usage: cm show CASE [--format FORMAT]");
	if (argc - optind > 1)
		return cm_usage_error("one CASE expected, got %d; usage: cm show CASE [--format FORMAT]",
				      argc - optind);
	if (cm_opt_case(ctx, argv[optind], &id, &code) < 0)
		return code;
	if (cm_date_today(&today, &err) < 0 || cm_access_log_case(ctx->store, id, &err) < 0 ||
	    cm_case_get(ctx->store, id, &cs, &err) < 0)
		return cm_fail(&err);
	e = cm_emit_new(format, stdout);
	if (!e) {
		cm_case_release(&cs);
		return cm_failure("out of memory");
	}
	rc = emit_show(ctx->store, e, &cs, today, &err);
	cm_case_release(&cs);
	if (rc < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}
