/* One checked row into the database: the person, their case, the audit records. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/audit.h"
#include "cm/programme.h"
#include "import_impl.h"
#include "sha256.h"

/* The person columns a row can set, in the order of the statements below. */
const enum cm_import_field cm_import_person_fields[CM_IMPORT_NPERSON] = {
	CM_F_FIRST_NAME, CM_F_LAST_NAME, CM_F_BIRTH_DATE, CM_F_SEX, CM_F_POSTCODE,
	CM_F_PHONE, CM_F_EMAIL, CM_F_LANGUAGE, CM_F_REGISTERED_ON, CM_F_NOTES,
	CM_F_UPDATED_AT,
};
#define person_fields cm_import_person_fields
#define NPERSON CM_IMPORT_NPERSON
/* The source's last change of the record, in person_fields. */
#define UPDATED_AT (NPERSON - 1)

const char *cm_import_person_column(int i)
{
	return i == UPDATED_AT ? "source_updated_on" : cm_import_field_name(person_fields[i]);
}
#define person_column cm_import_person_column

/*
 * The person with the row's (source, ext_id), and whether they have an open
 * case in the programme: the partial index cases_one_open answers that
 * without reading the case, which keeps a re-import to one statement a row.
 */
static const char sql_find_person[] =
	"SELECT id, EXISTS (SELECT 1 FROM cases WHERE person_id = person.id"
	" AND programme = ?3 AND state <> 'closed'), first_name, last_name, birth_date, sex,"
	" postcode, phone, email, language, registered_on, notes, source_updated_on"
	" FROM person WHERE source = ?1 AND ext_id = ?2";
#define FIND_OPEN_CASE 1
#define FIND_FIRST_FIELD 2

/* The same columns, the open case told by import_open.c instead. */
static const char sql_find_person_only[] =
	"SELECT id, 0, first_name, last_name, birth_date, sex,"
	" postcode, phone, email, language, registered_on, notes, source_updated_on"
	" FROM person WHERE source = ?1 AND ext_id = ?2";

static const char sql_insert_person[] =
	"INSERT INTO person(source, ext_id, created_at, first_name, last_name, birth_date, sex,"
	" postcode, phone, email, language, registered_on, notes, source_updated_on)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
	" ON CONFLICT (source, ext_id) DO NOTHING";
#define INSERT_FIRST_FIELD 4

static const char sql_update_person[] =
	"UPDATE person SET first_name = coalesce(?2, first_name),"
	" last_name = coalesce(?3, last_name), birth_date = coalesce(?4, birth_date),"
	" sex = coalesce(?5, sex), postcode = coalesce(?6, postcode),"
	" phone = coalesce(?7, phone), email = coalesce(?8, email),"
	" language = coalesce(?9, language), registered_on = coalesce(?10, registered_on),"
	" notes = coalesce(?11, notes), source_updated_on = coalesce(?12, source_updated_on)"
	" WHERE id = ?1";
#define UPDATE_FIRST_FIELD 2

/* Any case of the person in the programme: a closed one is not reopened by an import. */
static const char sql_find_case[] =
	"SELECT id FROM cases WHERE person_id = ?1 AND programme = ?2 LIMIT 1";

static const char sql_insert_case[] =
	"INSERT INTO cases(person_id, programme, worker, state, state_since, referral_source,"
	" opened_on, incapacity) VALUES (?1, ?2, ?3, 'screening', ?4, ?5, ?4, ?6)";

static const char sql_find_programme[] = "SELECT 1 FROM programme WHERE id = ?1";

/* --- one row: into the database -------------------------------------------- */

int cm_import_seen(struct importer *im, int64_t id)
{
	size_t byte = (size_t)id / 8;
	unsigned char bit = (unsigned char)(1u << (id % 8));
	int was;

	if (byte >= im->seen_bytes) {
		size_t n = (byte + 1) * 2;
		unsigned char *grown = realloc(im->seen, n);

		if (!grown)
			return -1;
		memset(grown + im->seen_bytes, 0, n - im->seen_bytes);
		im->seen = grown;
		im->seen_bytes = n;
	}
	was = (im->seen[byte] & bit) != 0;
	im->seen[byte] |= bit;
	return was;
}

