/*
 * What the hash chain alone cannot see: the chain's head compared with one
 * kept elsewhere, the append-only triggers, blanked records that no
 * pseudonymisation explains, and data tables edited behind cm's back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "audit_impl.h"
#include "cm/audit.h"
#include "cm/store.h"
#include "sha256.h"
#include "sql.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

int cm_audit_head(struct cm_store *s, long long *count, char hash[CM_AUDIT_HASH_LEN],
		  struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*count = 0;
	memcpy(hash, GENESIS, CM_AUDIT_HASH_LEN);
	rc = cm_sql_prepare(s, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &st, err);
	if (rc < 0)
		return rc;
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		*count = cm_stmt_column_int64(st, 0);
		snprintf(hash, CM_AUDIT_HASH_LEN, "%s", cm_stmt_column_text(st, 1));
	}
	cm_stmt_finalize(st);
	return rc == CM_DB_ROW || rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "read audit log");
}

int cm_audit_parse_head(const char *text, long long *count, char hash[CM_AUDIT_HASH_LEN])
{
	char *end;
	size_t i;

	if (!text || text[0] < '0' || text[0] > '9')
		return CM_EUSAGE;
	*count = strtoll(text, &end, 10);
	if (*end != ':' || *count < 0 || strlen(end + 1) != CM_AUDIT_HASH_LEN - 1)
		return CM_EUSAGE;
	for (i = 0; i < CM_AUDIT_HASH_LEN - 1; i++) {
		char c = end[1 + i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return CM_EUSAGE;
		hash[i] = c;
	}
	hash[i] = '\0';
	return 0;
}

/*
 * The chain was verified first, so a record's stored hash is the one its
 * content gives: finding the head's hash at the head's position proves
 * nothing up to it was changed, and the log was not cut short before it.
 */
int cm_audit_check_head(struct cm_store *s, long long count, const char *hash,
			struct cm_error *err)
{
	long long have;
	char last[CM_AUDIT_HASH_LEN];
	struct cm_stmt *st;
	int rc;

	rc = cm_audit_head(s, &have, last, err);
	if (rc < 0)
		return rc;
	if (have < count)
		return cm_error_set(err, CM_EFAIL,
				    "the audit log ends at record %lld but the head given names "
				    "record %lld: records were removed", have, count);
	if (count == 0)
		return strcmp(hash, GENESIS) == 0 ? 0
			: cm_error_set(err, CM_EFAIL, "the head given does not start the audit log");
	rc = cm_sql_prepare(s, "SELECT hash FROM audit WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, count);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW && strcmp(cm_stmt_column_text(st, 0), hash) == 0)
		rc = 0;
	else if (rc == CM_DB_ROW || rc == CM_DB_DONE)
		rc = cm_error_set(err, CM_EFAIL,
				  "audit record %lld does not have the hash of the head given: "
				  "the log was rewritten up to it", count);
	else
		rc = cm_sql_fail(s, rc, err, "read audit log");
	cm_stmt_finalize(st);
	return rc;
}

/*
 * Every trigger as "\nNAME\tSQL", in name order; with names_only, as
 * "\nNAME\t", and *disabled set to the first one a server has disabled.
 */
static char *trigger_list(struct cm_store *s, int names_only, char *disabled, size_t n,
			  struct cm_error *err)
{
	struct cm_stmt *st;
	size_t len = 0, size;
	char *all = calloc(1, 1), *grown;
	int rc;

	if (!all) {
		cm_error_set(err, CM_ENOMEM, "out of memory");
		return NULL;
	}
	rc = cm_sql_prepare(s, cm_db_catalogue_sql(cm_store_db(s), CM_DB_TRIGGERS), &st, err);
	if (rc < 0) {
		free(all);
		return NULL;
	}
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		const char *name = cm_stmt_column_text(st, 0), *sql = cm_stmt_column_text(st, 1);

