/*
 * The people of the import's source as they are stored, read once when a
 * large file comes to a server that already has most of them: for each,
 * by its ext_id, the person's id and a fingerprint of the values a row
 * sets. A row whose fingerprint is the stored one (every field the same,
 * the same fields empty) is told unchanged without a round trip; any other
 * row goes to the per-row lookup as before, which decides it. On a file a
 * lookup costs less than reading everyone first, so this is for servers,
 * where each lookup is a round trip (a re-import was one a row).
 * The fingerprint is the first 64 bits of a SHA-256: two different sets of
 * values share one with a chance of 1 in 2^64 per changed row.
 */

#include <stdlib.h>
#include <string.h>
#include "import_impl.h"
#include "sha256.h"

/* A slot: key 0 is empty; id 0 sends the row the per-row way (key shared, or person changed). */
struct known_slot {
	uint64_t key, print;
	int64_t id;
};

struct import_known {
	struct known_slot *slots;
	size_t cap, used;
};

/* FNV-1a, never 0. */
uint64_t cm_import_key(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h ? h : 1;
}

/* ext_id and the person fields, each with its length; an empty one as no length. */
static uint64_t print_of(const char *ext_id, const char *const *v)
{
	static const unsigned char none[4] = { 0xff, 0xff, 0xff, 0xff };
	struct cm_sha256 h;
	int i;

	cm_sha256_init(&h);
	cm_sha256_update(&h, ext_id, strlen(ext_id) + 1);
	for (i = 0; i < CM_IMPORT_NPERSON; i++) {
		uint32_t n = v[i] ? (uint32_t)strlen(v[i]) : 0;
		unsigned char len[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
					 (unsigned char)(n >> 8), (unsigned char)n };

		cm_sha256_update(&h, v[i] ? len : none, 4);
		if (v[i])
			cm_sha256_update(&h, v[i], n);
	}
	return cm_sha256_u64(&h);
}

static struct known_slot *slot_of(const struct import_known *k, uint64_t key)
{
	size_t j;

	for (j = key % k->cap; k->slots[j].key && k->slots[j].key != key; j = (j + 1) % k->cap)
		;
	return &k->slots[j];
}

static void add(struct import_known *k, uint64_t key, uint64_t print, int64_t id)
{
	struct known_slot *s;

	/* More people than counted (none can come meanwhile): the rest are looked up. */
	if (k->used + 1 >= k->cap)
		return;
	s = slot_of(k, key);
	/* Two ext_ids with one hash: neither is told here. */
	if (s->key) {
		s->id = 0;
		return;
	}
	s->key = key;
	s->print = print;
	s->id = id;
	k->used++;
}

static int count_people(struct importer *im, long long *n)
{
	struct cm_stmt *st;
	int rc = cm_sql_prepare(im->s, "SELECT count(*) FROM person WHERE source = ?1", &st,
				im->err);

	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, im->m->source, -1);
	rc = cm_stmt_step(st);
	*n = rc == CM_DB_ROW ? cm_stmt_column_int64(st, 0) : 0;
	cm_stmt_finalize(st);
	return rc == CM_DB_ROW ? 0 : cm_import_sql_fail(im, rc, "count the source's people");
}

static int read_people(struct importer *im, struct import_known *k)
{
	char sql[512] = "SELECT id, ext_id";
	struct cm_stmt *st;
	const char *v[CM_IMPORT_NPERSON];
	int rc, i;

	/* The person fields in the order of cm_import_person_fields. */
	for (i = 0; i < CM_IMPORT_NPERSON; i++) {
		strcat(sql, ", ");
		strcat(sql, cm_import_person_column(i));
	}
	strcat(sql, " FROM person WHERE source = ?1");
	rc = cm_sql_prepare_stream(im->s, sql, &st, im->err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, im->m->source, -1);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		const char *ext_id = cm_stmt_column_text(st, 1);

		if (!ext_id)
			continue;
		for (i = 0; i < CM_IMPORT_NPERSON; i++)
			v[i] = cm_stmt_column_text(st, 2 + i);
		add(k, cm_import_key(ext_id), print_of(ext_id, v), cm_stmt_column_int64(st, 0));
	}
	cm_stmt_finalize(st);
	return rc == CM_DB_DONE ? 0 : cm_import_sql_fail(im, rc, "read the source's people");
}

/*
 * After cm_import_open_load: only where it read the open cases (one
 * programme, no row closing a case or marking anyone deleted), so the
 * people read here change only through this import's own rows.
 */
int cm_import_known_load(struct importer *im)
{
	long long rows = cm_import_rows_guess(im), people;
	struct import_known *k;
	int rc;

	if (!im->open_loaded || !cm_db_loader_batches(im->db))
		return 0;
	/* Fewer rows than a quarter of the source's people: look each up. */
	rc = count_people(im, &people);
	if (rc < 0 || people == 0 || rows * 4 < people)
		return rc;
	k = calloc(1, sizeof *k);
	if (k)
		k->cap = (size_t)people + (size_t)people / 3 + 1;
	if (!k || !(k->slots = calloc(k->cap, sizeof *k->slots))) {
		free(k);
		return cm_import_oom(im);
	}
	im->known = k;
	return read_people(im, k);
}

int cm_import_known_row(struct importer *im)
{
	struct import_known *k = im->known;
	const char *v[CM_IMPORT_NPERSON];
	struct known_slot *s;
	int i;

	if (!k)
		return CM_IMPORT_KNOWN_NO;
	s = slot_of(k, cm_import_key(im->v[CM_F_EXT_ID]));
	if (!s->key || !s->id)
		return CM_IMPORT_KNOWN_NO;
	/* Known: not a new person, whatever the row before was. */
	im->expect_new = 0;
	for (i = 0; i < CM_IMPORT_NPERSON; i++)
		v[i] = im->v[cm_import_person_fields[i]];
	if (print_of(im->v[CM_F_EXT_ID], v) != s->print ||
	    !(cm_import_open_test(im, s->id) || im->o->update_only)) {
		/* The row changes the person, or opens a case: from now on, ask. */
		s->id = 0;
		return CM_IMPORT_KNOWN_NO;
	}
	if (cm_import_seen(im, s->id) < 0)
		return cm_import_oom(im);
	im->count->unchanged++;
	return 0;
}

void cm_import_known_free(struct importer *im)
{
	if (!im->known)
		return;
	free(im->known->slots);
	free(im->known);
	im->known = NULL;
}
