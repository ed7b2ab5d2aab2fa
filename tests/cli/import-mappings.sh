#!/bin/sh
# The mappings cm ships, each on an export the project writes itself.
. "$TESTS_DIR/lib/cli.sh"

FIX=$TESTS_DIR/fixtures/import
MAPS=$SOURCE_DIR/mappings
cd "$TMP" || exit 1
"$CM" init >/dev/null 2>&1
register_staff

cases()
{
	db_sql "SELECT p.source, p.ext_id, p.last_name, p.first_name,
		coalesce(p.birth_date, '-'), coalesce(p.sex, '-'), coalesce(p.language, '-'),
		coalesce(p.registered_on, '-'), coalesce(p.email, '-'), c.programme,
		c.referral_source FROM person p JOIN cases c ON c.person_id = p.id
		WHERE p.source = '$1' ORDER BY p.id"
}

## be-actiris.json and be-forem.json: the same layout, two sources, so one
## export read with each makes two records per person, not one.
cp "$FIX/be-sample.csv" be.csv
run cm intake --import be.csv --map "$MAPS/be-actiris.json" --rejects a.csv
expect_code 3
run cm intake --import be.csv --map "$MAPS/be-forem.json" --rejects f.csv
expect_code 3
expect_err <<'X'
cm: error: be.csv:7: field 'birth_date': invalid date
cm: error: be.csv:8: field 'ext_id' is empty
cm: error: be.csv:9: field 'sex': the value is not in the mapping's map
cm: error: be.csv:10: short row: 3 columns, expected 12
cm: error: be.csv:11: long row: 13 columns, expected 12
cm: error: be.csv:12: field 'ext_id': the same id is on an earlier row, with different data
cm: error: be.csv:15: field 'birth_date': the date is in the future
cm: error: be.csv:16: field 'email': not an e-mail address
cm: be.csv: 13 read, 4 created, 0 updated, 1 unchanged, 8 rejected
cm: rejected rows are in f.csv
X
run db_sql "SELECT source, count(*) FROM person GROUP BY source ORDER BY source"
expect_out <<'X'
actiris|4
forem|4
X
run cases forem
expect_out <<'X'
forem|BE001|Dupont|Léa|2003-04-05|female|fr|2026-01-02|lea.dupont@example.org|be-accompagnement|pes
forem|BE002|Peeters|Jan|1998-11-17|male|nl|2025-12-15|-|be-accompagnement|pes
forem|BE003|Van den Berg|Zoé|2004-02-29|female|nl|2026-03-03|zoe@example.org|be-accompagnement|pes
forem|BE004|El Amrani|Youssef|2001-09-01|other|fr|2026-02-10|-|be-accompagnement|pes
X

## ch-cmfp.json: French headers in windows-1252, German ones in UTF-8,
## dd.mm.yyyy and d/m/yyyy, the programme's age range.
cp "$FIX/ch-cmfp-fr.csv" ge.csv
cp "$FIX/ch-cmfp-de.csv" zh.csv
run cm intake --import ge.csv --map "$MAPS/ch-cmfp.json"
expect_code 3
expect_err <<'X'
cm: warning: ge.csv:3: field 'email': not an e-mail address; the value is left out
cm: error: ge.csv:4: not eligible for programme ch-cmfp
cm: error: ge.csv:5: field 'birth_date': invalid date
cm: ge.csv: 4 read, 2 created, 0 updated, 0 unchanged, 2 rejected
cm: 1 bad value was left out ("on_error": "empty")
cm: rejected rows are in ge.csv.rejects.csv
X
run cm intake --import zh.csv --map "$MAPS/ch-cmfp.json"
expect_code 0
run cases ch-cmfp
expect_out <<'X'
ch-cmfp|GE-001|Müller|Chloé|2010-04-05|female|fr|2026-01-12|chloe@example.ch|ch-cmfp|school
ch-cmfp|GE-002|Rossi|Luca|2009-04-05|male|it|2026-02-03|-|ch-cmfp|school
ch-cmfp|ZH-001|Keller|Jonas|2011-07-14|male|de|2026-02-20|-|ch-cmfp|school
ch-cmfp|ZH-002|Brunner|Lea|2012-03-03|female|de|2026-02-20|-|ch-cmfp|school
X
run db_sql "SELECT notes FROM person WHERE ext_id = 'GE-001'"
expect_out <<'X'
signalée par l’enseignante
X
# The age rule's reason is in the rejects file, not on stderr.
run sh -c 'iconv -f windows-1252 -t utf-8 ge.csv.rejects.csv | tr -d "\r" | cut -d";" -f1,12-'
expect_out <<'X'
numero;cm_line;cm_reason
GE-003;4;age 36 on 2026-03-15 is outside programme ch-cmfp (ages 12 to 24)
GE-004;5;field 'birth_date': invalid date
X

