#!/bin/sh
# cm person: the full export (right of access) and pseudonymisation (erasure).
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --ext-id A1 --source pes \
	--birth-date 2001-05-06 --phone "+32 470 12 34 56" --email lea@example.org \
	--postcode 1000 --notes "lives with her aunt" --criteria all --consent all
run cm intake --first-name Jan --last-name Peeters
CM_TODAY=2026-03-20 run cm consent 1 withdraw share-partners

run cm person export ext:A1
expect_code 0
# The person section, whole.
run sh -c "printf '%s\n' \"\$1\" | sed -n '1,/^  },/p'" _ "$out"
expect_out <<'X'
{
  "person": {
    "id": 1,
    "source": "pes",
    "ext_id": "A1",
    "first_name": "Léa",
    "last_name": "Dupont",
    "birth_date": "2001-05-06",
    "sex": null,
    "postcode": "1000",
    "phone": "+32 470 12 34 56",
    "email": "lea@example.org",
    "language": null,
    "registered_on": null,
    "notes": "lives with her aunt",
    "created_at": "2026-03-15T09:00:00Z",
    "pseudonymised_on": null,
    "unemployed_since": null,
    "left_education_on": null,
    "benefit_status": null,
    "unemployment_ended_on": null,
    "source_updated_on": null
  },
X
run cm person export case:1
# Every consent record, and nothing of the other person.
run sh -c "printf '%s\n' \"\$1\" | grep -E '\"(scope|given|on_date)\"'" _ "$out"
expect_out <<'X'
      "scope": "case-management",
      "given": 1,
      "on_date": "2026-03-15",
      "scope": "share-partners",
      "given": 1,
      "on_date": "2026-03-15",
      "scope": "share-partners",
      "given": 0,
      "on_date": "2026-03-20",
X
checks=$((checks + 1))
printf '%s\n' "$out" | grep -q Peeters && fail "the export holds another person's data"
# The export itself is on record.
run cm audit --format csv
run sh -c "printf '%s\n' \"\$1\" | grep -c 'person 1 exported (right of access)'" _ "$out"
expect_out <<'X'
2
X

# Pseudonymisation waits until every case of the person is closed.
expect_unchanged 1 cm person pseudonymise 1 --reason "retention period over"
expect_err <<'X'
cm: error: person 1 has open case 1; close it first
X
db_sql "UPDATE cases SET state = 'closed', closed_on = '2026-03-01', close_note = 'found a job at Colruyt' WHERE id = 1"
# --dry-run says what would be done and changes nothing.
expect_unchanged 0 cm person pseudonymise 1 --reason "retention period over" --dry-run
expect_out <<'X'
people:                1
cases:                 1
audit_records_blanked: 8
dry_run:               true
X
run cm person pseudonymise 1 --reason "retention period over" --format json
expect_code 0
expect_out <<'X'
{
  "people": 1,
  "cases": 1,
  "audit_records_blanked": 8,
  "dry_run": false
}
X
run db_sql "SELECT id, source, ext_id, first_name, last_name, birth_date, sex,
	postcode, phone, email, language, registered_on, notes, created_at, pseudonymised_on
	FROM person ORDER BY id; SELECT close_note FROM cases WHERE id = 1"
expect_out <<'X'
1|pes||pseudonymised|pseudonymised|2001-07-01||||||||2026-03-15T09:00:00Z|2026-03-15
2|local||Jan|Peeters|||||||||2026-03-15T09:00:00Z|
X
# No copy of the old values is left in the audit log, and the chain holds.
run db_sql "SELECT count(*) FROM audit WHERE before LIKE '%Dupont%' OR after LIKE '%Dupont%'
	OR after LIKE '%aunt%'"
expect_out <<'X'
0
X
run cm log 1 --format tsv
expect_out <<'X'
at	user	command	what
2026-03-15T09:00:00Z	alice	consent	[removed]
2026-03-15T09:00:00Z	alice	intake	[removed]
2026-03-15T09:00:00Z	alice	intake	[removed]
2026-03-15T09:00:00Z	alice	intake	[removed]
2026-03-15T09:00:00Z	alice	intake	[removed]
X
run cm audit --verify
expect_code 0
expect_out <<'X'
audit chain intact: 12 records
access log chain intact: 4 records
X
expect_unchanged 1 cm person pseudonymise 1 --reason again
expect_err <<'X'
cm: error: person 1 was pseudonymised on 2026-03-15
X

# Retention in bulk: everyone whose cases all closed before a date.
db_sql "UPDATE cases SET state = 'closed', closed_on = '2026-03-10' WHERE id = 2"
run cm person pseudonymise --closed-before 2026-03-01 --reason "18 months after exit"
expect_out <<'X'
people:                0
cases:                 0
audit_records_blanked: 0
dry_run:               false
X
expect_unchanged 0 cm person pseudonymise --closed-before 2026-03-11 --reason "18 months after exit" \
	--dry-run --format csv
expect_out <<'X'
people,cases,audit_records_blanked,dry_run
1,1,2,true
X
run cm person pseudonymise --closed-before 2026-03-11 --reason "18 months after exit"
expect_out <<'X'
people:                1
cases:                 1
audit_records_blanked: 2
dry_run:               false
X
# A pseudonymised person's case cannot be reopened.
expect_unchanged 1 cm close 2 --reopen --reason "came back"
expect_err <<'X'
cm: error: case 2 cannot be reopened: its person was pseudonymised on 2026-03-15; open a new case with cm intake
X

expect_unchanged 2 cm person pseudonymise 2
expect_err <<'X'
cm: error: --reason is required
X
expect_unchanged 2 cm person pseudonymise --closed-before 2026-02-30 --reason x
expect_err <<'X'
cm: error: --closed-before: invalid date '2026-02-30' (expected YYYY-MM-DD)
X
expect_unchanged 1 cm person export ext:Z9
expect_err <<'X'
cm: error: no person ext:Z9
X
expect_unchanged 2 cm person export 1x
expect_err <<'X'
cm: error: invalid person '1x' (expected a number, ext:ID or case:N)
X
expect_unchanged 2 cm person erase 1
expect_err <<'X'
cm: error: unknown person action 'erase' (edit, export, pseudonymise, duplicates, link, unlink)
X

# A signed plan whose texts pseudonymisation removed has no signature to
# check any more: signature_valid is null, not false.
run cm intake --first-name Ana --last-name Silva --criteria all --consent case-management
expect_out <<'X'
3
X
run cm assess 3 --domain housing=2
run cm plan 3 goal add "Find a flat"
run cm plan 3 action add 1 "Visit the housing office" --owner client --due 2026-04-01
run cm plan 3 sign --by client
run cm plan 3 sign --by worker
run cm show 3 --format json
out=$(printf '%s\n' "$out" | grep '"signature_valid"')
expect_out <<'X'
  "signature_valid": true,
X
db_sql "UPDATE cases SET state = 'closed', closed_on = '2026-03-15' WHERE id = 3"
run cm person pseudonymise case:3 --reason "asked to be forgotten"
expect_code 0
run cm show 3 --format json
out=$(printf '%s\n' "$out" | grep -E '"(first_name|signed_by_client|signature_valid)"')
expect_out <<'X'
  "first_name": "pseudonymised",
  "signed_by_client": true,
  "signature_valid": null,
X

finish
