#!/bin/sh
# A network by conventions (seed 000: « doit se faire par des conventions
# ... Il ne s'agit pas de contacts établis entre personnes »): a referral to
# a partner without a recorded agreement warns; dg-familles refuses it.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --criteria all --consent all
run cm intake --first-name Max --last-name Roth --criteria all --consent all \
	--programme dg-familles
run cm partner add "Jugendhilfe" --domain youth
run cm partner add "Familienhilfe" --domain family --agreement CONV-2014-07
expect_code 0

# Without an agreement: a warning, and the referral is made.
run cm refer 1 --partner 1 --reason "youth support" --share none
expect_code 0
expect_out <<'X'
1
X
expect_err <<'X'
cm: warning: partner 1 (Jugendhilfe) has no recorded agreement; the network should work by agreements between institutions
X

# With one: silent.
run cm refer 1 --partner 2 --reason "family support" --share none
expect_code 0
expect_out <<'X'
2
X
expect_err <<'X'
X

# dg-familles requires it: refused, nothing changes.
expect_unchanged 1 cm refer 2 --partner 1 --reason "youth support" --share none
expect_err <<'X'
cm: error: partner 1 (Jugendhilfe) has no recorded agreement, which programme dg-familles requires; record it with 'cm partner edit 1 --agreement REF'
X
run cm refer 2 --partner 2 --reason "family support" --share none
expect_code 0
expect_out <<'X'
3
X

# Once the agreement is recorded the referral goes through.
run cm partner edit 1 --agreement CONV-2026-01
run cm refer 2 --partner 1 --reason "youth support" --share none
expect_code 0
expect_out <<'X'
4
X

# The rule is in the profile, shown and settable.
run cm programme show dg-familles --format json
run sh -c "printf '%s\n' \"\$1\" | grep referral_requires_agreement" _ "$out"
expect_out <<'X'
  "referral_requires_agreement": true,
X
run cm programme show be-accompagnement --format json
run sh -c "printf '%s\n' \"\$1\" | grep -E 'referral_requires_agreement|plan_signed_within_days'" _ "$out"
expect_out <<'X'
  "plan_signed_within_days": 60,
  "referral_requires_agreement": false,
X
printf '%s' '{"id":"net","name":"Net","referral_requires_agreement":"yes"}' >"$TMP/net.json"
expect_unchanged 2 cm programme add "$TMP/net.json"
expect_err <<X
cm: error: profile '$TMP/net.json': 'referral_requires_agreement' must be true or false
X

finish
