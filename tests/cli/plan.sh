#!/bin/sh
# cm plan: goals, actions, signatures bound to the plan's content, versions,
# the moves between planning and active, and every refused input.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Jan --last-name Peeters --criteria all --consent case-management
run cm intake --first-name Léa --last-name Dupont --criteria complex
expect_out <<'X'
2
X
# Partners come from cm partner; here straight into the table, to test only the plan.
db_sql "INSERT INTO partner(name, domain) VALUES ('CPAS Namur', 'debt');
	INSERT INTO partner(name, domain, active) VALUES ('Old mission', 'employment', 0)"

# No plan before an assessment.
expect_unchanged 1 cm plan 1 goal add "Stable housing"
expect_err <<'X'
cm: error: case 1 has no assessment; run 'cm assess 1' first
X
expect_unchanged 1 cm plan 2 goal add "Stable housing"
expect_err <<'X'
cm: error: case 2 is still in screening: missing criteria self-management,multi-provider,cooperation and case-management consent; run 'cm intake --case 2 --criteria self-management,multi-provider,cooperation' and 'cm consent 2 give case-management' first
X
run cm assess 1 --domain housing=3 --domain debts=2
expect_code 0

# An empty plan cannot be signed.
expect_unchanged 1 cm plan 1 sign --by client
expect_err <<'X'
cm: error: the plan of case 1 has no goal; add one with 'cm plan 1 goal add TEXT' first
X

# Goals and actions print their ids.
expect_unchanged 1 cm plan 1 goal add "Stable housing" --due 2026-03-14
expect_err <<'X'
cm: error: due date 2026-03-14 is before the plan's creation (2026-03-15)
X
run cm plan 1 goal add "Stable housing" --due 2026-09-30
expect_code 0
expect_out <<'X'
1
X
run cm plan 1 action add 1 "Apply for social housing" --owner client --due 2026-04-15
expect_code 0
expect_out <<'X'
1
X
CM_TODAY=2026-03-20 run cm plan 1 action add 1 "Debt mediation" --owner partner:1 \
	--due 2026-05-01 --format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "action": 2,
  "goal": 1,
  "plan_version": 1
}
X
# The plan was created with its first goal: a later date does not move that.
CM_TODAY=2026-03-20 expect_unchanged 1 cm plan 1 action add 1 "Call" --owner worker \
	--due 2026-03-14
expect_err <<'X'
cm: error: due date 2026-03-14 is before the plan's creation (2026-03-15)
X
CM_TODAY=2026-03-20 run cm plan 1 goal add "Back to work" --format csv
expect_out <<'X'
case,goal,plan_version
1,2,1
X

# Actions name a real, active partner, an open goal of this case, a date.
expect_unchanged 1 cm plan 1 action add 1 "Job club" --owner partner:9 --due 2026-05-01
expect_err <<'X'
cm: error: no partner 9; see 'cm partner list'
X
expect_unchanged 1 cm plan 1 action add 1 "Job club" --owner partner:2 --due 2026-05-01
expect_err <<'X'
cm: error: partner 2 (Old mission) is deactivated
X
expect_unchanged 1 cm plan 1 action add 7 "Job club" --owner worker --due 2026-05-01
expect_err <<'X'
cm: error: case 1 has no goal 7
X
expect_unchanged 2 cm plan 1 action add 1 "Job club" --owner boss --due 2026-05-01
expect_err <<'X'
cm: error: --owner: invalid owner 'boss' (client, worker or partner:ID)
X
expect_unchanged 2 cm plan 1 action add 1 "Job club" --owner worker
expect_err <<'X'
cm: error: --due is required for an action
X
expect_unchanged 2 cm plan 1 action add 1 "Job club" --due 2026-05-01
expect_err <<'X'
cm: error: --owner is required (client, worker or partner:ID)
X
expect_unchanged 2 cm plan 1 action add 1 "Job club" --owner worker --due 01/05/2026
expect_err <<'X'
cm: error: invalid due date '01/05/2026' (expected YYYY-MM-DD)
X
expect_unchanged 2 cm plan 1 action add 1 " " --owner worker --due 2026-05-01
expect_err <<'X'
cm: error: action text must not be empty
X

