# Shared by the command-line tests: a private database, a fixed clock, and
# assertions that compare whole outputs and exit codes.
#
#   . "$TESTS_DIR/lib/cli.sh"
#   run cm intake --first-name A --last-name B     # sets $out, $err, $code
#   expect_code 0
#   expect_out <<'X'
#   1
#   X
set -u
: "${CM:?CM must name the cm binary}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export CM_DB="$TMP/cm.db" CM_USER=alice CM_TODAY=2026-03-15 CM_NOW=2026-03-15T09:00:00Z
# On PostgreSQL (scripts/test --postgresql sets CM_TEST_ENGINE and CM_PG_DIR,
# the socket directory of its throw-away cluster) each test has a fresh,
# empty database of its own, dropped at the end.
CM_TEST_ENGINE=${CM_TEST_ENGINE:-sqlite}
if [ "$CM_TEST_ENGINE" = postgresql ]; then
	CM_TEST_PGDB=cm_test_$$
	createdb -h "$CM_PG_DIR" -U cm "$CM_TEST_PGDB" || exit 1
	export CM_DB="postgresql:///$CM_TEST_PGDB?host=$CM_PG_DIR&user=cm"
	# With the databases db_fresh adds (CM_TEST_PGDBS) and db_new's (listed in $TMP/databases).
	CM_TEST_PGDBS=$CM_TEST_PGDB
	trap 'cd /; for d in $CM_TEST_PGDBS $(cat "$TMP/databases" 2>/dev/null); do
		dropdb --if-exists -h "$CM_PG_DIR" -U cm "$d"; done; rm -rf "$TMP"' EXIT
fi
export TZ=UTC LC_ALL=C
unset XDG_DATA_HOME CM_BUSY_TIMEOUT
failures=0
checks=0
current=

# Only registered workers can be named or act. cm init registers the acting
# user (alice) as the first admin; the staff the tests name are registered
# right after it as admins, who see every case, so each test keeps testing
# what it was written for (roles and scopes have their own tests, which
# empty STAFF before sourcing this file). They are plain rows, without
# audit records, so the tests' audit logs stay as they were written.
: "${STAFF=bob carol dave ana ben ada cora dee fay gil rex sig w0 w1 w2
	amartin bdesmet cvanacker dlambert eyilmaz fclaes jdurand unassigned}"
register_staff()
{
	local w sql=
	for w in $STAFF; do
		sql="$sql${sql:+;
}INSERT INTO worker(login, name, role, created_on)
			VALUES ('$w', '$w', 'admin', '2026-03-15') ON CONFLICT DO NOTHING"
	done
	[ -z "$sql" ] || db_sql "$sql" || fail "cannot register workers $STAFF"
}

# Run a command; "cm" is the binary under test.
run()
{
	local prog=$1
	shift
	[ "$prog" = cm ] && prog=$CM
	current="$*"
	"$prog" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	code=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
	if [ "$prog" = "$CM" ] && [ "${1-}" = init ] && [ "$code" = 0 ] &&
		{ [ -f "${CM_DB-}" ] || { db_is_server && db_tables | grep -qx worker; }; }; then
		register_staff
	fi
}

