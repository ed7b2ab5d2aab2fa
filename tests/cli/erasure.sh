#!/bin/sh
# Pseudonymisation leaves nothing behind: not in any table, and in a
# database file not in live pages, not in free pages (secure_delete), not in
# the write-ahead log once checkpointed. A server keeps its own files and
# log (old row versions stay in them until it vacuums), so there
# the tables are checked.
. "$TESTS_DIR/lib/cli.sh"

run cm init
if ! db_is_server; then
	# A reader keeps the database open, so the log is not removed when each
	# command ends: it keeps every page as each change wrote it.
	mkfifo "$TMP/hold"
	sqlite3 "$CM_DB" <"$TMP/hold" >/dev/null &
	exec 9>"$TMP/hold"
	echo "SELECT count(*) FROM person;" >&9
fi
run cm intake --first-name Zebulonia --last-name Quexhaven --ext-id QX-48151623 \
	--source actiris --phone 0499887766 --email zq@example.org \
	--notes "Kestrelmoor family matter" --criteria all --consent all
run cm contact 1 --channel phone --duration 30 --note "Spoke about Kestrelmoor"
run cm close 1 --outcome moved --force
expect_code 0

values='Zebulonia|Quexhaven|QX-48151623|0499887766|zq@example|Kestrelmoor'
# How many of the person's values the file $1 still holds.
traces()
{
	[ -e "$1" ] || { echo 0; return; }
	grep -a -c -E "$values" "$1"
}

# How many lines of a dump of every table hold one of the person's values.
tables_traces()
{
	if db_is_server; then
		pg_dump --data-only -d "$CM_DB"
	else
		sqlite3 "$CM_DB" .dump
	fi | grep -c -E "$values"
}

checks=$((checks + 1))
[ "$(tables_traces)" -gt 0 ] || fail "the values were never in the tables"
if ! db_is_server; then
	checks=$((checks + 1))
	[ "$(traces "$CM_DB-wal")" -gt 0 ] || fail "the values were never in the log"
fi

run cm person pseudonymise 1 --reason "retention period over"
expect_code 0
checks=$((checks + 1))
[ "$(tables_traces)" = 0 ] || fail "the tables still hold $(tables_traces) values"
if ! db_is_server; then
	run sqlite3 "$CM_DB" "PRAGMA wal_checkpoint(TRUNCATE)"
	expect_out <<'X'
0|0|0
X
	# grep reads every page, free ones included.
	checks=$((checks + 1))
	[ "$(traces "$CM_DB")" = 0 ] || fail "the database file still holds $(traces "$CM_DB") values"
	checks=$((checks + 1))
	[ "$(traces "$CM_DB-wal")" = 0 ] || fail "the log still holds $(traces "$CM_DB-wal") values"
	exec 9>&-
	wait
fi

run cm audit --verify
expect_code 0

finish
