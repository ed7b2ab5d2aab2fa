#!/bin/sh
# cm programme: the built-in profiles and their figures, adding and editing
# profiles with every refused document, the rules at intake and assignment,
# and the migration that loads rules into an older database.
. "$TESTS_DIR/lib/cli.sh"

run cm init
expect_code 0

run cm programme list
expect_code 0
expect_out <<'X'
ID                    NAME                                                             BUILTIN  OPEN_CASES
be-accompagnement     Individualised accompaniment of job seekers (Wallonia/Brussels)  true     0
be-trajet-specifique  Trajet specifique: psycho-medico-social factors (Belgium, 2014)  true     0
ch-cmfp               Case management Formation professionnelle (Switzerland)          true     0
dg-familles           Network for multi-problem families (German-speaking Community)   true     0
eu-youth-guarantee    EU Youth Guarantee (Council Recommendation, 22 April 2013)       true     0
work-accident         Work-accident case management (return to work)                   true     0
X

# Every figure of every built-in programme, one row each.
for p in be-accompagnement be-trajet-specifique ch-cmfp dg-familles eu-youth-guarantee work-accident; do
	run cm programme show $p --format tsv
	expect_code 0
	printf '%s\n' "$out" | tail -n 1 >>"$TMP/rows"
done
out=$(cat "$TMP/rows")
expect_out <<'X'
be-accompagnement	Individualised accompaniment of job seekers (Wallonia/Brussels)	true				30		6	24		0	0	14	6,12,18	200	60							false		
be-trajet-specifique	Trajet specifique: psycho-medico-social factors (Belgium, 2014)	true				30				21	1	18	14	6,12,18		30	0.15	0.04	3	6			false	3	pms-factors,incapacity-33
ch-cmfp	Case management Formation professionnelle (Switzerland)	true	12	24		30					0	0	14	6,12,18	80								false		
dg-familles	Network for multi-problem families (German-speaking Community)	true				14					0	0	14	6,12,18									true		
eu-youth-guarantee	EU Youth Guarantee (Council Recommendation, 22 April 2013)	true		24		30	4				0	0	14	6,12,18									false		
work-accident	Work-accident case management (return to work)	true			incapacity	30					0	0	14	6,12,18							10	50	false		
X
run cm programme show ch-cmfp --format csv
expect_out <<'X'
id,name,builtin,eligibility.min_age,eligibility.max_age,eligibility.checks,contact_interval_days,deadlines.offer_months,deadlines.first_meeting_months,deadlines.first_meeting_max_age,deadlines.max_duration_months,renewal.max_count,renewal.max_months,referral_feedback_days,follow_up_months,caseload_norm,plan_signed_within_days,quota.trajectory_share,quota.renewal_share,quota.min_unemployed_months_under_25,quota.min_unemployed_months_25_and_over,incapacity.specialised_team_min,incapacity.case_management_min,referral_requires_agreement,operator_report_months,entry_conditions
ch-cmfp,Case management Formation professionnelle (Switzerland),true,12,24,,30,,,,,0,0,14,"6,12,18",80,,,,,,,,false,,
X

run cm programme show be-trajet-specifique --format json
expect_code 0
expect_out <<'X'
{
  "id": "be-trajet-specifique",
  "name": "Trajet specifique: psycho-medico-social factors (Belgium, 2014)",
  "eligibility": {
    "min_age": null,
    "max_age": null,
    "checks": []
  },
  "contact_interval_days": 30,
  "deadlines": {
    "offer_months": null,
    "first_meeting_months": null,
    "first_meeting_max_age": null,
    "max_duration_months": 21
  },
  "renewal": {
    "max_count": 1,
    "max_months": 18
  },
  "referral_feedback_days": 14,
  "follow_up_months": [6, 12, 18],
  "caseload_norm": null,
  "plan_signed_within_days": 30,
  "quota": {
    "trajectory_share": 0.15,
    "renewal_share": 0.04,
    "min_unemployed_months_under_25": 3,
    "min_unemployed_months_25_and_over": 6
  },
  "incapacity": null,
  "referral_requires_agreement": false,
  "operator_report_months": 3,
  "entry_conditions": ["pms-factors", "incapacity-33"]
}
X

