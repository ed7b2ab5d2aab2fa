/*
 * cm's SQL functions (lib/db/sql_functions.h) give what lib/date.c gives,
 * on SQLite and, when CM_TEST_ENGINE=postgresql and CM_PG_DIR name a
 * server, on PostgreSQL too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <criterion/criterion.h>
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/store.h"
#include "lib/sql.h"
#include "store_fixture.h"

static struct cm_store *store;
static char text[256];

static void open_store(void)
{
	store = fixture_open();
}

static void close_store(void)
{
	fixture_close(store);
}

TestSuite(sql_functions, .init = open_store, .fini = close_store);

/* A time zone with summer time, set before the connection takes it from TZ. */
static void open_store_in_brussels(void)
{
	setenv("TZ", "Europe/Brussels", 1);
	tzset();
	store = fixture_open();
}

TestSuite(local_date, .init = open_store_in_brussels, .fini = close_store);

/* The first column of the one row of sql, as text ("NULL" for NULL). */
static const char *value(const char *sql)
{
	struct cm_stmt *st;
	const char *v;

	cr_assert_eq(cm_db_prepare(cm_store_db(store), sql, &st), 0, "%s: %s", sql,
		     cm_db_errmsg(cm_store_db(store)));
	cr_assert_eq(cm_stmt_step(st), CM_DB_ROW, "%s: %s", sql, cm_db_errmsg(cm_store_db(store)));
	v = cm_stmt_column_text(st, 0);
	snprintf(text, sizeof text, "%s", v ? v : "NULL");
	cm_stmt_finalize(st);
	return text;
}

#define EXPECT(sql, want) cr_expect_str_eq(value(sql), want, "%s", sql)

Test(sql_functions, dates)
{
	EXPECT("SELECT cm_add_days('2026-03-15', 17)", "2026-04-01");
	EXPECT("SELECT cm_add_days('2026-03-15T09:00:00Z', -15)", "2026-02-28");
	EXPECT("SELECT cm_add_days(NULL, 1)", "NULL");
	EXPECT("SELECT cm_add_months('2026-01-31', 1)", "2026-02-28");
	EXPECT("SELECT cm_add_months('2024-01-31', 1)", "2024-02-29");
	EXPECT("SELECT cm_add_months('2026-03-31', -1)", "2026-02-28");
	EXPECT("SELECT cm_add_months('2026-11-30', 3)", "2027-02-28");
	EXPECT("SELECT cm_add_years('2004-02-29', 21)", "2025-03-01");
	EXPECT("SELECT cm_add_years('2004-02-29', 20)", "2024-02-29");
	EXPECT("SELECT cm_add_years('2004-05-06', 25)", "2029-05-06");
	EXPECT("SELECT cm_days('2026-01-01', '2026-03-01')", "59");
	EXPECT("SELECT cm_days('2026-03-15T23:00:00Z', '2026-03-01')", "-14");
	EXPECT("SELECT cm_age('2004-02-29', '2025-02-28')", "20");
	EXPECT("SELECT cm_age('2004-02-29', '2025-03-01')", "21");
	EXPECT("SELECT cm_age('2021-06-01', '2020-01-01')", "-1");
	EXPECT("SELECT cm_age(NULL, '2020-01-01')", "NULL");
}

/* Every day of a common and a leap year, against lib/date.c. */
Test(sql_functions, months_and_ages_as_lib_date)
{
	static const int counts[] = { -13, -1, 1, 12 };
	char sql[160], want[CM_DATE_LEN], day[CM_DATE_LEN], age[16];
	cm_days d, from, birth;
	size_t i;

	cr_assert_eq(cm_date_from_ymd(2023, 1, 1, &from), 0);
	cr_assert_eq(cm_date_from_ymd(2004, 2, 29, &birth), 0);
	for (d = from; d < from + 731; d++) {
		cm_date_format(d, day);
		for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
			cm_date_format(cm_date_add_months(d, counts[i]), want);
			snprintf(sql, sizeof sql, "SELECT cm_add_months('%s', %d)", day, counts[i]);
			EXPECT(sql, want);
		}
		snprintf(sql, sizeof sql, "SELECT cm_age('2004-02-29', '%s')", day);
		snprintf(age, sizeof age, "%d", cm_date_age(birth, d));
		EXPECT(sql, age);
	}
}

Test(sql_functions, json)
{
	EXPECT("SELECT cm_json_int('{\"a\":{\"b\":[6,12.7,true]}}', '$.a.b[1]')", "12");
	EXPECT("SELECT cm_json_int('{\"a\":{\"b\":[6,12,false]}}', '$.a.b[2]')", "0");
	EXPECT("SELECT cm_json_int('{\"a\":{\"b\":[6]}}', '$.a.b[3]')", "NULL");
	EXPECT("SELECT cm_json_int('{\"a\":\"7\"}', '$.a')", "NULL");
	EXPECT("SELECT cm_json_int('{}', '$.x.y')", "NULL");
	EXPECT("SELECT cm_json_real('{\"q\":{\"s\":0.15}}', '$.q.s') = 0.15", "1");
	EXPECT("SELECT cm_json_text('{\"state\":\"active\"}', '$.state')", "active");
	EXPECT("SELECT cm_json_text('{\"state\":3}', '$.state')", "NULL");
	EXPECT("SELECT cm_json_text(NULL, '$.state')", "NULL");
}

Test(sql_functions, min_and_max)
{
	EXPECT("SELECT cm_min('2026-01-01', '2025-12-31')", "2025-12-31");
	EXPECT("SELECT cm_max('2026-01-01', '2025-12-31')", "2026-01-01");
	EXPECT("SELECT cm_min(2, 10)", "2");
	EXPECT("SELECT cm_max(2, 10)", "10");
	EXPECT("SELECT cm_min('B', 'a')", "B");
	EXPECT("SELECT cm_min(NULL, 1)", "NULL");
	EXPECT("SELECT cm_max(1, NULL)", "NULL");
}

/* The local date of a stored time, as cm_time_local_date gives it in C. */
Test(local_date, as_lib_clock)
{
	static const char *const times[] = {
		"2026-03-28T22:59:59Z", "2026-03-28T23:00:00Z", /* winter: UTC+1 */
		"2026-07-01T21:59:59Z", "2026-07-01T22:00:00Z", /* summer: UTC+2 */
		"2026-10-25T00:30:00Z", "2026-12-31T23:30:00Z",
		"2026-07-01T23:30:00",  /* no Z: taken as written */
		"2026-07-01",
	};
	char sql[96], want[CM_DATE_LEN];
	size_t i;

	for (i = 0; i < sizeof times / sizeof times[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT cm_local_date('%s')", times[i]);
		cm_time_local_date(times[i], want);
		EXPECT(sql, want);
	}
	EXPECT("SELECT cm_local_date('2026-03-28T23:00:00Z')", "2026-03-29");
	EXPECT("SELECT cm_local_date('2026-07-01T22:00:00Z')", "2026-07-02");
	EXPECT("SELECT cm_local_date('2026-07-01T21:59:59Z')", "2026-07-01");
	EXPECT("SELECT cm_local_date(NULL)", "NULL");
}
