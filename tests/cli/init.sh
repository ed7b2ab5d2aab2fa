#!/bin/sh
# cm init: the only command that creates a database, private to its owner.
. "$TESTS_DIR/lib/cli.sh"

export CM_DB="$TMP/deep/er/cm.db"
umask 022
run cm init
expect_code 0
expect_out <<EOF2
created $CM_DB
EOF2
checks=$((checks + 1))
[ "$(stat -c %a "$CM_DB")" = 600 ] || fail "database mode is $(stat -c %a "$CM_DB"), not 600"
checks=$((checks + 1))
[ "$(stat -c %a "$TMP/deep/er")" = 700 ] || fail "new directory is not private"

run sqlite3 "$CM_DB" "SELECT id, builtin FROM programme ORDER BY id; SELECT * FROM meta; PRAGMA journal_mode; PRAGMA foreign_keys"
expect_out <<'X'
be-accompagnement|1
be-trajet-specifique|1
ch-cmfp|1
dg-familles|1
eu-youth-guarantee|1
work-accident|1
visibility|own
default_programme|be-accompagnement
wal
0
X

# Never overwrite.
before=$(db_state)
run cm init
expect_code 1
expect_err <<EOF2
cm: error: database '$CM_DB' already exists; not overwriting it
EOF2
checks=$((checks + 1))
[ "$before" = "$(db_state)" ] || fail "the existing database changed"

# --programme sets the default programme used by intake.
export CM_DB="$TMP/yg.db"
run cm init --programme eu-youth-guarantee
expect_code 0
run cm intake --first-name A --last-name B --birth-date 2004-01-02 --format tsv
expect_out <<'X'
case	person	ext_id	source	first_name	last_name	birth_date	programme	worker	state	opened_on	closed_on	outcome
1	1		local	A	B	2004-01-02	eu-youth-guarantee	alice	screening	2026-03-15		
X

# An unknown programme leaves no file behind.
export CM_DB="$TMP/bad.db"
run cm init --programme nowhere
expect_code 2
expect_err <<'X'
cm: error: --programme: unknown value 'nowhere' (be-accompagnement, be-trajet-specifique, ch-cmfp, dg-familles, eu-youth-guarantee, work-accident)
X
checks=$((checks + 1))
[ -z "$(ls -A "$TMP" | grep bad)" ] || fail "a failed init left a file: $(ls -A "$TMP")"

# On a server, schema and first rows are one transaction: the failed init
# leaves the database empty, and the next one installs into it.
if [ "$CM_TEST_ENGINE" = postgresql ]; then
	db_fresh half
	run cm init --programme nowhere
	expect_code 2
	run db_tables
	expect_code 0
	expect_out </dev/null
	run cm init
	expect_code 0
	expect_out <<X
created $CM_DB
X
fi

# The database is built under a temporary name and renamed at the end: an
# init killed at any write leaves nothing at the path, and a later one works.
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
	mkdir "$TMP/killed"
	export CM_DB="$TMP/killed/cm.db"
	for n in 1 10 40; do
		strace -o /dev/null -e inject=pwrite64:signal=KILL:when=$n "$CM" init >/dev/null 2>&1
		checks=$((checks + 1))
		[ ! -e "$CM_DB" ] || fail "init killed at write $n left '$CM_DB'"
	done
	run cm init
	expect_code 0
	run cm db check
	expect_code 0
fi

run cm init extra
expect_code 2
expect_err <<'X'
cm: error: init takes no arguments ('extra')
X
run cm init --programme
expect_code 2
expect_err <<'X'
cm: error: option '--programme' requires a value
X

# A directory that cannot be created is named.
run cm --db /proc/cm/cm.db init
expect_code 1
expect_err <<'X'
cm: error: cannot create directory '/proc/cm': No such file or directory
X

finish
