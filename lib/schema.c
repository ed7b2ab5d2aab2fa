/*
 * The schema, as numbered migrations applied in order; PRAGMA user_version
 * holds the number applied. Never edit a migration that has been released:
 * add a new one.
 */
#include "schema.h"
#include "programme_builtin.h"

static const char m1_base[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE programme (\n"
	"  id TEXT PRIMARY KEY,\n"
	"  name TEXT NOT NULL,\n"
	"  rules TEXT NOT NULL DEFAULT '{}',\n"
	"  builtin INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE person (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  source TEXT NOT NULL DEFAULT 'local',\n"
	"  ext_id TEXT,\n"
	"  first_name TEXT NOT NULL,\n"
	"  last_name TEXT NOT NULL,\n"
	"  birth_date TEXT,\n"
	"  sex TEXT,\n"
	"  postcode TEXT,\n"
	"  phone TEXT,\n"
	"  email TEXT,\n"
	"  language TEXT,\n"
	"  registered_on TEXT,\n"
	"  notes TEXT,\n"
	"  created_at TEXT NOT NULL,\n"
	"  pseudonymised_on TEXT,\n"
	"  UNIQUE (source, ext_id)\n"
	");\n"
	"CREATE INDEX person_ext ON person(ext_id);\n"
	"CREATE TABLE cases (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
	"  programme TEXT NOT NULL REFERENCES programme(id),\n"
	"  worker TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('screening','assessment','planning',"
	"'active','suspended','closed')),\n"
	"  prev_state TEXT,\n"
	"  state_since TEXT NOT NULL,\n"
	"  suspend_reason TEXT,\n"
	"  referral_source TEXT,\n"
	"  opened_on TEXT NOT NULL,\n"
	"  closed_on TEXT,\n"
	"  outcome TEXT,\n"
	"  close_note TEXT,\n"
	"  contact_every_days INTEGER,\n"
	"  plan_version INTEGER NOT NULL DEFAULT 1\n"
	");\n"
	"CREATE INDEX cases_person ON cases(person_id);\n"
	"CREATE INDEX cases_worker ON cases(worker, state);\n"
	"CREATE INDEX cases_programme ON cases(programme, state);\n"
	"CREATE UNIQUE INDEX cases_one_open ON cases(person_id, programme)"
	" WHERE state <> 'closed';\n"
	"CREATE TABLE criterion (\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  name TEXT NOT NULL,\n"
	"  met_on TEXT NOT NULL,\n"
	"  PRIMARY KEY (case_id, name)\n"
	");\n"
	"CREATE TABLE consent (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  scope TEXT NOT NULL CHECK (scope IN ('case-management','share-partners')),\n"
	"  given INTEGER NOT NULL,\n"
	"  on_date TEXT NOT NULL,\n"
	"  recorded_by TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX consent_case ON consent(case_id, scope);\n"
	"CREATE TABLE audit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  user TEXT NOT NULL,\n"
	"  command TEXT NOT NULL,\n"
	"  entity TEXT NOT NULL,\n"
	"  entity_id INTEGER NOT NULL,\n"
	"  case_id INTEGER,\n"
	"  summary TEXT NOT NULL,\n"
	"  summary_sha TEXT,\n"
	"  before TEXT,\n"
	"  after TEXT,\n"
	"  before_sha TEXT,\n"
	"  after_sha TEXT,\n"
	"  redacted_on TEXT,\n"
	"  hash TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX audit_case ON audit(case_id) WHERE case_id IS NOT NULL;\n"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);\n"
	/*
	 * The one update allowed: blanking a record's summary and before/after
	 * copies when the person is pseudonymised. The chain covers their SHA-256
	 * digests, which stay, so verification still holds.
	 */
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN NOT ("
	"NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.user = OLD.user"
	" AND NEW.command = OLD.command AND NEW.entity = OLD.entity"
	" AND NEW.entity_id = OLD.entity_id AND NEW.case_id IS OLD.case_id"
	" AND (NEW.summary = OLD.summary OR NEW.summary = '[removed]')"
	" AND NEW.summary_sha IS OLD.summary_sha AND NEW.hash = OLD.hash"
	" AND NEW.before_sha IS OLD.before_sha AND NEW.after_sha IS OLD.after_sha"
	" AND NEW.before IS NULL AND NEW.after IS NULL AND NEW.redacted_on IS NOT NULL)"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n";

/* The workflow: assessment, plan, contacts, partners, referrals, closure. */
static const char m2_workflow[] =
	"CREATE TABLE assessment (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  on_date TEXT NOT NULL,\n"
	"  final INTEGER NOT NULL DEFAULT 0,\n"
	"  strengths TEXT,\n"
	"  recorded_by TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX assessment_case ON assessment(case_id);\n"
	"CREATE TABLE assessment_score (\n"
	"  assessment_id INTEGER NOT NULL REFERENCES assessment(id),\n"
	"  domain TEXT NOT NULL,\n"
	"  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 4),\n"
	"  note TEXT,\n"
	"  PRIMARY KEY (assessment_id, domain)\n"
	");\n"
	"CREATE TABLE goal (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  text TEXT NOT NULL,\n"
	"  due TEXT,\n"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),\n"
	"  created_on TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX goal_case ON goal(case_id);\n"
	"CREATE TABLE partner (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL,\n"
	"  domain TEXT NOT NULL,\n"
	"  agreement_ref TEXT,\n"
	"  agreement_date TEXT,\n"
	"  phone TEXT,\n"
	"  email TEXT,\n"
	"  address TEXT,\n"
	"  active INTEGER NOT NULL DEFAULT 1\n"
	");\n"
	"CREATE TABLE action (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  goal_id INTEGER NOT NULL REFERENCES goal(id),\n"
	"  text TEXT NOT NULL,\n"
	"  owner TEXT NOT NULL CHECK (owner IN ('client','worker','partner')),\n"
	"  partner_id INTEGER REFERENCES partner(id),\n"
	"  due TEXT NOT NULL,\n"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),\n"
	"  status_on TEXT,\n"
	"  note TEXT,\n"
	"  created_on TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX action_case ON action(case_id, status, due);\n"
	"CREATE INDEX action_due ON action(status, due);\n"
	"CREATE TABLE plan_signature (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  version INTEGER NOT NULL,\n"
	"  role TEXT NOT NULL CHECK (role IN ('client','worker')),\n"
	"  content_hash TEXT NOT NULL,\n"
	"  signed_on TEXT NOT NULL,\n"
	"  signed_by TEXT NOT NULL,\n"
	"  UNIQUE (case_id, version, role)\n"
	");\n"
	"CREATE TABLE contact (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  at TEXT NOT NULL,\n"
	"  channel TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL DEFAULT 'interview',\n"
	"  duration INTEGER,\n"
	"  participants TEXT,\n"
	"  note TEXT,\n"
	"  recorded_by TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX contact_case ON contact(case_id, at);\n"
	"CREATE TABLE referral (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  partner_id INTEGER NOT NULL REFERENCES partner(id),\n"
	"  reason TEXT NOT NULL,\n"
	"  shared TEXT NOT NULL DEFAULT '',\n"
	"  consent_id INTEGER REFERENCES consent(id),\n"
	"  sent_on TEXT NOT NULL,\n"
	"  status TEXT NOT NULL DEFAULT 'sent',\n"
	"  status_on TEXT NOT NULL,\n"
	"  feedback TEXT,\n"
	"  feedback_due TEXT NOT NULL,\n"
	"  feedback_on TEXT\n"
	");\n"
	"CREATE INDEX referral_case ON referral(case_id);\n"
	"CREATE INDEX referral_partner ON referral(partner_id, status);\n"
	"CREATE INDEX referral_feedback ON referral(status, feedback_due);\n"
	"CREATE TABLE referral_status (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  referral_id INTEGER NOT NULL REFERENCES referral(id),\n"
	"  status TEXT NOT NULL,\n"
	"  on_date TEXT NOT NULL,\n"
	"  feedback TEXT\n"
	");\n"
	"CREATE INDEX referral_status_ref ON referral_status(referral_id);\n"
	"CREATE TABLE follow_up (\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  months INTEGER NOT NULL CHECK (months IN (6, 12, 18)),\n"
	"  situation TEXT NOT NULL,\n"
	"  on_date TEXT NOT NULL,\n"
	"  PRIMARY KEY (case_id, months)\n"
	");\n"
	"CREATE TABLE renewal (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  on_date TEXT NOT NULL,\n"
	"  months INTEGER NOT NULL,\n"
	"  reason TEXT\n"
	");\n"
	"CREATE TABLE offer (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('job','education','apprenticeship','traineeship')),\n"
	"  on_date TEXT NOT NULL,\n"
	"  accepted INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX offer_case ON offer(case_id);\n";

