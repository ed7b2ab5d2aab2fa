#!/bin/sh
# cm assess: scores by life domain, the move to planning, the final
# reassessment and the change cm show reports, and every refused input.
. "$TESTS_DIR/lib/cli.sh"

run cm init
expect_code 0
run cm intake --first-name Léa --last-name Dupont --criteria complex
expect_out <<'X'
1
X
run cm intake --first-name Jan --last-name Peeters --criteria all --consent case-management
expect_out <<'X'
2
X

# A case still in screening is refused with what is missing and how to add it.
expect_unchanged 1 cm assess 1 --domain housing=3
expect_err <<'X'
cm: error: case 1 is still in screening: missing criteria self-management,multi-provider,cooperation and case-management consent; run 'cm intake --case 1 --criteria self-management,multi-provider,cooperation' and 'cm consent 1 give case-management' first
X
run cm intake --case 1 --criteria all
expect_unchanged 1 cm assess 1 --domain housing=3
expect_err <<'X'
cm: error: case 1 is still in screening: missing case-management consent; run 'cm consent 1 give case-management' first
X

# A final assessment needs a first one.
expect_unchanged 1 cm assess 2 --final --domain housing=1
expect_err <<'X'
cm: error: case 2 has no assessment; run 'cm assess 2' first
X

# The first assessment moves the case to planning.
run cm assess 2 --domain housing=3 --domain debts=2:"mediation started: 2 creditors" \
	--domain digital=0 --strengths "motivated; supportive sister"
expect_code 0
expect_out <<'X'
1
X
run cm list --format csv
expect_out <<'X'
case,person,ext_id,source,first_name,last_name,birth_date,programme,worker,state,opened_on,closed_on,outcome
1,1,,local,Léa,Dupont,,be-accompagnement,alice,screening,2026-03-15,,
2,2,,local,Jan,Peeters,,be-accompagnement,alice,planning,2026-03-15,,
X

# Scripts give the domains as JSON; --strengths overrides the JSON's.
CM_TODAY=2026-04-01 run_stdin cm assess 2 --json --strengths "found a flat viewing" \
	--format json <<'X'
{"domains": {"mental-health": {"score": 2, "note": "sleeps badly"}, "work-history": 4}, "strengths": "ignored"}
X
expect_code 0
expect_out <<'X'
{
  "assessment": 2,
  "case": 2,
  "on_date": "2026-04-01",
  "final": false,
  "recorded_by": "alice",
  "scores": "work-history=4 mental-health=2",
  "notes": "mental-health: sleeps badly",
  "strengths": "found a flat viewing"
}
X

run cm assess 2 --list
expect_code 0
expect_out <<'X'
ASSESSMENT  CASE  ON_DATE     FINAL  RECORDED_BY  SCORES                          NOTES                                  STRENGTHS
1           2     2026-03-15  false  alice        housing=3 debts=2 digital=0     debts: mediation started: 2 creditors  motivated; supportive sister
2           2     2026-04-01  false  alice        work-history=4 mental-health=2  mental-health: sleeps badly            found a flat viewing
X
run cm assess 2 --list --format tsv
expect_out <<'X'
assessment	case	on_date	final	recorded_by	scores	notes	strengths
1	2	2026-03-15	false	alice	housing=3 debts=2 digital=0	debts: mediation started: 2 creditors	motivated; supportive sister
2	2	2026-04-01	false	alice	work-history=4 mental-health=2	mental-health: sleeps badly	found a flat viewing
X

# Before a final assessment, cm show has the first one's date and no change.
run cm show 2 --format json
run sh -c "printf '%s\n' \"\$1\" | grep assessment | sed 's/,\$//'" _ "$out"
expect_out <<'X'
  "assessment_on": "2026-03-15"
  "final_assessment_on": null
  "assessment_change": null
X

# The reassessment at closure, and the change per domain since the first one.
CM_TODAY=2026-09-30 run_stdin cm assess 2 --json --final <<'X'
{"domains": {"housing": {"score": 1, "note": "own lease"}, "debts": 2, "language": 1}}
X
expect_code 0
expect_out <<'X'
3
X
CM_TODAY=2026-09-30 run cm show 2
run sh -c "printf '%s\n' \"\$1\" | grep assessment | sed 's/,\$//'" _ "$out"
expect_out <<'X'
assessment_on:       2026-03-15
final_assessment_on: 2026-09-30
assessment_change:   housing 3->1, debts 2->2, language ?->1, digital 0->?
X
run cm show 2 --format json
run sh -c "printf '%s\n' \"\$1\" | grep assessment | sed 's/,\$//'" _ "$out"
expect_out <<'X'
  "assessment_on": "2026-03-15"
  "final_assessment_on": "2026-09-30"
  "assessment_change": "housing 3->1, debts 2->2, language ?->1, digital 0->?"