static int step_done(struct importer *im, struct cm_stmt *st, const char *what)
{
	int rc = cm_stmt_step(st);

	cm_stmt_reset(st);
	if (rc != CM_DB_DONE)
		return cm_import_sql_fail(im, rc, what);
	return 0;
}

/*
 * A person as JSON for the audit log: the identity and the fields that have
 * a value (a missing key is null). A million rows make a million of these,
 * so nothing is written that the record's other columns already say.
 */
static void person_fields_json(struct importer *im, int64_t id, const char *const *vals)
{
	struct buf *b = &im->json;
	int i;

	cm_import_buf_reset(b);
	cm_import_buf_add(b, "{", 1);
	cm_import_json_int(b, "id", id);
	cm_import_json_text(b, "source", im->m->source);
	cm_import_json_text(b, "ext_id", im->v[CM_F_EXT_ID]);
	for (i = 0; i < NPERSON; i++)
		if (vals[i])
			cm_import_json_text(b, person_column(i), vals[i]);
}

static void person_json(struct importer *im, int64_t id, const char *const *vals)
{
	person_fields_json(im, id, vals);
	cm_import_buf_add(&im->json, "}", 1);
}

/* Bound values live until the step: no copies. */
static void bind(struct cm_stmt *st, int i, const char *v)
{
	if (v)
		cm_stmt_bind_text(st, i, v, -1);
	else
		cm_stmt_bind_null(st, i);
}

static int audit(struct importer *im, const char *entity, int64_t id, int64_t case_id,
		 const char *before, const char *after)
{
	if (im->json.failed || im->summary.failed)
		return cm_import_oom(im);
	return cm_audit_add(im->s, entity, id, case_id, im->summary.p, before, after, im->err);
}

/* Insert the row's case for the person; its id in *id. */
static int insert_case(struct importer *im, int64_t person, int64_t *id)
{
	struct cm_stmt *st = im->insert_case;
	int rc = cm_import_worker_create(im, cm_import_worker_of(im));

	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, person);
	cm_stmt_bind_text(st, 2, cm_import_programme_of(im), -1);
	cm_stmt_bind_text(st, 3, cm_import_worker_of(im), -1);
	cm_stmt_bind_text(st, 4, im->today_s, -1);
	cm_stmt_bind_text(st, 5, cm_import_referral_source_of(im), -1);
	if (im->v[CM_F_INCAPACITY])
		cm_stmt_bind_int64(st, 6, atoi(im->v[CM_F_INCAPACITY]));
	else
		cm_stmt_bind_null(st, 6);
	rc = step_done(im, st, "open case");
	*id = rc < 0 ? 0 : cm_db_last_id(im->db);
	return rc;
}

/* The case as JSON, appended to what im->json holds. */
static void case_json(struct importer *im, int64_t id, int64_t person)
{
	struct buf *b = &im->json;

	cm_import_buf_add(b, "{", 1);
	cm_import_json_int(b, "id", id);
	cm_import_json_int(b, "person_id", person);
	cm_import_json_text(b, "programme", cm_import_programme_of(im));
	cm_import_json_text(b, "worker", cm_import_worker_of(im));
	cm_import_json_text(b, "state", "screening");
	cm_import_json_text(b, "state_since", im->today_s);
	cm_import_json_text(b, "referral_source", cm_import_referral_source_of(im));
	cm_import_json_text(b, "opened_on", im->today_s);
	if (im->v[CM_F_INCAPACITY])
		cm_import_json_int(b, "incapacity", atoi(im->v[CM_F_INCAPACITY]));
	cm_import_buf_add(b, "}", 1);
}

/* Where the row came from, for a summary: " (import from SOURCE, FILE line N)". */
static void summary_origin(struct importer *im)
{
	const char *path = im->o->path ? im->o->path : "-", *base = strrchr(path, '/');

	cm_import_buf_str(&im->summary, " (import from ");
	cm_import_buf_str(&im->summary, im->m->source);
	cm_import_buf_str(&im->summary, ", ");
	cm_import_buf_str(&im->summary, base && base[1] ? base + 1 : path);
	cm_import_buf_str(&im->summary, " line ");
	cm_import_buf_int(&im->summary, im->line);
	cm_import_buf_str(&im->summary, ")");
}

