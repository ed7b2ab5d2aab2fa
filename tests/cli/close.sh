#!/bin/sh
# cm close: outcomes, open work refusing or --force cancelling it, the final
# assessment warning, follow-ups after exit, and reopening.
. "$TESTS_DIR/lib/cli.sh"

OUTCOMES="employment, subsidised-employment, self-employment, apprenticeship, training, education, other-service, moved, declined, lost-contact, deceased, other"

run cm init
run cm intake --first-name Léa --last-name Dupont --criteria all --consent case-management
run cm assess 1 --domain housing=3
run cm plan 1 goal add Housing
run cm plan 1 action add 1 "Visit the CPAS" --owner client --due 2026-04-10
expect_code 0
run cm partner add CPAS --domain housing
run cm refer 1 --partner 1 --reason "housing allowance" --share none
expect_code 0
export CM_TODAY=2026-04-01

# Open referrals and actions refuse a closure, counted.
expect_unchanged 1 cm close 1 --outcome employment
expect_err <<'X'
cm: error: case 1 has 1 open referral and 1 open action; settle them first, or close with --force to cancel them
X

# Bad input: nothing changed.
expect_unchanged 2 cm close 1 --outcome jail
expect_err <<X
cm: error: --outcome: unknown value 'jail' ($OUTCOMES)
X
# A typo is named, and found before the database is opened.
run cm --db "$TMP/none.db" close 1 --outcome trainig
expect_code 2
expect_err <<X
cm: error: --outcome: unknown value 'trainig'; did you mean 'training'? ($OUTCOMES)
X
expect_unchanged 2 cm close 1 --outcome other --date 2026-04-02
expect_err <<'X'
cm: error: date '2026-04-02' is in the future
X
expect_unchanged 1 cm close 1 --outcome other --date 2026-03-14
expect_err <<'X'
cm: error: date '2026-03-14' is before case 1 was opened (2026-03-15)
X
expect_unchanged 2 cm close 1 --outcome other --date 20/03/2026
expect_err <<'X'
cm: error: invalid date '20/03/2026' (expected YYYY-MM-DD)
X
expect_unchanged 2 cm close 1
expect_err <<'X'
cm: error: --outcome is required; see 'cm close -h'
X
expect_unchanged 2 cm close 1 --outcome other --reopen --reason x
expect_err <<'X'
cm: error: --outcome, --follow-up and --reopen go separately
X
expect_unchanged 1 cm close 9 --outcome other
expect_err <<'X'
cm: error: no case 9
X

# --force cancels them (audited) and closes; no final assessment: a warning.
run cm close 1 --outcome employment --date 2026-03-20 --note "job at a supermarket" --force \
	--format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "person": 1,
  "ext_id": null,
  "source": "local",
  "first_name": "Léa",
  "last_name": "Dupont",
  "birth_date": null,
  "programme": "be-accompagnement",
  "worker": "alice",
  "state": "closed",
  "opened_on": "2026-03-15",
  "closed_on": "2026-03-20",
  "outcome": "employment"
}
X
expect_err <<'X'
cm: warning: case 1 was closed without a final assessment; record one with 'cm assess 1 --final'
X
run cm refer --list 1 --format csv
expect_out <<'X'
referral,partner,partner_name,sent_on,status,status_on,feedback_due,feedback,shared,consent,warning
1,1,CPAS,2026-03-15,cancelled,2026-03-20,2026-03-29,,none,,
X
run cm log 1 --format tsv
out=$(printf '%s\n' "$out" | cut -f3- | grep '^close')
expect_out <<'X'
close	closed on 2026-03-20 with outcome employment
close	state planning -> closed: outcome employment
close	action 1 dropped: cancelled at closure
close	referral 1: sent -> cancelled: cancelled at closure
X
expect_unchanged 1 cm close 1 --outcome employment
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X