## hud-hmis-client-fy2026.json: withheld names, an optional DOB, Sex, the
## veteran status, DateCreated as registration, and DateDeleted.
cp "$FIX/hmis-Client-fy2026.csv" Client.csv
run cm intake --import Client.csv --map "$MAPS/hud-hmis-client-fy2026.json" --format json
expect_code 3
expect_out <<'X'
{
  "read": 4,
  "created": 2,
  "updated": 0,
  "unchanged": 0,
  "rejected": 1,
  "emptied": 0,
  "deleted": 1,
  "closed": 0,
  "stale": 0
}
X
expect_err <<'X'
cm: error: Client.csv:5: field 'sex': the value is not in the mapping's map
cm: Client.csv: 4 read, 2 created, 0 updated, 0 unchanged, 1 rejected
cm: 1 row is a record marked deleted in the export: no one was created or changed for it
cm: rejected rows are in Client.csv.rejects.csv
X
run db_sql "SELECT ext_id, first_name, last_name, coalesce(birth_date, '-'),
	coalesce(sex, '-'), coalesce(notes, '-'), registered_on, language FROM person
	WHERE source = 'hmis' ORDER BY id"
expect_out <<'X'
a1|Maria|Garcia|1988-07-21|female|-|2025-11-03|en
a2|(withheld)|(withheld)|-|male|HMIS: veteran|2025-11-04|en
X
# Maria's record deleted in a later export: counted, nothing changed or closed.
sed -e 's/,u1,,EXP2/,u1,2026-01-10 12:00:00,EXP2/' -e '/^a[34],/d' Client.csv >Client2.csv
before=$(db_sql "SELECT * FROM person; SELECT * FROM cases; SELECT count(*) FROM audit")
run cm intake --import Client2.csv --map "$MAPS/hud-hmis-client-fy2026.json"
expect_code 0
expect_err <<'X'
cm: Client2.csv: 2 read, 0 created, 0 updated, 0 unchanged, 0 rejected
cm: 2 rows are records marked deleted in the export: no one was created or changed for them
cm: nothing changed
X
checks=$((checks + 1))
[ "$before" = "$(db_sql "SELECT * FROM person; SELECT * FROM cases; SELECT count(*) FROM audit")" ] ||
	fail "a deleted record changed the database"
# DateUpdated: an older export of Maria (another first name) is stale; a
# newer row of the withheld client records its date.
sed -n -e 1p -e '/^a[12],/p' Client.csv |
	sed -e 's/^a1,Maria,/a1,Mary,/' -e 's/2025-11-03 10:15:00,2025-11-03 10:15:00/2025-11-03 10:15:00,2025-10-01 09:00:00/' \
	    -e 's/2025-11-04 08:00:00,2025-11-04 08:00:00/2025-11-04 08:00:00,2025-12-01 08:00:00/' >Client3.csv
run cm intake --import Client3.csv --map "$MAPS/hud-hmis-client-fy2026.json"
expect_code 0
expect_err <<'X'
cm: Client3.csv: 2 read, 0 created, 1 updated, 0 unchanged, 0 rejected
cm: 1 row is older than what an earlier export recorded (updated_at): it changed nothing
X
run db_sql "SELECT ext_id, first_name, source_updated_on FROM person
	WHERE source = 'hmis' ORDER BY id"