# Like run, with standard input from the caller.
run_stdin()
{
	local prog=$1
	shift
	[ "$prog" = cm ] && prog=$CM
	current="$*"
	"$prog" "$@" >"$TMP/out" 2>"$TMP/err"
	code=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

fail()
{
	failures=$((failures + 1))
	printf 'FAIL: %s\n  after: %s\n' "$1" "$current" >&2
}

expect_code()
{
	checks=$((checks + 1))
	[ "$code" = "$1" ] || fail "exit code $code, expected $1 (stderr: $err)"
}

# Compare stdout with the here-document on stdin.
expect_out()
{
	local want
	want=$(cat)
	checks=$((checks + 1))
	if [ "$out" != "$want" ]; then
		fail "stdout differs"
		printf '%s\n' "$want" >"$TMP/want"
		printf '%s\n' "$out" >"$TMP/got"
		diff -u "$TMP/want" "$TMP/got" >&2
	fi
}

expect_err()
{
	local want
	want=$(cat)
	checks=$((checks + 1))
	if [ "$err" != "$want" ]; then
		fail "stderr differs"
		printf '%s\n' "$want" >"$TMP/want"
		printf '%s\n' "$err" >"$TMP/got"
		diff -u "$TMP/want" "$TMP/got" >&2
	fi
}

expect_no_out()
{
	checks=$((checks + 1))
	[ -z "$out" ] || fail "unexpected stdout: $out"
}

# SQL on the test's database ($CM_DB, a file or a URI), on either engine:
# each statement's rows as a|b|c, without a header; without an argument,
# the statements on standard input. Tests look inside the database only
# through this.
db_sql()
{
	if [ $# -eq 0 ]; then
		db_sql "$(cat)"
	elif db_is_server; then
		printf '%s;\n' "$1" | psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$CM_DB" -f -
	else
		sqlite3 "$CM_DB" "$1"
	fi
}

# SQL expressions for JSON in a text column, which the engines spell apart:
# db_json COLUMN KEY is the value of KEY (text or a number, as text);
# db_json_merge COLUMN OBJECT is the column's object with OBJECT's keys set.
db_json()
{
	if db_is_server; then
		printf "(%s::json ->> '%s')" "$1" "$2"
	else
		printf "json_extract(%s, '\$.%s')" "$1" "$2"
	fi
}

db_json_merge()
{
	if db_is_server; then
		printf "(%s::jsonb || '%s'::jsonb)::text" "$1" "$2"
	else
		printf "json_patch(%s, '%s')" "$1" "$2"
	fi
}

# Another empty database for the test, on its engine: db_new NAME prints
# its target, a file in $TMP or a server database dropped at the end.
db_new()
{
	if [ "$CM_TEST_ENGINE" = postgresql ]; then
		createdb -h "$CM_PG_DIR" -U cm "${CM_TEST_PGDB}_$1" || return 1
		echo "${CM_TEST_PGDB}_$1" >>"$TMP/databases"
		echo "postgresql:///${CM_TEST_PGDB}_$1?host=$CM_PG_DIR&user=cm"
	else
		echo "$TMP/$1.db"
	fi
}

db_is_server()
{
	case ${CM_DB-} in postgresql://* | postgres://*) return 0 ;; esac
	return 1
}

# Another session holding the database for SECONDS in the background, as a
# writer in the middle of its transaction does: db_hold write SECONDS locks
# out the other writers, db_hold all SECONDS the readers too. The caller
# waits for it. On a server, writers queue on cm's advisory lock of the
# schema, and readers wait for the tables.
db_hold()
{
	local sql
	if db_is_server; then
		sql="BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema()));"
		[ "$1" = write ] || sql="$sql DO \$\$DECLARE t text; BEGIN
			FOR t IN SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() LOOP
			EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', t);
			END LOOP; END\$\$;"
		{ echo "$sql"; sleep "$2"; echo "ROLLBACK;"; } |
			psql -X -q -v ON_ERROR_STOP=1 -d "$CM_DB" >/dev/null &
	else
		sql="BEGIN IMMEDIATE; INSERT INTO meta VALUES ('lock', 'held');"
		[ "$1" = write ] || sql="PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;
			INSERT INTO meta VALUES ('lock', 'held');"
		{ echo "$sql"; sleep "$2"; echo "ROLLBACK;"; } | sqlite3 "$CM_DB" >/dev/null &
	fi
	sleep 0.5
}

# The database's tables, by name.
db_tables()
{
	if db_is_server; then
		db_sql "SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() ORDER BY table_name COLLATE \"C\""
	else
		db_sql "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	fi
}

# A snapshot of everything in the database (row counts of every table and
# the audit log), to show a failed command changed nothing.
db_state()
{
	if db_is_server; then
		# One query for every count: a server connection per table is slow.
		db_sql "SELECT table_name, (xpath('/row/n/text()', query_to_xml(
				format('SELECT count(*) AS n FROM %I', table_name), false, true, '')))[1]
			FROM information_schema.tables WHERE table_schema = current_schema()
			ORDER BY table_name COLLATE \"C\"" | tr '|' ' '
	else
		db_tables |
		while read -r t; do
			printf '%s %s\n' "$t" "$(db_sql "SELECT count(*) FROM \"$t\"")"
		done
	fi
	db_sql "SELECT * FROM audit ORDER BY id"
}

# Point CM_DB at a new, empty database NAME on the test's engine: a file
# in $TMP, or one more server database, dropped at the end.
db_fresh()
{
	if [ "$CM_TEST_ENGINE" = postgresql ]; then
		createdb -h "$CM_PG_DIR" -U cm "${CM_TEST_PGDB}_$1" || exit 1
		CM_TEST_PGDBS="$CM_TEST_PGDBS ${CM_TEST_PGDB}_$1"
		export CM_DB="postgresql:///${CM_TEST_PGDB}_$1?host=$CM_PG_DIR&user=cm"
	else
		export CM_DB="$TMP/$1.db"
	fi
}

