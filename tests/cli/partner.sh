#!/bin/sh
# cm partner: adding, listing, showing, editing and deactivating partners.
. "$TESTS_DIR/lib/cli.sh"

DOMAINS="employment, training, education, health, mental-health, housing, debt, childcare, family, youth, disability, migration, justice, addiction, seniors, social-assistance, other"

run cm init
run cm partner add "Mission Locale Nord" --domain training --agreement CA-2024-07 \
	--agreement-date 2024-01-02 --phone "+32 2 555 01 01" --email ml@example.org \
	--address "Rue Haute 1, Bruxelles"
expect_code 0
expect_out <<'X'
1
X
run cm partner add "CPAS Anderlecht" --domain social-assistance --format json
expect_code 0
expect_out <<'X'
{
  "partner": 2
}
X
run cm partner add "Logement Plus" --domain housing --format tsv
expect_out <<'X'
partner
3
X

run cm partner list
expect_code 0
expect_out <<'X'
PARTNER  NAME                 DOMAIN             AGREEMENT_REF  AGREEMENT_DATE  PHONE            EMAIL           ADDRESS                 ACTIVE
1        Mission Locale Nord  training           CA-2024-07     2024-01-02      +32 2 555 01 01  ml@example.org  Rue Haute 1, Bruxelles  true
2        CPAS Anderlecht      social-assistance  -              -               -                -               -                       true
3        Logement Plus        housing            -              -               -                -               -                       true
X
run cm partner list --domain housing --format csv
expect_out <<'X'
partner,name,domain,agreement_ref,agreement_date,phone,email,address,active
3,Logement Plus,housing,,,,,,true
X
run cm partner list --domain youth --format json
expect_out <<'X'
[]
X
run cm partner show 1
expect_code 0
expect_out <<'X'
partner:        1
name:           Mission Locale Nord
domain:         training
agreement_ref:  CA-2024-07
agreement_date: 2024-01-02
phone:          +32 2 555 01 01
email:          ml@example.org
address:        Rue Haute 1, Bruxelles
active:         true
open_referrals: 0
X
run cm partner show 2 --format json
expect_out <<'X'
{
  "partner": 2,
  "name": "CPAS Anderlecht",
  "domain": "social-assistance",
  "agreement_ref": null,
  "agreement_date": null,
  "phone": null,
  "email": null,
  "address": null,
  "active": true,
  "open_referrals": 0
}
X

# Edit changes what is given; an empty value clears an optional field.
run cm partner edit 2 --name "CPAS d'Anderlecht" --phone "02 555 02 02"
expect_code 0
expect_out <<'X'
partner 2 updated
X
run cm partner edit 1 --agreement ""
expect_code 0
run cm partner list --format csv
expect_out <<'X'
partner,name,domain,agreement_ref,agreement_date,phone,email,address,active
1,Mission Locale Nord,training,,2024-01-02,+32 2 555 01 01,ml@example.org,"Rue Haute 1, Bruxelles",true
2,CPAS d'Anderlecht,social-assistance,,,02 555 02 02,,,true
3,Logement Plus,housing,,,,,,true
X
expect_unchanged 1 cm partner edit 2 --phone "02 555 02 02"
expect_err <<'X'
cm: error: partner 2: nothing to change
X
expect_unchanged 1 cm partner edit 3 --name "mission locale nord"
expect_err <<'X'
cm: error: partner 1 is already called 'Mission Locale Nord'
X

# Deactivated partners leave the default list.
run cm partner deactivate 3
expect_code 0
expect_out <<'X'
partner 3 deactivated
X
run cm partner list --format tsv
expect_out <<'X'
partner	name	domain	agreement_ref	agreement_date	phone	email	address	active
1	Mission Locale Nord	training		2024-01-02	+32 2 555 01 01	ml@example.org	Rue Haute 1, Bruxelles	true
2	CPAS d'Anderlecht	social-assistance			02 555 02 02			true
X
run cm partner list --all --format csv
expect_out <<'X'
partner,name,domain,agreement_ref,agreement_date,phone,email,address,active
1,Mission Locale Nord,training,,2024-01-02,+32 2 555 01 01,ml@example.org,"Rue Haute 1, Bruxelles",true
2,CPAS d'Anderlecht,social-assistance,,,02 555 02 02,,,true
3,Logement Plus,housing,,,,,,false
X
expect_unchanged 1 cm partner deactivate 3
expect_err <<'X'
cm: error: partner 3 is already deactivated
X
# A deactivated partner's name may be used again.
run cm partner add "logement plus" --domain housing
expect_code 0
expect_out <<'X'
4
X

