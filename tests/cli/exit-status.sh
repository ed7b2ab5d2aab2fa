#!/bin/sh
# Exit codes follow the man pages: every code a page's EXIT STATUS lists is
# what the command returns in a situation that section names, and no
# situation below gives a code its page leaves out. The French page lists
# the same codes. Usage errors are found before the database is opened:
# with --db naming a missing file, each still exits 2 and creates nothing.
. "$TESTS_DIR/lib/cli.sh"

# The codes a page's exit status section lists (*0*, *1*, ...), one line.
page_codes()
{
	awk '/^# (EXIT STATUS|CODE DE RETOUR)/ { p = 1; next } /^# / { p = 0 } p' "$1" |
		grep -o '\*[0-9][0-9]*\*' | tr -d '*' | sort -n -u | tr '\n' ' '
}

# Run cm with a writer holding the database exclusively: readers wait too.
busy()
{
	db_hold all 2
	CM_BUSY_TIMEOUT=100 run cm "$@"
	wait
}

run cm init
CM_TODAY=2026-02-01 run cm intake --first-name Léa --last-name Dupont --ext-id BE-1 \
	--source actiris --criteria all --consent all
run cm assess 1 --domain housing=2
run cm partner add "CPAS Ixelles" --domain housing --agreement CONV-1
run cm intake --first-name Tom --last-name Closed --criteria all --consent all
run cm close 2 --outcome moved --force
run cm intake --first-name Yan --last-name Young --birth-date 2005-01-01 \
	--programme eu-youth-guarantee --registered-on 2026-01-10 --criteria all --consent all
run cm intake --first-name Tia --last-name Trajet --birth-date 1990-01-01 \
	--programme be-trajet-specifique --criteria all --consent all --force
run cm intake --first-name Sue --last-name Spended --criteria all --consent all
run cm suspend 5 --reason "first stay"
columns='identifiant;nom;prenom;date_naissance;sexe;code_postal;telephone;email;langue'
printf '%s;date_inscription;conseiller;remarques\n' "$columns" >"$TMP/ok.csv"
printf 'BE-9;Martin;Eva;01/02/1990;F;1000;;;fr;01/03/2026;alice;\n' >>"$TMP/ok.csv"
cp "$TMP/ok.csv" "$TMP/bad.csv"
printf 'BE-10;Martin;Eve;31/02/1990;F;1000;;;fr;01/03/2026;alice;\n' >>"$TMP/bad.csv"
echo '{"source": "actiris", "fields": {' >"$TMP/broken.json"
[ "$code" = 0 ] || fail "set-up"