# Copy the test's database ($CM_DB) as NAME, and set copy_db to where the
# copy is: a file in $TMP, or one more server database, dropped at the end.
db_copy()
{
	local from=${CM_DB#*:///}

	if db_is_server; then
		createdb -h "$CM_PG_DIR" -U cm -T "${from%%\?*}" "${CM_TEST_PGDB}_$1" || exit 1
		CM_TEST_PGDBS="$CM_TEST_PGDBS ${CM_TEST_PGDB}_$1"
		copy_db="postgresql:///${CM_TEST_PGDB}_$1?host=$CM_PG_DIR&user=cm"
	else
		copy_db=$TMP/$1.db
		cp "$CM_DB" "$copy_db"
	fi
}

# Hold the database's write lock for $1 seconds from a process in the
# background ($! after the call), as another cm writing would: on a server
# the schema's writer lock (cm-deploy(7)). Returns once the lock is held.
db_hold_lock()
{
	rm -f "$TMP/locked"
	if db_is_server; then
		printf '%s\n' "BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema()));" \
			"\\! touch '$TMP/locked'" "SELECT pg_sleep($1); COMMIT;" |
			psql -X -q -d "$CM_DB" >/dev/null &
	else
		python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
' "$CM_DB" "$TMP/locked" "$1" &
	fi
	while [ ! -e "$TMP/locked" ]; do sleep 0.1; done
}

# The schema version of the database, and setting it (as a database from
# an older or a newer cm has it).
db_version()
{
	if db_is_server; then
		db_sql "SELECT version FROM cm_schema_version"
	else
		db_sql "PRAGMA user_version"
	fi
}

db_set_version()
{
	if db_is_server; then
		db_sql "UPDATE cm_schema_version SET version = $1"
	else
		db_sql "PRAGMA user_version = $1"
	fi
}

# The message of the error that "run db_sql" met, without the client's
# wording around it, so a test expects the same line on both engines.
db_error()
{
	printf '%s\n' "$err" |
		sed -n -e 's/^Error: stepping, \(.*\) ([0-9]*)$/\1/p' -e 's/^psql:[^ ]* ERROR:  //p'
}

# Triggers, as someone who can write to the database sees them.
# db_trigger_sql NAME: the statement that creates trigger NAME, to put it
# back after db_drop_trigger NAME TABLE. db_add_trigger NAME TABLE
# [MESSAGE]: a trigger of one's own that refuses every insert into TABLE
# with MESSAGE, or does nothing without one.
db_trigger_sql()
{
	if db_is_server; then
		db_sql "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = '$1'"
	else
		db_sql "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '$1'"
	fi
}

db_drop_trigger()
{
	if db_is_server; then
		db_sql "DROP TRIGGER $1 ON $2"
	else
		db_sql "DROP TRIGGER $1"
	fi
}

db_add_trigger()
{
	local refuse=

	if db_is_server; then
		[ -z "${3-}" ] || refuse="RAISE EXCEPTION '$3';"
		db_sql "CREATE FUNCTION $1() RETURNS trigger LANGUAGE plpgsql AS \$\$
			BEGIN $refuse RETURN NEW; END \$\$;
			CREATE TRIGGER $1 BEFORE INSERT ON $2 FOR EACH ROW EXECUTE FUNCTION $1()"
	else
		refuse=1
		[ -z "${3-}" ] || refuse="RAISE(ABORT, '$3')"
		db_sql "CREATE TRIGGER $1 BEFORE INSERT ON $2 BEGIN SELECT $refuse; END"
	fi
}

# Run SQL with the logs' append-only triggers out of the way, as someone
# tampering with the database would, and put them back as they were.
db_tamper()
{
	local guards="type = 'trigger' AND tbl_name IN ('audit', 'access')"

	if db_is_server; then
		db_sql "SET session_replication_role = replica; $1"
	else
		db_sql "BEGIN;
			$(db_sql "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE $guards")
			$1;
			$(db_sql "SELECT sql || ';' FROM sqlite_master WHERE $guards")
			COMMIT"
	fi
}

# Every table of database $1 (default $CM_DB), schema and rows, in a fixed
# order: two files with the same content give the same dump (SQLite files only).
db_dump()
{
	local db=${1:-$CM_DB}
	sqlite3 "$db" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
	sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name" |
	while read -r t; do
		printf '== %s\n' "$t"
		sqlite3 "$db" "SELECT * FROM \"$t\" ORDER BY rowid"
	done
}

# Run a command that must fail without changing the database.
expect_unchanged()
{
	local before after want_code=$1
	shift
	before=$(db_state)
	run "$@"
	after=$(db_state)
	expect_code "$want_code"
	checks=$((checks + 1))
	[ "$before" = "$after" ] || fail "the database changed"
}

finish()
{
	if [ "$failures" -gt 0 ]; then
		printf '%d of %d checks failed\n' "$failures" "$checks" >&2
		exit 1
	fi
	printf '%d checks passed\n' "$checks"
	exit 0
}
