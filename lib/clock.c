/*
 * The only place that reads $CM_TODAY and $CM_NOW, so every date agrees, and
 * the conversions between the local time people use and the UTC stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cm/clock.h"
#include "cm/date.h"

#define DAY_SECONDS 86400LL

struct civil {
	int y, mo, d, h, mi, s;
};

static int digits(const char **p, int n, int max, int *out)
{
	int v = 0;

	for (; n > 0; n--, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return v <= max ? 0 : -1;
}

static int expect_char(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/*
 * YYYY-MM-DDTHH:MM[:SS] then nothing (*has_offset 0), "Z" or +-HH:MM
 * (*has_offset 1, *offset in seconds east of UTC).
 */
static int split_time(const char *s, struct civil *c, int *has_offset, long *offset)
{
	const char *p = s;
	cm_days day;
	int oh, om;

	c->s = 0;
	if (digits(&p, 4, 9999, &c->y) || expect_char(&p, '-') || digits(&p, 2, 12, &c->mo)
	    || expect_char(&p, '-') || digits(&p, 2, 31, &c->d) || expect_char(&p, 'T')
	    || digits(&p, 2, 23, &c->h) || expect_char(&p, ':') || digits(&p, 2, 59, &c->mi))
		return -1;
	if (*p == ':' && (p++, digits(&p, 2, 59, &c->s)))
		return -1;
	if (cm_date_from_ymd(c->y, c->mo, c->d, &day))
		return -1;
	*has_offset = *p != '\0';
	*offset = 0;
	if (*p == 'Z')
		return p[1] ? -1 : 0;
	if (!*p)
		return 0;
	if ((*p != '+' && *p != '-'))
		return -1;
	p++;
	if (digits(&p, 2, 23, &oh) || expect_char(&p, ':') || digits(&p, 2, 59, &om) || *p)
		return -1;
	*offset = (s[strlen(s) - 6] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
	return 0;
}

/* Seconds since 1970 of a civil time read as UTC: day arithmetic, no time zone. */
static long long civil_seconds(const struct civil *c)
{
	cm_days day;

	cm_date_from_ymd(c->y, c->mo, c->d, &day);
	return day * DAY_SECONDS + c->h * 3600LL + c->mi * 60LL + c->s;
}

static void format_utc(long long t, char out[CM_TIME_LEN])
{
	long long day = t / DAY_SECONDS - (t % DAY_SECONDS < 0);
	long long sec = t - day * DAY_SECONDS;

	int part[3] = { (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60) };
	int i;

	cm_date_format((cm_days)day, out);
	for (i = 0; i < 3; i++) {
		out[10 + 3 * i] = i ? ':' : 'T';
		out[11 + 3 * i] = (char)('0' + part[i] / 10);
		out[12 + 3 * i] = (char)('0' + part[i] % 10);
	}
	out[19] = 'Z';
	out[20] = '\0';
}

static int same_fields(const struct tm *tm, const struct civil *c)
{
	return tm->tm_year == c->y - 1900 && tm->tm_mon == c->mo - 1 && tm->tm_mday == c->d
	       && tm->tm_hour == c->h && tm->tm_min == c->mi;
}

/*
 * A local civil time as seconds since 1970. Both readings (standard and
 * summer time) are tried so that an autumn hour that occurs twice gives
 * the earlier and a skipped spring hour is found out.
 */
static int local_seconds(const struct civil *c, long long *out)
{
	int found = 0, dst;

	for (dst = 0; dst <= 1; dst++) {
		struct tm tm = { .tm_year = c->y - 1900, .tm_mon = c->mo - 1, .tm_mday = c->d,
				 .tm_hour = c->h, .tm_min = c->mi, .tm_sec = c->s,
				 .tm_isdst = dst };
		struct tm back;
		time_t t = mktime(&tm);

		if (t == (time_t)-1 || !localtime_r(&t, &back) || !same_fields(&back, c))
			continue;
		if (!found || (long long)t < *out)
			*out = (long long)t;
		found = 1;
	}
	return found ? 0 : -1;
}

static int parse_seconds(const char *in, long long *out)
{
	struct civil c;
	int has_offset;
	long offset;

	if (!in || split_time(in, &c, &has_offset, &offset))
		return -1;
	if (!has_offset)
		return local_seconds(&c, out);
	*out = civil_seconds(&c) - offset;
	return 0;
}

int cm_time_parse(const char *in, char out[CM_TIME_LEN])
{
	long long t;

	if (parse_seconds(in, &t))
		return CM_EUSAGE;
	format_utc(t, out);
	return 0;
}

int cm_time_is_utc(const char *s)
{
	struct civil c;
	int has_offset;
	long offset;

	return s && strlen(s) == CM_TIME_LEN - 1 && s[CM_TIME_LEN - 2] == 'Z'
	       && split_time(s, &c, &has_offset, &offset) == 0;
}

static void local_tm(long long t, struct tm *tm)
{
	time_t tt = (time_t)t;

	localtime_r(&tt, tm);
}

void cm_time_local_date(const char *stored, char out[CM_DATE_LEN])
{
	struct tm tm;
	long long t;

	if (cm_time_is_utc(stored) && parse_seconds(stored, &t) == 0) {
		local_tm(t, &tm);
		strftime(out, CM_DATE_LEN, "%Y-%m-%d", &tm);
		return;
	}
	snprintf(out, CM_DATE_LEN, "%.10s", stored ? stored : "");
}

void cm_time_local(const char *stored, char out[CM_LOCAL_TIME_LEN])
{
	struct tm tm;
	long long t;
	long off;
	size_t n;

	if (!cm_time_is_utc(stored) || parse_seconds(stored, &t)) {
		snprintf(out, CM_LOCAL_TIME_LEN, "%s", stored ? stored : "");
		return;
	}
	local_tm(t, &tm);
	n = strftime(out, CM_LOCAL_TIME_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
	off = tm.tm_gmtoff;
	if (off == 0)
		snprintf(out + n, CM_LOCAL_TIME_LEN - n, "Z");
	else
		snprintf(out + n, CM_LOCAL_TIME_LEN - n, "%c%02ld:%02ld", off < 0 ? '-' : '+',
			 labs(off) / 3600, labs(off) / 60 % 60);
}

static int env_now(long long *t, int *given, struct cm_error *err)
{
	const char *env = getenv("CM_NOW");

	*given = env && *env;
	if (!*given)
		return 0;
	if (parse_seconds(env, t))
		return cm_error_set(err, CM_EUSAGE,
				    "CM_NOW: invalid time '%s' (expected YYYY-MM-DDTHH:MM:SSZ)", env);
	return 0;
}

int cm_today(char out[CM_DATE_LEN], struct cm_error *err)
{
	const char *env = getenv("CM_TODAY");
	long long t = (long long)time(NULL);
	struct tm tm;
	cm_days d;
	int given, rc;

	if (env && *env) {
		if (cm_date_parse_iso(env, &d) < 0)
			return cm_error_set(err, CM_EUSAGE,
					    "CM_TODAY: invalid date '%s' (expected YYYY-MM-DD)", env);
		cm_date_format(d, out);
		return 0;
	}
	rc = env_now(&t, &given, err);
	if (rc < 0)
		return rc;
	local_tm(t, &tm);
	strftime(out, CM_DATE_LEN, "%Y-%m-%d", &tm);
	return 0;
}

/* $CM_TODAY's date at the local time of day t: a rehearsal keeps its hours. */
static long long on_today(const char *today, long long t)
{
	struct civil c;
	struct tm tm;
	long long moved;

	local_tm(t, &tm);
	sscanf(today, "%4d-%2d-%2d", &c.y, &c.mo, &c.d);
	c.h = tm.tm_hour;
	c.mi = tm.tm_min;
	c.s = tm.tm_sec;
	if (local_seconds(&c, &moved) == 0)
		return moved;
	return civil_seconds(&c) - tm.tm_gmtoff;
}

int cm_now(char out[CM_TIME_LEN], struct cm_error *err)
{
	char today[CM_DATE_LEN];
	long long t = (long long)time(NULL);
	int given, rc;

	rc = env_now(&t, &given, err);
	if (rc < 0)
		return rc;
	if (!given && getenv("CM_TODAY") && *getenv("CM_TODAY")) {
		rc = cm_today(today, err);
		if (rc < 0)
			return rc;
		t = on_today(today, t);
	}
	format_utc(t, out);
	return 0;
}