run cm programme show work-accident
expect_out <<'X'
id:                                      work-accident
name:                                    Work-accident case management (return to work)
builtin:                                 true
eligibility.min_age:                     -
eligibility.max_age:                     -
eligibility.checks:                      incapacity
contact_interval_days:                   30
deadlines.offer_months:                  -
deadlines.first_meeting_months:          -
deadlines.first_meeting_max_age:         -
deadlines.max_duration_months:           -
renewal.max_count:                       0
renewal.max_months:                      0
referral_feedback_days:                  14
follow_up_months:                        6,12,18
caseload_norm:                           -
plan_signed_within_days:                 -
quota.trajectory_share:                  -
quota.renewal_share:                     -
quota.min_unemployed_months_under_25:    -
quota.min_unemployed_months_25_and_over: -
incapacity.specialised_team_min:         10
incapacity.case_management_min:          50
referral_requires_agreement:             false
operator_report_months:                  -
entry_conditions:                        
X

# A profile of one's own: missing keys take their defaults.
cat >"$TMP/weekly.json" <<'X'
{"id": "uk-weekly", "name": "Weekly signing", "contact_interval_days": 7,
 "eligibility": {"min_age": 18, "checks": ["birth-date"]}, "caseload_norm": 1, "follow_up_months": [12, 6]}
X
run cm programme add "$TMP/weekly.json"
expect_code 0
expect_out <<'X'
uk-weekly
X
run cm programme show uk-weekly --format json
expect_out <<'X'
{
  "id": "uk-weekly",
  "name": "Weekly signing",
  "eligibility": {
    "min_age": 18,
    "max_age": null,
    "checks": ["birth-date"]
  },
  "contact_interval_days": 7,
  "deadlines": {
    "offer_months": null,
    "first_meeting_months": null,
    "first_meeting_max_age": null,
    "max_duration_months": null
  },
  "renewal": {
    "max_count": 0,
    "max_months": 0
  },
  "referral_feedback_days": null,
  "follow_up_months": [6, 12],
  "caseload_norm": 1,
  "plan_signed_within_days": null,
  "quota": null,
  "incapacity": null,
  "referral_requires_agreement": false,
  "operator_report_months": null,
  "entry_conditions": []
}
X
run cm programme list --format csv
expect_out <<'X'
id,name,builtin,open_cases
be-accompagnement,Individualised accompaniment of job seekers (Wallonia/Brussels),true,0
be-trajet-specifique,"Trajet specifique: psycho-medico-social factors (Belgium, 2014)",true,0
ch-cmfp,Case management Formation professionnelle (Switzerland),true,0
dg-familles,Network for multi-problem families (German-speaking Community),true,0
eu-youth-guarantee,"EU Youth Guarantee (Council Recommendation, 22 April 2013)",true,0
uk-weekly,Weekly signing,false,0
work-accident,Work-accident case management (return to work),true,0
X
expect_unchanged 1 cm programme add "$TMP/weekly.json"
expect_err <<'X'
cm: error: programme 'uk-weekly' already exists; use 'cm programme edit'
X

