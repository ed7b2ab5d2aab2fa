#!/bin/sh
# cm refer: consent-checked referrals, the disclosure register, the packet,
# statuses with feedback, and withdrawn consent.
. "$TESTS_DIR/lib/cli.sh"

FIELDS="first_name, last_name, birth_date, phone, email, postcode, language, assessment, plan, or none"

run cm init
run cm intake --first-name Léa --last-name Dupont --birth-date 2003-04-05 \
	--phone "0470 11 22 33" --email lea@example.org --postcode 1070 --language fr \
	--ext-id A1 --source actiris --criteria all --consent case-management
expect_out <<'X'
1
X
run cm assess 1 --domain housing=3:"evicted in May" --domain debts=2 --strengths motivated
expect_code 0
run cm plan 1 goal add "Find stable housing"
expect_code 0
run cm plan 1 goal add "Start a welding course"
expect_code 0
run cm partner add "Mission Locale" --domain training
run cm partner add CPAS --domain social-assistance
run cm partner add Closed --domain other
run cm partner deactivate 3
expect_code 0

# Sharing needs share-partners consent; sharing nothing does not.
expect_unchanged 1 cm refer 1 --partner 1 --reason training --share first_name
expect_err <<'X'
cm: error: case 1 has no current consent to share data with partners; record it with 'cm consent 1 give share-partners' or refer with --share none
X
run cm refer 1 --partner 2 --reason "housing allowance" --share none
expect_code 0
expect_out <<'X'
1
X
run cm consent 1 give share-partners
expect_code 0
run cm refer 1 --partner 1 --reason "welding course" \
	--share plan,phone,first_name,last_name,assessment --feedback-days 10 --format json
expect_code 0
expect_out <<'X'
{
  "referral": 2
}
X

# The packet: exactly the shared fields, current values, nothing else.
run cm refer --packet 2
expect_code 0
expect_out <<'X'
{
  "referral": 2,
  "date": "2026-03-15",
  "partner": "Mission Locale",
  "reason": "welding course",
  "first_name": "Léa",
  "last_name": "Dupont",
  "phone": "0470 11 22 33",
  "assessment": {
    "debts": 2,
    "housing": 3
  },
  "plan": ["Find stable housing", "Start a welding course"]
}
X
run cm refer --packet 1 --format json
expect_code 0
expect_out <<'X'
{
  "referral": 1,
  "date": "2026-03-15",
  "partner": "CPAS",
  "reason": "housing allowance"
}
X

run cm refer --list 1
expect_code 0
expect_out <<'X'
REFERRAL  PARTNER  PARTNER_NAME    SENT_ON     STATUS  STATUS_ON   FEEDBACK_DUE  FEEDBACK  SHARED                                      CONSENT  WARNING
1         2        CPAS            2026-03-15  sent    2026-03-15  2026-03-29    -         none                                        -        -
2         1        Mission Locale  2026-03-15  sent    2026-03-15  2026-03-25    -         first_name,last_name,phone,assessment,plan  2        -
X
run cm show 1 --format json
out=$(printf '%s\n' "$out" | grep -E '"(open_referrals|next_feedback_due)"')
expect_out <<'X'
  "open_referrals": 2,
  "next_feedback_due": "2026-03-25"
X
run cm partner show 1 --format csv
expect_out <<'X'
partner,name,domain,agreement_ref,agreement_date,phone,email,address,active,open_referrals
1,Mission Locale,training,,,,,,true,1
X

# The register covers every case of the person.
run cm intake --first-name Léa --last-name Dupont --ext-id A1 --source actiris \
	--programme eu-youth-guarantee --criteria all --consent all
expect_out <<'X'
2
X
run cm refer 2 --partner 2 --reason "youth guarantee offer" \
	--share first_name,birth_date,email,postcode,language
