#!/bin/sh
# cm intake --import on the files agencies actually send: a stray quote that
# would merge rows, 8-bit encodings and UTF-8 declared as one, the date
# patterns of real exports, optional fields that drop a bad value, and
# stale rows that must not overwrite newer data.
. "$TESTS_DIR/lib/cli.sh"

cd "$TMP" || exit 1
"$CM" init >/dev/null 2>&1
register_staff

people()
{
	db_sql "SELECT ext_id, last_name, first_name,
		coalesce(birth_date, '-'), coalesce(registered_on, '-') FROM person ORDER BY id"
}

cat >t.json <<'X'
{
  "source": "pes",
  "fields": {
    "ext_id":     {"column": "id"},
    "last_name":  {"column": "nom"},
    "first_name": {"column": "prenom"},
    "birth_date": {"column": "naissance", "date": "yyyy-mm-dd"},
    "notes":      {"column": "notes"}
  }
}
X

## A stray quote that merges three rows into one record with the header's
## column count: the record is rejected at the line the quote opened, and
## the rows after it are read again, so none is lost or glued to a name.
cat >merged.csv <<'X'
id,nom,prenom,naissance,notes
M1,Garcia,Maria,1988-07-21,
M2,"O'Neil,James,1990-01-02,
M3,Smith,Anne,1991-02-03,
M4,Roe,Cy,1992-03-04,"two
lines"
M5,Doe,Bo,1993-04-05,
X
run cm intake --import merged.csv --map t.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: merged.csv:3: a quote opened at line 3 is probably not closed; the lines after it are read again as rows
cm: merged.csv: 5 read, 4 created, 0 updated, 0 unchanged, 1 rejected
cm: rejected rows are in r.csv
X
run people
expect_out <<'X'
M1|Garcia|Maria|1988-07-21|-
M3|Smith|Anne|1991-02-03|-
M4|Roe|Cy|1992-03-04|-
M5|Doe|Bo|1993-04-05|-
X
# A line break in a note is text; M4's note kept it.
run db_sql "SELECT replace(notes, '
', '<LF>') FROM person WHERE ext_id = 'M4'"
expect_out <<'X'
two<LF>lines
X
# The rejects file holds the first line only, its quote closed before cm_line.
run cat r.csv
expect_out <<'X'
id,nom,prenom,naissance,notes,cm_line,cm_reason
M2,"O'Neil,James,1990-01-02,",3,a quote opened at line 3 is probably not closed; the lines after it are read again as rows
X
# A quote opened on the last row swallows the end of the file: the same.
printf 'id,nom,prenom,naissance,notes\nE1,"Open,A,1990-01-01,\nE2,Last,B,1990-01-02,\n' >eof.csv
run cm intake --import eof.csv --map t.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: eof.csv:2: a quote opened at line 2 is probably not closed; the lines after it are read again as rows
cm: eof.csv: 2 read, 1 created, 0 updated, 0 unchanged, 1 rejected
cm: rejected rows are in r.csv
X

## iso-8859-1 is read as windows-1252: curly quotes, the euro sign, oe and
## dashes come out as such, not as invisible C1 controls.
sed -e 's/"source": "pes",/"source": "pes", "encoding": "iso-8859-1", "delimiter": ";",/' t.json >latin1.json
printf 'id;nom;prenom;naissance;notes\nL1;N\222Diaye;A\357cha;1990-01-02;10 \200 \226 c\234ur\n' >latin1.csv
run cm intake --import latin1.csv --map latin1.json
expect_code 0
run db_sql "SELECT last_name, first_name, notes FROM person WHERE ext_id = 'L1'"
expect_out <<'X'
N’Diaye|Aïcha|10 € – cœur
X
# The five bytes windows-1252 leaves undefined are refused.
printf 'id;nom;prenom;naissance;notes\nL2;Bad\215;A;1990-01-02;\n' >c1.csv
run cm intake --import c1.csv --map latin1.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: c1.csv:2: column 2: byte 0x8d is not iso-8859-1
cm: c1.csv: 1 read, 0 created, 0 updated, 0 unchanged, 1 rejected
cm: nothing changed
cm: rejected rows are in r.csv
X

