#!/bin/sh
# The dispatcher: global options, help without a database, unknown commands,
# a missing database, exit codes, and write errors on stdout.
. "$TESTS_DIR/lib/cli.sh"

run cm --version
expect_code 0
expect_out <<'X'
cm 0.1.0
X

run cm
expect_code 2
expect_no_out

run cm shwo 1
expect_code 2
expect_err <<'X'
cm: error: unknown command 'shwo'; did you mean 'show'?
X

# A swap of two letters is one typo.
run cm lsit
expect_code 2
expect_err <<'X'
cm: error: unknown command 'lsit'; did you mean 'list'?
X

run cm frobnicate
expect_code 2
expect_err <<'X'
cm: error: unknown command 'frobnicate'; see 'cm help'
X

run cm --colour list
expect_code 2
expect_err <<'X'
cm: error: unknown option '--colour'; see 'cm --help'
X

run cm --db
expect_code 2
expect_err <<'X'
cm: error: option '--db' requires a value
X

# Help works with no database at all.
run cm show -h
expect_code 0
expect_out <<'X'
usage: cm show CASE [--format FORMAT]
X
# Without an installed manual page, help says where the built one is.
run cm help log
expect_code 0
expect_out <<X
usage: cm log CASE [--format FORMAT]

The manual page is not installed; read it with: man -l $(cd "$BUILD_DIR/man" && pwd -P)/cm-log.1
X
run cm help nothing
expect_code 2
expect_err <<'X'
cm: error: no such command 'nothing'; see 'cm help'
X

# Any command but init refuses to run without a database, and creates none.
run cm list
expect_code 1
expect_err <<EOF2
cm: error: no database at '$CM_DB'; create one with 'cm init'
EOF2
checks=$((checks + 1))
if db_is_server; then
	[ -z "$(db_tables)" ] || fail "tables were created"
else
	[ ! -e "$CM_DB" ] || fail "a database was created"
fi

run cm --db "$TMP/other/x.db" show 1
expect_code 1
expect_err <<EOF2
cm: error: no database at '$TMP/other/x.db'; create one with 'cm init'
EOF2

# The database path: --db, then $CM_DB, then $XDG_DATA_HOME/cm/cm.db.
db=$CM_DB
unset CM_DB
XDG_DATA_HOME="$TMP/xdg" run cm init
expect_code 0
expect_out <<EOF2
created $TMP/xdg/cm/cm.db
EOF2
HOME="$TMP/home" run cm init
expect_code 0
expect_out <<EOF2
created $TMP/home/.local/share/cm/cm.db
EOF2
export CM_DB="$db"
run cm init
expect_code 0

run cm list --db
expect_code 2
expect_err <<'X'
cm: error: unknown option '--db'; see 'cm list -h'
X

# The acting user: --user, then $CM_USER.
run cm --user bob intake --first-name A --last-name B
run cm intake --first-name C --last-name D
run cm list --format csv --sort worker
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
2,2,,local,C,D,,be-accompagnement,alice,screening,2026-03-15,,
1,1,,local,A,B,,be-accompagnement,bob,screening,2026-03-15,,
X
run cm --user "" list
expect_code 2
expect_err <<'X'
cm: error: --user: must not be empty
X

# A malformed CM_TODAY is named.
CM_TODAY=15/03/2026 run cm intake --first-name E --last-name F
expect_code 2
expect_err <<'X'
cm: error: CM_TODAY: invalid date '15/03/2026' (expected YYYY-MM-DD)
X

# A full disk on stdout is a failure, not a silent success.
"$CM" list >/dev/full 2>"$TMP/err"
code=$?
err=$(cat "$TMP/err")
current="list >/dev/full"
expect_code 1
expect_err <<'X'
cm: error: cannot write output: No space left on device
X

# A locked database: a writer waits, then exits 75 saying so.
db_hold write 2
CM_BUSY_TIMEOUT=100 run cm intake --first-name G --last-name H
expect_code 75
expect_err <<EOF2
cm: error: database '$CM_DB' is busy; try again later
EOF2
wait

finish
