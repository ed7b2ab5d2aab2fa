/*
 * Batch intake: each row of an export becomes a person and a case, an update
 * of a known person, nothing (unchanged), or a line in the rejects file. The
 * whole file is one transaction, statements are prepared once, and memory
 * does not grow with the file: rows are streamed, and the only state kept
 * across rows is one bit per person id (to spot an id given twice).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cm/clock.h"
#include "cm/import.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "import_impl.h"

#define PROGRESS_EVERY 4096

int cm_import_oom(struct importer *im)
{
	return cm_error_set(im->err, CM_ENOMEM, "out of memory");
}

int cm_import_sql_fail(struct importer *im, int rc, const char *what)
{
	return cm_sql_fail(im->s, rc, im->err, what);
}

static int handle_row(struct importer *im, const struct cm_csv_record *rec)
{
	int rc;

	im->count->read++;
	im->line = cm_import_original_line(im, rec);
	rc = cm_import_take_row(im, rec);
	if (rc == 0)
		rc = cm_import_store_row(im);
	if (rc <= 0)
		return rc;
	im->count->rejected++;
	if (im->o->on_reject)
		im->o->on_reject(im->line, im->said, im->o->reject_arg);
	rc = im->rejects_path ? cm_import_rejects_write(im, rec) : 0;
	if (rc == 0 && im->merged)
		rc = cm_csv_reread_after_first_line(im->csv, im->err);
	return rc;
}

/* --- setting up and finishing ---------------------------------------------- */

static int choose_programme(struct importer *im)
{
	int rc;

	if (im->m->programme) {
		im->programme = strdup(im->m->programme);
		if (!im->programme)
			return cm_import_oom(im);
	} else {
		rc = cm_store_meta_get(im->s, "default_programme", &im->programme, im->err);
		if (rc == CM_ENOTFOUND)
			return cm_error_set(im->err, CM_EFAIL,
					    "mapping '%s' names no programme and the database has "
					    "no default programme", im->m->name);
		if (rc < 0)
			return rc;
	}
	rc = cm_programme_check(im->s, im->programme, im->err);
	if (rc == CM_EUSAGE && im->m->programme)
		return cm_error_set(im->err, CM_EUSAGE, "mapping '%s': unknown programme '%s'; see "
				    "'cm programme list'", im->m->name, im->programme);
	return rc;
}

static int open_input(struct importer *im)
{
	struct cm_csv_opts co = { im->m->delimiter, im->m->encoding, im->m->fallback };
	struct stat sb;

	im->in = fopen(im->o->path, "rb");
	if (!im->in)
		return cm_error_set(im->err, CM_EIO, "cannot read '%s': %s", im->o->path,
				    strerror(errno));
	if (fstat(fileno(im->in), &sb) == 0 && S_ISREG(sb.st_mode))
		im->total_bytes = (long long)sb.st_size;
	return cm_csv_open(&im->csv, im->in, im->o->path, &co, im->err);
}

/*
 * The rejects file: stale temporary ones beside it removed, and the path
 * checked (it must be absent or a rejects file cm wrote). A dry run
 * without --rejects writes none.
 */
static int choose_rejects_path(struct importer *im)
{
	int rc;

	if (im->o->rejects_path)
		im->rejects_path = strdup(im->o->rejects_path);
	else if (im->round_trip)
		/* Fixed rows leave it; the rows still rejected are written back to it. */
		im->rejects_path = strdup(im->o->path);
	else if (asprintf(&im->rejects_path, "%s.rejects.csv", im->o->path) < 0)
		im->rejects_path = NULL;
	if (!im->rejects_path)
		return cm_import_oom(im);
	rc = cm_import_rejects_clean_stale(im);
	if (rc < 0)
		return rc;
	if (im->o->dry_run && !im->o->rejects_path) {
		free(im->rejects_path);
		im->rejects_path = NULL;
		return 0;
	}
	return cm_import_rejects_check(im);
}

static int setup(struct importer *im)
{
	int rc;

	rc = cm_date_today(&im->today, im->err);
	if (rc == 0)
		rc = cm_now(im->now, im->err);
	if (rc < 0)
		return rc;
	cm_date_format(im->today, im->today_s);
	im->worker = cm_store_user(im->s);
	rc = open_input(im);
	if (rc == 0) {
		im->round_trip = cm_import_input_is_rejects(im);
		im->extra = im->round_trip ? 2 : 0;
		rc = choose_rejects_path(im);
	}
	return rc;
}

static void progress(struct importer *im)
{
	struct cm_import_progress p;

	if (!im->o->progress)
		return;
	p.rows = im->count->read;
	p.bytes = cm_csv_offset(im->csv);
	p.total_bytes = im->total_bytes;
	im->o->progress(&p, im->o->progress_arg);
}

