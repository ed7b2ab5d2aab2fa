#!/bin/sh
# End to end: one case through every state, from intake to follow-up and
# reopening, with each refused transition and bad input on the way, and the
# whole timeline in cm log at the end.
. "$TESTS_DIR/lib/cli.sh"

# Move the clock: the day, and nine in the morning of it.
day()
{
	export CM_TODAY=$1 CM_NOW=${1}T09:00:00Z
}

state_of()
{
	run cm show "$1" --format json
	out=$(printf '%s\n' "$out" | grep '"state"')
}

day 2026-03-02
run cm init
expect_code 0

# Intake: two of four conditions, no consent yet: screening.
run cm intake --first-name Léa --last-name Dupont --birth-date 2003-04-05 \
	--phone "0470 11 22 33" --ext-id A1 --source actiris --worker bob \
	--criteria complex,self-management
expect_code 0
expect_out <<'X'
1
X
state_of 1
expect_out <<'X'
  "state": "screening",
X
expect_unchanged 1 cm assess 1 --domain housing=3
expect_err <<'X'
cm: error: case 1 is still in screening: missing criteria multi-provider,cooperation and case-management consent; run 'cm intake --case 1 --criteria multi-provider,cooperation' and 'cm consent 1 give case-management' first
X
expect_unchanged 1 cm plan 1 sign --by client
expect_err <<'X'
cm: error: case 1 is still in screening: missing criteria multi-provider,cooperation and case-management consent; run 'cm intake --case 1 --criteria multi-provider,cooperation' and 'cm consent 1 give case-management' first
X

# Screening completed: assessment.
run cm intake --case 1 --criteria multi-provider,cooperation --consent case-management
expect_code 0
state_of 1
expect_out <<'X'
  "state": "assessment",
X
expect_unchanged 1 cm plan 1 sign --by client
expect_err <<'X'
cm: error: case 1 has no assessment; run 'cm assess 1' first
X
expect_unchanged 1 cm close 1 --reopen --reason "not closed"
expect_err <<'X'
cm: error: case 1 is not closed (it is assessment); only a closed case can be reopened
X
expect_unchanged 1 cm resume 1
expect_err <<'X'
cm: error: case 1 is not suspended (it is assessment)
X

# Assessment: planning.
day 2026-03-05
run cm assess 1 --domain housing=3:"evicted in May" --domain debts=2 --domain work-history=2 \
	--strengths "motivated; drives"
expect_code 0
expect_out <<'X'
1
X
state_of 1
expect_out <<'X'
  "state": "planning",
X

# The plan: a goal, an action (not due before the plan existed), two signatures.
run cm plan 1 goal add "Find stable housing" --due 2026-06-30
expect_out <<'X'
1
X
expect_unchanged 1 cm plan 1 action add 1 "Apply for social housing" --owner client \
	--due 2026-03-01
expect_err <<'X'
cm: error: due date 2026-03-01 is before the plan's creation (2026-03-05)
X
run cm plan 1 action add 1 "Apply for social housing" --owner client --due 2026-03-20
expect_code 0
expect_out <<'X'
1
X
run cm plan 1 sign --by client
expect_code 0
expect_out <<'X'
case:         1
plan_version: 1
signed_by:    client
state:        planning
X
expect_unchanged 1 cm plan 1 sign --by client
expect_err <<'X'
cm: error: plan version 1 is already signed by the client
X
run cm plan 1 sign --by worker --format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "plan_version": 1,
  "signed_by": "worker",
  "state": "active"
}
X

# Monitoring: contacts, a partner, a referral under consent.
day 2026-03-06
run cm contact 1 --channel in-person --duration 60 --note "plan signed; next steps"
expect_code 0
expect_out <<'X'
1
X
expect_unchanged 2 cm contact 1 --channel phone --duration 0
expect_err <<'X'
cm: error: --duration: invalid value '0' (expected a whole number from 1 to 600)
X
run cm partner add "Agence Immobilière Sociale" --domain housing --agreement AIS-2025-3
expect_out <<'X'
1
X
expect_unchanged 1 cm refer 1 --partner 7 --reason "social housing" --share none
expect_err <<'X'
cm: error: no partner 7; see 'cm partner list'
X
expect_unchanged 2 cm refer 1 --partner 1 --reason "social housing" --share first_name,income
expect_err <<'X'
cm: error: --share: cannot share unknown field 'income' (first_name, last_name, birth_date, phone, email, postcode, language, assessment, plan, or none)
X
expect_unchanged 1 cm refer 1 --partner 1 --reason "social housing" --share first_name
expect_err <<'X'
cm: error: case 1 has no current consent to share data with partners; record it with 'cm consent 1 give share-partners' or refer with --share none
X
run cm consent 1 give share-partners
expect_code 0
run cm refer 1 --partner 1 --reason "social housing application" \
	--share first_name,last_name,phone,assessment
