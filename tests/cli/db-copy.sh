#!/bin/sh
# cm db copy --to TARGET: the whole database into a new one, of either
# engine, in one transaction, checked (row counts, audit chain head, both
# chains verified) before it is kept; a target that is not new is refused.
. "$TESTS_DIR/lib/cli.sh"

run cm init
expect_code 0
run cm intake --first-name Léa --last-name Dupont --birth-date 2003-04-05 --ext-id A1 \
	--source actiris --worker bob --criteria all --consent all
expect_code 0
run cm assess 1 --domain housing=3:"evicted in May" --domain debts=2
expect_code 0
# A note with what a bulk load must escape: a tab, a new line, backslashes, a
# literal \N (COPY's null) and a quote.
run cm contact 1 --channel phone --duration 10 \
	--note "$(printf 'called\tback \\N at 10:00\nsaid "C:\\dossiers\\"')"
expect_code 0
run cm intake --import "$TESTS_DIR/fixtures/import/be-sample.csv" \
	--map "$TESTS_DIR/../mappings/be-actiris.json"
expect_code 3
run cm show 1
expect_code 0

# The copy's output: each table by name with its rows, then the verdict.
copied()   # TARGET AUDIT_RECORDS ACCESS_RECORDS
{
	cat <<X
access: $3 rows
action: 0 rows
assessment: 1 row
assessment_score: 2 rows
audit: $2 rows
cases: 5 rows
consent: 2 rows
contact: 1 row
criterion: 4 rows
follow_up: 0 rows
goal: 0 rows
meta: 2 rows
offer: 0 rows
partner: 0 rows
person: 5 rows
person_link: 0 rows
plan_signature: 0 rows
programme: 6 rows
referral: 0 rows
referral_status: 0 rows
renewal: 0 rows
worker: 24 rows
copied to $1: $2 audit records, the chains verified
X
}

# Into a new file: the same data, the same audit log, byte for byte.
target=$TMP/copy.db
run cm audit --format json
audit_before=$out
run cm db copy --to "$target"
expect_code 0
copied "$target" 13 2 >"$TMP/copied"
expect_out <"$TMP/copied"
CM_DB=$target run cm audit --format json
expect_code 0
checks=$((checks + 1))
[ "$out" = "$audit_before" ] || fail "the copy's audit log differs from the source's"
CM_DB=$target run cm audit --verify
expect_code 0
expect_out <<X
audit chain intact: 13 records
access log chain intact: 3 records
X
run cm list --any --format json
listed=$out
CM_DB=$target run cm list --any --format json
checks=$((checks + 1))
[ "$out" = "$listed" ] || fail "the copy lists other cases than the source"
CM_DB=$target run cm db check
expect_code 0
# The note comes back as it was written, escapes and all.
run cm contact 1 --list --format json
contacts=$out
CM_DB=$target run cm contact 1 --list --format json
checks=$((checks + 1))
[ "$out" = "$contacts" ] || fail "the copy's contact differs: $out"
checks=$((checks + 1))
case $out in *'called\tback \\N at 10:00\nsaid \"C:\\dossiers\\\"'*) ;;
*) fail "the note is not in the contact list: $out" ;; esac

# On a server, the other way too: the file copied into a new server
# database, which holds what the first one held.
if db_is_server; then
	second=$(db_new second)
	CM_DB=$target run cm db copy --to "$second"
	expect_code 0
	copied "$second" 13 5 >"$TMP/copied"
	expect_out <"$TMP/copied"
	CM_DB=$second run cm audit --format json
	checks=$((checks + 1))
	[ "$out" = "$audit_before" ] || fail "the second copy's audit log differs"
	CM_DB=$second run cm audit --verify
	expect_code 0
	CM_DB=$second run cm contact 1 --list --format json
	checks=$((checks + 1))
	[ "$out" = "$contacts" ] || fail "the second copy's contact differs: $out"
fi

# A target that is not new is refused with MESSAGE, and stays as it was.
refused()   # TARGET MESSAGE
{
	CM_DB=$1 run db_state
	before=$out
	run cm db copy --to "$1"
	expect_code 1
	expect_err <<X
cm: error: $2
X
	CM_DB=$1 run db_state
	checks=$((checks + 1))
	[ "$out" = "$before" ] || fail "a refused copy changed $1"
}
refused "$target" "database '$target' already exists; not overwriting it"
# On a server, a database that already holds tables is refused too.
if db_is_server; then
	full=$(db_new full)
	CM_DB=$full run cm init
	expect_code 0
	refused "$full" "database '$full' already holds tables; cm init needs an empty database or schema"
fi
# Nor can a database be copied onto itself.
run cm db copy --to "$CM_DB"
expect_code 2
expect_err <<X
cm: error: cannot copy database '$CM_DB' onto itself
X

# Usage errors: no target, a target for another action.
run cm db copy
expect_code 2
expect_err <<'X'
cm: error: usage: cm db copy --to TARGET
X
run cm db check --to "$TMP/x.db"
expect_code 2
expect_err <<'X'
cm: error: --to is only for 'cm db copy'
X
run cm db copy --to "$TMP/a.db" --to "$TMP/b.db"
expect_code 2
checks=$((checks + 1))
[ ! -e "$TMP/a.db" ] && [ ! -e "$TMP/b.db" ] || fail "a refused copy created a file"

finish