/* A case for a person already known: its own audit record. */
static int open_case(struct importer *im, int64_t person)
{
	int64_t id;
	int rc = insert_case(im, person, &id);

	if (rc < 0)
		return rc;
	cm_import_buf_reset(&im->json);
	case_json(im, id, person);
	cm_import_buf_reset(&im->summary);
	cm_import_buf_str(&im->summary, "case opened in ");
	cm_import_buf_str(&im->summary, cm_import_programme_of(im));
	cm_import_buf_str(&im->summary, " for ");
	cm_import_buf_str(&im->summary, cm_import_worker_of(im));
	cm_import_buf_str(&im->summary, ", person ");
	cm_import_buf_int(&im->summary, person);
	summary_origin(im);
	return audit(im, "cases", id, id, NULL, im->json.p);
}

/* What storing a row came to, besides a negative status. */
enum { ROW_DONE = 0, ROW_REJECTED = 1, ROW_EXISTS = 2 };

static int exec(struct importer *im, const char *sql)
{
	int rc = cm_db_exec(im->db, sql);

	return rc == CM_OK ? 0 : cm_import_sql_fail(im, rc, "import");
}

/* Does the case's programme have eligibility rules? Asked once per programme in a row. */
int cm_import_programme_guarded(struct importer *im, int *guarded)
{
	const char *programme = cm_import_programme_of(im);
	struct cm_programme_rules r;
	int rc;

	if (strcmp(im->guarded_id, programme) != 0) {
		rc = cm_programme_rules_get(im->s, programme, &r, im->err);
		if (rc < 0)
			return rc;
		snprintf(im->guarded_id, sizeof im->guarded_id, "%s", programme);
		im->guarded = r.min_age != CM_RULE_NONE || r.max_age != CM_RULE_NONE || r.checks;
	}
	*guarded = im->guarded;
	return 0;
}

/* The programme's rules, as cm intake applies them, on the person as now written. */
static int check_eligible(struct importer *im, int64_t person)
{
	struct cm_error why = { 0 };
	int incapacity = im->v[CM_F_INCAPACITY] ? atoi(im->v[CM_F_INCAPACITY]) : CM_RULE_NONE;
	int rc;

	rc = cm_programme_check_eligibility(im->s, cm_import_programme_of(im), person, im->today_s,
					    incapacity, &why);
	/* The rule's message may quote the row's values (an age, a percentage). */
	if (rc == CM_EFAIL) {
		char said[REASON_MAX];

		snprintf(said, sizeof said, "not eligible for programme %s", cm_import_programme_of(im));
		return cm_import_reject_detailed(im, said, why.msg);
	}
	if (rc < 0 && im->err)
		*im->err = why;
	return rc;
}

/*
 * A row whose case is subject to eligibility rules is written under a
 * savepoint, so an ineligible person leaves no trace. The audit records
 * come after the check: a record, once chained, is never taken back.
 */
static int unguard(struct importer *im, int guarded, int rc)
{
	int rc2;

	if (!guarded)
		return rc;
	if (rc != ROW_DONE && rc != ROW_EXISTS) {
		rc2 = exec(im, "ROLLBACK TO import_row");
		if (rc2 < 0)
			return rc2;
	}
	rc2 = exec(im, "RELEASE import_row");
	return rc2 < 0 ? rc2 : rc;
}

/*
 * A new person and their case are one record, which carries the case's id
 * (so cm log CASE shows it) and, instead of a copy of the two rows, the
 * digests of their images (lib/audit_row.c): a million rows in would
 * otherwise be a million copies of what the person and case rows hold.
 */
