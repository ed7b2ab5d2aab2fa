#!/bin/sh
# cm db check, backup and migrate: a verdict per check, a copy that passes them.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --ext-id A1 --source actiris --criteria all
run cm contact 1 --channel phone --duration 30 --note "first call"

# The counts the verdicts give, from the log itself.
records()
{
	db_sql "SELECT count(*) FROM audit"
}
accesses()
{
	db_sql "SELECT count(*) FROM access"
}
entities()
{
	db_sql "SELECT count(DISTINCT entity || ' ' || entity_id) FROM audit
		WHERE after_sha IS NOT NULL"
}

# A server checks its own pages, and its grants are the boundary: there
# the checks of a database file are skipped, and do not fail.
integrity="integrity: ok"
modes="file modes: ok (0600)"
modes_open="file modes: FAILED: '$CM_DB' has mode 0644: others can reach it; it should be 0600, or 0660 for a team's group"
if db_is_server; then
	integrity="integrity: skipped: the integrity check is for a SQLite file; the server checks its own pages"
	modes="file modes: skipped: the file mode check is for a SQLite file; the server's grants are the boundary"
	modes_open=$modes
fi

run cm db check
expect_code 0
expect_out <<EOF2
$integrity
audit chain: ok ($(records) records)
access log chain: ok ($(accesses) records)
append-only triggers: ok
redactions: ok
data against audit: ok ($(entities) rows)
$modes
EOF2

# A backup is a copy of a database file; a server has its own tools.
if db_is_server; then
	expect_unchanged 1 cm db backup "$TMP/copy.db"
	expect_err <<'X'
cm: error: cm db backup is for a SQLite file; use pg_dump
X
	checks=$((checks + 1))
	[ ! -e "$TMP/copy.db" ] || fail "a refused backup wrote a file"
else
	# The backup is a private, consistent copy that passes the same checks.
	umask 022
	run cm db backup "$TMP/copy.db"
	expect_code 0
	expect_out <<EOF2
backup written to $TMP/copy.db
EOF2
	checks=$((checks + 1))
	[ "$(stat -c %a "$TMP/copy.db")" = 600 ] || fail "backup mode is $(stat -c %a "$TMP/copy.db")"
	checks=$((checks + 1))
	[ "$(db_dump)" = "$(db_dump "$TMP/copy.db")" ] || fail "the copy differs"
	CM_DB=$TMP/copy.db run cm db check
	expect_code 0
	checks=$((checks + 1))
	[ -z "$(ls -A "$TMP" | grep cm-backup)" ] || fail "a temporary file was left"

	# A later backup replaces the earlier one; never the database, nor a non-file.
	run cm contact 1 --channel phone --duration 10
	run cm db backup "$TMP/copy.db"
	expect_code 0
	checks=$((checks + 1))
	[ "$(sqlite3 "$TMP/copy.db" 'SELECT count(*) FROM contact')" = 2 ] || fail "not replaced"
	before=$(db_state)
	run cm db backup "$CM_DB"
	expect_code 1
	expect_err <<EOF2
cm: error: '$CM_DB' is the database itself
EOF2
	mkdir "$TMP/dir"
	run cm db backup "$TMP/dir"
	expect_code 1
	expect_err <<EOF2
cm: error: '$TMP/dir' is not a regular file; not replacing it
EOF2
	mkfifo "$TMP/fifo"
	run cm db backup "$TMP/fifo"
	expect_code 1
	expect_err <<EOF2
cm: error: '$TMP/fifo' is not a regular file; not replacing it
EOF2
	run cm db backup "$TMP/no/such/dir/copy.db"
	expect_code 1
	expect_err <<EOF2
cm: error: cannot create a file in '$TMP/no/such/dir': No such file or directory
EOF2
	checks=$((checks + 1))
	[ "$before" = "$(db_state)" ] || fail "a refused backup changed the database"
fi

run cm db migrate
expect_code 0
expect_out <<EOF2
database '$CM_DB' is at schema version $(db_version)
EOF2

# Each failure has its verdict; every check still runs, and the exit is 1.
db_is_server || chmod 0644 "$CM_DB"
contact=$(db_sql "SELECT max(id) FROM audit WHERE entity = 'contact' AND entity_id = 1")
db_sql "UPDATE contact SET duration = 90 WHERE id = 1"
db_drop_trigger audit_no_delete audit
run cm db check
expect_code 1
expect_out <<EOF2
$integrity
audit chain: ok ($(records) records)
access log chain: ok ($(accesses) records)
append-only triggers: FAILED: trigger 'audit_no_delete' that keeps the logs append-only is missing or altered
redactions: ok
data against audit: FAILED: contact 1 does not match audit record $contact (column duration): changed outside cm
$modes_open
EOF2
expect_err <<EOF2
cm: error: database '$CM_DB' failed its checks; see above
EOF2

# A team's group may share the file.
if ! db_is_server; then
	chmod 0660 "$CM_DB"
	run cm db check
	run sh -c "printf '%s\n' \"\$1\" | tail -1" _ "$out"
	expect_out <<'X'
file modes: ok (0660)
X
	chmod 0600 "$CM_DB"
fi

# Only an admin looks after the database.
run cm worker add carla --name "Carla Jacobs" --role worker
expect_code 0
CM_USER=carla run cm db check
expect_code 1
expect_no_out
expect_err <<'X'
cm: error: only an admin can do this; 'carla' is not one
X

run cm db
expect_code 2
expect_err <<'X'
cm: error: usage: cm db check | backup FILE | migrate | copy --to TARGET
X
run cm db frob
expect_code 2
expect_err <<'X'
cm: error: unknown action 'db frob'; use check, backup, migrate or copy
X
run cm db backup
expect_code 2
expect_err <<'X'
cm: error: usage: cm db backup FILE
X
run cm db check extra
expect_code 2
run cm --db "$TMP/none.db" db check
expect_code 1
expect_err <<EOF2
cm: error: no database at '$TMP/none.db'; create one with 'cm init'
EOF2

finish
