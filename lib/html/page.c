/* The page frame, escaping, numbers, and tables of records. */
#include <string.h>
#include "cm/clock.h"
#include "cm/i18n.h"
#include "html_impl.h"
#include "labels.h"

void html_text(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: putc(*s, out);
		}
	}
}

/* n bytes of s, escaped. */
static void text_n(FILE *out, const char *s, size_t n)
{
	char buf[2] = { 0, 0 };

	while (n-- > 0) {
		buf[0] = *s++;
		html_text(out, buf);
	}
}

void html_sayv(FILE *out, enum html_str id, const char *const *args, int nargs)
{
	const char *s = html_str(id), *p;
	int i = 0;

	while ((p = strstr(s, "%s")) != NULL) {
		text_n(out, s, (size_t)(p - s));
		if (nargs > 0)
			html_text(out, args[i < nargs ? i : nargs - 1]);
		i++;
		s = p + 2;
	}
	html_text(out, s);
}

void html_say(FILE *out, enum html_str id, const char *arg)
{
	html_sayv(out, id, &arg, arg ? 1 : 0);
}

void html_say2(FILE *out, enum html_str id, const char *a, const char *b)
{
	const char *args[] = { a, b };

	html_sayv(out, id, args, 2);
}

void html_format(char *buf, size_t size, enum html_str id, const char *arg)
{
	const char *fmt = html_str(id), *at = strstr(fmt, "%s");

	if (at)
		snprintf(buf, size, "%.*s%s%s", (int)(at - fmt), fmt, arg ? arg : "", at + 2);
	else
		snprintf(buf, size, "%s", fmt);
}

void html_generated(FILE *out, const char *now)
{
	char local[CM_LOCAL_TIME_LEN];

	cm_time_local(now, local);
	html_say(out, HS_GENERATED, local);
}

void html_number(FILE *out, const char *raw)
{
	char buf[64];

	html_text(out, cm_i18n_decimal_text(buf, sizeof buf, raw));
}

/* Keys whose figures are fractions of 1 (shares, rates, caps): people read percentages. */
static int is_fraction_key(const char *key)
{
	size_t n = strlen(key);

	return !strcmp(key, "share") || !strcmp(key, "cap") ||
	       (n > 5 && !strcmp(key + n - 5, "_rate")) || (n > 6 && !strcmp(key + n - 6, "_share"));
}

void html_field(FILE *out, const char *key, const cJSON *v)
{
	char buf[64];
	double d;

	if (cJSON_IsString(v))
		html_text(out, cm_label_value(key, v->valuestring));
	else if (is_fraction_key(key) && html_num(v, &d))
		html_text(out, cm_i18n_percent(buf, sizeof buf, d * 100, 1));
	else
		html_value(out, v);
}

void html_value(FILE *out, const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		html_text(out, html_str(HS_NONE));
	else if (cJSON_IsTrue(v))
		html_text(out, html_str(HS_YES));
	else if (cJSON_IsFalse(v))
		html_text(out, html_str(HS_NO));
	else if (cJSON_IsRaw(v))
		html_number(out, v->valuestring);
	else if (cJSON_IsNumber(v))
		fprintf(out, "%lld", (long long)v->valuedouble);
	else if (cJSON_IsString(v))
		html_text(out, v->valuestring);
}

/* Digits, a '.' and digits, an exponent: what cm's emitters write, read without the locale. */
static int parse_c_number(const char *s, double *out)
{
	double v = 0, scale = 1;
	int neg = 0, digits = 0, exp = 0, eneg = 0;

	if (*s == '-')
		neg = 1, s++;
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		v = v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++)
			v += (*s - '0') * (scale /= 10);
	if (digits && (*s == 'e' || *s == 'E')) {
		s++;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		for (; *s >= '0' && *s <= '9'; s++)
			exp = exp * 10 + (*s - '0');
		while (exp-- > 0)
			v = eneg ? v / 10 : v * 10;
	}
	if (!digits || *s)
		return 0;
	*out = neg ? -v : v;
	return 1;
}

int html_num(const cJSON *v, double *out)
{
	if (cJSON_IsNumber(v)) {
		*out = v->valuedouble;
		return 1;
	}
	return cJSON_IsRaw(v) && parse_c_number(v->valuestring, out);
}

