/*
 * The PostgreSQL driver, over libpq. cm's SQL is written once for both
 * engines; this driver turns its ?N, ? and :name parameters into $N, reads
 * results in text form, and maps SQLSTATEs to cm's statuses. Writers are
 * serialised per database (one advisory lock per schema, taken under
 * lock_timeout = $CM_BUSY_TIMEOUT), so the audit log stays one chain.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pg_impl.h"
#include "../schema.h"

/* Type oids (server/catalog/pg_type_d.h, stable across releases). */
#define OID_BOOL 16
#define OID_TEXT 25
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

#define MAX_PARAMS 64
struct pg_stmt {
	struct cm_stmt base;
	char *sql;                      /* with $N parameters */
	int nparams;
	char *names[MAX_PARAMS];        /* :name of each parameter, or NULL */
	unsigned char used[MAX_PARAMS]; /* the parameter appears in the SQL */
	unsigned char null_test[MAX_PARAMS]; /* it appears before IS [NOT] NULL */
	Oid types[MAX_PARAMS];          /* what was bound: int8, float8, or 0 to infer */
	const char *values[MAX_PARAMS];
	int lengths[MAX_PARAMS];
	char *copies[MAX_PARAMS];       /* owned text of a parameter, when copied */
	char numbers[MAX_PARAMS][32];
	char table[NAME_MAX_LEN];       /* the table an INSERT adds to, or "" */
	PGresult *res;
	int row, nrows;
	unsigned runs;                  /* executions so far */
	int returning;                  /* cm added RETURNING id: the rows are its own */
	char name[24];                  /* its prepared statement on the server, or "" */
	int stream;                     /* read through a cursor, in batches */
	char cursor[24];                /* the open cursor, or "" */
	unsigned cursor_tx;             /* the transaction it lives in... */
	int cursor_hold;                /* ...or none: WITH HOLD, the server keeps its rows */
	Oid prepared_types[MAX_PARAMS]; /* the parameter types it was prepared with */
};

static struct pg_stmt *pst(struct cm_stmt *st)
{
	return (struct pg_stmt *)(void *)st;
}

/* Remember the first line of msg for cm_db_errmsg. */
void cm_pg_set_msg(struct pg_db *d, const char *msg)
{
	size_t n = strcspn(msg, "\n");

	if (n >= sizeof d->msg)
		n = sizeof d->msg - 1;
	memcpy(d->msg, msg, n);
	d->msg[n] = '\0';
	/* libpq starts server messages with the severity. */
	if (strncmp(d->msg, "ERROR:  ", 8) == 0)
		memmove(d->msg, d->msg + 8, strlen(d->msg + 8) + 1);
}

static int status_of_sqlstate(const char *state)
{
	if (!state)
		return CM_EBUSY; /* no SQLSTATE: the connection broke */
	if (!strcmp(state, "55P03") || !strcmp(state, "40001") || !strcmp(state, "40P01") ||
	    !strcmp(state, "57014") || !strncmp(state, "08", 2) || !strncmp(state, "57P", 3))
		return CM_EBUSY;
	if (!strncmp(state, "23", 2))
		return CM_ECONFLICT;
	if (!strcmp(state, "53200"))
		return CM_ENOMEM;
	if (!strcmp(state, "53100") || !strncmp(state, "58", 2))
		return CM_EIO;
	return CM_EDB;
}

/* The status of a failed result (which is cleared), remembered on d. */
int cm_pg_fail(struct pg_db *d, PGresult *res)
{
	int status;

	cm_pg_set_msg(d, res ? PQresultErrorMessage(res) : PQerrorMessage(d->conn));
	status = status_of_sqlstate(res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL);
	PQclear(res);
	return cm_db_failed(&d->base, status);
}