run cm plan 1 show
expect_code 0
expect_out <<'X'
KIND     ID  GOAL  PRIORITY  TEXT                      OWNER      DUE         STATUS   ON          NOTE  CLIENT_SIGNED  WORKER_SIGNED  CONTENT_MATCHES
goal     1   -     -         Stable housing            -          2026-09-30  open     2026-03-15  -     -              -              -
goal     2   -     -         Back to work              -          -           open     2026-03-20  -     -              -              -
action   1   1     -         Apply for social housing  client     2026-04-15  open     2026-03-15  -     -              -              -
action   2   1     -         Debt mediation            partner:1  2026-05-01  open     2026-03-20  -     -              -              -
version  1   -     -         not signed                -          -           current  -           -     -              -              -
X

# Both signatures on the current version make the case active.
CM_TODAY=2026-03-21 run cm plan 1 sign --by client
expect_code 0
expect_out <<'X'
case:         1
plan_version: 1
signed_by:    client
state:        planning
X
expect_unchanged 1 cm plan 1 sign --by client
expect_err <<'X'
cm: error: plan version 1 is already signed by the client
X
CM_TODAY=2026-03-22 run cm plan 1 sign --by worker --format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "plan_version": 1,
  "signed_by": "worker",
  "state": "active"
}
X
expect_unchanged 1 cm plan 1 sign --by worker
expect_err <<'X'
cm: error: plan version 1 is already signed by the worker
X
run cm plan 1 show --format csv
expect_out <<'X'
kind,id,goal,priority,text,owner,due,status,on,note,client_signed,worker_signed,content_matches
goal,1,,,Stable housing,,2026-09-30,open,2026-03-15,,,,
goal,2,,,Back to work,,,open,2026-03-20,,,,
action,1,1,,Apply for social housing,client,2026-04-15,open,2026-03-15,,,,
action,2,1,,Debt mediation,partner:1,2026-05-01,open,2026-03-20,,,,
version,1,,,signed by client and worker; signed content matches,,,current,,,2026-03-21,2026-03-22,true
X
run cm show 1 --format json
run sh -c "printf '%s\n' \"\$1\" | grep -E '\"(state|plan_version|signed_by_.*|signature_valid|actions_.*)\"' | sed 's/,\$//'" _ "$out"
expect_out <<'X'
  "state": "active"
  "plan_version": 1
  "signed_by_client": true
  "signed_by_worker": true
  "signature_valid": true
  "actions_done": 0
  "actions_open": 2
  "actions_overdue": 0
X

# Marking an action done carries out the signed plan: the case stays active,
# on version 1, and both signatures stay valid.
CM_TODAY=2026-04-10 run cm plan 1 action done 1 --note "application filed"
expect_code 0
expect_out <<'X'
case:         1
action:       1
status:       done
plan_version: 1
state:        active
X
CM_TODAY=2026-04-10 run cm show 1
run sh -c "printf '%s\n' \"\$1\" | grep -E '^(state|plan_version|signed_by_.*|signature_valid|actions_.*):'" _ "$out"
expect_out <<'X'
state:               active
plan_version:        1
signed_by_client:    true
signed_by_worker:    true
signature_valid:     true
actions_done:        1
actions_open:        1
actions_overdue:     0
X
run cm plan 1 show --format tsv
run sh -c "printf '%s\n' \"\$1\" | grep '^version'" _ "$out"
expect_out <<'X'
version	1			signed by client and worker; signed content matches			current			2026-03-21	2026-03-22	true
X
# Nothing new to sign.
expect_unchanged 1 cm plan 1 sign --by client
expect_err <<'X'
cm: error: plan version 1 is already signed by the client
X

