#!/bin/sh
# Priorities in planning (seed 003: « fixation des priorités sur la base des
# premières estimations ») order plan show; be-accompagnement asks for a
# signed plan within 60 days of intake (seed 000: « la proposition de plan
# d'action individuel »; the delay is cm's default).
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --worker bob --criteria all --consent all \
	--programme be-accompagnement
run cm assess 1 --domain housing=3 --domain debts=2
run cm plan 1 goal add "Back to work"
run cm plan 1 goal add "Stable housing" --priority 1
run cm plan 1 goal add "Debts" --priority 2
run cm plan 1 action add 1 "Job club" --owner client --due 2026-05-01
run cm plan 1 action add 2 "Apply for housing" --owner client --due 2026-04-15
run cm plan 1 action add 3 "Debt mediation" --owner worker --due 2026-04-20
expect_code 0

run cm plan 1 show
expect_code 0
expect_out <<'X'
KIND     ID  GOAL  PRIORITY  TEXT               OWNER   DUE         STATUS   ON          NOTE  CLIENT_SIGNED  WORKER_SIGNED  CONTENT_MATCHES
goal     2   -     1         Stable housing     -       -           open     2026-03-15  -     -              -              -
goal     3   -     2         Debts              -       -           open     2026-03-15  -     -              -              -
goal     1   -     -         Back to work       -       -           open     2026-03-15  -     -              -              -
action   2   2     1         Apply for housing  client  2026-04-15  open     2026-03-15  -     -              -              -
action   3   3     2         Debt mediation     worker  2026-04-20  open     2026-03-15  -     -              -              -
action   1   1     -         Job club           client  2026-05-01  open     2026-03-15  -     -              -              -
version  1   -     -         not signed         -       -           current  -           -     -              -              -
X
run cm plan 1 show --format csv
expect_out <<'X'
kind,id,goal,priority,text,owner,due,status,on,note,client_signed,worker_signed,content_matches
goal,2,,1,Stable housing,,,open,2026-03-15,,,,
goal,3,,2,Debts,,,open,2026-03-15,,,,
goal,1,,,Back to work,,,open,2026-03-15,,,,
action,2,2,1,Apply for housing,client,2026-04-15,open,2026-03-15,,,,
action,3,3,2,Debt mediation,worker,2026-04-20,open,2026-03-15,,,,
action,1,1,,Job club,client,2026-05-01,open,2026-03-15,,,,
version,1,,,not signed,,,current,,,,,
X

# Bad priorities are usage errors; --priority belongs to goal add only.
expect_unchanged 2 cm plan 1 goal add "More" --priority 0
expect_err <<'X'
cm: error: --priority: invalid value '0' (expected a whole number from 1 to 9)
X
expect_unchanged 2 cm plan 1 goal add "More" --priority 10
expect_code 2
expect_unchanged 2 cm plan 1 action add 1 "More" --owner client --due 2026-05-01 --priority 1
expect_err <<'X'
cm: error: --priority does not apply to 'cm plan CASE action add'
X

# The plan-signature reminder: due 60 days after intake, on 2026-05-14:
# not on the day before, due on the day, and gone once both have signed.
CM_TODAY=2026-05-13 run cm remind --all --within 0 --format csv
expect_out <<'X'
case,worker,person,kind,due,overdue_days,what
1,bob,Léa Dupont,contact,2026-04-14,29,no contact since intake on 2026-03-15; every 30 days
1,bob,Léa Dupont,action,2026-04-15,28,action 2 (client): Apply for housing
1,bob,Léa Dupont,action,2026-04-20,23,action 3 (worker): Debt mediation
1,bob,Léa Dupont,action,2026-05-01,12,action 1 (client): Job club
X
CM_TODAY=2026-05-14 run cm remind --all --within 0 --format csv
run sh -c "printf '%s\n' \"\$1\" | grep plan-signature" _ "$out"
expect_out <<'X'
1,bob,Léa Dupont,plan-signature,2026-05-14,0,plan version 1 not signed by the client and the worker (required within 60 days of intake)
X
CM_TODAY=2026-04-01 run cm plan 1 sign --by client
CM_TODAY=2026-04-01 run cm plan 1 sign --by worker
CM_TODAY=2026-05-20 run cm remind --all --format csv
run sh -c "printf '%s\n' \"\$1\" | grep -c plan-signature" _ "$out"
expect_out <<'X'
0
X

finish