# Edit: the document's id must match; show --format json round-trips.
sed 's/"contact_interval_days": 7/"contact_interval_days": 14/' "$TMP/weekly.json" >"$TMP/fortnightly.json"
run cm programme edit uk-weekly "$TMP/fortnightly.json"
expect_code 0
expect_out <<'X'
uk-weekly
X
run cm programme show uk-weekly --format tsv
expect_out <<'X'
id	name	builtin	eligibility.min_age	eligibility.max_age	eligibility.checks	contact_interval_days	deadlines.offer_months	deadlines.first_meeting_months	deadlines.first_meeting_max_age	deadlines.max_duration_months	renewal.max_count	renewal.max_months	referral_feedback_days	follow_up_months	caseload_norm	plan_signed_within_days	quota.trajectory_share	quota.renewal_share	quota.min_unemployed_months_under_25	quota.min_unemployed_months_25_and_over	incapacity.specialised_team_min	incapacity.case_management_min	referral_requires_agreement	operator_report_months	entry_conditions
uk-weekly	Weekly signing	false	18		birth-date	14					0	0		6,12	1								false		
X
"$CM" programme show ch-cmfp --format json >"$TMP/cmfp.json"
before=$(db_sql "SELECT rules FROM programme WHERE id = 'ch-cmfp'")
run cm programme edit ch-cmfp "$TMP/cmfp.json"
expect_code 0
after=$(db_sql "SELECT rules FROM programme WHERE id = 'ch-cmfp'")
checks=$((checks + 1))
[ "$before" = "$after" ] || fail "show --format json does not round-trip: $after"
run db_sql "SELECT summary FROM audit WHERE entity = 'programme' ORDER BY id"
expect_out <<'X'
programme uk-weekly added
programme uk-weekly rules changed
programme ch-cmfp rules changed
X
expect_unchanged 2 cm programme edit ch-cmfp "$TMP/weekly.json"
err=$(printf '%s\n' "$err" | sed "s|$TMP|/TMP|g")
expect_err <<'X'
cm: error: profile '/TMP/weekly.json': 'id' is 'uk-weekly', not the programme 'ch-cmfp' being edited
X
expect_unchanged 2 cm programme edit nowhere "$TMP/weekly.json"
err=$(printf '%s\n' "$err" | sed "s|$TMP|/TMP|g")
expect_err <<'X'
cm: error: profile '/TMP/weekly.json': 'id' is 'uk-weekly', not the programme 'nowhere' being edited
X

# Every refused document names the bad key; nothing changes.
bad_profile()
{
	printf '%s\n' "$1" >"$TMP/bad.json"
	expect_unchanged 2 cm programme add "$TMP/bad.json"
	err=$(printf '%s\n' "$err" | sed "s|$TMP|/TMP|g")
}
bad_profile '{"id": "x", "name": "X", "contact_every": 7}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': unknown key 'contact_every'
X
bad_profile '{"id": "x", "name": "X", "deadlines": {"offer": 4}}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': unknown key 'deadlines.offer'
X
bad_profile '{"id": "x", "name": "X", "contact_interval_days": "30"}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': 'contact_interval_days' must be a whole number or null
X
bad_profile '{"id": "x", "name": "X", "renewal": {"max_count": 1.5}}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': 'renewal.max_count' must be a whole number
X
bad_profile '{"id": "x", "name": "X", "eligibility": {"max_age": -1}}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': 'eligibility.max_age' must not be negative (-1)
X
bad_profile '{"id": "x", "name": "X", "eligibility": {"min_age": 30, "max_age": 24}}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': 'eligibility.min_age' is above 'eligibility.max_age'
X
bad_profile '{"id": "x", "name": "X", "eligibility": {"checks": ["shoe-size"]}}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': 'eligibility.checks': unknown name 'shoe-size' (birth-date, registered-on, incapacity)
X
bad_profile '{"id": "x", "name": "X", "follow_up_months": [6, 9]}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': 'follow_up_months' may hold only 6, 12 and 18
X
bad_profile '{"id": "x", "name": "X", "quota": {"trajectory_share": 1.5}}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': 'quota.trajectory_share' must be a number from 0 to 1
X
bad_profile '{"id": "x", "name": "X", "quota": {"trajectory_share": 0.1}}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': missing key 'quota.renewal_share'
X
bad_profile '{"id": "x", "name": "X", "incapacity": [10, 50]}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': 'incapacity' must be an object or null
X
bad_profile '{"name": "X"}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': missing key 'id'
X
bad_profile '{"id": "Big Name", "name": "X"}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': 'id' may hold only lowercase letters, digits and '-' ('Big Name')
X
bad_profile '{"id": "x", "id": "y", "name": "X"}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': key 'id' is given twice
X
bad_profile '{"id": "x",
  "name": "X",,}'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': not valid JSON (line 2)
