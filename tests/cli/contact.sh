#!/bin/sh
# cm contact: recording contacts, the contact interval, listing, refusals.
. "$TESTS_DIR/lib/cli.sh"

# The contact keys of cm show, one per line.
show_contact_keys()
{
	run cm show "$1" --format json
	out=$(printf '%s\n' "$out" | grep -E '"(contact_every_days|last_contact|next_contact_due)"')
}

run cm init
run cm intake --first-name Léa --last-name Dupont --criteria all --consent case-management
expect_out <<'X'
1
X

# Before any contact, the next one is due an interval after the opening date.
show_contact_keys 1
expect_out <<'X'
  "contact_every_days": 30,
  "last_contact": null,
  "next_contact_due": "2026-04-14",
X

run cm contact 1 --channel in-person --duration 60 --note "CV and first steps"
expect_code 0
expect_out <<'X'
1
X
run cm contact 1 --channel video --duration 45 --kind case-conference \
	--participants "Léa Dupont, CPAS, Mission Locale" --at 2026-03-15T08:30 --format json
expect_code 0
expect_out <<'X'
{
  "contact": 2
}
X
# A no-show needs no duration, and does not count as the last contact.
run cm contact 1 --channel phone --kind no-show --at 2026-03-15 --format csv
expect_code 0
expect_out <<'X'
contact
3
X

run cm contact 1 --list
expect_code 0
expect_out <<'X'
CONTACT  AT                    CHANNEL    KIND             DURATION  PARTICIPANTS                      NOTE                RECORDED_BY
3        2026-03-15            phone      no-show          -         -                                 -                   alice
2        2026-03-15T08:30:00Z  video      case-conference  45        Léa Dupont, CPAS, Mission Locale  -                   alice
1        2026-03-15T09:00:00Z  in-person  interview        60        -                                 CV and first steps  alice
X
run cm contact 1 --list --format csv
expect_out <<'X'
contact,at,channel,kind,duration,participants,note,recorded_by
3,2026-03-15,phone,no-show,,,,alice
2,2026-03-15T08:30:00Z,video,case-conference,45,"Léa Dupont, CPAS, Mission Locale",,alice
1,2026-03-15T09:00:00Z,in-person,interview,60,,CV and first steps,alice
X
run cm contact 1 --list --format json
expect_out <<'X'
[
  {
    "contact": 3,
    "at": "2026-03-15",
    "channel": "phone",
    "kind": "no-show",
    "duration": null,
    "participants": null,
    "note": null,
    "recorded_by": "alice"
  },
  {
    "contact": 2,
    "at": "2026-03-15T08:30:00Z",
    "channel": "video",
    "kind": "case-conference",
    "duration": 45,
    "participants": "Léa Dupont, CPAS, Mission Locale",
    "note": null,
    "recorded_by": "alice"
  },
  {
    "contact": 1,
    "at": "2026-03-15T09:00:00Z",
    "channel": "in-person",
    "kind": "interview",
    "duration": 60,
    "participants": null,
    "note": "CV and first steps",
    "recorded_by": "alice"
  }
]
X

# The programme's interval (30 days for be-accompagnement), then the case's own.
show_contact_keys 1
expect_out <<'X'
  "contact_every_days": 30,
  "last_contact": "2026-03-15",
  "next_contact_due": "2026-04-14",
X
run cm contact 1 --every 2w
expect_code 0
expect_out <<'X'
case 1: a contact at least every 14 days
X
show_contact_keys 1
expect_out <<'X'
  "contact_every_days": 14,
  "last_contact": "2026-03-15",
  "next_contact_due": "2026-03-29",
X
expect_unchanged 1 cm contact 1 --every 14d
expect_err <<'X'
cm: error: case 1 already has a contact interval of 14 days
X
run cm contact 1 --every 3m
expect_code 0
show_contact_keys 1
expect_out <<'X'
  "contact_every_days": 90,
  "last_contact": "2026-03-15",
  "next_contact_due": "2026-06-13",
X
run cm contact 1 --every default
expect_code 0
expect_out <<'X'
case 1: the programme's contact interval again
X
show_contact_keys 1
expect_out <<'X'
  "contact_every_days": 30,
  "last_contact": "2026-03-15",
  "next_contact_due": "2026-04-14",
X
expect_unchanged 1 cm contact 1 --every default
expect_err <<'X'
cm: error: case 1 has no contact interval of its own
X
for bad in 0 2y 53w 13m -3 w; do
	expect_unchanged 2 cm contact 1 --every "$bad"
	expect_err <<X
