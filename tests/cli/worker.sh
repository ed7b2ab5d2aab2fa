#!/bin/sh
# cm worker: the staff, who may be named as a worker, and who may act.
STAFF=
. "$TESTS_DIR/lib/cli.sh"
OS_USER=$(id -un)

# cm init registers the acting user as the first admin.
run cm init
expect_code 0
run cm worker list --format csv
expect_out <<'X'
login,name,team,role,email,active
alice,alice,,admin,,true
X
run db_sql "SELECT summary FROM audit WHERE id = 1"
expect_out <<'X'
database created; default programme be-accompagnement; first admin alice
X

run cm worker add bob --name "Bob Dubois" --team north --email bob@example.org
expect_code 0
expect_out <<'X'
worker bob added
X
run cm worker add carol --name "Carol Évrard" --team north --role manager
run cm worker add dave --name "Dave" --team south
run cm worker list
expect_out <<'X'
LOGIN  NAME          TEAM   ROLE     EMAIL            ACTIVE
alice  alice         -      admin    -                true
bob    Bob Dubois    north  worker   bob@example.org  true
carol  Carol Évrard  north  manager  -                true
dave   Dave          south  worker   -                true
X
run cm worker list --team north --format tsv
expect_out <<'X'
login	name	team	role	email	active
bob	Bob Dubois	north	worker	bob@example.org	true
carol	Carol Évrard	north	manager		true
X

# Logins are 1 to 64 characters of a-z 0-9 . _ -: never a mail address or a shell word.
for login in Bob 'b b' 'a@b.org' '' "$(printf 'x%.0s' $(seq 65))" 'b;rm'; do
	expect_unchanged 2 cm worker add "$login" --name X
	expect_err <<X
cm: error: invalid login '$login' (1 to 64 characters of a-z 0-9 . _ -)
X
done
expect_unchanged 1 cm worker add bob --name "Bob Again"
expect_err <<'X'
cm: error: worker 'bob' already exists
X
expect_unchanged 2 cm worker add eve
expect_err <<'X'
cm: error: a worker needs a name (--name)
X
expect_unchanged 2 cm worker add eve --name Eve --role boss
expect_err <<'X'
cm: error: unknown role 'boss' (worker, manager, admin)
X
expect_unchanged 2 cm worker add eve --name Eve --email "eve@x.org, all@x.org"
expect_err <<'X'
cm: error: invalid email 'eve@x.org, all@x.org'
X
expect_unchanged 2 cm worker add eve --name Eve extra
expect_err <<'X'
cm: error: usage: cm worker add LOGIN --name NAME [--team T] [--role R] [--email ADDR]
X

run cm worker show bob --format json
expect_code 0
expect_out <<'X'
{
  "login": "bob",
  "name": "Bob Dubois",
  "team": "north",
  "role": "worker",
  "email": "bob@example.org",
  "active": true,
  "open_cases": 0
}
X
expect_unchanged 1 cm worker show bobb
expect_err <<'X'
cm: error: unknown worker 'bobb'; did you mean 'bob'?
X

# Every place a worker is named accepts only a known, active one.
expect_unchanged 1 cm intake --first-name Léa --last-name Dupont --worker sophie
expect_err <<'X'
cm: error: unknown worker 'sophie'; see 'cm worker list'
X
expect_unchanged 1 cm intake --first-name Léa --last-name Dupont --worker dav
expect_err <<'X'
cm: error: unknown worker 'dav'; did you mean 'dave'?
X
run cm intake --first-name Léa --last-name Dupont --worker bob
expect_out <<'X'
1
X
expect_unchanged 1 cm assign 1 carl --reason "team change"
expect_err <<'X'
cm: error: unknown worker 'carl'; did you mean 'carol'?
X
expect_unchanged 1 cm list --worker bobby
expect_err <<'X'
cm: error: unknown worker 'bobby'; did you mean 'bob'?
X
expect_unchanged 1 cm remind --worker dve
expect_err <<'X'
cm: error: unknown worker 'dve'; did you mean 'dave'?
X

# Edits are audited; an empty value clears team or email.
run cm worker edit bob --email "" --name "Bob D."
expect_code 0
expect_out <<'X'
worker bob updated
X
run cm worker show bob --format csv
expect_out <<'X'
login,name,team,role,email,active,open_cases
bob,Bob D.,north,worker,,true,1
X
expect_unchanged 1 cm worker edit bob --name "Bob D."
expect_err <<'X'
cm: error: worker 'bob': nothing to change
X
expect_unchanged 2 cm worker edit bob
expect_err <<'X'
cm: error: cm worker edit needs a field to change; see 'cm worker -h'
X
run db_sql "SELECT entity, summary, actor,
	CASE WHEN os_user = '$OS_USER' THEN 1 ELSE 0 END,
	CASE WHEN real_at IS NOT NULL AND real_at <> at THEN 1 ELSE 0 END FROM audit WHERE entity = 'worker' ORDER BY id"
