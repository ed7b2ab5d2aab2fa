/* Calendar dates as day numbers: parsing, formatting and arithmetic. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cm/clock.h"
#include "cm/date.h"

/*
 * Day numbers are computed with plain integer arithmetic on the proleptic
 * Gregorian calendar rather than mktime(), so results never depend on the
 * time zone, daylight saving or the range of time_t.
 */

/* Days from 0000-03-01 to 1970-01-01: the epoch shift for a March-based year. */
#define DAYS_TO_EPOCH 719468L
#define DAYS_PER_ERA 146097L    /* 400 Gregorian years repeat exactly */

#define YEAR_MIN 1
#define YEAR_MAX 9999           /* keeps every date four digits wide */

static int is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Division rounding towards minus infinity, so dates before 0000 work too. */
static long floor_div(long a, long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/*
 * Counting years from March puts the leap day at the end of the year, so the
 * day of the year follows from the month by one linear formula.
 */
static cm_days days_from_civil(long y, int m, int d)
{
	long shifted = m <= 2 ? y - 1 : y;
	long era = floor_div(shifted, 400);
	long year_of_era = shifted - era * 400;
	int month_from_march = (m + 9) % 12;
	long day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
	long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100
		+ day_of_year;

	return era * DAYS_PER_ERA + day_of_era - DAYS_TO_EPOCH;
}

void cm_date_to_ymd(cm_days d, int *y, int *m, int *day)
{
	long z = d + DAYS_TO_EPOCH;
	long era = floor_div(z, DAYS_PER_ERA);
	long day_of_era = z - era * DAYS_PER_ERA;
	/* Undo the 4/100/400 corrections to find the year within the era. */
	long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
			    - day_of_era / (DAYS_PER_ERA - 1)) / 365;
	long day_of_year = day_of_era
		- (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	long month_from_march = (5 * day_of_year + 2) / 153;
	int month = (int)(month_from_march < 10 ? month_from_march + 3
			  : month_from_march - 9);

	*day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	*m = month;
	*y = (int)(year_of_era + era * 400 + (month <= 2));
}

int cm_date_from_ymd(int y, int m, int d, cm_days *out)
{
	if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1
	    || d > days_in_month(y, m))
		return CM_EUSAGE;
	*out = days_from_civil(y, m, d);
	return 0;
}

static void put_digits(char *out, int v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void cm_date_format(cm_days d, char *out)
{
	int y, m, day;

	cm_date_to_ymd(d, &y, &m, &day);
	if (y < YEAR_MIN || y > YEAR_MAX) {
		/* Bounded so a day number outside years 1-9999 cannot overrun out. */
		snprintf(out, CM_DATE_LEN, "%04d-%02d-%02d", y, m, day);
		return;
	}
	/* Digits written directly: an import formats two dates a row, a million rows. */
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, day, 2);
	out[10] = '\0';
}

static const struct {
	const char *name;
	enum cm_date_pattern pattern;
} pattern_names[] = {
	{ "yyyy-mm-dd", CM_DATE_ISO },
	{ "dd/mm/yyyy", CM_DATE_DMY },
	{ "mm/dd/yyyy", CM_DATE_MDY },
	{ "yyyymmdd", CM_DATE_COMPACT },
	{ "dd/mm/yy", CM_DATE_DMY2 },
	{ "dd.mm.yyyy", CM_DATE_DOTTED },
	{ "d/m/yyyy", CM_DATE_DMY_SHORT },
	{ "dd-mm-yyyy", CM_DATE_DASHED },
	{ "dd-mm-yy", CM_DATE_DASHED2 },
	{ "dd-mon-yyyy", CM_DATE_MON },
	{ "dd-mon-yy", CM_DATE_MON2 },
	{ "iso", CM_DATE_ISO_TIME },
};

int cm_date_pattern_parse(const char *name, enum cm_date_pattern *out)
{
	size_t i;

	if (!name)
		return CM_EUSAGE;
	/* Mapping files are written by hand: "DD/MM/YYYY" means the same. */
	for (i = 0; i < sizeof(pattern_names) / sizeof(pattern_names[0]); i++) {
		if (!strcasecmp(name, pattern_names[i].name)) {
			*out = pattern_names[i].pattern;
			return 0;
		}
	}
	return CM_EUSAGE;
}

/*
 * Read exactly n decimal digits, then the separator sep (none when sep is
 * 0). Not strtol: it would accept signs, spaces and any number of digits.
 */
