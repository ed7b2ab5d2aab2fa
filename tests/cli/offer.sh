#!/bin/sh
# cm offer: a Youth Guarantee offer, its deadline, and refused offers.
. "$TESTS_DIR/lib/cli.sh"

run cm init
CM_TODAY=2026-01-05 run cm intake --first-name Yan --last-name Young --birth-date 2005-06-01 \
	--registered-on 2025-11-30 --programme eu-youth-guarantee
expect_out <<'X'
1
X
run cm intake --first-name Bea --last-name Accomp
expect_out <<'X'
2
X

run cm offer 1 --kind apprenticeship --date 2026-03-01 --accepted no
expect_code 0
expect_out <<'X'
offer:    1
case:     1
kind:     apprenticeship
on:       2026-03-01
accepted: false
deadline: 2026-03-30
in_time:  true
X
run cm offer 1 --kind job --accepted yes --format csv
expect_code 0
expect_out <<'X'
offer,case,kind,on,accepted,deadline,in_time
2,1,job,2026-03-15,true,2026-03-30,true
X
run cm log 1 --format tsv
expect_out <<'X'
at	user	command	what
2026-03-15T09:00:00Z	alice	offer	offer of job on 2026-03-15, accepted
2026-03-15T09:00:00Z	alice	offer	offer of apprenticeship on 2026-03-01, not accepted
2026-03-15T09:00:00Z	alice	intake	case opened in eu-youth-guarantee for alice, person 1
X

expect_unchanged 1 cm offer 2 --kind job --accepted yes
expect_err <<'X'
cm: error: case 2: programme be-accompagnement has no offer deadline; offers belong to programmes such as eu-youth-guarantee
X
expect_unchanged 2 cm offer 1 --kind holiday --accepted yes
expect_err <<'X'
cm: error: --kind: unknown value 'holiday' (job, education, apprenticeship, traineeship)
X
expect_unchanged 2 cm offer 1 --kind job --accepted maybe
expect_err <<'X'
cm: error: --accepted: invalid value 'maybe' (yes or no)
X
expect_unchanged 2 cm offer 1 --kind job
expect_err <<'X'
cm: error: --accepted yes|no is required
X
expect_unchanged 2 cm offer 1 --accepted no
expect_err <<'X'
cm: error: --kind is required (job, education, apprenticeship, traineeship)
X
expect_unchanged 2 cm offer 1 --kind job --accepted no --date 2026-03-16
expect_err <<'X'
cm: error: offer date '2026-03-16' is in the future
X
expect_unchanged 2 cm offer 1 --kind job --accepted no --date 01/03/2026
expect_err <<'X'
cm: error: invalid date '01/03/2026' (expected YYYY-MM-DD)
X
expect_unchanged 1 cm offer 1 --kind job --accepted no --date 2026-01-04
expect_err <<'X'
cm: error: case 1: offer date 2026-01-04 is before the case opened on 2026-01-05
X
expect_unchanged 2 cm offer 1 2 --kind job --accepted no
expect_err <<'X'
cm: error: offer takes one CASE; see 'cm offer -h'
X

finish
