#!/bin/sh
# cm report contacts counts a contact on its local date (TZ), not its UTC
# date: in Brussels a contact at 00:30 on 1 March is a March contact. A
# contact recorded as a date, or stored before times carried their zone,
# counts on the date written. The same database read in UTC counts by the
# UTC dates, so the rule is seen to come from TZ.
. "$TESTS_DIR/lib/cli.sh"

export TZ=Europe/Brussels CM_TODAY=2026-04-15 CM_NOW=2026-04-15T09:00:00Z
run cm init
CM_TODAY=2026-02-01 run cm intake --first-name Lea --last-name Test --worker alice \
	--criteria all --consent all
expect_code 0
expect_out <<'X'
1
X
# local time            stored (UTC)             Brussels  UTC
# 2026-02-01T00:15      2026-01-31T23:15:00Z     February  January
# 2026-02-01T00:45      2026-01-31T23:45:00Z     February  January
# 2026-02-28T23:59      2026-02-28T22:59:00Z     February  February
# 2026-03-01T00:30      2026-02-28T23:30:00Z     March     February
# 2026-03-01 (a date)   2026-03-01               March     March
# 2026-03-31T23:30      2026-03-31T21:30:00Z     March     March (summer time: +02:00)
# 2026-04-01T00:30      2026-03-31T22:30:00Z     April     March (a no-show)
for at in 2026-02-01T00:15 2026-02-01T00:45 2026-02-28T23:59 2026-03-01T00:30 2026-03-01 \
	2026-03-31T23:30; do
	run cm contact 1 --channel phone --duration 30 --at "$at"
	expect_code 0
done
run cm contact 1 --channel phone --kind no-show --at 2026-04-01T00:30
expect_code 0
run db_sql "SELECT at FROM contact ORDER BY id"
expect_out <<'X'
2026-01-31T23:15:00Z
2026-01-31T23:45:00Z
2026-02-28T22:59:00Z
2026-02-28T23:30:00Z
2026-03-01
2026-03-31T21:30:00Z
2026-03-31T22:30:00Z
X
# A time stored without its zone by an older cm is a local time: 1 March.
db_sql "INSERT INTO contact (case_id, at, channel, kind, duration, recorded_by)
	VALUES (1, '2026-03-01T00:10:00', 'phone', 'interview', 30, 'alice')"

run cm report contacts --by month --from 2026-02-01 --to 2026-04-30 --min-cell 1 --format csv
expect_code 0
expect_out <<'X'
month,cases,case_months,contacts,contacts_per_case_month,rule_per_case_month,cases_below_rule,no_shows,no_show_rate,interviews,interview_minutes,mean_interview_minutes
2026-02,1,0.9,3,3.26,1.01,0,0,0,3,90,30
2026-03,1,1,4,3.93,1.01,0,0,0,4,120,30
2026-04,1,1,0,0,1.01,1,1,1,0,0,
(all),1,2.9,7,2.39,1.01,0,1,0.125,7,210,30
X
# The window's edges follow the same rule: 1 to 31 March, local.
run cm report contacts --from 2026-03-01 --to 2026-03-31 --min-cell 1 --format csv
expect_code 0
expect_out <<'X'
cases,case_months,contacts,contacts_per_case_month,rule_per_case_month,cases_below_rule,no_shows,no_show_rate,interviews,interview_minutes,mean_interview_minutes
1,1,4,3.93,1.01,0,0,0,4,120,30
X

# In UTC the two contacts of the night of 31 January fall out of the
# window, 1 March at 00:30 is February, and the no-show of 1 April at 00:30
# is March's.
TZ=UTC run cm report contacts --by month --from 2026-02-01 --to 2026-04-30 --min-cell 1 --format csv
expect_code 0
expect_out <<'X'
month,cases,case_months,contacts,contacts_per_case_month,rule_per_case_month,cases_below_rule,no_shows,no_show_rate,interviews,interview_minutes,mean_interview_minutes
2026-02,1,0.9,2,2.17,1.01,0,0,0,2,60,30
2026-03,1,1,3,2.95,1.01,0,1,0.25,3,90,30
2026-04,1,1,0,0,1.01,1,0,,0,0,
(all),1,2.9,5,1.71,1.01,0,1,0.167,5,150,30
X

finish
