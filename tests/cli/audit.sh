#!/bin/sh
# cm audit and cm log: every change recorded, the chain verified, tampering found.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --ext-id A1 --source actiris
CM_USER=bob run cm consent 1 give case-management

run cm audit
expect_code 0
expect_out <<'X'
ID  AT                    USER   COMMAND  ENTITY    ENTITY_ID  CASE  SUMMARY
1   2026-03-15T09:00:00Z  alice  init     database  0          -     database created; default programme be-accompagnement; first admin alice
2   2026-03-15T09:00:00Z  alice  intake   person    1          -     person 1 registered
3   2026-03-15T09:00:00Z  alice  intake   cases     1          1     case opened in be-accompagnement for alice, person 1
4   2026-03-15T09:00:00Z  bob    consent  consent   1          1     consent case-management given
X

run cm audit ext:A1 --format json
expect_code 0
run sh -c "printf '%s\n' \"\$1\" | grep -cE '\"hash\": \"[0-9a-f]{64}\"'" _ "$out"
expect_out <<'X'
2
X

run cm audit 1 --format csv
run sh -c "printf '%s\n' \"\$1\" | head -1" _ "$out"
expect_out <<'X'
id,at,user,command,entity,entity_id,case,summary,before,after,hash,os_user,real_at
X

run cm audit --verify
expect_code 0
expect_out <<'X'
audit chain intact: 4 records
access log chain intact: 2 records
X

run cm log 1
expect_out <<'X'
AT                    USER   COMMAND  WHAT
2026-03-15T09:00:00Z  bob    consent  consent case-management given
2026-03-15T09:00:00Z  alice  intake   case opened in be-accompagnement for alice, person 1
X

# The log is append-only from SQL too.
run db_sql "UPDATE audit SET actor = 'eve' WHERE id = 2"
checks=$((checks + 1))
[ "$code" != 0 ] || fail "the update was allowed"
err=$(db_error)
expect_err <<'X'
the audit log is append-only
X
run db_sql "DELETE FROM audit WHERE id = 2"
err=$(db_error)
expect_err <<'X'
the audit log is append-only
X

# Tampering, with the guards out of the way, is found at the first broken record.
db_tamper "UPDATE audit SET summary = 'case opened' WHERE id = 3"
run cm audit --verify
expect_code 1
expect_no_out
expect_err <<'X'
cm: error: audit chain broken at record 3: its summary does not match its digest
X
db_tamper "UPDATE audit SET summary = 'case opened in be-accompagnement for alice, person 1', actor = 'eve' WHERE id = 3"
run cm audit --verify
expect_code 1
expect_err <<'X'
cm: error: audit chain broken at record 3: its hash does not match its content
X

run cm audit --verify 1
expect_code 2
run cm audit 1 2
expect_code 2
run cm log
expect_code 2
expect_err <<'X'
cm: error: usage: cm log CASE
X
run cm log 9
expect_code 1
expect_err <<'X'
cm: error: no case 9
X

# --head prints COUNT:HASH of an intact chain; --verify --head proves the log
# still holds it, so removing the last records is found.
db_fresh head
run cm init
run cm intake --first-name Ana --last-name Silva
run cm intake --first-name Bo --last-name Berg
run cm audit --head
expect_code 0
head=$out
last=$(db_sql "SELECT id || ':' || hash FROM audit ORDER BY id DESC LIMIT 1")
checks=$((checks + 1))
[ "$head" = "$last" ] || fail "head '$head' is not the last record '$last'"
run cm audit --verify --head "$head"
expect_code 0
expect_out <<'X'
audit chain intact: 5 records
access log chain intact: 0 records
X
run cm audit --verify --head="$head"
expect_code 0
run cm audit --verify --head "0:0000000000000000000000000000000000000000000000000000000000000000"
expect_code 0
run cm contact 1 --channel phone --duration 5
run cm audit --verify --head "$head"
expect_code 0
guard=$(db_trigger_sql audit_no_delete)
db_drop_trigger audit_no_delete audit
db_sql "DELETE FROM audit WHERE id >= 5"
run cm audit --verify
expect_code 1
expect_err <<'X'
cm: error: trigger 'audit_no_delete' that keeps the logs append-only is missing or altered
X
# Put back, the trigger hides nothing: without a head, a log cut short is a
# shorter intact log (cm-audit(1) says so).
db_sql "$guard"
run cm audit --verify
expect_code 0
expect_out <<'X'
audit chain intact: 4 records
access log chain intact: 0 records
X
run cm audit --verify --head "$head"
expect_code 1
expect_err <<'X'
cm: error: the audit log ends at record 4 but the head given names record 5: records were removed
X

