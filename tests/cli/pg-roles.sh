#!/bin/sh
# What the PostgreSQL server itself enforces, whatever client connects:
# the group roles and logins cm init and cm worker manage, the grants, the
# row-level security policies that mirror cm's scope, and the logs that
# take inserts only, with the actor and the real time the server's.
# PostgreSQL only: SQLite has no logins of its own (the file's permissions
# are its boundary; access.sh tests cm's own checks on both engines).
STAFF=
. "$TESTS_DIR/lib/cli.sh"
db_is_server || { echo "PostgreSQL only: skipped"; exit 77; }

# Logins belong to the whole cluster, which other tests share: this run's own.
p=r$$
server="postgresql:///$CM_TEST_PGDB?host=$CM_PG_DIR&user="
# SQL through psql connected as login $1, as a caseworker could type it.
as_sql()
{
	local rc
	printf '%s;\n' "$2" |
		psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$server$1" -f - >"$TMP/sql-out" \
			2>"$TMP/sql-err"
	rc=$?
	sed "s|$CM_PG_DIR|PGDIR|g" "$TMP/sql-err" >&2
	cat "$TMP/sql-out"
	return $rc
}
# cm connected as login $1, without --user.
as()
{
	local who=$1
	shift
	CM_DB="$server$who" CM_USER= run "$@"
}
# Each login of this run: can it log in, and its groups.
logins()
{
	db_sql "SELECT r.rolname, r.rolcanlogin, coalesce((SELECT string_agg(g.rolname, ','
			ORDER BY g.rolname) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
			WHERE m.member = r.oid), '-')
		FROM pg_roles r WHERE r.rolname LIKE '$p%' ORDER BY r.rolname"
}

run cm init
run cm worker add ${p}adm --name Adm --role admin
run cm worker add ${p}bob --name Bob --team north
run cm worker add ${p}carol --name Carol --team north
run cm worker add ${p}dave --name Dave --team south
run cm worker add ${p}mia --name Mia --team north --role manager
expect_code 0
run logins
expect_out <<X
${p}adm|t|cm_admin
${p}bob|t|cm_worker
${p}carol|t|cm_worker
${p}dave|t|cm_worker
${p}mia|t|cm_manager
X
run cm intake --first-name Léa --last-name Dupont --worker ${p}bob --consent all
run cm intake --first-name Jan --last-name Peeters --worker ${p}carol --consent all
run cm intake --first-name Ana --last-name Silva --worker ${p}dave --consent all
run cm contact 3 --channel phone --duration 30 --note "debts"
expect_code 0

# With psql, a worker reads their own cases and nothing of anyone else's.
run as_sql ${p}bob "SELECT id, worker FROM cases ORDER BY id;
	SELECT id, last_name FROM person ORDER BY id;
	SELECT count(*) FROM contact; SELECT count(*) FROM consent WHERE case_id <> 1;
	SELECT DISTINCT case_id FROM audit ORDER BY 1"
expect_code 0
expect_out <<X
1|${p}bob
1|Dupont
0
0
1
X
# Changing another's case changes nothing: the row is not there for them.
run as_sql ${p}bob "UPDATE cases SET outcome = 'moved' WHERE id = 3; DELETE FROM contact"
expect_code 0
run db_sql "SELECT id, coalesce(outcome, '-') FROM cases WHERE id = 3; SELECT count(*) FROM contact"
expect_out <<'X'
3|-
1
X
# With visibility team a worker reads the team's cases; a manager always does.
run cm worker visibility team
run as_sql ${p}bob "SELECT id FROM cases ORDER BY id; SELECT id FROM person ORDER BY id"
expect_out <<'X'
1
2
1
2
X
run as_sql ${p}mia "SELECT id, worker FROM cases ORDER BY id; SELECT count(*) FROM contact"
expect_out <<X
1|${p}bob
2|${p}carol
0
X
run as_sql ${p}dave "SELECT id FROM cases ORDER BY id; SELECT count(*) FROM contact"
expect_out <<'X'
3
1
X

# cm's functions read cm's tables, not a worker's temporary ones of the same name.
run as_sql ${p}bob "CREATE TEMP TABLE worker (login text, role text, active int, team text);
	INSERT INTO worker VALUES ('${p}bob', 'admin', 1, 'south');
	CREATE TEMP TABLE cases (id bigint, person_id bigint, worker text);
	SELECT id FROM public.cases ORDER BY id; SELECT id FROM public.person ORDER BY id"
expect_code 0
expect_out <<'X'
1
2
1
2
X

# The logs take inserts only: no UPDATE, DELETE or TRUNCATE, even of one's own records.
for t in audit access; do
	for sql in "UPDATE $t SET command = 'x'" "DELETE FROM $t" "TRUNCATE $t"; do
		before=$(db_state)
		run as_sql ${p}bob "$sql"
		expect_code 3
		expect_err <<X
psql:<stdin>:1: ERROR:  permission denied for table $t
X
		checks=$((checks + 1))
		[ "$before" = "$(db_state)" ] || fail "the database changed"
	done