/*
 * Programme rules: the built-in profiles for databases made before they had
 * rules (a profile someone edited is left alone), a case's predicted
 * incapacity (work-accident), and lookups for renewals.
 */
#define CM_LOAD_BUILTIN_RULES(id, json) \
	"UPDATE programme SET rules = '" json "' WHERE id = '" id "' AND builtin = 1" \
	" AND rules = '{}';\n"
static const char m_programme_rules[] =
	"ALTER TABLE cases ADD COLUMN incapacity INTEGER"
	" CHECK (incapacity BETWEEN 0 AND 100);\n"
	"CREATE INDEX renewal_case ON renewal(case_id);\n"
	CM_LOAD_BUILTIN_RULES("be-accompagnement", CM_BUILTIN_BE_ACCOMPAGNEMENT)
	CM_LOAD_BUILTIN_RULES("be-trajet-specifique", CM_BUILTIN_BE_TRAJET_SPECIFIQUE)
	CM_LOAD_BUILTIN_RULES("ch-cmfp", CM_BUILTIN_CH_CMFP)
	CM_LOAD_BUILTIN_RULES("dg-familles", CM_BUILTIN_DG_FAMILLES)
	CM_LOAD_BUILTIN_RULES("eu-youth-guarantee", CM_BUILTIN_EU_YOUTH_GUARANTEE)
	CM_LOAD_BUILTIN_RULES("work-accident", CM_BUILTIN_WORK_ACCIDENT);