expect_code 0
expect_out <<'X'
1
X
run cm refer --packet 1
expect_code 0
expect_out <<'X'
{
  "referral": 1,
  "date": "2026-03-06",
  "partner": "Agence Immobilière Sociale",
  "reason": "social housing application",
  "first_name": "Léa",
  "last_name": "Dupont",
  "phone": "0470 11 22 33",
  "assessment": {
    "debts": 2,
    "housing": 3,
    "work-history": 2
  }
}
X
day 2026-03-10
run cm refer --update 1 --status accepted --feedback "file complete"
expect_code 0
day 2026-03-12
expect_unchanged 1 cm refer --update 1 --status completed
expect_err <<'X'
cm: error: referral 1 is accepted; it can become started, cancelled
X
run cm refer --update 1 --status started
expect_code 0

# Suspended and resumed; contacts go on meanwhile.
day 2026-03-20
run cm suspend 1 --reason "in hospital for two weeks" --format csv
expect_code 0
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,A1,actiris,Léa,Dupont,2003-04-05,be-accompagnement,bob,suspended,2026-03-02,,
X
expect_unchanged 1 cm suspend 1 --reason again
expect_err <<'X'
cm: error: case 1 is already suspended
X
run cm contact 1 --channel phone --duration 10 --note "called from hospital"
expect_out <<'X'
2
X
day 2026-04-03
run cm resume 1 --format csv
expect_code 0
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,A1,actiris,Léa,Dupont,2003-04-05,be-accompagnement,bob,active,2026-03-02,,
X

# Closing: open work refuses it; settled and reassessed, it closes.
day 2026-04-15
expect_unchanged 1 cm close 1 --outcome training
expect_err <<'X'
cm: error: case 1 has 1 open referral and 1 open action; settle them first, or close with --force to cancel them
X
expect_unchanged 1 cm close 1 --follow-up 6 --situation training
expect_err <<'X'
cm: error: case 1 is not closed (it is active); follow-ups come after closure
X
run cm refer --update 1 --status completed --feedback "flat found"
expect_code 0
# Marking the action done carries out the signed plan: no new version to sign.
run cm plan 1 action done 1 --note "applied on 18 March" --format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "action": 1,
  "status": "done",
  "plan_version": 1,
  "state": "active"
}
X
expect_unchanged 1 cm plan 1 sign --by worker
expect_err <<'X'
cm: error: plan version 1 is already signed by the worker
X
state_of 1
expect_out <<'X'
  "state": "active",
X
run cm assess 1 --domain housing=1 --domain debts=2 --domain work-history=1 --final
expect_code 0
expect_out <<'X'
2
X
run cm close 1 --outcome training --note "welding course"
expect_code 0
expect_err <<'X'
X
run cm show 1
expect_code 0
expect_out <<'X'
case:                1
person:              1
ext_id:              A1
source:              actiris
first_name:          Léa
last_name:           Dupont
birth_date:          2003-04-05
programme:           be-accompagnement
worker:              bob
state:               closed
opened_on:           2026-03-02
closed_on:           2026-04-15
outcome:             training
referral_source:     -
state_since:         2026-04-15
days_in_state:       0
days_open:           44
criteria:            complex,self-management,multi-provider,cooperation
consent:             case-management,share-partners
linked_persons:      -
assessment_on:       2026-03-05
final_assessment_on: 2026-04-15
assessment_change:   work-history 2->1, housing 3->1, debts 2->2
plan_version:        1
signed_by_client:    true
signed_by_worker:    true
signature_valid:     true
actions_done:        1
actions_open:        0
actions_overdue:     0
contact_every_days:  30
last_contact:        2026-03-20
next_contact_due:    -
open_referrals:      0
next_feedback_due:   -
X

# A closed case takes no contact, referral or second closure.
expect_unchanged 1 cm contact 1 --channel phone --duration 15
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X
expect_unchanged 1 cm refer 1 --partner 1 --reason again --share none
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X
expect_unchanged 1 cm close 1 --outcome employment
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X
expect_unchanged 1 cm suspend 1 --reason x
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X

