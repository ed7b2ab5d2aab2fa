#!/bin/sh
# cm consent: give and withdraw by scope, dated and audited.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --criteria all --ext-id A1
expect_out <<'X'
1
X

run cm consent 1 give case-management
expect_code 0
expect_out <<'X'
case 1: consent given: case-management
X
run cm show 1 --format json
run sh -c "printf '%s\n' \"\$1\" | grep -E '\"(state|consent)\"' | sed '/consent/s/,$//'" _ "$out"
expect_out <<'X'
  "state": "assessment",
  "consent": "case-management"
X

CM_TODAY=2026-03-20 run cm consent ext:A1 give share-partners
expect_code 0
CM_TODAY=2026-04-01 run cm consent 1 withdraw share-partners
expect_code 0
run db_sql "SELECT id, scope, given, on_date, recorded_by FROM consent ORDER BY id"
expect_out <<'X'
1|case-management|1|2026-03-15|alice
2|share-partners|1|2026-03-20|alice
3|share-partners|0|2026-04-01|alice
X
run cm consent 1
expect_code 0
expect_out <<'X'
ID  SCOPE            GIVEN  ON_DATE     RECORDED_BY
1   case-management  true   2026-03-15  alice
2   share-partners   true   2026-03-20  alice
3   share-partners   false  2026-04-01  alice
X
run cm consent ext:A1 --format json
expect_out <<'X'
[
  {
    "id": 1,
    "scope": "case-management",
    "given": true,
    "on_date": "2026-03-15",
    "recorded_by": "alice"
  },
  {
    "id": 2,
    "scope": "share-partners",
    "given": true,
    "on_date": "2026-03-20",
    "recorded_by": "alice"
  },
  {
    "id": 3,
    "scope": "share-partners",
    "given": false,
    "on_date": "2026-04-01",
    "recorded_by": "alice"
  }
]
X
run cm log 1 --format tsv
expect_out <<'X'
at	user	command	what
2026-03-15T09:00:00Z	alice	consent	consent share-partners withdrawn
2026-03-15T09:00:00Z	alice	consent	consent share-partners given
2026-03-15T09:00:00Z	alice	consent	screening complete: state screening -> assessment
2026-03-15T09:00:00Z	alice	consent	consent case-management given
2026-03-15T09:00:00Z	alice	intake	case opened in be-accompagnement for alice, person 1
X

expect_unchanged 1 cm consent 1 withdraw share-partners
expect_err <<'X'
cm: error: case 1: no consent to withdraw
X
expect_unchanged 1 cm consent 1 give case-management
expect_err <<'X'
cm: error: case 1: consent already given
X
# Several scopes at once: only the one whose state changes is recorded.
run cm consent 1 give all
expect_code 0
expect_out <<'X'
case 1: consent given: share-partners
X
run cm consent 1 withdraw all
expect_code 0
expect_out <<'X'
case 1: consent withdrawn: case-management, share-partners
X
run db_sql "SELECT id, scope, given FROM consent WHERE id > 3 ORDER BY id"
expect_out <<'X'
4|share-partners|1
5|case-management|0
6|share-partners|0
X
expect_unchanged 2 cm consent 1 grant case-management
expect_err <<'X'
cm: error: unknown consent action 'grant' (give, withdraw)
X
expect_unchanged 2 cm consent 1 give everything
expect_err <<'X'
cm: error: unknown consent scope 'everything' (case-management, share-partners)
X
expect_unchanged 1 cm consent 7 give share-partners
expect_err <<'X'
cm: error: no case 7
X
expect_unchanged 2 cm consent 1 give
expect_err <<'X'
cm: error: usage: cm consent CASE give|withdraw SCOPE
X

finish
