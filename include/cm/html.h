/*
 * Self-contained HTML pages for people who read on screen or paper: the
 * reports with their charts, the action plan for signature and a referral's
 * packet. Each page is one file with inline CSS (A4 print rules) and inline
 * SVG: no script, no external file, font or request, which its
 * Content-Security-Policy meta tag enforces. See cm-report(1), cm-plan(1),
 * cm-refer(1).
 *
 * Each function writes the whole page to out (not owned) or nothing: the
 * caller gives a memory stream and copies it out only on success.
 */
#ifndef CM_HTML_H
#define CM_HTML_H

#include <stdint.h>
#include <stdio.h>
#include "cm/error.h"
#include "cm/report.h"

struct cm_store;

/*
 * The reports named (a NULL-terminated list) for one window and filters, as
 * cm_report_run computes them after suppression: one section per report
 * with its charts and its table. With several names a report that refuses
 * the filters (a --by it does not offer, another programme) gets a section
 * saying so; with one name its refusal is the error.
 */
int cm_html_report(struct cm_store *s, const char *const *names, const struct cm_report_opts *o,
		   FILE *out, struct cm_error *err);

/* The current version of the case's plan, with signature blocks (cm plan CASE show). */
int cm_html_plan(struct cm_store *s, int64_t case_id, FILE *out, struct cm_error *err);

/*
 * The referral's packet (cm refer --packet): what cm_referral_packet gives,
 * audited the same way, and the consent it relies on.
 */
int cm_html_packet(struct cm_store *s, int64_t referral, FILE *out, struct cm_error *err);

#endif
