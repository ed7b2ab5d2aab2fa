/* The one place that reads CM_TODAY and CM_NOW. */
#ifndef CM_CLOCK_H
#define CM_CLOCK_H

#include "cm/error.h"

#define CM_DATE_LEN 11      /* "YYYY-MM-DD" + NUL */
#define CM_TIME_LEN 21      /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/*
 * Today's date as YYYY-MM-DD: $CM_TODAY when set, else the local date.
 * Returns CM_EUSAGE (message names CM_TODAY) when $CM_TODAY is malformed.
 */
int cm_today(char out[CM_DATE_LEN], struct cm_error *err);

/*
 * The current time as YYYY-MM-DDTHH:MM:SSZ (UTC): $CM_NOW when set (tests),
 * else the clock; when only $CM_TODAY is set, that date with the time of day.
 */
int cm_now(char out[CM_TIME_LEN], struct cm_error *err);

#endif
