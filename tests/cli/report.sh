#!/bin/sh
# cm report: each report on a small hand-made dataset, with and without
# small-cell suppression, and every refused input.
#
# People and cases come from cm intake, run with CM_TODAY set to each case's
# intake date. What the reports read beyond that (closures, contacts, plan
# signatures, partners, referrals, offers, renewals, follow-ups) is inserted
# in SQL, so every date is exactly the one the sums below use.
# Window: February 2026 (the default: the last full month before 2026-03-15).
. "$TESTS_DIR/lib/cli.sh"

run cm init
expect_code 0
# A programme with tiny rules, so "above the norm" and the contact rule show:
# be-accompagnement's rules with a norm of 1 case and a contact every 14 days.
db_sql "INSERT INTO programme (id, name, rules) SELECT 'test-small', 'Test',
	$(db_json_merge rules '{"caseload_norm": 1, "contact_interval_days": 14}')
	FROM programme WHERE id = 'be-accompagnement'"

# intake DATE WORKER PROGRAMME [more cm intake options]
n=0
intake()
{
	local on=$1 worker=$2 programme=$3
	shift 3
	n=$((n + 1))
	CM_TODAY=$on CM_NOW=${on}T09:00:00Z "$CM" intake --first-name "P$n" --last-name Test \
		--worker "$worker" --programme "$programme" "$@" >/dev/null 2>"$TMP/intake.err" ||
		fail "intake of case $n: $(cat "$TMP/intake.err")"
}
# case  opened      worker programme             person
intake 2025-12-01 ana test-small --birth-date 1970-01-01 --registered-on 2025-01-01   # 1
intake 2026-01-10 ana test-small                                                      # 2
intake 2026-01-20 ana test-small --birth-date 2001-03-01 --registered-on 2025-11-28   # 3
intake 2026-01-05 ben test-small                                                      # 4
intake 2026-02-03 ben test-small                                                      # 5
intake 2026-02-15 ben test-small                                                      # 6
intake 2025-10-01 ana eu-youth-guarantee --birth-date 2005-06-01 --registered-on 2025-09-01 # 7
intake 2026-02-02 ben eu-youth-guarantee --birth-date 2004-01-01 --registered-on 2026-01-15 # 8
intake 2025-11-10 ana eu-youth-guarantee --birth-date 2003-03-03 --registered-on 2025-11-01 # 9
intake 2025-06-01 ben eu-youth-guarantee --birth-date 2002-02-02                       # 10
intake 2025-01-10 ana eu-youth-guarantee --birth-date 2002-05-05                       # 11
intake 2025-06-01 ben be-trajet-specifique --birth-date 1980-01-01 --registered-on 2025-01-01 # 12
intake 2025-12-01 ana be-trajet-specifique --birth-date 1990-01-01 --registered-on 2025-10-01 # 13

db_sql <<'SQL'
UPDATE cases SET state = 'closed', closed_on = '2026-02-10', outcome = 'employment' WHERE id = 3;
UPDATE cases SET state = 'closed', closed_on = '2026-02-20', outcome = 'training' WHERE id = 4;
UPDATE cases SET state = 'closed', closed_on = '2026-02-25', outcome = 'moved' WHERE id = 6;
UPDATE cases SET state = 'closed', closed_on = '2026-02-12', outcome = 'apprenticeship' WHERE id = 9;
UPDATE cases SET state = 'closed', closed_on = '2025-08-15', outcome = 'employment' WHERE id = 10;
UPDATE cases SET state = 'closed', closed_on = '2025-08-01', outcome = 'lost-contact' WHERE id = 11;
INSERT INTO contact (case_id, at, channel, kind, duration, recorded_by) VALUES
 (1, '2026-02-02T10:00:00Z', 'in-person', 'interview', 60, 'ana'),
 (1, '2026-02-16T10:00:00Z', 'in-person', 'interview', 45, 'ana'),
 (1, '2026-02-20T10:00:00Z', 'in-person', 'no-show', NULL, 'ana'),
 (2, '2026-02-05T10:00:00Z', 'phone', 'interview', 30, 'ana'),
 (3, '2026-02-03T10:00:00Z', 'in-person', 'interview', 90, 'ana'),
 (4, '2026-01-30T10:00:00Z', 'in-person', 'interview', 60, 'ben'),
 (4, '2026-02-10T10:00:00Z', 'in-person', 'no-show', NULL, 'ben'),
 (5, '2026-02-04T10:00:00Z', 'in-person', 'interview', 45, 'ben'),
 (5, '2026-02-18T10:00:00Z', 'in-person', 'case-conference', 120, 'ben');