expect_out <<'X'
worker|worker bob added (worker)|alice|1|1
worker|worker carol added (manager)|alice|1|1
worker|worker dave added (worker)|alice|1|1
worker|worker bob edited|alice|1|1
X

# Only an admin changes the staff or the visibility setting.
CM_USER=carol expect_unchanged 1 cm worker add eve --name Eve
expect_err <<'X'
cm: error: only an admin can do this; 'carol' is not one
X
CM_USER=bob expect_unchanged 1 cm worker edit bob --role admin
expect_err <<'X'
cm: error: only an admin can do this; 'bob' is not one
X
CM_USER=bob expect_unchanged 1 cm worker visibility team
expect_err <<'X'
cm: error: only an admin can do this; 'bob' is not one
X
run cm worker visibility
expect_out <<'X'
own
X
expect_unchanged 2 cm worker visibility everyone
expect_err <<'X'
cm: error: unknown visibility 'everyone' (own, team)
X
run cm worker visibility team
expect_code 0
expect_out <<'X'
visibility set to team
X
run cm worker visibility
expect_out <<'X'
team
X

# The last admin stays: nobody could manage the staff otherwise.
expect_unchanged 1 cm worker deactivate alice
expect_err <<'X'
cm: error: 'alice' is the last admin; make another worker admin first
X
expect_unchanged 1 cm worker edit alice --role worker
expect_err <<'X'
cm: error: 'alice' is the last admin; make another worker admin first
X

# A deactivated worker keeps their cases but can no longer be named or act.
run cm worker deactivate dave
expect_code 0
expect_out <<'X'
worker dave deactivated
X
run cm worker list --format csv
expect_out <<'X'
login,name,team,role,email,active
alice,alice,,admin,,true
bob,Bob D.,north,worker,,true
carol,Carol Évrard,north,manager,,true
X
run cm worker list --all --format csv
run sh -c "printf '%s\n' \"\$1\" | grep dave" _ "$out"
expect_out <<'X'
dave,Dave,south,worker,,false
X
expect_unchanged 1 cm worker deactivate dave
expect_err <<'X'
cm: error: worker 'dave' is already deactivated
X
expect_unchanged 1 cm intake --first-name Jan --last-name Peeters --worker dave
expect_err <<'X'
cm: error: worker 'dave' is deactivated
X
CM_USER=dave expect_unchanged 1 cm list
expect_err <<'X'
cm: error: worker 'dave' is deactivated
X

# --user (or CM_USER) names a registered worker acting through a shared
# account; the audit record keeps both names. Anyone else is refused.
CM_USER=zed expect_unchanged 1 cm list
expect_err <<'X'
cm: error: unknown worker 'zed'; see 'cm worker list'
X
run cm --user bob contact 1 --channel phone --duration 10
expect_code 0
run db_sql "SELECT actor, CASE WHEN os_user = '$OS_USER' THEN 1 ELSE 0 END FROM audit
	ORDER BY id DESC LIMIT 1"
expect_out <<'X'
bob|1
X
# From an account that is itself a registered worker, --user cannot name another.
run cm worker add "$OS_USER" --name "The account"
expect_code 0
env -u CM_USER "$CM" --user bob list >"$TMP/out" 2>"$TMP/err"
code=$?
err=$(cat "$TMP/err")
expect_code 1
expect_err <<X
cm: error: you are logged in as the worker '$OS_USER'; --user cannot act as 'bob'
X
env -u CM_USER "$CM" worker show "$OS_USER" --format csv >"$TMP/out" 2>"$TMP/err"
out=$(cat "$TMP/out")
expect_out <<X
login,name,team,role,email,active,open_cases
$OS_USER,The account,,worker,,true,0
X

# cm init --group: the file and its directory the group's, the directory setgid.
GROUP=$(id -gn)
run cm --db "$TMP/team/cm.db" init --group "$GROUP"
expect_code 0
run stat -c '%a %G' "$TMP/team" "$TMP/team/cm.db"
expect_out <<X
2770 $GROUP
660 $GROUP
X
run cm --db "$TMP/team/cm.db" intake --first-name Ann --last-name Lee
run stat -c '%a %G' "$TMP/team/cm.db"
expect_out <<X
660 $GROUP
X
run cm --db "$TMP/other/cm.db" init --group no-such-group
expect_code 2
expect_err <<'X'
cm: error: unknown group 'no-such-group'
X
run test -e "$TMP/other"
expect_code 1

finish