# PAGE CODE COMMAND...: the situation gives CODE, which page PAGE lists.
# "busy" runs the command against a locked database.
cat >"$TMP/situations" <<X
assess 0 assess 1 --domain debts=1
assess 1 assess 2 --domain debts=1
assess 2 assess 1 --domain housing=9
assign 0 assign 1 bob --reason holiday
assign 1 assign 2 bob --reason holiday
assign 2 assign 1 bob
audit 0 audit 1
audit 1 audit 9
audit 2 audit 1 2
consent 0 consent 3 withdraw share-partners
consent 1 consent 3 withdraw share-partners
consent 2 consent 3 grant share-partners
contact 0 contact 3 --channel phone --duration 20
contact 1 contact 9 --channel phone --duration 20
contact 2 contact 3 --channel phone --duration 601
contact 2 contact 3 --channel fax --duration 20
db 0 db migrate
db 1 db backup $TMP/no/such/dir/copy.db
db 2 db frob
db 75 busy db check
help 0 help show
help 2 help frob
import 0 intake --import $TMP/ok.csv --map $SOURCE_DIR/mappings/be-actiris.json --dry-run
import 1 intake --import $TMP/missing.csv --map $SOURCE_DIR/mappings/be-actiris.json
import 2 intake --import $TMP/ok.csv --map $TMP/broken.json
import 3 intake --import $TMP/bad.csv --map $SOURCE_DIR/mappings/be-actiris.json --dry-run
import 75 busy intake --import $TMP/ok.csv --map $SOURCE_DIR/mappings/be-actiris.json
init 0 --db $TMP/new.db init
init 1 init
init 2 init --bogus
intake 0 intake --first-name Ana --last-name New
intake 2 intake --first-name Zoe --last-name Else --programme nowhere
intake 2 intake --first-name Ana
intake 1 intake --first-name Ana --last-name New --person 99
intake 3 intake --import $TMP/bad.csv --map $SOURCE_DIR/mappings/be-actiris.json
list 0 list
list 1 list --worker nobody
list 2 list --state bogus
log 0 log 1
log 1 log 9
log 2 log
offer 0 offer 3 --kind job --accepted no
offer 1 offer 4 --kind job --accepted no
offer 2 offer 3 --kind job
offer 2 offer 3 --kind holiday --accepted no
offer 75 busy offer 3 --kind job --accepted yes
partner 0 partner list
partner 1 partner show 9
partner 2 partner list --domain trainig
person 0 person export 1 -o $TMP/lea.json
person 1 person export 99
person 2 person link 1 1
plan 0 plan 1 goal add "Find housing"
plan 1 plan 2 goal add "Find housing"
plan 2 plan 1 goal frob
programme 0 programme list
programme 1 programme show nowhere
programme 2 programme add $TMP/broken.json
programme 75 busy programme list
refer 0 refer 1 --partner 1 --reason housing --share none
refer 1 refer 1 --partner 9 --reason housing --share none
refer 2 refer 1 --partner 1 --reason housing --share shoe_size
remind 0 remind --exit-code --worker carol
remind 1 remind --worker nobody
remind 2 remind --within -1
remind 3 remind --exit-code --all
remind 75 busy remind --all
renew 0 renew 4 --months 6 --reason "more time"
renew 1 renew 1 --months 6
renew 2 renew 1
renew 75 busy renew 4 --months 2
report 0 report caseload
report 1 report caseload --team nowhere
report 2 report caseload --programme nowhere
report 2 report nosuch
report 75 busy report caseload
resume 0 resume 5
resume 1 resume 1
resume 2 resume
show 0 show 1
show 1 show 9
show 2 show 1 2
suspend 0 suspend 5 --reason hospital
suspend 1 suspend 9 --reason hospital
suspend 2 suspend 5
worker 0 worker list
worker 1 worker show nobody
worker 2 worker add "Bad Login" --name Bad
cm 0 --version
cm 1 --db $TMP/missing.db list
cm 2 frob
cm 3 remind --exit-code --all
cm 75 busy list
close 2 close 1 --outcome nowhere
close 1 close 1 --outcome training
close 0 close 1 --outcome training --force
X

: >"$TMP/seen"
while IFS= read -r line; do
	eval "set -- $line"
	page=$1 want=$2
	shift 2
	if [ "$1" = busy ]; then
		shift
		busy "$@"
	else
		run cm "$@"
	fi
	current="[$page $want] cm $*"
	expect_code "$want"
	echo "$page $want" >>"$TMP/seen"
done <"$TMP/situations"

# Each page lists exactly the codes its situations give, and so does its
# French page.
for page in "$SOURCE_DIR"/man/cm.1.scd "$SOURCE_DIR"/man/cm-*.1.scd; do
	name=${page##*/}
	name=${name%.1.scd}
	name=${name#cm-}
	want=$(page_codes "$page")
	got=$(awk -v p="$name" '$1 == p { print $2 }' "$TMP/seen" | sort -n -u | tr '\n' ' ')
	current="man/${page##*/}"
	checks=$((checks + 1))
	[ -n "$want" ] || fail "no exit status section"
	[ "$want" = "$got" ] || fail "lists exit codes '$want'; the situations give '$got'"
	checks=$((checks + 1))
	[ "$(page_codes "$SOURCE_DIR/man/fr/${page##*/}")" = "$want" ] ||
		fail "the French page lists '$(page_codes "$SOURCE_DIR/man/fr/${page##*/}")', not '$want'"
done

# Usage errors come first: the database named is missing and stays so.
# Three are found only once the database is open: the verb after a plan's
# goal or action (the case is looked up first), a programme profile's checks,
# and an unknown --programme (the programmes are the database's).
grep '^[a-z]* 2 ' "$TMP/situations" | grep -v '^cm \|^help \|^init \|^plan \|^programme ' |
	grep -v -- '--programme nowhere' |
while IFS= read -r line; do
	eval "set -- $line"
	shift 2
	"$CM" --db "$TMP/absent.db" "$@" >/dev/null 2>&1 </dev/null
	echo "$? $*"
done >"$TMP/absent"
run grep -v '^2 ' "$TMP/absent"
expect_code 1
expect_no_out
run ls "$TMP/absent.db"
expect_code 2

finish
