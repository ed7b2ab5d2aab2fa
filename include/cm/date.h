/* Calendar dates: parsing every input format, and arithmetic on days. */
#ifndef CM_DATE_H
#define CM_DATE_H

#include "cm/clock.h"     /* CM_DATE_LEN */
#include "cm/error.h"

/* A date as days since 1970-01-01 (proleptic Gregorian); may be negative. */
typedef long cm_days;

/* Input patterns accepted by cm_date_parse. */
enum cm_date_pattern {
	CM_DATE_ISO,        /* yyyy-mm-dd */
	CM_DATE_DMY,        /* dd/mm/yyyy */
	CM_DATE_MDY,        /* mm/dd/yyyy */
	CM_DATE_COMPACT,    /* yyyymmdd */
	CM_DATE_DMY2,       /* dd/mm/yy: a year that would lie after today's is in the previous century */
	CM_DATE_DOTTED,     /* dd.mm.yyyy */
	CM_DATE_DMY_SHORT,  /* d/m/yyyy: day and month of one or two digits */
	CM_DATE_DASHED,     /* dd-mm-yyyy */
	CM_DATE_DASHED2,    /* dd-mm-yy */
	CM_DATE_MON,        /* dd-mon-yyyy: an English or French month abbreviation, any case */
	CM_DATE_MON2,       /* dd-mon-yy */
	CM_DATE_ISO_TIME,   /* "iso": yyyy-mm-dd, then an optional time and offset (the date as written) */
};

/* Map "dd/mm/yyyy" etc. (any case) to a pattern; CM_EUSAGE for an unknown name. */
int cm_date_pattern_parse(const char *name, enum cm_date_pattern *out);

/*
 * Parse s in the given pattern; impossible dates (31/02) are refused.
 * today is needed only for CM_DATE_DMY2 (pivot); it may be 0 otherwise.
 * Returns 0 or CM_EUSAGE.
 */
int cm_date_parse(const char *s, enum cm_date_pattern p, cm_days today, cm_days *out);

/* Parse a strict YYYY-MM-DD. Returns 0 or CM_EUSAGE. */
int cm_date_parse_iso(const char *s, cm_days *out);

/* Format as YYYY-MM-DD into out (CM_DATE_LEN bytes). */
void cm_date_format(cm_days d, char *out);

/*
 * Civil date <-> days. cm_date_from_ymd returns CM_EUSAGE if not a real date
 * or outside years 1-9999 (the same bound applies to every parsed date).
 */
int cm_date_from_ymd(int y, int m, int d, cm_days *out);
void cm_date_to_ymd(cm_days d, int *y, int *m, int *day);

/* d plus n calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb). */
cm_days cm_date_add_months(cm_days d, int n);

/*
 * Whole years between birth and on (age on date `on`). A 29 February birthday
 * counts from 1 March in common years. When on precedes birth, minus the
 * whole years from on to birth.
 */
int cm_date_age(cm_days birth, cm_days on);

/* Today as cm_days (reads the clock module). */
int cm_date_today(cm_days *out, struct cm_error *err);

#endif