X
bad_profile '[1, 2]'
expect_err <<'X'
cm: error: profile '/TMP/bad.json': not a JSON object
X
expect_unchanged 1 cm programme add "$TMP/none.json"
err=$(printf '%s\n' "$err" | sed "s|$TMP|/TMP|g")
expect_err <<'X'
cm: error: cannot read profile '/TMP/none.json': No such file or directory
X
expect_unchanged 2 cm programme remove uk-weekly
expect_err <<'X'
cm: error: unknown action 'remove' (list, show, add, edit)
X
expect_unchanged 2 cm programme show
expect_err <<'X'
cm: error: 'cm programme show' takes a programme id; see 'cm programme -h'
X
run cm programme show nowhere
expect_code 1
expect_err <<'X'
cm: error: unknown programme 'nowhere'; see 'cm programme list'
X

# Intake: outside the age range is refused, or opened with --force and a warning.
expect_unchanged 1 cm intake --first-name Old --last-name Timer --birth-date 2001-03-15 \
	--programme eu-youth-guarantee
expect_err <<'X'
cm: error: age 25 on 2026-03-15 is outside programme eu-youth-guarantee (ages up to 24); --force opens the case anyway
X
run cm intake --first-name Just --last-name Young --birth-date 2001-03-16 --programme eu-youth-guarantee
expect_code 0
expect_out <<'X'
1
X
run cm intake --first-name Old --last-name Timer --birth-date 2001-03-15 \
	--programme eu-youth-guarantee --force
expect_code 0
expect_out <<'X'
2
X
expect_err <<'X'
cm: warning: age 25 on 2026-03-15 is outside programme eu-youth-guarantee (ages up to 24) (opened with --force)
X
# Without a birth date an age rule cannot be checked: refused, or opened with --force.
expect_unchanged 1 cm intake --first-name No --last-name Date --programme eu-youth-guarantee
expect_err <<'X'
cm: error: no birth date: programme eu-youth-guarantee has an age rule (ages up to 24) and needs it (--birth-date); --force opens the case anyway
X
run cm intake --first-name No --last-name Date --programme eu-youth-guarantee --force
expect_code 0
run cm intake --first-name No --last-name Date --programme uk-weekly
expect_code 1
expect_err <<'X'
cm: error: no birth date: programme uk-weekly needs it to check the age (--birth-date); --force opens the case anyway
X
expect_unchanged 1 cm intake --first-name Small --last-name Pupil --birth-date 2014-03-16 --programme ch-cmfp
expect_err <<'X'
cm: error: age 11 on 2026-03-15 is outside programme ch-cmfp (ages 12 to 24); --force opens the case anyway
X
run cm intake --first-name Pupil --last-name Twelve --birth-date 2014-03-15 --programme ch-cmfp
expect_code 0
expect_out <<'X'
4
X
# A person already known brings the birth date recorded before.
run cm intake --first-name Léa --last-name Dupont --birth-date 1999-01-01 \
	--ext-id L1 --programme be-accompagnement
expect_code 0
expect_out <<'X'
5
X
expect_unchanged 1 cm intake --first-name Léa --last-name Dupont --ext-id L1 --programme ch-cmfp
expect_err <<'X'
cm: error: age 27 on 2026-03-15 is outside programme ch-cmfp (ages 12 to 24); --force opens the case anyway
X

