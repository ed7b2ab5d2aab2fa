/*
 * The one place that reads CM_TODAY and CM_NOW, and the one rule for times:
 * people type and read local time (TZ), the database keeps UTC with its "Z",
 * and "today" is the local date.
 */
#ifndef CM_CLOCK_H
#define CM_CLOCK_H

#include "cm/error.h"

#define CM_DATE_LEN 11      /* "YYYY-MM-DD" + NUL */
#define CM_TIME_LEN 21      /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
#define CM_LOCAL_TIME_LEN 26 /* "YYYY-MM-DDTHH:MM:SS+HH:MM" + NUL */

/*
 * Today's local date as YYYY-MM-DD: $CM_TODAY when set, else the local date
 * of $CM_NOW when set, else of the clock. Returns CM_EUSAGE (the message
 * names the variable) when either is malformed.
 */
int cm_today(char out[CM_DATE_LEN], struct cm_error *err);

/*
 * The current time in UTC as YYYY-MM-DDTHH:MM:SSZ: $CM_NOW when set (with Z
 * or an offset such as +01:00), else the clock; when only $CM_TODAY is set,
 * that local date at the local time of day.
 */
int cm_now(char out[CM_TIME_LEN], struct cm_error *err);

/*
 * A time typed by a person, YYYY-MM-DDTHH:MM[:SS] in local time, or with
 * "Z" or "+HH:MM"/"-HH:MM" at the end, converted to UTC (out). A local time
 * that the clocks skip at the change to summer time is refused; one that
 * occurs twice in autumn is the first of the two. Returns 0 or CM_EUSAGE
 * (no message: the caller names the option).
 */
int cm_time_parse(const char *in, char out[CM_TIME_LEN]);

/* 1 when s is a stored UTC time, YYYY-MM-DDTHH:MM:SSZ. */
int cm_time_is_utc(const char *s);

/*
 * The local date of a stored time (a UTC time, or a value written before
 * times carried their offset, taken as local), or a date unchanged.
 */
void cm_time_local_date(const char *stored, char out[CM_DATE_LEN]);

/*
 * A stored UTC time as local ISO 8601 with its offset, for people:
 * "2026-12-01T14:00:00+01:00" (in UTC: "...Z"). Anything else is copied.
 */
void cm_time_local(const char *stored, char out[CM_LOCAL_TIME_LEN]);

#endif
