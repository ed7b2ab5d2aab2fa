/*
 * Horizontal bar charts as inline SVG. Lengths are computed in tenths of a
 * pixel and written the C way, whatever the language of the page's text.
 */
#include "html_impl.h"

enum {
	WIDTH = 640,
	LABEL_RIGHT = 185,      /* labels end here */
	BAR_LEFT = 195,
	BAR_SPAN = 340,         /* the longest bar */
	ROW = 24,
	BAR_HEIGHT = 16,
	PAD = 8,
	PLACEHOLDER = 30,       /* every withheld cell: this wide, whatever it hides */
};

static void defs(FILE *out, int id)
{
	fprintf(out, "<defs>\n"
		"<pattern id=\"c%d-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
		" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#9db8dc\"/>"
		"<rect width=\"3\" height=\"6\" fill=\"#1c3f6e\"/></pattern>\n"
		"<pattern id=\"c%d-withheld\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\">"
		"<rect width=\"4\" height=\"4\" fill=\"#e4e4e4\"/>"
		"<path d=\"M0,4 L4,0\" stroke=\"#999\" stroke-width=\"1\"/></pattern>\n"
		"</defs>\n", id, id);
}

/* The largest figure shown, bars and references alike, so every mark fits. */
static double scale_max(const struct html_chart *c)
{
	double max = 0, v;
	int i;

	for (i = 0; i < c->nbars; i++) {
		if (html_num(c->bars[i].value, &v) && v > max)
			max = v;
		if (c->bars[i].ref && html_num(c->bars[i].ref, &v) && v > max)
			max = v;
	}
	return max > 0 ? max : 1;
}

static long long length_of(double v, double max)
{
	if (v <= 0)
		return 0;
	return (long long)(v / max * BAR_SPAN * 10 + 0.5);
}

static void rect(FILE *out, const char *cls, long long x, long long y, long long w, long long h,
		 const char *fill)
{
	fprintf(out, "<rect class=\"%s\" x=\"", cls);
	html_coord(out, x);
	fputs("\" y=\"", out);
	html_coord(out, y);
	fputs("\" width=\"", out);
	html_coord(out, w);
	fputs("\" height=\"", out);
	html_coord(out, h);
	fprintf(out, "\" %s/>\n", fill);
}

static void text_at(FILE *out, long long x, long long y, const char *anchor)
{
	fputs("<text x=\"", out);
	html_coord(out, x);
	fputs("\" y=\"", out);
	html_coord(out, y);
	fprintf(out, "\" text-anchor=\"%s\">", anchor);
}

static void bar_row(FILE *out, const struct html_chart *c, const struct html_bar *b,
		    int row, double max)
{
	long long top = (PAD + row * ROW) * 10, base = top + (BAR_HEIGHT - 4) * 10;
	long long len = 0, end;
	char fill[64];
	double v, r;

	text_at(out, LABEL_RIGHT * 10, base, "end");
	html_text(out, b->label);
	fputs("</text>\n", out);
	if (cJSON_IsString(b->value)) {
		snprintf(fill, sizeof fill, "fill=\"url(#c%d-withheld)\" stroke=\"#777\"", c->id);
		rect(out, "withheld", BAR_LEFT * 10, top, PLACEHOLDER * 10, BAR_HEIGHT * 10, fill);
		text_at(out, (BAR_LEFT + PLACEHOLDER + 6) * 10, base, "start");
		html_value(out, b->value);
		fputs(" <tspan font-style=\"italic\">", out);
		html_text(out, html_str(HS_WITHHELD));
		fputs("</tspan></text>\n", out);
		return;
	}
	/* No figure (null) draws no bar; nothing is withheld either. */
	if (html_num(b->value, &v)) {
		len = length_of(v, max);
		if (b->flagged)
			snprintf(fill, sizeof fill, "fill=\"url(#c%d-hatch)\" stroke=\"#1c3f6e\"",
				 c->id);
		else
			snprintf(fill, sizeof fill, "fill=\"#4a7ab5\"");
		rect(out, b->flagged ? "value flagged" : "value", BAR_LEFT * 10, top, len,
		     BAR_HEIGHT * 10, fill);
	}
	end = BAR_LEFT * 10 + len;
	if (b->ref && html_num(b->ref, &r)) {
		long long x = BAR_LEFT * 10 + length_of(r, max);

		rect(out, "reference", x - 10, top - 30, 20, (BAR_HEIGHT + 6) * 10, "fill=\"#000\"");
		if (x > end)
			end = x;
	}
	text_at(out, end + 60, base, "start");
	html_field(out, c->value_key, b->value);
	if (b->flagged && c->flag_label) {
		fputs(" <tspan font-weight=\"bold\">", out);
		html_text(out, c->flag_label);
		fputs("</tspan>", out);
	}
	fputs("</text>\n", out);
}

void html_chart_desc(FILE *out, const struct html_chart *c)
{
	int i, ref = 0, flagged = 0, withheld = 0;
	double v;

	for (i = 0; i < c->nbars; i++) {
		ref |= c->bars[i].ref && html_num(c->bars[i].ref, &v);
		flagged |= c->bars[i].flagged;
		withheld |= cJSON_IsString(c->bars[i].value);
	}
	html_say(out, c->desc, NULL);
	if (ref) {
		putc(' ', out);
		html_say(out, c->ref_desc, NULL);
	}
	if (ref && flagged && c->flag_label) {
		putc(' ', out);
		html_say(out, HS_D_PATTERN, c->flag_label);
	}
	if (withheld) {
		putc(' ', out);
		html_say(out, HS_WITHHELD_NOTE, NULL);
	}
}

void html_bar_chart(FILE *out, const struct html_chart *c)
{
	int height = 2 * PAD + c->nbars * ROW, i;
	double max = scale_max(c);

	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\""
		" height=\"%d\" viewBox=\"0 0 %d %d\" aria-labelledby=\"c%d-title c%d-desc\">\n",
		WIDTH, height, WIDTH, height, c->id, c->id);
	fprintf(out, "<title id=\"c%d-title\">", c->id);
	html_text(out, c->title);
	fprintf(out, "</title>\n<desc id=\"c%d-desc\">", c->id);
	html_chart_desc(out, c);
	fputs("</desc>\n", out);
	defs(out, c->id);
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n",
		BAR_LEFT, PAD / 2, BAR_LEFT, height - PAD / 2);
	for (i = 0; i < c->nbars; i++)
		bar_row(out, c, &c->bars[i], i, max);
	fputs("</svg>\n", out);
}
