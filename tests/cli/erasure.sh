#!/bin/sh
# Pseudonymisation leaves nothing behind in the file: not in live pages, not in
# free pages (secure_delete), not in the write-ahead log once checkpointed.
. "$TESTS_DIR/lib/cli.sh"

run cm init
# A reader keeps the database open, so the log is not removed when each
# command ends: it keeps every page as each change wrote it.
mkfifo "$TMP/hold"
sqlite3 "$CM_DB" <"$TMP/hold" >/dev/null &
exec 9>"$TMP/hold"
echo "SELECT count(*) FROM person;" >&9
run cm intake --first-name Zebulonia --last-name Quexhaven --ext-id QX-48151623 \
	--source actiris --phone 0499887766 --email zq@example.org \
	--notes "Kestrelmoor family matter" --criteria all --consent all
run cm contact 1 --channel phone --duration 30 --note "Spoke about Kestrelmoor"
run cm close 1 --outcome moved --force
expect_code 0

# How many of the person's values the file $1 still holds.
traces()
{
	[ -e "$1" ] || { echo 0; return; }
	grep -a -c -E 'Zebulonia|Quexhaven|QX-48151623|0499887766|zq@example|Kestrelmoor' "$1"
}

checks=$((checks + 1))
[ "$(traces "$CM_DB-wal")" -gt 0 ] || fail "the values were never in the log"

run cm person pseudonymise 1 --reason "retention period over"
expect_code 0
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

run cm audit --verify
expect_code 0

finish