		if (disabled && !*disabled && strstr(sql, " DISABLED "))
			snprintf(disabled, n, "%s", name);
		if (names_only)
			sql = "";
		size = strlen(name) + strlen(sql) + 2;
		grown = realloc(all, len + size + 1);
		if (!grown) {
			rc = CM_ENOMEM;
			break;
		}
		all = grown;
		len += (size_t)sprintf(all + len, "\n%s\t%s", name, sql);
	}
	cm_stmt_finalize(st);
	if (rc != CM_DB_DONE) {
		cm_sql_fail(s, rc, err, "list triggers");
		free(all);
		return NULL;
	}
	return all;
}

/* The name of the first trigger of list that other lacks or has with other text. */
static int first_missing(const char *list, const char *other, char *name, size_t n)
{
	const char *entry = list, *next, *tab, *at;
	size_t len;

	while (*entry) {
		next = strchr(entry + 1, '\n');
		len = next ? (size_t)(next - entry) : strlen(entry);
		tab = memchr(entry, '\t', len);
		/* Followed by the next entry or the end: not a prefix of a longer text. */
		at = memmem(other, strlen(other), entry, len);
		while (at && at[len] && at[len] != '\n')
			at = memmem(at + 1, strlen(at + 1), entry, len);
		if (!at) {
			snprintf(name, n, "%.*s", tab ? (int)(tab - entry - 1) : 0, entry + 1);
			return 1;
		}
		entry += len;
	}
	return 0;
}

/*
 * A server's triggers beyond a file's, by name: the audit log's real time,
 * which a server stamps itself and a file checks with a CHECK instead
 * (schema.c, m_real_time_check).
 */
static char *with_server_only(char *want)
{
	static const char more[] = "\naudit_server_set\t";
	size_t len = strlen(want);
	char *grown = realloc(want, len + sizeof more);

	if (!grown) {
		free(want);
		return NULL;
	}
	memcpy(grown + len, more, sizeof more);
	return grown;
}

/*
 * The triggers must be exactly those the migrations create: compared with a
 * freshly migrated database, a dropped or altered trigger, or one added
 * outside cm, is found. A server words them its own way: there the names
 * are compared, and a trigger disabled is found too.
 */
int cm_audit_check_triggers(struct cm_store *s, struct cm_error *err)
{
	int server = cm_db_engine(cm_store_db(s)) != CM_DB_SQLITE;
	struct cm_store *fresh;
	char *want = NULL, *have = NULL, name[128], disabled[128] = "";
	int rc;

	rc = cm_store_open_memory(&fresh, err);
	if (rc < 0)
		return rc;
	want = trigger_list(fresh, server, NULL, 0, err);
	if (want && server)
		want = with_server_only(want);
	if (want)
		have = trigger_list(s, server, disabled, sizeof disabled, err);
	cm_store_close(fresh);
	if (!want || !have)
		rc = err && err->status ? err->status : CM_ENOMEM;
	else if (*disabled)
		rc = cm_error_set(err, CM_EFAIL, "trigger '%s' that keeps the logs append-only is "
				  "disabled", disabled);
	else if (first_missing(want, have, name, sizeof name))
		rc = cm_error_set(err, CM_EFAIL, "trigger '%s' that keeps the logs append-only is "
				  "missing or altered", name);
	else if (first_missing(have, want, name, sizeof name))
		rc = cm_error_set(err, CM_EFAIL, "trigger '%s' was not created by cm", name);
	free(want);
	free(have);
	return rc;
}

/*
 * A record is blanked when its summary reads "[removed]" or a copy is gone
 * while its digest stays. Pseudonymisation is the only thing that does
 * that: the person is marked pseudonymised on the day of the redaction, and
 * a later record of the person, itself intact, says so.
 */
