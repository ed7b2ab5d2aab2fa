#!/bin/sh
# cm list: filters, sorting and every output format.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm worker add bob --name "Bob Janssens"
run cm intake --first-name Zoé --last-name Martin --worker bob --birth-date 2001-02-03
run cm intake --first-name Ahmed --last-name Benali --criteria all --consent all
run cm intake --first-name Léa --last-name Dupont --worker bob --programme eu-youth-guarantee --force
db_sql "UPDATE cases SET state = 'closed', closed_on = '2026-03-15', outcome = 'training' WHERE id = 3"

run cm list
expect_code 0
expect_out <<'X'
CASE  PERSON  EXT_ID  SOURCE  FIRST_NAME  LAST_NAME  BIRTH_DATE  PROGRAMME          WORKER  STATE       OPENED_ON   CLOSED_ON  OUTCOME
1     1       -       local   Zoé         Martin     2001-02-03  be-accompagnement  bob     screening   2026-03-15  -          -
2     2       -       local   Ahmed       Benali     -           be-accompagnement  alice   assessment  2026-03-15  -          -
X

run cm list --closed --format json
expect_out <<'X'
[
  {
    "case": 3,
    "person": 3,
    "ext_id": null,
    "source": "local",
    "first_name": "Léa",
    "last_name": "Dupont",
    "birth_date": null,
    "programme": "eu-youth-guarantee",
    "worker": "bob",
    "state": "closed",
    "opened_on": "2026-03-15",
    "closed_on": "2026-03-15",
    "outcome": "training"
  }
]
X

run cm list --any --sort name --format csv
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
2,2,,local,Ahmed,Benali,,be-accompagnement,alice,assessment,2026-03-15,,
3,3,,local,Léa,Dupont,,eu-youth-guarantee,bob,closed,2026-03-15,2026-03-15,training
1,1,,local,Zoé,Martin,2001-02-03,be-accompagnement,bob,screening,2026-03-15,,
X

run cm list --worker bob --any --format tsv
expect_out <<'X'
case	person	ext_id	source	first_name	last_name	birth_date	programme	worker	state	opened_on	closed_on	outcome
1	1		local	Zoé	Martin	2001-02-03	be-accompagnement	bob	screening	2026-03-15		
3	3		local	Léa	Dupont		eu-youth-guarantee	bob	closed	2026-03-15	2026-03-15	training
X

run cm list --mine --state assessment --programme be-accompagnement --format csv
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
2,2,,local,Ahmed,Benali,,be-accompagnement,alice,assessment,2026-03-15,,
X

# Nothing matches: an empty list, exit 0.
run cm list --worker rex
expect_code 0
expect_no_out
run cm list --worker rex --format json
expect_out <<'X'
[]
X
# A worker nobody registered is an error, with the closest login.
expect_unchanged 1 cm list --worker nobody
expect_err <<'X'
cm: error: unknown worker 'nobody'; see 'cm worker list'
X
expect_unchanged 1 cm list --worker bobb
expect_err <<'X'
cm: error: unknown worker 'bobb'; did you mean 'bob'?
X

run cm list --sort age
expect_code 2
expect_err <<'X'
cm: error: --sort: unknown value 'age'; did you mean 'case'? (case, name, opened, worker, state)
X
run cm list extra
expect_code 2
expect_err <<'X'
cm: error: unexpected argument 'extra'; see 'cm list -h'
X

finish
