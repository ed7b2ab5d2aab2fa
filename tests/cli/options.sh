#!/bin/sh
# A command line that forgives and tells the truth: list options accumulate,
# a single value given twice or a contradictory pair is a usage error naming
# both, -h as an option's value is that value, filters name the valid values
# and the closest one, and CASE errors say what is wrong.
. "$TESTS_DIR/lib/cli.sh"

run cm init

# List-valued options accumulate.
run cm intake --first-name Léa --last-name Dupont --criteria complex --criteria self-management \
	--criteria multi-provider,cooperation --consent case-management --format csv
expect_code 0
out=$(printf '%s\n' "$out" | cut -d, -f1,10)
expect_out <<'X'
case,state
1,assessment
X
run cm show 1 --format json
out=$(printf '%s\n' "$out" | grep -E '"(criteria|consent)"')
expect_out <<'X'
  "criteria": "complex,self-management,multi-provider,cooperation",
  "consent": "case-management",
X
run cm contact 1 --channel video --duration 30 --kind case-conference --participants "Léa Dupont" \
	--participants "CPAS Ixelles"
expect_code 0
# -h given as an option's value is that value, not a request for help.
run cm contact 1 --channel phone --duration 5 --note -h
expect_code 0
run cm contact 1 --list --format csv
expect_out <<'X'
contact,at,channel,kind,duration,participants,note,recorded_by
1,2026-03-15T09:00:00Z,video,case-conference,30,"Léa Dupont, CPAS Ixelles",,alice
2,2026-03-15T09:00:00Z,phone,interview,5,,-h,alice
X
run cm contact 1 --list -h
expect_code 0
out=$(printf '%s\n' "$out" | head -n 1)
expect_out <<'X'
usage: cm contact CASE --channel CHANNEL --duration MIN [--kind KIND] [--participants LIST]
X

# A single value given twice, or a contradictory pair: usage errors naming both.
expect_unchanged 2 cm intake --first-name A --first-name B --last-name C
expect_err <<'X'
cm: error: --first-name given twice ('A' and 'B'); give it once
X
expect_unchanged 2 cm contact 1 --channel phone --channel video --duration 5
expect_err <<'X'
cm: error: --channel given twice ('phone' and 'video'); give it once
X
expect_unchanged 2 cm contact 1 --channel phone --duration 5 --duration 6
expect_err <<'X'
cm: error: --duration given twice ('5' and '6'); give it once
X
expect_unchanged 2 cm contact 1 --channel phone --duration 5 --at 2026-03-15 --at 2026-03-14
expect_err <<'X'
cm: error: --at given twice ('2026-03-15' and '2026-03-14'); give it once
X
expect_unchanged 2 cm list --open --closed
expect_err <<'X'
cm: error: --open and --closed contradict each other; give one
X
expect_unchanged 2 cm list --mine --worker bob
expect_err <<'X'
cm: error: --mine and --worker contradict each other; give one
X
expect_unchanged 2 cm list --state active --state closed
expect_err <<'X'
cm: error: --state given twice ('active' and 'closed'); give it once
X
expect_unchanged 2 cm list --format csv --format json
expect_err <<'X'
cm: error: --format given twice ('csv' and 'json'); give it once
X
# Every command, every option with a value: the issue's --outcome and --by
# among them, and the global options before the command.
expect_unchanged 2 cm close 1 --outcome job --outcome training
expect_err <<'X'
cm: error: --outcome given twice ('job' and 'training'); give it once
X
expect_unchanged 2 cm plan 1 sign --by client --by worker
expect_err <<'X'
cm: error: --by given twice ('client' and 'worker'); give it once
X
expect_unchanged 2 cm --user alice --user bob list
expect_err <<'X'
cm: error: --user given twice ('alice' and 'bob'); give it once
X
expect_unchanged 2 cm report caseload -o a.html -o b.html
expect_err <<'X'
cm: error: -o given twice ('a.html' and 'b.html'); give it once
X
expect_unchanged 2 cm intake --import a.csv --map m.json --import b.csv
expect_err <<'X'
cm: error: --import given twice ('a.csv' and 'b.csv'); give it once
X