int cm_pg_ok(PGresult *res)
{
	ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

int cm_pg_run(struct pg_db *d, const char *sql)
{
	PGresult *res = PQexec(d->conn, sql);

	if (!cm_pg_ok(res))
		return cm_pg_fail(d, res);
	PQclear(res);
	return 0;
}

static void db_close(struct cm_db *db)
{
	PQfinish(pg(db)->conn);
	free(db->display);
	free(db);
}

static const char *db_errmsg(struct cm_db *db)
{
	return pg(db)->msg;
}

static const char *db_filename(struct cm_db *db)
{
	(void)db;
	return NULL;
}

static int db_exec(struct cm_db *db, const char *sql)
{
	struct pg_db *d = pg(db);
	int rc = cm_pg_run(d, sql);

	/* SQL run whole may insert: the last id is lastval()'s again. */
	d->have_last_id = 0;
	/* What the savepoint undid drew ids: each sequence is set again before its INSERT. */
	if (rc == 0 && strncasecmp(sql, "ROLLBACK TO", 11) == 0)
		d->tx++;
	return rc;
}

/* The parameter called name (with its ':'), numbering it when new. */
static int named_param(struct pg_stmt *st, const char *name, size_t len)
{
	int i;

	for (i = 0; i < st->nparams; i++)
		if (st->names[i] && strlen(st->names[i]) == len && !strncmp(st->names[i], name, len))
			return i + 1;
	if (st->nparams >= MAX_PARAMS)
		return -1;
	st->names[st->nparams] = strndup(name, len);
	st->used[st->nparams] = 1;
	return ++st->nparams;
}

static int note_param(struct pg_stmt *st, long n)
{
	if (n < 1 || n > MAX_PARAMS)
		return -1;
	if (n > st->nparams)
		st->nparams = (int)n;
	st->used[n - 1] = 1;
	return (int)n;
}

/* sql goes on with IS NULL or IS NOT NULL. */
static int is_null_test(const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	if (strncasecmp(sql, "IS", 2) != 0 || !isspace((unsigned char)sql[2]))
		return 0;
	sql += 2;
	while (isspace((unsigned char)*sql))
		sql++;
	if (strncasecmp(sql, "NOT", 3) == 0 && isspace((unsigned char)sql[3]))
		for (sql += 3; isspace((unsigned char)*sql); sql++)
			;
	return strncasecmp(sql, "NULL", 4) == 0 && !isalnum((unsigned char)sql[4]) && sql[4] != '_';
}

#define OR_IGNORE "INSERT OR IGNORE INTO"
#define DO_NOTHING " ON CONFLICT DO NOTHING"
#define CROSS_JOIN "CROSS JOIN "

/*
 * ?N, ? and :name become $N; string literals, quoted identifiers and the
 * :: cast are left alone. SQLite's INSERT OR IGNORE is PostgreSQL's
 * INSERT ... ON CONFLICT DO NOTHING, and its CROSS JOIN ... ON (a hint to
 * SQLite's planner about the join order) a plain JOIN.
 */
static int translate(struct pg_stmt *st, const char *sql)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 3 + 16 + sizeof DO_NOTHING), *o = out;
	const char *p = sql, *q;
	char *end;
	int next = 0, n, ignore = 0;

	if (!out)
		return CM_ENOMEM;
	while (isspace((unsigned char)*p))
		p++;
	if (strncasecmp(p, OR_IGNORE, sizeof OR_IGNORE - 1) == 0) {
		o += sprintf(o, "INSERT INTO");
		p += sizeof OR_IGNORE - 1;
		ignore = 1;
	}
	while (*p) {
		if (*p == '\'' || *p == '"') {
			q = p + 1;
			while (*q && !(*q == *p && q[1] != *p))
				q += *q == *p ? 2 : 1;
			if (*q)
				q++;
			memcpy(o, p, (size_t)(q - p));
			o += q - p;
			p = q;
			continue;
		}
		if (strncmp(p, CROSS_JOIN, sizeof CROSS_JOIN - 1) == 0) {
			o += sprintf(o, "JOIN ");
			p += sizeof CROSS_JOIN - 1;
			continue;
		}
		if (*p == ':' && p[1] == ':') {
			memcpy(o, p, 2);
			o += 2;
			p += 2;
			continue;
		}
		if (*p == '?' || (*p == ':' && (isalpha((unsigned char)p[1]) || p[1] == '_'))) {
			if (*p == '?' && isdigit((unsigned char)p[1])) {
				n = note_param(st, strtol(p + 1, &end, 10));
				q = end;
			} else if (*p == '?') {
				q = p + 1;
				n = note_param(st, ++next);
			} else {
				q = p + 1;
				while (isalnum((unsigned char)*q) || *q == '_')
					q++;
				n = named_param(st, p, (size_t)(q - p));
			}
			if (n < 0) {
				free(out);
				return CM_EDB;
			}
			o += sprintf(o, "$%d", n);
			p = q;
			if (is_null_test(p))
				st->null_test[n - 1] = 1;
			continue;
		}
		*o++ = *p++;
	}
	while (o > out && (isspace((unsigned char)o[-1]) || o[-1] == ';'))
		o--;
	*o = '\0';
	if (ignore)
		strcpy(o, DO_NOTHING);
	st->sql = out;
	return 0;
}

