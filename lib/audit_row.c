/*
 * The record of a person and case an import created holds digests of the
 * two as imported, not a copy: the rows hold the values, and each later
 * change of them records its before-image. From those the values as
 * imported are read back, and shown only where they match the digests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "audit_impl.h"
#include "import_impl.h"
#include "sha256.h"
#include "sql.h"

#define ROW_PREFIX "row:"
#define PREFIX_LEN (sizeof ROW_PREFIX - 1)
#define HEX_LEN (CM_AUDIT_HASH_LEN - 1)

void cm_audit_row_digest(const char *person_sha, const char *case_sha,
			 char out[CM_AUDIT_ROW_LEN])
{
	snprintf(out, CM_AUDIT_ROW_LEN, ROW_PREFIX "%s:%s", person_sha, case_sha);
}

const char *cm_audit_row_part(const char *after_sha, int cases, char out[CM_AUDIT_HASH_LEN])
{
	if (!after_sha || strlen(after_sha) != CM_AUDIT_ROW_LEN - 1 ||
	    strncmp(after_sha, ROW_PREFIX, PREFIX_LEN) != 0 ||
	    after_sha[PREFIX_LEN + HEX_LEN] != ':')
		return NULL;
	memcpy(out, after_sha + PREFIX_LEN + (cases ? HEX_LEN + 1 : 0), HEX_LEN);
	out[HEX_LEN] = '\0';
	return out;
}

/* One key of from, written as the import writes it: text, a whole number, or null. */
static void put(struct buf *b, const cJSON *from, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(from, key);

	if (cJSON_IsNumber(v))
		cm_import_json_int(b, key, (long long)v->valuedouble);
	else
		cm_import_json_text(b, key, cJSON_IsString(v) ? v->valuestring : NULL);
}

static int present(const cJSON *from, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(from, key);

	return v && !cJSON_IsNull(v);
}

/* The keys of lib/import_store.c's person and case images, in their order. */
char *cm_audit_row_image(const cJSON *from, int cases)
{
	static const char *const case_keys[] = { "id", "person_id", "programme", "worker", "state",
						 "state_since", "referral_source", "opened_on" };
	struct buf b = { 0 };
	size_t i;

	cm_import_buf_add(&b, "{", 1);
	if (cases) {
		for (i = 0; i < sizeof case_keys / sizeof case_keys[0]; i++)
			put(&b, from, case_keys[i]);
		if (present(from, "incapacity"))
			put(&b, from, "incapacity");
	} else {
		put(&b, from, "id");
		put(&b, from, "source");
		put(&b, from, "ext_id");
		for (i = 0; i < CM_IMPORT_NPERSON; i++)
			if (present(from, cm_import_person_column((int)i)))
				put(&b, from, cm_import_person_column((int)i));
	}
	cm_import_buf_add(&b, "}", 1);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/*
 * What the person or case was just after record: the before-image of the
 * first later record of it that has one, or else the row as it is now.
 */
static int state_after(struct cm_store *s, long long record, const char *table, int64_t id,
		       cJSON **out, struct cm_error *err)
{
	struct cm_stmt *st;
	char *text = NULL;
	int rc;

	*out = NULL;
	rc = cm_sql_prepare(s, "SELECT before FROM audit WHERE entity = ?1 AND entity_id = ?2"
			       " AND id > ?3 AND before IS NOT NULL ORDER BY id LIMIT 1", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, table, -1);
	cm_stmt_bind_int64(st, 2, id);
	cm_stmt_bind_int64(st, 3, record);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		text = cm_sql_column_dup(st, 0);
	else if (rc != CM_DB_DONE)
		rc = cm_sql_fail(s, rc, err, "read audit log");
	cm_stmt_finalize(st);
	if (rc < 0)
		return rc;
	if (!text)
		text = cm_sql_row_json(s, table, "id", id);
	if (text)
		*out = cJSON_Parse(text);
	free(text);
	return 0;
}

/* A part's image as it was just after record, if it matches its digest. */
static int part_after(struct cm_store *s, long long record, int cases, int64_t id,
		      const char *after_sha, char **image, struct cm_error *err)
{
	char want[CM_AUDIT_HASH_LEN], have[CM_SHA256_HEX];
	cJSON *from;
	int rc;

	*image = NULL;
	if (!cm_audit_row_part(after_sha, cases, want))
		return 0;
	rc = state_after(s, record, cases ? "cases" : "person", id, &from, err);
	if (rc < 0 || !from)
		return rc;
	*image = cm_audit_row_image(from, cases);
	cJSON_Delete(from);
	if (!*image)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	cm_sha256_text(*image, have);
	if (strcmp(have, want) != 0) {
		free(*image);
		*image = NULL;
	}
	return 0;
}

int cm_audit_row_after(struct cm_store *s, long long record, int64_t person, int64_t case_id,
		       const char *after_sha, char **out, struct cm_error *err)
{
	char *p = NULL, *c = NULL;
	int rc;

	*out = NULL;
	rc = part_after(s, record, 0, person, after_sha, &p, err);
	if (rc == 0 && p)
		rc = part_after(s, record, 1, case_id, after_sha, &c, err);
	/* The person's image with the case's under "cases", as it was written. */
	if (rc == 0 && p && c) {
		p[strlen(p) - 1] = '\0';
		if (asprintf(out, "%s,\"cases\":%s}", p, c) < 0) {
			*out = NULL;
			rc = cm_error_set(err, CM_ENOMEM, "out of memory");
		}
	}
	free(p);
	free(c);
	return rc;
}

/* A number of a record read as JSON, 0 when absent. */
static int64_t number(const cJSON *record, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(record, key);

	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

int cm_audit_row_fill(struct cm_store *s, cJSON *records, struct cm_error *err)
{
	cJSON *r, *after, *sha;
	char *image;
	int rc = 0;

	cJSON_ArrayForEach(r, records) {
		after = cJSON_GetObjectItemCaseSensitive(r, "after");
		sha = cJSON_GetObjectItemCaseSensitive(r, "after_sha");
		image = NULL;
		if (rc == 0 && cJSON_IsNull(after) && cJSON_IsString(sha) && !number(r, "redacted"))
			rc = cm_audit_row_after(s, number(r, "id"), number(r, "entity_id"),
						number(r, "case_id"), sha->valuestring, &image,
						err);
		if (image && !cJSON_ReplaceItemInObjectCaseSensitive(r, "after",
								     cJSON_CreateString(image)))
			rc = cm_error_set(err, CM_ENOMEM, "out of memory");
		free(image);
		cJSON_DeleteItemFromObjectCaseSensitive(r, "after_sha");
		cJSON_DeleteItemFromObjectCaseSensitive(r, "redacted");
	}
	return rc;
}