INSERT INTO plan_signature (case_id, version, role, content_hash, signed_on, signed_by) VALUES
 (1, 1, 'client', 'h', '2026-01-10', 'ana'), (1, 1, 'worker', 'h', '2026-02-03', 'ana'),
 (2, 1, 'client', 'h', '2026-01-20', 'ana'),
 (2, 2, 'client', 'h', '2026-02-06', 'ana'), (2, 2, 'worker', 'h', '2026-02-07', 'ana'),
 (5, 1, 'client', 'h', '2026-02-10', 'ben'), (5, 1, 'worker', 'h', '2026-02-10', 'ben'),
 (4, 1, 'client', 'h', '2026-01-25', 'ben'), (4, 1, 'worker', 'h', '2026-01-25', 'ben');
INSERT INTO partner (id, name, domain) VALUES (1, 'Mission locale', 'youth'), (2, 'CPAS', 'social-assistance');
INSERT INTO referral (id, case_id, partner_id, reason, sent_on, status, status_on, feedback_due, feedback_on) VALUES
 (1, 1, 1, 'r', '2026-02-02', 'completed', '2026-02-12', '2026-02-16', '2026-02-12'),
 (2, 2, 1, 'r', '2026-02-05', 'declined', '2026-02-09', '2026-02-19', '2026-02-09'),
 (3, 5, 1, 'r', '2026-02-10', 'no-show', '2026-02-24', '2026-02-24', '2026-02-24'),
 (4, 7, 2, 'r', '2026-02-11', 'accepted', '2026-02-13', '2026-02-25', NULL),
 (5, 12, 2, 'r', '2026-01-20', 'completed', '2026-01-30', '2026-02-03', '2026-01-30'),
 (6, 1, 2, 'r', '2026-02-20', 'cancelled', '2026-02-23', '2026-03-06', '2026-02-21');
INSERT INTO referral_status (referral_id, status, on_date) VALUES
 (1, 'accepted', '2026-02-05'), (1, 'completed', '2026-02-12'),
 (6, 'accepted', '2026-02-21'), (6, 'cancelled', '2026-02-23');
INSERT INTO offer (case_id, kind, on_date, accepted) VALUES (9, 'apprenticeship', '2026-02-01', 1);
INSERT INTO renewal (case_id, on_date, months) VALUES (12, '2026-01-15', 12);
INSERT INTO follow_up (case_id, months, situation, on_date) VALUES (10, 6, 'employment', '2026-02-16');
UPDATE person SET benefit_status = 'benefit';
SQL

# ---- caseload: a snapshot, today (2026-03-15) unless --to names the day ----
# Open today: ana test-small 1, 2 (3 closed 02-10), eu-youth-guarantee 7 (9,
# 11 closed), be-trajet-specifique 13; ben test-small 5 (4, 6 closed),
# eu-youth-guarantee 8 (10 closed), be-trajet-specifique 12. Each worker's
# total is held against the strictest norm of their programmes: test-small's
# 1 (the others have none). Cases per worker are workload: nothing withheld.
run cm report caseload
expect_code 0
expect_out <<'X'
Caseload on 2026-03-15; programme: all; team: all. Cases per worker are workload, not people: no count is withheld.
WORKER  PROGRAMME             OPEN CASES  CASELOAD NORM  ABOVE THE NORM
ana     be-trajet-specifique  1           -              -
ana     eu-youth-guarantee    1           -              -
ana     test-small            2           1              true
ana     (all)                 4           1              true
ben     be-trajet-specifique  1           -              -
ben     eu-youth-guarantee    1           -              -
ben     test-small            1           1              false
ben     (all)                 3           1              true
(all)   (all)                 7           -              -
X
run cm report caseload --format csv
expect_out <<'X'
worker,programme,open,norm,above_norm
ana,be-trajet-specifique,1,,
ana,eu-youth-guarantee,1,,
ana,test-small,2,1,true
ana,(all),4,1,true
ben,be-trajet-specifique,1,,
ben,eu-youth-guarantee,1,,
ben,test-small,1,1,false
ben,(all),3,1,true
(all),(all),7,,
X
run cm report caseload --programme test-small --format json
expect_out <<'X'
[
  {
    "worker": "ana",
    "programme": "test-small",
    "open": 2,
    "norm": 1,
    "above_norm": true
  },
  {
    "worker": "ana",
    "programme": "(all)",
    "open": 2,
    "norm": 1,
    "above_norm": true
  },
  {
    "worker": "ben",
    "programme": "test-small",
    "open": 1,
    "norm": 1,
    "above_norm": false
  },
  {
    "worker": "ben",
    "programme": "(all)",
    "open": 1,
    "norm": 1,
    "above_norm": false
  },
  {
    "worker": "(all)",
    "programme": "test-small",
    "open": 3,
    "norm": null,
    "above_norm": null
  }
]
X
# On 2026-02-09 case 3 was still open: ana had 3 test-small cases.
run cm report caseload --programme test-small --to 2026-02-09
expect_out <<'X'
Caseload on 2026-02-09; programme: test-small; team: all. Cases per worker are workload, not people: no count is withheld.
WORKER  PROGRAMME   OPEN CASES  CASELOAD NORM  ABOVE THE NORM
ana     test-small  3           1              true
ana     (all)       3           1              true
ben     test-small  2           1              true
ben     (all)       2           1              true
(all)   test-small  5           -              -
X
# By programme the counts are of cases, and small ones are withheld.
run cm report caseload --by programme --min-cell 1
expect_out <<'X'
Caseload on 2026-03-15; programme: all; team: all. No count is withheld (the database withholds counts below 5).
PROGRAMME             WORKERS  OPEN CASES  CASELOAD NORM  WORKERS ABOVE THE NORM
be-trajet-specifique  2        2           -              -
eu-youth-guarantee    2        2           -              -
test-small            2        3           1              1
(all)                 -        7           -              -
X
run cm report caseload --by programme
expect_out <<'X'
Caseload on 2026-03-15; programme: all; team: all. Counts below 5 are withheld.
PROGRAMME             WORKERS  OPEN CASES  CASELOAD NORM  WORKERS ABOVE THE NORM
be-trajet-specifique  2        <5          -              -
eu-youth-guarantee    2        <5          -              -
test-small            2        <5          1              1
(all)                 -        7           -              -
<5: fewer than 5, withheld. *: withheld so that a withheld count cannot be worked out from a total.
X
run cm report caseload --programme test-small --by programme --min-cell 2 --format csv
expect_out <<'X'
programme,workers,open,norm,workers_above_norm
test-small,2,3,1,1
(all),,3,,
X

