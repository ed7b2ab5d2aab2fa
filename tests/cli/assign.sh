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
sqlite3 "$CM_DB" "UPDATE cases SET state = 'closed' WHERE id = 1"
expect_unchanged 1 cm assign 1 dave --reason "after closure"
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X

finish
