#!/bin/sh
# cm intake --import: real exports (encodings, delimiters, line ends, quoting,
# dates), every reason a row is rejected, idempotency, --dry-run, --strict,
# a killed import, mapping errors, and the shipped mappings on sample files.
. "$TESTS_DIR/lib/cli.sh"

FIX=$TESTS_DIR/fixtures/import
MAPS=$SOURCE_DIR/mappings
cd "$TMP" || exit 1

# A fresh database for each scenario (on a server, one more database,
# dropped with the test's own).
dbs=0
fresh()
{
	dbs=$((dbs + 1))
	if db_is_server; then
		createdb -h "$CM_PG_DIR" -U cm "${CM_TEST_PGDB}_$dbs" || exit 1
		export CM_DB="postgresql:///${CM_TEST_PGDB}_$dbs?host=$CM_PG_DIR&user=cm"
		trap 'rm -rf "$TMP"; for d in $(seq 1 $dbs); do dropdb -h "$CM_PG_DIR" -U cm "${CM_TEST_PGDB}_$d"; done;
			dropdb -h "$CM_PG_DIR" -U cm "$CM_TEST_PGDB"' EXIT
	else
		export CM_DB="$TMP/db$dbs.db"
	fi
	"$CM" init >/dev/null 2>&1
	register_staff
}

# Wait until an import's transaction has written rows: on SQLite, spilled
# into the write-ahead log; a server gives no sign, so a second.
wait_for_rows()
{
	i=0
	if db_is_server; then
		sleep 1
		return
	fi
	# A large file goes through a rollback journal, a small one (or a pipe) through the log.
	while [ ! -s "$CM_DB-wal" ] && [ ! -s "$CM_DB-journal" ] && [ "$i" -lt 1000 ]; do
		sleep 0.02
		i=$((i + 1))
	done
}

# wait_for_text FILE: until FILE holds something, or ten seconds.
wait_for_text()
{
	local n=0

	while [ ! -s "$1" ] && [ "$n" -lt 500 ]; do
		sleep 0.02
		n=$((n + 1))
	done
}

# The tables and indexes, to show a killed import left them as they were.
schema()
{
	if db_is_server; then
		db_sql "SELECT tablename || ' ' || indexname FROM pg_indexes
			WHERE schemaname = current_schema() ORDER BY 1"
	else
		sqlite3 "$CM_DB" .schema
	fi
}

# The people in the database, one line each.
people()
{
	db_sql "SELECT ext_id, first_name, last_name,
		coalesce(birth_date, '-'), coalesce(sex, '-') FROM person ORDER BY id"
}

# A mapping for the small files below: columns id, nom, prenom, naissance.
cat >t.json <<'X'
{
  "source": "pes",
  "delimiter": "auto",
  "encoding": "auto",
  "fields": {
    "ext_id":     {"column": "id"},
    "last_name":  {"column": "nom"},
    "first_name": {"column": "prenom"},
    "birth_date": {"column": "naissance", "date": ["dd/mm/yyyy", "yyyy-mm-dd", "yyyymmdd"]}
  }
}
X