X

# Each assessment and the state move are in the case's log.
run cm log 2 --format tsv
run sh -c "printf '%s\n' \"\$1\" | cut -f3,4 | grep '^assess'" _ "$out"
expect_out <<'X'
assess	final assessment 3: housing=1 debts=2 language=1
assess	assessment 2: work-history=4 mental-health=2
assess	state assessment -> planning: first assessment recorded
assess	assessment 1: housing=3 debts=2 digital=0
X

# A closed case takes only the final reassessment.
db_sql "UPDATE cases SET state = 'closed', closed_on = '2026-10-01' WHERE id = 2"
expect_unchanged 1 cm assess 2 --domain housing=0
expect_err <<'X'
cm: error: case 2 is closed; reopen it first, or record the reassessment with --final
X
run cm assess 2 --final --domain housing=0
expect_code 0
expect_out <<'X'
4
X

# Bad input: a usage error naming the thing at fault, nothing changed.
expect_unchanged 2 cm assess 1 --domain garden=2
expect_err <<'X'
cm: error: --domain: unknown domain 'garden' (education, work-history, health, mental-health, housing, debts, family, mobility, language, justice, addiction, digital)
X
expect_unchanged 2 cm assess 1 --domain housing=5
expect_err <<'X'
cm: error: --domain: score for housing must be 0 to 4, not '5'
X
expect_unchanged 2 cm assess 1 --domain housing=-1
expect_err <<'X'
cm: error: --domain: score for housing must be 0 to 4, not '-1'
X
expect_unchanged 2 cm assess 1 --domain housing=
expect_err <<'X'
cm: error: --domain: score for housing must be 0 to 4, not ''
X
expect_unchanged 2 cm assess 1 --domain housing
expect_err <<'X'
cm: error: --domain: invalid domain 'housing' (expected DOMAIN=SCORE[:NOTE])
X
expect_unchanged 2 cm assess 1 --domain housing=1 --domain housing=2
expect_err <<'X'
cm: error: --domain: domain housing is given twice
X
expect_unchanged 2 cm assess 1
expect_err <<'X'
cm: error: give at least one --domain DOMAIN=SCORE (or --json); see 'cm assess -h'
X
expect_unchanged 2 cm assess 1 --json --domain housing=1
expect_err <<'X'
cm: error: --json reads the domains from standard input; do not give --domain too
X
expect_unchanged 2 cm assess 1 --list --final
expect_err <<'X'
cm: error: --list takes no other option but --format
X
expect_unchanged 2 cm assess 1 --domain housing=1 --colour red
expect_err <<'X'
cm: error: unknown option '--colour'; see 'cm assess -h'
X
expect_unchanged 2 cm assess --domain housing=1
expect_err <<'X'
cm: error: expected one CASE; see 'cm assess -h'
X
expect_unchanged 1 cm assess 99 --domain housing=1
expect_err <<'X'
cm: error: no case 99
X

# The same rules for JSON on standard input.
json_refused()
{
	local before after
	before=$(db_state)
	printf '%s\n' "$1" | "$CM" assess 1 --json >"$TMP/out" 2>"$TMP/err"
	code=$?
	err=$(cat "$TMP/err")
	after=$(db_state)
	current="assess 1 --json <<< $1"
	expect_code 2
	checks=$((checks + 1))
	[ "$before" = "$after" ] || fail "the database changed"
}
json_refused '{"domains": {"garden": 9}}'
expect_err <<'X'
cm: error: unknown domain 'garden' (education, work-history, health, mental-health, housing, debts, family, mobility, language, justice, addiction, digital)
X
json_refused '{"domains": {"housing": {"score": 9}}}'
expect_err <<'X'
cm: error: score for housing must be 0 to 4, not 9
X
json_refused '{"domains": {"housing": 1e300}}'
expect_err <<'X'
cm: error: score for housing must be 0 to 4, not 1e+300
X
json_refused '{"domains": {"housing": "high"}}'
expect_err <<'X'
cm: error: json: domain 'housing' needs a whole-number score
X
json_refused '{"domains": {"housing": 1.5}}'
expect_err <<'X'
cm: error: json: domain 'housing' needs a whole-number score
X
json_refused '{"domains": {"housing": {"score": 1, "note": 7}}}'
expect_err <<'X'
cm: error: json: the note of domain 'housing' must be text
X
json_refused '{"domains": {}}'
expect_err <<'X'
cm: error: json: "domains" must score at least one domain
X
json_refused '{"domains": [1, 2]}'
expect_err <<'X'
cm: error: json: "domains" must be an object
X
json_refused '{"domains": {"housing": 1}'
expect_err <<'X'
cm: error: json: not valid JSON
X
json_refused '[]'
expect_err <<'X'
cm: error: json: expected an object with "domains"
X

finish