# ---- outcomes (closures in February) ----
# 3 employment (ana), 9 apprenticeship (ana), 4 training (ben), 6 moved (ben):
# 4 closures, 3 positive = 0.75, each outcome 1/4.
run cm report outcomes --min-cell 1
expect_code 0
expect_out <<'X'
Outcomes from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: all. No count is withheld (the database withholds counts below 5).
OUTCOME         POSITIVE EXIT  CLOSURES  SHARE
employment      true           1         25.0%
apprenticeship  true           1         25.0%
training        true           1         25.0%
moved           false          1         25.0%
(positive)      -              3         75.0%
(all)           -              4         100.0%
X
run cm report outcomes --by worker --min-cell 1 --format tsv
expect_out <<'X'
worker	outcome	positive	closures	share
ana	employment	true	1	0.5
ana	apprenticeship	true	1	0.5
ana	(positive)		2	1
ana	(all)		2	1
ben	training	true	1	0.5
ben	moved	false	1	0.5
ben	(positive)		1	0.5
ben	(all)		2	1
(all)	employment	true	1	0.25
(all)	apprenticeship	true	1	0.25
(all)	training	true	1	0.25
(all)	moved	false	1	0.25
(all)	(positive)		3	0.75
(all)	(all)		4	1
X
# Default 5: every count is below it, so every figure is withheld.
run cm report outcomes --format json
expect_out <<'X'
[
  {
    "outcome": "employment",
    "positive": true,
    "closures": null,
    "closures_suppressed": true,
    "share": null,
    "share_suppressed": true
  },
  {
    "outcome": "apprenticeship",
    "positive": true,
    "closures": null,
    "closures_suppressed": true,
    "share": null,
    "share_suppressed": true
  },
  {
    "outcome": "training",
    "positive": true,
    "closures": null,
    "closures_suppressed": true,
    "share": null,
    "share_suppressed": true
  },
  {
    "outcome": "moved",
    "positive": false,
    "closures": null,
    "closures_suppressed": true,
    "share": null,
    "share_suppressed": true
  },
  {
    "outcome": "(positive)",
    "positive": null,
    "closures": null,
    "closures_suppressed": true,
    "share": null,
    "share_suppressed": true
  },
  {
    "outcome": "(all)",
    "positive": null,
    "closures": null,
    "closures_suppressed": true,
    "share": null,
    "share_suppressed": true
  }
]
X
# --min-cell 2: each outcome is small. (all) minus (positive) would give back
# the one negative exit, so (positive) is withheld too.
run cm report outcomes --min-cell 2
expect_code 0
expect_out <<'X'
Outcomes from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: all. Counts below 2 are withheld (lowered from 5).
OUTCOME         POSITIVE EXIT  CLOSURES  SHARE
employment      true           <2        *
apprenticeship  true           <2        *
training        true           <2        *
moved           false          <2        *
(positive)      -              *         *
(all)           -              4         100.0%
<2: fewer than 2, withheld. *: withheld so that a withheld count cannot be worked out from a total.
X
# A window without closures.
run cm report outcomes --from 2024-01-01 --to 2024-01-31
expect_out <<'X'
Outcomes from 2024-01-01 to 2024-01-31; programme: all; team: all. Counts below 5 are withheld.
OUTCOME     POSITIVE EXIT  CLOSURES  SHARE
(positive)  -              0         -
(all)       -              0         -
<5: fewer than 5, withheld. *: withheld so that a withheld count cannot be worked out from a total.
X

