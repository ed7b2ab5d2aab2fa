#!/bin/sh
# cm contact --edit ID and --withdraw ID: a contact recorded wrongly is
# corrected or withdrawn, audited, with the rules of recording one.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --criteria all --consent case-management
run cm contact 1 --channel phone --duration 20 --at 2026-03-15T08:00 --note "CV"
expect_out <<'X'
1
X
run cm contact 1 --channel video --duration 45 --at 2026-03-15
expect_out <<'X'
2
X

run cm contact --edit 1 --duration 50 --channel in-person --note "CV and cover letter" \
	--reason "typed 20 for 50"
expect_code 0
expect_out <<'X'
contact 1 updated: channel, duration, note
X
# --at is local time, stored in UTC, as when recording.
run cm contact --edit 2 --at 2026-03-15T07:30
expect_code 0
expect_out <<'X'
contact 2 updated: at
X
run cm contact 1 --list --format csv
expect_out <<'X'
contact,at,channel,kind,duration,participants,note,recorded_by
2,2026-03-15T07:30:00Z,video,interview,45,,,alice
1,2026-03-15T08:00:00Z,in-person,interview,50,,CV and cover letter,alice
X
run db_sql "SELECT entity_id, summary, $(db_json before duration),
	$(db_json after duration) FROM audit WHERE entity = 'contact' ORDER BY id"
expect_out <<'X'
1|contact 1 on 2026-03-15T08:00:00Z: phone interview, 20 min||20
2|contact 2 on 2026-03-15: video interview, 45 min||45
1|contact 1 corrected: channel, duration, note (typed 20 for 50)|20|50
2|contact 2 corrected: at|45|45
X

# The rules of recording a contact still hold; refusals change nothing.
expect_unchanged 2 cm contact --edit 1 --at 2026-03-15T09:30
expect_err <<'X'
cm: error: contact time '2026-03-15T09:30' is in the future
X
expect_unchanged 1 cm contact --edit 1 --at 2026-03-14
expect_err <<'X'
cm: error: contact time '2026-03-14' is before case 1 was opened (2026-03-15)
X
expect_unchanged 2 cm contact --edit 1 --channel fax
expect_err <<'X'
cm: error: --channel: unknown value 'fax' (in-person, phone, video, e-mail, letter, home-visit)
X
expect_unchanged 2 cm contact --edit 1 --kind case-conference
expect_err <<'X'
cm: error: a case-conference needs its participants
X
expect_unchanged 1 cm contact --edit 1 --duration 50
expect_err <<'X'
cm: error: contact 1 already has these details
X
expect_unchanged 1 cm contact --edit 9 --duration 5
expect_err <<'X'
cm: error: no contact 9
X
expect_unchanged 2 cm contact --edit 1
expect_err <<'X'
cm: error: --edit needs something to change: --at, --channel, --duration, --kind, --participants or --note
X
expect_unchanged 2 cm contact --edit x --duration 5
expect_err <<'X'
cm: error: --edit: invalid contact 'x' (expected a contact number)
X
expect_unchanged 2 cm contact 1 --edit 1 --duration 5
expect_err <<'X'
cm: error: --edit and --withdraw take a contact number, not a CASE ('1')
X
expect_unchanged 2 cm contact --edit 1 --withdraw 1 --reason x
expect_err <<'X'
cm: error: --edit and --withdraw contradict each other; give one
X
expect_unchanged 2 cm contact 1 --channel phone --duration 5 --reason x
expect_err <<'X'
cm: error: --reason goes with --edit or --withdraw
X

# --withdraw: the contact leaves the case; the audit log keeps it and why.
expect_unchanged 2 cm contact --withdraw 2
expect_err <<'X'
cm: error: --withdraw needs --reason
X
expect_unchanged 2 cm contact --withdraw 2 --reason x --note y
expect_err <<'X'
cm: error: --withdraw takes only --reason
X
run cm contact --withdraw 2 --reason "recorded on the wrong case"
expect_code 0
expect_out <<'X'
contact 2 withdrawn
X
run cm contact 1 --list --format tsv
expect_out <<'X'
contact	at	channel	kind	duration	participants	note	recorded_by
1	2026-03-15T08:00:00Z	in-person	interview	50		CV and cover letter	alice
X
run db_sql "SELECT id, withdrawn_on, withdrawn_by, withdrawn_reason FROM contact ORDER BY id"
expect_out <<'X'
1|||
2|2026-03-15|alice|recorded on the wrong case
X
run db_sql "SELECT summary, $(db_json after withdrawn_reason) FROM audit
	WHERE entity = 'contact' AND entity_id = 2 ORDER BY id DESC LIMIT 1"
expect_out <<'X'
contact 2 withdrawn: recorded on the wrong case|recorded on the wrong case
X
# A withdrawn contact is not the last contact any more.
run cm show 1 --format json
out=$(printf '%s\n' "$out" | grep '"last_contact"')
expect_out <<'X'
  "last_contact": "2026-03-15",
X
expect_unchanged 1 cm contact --withdraw 2 --reason again
expect_err <<'X'
cm: error: no contact 2
X
run cm audit --verify
expect_code 0
finish
