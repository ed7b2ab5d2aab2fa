/*
 * Batch intake from the CSV exports of employment services (cm intake
 * --import): a mapping file says which column is which field; every row ends
 * as created, updated, unchanged or rejected, in one transaction.
 */
#ifndef CM_IMPORT_H
#define CM_IMPORT_H

#include <stddef.h>
#include "cm/error.h"

struct cm_store;
struct cm_mapping;

/*
 * Read and check a mapping file (JSON, see cm-import(1)). On success the
 * caller frees *out with cm_mapping_free. Errors name the file and the key.
 */
int cm_mapping_load(const char *path, struct cm_mapping **out, struct cm_error *err);
/* The same from text in memory; name stands for the file in messages. */
int cm_mapping_parse(const char *text, size_t len, const char *name, struct cm_mapping **out,
		     struct cm_error *err);
void cm_mapping_free(struct cm_mapping *m);

struct cm_import_counts {
	long long read, created, updated, unchanged, rejected;
	long long emptied;       /* bad values dropped under "on_error": "empty" */
	long long deleted;       /* rows the export marks deleted: nothing is created or changed */
	long long closed;        /* cases closed by an export of exits or a deleted record */
	long long stale;         /* rows older than the record imported before ("updated_at") */
};

struct cm_import_progress {
	long long rows;          /* rows read so far */
	long long bytes;         /* bytes of the file read so far */
	long long total_bytes;   /* the file's size; 0 when unknown (a pipe) */
};

typedef void cm_import_progress_fn(const struct cm_import_progress *p, void *arg);
/*
 * A rejected row: its line and the reason (UTF-8, "field 'x': ..."). The
 * reason never holds a cell's value (it is meant for logs and mail); the
 * rejects file has the row itself.
 */
typedef void cm_import_reject_fn(long line, const char *reason, void *arg);
/* A bad value dropped (on_error: empty): its line and why, with no value, as for a reject. */
typedef void cm_import_warn_fn(long line, const char *reason, void *arg);
/* A temporary rejects file an interrupted import left, now removed. */
typedef void cm_import_stale_fn(const char *path, void *arg);

struct cm_import_opts {
	const char *path;                /* the export */
	const struct cm_mapping *map;
	/*
	 * Where rejected rows go; NULL: path + ".rejects.csv". Written when rows
	 * are rejected, except in a dry run without an explicit path; removed
	 * when none is. Only a rejects file cm wrote is ever replaced or removed:
	 * any other file there (the database, the mapping, a link, a pipe...)
	 * is refused with CM_EUSAGE before a row is read.
	 */
	const char *rejects_path;
	int dry_run;                     /* validate and count; change nothing */
	int strict;                      /* any rejected row: change nothing */
	int update_only;                 /* known people only: no person or case is created */
	cm_import_progress_fn *progress; /* called every few thousand rows; may be NULL */
	void *progress_arg;
	cm_import_reject_fn *on_reject;  /* may be NULL */
	void *reject_arg;
	cm_import_warn_fn *on_warning;   /* may be NULL; called with reject_arg */
	cm_import_stale_fn *on_stale;    /* may be NULL */
	void *stale_arg;
};

/*
 * Import the export into s in one transaction. Returns 0 when every row was
 * read: the rows are imported, except under dry_run, or under strict when
 * some were rejected (counts.rejected > 0), where nothing is changed.
 * Otherwise a negative status with nothing changed: CM_EUSAGE for a mapping
 * that does not fit the database, CM_EFAIL for a file that cannot be
 * imported (UTF-16, NUL bytes, a column missing from the header...),
 * CM_EIO, CM_EBUSY... *counts says how far it got. *rejects is set to the
 * rejects file written (malloc'd, the caller frees), or NULL when none was.
 */
int cm_import(struct cm_store *s, const struct cm_import_opts *o, struct cm_import_counts *counts,
	      char **rejects, struct cm_error *err);

#endif
