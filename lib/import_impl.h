/*
 * The inside of a batch import, shared by lib/import*.c (internal to lib/):
 * import.c drives it, import_row.c turns a record into checked values,
 * import_store.c writes them, import_json.c builds the audit records' text,
 * import_fast.c loads a fresh export's new people in bulk, import_exit.c
 * closes cases, import_rejects.c keeps the rejects file,
 * import_rejects_path.c says where it may go, import_index.c the page
 * cache, the statement journal
 * and the deferred indexes, import_open.c who has an open case.
 */
#ifndef CM_LIB_IMPORT_IMPL_H
#define CM_LIB_IMPORT_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "audit_impl.h"
#include "cm/clock.h"
#include "cm/date.h"
#include "cm/import.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "mapping.h"
#include "sql.h"

#define REASON_MAX 400

/* Text built without a malloc per row: JSON for the audit log. */
struct buf {
	char *p;
	size_t len, cap;
	int failed;
};

struct importer {
	struct cm_store *s;
	struct cm_db *db;
	const struct cm_import_opts *o;
	const struct cm_mapping *m;
	struct cm_import_counts *count;
	struct cm_error *err;

	FILE *in;
	struct cm_csv *csv;
	long long total_bytes;
	int col[CM_F_COUNT];             /* 0-based column of each field, or -1 */
	int flag_col[CM_F_COUNT][CM_MAP_MAX_FLAGS]; /* the columns of a field's "flags" */
	size_t width;                    /* columns every row must have */

	cm_days today;
	char today_s[CM_DATE_LEN], now[CM_TIME_LEN];
	char *programme;                 /* the cases' programme when no column gives one */
	char *checked_programme;         /* the last programme from a column found to exist */
	const char *worker;              /* when no column gives one */

	struct cm_stmt *find_person, *insert_person, *update_person;
	struct cm_stmt *find_person_only; /* the same without the open case, when import_open.c knows */
	struct cm_stmt *find_case, *insert_case, *find_programme;
	struct cm_stmt *find_open_case;  /* prepared by import_exit.c when a row closes a case */
	struct cm_stmt *find_worker;     /* import_worker.c: is the row's worker registered? */
#define CM_IMPORT_KNOWN_WORKERS 32
	char known_workers[CM_IMPORT_KNOWN_WORKERS][65]; /* logins found registered */
	int nknown;

	unsigned char *seen;             /* one bit per person id touched by this file */
	size_t seen_bytes;
	unsigned char *open;             /* import_open.c: one bit per person with an open case... */
	size_t open_bytes;
	int open_loaded;                 /* ...when read at the start (else the find query asks) */

	/* The current row's values: trimmed cells, recodings, ISO dates. */
	const char *v[CM_F_COUNT];
	char *cells;
	size_t cells_cap;
	char dates[CM_F_COUNT][CM_DATE_LEN];
	char reason[REASON_MAX];         /* why the row is rejected, for the rejects file */
	char said[REASON_MAX];           /* the same without any cell's value, for stderr */
	int merged;                      /* the row is a quote left open: read again after its first line */

	char *rejects_path, *rejects_tmp;
	FILE *rejects;
	int rejects_existed;             /* a rejects file cm wrote was at the path... */
	dev_t rejects_dev;               /* ...this one */
	ino_t rejects_ino;
	int round_trip;                  /* the export is a rejects file cm wrote... */
	size_t extra;                    /* ...whose last cells, cm_line and cm_reason, are cm's */
	long line;                       /* the row's line in the original export */
	char *header;                    /* the header row as read, for the rejects file */
	size_t header_len;

	struct buf json, summary;
	char row_digest[CM_AUDIT_ROW_LEN];  /* a new person's record (cm_audit_row_digest) */
	int expect_new;                  /* the last row was a new person */
	char guarded_id[CM_PROGRAMME_ID_MAX]; /* the last programme whose rules were read... */
	int guarded;                     /* ...and whether it has eligibility rules */
	char **deferred;                 /* CREATE INDEX statements to run before the commit */
	size_t ndeferred;
	int cache_kib;                   /* the connection's page cache before the import */
	struct import_fast *fast;        /* import_fast.c, while it takes the rows */
	struct import_known *known;      /* import_known.c: the source's people, on a server */
};

/* The row's programme, worker and referral source: its column's, or the import's. */
static inline const char *cm_import_programme_of(const struct importer *im)
{
	return im->v[CM_F_PROGRAMME] ? im->v[CM_F_PROGRAMME] : im->programme;
}

static inline const char *cm_import_worker_of(const struct importer *im)
{
	return im->v[CM_F_WORKER] ? im->v[CM_F_WORKER] : im->worker;
}

static inline const char *cm_import_referral_source_of(const struct importer *im)
{
	return im->v[CM_F_REFERRAL_SOURCE] ? im->v[CM_F_REFERRAL_SOURCE] : "pes";
}

/*
 * Rows from which reading a table once costs less than a lookup a row: on
 * a server each lookup is a round trip.
 */
static inline long long cm_import_read_once_rows(const struct importer *im)
{
	return cm_db_loader_batches(im->db) ? 1000 : 20000;
}

/* import.c */
int cm_import_oom(struct importer *im);
int cm_import_sql_fail(struct importer *im, int rc, const char *what);

