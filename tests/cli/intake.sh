#!/bin/sh
# cm intake: one person, screening, consent, and every refused input.
. "$TESTS_DIR/lib/cli.sh"

run cm init
expect_code 0

run cm intake --first-name Léa --last-name Dupont --birth-date 2003-04-05 \
	--ext-id A1 --source actiris --worker bob --referral-source pes
expect_code 0
expect_out <<'X'
1
X

run cm intake --first-name Jan --last-name Peeters --criteria all \
	--consent case-management --format json
expect_code 0
expect_out <<'X'
{
  "case": 2,
  "person": 2,
  "ext_id": null,
  "source": "local",
  "first_name": "Jan",
  "last_name": "Peeters",
  "birth_date": null,
  "programme": "be-accompagnement",
  "worker": "alice",
  "state": "assessment",
  "opened_on": "2026-03-15",
  "closed_on": null,
  "outcome": null
}
X

# Screening completed later moves the case on only when everything is in.
run cm intake --case 1 --criteria complex,self-management --format csv
expect_code 0
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,A1,actiris,Léa,Dupont,2003-04-05,be-accompagnement,bob,screening,2026-03-15,,
X
run cm intake --case ext:A1 --criteria multi-provider,cooperation --consent case-management
expect_code 0
expect_out <<'X'
1
X
run cm list --format tsv
expect_out <<'X'
case	person	ext_id	source	first_name	last_name	birth_date	programme	worker	state	opened_on	closed_on	outcome
1	1	A1	actiris	Léa	Dupont	2003-04-05	be-accompagnement	bob	assessment	2026-03-15		
2	2		local	Jan	Peeters		be-accompagnement	alice	assessment	2026-03-15		
X

# The same person in another programme gets a second case; not twice in one.
run cm intake --first-name Léa --last-name Dupont --ext-id A1 --source actiris \
	--programme eu-youth-guarantee
expect_code 0
expect_out <<'X'
3
X
expect_unchanged 1 cm intake --first-name Léa --last-name Dupont --ext-id A1 --source actiris
expect_err <<'X'
cm: error: person actiris:A1 already has open case 1 in programme be-accompagnement
X

# Bad input: one line naming the field and value, the right code, nothing changed.
expect_unchanged 2 cm intake --first-name A --last-name B --birth-date 31/02/2003
expect_err <<'X'
cm: error: invalid birth_date '31/02/2003' (expected YYYY-MM-DD)
X
expect_unchanged 2 cm intake --first-name A --last-name B --birth-date 2003-13-01
expect_err <<'X'
cm: error: invalid birth_date '2003-13-01' (expected YYYY-MM-DD)
X
expect_unchanged 2 cm intake --first-name A --last-name B --birth-date 2026-03-16
expect_err <<'X'
cm: error: birth_date '2026-03-16' is in the future
X
expect_unchanged 2 cm intake --first-name "  " --last-name B
expect_err <<'X'
cm: error: first_name must not be empty
X
expect_unchanged 2 cm intake --last-name B
expect_err <<'X'
cm: error: --first-name is required; see 'cm intake -h'
X
expect_unchanged 2 cm intake --first-name A --last-name B --programme nowhere
expect_err <<'X'
cm: error: --programme: unknown value 'nowhere' (be-accompagnement, be-trajet-specifique, ch-cmfp, dg-familles, eu-youth-guarantee, work-accident)
X
expect_unchanged 2 cm intake --first-name A --last-name B --colour blue
expect_err <<'X'
cm: error: unknown option '--colour'; see 'cm intake -h'
X
expect_unchanged 2 cm intake --first-name A --last-name
expect_err <<'X'
cm: error: option '--last-name' requires a value
X
expect_unchanged 2 cm intake --first-name A --last-name B --criteria complex,lazy
expect_err <<'X'
cm: error: --criteria: unknown criterion 'lazy'
X
expect_unchanged 2 cm intake --first-name A --last-name B --sex yes
expect_err <<'X'
cm: error: invalid sex 'yes' (male, female, other, unknown)
X
expect_unchanged 2 cm intake --first-name A --last-name B --referral-source tv
expect_err <<'X'
cm: error: invalid referral_source 'tv' (pes, school, partner, self, other)
X
expect_unchanged 1 cm intake --case 99 --criteria complex
expect_err <<'X'
cm: error: no case 99
X
expect_unchanged 1 cm intake --case 1 --criteria complex
expect_err <<'X'
cm: error: case 1: those criteria are already recorded
X
expect_unchanged 2 cm intake --first-name A --last-name B --format xml
expect_err <<'X'
cm: error: --format: unknown format 'xml' (text, json, csv, tsv)
X

finish