# ---- durations (events in February; nearest-rank median and p90) ----
# plan: 1 signed 02-03 (v1's 2nd signature), 64 days from 2025-12-01;
#   2: v1 never complete, v2 complete 02-07, 28 days from 01-10; 5: 02-10, 7 days.
#   [7 28 64]: median rank 2 = 28, p90 rank 3 = 64. (4 signed in January.)
# referral (first sent): 1 02-02 = 63; 2 02-05 = 26; 5 02-10 = 7; 7 02-11 = 133.
#   [7 26 63 133]: median rank 2 = 26, p90 rank 4 = 133. (12's first is in January.)
# closure: 3 = 21, 4 = 46, 6 = 10, 9 = 94. [10 21 46 94]: 21, 94.
run cm report durations --min-cell 1
expect_code 0
expect_out <<'X'
Durations from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: all. No count is withheld (the database withholds counts below 5).
MEASURE   CASES  MEDIAN DAYS  90TH PERCENTILE DAYS
plan      3      28           64
referral  4      26           133
closure   4      21           94
X
# ana: plan [28 64], referral [26 63 133], closure [21 94]; ben: [7], [7], [10 46].
run cm report durations --by worker --min-cell 1 --format csv
expect_out <<'X'
worker,measure,cases,median_days,p90_days
ana,plan,2,28,64
ana,referral,3,63,133
ana,closure,2,21,94
ben,plan,1,7,7
ben,referral,1,7,7
ben,closure,2,10,46
(all),plan,3,28,64
(all),referral,4,26,133
(all),closure,4,21,94
X
# --min-cell 2: ben's 1s are small; ana's plan (2) and referral (3) would
# follow from the totals, so they go too, with their medians.
run cm report durations --by worker --min-cell 2
expect_out <<'X'
Durations from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: all. Counts below 2 are withheld (lowered from 5).
WORKER  MEASURE   CASES  MEDIAN DAYS  90TH PERCENTILE DAYS
ana     plan      *      *            *
ana     referral  *      *            *
ana     closure   2      21           94
ben     plan      <2     *            *
ben     referral  <2     *            *
ben     closure   2      10           46
(all)   plan      3      28           64
(all)   referral  4      26           133
(all)   closure   4      21           94
<2: fewer than 2, withheld. *: withheld so that a withheld count cannot be worked out from a total.
X
run cm report durations --by month --min-cell 1
expect_out <<'X'
Durations from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: all. No count is withheld (the database withholds counts below 5).
MONTH    MEASURE   CASES  MEDIAN DAYS  90TH PERCENTILE DAYS
2026-02  plan      3      28           64
2026-02  referral  4      26           133
2026-02  closure   4      21           94
(all)    plan      3      28           64
(all)    referral  4      26           133
(all)    closure   4      21           94
X

