#!/bin/sh
# Withdrawing case-management consent ("l'adhésion volontaire ... la
# condition essentielle", seed 000): the case is suspended with the reason
# consent-withdrawn; plan changes, referrals and new contacts are refused
# except one final interview or no-show; closing and giving consent again
# stay possible; remind asks only for closure or renewed consent.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --worker bob --criteria all --consent all
run cm assess 1 --domain housing=3
run cm plan 1 goal add "Find housing"
run cm plan 1 action add 1 "Apply" --owner client --due 2026-03-20
run cm partner add "CPAS" --domain social-assistance --agreement CONV-1
run cm refer 1 --partner 1 --reason "housing" --share none
expect_code 0

# Before the withdrawal remind lists the action and the contact.
CM_TODAY=2026-04-20 run cm remind --all --format csv
expect_out <<'X'
case,worker,person,kind,due,overdue_days,what
1,bob,Léa Dupont,action,2026-03-20,31,action 1 (client): Apply
1,bob,Léa Dupont,referral-feedback,2026-03-29,22,feedback from CPAS on referral 1 (sent 2026-03-15)
1,bob,Léa Dupont,contact,2026-04-14,6,no contact since intake on 2026-03-15; every 30 days
X

CM_TODAY=2026-04-01 run cm consent 1 withdraw case-management
expect_code 0
expect_out <<'X'
case 1: consent withdrawn: case-management
X
run db_sql "SELECT state, prev_state, state_since, suspend_reason FROM cases"
expect_out <<'X'
suspended|planning|2026-04-01|consent-withdrawn
X
run db_sql "SELECT summary FROM audit WHERE entity = 'cases' ORDER BY id DESC LIMIT 1"
expect_out <<'X'
state planning -> suspended: consent-withdrawn
X

# Refused, and nothing changes.
CM_TODAY=2026-04-02 expect_unchanged 1 cm plan 1 goal add "Another goal"
expect_err <<'X'
cm: error: case 1: consent to case management was withdrawn on 2026-04-01; the plan cannot change until it is given again with 'cm consent 1 give case-management'
X
CM_TODAY=2026-04-02 expect_unchanged 1 cm plan 1 action add 1 "More" --owner client --due 2026-05-01
expect_code 1
CM_TODAY=2026-04-02 expect_unchanged 1 cm plan 1 sign --by worker
expect_err <<'X'
cm: error: case 1: consent to case management was withdrawn on 2026-04-01; the plan cannot change until it is given again with 'cm consent 1 give case-management'
X
CM_TODAY=2026-04-02 expect_unchanged 1 cm refer 1 --partner 1 --reason "again" --share none
expect_err <<'X'
cm: error: case 1: consent to case management was withdrawn on 2026-04-01; no referral can be made until it is given again with 'cm consent 1 give case-management'
X
CM_TODAY=2026-04-02 expect_unchanged 1 cm contact 1 --channel in-person --duration 60 --kind case-conference --participants "CPAS" --at 2026-04-02
expect_err <<'X'
cm: error: case 1: consent to case management was withdrawn on 2026-04-01; only a final interview or no-show can be recorded
X
CM_TODAY=2026-04-02 expect_unchanged 1 cm resume 1
expect_err <<'X'
cm: error: case 1 is suspended because consent to case management was withdrawn; record it again with 'cm consent 1 give case-management'
X

# The day of the withdrawal is a local day: half past midnight in Brussels
# is still the evening before in UTC, and already the day of the withdrawal.
TZ=Europe/Brussels CM_TODAY=2026-04-02 CM_NOW=2026-04-02T09:00:00Z expect_unchanged 1 cm contact 1 --channel in-person --duration 60 --kind case-conference --participants "CPAS" --at 2026-04-01T00:30
expect_err <<'X'
cm: error: case 1: consent to case management was withdrawn on 2026-04-01; only a final interview or no-show can be recorded
X
# A contact dated before the withdrawal is documentation: allowed.
CM_TODAY=2026-04-02 run cm contact 1 --channel phone --duration 10 --kind case-conference --participants "CPAS" --at 2026-03-31
expect_code 0
# One final interview about the withdrawal, then no more.
CM_TODAY=2026-04-02 run cm contact 1 --channel phone --duration 30 --note "withdrawal" --at 2026-04-02
expect_code 0
CM_TODAY=2026-04-03 expect_unchanged 1 cm contact 1 --channel in-person --duration 5 --kind no-show --at 2026-04-03
expect_err <<'X'
cm: error: case 1: consent to case management was withdrawn on 2026-04-01 and the final contact is already recorded; close the case or record renewed consent with 'cm consent 1 give case-management'
X

# Recording progress is not a change of the commitment.
CM_TODAY=2026-04-03 run cm plan 1 action drop 1 --note "withdrawn"
expect_code 0

# remind: one item, on the day of the withdrawal; nothing else chases.
CM_TODAY=2026-04-20 run cm remind --all --format csv
expect_code 0
expect_out <<'X'
case,worker,person,kind,due,overdue_days,what
1,bob,Léa Dupont,deadline,2026-04-01,19,consent to case management withdrawn on 2026-04-01: close the case or record renewed consent
X

# Consent given again: the case resumes where it was, and work goes on.
CM_TODAY=2026-04-21 run cm consent 1 give case-management
expect_code 0
run db_sql "SELECT state, CASE WHEN suspend_reason IS NULL THEN 1 ELSE 0 END FROM cases"
expect_out <<'X'
planning|1
X
CM_TODAY=2026-04-21 run cm plan 1 goal add "Another goal"
expect_code 0
expect_out <<'X'
2
X

# A case already suspended for another reason keeps the state it resumes to.
run cm intake --first-name Max --last-name Roth --worker bob --criteria all --consent all
CM_TODAY=2026-03-16 run cm suspend 2 --reason "hospital"
CM_TODAY=2026-03-17 run cm consent 2 withdraw case-management
run db_sql "SELECT state, prev_state, state_since, suspend_reason FROM cases WHERE id = 2"
expect_out <<'X'
suspended|assessment|2026-03-17|consent-withdrawn
X
# Closing stays possible.
CM_TODAY=2026-03-18 run cm close 2 --outcome declined
expect_code 0
run db_sql "SELECT state, outcome FROM cases WHERE id = 2"
expect_out <<'X'
closed|declined
X

finish