/* The table of "INSERT [OR IGNORE] INTO table ...", or "" for another statement. */
static void insert_table(const char *sql, char out[NAME_MAX_LEN])
{
	size_t n = 0;

	out[0] = '\0';
	while (isspace((unsigned char)*sql))
		sql++;
	if (strncasecmp(sql, OR_IGNORE, sizeof OR_IGNORE - 1) == 0)
		sql += sizeof OR_IGNORE - 1;
	else if (strncasecmp(sql, "INSERT INTO", 11) == 0)
		sql += 11;
	else
		return;
	while (isspace((unsigned char)*sql))
		sql++;
	while (n < NAME_MAX_LEN && (isalnum((unsigned char)sql[n]) || sql[n] == '_'))
		n++;
	if (n < NAME_MAX_LEN) {
		memcpy(out, sql, n);
		out[n] = '\0';
	}
}

/*
 * Text and NULL take their type from where they appear. One that appears
 * nowhere is text, and so is one tested for NULL ("?2 IS NULL OR domain =
 * ?2"): the server fixes a parameter's type where it first meets it, and
 * IS NULL says nothing of it.
 */
static Oid default_type(const struct pg_stmt *st, int i)
{
	return st->used[i] && !st->null_test[i] ? 0 : OID_TEXT;
}

static int db_prepare(struct cm_db *db, const char *sql, int flags, struct cm_stmt **out)
{
	struct pg_stmt *st = calloc(1, sizeof *st);
	int rc;

	*out = NULL;
	if (!st)
		return cm_db_failed(db, CM_ENOMEM);
	st->base.db = db;
	st->stream = (flags & CM_DB_PREPARE_STREAM) != 0;
	insert_table(sql, st->table);
	rc = translate(st, sql);
	if (rc < 0) {
		free(st);
		snprintf(pg(db)->msg, sizeof pg(db)->msg, "too many parameters in a statement");
		return cm_db_failed(db, rc);
	}
	for (rc = 0; rc < st->nparams; rc++)
		st->types[rc] = default_type(st, rc);
	st->row = -1;
	*out = &st->base;
	return 0;
}

static int64_t db_changes(struct cm_db *db)
{
	return pg(db)->changes;
}

/* The id the last INSERT drew from its table's identity column. */
static int64_t db_last_id(struct cm_db *db)
{
	PGresult *res;
	int64_t id = 0;

	if (pg(db)->have_last_id)
		return pg(db)->last_id;
	res = PQexec(pg(db)->conn, "SELECT lastval()");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return id;
}

/*
 * A write transaction waits for the schema's writer lock; a read
 * transaction is one snapshot.
 */
