#!/bin/sh
# What may enter: valid UTF-8 without control characters, bounded sizes and
# numbers; what goes out: text output escaped, csv exact, exports private.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Léa --last-name Dupont --criteria all --consent case-management
expect_out <<'X'
1
X

# Invalid UTF-8 and control characters are refused at the command line,
# naming the option, before the database is opened.
expect_unchanged 2 cm intake --first-name "$(printf 'L\351a')" --last-name Dupont
expect_err <<'X'
cm: error: --first-name: the value is not valid UTF-8
X
expect_unchanged 2 cm intake --first-name "$(printf 'A\033[2J')" --last-name Dupont
expect_err <<'X'
cm: error: --first-name: the value contains a control character
X
expect_unchanged 2 cm intake --first-name A --last-name="$(printf 'B\007')"
expect_err <<'X'
cm: error: --last-name: the value contains a control character
X
expect_unchanged 2 cm contact 1 --channel phone --duration 5 --note "$(printf 'x\342\200\256y')"
expect_err <<'X'
cm: error: --note: the value contains a bidirectional control character
X
expect_unchanged 2 cm partner add "$(printf 'CPAS\302\233')" --domain housing
expect_err <<'X'
cm: error: argument 2 contains a control character
X
# Names are one line; notes may hold line breaks and tabs.
expect_unchanged 2 cm intake --first-name "$(printf 'A\nB')" --last-name Dupont
expect_err <<'X'
cm: error: first_name must be on one line
X
expect_unchanged 2 cm partner add "$(printf 'CPAS\nIxelles')" --domain housing
expect_err <<'X'
cm: error: partner name must be on one line
X
run cm contact 1 --channel phone --duration 5 --note "$(printf 'first line\n\tsecond line')"
expect_code 0
expect_out <<'X'
1
X

# Sizes: 256 bytes for one-line fields, 16384 for notes.
long=$(head -c 257 /dev/zero | tr '\0' a)
expect_unchanged 2 cm intake --first-name "$long" --last-name Dupont
expect_err <<'X'
cm: error: first_name is longer than 256 bytes
X
expect_unchanged 2 cm contact 1 --channel phone --duration 5 --note "$(head -c 16385 /dev/zero | tr '\0' a)"
expect_err <<'X'
cm: error: --note: the value is longer than 16384 bytes
X
run cm contact 1 --channel phone --duration 5 --note "$(head -c 16384 /dev/zero | tr '\0' a)"
expect_code 0

# An assessment read as JSON is held to the same rules.
printf '{"domains": {"housing": {"score": 2, "note": "a\\u001bb"}}}' >"$TMP/assess.json"
before=$(db_state)
run_stdin cm assess 1 --json <"$TMP/assess.json"
expect_code 2
expect_err <<'X'
cm: error: note contains a control character
X

# Numbers out of range are refused with the option and its range, never wrapped.
expect_unchanged 2 cm contact 1 --every 99999999999999999999m
expect_err <<'X'
cm: error: --every: invalid contact interval '99999999999999999999m' (N days, Nd, Nw or Nm up to a year, or default)
X
expect_unchanged 2 cm contact 1 --every 614891469123651721m
expect_err <<'X'
cm: error: --every: invalid contact interval '614891469123651721m' (N days, Nd, Nw or Nm up to a year, or default)
X
expect_unchanged 2 cm contact 1 --channel phone --duration 99999999999999999999
expect_err <<'X'
cm: error: --duration: invalid value '99999999999999999999' (expected a whole number from 1 to 600)
X
expect_unchanged 2 cm remind --within 100000
expect_err <<'X'
cm: error: --within: invalid value '100000' (expected a whole number from 0 to 3660)
X

# Report windows stay within 1900 to 2200 (a month walk from year 1 never ended).
run cm report contacts --by month --from 0001-01-01 --to 2026-01-31
expect_code 2
expect_err <<'X'
cm: error: --from 0001-01-01 is outside the years 1900-01-01 to 2200-12-31
X
run cm report contacts --by month --from 2026-01-01 --to 9999-12-31
expect_code 2
expect_err <<'X'
cm: error: --to 9999-12-31 is outside the years 1900-01-01 to 2200-12-31
X

# Text output never passes a control character to the terminal, even one
# that reached the database some other way; json escapes it and csv is exact.
db_sql "UPDATE person SET last_name = 'Dupont$(printf '\033')[31m' WHERE id = 1"
run cm list --format text
expect_code 0
case "$out" in
*"$(printf '\033')"*) fail "an escape character reached the terminal" ;;
*"Dupont?[31m"*) ;;
*) fail "the escaped name is not shown: $out" ;;
esac
checks=$((checks + 1))
run cm show 1 --format json
case "$out" in
*'"last_name": "Dupont\u001b[31m"'*) ;;
*) fail "json does not escape the control character: $out" ;;
esac
checks=$((checks + 1))
db_sql "UPDATE person SET last_name = 'Dupont' WHERE id = 1"

# csv and tsv give values exactly as stored, a formula-like value included
# (cm(1), CSV AND SPREADSHEETS): the contract for scripts comes first.
run cm intake --first-name "=HYPERLINK(\"x\")" --last-name "@SUM(A1)" --phone "+32 2 555 01 01"
expect_out <<'X'
2
X
run cm person export 2 --format csv
run cm list --format csv
expect_code 0
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,,local,Léa,Dupont,,be-accompagnement,alice,assessment,2026-03-15,,
2,2,,local,"=HYPERLINK(""x"")",@SUM(A1),,be-accompagnement,alice,screening,2026-03-15,,
X

# A person export to a file: created readable by its owner only, never
# over an existing file.
umask 022
run cm person export 1 -o "$TMP/export.json"
expect_code 0
expect_no_out
run stat -c %a "$TMP/export.json"
expect_out <<'X'
600
X
run sh -c "head -c 1 '$TMP/export.json'"
expect_out <<'X'
{
X
run cm person export 1 -o "$TMP/export.json"
expect_code 1
expect_err <<X
cm: error: '$TMP/export.json' already exists; give a new file name
X
# No temporary file is left beside it.
run sh -c "ls '$TMP' | grep -c export"
expect_out <<'X'
1
X

finish
