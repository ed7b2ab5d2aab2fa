#!/bin/sh
# The trajet spécifique's own entry conditions (seed 000: « une combinaison
# de facteurs psycho-médico-sociaux ... n'est pas en mesure de travailler
# ... dans les 12 mois »; « un taux d'incapacité de travail permanente d'au
# moins 33 % ou ... temporaire d'au moins 33 % pour une durée d'au moins
# deux ans »): recorded at intake or later, one needed before assessment.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Tom --last-name Roe --birth-date 1980-01-01 \
	--programme be-trajet-specifique --criteria all --consent all
expect_out <<'X'
1
X
expect_unchanged 1 cm assess 1 --domain health=3
expect_err <<'X'
cm: error: case 1: programme be-trajet-specifique needs one of its entry conditions (pms-factors, incapacity-33) before assessment; record it with 'cm intake --case 1 --condition NAME'
X
# A temporary incapacity counts from 24 months.
expect_unchanged 2 cm intake --case 1 --condition incapacity-33:temporary:23
expect_err <<'X'
cm: error: entry condition 'incapacity-33:temporary:23': a temporary incapacity counts when it lasts at least 24 months
X
expect_unchanged 2 cm intake --case 1 --condition incapacity-33
expect_err <<'X'
cm: error: unknown entry condition 'incapacity-33' (pms-factors, incapacity-33:permanent, incapacity-33:temporary:MONTHS)
X
run cm intake --case 1 --condition incapacity-33:temporary:24
expect_code 0
expect_out <<'X'
1
X
run db_sql "SELECT name, met_on FROM criterion WHERE case_id = 1 AND name LIKE 'incap%'"
expect_out <<'X'
incapacity-33:temporary:24|2026-03-15
X
run cm assess 1 --domain health=3
expect_code 0

# At intake; the other route.
run cm intake --first-name Ann --last-name Lee --birth-date 1985-05-05 \
	--programme be-trajet-specifique --criteria all --consent all --condition pms-factors
expect_out <<'X'
2
X
run cm assess 2 --domain health=2
expect_code 0
run cm intake --first-name Bea --last-name Kim --birth-date 1975-05-05 \
	--programme be-trajet-specifique --criteria all --consent all \
	--condition incapacity-33:permanent
expect_code 0

# Programmes that declare none neither need nor take them.
run cm intake --first-name Cy --last-name Day --criteria all --consent all
run cm assess 4 --domain housing=1
expect_code 0
expect_unchanged 2 cm intake --first-name Di --last-name Eve --condition pms-factors
expect_err <<'X'
cm: error: programme be-accompagnement has no entry condition 'pms-factors'
X

finish