static int db_begin(struct cm_db *db, int write)
{
	struct pg_db *d = pg(db);
	int rc;

	/* A read-only connection is already in its one snapshot. */
	if (d->read_only)
		return 0;
	if (!write)
		rc = cm_pg_run(d, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	else
		rc = cm_pg_run(d, "BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema()))");
	d->writing = write && rc == 0;
	d->tx++;
	if (rc == 0)
		d->in_tx = 1;
	else
		cm_pg_run(d, "ROLLBACK");	/* a lock not had in time leaves the transaction aborted */
	return rc;
}

static int db_commit(struct cm_db *db)
{
	if (pg(db)->read_only)
		return 0;
	pg(db)->in_tx = pg(db)->writing = 0;
	return cm_pg_run(pg(db), "COMMIT");
}

static void db_rollback(struct cm_db *db)
{
	struct pg_db *d = pg(db);

	if (!d->read_only && PQtransactionStatus(d->conn) != PQTRANS_IDLE)
		PQclear(PQexec(d->conn, "ROLLBACK"));
	d->in_tx = d->writing = 0;
}

/* Read-only: every statement from now on in one read-only snapshot. */
static int db_set_read_only(struct cm_db *db)
{
	struct pg_db *d = pg(db);
	int rc = cm_pg_run(d, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");

	if (rc == 0)
		rc = cm_pg_run(d, "BEGIN");
	d->read_only = 1;
	return rc;
}

static int query_int(struct pg_db *d, const char *sql)
{
	PGresult *res = PQexec(d->conn, sql);
	int v;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return cm_pg_fail(d, res);
	v = PQntuples(res) && !PQgetisnull(res, 0, 0) ? atoi(PQgetvalue(res, 0, 0)) : 0;
	PQclear(res);
	return v;
}

static int db_table_count(struct cm_db *db)
{
	return query_int(pg(db), "SELECT count(*) FROM information_schema.tables"
				  " WHERE table_schema = current_schema()");
}

/* The version is kept in a one-row table; none yet is version 0. */
static int db_schema_version(struct cm_db *db)
{
	struct pg_db *d = pg(db);
	int v = query_int(d, "SELECT count(*) FROM pg_class"
			     " WHERE oid = to_regclass('cm_schema_version')");

	if (v <= 0)
		return v;
	v = query_int(d, "SELECT max(version) FROM cm_schema_version");
	return v < 0 ? -1 : v;
}

static int db_set_schema_version(struct cm_db *db, int version)
{
	char sql[160];

	snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS cm_schema_version (version integer NOT NULL);"
		 " DELETE FROM cm_schema_version; INSERT INTO cm_schema_version VALUES (%d)", version);
	return cm_pg_run(pg(db), sql);
}

static int bind_slot(struct pg_stmt *st, int i)
{
	if (i < 1 || i > st->nparams)
		return -1;
	i--;
	free(st->copies[i]);
	st->copies[i] = NULL;
	st->types[i] = default_type(st, i);
	return i;
}

static int st_bind_int64(struct cm_stmt *s, int i, int64_t v)
{
	struct pg_stmt *st = pst(s);

	if ((i = bind_slot(st, i)) < 0)
		return 0;
	snprintf(st->numbers[i], sizeof st->numbers[i], "%lld", (long long)v);
	st->values[i] = st->numbers[i];
	st->types[i] = OID_INT8;
	return 0;
}

static int st_bind_double(struct cm_stmt *s, int i, double v)
{
	struct pg_stmt *st = pst(s);

	if ((i = bind_slot(st, i)) < 0)
		return 0;
	snprintf(st->numbers[i], sizeof st->numbers[i], "%.17g", v);
	st->values[i] = st->numbers[i];
	st->types[i] = OID_FLOAT8;
	return 0;
}

static int st_bind_null(struct cm_stmt *s, int i)
{
	struct pg_stmt *st = pst(s);

	if ((i = bind_slot(st, i)) >= 0)
		st->values[i] = NULL;
	return 0;
}

/* libpq needs NUL-terminated text: a length means a copy. */
static int st_bind_text(struct cm_stmt *s, int i, const char *v, int n, int copy)
{
	struct pg_stmt *st = pst(s);

	if (!v)
		return st_bind_null(s, i);
	if ((i = bind_slot(st, i)) < 0)
		return 0;
	if (n >= 0 || copy) {
		st->copies[i] = n >= 0 ? strndup(v, (size_t)n) : strdup(v);
		if (!st->copies[i])
			return cm_db_failed(s->db, CM_ENOMEM);
		v = st->copies[i];
	}
	st->values[i] = v;
	return 0;
}

static int st_param_index(struct cm_stmt *s, const char *name)
{
	struct pg_stmt *st = pst(s);
	int i;

	for (i = 0; i < st->nparams; i++)
		if (st->names[i] && !strcmp(st->names[i], name))
			return i + 1;
	return 0;
}

/* The table called name, learning whether it has an identity id; NULL on failure. */
struct pg_table *cm_pg_table(struct pg_db *d, const char *name, int *rc)
{
	struct pg_table *t;
	char sql[256 + 2 * NAME_MAX_LEN];
	int i;

	*rc = 0;
	for (i = 0; i < d->ntables; i++)
		if (strcmp(d->tables[i].name, name) == 0)
			return &d->tables[i];
	if (d->ntables == MAX_TABLES) {
		snprintf(d->msg, sizeof d->msg, "too many tables written in one session");
		*rc = cm_db_failed(&d->base, CM_EDB);
		return NULL;
	}
	snprintf(sql, sizeof sql, "SELECT count(*) + CASE WHEN coalesce(row_security_active("
		 "to_regclass('%s')), false) THEN 2 ELSE 0 END FROM pg_attribute WHERE attrelid ="
		 " to_regclass('%s') AND attname = 'id' AND attidentity <> ''", name, name);
	i = query_int(d, sql);
	if (i < 0) {
		*rc = i;
		return NULL;
	}
	t = &d->tables[d->ntables++];
	snprintf(t->name, sizeof t->name, "%s", name);
	t->has_id = i & 1;
	t->rls = (i & 2) != 0;
	t->synced_in = 0;
	return t;
}

/*
 * SQLite numbers a new row one above its table's highest id; a server's
 * sequence also counts the rows of rolled-back transactions and savepoints,
 * and of an INSERT ... ON CONFLICT DO NOTHING that inserted nothing. Before
 * the first INSERT into a table in a write transaction (under the writer
 * lock), and after any of those, the table's id sequence is set back to one
 * above its highest id (an index lookup), so both engines give the same ids.
 */
static int set_ids(struct pg_db *d, struct pg_table *t, int64_t *next)
{
	char sql[160 + 2 * NAME_MAX_LEN];
	PGresult *res;
	int rc;

	/* Once the schema has it, through cm_sync_id: a worker's login sees only some rows. */
	if (d->sync_fn < 0) {
		rc = query_int(d, "SELECT count(*) FROM pg_proc WHERE proname = 'cm_sync_id'"
			       " AND pronamespace = current_schema()::regnamespace");
		if (rc < 0)
			return rc;
		d->sync_fn = rc > 0;
	}
	if (d->sync_fn)
		snprintf(sql, sizeof sql, "SELECT cm_sync_id('%s')", t->name);
	else
		snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
			 " coalesce(max(id), 0) + 1, false) FROM %s", t->name, t->name);
	res = PQexec(d->conn, sql);
	if (!cm_pg_ok(res))
		return cm_pg_fail(d, res);
	if (next)
		*next = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	t->synced_in = d->tx;
	return 0;
}