# Refused and bad input: nothing changed.
expect_unchanged 1 cm partner add "cpas d'anderlecht" --domain other
expect_err <<'X'
cm: error: partner 2 is already called 'CPAS d'Anderlecht'
X
expect_unchanged 2 cm partner add X --domain nope
expect_err <<X
cm: error: unknown domain 'nope' ($DOMAINS)
X
expect_unchanged 2 cm partner add X
expect_err <<X
cm: error: a partner needs a domain ($DOMAINS)
X
expect_unchanged 2 cm partner add "  " --domain other
expect_err <<'X'
cm: error: partner name must not be empty
X
expect_unchanged 2 cm partner add X --domain other --agreement-date 2024-02-30
expect_err <<'X'
cm: error: invalid agreement_date '2024-02-30' (expected YYYY-MM-DD)
X
expect_unchanged 2 cm partner add X --domain other --email nope
expect_err <<'X'
cm: error: invalid email 'nope'
X
expect_unchanged 2 cm partner add --name X --domain other
expect_err <<'X'
cm: error: usage: cm partner add NAME --domain D [options]
X
expect_unchanged 1 cm partner show 9
expect_err <<'X'
cm: error: no partner 9; see 'cm partner list'
X
expect_unchanged 2 cm partner show x
expect_err <<'X'
cm: error: partner: invalid value 'x' (expected a whole number from 1 to 2147483647)
X
expect_unchanged 2 cm partner edit 1
expect_err <<'X'
cm: error: cm partner edit needs a field to change; see 'cm partner -h'
X
expect_unchanged 1 cm partner edit 9 --phone 1
expect_err <<'X'
cm: error: no partner 9; see 'cm partner list'
X
expect_unchanged 2 cm partner edit 1 --domain nope
expect_err <<X
cm: error: unknown domain 'nope' ($DOMAINS)
X
# A filter's value is checked too, not taken for an empty result.
run cm partner list --domain trainig
expect_code 2
expect_no_out
expect_err <<X
cm: error: --domain: unknown value 'trainig'; did you mean 'training'? ($DOMAINS)
X
expect_unchanged 1 cm partner deactivate 9
expect_err <<'X'
cm: error: no partner 9; see 'cm partner list'
X
expect_unchanged 2 cm partner frob
expect_err <<'X'
cm: error: unknown partner action 'frob' (add, list, show, edit, deactivate)
X
expect_unchanged 2 cm partner
expect_err <<'X'
cm: error: expected add, list, show, edit or deactivate; see 'cm partner -h'
X
expect_unchanged 2 cm partner list --phone 1
expect_err <<'X'
cm: error: usage: cm partner list [--all] [--domain D] [--format F]
X
expect_unchanged 2 cm partner show 1 --all
expect_err <<'X'
cm: error: --all goes with cm partner list
X
expect_unchanged 2 cm partner deactivate 1 --name Y
expect_err <<'X'
cm: error: cm partner deactivate takes no partner fields
X

# Every change is in the audit log.
run cm audit --format tsv
out=$(printf '%s\n' "$out" | cut -f5-8 | grep '^partner')
expect_out <<'X'
partner	1		partner 1 added: Mission Locale Nord (training)
partner	2		partner 2 added: CPAS Anderlecht (social-assistance)
partner	3		partner 3 added: Logement Plus (housing)
partner	2		partner 2 edited
partner	1		partner 1 edited
partner	3		partner 3 deactivated
partner	4		partner 4 added: logement plus (housing)
X

finish