static int take_digits(const char **s, int n, char sep, int *out)
{
	const char *p = *s;
	int v = 0;

	for (; n > 0; n--, p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (sep) {
		if (*p != sep)
			return -1;
		p++;
	}
	*s = p;
	*out = v;
	return 0;
}

/* One or two digits, then sep. */
static int take_short(const char **s, char sep, int *out)
{
	if ((*s)[0] >= '0' && (*s)[0] <= '9' && (*s)[1] == sep)
		return take_digits(s, 1, sep, out);
	return take_digits(s, 2, sep, out);
}

/* A byte of a month name folded to lower case, É and Û (UTF-8 C3 89, C3 9B) included. */
static unsigned char fold(const unsigned char *p)
{
	if (p[-1] == 0xc3 && p[0] >= 0x80 && p[0] <= 0x9e)
		return (unsigned char)(p[0] + 0x20);
	return (unsigned char)(p[0] >= 'A' && p[0] <= 'Z' ? p[0] + 32 : p[0]);
}

/* English and French abbreviations, as exports write them (with or without accents). */
static const struct {
	const char *name;
	int month;
} month_names[] = {
	{ "jan", 1 }, { "janv", 1 }, { "feb", 2 }, { "fev", 2 }, { "fevr", 2 },
	{ "f\xc3\xa9v", 2 }, { "f\xc3\xa9vr", 2 }, { "mar", 3 }, { "mars", 3 },
	{ "apr", 4 }, { "avr", 4 }, { "may", 5 }, { "mai", 5 }, { "jun", 6 },
	{ "juin", 6 }, { "jul", 7 }, { "juil", 7 }, { "aug", 8 }, { "aou", 8 },
	{ "aout", 8 }, { "ao\xc3\xbb", 8 }, { "ao\xc3\xbbt", 8 }, { "sep", 9 },
	{ "sept", 9 }, { "oct", 10 }, { "nov", 11 }, { "dec", 12 }, { "d\xc3\xa9" "c", 12 },
};

/* A month abbreviation (an optional '.' after it), then sep. */
static int take_month(const char **s, char sep, int *out)
{
	const unsigned char *p = (const unsigned char *)*s;
	unsigned char word[8];
	size_t n = 0, i;

	for (; p[n] && p[n] != (unsigned char)sep && p[n] != '.' && n < sizeof word; n++)
		word[n] = n > 0 ? fold(p + n) : (unsigned char)(p[0] >= 'A' && p[0] <= 'Z' ? p[0] + 32 : p[0]);
	for (i = 0; i < sizeof month_names / sizeof month_names[0]; i++) {
		if (strlen(month_names[i].name) != n || memcmp(word, month_names[i].name, n) != 0)
			continue;
		p += n;
		if (*p == '.')
			p++;
		if (*p != (unsigned char)sep)
			return -1;
		*s = (const char *)p + 1;
		*out = month_names[i].month;
		return 0;
	}
	return -1;
}

/* After yyyy-mm-dd: nothing, or [T ]hh:mm[:ss[.fraction]] then Z or +hh[:mm] or -hh[:mm]. */
static int time_and_offset(const char *s)
{
	int v;

	if (!*s)
		return 0;
	if (*s != 'T' && *s != ' ')
		return -1;
	s++;
	if (take_digits(&s, 2, ':', &v) || v > 23 || take_digits(&s, 2, 0, &v) || v > 59)
		return -1;
	if (*s == ':') {
		s++;
		if (take_digits(&s, 2, 0, &v) || v > 60)
			return -1;
		if (*s == '.' || *s == ',')
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
	}
	if (*s == 'Z')
		s++;
	else if (*s == '+' || *s == '-') {
		s++;
		if (take_digits(&s, 2, 0, &v) || v > 14)
			return -1;
		if (*s == ':')
			s++;
		if (*s && (take_digits(&s, 2, 0, &v) || v > 59))
			return -1;
	}
	return *s ? -1 : 0;
}

static int split_fields(const char *s, enum cm_date_pattern p, int *y, int *m, int *d)
{
	switch (p) {
	case CM_DATE_DOTTED:
		return (take_digits(&s, 2, '.', d) || take_digits(&s, 2, '.', m)
			|| take_digits(&s, 4, 0, y) || *s) ? -1 : 0;
	case CM_DATE_DMY_SHORT:
		return (take_short(&s, '/', d) || take_short(&s, '/', m)
			|| take_digits(&s, 4, 0, y) || *s) ? -1 : 0;
	case CM_DATE_DASHED:
		return (take_digits(&s, 2, '-', d) || take_digits(&s, 2, '-', m)
			|| take_digits(&s, 4, 0, y) || *s) ? -1 : 0;
	case CM_DATE_DASHED2:
		return (take_digits(&s, 2, '-', d) || take_digits(&s, 2, '-', m)
			|| take_digits(&s, 2, 0, y) || *s) ? -1 : 0;
	case CM_DATE_MON:
		return (take_digits(&s, 2, '-', d) || take_month(&s, '-', m)
			|| take_digits(&s, 4, 0, y) || *s) ? -1 : 0;
	case CM_DATE_MON2:
		return (take_digits(&s, 2, '-', d) || take_month(&s, '-', m)
			|| take_digits(&s, 2, 0, y) || *s) ? -1 : 0;
	case CM_DATE_ISO_TIME:
		return (take_digits(&s, 4, '-', y) || take_digits(&s, 2, '-', m)
			|| take_digits(&s, 2, 0, d) || time_and_offset(s)) ? -1 : 0;
	case CM_DATE_ISO:
		return (take_digits(&s, 4, '-', y) || take_digits(&s, 2, '-', m)
			|| take_digits(&s, 2, 0, d) || *s) ? -1 : 0;
	case CM_DATE_DMY:
		return (take_digits(&s, 2, '/', d) || take_digits(&s, 2, '/', m)
			|| take_digits(&s, 4, 0, y) || *s) ? -1 : 0;
	case CM_DATE_MDY:
		return (take_digits(&s, 2, '/', m) || take_digits(&s, 2, '/', d)
			|| take_digits(&s, 4, 0, y) || *s) ? -1 : 0;
	case CM_DATE_COMPACT:
		return (take_digits(&s, 4, 0, y) || take_digits(&s, 2, 0, m)
			|| take_digits(&s, 2, 0, d) || *s) ? -1 : 0;
	case CM_DATE_DMY2:
		return (take_digits(&s, 2, '/', d) || take_digits(&s, 2, '/', m)
			|| take_digits(&s, 2, 0, y) || *s) ? -1 : 0;
	}
	return -1;
}

/* Two-digit years are recent unless that would put them in the future. */
static int expand_two_digit_year(int yy, cm_days today)
{
	int ty, tm, td;

	cm_date_to_ymd(today, &ty, &tm, &td);
	return 2000 + yy > ty ? 1900 + yy : 2000 + yy;
}

int cm_date_parse(const char *s, enum cm_date_pattern p, cm_days today, cm_days *out)
{
	int y, m, d;

	if (!s || split_fields(s, p, &y, &m, &d))
		return CM_EUSAGE;
	if (p == CM_DATE_DMY2 || p == CM_DATE_DASHED2 || p == CM_DATE_MON2)
		y = expand_two_digit_year(y, today);
	return cm_date_from_ymd(y, m, d, out);
}

int cm_date_parse_iso(const char *s, cm_days *out)
{
	return cm_date_parse(s, CM_DATE_ISO, 0, out);
}

cm_days cm_date_add_months(cm_days d, int n)
{
	int y, m, day;
	long months;
	long ny;
	int nm, last;

	cm_date_to_ymd(d, &y, &m, &day);
	months = (long)y * 12 + (m - 1) + n;
	ny = floor_div(months, 12);
	nm = (int)(months - ny * 12) + 1;
	last = days_in_month(ny, nm);
	return days_from_civil(ny, nm, day < last ? day : last);
}

/*
 * Someone born on 29 February gains a year on 1 March in common years:
 * until then the birthday has not come round.
 */
int cm_date_age(cm_days birth, cm_days on)
{
	int by, bm, bd, oy, om, od;
	int age;

	if (on < birth)
		return -cm_date_age(on, birth);
	cm_date_to_ymd(birth, &by, &bm, &bd);
	cm_date_to_ymd(on, &oy, &om, &od);
	age = oy - by;
	if (om < bm || (om == bm && od < bd))
		age--;
	return age;
}

int cm_date_today(cm_days *out, struct cm_error *err)
{
	char buf[CM_DATE_LEN];
	int rc;

	rc = cm_today(buf, err);
	if (rc)
		return rc;
	if (cm_date_parse_iso(buf, out))
		return cm_error_set(err, CM_EUSAGE, "today's date '%s' is not a valid date", buf);
	return 0;
}
