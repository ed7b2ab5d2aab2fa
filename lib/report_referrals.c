/* cm report referrals: per partner, referrals sent in the window and what became of them. */
#include "cm/i18n.h"
#include "report_impl.h"
#include "cm/access.h"

enum { C_PARTNER, C_NAME, C_SENT, C_ACCEPTED, C_DECLINED, C_COMPLETED, C_NO_SHOW,
       C_FEEDBACK, C_MEDIAN, C_NCOLS };

static const struct rcol cols[] = {
	{ "partner", RC_INT, -1, 0, 0, NULL },
	{ "name", RC_KEY, -1, 0, 0, NULL },
	{ "sent", RC_COUNT, -1, 0, 0, NULL },
	{ "accepted", RC_COUNT, -1, 0, 0, NULL },
	{ "declined", RC_COUNT, -1, 0, 0, NULL },
	{ "completed", RC_COUNT, -1, 0, 0, NULL },
	{ "no_show", RC_COUNT, -1, 0, 0, N_("no-show") },
	{ "feedback", RC_COUNT, -1, 0, 0, N_("with feedback") },
	{ "median_days_to_feedback", RC_INT, C_FEEDBACK, 0, 0, N_("median days to feedback") },
};

/*
 * Accepted: the partner took the person on at some point (a later no-show or
 * cancellation does not undo it). The median is nearest-rank.
 */
#define COUNT_STATUS(s) "coalesce(sum(CASE WHEN status = '" s "' THEN 1 ELSE 0 END), 0)"
#define REFERRAL_COUNTS \
	"count(*), coalesce(sum(accepted), 0), " COUNT_STATUS("declined") ", " \
	COUNT_STATUS("completed") ", " COUNT_STATUS("no-show") ", count(fd)"
#define MEDIAN_FD "max(CASE WHEN rn = (n + 1) / 2 THEN fd END)"

/*
 * One row per partner, then the total (partner NULL), in one pass over the
 * window's referrals; cases are read only to filter by programme or team.
 */
static const char sql_template[] =
	"WITH r AS MATERIALIZED (SELECT r.partner_id AS g, r.status,"
	"  CASE WHEN r.status IN ('accepted','started','completed','no-show') OR EXISTS"
	"  (SELECT 1 FROM referral_status rs WHERE rs.referral_id = r.id AND rs.status = 'accepted')"
	"  THEN 1 ELSE 0 END AS accepted,"
	"  cm_days(r.sent_on, r.feedback_on) AS fd"
	"  FROM referral r%s WHERE r.sent_on BETWEEN :from AND :to),"
	" agg(g, sent, accepted, declined, completed, no_show, feedback) AS ("
	"  SELECT g, " REFERRAL_COUNTS " FROM r GROUP BY g"
	"  UNION ALL SELECT NULL, " REFERRAL_COUNTS " FROM r),"
	" med(g, m) AS ("
	"  SELECT g, " MEDIAN_FD " FROM (SELECT g, fd, row_number() OVER (PARTITION BY g ORDER BY fd)"
	"   AS rn, count(*) OVER (PARTITION BY g) AS n FROM r WHERE fd IS NOT NULL) AS ranked GROUP BY g"
	"  UNION ALL SELECT NULL, " MEDIAN_FD " FROM (SELECT fd, row_number() OVER (ORDER BY fd)"
	"   AS rn, count(*) OVER () AS n FROM r WHERE fd IS NOT NULL) AS ranked)"
	" SELECT agg.g, p.name, agg.sent, agg.accepted, agg.declined, agg.completed, agg.no_show,"
	" agg.feedback, med.m FROM agg LEFT JOIN med ON med.g IS NOT DISTINCT FROM agg.g"
	" LEFT JOIN partner p ON p.id = agg.g ORDER BY agg.g IS NULL, agg.g";

static int fill(struct cm_store *s, const struct cm_report_opts *o, struct rtab *t,
		struct cm_error *err)
{
	int scoped = cm_access_role(s) != CM_ROLE_ADMIN;
	char *sql = cm_db_mprintf(sql_template, o->programme || o->team || scoped
				  ? " JOIN cases c ON c.id = r.case_id AND " PROG_FILTER : "");
	struct cm_stmt *st;
	int rc, r, col;

	if (!sql)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	rc = report_prepare(s, sql, o, &st, err);
	cm_db_free(sql);
	if (rc < 0)
		return rc;
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		r = rtab_add_row(t);
		if (cm_stmt_column_type(st, 0) != CM_DB_NULL)
			rtab_int(t, r, C_PARTNER, cm_stmt_column_int64(st, 0));
		rtab_text(t, r, C_NAME, cm_stmt_column_type(st, 0) == CM_DB_NULL
			  ? ALL_ROWS : cm_stmt_column_text(st, 1));
		for (col = C_SENT; col <= C_MEDIAN; col++)
			if (cm_stmt_column_type(st, col) != CM_DB_NULL)
				rtab_int(t, r, col, cm_stmt_column_int64(st, col));
	}
	rc = report_step_end(s, rc, err, "referrals");
	cm_stmt_finalize(st);
	return rc;
}

int report_referrals(struct cm_store *s, const struct cm_report_opts *o, struct cm_emit *e,
		     struct cm_error *err)
{
	struct rtab t;
	int rc, partners, col;

	rtab_init(&t, cols, C_NCOLS);
	rc = fill(s, o, &t, err);
	partners = t.nrows - 1;
	if (rc == 0 && rtab_lines_begin(&t) == 0)
		for (col = C_SENT; col <= C_FEEDBACK; col++)
			rtab_line_range(&t, col, partners, 0, partners, 1);
	if (rc == 0 && (rc = rtab_emit(&t, o->min_cell, e)) < 0)
		cm_error_set(err, rc, "out of memory");
	rtab_release(&t);
	return rc;
}
