#!/bin/sh
# One scripted workflow (intake to closure, an import, reminders, every
# report, the logs) run on a SQLite file and on a PostgreSQL database: every
# machine-readable output and every exit code is the same byte for byte.
# Needs a server, so it runs in the PostgreSQL suite only. The audit
# records' real time is each engine's own clock (the server's on a server),
# and so are the hashes that cover it: those two fields are compared by
# checking both chains instead.
STAFF=
. "$TESTS_DIR/lib/cli.sh"
db_is_server || { echo "PostgreSQL only (compares the two engines): skipped"; exit 77; }

day()
{
	export CM_TODAY=$1 CM_NOW=${1}T09:00:00Z
}

# Each step: its command line, exit code and standard output.
step()
{
	printf '$ %s\n' "$*" >>"$log"
	"$CM" "$@" >>"$log" 2>"$TMP/step.err" </dev/null
	rc=$?
	[ $rc = 0 ] || cat "$TMP/step.err" >>"$log"
	printf '[exit %s]\n' $rc >>"$log"
}

workflow()
{
	log=$1
	: >"$log"
	day 2026-03-02
	step init
	step worker add bob --name "Bob Martin" --team north
	step worker add carol --name "Carol Peeters" --team south --role manager
	for w in amartin bdesmet cvanacker; do
		step worker add $w --name "Worker $w" --team north
	done
	step intake --first-name Léa --last-name Dupont --birth-date 2003-04-05 \
		--phone "0470 11 22 33" --ext-id A1 --source actiris --worker bob \
		--criteria complex,self-management --format json
	step intake --case 1 --criteria multi-provider,cooperation --consent case-management \
		--format csv
	step intake --first-name Jan --last-name Peeters --birth-date 2004-11-30 --worker carol \
		--programme eu-youth-guarantee --format tsv
	step intake --first-name Zoé --last-name Martin --birth-date 1985-01-31 --worker bob \
		--criteria complex --format json
	day 2026-03-05
	step assess 1 --domain housing=3:"evicted in May" --domain debts=2 \
		--domain work-history=2 --strengths "motivated; drives" --format json
	step plan 1 goal add "Find stable housing" --due 2026-06-30 --format json
	step plan 1 action add 1 "Apply for social housing" --owner client --due 2026-03-20 \
		--format json
	step plan 1 sign --by client --format json
	step plan 1 sign --by worker --format json
	day 2026-03-06
	step contact 1 --channel in-person --duration 60 --note "plan signed" --format json
	step partner add "Agence Immobilière Sociale" --domain housing --agreement AIS-2025-3 \
		--format json
	step consent 1 give share-partners
	step refer 1 --partner 1 --reason "social housing application" \
		--share first_name,last_name,phone,assessment --format json
	day 2026-03-10
	step refer --update 1 --status accepted --feedback "file complete" --format json
	step intake --import "$TMP/be.csv" --map "$MAPS/be-actiris.json" --format json
	day 2026-03-31
	step remind --all --format json
	step remind --all --format csv
	step suspend 3 --reason "in hospital" --format csv
	day 2026-04-15
	step resume 3 --format csv
	step plan 1 action done 1 --note "applied on 18 March" --format json
	step refer --update 1 --status started --format json
	step refer --update 1 --status completed --feedback "flat found" --format json
	step assess 1 --domain housing=1 --domain debts=2 --domain work-history=1 --final \
		--format json
	step close 1 --outcome training --note "welding course" --format json
	step list --any --format json
	step list --any --format tsv
	step show 1 --format json
	step log 1 --format tsv
	for r in caseload outcomes durations youth-guarantee quota referrals; do
		step report $r --format json
	done
	step report contacts --from 2026-01-01 --to 2026-06-30 --by month --format csv
	step report caseload --by worker --format tsv
	step person export 1
	step audit --verify
	step audit --format json
	step audit --access --format csv
}

MAPS=$TESTS_DIR/../mappings
cp "$TESTS_DIR/fixtures/import/be-sample.csv" "$TMP/be.csv"

workflow "$TMP/server.out"
server_db=$CM_DB
export CM_DB="$TMP/file.db"
rm -f "$TMP/be.csv.rejects.csv"
workflow "$TMP/file.out"

# The real time and the hashes over it are each engine's own, and cm init
# names the database it created.
clean()
{
	sed -E 's/"(real_at|hash|prev_hash)": "[^"]*"/"\1": "-"/g;
		s/^([0-9]+,[0-9T:Z-]+,)[0-9T:Z-]+,/\1REAL,/; /^created /d' "$1"
}
clean "$TMP/server.out" >"$TMP/server.clean"
clean "$TMP/file.out" >"$TMP/file.clean"
checks=$((checks + 1))
if ! diff "$TMP/server.clean" "$TMP/file.clean" >"$TMP/diff"; then
	fail "the two engines' outputs differ (server <, file >)"
	head -40 "$TMP/diff"
fi

# The workflow did what it says: every step succeeded but the import, some
# of whose rows are rejected (3).
checks=$((checks + 1))
bad=$(awk '/^\$ /{c = $0} /^\[exit [1-9]/{print c, $0}' "$TMP/file.out" |
	grep -v '^\$ intake --import.*\[exit 3\]$')
[ -z "$bad" ] || fail "steps failed: $bad"
checks=$((checks + 1))
[ "$(grep -c '^\$ ' "$TMP/server.out")" = 46 ] || fail "not every step ran"
run cm audit --verify
expect_code 0
CM_DB=$server_db run cm audit --verify
expect_code 0

finish
