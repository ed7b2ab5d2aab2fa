#!/bin/sh
# cm remind: each kind of item due, overdue, not yet due, and none on a
# closed or suspended case; grouping, sorting, formats and --exit-code.
# Today is 2026-03-15; with the default --within 7 the horizon is 2026-03-22.
. "$TESTS_DIR/lib/cli.sh"

# Open a case on date $1 for worker $2 (name $3), screened, with consent;
# more intake options may follow. Sets $n to the case number.
open_case()
{
	local on=$1 worker=$2 name=$3
	shift 3
	n=$(CM_TODAY=$on "$CM" intake --first-name "$name" --last-name Test --worker "$worker" \
		--criteria all --consent all "$@") || fail "intake of $name"
}

# A contact on date $1 for case $2.
contact_on()
{
	CM_TODAY=$1 "$CM" contact "$2" --channel phone --duration 20 --at "$1" >/dev/null ||
		fail "contact on $1 for case $2"
}

run cm init
expect_code 0

# Nothing due: nothing printed, exit 0 even with --exit-code.
run cm remind --all --exit-code
expect_code 0
expect_no_out

# contact: last contact (a no-show is none) plus the case's or programme's interval.
open_case 2026-02-01 cora Never                   # due 03-03: 12 days overdue
open_case 2026-02-10 cora Soon                    # due 03-22: within the week
contact_on 2026-02-20 $n
open_case 2026-02-10 cora Weekly                  # every 7 days: due 03-08
contact_on 2026-03-01 $n
run cm contact $n --every 7
open_case 2026-02-01 cora Noshow                  # a no-show is not a contact
CM_TODAY=2026-03-01 "$CM" contact $n --channel in-person --kind no-show --at 2026-03-01 >/dev/null
open_case 2026-02-01 cora Later                   # due 03-31: not yet
contact_on 2026-03-01 $n
open_case 2026-01-01 cora Closed                  # closed: no contact due
CM_TODAY=2026-03-01 "$CM" close $n --outcome moved --force >/dev/null 2>&1 || fail "close"
open_case 2026-01-01 cora Paused                  # suspended: on hold
run cm suspend $n --reason "in hospital"
run cm remind --worker cora
expect_code 0
expect_out <<'X'
cora: 4 items
CASE  PERSON       KIND     DUE         WHEN           WHAT
1     Never Test   contact  2026-03-03  12 days late   no contact since intake on 2026-02-01; every 30 days
4     Noshow Test  contact  2026-03-03  12 days late   no contact since intake on 2026-02-01; every 30 days
3     Weekly Test  contact  2026-03-08  7 days late    last contact 2026-03-01; every 7 days
2     Soon Test    contact  2026-03-22  due in 7 days  last contact 2026-02-20; every 30 days
X
run cm remind --worker cora --within 0 --format csv
expect_out <<'X'
case,worker,person,kind,due,overdue_days,what
1,cora,Never Test,contact,2026-03-03,12,no contact since intake on 2026-02-01; every 30 days
4,cora,Noshow Test,contact,2026-03-03,12,no contact since intake on 2026-02-01; every 30 days
3,cora,Weekly Test,contact,2026-03-08,7,last contact 2026-03-01; every 7 days
X

# action: open plan actions due; done ones and later ones are not.
open_case 2026-02-01 ada Planner
CM_TODAY=2026-02-01 "$CM" assess $n --domain housing=2 >/dev/null
CM_TODAY=2026-02-01 "$CM" plan $n goal add "Find work" >/dev/null
for due in 2026-03-10 2026-03-20 2026-04-30 2026-03-01; do
	CM_TODAY=2026-02-01 "$CM" plan $n action add 1 "Step due $due" --owner client --due $due >/dev/null ||
		fail "action due $due"
done
run cm plan $n action done 4
contact_on 2026-03-15 $n
run cm remind --worker ada --format tsv
expect_out <<'X'
case	worker	person	kind	due	overdue_days	what
8	ada	Planner Test	action	2026-03-10	5	action 1 (client): Step due 2026-03-10
8	ada	Planner Test	action	2026-03-20	-5	action 2 (client): Step due 2026-03-20
X