/* Reports select by these dates over the whole database (cm report). */
static const char m_report_indexes[] =
	"CREATE INDEX cases_closed_on ON cases(closed_on) WHERE closed_on IS NOT NULL;\n"
	"CREATE INDEX cases_opened_on ON cases(opened_on);\n"
	"CREATE INDEX referral_sent_on ON referral(sent_on);\n";

/*
 * Staff, roles and the log of who looked. Databases made before workers were
 * registered keep working: every worker their cases name becomes a worker
 * with the role worker (names that are not valid logins are kept as they
 * are, so those cases stay reachable; new logins are checked by cm).
 * An audit record also keeps the operating-system login when --user names
 * someone acting through a shared account, and the system clock's time when
 * CM_NOW moves the business time.
 */
static const char m_workers_access[] =
	"CREATE TABLE worker (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  login TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  team TEXT,\n"
	"  role TEXT NOT NULL DEFAULT 'worker' CHECK (role IN ('worker','manager','admin')),\n"
	"  email TEXT,\n"
	"  active INTEGER NOT NULL DEFAULT 1,\n"
	"  created_on TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX worker_team ON worker(team);\n"
	"INSERT INTO worker(login, name, created_on)"
	" SELECT DISTINCT worker, worker, strftime('%Y-%m-%d', 'now') FROM cases;\n"
	"INSERT OR IGNORE INTO meta(key, value) VALUES ('visibility', 'own');\n"
	"CREATE TABLE access (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  real_at TEXT NOT NULL,\n"
	"  user TEXT NOT NULL,\n"
	"  os_user TEXT,\n"
	"  command TEXT NOT NULL,\n"
	"  person_id INTEGER,\n"
	"  case_id INTEGER,\n"
	"  query TEXT,\n"
	"  count INTEGER,\n"
	"  hash TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX access_person ON access(person_id) WHERE person_id IS NOT NULL;\n"
	"CREATE INDEX access_case ON access(case_id) WHERE case_id IS NOT NULL;\n"
	"CREATE INDEX access_user ON access(user, at);\n"
	"CREATE TRIGGER access_no_update BEFORE UPDATE ON access"
	" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;\n"
	"CREATE TRIGGER access_no_delete BEFORE DELETE ON access"
	" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;\n"
	"ALTER TABLE audit ADD COLUMN os_user TEXT;\n"
	"ALTER TABLE audit ADD COLUMN real_at TEXT;\n"
	"CREATE TRIGGER audit_actor_fixed BEFORE UPDATE OF os_user, real_at ON audit"
	" WHEN NEW.os_user IS NOT OLD.os_user OR NEW.real_at IS NOT OLD.real_at"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n";

