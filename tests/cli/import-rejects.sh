#!/bin/sh
# cm intake --import and its rejects file: cm replaces or removes only a
# rejects file it wrote itself, cleans up the temporary files a killed
# import left, and keeps cell values off stderr.
# The database's own files (the file, its -wal, -shm and -journal) refused
# as a rejects path are SQLite's part: a server database has none.
. "$TESTS_DIR/lib/cli.sh"

MAPS=$SOURCE_DIR/mappings
cd "$TMP" || exit 1
"$CM" init >/dev/null 2>&1
register_staff

cat >t.json <<'X'
{
  "source": "pes",
  "fields": {
    "ext_id":     {"column": "id"},
    "last_name":  {"column": "nom"},
    "first_name": {"column": "prenom"},
    "birth_date": {"column": "naissance", "date": "dd/mm/yyyy"},
    "email":      {"column": "mail"}
  }
}
X
printf 'id,nom,prenom,naissance,mail\nA1,Durand,Ana,01/02/1990,\nA2,Secret,Bob,31/02/1990,\n' >bad.csv
printf 'id,nom,prenom,naissance,mail\nA1,Durand,Ana,01/02/1990,\n' >clean.csv

# Run an import that must be refused before reading a row: exit 2, the
# database and the file at the rejects path untouched.
refused()
{
	local path=$1 before
	shift
	before=$(file_state "$path")
	expect_unchanged 2 timeout 20 "$CM" intake --import "$@"
	checks=$((checks + 1))
	[ "$before" = "$(file_state "$path")" ] || fail "the file at $path changed"
}

# What is at a path: its type, mode, size and time, and a regular file's bytes.
file_state()
{
	ls -ld --time-style=full-iso "$1" 2>/dev/null
	[ -f "$1" ] && [ ! -L "$1" ] && cksum <"$1"
}

## The database and the files SQLite keeps beside it are never a rejects file.
mkdir sub
if ! db_is_server; then
	for p in "$CM_DB" "$CM_DB-wal" "$CM_DB-shm" "$CM_DB-journal"; do
		refused "$p" bad.csv --map t.json --rejects "$p"
		expect_err <<X
cm: error: the rejects file '$p' is the database or one of its files
X
	done
	run db_sql "PRAGMA integrity_check"
	expect_out <<'X'
ok
X
	# Named another way, it is still the database.
	refused "$CM_DB" bad.csv --map t.json --rejects "sub/../$(basename "$CM_DB")"
	expect_err <<X
cm: error: the rejects file 'sub/../$(basename "$CM_DB")' is the database or one of its files
X
fi

## Nor the mapping, the export, a link, a pipe, a directory or a device.
refused t.json bad.csv --map t.json --rejects t.json
expect_err <<'X'
cm: error: the rejects file 't.json' is the mapping file
X
refused bad.csv bad.csv --map t.json --rejects bad.csv
expect_err <<'X'
cm: error: the rejects file 'bad.csv' is the export itself
X
printf 'keep me\n' >target.txt
ln -s target.txt link.csv
refused target.txt bad.csv --map t.json --rejects link.csv
expect_err <<'X'
cm: error: the rejects file 'link.csv' is a symbolic link; cm does not follow links
X
ln -s missing.txt dangling.csv
refused dangling.csv bad.csv --map t.json --rejects dangling.csv
expect_err <<'X'
cm: error: the rejects file 'dangling.csv' is a symbolic link; cm does not follow links
X
run test -e missing.txt
expect_code 1
refused sub bad.csv --map t.json --rejects sub
expect_err <<'X'
cm: error: the rejects file 'sub' is not a regular file
X
refused /dev/null bad.csv --map t.json --rejects /dev/null
expect_err <<'X'
cm: error: the rejects file '/dev/null' is not a regular file
X
# A FIFO planted at the default path: refused at once (it used to take the
# rows and, with no reader, hold the write lock for ever).
mkfifo bad.csv.rejects.csv
refused bad.csv.rejects.csv bad.csv --map t.json
expect_err <<'X'
cm: error: the rejects file 'bad.csv.rejects.csv' is not a regular file
X
rm bad.csv.rejects.csv

## A file cm did not write is neither replaced (rows rejected) nor removed
## (a clean run), whatever its name.
printf 'id,nom\nmy own notes\n' >notes.csv
refused notes.csv bad.csv --map t.json --rejects notes.csv
expect_err <<'X'
cm: error: the rejects file 'notes.csv' exists and was not written by cm; move it away or name another file with --rejects
X
refused notes.csv clean.csv --map t.json --rejects notes.csv
printf 'not a rejects file\n' >clean.csv.rejects.csv
refused clean.csv.rejects.csv clean.csv --map t.json
rm clean.csv.rejects.csv
# A dry run without --rejects writes no rejects file, so the path is not checked.
printf 'not a rejects file\n' >bad.csv.rejects.csv
expect_unchanged 3 cm intake --import bad.csv --map t.json --dry-run
run cat bad.csv.rejects.csv
expect_out <<'X'
not a rejects file
X
rm bad.csv.rejects.csv

