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
1   2026-03-15T09:00:00Z  alice  init     database  0          -     database created; default programme be-accompagnement
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
id,at,user,command,entity,entity_id,case,summary,before,after,hash
X

run cm audit --verify
expect_code 0
expect_out <<'X'
audit chain intact: 4 records
X

run cm log 1
expect_out <<'X'
AT                    USER   COMMAND  WHAT
2026-03-15T09:00:00Z  bob    consent  consent case-management given
2026-03-15T09:00:00Z  alice  intake   case opened in be-accompagnement for alice, person 1
X

# The log is append-only from SQL too.
run sqlite3 "$CM_DB" "UPDATE audit SET user = 'eve' WHERE id = 2"
expect_err <<'X'
Error: stepping, the audit log is append-only (19)
X
run sqlite3 "$CM_DB" "DELETE FROM audit WHERE id = 2"
expect_err <<'X'
Error: stepping, the audit log is append-only (19)
X

# Tampering, with the guards dropped, is found at the first broken record.
sqlite3 "$CM_DB" "DROP TRIGGER audit_no_update; UPDATE audit SET summary = 'case opened' WHERE id = 3"
run cm audit --verify
expect_code 1
expect_no_out
expect_err <<'X'
cm: error: audit chain broken at record 3: its summary does not match its digest
X
sqlite3 "$CM_DB" "UPDATE audit SET summary = 'case opened in be-accompagnement for alice, person 1', user = 'eve' WHERE id = 3"
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

finish
