/*
 * Rows that close cases: an export of exits ("kind": "exits"), and records
 * the export marks deleted when the mapping says "on_deleted": {"close": ...}.
 * A case is closed as cm close would close it, inside the import's
 * transaction; a case already closed is left as it is, so a second run of
 * the same export changes nothing.
 */

#include <string.h>
#include "cm/closure.h"
#include "import_impl.h"

/* The person, their open case in the programme (or NULL), and whether they have any case there. */
static const char sql_find_open_case[] =
	"SELECT p.id, (SELECT c.id FROM cases c WHERE c.person_id = p.id AND c.programme = ?3"
	" AND c.state <> 'closed' LIMIT 1), EXISTS (SELECT 1 FROM cases c"
	" WHERE c.person_id = p.id AND c.programme = ?3)"
	" FROM person p WHERE p.source = ?1 AND p.ext_id = ?2";

struct found {
	int person, any_case;
	int64_t open_case;
};

static int find(struct importer *im, const char *programme, struct found *out)
{
	struct cm_stmt *st;
	int rc;

	if (!im->find_open_case) {
		rc = cm_db_prepare_persistent(im->db, sql_find_open_case, &im->find_open_case);
		if (rc != CM_OK)
			return cm_import_sql_fail(im, rc, "prepare import");
	}
	st = im->find_open_case;
	cm_stmt_bind_text(st, 1, im->m->source, -1);
	cm_stmt_bind_text(st, 2, im->v[CM_F_EXT_ID], -1);
	cm_stmt_bind_text(st, 3, programme, -1);
	rc = cm_stmt_step(st);
	memset(out, 0, sizeof *out);
	if (rc == CM_DB_ROW) {
		out->person = 1;
		out->open_case = cm_stmt_column_int64(st, 1);
		out->any_case = cm_stmt_column_int(st, 2);
	}
	cm_stmt_reset(st);
	if (rc != CM_DB_ROW && rc != CM_DB_DONE)
		return cm_import_sql_fail(im, rc, "find case");
	return 0;
}

/* Close the case; a refusal (open referrals, a date before the opening...) rejects the row. */
static int close_case(struct importer *im, int64_t case_id, const char *outcome, const char *date)
{
	struct cm_close_in in = { outcome, date, NULL, 0 };
	struct cm_error why = { 0 };
	int no_final, rc;

	rc = cm_case_close(im->s, case_id, &in, &no_final, &why);
	if (rc == 0) {
		im->count->closed++;
		return 0;
	}
	if (rc == CM_EUSAGE || rc == CM_ESTATE || rc == CM_EFAIL) {
		char said[REASON_MAX];

		snprintf(said, sizeof said, "case %lld cannot be closed", (long long)case_id);
		return cm_import_reject_detailed(im, said, why.msg);
	}
	if (im->err)
		*im->err = why;
	return rc;
}

int cm_import_store_exit(struct importer *im, const char *programme)
{
	struct found f;
	int rc = find(im, programme, &f);

	if (rc < 0)
		return rc;
	if (!f.person)
		return cm_import_reject(im, "field 'ext_id': no person has this id from this source");
	if (!f.open_case) {
		if (!f.any_case)
			return cm_import_reject(im, "the person has no case in programme %s", programme);
		im->count->unchanged++;
		return 0;
	}
	return close_case(im, f.open_case, im->v[CM_F_OUTCOME], im->v[CM_F_CLOSED_ON]);
}

int cm_import_store_deleted(struct importer *im, const char *programme)
{
	struct found f;
	int rc;

	im->count->deleted++;
	if (!im->m->deleted_outcome)
		return 0;
	rc = find(im, programme, &f);
	if (rc < 0 || !f.open_case)
		return rc;
	return close_case(im, f.open_case, im->m->deleted_outcome, NULL);
}