/* The row's worker (a column's or the default): NULL when it may be named, else why not. */
const char *cm_import_worker_problem(struct importer *im, const char *login);
/* With "workers": "create" in the mapping, register the worker if needed (audited). */
int cm_import_worker_create(struct importer *im, const char *login);
/* Would cm_import_worker_create register login? */
int cm_import_worker_to_create(struct importer *im, const char *login);

/* import_json.c */
void cm_import_buf_add(struct buf *b, const char *s, size_t n);
void cm_import_buf_str(struct buf *b, const char *s);
void cm_import_buf_reset(struct buf *b);
void cm_import_buf_int(struct buf *b, long long v);
void cm_import_json_int(struct buf *b, const char *key, long long v);
void cm_import_json_text(struct buf *b, const char *key, const char *v);

/* import_rejects.c */
/* Sets the row's reason, which must hold no cell value; returns 1, a rejected row. */
__attribute__((format(printf, 2, 3)))
int cm_import_reject(struct importer *im, const char *fmt, ...);
/* The same with a reason said on stderr and a detailed one (values allowed) for the rejects file. */
int cm_import_reject_detailed(struct importer *im, const char *said, const char *detail);
int cm_import_rejects_write(struct importer *im, const struct cm_csv_record *rec);
int cm_import_rejects_flush(struct importer *im);
void cm_import_rejects_discard(struct importer *im);

/* import_rejects_path.c */
/* Is this the start of a rejects file cm wrote (its first line ends with cm_line, cm_reason)? */
int cm_import_is_rejects_text(const char *head, size_t n);
int cm_import_input_is_rejects(struct importer *im);
/* May the rejects file go at im->rejects_path? CM_EUSAGE naming why not. */
int cm_import_rejects_check(struct importer *im);
/* Is the path still as checked (absent, or the same rejects file)? */
int cm_import_rejects_unchanged(struct importer *im);
/* Remove the temporary rejects files an interrupted import left beside the path. */
int cm_import_rejects_clean_stale(struct importer *im);

/* import_row.c */
int cm_import_resolve_columns(struct importer *im, const struct cm_csv_record *first);
int cm_import_take_row(struct importer *im, const struct cm_csv_record *rec);
/* The row's line in the export: in a rejects file cm wrote, its cm_line. */
long cm_import_original_line(struct importer *im, const struct cm_csv_record *rec);

/* import_store.c */
#define CM_IMPORT_NPERSON 11
/* The fields a row sets in person, and the column of each. */
extern const enum cm_import_field cm_import_person_fields[CM_IMPORT_NPERSON];
const char *cm_import_person_column(int i);
/* Mark a person id touched by this file: 1 if it already was, 0 if not, -1 out of memory. */
int cm_import_seen(struct importer *im, int64_t id);
/* Does the row's programme have eligibility rules? */
int cm_import_programme_guarded(struct importer *im, int *guarded);
/* A new person's audit record: its after-image in im->json, its summary in im->summary. */
void cm_import_new_person_text(struct importer *im, int64_t id, int64_t case_id,
			       const char *const *vals);
int cm_import_prepare(struct importer *im);
void cm_import_finalize(struct importer *im);
int cm_import_store_row(struct importer *im);

/* import_fast.c */
/* Take the rows in bulk if the export is fresh (no one from its source yet). */
int cm_import_fast_begin(struct importer *im);
/*
 * A row taken (0), one the bulk path does not take (CM_IMPORT_FAST_NO: it
 * and the rest go row by row), or a negative status.
 */
#define CM_IMPORT_FAST_NO 3
int cm_import_fast_row(struct importer *im);
/* What is loaded, written; the bulk path ends. */
int cm_import_fast_end(struct importer *im);
void cm_import_fast_free(struct importer *im);

/* import_exit.c: rows that close a case; 0, 1 (rejected) or a negative status */
int cm_import_store_exit(struct importer *im, const char *programme);
int cm_import_store_deleted(struct importer *im, const char *programme);

/* import_open.c: the people with an open case in the programme, for a large import */
int cm_import_open_load(struct importer *im);
int cm_import_open_test(const struct importer *im, int64_t person);
int cm_import_open_set(struct importer *im, int64_t person);

/* import_known.c */
/* FNV-1a of an ext_id, never 0. */
uint64_t cm_import_key(const char *s);
/* For a large re-import on a server: read the source's people once. */
int cm_import_known_load(struct importer *im);
/*
 * The row told unchanged from what was read (0), one to look up as before
 * (CM_IMPORT_KNOWN_NO), or a negative status.
 */
#define CM_IMPORT_KNOWN_NO 3
int cm_import_known_row(struct importer *im);
void cm_import_known_free(struct importer *im);

/* import_index.c */
/* The rows of the file, guessed from its size before reading it. */
long long cm_import_rows_guess(const struct importer *im);
/* Rows a table has, judged by its largest id (exact for tables never deleted from). */
long long cm_import_table_rows(struct importer *im, const char *table);
/* SQLite's settings for the import (before its transaction begins), and back. */
void cm_import_tune(struct importer *im);
void cm_import_untune(struct importer *im);
int cm_import_defer_indexes(struct importer *im);
int cm_import_rebuild_indexes(struct importer *im);

#endif
