/*
 * The report page: for each report, its charts and its table, drawn from the
 * records cm_report_run emits after suppression, so the page shows exactly
 * the figures (and the withheld marks) of the text report.
 */
#include <stdlib.h>
#include <string.h>
#include "cm/clock.h"
#include "cm/html.h"
#include "html_impl.h"
#include "labels.h"

#define NO_FLAG HS_COUNT

struct chart_spec {
	const char *report;
	const char *when;         /* a key the records must have, or NULL */
	enum html_str title, desc;
	const char *label;        /* the key naming a bar, after the grouping keys */
	const char *value;        /* the bar's length */
	const char *ref;          /* a per-row norm, cap or rule drawn across the bar, or NULL */
	enum html_str ref_desc;   /* what ref is */
	const char *flag;         /* a boolean key: true hatches the bar, or NULL */
	enum html_str flag_label;
};

#define NO_REF .ref_desc = NO_FLAG, .flag_label = NO_FLAG

static const struct chart_spec charts[] = {
	{ "caseload", .when = "above_norm", HS_C_CASELOAD, HS_D_CASELOAD, .value = "open",
	  .ref = "norm", .ref_desc = HS_D_NORM, .flag = "above_norm",
	  .flag_label = HS_ABOVE_NORM },
	{ "caseload", .when = "workers", HS_C_CASELOAD_P, HS_D_CASELOAD_P, .value = "open",
	  NO_REF },
	{ "outcomes", .title = HS_C_OUTCOMES, HS_D_OUTCOMES, "outcome", "share", NO_REF },
	{ "durations", .title = HS_C_MEDIAN, HS_D_MEDIAN, "measure", "median_days", NO_REF },
	{ "durations", .title = HS_C_P90, HS_D_P90, "measure", "p90_days", NO_REF },
	{ "youth-guarantee", .title = HS_C_YOUTH, HS_D_YOUTH, "measure", "cases", NO_REF },
	{ "quota", .title = HS_C_QUOTA, HS_D_QUOTA, "measure", "share", .ref = "cap",
	  .ref_desc = HS_D_CAP, .flag = "above_cap", .flag_label = HS_ABOVE_CAP },
	{ "referrals", .title = HS_C_SENT, HS_D_SENT, "name", "sent", NO_REF },
	{ "referrals", .title = HS_C_FEEDBACK, HS_D_FEEDBACK, "name", "median_days_to_feedback",
	  NO_REF },
	{ "contacts", .title = HS_C_CONTACTS, HS_D_CONTACTS, .value = "contacts_per_case_month",
	  .ref = "rule_per_case_month", .ref_desc = HS_D_RULE, .flag_label = NO_FLAG },
};

static const struct {
	const char *name;
	enum html_str heading;
} headings[] = {
	{ "caseload", HS_R_CASELOAD },
	{ "outcomes", HS_R_OUTCOMES },
	{ "durations", HS_R_DURATIONS },
	{ "youth-guarantee", HS_R_YOUTH },
	{ "quota", HS_R_QUOTA },
	{ "referrals", HS_R_REFERRALS },
	{ "contacts", HS_R_CONTACTS },
};

/* A report's heading; a report this table does not know yet is headed by its name. */
static const char *report_heading(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof headings / sizeof headings[0]; i++)
		if (!strcmp(headings[i].name, name))
			return html_str(headings[i].heading);
	return name;
}

static int is_group_key(const char *key)
{
	return !strcmp(key, "group") || !strcmp(key, "worker") || !strcmp(key, "programme") ||
	       !strcmp(key, "team") || !strcmp(key, "month");
}

/*
 * What a bar is of: the grouping keys then the spec's label, joined by ", ".
 * *total is set when one of them is a sum row, which no chart draws beside
 * its parts. Returns a malloc'd string, or NULL when out of memory.
 */
