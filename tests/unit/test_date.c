/* Date parsing, formatting and arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "cm/clock.h"
#include "cm/date.h"

/* The day number of a date the test knows to be real. */
static cm_days ymd(int y, int m, int d)
{
	cm_days out = 0;

	cr_assert_eq(cm_date_from_ymd(y, m, d, &out), 0, "%04d-%02d-%02d", y, m, d);
	return out;
}

static void assert_parses(const char *s, enum cm_date_pattern p, cm_days today, cm_days want)
{
	cm_days got = 12345;

	cr_assert_eq(cm_date_parse(s, p, today, &got), 0, "'%s' refused", s);
	cr_assert_eq(got, want, "'%s': got %ld, want %ld", s, got, want);
}

static void assert_refused_on(const char *s, enum cm_date_pattern p, cm_days today)
{
	cm_days got = 12345;

	cr_assert_eq(cm_date_parse(s, p, today, &got), CM_EUSAGE, "'%s' accepted", s);
	cr_assert_eq(got, 12345, "'%s' wrote the output on failure", s);
}

static void assert_refused(const char *s, enum cm_date_pattern p)
{
	assert_refused_on(s, p, ymd(2024, 3, 1));
}

static void assert_formats(cm_days d, const char *want)
{
	char buf[CM_DATE_LEN];

	cm_date_format(d, buf);
	cr_assert_str_eq(buf, want);
}

Test(date, known_day_numbers)
{
	cr_assert_eq(ymd(1970, 1, 1), 0);
	cr_assert_eq(ymd(1969, 12, 31), -1);
	cr_assert_eq(ymd(2000, 1, 1), 10957);
	cr_assert_eq(ymd(2000, 3, 1), 11017);
	cr_assert_eq(ymd(1900, 1, 1), -25567);
	cr_assert_eq(ymd(1600, 2, 29), -135081);
	cr_assert_eq(ymd(1, 1, 1), -719162);
	cr_assert_eq(ymd(9999, 12, 31), 2932896);
}

Test(date, format)
{
	assert_formats(0, "1970-01-01");
	assert_formats(-1, "1969-12-31");
	assert_formats(12147, "2003-04-05");
	assert_formats(-719162, "0001-01-01");
	assert_formats(2932896, "9999-12-31");
}

Test(date, format_out_of_range_stays_in_buffer)
{
	char buf[CM_DATE_LEN + 8];

	memset(buf, 'x', sizeof(buf));
	cm_date_format(-800000, buf);
	cr_assert_eq(buf[CM_DATE_LEN - 1], '\0');
	cr_assert_eq(buf[CM_DATE_LEN], 'x');
}

Test(date, leap_years)
{
	cm_days d;

	cr_assert_eq(cm_date_from_ymd(2024, 2, 29, &d), 0);
	cr_assert_eq(cm_date_from_ymd(2000, 2, 29, &d), 0, "divisible by 400");
	cr_assert_eq(cm_date_from_ymd(2400, 2, 29, &d), 0);
	cr_assert_eq(cm_date_from_ymd(1900, 2, 29, &d), CM_EUSAGE, "divisible by 100");
	cr_assert_eq(cm_date_from_ymd(2100, 2, 29, &d), CM_EUSAGE);
	cr_assert_eq(cm_date_from_ymd(2023, 2, 29, &d), CM_EUSAGE);
	cr_assert_eq(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2);
	cr_assert_eq(ymd(1900, 3, 1) - ymd(1900, 2, 28), 1);
	cr_assert_eq(ymd(2001, 1, 1) - ymd(2000, 1, 1), 366);
	cr_assert_eq(ymd(1901, 1, 1) - ymd(1900, 1, 1), 365);
}

Test(date, from_ymd_refuses_impossible_dates)
{
	static const int bad[][3] = {
		{ 2003, 13, 1 }, { 2003, 0, 1 }, { 2003, 1, 0 }, { 2003, 1, 32 },
		{ 2003, 4, 31 }, { 2003, 6, 31 }, { 2003, 9, 31 }, { 2003, 11, 31 },
		{ 1990, 2, 31 }, { 0, 1, 1 }, { 10000, 1, 1 }, { -5, 1, 1 },
	};
	size_t i;
	cm_days d;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(cm_date_from_ymd(bad[i][0], bad[i][1], bad[i][2], &d), CM_EUSAGE,
			     "%d-%d-%d", bad[i][0], bad[i][1], bad[i][2]);
}

