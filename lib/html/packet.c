/*
 * A referral's packet as a page for the partner's staff: exactly the fields
 * cm_referral_packet gives (which audits the disclosure), and the consent
 * the sharing relies on.
 */
#include <stdlib.h>
#include <string.h>
#include "cm/clock.h"
#include "cm/html.h"
#include "cm/referral.h"
#include "html_impl.h"
#include "labels.h"
#include "sql.h"

static const char consent_sql[] =
	"SELECT r.shared, k.on_date AS consent_on FROM referral r"
	" LEFT JOIN consent k ON k.id = r.consent_id WHERE r.id = ?1";

/* Keys of the packet that say what the referral is, not what is shared. */
static int is_referral_key(const char *key)
{
	return !strcmp(key, "referral") || !strcmp(key, "date") || !strcmp(key, "partner") ||
	       !strcmp(key, "reason");
}

static void term(FILE *out, enum html_str id, const char *key, const cJSON *v)
{
	fputs("<dt>", out);
	if (key)
		html_text(out, html_heading(key));
	else
		html_say(out, id, NULL);
	fputs("</dt><dd>", out);
	html_value(out, v);
	fputs("</dd>\n", out);
}

static void assessment(FILE *out, const cJSON *scores)
{
	const cJSON *d;

	fputs("<h3>", out);
	html_say(out, HS_PACKET_ASSESSMENT, NULL);
	fputs("</h3>\n", out);
	if (!cJSON_IsObject(scores) || !scores->child) {
		fputs("<p>", out);
		html_text(out, html_str(HS_NONE));
		fputs("</p>\n", out);
		return;
	}
	fputs("<table>\n<thead><tr><th scope=\"col\">", out);
	html_say(out, HS_DOMAIN, NULL);
	fputs("</th><th scope=\"col\">", out);
	html_say(out, HS_SCORE, NULL);
	fputs("</th></tr></thead>\n<tbody>\n", out);
	cJSON_ArrayForEach(d, scores) {
		fputs("<tr><td>", out);
		html_text(out, cm_label_value("domain", d->string));
		fputs("</td><td class=\"n\">", out);
		html_value(out, d);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void plan_goals(FILE *out, const cJSON *goals)
{
	const cJSON *g;

	fputs("<h3>", out);
	html_say(out, HS_PACKET_PLAN, NULL);
	fputs("</h3>\n<ul>\n", out);
	cJSON_ArrayForEach(g, goals) {
		fputs("<li>", out);
		html_value(out, g);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

static void shared(FILE *out, const cJSON *packet)
{
	const cJSON *f;
	int fields = 0, any = 0;

	fputs("<h2>", out);
	html_say(out, HS_PACKET_SHARED, NULL);
	fputs("</h2>\n", out);
	cJSON_ArrayForEach(f, packet) {
		if (is_referral_key(f->string) || !strcmp(f->string, "assessment") ||
		    !strcmp(f->string, "plan"))
			continue;
		if (fields++ == 0)
			fputs("<dl>\n", out);
		term(out, HS_COUNT, f->string, f);
	}
	if (fields)
		fputs("</dl>\n", out);
	any = fields;
	if ((f = cJSON_GetObjectItemCaseSensitive(packet, "assessment")) != NULL) {
		assessment(out, f);
		any = 1;
	}
	if ((f = cJSON_GetObjectItemCaseSensitive(packet, "plan")) != NULL) {
		plan_goals(out, f);
		any = 1;
	}
	if (!any) {
		fputs("<p>", out);
		html_say(out, HS_PACKET_NOTHING, NULL);
		fputs("</p>\n", out);
	}
}

static void consent(FILE *out, const cJSON *row)
{
	const cJSON *on = cJSON_GetObjectItemCaseSensitive(row, "consent_on");
	const cJSON *what = cJSON_GetObjectItemCaseSensitive(row, "shared");

	fputs("<p>", out);
	if (cJSON_IsString(what) && what->valuestring[0] && cJSON_IsString(on))
		html_say(out, HS_PACKET_CONSENT, on->valuestring);
	else
		html_say(out, HS_PACKET_NO_CONSENT, NULL);
	fputs("</p>\n<p class=\"meta\">", out);
	html_say(out, HS_PACKET_NOTE, NULL);
	fputs("</p>\n", out);
}

static void packet_page(FILE *out, const cJSON *packet, const cJSON *row, const char *now)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(packet, "referral");
	char title[256], num[32];

	snprintf(num, sizeof num, "%lld", cJSON_IsNumber(id) ? (long long)id->valuedouble : 0LL);
	html_format(title, sizeof title, HS_PACKET_TITLE, num);
	html_page_begin(out, title);
	fputs("<h1>", out);
	html_text(out, title);
	fputs("</h1>\n<dl>\n", out);
	term(out, HS_PACKET_TO, NULL, cJSON_GetObjectItemCaseSensitive(packet, "partner"));
	term(out, HS_PACKET_DATE, NULL, cJSON_GetObjectItemCaseSensitive(packet, "date"));
	term(out, HS_PACKET_REASON, NULL, cJSON_GetObjectItemCaseSensitive(packet, "reason"));
	fputs("</dl>\n", out);
	shared(out, packet);
	consent(out, row);
	fputs("<p class=\"meta\">", out);
	html_generated(out, now);
	fputs("</p>\n", out);
	html_page_end(out);
}

int cm_html_packet(struct cm_store *s, int64_t referral, FILE *out, struct cm_error *err)
{
	char now[CM_TIME_LEN], *json = NULL;
	cJSON *packet = NULL, *rows = NULL;
	int rc;

	rc = cm_now(now, err);
	if (rc == 0)
		rc = cm_referral_packet(s, referral, &json, err);
	if (rc == 0 && !(packet = cJSON_Parse(json)))
		rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	if (rc == 0 && !(rows = cm_sql_rows_json(s, consent_sql, referral, err)))
		rc = err->status ? err->status : CM_ENOMEM;
	if (rc == 0)
		packet_page(out, packet, cJSON_GetArrayItem(rows, 0), now);
	cJSON_Delete(rows);
	cJSON_Delete(packet);
	free(json);
	return rc;
}
