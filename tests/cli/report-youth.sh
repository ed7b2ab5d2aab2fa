#!/bin/sh
# cm report youth-guarantee: the indicators of the EU framework on a
# hand-made dataset, with the boundaries: an offer deadline four months to
# the day, an offer taken up after it, a positive exit without an offer,
# and every situation after exit. Window: February 2026 (the default).
. "$TESTS_DIR/lib/cli.sh"

run cm init
n=0
young()
{
	local on=$1
	shift
	n=$((n + 1))
	CM_TODAY=$on "$CM" intake --first-name "Y$n" --last-name Test --worker alice \
		--programme eu-youth-guarantee --criteria all --consent all "$@" >/dev/null 2>"$TMP/e" ||
		fail "intake $n: $(cat "$TMP/e")"
}
# case opened      clock starts                          target (start + 4 months)
young 2025-10-28 --birth-date 2004-01-01 --registered-on 2025-10-28 # 1  2026-02-28: on the day, not beyond
young 2025-10-27 --birth-date 2004-01-01 --registered-on 2025-10-27 # 2  2026-02-27: beyond on 02-28
young 2025-10-01 --birth-date 2004-01-01 --unemployed-since 2025-09-01 \
	--registered-on 2025-10-01                                   # 3  2026-01-01: offer taken up, open
young 2026-02-10 --birth-date 2005-01-01 --left-education-on 2026-01-31 # 4  2026-05-31: entrant
young 2025-11-01 --birth-date 2004-01-01 --registered-on 2025-11-01 # 5  2026-03-01: exit, offer in time
young 2025-09-01 --birth-date 2004-01-01 --registered-on 2025-09-01 # 6  2026-01-01: positive exit, offer late
young 2025-12-01 --birth-date 2004-01-01 --registered-on 2025-12-01 # 7  2026-04-01: positive exit, no offer
young 2025-12-01 --birth-date 2004-01-01 --registered-on 2025-12-01 # 8  2026-04-01: negative exit, offer
young 2025-01-01 --birth-date 2004-01-01                            # 9  follow-up cohorts
young 2025-01-01 --birth-date 2004-01-01                            # 10
young 2025-01-01 --birth-date 2004-01-01                            # 11
young 2025-01-01 --birth-date 2004-01-01                            # 12
young 2025-01-01 --birth-date 2004-01-01                            # 13
young 2024-01-01 --birth-date 2004-01-01                            # 14
db_sql <<'SQL'
INSERT INTO offer (case_id, kind, on_date, accepted) VALUES
 (3, 'job', '2025-12-20', 1), (5, 'apprenticeship', '2026-02-20', 1),
 (6, 'traineeship', '2026-01-15', 1), (8, 'education', '2026-01-10', 1),
 (1, 'job', '2026-01-05', 0);
UPDATE cases SET state = 'closed', closed_on = '2026-02-25', outcome = 'apprenticeship' WHERE id = 5;
UPDATE cases SET state = 'closed', closed_on = '2026-02-05', outcome = 'training' WHERE id = 6;
UPDATE cases SET state = 'closed', closed_on = '2026-02-15', outcome = 'employment' WHERE id = 7;
UPDATE cases SET state = 'closed', closed_on = '2026-02-20', outcome = 'moved' WHERE id = 8;
UPDATE cases SET state = 'closed', closed_on = '2025-08-10', outcome = 'employment' WHERE id IN (9, 10, 11, 12, 13);
UPDATE cases SET state = 'closed', closed_on = '2025-02-14', outcome = 'training' WHERE id = 14;
INSERT INTO follow_up (case_id, months, situation, on_date) VALUES
 (9, 6, 'subsidised-employment', '2026-02-10'), (10, 6, 'training', '2026-02-10'),
 (11, 6, 'unemployed', '2026-02-10'), (12, 6, 'moved', '2026-02-10'),
 (14, 12, 'inactive', '2026-02-14');
SQL

# Preparatory phase on 02-28: 1 (its offer was refused), 2, 4 = 3; 3 took up
# an offer. Beyond the deadline: 2 only (1's is 02-28 itself) = 1/3.
# Exits in February: 5, 6, 7, 8 = 4. Positive: 5 (apprenticeship), 6
# (training), 7 (employment) = 3/4. Timely: 5 only (offer 02-20 before its
# 03-01 deadline); 6's offer came after its deadline, 7 had none, and 8's
# exit is not positive = 1/4. Six months after exit: 9 to 13 (exits 2025-08-10):
# employment 9, education or training 10, unemployed 11, unknown 12 (moved),
# not followed up 13. Twelve months: 14 (2025-02-14): inactive.
run cm report youth-guarantee --min-cell 1
expect_code 0
expect_out <<'X'
Youth Guarantee from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: all. No count is withheld (the database withholds counts below 5).
INDICATOR                                      CASES  SHARE   SHARE OF
entered the Youth Guarantee                    1      -       -
in the preparatory phase (no offer taken up)   3      -       -
of whom beyond the offer deadline              1      33.3%   in the preparatory phase (no offer taken up)
exits                                          4      -       -
exit: employment                               1      25.0%   exits
exit: apprenticeship                           1      25.0%   exits
exit: training                                 1      25.0%   exits
exit: moved                                    1      25.0%   exits
positive exits                                 3      75.0%   exits
positive exits with an offer taken up in time  1      25.0%   exits
exits 6 months before (cohort)                 5      -       -
6 months after exit: in employment             1      20.0%   exits 6 months before (cohort)
6 months after exit: in education or training  1      20.0%   exits 6 months before (cohort)
6 months after exit: unemployed                1      20.0%   exits 6 months before (cohort)
6 months after exit: situation unknown         1      20.0%   exits 6 months before (cohort)
6 months after exit: not followed up           1      20.0%   exits 6 months before (cohort)
exits 12 months before (cohort)                1      -       -
12 months after exit: inactive                 1      100.0%  exits 12 months before (cohort)
exits 18 months before (cohort)                0      -       -
X
run cm report youth-guarantee --min-cell 1 --format csv
expect_out <<'X'
measure,cases,share,of
entrants,1,,
preparatory,3,,
beyond-target,1,0.333,preparatory
exits,4,,
exit:employment,1,0.25,exits
exit:apprenticeship,1,0.25,exits
exit:training,1,0.25,exits
exit:moved,1,0.25,exits
positive-exits,3,0.75,exits
timely-exits,1,0.25,exits
follow-up-6,5,,
follow-up-6:employment,1,0.2,follow-up-6
follow-up-6:education-training,1,0.2,follow-up-6
follow-up-6:unemployed,1,0.2,follow-up-6
follow-up-6:unknown,1,0.2,follow-up-6
follow-up-6:not-followed-up,1,0.2,follow-up-6
follow-up-12,1,,
follow-up-12:inactive,1,1,follow-up-12
follow-up-18,0,,
X
# The day before, 1 and 2 are both within their deadline.
run cm report youth-guarantee --to 2026-02-27 --min-cell 1 --format json
run sh -c "printf '%s\n' \"\$1\" | grep -A3 '\"measure\": \"beyond-target\"'" _ "$out"
expect_out <<'X'
    "measure": "beyond-target",
    "cases": 0,
    "share": 0,
    "of": "preparatory"
X
# Default threshold 5: the cohort of 5 stands, everything else is withheld.
run cm report youth-guarantee --format json
run sh -c "printf '%s\n' \"\$1\" | grep -A2 '\"measure\": \"follow-up-6\"'" _ "$out"
expect_out <<'X'
    "measure": "follow-up-6",
    "cases": 5,
    "share": null,
X
finish