# Follow-up six months after exit, then reopening into the state before closing.
day 2026-10-16
run cm close 1 --follow-up 6 --situation employment
expect_code 0
expect_out <<'X'
case 1: 6-month follow-up recorded: employment
X
day 2026-11-02
run cm close 1 --reopen --reason "course stopped; wants support again" --format json
expect_code 0
expect_out <<'X'
{
  "case": 1,
  "person": 1,
  "ext_id": "A1",
  "source": "actiris",
  "first_name": "Léa",
  "last_name": "Dupont",
  "birth_date": "2003-04-05",
  "programme": "be-accompagnement",
  "worker": "bob",
  "state": "active",
  "opened_on": "2026-03-02",
  "closed_on": null,
  "outcome": null
}
X
run cm show 1 --format json
expect_out <<'X'
{
  "case": 1,
  "person": 1,
  "ext_id": "A1",
  "source": "actiris",
  "first_name": "Léa",
  "last_name": "Dupont",
  "birth_date": "2003-04-05",
  "programme": "be-accompagnement",
  "worker": "bob",
  "state": "active",
  "opened_on": "2026-03-02",
  "closed_on": null,
  "outcome": null,
  "referral_source": null,
  "state_since": "2026-11-02",
  "days_in_state": 0,
  "days_open": 245,
  "criteria": "complex,self-management,multi-provider,cooperation",
  "consent": "case-management,share-partners",
  "linked_persons": null,
  "assessment_on": "2026-03-05",
  "final_assessment_on": "2026-04-15",
  "assessment_change": "work-history 2->1, housing 3->1, debts 2->2",
  "plan_version": 1,
  "signed_by_client": true,
  "signed_by_worker": true,
  "signature_valid": true,
  "actions_done": 1,
  "actions_open": 0,
  "actions_overdue": 0,
  "contact_every_days": 30,
  "last_contact": "2026-03-20",
  "next_contact_due": "2026-04-19",
  "open_referrals": 0,
  "next_feedback_due": null
}
X

# The whole story, newest first.
run cm log 1 --format tsv
expect_code 0
expect_out <<'X'
at	user	command	what
2026-11-02T09:00:00Z	alice	close	closure undone: outcome cleared
2026-11-02T09:00:00Z	alice	close	state closed -> active: reopened: course stopped; wants support again
2026-10-16T09:00:00Z	alice	close	follow-up at 6 months on 2026-10-16: employment
2026-04-15T09:00:00Z	alice	close	closed on 2026-04-15 with outcome training
2026-04-15T09:00:00Z	alice	close	state active -> closed: outcome training
2026-04-15T09:00:00Z	alice	assess	final assessment 2: work-history=1 housing=1 debts=2
2026-04-15T09:00:00Z	alice	plan	action 1 done: applied on 18 March
2026-04-15T09:00:00Z	alice	refer	referral 1: started -> completed, with feedback
2026-04-03T09:00:00Z	alice	resume	resumed: state suspended -> active
2026-03-20T09:00:00Z	alice	contact	contact 2 on 2026-03-20T09:00:00Z: phone interview, 10 min
2026-03-20T09:00:00Z	alice	suspend	state active -> suspended: in hospital for two weeks
2026-03-12T09:00:00Z	alice	refer	referral 1: accepted -> started
2026-03-10T09:00:00Z	alice	refer	referral 1: sent -> accepted, with feedback
2026-03-06T09:00:00Z	alice	refer	referral 1: packet printed for Agence Immobilière Sociale (first_name,last_name,phone,assessment)
2026-03-06T09:00:00Z	alice	refer	referral 1 to partner 1 (Agence Immobilière Sociale): shared first_name,last_name,phone,assessment under consent 2
2026-03-06T09:00:00Z	alice	consent	consent share-partners given
2026-03-06T09:00:00Z	alice	contact	contact 1 on 2026-03-06T09:00:00Z: in-person interview, 60 min
2026-03-05T09:00:00Z	alice	plan	state planning -> active: plan version 1 signed by client and worker
2026-03-05T09:00:00Z	alice	plan	plan version 1 signed by the worker
2026-03-05T09:00:00Z	alice	plan	plan version 1 signed by the client
2026-03-05T09:00:00Z	alice	plan	action 1 added to goal 1: Apply for social housing
2026-03-05T09:00:00Z	alice	plan	goal 1 added: Find stable housing
2026-03-05T09:00:00Z	alice	assess	state assessment -> planning: first assessment recorded
2026-03-05T09:00:00Z	alice	assess	assessment 1: work-history=2 housing=3 debts=2
2026-03-02T09:00:00Z	alice	intake	screening complete: state screening -> assessment
2026-03-02T09:00:00Z	alice	intake	consent case-management given
2026-03-02T09:00:00Z	alice	intake	screening: multi-provider cooperation met
2026-03-02T09:00:00Z	alice	intake	case opened in be-accompagnement for bob, person 1
X
run cm audit --verify
expect_code 0

finish