/*
 * Walk the calendar day by day over the whole supported range, with a naive
 * counter as the reference, and check both directions and the formatter.
 */
Test(date, round_trip_every_day)
{
	static const int month_len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 1, m = 1, d = 1;
	cm_days n = ymd(1, 1, 1);
	cm_days end = ymd(9999, 12, 31);
	char buf[CM_DATE_LEN], want[40];

	for (; n <= end; n++) {
		int gy, gm, gd, len;
		cm_days back;

		cm_date_to_ymd(n, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d)
			cr_assert_fail("%ld: got %d-%d-%d, want %d-%d-%d", n, gy, gm, gd, y, m, d);
		if (cm_date_from_ymd(y, m, d, &back) || back != n)
			cr_assert_fail("%d-%d-%d: got %ld, want %ld", y, m, d, back, n);
		if (d == 1 || n % 97 == 0) {
			cm_date_format(n, buf);
			snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
			if (strcmp(buf, want) || cm_date_parse_iso(buf, &back) || back != n)
				cr_assert_fail("%ld: formatted '%s', want '%s'", n, buf, want);
		}
		len = month_len[m - 1]
			+ (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
		if (++d > len) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	cr_assert_eq(y, 10000);
}

Test(date, to_ymd_before_year_one)
{
	int y, m, d;

	cm_date_to_ymd(ymd(1, 1, 1) - 1, &y, &m, &d);
	cr_assert(y == 0 && m == 12 && d == 31, "got %d-%d-%d", y, m, d);
}

Test(date, iso)
{
	assert_parses("2003-04-05", CM_DATE_ISO, 0, 12147);
	assert_parses("2024-02-29", CM_DATE_ISO, 0, ymd(2024, 2, 29));
	assert_parses("1900-01-01", CM_DATE_ISO, 0, -25567);
	assert_refused("2023-02-29", CM_DATE_ISO);
	assert_refused("2003-13-01", CM_DATE_ISO);
	assert_refused("2003-00-10", CM_DATE_ISO);
	assert_refused("2003-01-00", CM_DATE_ISO);
	assert_refused("1990-02-31", CM_DATE_ISO);
	assert_refused("2003-4-05", CM_DATE_ISO);
	assert_refused("2003-04-5", CM_DATE_ISO);
	assert_refused("03-04-05", CM_DATE_ISO);
	assert_refused("02003-04-05", CM_DATE_ISO);
	assert_refused(" 2003-04-05", CM_DATE_ISO);
	assert_refused("2003-04-05 ", CM_DATE_ISO);
	assert_refused("2003-04-05T00:00", CM_DATE_ISO);
	assert_refused("2003/04/05", CM_DATE_ISO);
	assert_refused("20030405", CM_DATE_ISO);
	assert_refused("+003-04-05", CM_DATE_ISO);
	assert_refused("2003-+4-05", CM_DATE_ISO);
	assert_refused("0000-01-01", CM_DATE_ISO);
	assert_refused("", CM_DATE_ISO);
	assert_refused(NULL, CM_DATE_ISO);
}

Test(date, parse_iso_shortcut)
{
	cm_days d = 0;

	cr_assert_eq(cm_date_parse_iso("2000-03-01", &d), 0);
	cr_assert_eq(d, 11017);
	cr_assert_eq(cm_date_parse_iso("01/03/2000", &d), CM_EUSAGE);
	cr_assert_eq(cm_date_parse_iso("2000-03-01\n", &d), CM_EUSAGE);
}

Test(date, day_month_year)
{
	assert_parses("05/04/2003", CM_DATE_DMY, 0, 12147);
	assert_parses("29/02/2000", CM_DATE_DMY, 0, ymd(2000, 2, 29));
	assert_parses("31/12/1969", CM_DATE_DMY, 0, -1);
	assert_refused("31/02/1990", CM_DATE_DMY);
	assert_refused("29/02/1900", CM_DATE_DMY);
	assert_refused("01/13/2003", CM_DATE_DMY);
	assert_refused("5/04/2003", CM_DATE_DMY);
	assert_refused("05/4/2003", CM_DATE_DMY);
	assert_refused("05/04/03", CM_DATE_DMY);
	assert_refused("05-04-2003", CM_DATE_DMY);
	assert_refused("05/04/2003 ", CM_DATE_DMY);
	assert_refused(" 05/04/2003", CM_DATE_DMY);
	assert_refused("2003-04-05", CM_DATE_DMY);
}

Test(date, month_day_year)
{
	assert_parses("04/05/2003", CM_DATE_MDY, 0, 12147);
	assert_parses("12/31/1969", CM_DATE_MDY, 0, -1);
	assert_refused("13/05/2003", CM_DATE_MDY);
	assert_refused("02/30/2000", CM_DATE_MDY);
	assert_refused("02/29/2023", CM_DATE_MDY);
	assert_refused("4/05/2003", CM_DATE_MDY);
	assert_refused("04/05/2003x", CM_DATE_MDY);
}

Test(date, compact)
{
	assert_parses("20030405", CM_DATE_COMPACT, 0, 12147);
	assert_parses("20000229", CM_DATE_COMPACT, 0, ymd(2000, 2, 29));
	assert_refused("19000229", CM_DATE_COMPACT);
	assert_refused("20031301", CM_DATE_COMPACT);
	assert_refused("2003045", CM_DATE_COMPACT);
	assert_refused("200304050", CM_DATE_COMPACT);
	assert_refused("2003-04-05", CM_DATE_COMPACT);
	assert_refused(" 20030405", CM_DATE_COMPACT);
	assert_refused("20030405 ", CM_DATE_COMPACT);
}

Test(date, two_digit_year_pivot)
{
	cm_days today = ymd(2024, 3, 1);

	assert_parses("05/04/03", CM_DATE_DMY2, today, 12147);
	assert_parses("01/01/00", CM_DATE_DMY2, today, 10957);
	/* The pivot is on the year: all of 2024 is this century. */
	assert_parses("31/12/24", CM_DATE_DMY2, today, ymd(2024, 12, 31));
	assert_parses("05/04/25", CM_DATE_DMY2, today, -16342);
	assert_parses("05/04/99", CM_DATE_DMY2, today, 10686);
	assert_parses("29/02/96", CM_DATE_DMY2, today, ymd(1996, 2, 29));
	/* 2000 is a leap year, 1900 is not. */
	assert_parses("29/02/00", CM_DATE_DMY2, today, ymd(2000, 2, 29));
	/* Before 2000, "00" is 1900, which had no 29 February. */
	assert_refused_on("29/02/00", CM_DATE_DMY2, ymd(1999, 6, 1));
	assert_parses("01/03/00", CM_DATE_DMY2, ymd(1999, 6, 1), ymd(1900, 3, 1));
	assert_refused("31/02/03", CM_DATE_DMY2);
	assert_refused("05/04/2003", CM_DATE_DMY2);
	assert_refused("5/04/03", CM_DATE_DMY2);
	assert_refused("05/04/3", CM_DATE_DMY2);
	assert_refused("05/04/03 ", CM_DATE_DMY2);
	assert_refused("05.04.03", CM_DATE_DMY2);
}

Test(date, pattern_names)
{
	static const struct {
		const char *name;
		enum cm_date_pattern p;
	} names[] = {
		{ "yyyy-mm-dd", CM_DATE_ISO },
		{ "dd/mm/yyyy", CM_DATE_DMY },
		{ "mm/dd/yyyy", CM_DATE_MDY },
		{ "yyyymmdd", CM_DATE_COMPACT },
		{ "dd/mm/yy", CM_DATE_DMY2 },
		{ "DD/MM/YYYY", CM_DATE_DMY },
		{ "dd.mm.yyyy", CM_DATE_DOTTED },
		{ "d/m/yyyy", CM_DATE_DMY_SHORT },
		{ "dd-mm-yyyy", CM_DATE_DASHED },
		{ "dd-mm-yy", CM_DATE_DASHED2 },
		{ "DD-MON-YYYY", CM_DATE_MON },
		{ "dd-mon-yy", CM_DATE_MON2 },
		{ "iso", CM_DATE_ISO_TIME },
	};
	enum cm_date_pattern p;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		p = CM_DATE_ISO;
		cr_assert_eq(cm_date_pattern_parse(names[i].name, &p), 0, "%s", names[i].name);
		cr_assert_eq(p, names[i].p, "%s", names[i].name);
	}
	cr_assert_eq(cm_date_pattern_parse("dd_mm_yyyy", &p), CM_EUSAGE);
	cr_assert_eq(cm_date_pattern_parse("dd/mm/yyyy ", &p), CM_EUSAGE);
	cr_assert_eq(cm_date_pattern_parse("", &p), CM_EUSAGE);
	cr_assert_eq(cm_date_pattern_parse(NULL, &p), CM_EUSAGE);
}

/* The patterns of real exports: Swiss dots, Excel's short days, month names, ISO timestamps. */
Test(date, export_patterns)
{
	static const struct {
		const char *pattern, *text, *want;
	} cases[] = {
		{ "dd.mm.yyyy", "05.04.2003", "2003-04-05" },
		{ "dd.mm.yyyy", "5.4.2003", NULL },
		{ "d/m/yyyy", "5/4/2003", "2003-04-05" },
		{ "d/m/yyyy", "15/12/2003", "2003-12-15" },
		{ "d/m/yyyy", "5/4/03", NULL },
		{ "dd-mm-yyyy", "05-04-2003", "2003-04-05" },
		{ "dd-mm-yy", "05-04-67", "1967-04-05" },
		{ "dd-mon-yy", "08-MAY-67", "1967-05-08" },
		{ "dd-mon-yyyy", "08-mai-1967", "1967-05-08" },
		{ "dd-mon-yyyy", "08-f\xc3\xa9vr.-1967", "1967-02-08" },
		{ "dd-mon-yyyy", "08-AO\xc3\x9bT-1967", "1967-08-08" },
		{ "dd-mon-yyyy", "08-D\xc3\x89" "C-1967", "1967-12-08" },
		{ "dd-mon-yyyy", "08-xyz-1967", NULL },
		{ "dd-mon-yyyy", "31-feb-1967", NULL },
		{ "iso", "2024-05-01", "2024-05-01" },
		{ "iso", "2024-05-01 13:45:00", "2024-05-01" },
		{ "iso", "2024-05-01T13:45:00Z", "2024-05-01" },
		{ "iso", "2024-05-01T23:30:00.250+02:00", "2024-05-01" },
		{ "iso", "2024-05-01T13:45-0500", "2024-05-01" },
		{ "iso", "2024-05-01 25:00", NULL },
		{ "iso", "2024-05-01T13:45:00Zx", NULL },
	};
	enum cm_date_pattern p;
	cm_days d;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_eq(cm_date_pattern_parse(cases[i].pattern, &p), 0, "%s", cases[i].pattern);
		if (!cases[i].want) {
			cr_expect_eq(cm_date_parse(cases[i].text, p, 20527, &d), CM_EUSAGE, "%s",
				     cases[i].text);
			continue;
		}
		cr_assert_eq(cm_date_parse(cases[i].text, p, 20527, &d), 0, "%s", cases[i].text);
		assert_formats(d, cases[i].want);
	}
}