static char *bar_label(const cJSON *rec, const char *label, int *total)
{
	const cJSON *f;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	*total = 0;
	cJSON_ArrayForEach(f, rec) {
		if (!(is_group_key(f->string) || (label && !strcmp(f->string, label))) ||
		    !cJSON_IsString(f))
			continue;
		if (!strcmp(f->valuestring, "(all)"))
			*total = 1;
		fprintf(out, "%s%s", ftell(out) ? ", " : "",
			cm_label_value(f->string, f->valuestring));
	}
	if (ftell(out) == 0)
		fputs(html_str(HS_ALL_CASES), out);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void free_bars(struct html_bar *bars, int n)
{
	while (n-- > 0)
		free(bars[n].label);
	free(bars);
}

static int draw_chart(FILE *out, const struct chart_spec *sp, const cJSON *records, int *ids)
{
	int n = cJSON_GetArraySize(records), total;
	struct html_bar *bars = calloc((size_t)(n ? n : 1), sizeof *bars);
	struct html_chart c = { .title = html_str(sp->title), .value_key = sp->value,
				.desc = sp->desc, .bars = bars };
	const cJSON *rec;

	if (!bars)
		return CM_ENOMEM;
	cJSON_ArrayForEach(rec, records) {
		struct html_bar *b = &bars[c.nbars];

		b->label = bar_label(rec, sp->label, &total);
		if (!b->label) {
			free_bars(bars, c.nbars);
			return CM_ENOMEM;
		}
		if (total) {
			free(b->label);
			continue;
		}
		b->value = cJSON_GetObjectItemCaseSensitive(rec, sp->value);
		b->ref = sp->ref ? cJSON_GetObjectItemCaseSensitive(rec, sp->ref) : NULL;
		b->flagged = sp->flag && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, sp->flag));
		c.nbars++;
	}
	if (c.nbars) {
		c.id = ++*ids;
		c.flag_label = sp->flag_label == NO_FLAG ? NULL : html_str(sp->flag_label);
		c.ref_desc = sp->ref_desc;
		fputs("<figure>\n", out);
		html_bar_chart(out, &c);
		fputs("<figcaption><strong>", out);
		html_text(out, c.title);
		fputs("</strong> ", out);
		html_chart_desc(out, &c);
		fputs("</figcaption>\n</figure>\n", out);
	}
	free_bars(bars, c.nbars);
	return 0;
}

/* Whether any figure of the records is withheld. */
static int any_withheld(const cJSON *records)
{
	const cJSON *rec, *f;

	cJSON_ArrayForEach(rec, records)
		cJSON_ArrayForEach(f, rec)
			if (html_withheld(f->string, f))
				return 1;
	return 0;
}

static int report_section(FILE *out, const char *name, const cJSON *records,
			  const struct cm_report_opts *o, int *ids)
{
	const cJSON *first = cJSON_GetArrayItem(records, 0);
	const char *heading = report_heading(name);
	char caption[256];
	size_t i;
	int rc;

	fprintf(out, "<section id=\"report-%s\">\n<h2>", name);
	html_text(out, heading);
	fputs("</h2>\n", out);
	if (cm_report_is_snapshot(name)) {
		fputs("<p class=\"meta\">", out);
		html_say(out, HS_SNAPSHOT, o->to);
		fputs("</p>\n", out);
	}
	if (!first) {
		fputs("<p>", out);
		html_say(out, HS_NO_ROWS, NULL);
		fputs("</p>\n</section>\n", out);
		return 0;
	}
	/* The page's threshold need not apply (caseload per worker is workload, not people). */
	if (o->min_cell > 1 && !any_withheld(records)) {
		fputs("<p class=\"meta\">", out);
		html_say(out, HS_NOTHING_WITHHELD, NULL);
		fputs("</p>\n", out);
	}
	for (i = 0; i < sizeof charts / sizeof charts[0]; i++) {
		const struct chart_spec *sp = &charts[i];

		if (strcmp(sp->report, name) || !cJSON_HasObjectItem(first, sp->value) ||
		    (sp->when && !cJSON_HasObjectItem(first, sp->when)))
			continue;
		rc = draw_chart(out, sp, records, ids);
		if (rc < 0)
			return rc;
	}
	html_format(caption, sizeof caption, HS_TABLE_CAPTION, heading);
	html_records_table(out, records, caption);
	fputs("</section>\n", out);
	return 0;
}