static int read_rows(struct importer *im)
{
	const struct cm_csv_record *rec;
	int rc, have_first;

	have_first = cm_csv_next(im->csv, &rec, im->err);
	if (have_first < 0)
		return have_first;
	if (!have_first)
		return im->m->header ? cm_error_set(im->err, CM_EFAIL,
						    "%s: empty file: no header row", im->o->path) : 0;
	rc = cm_import_resolve_columns(im, rec);
	if (rc < 0)
		return rc;
	if (im->rejects_path && (im->m->header || im->round_trip)) {
		/* Kept for the rejects file, which starts with it. */
		im->header = malloc(rec->raw_len ? rec->raw_len : 1);
		if (!im->header)
			return cm_import_oom(im);
		memcpy(im->header, rec->raw, rec->raw_len);
		im->header_len = rec->raw_len;
	}
	cm_import_tune(im);
	rc = cm_store_begin(im->s, im->err);
	if (rc < 0)
		return rc;
	rc = cm_import_defer_indexes(im);
	if (rc == 0)
		rc = cm_import_prepare(im);
	if (rc == 0)
		rc = cm_import_open_load(im);
	if (rc == 0)
		rc = cm_import_known_load(im);
	if (rc == 0)
		rc = cm_import_fast_begin(im);
	if (rc == 0 && !im->m->header && !im->round_trip)
		rc = handle_row(im, rec);
	while (rc == 0 && (rc = cm_csv_next(im->csv, &rec, im->err)) == 1) {
		rc = handle_row(im, rec);
		if (im->count->read % PROGRESS_EVERY == 0)
			progress(im);
	}
	progress(im);
	if (rc == 0)
		rc = cm_import_fast_end(im);
	if (rc == 0)
		rc = cm_import_rebuild_indexes(im);
	return rc;
}

/* Replacing or removing what is at the rejects path: is it still what was checked? */
static int rejects_still_safe(struct importer *im)
{
	if (cm_import_rejects_unchanged(im))
		return 0;
	return cm_error_set(im->err, CM_EFAIL, "the rejects file '%s' was changed by someone "
			    "else during the import; nothing was imported", im->rejects_path);
}

/* Commit or roll back, and keep or drop the rejects file to match. */
static int finish(struct importer *im, int rc, char **rejects)
{
	int keep_rejects = rc == 0 && im->count->rejected && im->rejects;
	int write = rc == 0 && !im->o->dry_run && !(im->o->strict && im->count->rejected);
	/* A rejects file left by an earlier run would be about rows now imported. */
	int remove_old = write && !im->count->rejected && im->rejects_path && im->rejects_existed;

	if (keep_rejects) {
		int frc = cm_import_rejects_flush(im);

		if (frc < 0) {
			rc = frc;
			keep_rejects = 0;
		}
	}
	if (rc == 0 && (keep_rejects || remove_old))
		rc = rejects_still_safe(im);
	if (write && rc == 0)
		rc = cm_store_commit(im->s, im->err);
	else
		cm_store_rollback(im->s);
	if (rc < 0)
		keep_rejects = remove_old = 0;
	if (keep_rejects && rename(im->rejects_tmp, im->rejects_path) == 0) {
		*rejects = im->rejects_path;
		im->rejects_path = NULL;
	} else {
		cm_import_rejects_discard(im);
		if (remove_old)
			unlink(im->rejects_path);
	}
	return rc;
}

int cm_import(struct cm_store *s, const struct cm_import_opts *o, struct cm_import_counts *counts,
	      char **rejects, struct cm_error *err)
{
	struct importer im = { .s = s, .db = cm_store_db(s), .o = o, .m = o->map, .count = counts,
			       .err = err };
	int rc;

	memset(counts, 0, sizeof *counts);
	*rejects = NULL;
	rc = setup(&im);
	if (rc == 0)
		rc = choose_programme(&im);
	if (rc == 0)
		rc = read_rows(&im);
	rc = finish(&im, rc, rejects);
	cm_import_untune(&im);
	cm_import_fast_free(&im);
	cm_import_known_free(&im);
	cm_import_finalize(&im);
	cm_csv_free(im.csv);
	if (im.in)
		fclose(im.in);
	free(im.rejects_path);
	free(im.rejects_tmp);
	free(im.header);
	while (im.ndeferred > 0)
		free(im.deferred[--im.ndeferred]);
	free(im.deferred);
	free(im.programme);
	free(im.checked_programme);
	free(im.seen);
	free(im.open);
	free(im.cells);
	free(im.json.p);
	free(im.summary.p);
	return rc;
}