static const char unexplained_blank_sql[] =
	"SELECT a.id FROM audit a"
	" WHERE (a.redacted_on IS NOT NULL OR a.summary = '[removed]'"
	"  OR (a.before IS NULL AND a.before_sha IS NOT NULL)"
	"  OR (a.after IS NULL AND a.after_sha IS NOT NULL AND a.after_sha NOT LIKE 'row:%'))"
	" AND NOT EXISTS (SELECT 1 FROM person p JOIN audit ps"
	"  ON ps.entity = 'person' AND ps.entity_id = p.id AND ps.id > a.id"
	"  AND ps.redacted_on IS NULL AND ps.case_id IS NULL"
	"  AND ps.summary LIKE 'person ' || p.id || ' pseudonymised%'"
	"  WHERE p.pseudonymised_on = a.redacted_on"
	"  AND a.summary = '[removed]' AND a.before IS NULL AND a.after IS NULL"
	"  AND ((a.entity = 'person' AND a.entity_id = p.id)"
	"   OR a.case_id IN (SELECT id FROM cases WHERE person_id = p.id)))"
	" ORDER BY a.id LIMIT 1";

int cm_audit_check_redactions(struct cm_store *s, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, unexplained_blank_sql, &st, err);
	if (rc < 0)
		return rc;
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		rc = cm_error_set(err, CM_EFAIL, "audit record %lld was blanked without a recorded "
				  "pseudonymisation of its person",
				  (long long)cm_stmt_column_int64(st, 0));
	else if (rc == CM_DB_DONE)
		rc = 0;
	else
		rc = cm_sql_fail(s, rc, err, "read audit log");
	cm_stmt_finalize(st);
	return rc;
}

/* --- data against the audit log ------------------------------------------- */

/*
 * The latest after-image of each entity, grouped by table. An imported
 * person's record also holds their new case's image (under "cases"), the
 * case's latest until a record of the case itself follows.
 */
static const char latest_sql[] =
	"SELECT entity, entity_id, max(id) FROM ("
	" SELECT entity, entity_id, id FROM audit WHERE after_sha IS NOT NULL"
	" UNION ALL SELECT 'cases', case_id, id FROM audit"
	"  WHERE entity = 'person' AND case_id IS NOT NULL AND after_sha IS NOT NULL) images"
	" GROUP BY entity, entity_id ORDER BY entity, entity_id";

/* One table's row lookup, kept while the entities of that table go by. */
struct table_probe {
	char *table;
	struct cm_stmt *row;     /* SELECT * ... by key, or NULL: not a table */
	char **keys;             /* the primary key's columns, from the after-image */
	int nkeys;
	int by_rowid;            /* no key columns: the entity id is the rowid */
};

static void probe_clear(struct table_probe *p)
{
	int i;

	cm_stmt_finalize(p->row);
	for (i = 0; i < p->nkeys; i++)
		free(p->keys[i]);
	free(p->keys);
	free(p->table);
	memset(p, 0, sizeof *p);
}

/* A table's primary key, as the engine's catalogue names it. */
static int load_keys(struct cm_store *s, struct table_probe *p, struct cm_error *err)
{
	struct cm_stmt *st;
	char **grown;
	int rc;

	rc = cm_sql_prepare(s, cm_db_catalogue_sql(cm_store_db(s), CM_DB_PRIMARY_KEY), &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, p->table, -1);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		grown = realloc(p->keys, (size_t)(p->nkeys + 1) * sizeof *p->keys);
		if (!grown)
			break;
		p->keys = grown;
		p->keys[p->nkeys] = strdup(cm_stmt_column_text(st, 0));
		if (!p->keys[p->nkeys])
			break;
		p->nkeys++;
	}
	cm_stmt_finalize(st);
	if (rc != CM_DB_DONE)
		return rc == CM_DB_ROW ? cm_error_set(err, CM_ENOMEM, "out of memory")
				       : cm_sql_fail(s, rc, err, "read table columns");
	return 0;
}

static int probe_open(struct cm_store *s, struct table_probe *p, const char *table,
		      struct cm_error *err)
{
	char *sql = NULL, *more;
	int rc, i;

	probe_clear(p);
	p->table = strdup(table);
	if (!p->table)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = load_keys(s, p, err);
	if (rc < 0 || p->nkeys == 0)
		return rc;  /* not a table ("database", ...): nothing to compare */
	sql = cm_db_mprintf("SELECT * FROM \"%w\" WHERE \"%w\" = ?1", table, p->keys[0]);
	for (i = 1; sql && i < p->nkeys; i++) {
		more = cm_db_mprintf("%s AND \"%w\" = ?%d", sql, p->keys[i], i + 1);
		cm_db_free(sql);
		sql = more;
	}
	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = cm_sql_prepare(s, sql, &p->row, err);
	cm_db_free(sql);
	return rc;
}