## The Belgian sample: windows-1252, ';', CRLF, quoted fields, and bad rows.
fresh
cp "$FIX/be-sample.csv" be.csv
run cm intake --import be.csv --map "$MAPS/be-actiris.json"
expect_code 3
expect_no_out
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
cm: rejected rows are in be.csv.rejects.csv
X
run cm list --format csv
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,BE001,actiris,Léa,Dupont,2003-04-05,be-accompagnement,amartin,screening,2026-03-15,,
2,2,BE002,actiris,Jan,Peeters,1998-11-17,be-accompagnement,bdesmet,screening,2026-03-15,,
3,3,BE003,actiris,Zoé,Van den Berg,2004-02-29,be-accompagnement,unassigned,screening,2026-03-15,,
4,4,BE004,actiris,Youssef,El Amrani,2001-09-01,be-accompagnement,amartin,screening,2026-03-15,,
X
# Quoted delimiters, doubled quotes and a line break inside quotes arrive
# intact (a CRLF inside quotes as a line break).
run db_sql "SELECT ext_id, sex, phone, email, language, registered_on,
	replace(notes, '
', '<LF>') FROM person ORDER BY id"
expect_out <<'X'
BE001|female|0470123456|lea.dupont@example.org|fr|2026-01-02|
BE002|male|0471234567||nl|2025-12-15|Suivi CPAS; logement
BE003|female||zoe@example.org|nl|2026-03-03|Dit "disponible" dès lundi
BE004|other|0472000000||fr|2026-02-10|Permis B<LF>Cherche dans la logistique
X
# The rejects file: the export's header and rows verbatim (windows-1252,
# CRLF), each followed by its line and reason.
run sh -c 'iconv -f windows-1252 -t utf-8 be.csv.rejects.csv | tr -d "\r"'
expect_out <<'X'
identifiant;nom;prenom;date_naissance;sexe;code_postal;telephone;email;langue;date_inscription;conseiller;remarques;cm_line;cm_reason
BE005;Lefèvre;François;31/02/1990;M;1070;;;fr;01/03/2026;bdesmet;;7;field 'birth_date': invalid date
;Maes;Sofie;12/12/1999;F;1080;;;nl;01/03/2026;;;8;field 'ext_id' is empty
BE007;Claes;Lotte;03/03/2000;Q;1090;;;nl;01/03/2026;;;9;field 'sex': the value is not in the mapping's map
BE008;Willems;Kevin;10;short row: 3 columns, expected 12
BE009;Dubois;Chloé;14/07/2002;F;1180;;;fr;01/03/2026;cvanacker;;extra;11;long row: 13 columns, expected 12
BE002;Peeters;Jan;17/11/1998;M;1030;0499999999;;nl;2025-12-15;bdesmet;;12;field 'ext_id': the same id is on an earlier row, with different data
BE012;Janssens;Pieter;01/01/2030;M;1200;;;nl;01/03/2026;;;15;field 'birth_date': the date is in the future
BE013;Goossens;Emre;20/06/1995;M;1300;;not-an-email;nl;01/03/2026;;;16;field 'email': not an e-mail address
X
run sh -c "grep -c \"\$(printf '\r')\$\" be.csv.rejects.csv"
expect_out <<'X'
9
X
# Every created person and case is in the audit log, one record a row naming
# the file and line, and the chain holds.
run db_sql "SELECT entity, entity_id, coalesce(CAST(case_id AS TEXT), '-'), summary FROM audit
	WHERE command = 'intake' ORDER BY id"
expect_out <<'X'
person|1|1|person 1 and case 1 in be-accompagnement for amartin created (import from actiris, be.csv line 2)
person|2|2|person 2 and case 2 in be-accompagnement for bdesmet created (import from actiris, be.csv line 3)
person|3|3|person 3 and case 3 in be-accompagnement for unassigned created (import from actiris, be.csv line 4)
person|4|4|person 4 and case 4 in be-accompagnement for amartin created (import from actiris, be.csv line 5)
X
# The record holds no copy of the rows, but the digests of the person and
# the case as imported ("row:" and two SHA-256); cm audit --data shows the
# image they stand for, read back from the rows.
run db_sql "SELECT coalesce(after, '-'), length(after_sha), substr(after_sha, 1, 4) FROM audit
	WHERE entity = 'person' AND entity_id = 3"
expect_out <<'X'
-|133|row:
X
imported_after()   # CASE: the after-image cm audit --data shows for the case's import record
{
	"$CM" audit "$1" --data --format json |
		python3 -c 'import json, sys; print([r["after"] for r in json.load(sys.stdin) if r["command"] == "intake"][0])'
}
run imported_after 3
expect_out <<'X'
{"id":3,"source":"actiris","ext_id":"BE003","first_name":"Zoé","last_name":"Van den Berg","birth_date":"2004-02-29","sex":"female","postcode":"1050","email":"zoe@example.org","language":"nl","registered_on":"2026-03-03","notes":"Dit \"disponible\" dès lundi","cases":{"id":3,"person_id":3,"programme":"be-accompagnement","worker":"unassigned","state":"screening","state_since":"2026-03-15","referral_source":"pes","opened_on":"2026-03-15"}}
X
run cm audit --verify
expect_code 0
# The case, and the person, are compared with the digests.
db_sql "UPDATE cases SET worker = 'bdesmet' WHERE id = 3"
run cm audit --verify
expect_code 1
expect_err <<'X'
cm: error: cases 3 does not match audit record 4 (its values as imported): changed outside cm
X
run imported_after 3
expect_out <<'X'
None
X
db_sql "UPDATE cases SET worker = 'unassigned' WHERE id = 3"
db_sql "UPDATE person SET email = 'zoe@example.com' WHERE id = 3"
run cm audit --verify
expect_code 1
expect_err <<'X'
cm: error: person 3 does not match audit record 4 (its values as imported): changed outside cm
X
db_sql "UPDATE person SET email = 'zoe@example.org' WHERE id = 3"
run cm audit --verify
expect_code 0
# cm log CASE shows the import's record, in the reader's language.
run env -u LC_ALL LANG=C.UTF-8 LANGUAGE=fr "$CM" log 3
expect_out <<'X'
DATE ET HEURE         UTILISATEUR  COMMANDE  QUOI
2026-03-15T09:00:00Z  alice        intake    personne 3 et dossier 3 dans be-accompagnement pour unassigned créés (importation depuis actiris, be.csv ligne 4)
X

## Idempotent: the same file again changes nothing, not even the audit log.
expect_unchanged 3 cm intake --import be.csv --map "$MAPS/be-actiris.json" --format json
expect_out <<'X'
{
  "read": 13,
  "created": 0,
  "updated": 0,
  "unchanged": 5,
  "rejected": 8,
  "emptied": 0,
  "deleted": 0,
  "closed": 0,
  "stale": 0
}
X
expect_err <<'X'
cm: error: be.csv:7: field 'birth_date': invalid date
cm: error: be.csv:8: field 'ext_id' is empty
cm: error: be.csv:9: field 'sex': the value is not in the mapping's map
cm: error: be.csv:10: short row: 3 columns, expected 12
cm: error: be.csv:11: long row: 13 columns, expected 12
cm: error: be.csv:12: field 'ext_id': the same id is on an earlier row, with different data
cm: error: be.csv:15: field 'birth_date': the date is in the future
cm: error: be.csv:16: field 'email': not an e-mail address
cm: be.csv: 13 read, 0 created, 0 updated, 5 unchanged, 8 rejected
cm: nothing changed
cm: rejected rows are in be.csv.rejects.csv
X

## A later export: a new phone number, a fixed row, a new person.
python3 - "$FIX/be-sample.csv" be2.csv <<'X'
import sys
rows = open(sys.argv[1], 'rb').read().split(b'\r\n')
rows[1] = rows[1].replace(b'0470123456', b'0470999999')
rows[6] = rows[6].replace(b'31/02/1990', b'28/02/1990')
rows.insert(2, b'BE100;Mertens;Ana;01/01/1985;F;1000;;;nl;05/03/2026;;')
open(sys.argv[2], 'wb').write(b'\r\n'.join(rows))
X
run cm intake --import be2.csv --map "$MAPS/be-actiris.json" --format tsv
expect_code 3
expect_out <<'X'
read	created	updated	unchanged	rejected	emptied	deleted	closed	stale
14	2	1	4	7	0	0	0	0
X
run db_sql "SELECT entity, entity_id, summary, before, after FROM audit
	WHERE command = 'intake' AND id > (SELECT max(id) - 3 FROM audit) ORDER BY id"
expect_out <<'X'
person|1|person 1 updated by import from actiris: phone|{"id":1,"source":"actiris","ext_id":"BE001","first_name":"Léa","last_name":"Dupont","birth_date":"2003-04-05","sex":"female","postcode":"1000","phone":"0470123456","email":"lea.dupont@example.org","language":"fr","registered_on":"2026-01-02"}|{"id":1,"source":"actiris","ext_id":"BE001","first_name":"Léa","last_name":"Dupont","birth_date":"2003-04-05","sex":"female","postcode":"1000","phone":"0470999999","email":"lea.dupont@example.org","language":"fr","registered_on":"2026-01-02"}
person|5|person 5 and case 5 in be-accompagnement for unassigned created (import from actiris, be2.csv line 3)||
person|6|person 6 and case 6 in be-accompagnement for bdesmet created (import from actiris, be2.csv line 8)||
X
# Changed since by cm, the person's values as imported come back from the
# change's before-image, the case's from the case; the log still verifies.
run cm person edit 6 --phone "0470 11 22 33" --reason "called us"
expect_code 0
run cm close 6 --outcome employment --note "found work"
expect_code 0
run imported_after 6
expect_out <<'X'
{"id":6,"source":"actiris","ext_id":"BE005","first_name":"François","last_name":"Lefèvre","birth_date":"1990-02-28","sex":"male","postcode":"1070","language":"fr","registered_on":"2026-03-01","cases":{"id":6,"person_id":6,"programme":"be-accompagnement","worker":"bdesmet","state":"screening","state_since":"2026-03-15","referral_source":"pes","opened_on":"2026-03-15"}}
X
run cm audit --verify
expect_code 0

## The rejects file, fixed, imports with the same mapping: its rows keep
## their lines in the export, and the rows still rejected go back to it.
python3 - be2.csv.rejects.csv fixed.csv <<'X'
import sys
data = open(sys.argv[1], 'rb').read()
data = data.replace(b';Q;', b';F;').replace(b'not-an-email', b'emre@example.org')
open(sys.argv[2], 'wb').write(data)
X
run cm intake --import fixed.csv --map "$MAPS/be-actiris.json"
expect_code 3
expect_err <<'X'
cm: error: fixed.csv:9: field 'ext_id' is empty
cm: error: fixed.csv:11: short row: 5 columns, expected 14
cm: error: fixed.csv:12: long row: 15 columns, expected 14
cm: error: fixed.csv:16: field 'birth_date': the date is in the future
cm: fixed.csv: 7 read, 2 created, 1 updated, 0 unchanged, 4 rejected
cm: rejected rows are in fixed.csv
X
run db_sql "SELECT ext_id, first_name, last_name, sex,
	coalesce(phone, '-'), coalesce(email, '-') FROM person
	WHERE ext_id IN ('BE002', 'BE007', 'BE013') ORDER BY ext_id"
expect_out <<'X'
BE002|Jan|Peeters|male|0499999999|-
BE007|Lotte|Claes|female|-|-
BE013|Emre|Goossens|male|-|emre@example.org
X

## --rejects names the file; the default one is left alone.
run cm intake --import be.csv --map "$MAPS/be-actiris.json" --rejects "$TMP/again.csv"
expect_code 3
run cmp again.csv be.csv.rejects.csv
expect_code 0

## An imported person pseudonymised: the record's summary is blanked, its
## digests stay, nothing is read back for it, and the log still verifies.
run cm close 5 --outcome moved
expect_code 0
run cm person pseudonymise 5 --reason "retention"
expect_code 0
run imported_after 5
expect_out <<'X'
None
X
run db_sql "SELECT summary, substr(after_sha, 1, 4),
	CASE WHEN redacted_on IS NULL THEN 'kept' ELSE 'blanked' END FROM audit
	WHERE entity = 'person' AND entity_id = 5 AND command = 'intake'"
expect_out <<'X'
[removed]|row:|blanked
X
run cm audit --verify
expect_code 0

## Encodings: UTF-8 with and without BOM, windows-1252 and iso-8859-1 (auto
## and declared); the same names must come out.
fresh
printf '\357\273\277id,nom,prenom,naissance\r\nU1,Lef\303\250vre,No\303\253l,01/02/1990\r\n' >bom.csv
printf 'id,nom,prenom,naissance\nU2,C\305\223ur,Ren\303\251e,1990-02-01\n' >utf8.csv
printf 'id;nom;prenom;naissance\nW1;C\234ur;Ren\351e;19900201\n' >cp1252.csv
sed -e 's/"auto"/"iso-8859-1"/2' t.json >latin1.json
printf 'id;nom;prenom;naissance\nL1;M\374ller;J\370rgen;01/02/1990\n' >latin1.csv
for f in bom.csv utf8.csv cp1252.csv; do
	run cm intake --import "$f" --map t.json
	expect_code 0
done
run cm intake --import latin1.csv --map latin1.json
expect_code 0
run people
expect_out <<'X'
U1|Noël|Lefèvre|1990-02-01|-
U2|Renée|Cœur|1990-02-01|-
W1|Renée|Cœur|1990-02-01|-
L1|Jørgen|Müller|1990-02-01|-
X
# Bytes windows-1252 does not define, and invalid UTF-8 in a UTF-8 file, reject the row.
sed -e 's/"auto"/"windows-1252"/2' t.json >cp1252.json
printf 'id;nom;prenom;naissance\nW2;Bad\201;X;01/02/1990\nW3;Good;X;01/02/1990\n' >undefined.csv
run cm intake --import undefined.csv --map cp1252.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: undefined.csv:2: column 2: byte 0x81 is not windows-1252
cm: undefined.csv: 2 read, 1 created, 0 updated, 0 unchanged, 1 rejected
cm: rejected rows are in r.csv
X
printf 'id,nom,prenom,naissance\nU3,Caf\303\251,X,01/02/1990\nU4,Caf\351,X,01/02/1990\n' >mixed.csv
run cm intake --import mixed.csv --map t.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: mixed.csv:3: column 2: invalid UTF-8
cm: mixed.csv: 2 read, 1 created, 0 updated, 0 unchanged, 1 rejected
cm: rejected rows are in r.csv
X
# UTF-16 and UTF-32 (with or without BOM) and NUL bytes are refused whole.
printf '\377\376i\000d\000\n\000' >utf16.csv
printf '\377\376\000\000i\000\000\000' >utf32.csv
printf 'i\000d\000,\000n\000' >utf16nobom.csv
printf 'id,nom,prenom,naissance\nN1,A,B,01/02/1990\nN2,A\000,B,01/02/1990\n' >nul.csv
expect_unchanged 1 cm intake --import utf16.csv --map t.json
expect_err <<'X'
cm: error: utf16.csv: the file is in UTF-16LE; save it as UTF-8 or windows-1252
X
expect_unchanged 1 cm intake --import utf32.csv --map t.json
expect_err <<'X'
cm: error: utf32.csv: the file is in UTF-32LE; save it as UTF-8 or windows-1252
X
expect_unchanged 1 cm intake --import utf16nobom.csv --map t.json
expect_err <<'X'
cm: error: utf16nobom.csv:1: NUL byte: this is not a text file in UTF-8 or an 8-bit encoding (UTF-16?); save it as UTF-8
X
expect_unchanged 1 cm intake --import nul.csv --map t.json
expect_err <<'X'
cm: error: nul.csv:3: NUL byte: this is not a text file in UTF-8 or an 8-bit encoding (UTF-16?); save it as UTF-8
X

## Delimiters sniffed from the header; an Excel "sep=" line wins.
fresh
printf 'id;nom;prenom;naissance\nD1;A,B;C;01/02/1990\n' >semi.csv
printf 'id,nom,prenom,naissance\nD2,"A;B",C,01/02/1990\n' >comma.csv
printf 'id\tnom\tprenom\tnaissance\nD3\tA B\tC\t01/02/1990\n' >tab.csv
printf 'id|nom|prenom|naissance\nD4|A;B,C|C|01/02/1990\n' >pipe.csv
printf 'sep=,\r\nid,nom;x,prenom,naissance\r\nD5,A;B,C,01/02/1990\r\n' >excel.csv
for f in semi.csv comma.csv tab.csv pipe.csv; do
	run cm intake --import "$f" --map t.json
	expect_code 0
done
sed -e 's/"nom"/"nom;x"/' t.json >excel.json
run cm intake --import excel.csv --map excel.json
expect_code 0
run people
expect_out <<'X'
D1|C|A,B|1990-02-01|-
D2|C|A;B|1990-02-01|-
D3|C|A B|1990-02-01|-
D4|C|A;B,C|1990-02-01|-
D5|C|A;B|1990-02-01|-
X

## Line ends LF, CRLF and CR; blank lines skipped but counted in line numbers;
## quoted fields with delimiters and doubled quotes; a line break in a name
## rejects the row.
fresh
printf 'id,nom,prenom,naissance\n\nE1,A,B,01/02/1990\n   \nE2,A,B,31/02/1990\n' >lf.csv
printf 'id,nom,prenom,naissance\r\n\r\nE3,A,B,01/02/1990\r\n\r\nE4,A,B,31/02/1990\r\n' >crlf.csv
printf 'id,nom,prenom,naissance\r\rE5,A,B,01/02/1990\r\rE6,A,B,31/02/1990\r' >cr.csv
printf 'id,nom,prenom,naissance\nQ1,"Dit ""Jo""","a,b",01/02/1990\n,,,\nQ2,"x\r\ny",B,01/02/1990\n' >quotes.csv
for f in lf crlf cr quotes; do
	run cm intake --import $f.csv --map t.json --rejects r.csv
	expect_code 3
	printf '%s\n' "$err" | head -1 >>lines.txt
done
run cat lines.txt
expect_out <<'X'
cm: error: lf.csv:5: field 'birth_date': invalid date
cm: error: crlf.csv:5: field 'birth_date': invalid date
cm: error: cr.csv:5: field 'birth_date': invalid date
cm: error: quotes.csv:4: a quote opened at line 4 is probably not closed; the lines after it are read again as rows
X
run db_sql "SELECT ext_id, replace(first_name, '
', '<LF>'), last_name FROM person ORDER BY id"
expect_out <<'X'
E1|B|A
E3|B|A
E5|B|A
Q1|a,b|Dit "Jo"
X
# A quote never closed would take the rest of the file: its row is rejected,
# and the lines after it are read again as rows.
printf 'id,nom,prenom,naissance\nO1,"open,B,01/02/1990\nO2,A,B,01/02/1990\n' >open.csv
run cm intake --import open.csv --map t.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: open.csv:2: a quote opened at line 2 is probably not closed; the lines after it are read again as rows
cm: open.csv: 2 read, 1 created, 0 updated, 0 unchanged, 1 rejected
cm: rejected rows are in r.csv
X

## Date formats, two-digit years (a year after this one is in the previous
## century; this year's dates after today are in the future), impossible dates.
fresh
cat >dates.json <<'X'
{
  "source": "pes",
  "fields": {
    "ext_id":        {"column": "id"},
    "last_name":     {"column": "nom"},
    "first_name":    {"column": "prenom"},
    "birth_date":    {"column": "naissance", "date": ["dd/mm/yy", "mm/dd/yyyy"]},
    "registered_on": {"column": "inscription", "date": "yyyymmdd"}
  }
}
X
printf '%s\n' 'id,nom,prenom,naissance,inscription' 'Y1,A,B,05/04/03,20260102' \
	'Y2,A,B,14/07/30,20260102' 'Y3,A,B,12/31/1999,' 'Y4,A,B,29/02/01,20260102' \
	'Y5,A,B,02/29/2000,20260230' 'Y6,A,B,15/03/26,20260315' 'Y7,A,B,16/03/26,' \
	"Y8,A,B,a$(printf '\303\251%.0s' $(seq 40))," >dates.csv
run cm intake --import dates.csv --map dates.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: dates.csv:5: field 'birth_date': invalid date
cm: error: dates.csv:6: field 'registered_on': invalid date
cm: error: dates.csv:8: field 'birth_date': the date is in the future
cm: error: dates.csv:9: field 'birth_date': invalid date
cm: dates.csv: 8 read, 4 created, 0 updated, 0 unchanged, 4 rejected
cm: rejected rows are in r.csv
X
run db_sql "SELECT ext_id, birth_date, coalesce(registered_on, '-') FROM person ORDER BY id"
expect_out <<'X'
Y1|2003-04-05|2026-01-02
Y2|1930-07-14|2026-01-02
Y3|1999-12-31|-
Y6|2026-03-15|2026-03-15
X

## --dry-run counts what would happen and changes nothing, not even the
## rejects file unless one is named.
fresh
rm -f be.csv.rejects.csv
expect_unchanged 3 cm intake --import be.csv --map "$MAPS/be-actiris.json" --dry-run --format csv
expect_out <<'X'
read,created,updated,unchanged,rejected,emptied,deleted,closed,stale
13,4,0,1,8,0,0,0,0
X
run sh -c "printf '%s\n' \"\$1\" | tail -1" _ "$err"
expect_out <<'X'
cm: be.csv: 13 read, 4 created, 0 updated, 1 unchanged, 8 rejected (dry run: nothing was changed)
X
run test -e be.csv.rejects.csv
expect_code 1
expect_unchanged 3 cm intake --import be.csv --map "$MAPS/be-actiris.json" --dry-run --rejects dry.csv
run sh -c 'tr -d "\r" <dry.csv | cut -d";" -f1 | tr "\n" " "'
expect_out <<'X'
identifiant BE005  BE007 BE008 BE009 BE002 BE012 BE013 
X

## --strict: one rejected row and nothing is imported (the rejects file is
## still written, to fix the rows); a clean file imports as usual.
expect_unchanged 1 cm intake --import be.csv --map "$MAPS/be-actiris.json" --strict
run sh -c "printf '%s\n' \"\$1\" | tail -3" _ "$err"
expect_out <<'X'
cm: be.csv: 13 read, 4 created, 0 updated, 1 unchanged, 8 rejected
cm: rejected rows are in be.csv.rejects.csv
cm: error: 8 rows were rejected under --strict; nothing was imported
X
run test -s be.csv.rejects.csv
expect_code 0
printf 'id,nom,prenom,naissance\nS1,A,B,01/02/1990\n' >clean.csv
run cm intake --import clean.csv --map t.json --strict
expect_code 0
expect_err <<'X'
cm: clean.csv: 1 read, 1 created, 0 updated, 0 unchanged, 0 rejected
X
# A clean run removes the rejects file an earlier run of the same file left.
printf 'id,nom,prenom,naissance\nS1,A,B,31/02/1990\n' >clean.csv
run cm intake --import clean.csv --map t.json
expect_code 3
run test -e clean.csv.rejects.csv
expect_code 0
printf 'id,nom,prenom,naissance\nS1,A,B,01/02/1990\n' >clean.csv
run cm intake --import clean.csv --map t.json
expect_code 0
run test -e clean.csv.rejects.csv
expect_code 1

# The rejects file is only opened for a rejected row: a clean export imports
# even where no rejects file could be written; a rejected row that cannot be
# saved stops the import.
run cm intake --import clean.csv --map t.json --rejects "$TMP/no/such/dir.csv"
expect_code 0
printf 'id,nom,prenom,naissance\nS2,A,B,01/02/1990\nS3,A,B,31/02/1990\n' >bad.csv
expect_unchanged 1 cm intake --import bad.csv --map t.json --rejects "$TMP/no/such/dir.csv"
expect_err <<X
cm: error: bad.csv:3: field 'birth_date': invalid date
cm: error: cannot write rejects file '$TMP/no/such/dir.csv': No such file or directory
X

## A known person (from a manual intake) gets an update and a case in the
## import's programme; a case closed since is not reopened or duplicated.
fresh
"$CM" worker add bob --name "Bob Peeters" >/dev/null
run cm intake --first-name Lea --last-name Dupont --ext-id K1 --source pes \
	--programme dg-familles --worker bob
expect_code 0
printf 'id,nom,prenom,naissance\nK1,Dupont,Lea,05/04/2003\n' >known.csv
run cm intake --import known.csv --map t.json
expect_code 0
expect_err <<'X'
cm: known.csv: 1 read, 0 created, 1 updated, 0 unchanged, 0 rejected
X
run cm close 2 --outcome training
expect_code 0
run cm intake --import known.csv --map t.json
expect_code 0
expect_err <<'X'
cm: known.csv: 1 read, 0 created, 0 updated, 1 unchanged, 0 rejected
cm: nothing changed
X
run db_sql "SELECT c.id, p.ext_id, p.birth_date, c.programme, c.worker,
	c.state FROM cases c JOIN person p ON p.id = c.person_id ORDER BY c.id"
expect_out <<'X'
1|K1|2003-04-05|dg-familles|bob|screening
2|K1|2003-04-05|be-accompagnement|alice|closed
X

## Constants, defaults, recodings to nothing, and a programme per row.
fresh
cat >rows.json <<'X'
{
  "source": "pes",
  "header": false,
  "delimiter": ";",
  "fields": {
    "ext_id":     {"column": 1},
    "last_name":  {"column": 2},
    "first_name": {"column": 3},
    "sex":        {"column": 4, "map": {"1": "male", "2": "female", "0": ""}, "default": "unknown"},
    "programme":  {"column": 5, "default": "be-trajet-specifique"},
    "worker":     {"column": 6},
    "language":   {"value": "de"}
  },
  "workers": "create"
}
X
printf 'R1;A;B;1;be-accompagnement;w1\nR2;A;B;0;;\nR3;A;B;;nope;w3\nR4;A;B;2;dg-familles;w4\n' >rows.csv
run cm intake --import rows.csv --map rows.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: rows.csv:3: field 'programme': unknown programme; see 'cm programme list'
cm: rows.csv: 4 read, 3 created, 0 updated, 0 unchanged, 1 rejected
cm: rejected rows are in r.csv
X
run db_sql "SELECT p.ext_id, p.sex, p.language, c.programme, c.worker
	FROM person p JOIN cases c ON c.person_id = p.id ORDER BY p.id"
expect_out <<'X'
R1|male|de|be-accompagnement|w1
R2|unknown|de|be-trajet-specifique|alice
R4|female|de|dg-familles|w4
X
# "workers": "create" registered w4 (a plain worker, audited); the rejected row's w3 is not.
run db_sql "SELECT w.login, w.role, a.summary FROM worker w
	JOIN audit a ON a.entity = 'worker' AND a.entity_id = w.id WHERE w.login LIKE 'w_'"
expect_out <<'X'
w4|worker|worker w4 added (worker; named by an import)
X
# Without it, a worker nobody registered rejects the row, with its reason.
fresh
grep -v '"workers"' rows.json | sed 's/^  },$/  }/' >strict.json
run cm intake --import rows.csv --map strict.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: rows.csv:3: field 'programme': unknown programme; see 'cm programme list'
cm: error: rows.csv:4: field 'worker': not a registered worker (cm worker add, or "workers": "create" in the mapping)
cm: rows.csv: 4 read, 2 created, 0 updated, 0 unchanged, 2 rejected
cm: rejected rows are in r.csv
X

## Eligibility: the predicted incapacity of work-accident cases, and a known
## person too old for the programme (their update is not kept either).
fresh
cat >wa.json <<'X'
{
  "source": "insurer",
  "programme": "work-accident",
  "fields": {
    "ext_id":     {"column": "id"},
    "last_name":  {"column": "nom"},
    "first_name": {"column": "prenom"},
    "incapacity": {"column": "taux"}
  }
}
X
printf 'id,nom,prenom,taux\nI1,A,B,60\nI2,A,B,\nI3,A,B,20\nI4,A,B,150\n' >wa.csv
run cm intake --import wa.csv --map wa.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: wa.csv:3: not eligible for programme work-accident
cm: error: wa.csv:4: not eligible for programme work-accident
cm: error: wa.csv:5: field 'incapacity': not a whole percentage from 0 to 100
cm: wa.csv: 4 read, 1 created, 0 updated, 0 unchanged, 3 rejected
cm: rejected rows are in r.csv
X
# stderr says only that the row is not eligible; the rejects file says why.
run tail -n +2 r.csv
expect_out <<'X'
I2,A,B,,3,programme work-accident needs the predicted permanent incapacity (--incapacity PCT)
I3,A,B,20,4,predicted incapacity 20 % is below the 50 % case-management threshold of programme work-accident (the specialised team takes 10 % and over)
I4,A,B,150,5,field 'incapacity': not a whole percentage from 0 to 100
X
run db_sql "SELECT p.ext_id, c.programme, c.incapacity FROM person p
	JOIN cases c ON c.person_id = p.id"
expect_out <<'X'
I1|work-accident|60
X
run cm intake --first-name Old --last-name Timer --ext-id T1 --source pes --birth-date 1990-01-01 \
	--phone 111
expect_code 0
sed -e 's/"source": "pes",/"source": "pes", "programme": "eu-youth-guarantee",/' \
	-e 's/"fields": {/"fields": {"phone": {"column": "tel"},/' t.json >yg.json
printf 'id,nom,prenom,naissance,tel\nT1,Timer,Old,01/01/1990,222\n' >old.csv
expect_unchanged 3 cm intake --import old.csv --map yg.json --rejects r.csv
expect_err <<'X'
cm: error: old.csv:2: not eligible for programme eu-youth-guarantee
cm: old.csv: 1 read, 0 created, 0 updated, 0 unchanged, 1 rejected
cm: nothing changed
cm: rejected rows are in r.csv
X
run cm audit --verify
expect_code 0

## A killed import leaves the database as it was.
fresh
"$BUILD_DIR/tests/genexport" --rows 20000 >many.csv
before=$(db_state)
mkfifo pipe
(cat many.csv; exec sleep 60) >pipe &
writer=$!
"$CM" intake --import pipe --map "$MAPS/be-actiris.json" >/dev/null 2>&1 &
importer=$!
wait_for_rows
kill -KILL "$importer"
kill "$writer"
{ wait "$importer" "$writer"; } 2>/dev/null
checks=$((checks + 1))
[ "$i" -lt 1000 ] || fail "the import never wrote to the log"
after=$(db_state)
checks=$((checks + 1))
[ "$before" = "$after" ] || fail "a killed import changed the database"
run cm audit --verify
expect_code 0
# A larger file imports with its secondary indexes dropped and rebuilt at the
# end; killed half way, the indexes are there again and the data unchanged.
"$BUILD_DIR/tests/genexport" --rows 40000 >more.csv
schema=$(schema)
"$CM" intake --import more.csv --map "$MAPS/be-actiris.json" >/dev/null 2>&1 &
importer=$!
wait_for_rows
kill -KILL "$importer"
{ wait "$importer"; } 2>/dev/null
checks=$((checks + 1))
[ "$(db_state)" = "$before" ] || fail "a killed import changed the data"
checks=$((checks + 1))
[ "$(schema)" = "$schema" ] || fail "a killed import changed the schema"
if ! db_is_server; then
	## A large file, when the import has the database alone, goes through a
	## rollback journal (each page written once) and not the log. A command
	## that comes meanwhile waits for the import, says so, then runs; the log
	## is back afterwards.
	size=$(stat -c %s "$CM_DB")
	"$CM" intake --import more.csv --map "$MAPS/be-actiris.json" >/dev/null 2>"$TMP/bulk.err" &
	importer=$!
	# Stopped once its cache has spilled into the file: it then holds the file alone.
	i=0
	while [ "$(stat -c %s "$CM_DB")" -le "$size" ] && [ "$i" -lt 1500 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	kill -STOP "$importer"
	checks=$((checks + 1))
	[ -s "$CM_DB-journal" ] && [ ! -s "$CM_DB-wal" ] || fail "the large import did not leave the log"
	# A second past the usual wait they say they wait; then, the import
	# done, the two take turns to record who looked.
	CM_BUSY_TIMEOUT=1000 "$CM" list --any --format csv >"$TMP/during.out" 2>"$TMP/during.err" &
	reader=$!
	CM_BUSY_TIMEOUT=1000 "$CM" remind --all --format csv >"$TMP/reminded.out" \
		2>"$TMP/reminded.err" &
	reminder=$!
	wait_for_text "$TMP/during.err"
	wait_for_text "$TMP/reminded.err"
	checks=$((checks + 1))
	kill -0 "$reader" 2>/dev/null || fail "the listing did not wait for the import"
	checks=$((checks + 1))
	kill -0 "$reminder" 2>/dev/null || fail "the reminders did not wait for the import"
	kill -CONT "$importer"
	wait "$importer"
	code=$?
	checks=$((checks + 1))
	[ "$code" -eq 0 ] && [ "$(cat "$TMP/bulk.err")" = \
		"cm: more.csv: 40000 read, 40000 created, 0 updated, 0 unchanged, 0 rejected" ] ||
		fail "the large import: exit $code, $(cat "$TMP/bulk.err")"
	wait "$reader"
	code=$?
	checks=$((checks + 1))
	[ "$code" -eq 0 ] && [ "$(cat "$TMP/during.err")" = "cm: waiting for an import to finish" ] ||
		fail "the waiting listing: exit $code, $(cat "$TMP/during.err")"
	checks=$((checks + 1))
	[ "$(wc -l <"$TMP/during.out")" -eq 40001 ] || fail "the waiting listing missed the import's rows"
	wait "$reminder"
	code=$?
	checks=$((checks + 1))
	[ "$code" -eq 0 ] && [ "$(cat "$TMP/reminded.err")" = "cm: waiting for an import to finish" ] ||
		fail "the waiting reminders: exit $code, $(cat "$TMP/reminded.err")"
	# What it printed is what the imported database gives.
	run cm remind --all --format csv
	checks=$((checks + 1))
	[ "$out" = "$(cat "$TMP/reminded.out")" ] && [ -n "$out" ] ||
		fail "the waiting reminders differ from those after the import"
	run db_sql "PRAGMA journal_mode"
	expect_out <<'X'
wal
X
	# A dry run of a large file undoes it all and puts the log back too.
	fresh
	run cm intake --import more.csv --map "$MAPS/be-actiris.json" --dry-run
	expect_code 0
	run db_sql "SELECT count(*) FROM person; PRAGMA journal_mode"
	expect_out <<'X'
0
wal
X
	# Another connection has the file open: the import keeps the log, and works.
	fresh
	mkfifo "$TMP/hold"
	(echo "SELECT count(*) FROM person;"; exec sleep 30) >"$TMP/hold" &
	writer=$!
	sqlite3 "$CM_DB" <"$TMP/hold" >"$TMP/held" &
	holder=$!
	# Its answer is there once it has the file open.
	wait_for_text "$TMP/held"
	run cm intake --import more.csv --map "$MAPS/be-actiris.json"
	expect_code 0
	checks=$((checks + 1))
	[ "$(stat -c %s "$CM_DB-wal")" -gt 1000000 ] || fail "with the file shared, the import left the log"
	kill "$writer"
	{ wait "$writer" "$holder"; } 2>/dev/null
	run cm audit --verify
	expect_code 0
	fresh
fi
run cm intake --import many.csv --map "$MAPS/be-actiris.json"
expect_code 0
expect_err <<'X'
cm: many.csv: 20000 read, 20000 created, 0 updated, 0 unchanged, 0 rejected
X
run cm intake --import many.csv --map "$MAPS/be-actiris.json"
expect_code 0
expect_err <<'X'
cm: many.csv: 20000 read, 0 created, 0 updated, 20000 unchanged, 0 rejected
cm: nothing changed
X
# Long listings stream (a server sends them in batches of 1,000 through a
# cursor): every row comes, in order, as a copy on a file lists them.
run cm list --any --format csv
expect_code 0
listed=$out
checks=$((checks + 1))
[ "$(printf '%s\n' "$listed" | wc -l)" -eq 20001 ] || fail "cm list gave $(printf '%s\n' "$listed" | wc -l) lines"
run cm db copy --to "$TMP/listed.db"
expect_code 0
CM_DB=$TMP/listed.db run cm list --any --format csv
checks=$((checks + 1))
[ "$out" = "$listed" ] || fail "the listing differs from the file copy's"
run cm audit --format csv
audited=$out
CM_DB=$TMP/listed.db run cm audit --format csv
checks=$((checks + 1))
[ "$out" = "$audited" ] || fail "the audit listing differs from the file copy's"
# A file large next to the cases there: who has an open case in the
# programme is read once at the start instead of asked row by row. The
# same counts, and a closed case is not reopened.
run cm intake --import more.csv --map "$MAPS/be-actiris.json"
expect_code 0
expect_err <<'X'
cm: more.csv: 40000 read, 20000 created, 0 updated, 20000 unchanged, 0 rejected
X
run cm close 7 --outcome moved
expect_code 0
run cm intake --import more.csv --map "$MAPS/be-actiris.json"
expect_code 0
expect_err <<'X'
cm: more.csv: 40000 read, 0 created, 0 updated, 40000 unchanged, 0 rejected
cm: nothing changed
X
run db_sql "SELECT count(*), sum(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) FROM cases"
expect_out <<'X'
40000|1
X
"$BUILD_DIR/tests/genexport" --rows 40000 --change-every 100 >changed.csv
run cm intake --import changed.csv --map "$MAPS/be-actiris.json"
expect_code 0
expect_err <<'X'
cm: changed.csv: 40000 read, 0 created, 400 updated, 39600 unchanged, 0 rejected
X

# A re-import large next to the people of its source: on a server their
# stored values are read once, and a row with the same values is told
# unchanged without a lookup. What differs still goes the per-row way and
# is decided as before: a changed phone, an empty cell (it keeps what is
# recorded), an id repeated with the same data and with other data, a
# person whose case was closed. The same counts and data on both engines.
fresh
"$BUILD_DIR/tests/genexport" --rows 1500 >known.csv
run cm intake --import known.csv --map "$MAPS/be-actiris.json"
expect_code 0
expect_err <<'X'
cm: known.csv: 1500 read, 1500 created, 0 updated, 0 unchanged, 0 rejected
X
run cm close 49 --outcome moved
expect_code 0
# Rows picked by their start (a quoted cell may span lines).
awk -F';' -v OFS=';' '/^BE/ { n++ } /^BE/ && n == 10 { $7 = "0499999999" }
	/^BE/ && n == 20 { $8 = ""; print $1 >"emptied" } { print }
	/^BE/ && n == 30 { again = $0 } /^BE/ && n == 40 { $7 = "0488888888"; other = $0 }
	END { print again; print other }' known.csv >known2.csv
emptied=$(cat emptied)
kept=$(db_sql "SELECT email FROM person WHERE ext_id = '$emptied'")
run cm intake --import known2.csv --map "$MAPS/be-actiris.json"
expect_code 3
expect_err <<'X'
cm: error: known2.csv:1638: field 'ext_id': the same id is on an earlier row, with different data
cm: known2.csv: 1502 read, 0 created, 1 updated, 1500 unchanged, 1 rejected
cm: rejected rows are in known2.csv.rejects.csv
X
run db_sql "SELECT count(*) FROM person WHERE phone = '0499999999'
 UNION ALL SELECT count(*) FROM person WHERE phone = '0488888888'
 UNION ALL SELECT count(*) FROM person WHERE ext_id = '$emptied' AND email = '$kept'"
expect_out <<'X'
1
0
1
X
run db_sql "SELECT state FROM cases WHERE id = 49"
expect_out <<'X'
closed
X
run cm intake --import known.csv --map "$MAPS/be-actiris.json" --update-only
expect_code 0
expect_err <<'X'
cm: known.csv: 1500 read, 0 created, 1 updated, 1499 unchanged, 0 rejected
X
run cm audit --verify
expect_code 0

## Mapping files are checked before any row is read.
fresh
bad()
{
	printf '%s\n' "$2" >"$1"
	expect_unchanged 2 cm intake --import clean.csv --map "$1"
}
F='"ext_id": {"column": "id"}, "last_name": {"column": "nom"}, "first_name": {"column": "prenom"}'
bad b1.json '{"source": "pes", "delimeter": ";", "fields": {'"$F"'}}'
bad b2.json '{"source": "pes", "fields": {'"$F"', "nom": {"column": "nom"}}}'
bad b3.json '{"source": "pes", "fields": {'"$F"', "phone": {"column": "tel", "format": "x"}}}'
bad b4.json '{"source": "pes", "fields": {'"$F"', "birth_date": {"column": "n", "date": "dd.mm.yy"}}}'
bad b5.json '{"source": "pes", "fields": {"ext_id": {"column": "id"}, "first_name": {"column": "prenom"}}}'
bad b6.json '{"source": "pes", "fields": {'"$F"', "sex": {"column": "s", "map": {"M": "man"}}}}'
bad b7.json '{"source": "pes", "fields": {'"$F"', "phone": {"column": "t", "value": "1"}}}'
bad b8.json '{"fields": {'"$F"'}}'
bad b9.json '{"source": "pes", "fields": {'"$F"'},}'
bad b10.json '{"source": "pes", "header": false, "fields": {'"$F"'}}'
bad b11.json '{"source": "pes", "encoding": "utf-16", "fields": {'"$F"'}}'
bad b12.json '{"source": "pes", "programme": "nope", "fields": {'"$F"'}}'
bad b13.json '{"source": "pes", "fields": {'"$F"', "birth_date": {"column": "n", "default": "01/02/1990"}}}'
run sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do "$CM" intake --import clean.csv --map b$i.json; done 2>&1'
expect_out <<'X'
cm: error: mapping 'b1.json': unknown key 'delimeter'
cm: error: mapping 'b2.json': unknown field 'nom'
cm: error: mapping 'b3.json': field 'phone': unknown key 'format' (column, value, default, date, map, on_error, flags, several)
cm: error: mapping 'b4.json': field 'birth_date': unknown date pattern 'dd.mm.yy' (dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd, yyyymmdd, dd/mm/yy, dd.mm.yyyy, d/m/yyyy, dd-mm-yyyy, dd-mm-yy, dd-mon-yyyy, dd-mon-yy, iso)
cm: error: mapping 'b5.json': field 'last_name' is required
cm: error: mapping 'b6.json': field 'sex': recoding 'M' -> 'man': not one of male, female, other, unknown
cm: error: mapping 'b7.json': field 'phone' needs either "column" or "value"
cm: error: mapping 'b8.json': "source" is required (the name of the employment service)
cm: error: mapping 'b9.json': invalid JSON near byte 126
cm: error: mapping 'b10.json': field 'ext_id': with "header": false, "column" is a number from 1
cm: error: mapping 'b11.json': "encoding" must be "auto", "utf-8", "windows-1252" or "iso-8859-1"
cm: error: mapping 'b12.json': unknown programme 'nope'; see 'cm programme list'
cm: error: mapping 'b13.json': field 'birth_date': default '01/02/1990': not a date (YYYY-MM-DD)
X
# A column the mapping names but the header lacks fails the file, naming both.
printf 'id,nom,prenom\nS1,A,B\n' >nocol.csv
expect_unchanged 1 cm intake --import nocol.csv --map t.json
expect_err <<'X'
cm: error: nocol.csv:1: column 'naissance' (field 'birth_date' in mapping 't.json') is not in the header
X
printf 'id,nom,prenom,naissance,nom\nS1,A,B,,C\n' >twice.csv
expect_unchanged 1 cm intake --import twice.csv --map t.json
expect_err <<'X'
cm: error: twice.csv:1: column 'nom' (field 'last_name') appears twice in the header
X
: >empty.csv
expect_unchanged 1 cm intake --import empty.csv --map t.json
expect_err <<'X'
cm: error: empty.csv: empty file: no header row
X
expect_unchanged 1 cm intake --import missing.csv --map t.json
expect_err <<'X'
cm: error: cannot read 'missing.csv': No such file or directory
X
expect_unchanged 1 cm intake --import clean.csv --map missing.json
expect_err <<'X'
cm: error: cannot read mapping 'missing.json': No such file or directory
X
expect_unchanged 2 cm intake --import clean.csv --map t.json --rejects clean.csv
expect_err <<'X'
cm: error: the rejects file 'clean.csv' is the export itself
X
expect_unchanged 2 cm intake --import clean.csv
expect_err <<'X'
cm: error: --import needs --map MAP.json; see 'cm intake -h'
X
expect_unchanged 2 cm intake --import clean.csv --map t.json --first-name X
expect_err <<'X'
cm: error: option '--first-name' does not go with --import; see 'cm intake -h'
X
expect_unchanged 2 cm intake --import clean.csv --map t.json --format xml
expect_err <<'X'
cm: error: --format: unknown format 'xml' (text, json, csv, tsv)
X

## The shipped mappings on sample exports. The programme's eligibility
## rules apply as in cm intake: an ineligible row leaves no trace.
fresh
cp "$FIX/fr-sample.tsv" fr.tsv
run cm intake --import fr.tsv --map "$MAPS/fr-france-travail.json" --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: fr.tsv:4: not eligible for programme eu-youth-guarantee
cm: error: fr.tsv:5: field 'birth_date': invalid date
cm: fr.tsv: 4 read, 2 created, 0 updated, 0 unchanged, 2 rejected
cm: rejected rows are in r.csv
X
cp "$FIX/hmis-Client.csv" Client.csv
run cm intake --import Client.csv --map "$MAPS/hud-hmis-client-fy2024.json" --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: Client.csv:4: field 'birth_date': invalid date
cm: Client.csv: 3 read, 2 created, 0 updated, 0 unchanged, 1 rejected
cm: rejected rows are in r.csv
X
run db_sql "SELECT p.source, p.ext_id, p.first_name, p.last_name,
	coalesce(p.birth_date, '-'), coalesce(p.sex, '-'), coalesce(p.registered_on, '-'),
	p.language, c.programme, c.worker FROM person p JOIN cases c ON c.person_id = p.id ORDER BY p.id"
expect_out <<'X'
france-travail|1234567A|Inès|Martin|2003-04-05|female|2026-01-12|fr|eu-youth-guarantee|jdurand
france-travail|2345678B|Lucas|Bernard|2005-12-30|male|2026-02-01|fr|eu-youth-guarantee|unassigned
hmis|7f3c9a2e41b84d0c9e5a6b7c8d9e0f1a|Maria|Garcia|1988-07-21|male|2025-11-03|en|be-accompagnement|alice
hmis|0a1b2c3d4e5f60718293a4b5c6d7e8f9|James|O'Neil|-|male|2025-11-03|en|be-accompagnement|alice
X
# FY2024's gender columns read as flags: one yes gives its value, yeses of
# different values give "several" (other), none leaves sex unset.
python3 - Client.csv gender.csv <<'X'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
head, base = rows[0], rows[1]
col = {name: i for i, name in enumerate(head)}
out = [head]
for n, yes in enumerate([['Woman'], ['Woman', 'Man'], ['NonBinary'], [], ['Woman', 'Questioning']]):
    r = list(base)
    r[col['PersonalID']] = 'g%d' % n
    for g in ('Woman', 'Man', 'NonBinary', 'CulturallySpecific', 'Transgender', 'Questioning', 'DifferentIdentity'):
        r[col[g]] = '1' if g in yes else '0'
    out.append(r)
csv.writer(open(sys.argv[2], 'w', newline=''), lineterminator='\n').writerows(out)
X
run cm intake --import gender.csv --map "$MAPS/hud-hmis-client-fy2024.json"
expect_code 0
run db_sql "SELECT ext_id, coalesce(sex, '-') FROM person WHERE ext_id LIKE 'g%' ORDER BY ext_id"
expect_out <<'X'
g0|female
g1|other
g2|other
g3|-
g4|female
X
# A flag is a header column; flags replace "column".
printf '%s\n' '{"source": "f", "fields": {"ext_id": {"column": "PersonalID"},
 "first_name": {"column": "FirstName"}, "last_name": {"column": "LastName"},
 "sex": {"flags": {"Woman": "female", "Mann": "male"}}}}' >flags1.json
expect_unchanged 1 cm intake --import gender.csv --map flags1.json
expect_err <<'X'
cm: error: gender.csv:1: column 'Mann' (field 'sex' in mapping 'flags1.json') is not in the header
X
printf '%s\n' '{"source": "f", "fields": {"ext_id": {"column": "PersonalID"},
 "first_name": {"column": "FirstName"}, "last_name": {"column": "LastName"},
 "sex": {"column": "Woman", "flags": {"Woman": "female"}}}}' >flags2.json
expect_unchanged 2 cm intake --import gender.csv --map flags2.json
expect_err <<'X'
cm: error: mapping 'flags2.json': field 'sex': "flags" stand for "column", and take no "value", "date" or "map" (not for ext_id or a date)
X
printf '%s\n' '{"source": "f", "fields": {"ext_id": {"column": "PersonalID"},
 "first_name": {"column": "FirstName"}, "last_name": {"column": "LastName"},
 "sex": {"flags": {"Woman": "woman"}}}}' >flags3.json
expect_unchanged 2 cm intake --import gender.csv --map flags3.json
expect_err <<'X'
cm: error: mapping 'flags3.json': field 'sex': flag 'Woman' -> 'woman': not one of male, female, other, unknown
X

finish