## UTF-8 declared windows-1252 (or iso-8859-1) is refused whole, with the hint.
sed -e 's/"iso-8859-1"/"windows-1252"/' latin1.json >cp1252.json
printf 'id;nom;prenom;naissance;notes\nU1;Plain;A;1990-01-02;\nU2;L\303\251a;B;1990-01-02;\n' >utf8.csv
expect_unchanged 1 cm intake --import utf8.csv --map cp1252.json
expect_err <<'X'
cm: error: utf8.csv:3: the mapping declares windows-1252 but the file is in UTF-8; declare "encoding": "utf-8" or "auto"
X
expect_unchanged 1 cm intake --import utf8.csv --map latin1.json
expect_err <<'X'
cm: error: utf8.csv:3: the mapping declares iso-8859-1 but the file is in UTF-8; declare "encoding": "utf-8" or "auto"
X
# "auto" tells them apart on real text.
sed -e 's/"iso-8859-1"/"auto"/' latin1.json >auto.json
printf 'id;nom;prenom;naissance;notes\nA1;Lef\350vre;Fran\347ois;1990-01-02;\n' >auto-cp.csv
for f in utf8.csv auto-cp.csv; do
	run cm intake --import $f --map auto.json
	expect_code 0
done
run db_sql "SELECT ext_id, last_name, first_name FROM person WHERE ext_id IN ('U2', 'A1') ORDER BY id"
expect_out <<'X'
U2|Léa|B
A1|Lefèvre|François
X

## The date patterns of real exports.
cat >dates.json <<'X'
{
  "source": "dates",
  "delimiter": ";",
  "fields": {
    "ext_id":        {"column": "id"},
    "last_name":     {"column": "nom"},
    "first_name":    {"column": "prenom"},
    "birth_date":    {"column": "naissance", "date": ["dd.mm.yyyy", "d/m/yyyy", "dd-mm-yyyy",
                      "dd-mm-yy", "dd-mon-yyyy", "dd-mon-yy"]},
    "registered_on": {"column": "inscrit", "date": "iso"}
  }
}
X
cat >dates.csv <<'X'
id;nom;prenom;naissance;inscrit
D1;A;B;05.04.2003;2024-05-01
D2;A;B;5/4/2003;2024-05-01 13:45:00
D3;A;B;15/12/2003;2024-05-01T13:45:00Z
D4;A;B;05-04-2003;2024-05-01T23:30:00.250+02:00
D5;A;B;05-04-67;2024-05-01T01:00:00-05:00
D6;A;B;08-MAY-67;
D7;A;B;08-mai-1967;
D8;A;B;08-Févr.-1967;
D9;A;B;08-déc-67;
D10;A;B;08-AOÛT-1967;
D11;A;B;5.4.2003;
D12;A;B;31.02.2003;
D13;A;B;08-xyz-67;
D14;A;B;01/01/1990;2024-05-01 25:00
X
run cm intake --import dates.csv --map dates.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: dates.csv:12: field 'birth_date': invalid date
cm: error: dates.csv:13: field 'birth_date': invalid date
cm: error: dates.csv:14: field 'birth_date': invalid date
cm: error: dates.csv:15: field 'registered_on': invalid date
cm: dates.csv: 14 read, 10 created, 0 updated, 0 unchanged, 4 rejected
cm: rejected rows are in r.csv
X
run db_sql "SELECT ext_id, birth_date, coalesce(registered_on, '-')
	FROM person WHERE source = 'dates' ORDER BY id"
expect_out <<'X'
D1|2003-04-05|2024-05-01
D2|2003-04-05|2024-05-01
D3|2003-12-15|2024-05-01
D4|2003-04-05|2024-05-01
D5|1967-04-05|2024-05-01
D6|1967-05-08|-
D7|1967-05-08|-
D8|1967-02-08|-
D9|1967-12-08|-
D10|1967-08-08|-
X