expect_out <<'X'
3
X
run cm refer --register 1 --format csv
expect_code 0
expect_out <<'X'
referral,case,sent_on,partner,partner_name,shared,consent,consent_on
1,1,2026-03-15,2,CPAS,none,,
2,1,2026-03-15,1,Mission Locale,"first_name,last_name,phone,assessment,plan",2,2026-03-15
3,2,2026-03-15,2,CPAS,"first_name,birth_date,email,postcode,language",4,2026-03-15
X
run cm refer --register 2
expect_out <<'X'
REFERRAL  CASE  SENT_ON     PARTNER  PARTNER_NAME    SHARED                                         CONSENT  CONSENT_ON
1         1     2026-03-15  2        CPAS            none                                           -        -
2         1     2026-03-15  1        Mission Locale  first_name,last_name,phone,assessment,plan     2        2026-03-15
3         2     2026-03-15  2        CPAS            first_name,birth_date,email,postcode,language  4        2026-03-15
X
run cm refer --packet 3
expect_out <<'X'
{
  "referral": 3,
  "date": "2026-03-15",
  "partner": "CPAS",
  "reason": "youth guarantee offer",
  "first_name": "Léa",
  "birth_date": "2003-04-05",
  "email": "lea@example.org",
  "postcode": "1070",
  "language": "fr"
}
X

# Statuses: sent -> accepted -> started, each dated, with feedback.
expect_unchanged 1 cm refer --update 2 --status started
expect_err <<'X'
cm: error: referral 2 is sent; it can become accepted, declined, cancelled
X
export CM_TODAY=2026-03-17
run cm refer --update 2 --status accepted --feedback "first meeting on 2026-03-20"
expect_code 0
expect_out <<'X'
referral 2: status accepted, feedback recorded
X
expect_unchanged 2 cm refer --update 2 --status started --date 2026-03-16
expect_err <<'X'
cm: error: date '2026-03-16' is before referral 2's last status change (2026-03-17)
X
expect_unchanged 2 cm refer --update 2 --status started --date 2026-03-18
expect_err <<'X'
cm: error: date '2026-03-18' is in the future
X
export CM_TODAY=2026-03-20
run cm refer --update 2 --status started
expect_code 0
expect_out <<'X'
referral 2: status started
X
run cm refer --update 1 --status cancelled --feedback "allowance granted without referral"
expect_code 0
expect_unchanged 1 cm refer --update 1 --status accepted
expect_err <<'X'
cm: error: referral 1 is cancelled and closed
X
# An ended referral's packet is not printed again: that would be a new disclosure.
expect_unchanged 1 cm refer --packet 1
expect_err <<'X'
cm: error: referral 1 is cancelled; its packet is printed only while the referral is open
X
run cm refer --list 1 --format json
expect_out <<'X'
[
  {
    "referral": 1,
    "partner": 2,
    "partner_name": "CPAS",
    "sent_on": "2026-03-15",
    "status": "cancelled",
    "status_on": "2026-03-20",
    "feedback_due": "2026-03-29",
    "feedback": "allowance granted without referral",
    "shared": "none",
    "consent": null,
    "warning": null
  },
  {
    "referral": 2,
    "partner": 1,
    "partner_name": "Mission Locale",
    "sent_on": "2026-03-15",
    "status": "started",
    "status_on": "2026-03-20",
    "feedback_due": "2026-03-25",
    "feedback": "first meeting on 2026-03-20",
    "shared": "first_name,last_name,phone,assessment,plan",
    "consent": 2,
    "warning": null
  }
]
X
# Feedback received: nothing is due any more.
run cm show 1 --format json
out=$(printf '%s\n' "$out" | grep -E '"(open_referrals|next_feedback_due)"')
expect_out <<'X'
  "open_referrals": 1,
  "next_feedback_due": null
X

# Withdrawn consent: no more sharing, no packet, and open referrals say so.
run cm consent 1 withdraw share-partners
expect_code 0
expect_unchanged 1 cm refer 1 --partner 1 --reason again --share phone
expect_err <<'X'
cm: error: case 1 has no current consent to share data with partners; record it with 'cm consent 1 give share-partners' or refer with --share none
X
expect_unchanged 1 cm refer --packet 2
expect_err <<'X'
cm: error: case 1 has withdrawn consent to share data with partners; referral 2's packet cannot be printed
X
run cm refer 1 --partner 1 --reason "job club" --share none
expect_code 0
expect_out <<'X'
4
X
run cm refer --list 1 --format tsv
expect_out <<'X'
referral	partner	partner_name	sent_on	status	status_on	feedback_due	feedback	shared	consent	warning
1	2	CPAS	2026-03-15	cancelled	2026-03-20	2026-03-29	allowance granted without referral	none		
2	1	Mission Locale	2026-03-15	started	2026-03-20	2026-03-25	first meeting on 2026-03-20	first_name,last_name,phone,assessment,plan	2	consent withdrawn
4	1	Mission Locale	2026-03-20	sent	2026-03-20	2026-04-03		none		
X
run cm refer --update 2 --status completed --feedback "course finished"
expect_code 0
run cm refer --list 1 --format csv
expect_out <<'X'
referral,partner,partner_name,sent_on,status,status_on,feedback_due,feedback,shared,consent,warning
1,2,CPAS,2026-03-15,cancelled,2026-03-20,2026-03-29,allowance granted without referral,none,,
2,1,Mission Locale,2026-03-15,completed,2026-03-20,2026-03-25,course finished,"first_name,last_name,phone,assessment,plan",2,
4,1,Mission Locale,2026-03-20,sent,2026-03-20,2026-04-03,,none,,
X

