#!/bin/sh
# One command, one transaction; the output is written before the commit.
. "$TESTS_DIR/lib/cli.sh"

# Run a writing command with stdout on a full device: it must fail, say
# so, and leave the database as it was.
expect_full_unchanged()
{
	local before after
	before=$(db_state)
	current="$* >/dev/full"
	"$CM" "$@" >/dev/full 2>"$TMP/err" </dev/null
	code=$?
	err=$(cat "$TMP/err")
	after=$(db_state)
	expect_code 1
	checks=$((checks + 1))
	case "$err" in
	*"cm: error: cannot write output: No space left on device"*) ;;
	*) fail "no write error reported: $err" ;;
	esac
	checks=$((checks + 1))
	[ "$before" = "$after" ] || fail "the database changed"
}

run cm init
run cm intake --first-name Léa --last-name Dupont --criteria complex --consent case-management
expect_out <<'X'
1
X

# A full disk under stdout: nothing is committed, and the status says so.
expect_full_unchanged intake --first-name Zoé --last-name Müller
expect_full_unchanged contact 1 --channel phone --duration 10
expect_full_unchanged partner add "CPAS Ixelles" --domain social-assistance
expect_full_unchanged intake --case 1 --criteria self-management
expect_full_unchanged close 1 --outcome moved --force
run cm intake --first-name Zoé --last-name Müller --criteria all --consent case-management
expect_out <<'X'
2
X
expect_full_unchanged assess 2 --domain housing=3
run cm assess 2 --domain housing=3
expect_full_unchanged plan 2 goal add "Find stable housing"

# The same commands with a working stdout change the database.
run cm contact 1 --channel phone --duration 10
expect_code 0
expect_out <<'X'
1
X

# Completing screening and giving consent is one change: when the consent
# step is refused, the criteria recorded just before are undone too.
db_add_trigger refuse_consent consent 'consent refused'
expect_unchanged 1 cm intake --case 1 --criteria self-management,multi-provider --consent share-partners
db_drop_trigger refuse_consent consent
run cm intake --case 1 --criteria self-management,multi-provider --consent share-partners --format csv
expect_code 0
run db_sql "SELECT case_id, scope, given FROM consent ORDER BY id"
expect_out <<'X'
1|case-management|1
2|case-management|1
1|share-partners|1
X

finish