## "on_error": "empty" drops an optional field's bad value with a warning
## (no value shown) and imports the person; required fields always reject.
cat >soft.json <<'X'
{
  "source": "soft",
  "fields": {
    "ext_id":     {"column": "id"},
    "last_name":  {"column": "nom"},
    "first_name": {"column": "prenom"},
    "birth_date": {"column": "naissance", "date": "yyyy-mm-dd", "on_error": "empty"},
    "sex":        {"column": "sexe", "map": {"F": "female"}, "on_error": "empty"},
    "email":      {"column": "mail", "on_error": "reject"}
  }
}
X
cat >soft.csv <<'X'
id,nom,prenom,naissance,sexe,mail
S1,A,B,1990-02-30,F,
S2,A,B,1990-02-03,Q,
S3,,B,1990-02-03,F,
S4,A,B,2990-01-01,Q,nope
X
run cm intake --import soft.csv --map soft.json --rejects r.csv --format json
expect_code 3
expect_out <<'X'
{
  "read": 4,
  "created": 2,
  "updated": 0,
  "unchanged": 0,
  "rejected": 2,
  "emptied": 4,
  "deleted": 0,
  "closed": 0,
  "stale": 0
}
X
expect_err <<'X'
cm: warning: soft.csv:2: field 'birth_date': invalid date; the value is left out
cm: warning: soft.csv:3: field 'sex': the value is not in the mapping's map; the value is left out
cm: error: soft.csv:4: field 'last_name' is empty
cm: warning: soft.csv:5: field 'birth_date': the date is in the future; the value is left out
cm: warning: soft.csv:5: field 'sex': the value is not in the mapping's map; the value is left out
cm: error: soft.csv:5: field 'email': not an e-mail address
cm: soft.csv: 4 read, 2 created, 0 updated, 0 unchanged, 2 rejected
cm: 4 bad values were left out ("on_error": "empty")
cm: rejected rows are in r.csv
X
run db_sql "SELECT ext_id, coalesce(birth_date, '-'), coalesce(sex, '-')
	FROM person WHERE source = 'soft' ORDER BY id"
expect_out <<'X'
S1|-|female
S2|1990-02-03|-
X
printf '%s\n' '{"source": "x", "fields": {"ext_id": {"column": "id", "on_error": "empty"},
 "last_name": {"column": "nom"}, "first_name": {"column": "prenom"}}}' >req.json
expect_unchanged 2 cm intake --import soft.csv --map req.json
expect_err <<'X'
cm: error: mapping 'req.json': field 'ext_id' is required: a bad value always rejects the row
X

## The rejects file round trip: fixed and imported again, cm recognises its
## own file, ignores its cm_line and cm_reason, keeps the export's line
## numbers, writes the rows still rejected back to the same file, and
## removes it when none remain.
printf '%s\n' 'id;nom;prenom;naissance;notes' 'R1;A;B;1990-01-01;' 'R2;A;B;1990-02-30;' \
	'R3;;B;1990-01-03;' 'R4;A;B;1990-01-04;' 'R5;A;B;31/01/1990;x;y' >rt.csv