static int sync_ids(struct pg_db *d, const char *table)
{
	struct pg_table *t;
	int rc;

	if (!d->writing || !*table)
		return 0;
	t = cm_pg_table(d, table, &rc);
	if (!t || !t->has_id || t->synced_in == d->tx)
		return rc;
	return set_ids(d, t, NULL);
}

static int db_next_id(struct cm_db *db, const char *table, int64_t *next)
{
	struct pg_db *d = pg(db);
	int rc;
	struct pg_table *t = cm_pg_table(d, table, &rc);

	if (!t)
		return rc;
	if (!t->has_id) {
		cm_pg_set_msg(d, "the table has no id column");
		return cm_db_failed(db, CM_EDB);
	}
	return set_ids(d, t, next);
}

/* An INSERT that inserted nothing may still have drawn an id. */
static void resync_if_none_inserted(struct pg_db *d, const char *table)
{
	int rc;
	struct pg_table *t = *table && d->changes == 0 ? cm_pg_table(d, table, &rc) : NULL;

	if (t)
		t->synced_in = 0;
}

/*
 * A statement run a second time is prepared on the server and run by name
 * from then on: parsed once, and planned once when the server finds a
 * generic plan as good, which is what makes a loop of inserts or lookups
 * (an import) cheap. One run once is sent with its text, which costs one
 * round trip instead of two. Parameter types bound differently from those
 * it was prepared with send the text again. Prepared statements last as
 * long as the connection, which ends with the command.
 */
static PGresult *execute(struct pg_db *d, struct pg_stmt *st)
{
	size_t types = (size_t)st->nparams * sizeof st->types[0];
	PGresult *res;

	if (!st->name[0] && st->runs++ > 0) {
		snprintf(st->name, sizeof st->name, "cm_%u", ++d->prepared);
		res = PQprepare(d->conn, st->name, st->sql, st->nparams, st->types);
		if (!cm_pg_ok(res)) {
			st->name[0] = '\0';
			return res;
		}
		PQclear(res);
		memcpy(st->prepared_types, st->types, types);
	}
	if (st->name[0] && memcmp(st->prepared_types, st->types, types) == 0)
		return PQexecPrepared(d->conn, st->name, st->nparams, st->values, NULL, NULL, 0);
	return PQexecParams(d->conn, st->sql, st->nparams, st->types, st->values, NULL, NULL, 0);
}

/*
 * An INSERT into a table with an id returns the new row's id: no second
 * round trip to ask for it. Done once, before the statement first runs;
 * an INSERT that says RETURNING itself keeps its rows. Not under row-level
 * security, which would hold the new row to the login's reading policy
 * (a caseworker's new person is in no case of theirs yet).
 */
static int add_returning(struct pg_db *d, struct pg_stmt *st)
{
	struct pg_table *t;
	size_t n = strlen(st->sql);
	char *sql;
	int rc;

	if (!st->table[0] || strcasestr(st->sql, "RETURNING"))
		return 0;
	t = cm_pg_table(d, st->table, &rc);
	if (!t || !t->has_id || t->rls)
		return rc;
	while (n && (st->sql[n - 1] == ';' || st->sql[n - 1] == ' ' || st->sql[n - 1] == '\n'))
		n--;
	sql = malloc(n + sizeof " RETURNING id");
	if (!sql)
		return cm_db_failed(&d->base, CM_ENOMEM);
	memcpy(sql, st->sql, n);
	memcpy(sql + n, " RETURNING id", sizeof " RETURNING id");
	free(st->sql);
	st->sql = sql;
	st->returning = 1;
	return 0;
}