# Work accidents: 10 % to the specialised team, 50 % and over to case management.
expect_unchanged 1 cm intake --first-name W --last-name One --programme work-accident
expect_err <<'X'
cm: error: programme work-accident needs the predicted permanent incapacity (--incapacity PCT); --force opens the case anyway
X
expect_unchanged 1 cm intake --first-name W --last-name One --programme work-accident --incapacity 9
expect_err <<'X'
cm: error: predicted incapacity 9 % is below the 10 % threshold of programme work-accident; --force opens the case anyway
X
expect_unchanged 1 cm intake --first-name W --last-name One --programme work-accident --incapacity 49
expect_err <<'X'
cm: error: predicted incapacity 49 % is below the 50 % case-management threshold of programme work-accident (the specialised team takes 10 % and over); --force opens the case anyway
X
run cm intake --first-name W --last-name One --programme work-accident --incapacity 50
expect_code 0
expect_out <<'X'
6
X
run db_sql "SELECT id, incapacity FROM cases WHERE programme = 'work-accident'"
expect_out <<'X'
6|50
X
expect_unchanged 2 cm intake --first-name W --last-name Two --programme work-accident --incapacity 101
expect_err <<'X'
cm: error: --incapacity: invalid value '101' (expected a whole number from 0 to 100)
X

# Assigning above the caseload norm warns, and still assigns.
run cm intake --first-name A --last-name One --programme uk-weekly --birth-date 1990-01-01 --worker bob
expect_code 0
run cm intake --first-name A --last-name Two --programme uk-weekly --birth-date 1990-01-01
expect_code 0
run cm assign 8 bob --reason "cover"
expect_code 0
expect_err <<'X'
cm: warning: worker bob has 2 open cases, above the caseload norm of 1 of programme uk-weekly
X
run cm assign 8 carol --reason "back"
expect_code 0
expect_err <<'X'
X

# An older database: rules are loaded by the migration; an edited profile is
# kept. The schema is taken back to version 2 by hand, each engine's own.
db_fresh older
run cm init
if db_is_server; then
	# Migration 21's row-level security, functions and views first: its policies read worker.
	db_sql "DO \$\$ DECLARE p record; BEGIN FOR p IN SELECT policyname, tablename FROM pg_policies
		WHERE schemaname = current_schema() LOOP
		EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
		EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', p.tablename);
		END LOOP; END \$\$;
		DROP VIEW audit_head; DROP VIEW access_head; DROP TRIGGER audit_server_set ON audit;
		DROP FUNCTION cm_audit_redact, cm_login_sync, cm_sync_id, cm_scope, cm_is_admin,
			cm_last_person_with_case, cm_clock, cm_server_login;
		DROP TABLE access; DROP FUNCTION cm_log_server_set"
	db_sql "DROP INDEX renewal_case; ALTER TABLE cases DROP COLUMN incapacity;
		DROP INDEX cases_closed_on; DROP INDEX cases_opened_on; DROP INDEX referral_sent_on;
		DROP TABLE worker; DROP TRIGGER audit_actor_fixed ON audit;
		DROP FUNCTION cm_audit_actor_fixed;
		ALTER TABLE audit DROP COLUMN os_user; ALTER TABLE audit DROP COLUMN real_at;
		DROP TABLE person_link; ALTER TABLE goal DROP COLUMN priority;
		ALTER TABLE person DROP COLUMN unemployed_since; ALTER TABLE person DROP COLUMN left_education_on;
		ALTER TABLE contact DROP COLUMN withdrawn_on; ALTER TABLE contact DROP COLUMN withdrawn_by;
		ALTER TABLE contact DROP COLUMN withdrawn_reason;
		ALTER TABLE audit RENAME COLUMN actor TO \"user\";
		DROP INDEX goal_number; DROP INDEX action_number;
		ALTER TABLE goal DROP COLUMN number; ALTER TABLE action DROP COLUMN number;
		ALTER TABLE person DROP COLUMN benefit_status;
		ALTER TABLE person DROP COLUMN unemployment_ended_on;
		DROP INDEX person_birth; DROP INDEX contact_at;
		ALTER TABLE person DROP COLUMN source_updated_on;
		DROP FUNCTION cm_add_days, cm_add_months, cm_add_years, cm_days, cm_age,
			cm_json_int, cm_json_real, cm_json_text, cm_min, cm_max, cm_local_date;
		ALTER TABLE programme DROP COLUMN rowid; ALTER TABLE criterion DROP COLUMN rowid;
		ALTER TABLE assessment_score DROP COLUMN rowid; ALTER TABLE follow_up DROP COLUMN rowid;
		UPDATE programme SET rules = '{}';
		UPDATE programme SET rules = '{\"kept\":1}' WHERE id = 'dg-familles'"
	db_set_version 2
