#!/bin/sh
# One person, once: intake refuses a person who matches a registered one
# (same birth date and names equal once case, accents, spaces and hyphens
# are ignored, or swapped; or the same external id under another source)
# until told --person ID or --new-person; cm list --name and --sort name.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Zoé --last-name Müller --birth-date 2001-02-03 --criteria all \
	--consent case-management
expect_out <<'X'
1
X

# The same person typed again, however written, is refused and named.
expect_unchanged 1 cm intake --first-name ZOE --last-name muller --birth-date 2001-02-03
expect_err <<'X'
cm: error: person 1 (Zoé Müller, born 2001-02-03) has the same name and birth date; give --person 1 if this is them, or --new-person if not
X
expect_unchanged 1 cm intake --first-name "Mül-ler" --last-name " zoé" --birth-date 2001-02-03
expect_err <<'X'
cm: error: person 1 (Zoé Müller, born 2001-02-03) has the same birth date and these names swapped; give --person 1 if this is them, or --new-person if not
X
# Another birth date is another person.
run cm intake --first-name Zoé --last-name Müller --birth-date 2001-02-04
expect_code 0
expect_out <<'X'
2
X

# --person attaches the case to the registered person, once their case is closed.
expect_unchanged 1 cm intake --first-name Zoé --last-name Müller --birth-date 2001-02-03 --person 1
expect_err <<'X'
cm: error: person 1 already has open case 1 in programme be-accompagnement
X
run cm close 1 --outcome moved
expect_code 0
run cm intake --first-name Zoé --last-name Müller --birth-date 2001-02-03 --person 1
expect_code 0
expect_out <<'X'
3
X
# --new-person: a different person who has the same name and birth date.
run cm intake --first-name Zoé --last-name Müller --birth-date 2001-02-03 --new-person
expect_code 0
expect_out <<'X'
4
X
run sqlite3 "$CM_DB" "SELECT c.id, c.person_id FROM cases c ORDER BY c.id"
expect_out <<'X'
1|1
2|2
3|1
4|3
X

# The same external id under another source: a manual intake, then the
# employment service's record of the same person.
run cm intake --first-name Jan --last-name Peeters --ext-id FO-2000
expect_out <<'X'
5
X
expect_unchanged 1 cm intake --first-name Jan --last-name Peters --ext-id FO-2000 --source forem
expect_err <<'X'
cm: error: person 4 (Jan Peeters) has external id FO-2000 under source local; give --person 4 if this is them, or --new-person if not
X
run cm intake --first-name Jan --last-name Peters --ext-id FO-2000 --source forem --new-person
expect_code 0
expect_out <<'X'
6
X

# Refusals of the options themselves.
expect_unchanged 2 cm intake --first-name A --last-name B --person 1 --new-person
expect_err <<'X'
cm: error: --person and --new-person contradict each other; give one
X
expect_unchanged 2 cm intake --first-name A --last-name B --person one
expect_err <<'X'
cm: error: --person: invalid person 'one' (expected a person number)
X
expect_unchanged 1 cm intake --first-name A --last-name B --person 99
expect_err <<'X'
cm: error: no person 99
X

# cm list --name ignores case and accents, in either order of the names.
run cm list --name MULLER --any --format csv
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,,local,Zoé,Müller,2001-02-03,be-accompagnement,alice,closed,2026-03-15,2026-03-15,moved
2,2,,local,Zoé,Müller,2001-02-04,be-accompagnement,alice,screening,2026-03-15,,
3,1,,local,Zoé,Müller,2001-02-03,be-accompagnement,alice,screening,2026-03-15,,
4,3,,local,Zoé,Müller,2001-02-03,be-accompagnement,alice,screening,2026-03-15,,
X
run cm list --name "muller zoe" --format csv
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
2,2,,local,Zoé,Müller,2001-02-04,be-accompagnement,alice,screening,2026-03-15,,
3,1,,local,Zoé,Müller,2001-02-03,be-accompagnement,alice,screening,2026-03-15,,
4,3,,local,Zoé,Müller,2001-02-03,be-accompagnement,alice,screening,2026-03-15,,
X
run cm list --name "jan pe" --format tsv
expect_out <<'X'
case	person	ext_id	source	first_name	last_name	birth_date	programme	worker	state	opened_on	closed_on	outcome
5	4	FO-2000	local	Jan	Peeters		be-accompagnement	alice	screening	2026-03-15		
6	5	FO-2000	forem	Jan	Peters		be-accompagnement	alice	screening	2026-03-15		
X
run cm list --name Nobody --format csv
expect_out <<'X'
X

# --sort name in French reading order: particles, capitals and accents in
# their alphabetical place, not after Z.
for who in "Émile Zola" "Anne de Smet" "Marc Élan" "éric Dupont" "Anne Dupont" "Yves Adam"; do
	run cm intake --first-name "${who%% *}" --last-name "${who#* }"
	expect_code 0
done
run cm list --sort name --format csv
out=$(printf '%s\n' "$out" | cut -d, -f1,5,6)
expect_out <<'X'
case,first_name,last_name
12,Yves,Adam
8,Anne,de Smet
11,Anne,Dupont
10,éric,Dupont
9,Marc,Élan
2,Zoé,Müller
3,Zoé,Müller
4,Zoé,Müller
5,Jan,Peeters
6,Jan,Peters
7,Émile,Zola
X
expect_unchanged 2 cm list --sort surname
expect_err <<'X'
cm: error: invalid sort 'surname' (case, name, opened, worker, state)
X
finish
