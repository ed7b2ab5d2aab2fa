/* The only place that reads $CM_TODAY and $CM_NOW, so every date agrees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cm/clock.h"
#include "cm/date.h"

int cm_today(char out[CM_DATE_LEN], struct cm_error *err)
{
	const char *env = getenv("CM_TODAY");
	cm_days d;
	time_t t;
	struct tm tm;

	if (env && *env) {
		if (cm_date_parse_iso(env, &d) < 0)
			return cm_error_set(err, CM_EUSAGE,
					    "CM_TODAY: invalid date '%s' (expected YYYY-MM-DD)", env);
		cm_date_format(d, out);
		return 0;
	}
	t = time(NULL);
	localtime_r(&t, &tm);
	strftime(out, CM_DATE_LEN, "%Y-%m-%d", &tm);
	return 0;
}

static int valid_time(const char *s)
{
	int h, m, sec;
	char z;
	cm_days d;
	char date[CM_DATE_LEN];

	if (strlen(s) != 20 || s[10] != 'T')
		return 0;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (cm_date_parse_iso(date, &d) < 0)
		return 0;
	if (sscanf(s + 11, "%2d:%2d:%2d%c", &h, &m, &sec, &z) != 4 || z != 'Z')
		return 0;
	return h < 24 && m < 60 && sec < 60;
}

int cm_now(char out[CM_TIME_LEN], struct cm_error *err)
{
	const char *env = getenv("CM_NOW");
	char today[CM_DATE_LEN];
	time_t t;
	struct tm tm;
	int rc;

	if (env && *env) {
		if (!valid_time(env))
			return cm_error_set(err, CM_EUSAGE,
					    "CM_NOW: invalid time '%s' (expected YYYY-MM-DDTHH:MM:SSZ)",
					    env);
		memcpy(out, env, CM_TIME_LEN);
		return 0;
	}
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(out, CM_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (getenv("CM_TODAY")) {
		rc = cm_today(today, err);
		if (rc < 0)
			return rc;
		memcpy(out, today, 10);
	}
	return 0;
}