done
# Pseudonymisation's redaction is an admin's function.
expect_unchanged 3 as_sql ${p}bob "SELECT cm_audit_redact(1, '2026-03-15')"
expect_err <<'X'
psql:<stdin>:1: ERROR:  permission denied for function cm_audit_redact
X
# A record claiming another actor, or another time than the server's clock, is refused.
expect_unchanged 3 as_sql ${p}bob "INSERT INTO audit(id, at, actor, command, entity,
	entity_id, summary, hash, real_at) VALUES (100, '2026-03-15T09:00:00Z', '${p}carol',
	'close', 'cases', 1, 'forged', 'x', cm_clock())"
expect_err <<X
psql:<stdin>:3: ERROR:  the actor of a log record must be the connected login ${p}bob
CONTEXT:  PL/pgSQL function cm_log_server_set() line 1 at RAISE
X
expect_unchanged 3 as_sql ${p}bob "INSERT INTO audit(id, at, actor, command, entity,
	entity_id, summary, hash, real_at) VALUES (100, '2026-03-15T09:00:00Z', '${p}bob',
	'close', 'cases', 1, 'backdated', 'x', '2026-03-15T09:00:00Z')"
expect_err <<'X'
psql:<stdin>:3: ERROR:  the real time of a log record must be the server's clock, not 2026-03-15T09:00:00Z
CONTEXT:  PL/pgSQL function cm_log_server_set() line 1 at RAISE
X
expect_unchanged 3 as_sql ${p}bob "INSERT INTO access(id, at, real_at, actor, os_user,
	command, case_id, hash) VALUES (100, '2026-03-15T09:00:00Z', cm_clock(), '${p}bob',
	'${p}carol', 'show', 1, 'x')"
expect_err <<X
psql:<stdin>:3: ERROR:  the actor of a log record must be the connected login ${p}bob
CONTEXT:  PL/pgSQL function cm_log_server_set() line 1 at RAISE
X

# Through cm the actor is the connected login: --user may not name anyone else.
as ${p}bob expect_unchanged 1 cm --user ${p}carol list
expect_err <<X
cm: error: connected to the server as '${p}bob'; --user cannot act as '${p}carol'
X
as ${p}bob expect_unchanged 1 cm show 3
expect_err <<'X'
cm: error: no case 3
X
as ${p}bob run cm contact 1 --channel phone --duration 10
expect_code 0
# A worker's everyday work goes through: intake, plan, handing a case on.
as ${p}bob run cm intake --first-name Noor --last-name Janssens --consent all \
	--criteria all
expect_out <<'X'
4
X
as ${p}bob run cm assess 4 --domain housing=3
expect_code 0
as ${p}bob run cm plan 4 goal add "Find housing"
expect_out <<'X'
1
X
# A case is handed on within the scope: the server shows no case once out of sight.
as ${p}bob expect_unchanged 1 cm assign 4 ${p}dave --reason "moves south"
expect_err <<X
cm: error: '${p}dave' is outside your scope: a manager of their team or an admin can give them a case
X
expect_unchanged 3 as_sql ${p}bob "UPDATE cases SET worker = '${p}dave' WHERE id = 4"
expect_err <<'X'
psql:<stdin>:1: ERROR:  new row violates row-level security policy for table "cases"
X
as ${p}bob run cm assign 4 ${p}carol --reason "her caseload"
expect_code 0
run as_sql ${p}carol "SELECT id FROM cases ORDER BY id; SELECT count(*) FROM goal"
expect_out <<'X'
1
2
4
1
X
as ${p}bob run cm show 2 --format json
expect_code 0
# The records name the login and the server's clock; the chains still verify.
run db_sql "SELECT actor, coalesce(os_user, '-'), real_at <= cm_clock() FROM audit
		WHERE id = (SELECT max(id) FROM audit);
	SELECT actor, coalesce(os_user, '-'), case_id FROM access ORDER BY id DESC LIMIT 1"
expect_out <<X
${p}bob|-|t
${p}bob|-|2
X
run cm audit --verify
expect_code 0
# Checking the chains needs every record: an admin's check on the server.
as ${p}bob expect_unchanged 1 cm audit --verify
expect_err <<X
cm: error: only an admin can do this; '${p}bob' is not one
X

# An admin's login pseudonymises through the redaction function.
run cm close 2 --outcome moved
as ${p}adm run cm person pseudonymise 2 --reason "retention period"
expect_code 0
run db_sql "SELECT DISTINCT summary FROM audit WHERE case_id = 2"
expect_out <<'X'
[removed]
X
as ${p}adm run cm audit --verify
expect_code 0

# An import by a login: an admin's takes a fresh export by the bulk path,
# through temporary tables (COPY takes no rows into a table under row-level
# security), until the repeated H1 hands the rest to the row-by-row path; a
# caseworker's goes row by row. The records name the login; the chain verifies.
cat >"$TMP/map.json" <<'X'
{"source": "hr", "delimiter": ";", "header": true, "programme": "be-accompagnement",
 "fields": {"ext_id": {"column": "id"}, "last_name": {"column": "nom"},
            "first_name": {"column": "prenom"}, "worker": {"column": "conseiller"}}}
