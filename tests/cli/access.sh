#!/bin/sh
# Roles and record-level access: who may see, list, count, change and export which case.
STAFF=
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm worker add bob --name Bob --team north
run cm worker add carol --name Carol --team north
run cm worker add dave --name Dave --team south
run cm worker add mia --name Mia --team north --role manager
run cm worker add sam --name Sam --team south --role manager
run cm intake --first-name Léa --last-name Dupont --worker bob --birth-date 2001-02-03 \
	--criteria all --consent all
run cm intake --first-name Jan --last-name Peeters --worker carol --consent all
run cm intake --first-name Ana --last-name Silva --worker dave --consent all
run cm partner add "CPAS Ixelles" --domain social-assistance
run cm refer 3 --partner 1 --reason "housing" --share first_name
expect_out <<'X'
1
X

# A worker sees their own cases, and nothing else exists for them.
CM_USER=bob run cm list --format csv
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,,local,Léa,Dupont,2001-02-03,be-accompagnement,bob,assessment,2026-03-15,,
X
for cmd in "show 2" "log 2" "plan 2 show" "audit 2" "consent 2" "contact 2 --list" "refer --list 2"; do
	CM_USER=bob expect_unchanged 1 cm $cmd
	expect_err <<'X'
cm: error: no case 2
X
	expect_no_out
done
CM_USER=bob expect_unchanged 1 cm contact 3 --channel phone --duration 5
expect_err <<'X'
cm: error: no case 3
X
CM_USER=bob expect_unchanged 1 cm assign 3 bob --reason "mine now"
expect_err <<'X'
cm: error: no case 3
X
# A case goes only to someone whose cases the giver sees: it stays in sight.
CM_USER=bob expect_unchanged 1 cm assign 1 dave --reason "moves south"
expect_err <<'X'
cm: error: 'dave' is outside your scope: a manager of their team or an admin can give them a case
X
CM_USER=bob expect_unchanged 1 cm intake --first-name Noor --last-name Janssens --worker carol
expect_err <<'X'
cm: error: 'carol' is outside your scope: a manager of their team or an admin can give them a case
X
CM_USER=bob expect_unchanged 1 cm assign --from bob --to dave --reason "moves south"
expect_err <<'X'
cm: error: 'dave' is outside your scope: a manager of their team or an admin can give them a case
X
CM_USER=bob expect_unchanged 1 cm close 2 --outcome moved
expect_err <<'X'
cm: error: no case 2
X
CM_USER=bob expect_unchanged 1 cm person export case:3
expect_err <<'X'
cm: error: no person case:3
X
CM_USER=bob expect_unchanged 1 cm refer --packet 1
expect_err <<'X'
cm: error: no referral 1
X
CM_USER=bob expect_unchanged 1 cm refer --update 1 --status accepted
expect_err <<'X'
cm: error: no referral 1
X
# Counting is no way round: reports count only the caller's cases.
CM_USER=bob run cm report caseload --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1-3" _ "$out"
expect_out <<'X'
worker,programme,open
bob,be-accompagnement,1
bob,(all),1
(all),(all),1
X
CM_USER=bob run cm audit --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f7 | sort -u | tr '\n' ' '" _ "$out"
expect_out <<'X'
1 case 
X

# With visibility "team", a worker sees the team's cases too.
run cm worker visibility team
CM_USER=bob run cm list --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1,9" _ "$out"
expect_out <<'X'
case,worker
1,bob
2,carol
X
CM_USER=bob expect_unchanged 1 cm show 3
expect_err <<'X'
cm: error: no case 3
X
run cm worker visibility own

# A manager reads the team's cases and reports over the team.
CM_USER=mia run cm list --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1,9" _ "$out"
expect_out <<'X'
case,worker
1,bob
2,carol
X
CM_USER=mia run cm show 2 --format json
expect_code 0
CM_USER=mia expect_unchanged 1 cm show 3
expect_err <<'X'
cm: error: no case 3
X
CM_USER=sam run cm list --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1,9" _ "$out"
expect_out <<'X'
case,worker
3,dave
X
CM_USER=mia run cm report caseload --min-cell 1 --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1-3" _ "$out"
expect_out <<'X'
worker,programme,open
bob,be-accompagnement,1
bob,(all),1
carol,be-accompagnement,1
carol,(all),1
(all),(all),2
X
CM_USER=mia run cm remind --all --within 400 --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f2 | sort -u | tr '\n' ' '" _ "$out"
expect_out <<'X'
bob carol worker 
X

# An account that is no registered worker (a partner, anyone else) sees nothing.
env -u CM_USER "$CM" list --any --format json >"$TMP/out" 2>"$TMP/err"
code=$? out=$(cat "$TMP/out")
expect_code 0
expect_out <<'X'
[]
X
env -u CM_USER "$CM" show 1 >"$TMP/out" 2>"$TMP/err"
code=$? err=$(cat "$TMP/err")
expect_code 1
expect_err <<'X'
cm: error: no case 1
X

# An admin sees every case.
run cm list --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1 | tr '\n' ' '" _ "$out"
expect_out <<'X'
case 1 2 3 
X

# Programmes, partners, staff and pseudonymisation are the admin's.
CM_USER=mia expect_unchanged 1 cm partner add "Job Club" --domain employment
expect_err <<'X'
cm: error: only an admin can do this; 'mia' is not one
X
CM_USER=mia expect_unchanged 1 cm partner deactivate 1
expect_err <<'X'
cm: error: only an admin can do this; 'mia' is not one
X
printf '{"id": "local-x", "name": "Local"}\n' >"$TMP/p.json"
CM_USER=bob expect_unchanged 1 cm programme add "$TMP/p.json"
expect_err <<'X'
cm: error: only an admin can do this; 'bob' is not one
X
run cm close 1 --outcome moved --force
CM_USER=bob expect_unchanged 1 cm person pseudonymise 1 --reason "asked"
expect_err <<'X'
cm: error: only an admin can do this; 'bob' is not one
X

# Bulk reassignment moves only what the caller may see.
CM_USER=mia run cm assign --from dave --to carol --reason rebalance
expect_out <<'X'
0 cases moved from dave to carol
X

finish