void cm_import_new_person_text(struct importer *im, int64_t id, int64_t case_id,
			       const char *const *vals)
{
	char person[CM_SHA256_HEX], kase[CM_SHA256_HEX];

	person_json(im, id, vals);
	cm_sha256_text(im->json.p ? im->json.p : "", person);
	cm_import_buf_reset(&im->json);
	case_json(im, case_id, id);
	cm_sha256_text(im->json.p ? im->json.p : "", kase);
	cm_audit_row_digest(person, kase, im->row_digest);
	cm_import_buf_reset(&im->summary);
	cm_import_buf_str(&im->summary, "person ");
	cm_import_buf_int(&im->summary, id);
	cm_import_buf_str(&im->summary, " and case ");
	cm_import_buf_int(&im->summary, case_id);
	cm_import_buf_str(&im->summary, " in ");
	cm_import_buf_str(&im->summary, cm_import_programme_of(im));
	cm_import_buf_str(&im->summary, " for ");
	cm_import_buf_str(&im->summary, cm_import_worker_of(im));
	cm_import_buf_str(&im->summary, " created");
	summary_origin(im);
}

static int audit_new_person(struct importer *im, int64_t id, int64_t case_id,
			    const char *const *vals)
{
	cm_import_new_person_text(im, id, case_id, vals);
	if (im->json.failed || im->summary.failed)
		return cm_import_oom(im);
	return cm_audit_add_row(im->s, id, case_id, im->summary.p, im->row_digest, im->err);
}

/* Insert the row's person and case, unless a person with its (source, ext_id) exists. */
static int create_person(struct importer *im)
{
	struct cm_stmt *st = im->insert_person;
	const char *vals[NPERSON];
	int64_t id, case_id = 0;
	int i, rc, guarded;

	rc = cm_import_programme_guarded(im, &guarded);
	if (rc == 0 && guarded)
		rc = exec(im, "SAVEPOINT import_row");
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, im->m->source, -1);
	cm_stmt_bind_text(st, 2, im->v[CM_F_EXT_ID], -1);
	cm_stmt_bind_text(st, 3, im->now, -1);
	for (i = 0; i < NPERSON; i++) {
		vals[i] = im->v[person_fields[i]];
		bind(st, INSERT_FIRST_FIELD + i, vals[i]);
	}
	rc = step_done(im, st, "insert person");
	if (rc < 0 || cm_db_changes(im->db) == 0)
		return unguard(im, guarded, rc < 0 ? rc : ROW_EXISTS);
	id = cm_db_last_id(im->db);
	if (guarded)
		rc = check_eligible(im, id);
	if (rc == 0)
		rc = insert_case(im, id, &case_id);
	if (rc == 0)
		rc = audit_new_person(im, id, case_id, vals);
	rc = unguard(im, guarded, rc);
	if (rc != ROW_DONE)
		return rc;
	if (cm_import_seen(im, id) < 0)
		return cm_import_oom(im);
	rc = cm_import_open_set(im, id);
	if (rc < 0)
		return rc;
	im->count->created++;
	return ROW_DONE;
}

/* Write the changed fields of a known person (the audit record comes later). */
static int write_update(struct importer *im, int64_t id, const int *changed)
{
	struct cm_stmt *st = im->update_person;
	int i;

	cm_stmt_bind_int64(st, 1, id);
	for (i = 0; i < NPERSON; i++)
		bind(st, UPDATE_FIRST_FIELD + i, changed[i] ? im->v[person_fields[i]] : NULL);
	return step_done(im, st, "update person");
}

/* The audit record of an update: the person before and after, and which fields changed. */
static int audit_update(struct importer *im, int64_t id, const char *const *old,
			const int *changed)
{
	const char *vals[NPERSON];
	char *before;
	char line[96];
	int i, rc;

	for (i = 0; i < NPERSON; i++)
		vals[i] = changed[i] ? im->v[person_fields[i]] : old[i];
	person_json(im, id, old);
	before = im->json.failed ? NULL : strdup(im->json.p);
	if (!before)
		return cm_import_oom(im);
	person_json(im, id, vals);
	cm_import_buf_reset(&im->summary);
	snprintf(line, sizeof line, "person %lld updated by import from ", (long long)id);
	cm_import_buf_str(&im->summary, line);
	cm_import_buf_str(&im->summary, im->m->source);
	cm_import_buf_str(&im->summary, ":");
	for (i = 0; i < NPERSON; i++) {
		if (!changed[i])
			continue;
		cm_import_buf_str(&im->summary, " ");
		cm_import_buf_str(&im->summary, person_column(i));
	}
	rc = audit(im, "person", id, 0, before, im->json.p);
	free(before);
	return rc;
}