sed -e 's/"source": "pes",/"source": "rt", "delimiter": ";",/' t.json >rt.json
run cm intake --import rt.csv --map rt.json
expect_code 3
expect_err <<'X'
cm: error: rt.csv:3: field 'birth_date': invalid date
cm: error: rt.csv:4: field 'last_name' is empty
cm: error: rt.csv:6: long row: 6 columns, expected 5
cm: rt.csv: 5 read, 2 created, 0 updated, 0 unchanged, 3 rejected
cm: rejected rows are in rt.csv.rejects.csv
X
sed -i -e 's/1990-02-30/1990-02-20/' rt.csv.rejects.csv
run cm intake --import rt.csv.rejects.csv --map rt.json
expect_code 3
expect_err <<'X'
cm: error: rt.csv.rejects.csv:4: field 'last_name' is empty
cm: error: rt.csv.rejects.csv:6: long row: 8 columns, expected 7
cm: rt.csv.rejects.csv: 3 read, 1 created, 0 updated, 0 unchanged, 2 rejected
cm: rejected rows are in rt.csv.rejects.csv
X
run cat rt.csv.rejects.csv
expect_out <<'X'
id;nom;prenom;naissance;notes;cm_line;cm_reason
R3;;B;1990-01-03;;4;field 'last_name' is empty
R5;A;B;31/01/1990;x;y;6;long row: 8 columns, expected 7
X
run test -e rt.csv.rejects.csv.rejects.csv
expect_code 1
sed -i -e 's/R3;;B/R3;C;B/' -e 's/31\/01\/1990;x;y/1990-01-31;x/' rt.csv.rejects.csv
run cm intake --import rt.csv.rejects.csv --map rt.json
expect_code 0
expect_err <<'X'
cm: rt.csv.rejects.csv: 2 read, 2 created, 0 updated, 0 unchanged, 0 rejected
X
run test -e rt.csv.rejects.csv
expect_code 1
run db_sql "SELECT ext_id || ' ' || birth_date FROM person WHERE source = 'rt' ORDER BY ext_id"
expect_out <<'X'
R1 1990-01-01
R2 1990-02-20
R3 1990-01-03
R4 1990-01-04
R5 1990-01-31
X
# Without a header, and a row whose open quote was closed for cm's cells.
cat >nh.json <<'X'
{"source": "nh", "header": false, "fields": {"ext_id": {"column": 1},
 "last_name": {"column": 2}, "first_name": {"column": 3}}}
X
printf 'H1,A,B\nH2,"Open,B\nH3,C,D\n' >nh.csv
run cm intake --import nh.csv --map nh.json
expect_code 3
run cat nh.csv.rejects.csv
expect_out <<'X'
,,,cm_line,cm_reason
H2,"Open,B",2,a quote opened at line 2 is probably not closed; the lines after it are read again as rows
X
sed -i -e 's/"Open,B"/Open,B/' nh.csv.rejects.csv
run cm intake --import nh.csv.rejects.csv --map nh.json
expect_code 0
expect_err <<'X'
cm: nh.csv.rejects.csv: 1 read, 1 created, 0 updated, 0 unchanged, 0 rejected
X
run db_sql "SELECT ext_id || ':' || last_name FROM person WHERE source = 'nh' ORDER BY id"
expect_out <<'X'
H1:A
H3:C
H2:Open
X

## --update-only changes known people and creates no one (no person, no
## case); names are not required for people already known.
cat >upd.json <<'X'
{"source": "rt", "delimiter": ";", "fields": {"ext_id": {"column": "id"},
 "last_name": {"column": "nom"}, "first_name": {"column": "prenom"}, "phone": {"column": "tel"}}}
X
printf 'id;nom;prenom;tel\nR1;;;0470111111\nR2;A;B;\nZ9;New;Person;0470222222\n' >upd.csv
before=$(db_sql "SELECT count(*) FROM person; SELECT count(*) FROM cases")
run cm intake --import upd.csv --map upd.json --update-only --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: upd.csv:4: field 'ext_id': no person has this id from this source, and --update-only creates no one
cm: upd.csv: 3 read, 0 created, 1 updated, 1 unchanged, 1 rejected
cm: rejected rows are in r.csv
X
checks=$((checks + 1))
[ "$before" = "$(db_sql "SELECT count(*) FROM person; SELECT count(*) FROM cases")" ] ||
	fail "--update-only created a person or a case"
run db_sql "SELECT ext_id, last_name, first_name, coalesce(phone, '-')
	FROM person WHERE source = 'rt' AND ext_id IN ('R1', 'R2') ORDER BY ext_id"