X
printf 'id;nom;prenom;conseiller\nH1;Aerts;Tom;%s\nH2;Claes;Els;%s\nH1;Aerts;Tom;%s\nH3;Wouters;An;%s\n' \
	${p}bob ${p}bob ${p}bob ${p}bob >"$TMP/hr.csv"
sed 's/"hr"/"hs"/' "$TMP/map.json" >"$TMP/map-hs.json"
as ${p}adm cm intake --import "$TMP/hr.csv" --map "$TMP/map.json" --format tsv
expect_code 0
expect_out <<'X'
read	created	updated	unchanged	rejected	emptied	deleted	closed	stale
4	3	0	1	0	0	0	0	0
X
as ${p}bob cm intake --import "$TMP/hr.csv" --map "$TMP/map-hs.json" --format tsv
expect_code 0
expect_out <<'X'
read	created	updated	unchanged	rejected	emptied	deleted	closed	stale
4	3	0	1	0	0	0	0	0
X
run db_sql "SELECT p.source, p.ext_id, c.worker = '${p}bob', a.actor FROM person p
	JOIN cases c ON c.person_id = p.id JOIN audit a ON a.entity = 'person'
	AND a.entity_id = p.id WHERE p.source IN ('hr', 'hs') ORDER BY p.id"
expect_out <<X
hr|H1|t|${p}adm
hr|H2|t|${p}adm
hr|H3|t|${p}adm
hs|H1|t|${p}bob
hs|H2|t|${p}bob
hs|H3|t|${p}bob
X
as ${p}adm run cm audit --verify
expect_code 0

# A role change moves the login to its group.
run cm worker edit ${p}dave --role manager
run logins
expect_out <<X
${p}adm|t|cm_admin
${p}bob|t|cm_worker
${p}carol|t|cm_worker
${p}dave|t|cm_manager
${p}mia|t|cm_manager
X

# A deactivated worker can no longer log in, nor read if someone lets them log in again.
run cm worker deactivate ${p}carol
expect_code 0
run logins
expect_out <<X
${p}adm|t|cm_admin
${p}bob|t|cm_worker
${p}carol|f|-
${p}dave|t|cm_manager
${p}mia|t|cm_manager
X
run as_sql ${p}carol "SELECT count(*) FROM cases"
expect_code 2
expect_err <<X
psql: error: connection to server on socket "PGDIR/.s.PGSQL.5432" failed: FATAL:  role "${p}carol" is not permitted to log in
X
db_sql "ALTER ROLE ${p}carol LOGIN"
run as_sql ${p}carol "SELECT count(*) FROM cases"
expect_code 3
expect_err <<'X'
psql:<stdin>:1: ERROR:  permission denied for table cases
X

# A login of a cm group that is not a worker of this database sees nothing, and cm refuses it.
db_sql "CREATE ROLE ${p}zed LOGIN IN ROLE cm_worker"
run as_sql ${p}zed "SELECT count(*) FROM cases; SELECT count(*) FROM person"
expect_out <<'X'
0
0
X
as ${p}zed expect_unchanged 1 cm list
expect_err <<X
cm: error: the server login '${p}zed' is not an active worker of this database
X

# An owner that may not create roles (an agency's schema in the same
# database): cm worker add is refused, with what an administrator must run,
# and works once the login exists.
db_sql "CREATE ROLE ${p}own LOGIN; CREATE SCHEMA ${p}ag AUTHORIZATION ${p}own"
agency="postgresql:///$CM_TEST_PGDB?host=$CM_PG_DIR&user=${p}own&options=-csearch_path%3D${p}ag"
CM_DB=$agency CM_USER=${p}adm run cm init
expect_code 0
CM_DB=$agency CM_USER=${p}adm run cm worker add ${p}eve --name Eve
expect_code 1
expect_err <<X
cm: error: set up the server login: the server refused to create or change the login ${p}eve: the schema owner needs CREATEROLE, or a database administrator creates it (CREATE ROLE ${p}eve LOGIN IN ROLE cm_worker)
X
run db_sql "SELECT count(*) FROM ${p}ag.worker WHERE login = '${p}eve'"
expect_out <<'X'
0
X
db_sql "CREATE ROLE ${p}eve LOGIN IN ROLE cm_worker"
CM_DB=$agency CM_USER=${p}adm run cm worker add ${p}eve --name Eve
expect_code 0
# The logins belong to the cluster: Eve sees her agency's cases, none of this one's.
CM_DB=$agency CM_USER=${p}adm run cm intake --first-name Eva --last-name Roos --worker ${p}eve
run as_sql "${p}eve&options=-csearch_path%3D${p}ag" "SELECT id, worker FROM cases"
expect_out <<X
1|${p}eve
X
run as_sql ${p}eve "SELECT count(*) FROM cases"
expect_out <<'X'
0
X

# Every table that holds a person's data is under a policy; the others are the staff's.
run db_sql "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace
	AND relkind = 'r' AND NOT relrowsecurity ORDER BY relname COLLATE \"C\""
expect_out <<'X'
cm_schema_version
meta
partner
programme
worker
X

finish