static void assert_add_months(cm_days from, int n, const char *want)
{
	assert_formats(cm_date_add_months(from, n), want);
}

Test(date, add_months)
{
	assert_add_months(ymd(2023, 1, 15), 1, "2023-02-15");
	assert_add_months(ymd(2023, 12, 15), 1, "2024-01-15");
	assert_add_months(ymd(2024, 1, 15), -1, "2023-12-15");
	assert_add_months(ymd(2024, 5, 20), 0, "2024-05-20");
	assert_add_months(ymd(2024, 5, 20), 18, "2025-11-20");
	assert_add_months(ymd(2024, 5, 20), 21, "2026-02-20");
	assert_add_months(ymd(2024, 5, 20), -29, "2021-12-20");
	assert_add_months(ymd(1969, 12, 31), 2, "1970-02-28");
}

Test(date, add_months_clamps_to_month_end)
{
	assert_add_months(ymd(2023, 1, 31), 1, "2023-02-28");
	assert_add_months(ymd(2024, 1, 31), 1, "2024-02-29");
	assert_add_months(ymd(2100, 1, 31), 1, "2100-02-28");
	assert_add_months(ymd(2000, 1, 31), 1, "2000-02-29");
	assert_add_months(ymd(2024, 3, 31), -1, "2024-02-29");
	assert_add_months(ymd(2024, 3, 31), 1, "2024-04-30");
	assert_add_months(ymd(2024, 2, 29), 12, "2025-02-28");
	assert_add_months(ymd(2024, 2, 29), 48, "2028-02-29");
	assert_add_months(ymd(2024, 8, 31), -6, "2024-02-29");
	/* Clamping does not accumulate: the day comes from the start date. */
	assert_add_months(cm_date_add_months(ymd(2023, 1, 31), 1), 1, "2023-03-28");
	assert_add_months(ymd(2023, 1, 31), 2, "2023-03-31");
}

