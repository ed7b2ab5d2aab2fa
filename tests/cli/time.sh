#!/bin/sh
# One rule for time: people type and read local time (TZ), the database
# keeps UTC with its Z, machine formats give ISO 8601 with the offset, and
# "today" is the local date. Brussels is UTC+1 in winter, UTC+2 in summer.
. "$TESTS_DIR/lib/cli.sh"
export TZ=Europe/Brussels
unset CM_TODAY

stored_contacts()
{
	db_sql "SELECT id, at FROM contact WHERE case_id = $1 ORDER BY id"
}

# 14:10 in Brussels is 13:10 UTC: 14:00 local is in the past, 14:20 is not.
export CM_NOW=2026-12-01T13:10:00Z
run cm init
run cm intake --first-name Léa --last-name Dupont --criteria all --consent case-management
expect_out <<'X'
1
X
run cm contact 1 --channel phone --duration 20 --at 2026-12-01T14:00
expect_code 0
expect_out <<'X'
1
X
expect_unchanged 2 cm contact 1 --channel phone --duration 20 --at 2026-12-01T14:20
expect_err <<'X'
cm: error: contact time '2026-12-01T14:20' is in the future
X
# An offset or a Z typed with the time is taken as given.
run cm contact 1 --channel phone --duration 20 --at 2026-12-01T12:30Z
expect_code 0
run cm contact 1 --channel phone --duration 20 --at 2026-12-01T14:05:30+02:00
expect_code 0
# Without --at the contact is now, stored in UTC like the others.
run cm contact 1 --channel video --duration 30
expect_code 0
run stored_contacts 1
expect_out <<'X'
1|2026-12-01T13:00:00Z
2|2026-12-01T12:30:00Z
3|2026-12-01T12:05:30Z
4|2026-12-01T13:10:00Z
X
# Text shows local time with its offset; json and csv the stored UTC time.
run cm contact 1 --list
expect_out <<'X'
CONTACT  AT                         CHANNEL  KIND       DURATION  PARTICIPANTS  NOTE  RECORDED_BY
3        2026-12-01T13:05:30+01:00  phone    interview  20        -             -     alice
2        2026-12-01T13:30:00+01:00  phone    interview  20        -             -     alice
1        2026-12-01T14:00:00+01:00  phone    interview  20        -             -     alice
4        2026-12-01T14:10:00+01:00  video    interview  30        -             -     alice
X
run cm contact 1 --list --format csv
expect_out <<'X'
contact,at,channel,kind,duration,participants,note,recorded_by
3,2026-12-01T12:05:30Z,phone,interview,20,,,alice
2,2026-12-01T12:30:00Z,phone,interview,20,,,alice
1,2026-12-01T13:00:00Z,phone,interview,20,,,alice
4,2026-12-01T13:10:00Z,video,interview,30,,,alice
X
run cm log 1 --format json
out=$(printf '%s\n' "$out" | grep '"at"' | sort -u)
expect_out <<'X'
    "at": "2026-12-01T13:10:00Z",
X
run cm log 1
out=$(printf '%s\n' "$out" | sed -n 2p | cut -c1-25)
expect_out <<'X'
2026-12-01T14:10:00+01:00
X

# Just after local midnight it is already tomorrow: the case opens on the
# local date, and a contact now is not before it.
export CM_NOW=2026-12-01T23:30:00Z
run cm intake --first-name Zoé --last-name Müller --criteria all --consent case-management
expect_out <<'X'
2
X
run cm show 2 --format json
out=$(printf '%s\n' "$out" | grep -E '"(opened_on|last_contact)"')
expect_out <<'X'
  "opened_on": "2026-12-02",
  "last_contact": null,
X
run cm contact 2 --channel phone --duration 15
expect_code 0
expect_out <<'X'
5
X
run cm show 2 --format json
out=$(printf '%s\n' "$out" | grep -E '"(last_contact|next_contact_due)"')
expect_out <<'X'
  "last_contact": "2026-12-02",
  "next_contact_due": "2027-01-01",
X
expect_unchanged 1 cm contact 2 --channel phone --duration 15 --at 2026-12-01T23:50
expect_err <<'X'
cm: error: contact time '2026-12-01T23:50' is before case 2 was opened (2026-12-02)
X
run cm contact 2 --channel phone --duration 15 --at 2026-12-02T00:10
expect_code 0
# CM_NOW may carry an offset: the same instant, the same local date.
export CM_NOW=2026-12-02T00:30:00+01:00
run cm contact 2 --channel phone --duration 15 --at 2026-12-02
expect_code 0
expect_unchanged 2 cm contact 2 --channel phone --duration 15 --at 2026-12-03
expect_err <<'X'
cm: error: contact time '2026-12-03' is in the future
X
run stored_contacts 2
expect_out <<'X'
5|2026-12-01T23:30:00Z
6|2026-12-01T23:10:00Z
7|2026-12-02
X

# CM_TODAY alone rehearses a day: that local date at the time of day.
unset CM_NOW
export CM_TODAY=2027-01-10
run cm contact 2 --channel phone --duration 15
expect_code 0
run cm show 2 --format json
out=$(printf '%s\n' "$out" | grep '"last_contact"')
expect_out <<'X'
  "last_contact": "2027-01-10",
X
expect_unchanged 2 cm contact 2 --channel phone --duration 15 --at 2027-01-11
expect_err <<'X'
cm: error: contact time '2027-01-11' is in the future
X

# Summer time: on 28 March 2027 Brussels clocks go from 02:00 to 03:00, and
# on 31 October 2027 from 03:00 back to 02:00.
unset CM_TODAY
export CM_NOW=2027-11-01T09:00:00Z
run cm contact 2 --channel phone --duration 10 --at 2027-03-28T01:30
expect_code 0
expect_unchanged 2 cm contact 2 --channel phone --duration 10 --at 2027-03-28T02:30
expect_err <<'X'
cm: error: invalid contact time '2027-03-28T02:30' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)
X
run cm contact 2 --channel phone --duration 10 --at 2027-03-28T03:30
expect_code 0
# 02:30 on 31 October happens twice: the first is summer time.
run cm contact 2 --channel phone --duration 10 --at 2027-10-31T02:30
expect_code 0
run cm contact 2 --channel phone --duration 10 --at 2027-10-31T02:30+01:00
expect_code 0
run db_sql "SELECT at FROM contact WHERE id > 8 ORDER BY id"
expect_out <<'X'
2027-03-28T00:30:00Z
2027-03-28T01:30:00Z
2027-10-31T00:30:00Z
2027-10-31T01:30:00Z
X
run cm contact 2 --list
out=$(printf '%s\n' "$out" | awk 'NR > 1 && $1 > 8 { print $1, $2 }')
expect_out <<'X'
9 2027-03-28T01:30:00+01:00
10 2027-03-28T03:30:00+02:00
11 2027-10-31T02:30:00+02:00
12 2027-10-31T02:30:00+01:00
X

# A malformed clock is named.
export CM_NOW=2026-12-01T25:00:00Z
expect_unchanged 2 cm contact 2 --channel phone --duration 10
expect_err <<'X'
cm: error: CM_NOW: invalid time '2026-12-01T25:00:00Z' (expected YYYY-MM-DDTHH:MM:SSZ)
X
finish
