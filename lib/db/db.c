/* The engine layer's entry points: pick the driver, then hand each call to it. */
#include <stdlib.h>
#include <string.h>
#include "driver.h"

int cm_db_target_is_uri(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 ||
	       strncmp(target, "postgres://", 11) == 0;
}

int cm_db_open(struct cm_db **out, const char *target, int flags, struct cm_error *err)
{
	*out = NULL;
	if (cm_db_target_is_uri(target))
		return cm_db_pg_open(out, target, flags, err);
	return cm_db_sqlite_open(out, target, flags, err);
}

void cm_db_close(struct cm_db *db)
{
	if (db)
		db->ops->close(db);
}

int cm_db_failed(struct cm_db *db, int status)
{
	db->status = status;
	return status;
}

int cm_db_busy_timeout_ms(void)
{
	const char *env = getenv("CM_BUSY_TIMEOUT");
	char *end;
	long v;

	if (!env || !*env)
		return 5000;
	v = strtol(env, &end, 10);
	if (*end || v < 0 || v > 3600000)
		return 5000;
	return (int)v;
}

enum cm_db_engine cm_db_engine(const struct cm_db *db) { return db->engine; }

const char *cm_db_catalogue_sql(const struct cm_db *db, enum cm_db_catalogue what)
{
	static const char *const sqlite[] = {
		[CM_DB_TRIGGERS] = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
				   " ORDER BY name",
		[CM_DB_PRIMARY_KEY] = "SELECT name FROM pragma_table_info(?1) WHERE pk > 0"
				      " ORDER BY pk",
		[CM_DB_TABLES] = "SELECT name FROM sqlite_master WHERE type = 'table'"
				 " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
		[CM_DB_COLUMNS] = "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
		[CM_DB_FOREIGN_KEYS] = "SELECT \"table\", \"from\", \"to\""
				       " FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
	};
	static const char *const pg[] = {
		[CM_DB_TRIGGERS] = "SELECT t.tgname, pg_get_triggerdef(t.oid) || ' '"
				   " || CASE t.tgenabled WHEN 'D' THEN 'DISABLED' ELSE 'ENABLED' END"
				   " || ' ' || pg_get_functiondef(t.tgfoid)"
				   " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
				   " WHERE NOT t.tgisinternal"
				   " AND c.relnamespace = current_schema()::regnamespace"
				   " ORDER BY t.tgname COLLATE \"C\"",
		[CM_DB_PRIMARY_KEY] = "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
				      " ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
				      " WHERE i.indrelid = to_regclass(?1) AND i.indisprimary"
				      " ORDER BY array_position(i.indkey::int2[], a.attnum)",
		[CM_DB_TABLES] = "SELECT table_name AS name FROM information_schema.tables"
				 " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
				 " ORDER BY table_name COLLATE \"C\"",
		[CM_DB_COLUMNS] = "SELECT column_name AS name FROM information_schema.columns"
				  " WHERE table_schema = current_schema() AND table_name = ?1"
				  " ORDER BY ordinal_position",
		[CM_DB_FOREIGN_KEYS] = "SELECT p.relname AS \"table\", a.attname AS \"from\","
				       " pa.attname AS \"to\""
				       " FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
				       " JOIN pg_class p ON p.oid = k.confrelid"
				       " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]"
				       " JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]"
				       " WHERE k.contype = 'f' AND t.relname = ?1"
				       " AND t.relnamespace = current_schema()::regnamespace ORDER BY k.conname",
	};

	return db->engine == CM_DB_SQLITE ? sqlite[what] : pg[what];
}
const char *cm_db_display(const struct cm_db *db) { return db->display; }
const char *cm_db_filename(struct cm_db *db) { return db->ops->filename(db); }
const char *cm_db_errmsg(struct cm_db *db) { return db->ops->errmsg(db); }
int cm_db_errcode(struct cm_db *db) { return db->status; }
int cm_db_exec(struct cm_db *db, const char *sql) { return db->ops->exec(db, sql); }
int64_t cm_db_changes(struct cm_db *db) { return db->ops->changes(db); }
int64_t cm_db_last_id(struct cm_db *db) { return db->ops->last_id(db); }
int cm_db_begin(struct cm_db *db, int write) { return db->ops->begin(db, write); }
int cm_db_commit(struct cm_db *db) { return db->ops->commit(db); }
void cm_db_rollback(struct cm_db *db) { db->ops->rollback(db); }
int cm_db_set_read_only(struct cm_db *db) { return db->ops->set_read_only(db); }
int cm_db_table_count(struct cm_db *db) { return db->ops->table_count(db); }
int cm_db_schema_version(struct cm_db *db) { return db->ops->schema_version(db); }

int cm_db_before_write(struct cm_db *db)
{
	return db->ops->before_write ? db->ops->before_write(db) : 0;
}

int cm_db_bulk_journal(struct cm_db *db)
{
	return db->ops->bulk_journal ? db->ops->bulk_journal(db) : 0;
}

int cm_db_set_schema_version(struct cm_db *db, int version)
{
	return db->ops->set_schema_version(db, version);
}

const char *const *cm_db_migrations(const struct cm_db *db, int *count)
{
	*count = *db->ops->migration_count;
	return db->ops->migrations;
}

