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
run db_sql "SELECT c.id, c.person_id FROM cases c ORDER BY c.id"
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
# No one: the header alone, so a script still reads the columns.
run cm list --name Nobody --format csv
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
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
cm: error: --sort: unknown value 'surname' (case, name, opened, worker, state)
X
# cm person duplicates: the likely pairs already in the database.
run cm intake --first-name Müller --last-name Zoé --birth-date 2001-02-03 --new-person
expect_out <<'X'
13
X
run cm intake --first-name Zoe --last-name MULLER --birth-date 2001-02-03 --new-person
expect_out <<'X'
14
X
run cm person duplicates --format csv
expect_code 0
expect_out <<'X'
person_a,name_a,person_b,name_b,match,birth_date,ext_id
1,Zoé Müller,3,Zoé Müller,name,2001-02-03,
1,Zoé Müller,12,Müller Zoé,swapped-names,2001-02-03,
1,Zoé Müller,13,Zoe MULLER,name,2001-02-03,
3,Zoé Müller,12,Müller Zoé,swapped-names,2001-02-03,
3,Zoé Müller,13,Zoe MULLER,name,2001-02-03,
12,Müller Zoé,13,Zoe MULLER,swapped-names,2001-02-03,
4,Jan Peeters,5,Jan Peters,ext-id,,FO-2000
X
run cm person duplicates --format json
out=$(printf '%s\n' "$out" | sed -n '1,10p')
expect_out <<'X'
[
  {
    "person_a": 1,
    "name_a": "Zoé Müller",
    "person_b": 3,
    "name_b": "Zoé Müller",
    "match": "name",
    "birth_date": "2001-02-03",
    "ext_id": null
  },
X

# link records one person without merging; linked pairs are no longer listed,
# and cm show of either names the other.
run cm person link 5 4 --reason "one person, registered by two offices"
expect_code 0
expect_out <<'X'
persons 5 and 4 linked as one person
X
run cm person link 1 13
expect_code 0
run cm person duplicates --format tsv
expect_out <<'X'
person_a	name_a	person_b	name_b	match	birth_date	ext_id
1	Zoé Müller	3	Zoé Müller	name	2001-02-03	
1	Zoé Müller	12	Müller Zoé	swapped-names	2001-02-03	
3	Zoé Müller	12	Müller Zoé	swapped-names	2001-02-03	
3	Zoé Müller	13	Zoe MULLER	name	2001-02-03	
12	Müller Zoé	13	Zoe MULLER	swapped-names	2001-02-03	
X
run cm show 5 --format json
out=$(printf '%s\n' "$out" | grep '"linked_persons"')
expect_out <<'X'
  "linked_persons": "5",
X
run cm show 3 --format json
out=$(printf '%s\n' "$out" | grep '"linked_persons"')
expect_out <<'X'
  "linked_persons": "13",
X
run cm person link 1 12
expect_code 0
run cm show 1 --format json
out=$(printf '%s\n' "$out" | grep '"linked_persons"')
expect_out <<'X'
  "linked_persons": "12,13",
X
expect_unchanged 1 cm person link 13 1
expect_err <<'X'
cm: error: persons 1 and 13 are already linked
X
expect_unchanged 2 cm person link 3 3
expect_err <<'X'
cm: error: person 3 cannot be linked to itself
X
expect_unchanged 1 cm person link 3 99
expect_err <<'X'
cm: error: no person 99
X
expect_unchanged 2 cm person link 3 x
expect_err <<'X'
cm: error: invalid person 'x' (expected a person number)
X
expect_unchanged 2 cm person link 3
expect_err <<'X'
cm: error: usage: cm person link A B [--reason TEXT]
X
expect_unchanged 2 cm person unlink 1 12 --reason why
expect_err <<'X'
cm: error: unknown option '--reason'; see 'cm person -h'
X

# unlink undoes it; the pair is a question again. Both are audited.
run cm person unlink 12 1
expect_code 0
expect_out <<'X'
persons 12 and 1 unlinked
X
expect_unchanged 1 cm person unlink 1 12
expect_err <<'X'
cm: error: persons 1 and 12 are not linked
X
run cm show 1 --format json
out=$(printf '%s\n' "$out" | grep '"linked_persons"')
expect_out <<'X'
  "linked_persons": "13",
X
run db_sql "SELECT id, person_a, person_b, reason, linked_on, linked_by, unlinked_on, unlinked_by FROM person_link ORDER BY id"
expect_out <<'X'
1|4|5|one person, registered by two offices|2026-03-15|alice||
2|1|13||2026-03-15|alice||
3|1|12||2026-03-15|alice|2026-03-15|alice
X
run db_sql "SELECT entity, entity_id, summary FROM audit WHERE entity = 'person_link' ORDER BY id"
expect_out <<'X'
person_link|1|persons 4 and 5 linked as one person
person_link|2|persons 1 and 13 linked as one person
person_link|3|persons 1 and 12 linked as one person
person_link|3|persons 1 and 12 unlinked: two people
X
run cm audit --verify
expect_code 0
finish