static void skipped_section(FILE *out, const char *name, const char *why)
{
	fprintf(out, "<section id=\"report-%s\">\n<h2>", name);
	html_text(out, report_heading(name));
	fputs("</h2>\n<p>", out);
	html_say(out, HS_SECTION_SKIPPED, why);
	fputs("</p>\n</section>\n", out);
}

static void coverage(FILE *out, const struct cm_report_opts *o, const char *now)
{
	static const enum html_str by[] = { HS_COUNT, HS_BY_WORKER, HS_BY_PROGRAMME, HS_BY_MONTH };
	char min[32];

	fputs("<div class=\"meta\">\n<p>", out);
	html_say2(out, HS_WINDOW, o->from, o->to);
	fputs("</p>\n<p>", out);
	if (o->programme)
		html_say(out, HS_PROGRAMME_ONE, o->programme);
	else
		html_say(out, HS_PROGRAMME_ALL, NULL);
	fputs("</p>\n<p>", out);
	if (o->team)
		html_say(out, HS_TEAM_ONE, o->team);
	else
		html_say(out, HS_TEAM_ALL, NULL);
	fputs("</p>\n", out);
	if (o->by != CM_BY_NONE) {
		fputs("<p>", out);
		html_say(out, by[o->by], NULL);
		fputs("</p>\n", out);
	}
	fputs("<p>", out);
	snprintf(min, sizeof min, "%lld", o->min_cell);
	if (o->min_cell > 1)
		html_say(out, HS_MIN_CELL, min);
	else
		html_say(out, HS_NO_MIN_CELL, NULL);
	fputs("</p>\n<p>", out);
	html_generated(out, now);
	fputs("</p>\n</div>\n", out);
}

/* Run one report into records and write its section; a refusal of the filters is noted when tolerated. */
static int one_report(struct cm_store *s, const char *name, const struct cm_report_opts *o,
		      int tolerate, FILE *out, int *ids, struct cm_error *err)
{
	struct cm_emit *e = cm_emit_new_records();
	int rc;

	if (!e)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = cm_report_run(s, name, o, e, err);
	if (rc == 0)
		rc = cm_emit_finish(e);
	if (rc == CM_EUSAGE && tolerate && err->msg[0]) {
		skipped_section(out, name, err->msg);
		memset(err, 0, sizeof *err);
		rc = 0;
	} else if (rc == 0) {
		rc = report_section(out, name, cm_emit_records(e), o, ids);
	}
	cm_emit_free(e);
	if (rc == CM_ENOMEM && !err->msg[0])
		return cm_error_set(err, rc, "out of memory");
	return rc;
}

int cm_html_report(struct cm_store *s, const char *const *names, const struct cm_report_opts *o,
		   FILE *out, struct cm_error *err)
{
	char now[CM_TIME_LEN], title[256];
	int several = names[0] && names[1], ids = 0, rc, i;

	rc = cm_now(now, err);
	if (rc < 0)
		return rc;
	if (several)
		html_format(title, sizeof title, HS_REPORTS_TITLE, NULL);
	else
		html_format(title, sizeof title, HS_REPORT_TITLE, report_heading(names[0]));
	html_page_begin(out, title);
	fputs("<h1>", out);
	html_text(out, title);
	fputs("</h1>\n", out);
	coverage(out, o, now);
	for (i = 0; names[i]; i++) {
		rc = one_report(s, names[i], o, several, out, &ids, err);
		if (rc < 0)
			return rc;
	}
	html_page_end(out);
	return 0;
}