/* Any case of the person in the programme, open or closed: an import reopens nothing. */
static int has_case(struct importer *im, int64_t person, int *found)
{
	struct cm_stmt *st = im->find_case;
	int rc;

	cm_stmt_bind_int64(st, 1, person);
	cm_stmt_bind_text(st, 2, cm_import_programme_of(im), -1);
	rc = cm_stmt_step(st);
	cm_stmt_reset(st);
	if (rc != CM_DB_ROW && rc != CM_DB_DONE)
		return cm_import_sql_fail(im, rc, "find case");
	*found = rc == CM_DB_ROW;
	return 0;
}

/* Update a known person, and open a case in the programme if they have none there. */
static int change_person(struct importer *im, int64_t id, const char *const *old,
			 const int *changed, int any, int need_case)
{
	int rc = 0, guarded = 0;

	if (need_case)
		rc = cm_import_programme_guarded(im, &guarded);
	if (rc == 0 && guarded)
		rc = exec(im, "SAVEPOINT import_row");
	if (rc < 0)
		return rc;
	if (any)
		rc = write_update(im, id, changed);
	if (rc == 0 && guarded)
		rc = check_eligible(im, id);
	if (rc == 0 && any)
		rc = audit_update(im, id, old, changed);
	if (rc == 0 && need_case)
		rc = open_case(im, id);
	return unguard(im, guarded, rc);
}

static int known_person(struct importer *im, struct cm_stmt *found)
{
	int64_t id = cm_stmt_column_int64(found, 0);
	int has = im->open_loaded ? cm_import_open_test(im, id)
				  : cm_stmt_column_int(found, FIND_OPEN_CASE);
	const char *old[NPERSON];
	char *copies[NPERSON] = { NULL };
	int changed[NPERSON], any = 0, was_seen, rc, i;

	/* The source changed the record after this row was written: keep what is recorded. */
	old[UPDATED_AT] = cm_stmt_column_text(found, FIND_FIRST_FIELD + UPDATED_AT);
	if (im->v[CM_F_UPDATED_AT] && old[UPDATED_AT] &&
	    strcmp(im->v[CM_F_UPDATED_AT], old[UPDATED_AT]) < 0) {
		if (cm_import_seen(im, id) < 0)
			return cm_import_oom(im);
		im->count->stale++;
		return ROW_DONE;
	}
	for (i = 0; i < NPERSON; i++) {
		const char *now = im->v[person_fields[i]];

		old[i] = cm_stmt_column_text(found, FIND_FIRST_FIELD + i);
		/* An empty cell leaves what is recorded. */
		changed[i] = now && (!old[i] || strcmp(now, old[i]) != 0);
		any |= changed[i];
	}
	was_seen = cm_import_seen(im, id);
	if (was_seen < 0)
		return cm_import_oom(im);
	/* Twice in one file: only a row the source changed later may say otherwise. */
	if (was_seen && any && !(im->v[CM_F_UPDATED_AT] && old[UPDATED_AT] &&
				 strcmp(im->v[CM_F_UPDATED_AT], old[UPDATED_AT]) > 0))
		return cm_import_reject(im, "field 'ext_id': the same id is on an earlier row, "
					"with different data");
	if (!any && (has || im->o->update_only)) {
		im->count->unchanged++;
		return ROW_DONE;
	}
	/* The statement's text goes away when it is reset: keep copies for the audit. */
	for (i = 0; i < NPERSON; i++) {
		if (any && old[i] && !(copies[i] = strdup(old[i])))
			break;
		old[i] = copies[i];
	}
	cm_stmt_reset(found);
	rc = i < NPERSON ? cm_import_oom(im) : 0;
	if (rc == 0 && !has)
		rc = has_case(im, id, &has);
	if (im->o->update_only)
		has = 1;
	if (rc == 0)
		rc = change_person(im, id, old, changed, any, !has);
	for (i = 0; i < NPERSON; i++)
		free(copies[i]);
	if (rc != ROW_DONE)
		return rc;
	if (!has && (rc = cm_import_open_set(im, id)) < 0)
		return rc;
	if (any || !has)
		im->count->updated++;
	else
		im->count->unchanged++;
	return ROW_DONE;
}