cm: error: --every: invalid contact interval '$bad' (N days, Nd, Nw or Nm up to a year, or default)
X
done

# Bad input: named, exit 2, nothing changed.
expect_unchanged 2 cm contact 1 --channel phone --duration 0
expect_err <<'X'
cm: error: --duration: invalid value '0' (expected a whole number from 1 to 600)
X
expect_unchanged 2 cm contact 1 --channel phone --duration 601
expect_err <<'X'
cm: error: --duration: invalid value '601' (expected a whole number from 1 to 600)
X
expect_unchanged 2 cm contact 1 --channel phone
expect_err <<'X'
cm: error: --duration is required (minutes, 1 to 600)
X
expect_unchanged 2 cm contact 1 --duration 20
expect_err <<'X'
cm: error: --channel is required; see 'cm contact -h'
X
expect_unchanged 2 cm contact 1 --channel fax --duration 20
expect_err <<'X'
cm: error: --channel: unknown value 'fax' (in-person, phone, video, e-mail, letter, home-visit)
X
expect_unchanged 2 cm contact 1 --channel phone --duration 20 --kind chat
expect_err <<'X'
cm: error: --kind: unknown value 'chat' (interview, case-conference, no-show)
X
# A typo is named before any database is opened.
run cm --db "$TMP/none.db" contact 1 --channel phnoe --duration 20
expect_code 2
expect_err <<'X'
cm: error: --channel: unknown value 'phnoe'; did you mean 'phone'? (in-person, phone, video, e-mail, letter, home-visit)
X
expect_unchanged 2 cm contact 1 --channel video --duration 20 --kind case-conference
expect_err <<'X'
cm: error: a case-conference needs its participants
X
expect_unchanged 2 cm contact 1 --channel phone --duration 20 --at 2026-03-15T09:01
expect_err <<'X'
cm: error: contact time '2026-03-15T09:01' is in the future
X
expect_unchanged 2 cm contact 1 --channel phone --duration 20 --at 2026-03-16
expect_err <<'X'
cm: error: contact time '2026-03-16' is in the future
X
expect_unchanged 2 cm contact 1 --channel phone --duration 20 --at 2026-03-14T24:00
expect_err <<'X'
cm: error: invalid contact time '2026-03-14T24:00' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)
X
expect_unchanged 2 cm contact 1 --channel phone --duration 20 --at 15/03/2026
expect_err <<'X'
cm: error: invalid contact time '15/03/2026' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)
X
expect_unchanged 1 cm contact 1 --channel phone --duration 20 --at 2026-03-14
expect_err <<'X'
cm: error: contact time '2026-03-14' is before case 1 was opened (2026-03-15)
X
expect_unchanged 2 cm contact 1 --channel phone --duration 20 --list
expect_err <<'X'
cm: error: --list, --every and recording a contact go separately
X
expect_unchanged 2 cm contact 1 2 --list
expect_err <<'X'
cm: error: expected one CASE; see 'cm contact -h'
X
expect_unchanged 2 cm contact 1 --list --colour
expect_err <<'X'
cm: error: unknown option '--colour'; see 'cm contact -h'
X
expect_unchanged 1 cm contact 9 --channel phone --duration 20
expect_err <<'X'
cm: error: no case 9
X

# Contacts are audited without their note.
run cm log 1 --format tsv
out=$(printf '%s\n' "$out" | grep '	contact	')
expect_out <<'X'
2026-03-15T09:00:00Z	alice	contact	contact interval: the programme's
2026-03-15T09:00:00Z	alice	contact	contact interval: every 90 days
2026-03-15T09:00:00Z	alice	contact	contact interval: every 14 days
2026-03-15T09:00:00Z	alice	contact	contact 3 on 2026-03-15: phone no-show
2026-03-15T09:00:00Z	alice	contact	contact 2 on 2026-03-15T08:30:00Z: video case-conference, 45 min
2026-03-15T09:00:00Z	alice	contact	contact 1 on 2026-03-15T09:00:00Z: in-person interview, 60 min
X

# A closed case takes no contact, and no longer has one due.
run cm close 1 --outcome moved
expect_code 0
expect_unchanged 1 cm contact 1 --channel phone --duration 20
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X
expect_unchanged 1 cm contact 1 --every 1w
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X
show_contact_keys 1
expect_out <<'X'
  "contact_every_days": 30,
  "last_contact": "2026-03-15",
  "next_contact_due": null,
X

finish