# Refused and bad input: nothing changed.
expect_unchanged 1 cm refer 1 --partner 3 --reason x --share none
expect_err <<'X'
cm: error: partner 3 (Closed) is deactivated
X
expect_unchanged 1 cm refer 1 --partner 9 --reason x --share none
expect_err <<'X'
cm: error: no partner 9; see 'cm partner list'
X
expect_unchanged 2 cm refer 2 --partner 1 --reason x --share phone,salary
expect_err <<X
cm: error: --share: cannot share unknown field 'salary' ($FIELDS)
X
expect_unchanged 2 cm refer 2 --partner 1 --reason x --share none,phone
expect_err <<X
cm: error: --share: cannot share unknown field 'none' ($FIELDS)
X
expect_unchanged 2 cm refer 1 --partner 1 --share none
expect_err <<'X'
cm: error: --reason is required
X
expect_unchanged 2 cm refer 1 --partner 1 --reason x
expect_err <<'X'
cm: error: --share is required: the fields to share, or none
X
expect_unchanged 2 cm refer 1 --reason x --share none
expect_err <<'X'
cm: error: --partner is required; see 'cm partner list'
X
expect_unchanged 2 cm refer 1 --partner 1 --reason x --share none --feedback-days 0
expect_err <<'X'
cm: error: --feedback-days: invalid value '0' (expected a whole number from 1 to 365)
X
expect_unchanged 1 cm refer --update 9 --status accepted
expect_err <<'X'
cm: error: no referral 9
X
expect_unchanged 2 cm refer --update 4 --status done
expect_err <<'X'
cm: error: unknown referral status 'done' (accepted, declined, started, completed, no-show, cancelled)
X
expect_unchanged 2 cm refer --update 4
expect_err <<'X'
cm: error: --update needs --status or --feedback
X
expect_unchanged 2 cm refer 1 --status accepted
expect_err <<'X'
cm: error: --status, --feedback and --date go with --update REF
X
expect_unchanged 2 cm refer --packet 4 --format text
expect_err <<'X'
cm: error: --packet prints JSON or html only
X
expect_unchanged 2 cm refer --packet 4 1
expect_err <<'X'
cm: error: --update and --packet take a referral id, not a CASE
X
expect_unchanged 2 cm refer 1 --list --register
expect_err <<'X'
cm: error: refer, --update, --packet, --register and --list go separately; see 'cm refer -h'
X
expect_unchanged 2 cm refer --list
expect_err <<'X'
cm: error: expected one CASE; see 'cm refer -h'
X

# A closed case refers no one.
run cm close 1 --outcome training --force
expect_code 0
expect_unchanged 1 cm refer 1 --partner 1 --reason x --share none
expect_err <<'X'
cm: error: case 1 is closed; reopen it first
X

# The log says what went where under which consent, and when a packet was printed.
run cm log 1 --format tsv
out=$(printf '%s\n' "$out" | cut -f3- | grep -E '^(refer|close)	referral')
expect_out <<'X'
close	referral 4: sent -> cancelled: cancelled at closure
refer	referral 2: started -> completed, with feedback
refer	referral 4 to partner 1 (Mission Locale): nothing shared
refer	referral 1: sent -> cancelled, with feedback
refer	referral 2: accepted -> started
refer	referral 2: sent -> accepted, with feedback
refer	referral 1: packet printed for CPAS (nothing shared)
refer	referral 2: packet printed for Mission Locale (first_name,last_name,phone,assessment,plan)
refer	referral 2 to partner 1 (Mission Locale): shared first_name,last_name,phone,assessment,plan under consent 2
refer	referral 1 to partner 2 (CPAS): nothing shared
X

finish