fi
db_is_server || db_sql "DROP INDEX renewal_case; ALTER TABLE cases DROP COLUMN incapacity;
	DROP INDEX cases_closed_on; DROP INDEX cases_opened_on; DROP INDEX referral_sent_on;
	DROP VIEW audit_head; DROP VIEW access_head;
	DROP TABLE worker; DROP TABLE access; DROP TRIGGER audit_actor_fixed;
	ALTER TABLE audit DROP COLUMN os_user; ALTER TABLE audit DROP COLUMN real_at;
	DROP TABLE person_link; ALTER TABLE goal DROP COLUMN priority;
	ALTER TABLE person DROP COLUMN unemployed_since; ALTER TABLE person DROP COLUMN left_education_on;
	ALTER TABLE contact DROP COLUMN withdrawn_on; ALTER TABLE contact DROP COLUMN withdrawn_by;
	ALTER TABLE contact DROP COLUMN withdrawn_reason;
	ALTER TABLE audit RENAME COLUMN actor TO user;
	DROP INDEX goal_number; DROP INDEX action_number;
	ALTER TABLE goal DROP COLUMN number; ALTER TABLE action DROP COLUMN number;
	ALTER TABLE person DROP COLUMN benefit_status;
	ALTER TABLE person DROP COLUMN unemployment_ended_on;
	DROP INDEX person_birth; DROP INDEX contact_at;
	ALTER TABLE person DROP COLUMN source_updated_on;
	PRAGMA writable_schema = ON;
	UPDATE sqlite_master SET sql = replace(sql, 'CHECK (role = ''worker'' OR role = ''manager'' OR role = ''admin'')',
		'CHECK (role IN (''worker'',''manager'',''admin''))') WHERE name = 'worker';
	UPDATE sqlite_master SET sql = replace(sql, 'CHECK (state = ''screening'' OR state = ''assessment'' OR state = ''planning'' OR state = ''active'' OR state = ''suspended'' OR state = ''closed'')',
		'CHECK (state IN (''screening'',''assessment'',''planning'',''active'',''suspended'',''closed''))') WHERE name = 'cases';
	PRAGMA writable_schema = OFF;
	UPDATE programme SET rules = '{}';
	UPDATE programme SET rules = '{\"kept\":1}' WHERE id = 'dg-familles';
	PRAGMA user_version = 2;"
# Readers never migrate: the migration runs when a writer opens the file.
run cm db migrate
expect_code 0
run cm programme show eu-youth-guarantee --format tsv
expect_code 0
expect_out <<'X'
id	name	builtin	eligibility.min_age	eligibility.max_age	eligibility.checks	contact_interval_days	deadlines.offer_months	deadlines.first_meeting_months	deadlines.first_meeting_max_age	deadlines.max_duration_months	renewal.max_count	renewal.max_months	referral_feedback_days	follow_up_months	caseload_norm	plan_signed_within_days	quota.trajectory_share	quota.renewal_share	quota.min_unemployed_months_under_25	quota.min_unemployed_months_25_and_over	incapacity.specialised_team_min	incapacity.case_management_min	referral_requires_agreement	operator_report_months	entry_conditions
eu-youth-guarantee	EU Youth Guarantee (Council Recommendation, 22 April 2013)	true		24		30	4				0	0	14	6,12,18									false		
X
# A profile the migration loaded names itself; the edited one does not.
run db_sql "SELECT id, CASE WHEN rules LIKE '%\"name\"%' THEN 1 ELSE 0 END FROM programme ORDER BY id"
expect_out <<'X'
be-accompagnement|1
be-trajet-specifique|1
ch-cmfp|1
dg-familles|0
eu-youth-guarantee|1
work-accident|1
X
# Lists of three or more values are checked as ORs (an IN list costs
# SQLite a temporary table per row; a server checks IN lists as they are),
# accepting exactly the same values.
role_check='new row for relation "worker" violates check constraint "worker_role_check"'
if ! db_is_server; then
	run db_sql "SELECT name FROM sqlite_master WHERE sql LIKE '%CHECK (% IN (%' ORDER BY name;
		PRAGMA integrity_check"
	expect_out <<'X'
