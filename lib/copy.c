/*
 * cm db copy: every table of one database into a new one, of either
 * engine, in one transaction on the target, checked before it is kept.
 */
#include <stdlib.h>
#include <string.h>
#include "cm/access.h"
#include "cm/audit.h"
#include "cm/copy.h"
#include "db/db.h"
#include "sql.h"

#define MAX_TABLES 64

struct tables {
	char *name[MAX_TABLES];
	int n;
};

static void tables_free(struct tables *t)
{
	while (t->n > 0)
		free(t->name[--t->n]);
}

/* The source's tables; the schema version is the target's own. */
static int list_tables(struct cm_store *s, struct tables *t, struct cm_error *err)
{
	struct cm_db *db = cm_store_db(s);
	struct cm_stmt *st;
	int rc = cm_sql_prepare(s, cm_db_catalogue_sql(db, CM_DB_TABLES), &st, err);

	while (rc == 0 && (rc = cm_stmt_step(st)) == CM_DB_ROW) {
		const char *name = cm_stmt_column_text(st, 0);

		rc = 0;
		if (strcmp(name, "cm_schema_version") == 0)
			continue;
		if (t->n == MAX_TABLES) {
			rc = cm_error_set(err, CM_EDB, "too many tables to copy");
			break;
		}
		t->name[t->n] = strdup(name);
		if (!t->name[t->n])
			rc = cm_error_set(err, CM_ENOMEM, "out of memory");
		else
			t->n++;
	}
	if (rc == CM_DB_DONE)
		rc = 0;
	else if (rc > 0 || (rc < 0 && !err->msg[0]))
		rc = cm_sql_fail(s, rc < 0 ? rc : CM_EDB, err, "list tables");
	cm_stmt_finalize(st);
	return rc;
}

/* 1 when every table that table refers to is among the first placed of t. */
static int parents_placed(struct cm_store *s, const struct tables *t, int placed, const char *table)
{
	struct cm_db *db = cm_store_db(s);
	struct cm_stmt *st;
	int ok = 1, i;

	if (cm_db_prepare(db, cm_db_catalogue_sql(db, CM_DB_FOREIGN_KEYS), &st) != CM_OK)
		return 1;
	cm_stmt_bind_text(st, 1, table, -1);
	while (ok && cm_stmt_step(st) == CM_DB_ROW) {
		const char *parent = cm_stmt_column_text(st, 0);

		if (strcmp(parent, table) == 0)
			continue;
		ok = 0;
		for (i = 0; i < placed; i++)
			if (strcmp(t->name[i], parent) == 0)
				ok = 1;
	}
	cm_stmt_finalize(st);
	return ok;
}

/* Parents before the tables that refer to them, so every row finds its parent. */
static void order_tables(struct cm_store *s, struct tables *t)
{
	int placed = 0, i, moved = 1;

	while (placed < t->n && moved) {
		moved = 0;
		for (i = placed; i < t->n; i++) {
			if (parents_placed(s, t, placed, t->name[i])) {
				char *name = t->name[i];

				memmove(&t->name[placed + 1], &t->name[placed],
					(size_t)(i - placed) * sizeof t->name[0]);
				t->name[placed++] = name;
				moved = 1;
			}
		}
	}
}

/* A list of the table's columns (catalogue what), each as "name", joined by sep. */
static char *column_list(struct cm_store *s, const char *table, enum cm_db_catalogue what,
			 int *count)
{
	struct cm_db *db = cm_store_db(s);
	struct cm_stmt *st;
	char *list = NULL, *next;

	*count = 0;
	if (cm_db_prepare(db, cm_db_catalogue_sql(db, what), &st) != CM_OK)
		return NULL;
	cm_stmt_bind_text(st, 1, table, -1);
	while (cm_stmt_step(st) == CM_DB_ROW) {
		next = cm_db_mprintf("%s%s\"%w\"", list ? list : "", list ? ", " : "",
				     cm_stmt_column_text(st, 0));
		cm_db_free(list);
		list = next;
		if (!list)
			break;
		(*count)++;
	}
	cm_stmt_finalize(st);
	return list;
}

