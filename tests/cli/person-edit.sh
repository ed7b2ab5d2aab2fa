#!/bin/sh
# cm person edit: corrections audited with before and after; an intake of a
# registered person with other details says what differs.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Zoé --last-name Mûller --birth-date 2001-02-03 --ext-id FO-2000 \
	--source forem --phone "0470 11 22 33" --criteria all --consent case-management
expect_out <<'X'
1
X

run cm person edit 1 --last-name Müller --phone "0471 44 55 66" --reason "misspelt at intake"
expect_code 0
expect_out <<'X'
person 1 updated: last_name, phone
X
# An empty value clears an optional field; ext:ID names the person too.
run cm person edit ext:FO-2000 --phone "" --email zoe@example.org
expect_code 0
expect_out <<'X'
person 1 updated: phone, email
X
run db_sql "SELECT first_name, last_name, phone, email, ext_id, source FROM person"
expect_out <<'X'
Zoé|Müller||zoe@example.org|FO-2000|forem
X
run db_sql "SELECT entity, entity_id, summary,
	$(db_json before last_name), $(db_json after last_name),
	$(db_json before phone), $(db_json after phone)
	FROM audit WHERE command = 'person' ORDER BY id"
expect_out <<'X'
person|1|person 1 corrected: last_name, phone (misspelt at intake)|Mûller|Müller|0470 11 22 33|0471 44 55 66
person|1|person 1 corrected: phone, email|Müller|Müller|0471 44 55 66|
X
run cm audit --verify
expect_code 0

# Refusals change nothing.
expect_unchanged 1 cm person edit 1 --last-name Müller
expect_err <<'X'
cm: error: person 1 already has these details
X
expect_unchanged 2 cm person edit 1 --first-name " "
expect_err <<'X'
cm: error: first_name must not be empty
X
expect_unchanged 2 cm person edit 1 --birth-date 2030-01-01
expect_err <<'X'
cm: error: birth_date '2030-01-01' is in the future
X
expect_unchanged 2 cm person edit 1 --sex x
expect_err <<'X'
cm: error: invalid sex 'x' (male, female, other, unknown)
X
expect_unchanged 2 cm person edit 1 --phone 1 --phone 2
expect_err <<'X'
cm: error: --phone given twice ('1' and '2'); give it once
X
expect_unchanged 2 cm person edit 1
expect_err <<'X'
cm: error: nothing to change: give --first-name, --last-name, --phone, ...; see 'cm person -h'
X
expect_unchanged 2 cm person edit 1 --nickname Z
expect_err <<'X'
cm: error: unknown option '--nickname'; see 'cm person -h'
X
expect_unchanged 1 cm person edit 9 --phone 1
expect_err <<'X'
cm: error: no person 9
X
run cm intake --first-name Jan --last-name Peeters --ext-id FO-2001 --source forem
expect_out <<'X'
2
X
expect_unchanged 1 cm person edit 2 --ext-id FO-2000
expect_err <<'X'
cm: error: forem:FO-2000 is already person 1
X

# An intake of a registered person (the same source and ext-id) with other
# details opens the case, keeps the stored details and says what differs.
run cm close 1 --outcome moved
run cm intake --first-name Zoe --last-name Müller --ext-id FO-2000 --source forem \
	--phone "0472 00 00 00" --birth-date 2001-02-03
expect_code 0
expect_out <<'X'
3
X
expect_err <<'X'
cm: warning: person 1 is registered with other details (first_name, phone), which were kept; change them with 'cm person edit 1'
X
run db_sql "SELECT id, first_name, phone FROM person ORDER BY id"
expect_out <<'X'
1|Zoé|
2|Jan|
X
finish
