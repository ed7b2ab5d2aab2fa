#!/bin/sh
# The trajectory quota (seed 000: « un maximum de 15% du nombre total de
# chômeurs, indemnisés ou en stage d'insertion professionnelle, depuis au
# moins 3 mois s'ils ont moins de 25 ans ou 6 mois dans les autres cas,
# peut à tout moment être repris dans un trajet », 4 % in a renewal):
# the base is the unemployed on the day, and opening or renewing a
# trajectory above a cap warns at once. Today is 2026-03-15.
. "$TESTS_DIR/lib/cli.sh"

run cm init
# 19 job seekers with a benefit, 25 and over, unemployed since 2025-09-01
# (six months on 2026-03-01), and a 20th unemployed since 2025-09-15: six
# months on 2026-03-15, today.
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	since=2025-09-01
	[ $i -eq 20 ] && since=2025-09-15
	CM_TODAY=2025-09-20 "$CM" intake --first-name "Seeker$i" --last-name "Number$i" \
		--birth-date "1980-01-$(printf %02d $i)" --worker alice --benefit-status benefit \
		--registered-on "$since" --unemployed-since "$since" >/dev/null 2>"$TMP/e" ||
		fail "intake $i: $(cat "$TMP/e")"
done
# Not counted: no benefit; unemployment ended; a job found; under 25 but only
# unemployed since 2026-01-01 (3 months on 2026-04-01).
run cm intake --first-name No --last-name Benefit --birth-date 1970-01-01 --worker alice \
	--benefit-status none --registered-on 2025-01-01
run cm intake --first-name Ended --last-name Early --birth-date 1970-01-02 --worker alice \
	--benefit-status benefit --registered-on 2025-01-01 --unemployment-ended-on 2026-02-01
CM_TODAY=2026-02-01 run cm intake --first-name Has --last-name Job --birth-date 1970-01-03 \
	--worker alice --benefit-status insertion-internship --registered-on 2025-01-01
expect_out <<'X'
23
X
run cm close 23 --outcome employment --date 2026-03-01
run cm intake --first-name Young --last-name Seeker --birth-date 2004-01-01 --worker alice \
	--benefit-status insertion-internship --registered-on 2026-01-01 --programme ch-cmfp
expect_code 0

# Trajectories for job seekers 1 to 3, opened on 2026-03-01, when 19 were
# counted: the first two stay within 15 % (2 of 19), the third takes the
# share to 15.8 % and warns at once. Today the 20th counts: 3 of 20 is 15 %.
for p in 1 2 3; do
	CM_TODAY=2026-03-01 run cm intake --first-name "Seeker$p" --last-name "Number$p" \
		--birth-date "1980-01-0$p" --person $p --programme be-trajet-specifique \
		--worker alice --criteria all --consent all
	expect_code 0
	printf '%s\n' "$err" >>"$TMP/warnings"
done
run cat "$TMP/warnings"
expect_out <<'X'


cm: warning: 3 cases in a trajectory are 15.8 % of the 19 job seekers counted, above the cap of 15.0 % of programme be-trajet-specifique; see 'cm report quota'
X
run cm report quota --min-cell 1 --format csv
expect_out <<'X'
measure,cases,job_seekers,share,cap,above_cap
trajectory,3,20,0.15,0.15,false
renewal,0,20,0,0.04,false
X
# The day before, the 20th was not yet counted: 3 of 19 was above the cap.
run cm report quota --to 2026-03-14 --min-cell 1 --format csv
expect_out <<'X'
measure,cases,job_seekers,share,cap,above_cap
trajectory,3,19,0.158,0.15,true
renewal,0,19,0,0.04,false
X
# The young seeker counts from 2026-04-01: 3 months under 25.
run cm report quota --to 2026-04-01 --min-cell 1 --format csv
expect_out <<'X'
measure,cases,job_seekers,share,cap,above_cap
trajectory,3,21,0.143,0.15,false
renewal,0,21,0,0.04,false
X

# A fourth takes the share to 20 %: the case opens, with a warning at once.
run cm intake --first-name Seeker4 --last-name Number4 --birth-date 1980-01-04 --person 4 \
	--programme be-trajet-specifique --worker alice --criteria all --consent all
expect_code 0
expect_out <<'X'
28
X
expect_err <<'X'
cm: warning: 4 cases in a trajectory are 20.0 % of the 20 job seekers counted, above the cap of 15.0 % of programme be-trajet-specifique; see 'cm report quota'
X
run cm close 28 --outcome other --force
# A renewal: 1 of 20 is 5 %, above the 4 % cap.
run cm renew 25 --months 12 --reason "needs more time" --format csv
expect_code 0
expect_err <<'X'
cm: warning: 1 cases in a renewal are 5.0 % of the 20 job seekers counted, above the cap of 4.0 % of programme be-trajet-specifique; see 'cm report quota'
X
# Other programmes have no quota: no warning.
run cm intake --first-name Other --last-name Case --birth-date 1990-01-01 --worker alice
expect_code 0
expect_err <<'X'
X

# The text report says where its base comes from.
run cm report quota --min-cell 1
expect_out <<'X'
Trajectory quota on 2026-03-15; programme: all; team: all. No count is withheld (the database withholds counts below 5).
MEASURE     CASES  JOB SEEKERS COUNTED  SHARE  CAP    ABOVE THE CAP
trajectory  3      20                   15.0%  15.0%  false
renewal     1      20                   5.0%   4.0%   true
Job seekers counted: the people cm knows as unemployed with a benefit or in an insertion internship, for 3 months (under 25) or 6 months, on that day; the count is only as complete as the register imported (cm intake --import).
X
expect_unchanged 2 cm intake --first-name Bad --last-name Status --benefit-status maybe
expect_err <<'X'
cm: error: invalid benefit status 'maybe' (benefit, insertion-internship, none)
X

finish
