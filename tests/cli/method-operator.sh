#!/bin/sh
# Regular reports from the third party running a trajet spécifique (seed
# 000: « fasse régulièrement l'objet d'un rapport au service compétent »):
# every 3 months while the referral to it is open, from its sending or the
# last report; cm refer --update REF --feedback records one.
. "$TESTS_DIR/lib/cli.sh"

run cm init
CM_TODAY=2026-01-10 run cm intake --first-name Tom --last-name Roe --worker alice \
	--programme be-trajet-specifique --criteria all --consent all
CM_TODAY=2026-01-10 run cm partner add "Opérateur PMS" --domain mental-health --agreement C-1
CM_TODAY=2026-01-10 run cm refer 1 --partner 1 --reason "trajectory" --share none
expect_out <<'X'
1
X
# A referral not yet taken on asks for feedback, not for reports.
CM_TODAY=2026-04-10 run cm remind --all --within 0 --format csv
run sh -c "printf '%s\n' \"\$1\" | grep -c 'report from'" _ "$out"
expect_out <<'X'
0
X
CM_TODAY=2026-01-12 run cm refer --update 1 --status accepted --feedback "taken on"
expect_code 0
# Due three months after the last feedback (2026-01-12): not on 04-11, on 04-12.
CM_TODAY=2026-04-11 run cm remind --all --within 0 --format csv
run sh -c "printf '%s\n' \"\$1\" | grep 'report from'" _ "$out"
expect_out <<'X'
X
CM_TODAY=2026-04-12 run cm remind --all --within 0 --format csv
run sh -c "printf '%s\n' \"\$1\" | grep 'report from'" _ "$out"
expect_out <<'X'
1,alice,Tom Roe,referral-feedback,2026-04-12,0,"report from Opérateur PMS on referral 1, due every 3 months"
X
# The report is feedback without a change of status; the next is due 07-15.
CM_TODAY=2026-04-15 run cm refer --update 1 --feedback "first quarterly report"
expect_code 0
expect_out <<'X'
referral 1: feedback recorded
X
run db_sql "SELECT status, on_date, feedback FROM referral_status WHERE referral_id = 1 ORDER BY id"
expect_out <<'X'
sent|2026-01-10|
accepted|2026-01-12|taken on
accepted|2026-04-15|first quarterly report
X
CM_TODAY=2026-07-14 run cm remind --all --within 0 --format csv
run sh -c "printf '%s\n' \"\$1\" | grep -c 'report from'" _ "$out"
expect_out <<'X'
0
X
CM_TODAY=2026-07-15 run cm remind --all --within 0 --format csv
run sh -c "printf '%s\n' \"\$1\" | grep 'report from'" _ "$out"
expect_out <<'X'
1,alice,Tom Roe,referral-feedback,2026-07-15,0,"report from Opérateur PMS on referral 1, due every 3 months"
X
# Ended: no more reports, and none can be recorded.
CM_TODAY=2026-07-20 run cm refer --update 1 --status started
CM_TODAY=2026-07-21 run cm refer --update 1 --status completed --feedback "final report"
CM_TODAY=2026-10-30 run cm remind --all --within 0 --format csv
run sh -c "printf '%s\n' \"\$1\" | grep -c 'report from'" _ "$out"
expect_out <<'X'
0
X
CM_TODAY=2026-10-30 expect_unchanged 1 cm refer --update 1 --feedback "late"
expect_err <<'X'
cm: error: referral 1 is completed and closed
X
expect_unchanged 2 cm refer --update 1
expect_err <<'X'
cm: error: --update needs --status or --feedback
X
# A programme without the rule asks for no reports.
CM_TODAY=2026-01-10 run cm intake --first-name Ann --last-name Lee --worker alice \
	--criteria all --consent all
CM_TODAY=2026-01-10 run cm refer 2 --partner 1 --reason "support" --share none
CM_TODAY=2026-01-11 run cm refer --update 2 --status accepted
CM_TODAY=2026-12-01 run cm remind --all --within 0 --format csv
run sh -c "printf '%s\n' \"\$1\" | grep -c 'report from'" _ "$out"
expect_out <<'X'
0
X

finish