# A rebuilt chain keeps the count but not the hash.
db_fresh rebuilt
run cm init
run cm intake --first-name Ana --last-name Silva
run cm audit --head
head=$out
db_fresh rebuilt-again
run cm init
run cm intake --first-name Eve --last-name Other
run cm audit --verify --head "$head"
expect_code 1
expect_err <<'X'
cm: error: audit record 3 does not have the hash of the head given: the log was rewritten up to it
X
run cm audit --verify --head 3:abc
expect_code 2
expect_err <<'X'
cm: error: --head: '3:abc' is not COUNT:HASH as 'cm audit --head' prints it
X
run cm audit --head=3:abc
expect_code 2
expect_err <<'X'
cm: error: --head=COUNT:HASH goes with --verify
X
run cm audit --head 1
expect_code 2

# Data edited outside cm: the current row against its latest after-image.
db_fresh data
run cm init
run cm intake --first-name Ana --last-name Silva --phone 0470
run cm contact 1 --channel phone --duration 5
latest()
{
	db_sql "SELECT max(id) FROM audit WHERE entity = '$1' AND entity_id = $2"
}
db_sql "UPDATE person SET phone = '0999' WHERE id = 1"
run cm audit --verify
expect_code 1
expect_no_out
expect_err <<EOF2
cm: error: person 1 does not match audit record $(latest person 1) (column phone): changed outside cm
EOF2
db_sql "UPDATE person SET phone = '0470' WHERE id = 1; UPDATE cases SET worker = 'eve'"
run cm audit --verify
expect_err <<EOF2
cm: error: cases 1 does not match audit record $(latest cases 1) (column worker): changed outside cm
EOF2
db_sql "UPDATE cases SET worker = 'alice'; DELETE FROM contact"
run cm audit --verify
expect_err <<EOF2
cm: error: contact 1 does not match audit record $(latest contact 1) (the row is gone): changed outside cm
EOF2
db_fresh data-again
run cm init
run cm intake --first-name Ana --last-name Silva --phone 0470
run cm contact 1 --channel phone --duration 5

# A trigger added outside cm is found too.
db_add_trigger sneaky contact
run cm audit --verify
expect_code 1
expect_err <<'X'
cm: error: trigger 'sneaky' was not created by cm
X
db_drop_trigger sneaky contact

# A record blanked without a pseudonymisation, with or without the redaction date.
contact=$(latest contact 1)
db_tamper "UPDATE audit SET after = NULL WHERE id = $contact"
run cm audit --verify
expect_code 1
expect_err <<EOF2
cm: error: audit record $contact was blanked without a recorded pseudonymisation of its person
EOF2
db_fresh blank
run cm init
run cm intake --first-name Ana --last-name Silva
run cm close 1 --outcome moved
run cm intake --first-name Bo --last-name Berg
run cm person pseudonymise 1 --reason "retention period over"
run cm audit --verify
expect_code 0
bo=$(db_sql "SELECT id FROM audit WHERE entity = 'person' AND entity_id = 2")
db_sql "UPDATE audit SET summary = '[removed]', before = NULL, after = NULL,
	redacted_on = '2026-03-15' WHERE id = $bo"
run cm audit --verify
expect_code 1
expect_err <<EOF2
cm: error: audit record $bo was blanked without a recorded pseudonymisation of its person
EOF2

# at is the business time (CM_NOW), real_at the system clock's: a real
# time of today, not the rehearsed one.
run cm audit 1 --format tsv
run sh -c "printf '%s\n' \"\$1\" | sed -n 2p | cut -f2,13 | sed 's/T[0-9:]*Z$/T<time>Z/'" _ "$out"
expect_out <<X
2026-03-15T09:00:00Z	$(date -u +%Y-%m-%d)T<time>Z
X

# Damaged pages: SQLite's integrity check fails, and --verify with it. A
# server's pages are out of the client's reach: a database file only.
if ! db_is_server; then
	export CM_DB="$TMP/pages.db"
	run cm init
	i=0
	while [ $i -lt 40 ]; do
		"$CM" intake --first-name "Person$i" --last-name "Number$i" --notes "$(printf '%0300d' $i)" >/dev/null
		i=$((i + 1))
	done
	size=$(stat -c %s "$CM_DB")
	pages=$((size / 4096))
	dd if=/dev/urandom of="$CM_DB" bs=4096 seek=$((pages - 3)) count=2 conv=notrunc 2>/dev/null
	run cm audit --verify
	expect_code 1
	expect_no_out
	case $err in
	"cm: error: database '$CM_DB' is damaged: "*) checks=$((checks + 1)) ;;
	*) fail "damage not reported: $err" ;;
	esac
fi

finish
