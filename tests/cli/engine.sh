#!/bin/sh
# The engine layer: only lib/db/ (the drivers and the engine's bulk-load
# path) names a database engine's C interface; every other source file goes
# through lib/db/db.h.
. "$TESTS_DIR/lib/cli.sh"

# Engine headers and calls (sqlite3_*, PQ*) anywhere but lib/db/.
current="grep for engine calls outside lib/db/"
checks=$((checks + 1))
found=$(cd "$SOURCE_DIR" && grep -nE '#include[[:space:]]*[<"](sqlite3|libpq-fe)\.h|\bsqlite3_[a-z0-9_]+|\bPQ[a-z][A-Za-z]*[[:space:]]*\(' \
	lib/*.c lib/*.h lib/*/*.c lib/*/*.h cmd/*.c cmd/*.h cmd/*/*.c cmd/*/*.h include/cm/*.h 2>/dev/null |
	grep -v '^lib/db/')
[ -z "$found" ] || fail "engine calls outside lib/db/:
$found"

# libpq is loaded only to open a server database: a command on a SQLite file
# starts without it (the dynamic loader's own trace lists what it loads).
if ! db_is_server; then
	"$CM" init >/dev/null 2>&1
	current="cm list on a SQLite file loads no libpq"
	checks=$((checks + 1))
	LD_DEBUG=files "$CM" list >/dev/null 2>"$TMP/ld" || fail "cm list failed: $(cat "$TMP/ld")"
	! grep -q 'libpq' "$TMP/ld" || fail "libpq was loaded: $(grep libpq "$TMP/ld" | head -n 3)"
	current="readelf: the cm binary does not name libpq"
	checks=$((checks + 1))
	if command -v readelf >/dev/null; then
		! readelf -d "$CM" | grep -q 'NEEDED.*libpq' || fail "cm is linked to libpq"
	fi
	if ! "$CM" --db postgresql:///x?host=/nonexistent list 2>&1 | grep -q 'without PostgreSQL'; then
		current="a server URI loads libpq"
		checks=$((checks + 1))
		LD_DEBUG=files "$CM" --db postgresql:///x?host=/nonexistent list >/dev/null 2>"$TMP/ld"
		grep -q 'file=libpq\.so' "$TMP/ld" || fail "libpq was not loaded for a server URI"
	fi
fi

# Migrations keep the same numbers on both engines (the unit test store
# checks the lists); here, what a server database adds. A URI that reaches
# no server: exit 75, one line naming the host, never the password. Needs
# the PostgreSQL driver, not a server.
if "$CM" --db postgresql:///x?host=/nonexistent list >/dev/null 2>&1 ||
	! "$CM" --db postgresql:///x?host=/nonexistent list 2>&1 | grep -q 'without PostgreSQL'; then
	run cm --db 'postgresql://bob:secret@/cm?host=/nonexistent' list
	expect_code 75
	expect_err <<'X'
cm: error: cannot connect to database 'postgresql://bob@/cm?host=/nonexistent' (host /nonexistent): connection to server on socket "/nonexistent/.s.PGSQL.5432" failed: No such file or directory
X
	run cm --db 'postgres:///cm?host=/nonexistent&password=secret&user=bob' list
	expect_code 75
	checks=$((checks + 1))
	case $err in *secret*) fail "the password is in the message" ;; esac
fi

# The rest needs a server: scripts/test --postgresql runs it.
if [ "$CM_TEST_ENGINE" = postgresql ]; then
	run cm init
	expect_code 0
	expect_out <<X
created $CM_DB
X
	# An existing database holding tables is never taken over.
	expect_unchanged 1 cm init
	expect_err <<X
cm: error: database '$CM_DB' already holds tables; cm init needs an empty database or schema
X
	# A database without cm in it: the same message as a missing file.
	createdb -h "$CM_PG_DIR" -U cm "${CM_TEST_PGDB}_empty"
	run cm --db "postgresql:///${CM_TEST_PGDB}_empty?host=$CM_PG_DIR&user=cm" list
	expect_code 1
	expect_err <<X
cm: error: no database at 'postgresql:///${CM_TEST_PGDB}_empty?host=$CM_PG_DIR&user=cm'; create one with 'cm init'
X
	# One database, one schema per agency: the search_path names it.
	psql -X -q -d "postgresql:///${CM_TEST_PGDB}_empty?host=$CM_PG_DIR&user=cm" \
		-c 'CREATE SCHEMA agency_a' || fail "cannot create schema agency_a"
	agency="postgresql:///${CM_TEST_PGDB}_empty?host=$CM_PG_DIR&user=cm&options=-csearch_path%3Dagency_a"
	run cm --db "$agency" init
	expect_code 0
	run cm --db "$agency" intake --first-name Ana --last-name Silva --worker alice
	expect_code 0
	expect_out <<'X'
1
X
	run psql -X -A -t -d "postgresql:///${CM_TEST_PGDB}_empty?host=$CM_PG_DIR&user=cm" \
		-c "SELECT table_schema, count(*) FROM information_schema.tables WHERE table_name = 'cases' GROUP BY 1"
	expect_out <<'X'
agency_a|1
X
	dropdb -h "$CM_PG_DIR" -U cm "${CM_TEST_PGDB}_empty"

	# A database from a newer cm is refused.
	db_sql "UPDATE cm_schema_version SET version = version + 1"
	run cm list
	expect_code 1
	checks=$((checks + 1))
	case $err in *"newer than this cm understands"*) ;; *) fail "newer schema not refused: $err" ;; esac
	db_sql "UPDATE cm_schema_version SET version = version - 1"

	# A writer that cannot have the lock in time: exit 75, nothing written.
	run cm intake --first-name Bo --last-name Lind --worker alice
	expect_code 0
	printf '%s\n' "BEGIN;" "SELECT pg_advisory_xact_lock(hashtext('public'));" \
		"SELECT pg_sleep(120);" "COMMIT;" |
		psql -X -q -d "$CM_DB" >/dev/null 2>&1 &
	locker=$!
	n=0
	while [ "$(db_sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 0 ] &&
		[ $n -lt 50 ]; do
		sleep 0.2
		n=$((n + 1))
	done
	export CM_BUSY_TIMEOUT=200
	expect_unchanged 75 cm intake --first-name Cy --last-name Lind --worker alice
	unset CM_BUSY_TIMEOUT
	# The lock's holder ends when the check is done, however slow the machine.
	db_sql "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'" >/dev/null
	expect_err <<X
cm: error: database '$CM_DB' is busy; try again later
X
	wait $locker
fi

finish
