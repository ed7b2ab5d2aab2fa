/*
 * The HTML pages (internal to lib/html/): escaping, the page frame with its
 * style sheet, numbers for people and for SVG, the strings people read, and
 * the bar chart. Every page is one self-contained file: no script, no
 * external file, font or request (the page's Content-Security-Policy says so).
 */
#ifndef CM_LIB_HTML_IMPL_H
#define CM_LIB_HTML_IMPL_H

#include <stdio.h>
#include <cjson/cJSON.h>
#include "cm/error.h"

/* ---- what people read: every sentence and word of the pages (strings.c) ---- */

enum html_str {
	HS_LANG,                 /* the page's language tag */
	HS_GENERATOR,
	HS_YES, HS_NO, HS_NONE, HS_ALL_CASES, HS_WITHHELD,
	/* the report page */
	HS_REPORT_TITLE,         /* %s: the report's heading */
	HS_REPORTS_TITLE,
	HS_WINDOW,               /* %s, %s: first and last day */
	HS_PROGRAMME_ALL, HS_PROGRAMME_ONE, /* %s: a programme */
	HS_TEAM_ALL, HS_TEAM_ONE,           /* %s: a team */
	HS_SNAPSHOT,             /* %s: the day counted */
	HS_BY_WORKER, HS_BY_PROGRAMME, HS_BY_MONTH,
	HS_MIN_CELL,             /* %s: the threshold (twice) */
	HS_NO_MIN_CELL,
	HS_GENERATED,            /* %s: the time */
	HS_SECTION_SKIPPED,      /* %s: why */
	HS_NO_ROWS, HS_NOTHING_WITHHELD,
	HS_WITHHELD_NOTE,
	HS_TABLE_CAPTION,        /* %s: the report's heading */
	/* report headings */
	HS_R_CASELOAD, HS_R_OUTCOMES, HS_R_DURATIONS, HS_R_YOUTH, HS_R_QUOTA, HS_R_REFERRALS,
	HS_R_CONTACTS,
	/* charts: titles, descriptions, flags */
	HS_C_CASELOAD, HS_D_CASELOAD, HS_C_CASELOAD_P, HS_D_CASELOAD_P, HS_ABOVE_NORM,
	HS_C_OUTCOMES, HS_D_OUTCOMES,
	HS_C_MEDIAN, HS_D_MEDIAN, HS_C_P90, HS_D_P90,
	HS_C_YOUTH, HS_D_YOUTH,
	HS_C_QUOTA, HS_D_QUOTA, HS_ABOVE_CAP,
	HS_C_SENT, HS_D_SENT, HS_C_FEEDBACK, HS_D_FEEDBACK,
	HS_C_CONTACTS, HS_D_CONTACTS,
	HS_D_NORM, HS_D_CAP, HS_D_RULE, HS_D_PATTERN,
	/* the plan */
	HS_PLAN_TITLE,           /* %s: the case number */
	HS_PERSON, HS_BIRTH_DATE, HS_CASE_MANAGER, HS_PROGRAMME, HS_CASE_OPENED,
	HS_VERSION_LINE,         /* %s: version */
	HS_HASH, HS_GOAL,        /* %s: the goal's rank */
	HS_ACTION, HS_OWNER, HS_DUE, HS_STATUS,
	HS_OWNER_CLIENT, HS_OWNER_WORKER,
	HS_ST_OPEN, HS_ST_DONE, HS_ST_DROPPED,
	HS_NO_GOALS, HS_NO_ACTIONS,
	HS_SIGNATURES, HS_SIGN_CLIENT, HS_SIGN_WORKER, HS_SIGNED_ON, /* %s: date */
	HS_SIGNED_MISMATCH, HS_SIGN_DATE, HS_SIGN_HERE, HS_PLAN_NOTE,
	/* the referral packet */
	HS_PACKET_TITLE,         /* %s: the referral number */
	HS_PACKET_TO, HS_PACKET_DATE, HS_PACKET_REASON, HS_PACKET_SHARED, HS_PACKET_NOTHING,
	HS_PACKET_CONSENT,       /* %s: date */
	HS_PACKET_NO_CONSENT, HS_PACKET_ASSESSMENT, HS_PACKET_PLAN, HS_DOMAIN, HS_SCORE,
	HS_PACKET_NOTE,
	HS_COUNT
};

/* The text of id, in the page's language. Never NULL. */
const char *html_str(enum html_str id);
/* A heading for a record key (column or shared field); the key itself when there is none. */
const char *html_heading(const char *key);

/* ---- writing (page.c) ---- */

/* Text with &, <, >, " escaped; NULL writes nothing. */
void html_text(FILE *out, const char *s);
/* One string of the table, escaped; with %s replaced by arg (escaped) when given. */
void html_say(FILE *out, enum html_str id, const char *arg);
void html_say2(FILE *out, enum html_str id, const char *a, const char *b);
/* The same with each %s in turn replaced by the next of args (the last repeats). */
void html_sayv(FILE *out, enum html_str id, const char *const *args, int nargs);
/* The string of id with %s replaced by arg, unescaped, into buf (cut to fit). */
void html_format(char *buf, size_t size, enum html_str id, const char *arg);

/* "Generated at ..." with now (a UTC time from cm_now) in local time. */
void html_generated(FILE *out, const char *now);
/* A number for people: raw C text with the catalogue's decimal separator. */
void html_number(FILE *out, const char *raw);
/* A record value as people read it: numbers, yes/no, "-" for null, strings. */
void html_value(FILE *out, const cJSON *v);
/*
 * A record's value under key as people read it: a code by its display name,
 * a share or rate as a percentage, otherwise as html_value.
 */
void html_field(FILE *out, const char *key, const cJSON *v);
/* The value of a number (raw text or cJSON number) read the C way; 0 when v is not one. */
int html_num(const cJSON *v, double *out);
/* Is v, under key, a withheld mark ("<5", "*") rather than a name that looks like one? */
int html_withheld(const char *key, const cJSON *v);
/* A coordinate in tenths of a pixel, written the C way ("12.5"). */
void html_coord(FILE *out, long long tenths);

/* The page frame: doctype, CSP, style (screen and A4 print), title; then </body>. */
void html_page_begin(FILE *out, const char *title);
void html_page_end(FILE *out);

/* A table of records: one column per key of the first record, headed by html_heading. */
void html_records_table(FILE *out, const cJSON *records, const char *caption);

/* ---- charts (svg.c) ---- */

struct html_bar {
	char *label;            /* what the bar is of (malloc'd) */
	const cJSON *value;     /* a number, the text of a withheld cell, or null (no figure) */
	const cJSON *ref;       /* NULL, or the norm, cap or rule this bar is held against */
	int flagged;            /* above the norm or cap: hatched and labelled */
};

struct html_chart {
	int id;                 /* unique in the page: names the SVG's ids */
	const char *title, *flag_label;
	const char *value_key;  /* the key of the bars' figures, for how to write them */
	enum html_str desc;     /* what a bar is */
	enum html_str ref_desc; /* what the mark across a bar is */
	struct html_bar *bars;
	int nbars;
};

/* The chart's text description: what a bar is, and what marks, patterns and placeholders mean. */
void html_chart_desc(FILE *out, const struct html_chart *c);

/*
 * An inline SVG horizontal bar chart with its title and description. A
 * withheld value is drawn as the one placeholder (rect class "withheld", all
 * of one size) with its mark, never as a bar.
 */
void html_bar_chart(FILE *out, const struct html_chart *c);

#endif