/*
 * Returns ROW_REJECTED, ROW_DONE, or a negative status. While rows keep
 * being new people, inserting first saves a lookup per row; once one is
 * known, looking up first saves a failed insert.
 */
int cm_import_store_row(struct importer *im)
{
	struct cm_stmt *st = im->open_loaded ? im->find_person_only : im->find_person;
	int rc;

	if (im->fast) {
		rc = cm_import_fast_row(im);
		if (rc != CM_IMPORT_FAST_NO)
			return rc;
		rc = cm_import_fast_end(im);
		if (rc < 0)
			return rc;
	}
	rc = cm_import_known_row(im);
	if (rc != CM_IMPORT_KNOWN_NO)
		return rc;
	/* A record the export marks deleted: no one is created or changed (its case may close). */
	if (im->v[CM_F_DELETED])
		return cm_import_store_deleted(im, cm_import_programme_of(im));
	if (im->m->exits)
		return cm_import_store_exit(im, cm_import_programme_of(im));
	/*
	 * On a server an insert that conflicts still draws an id; the driver
	 * sets the sequence back before the next insert, so ids stay SQLite's.
	 */
	if (im->expect_new && !im->o->update_only) {
		rc = create_person(im);
		if (rc != ROW_EXISTS)
			return rc;
		im->expect_new = 0;
	}
	cm_stmt_bind_text(st, 1, im->m->source, -1);
	cm_stmt_bind_text(st, 2, im->v[CM_F_EXT_ID], -1);
	cm_stmt_bind_text(st, 3, cm_import_programme_of(im), -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		rc = known_person(im, st);
		cm_stmt_reset(st);
		return rc;
	}
	cm_stmt_reset(st);
	if (rc != CM_DB_DONE)
		return cm_import_sql_fail(im, rc, "find person");
	if (im->o->update_only)
		return cm_import_reject(im, "field 'ext_id': no person has this id from this source, "
					"and --update-only creates no one");
	rc = create_person(im);
	if (rc == ROW_EXISTS)
		return cm_error_set(im->err, CM_EDB, "person %s:%s vanished during the import",
				    im->m->source, im->v[CM_F_EXT_ID]);
	im->expect_new = rc == ROW_DONE;
	return rc;
}

int cm_import_prepare(struct importer *im)
{
	static const struct {
		size_t offset;
		const char *sql;
	} stmts[] = {
		{ offsetof(struct importer, find_person), sql_find_person },
		{ offsetof(struct importer, find_person_only), sql_find_person_only },
		{ offsetof(struct importer, insert_person), sql_insert_person },
		{ offsetof(struct importer, update_person), sql_update_person },
		{ offsetof(struct importer, find_case), sql_find_case },
		{ offsetof(struct importer, insert_case), sql_insert_case },
		{ offsetof(struct importer, find_programme), sql_find_programme },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
		struct cm_stmt **st = (struct cm_stmt **)(void *)((char *)im + stmts[i].offset);

		rc = cm_db_prepare_persistent(im->db, stmts[i].sql, st);
		if (rc != CM_OK)
			return cm_import_sql_fail(im, rc, "prepare import");
	}
	return 0;
}

void cm_import_finalize(struct importer *im)
{
	cm_stmt_finalize(im->find_person);
	cm_stmt_finalize(im->find_person_only);
	cm_stmt_finalize(im->insert_person);
	cm_stmt_finalize(im->update_person);
	cm_stmt_finalize(im->find_case);
	cm_stmt_finalize(im->insert_case);
	cm_stmt_finalize(im->find_programme);
	cm_stmt_finalize(im->find_open_case);
	cm_stmt_finalize(im->find_worker);
}