/* The rows of an added RETURNING give the last id, and are not the caller's. */
static void take_returned_id(struct pg_db *d, struct pg_stmt *st)
{
	if (!st->table[0])
		return;
	if (!st->returning) {
		d->have_last_id = 0;
		return;
	}
	if (st->nrows > 0) {
		d->last_id = strtoll(PQgetvalue(st->res, st->nrows - 1, 0), NULL, 10);
		d->have_last_id = 1;
	}
	st->nrows = 0;
}

/* Rows a streamed query's cursor sends at a time. */
#define FETCH_ROWS 1000

static int in_snapshot(const struct pg_db *d)
{
	return d->in_tx || d->read_only;
}

/*
 * A streamed query's cursor. Inside a transaction it reads as it goes;
 * outside one (a command that reads without a snapshot of its own) it is
 * WITH HOLD: the server computes the rows at once and keeps them, and the
 * client still takes them a batch at a time.
 */
static PGresult *open_cursor(struct pg_db *d, struct pg_stmt *st)
{
	char *sql;
	PGresult *res;

	snprintf(st->cursor, sizeof st->cursor, "cm_cursor_%u", ++d->prepared);
	st->cursor_tx = d->tx;
	st->cursor_hold = !in_snapshot(d);
	sql = cm_db_mprintf("DECLARE %s NO SCROLL CURSOR%s FOR %s", st->cursor,
			    st->cursor_hold ? " WITH HOLD" : "", st->sql);
	if (!sql) {
		st->cursor[0] = '\0';
		return NULL;
	}
	res = PQexecParams(d->conn, sql, st->nparams, st->types, st->values, NULL, NULL, 0);
	cm_db_free(sql);
	if (!cm_pg_ok(res))
		st->cursor[0] = '\0';
	return res;
}

static PGresult *fetch(struct pg_db *d, struct pg_stmt *st)
{
	char sql[64];

	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", FETCH_ROWS, st->cursor);
	return PQexec(d->conn, sql);
}

/* The next batch of a streamed query; 0 or a status. */
static int next_batch(struct pg_db *d, struct pg_stmt *st)
{
	PGresult *res = fetch(d, st);

	if (!cm_pg_ok(res))
		return cm_pg_fail(d, res);
	PQclear(st->res);
	st->res = res;
	st->nrows = PQntuples(res);
	st->row = -1;
	return 0;
}

static void close_cursor(struct pg_db *d, struct pg_stmt *st)
{
	PGTransactionStatusType t = PQtransactionStatus(d->conn);
	char sql[48];

	/* A cursor ends with its transaction (unless held); one still open is closed. */
	if (st->cursor[0] && (st->cursor_hold ? t == PQTRANS_IDLE || t == PQTRANS_INTRANS
			      : in_snapshot(d) && st->cursor_tx == d->tx && t == PQTRANS_INTRANS)) {
		snprintf(sql, sizeof sql, "CLOSE %s", st->cursor);
		PQclear(PQexec(d->conn, sql));
	}
	st->cursor[0] = '\0';
}

static int st_step(struct cm_stmt *s)
{
	struct pg_stmt *st = pst(s);
	struct pg_db *d = pg(s->db);
	PGresult *res;
	int rc;

	if (st->row < 0 && !st->res && st->stream && !*st->table) {
		res = open_cursor(d, st);
		if (!cm_pg_ok(res))
			return res ? cm_pg_fail(d, res) : cm_db_failed(&d->base, CM_ENOMEM);
		PQclear(res);
		rc = next_batch(d, st);
		if (rc < 0)
			return rc;
	} else if (st->row < 0 && !st->cursor[0]) {
		rc = sync_ids(d, st->table);
		if (rc == 0 && st->runs == 0)
			rc = add_returning(d, st);
		if (rc < 0)
			return rc;
		res = execute(d, st);
		if (!cm_pg_ok(res))
			return cm_pg_fail(d, res);
		st->res = res;
		st->nrows = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : 0;
		d->changes = strtoll(PQcmdTuples(res), NULL, 10);
		resync_if_none_inserted(d, st->table);
		take_returned_id(d, st);
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return CM_DB_ROW;
	}
	/* A full batch: the cursor may have more. */
	if (st->cursor[0] && st->nrows == FETCH_ROWS) {
		rc = next_batch(d, st);
		if (rc < 0)
			return rc;
		if (st->nrows > 0) {
			st->row = 0;
			return CM_DB_ROW;
		}
	}
	st->row = st->nrows;
	return CM_DB_DONE;
}