# Filters check their values: the valid ones, and the closest when it looks like a typo.
expect_unchanged 2 cm list --state bogus
expect_err <<'X'
cm: error: --state: unknown value 'bogus' (screening, assessment, planning, active, suspended, closed)
X
expect_unchanged 2 cm list --state activ
expect_err <<'X'
cm: error: --state: unknown value 'activ'; did you mean 'active'? (screening, assessment, planning, active, suspended, closed)
X
expect_unchanged 2 cm list --sort nmae
expect_err <<'X'
cm: error: --sort: unknown value 'nmae'; did you mean 'name'? (case, name, opened, worker, state)
X
expect_unchanged 2 cm list --programme be-acompagnement
expect_err <<'X'
cm: error: --programme: unknown value 'be-acompagnement'; did you mean 'be-accompagnement'? (be-accompagnement, be-trajet-specifique, ch-cmfp, dg-familles, eu-youth-guarantee, work-accident)
X
run cm list --state assessment --format csv
out=$(printf '%s\n' "$out" | cut -d, -f1,10)
expect_out <<'X'
case,state
1,assessment
X

# CASE errors say what is wrong.
expect_unchanged 2 cm show 1 2
expect_err <<'X'
cm: error: one CASE expected, got 2; usage: cm show CASE [--format FORMAT]
X
expect_unchanged 2 cm show
expect_err <<'X'
cm: error: a CASE is expected; usage: cm show CASE [--format FORMAT]
X
expect_unchanged 2 cm show ext:
expect_err <<'X'
cm: error: invalid case 'ext:': the ID is missing (expected ext:ID)
X
run cm intake --first-name Jan --last-name Peeters --ext-id X1
run cm intake --first-name Jan --last-name Peeters --ext-id X1 --source forem --new-person \
	--programme eu-youth-guarantee --force
expect_code 0
expect_unchanged 1 cm show ext:X1
expect_err <<'X'
cm: error: ext:X1 has several open cases (2, 3); give the case number
X
# An empty listing in csv or tsv still has its header.
run cm contact 2 --list --format tsv
expect_code 0
expect_out <<'X'
contact	at	channel	kind	duration	participants	note	recorded_by
X
run cm list --state suspended --format csv
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
X
run cm list --state suspended --format json
expect_out <<'X'
[]
X
# Completion offers exactly the values the options accept, from cm's own tables.
mkdir -p "$TMP/bin"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$CM" >"$TMP/bin/cm"
chmod +x "$TMP/bin/cm"
complete_words()
{
	run bash -c '. "$1"; PATH="$2:$PATH"; shift 2; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_cm; printf "%s\n" "${COMPREPLY[@]}"' _ "$SOURCE_DIR/scripts/completion/cm.bash" \
		"$TMP/bin" "$@"
}
complete_words cm list --state ""
expect_out <<'X'
screening
assessment
planning
active
suspended
closed
X
complete_words cm list --sort o
expect_out <<'X'
opened
X
complete_words cm intake --criteria complex,s
expect_out <<'X'
complex,self-management
X
complete_words cm intake --consent ""
expect_out <<'X'
case-management
share-partners
all
X
complete_words cm contact 1 --channel ""
expect_out <<'X'
in-person
phone
video
e-mail
letter
home-visit
X
complete_words cm contact 1 --kind ""
expect_out <<'X'
interview
case-conference
no-show
X
complete_words cm offer 1 --kind ""
expect_out <<'X'
job
education
apprenticeship
traineeship
X
complete_words cm list --programme be-
expect_out <<'X'
be-accompagnement
be-trajet-specifique
X
run cm --list-values nothing
expect_code 2
expect_err <<'X'
cm: error: no command has an option '--nothing'; see 'cm --list-options COMMAND'
X
# --share accumulates like --criteria: both fields are shared.
run cm partner add "CPAS Ixelles" --domain social-assistance
partner=$out
run cm intake --first-name Yann --last-name Zed --criteria complex,self-management,multi-provider,cooperation --consent all
case=$out
run cm refer "$case" --partner "$partner" --reason "housing" --share first_name --share last_name
expect_code 0
run cm refer "$case" --list --format json
out=$(printf '%s\n' "$out" | grep '"shared"')
expect_out <<'X'
    "shared": "first_name,last_name",
X
finish