static int bind_key(struct cm_stmt *st, int i, const cJSON *v, int64_t fallback)
{
	if (cJSON_IsString(v))
		return cm_stmt_bind_text_copy(st, i, v->valuestring, -1);
	if (cJSON_IsNumber(v))
		return cm_stmt_bind_int64(st, i, (int64_t)v->valuedouble);
	return cm_stmt_bind_int64(st, i, fallback);
}

static int value_matches(const cJSON *v, struct cm_stmt *st, int col)
{
	int type = cm_stmt_column_type(st, col);
	char buf[32];

	if (cJSON_IsNull(v))
		return type == CM_DB_NULL;
	if (type == CM_DB_NULL)
		return 0;
	if (cJSON_IsString(v))
		return strcmp(v->valuestring, cm_stmt_column_text(st, col)) == 0;
	if (cJSON_IsBool(v))
		return cm_stmt_column_int64(st, col) == (cJSON_IsTrue(v) ? 1 : 0);
	if (!cJSON_IsNumber(v))
		return 0;
	if (type == CM_DB_INTEGER)
		return (double)cm_stmt_column_int64(st, col) == v->valuedouble;
	if (type == CM_DB_FLOAT)
		return cm_stmt_column_double(st, col) == v->valuedouble;
	snprintf(buf, sizeof buf, "%.17g", v->valuedouble);
	return strcmp(buf, cm_stmt_column_text(st, col)) == 0;
}

static int differs(struct cm_error *err, const char *table, int64_t id, long long record,
		   const char *why)
{
	return cm_error_set(err, CM_EFAIL, "%s %lld does not match audit record %lld (%s): "
			    "changed outside cm", table, (long long)id, record, why);
}

/*
 * The row must hold what the after-image says, for every column the image
 * has (a compact image leaves some out: those are not compared).
 */
static int compare_row(struct cm_store *s, struct table_probe *p, int64_t id, long long record,
		       const char *after, int foreign, struct cm_error *err)
{
	cJSON *doc = cJSON_Parse(after);
	const cJSON *v, *image = doc, *nested;
	char why[160];
	int rc, i;

	if (!doc)
		return differs(err, p->table, id, record, "its after-image is not JSON");
	/* Another entity's record holding this one's image: compare that part only. */
	if (foreign) {
		nested = cJSON_GetObjectItemCaseSensitive(doc, p->table);
		if (!cJSON_IsObject(nested)) {
			cJSON_Delete(doc);
			return 0;
		}
		image = nested;
	}
	cm_stmt_reset(p->row);
	for (i = 0; i < p->nkeys; i++)
		bind_key(p->row, i + 1, cJSON_GetObjectItemCaseSensitive(image, p->keys[i]), id);
	rc = cm_stmt_step(p->row);
	if (rc == CM_DB_DONE) {
		rc = differs(err, p->table, id, record, "the row is gone");
	} else if (rc == CM_DB_ROW) {
		rc = 0;
		for (i = 0; rc == 0 && i < cm_stmt_column_count(p->row); i++) {
			v = cJSON_GetObjectItemCaseSensitive(image, cm_stmt_column_name(p->row, i));
			if (v && !value_matches(v, p->row, i)) {
				snprintf(why, sizeof why, "column %s", cm_stmt_column_name(p->row, i));
				rc = differs(err, p->table, id, record, why);
			}
		}
	} else {
		rc = cm_sql_fail(s, rc, err, "read row");
	}
	cm_stmt_reset(p->row);
	cJSON_Delete(doc);
	return rc;
}

/*
 * An imported row's record holds a digest, not the image: the row (read
 * by the table's lookup, as compare_row reads it) must give the image that
 * digest was made of (lib/audit_row.c).
 */