# ---- youth-guarantee (cases 7 to 11) ----
# entrants: 8. preparatory phase at 02-28 (open, no offer taken up): 7, 8.
# beyond target: 7 (registered 2025-09-01,
# target 2026-01-01, no offer); 8's target is 2026-05-15. exits: 9
# (apprenticeship, positive; offer accepted 02-01 before its target 2026-03-01:
# timely). follow-up-6 cohort: exits 6 months before February: 10 (2025-08-15,
# employment recorded) and 11 (2025-08-01, nothing recorded).
run                       cm report youth-guarantee --min-cell 1
expect_code               0
expect_out                <<'X'
Youth Guarantee from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: all. No count is withheld (the database withholds counts below 5).
INDICATOR                                      CASES  SHARE   SHARE OF
entered the Youth Guarantee                    1      -       -
in the preparatory phase (no offer taken up)   2      -       -
of whom beyond the offer deadline              1      50.0%   in the preparatory phase (no offer taken up)
exits                                          1      -       -
exit: apprenticeship                           1      100.0%  exits
positive exits                                 1      100.0%  exits
positive exits with an offer taken up in time  1      100.0%  exits
exits 6 months before (cohort)                 2      -       -
6 months after exit: in employment             1      50.0%   exits 6 months before (cohort)
6 months after exit: not followed up           1      50.0%   exits 6 months before (cohort)
exits 12 months before (cohort)                0      -       -
exits 18 months before (cohort)                0      -       -
X
run cm report youth-guarantee --by worker --min-cell 1 --format csv
expect_out <<'X'
worker,measure,cases,share,of
ana,entrants,0,,
ana,preparatory,1,,
ana,beyond-target,1,1,preparatory
ana,exits,1,,
ana,exit:apprenticeship,1,1,exits
ana,positive-exits,1,1,exits
ana,timely-exits,1,1,exits
ana,follow-up-6,1,,
ana,follow-up-6:not-followed-up,1,1,follow-up-6
ana,follow-up-12,0,,
ana,follow-up-18,0,,
ben,entrants,1,,
ben,preparatory,1,,
ben,beyond-target,0,0,preparatory
ben,exits,0,,
ben,positive-exits,0,,exits
ben,timely-exits,0,,exits
ben,follow-up-6,1,,
ben,follow-up-6:employment,1,1,follow-up-6
ben,follow-up-12,0,,
ben,follow-up-18,0,,
(all),entrants,1,,
(all),preparatory,2,,
(all),beyond-target,1,0.5,preparatory
(all),exits,1,,
(all),exit:apprenticeship,1,1,exits
(all),positive-exits,1,1,exits
(all),timely-exits,1,1,exits
(all),follow-up-6,2,,
(all),follow-up-6:employment,1,0.5,follow-up-6
(all),follow-up-6:not-followed-up,1,0.5,follow-up-6
(all),follow-up-12,0,,
(all),follow-up-18,0,,
X
run                       cm report youth-guarantee
expect_out                <<'X'
Youth Guarantee from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: all. Counts below 5 are withheld.
INDICATOR                                      CASES  SHARE  SHARE OF
entered the Youth Guarantee                    <5     *      -
in the preparatory phase (no offer taken up)   <5     *      -
of whom beyond the offer deadline              <5     *      in the preparatory phase (no offer taken up)
exits                                          <5     *      -
exit: apprenticeship                           <5     *      exits
positive exits                                 <5     *      exits
positive exits with an offer taken up in time  <5     *      exits
exits 6 months before (cohort)                 <5     *      -
6 months after exit: in employment             <5     *      exits 6 months before (cohort)
6 months after exit: not followed up           <5     *      exits 6 months before (cohort)
exits 12 months before (cohort)                0      -      -
exits 18 months before (cohort)                0      -      -
<5: fewer than 5, withheld. *: withheld so that a withheld count cannot be worked out from a total.
X

# August 2025 to February 2026, --min-cell 2: exits 9 (apprenticeship),
# 10 (employment), 11 (lost-contact), each small; exits minus positive exits
# would give back lost-contact, so positive exits is withheld too.
run cm report youth-guarantee --from 2025-08-01 --to 2026-02-28 --min-cell 2
expect_code 0
expect_out <<'X'
Youth Guarantee from 2025-08-01 to 2026-02-28; programme: all; team: all. Counts below 2 are withheld (lowered from 5).
INDICATOR                                      CASES  SHARE  SHARE OF
entered the Youth Guarantee                    3      -      -
in the preparatory phase (no offer taken up)   2      -      -
of whom beyond the offer deadline              <2     *      in the preparatory phase (no offer taken up)
exits                                          3      -      -
exit: employment                               <2     *      exits
exit: apprenticeship                           <2     *      exits
exit: lost-contact                             <2     *      exits
positive exits                                 *      *      exits
positive exits with an offer taken up in time  <2     *      exits
exits 6 months before (cohort)                 2      -      -
6 months after exit: in employment             <2     *      exits 6 months before (cohort)
6 months after exit: not followed up           <2     *      exits 6 months before (cohort)
exits 12 months before (cohort)                0      -      -
exits 18 months before (cohort)                0      -      -
<2: fewer than 2, withheld. *: withheld so that a withheld count cannot be worked out from a total.
X
# ---- quota (be-trajet-specifique on 2026-02-28; today, 2026-03-15, by default) ----
# Job seekers (all with a benefit): 1 (46, registered 2025-01-01), 7 (20,
# 2025-09-01), 9 (22, 2025-11-01; its exit to an apprenticeship is not a
# job), 12 (46, 2025-01-01) = 4. Not 3 (24, registered 2025-11-28, exactly
# 3 months before, but closed into employment on 02-10), 8 (registered
# 2026-01-15) or 13 (36, 2025-10-01: under 6 months). In trajectory: 12, 13
# = 2, 2/4 = 0.5 > 0.15. Renewal: 12, 0.25 > 0.04.
run cm report quota --to 2026-02-28 --min-cell 1
expect_code 0
expect_out <<'X'
Trajectory quota on 2026-02-28; programme: all; team: all. No count is withheld (the database withholds counts below 5).
MEASURE     CASES  JOB SEEKERS COUNTED  SHARE  CAP    ABOVE THE CAP
trajectory  2      4                    50.0%  15.0%  true
renewal     1      4                    25.0%  4.0%   true
Job seekers counted: the people cm knows as unemployed with a benefit or in an insertion internship, for 3 months (under 25) or 6 months, on that day; the count is only as complete as the register imported (cm intake --import).
X
run cm report quota --to 2026-02-28 --format json
expect_out <<'X'
[
  {
    "measure": "trajectory",
    "cases": null,
    "cases_suppressed": true,
    "job_seekers": null,
    "job_seekers_suppressed": true,
    "share": null,
    "share_suppressed": true,
    "cap": 0.15,
    "above_cap": null,
    "above_cap_suppressed": true
  },
  {
    "measure": "renewal",
    "cases": null,
    "cases_suppressed": true,
    "job_seekers": null,
    "job_seekers_suppressed": true,
    "share": null,
    "share_suppressed": true,
    "cap": 0.04,
    "above_cap": null,
    "above_cap_suppressed": true
  }
]
X
# At 2026-01-10 (--to alone: the window starts on the first of its month):
# 12 and 13 are open, 12 not yet renewed (01-15). Job seekers: registered by
# 2025-10-10 when under 25, by 2025-07-10 otherwise: 1, 7, 12 = 3 (3 and 9
# registered later, 13 too recently for its age). 2/3 = 0.667.
run cm report quota --to 2026-01-10 --min-cell 1
expect_out <<'X'
Trajectory quota on 2026-01-10; programme: all; team: all. No count is withheld (the database withholds counts below 5).
MEASURE     CASES  JOB SEEKERS COUNTED  SHARE  CAP    ABOVE THE CAP
trajectory  2      3                    66.7%  15.0%  true
renewal     0      3                    0.0%   4.0%   false
Job seekers counted: the people cm knows as unemployed with a benefit or in an insertion internship, for 3 months (under 25) or 6 months, on that day; the count is only as complete as the register imported (cm intake --import).
X

