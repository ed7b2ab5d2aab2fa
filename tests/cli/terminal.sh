#!/bin/sh
# At a terminal (a pseudo-terminal made by script(1)), text listings fit
# its width ($COLUMNS): the widest free-text columns are cut with an
# ellipsis, codes, dates and numbers stay whole. Output longer than the
# screen ($LINES) goes through $PAGER. Into a pipe or a file nothing is cut
# or paged, whatever COLUMNS, LINES and PAGER say.
STAFF=
. "$TESTS_DIR/lib/cli.sh"

# cm at a terminal: what script(1) shows, without the carriage returns.
at_terminal()
{
	current="(at a terminal) cm $*"
	script -q -e -c "$(printf "'%s' " "$CM" "$@")" /dev/null </dev/null >"$TMP/out" 2>&1
	code=$?
	out=$(tr -d '\r' <"$TMP/out")
}

# Every line of $out at most $1 columns (code points) wide.
expect_width()
{
	local line
	checks=$((checks + 1))
	printf '%s\n' "$out" | while IFS= read -r line; do
		[ "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)" -le "$1" ] || echo "$line"
	done >"$TMP/wide"
	[ ! -s "$TMP/wide" ] || fail "lines wider than $1: $(cat "$TMP/wide")"
}

export PAGER="sed s/^/paged:/"

run cm init
run cm partner add "Centre public d'action sociale d'Ixelles, service d'insertion" \
	--domain social-assistance --agreement C-1
run cm partner add "Mission locale" --domain employment --agreement C-2
run cm worker add zoe --name "Zoé Vandenberghe-Lambrechts, coordinatrice du réseau"
for n in 1 2 3; do
	CM_TODAY=2026-01-0$n run cm intake --first-name "Marie-Christine$n" \
		--last-name "Van den Bossche-Delvaux" --worker zoe --criteria all --consent all
done

# The widest free-text columns give way; the codes stay whole.
COLUMNS=80 LINES=40 at_terminal remind --worker zoe
expect_code 0
expect_out <<'X'
zoe: 6 items
CASE  PERSON           KIND            DUE         WHEN          WHAT
1     Marie-Christin…  contact         2026-01-31  43 days late  no contact sin…
2     Marie-Christin…  contact         2026-02-01  42 days late  no contact sin…
3     Marie-Christin…  contact         2026-02-02  41 days late  no contact sin…
1     Marie-Christin…  plan-signature  2026-03-02  13 days late  plan version 1…
2     Marie-Christin…  plan-signature  2026-03-03  12 days late  plan version 1…
3     Marie-Christin…  plan-signature  2026-03-04  11 days late  plan version 1…
X
expect_width 80
COLUMNS=60 LINES=40 at_terminal worker list
expect_out <<'X'
LOGIN  NAME                      TEAM  ROLE    EMAIL  ACTIVE
alice  alice                     -     admin   -      true
zoe    Zoé Vandenberghe-Lambre…  -     worker  -      true
X
expect_width 60
COLUMNS=100 LINES=40 at_terminal list --worker zoe
expect_out <<'X'
CASE  PERSON  EXT_ID  SOURCE  FIRST_N…  LAST_NA…  BIRTH_DATE  PROGRAMME          WORKER  STATE       OPENED_ON   CLOSED_ON  OUTCOME
1     1       -       local   Marie-C…  Van den…  -           be-accompagnement  zoe     assessment  2026-01-01  -          -
2     2       -       local   Marie-C…  Van den…  -           be-accompagnement  zoe     assessment  2026-01-02  -          -
3     3       -       local   Marie-C…  Van den…  -           be-accompagnement  zoe     assessment  2026-01-03  -          -
X
# Only codes left to cut: the table stays wider than the terminal.
COLUMNS=80 LINES=40 at_terminal partner list
expect_out <<'X'
PARTNER  NAME      DOMAIN             AGREEMENT_REF  AGREEMENT_DATE  PHONE  EMAIL  ADDRESS  ACTIVE
1        Centre …  social-assistance  C-1            -               -      -      -        true
2        Mission…  employment         C-2            -               -      -      -        true
X
# A report's table has codes and counts only: nothing to cut.
COLUMNS=60 LINES=40 at_terminal report caseload
expect_out <<'X'
Caseload on 2026-03-15; programme: all; team: all. Cases per worker are workload, not people: no count is withheld.
WORKER  PROGRAMME          OPEN CASES  CASELOAD NORM  ABOVE THE NORM
zoe     be-accompagnement  3           200            false
zoe     (all)              3           200            false
(all)   (all)              3           -              -
X

# Longer than the screen: through the pager; PAGER empty or cat: none.
COLUMNS=80 LINES=8 at_terminal remind --worker zoe
expect_code 0
expect_out <<'X'
paged:zoe: 6 items
paged:CASE  PERSON           KIND            DUE         WHEN          WHAT
paged:1     Marie-Christin…  contact         2026-01-31  43 days late  no contact sin…
paged:2     Marie-Christin…  contact         2026-02-01  42 days late  no contact sin…
paged:3     Marie-Christin…  contact         2026-02-02  41 days late  no contact sin…
paged:1     Marie-Christin…  plan-signature  2026-03-02  13 days late  plan version 1…
paged:2     Marie-Christin…  plan-signature  2026-03-03  12 days late  plan version 1…
paged:3     Marie-Christin…  plan-signature  2026-03-04  11 days late  plan version 1…
X
COLUMNS=80 LINES=8 PAGER= at_terminal remind --worker zoe
run sh -c 'printf "%s\n" "$1" | grep -c paged' _ "$out"
expect_out <<'X'
0
X

# Into a file (and a pipe): whole, and never paged.
COLUMNS=40 LINES=2 run cm partner list
expect_out <<'X'
PARTNER  NAME                                                           DOMAIN             AGREEMENT_REF  AGREEMENT_DATE  PHONE  EMAIL  ADDRESS  ACTIVE
1        Centre public d'action sociale d'Ixelles, service d'insertion  social-assistance  C-1            -               -      -      -        true
2        Mission locale                                                 employment         C-2            -               -      -      -        true
X
run sh -c "COLUMNS=40 LINES=2 '$CM' remind --worker zoe | cat"
expect_out <<'X'
zoe: 6 items
CASE  PERSON                                    KIND            DUE         WHEN          WHAT
1     Marie-Christine1 Van den Bossche-Delvaux  contact         2026-01-31  43 days late  no contact since intake on 2026-01-01; every 30 days
2     Marie-Christine2 Van den Bossche-Delvaux  contact         2026-02-01  42 days late  no contact since intake on 2026-01-02; every 30 days
3     Marie-Christine3 Van den Bossche-Delvaux  contact         2026-02-02  41 days late  no contact since intake on 2026-01-03; every 30 days
1     Marie-Christine1 Van den Bossche-Delvaux  plan-signature  2026-03-02  13 days late  plan version 1 not signed by the client and the worker (required within 60 days of intake)
2     Marie-Christine2 Van den Bossche-Delvaux  plan-signature  2026-03-03  12 days late  plan version 1 not signed by the client and the worker (required within 60 days of intake)
3     Marie-Christine3 Van den Bossche-Delvaux  plan-signature  2026-03-04  11 days late  plan version 1 not signed by the client and the worker (required within 60 days of intake)
X

finish
