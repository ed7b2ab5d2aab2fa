#!/bin/sh
# cm plan CASE goal edit | action edit: corrections to the commitment; a
# signed plan starts a new version that must be signed again.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --criteria all --consent case-management
run cm assess 1 --domain housing=3
run cm plan 1 goal add "Find stable hosuing" --due 2026-09-30
expect_out <<'X'
1
X
run cm plan 1 action add 1 "Aply for social housing" --owner client --due 2026-04-15
expect_out <<'X'
1
X

# Before signing: corrected in place, version 1 still.
run cm plan 1 goal edit 1 --text "Find stable housing" --priority 1
expect_code 0
expect_out <<'X'
case:         1
goal:         1
changed:      text, priority
plan_version: 1
state:        planning
X
run cm plan 1 sign --by client
run cm plan 1 sign --by worker
run cm show 1 --format json
out=$(printf '%s\n' "$out" | grep -E '"(state|plan_version|signature_valid)"')
expect_out <<'X'
  "state": "active",
  "plan_version": 1,
  "signature_valid": true,
X

# After signing: the correction is a change to the commitment.
run cm plan 1 action edit 1 --text "Apply for social housing" --due 2026-04-30 --format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "action": 1,
  "changed": "text, due",
  "plan_version": 2,
  "state": "planning"
}
X
run db_sql "SELECT id, text, due, owner FROM action; SELECT id, text, due, priority FROM goal"
expect_out <<'X'
1|Apply for social housing|2026-04-30|client
1|Find stable housing|2026-09-30|1
X
run db_sql "SELECT entity, entity_id, summary FROM audit WHERE summary LIKE '%corrected%' OR summary LIKE 'plan version _ -> %' ORDER BY id"
expect_out <<'X'
goal|1|goal 1 corrected: text, priority
cases|1|plan version 1 -> 2: signed plan changed
action|1|action 1 corrected: text, due
X
run cm partner add "CPAS Ixelles" --domain social-assistance
run cm plan 1 action edit 1 --owner partner:1
expect_code 0
expect_out <<'X'
case:         1
action:       1
changed:      owner
plan_version: 2
state:        planning
X

# Refusals change nothing.
expect_unchanged 1 cm plan 1 action edit 1 --owner partner:1
expect_err <<'X'
cm: error: action 1 already reads so
X
expect_unchanged 1 cm plan 1 goal edit 7 --text x
expect_err <<'X'
cm: error: case 1 has no goal 7
X
expect_unchanged 2 cm plan 1 goal edit 1 --text " "
expect_err <<'X'
cm: error: goal text must not be empty
X
expect_unchanged 2 cm plan 1 action edit 1 --due 2026-02-30
expect_err <<'X'
cm: error: invalid due date '2026-02-30' (expected YYYY-MM-DD)
X
expect_unchanged 2 cm plan 1 goal edit 1
expect_err <<'X'
cm: error: nothing to change: give --text, --due or --priority
X
expect_unchanged 2 cm plan 1 goal edit 1 --owner client
expect_err <<'X'
cm: error: --owner does not apply to 'cm plan CASE goal edit'
X
expect_unchanged 2 cm plan 1 action edit 1 --priority 2
expect_err <<'X'
cm: error: --priority does not apply to 'cm plan CASE action edit'
X
expect_unchanged 2 cm plan 1 action done 1 --text x
expect_err <<'X'
cm: error: --text does not apply to 'cm plan CASE action done|drop'
X
expect_unchanged 2 cm plan 1 action edit 1 --owner nobody
expect_err <<'X'
cm: error: --owner: invalid owner 'nobody' (client, worker or partner:ID)
X
run cm audit --verify
expect_code 0
# Goals and actions are numbered per case: the first goal of every case is
# goal 1, whatever the other cases hold.
run cm intake --first-name Jan --last-name Peeters --criteria all --consent case-management
expect_out <<'X'
2
X
run cm assess 2 --domain debts=2
run cm plan 2 goal add "Settle the debts"
expect_out <<'X'
1
X
run cm plan 2 goal add "Find a training"
expect_out <<'X'
2
X
run cm plan 2 action add 2 "Visit the training centre" --owner client --due 2026-04-01 --format json
expect_out <<'X'
{
  "case": 2,
  "action": 1,
  "goal": 2,
  "plan_version": 1
}
X
run cm plan 2 action edit 1 --due 2026-04-08
expect_code 0
run cm plan 2 action done 1 --format csv
expect_out <<'X'
case,action,status,plan_version,state
2,1,done,1,planning
X
run cm plan 2 show --format csv
out=$(printf '%s\n' "$out" | cut -d, -f1-5,7-8)
expect_out <<'X'
kind,id,goal,priority,text,due,status
goal,1,,,Settle the debts,,open
goal,2,,,Find a training,,open
action,1,2,,Visit the training centre,2026-04-08,done
version,1,,,not signed,,current
X
run db_sql "SELECT id, case_id, number FROM goal ORDER BY id; SELECT id, case_id, number FROM action ORDER BY id"
expect_out <<'X'
1|1|1
2|2|1
3|2|2
1|1|1
2|2|1
X
run db_sql "SELECT summary FROM audit WHERE case_id = 2 AND entity IN ('goal', 'action') ORDER BY id"
expect_out <<'X'
goal 1 added: Settle the debts
goal 2 added: Find a training
action 1 added to goal 2: Visit the training centre
action 1 corrected: due
action 1 done
X
expect_unchanged 1 cm plan 2 action done 2
expect_err <<'X'
cm: error: case 2 has no action 2
X
expect_unchanged 1 cm plan 2 goal edit 3 --text x
expect_err <<'X'
cm: error: case 2 has no goal 3
X
finish