# Follow-ups: on a closed case, once each, from a month before they are due.
expect_unchanged 2 cm close 1 --follow-up 6 --situation employment
expect_err <<'X'
cm: error: case 1 closed on 2026-03-20: its 6-month follow-up cannot be dated before 2026-08-20
X
export CM_TODAY=2026-09-25
run cm close 1 --follow-up 6 --situation employment --date 2026-09-20
expect_code 0
expect_out <<'X'
case 1: 6-month follow-up recorded: employment
X
expect_unchanged 1 cm close 1 --follow-up 6 --situation unemployed
expect_err <<'X'
cm: error: case 1 already has its 6-month follow-up
X
expect_unchanged 2 cm close 1 --follow-up 7 --situation employment
expect_err <<'X'
cm: error: follow-ups are at 6, 12 or 18 months, not 7
X
expect_unchanged 2 cm close 1 --follow-up 24 --situation employment
expect_err <<'X'
cm: error: --follow-up: invalid value '24' (expected a whole number from 6 to 18)
X
expect_unchanged 2 cm close 1 --follow-up 12 --situation retired
expect_err <<X
cm: error: unknown situation 'retired' ($OUTCOMES, unemployed, inactive, unknown)
X
expect_unchanged 2 cm close 1 --follow-up 12
expect_err <<'X'
cm: error: --follow-up needs --situation
X
expect_unchanged 2 cm close 1 --situation inactive
expect_err <<'X'
cm: error: --situation goes with --follow-up
X
export CM_TODAY=2027-02-20
run cm close 1 --follow-up 12 --situation inactive
expect_code 0

# Reopening returns the case to the state it had before closing.
expect_unchanged 2 cm close 1 --reopen
expect_err <<'X'
cm: error: --reopen needs --reason
X
expect_unchanged 2 cm close 1 --reopen --reason x --date 2027-02-01
expect_err <<'X'
cm: error: --reopen takes no --date; a case reopens today
X
expect_unchanged 2 cm close 1 --reason x
expect_err <<'X'
cm: error: --reason goes with --reopen
X
run cm close 1 --reopen --reason "lost the job"
expect_code 0
expect_out <<'X'
case:       1
person:     1
ext_id:     -
source:     local
first_name: Léa
last_name:  Dupont
birth_date: -
programme:  be-accompagnement
worker:     alice
state:      planning
opened_on:  2026-03-15
closed_on:  -
outcome:    -
X
expect_unchanged 1 cm close 1 --reopen --reason again
expect_err <<'X'
cm: error: case 1 is not closed (it is planning); only a closed case can be reopened
X
expect_unchanged 1 cm close 1 --follow-up 18 --situation unknown
expect_err <<'X'
cm: error: case 1 is not closed (it is planning); follow-ups come after closure
X
run cm log 1 --format tsv
out=$(printf '%s\n' "$out" | cut -f3- | grep '^close' | head -4)
expect_out <<'X'
close	closure undone: outcome cleared
close	state closed -> planning: reopened: lost the job
close	follow-up at 12 months on 2027-02-20: inactive
close	follow-up at 6 months on 2026-09-20: employment
X

# With a final assessment, no warning.
export CM_TODAY=2026-03-15
run cm intake --first-name Jan --last-name Peeters --criteria all --consent case-management
expect_out <<'X'
2
X
run cm assess 2 --domain debts=3
run cm assess 2 --domain debts=1 --final
expect_code 0
run cm close 2 --outcome training --format csv
expect_code 0
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
2,2,,local,Jan,Peeters,,be-accompagnement,alice,closed,2026-03-15,2026-03-15,training
X
expect_err <<'X'
X

# A case closed while suspended reopens suspended, and resumes where it was.
run cm intake --first-name Ana --last-name Silva --criteria all --consent case-management
run cm assess 3 --domain language=2
run cm suspend 3 --reason "in hospital"
expect_code 0
run cm close 3 --outcome moved
expect_code 0
run cm close 3 --reopen --reason "back in town" --format tsv
expect_out <<'X'
case	person	ext_id	source	first_name	last_name	birth_date	programme	worker	state	opened_on	closed_on	outcome
3	3		local	Ana	Silva		be-accompagnement	alice	suspended	2026-03-15		
X
run cm resume 3 --format csv
expect_code 0
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
3,3,,local,Ana,Silva,,be-accompagnement,alice,planning,2026-03-15,,
X

# A person with another open case in the programme: no reopening.
run cm intake --first-name Tom --last-name Maes --ext-id B1 --source forem --criteria all \
	--consent case-management
expect_out <<'X'
4
X
run cm close 4 --outcome declined
expect_code 0
run cm intake --first-name Tom --last-name Maes --ext-id B1 --source forem
expect_out <<'X'
5
X
expect_unchanged 1 cm close 4 --reopen --reason "changed his mind"
expect_err <<'X'
cm: error: the person of case 4 already has open case 5 in programme be-accompagnement
X

finish