# ---- referrals (sent in February) ----
# Mission locale: 1 completed (10 days to feedback), 2 declined (4), 3 no-show
# (14): sent 3, accepted 2 (1 and 3), median of [4 10 14] = 10.
# CPAS: 4 accepted (no feedback), 6 accepted then cancelled (1): sent 2,
# accepted 2, median 1. 5 was sent in January. All: [1 4 10 14], rank 2 = 4.
run cm report referrals --min-cell 1
expect_code 0
expect_out <<'X'
Referrals from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: all. No count is withheld (the database withholds counts below 5).
PARTNER  NAME            SENT  ACCEPTED  DECLINED  COMPLETED  NO-SHOW  WITH FEEDBACK  MEDIAN DAYS TO FEEDBACK
1        Mission locale  3     2         1         1          1        3              10
2        CPAS            2     2         0         0          0        1              1
-        (all)           5     4         1         1          1        4              4
X
# Only test-small's cases: 4 (case 7's referral is the Youth Guarantee's) is left out.
run cm report referrals --programme test-small --min-cell 1
expect_out <<'X'
Referrals from 2026-02-01 to 2026-02-28, the last full month (the default); programme: test-small; team: all. No count is withheld (the database withholds counts below 5).
PARTNER  NAME            SENT  ACCEPTED  DECLINED  COMPLETED  NO-SHOW  WITH FEEDBACK  MEDIAN DAYS TO FEEDBACK
1        Mission locale  3     2         1         1          1        3              10
2        CPAS            1     1         0         0          0        1              1
-        (all)           4     3         1         1          1        4              4
X
run cm report referrals --format json
expect_out <<'X'
[
  {
    "partner": 1,
    "name": "Mission locale",
    "sent": null,
    "sent_suppressed": true,
    "accepted": null,
    "accepted_suppressed": true,
    "declined": null,
    "declined_suppressed": true,
    "completed": null,
    "completed_suppressed": true,
    "no_show": null,
    "no_show_suppressed": true,
    "feedback": null,
    "feedback_suppressed": true,
    "median_days_to_feedback": null,
    "median_days_to_feedback_suppressed": true
  },
  {
    "partner": 2,
    "name": "CPAS",
    "sent": null,
    "sent_suppressed": true,
    "accepted": null,
    "accepted_suppressed": true,
    "declined": 0,
    "completed": 0,
    "no_show": 0,
    "feedback": null,
    "feedback_suppressed": true,
    "median_days_to_feedback": null,
    "median_days_to_feedback_suppressed": true
  },
  {
    "partner": null,
    "name": "(all)",
    "sent": 5,
    "accepted": null,
    "accepted_suppressed": true,
    "declined": null,
    "declined_suppressed": true,
    "completed": null,
    "completed_suppressed": true,
    "no_show": null,
    "no_show_suppressed": true,
    "feedback": null,
    "feedback_suppressed": true,
    "median_days_to_feedback": null,
    "median_days_to_feedback_suppressed": true
  }
]
X