/* One table's read of the source in key order, and its column list. */
static int table_sql(struct cm_store *src, const char *table, char **select, char **cols,
		     int *ncols)
{
	char *key;
	int nkey;

	*cols = column_list(src, table, CM_DB_COLUMNS, ncols);
	if (!*cols)
		return CM_ENOMEM;
	key = column_list(src, table, CM_DB_PRIMARY_KEY, &nkey);
	*select = cm_db_mprintf("SELECT %s FROM \"%w\" ORDER BY %s", *cols, table,
				key ? key : *cols);
	cm_db_free(key);
	return *select ? 0 : CM_ENOMEM;
}

/* Every row of table, in key order, by the target engine's bulk load; *rows gets how many. */
static int copy_table(struct cm_store *src, struct cm_store *dst, const char *table,
		      long long *rows, struct cm_error *err)
{
	struct cm_stmt *from = NULL;
	struct cm_db *failed = NULL;
	char *select = NULL, *cols = NULL;
	int64_t n = 0;
	int rc, ncols = 0;

	*rows = 0;
	rc = table_sql(src, table, &select, &cols, &ncols);
	if (rc < 0) {
		rc = cm_error_set(err, CM_ENOMEM, "out of memory");
		goto out;
	}
	rc = cm_sql_prepare(src, select, &from, err);
	if (rc == 0)
		rc = cm_db_load(cm_store_db(dst), table, cols, ncols, from, &n, &failed);
	*rows = n;
	if (rc < 0 && !err->msg[0])
		rc = cm_sql_fail(failed == cm_store_db(src) ? src : dst, rc, err, table);
out:
	cm_stmt_finalize(from);
	cm_db_free(select);
	cm_db_free(cols);
	return rc;
}

/*
 * The target's own triggers would stamp the copied log records with its
 * login and clock: off during the copy, inside its transaction. A file's
 * triggers are dropped and made again; a server's disabled and enabled.
 */
static int triggers(struct cm_store *dst, const struct tables *t, int on, struct tables *saved,
		    struct cm_error *err)
{
	struct cm_db *db = cm_store_db(dst);
	struct tables names = { 0 };
	struct cm_stmt *st;
	char *sql;
	int rc = 0, i;

	if (cm_db_engine(db) != CM_DB_SQLITE) {
		for (i = 0; rc == 0 && i < t->n; i++) {
			sql = cm_db_mprintf("ALTER TABLE \"%w\" %s TRIGGER USER", t->name[i],
					    on ? "ENABLE" : "DISABLE");
			rc = sql ? cm_sql_exec(dst, sql, err)
				 : cm_error_set(err, CM_ENOMEM, "out of memory");
			cm_db_free(sql);
		}
		return rc;
	}
	if (on) {
		for (i = 0; rc == 0 && i < saved->n; i++)
			rc = cm_sql_exec(dst, saved->name[i], err);
		return rc;
	}
	rc = cm_sql_prepare(dst, cm_db_catalogue_sql(db, CM_DB_TRIGGERS), &st, err);
	while (rc == 0 && cm_stmt_step(st) == CM_DB_ROW && saved->n < MAX_TABLES) {
		char *name = strdup(cm_stmt_column_text(st, 0));
		char *def = strdup(cm_stmt_column_text(st, 1));

		if (!name || !def) {
			free(name);
			free(def);
			rc = cm_error_set(err, CM_ENOMEM, "out of memory");
			break;
		}
		names.name[names.n++] = name;
		saved->name[saved->n++] = def;
	}
	cm_stmt_finalize(st);
	for (i = 0; rc == 0 && i < names.n; i++) {
		sql = cm_db_mprintf("DROP TRIGGER \"%w\"", names.name[i]);
		rc = sql ? cm_sql_exec(dst, sql, err) : cm_error_set(err, CM_ENOMEM, "out of memory");
		cm_db_free(sql);
	}
	tables_free(&names);
	return rc;
}

