#!/bin/sh
# Faults around the database file: each gives one line on stderr, the right
# exit code, and loses nothing. What the path is, damaged pages, read-only
# files and mounts and a full disk are faults of a database file; on a
# server (engine.sh has its own faults) the schema versions are tested.
. "$TESTS_DIR/lib/cli.sh"

# One line on stderr, starting "cm: error: ".
expect_one_line()
{
	checks=$((checks + 1))
	case $err in
	*'
'*) fail "more than one line on stderr: $err" ;;
	"cm: error: "*) ;;
	*) fail "not an error line: $err" ;;
	esac
}

run cm init
run cm intake --first-name Léa --last-name Dupont --ext-id A1 --source actiris
run cm contact 1 --channel phone --duration 30 --note "first call"
db_copy good
good=$copy_db

# --- what the path is ------------------------------------------------------

if ! db_is_server; then
	: >"$TMP/empty.db"
	for c in "list" "contact 1 --channel phone --duration 5" "audit --verify" "db check"; do
		run cm --db "$TMP/empty.db" $c
		expect_code 1
		expect_err <<EOF2
cm: error: '$TMP/empty.db' is not a cm database: the file is empty; only 'cm init' creates a database
EOF2
	done
	checks=$((checks + 1))
	[ ! -s "$TMP/empty.db" ] || fail "a schema was written into the empty file"

	sqlite3 "$TMP/other.db" "CREATE TABLE notes (x); INSERT INTO notes VALUES (1)"
	run cm --db "$TMP/other.db" audit --verify
	expect_code 1
	expect_err <<EOF2
cm: error: '$TMP/other.db' is not a cm database: it has no cm schema
EOF2
	run cm --db "$TMP/other.db" intake --first-name A --last-name B
	expect_code 1
	checks=$((checks + 1))
	[ "$(sqlite3 "$TMP/other.db" "SELECT name FROM sqlite_master")" = notes ] ||
		fail "the foreign file was changed"

	mkdir "$TMP/dir.db"
	run cm --db "$TMP/dir.db" list
	expect_code 1
	expect_err <<EOF2
cm: error: '$TMP/dir.db' is not a cm database: it is a directory
EOF2

	mkfifo "$TMP/fifo.db"
	run timeout 10 "$CM" --db "$TMP/fifo.db" intake --first-name A --last-name B
	expect_code 1
	expect_err <<EOF2
cm: error: '$TMP/fifo.db' is not a cm database: it is not a regular file
EOF2

	# --- damaged files -----------------------------------------------------------
fi
if ! db_is_server; then
	size=$(stat -c %s "$TMP/good.db")
	head -c $((size / 2)) "$TMP/good.db" >"$TMP/truncated.db"
	run cm --db "$TMP/truncated.db" audit --verify
	expect_code 1
	expect_one_line
	run cm --db "$TMP/truncated.db" contact 1 --channel phone --duration 5
	expect_code 1
	expect_one_line

	cp "$TMP/good.db" "$TMP/pages.db"
	pages=$((size / 4096))
	dd if=/dev/urandom of="$TMP/pages.db" bs=4096 seek=$((pages - 4)) count=3 conv=notrunc 2>/dev/null
	cp "$TMP/pages.db" "$TMP/pages.orig"
	run cm --db "$TMP/pages.db" audit --verify
	expect_code 1
	expect_one_line
	case $err in
	"cm: error: database '$TMP/pages.db' is damaged: "*) checks=$((checks + 1)) ;;
	*) fail "the damage is not named: $err" ;;
	esac
	run cm --db "$TMP/pages.db" db check
	expect_code 1
	run sh -c "printf '%s\n' \"\$1\" | head -1 | cut -c1-18" _ "$out"
	expect_out <<'X'
integrity: FAILED:
X
fi

# --- schema versions -----------------------------------------------------------

version=$(db_version)
db_copy newer
CM_DB=$copy_db db_set_version 999
for c in "list" "contact 1 --channel phone --duration 5" "db migrate"; do
	run cm --db "$copy_db" $c
	expect_code 1
	expect_err <<EOF2
cm: error: database '$copy_db' has schema version 999, newer than this cm understands ($version); upgrade cm
EOF2
done

# A database from an older cm: readers say what to run and leave it as it is.
db_copy older
CM_DB=$copy_db db_set_version $((version - 1))
for c in "list" "show 1" "audit --verify" "db check"; do
	run cm --db "$copy_db" $c
	expect_code 1
	expect_err <<EOF2