# ---- contacts (test-small, February; rule: every 14 days) ----
# Days open in February: 1: 28, 2: 28, 3: 10 (to 02-10), 4: 20, 5: 26 (from
# 02-03), 6: 11 (02-15 to 02-25) = 123 = 4.04 case-months (30.4375 days).
# Contacts (not no-shows): 1: 2, 2: 1, 3: 1, 5: 2 = 6 (4's January one is out);
# 6 / 4.041 = 1.48. Rule: 30.4375 / 14 = 2.17. Whole intervals open: 1: 2,
# 2: 2, 3: 0, 4: 1, 5: 1, 6: 0, so 2 and 4 are below. No-shows 2 of 8 = 0.25.
# Interviews: 60 + 45 + 30 + 90 + 45 = 270 minutes in 5, mean 54.
# ana (1-3): 66 days = 2.2 months, 4 contacts = 1.84, 1 below, 1 no-show of 5,
# 4 interviews 225 minutes (56.25 -> 56.3). ben (4-6): 57 days = 1.9, 2 = 1.07,
# 1 below, 1 no-show of 3 = 0.333, 1 interview of 45.
run cm report contacts --programme test-small --by worker --min-cell 1
expect_code 0
expect_out <<'X'
Contacts from 2026-02-01 to 2026-02-28, the last full month (the default); programme: test-small; team: all. No count is withheld (the database withholds counts below 5).
WORKER  CASES  CASE-MONTHS  CONTACTS  CONTACTS PER CASE-MONTH  CONTACTS REQUIRED PER CASE-MONTH  CASES BELOW THE REQUIRED CONTACTS  NO-SHOWS  NO-SHOW RATE  INTERVIEWS  INTERVIEW MINUTES  MEAN INTERVIEW MINUTES
ana     3      2.2          4         1.84                     2.17                              1                                  1         20.0%         4           225                56.3
ben     3      1.9          2         1.07                     2.17                              1                                  1         33.3%         1           45                 45
(all)   6      4            6         1.48                     2.17                              2                                  2         25.0%         5           270                54
X
# Default 5: each worker's counts are small (both withheld in every sum);
# the totals of 6 cases, 6 contacts and 5 interviews stand, 2 below and 2
# no-shows do not, nor the no-show rate.
run cm report contacts --programme test-small --by worker --format json
expect_out <<'X'
[
  {
    "worker": "ana",
    "cases": null,
    "cases_suppressed": true,
    "case_months": null,
    "case_months_suppressed": true,
    "contacts": null,
    "contacts_suppressed": true,
    "contacts_per_case_month": null,
    "contacts_per_case_month_suppressed": true,
    "rule_per_case_month": null,
    "rule_per_case_month_suppressed": true,
    "cases_below_rule": null,
    "cases_below_rule_suppressed": true,
    "no_shows": null,
    "no_shows_suppressed": true,
    "no_show_rate": null,
    "no_show_rate_suppressed": true,
    "interviews": null,
    "interviews_suppressed": true,
    "interview_minutes": null,
    "interview_minutes_suppressed": true,
    "mean_interview_minutes": null,
    "mean_interview_minutes_suppressed": true
  },
  {
    "worker": "ben",
    "cases": null,
    "cases_suppressed": true,
    "case_months": null,
    "case_months_suppressed": true,
    "contacts": null,
    "contacts_suppressed": true,
    "contacts_per_case_month": null,
    "contacts_per_case_month_suppressed": true,
    "rule_per_case_month": null,
    "rule_per_case_month_suppressed": true,
    "cases_below_rule": null,
    "cases_below_rule_suppressed": true,
    "no_shows": null,
    "no_shows_suppressed": true,
    "no_show_rate": null,
    "no_show_rate_suppressed": true,
    "interviews": null,
    "interviews_suppressed": true,
    "interview_minutes": null,
    "interview_minutes_suppressed": true,
    "mean_interview_minutes": null,
    "mean_interview_minutes_suppressed": true
  },
  {
    "worker": "(all)",
    "cases": 6,
    "case_months": 4,
    "contacts": 6,
    "contacts_per_case_month": 1.48,
    "rule_per_case_month": 2.17,
    "cases_below_rule": null,
    "cases_below_rule_suppressed": true,
    "no_shows": null,
    "no_shows_suppressed": true,
    "no_show_rate": null,
    "no_show_rate_suppressed": true,
    "interviews": 5,
    "interview_minutes": 270,
    "mean_interview_minutes": 54
  }
]
X
# Per month over January and February. January: 1 (31 days), 2 (22, from
# 01-10), 3 (12, from 01-20), 4 (27, from 01-05) = 92 days = 3.02 months;
# one contact (4, 01-30) = 0.33; whole intervals 2, 1, 0, 1: 1 and 2 below.
# Both months: days 59 + 50 + 22 + 47 + 26 + 11 = 215 = 7.06 months, 7
# contacts = 0.99; intervals 4, 3, 1, 3, 1, 0 against 2, 1, 1, 1, 2, 0
# contacts: 1, 2 and 4 below; 2 no-shows of 9 = 0.222; 6 interviews, 330.
run cm report contacts --programme test-small --by month --from 2026-01-01 --to 2026-02-28 --min-cell 1 --format csv
expect_out <<'X'
month,cases,case_months,contacts,contacts_per_case_month,rule_per_case_month,cases_below_rule,no_shows,no_show_rate,interviews,interview_minutes,mean_interview_minutes
2026-01,4,3,1,0.33,2.17,2,0,0,1,60,60
2026-02,6,4,6,1.48,2.17,2,2,0.25,5,270,54
(all),6,7.1,7,0.99,2.17,3,2,0.222,6,330,55
X