static int st_reset(struct cm_stmt *s)
{
	struct pg_stmt *st = pst(s);

	close_cursor(pg(s->db), st);
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->nrows = 0;
	return 0;
}

static int st_clear_bindings(struct cm_stmt *s)
{
	struct pg_stmt *st = pst(s);
	int i;

	for (i = 0; i < st->nparams; i++) {
		free(st->copies[i]);
		st->copies[i] = NULL;
		st->values[i] = NULL;
	}
	return 0;
}

static void st_finalize(struct cm_stmt *s)
{
	struct pg_stmt *st = pst(s);
	int i;

	st_reset(s);
	st_clear_bindings(s);
	for (i = 0; i < st->nparams; i++)
		free(st->names[i]);
	free(st->sql);
	free(st);
}

static int have(struct pg_stmt *st, int i)
{
	return st->res && st->row >= 0 && st->row < st->nrows && i >= 0 && i < PQnfields(st->res);
}

static int st_column_count(struct cm_stmt *s)
{
	struct pg_stmt *st = pst(s);

	return st->res ? PQnfields(st->res) : 0;
}

static const char *st_column_name(struct cm_stmt *s, int i)
{
	struct pg_stmt *st = pst(s);

	return st->res ? PQfname(st->res, i) : NULL;
}

/* A number written without a fraction or an exponent. */
static int whole(const char *v)
{
	if (*v == '-')
		v++;
	return *v && strspn(v, "0123456789") == strlen(v);
}