/*
 * The method as the seeds describe it: goals take a priority; a person's
 * Youth Guarantee clock can start when they became unemployed or left
 * education; a programme may require partners with an agreement
 * (dg-familles does); be-accompagnement asks for a signed plan within 60
 * days. Values are written here, not taken from the live profiles.
 */
static const char m_method_rules[] =
	"ALTER TABLE goal ADD COLUMN priority INTEGER CHECK (priority BETWEEN 1 AND 9);\n"
	"ALTER TABLE person ADD COLUMN unemployed_since TEXT;\n"
	"ALTER TABLE person ADD COLUMN left_education_on TEXT;\n"
	"UPDATE programme SET rules = json_set(rules, '$.referral_requires_agreement',"
	" json(CASE WHEN id = 'dg-familles' AND builtin = 1 THEN 'true' ELSE 'false' END))"
	" WHERE rules <> '{}';\n"
	"UPDATE programme SET rules = json_set(rules, '$.plan_signed_within_days', 60)"
	" WHERE id = 'be-accompagnement' AND builtin = 1"
	" AND json_type(rules, '$.plan_signed_within_days') = 'null';\n";

/*
 * Two records that are one person (cm person link): kept apart, never
 * merged, so a link can be undone. An unlinked pair keeps its row with the
 * date and user of the unlinking; linking again adds a row.
 */
static const char m_person_links[] =
	"CREATE TABLE person_link (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  person_a INTEGER NOT NULL REFERENCES person(id),\n"
	"  person_b INTEGER NOT NULL REFERENCES person(id),\n"
	"  reason TEXT,\n"
	"  linked_on TEXT NOT NULL,\n"
	"  linked_by TEXT NOT NULL,\n"
	"  unlinked_on TEXT,\n"
	"  unlinked_by TEXT,\n"
	"  CHECK (person_a < person_b)\n"
	");\n"
	"CREATE UNIQUE INDEX person_link_current ON person_link(person_a, person_b)"
	" WHERE unlinked_on IS NULL;\n"
	"CREATE INDEX person_link_b ON person_link(person_b);\n";

/*
 * A contact recorded by mistake is withdrawn, not deleted: it leaves the
 * case's lists, last contact, reminders and reports, and stays with the
 * date, user and reason (cm contact --withdraw).
 */
static const char m_contact_withdrawn[] =
	"ALTER TABLE contact ADD COLUMN withdrawn_on TEXT;\n"
	"ALTER TABLE contact ADD COLUMN withdrawn_by TEXT;\n"
	"ALTER TABLE contact ADD COLUMN withdrawn_reason TEXT;\n";

/* The logs' column user is actor: PostgreSQL reserves the word (triggers follow the rename). */
static const char m_actor[] =
	"ALTER TABLE audit RENAME COLUMN user TO actor;\n"
	"ALTER TABLE access RENAME COLUMN user TO actor;\n";

/*
 * Reports from the third party running a trajectory, every N months while
 * its referral is open; be-trajet-specifique asks for one every 3 months.
 */
static const char m_operator_reports[] =
	"UPDATE programme SET rules = json_set(rules, '$.operator_report_months',"
	" CASE WHEN id = 'be-trajet-specifique' AND builtin = 1 THEN 3 END)"
	" WHERE rules <> '{}';\n";

/*
 * Goals and actions are numbered per case (the first goal of every case is
 * goal 1), as people name them; the id stays the key. Existing items are
 * numbered in the order they were added.
 */
static const char m_item_numbers[] =
	"ALTER TABLE goal ADD COLUMN number INTEGER;\n"
	"ALTER TABLE action ADD COLUMN number INTEGER;\n"
	"UPDATE goal SET number = (SELECT count(*) FROM goal g WHERE g.case_id = goal.case_id"
	" AND g.id <= goal.id);\n"
	"UPDATE action SET number = (SELECT count(*) FROM action a WHERE a.case_id = action.case_id"
	" AND a.id <= action.id);\n"
	"CREATE UNIQUE INDEX goal_number ON goal(case_id, number);\n"
	"CREATE UNIQUE INDEX action_number ON action(case_id, number);\n";

