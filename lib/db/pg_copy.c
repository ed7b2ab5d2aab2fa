/*
 * The PostgreSQL driver's bulk-load path: COPY ... FROM STDIN in text
 * format, for a copy between databases (rows read from a statement) and
 * for a loader (rows given one at a time, sent a batch at a time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pg_impl.h"

/* Rows are sent in pieces of about this many bytes. */
#define COPY_CHUNK 65536

struct copy_buf {
	char *p;
	size_t len, cap;
	int failed; /* out of memory */
};

static void copy_add(struct copy_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = (b->len + n) * 2;
		char *grown = realloc(b->p, cap);

		if (!grown) {
			b->failed = 1;
			return;
		}
		b->p = grown;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* A text field in COPY's text format: backslash, tab, newline and return escaped. */
static void copy_text(struct copy_buf *b, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		const char *esc = s[i] == '\\' ? "\\\\" : s[i] == '\t' ? "\\t"
			: s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r" : NULL;

		if (!esc)
			continue;
		copy_add(b, s + start, i - start);
		copy_add(b, esc, 2);
		start = i + 1;
	}
	copy_add(b, s + start, n - start);
}

/* The current row of from as one line of COPY text. */
static void copy_row(struct copy_buf *b, struct cm_stmt *from, int ncols)
{
	char num[32];
	int i;

	for (i = 0; i < ncols; i++) {
		if (i)
			copy_add(b, "\t", 1);
		switch (cm_stmt_column_type(from, i)) {
		case CM_DB_NULL:
			copy_add(b, "\\N", 2);
			break;
		case CM_DB_INTEGER:
			snprintf(num, sizeof num, "%lld", (long long)cm_stmt_column_int64(from, i));
			copy_add(b, num, strlen(num));
			break;
		case CM_DB_FLOAT:
			snprintf(num, sizeof num, "%.17g", cm_stmt_column_double(from, i));
			copy_add(b, num, strlen(num));
			break;
		default:
			copy_text(b, cm_stmt_column_text(from, i), (size_t)cm_stmt_column_bytes(from, i));
		}
	}
	copy_add(b, "\n", 1);
}

/* COPY table (columns) FROM STDIN begun: the server waits for the rows. */
static int copy_begin(struct pg_db *d, const char *table, const char *columns)
{
	char *sql = cm_db_mprintf("COPY \"%w\" (%s) FROM STDIN", table, columns);
	PGresult *res;

	if (!sql)
		return cm_db_failed(&d->base, CM_ENOMEM);
	res = PQexec(d->conn, sql);
	cm_db_free(sql);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN)
		return cm_pg_fail(d, res);
	PQclear(res);
	return 0;
}

static int copy_send(struct pg_db *d, struct copy_buf *b)
{
	if (b->failed)
		return cm_db_failed(&d->base, CM_ENOMEM);
	if (b->len && PQputCopyData(d->conn, b->p, (int)b->len) != 1)
		return cm_pg_fail(d, NULL);
	b->len = 0;
	return 0;
}

/* The COPY's end: its result, or with why a failed load abandons it. */
static int copy_end(struct pg_db *d, const char *abandon, int64_t *rows)
{
	PGresult *res;
	int rc = 0;

	if (PQputCopyEnd(d->conn, abandon) != 1)
		rc = cm_pg_fail(d, NULL);
	while ((res = PQgetResult(d->conn)) != NULL) {
		if (rc == 0 && !cm_pg_ok(res) && !abandon) {
			rc = cm_pg_fail(d, res);
			continue;
		}
		if (rc == 0 && !abandon)
			*rows = strtoll(PQcmdTuples(res), NULL, 10);
		PQclear(res);
	}
	return rc;
}

int cm_pg_load(struct cm_db *db, const char *table, const char *columns, int ncols,
		   struct cm_stmt *from, int64_t *rows, struct cm_db **failed)
{
	struct pg_db *d = pg(db);
	struct copy_buf b = { 0 };
	int rc;
	int64_t sent = 0;
	struct pg_table *t;

	*failed = db;
	rc = copy_begin(d, table, columns);
	if (rc < 0)
		return rc;
	for (;;) {
		rc = cm_stmt_step(from);
		if (rc != CM_DB_ROW) {
			if (rc != CM_DB_DONE)
				*failed = from->db;
			break;
		}
		copy_row(&b, from, ncols);
		sent++;
		if (b.len >= COPY_CHUNK && (rc = copy_send(d, &b)) < 0)
			break;
	}
	if (rc == CM_DB_DONE)
		rc = copy_send(d, &b);
	free(b.p);
	if (rc != 0) {
		copy_end(d, "the rows to load could not be read", rows);
		return rc < 0 ? rc : cm_db_failed(*failed, CM_EDB);
	}
	rc = copy_end(d, NULL, rows);
	if (rc == 0 && *rows != sent) {
		cm_pg_set_msg(d, "COPY took another number of rows than it was given");
		rc = cm_db_failed(db, CM_EDB);
	}
	/* The ids came with the rows: the sequence is set past them before the next INSERT. */
	t = rc == 0 ? cm_pg_table(d, table, &rc) : NULL;
	if (t)
		t->synced_in = 0;
	if (rc == 0)
		*failed = NULL;
	return rc;
}