static long long count_rows(struct cm_store *s, const char *table)
{
	char *sql = cm_db_mprintf("SELECT count(*) FROM \"%w\"", table);
	struct cm_stmt *st;
	long long n = -1;

	if (sql && cm_db_prepare(cm_store_db(s), sql, &st) == CM_OK) {
		if (cm_stmt_step(st) == CM_DB_ROW)
			n = cm_stmt_column_int64(st, 0);
		cm_stmt_finalize(st);
	}
	cm_db_free(sql);
	return n;
}

/* The copy holds what the source holds, and its chains verify. */
static int check_copy(struct cm_store *src, struct cm_store *dst, const struct tables *t,
		      long long *records, struct cm_error *err)
{
	char src_hash[CM_AUDIT_HASH_LEN], dst_hash[CM_AUDIT_HASH_LEN];
	long long a, b, checked;
	int64_t bad;
	int rc, i;

	for (i = 0; i < t->n; i++) {
		a = count_rows(src, t->name[i]);
		b = count_rows(dst, t->name[i]);
		if (a < 0 || a != b)
			return cm_error_set(err, CM_EDB, "copy of table '%s': %lld rows in the "
					    "source, %lld in the copy", t->name[i], a, b);
	}
	rc = cm_audit_head(src, &a, src_hash, err);
	if (rc == 0)
		rc = cm_audit_head(dst, &b, dst_hash, err);
	if (rc == 0 && (a != b || strcmp(src_hash, dst_hash) != 0))
		rc = cm_error_set(err, CM_EDB, "the copy's audit chain head differs from the "
				  "source's");
	if (rc == 0)
		rc = cm_audit_verify(dst, &bad, &checked, err);
	if (rc == 0)
		rc = cm_access_verify(dst, &checked, err);
	*records = a;
	return rc;
}

int cm_copy(struct cm_store *src, const char *target, cm_copy_report report, void *arg,
	    long long *records, struct cm_error *err)
{
	struct tables t = { 0 }, saved = { 0 };
	struct cm_store *dst;
	long long rows[MAX_TABLES];
	char *by_name[MAX_TABLES];
	int rc, i, j;

	*records = 0;
	rc = list_tables(src, &t, err);
	if (rc < 0)
		return rc;
	memcpy(by_name, t.name, sizeof by_name);
	order_tables(src, &t);
	rc = cm_store_open(&dst, target, CM_OPEN_CREATE, err);
	if (rc < 0) {
		tables_free(&t);
		return rc;
	}
	rc = cm_store_begin(dst, err);
	/* What the new schema put in its tables gives way to the source's rows. */
	for (i = t.n - 1; rc == 0 && i >= 0; i--) {
		char *sql = cm_db_mprintf("DELETE FROM \"%w\"", t.name[i]);

		rc = sql ? cm_sql_exec(dst, sql, err) : cm_error_set(err, CM_ENOMEM, "out of memory");
		cm_db_free(sql);
	}
	if (rc == 0)
		rc = triggers(dst, &t, 0, &saved, err);
	for (i = 0; rc == 0 && i < t.n; i++)
		rc = copy_table(src, dst, t.name[i], &rows[i], err);
	if (rc == 0)
		rc = triggers(dst, &t, 1, &saved, err);
	if (rc == 0)
		rc = cm_store_commit(dst, err);
	else
		cm_store_rollback(dst);
	if (rc == 0)
		rc = check_copy(src, dst, &t, records, err);
	if (rc == 0)
		rc = cm_store_publish(dst, err);
	else
		cm_store_close(dst);
	/* By name, as the tables are listed everywhere else. */
	for (j = 0; rc == 0 && report && j < t.n; j++)
		for (i = 0; i < t.n; i++)
			if (t.name[i] == by_name[j])
				report(t.name[i], rows[i], arg);
	tables_free(&t);
	tables_free(&saved);
	return rc;
}