static int st_column_type(struct cm_stmt *s, int i)
{
	struct pg_stmt *st = pst(s);

	if (!have(st, i) || PQgetisnull(st->res, st->row, i))
		return CM_DB_NULL;
	switch (PQftype(st->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return CM_DB_INTEGER;
	case OID_NUMERIC:
		/* A sum of integers is numeric here, an integer on SQLite. */
		return whole(PQgetvalue(st->res, st->row, i)) ? CM_DB_INTEGER : CM_DB_FLOAT;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return CM_DB_FLOAT;
	default:
		return CM_DB_TEXT;
	}
}

static const char *st_column_text(struct cm_stmt *s, int i)
{
	struct pg_stmt *st = pst(s);
	const char *v;

	if (!have(st, i) || PQgetisnull(st->res, st->row, i))
		return NULL;
	v = PQgetvalue(st->res, st->row, i);
	/* Booleans read as SQLite's 1 and 0. */
	if (PQftype(st->res, i) == OID_BOOL)
		return *v == 't' ? "1" : "0";
	return v;
}

static int64_t st_column_int64(struct cm_stmt *s, int i)
{
	const char *v = st_column_text(s, i);

	return v ? strtoll(v, NULL, 10) : 0;
}

static double st_column_double(struct cm_stmt *s, int i)
{
	const char *v = st_column_text(s, i);

	return v ? strtod(v, NULL) : 0.0;
}

static int st_column_bytes(struct cm_stmt *s, int i)
{
	const char *v = st_column_text(s, i);

	return v ? (int)strlen(v) : 0;
}

static const struct cm_db_ops pg_ops = {
	.close = db_close,
	.errmsg = db_errmsg,
	.filename = db_filename,
	.exec = db_exec,
	.prepare = db_prepare,
	.changes = db_changes,
	.last_id = db_last_id,
	.begin = db_begin,
	.commit = db_commit,
	.rollback = db_rollback,
	.set_read_only = db_set_read_only,
	.table_count = db_table_count,
	.schema_version = db_schema_version,
	.set_schema_version = db_set_schema_version,
	.migrations = cm_pg_migrations,
	.migration_count = &cm_pg_migration_count,
	.load = cm_pg_load,
	.loader_open = cm_pg_loader_open,
	.loader_add = cm_pg_loader_add,
	.loader_flush = cm_pg_loader_flush,
	.loader_free = cm_pg_loader_free,
	.next_id = db_next_id,
	.bind_int64 = st_bind_int64,
	.bind_double = st_bind_double,
	.bind_null = st_bind_null,
	.bind_text = st_bind_text,
	.param_index = st_param_index,
	.step = st_step,
	.reset = st_reset,
	.clear_bindings = st_clear_bindings,
	.finalize = st_finalize,
	.column_count = st_column_count,
	.column_name = st_column_name,
	.column_type = st_column_type,
	.column_int64 = st_column_int64,
	.column_double = st_column_double,
	.column_text = st_column_text,
	.column_bytes = st_column_bytes,
};

/* The URI as shown in messages: without a password, wherever it was given. */
static char *display_uri(const char *uri)
{
	char *out = strdup(uri), *at, *colon, *p, *end;
	size_t scheme;

	if (!out)
		return NULL;
	scheme = (size_t)(strstr(out, "://") - out) + 3;
	at = strchr(out + scheme, '@');
	colon = strchr(out + scheme, ':');
	if (at && colon && colon < at && !memchr(out + scheme, '/', (size_t)(at - out) - scheme))
		memmove(colon, at, strlen(at) + 1);
	while ((p = strstr(out, "password="))) {
		end = p + strcspn(p, "&");
		if (*end == '&')
			end++;
		else if (p > out && (p[-1] == '&' || p[-1] == '?'))
			p--;
		memmove(p, end, strlen(end) + 1);
	}
	return out;
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* A TZ the server may know by name (Europe/Brussels, UTC): letters, digits, / _ + -. */
static int zone_name(const char *tz)
{
	return tz && *tz && strlen(tz) < 64 &&
	       strspn(tz, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") ==
	       strlen(tz);
}

/*
 * cm's session: messages it can read, a C collation for ordering, its lock
 * timeout, and the user's time zone (TZ), in which cm_local_date gives a
 * stored time's local date as cm does on SQLite.
 */
/*
 * The session's settings. jit = off: cm's queries read at most a few
 * hundred thousand rows, and compiling them cost more than it saved (cm
 * remind --all on 100,000 cases: 8.5 of its 11.4 s were the JIT's
 * optimisation and emission of 527 functions; 2.6 s without it).
 * cursor_tuple_fraction = 1: cm reads every row of a streamed query's
 * cursor (it is there to bound memory, not to stop early), so the plan is
 * for all of them; planned for the first tenth, report caseload walked the
 * cases through the index on worker, for its order (1,000,000 cases: 1.28
 * s against the hand-written query's 0.32).
 */
static int configure(struct pg_db *d)
{
	const char *tz = getenv("TZ");
	char sql[400];

	snprintf(sql, sizeof sql,
		 "SET lock_timeout = %d; SET client_encoding = 'UTF8'; SET datestyle = 'ISO';"
		 " SET intervalstyle = 'iso_8601'; SET extra_float_digits = 0; SET jit = off;"
		 " SET cursor_tuple_fraction = 1; SET standard_conforming_strings = on%s%s%s",
		 cm_db_busy_timeout_ms(), zone_name(tz) ? "; SET TimeZone = '" : "",
		 zone_name(tz) ? tz : "", zone_name(tz) ? "'" : "");
	return cm_pg_run(d, sql);
}

/* Which status a failed connection gives: a server out of reach is "try again later". */
static int connect_status(const char *msg)
{
	if (strstr(msg, "does not exist"))
		return CM_ENODB;
	if (strstr(msg, "authentication failed") || strstr(msg, "password"))
		return CM_EFAIL;
	return CM_EBUSY;
}

int cm_db_pg_open(struct cm_db **out, const char *uri, int flags, struct cm_error *err)
{
	struct pg_db *d;
	const char *host;
	int rc;

	*out = NULL;
	if (flags & CM_DB_OPEN_MEMORY)
		return cm_error_set(err, CM_EUSAGE, "a server database cannot be in memory");
	rc = cm_pq_load(err);
	if (rc < 0)
		return rc;
	d = calloc(1, sizeof *d);
	if (!d || !(d->base.display = display_uri(uri))) {
		free(d);
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	d->base.ops = &pg_ops;
	d->base.engine = CM_DB_POSTGRESQL;
	d->sync_fn = -1;
	d->conn = PQconnectdb(uri);
	if (!d->conn || PQstatus(d->conn) != CONNECTION_OK) {
		cm_pg_set_msg(d, d->conn ? PQerrorMessage(d->conn) : "out of memory");
		host = d->conn && PQhost(d->conn) ? PQhost(d->conn) : "";
		rc = cm_error_set(err, connect_status(d->msg), "cannot connect to database '%s'%s%s%s: %s",
				  d->base.display, *host ? " (host " : "", host, *host ? ")" : "", d->msg);
		db_close(&d->base);
		return rc;
	}
	PQsetNoticeProcessor(d->conn, quiet, NULL);
	rc = configure(d);
	if (rc == 0 && (flags & CM_DB_OPEN_READONLY))
		rc = db_set_read_only(&d->base);
	if (rc < 0) {
		rc = cm_error_set(err, rc, "cannot set up database '%s': %s", d->base.display, d->msg);
		db_close(&d->base);
		return rc;
	}
	*out = &d->base;
	return 0;
}