void html_coord(FILE *out, long long tenths)
{
	if (tenths < 0) {
		putc('-', out);
		tenths = -tenths;
	}
	fprintf(out, "%lld", tenths / 10);
	if (tenths % 10)
		fprintf(out, ".%lld", tenths % 10);
}

static const char style[] =
	"body{font-family:sans-serif;font-size:11pt;color:#111;max-width:190mm;"
	"margin:1em auto;padding:0 1em}\n"
	"h1{font-size:16pt;margin:0 0 .3em}\n"
	"h2{font-size:13pt;border-bottom:1px solid #888;margin:1.2em 0 .4em}\n"
	"h3{font-size:11pt;margin:1em 0 .3em}\n"
	"p{margin:.2em 0}\n"
	".meta{color:#333;font-size:10pt}\n"
	"table{border-collapse:collapse;margin:.4em 0 .8em;font-size:9pt}\n"
	"th,td{border:1px solid #999;padding:2px 5px;text-align:left;vertical-align:top}\n"
	"th{background:#eee}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td.withheld{font-style:italic;color:#555}\n"
	"caption{text-align:left;font-weight:bold;padding:2px 0}\n"
	"figure{margin:.4em 0}\n"
	"figcaption{font-size:9pt;color:#333}\n"
	"svg{max-width:100%;height:auto}\n"
	"svg text{font-family:sans-serif;font-size:11px;fill:#111}\n"
	"dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:.4em 0}\n"
	"dt{font-weight:bold}\n"
	"dd{margin:0}\n"
	"code{font-size:8pt;word-break:break-all}\n"
	".signatures{display:flex;gap:8mm;margin-top:.6em}\n"
	".signature{flex:1;border:1px solid #000;padding:3mm;min-height:38mm}\n"
	".line{border-bottom:1px solid #000;height:12mm;margin:2mm 0}\n"
	"@page{size:A4;margin:15mm}\n"
	"@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
	"figure,table,.signatures,.goal{break-inside:avoid}h2,h3{break-after:avoid}}\n";

void html_page_begin(FILE *out, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"", out);
	html_text(out, html_str(HS_LANG));
	fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\""
	      " content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n"
	      "<meta name=\"generator\" content=\"", out);
	html_text(out, html_str(HS_GENERATOR));
	fputs("\">\n<title>", out);
	html_text(out, title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

void html_page_end(FILE *out)
{
	fputs("</body>\n</html>\n", out);
}

/* The keys that name a row rather than count something: never a withheld mark. */
static int is_label_key(const char *key)
{
	static const char *const labels[] = { "worker", "programme", "team", "month", "group",
		"outcome", "measure", "name", "of" };
	size_t i;

	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i], key))
			return 1;
	return 0;
}

/*
 * Figures are emitted as numbers, so text where a figure belongs is the mark
 * of a withheld one: "<5" for a small count, another for one withheld to
 * protect it.
 */
int html_withheld(const char *key, const cJSON *v)
{
	return cJSON_IsString(v) && !is_label_key(key);
}

static void table_cell(FILE *out, const cJSON *v, const char *key)
{
	if (html_withheld(key, v))
		fputs("<td class=\"withheld\">", out);
	else if (cJSON_IsRaw(v) || cJSON_IsNumber(v))
		fputs("<td class=\"n\">", out);
	else
		fputs("<td>", out);
	html_field(out, key, v);
	fputs("</td>", out);
}

void html_records_table(FILE *out, const cJSON *records, const char *caption)
{
	const cJSON *first = cJSON_GetArrayItem(records, 0), *col, *rec;

	if (!first)
		return;
	fputs("<table>\n<caption>", out);
	html_text(out, caption);
	fputs("</caption>\n<thead><tr>", out);
	cJSON_ArrayForEach(col, first) {
		fputs("<th scope=\"col\">", out);
		html_text(out, html_heading(col->string));
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	cJSON_ArrayForEach(rec, records) {
		fputs("<tr>", out);
		cJSON_ArrayForEach(col, first)
			table_cell(out, cJSON_GetObjectItemCaseSensitive(rec, col->string),
				   col->string);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}