cm: error: database '$copy_db' has schema version $((version - 1)) and this cm needs $version; run 'cm db migrate' or any command that changes it
EOF2
done
checks=$((checks + 1))
[ "$(CM_DB=$copy_db db_version)" = $((version - 1)) ] || fail "a reader migrated"

# --- a read-only file, directory and mount -----------------------------------

if ! db_is_server; then
	reader=
	if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
		reader="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	elif [ "$(id -u)" != 0 ]; then
		reader=env
fi
if [ -n "$reader" ]; then
	mkdir "$TMP/ro"
	cp "$TMP/good.db" "$TMP/ro/cm.db"
	chmod 0755 "$TMP" "$TMP/ro"
	chmod 0444 "$TMP/ro/cm.db"
	before=$(db_dump "$TMP/ro/cm.db")
	run $reader "$CM" --db "$TMP/ro/cm.db" contact 1 --channel phone --duration 5
	expect_code 1
	expect_err <<EOF2
cm: error: cannot change database '$TMP/ro/cm.db': Permission denied
EOF2
	run $reader "$CM" --db "$TMP/ro/cm.db" db check
	run sh -c "printf '%s\n' \"\$1\" | head -2" _ "$out"
	expect_out <<EOF2
integrity: ok
audit chain: ok ($(sqlite3 "$TMP/good.db" 'SELECT count(*) FROM audit') records)
EOF2
	# A directory the reader cannot write: no -shm can be made there.
	chmod 0555 "$TMP/ro"
	run $reader "$CM" --db "$TMP/ro/cm.db" db check
	run sh -c "printf '%s\n' \"\$1\" | head -2" _ "$out"
	expect_out <<EOF2
integrity: ok
audit chain: ok ($(sqlite3 "$TMP/good.db" 'SELECT count(*) FROM audit') records)
EOF2
	run $reader "$CM" --db "$TMP/ro/cm.db" audit --verify
	expect_code 0
	run $reader "$CM" --db "$TMP/ro/cm.db" intake --first-name A --last-name B
	expect_code 1
	expect_one_line
	chmod 0755 "$TMP/ro"
	checks=$((checks + 1))
	[ "$before" = "$(db_dump "$TMP/ro/cm.db")" ] || fail "the read-only file changed"
	chmod 0700 "$TMP"
else
	echo "skip: no other user to read as"
fi

mkdir "$TMP/mnt" "$TMP/src"
cp "$TMP/good.db" "$TMP/src/cm.db"
if mount --bind "$TMP/src" "$TMP/mnt" 2>/dev/null; then
	if mount -o remount,bind,ro "$TMP/mnt" 2>/dev/null; then
		run cm --db "$TMP/mnt/cm.db" contact 1 --channel phone --duration 5
		expect_code 1
		expect_err <<EOF2
cm: error: cannot change database '$TMP/mnt/cm.db': Read-only file system
EOF2
		run cm --db "$TMP/mnt/cm.db" db check
		expect_code 0
		run cm --db "$TMP/mnt/cm.db" audit --verify
		expect_code 0
	else
		echo "skip: cannot make a read-only mount"
	fi
	umount "$TMP/mnt"
	checks=$((checks + 1))
	[ "$(db_dump "$TMP/good.db")" = "$(db_dump "$TMP/src/cm.db")" ] || fail "the mounted file changed"
else
	echo "skip: mount is not permitted"
fi

# --- a full disk ---------------------------------------------------------------

mkdir "$TMP/full"
if mount -t tmpfs -o size=1m tmpfs "$TMP/full" 2>/dev/null; then
	export CM_DB="$TMP/full/cm.db"
	cp "$TMP/good.db" "$CM_DB"
	before=$(db_dump)
	dd if=/dev/zero of="$TMP/full/filler" bs=4k 2>/dev/null
	run cm intake --first-name Bo --last-name Berg --notes "$(printf '%02000d' 0)"
	expect_code 1
	expect_one_line
	rm "$TMP/full/filler"
	checks=$((checks + 1))
	[ "$before" = "$(db_dump)" ] || fail "a write on a full disk changed the database"
	run cm audit --verify
	expect_code 0
	run cm intake --first-name Bo --last-name Berg
	expect_code 0
	expect_out <<'X'
2
X
	umount "$TMP/full"
	export CM_DB="$TMP/cm.db"
else
	echo "skip: cannot mount a small tmpfs for the full disk"
fi
fi

# Nothing was lost from the database the faults were played against.
checks=$((checks + 1))
if db_is_server; then
	[ "$(CM_DB=$good db_state)" = "$(db_state)" ] || fail "the database changed"
else
	[ "$(db_dump "$good")" = "$(db_dump)" ] || fail "the database changed"
fi

finish