static int compare_digest(struct cm_store *s, struct table_probe *p, int64_t id, long long record,
			  const char *want, struct cm_error *err)
{
	char *image = NULL, have[CM_SHA256_HEX];
	cJSON *row = NULL;
	int rc;

	cm_stmt_reset(p->row);
	cm_stmt_bind_int64(p->row, 1, id);
	rc = cm_stmt_step(p->row);
	if (rc == CM_DB_ROW && (row = cm_sql_row_object(p->row)) != NULL)
		image = cm_audit_row_image(row, strcmp(p->table, "cases") == 0);
	if (image)
		cm_sha256_text(image, have);
	if (rc == CM_DB_DONE)
		rc = differs(err, p->table, id, record, "the row is gone");
	else if (rc != CM_DB_ROW)
		rc = cm_sql_fail(s, rc, err, "read row");
	else if (!image)
		rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	else
		rc = strcmp(have, want) == 0 ? 0
			: differs(err, p->table, id, record, "its values as imported");
	cm_stmt_reset(p->row);
	free(image);
	cJSON_Delete(row);
	return rc;
}

/*
 * The record's after-image, and whether the record is of another table than
 * table; or, for an imported row's, the digest of table's part in digest.
 */
static int after_image(struct cm_store *s, struct cm_stmt *get, long long record,
		       const char *table, char **out, int *foreign,
		       char digest[CM_AUDIT_HASH_LEN], struct cm_error *err)
{
	int rc;

	*out = NULL;
	digest[0] = '\0';
	cm_stmt_reset(get);
	cm_stmt_bind_int64(get, 1, record);
	rc = cm_stmt_step(get);
	if (rc == CM_DB_ROW) {
		*out = cm_sql_column_dup(get, 0);
		*foreign = strcmp(cm_stmt_column_text(get, 1), table) != 0;
		/* Blanked by pseudonymisation: the redaction check answers for it. */
		if (*out || cm_stmt_column_int(get, 3) ||
		    !cm_audit_row_part(cm_stmt_column_text(get, 2), *foreign, digest))
			digest[0] = '\0';
		rc = 0;
	} else {
		rc = cm_sql_fail(s, rc, err, "read audit log");
	}
	cm_stmt_reset(get);
	return rc;
}

int cm_audit_check_data(struct cm_store *s, long long *compared, struct cm_error *err)
{
	struct table_probe p = { 0 };
	struct cm_stmt *latest, *get = NULL;
	const char *entity;
	char *after, digest[CM_AUDIT_HASH_LEN];
	int64_t id;
	long long record;
	int rc, step, foreign = 0;

	*compared = 0;
	rc = cm_sql_prepare(s, latest_sql, &latest, err);
	if (rc < 0)
		return rc;
	rc = cm_sql_prepare(s, "SELECT after, entity, after_sha,"
			       " CASE WHEN redacted_on IS NULL THEN 0 ELSE 1 END"
			       " FROM audit WHERE id = ?", &get, err);
	while (rc == 0) {
		step = cm_stmt_step(latest);
		if (step != CM_DB_ROW) {
			rc = step == CM_DB_DONE ? 0 : cm_sql_fail(s, step, err, "read audit log");
			break;
		}
		entity = cm_stmt_column_text(latest, 0);
		id = cm_stmt_column_int64(latest, 1);
		record = cm_stmt_column_int64(latest, 2);
		if (!p.table || strcmp(p.table, entity) != 0)
			rc = probe_open(s, &p, entity, err);
		if (rc < 0 || !p.row)
			continue;
		rc = after_image(s, get, record, entity, &after, &foreign, digest, err);
		/* A copy blanked by pseudonymisation: the redaction check answers for it. */
		if (rc == 0 && after) {
			rc = compare_row(s, &p, id, record, after, foreign, err);
			(*compared)++;
		} else if (rc == 0 && digest[0]) {
			rc = compare_digest(s, &p, id, record, digest, err);
			(*compared)++;
		}
		free(after);
	}
	probe_clear(&p);
	cm_stmt_finalize(get);
	cm_stmt_finalize(latest);
	return rc;
}
