/* Programme profiles. */
#include <stddef.h>
#include "cm/programme.h"
#include "sql.h"

struct builtin {
	const char *id, *name;
};

static const struct builtin builtins[] = {
	{ "be-accompagnement", "Individualised accompaniment of job seekers (Wallonia/Brussels)" },
	{ "be-trajet-specifique", "Trajet specifique: psycho-medico-social factors (Belgium, 2014)" },
	{ "ch-cmfp", "Case management Formation professionnelle (Switzerland)" },
	{ "dg-familles", "Network for multi-problem families (German-speaking Community)" },
	{ "eu-youth-guarantee", "EU Youth Guarantee (Council Recommendation, 22 April 2013)" },
	{ "work-accident", "Work-accident case management (return to work)" },
};

int cm_programme_seed_builtin(struct cm_store *s, struct cm_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	rc = cm_sql_prepare(s, "INSERT OR IGNORE INTO programme(id, name, builtin) VALUES (?, ?, 1)",
			    &st, err);
	if (rc < 0)
		return rc;
	for (i = 0; i < sizeof builtins / sizeof builtins[0] && rc == 0; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, builtins[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, builtins[i].name, -1, SQLITE_STATIC);
		rc = cm_sql_step_done(s, st, err, "seed programmes");
	}
	sqlite3_finalize(st);
	return rc;
}

int cm_programme_check(struct cm_store *s, const char *id, struct cm_error *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT 1 FROM programme WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return cm_error_set(err, CM_ENOTFOUND,
				    "unknown programme '%s'; see 'cm programme list'", id);
	return cm_sql_fail(s, rc, err, "look up programme");
}