# Adding an action changes the commitment: version 2, and the case goes back to planning.
CM_TODAY=2026-04-11 run cm plan 1 action add 2 "CV workshop" --owner worker --due 2026-04-30 \
	--format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "action": 3,
  "goal": 2,
  "plan_version": 2
}
X
run cm show 1 --format json
run sh -c "printf '%s\n' \"\$1\" | grep -E '\"(state|plan_version|signed_by_.*|signature_valid)\"' | sed 's/,\$//'" _ "$out"
expect_out <<'X'
  "state": "planning"
  "plan_version": 2
  "signed_by_client": false
  "signed_by_worker": false
  "signature_valid": null
X
run cm plan 1 show
expect_out <<'X'
KIND     ID  GOAL  PRIORITY  TEXT                                                        OWNER      DUE         STATUS      ON          NOTE               CLIENT_SIGNED  WORKER_SIGNED  CONTENT_MATCHES
goal     1   -     -         Stable housing                                              -          2026-09-30  open        2026-03-15  -                  -              -              -
goal     2   -     -         Back to work                                                -          -           open        2026-03-20  -                  -              -              -
action   1   1     -         Apply for social housing                                    client     2026-04-15  done        2026-04-10  application filed  -              -              -
action   2   1     -         Debt mediation                                              partner:1  2026-05-01  open        2026-03-20  -                  -              -              -
action   3   2     -         CV workshop                                                 worker     2026-04-30  open        2026-04-11  -                  -              -              -
version  1   -     -         signed by client and worker; content changed since signing  -          -           superseded  -           -                  2026-03-21     2026-03-22     false
version  2   -     -         not signed                                                  -          -           current     -           -                  -              -              -
X

# Done and dropped never start a version, signed or half-signed.
run cm plan 1 sign --by worker
expect_code 0
CM_TODAY=2026-05-02 run cm plan 1 action drop 2 --note "partner closed the file" --format json
expect_out <<'X'
{
  "case": 1,
  "action": 2,
  "status": "dropped",
  "plan_version": 2,
  "state": "planning"
}
X
expect_unchanged 1 cm plan 1 action done 2
expect_err <<'X'
cm: error: action 2 is already dropped
X
expect_unchanged 1 cm plan 1 goal done 2
expect_err <<'X'
cm: error: goal 2 has open actions; mark them done or dropped first
X
run cm plan 1 goal done 1
expect_code 0
expect_out <<'X'
case:         1
goal:         1
status:       done
plan_version: 2
state:        planning
X
expect_unchanged 1 cm plan 1 action add 1 "More" --owner client --due 2026-06-01
expect_err <<'X'
cm: error: goal 1 is done; add actions to an open goal
X
expect_unchanged 1 cm plan 1 goal drop 1
expect_err <<'X'
cm: error: goal 1 is already done
X
expect_unchanged 1 cm plan 1 action done 99
expect_err <<'X'
cm: error: case 1 has no action 99
X
run cm plan 1 show --format tsv
run sh -c "printf '%s\n' \"\$1\" | grep '^version'" _ "$out"
expect_out <<'X'
version	1			signed by client and worker; content changed since signing			superseded			2026-03-21	2026-03-22	false
version	2			signed by worker; awaiting client; signed content matches			current				2026-03-15	true
X

# One signature closes version 2 to changes: a new goal starts version 3.
CM_TODAY=2026-05-03 run cm plan 1 goal add "Driving licence" --format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "goal": 3,
  "plan_version": 3
}
X

# Version 3 signed by both: active again. Overdue actions show in cm show.
run cm plan 1 sign --by client
run cm plan 1 sign --by worker
expect_out <<'X'
case:         1
plan_version: 3
signed_by:    worker
state:        active
X
CM_TODAY=2026-05-15 run cm show 1
run sh -c "printf '%s\n' \"\$1\" | grep -E '^(state|plan_version|signed_by_.*|signature_valid|actions_.*):'" _ "$out"
expect_out <<'X'
state:               active
plan_version:        3
signed_by_client:    true
signed_by_worker:    true
signature_valid:     true
actions_done:        1
actions_open:        1
actions_overdue:     1
X