int cm_db_load(struct cm_db *db, const char *table, const char *columns, int ncols,
	       struct cm_stmt *from, int64_t *rows, struct cm_db **failed)
{
	*rows = 0;
	*failed = NULL;
	if (db->ops->load)
		return db->ops->load(db, table, columns, ncols, from, rows, failed);
	return cm_db_load_by_insert(db, table, columns, ncols, from, rows, failed);
}

int cm_db_loader_batches(const struct cm_db *db)
{
	return db->ops->loader_open != NULL;
}

int cm_db_loader_open(struct cm_db *db, const char *table, const char *columns, int ncols,
		      struct cm_db_loader **out)
{
	*out = NULL;
	if (db->ops->loader_open)
		return db->ops->loader_open(db, table, columns, ncols, out);
	return cm_db_loader_open_by_insert(db, table, columns, ncols, out);
}

int cm_db_loader_add(struct cm_db_loader *l, const char *const *values)
{
	return l->db->ops->loader_add ? l->db->ops->loader_add(l, values)
				      : cm_db_loader_add_by_insert(l, values);
}

int cm_db_loader_flush(struct cm_db_loader *l)
{
	return l->db->ops->loader_flush ? l->db->ops->loader_flush(l) : 0;
}

void cm_db_loader_free(struct cm_db_loader *l)
{
	if (!l)
		return;
	if (l->db->ops->loader_free)
		l->db->ops->loader_free(l);
	else
		cm_db_loader_free_by_insert(l);
}

int cm_db_next_id(struct cm_db *db, const char *table, int64_t *next)
{
	struct cm_stmt *st;
	char *sql;
	int rc;

	if (db->ops->next_id)
		return db->ops->next_id(db, table, next);
	sql = cm_db_mprintf("SELECT coalesce(max(rowid), 0) + 1 FROM \"%w\"", table);
	if (!sql)
		return cm_db_failed(db, CM_ENOMEM);
	rc = cm_db_prepare(db, sql, &st);
	cm_db_free(sql);
	if (rc != CM_OK)
		return rc;
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		*next = cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	if (rc == CM_DB_ROW)
		return CM_OK;
	return rc < 0 ? rc : cm_db_failed(db, CM_EDB);
}

int cm_db_prepare(struct cm_db *db, const char *sql, struct cm_stmt **st)
{
	return db->ops->prepare(db, sql, 0, st);
}

int cm_db_prepare_persistent(struct cm_db *db, const char *sql, struct cm_stmt **st)
{
	return db->ops->prepare(db, sql, CM_DB_PREPARE_PERSISTENT, st);
}

int cm_db_prepare_stream(struct cm_db *db, const char *sql, struct cm_stmt **st)
{
	return db->ops->prepare(db, sql, CM_DB_PREPARE_STREAM, st);
}

int cm_stmt_bind_int64(struct cm_stmt *st, int i, int64_t v)
{
	return st->db->ops->bind_int64(st, i, v);
}

int cm_stmt_bind_double(struct cm_stmt *st, int i, double v)
{
	return st->db->ops->bind_double(st, i, v);
}

int cm_stmt_bind_null(struct cm_stmt *st, int i)
{
	return st->db->ops->bind_null(st, i);
}

int cm_stmt_bind_text(struct cm_stmt *st, int i, const char *v, int n)
{
	return st->db->ops->bind_text(st, i, v, n, 0);
}

int cm_stmt_bind_text_copy(struct cm_stmt *st, int i, const char *v, int n)
{
	return st->db->ops->bind_text(st, i, v, n, 1);
}

int cm_stmt_param_index(struct cm_stmt *st, const char *name)
{
	return st->db->ops->param_index(st, name);
}

int cm_stmt_step(struct cm_stmt *st) { return st->db->ops->step(st); }
int cm_stmt_reset(struct cm_stmt *st) { return st->db->ops->reset(st); }
int cm_stmt_clear_bindings(struct cm_stmt *st) { return st->db->ops->clear_bindings(st); }

void cm_stmt_finalize(struct cm_stmt *st)
{
	if (st)
		st->db->ops->finalize(st);
}

int cm_stmt_column_count(struct cm_stmt *st) { return st->db->ops->column_count(st); }

const char *cm_stmt_column_name(struct cm_stmt *st, int i)
{
	return st->db->ops->column_name(st, i);
}

int cm_stmt_column_type(struct cm_stmt *st, int i) { return st->db->ops->column_type(st, i); }

int64_t cm_stmt_column_int64(struct cm_stmt *st, int i)
{
	return st->db->ops->column_int64(st, i);
}

int cm_stmt_column_int(struct cm_stmt *st, int i)
{
	return (int)st->db->ops->column_int64(st, i);
}

double cm_stmt_column_double(struct cm_stmt *st, int i)
{
	return st->db->ops->column_double(st, i);
}

const char *cm_stmt_column_text(struct cm_stmt *st, int i)
{
	return st->db->ops->column_text(st, i);
}

int cm_stmt_column_bytes(struct cm_stmt *st, int i)
{
	return st->db->ops->column_bytes(st, i);
}