expect_out <<'X'
R1|A|B|0470111111
R2|A|B|-
X
# Without --update-only the same file needs the names and creates Z9.
run cm intake --import upd.csv --map upd.json --rejects r.csv
expect_code 3
expect_err <<'X'
cm: error: upd.csv:2: field 'first_name' is empty
cm: upd.csv: 3 read, 1 created, 0 updated, 1 unchanged, 1 rejected
cm: rejected rows are in r.csv
X

## "updated_at": a row older than what an earlier export recorded changes
## nothing and is counted stale; a newer one updates the person and keeps
## its date; rows of one file are compared with each other too.
cat >st.json <<'X'
{"source": "st", "fields": {"ext_id": {"column": "PersonalID"},
 "last_name": {"column": "LastName"}, "first_name": {"column": "FirstName"},
 "phone": {"column": "Phone"},
 "updated_at": {"column": "DateUpdated", "date": "iso"}}}
X
printf 'PersonalID,LastName,FirstName,Phone,DateUpdated\nH1,Diallo,Awa,0470000001,2026-02-10 09:00:00\nH2,Peeters,Jan,0470000002,\n' >st1.csv
run cm intake --import st1.csv --map st.json --format tsv
expect_code 0
expect_out <<'X'
read	created	updated	unchanged	rejected	emptied	deleted	closed	stale
2	2	0	0	0	0	0	0	0
X
# An older export of H1 (a new phone), a newer one for H2, and H1 twice in
# one file: the older of the two comes second.
printf 'PersonalID,LastName,FirstName,Phone,DateUpdated\nH1,Diallo,Awa,0470999999,2026-01-31T23:00:00Z\nH2,Peeters,Jan,0470888888,2026-03-01\nH2,Peeters,Jan,0470777777,2026-02-01\n' >st2.csv
run cm intake --import st2.csv --map st.json --format json
expect_code 0
expect_out <<'X'
{
  "read": 3,
  "created": 0,
  "updated": 1,
  "unchanged": 0,
  "rejected": 0,
  "emptied": 0,
  "deleted": 0,
  "closed": 0,
  "stale": 2
}
X
expect_err <<'X'
cm: st2.csv: 3 read, 0 created, 1 updated, 0 unchanged, 0 rejected
cm: 2 rows are older than what an earlier export recorded (updated_at): they changed nothing
X
run db_sql "SELECT ext_id, phone, coalesce(source_updated_on, '-')
	FROM person WHERE source = 'st' ORDER BY ext_id"
expect_out <<'X'
H1|0470000001|2026-02-10
H2|0470888888|2026-03-01
X
run db_sql "SELECT replace(summary, (SELECT CAST(id AS TEXT) FROM person WHERE source = 'st' AND ext_id = 'H2'), 'H2')
	FROM audit ORDER BY id DESC LIMIT 1"
expect_out <<'X'
person H2 updated by import from st: phone source_updated_on
X
# The same file again: the newer row is unchanged, the older still stale.
run cm intake --import st2.csv --map st.json
expect_code 0
expect_err <<'X'
cm: st2.csv: 3 read, 0 created, 0 updated, 1 unchanged, 0 rejected
cm: 2 rows are older than what an earlier export recorded (updated_at): they changed nothing
cm: nothing changed
X
run cm audit --verify
expect_code 0
# Twice in one file, the later change second: it applies.
printf 'PersonalID,LastName,FirstName,Phone,DateUpdated\nH1,Diallo,Awa,0470000011,2026-02-11\nH1,Diallo,Awa,0470000012,2026-02-12\n' >st3.csv
run cm intake --import st3.csv --map st.json
expect_code 0
expect_err <<'X'
cm: st3.csv: 2 read, 0 created, 2 updated, 0 unchanged, 0 rejected
X
run db_sql "SELECT phone, source_updated_on FROM person WHERE source = 'st' AND ext_id = 'H1'"
expect_out <<'X'
0470000012|2026-02-12
X

finish