# Signatures are bound to the content: an edit behind cm's back shows.
db_sql "UPDATE action SET text = 'CV workshop (online)' WHERE id = 3"
run cm plan 1 show --format json
run sh -c "printf '%s\n' \"\$1\" | grep -A12 '\"kind\": \"version\"' | grep -E '\"(id|text|content_matches)\"' | sed 's/,\$//'" _ "$out"
expect_out <<'X'
    "id": 1
    "text": "signed by client and worker; content changed since signing"
    "content_matches": false
    "id": 2
    "text": "signed by worker; content changed since signing"
    "content_matches": false
    "id": 3
    "text": "signed by client and worker; content changed since signing"
    "content_matches": false
X
run cm show 1 --format json
run sh -c "printf '%s\n' \"\$1\" | grep signature_valid | sed 's/,\$//'" _ "$out"
expect_out <<'X'
  "signature_valid": false
X

# Every step is in the case's log.
run cm log 1 --format tsv
run sh -c "printf '%s\n' \"\$1\" | cut -f3,4 | grep '^plan'" _ "$out"
expect_out <<'X'
plan	state planning -> active: plan version 3 signed by client and worker
plan	plan version 3 signed by the worker
plan	plan version 3 signed by the client
plan	goal 3 added: Driving licence
plan	plan version 2 -> 3: signed plan changed
plan	goal 1 done
plan	action 2 dropped: partner closed the file
plan	plan version 2 signed by the worker
plan	action 3 added to goal 2: CV workshop
plan	state active -> planning: plan version 2 needs both signatures
plan	plan version 1 -> 2: signed plan changed
plan	action 1 done: application filed
plan	state planning -> active: plan version 1 signed by client and worker
plan	plan version 1 signed by the worker
plan	plan version 1 signed by the client
plan	goal 2 added: Back to work
plan	action 2 added to goal 1: Debt mediation
plan	action 1 added to goal 1: Apply for social housing
plan	goal 1 added: Stable housing
X

# A closed case's plan is closed too.
db_sql "UPDATE cases SET state = 'closed' WHERE id = 1"
expect_unchanged 1 cm plan 1 goal add "After"
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X

# Usage errors.
expect_unchanged 2 cm plan 1 contract add
expect_err <<'X'
cm: error: unknown plan subcommand 'contract' (goal, action, sign, show)
X
expect_unchanged 2 cm plan 1 goal finish 1
expect_err <<'X'
cm: error: unknown goal action 'finish' (add, edit, done, drop)
X
expect_unchanged 2 cm plan 1 goal add
expect_err <<'X'
cm: error: usage: cm plan CASE goal add TEXT [--due DATE] [--priority N]
X
expect_unchanged 2 cm plan 1 goal done first
expect_err <<'X'
cm: error: GOAL: invalid value 'first' (expected a whole number from 1 to 2147483647)
X
expect_unchanged 2 cm plan 1 goal add "X" --owner client
expect_err <<'X'
cm: error: --owner does not apply to 'cm plan CASE goal add'
X
expect_unchanged 2 cm plan 1 sign
expect_err <<'X'
cm: error: --by is required (client, worker)
X
expect_unchanged 2 cm plan 1 sign --by manager
expect_err <<'X'
cm: error: --by: invalid signer 'manager' (client, worker)
X
expect_unchanged 2 cm plan 1 show --format yaml
expect_err <<'X'
cm: error: --format: unknown format 'yaml' (text, json, csv, tsv, html)
X
expect_unchanged 2 cm plan
expect_err <<'X'
cm: error: expected CASE; see 'cm plan -h'
X
expect_unchanged 1 cm plan 42 show
expect_err <<'X'
cm: error: no case 42
X

finish