/* --- a loader ------------------------------------------------------------- */

/* A loader's batch is sent when it holds about this many bytes. */
#define LOADER_BATCH (1 << 20)

struct pg_loader {
	struct cm_db_loader base;
	char *table, *columns;
	int ncols;
	struct copy_buf b; /* the batch, as COPY text */
	int64_t rows;      /* in the batch */
};

static struct pg_loader *loader(struct cm_db_loader *l)
{
	return (struct pg_loader *)(void *)l;
}

int cm_pg_loader_open(struct cm_db *db, const char *table, const char *columns, int ncols,
		      struct cm_db_loader **out)
{
	struct pg_loader *l = calloc(1, sizeof *l);

	if (l) {
		l->table = strdup(table);
		l->columns = strdup(columns);
	}
	if (!l || !l->table || !l->columns) {
		if (l)
			cm_pg_loader_free(&l->base);
		return cm_db_failed(db, CM_ENOMEM);
	}
	l->base.db = db;
	l->ncols = ncols;
	*out = &l->base;
	return 0;
}

int cm_pg_loader_add(struct cm_db_loader *base, const char *const *values)
{
	struct pg_loader *l = loader(base);
	int i;

	for (i = 0; i < l->ncols; i++) {
		if (i)
			copy_add(&l->b, "\t", 1);
		if (values[i])
			copy_text(&l->b, values[i], strlen(values[i]));
		else
			copy_add(&l->b, "\\N", 2);
	}
	copy_add(&l->b, "\n", 1);
	l->rows++;
	if (l->b.failed)
		return cm_db_failed(base->db, CM_ENOMEM);
	return l->b.len >= LOADER_BATCH;
}

/* The batch into target: one COPY, its row count checked. */
static int send_batch(struct pg_loader *l, const char *target)
{
	struct pg_db *d = pg(l->base.db);
	int64_t rows = 0;
	int rc = copy_begin(d, target, l->columns);

	if (rc < 0)
		return rc;
	rc = copy_send(d, &l->b);
	if (rc < 0) {
		copy_end(d, "the batch could not be sent", &rows);
		return rc;
	}
	rc = copy_end(d, NULL, &rows);
	if (rc == 0 && rows != l->rows) {
		cm_pg_set_msg(d, "COPY took another number of rows than it was given");
		rc = cm_db_failed(&d->base, CM_EDB);
	}
	return rc;
}

/*
 * COPY does not take rows into a table under row-level security: they go
 * into a temporary table of the loaded columns (their types, no
 * constraints, made once a session), then by one INSERT ... SELECT
 * into the table, which holds them to its policies as any INSERT.
 */
static int send_batch_checked(struct pg_loader *l)
{
	struct pg_db *d = pg(l->base.db);
	char *tmp = cm_db_mprintf("cm_load_%s", l->table), *sql = NULL;
	int rc;

	if (!tmp)
		return cm_db_failed(&d->base, CM_ENOMEM);
	sql = cm_db_mprintf("CREATE TEMP TABLE IF NOT EXISTS \"%w\" AS SELECT %s FROM \"%w\""
			    " WITH NO DATA", tmp, l->columns, l->table);
	rc = sql ? cm_pg_run(d, sql) : cm_db_failed(&d->base, CM_ENOMEM);
	cm_db_free(sql);
	if (rc == 0)
		rc = send_batch(l, tmp);
	if (rc == 0) {
		sql = cm_db_mprintf("INSERT INTO \"%w\" (%s) SELECT %s FROM pg_temp.\"%w\";"
				    " TRUNCATE pg_temp.\"%w\"", l->table, l->columns, l->columns,
				    tmp, tmp);
		rc = sql ? cm_pg_run(d, sql) : cm_db_failed(&d->base, CM_ENOMEM);
		cm_db_free(sql);
	}
	cm_db_free(tmp);
	return rc;
}

int cm_pg_loader_flush(struct cm_db_loader *base)
{
	struct pg_loader *l = loader(base);
	struct pg_db *d = pg(base->db);
	struct pg_table *t;
	int rc;

	if (l->rows == 0)
		return 0;
	t = cm_pg_table(d, l->table, &rc);
	if (!t)
		return rc;
	rc = t->rls ? send_batch_checked(l) : send_batch(l, l->table);
	/* The ids came with the rows: the sequence is set past them before the next INSERT. */
	t->synced_in = 0;
	l->b.len = 0;
	l->rows = 0;
	return rc;
}

void cm_pg_loader_free(struct cm_db_loader *base)
{
	struct pg_loader *l = loader(base);

	free(l->table);
	free(l->columns);
	free(l->b.p);
	free(l);
}
