#!/bin/sh
# JSON objects of one kind have the same keys, in the same order, wherever
# they appear and whatever their values: an absent value is null, never a
# missing key. A case in cm list, the case records the changing commands
# print and the head of cm show; a reminder item of every kind; a contact,
# a referral, a partner and a worker in each listing and in show.
. "$TESTS_DIR/lib/cli.sh"

# The keys of each object of a JSON list, one line per object.
list_keys()
{
	printf '%s\n' "$1" | awk '
		/^  \{/ { k = "" }
		/^    "[^"]*":/ { match($0, /"[^"]*"/); k = k (k == "" ? "" : " ") substr($0, RSTART + 1, RLENGTH - 2) }
		/^  \}/ { print k }'
}

# The keys of one JSON object, on one line.
record_keys()
{
	printf '%s\n' "$1" | awk '
		/^  "[^"]*":/ { match($0, /"[^"]*"/); k = k (k == "" ? "" : " ") substr($0, RSTART + 1, RLENGTH - 2) }
		END { print k }'
}

# Every line of $out (keys) is $1.
expect_keys()
{
	checks=$((checks + 1))
	bad=$(printf '%s\n' "$out" | grep -v -x -F -e "$1")
	[ -n "$out" ] && [ -z "$bad" ] || fail "keys differ: '$bad' (expected '$1')"
}

case_keys="case person ext_id source first_name last_name birth_date programme worker state opened_on closed_on outcome"
remind_keys="case worker person kind due overdue_days what"
contact_keys="contact at channel kind duration participants note recorded_by"
partner_keys="partner name domain agreement_ref agreement_date phone email address active"
worker_keys="login name team role email active"

run cm init
CM_TODAY=2026-01-05 run cm intake --first-name Léa --last-name Dupont --ext-id BE-1 --source actiris \
	--birth-date 2003-04-05 --criteria all --consent all --format json
record_keys "$out" >"$TMP/keys"
CM_TODAY=2026-01-06 run cm intake --first-name Tom --last-name Bare --format json
record_keys "$out" >>"$TMP/keys"
run cm assess 1 --domain housing=2
run cm partner add "CPAS Ixelles" --domain social-assistance --agreement C-1 --phone "02 555"
run cm partner add "Mission locale" --domain employment
run cm plan 1 goal add "Find housing"
run cm plan 1 action add 1 "Apply" --owner partner:1 --due 2026-03-01
run cm contact 1 --channel phone --duration 20
run cm contact 1 --channel in-person --kind case-conference --participants "CPAS, Léa" \
	--duration 45 --note "round table"
run cm contact 1 --channel phone --kind no-show
run cm refer 1 --partner 1 --reason housing --share first_name
run cm refer 1 --partner 2 --reason work --share none --feedback-days 3
run cm refer --update 1 --status accepted --feedback "seen"
run cm suspend 2 --reason hospital --format json
record_keys "$out" >>"$TMP/keys"
run cm resume 2 --format json
record_keys "$out" >>"$TMP/keys"
run cm assign 2 bob --reason holiday --format json
record_keys "$out" >>"$TMP/keys"
run cm close 2 --outcome moved --force --format json
record_keys "$out" >>"$TMP/keys"
run cm partner deactivate 2

# A case.
run cat "$TMP/keys"
expect_keys "$case_keys"
run cm list --any --format json
run list_keys "$out"
expect_keys "$case_keys"
run cm show 2 --format json
run sh -c 'printf "%s\n" "$1" | cut -d " " -f 1-13' _ "$(record_keys "$out")"
expect_keys "$case_keys"
run cm show 1 --format json
record_keys "$out" >"$TMP/show1"
run cm show 2 --format json
record_keys "$out" >"$TMP/show2"
run cmp "$TMP/show1" "$TMP/show2"
expect_code 0

# A reminder item, of each kind.
run cm remind --all --within 60 --format json
run list_keys "$out"
expect_keys "$remind_keys"
run cm remind --worker alice --within 60 --format json
run list_keys "$out"
expect_keys "$remind_keys"

# A contact, a referral.
run cm contact 1 --list --format json
run list_keys "$out"
expect_keys "$contact_keys"
run cm refer --list 1 --format json
run list_keys "$out"
expect_keys "$(printf '%s\n' "$out" | head -n 1)"

# A partner, a worker: show adds a count to the listing's keys.
run cm partner list --all --format json
run list_keys "$out"
expect_keys "$partner_keys"
run cm partner show 2 --format json
run record_keys "$out"
expect_keys "$partner_keys open_referrals"
run cm worker list --all --format json
run list_keys "$out"
expect_keys "$worker_keys"
run cm worker show bob --format json
run record_keys "$out"
expect_keys "$worker_keys open_cases"

finish
