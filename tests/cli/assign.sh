#!/bin/sh
# cm assign: hand a case to another worker in any open state, with a reason.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Jan --last-name Peeters --worker alice
expect_out <<'X'
1
X

# Allowed from screening on; the case is printed after the change.
run cm assign 1 bob --reason "alice on leave until June"
expect_code 0
expect_out <<'X'
case:       1
person:     1
ext_id:     -
source:     local
first_name: Jan
last_name:  Peeters
birth_date: -
programme:  be-accompagnement
worker:     bob
state:      screening
opened_on:  2026-03-15
closed_on:  -
outcome:    -
X
run cm intake --case 1 --criteria all --consent case-management
run cm assess 1 --domain housing=2
run cm suspend 1 --reason "in hospital"
run cm assign 1 carol --reason "team change" --format csv
expect_code 0
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,,local,Jan,Peeters,,be-accompagnement,carol,suspended,2026-03-15,,
X
run cm list --worker carol --format tsv
expect_out <<'X'
case	person	ext_id	source	first_name	last_name	birth_date	programme	worker	state	opened_on	closed_on	outcome
1	1		local	Jan	Peeters		be-accompagnement	carol	suspended	2026-03-15		
X

# Each hand-over shows, with both workers and the reason, in the log.
run cm log 1 --format tsv
run sh -c "printf '%s\n' \"\$1\" | cut -f3,4 | grep '^assign'" _ "$out"
expect_out <<'X'
assign	assigned bob -> carol: team change
assign	assigned alice -> bob: alice on leave until June
X

# Refused: nothing changed.
expect_unchanged 1 cm assign 1 carol --reason "again"
expect_err <<'X'
cm: error: case 1 is already assigned to carol
X
expect_unchanged 2 cm assign 1 dave
expect_err <<'X'
cm: error: --reason is required to reassign a case
X
expect_unchanged 2 cm assign 1 dave --reason ""
expect_err <<'X'
cm: error: --reason is required to reassign a case
X
expect_unchanged 2 cm assign 1 "" --reason "nobody"
expect_err <<'X'
cm: error: worker must not be empty
X
expect_unchanged 2 cm assign 1 --reason "who?"
expect_err <<'X'
cm: error: usage: cm assign CASE WORKER --reason TEXT
X
expect_unchanged 1 cm assign 7 dave --reason "x"
expect_err <<'X'
cm: error: no case 7
X
expect_unchanged 2 cm assign 1 dave --reason x --urgent
expect_err <<'X'
cm: error: unknown option '--urgent'; see 'cm assign -h'
X
db_sql "UPDATE cases SET state = 'closed' WHERE id = 1"
expect_unchanged 1 cm assign 1 dave --reason "after closure"
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X

# Bulk: someone leaves, or a caseload is rebalanced.
run cm intake --first-name A1 --last-name Bulk --worker dave
run cm intake --first-name A2 --last-name Bulk --worker dave --programme ch-cmfp --birth-date 2010-01-01
run cm intake --first-name A3 --last-name Bulk --worker dave
run cm intake --first-name A4 --last-name Bulk --worker dave --criteria all --consent all
run cm list --worker dave --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1,8,10" _ "$out"
expect_out <<'X'
case,programme,state
2,be-accompagnement,screening
3,ch-cmfp,screening
4,be-accompagnement,screening
5,be-accompagnement,assessment
X
# --dry-run lists what would move and changes nothing.
before=$(db_state)
run cm assign --from dave --to carol --reason "dave leaves" --dry-run
expect_code 0
expect_out <<'X'
CASE  PROGRAMME          STATE       FROM  TO
2     be-accompagnement  screening   dave  carol
3     ch-cmfp            screening   dave  carol
4     be-accompagnement  screening   dave  carol
5     be-accompagnement  assessment  dave  carol
4 cases would move from dave to carol (dry run: nothing changed)
X
checks=$((checks + 1))
[ "$before" = "$(db_state)" ] || fail "the dry run changed the database"
# Filters and a limit, oldest first; each case audited as one assignment.
run cm assign --from dave --to carol --programme be-accompagnement --state screening --limit 1 \
	--reason "rebalance" --format csv
expect_out <<'X'
case,programme,state,from,to
2,be-accompagnement,screening,dave,carol
X
run cm assign --from dave --to bob --reason "dave leaves"
expect_out <<'X'
CASE  PROGRAMME          STATE       FROM  TO
3     ch-cmfp            screening   dave  bob
4     be-accompagnement  screening   dave  bob
5     be-accompagnement  assessment  dave  bob
3 cases moved from dave to bob
X
run db_sql "SELECT case_id, summary FROM audit WHERE command = 'assign'
	AND summary LIKE '%dave ->%' ORDER BY id"
expect_out <<'X'
2|assigned dave -> carol: rebalance
3|assigned dave -> bob: dave leaves
4|assigned dave -> bob: dave leaves
5|assigned dave -> bob: dave leaves
X
# Nothing left to move is a summary, not an error; the leaver may be deactivated.
run cm worker deactivate dave
run cm assign --from dave --to bob --reason again
expect_code 0
expect_out <<'X'
0 cases moved from dave to bob
X
# The caseload-norm warning still applies (ch-cmfp: about 80 cases per case manager).
db_sql "UPDATE programme SET rules = $(db_json_merge rules '{"caseload_norm": 1}')
	WHERE id = 'ch-cmfp'"
run cm assign --from bob --to carol --programme ch-cmfp --reason rebalance --dry-run
expect_code 0
expect_err <<'X'
cm: warning: worker carol would have 2 open cases, above the caseload norm of 1 of programme ch-cmfp
X
# Unknown workers, the same worker twice, a missing half: nothing changes.
expect_unchanged 1 cm assign --from dav --to bob --reason x
expect_err <<'X'
cm: error: unknown worker 'dav'; see 'cm worker list'
X
expect_unchanged 1 cm assign --from bob --to dave --reason x
expect_err <<'X'
cm: error: worker 'dave' is deactivated
X
expect_unchanged 2 cm assign --from bob --to bob --reason x
expect_err <<'X'
cm: error: --from and --to name the same worker 'bob'
X
expect_unchanged 2 cm assign --from bob --reason x
expect_err <<'X'
cm: error: usage: cm assign --from W1 --to W2 [--programme P] [--state S] [--limit N] --reason TEXT [--dry-run]
X
expect_unchanged 2 cm assign --from bob --to carol
expect_err <<'X'
cm: error: --reason is required to reassign a case
X
expect_unchanged 2 cm assign --from bob --to carol --reason x --limit 0
expect_err <<'X'
cm: error: --limit: invalid value '0' (expected a whole number from 1 to 1000000000)
X
# A filter naming nothing is a mistake, not "0 cases moved".
expect_unchanged 2 cm assign --from bob --to carol --reason x --state activ
expect_err <<'X'
cm: error: --state: unknown value 'activ'; did you mean 'active'? (screening, assessment, planning, active, suspended, closed)
X
expect_unchanged 2 cm assign --from bob --to carol --reason x --programme ch-cmf
expect_err <<'X'
cm: error: --programme: unknown value 'ch-cmf'; did you mean 'ch-cmfp'? (be-accompagnement, be-trajet-specifique, ch-cmfp, dg-familles, eu-youth-guarantee, work-accident)
X
expect_unchanged 2 cm assign --from bob --to carol --to dave --reason x
expect_err <<'X'
cm: error: --to given twice ('carol' and 'dave'); give it once
X

finish