Test(date, age_around_birthday)
{
	cm_days birth = ymd(2003, 4, 5);

	cr_assert_eq(cm_date_age(birth, ymd(2021, 4, 4)), 17);
	cr_assert_eq(cm_date_age(birth, ymd(2021, 4, 5)), 18);
	cr_assert_eq(cm_date_age(birth, ymd(2021, 4, 6)), 18);
	cr_assert_eq(cm_date_age(birth, ymd(2022, 3, 31)), 18);
	cr_assert_eq(cm_date_age(birth, ymd(2027, 12, 31)), 24);
	cr_assert_eq(cm_date_age(birth, ymd(2028, 4, 4)), 24);
	cr_assert_eq(cm_date_age(birth, ymd(2028, 4, 5)), 25);
	cr_assert_eq(cm_date_age(birth, birth), 0);
	cr_assert_eq(cm_date_age(birth, birth + 364), 0);
	cr_assert_eq(cm_date_age(ymd(1950, 1, 1), ymd(2024, 12, 31)), 74);
}

Test(date, age_leap_day_birthday)
{
	cm_days birth = ymd(2004, 2, 29);

	cr_assert_eq(cm_date_age(birth, ymd(2022, 2, 28)), 17);
	cr_assert_eq(cm_date_age(birth, ymd(2022, 3, 1)), 18);
	cr_assert_eq(cm_date_age(birth, ymd(2024, 2, 28)), 19);
	cr_assert_eq(cm_date_age(birth, ymd(2024, 2, 29)), 20);
}

Test(date, age_before_birth_is_negative)
{
	cm_days birth = ymd(2003, 4, 5);

	cr_assert_eq(cm_date_age(birth, ymd(2003, 4, 4)), 0);
	cr_assert_eq(cm_date_age(birth, ymd(2001, 4, 5)), -2);
	cr_assert_eq(cm_date_age(birth, ymd(2001, 4, 6)), -1);
}

Test(date, today_reads_the_clock)
{
	cm_days d = 0;
	struct cm_error err = { 0 };

	setenv("CM_TODAY", "2024-03-01", 1);
	cr_assert_eq(cm_date_today(&d, &err), 0);
	cr_assert_eq(d, 19783);
}

Test(date, today_malformed)
{
	cm_days d = 777;
	struct cm_error err = { 0 };

	setenv("CM_TODAY", "2024-02-30", 1);
	cr_assert_eq(cm_date_today(&d, &err), CM_EUSAGE);
	cr_assert_eq(err.status, CM_EUSAGE);
	cr_assert_not_null(strstr(err.msg, "CM_TODAY"), "%s", err.msg);
	cr_assert_eq(d, 777);
}