# ---- refused and bad inputs ----
run cm report
expect_code 2
expect_err <<'X'
cm: error: usage: cm report NAME [options]; see 'cm report -h'
X
run cm report nonsense
expect_code 2
expect_err <<'X'
cm: error: unknown report 'nonsense' (caseload, outcomes, durations, youth-guarantee, quota, referrals, contacts)
X
run cm report outcomes --from 2026-02-30
expect_code 2
expect_err <<'X'
cm: error: invalid --from '2026-02-30' (expected YYYY-MM-DD)
X
run cm report outcomes --to 01/02/2026
expect_code 2
expect_err <<'X'
cm: error: invalid --to '01/02/2026' (expected YYYY-MM-DD)
X
run cm report outcomes --from 2026-03-01 --to 2026-02-01
expect_code 2
expect_err <<'X'
cm: error: --from 2026-03-01 is after --to 2026-02-01
X
run cm report outcomes --by team
expect_code 2
expect_err <<'X'
cm: error: --by: unknown grouping 'team' (worker, programme, month)
X
run cm report quota --by worker
expect_code 2
expect_err <<'X'
cm: error: report 'quota' has no --by worker
X
run cm report youth-guarantee --programme ch-cmfp
expect_code 2
expect_err <<'X'
cm: error: report 'youth-guarantee' is about programme eu-youth-guarantee only
X
run cm report outcomes --programme nowhere
expect_code 2
expect_err <<'X'
cm: error: --programme: unknown value 'nowhere' (be-accompagnement, be-trajet-specifique, ch-cmfp, dg-familles, eu-youth-guarantee, test-small, work-accident)
X
run cm report outcomes --min-cell 0
expect_code 2
expect_err <<'X'
cm: error: --min-cell: invalid value '0' (expected a whole number from 1 to 1000000)
X
run cm report outcomes --format xml
expect_code 2
run cm report outcomes --colour
expect_code 2
expect_err <<'X'
cm: error: unknown option '--colour'; see 'cm report -h'
X
CM_TODAY=2026-13-01 run cm report outcomes
expect_code 2

# ---- teams ----
# ana is in team north, ben in team south: only the cases of their workers count.
run cm worker edit ana --team north
expect_code 0
run cm worker edit ben --team south
expect_code 0
run cm report caseload --team north --format csv
expect_out <<'X'
worker,programme,open,norm,above_norm
ana,be-trajet-specifique,1,,
ana,eu-youth-guarantee,1,,
ana,test-small,2,1,true
ana,(all),4,1,true
(all),(all),4,,
X
# ben closed 4 (training) and 6 (moved) in February.
run cm report outcomes --team south --min-cell 1
expect_out <<'X'
Outcomes from 2026-02-01 to 2026-02-28, the last full month (the default); programme: all; team: south. No count is withheld (the database withholds counts below 5).
OUTCOME     POSITIVE EXIT  CLOSURES  SHARE
training    true           1         50.0%
moved       false          1         50.0%
(positive)  -              1         50.0%
(all)       -              2         100.0%
X
expect_unchanged 1 cm report outcomes --team east
expect_err <<'X'
cm: error: no worker is in team 'east'; see 'cm worker list'
X
expect_unchanged 2 cm report quota --team north
expect_err <<'X'
cm: error: report 'quota' counts against every registered job seeker; it has no --team
X

# ---- snapshots: today unless --to says otherwise ----
run cm report quota --min-cell 1
run sh -c "printf '%s\n' \"\$1\" | head -n 1" _ "$out"
expect_out <<'X'
Trajectory quota on 2026-03-15; programme: all; team: all. No count is withheld (the database withholds counts below 5).
X

# ---- lowering suppression: managers and admins only, and logged ----
run cm worker add wen --name Wen --team north --role worker
run cm worker add mia --name Mia --team north --role manager
CM_USER=wen expect_unchanged 1 cm report outcomes --team north --min-cell 2
expect_err <<'X'
cm: error: only a manager or an admin can lower --min-cell below 5
X
CM_USER=wen run cm report outcomes --team north --min-cell 5 --format csv
expect_code 0
CM_USER=mia run cm report outcomes --team north --min-cell 3 --format csv
expect_code 0
# The refusal left no record (expect_unchanged); the manager's choice is the last one.
run db_sql "SELECT command, query FROM access ORDER BY id DESC LIMIT 1"
expect_out <<'X'
report|report outcomes --min-cell 3
X

finish