expect_out <<'X'
a1|Maria|2025-11-03
a2|(withheld)|2025-12-01
X

## hud-hmis-exit.json: "kind": "exits" closes the clients' cases on their
## exit date with the destination recoded; a second run changes nothing.
cp "$FIX/hmis-Exit.csv" Exit.csv
run cm intake --import Exit.csv --map "$MAPS/hud-hmis-exit.json" --format json
expect_code 3
expect_out <<'X'
{
  "read": 6,
  "created": 0,
  "updated": 0,
  "unchanged": 0,
  "rejected": 3,
  "emptied": 0,
  "deleted": 1,
  "closed": 2,
  "stale": 0
}
X
expect_err <<'X'
cm: error: Exit.csv:2: case 14 cannot be closed
cm: error: Exit.csv:5: field 'ext_id': no person has this id from this source
cm: error: Exit.csv:6: field 'outcome': the value is not in the mapping's map
cm: Exit.csv: 6 read, 0 created, 0 updated, 0 unchanged, 3 rejected
cm: 2 cases were closed
cm: 1 row is a record marked deleted in the export: no one was created or changed for it
cm: rejected rows are in Exit.csv.rejects.csv
X
run sh -c 'tr -d "\r" <Exit.csv.rejects.csv | head -2 | cut -d, -f1,13-'
expect_out <<'X'
ExitID,cm_line,cm_reason
x0,2,date '2026-01-15' is before case 14 was opened (2026-03-15)
X
run db_sql "SELECT p.ext_id, c.state, c.closed_on, c.outcome FROM cases c
	JOIN person p ON p.id = c.person_id WHERE p.source = 'hmis' ORDER BY c.id"
expect_out <<'X'
a1|closed|2026-03-15|moved
a2|closed|2026-03-15|deceased
X
run cm audit --verify
expect_code 0
before=$(db_sql "SELECT * FROM cases; SELECT count(*) FROM audit")
run cm intake --import Exit.csv --map "$MAPS/hud-hmis-exit.json"
expect_code 3
expect_err <<'X'
cm: error: Exit.csv:5: field 'ext_id': no person has this id from this source
cm: error: Exit.csv:6: field 'outcome': the value is not in the mapping's map
cm: Exit.csv: 6 read, 0 created, 0 updated, 3 unchanged, 2 rejected
cm: 1 row is a record marked deleted in the export: no one was created or changed for it
cm: nothing changed
cm: rejected rows are in Exit.csv.rejects.csv
X
checks=$((checks + 1))
[ "$before" = "$(db_sql "SELECT * FROM cases; SELECT count(*) FROM audit")" ] ||
	fail "a second run of the exits changed the database"

## "on_deleted": {"close": OUTCOME}: a deleted record closes its person's open case.
sed -e 's/"fields": {/"on_deleted": {"close": "other"}, "fields": {/' \
	"$MAPS/hud-hmis-client-fy2026.json" >close-deleted.json
printf '%s\n' "$(head -1 Client.csv)" >del.csv
sed -n 2p Client.csv | sed -e 's/^a1,/d1,/' >>del.csv
run cm intake --import del.csv --map close-deleted.json
expect_code 0
sed -i -e 's/,u1,,EXP2/,u1,2026-03-01 12:00:00,EXP2/' del.csv
run cm intake --import del.csv --map close-deleted.json
expect_code 0
expect_err <<'X'
cm: del.csv: 1 read, 0 created, 0 updated, 0 unchanged, 0 rejected
cm: 1 case was closed
cm: 1 row is a record marked deleted in the export: no one was created or changed for it
X
run db_sql "SELECT c.state, c.outcome FROM cases c JOIN person p
	ON p.id = c.person_id WHERE p.ext_id = 'd1'"
expect_out <<'X'
closed|other
X

finish