consent
plan_signature
ok
X
	role_check="CHECK constraint failed: role = 'worker' OR role = 'manager' OR role = 'admin'"
fi
run db_sql "INSERT INTO worker(login, name, role, created_on) VALUES ('boss', 'B', 'boss', '2026-01-01')"
checks=$((checks + 1))
[ "$code" != 0 ] || fail "the role boss was accepted"
err=$(db_error)
expect_err <<X
$role_check
X
run db_sql "INSERT INTO worker(login, name, role, created_on) VALUES ('lead', 'L', 'manager', '2026-01-01');
	SELECT role FROM worker WHERE login = 'lead'"
expect_code 0
expect_out <<'X'
manager
X
# The index that finds a period's contacts by their time is back.
if db_is_server; then
	run db_sql "SELECT indexdef FROM pg_indexes WHERE indexname = 'contact_at'"
	expect_out <<'X'
CREATE INDEX contact_at ON public.contact USING btree (at)
X
else
	run db_sql "SELECT sql FROM sqlite_master WHERE name = 'contact_at'"
	expect_out <<'X'
CREATE INDEX contact_at ON contact(at)
X
fi
# The heads of the two chains, read by every writer, are views again, and
# the logs' records must carry the clock's time (on a server a trigger of
# the same migration checks the login and the clock: tests/cli/pg-roles.sh).
run db_sql "SELECT count(*) FROM audit_head"
expect_out <<'X'
1
X
run db_sql "SELECT count(*) FROM access_head"
expect_out <<'X'
0
X
if ! db_is_server; then
	run db_sql "SELECT type, name FROM sqlite_master WHERE type = 'view'
		OR name LIKE '%_server_set' ORDER BY name"
	expect_out <<'X'
view|access_head
trigger|access_server_set
view|audit_head
X
	# The audit log's is a CHECK (a trigger would cost each insert a savepoint):
	# the records of before the real time was kept may have none, no later one.
	run db_sql "SELECT count(*) FROM audit WHERE real_at IS NULL;
		INSERT INTO audit(at, actor, command, entity, entity_id, summary, hash)
		VALUES ('2026-01-01T00:00:00Z', 'a', 'c', 'e', 1, 's', 'h')"
	expect_out <<'X'
1
X
	checks=$((checks + 1))
	[ "$code" != 0 ] || fail "a record without its real time was accepted"
	err=$(db_error)
	expect_err <<'X'
CHECK constraint failed: real_time
X
	run db_sql "INSERT INTO audit(at, actor, command, entity, entity_id, summary, hash, real_at)
		VALUES ('2026-01-01T00:00:00Z', 'a', 'c', 'e', 1, 's', 'h', '2026-01-01 00:00')"
	err=$(db_error)
	expect_err <<'X'
CHECK constraint failed: real_time
X
	run db_sql "SELECT sql LIKE '%THEN id <= ' || (SELECT max(id) FROM audit WHERE real_at IS NULL)
		|| ' ELSE%' FROM sqlite_master WHERE name = 'audit'; PRAGMA integrity_check"
	expect_out <<'X'
1
ok
X
fi

finish