## A rejects file cm wrote is replaced by the next run, and removed by a clean one.
run cm intake --import bad.csv --map t.json --rejects r.csv
expect_code 3
run cat r.csv
expect_out <<'X'
id,nom,prenom,naissance,mail,cm_line,cm_reason
A2,Secret,Bob,31/02/1990,,3,field 'birth_date': invalid date
X
run stat -c %a r.csv
expect_out <<'X'
600
X
printf 'id,nom,prenom,naissance,mail\nA3,Other,Cy,01/13/1990,\n' >bad2.csv
run cm intake --import bad2.csv --map t.json --rejects r.csv
expect_code 3
run cat r.csv
expect_out <<'X'
id,nom,prenom,naissance,mail,cm_line,cm_reason
A3,Other,Cy,01/13/1990,,2,field 'birth_date': invalid date
X
run cm intake --import clean.csv --map t.json --rejects r.csv
expect_code 0
run test -e r.csv
expect_code 1
# Without a header, cm marks its rejects file with a first line of its own.
cat >nohead.json <<'X'
{"source": "pes", "header": false, "fields": {"ext_id": {"column": 1},
 "last_name": {"column": 2}, "first_name": {"column": 3}}}
X
printf 'N1,A,B\nN2,,B\n' >nohead.csv
run cm intake --import nohead.csv --map nohead.json --rejects n.csv
expect_code 3
run cat n.csv
expect_out <<'X'
,,,cm_line,cm_reason
N2,,B,2,field 'last_name' is empty
X
printf 'N1,A,B\n' >nohead.csv
run cm intake --import nohead.csv --map nohead.json --rejects n.csv
expect_code 0
run test -e n.csv
expect_code 1

## Rejections on stderr name the line, the field and the reason, never a value.
cat >v.json <<'X'
{
  "source": "pes",
  "programme": "eu-youth-guarantee",
  "fields": {
    "ext_id":     {"column": "id"},
    "last_name":  {"column": "nom"},
    "first_name": {"column": "prenom"},
    "birth_date": {"column": "naissance", "date": "dd/mm/yyyy"},
    "email":      {"column": "mail"},
    "sex":        {"column": "sexe", "map": {"F": "female"}},
    "programme":  {"column": "prog", "default": "eu-youth-guarantee"}
  }
}
X
cat >v.csv <<'X'
id,nom,prenom,naissance,mail,sexe,prog
V1,Zyxwv,Qwert,29/02/1999,,F,
V2,Zyxwv,Qwert,01/01/2031,,F,
V3,Zyxwv,Qwert,01/01/2005,zyxwv.example.org,F,
V4,Zyxwv,Qwert,01/01/2005,,Zqx,
V5,Zyxwv,Qwert,01/01/2005,,F,zyxwv-prog
V6,Zyxwv,Qwert,01/01/1961,,F,
V7,Zyxwv,Qwert,01/01/2005,,F,
V7,Zyxwv,Other,01/01/2005,,F,
X
run cm intake --import v.csv --map v.json --rejects v-rejects.csv
expect_code 3
expect_err <<'X'
cm: error: v.csv:2: field 'birth_date': invalid date
cm: error: v.csv:3: field 'birth_date': the date is in the future
cm: error: v.csv:4: field 'email': not an e-mail address
cm: error: v.csv:5: field 'sex': the value is not in the mapping's map
cm: error: v.csv:6: field 'programme': unknown programme; see 'cm programme list'
cm: error: v.csv:7: not eligible for programme eu-youth-guarantee
cm: error: v.csv:9: field 'ext_id': the same id is on an earlier row, with different data
cm: v.csv: 8 read, 1 created, 0 updated, 0 unchanged, 7 rejected
cm: rejected rows are in v-rejects.csv
X
# The values, and the detailed reason, are in the rejects file (mode 0600).
run tail -n 2 v-rejects.csv
expect_out <<'X'
V6,Zyxwv,Qwert,01/01/1961,,F,,7,age 65 on 2026-03-15 is outside programme eu-youth-guarantee (ages up to 24)
V7,Zyxwv,Other,01/01/2005,,F,,9,"field 'ext_id': the same id is on an earlier row, with different data"
X

## A killed import leaves its temporary rejects file (personal data); the
## next import of that file removes it and says so.
"$BUILD_DIR/tests/genexport" --rows 20000 --bad-every 50 >many.csv
mkfifo pipe
(cat many.csv; exec sleep 60) >pipe &
writer=$!
"$CM" intake --import pipe --map "$MAPS/be-actiris.json" --rejects many.rejects.csv >/dev/null 2>&1 &
importer=$!
i=0
while ! ls many.rejects.csv.?????? >/dev/null 2>&1 && [ "$i" -lt 1000 ]; do
	sleep 0.02
	i=$((i + 1))
done
sleep 0.5
kill -KILL "$importer"
kill "$writer"
{ wait "$importer" "$writer"; } 2>/dev/null
left=$(ls many.rejects.csv.?????? 2>/dev/null)
checks=$((checks + 1))
[ -n "$left" ] || fail "the killed import left no temporary rejects file"
# One in use by a running import (it holds a lock on it) is left alone.
printf 'x\n' >many.rejects.csv.Busy99
flock many.rejects.csv.Busy99 sleep 30 &
holder=$!
sleep 0.3
run cm intake --import many.csv --map "$MAPS/be-actiris.json" --rejects many.rejects.csv
expect_code 3
run sh -c 'printf "%s\n" "$1" | head -1' _ "$err"
expect_out <<X
cm: removed '$left', a temporary rejects file that an interrupted import had left
X
run sh -c 'ls many.rejects.csv*'
expect_out <<'X'
many.rejects.csv
many.rejects.csv.Busy99
X
kill "$holder"
{ wait "$holder"; } 2>/dev/null

finish