/*
 * The trajectory quota counts « chômeurs, indemnisés ou en stage
 * d'insertion professionnelle »: a person's benefit status and the day
 * their unemployment ended, from the register or at intake.
 */
static const char m_unemployment[] =
	"ALTER TABLE person ADD COLUMN benefit_status TEXT"
	" CHECK (benefit_status IN ('benefit', 'insertion-internship', 'none'));\n"
	"ALTER TABLE person ADD COLUMN unemployment_ended_on TEXT;\n";

/*
 * A programme's own entry conditions, recorded at intake before assessment;
 * the trajet spécifique declares its two routes (cm-programme(1)).
 */
static const char m_entry_conditions[] =
	"UPDATE programme SET rules = json_set(rules, '$.entry_conditions',"
	" json(CASE WHEN id = 'be-trajet-specifique' AND builtin = 1"
	" THEN '[\"pms-factors\",\"incapacity-33\"]' ELSE '[]' END))"
	" WHERE rules <> '{}';\n";

/*
 * Intake looks for a registered person of the same birth date (cm
 * intake's duplicate check, cm person duplicates): found by index.
 */
static const char m_person_birth[] =
	"CREATE INDEX person_birth ON person(birth_date);\n";

/*
 * SQLite checks `x IN (a, b, c)` by building a temporary table for every
 * row written, a third of an import's work; `x = a OR x = b OR x = c`
 * accepts exactly the same values at a fraction of the cost. A CHECK that
 * accepts the same values changes nothing on disk, so the stored table
 * definitions are edited in place (SQLite's documented procedure for such
 * changes; the schema cookie moves with the version, see the driver).
 */
#define CHECK_LIST(table, from, to) \
	"UPDATE sqlite_master SET sql = replace(sql, '" from "', '" to "')" \
	" WHERE type = 'table' AND name = '" table "';\n"
static const char m_check_lists[] =
	"PRAGMA writable_schema = ON;\n"
	CHECK_LIST("cases", "CHECK (state IN (''screening'',''assessment'',''planning'',"
		   "''active'',''suspended'',''closed''))",
		   "CHECK (state = ''screening'' OR state = ''assessment'' OR state = ''planning''"
		   " OR state = ''active'' OR state = ''suspended'' OR state = ''closed'')")
	CHECK_LIST("goal", "CHECK (status IN (''open'',''done'',''dropped''))",
		   "CHECK (status = ''open'' OR status = ''done'' OR status = ''dropped'')")
	CHECK_LIST("action", "CHECK (status IN (''open'',''done'',''dropped''))",
		   "CHECK (status = ''open'' OR status = ''done'' OR status = ''dropped'')")
	CHECK_LIST("action", "CHECK (owner IN (''client'',''worker'',''partner''))",
		   "CHECK (owner = ''client'' OR owner = ''worker'' OR owner = ''partner'')")
	CHECK_LIST("follow_up", "CHECK (months IN (6, 12, 18))",
		   "CHECK (months = 6 OR months = 12 OR months = 18)")
	CHECK_LIST("offer", "CHECK (kind IN (''job'',''education'',''apprenticeship'',''traineeship''))",
		   "CHECK (kind = ''job'' OR kind = ''education'' OR kind = ''apprenticeship''"
		   " OR kind = ''traineeship'')")
	CHECK_LIST("worker", "CHECK (role IN (''worker'',''manager'',''admin''))",
		   "CHECK (role = ''worker'' OR role = ''manager'' OR role = ''admin'')")
	CHECK_LIST("person", "CHECK (benefit_status IN (''benefit'', ''insertion-internship'', ''none''))",
		   "CHECK (benefit_status = ''benefit'' OR benefit_status = ''insertion-internship''"
		   " OR benefit_status = ''none'')")
	"PRAGMA writable_schema = OFF;\n";
#undef CHECK_LIST

