#!/bin/sh
# The log of who looked: every reading of a person's file, every listing and
# its count, hash-chained, listed by cm audit --access and checked by --verify.
STAFF=
. "$TESTS_DIR/lib/cli.sh"
OS_USER=$(id -un)

run cm init
run cm worker add bob --name Bob --team north
run cm worker add carol --name Carol --team north
run cm intake --first-name Léa --last-name Dupont --ext-id A1 --source actiris --worker bob \
	--criteria all --consent all
run cm intake --first-name Jan --last-name Peeters --worker carol --consent all
run cm partner add "CPAS Ixelles" --domain social-assistance
run cm refer 1 --partner 1 --reason "housing" --share first_name
# Changes are in the audit log, not here: nothing was read yet.
run db_sql "SELECT count(*) FROM access"
expect_out <<'X'
0
X

# A sequence of reads, as bob (through a shared account) and as alice.
CM_USER=bob run cm show 1
CM_USER=bob run cm log ext:A1
CM_USER=bob run cm plan 1 show
CM_USER=bob run cm refer --packet 1
CM_USER=bob run cm list
CM_USER=bob run cm remind --within 30
run cm person export 2
run cm audit 2 --data
CM_NOW=2026-03-20T10:00:00Z CM_TODAY=2026-03-20 run cm show 2
run cm list --worker carol --closed

# Who, when (business time and the system clock), through which command,
# whose file; for listings the query and how many records it gave.
run cm audit --access --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1,2,4-" _ "$out"
expect_out <<X
id,at,user,os_user,command,person,case,query,count
1,2026-03-15T09:00:00Z,bob,$OS_USER,show,1,1,,
2,2026-03-15T09:00:00Z,bob,$OS_USER,log,1,1,,
3,2026-03-15T09:00:00Z,bob,$OS_USER,plan,1,1,,
4,2026-03-15T09:00:00Z,bob,$OS_USER,refer,1,1,,
5,2026-03-15T09:00:00Z,bob,$OS_USER,list,,,list,1
6,2026-03-15T09:00:00Z,bob,$OS_USER,remind,,,remind --worker bob --within 30,2
7,2026-03-15T09:00:00Z,alice,$OS_USER,person,2,,,
8,2026-03-15T09:00:00Z,alice,$OS_USER,audit,2,2,,
9,2026-03-20T10:00:00Z,alice,$OS_USER,show,2,2,,
10,2026-03-15T09:00:00Z,alice,$OS_USER,list,,,list --worker carol --closed,0
X
# The system clock, whatever CM_NOW says.
run db_sql "SELECT count(*) FROM access WHERE real_at = at OR real_at NOT LIKE '____-__-__T__:__:__Z'"
expect_out <<'X'
0
X
# Never the values shown.
run db_sql "SELECT count(*) FROM access WHERE query LIKE '%Léa%' OR query LIKE '%Dupont%'"
expect_out <<'X'
0
X

# By case, person, worker and days.
run cm audit --access 2 --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1,6" _ "$out"
expect_out <<'X'
id,command
8,audit
9,show
X
run cm audit --access --person ext:A1 --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1 | tr '\n' ' '" _ "$out"
expect_out <<'X'
id 1 2 3 4 
X
run cm audit --access --worker alice --from 2026-03-16 --to 2026-03-31 --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1 | tr '\n' ' '" _ "$out"
expect_out <<'X'
id 9 
X
run cm audit --access --worker alicia
expect_code 1
expect_err <<'X'
cm: error: unknown worker 'alicia'; did you mean 'alice'?
X
run cm audit --access 1 --person 2
expect_code 2
run cm audit --access --from 15/03/2026
expect_code 2
expect_err <<'X'
cm: error: --from: invalid date '15/03/2026' (expected YYYY-MM-DD)
X
# A worker sees the history of the files in their scope, and their own listings.
CM_USER=carol run cm audit --access --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f1 | tr '\n' ' '" _ "$out"
expect_out <<'X'
id 7 8 9 
X

# The right of access includes who saw the file.
run cm person export 1
run sh -c "printf '%s\n' \"\$1\" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(*[(a[\"user\"], a[\"command\"], a[\"case_id\"]) for a in d[\"access\"]])'" _ "$out"
expect_out <<'X'
('bob', 'show', 1) ('bob', 'log', 1) ('bob', 'plan', 1) ('bob', 'refer', 1) ('alice', 'person', None)
X

# Append-only, and chained: an edit or a removal behind cm's back is found.
run db_sql "UPDATE access SET actor = 'mallory' WHERE id = 2"
run db_sql "DELETE FROM access WHERE id = 2"
run db_sql "SELECT actor FROM access WHERE id = 2"
expect_out <<'X'
bob
X
run cm audit --verify
expect_code 0
run sh -c "printf '%s\n' \"\$1\" | tail -1" _ "$out"
expect_out <<'X'
access log chain intact: 11 records
X
db_copy copy
# Someone who can write the database puts the triggers out of the way, edits
# and puts the triggers back.
db_tamper "UPDATE access SET actor = 'mallory' WHERE id = 2"
expect_unchanged 1 cm audit --verify
expect_err <<'X'
cm: error: access log chain broken at record 2: its hash does not match its content
X
CM_DB=$copy_db db_tamper "DELETE FROM access WHERE id = 3"
CM_DB=$copy_db expect_unchanged 1 cm audit --verify
expect_err <<'X'
cm: error: access log chain broken at record 4: record 3 is missing
X


# The other readings of one case's file are logged too: consents, contacts,
# referrals and the disclosure register, assessments.
before=$(db_sql "SELECT max(id) FROM access")
for c in "consent 1" "contact 1 --list" "refer 1 --list" "refer 1 --register" "assess 1 --list"; do
	CM_USER=bob run cm $c
	expect_code 0
done
run db_sql "SELECT actor, command, person_id, case_id FROM access WHERE id > $before ORDER BY id"
expect_out <<'X'
bob|consent|1|1
bob|contact|1|1
bob|refer|1|1
bob|refer|1|1
bob|assess|1|1
X
# Recording an assessment prints it back without logging a reading.
before=$(db_sql "SELECT max(id) FROM access")
CM_USER=bob run cm assess 1 --domain housing=2
expect_code 0
run db_sql "SELECT count(*) FROM access WHERE id > $before"
expect_out <<'X'
0
X

# When the access cannot be recorded, nothing is shown (75: busy).
CM_DB=$copy_db db_hold_lock 4
locker=$!
CM_DB=$copy_db CM_BUSY_TIMEOUT=200 run cm show 1
expect_code 75
expect_no_out
CM_DB=$copy_db CM_BUSY_TIMEOUT=200 run cm list
expect_code 75
expect_no_out
wait $locker

finish
