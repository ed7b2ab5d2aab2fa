#!/bin/sh
# cm suspend and cm resume: on hold with a reason, back in the state it had,
# and a plan signed or changed meanwhile deciding where it resumes.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Jan --last-name Peeters --criteria all --consent case-management
run cm assess 1 --domain housing=3
run cm plan 1 goal add "Stable housing"

CM_TODAY=2026-03-20 run cm suspend 1 --reason "in hospital for six weeks" --format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "person": 1,
  "ext_id": null,
  "source": "local",
  "first_name": "Jan",
  "last_name": "Peeters",
  "birth_date": null,
  "programme": "be-accompagnement",
  "worker": "alice",
  "state": "suspended",
  "opened_on": "2026-03-15",
  "closed_on": null,
  "outcome": null
}
X
CM_TODAY=2026-03-25 run cm show 1 --format json
run sh -c "printf '%s\n' \"\$1\" | grep -E '\"(state|state_since|days_in_state)\"' | sed 's/,\$//'" _ "$out"
expect_out <<'X'
  "state": "suspended"
  "state_since": "2026-03-20"
  "days_in_state": 5
X
expect_unchanged 1 cm suspend 1 --reason "again"
expect_err <<'X'
cm: error: case 1 is already suspended
X

# Resuming returns to the state before.
CM_TODAY=2026-05-01 run cm resume 1 --format csv
expect_code 0
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,,local,Jan,Peeters,,be-accompagnement,alice,planning,2026-03-15,,
X
expect_unchanged 1 cm resume 1
expect_err <<'X'
cm: error: case 1 is not suspended (it is planning)
X

# Signed while suspended: the case stays on hold and resumes active.
run cm suspend 1 --reason "moved to a shelter"
run cm plan 1 sign --by client
run cm plan 1 sign --by worker
expect_out <<'X'
case:         1
plan_version: 1
signed_by:    worker
state:        suspended
X
run cm resume 1
expect_out <<'X'
case:       1
person:     1
ext_id:     -
source:     local
first_name: Jan
last_name:  Peeters
birth_date: -
programme:  be-accompagnement
worker:     alice
state:      active
opened_on:  2026-03-15
closed_on:  -
outcome:    -
X

# A plan changed while suspended needs signing again: it resumes in planning.
run cm suspend 1 --reason "in hospital again"
run cm plan 1 goal add "Back to work"
expect_code 0
run cm resume 1 --format tsv
run sh -c "printf '%s\n' \"\$1\" | cut -f10" _ "$out"
expect_out <<'X'
state
planning
X

run cm log 1 --format tsv
run sh -c "printf '%s\n' \"\$1\" | cut -f3,4 | grep -E '^(suspend|resume)|suspended'" _ "$out"
expect_out <<'X'
resume	resumed: state suspended -> planning
plan	suspended case will resume in planning: plan version 2 needs both signatures
suspend	state active -> suspended: in hospital again
resume	resumed: state suspended -> active
plan	suspended case will resume in active: plan version 1 signed by client and worker
suspend	state planning -> suspended: moved to a shelter
resume	resumed: state suspended -> planning
suspend	state planning -> suspended: in hospital for six weeks
X

# Assessed while suspended: it resumes in planning, not in assessment.
run cm intake --first-name Léa --last-name Dupont --criteria all --consent case-management
expect_out <<'X'
2
X
run cm suspend 2 --reason "abroad for a month"
run cm assess 2 --domain mobility=2
expect_code 0
run cm resume 2 --format tsv
run sh -c "printf '%s\n' \"\$1\" | cut -f10" _ "$out"
expect_out <<'X'
state
planning
X
# Suspended in screening, it still needs its screening completed first.
run cm intake --first-name Ana --last-name Silva --criteria complex,cooperation
run cm suspend 3 --reason "no answer to letters"
expect_unchanged 1 cm assess 3 --domain housing=1
expect_err <<'X'
cm: error: case 3 is still in screening: missing criteria self-management,multi-provider and case-management consent; run 'cm intake --case 3 --criteria self-management,multi-provider' and 'cm consent 3 give case-management' first
X
expect_unchanged 1 cm plan 3 goal add "Anything"
expect_err <<'X'
cm: error: case 3 is still in screening: missing criteria self-management,multi-provider and case-management consent; run 'cm intake --case 3 --criteria self-management,multi-provider' and 'cm consent 3 give case-management' first
X
# Screening completed while suspended: it resumes in assessment, not stuck in screening.
run cm intake --case 3 --criteria self-management,multi-provider
expect_code 0
run cm consent 3 give case-management
expect_code 0
run cm log 3 --format tsv
run sh -c "printf '%s\n' \"\$1\" | cut -f4 | sed -n 2p" _ "$out"
expect_out <<'X'
screening complete: suspended case will resume in assessment
X
run cm resume 3 --format tsv
run sh -c "printf '%s\n' \"\$1\" | cut -f10" _ "$out"
expect_out <<'X'
state
assessment
X
run cm assess 3 --domain housing=1
expect_code 0

# Refused: nothing changed.
expect_unchanged 2 cm suspend 1
expect_err <<'X'
cm: error: --reason is required to suspend a case
X
expect_unchanged 2 cm suspend 1 --reason ""
expect_err <<'X'
cm: error: --reason is required to suspend a case
X
expect_unchanged 2 cm resume 1 --reason "why not"
expect_err <<'X'
cm: error: unknown option '--reason'; see 'cm resume -h'
X
expect_unchanged 2 cm suspend --reason "which?"
expect_err <<'X'
cm: error: usage: cm suspend CASE --reason TEXT
X
expect_unchanged 2 cm resume
expect_err <<'X'
cm: error: usage: cm resume CASE
X
expect_unchanged 1 cm suspend 9 --reason "x"
expect_err <<'X'
cm: error: no case 9
X
db_sql "UPDATE cases SET state = 'closed' WHERE id = 1"
expect_unchanged 1 cm suspend 1 --reason "closed"
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X
expect_unchanged 1 cm resume 1
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X

finish