/* An export's "updated_at": the source's last change of each person, so an older row is stale. */
static const char m_source_updated[] =
	"ALTER TABLE person ADD COLUMN source_updated_on TEXT;\n";

/*
 * Reports select each period's contacts by their time (cm report
 * contacts), instead of reading every contact of the database.
 */
static const char m_contact_at[] =
	"CREATE INDEX contact_at ON contact(at);\n";

/*
 * cm's SQL functions: PostgreSQL creates them in its schema; SQLite's are
 * registered on each connection (lib/db/sqlite_sql.c), so nothing here.
 */
static const char m_sql_functions[] = "";

/* cm_local_date(t): registered on each SQLite connection (lib/db/sqlite.c). */
static const char m_local_date[] = "";

/* SQLite numbers every table's rows itself (rowid); PostgreSQL's are columns (schema_pg.c). */
static const char m_row_numbers[] = "";

/*
 * What PostgreSQL's server enforces itself (schema_pg.c), as far as a file
 * can: a log record carries the clock's real time (there is no login to
 * check, and the file's permissions are the boundary). The heads of the
 * two hash chains, which every writer reads, are views: on PostgreSQL a
 * worker's login may not read every record, and a view reads them with
 * the schema owner's rights.
 */
#define REAL_TIME_SET(log) \
	"CREATE TRIGGER " log "_server_set BEFORE INSERT ON " log " WHEN NEW.real_at IS NULL" \
	" OR NEW.real_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:" \
	"[0-6][0-9]Z' BEGIN SELECT RAISE(ABORT, 'a log record must carry the clock''s real time');" \
	" END;\n"
static const char m_server_roles[] =
	REAL_TIME_SET("audit")
	REAL_TIME_SET("access")
	"CREATE VIEW audit_head AS SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1;\n"
	"CREATE VIEW access_head AS SELECT id, hash FROM access ORDER BY id DESC LIMIT 1;\n";

/* On a server, the date functions become inlinable; SQLite's are C functions. */
static const char m_inline_dates[] = "";

/* On a server, the logs' check of who and when runs once a statement; SQLite's is unchanged. */
static const char m_log_check_once[] = "";

/* On a server, cm_local_date and cm_add_years become cheaper; SQLite's are C functions. */
static const char m_cheaper_dates[] = "";

/*
 * The audit log's real time as a CHECK instead of a trigger. SQLite runs a
 * statement with a trigger inside a savepoint of its own, copying every
 * page the insert touches first (the log's last pages and those of its two
 * indexes): a third of what a new audit record cost an import, for a rule
 * a CHECK states as well. Records from before the real time was kept have
 * none, and keep none; every later one must carry it. Adding a CHECK that
 * every stored row meets changes nothing on disk, so the stored table
 * definition is edited in place (as m_check_lists does); the records it
 * lets be without a real time are those there now, counted as it runs.
 */
static const char m_real_time_check[] =
	"PRAGMA writable_schema = ON;\n"
	"UPDATE sqlite_master SET sql = replace(sql, 'real_at TEXT)', 'real_at TEXT CONSTRAINT"
	" real_time CHECK (CASE WHEN real_at IS NULL THEN id <= '"
	" || (SELECT coalesce(max(id), 0) FROM audit WHERE real_at IS NULL) || ' ELSE real_at GLOB"
	" ''[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'' END))')"
	" WHERE type = 'table' AND name = 'audit';\n"
	"PRAGMA writable_schema = OFF;\n"
	"DROP TRIGGER audit_server_set;\n";

const char *const cm_migrations[] = {
	m1_base,
	m2_workflow,
	m_programme_rules,
	m_report_indexes,
	m_workers_access,
	m_person_links,
	m_method_rules,
	m_contact_withdrawn,
	m_actor,
	m_item_numbers,
	m_operator_reports,
	m_unemployment,
	m_entry_conditions,
	m_person_birth,
	m_check_lists,
	m_source_updated,
	m_contact_at,
	m_sql_functions,
	m_local_date,
	m_row_numbers,
	m_server_roles,
	m_inline_dates,
	m_log_check_once,
	m_cheaper_dates,
	m_real_time_check,
};

const int cm_migration_count = (int)(sizeof cm_migrations / sizeof cm_migrations[0]);