# referral-feedback: feedback not yet given by its due date.
run cm partner add "Job Club" --domain employment
open_case 2026-02-01 rex Referred
for sent in 2026-02-01:14 2026-03-10:10 2026-03-14:30 2026-02-02:14; do
	CM_TODAY=${sent%:*} "$CM" refer $n --partner 1 --reason "job search" --share none \
		--feedback-days ${sent#*:} >/dev/null || fail "referral sent $sent"
done
run cm refer --update 4 --status accepted
run cm refer --update 4 --status started
run cm refer --update 4 --status completed --feedback "found a job"
expect_code 0
contact_on 2026-03-15 $n
run cm remind --worker rex --format json
expect_out <<'X'
[
  {
    "case": 9,
    "worker": "rex",
    "person": "Referred Test",
    "kind": "referral-feedback",
    "due": "2026-02-15",
    "overdue_days": 28,
    "what": "feedback from Job Club on referral 1 (sent 2026-02-01)"
  },
  {
    "case": 9,
    "worker": "rex",
    "person": "Referred Test",
    "kind": "referral-feedback",
    "due": "2026-03-20",
    "overdue_days": -5,
    "what": "feedback from Job Club on referral 2 (sent 2026-03-10)"
  }
]
X

# deadline: the Youth Guarantee offer within 4 months of registration (an
# offer ends it), the first meeting of under-25s within 6 months, the
# maximum duration of a trajectory (a renewal extends it).
open_case 2025-11-20 dee Offer --programme eu-youth-guarantee --birth-date 2004-05-05 \
	--registered-on 2025-11-10
contact_on 2026-03-15 $n
open_case 2025-11-20 dee Offersoon --programme eu-youth-guarantee --birth-date 2004-05-05 \
	--registered-on 2025-11-20
contact_on 2026-03-15 $n
open_case 2025-11-20 dee Offered --programme eu-youth-guarantee --birth-date 2004-05-05 \
	--registered-on 2025-11-05
contact_on 2026-03-15 $n
run cm offer $n --kind traineeship --date 2026-03-01 --accepted no
# be-accompagnement: a first meeting within 6 months for the young, and a
# signed plan within 60 days of intake (due 2025-11-30) for both.
open_case 2025-10-01 dee Young --birth-date 2003-01-01 --registered-on 2025-09-20
run cm contact $n --every 365
open_case 2025-10-01 dee Older --birth-date 1990-01-01 --registered-on 2025-09-20
run cm contact $n --every 365
open_case 2024-06-15 dee Trajectory --programme be-trajet-specifique
contact_on 2026-03-15 $n
open_case 2024-06-10 dee Renewed --programme be-trajet-specifique
contact_on 2026-03-15 $n
run cm renew $n --months 6
run cm remind --worker dee
expect_out <<'X'
dee: 8 items
CASE  PERSON           KIND            DUE         WHEN           WHAT
16    Renewed Test     plan-signature  2024-07-10  613 days late  plan version 1 not signed by the client and the worker (required within 30 days of intake)
15    Trajectory Test  plan-signature  2024-07-15  608 days late  plan version 1 not signed by the client and the worker (required within 30 days of intake)
13    Young Test       plan-signature  2025-11-30  105 days late  plan version 1 not signed by the client and the worker (required within 60 days of intake)
14    Older Test       plan-signature  2025-11-30  105 days late  plan version 1 not signed by the client and the worker (required within 60 days of intake)
10    Offer Test       deadline        2026-03-10  5 days late    offer (job, education, apprenticeship or traineeship) within 4 months of registration on 2025-11-10
15    Trajectory Test  deadline        2026-03-15  due today      maximum duration of 21 months (opened 2024-06-15)
11    Offersoon Test   deadline        2026-03-20  due in 5 days  offer (job, education, apprenticeship or traineeship) within 4 months of registration on 2025-11-20
13    Young Test       deadline        2026-03-20  due in 5 days  first meeting within 6 months of registration on 2025-09-20
X

# follow-up: 6, 12 and 18 months after exit, until recorded; nothing else on a closed case.
open_case 2025-01-01 fay Exit
CM_TODAY=2025-09-10 "$CM" close $n --outcome employment --force >/dev/null 2>&1 || fail "close"
open_case 2025-01-01 fay Exitsoon
CM_TODAY=2025-09-20 "$CM" close $n --outcome training --force >/dev/null 2>&1 || fail "close"
open_case 2025-01-01 fay Recorded
CM_TODAY=2025-09-05 "$CM" close $n --outcome education --force >/dev/null 2>&1 || fail "close"
run cm close $n --follow-up 6 --situation education
open_case 2024-01-01 fay Longago
CM_TODAY=2024-09-01 "$CM" close $n --outcome moved --force >/dev/null 2>&1 || fail "close"
run cm remind --worker fay
expect_out <<'X'
fay: 5 items
CASE  PERSON         KIND       DUE         WHEN           WHAT
20    Longago Test   follow-up  2025-03-01  379 days late  follow-up 6 months after exit on 2024-09-01
20    Longago Test   follow-up  2025-09-01  195 days late  follow-up 12 months after exit on 2024-09-01
20    Longago Test   follow-up  2026-03-01  14 days late   follow-up 18 months after exit on 2024-09-01
17    Exit Test      follow-up  2026-03-10  5 days late    follow-up 6 months after exit on 2025-09-10
18    Exitsoon Test  follow-up  2026-03-20  due in 5 days  follow-up 6 months after exit on 2025-09-20
X

# plan-signature: a programme that wants a signed plan within 30 days of intake.
open_case 2026-02-01 sig Unsigned --programme be-trajet-specifique
contact_on 2026-03-15 $n
open_case 2026-02-14 sig Halfsigned --programme be-trajet-specifique --condition pms-factors
contact_on 2026-03-15 $n
CM_TODAY=2026-02-14 "$CM" assess $n --domain health=3 >/dev/null
CM_TODAY=2026-02-14 "$CM" plan $n goal add "Care first" >/dev/null
run cm plan $n sign --by client
open_case 2026-02-01 sig Signed --programme be-trajet-specifique --condition pms-factors
contact_on 2026-03-15 $n
CM_TODAY=2026-02-01 "$CM" assess $n --domain health=3 >/dev/null
CM_TODAY=2026-02-01 "$CM" plan $n goal add "Care first" >/dev/null
run cm plan $n sign --by client
run cm plan $n sign --by worker
open_case 2026-03-10 sig Later --programme be-trajet-specifique
contact_on 2026-03-15 $n
run cm remind --worker sig --within 2
expect_out <<'X'
sig: 2 items
CASE  PERSON           KIND            DUE         WHEN          WHAT
21    Unsigned Test    plan-signature  2026-03-03  12 days late  plan version 1 not signed by the client and the worker (required within 30 days of intake)
22    Halfsigned Test  plan-signature  2026-03-16  due in 1 day  plan version 1 not signed by the worker (required within 30 days of intake)
X
run cm remind --worker sig --within 0
expect_out <<'X'
sig: 1 item
CASE  PERSON         KIND            DUE         WHEN          WHAT
21    Unsigned Test  plan-signature  2026-03-03  12 days late  plan version 1 not signed by the client and the worker (required within 30 days of intake)
X

# The acting user's caseload by default; --all groups by worker, in name order.
run cm remind
expect_code 0
expect_no_out
CM_USER=ada run cm remind --within 0 --exit-code
expect_code 3
expect_out <<'X'
ada: 1 item
CASE  PERSON        KIND    DUE         WHEN         WHAT
8     Planner Test  action  2026-03-10  5 days late  action 1 (client): Step due 2026-03-10
X
run cm remind --all --within 0 --format csv
expect_code 0
expect_out <<'X'
case,worker,person,kind,due,overdue_days,what
8,ada,Planner Test,action,2026-03-10,5,action 1 (client): Step due 2026-03-10
1,cora,Never Test,contact,2026-03-03,12,no contact since intake on 2026-02-01; every 30 days
4,cora,Noshow Test,contact,2026-03-03,12,no contact since intake on 2026-02-01; every 30 days
3,cora,Weekly Test,contact,2026-03-08,7,last contact 2026-03-01; every 7 days
16,dee,Renewed Test,plan-signature,2024-07-10,613,plan version 1 not signed by the client and the worker (required within 30 days of intake)
15,dee,Trajectory Test,plan-signature,2024-07-15,608,plan version 1 not signed by the client and the worker (required within 30 days of intake)
13,dee,Young Test,plan-signature,2025-11-30,105,plan version 1 not signed by the client and the worker (required within 60 days of intake)
14,dee,Older Test,plan-signature,2025-11-30,105,plan version 1 not signed by the client and the worker (required within 60 days of intake)
10,dee,Offer Test,deadline,2026-03-10,5,"offer (job, education, apprenticeship or traineeship) within 4 months of registration on 2025-11-10"
15,dee,Trajectory Test,deadline,2026-03-15,0,maximum duration of 21 months (opened 2024-06-15)
20,fay,Longago Test,follow-up,2025-03-01,379,follow-up 6 months after exit on 2024-09-01
20,fay,Longago Test,follow-up,2025-09-01,195,follow-up 12 months after exit on 2024-09-01
20,fay,Longago Test,follow-up,2026-03-01,14,follow-up 18 months after exit on 2024-09-01
17,fay,Exit Test,follow-up,2026-03-10,5,follow-up 6 months after exit on 2025-09-10
9,rex,Referred Test,referral-feedback,2026-02-15,28,feedback from Job Club on referral 1 (sent 2026-02-01)
21,sig,Unsigned Test,plan-signature,2026-03-03,12,plan version 1 not signed by the client and the worker (required within 30 days of intake)
X
run cm remind --all --within 0 --exit-code
expect_code 3
run cm remind --worker w0 --exit-code --format json
expect_code 0
expect_out <<'X'
[]
X
run cm remind --worker nobody
expect_code 1
expect_err <<'X'
cm: error: unknown worker 'nobody'; see 'cm worker list'
X

# Bad options change nothing and say what is wrong.
run cm remind --within -1
expect_code 2
expect_err <<'X'
cm: error: --within: invalid value '-1' (expected a whole number from 0 to 3660)
X
run cm remind --all --worker bob
expect_code 2
expect_err <<'X'
cm: error: --worker and --all exclude each other
X
run cm remind --worker ""
expect_code 2
expect_err <<'X'
cm: error: --worker: the worker must not be empty
X
run cm remind today
expect_code 2
expect_err <<'X'
cm: error: unexpected argument 'today'; see 'cm remind -h'
X
run cm remind --format xml
expect_code 2

# The cron examples, with a stand-in for mail(1): one digest per worker with
# something due; the manager gets counts, never names.
mkdir "$TMP/bin"
cat >"$TMP/bin/mail" <<'X'
#!/bin/sh
{ printf 'To: %s\nSubject: %s\n' "$3" "$2"; cat; printf '.\n'; } >>"$MAILBOX"
X
chmod +x "$TMP/bin/mail"
export MAILBOX="$TMP/mailbox"
# Mail goes only to the address registered with cm worker; sig has none.
for w in ada cora dee fay rex; do
	db_sql "UPDATE worker SET email = '$w@example.org' WHERE login = '$w'"
done
PATH="$TMP/bin:$PATH" WITHIN=0 run sh "$SOURCE_DIR/scripts/cron/daily-digest"
expect_code 0
expect_err <<'X'
daily-digest: worker sig has no registered address; nothing sent
X
run cat "$MAILBOX"
expect_out <<'X'
To: ada@example.org
Subject: cm: due within 0 days for ada
ada: 1 item
CASE  PERSON        KIND    DUE         WHEN         WHAT
8     Planner Test  action  2026-03-10  5 days late  action 1 (client): Step due 2026-03-10
.
To: cora@example.org
Subject: cm: due within 0 days for cora
cora: 3 items
CASE  PERSON       KIND     DUE         WHEN          WHAT
1     Never Test   contact  2026-03-03  12 days late  no contact since intake on 2026-02-01; every 30 days
4     Noshow Test  contact  2026-03-03  12 days late  no contact since intake on 2026-02-01; every 30 days
3     Weekly Test  contact  2026-03-08  7 days late   last contact 2026-03-01; every 7 days
.
To: dee@example.org
Subject: cm: due within 0 days for dee
dee: 6 items
CASE  PERSON           KIND            DUE         WHEN           WHAT
16    Renewed Test     plan-signature  2024-07-10  613 days late  plan version 1 not signed by the client and the worker (required within 30 days of intake)
15    Trajectory Test  plan-signature  2024-07-15  608 days late  plan version 1 not signed by the client and the worker (required within 30 days of intake)
13    Young Test       plan-signature  2025-11-30  105 days late  plan version 1 not signed by the client and the worker (required within 60 days of intake)
14    Older Test       plan-signature  2025-11-30  105 days late  plan version 1 not signed by the client and the worker (required within 60 days of intake)
10    Offer Test       deadline        2026-03-10  5 days late    offer (job, education, apprenticeship or traineeship) within 4 months of registration on 2025-11-10
15    Trajectory Test  deadline        2026-03-15  due today      maximum duration of 21 months (opened 2024-06-15)
.
To: fay@example.org
Subject: cm: due within 0 days for fay
fay: 4 items
CASE  PERSON        KIND       DUE         WHEN           WHAT
20    Longago Test  follow-up  2025-03-01  379 days late  follow-up 6 months after exit on 2024-09-01
20    Longago Test  follow-up  2025-09-01  195 days late  follow-up 12 months after exit on 2024-09-01
20    Longago Test  follow-up  2026-03-01  14 days late   follow-up 18 months after exit on 2024-09-01
17    Exit Test     follow-up  2026-03-10  5 days late    follow-up 6 months after exit on 2025-09-10
.
To: rex@example.org
Subject: cm: due within 0 days for rex
rex: 1 item
CASE  PERSON         KIND               DUE         WHEN          WHAT
9     Referred Test  referral-feedback  2026-02-15  28 days late  feedback from Job Club on referral 1 (sent 2026-02-01)
.
X

rm -f "$MAILBOX"
# The weekly report is one MIME message, sent with sendmail -t; its
# plain-text part runs from after its headers to the next boundary.
cat >"$TMP/bin/sendmail" <<'X'
#!/bin/sh
[ "$1" = -t ] || exit 64
cat >>"$MAILBOX"
X
chmod +x "$TMP/bin/sendmail"
PATH="$TMP/bin:$PATH" MANAGER=lead@example.org run sh "$SOURCE_DIR/scripts/cron/weekly-report"
expect_code 0
caseload=$("$CM" report caseload)
sed -n '/^Content-Transfer-Encoding: 8bit$/,/^--cm-weekly-/p' "$MAILBOX" | sed '1,2d;$d' \
	>"$TMP/text-part"
run sed -n '1,/^Overdue items/d; p' "$TMP/text-part"
expect_out <<'X'

ada                  action                 1
cora                 contact                3
dee                  deadline               2
dee                  plan-signature         4
fay                  follow-up              4
rex                  referral-feedback      1
sig                  plan-signature         1

The attached page has every report of 2026-02 with charts.
X
run sed -n '1,/^Overdue items/p' "$TMP/text-part"
checks=$((checks + 1))
[ "$out" = "$(printf 'Caseload against the programme norms\n\n%s\n\nOverdue items today, by worker and kind' "$caseload")" ] ||
	fail "the weekly report does not carry cm report caseload: $out"
run head -n 2 "$MAILBOX"
expect_out <<'X'
To: lead@example.org
Subject: cm: weekly caseload report
X

# Text says when in words, with the language's plurals; json, csv and tsv
# keep the signed overdue_days. Due 03-12, 03-14, today, 03-16 and 03-17.
for opened in 2026-02-10 2026-02-12 2026-02-13 2026-02-14 2026-02-15; do
	open_case $opened w0 "Opened$opened"
done
run cm remind --worker w0
expect_out <<'X'
w0: 5 items
CASE  PERSON                 KIND     DUE         WHEN           WHAT
25    Opened2026-02-10 Test  contact  2026-03-12  3 days late    no contact since intake on 2026-02-10; every 30 days
26    Opened2026-02-12 Test  contact  2026-03-14  1 day late     no contact since intake on 2026-02-12; every 30 days
27    Opened2026-02-13 Test  contact  2026-03-15  due today      no contact since intake on 2026-02-13; every 30 days
28    Opened2026-02-14 Test  contact  2026-03-16  due in 1 day   no contact since intake on 2026-02-14; every 30 days
29    Opened2026-02-15 Test  contact  2026-03-17  due in 2 days  no contact since intake on 2026-02-15; every 30 days
X
run cm remind --worker w0 --format csv
expect_out <<'X'
case,worker,person,kind,due,overdue_days,what
25,w0,Opened2026-02-10 Test,contact,2026-03-12,3,no contact since intake on 2026-02-10; every 30 days
26,w0,Opened2026-02-12 Test,contact,2026-03-14,1,no contact since intake on 2026-02-12; every 30 days
27,w0,Opened2026-02-13 Test,contact,2026-03-15,0,no contact since intake on 2026-02-13; every 30 days
28,w0,Opened2026-02-14 Test,contact,2026-03-16,-1,no contact since intake on 2026-02-14; every 30 days
29,w0,Opened2026-02-15 Test,contact,2026-03-17,-2,no contact since intake on 2026-02-15; every 30 days
X
for lang in de fr nl; do
	run env -u LC_ALL LANG=C.UTF-8 LANGUAGE=$lang "$CM" remind --worker w0
	printf '%s\n' "$out" | sed -n '3,$s/   */|/gp' | cut -d '|' -f 5 >>"$TMP/when"
done
run cat "$TMP/when"
expect_out <<'X'
3 Tage überfällig
1 Tag überfällig
heute fällig
fällig in 1 Tag
fällig in 2 Tagen
3 jours de retard
1 jour de retard
aujourd'hui
dans 1 jour
dans 2 jours
3 dagen te laat
1 dag te laat
vandaag
over 1 dag
over 2 dagen
X

# The day of a contact is its local date: at 00:30 in Brussels (23:30 UTC
# the day before) the next contact falls due 30 days after the local day.
open_case 2026-02-01 w1 Midnight
CM_TODAY=2026-02-14 TZ=Europe/Brussels "$CM" contact $n --channel phone --duration 20 \
	--at 2026-02-14T00:30 >/dev/null || fail "contact at 00:30"
run db_sql "SELECT case_id, at FROM contact WHERE case_id = $n"
expect_out <<'X'
30|2026-02-13T23:30:00Z
X
TZ=Europe/Brussels run cm remind --worker w1
expect_out <<'X'
w1: 1 item
CASE  PERSON         KIND     DUE         WHEN          WHAT
30    Midnight Test  contact  2026-03-16  due in 1 day  last contact 2026-02-14; every 30 days
X
TZ=Europe/Brussels run cm remind --worker w1 --within 0
expect_no_out

# No follow-up is asked after a death.
open_case 2024-01-01 gil Deceased
CM_TODAY=2024-09-01 "$CM" close $n --outcome deceased --force >/dev/null 2>&1 || fail "close"
run cm remind --worker gil
expect_code 0
expect_no_out

finish
