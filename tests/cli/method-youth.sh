#!/bin/sh
# The Youth Guarantee clock starts at the earliest of becoming unemployed,
# leaving formal education and registering (seed 000: « dans les quatre
# mois suivant la perte de leur emploi ou leur sortie de l'enseignement
# formel »); age limits hold for the whole accompaniment (« jusqu'à 24 ans
# au maximum ») and need the birth date.
. "$TESTS_DIR/lib/cli.sh"

run cm init

# A programme with an age rule needs the birth date; --force still opens.
expect_unchanged 1 cm intake --first-name Ana --last-name Sol --programme eu-youth-guarantee \
	--criteria all --consent all
expect_err <<'X'
cm: error: no birth date: programme eu-youth-guarantee has an age rule (ages up to 24) and needs it (--birth-date); --force opens the case anyway
X
expect_unchanged 1 cm intake --first-name Ana --last-name Sol --programme ch-cmfp
expect_err <<'X'
cm: error: no birth date: programme ch-cmfp has an age rule (ages 12 to 24) and needs it (--birth-date); --force opens the case anyway
X
expect_unchanged 2 cm intake --first-name Ana --last-name Sol --birth-date 2004-05-01 \
	--programme eu-youth-guarantee --unemployed-since 2026-13-01
expect_err <<'X'
cm: error: invalid unemployed_since '2026-13-01' (expected YYYY-MM-DD)
X
expect_unchanged 2 cm intake --first-name Ana --last-name Sol --birth-date 2004-05-01 \
	--programme eu-youth-guarantee --left-education-on 2026-03-16
expect_err <<'X'
cm: error: left_education_on '2026-03-16' is in the future
X

# 1: unemployed 2025-12-01, left education 2026-02-01, registered 2026-01-15:
#    the offer is due four months after 2025-12-01, on 2026-04-01.
run cm intake --first-name Ana --last-name Sol --birth-date 2004-05-01 \
	--programme eu-youth-guarantee --criteria all --consent all --worker alice \
	--registered-on 2026-01-15 --unemployed-since 2025-12-01 --left-education-on 2026-02-01
expect_out <<'X'
1
X
# 2: left education 2025-11-30 before registering on 2026-01-05: due 2026-03-30.
run cm intake --first-name Ben --last-name Roy --birth-date 2005-02-02 \
	--programme eu-youth-guarantee --criteria all --consent all --worker alice \
	--registered-on 2026-01-05 --left-education-on 2025-11-30
# 3: registered only: due four months after registration, 2026-05-10.
run cm intake --first-name Cem --last-name Ay --birth-date 2006-06-06 \
	--programme eu-youth-guarantee --criteria all --consent all --worker alice \
	--registered-on 2026-01-10
run db_sql "SELECT id, unemployed_since, left_education_on FROM person ORDER BY id"
expect_out <<'X'
1|2025-12-01|2026-02-01
2||2025-11-30
3||
X

# Four months to the day: not due on 2026-03-31, due on 2026-04-01.
CM_TODAY=2026-03-31 run cm remind --all --within 0 --format csv
expect_out <<'X'
case,worker,person,kind,due,overdue_days,what
2,alice,Ben Roy,deadline,2026-03-30,1,"offer (job, education, apprenticeship or traineeship) within 4 months of leaving education on 2025-11-30"
X
CM_TODAY=2026-04-01 run cm remind --all --within 0 --format csv
expect_out <<'X'
case,worker,person,kind,due,overdue_days,what
2,alice,Ben Roy,deadline,2026-03-30,2,"offer (job, education, apprenticeship or traineeship) within 4 months of leaving education on 2025-11-30"
1,alice,Ana Sol,deadline,2026-04-01,0,"offer (job, education, apprenticeship or traineeship) within 4 months of becoming unemployed on 2025-12-01"
X
CM_TODAY=2026-05-10 run cm remind --all --within 0 --format csv
run sh -c "printf '%s\n' \"\$1\" | grep 'Cem Ay,deadline'" _ "$out"
expect_out <<'X'
3,alice,Cem Ay,deadline,2026-05-10,0,"offer (job, education, apprenticeship or traineeship) within 4 months of registration on 2026-01-10"
X

# The offer's deadline runs from the same date: in time on 2026-04-01, not the day after.
CM_TODAY=2026-04-01 run cm offer 1 --kind job --date 2026-04-01 --accepted yes --format csv
expect_out <<'X'
offer,case,kind,on,accepted,deadline,in_time
1,1,job,2026-04-01,true,2026-04-01,true
X
CM_TODAY=2026-04-02 run cm offer 2 --kind traineeship --date 2026-04-02 --accepted yes --format csv
expect_out <<'X'
offer,case,kind,on,accepted,deadline,in_time
2,2,traineeship,2026-04-02,true,2026-03-30,false
X

# CMFP takes people up to 24 (12 to 24 at intake): born 2002-03-20, the
# accompaniment ends on the 25th birthday, 2027-03-20. A week before it
# shows (--within 7), not the day before that; on and after it, overdue.
run cm intake --first-name Dan --last-name Ek --birth-date 2002-03-20 --programme ch-cmfp \
	--criteria all --consent all --worker bob
expect_out <<'X'
4
X
for day in 2027-03-12 2027-03-13 2027-03-20 2027-03-21; do
	CM_TODAY=$day run cm remind --worker bob --format csv
	printf '%s %s\n' "$day" "$(printf '%s\n' "$out" | grep 'end of the accompaniment')"
done >"$TMP/age"
run cat "$TMP/age"
expect_out <<'X'
2027-03-12 
2027-03-13 4,bob,Dan Ek,deadline,2027-03-20,-7,end of the accompaniment: programme ch-cmfp takes people up to 24 years old
2027-03-20 4,bob,Dan Ek,deadline,2027-03-20,0,end of the accompaniment: programme ch-cmfp takes people up to 24 years old
2027-03-21 4,bob,Dan Ek,deadline,2027-03-20,1,end of the accompaniment: programme ch-cmfp takes people up to 24 years old
X
# Closed: no longer due.
CM_TODAY=2027-03-21 run cm close 4 --outcome training --force
CM_TODAY=2027-03-22 run cm remind --worker bob --format csv
run sh -c "printf '%s\n' \"\$1\" | grep -c 'end of the accompaniment'" _ "$out"
expect_out <<'X'
0
X

# An import row the age rule turns away (born 1960) takes no number: the
# next person is 5, on a server too, whose sequences count what a rolled-back
# savepoint inserted.
sed 's/"programme": "be-accompagnement"/"programme": "eu-youth-guarantee"/' \
	"$SOURCE_DIR/mappings/be-actiris.json" >"$TMP/youth.json"
{
	echo 'identifiant;nom;prenom;date_naissance;sexe;code_postal;telephone;email;langue;date_inscription;conseiller;remarques'
	echo 'BE-1;Old;Al;01/02/1960;F;1000;;;fr;01/03/2026;alice;'
	echo 'BE-2;Young;Bo;01/02/2005;F;1000;;;fr;01/03/2026;alice;'
} >"$TMP/youth.csv"
run cm intake --import "$TMP/youth.csv" --map "$TMP/youth.json"
expect_code 3
run db_sql "SELECT p.id, p.ext_id, c.id FROM person p JOIN cases c ON c.person_id = p.id
	WHERE p.source = 'actiris'"
expect_out <<'X'
5|BE-2|5
X

finish
