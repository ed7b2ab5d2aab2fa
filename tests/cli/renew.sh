#!/bin/sh
# cm renew: the one renewal or extension of at most 18 months of a trajectory.
. "$TESTS_DIR/lib/cli.sh"

run cm init
CM_TODAY=2025-01-10 run cm intake --first-name Tom --last-name Traject --programme be-trajet-specifique
expect_out <<'X'
1
X
run cm intake --first-name Bea --last-name Accomp
expect_out <<'X'
2
X

expect_unchanged 1 cm renew 1 --months 19
expect_err <<'X'
cm: error: case 1: a renewal of 19 months is beyond the 18 months programme be-trajet-specifique allows
X
run cm renew 1 --months 18 --reason "health care first" --format json
expect_code 0
expect_out <<'X'
{
  "renewal": 1,
  "case": 1,
  "on": "2026-03-15",
  "months": 18,
  "reason": "health care first",
  "renewals": 1,
  "ends_on": "2028-04-10"
}
X
expect_unchanged 1 cm renew 1 --months 1
expect_err <<'X'
cm: error: case 1 has already had 1 renewal; programme be-trajet-specifique allows 1
X
run cm log 1 --format tsv
expect_out <<'X'
at	user	command	what
2026-03-15T09:00:00Z	alice	renew	renewed by 18 months: health care first
2026-03-15T09:00:00Z	alice	intake	case opened in be-trajet-specifique for alice, person 1
X
expect_unchanged 1 cm renew 2 --months 6
expect_err <<'X'
cm: error: case 2: programme be-accompagnement allows no renewal or extension
X
expect_unchanged 2 cm renew 1
expect_err <<'X'
cm: error: --months is required; see 'cm renew -h'
X
expect_unchanged 2 cm renew 1 --months 0
expect_err <<'X'
cm: error: --months: invalid value '0' (expected a whole number from 1 to 120)
X
expect_unchanged 1 cm renew 9 --months 3
expect_err <<'X'
cm: error: no case 9
X
CM_TODAY=2025-01-10 run cm intake --first-name Ann --last-name Closed --programme be-trajet-specifique
run cm close 3 --outcome moved --force
expect_unchanged 1 cm renew 3 --months 3
expect_err <<'X'
cm: error: case 3 is closed; reopen it first
X
run cm renew ext:none --months 3
expect_code 1

finish
