/* Why a row is rejected, and the rejects file it is written to. */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "import_impl.h"

/* --- reasons and the rejects file ----------------------------------------- */

__attribute__((format(printf, 2, 3)))
int cm_import_reject(struct importer *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->reason, sizeof im->reason, fmt, ap);
	va_end(ap);
	memcpy(im->said, im->reason, sizeof im->said);
	return 1;
}

int cm_import_reject_detailed(struct importer *im, const char *said, const char *detail)
{
	snprintf(im->said, sizeof im->said, "%s", said);
	snprintf(im->reason, sizeof im->reason, "%s", detail);
	return 1;
}

static void put_field(FILE *f, const char *s, char delim)
{
	const char *p;

	if (!strchr(s, delim) && !strpbrk(s, "\"\r\n")) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (p = s; *p; p++) {
		if (*p == '"')
			putc('"', f);
		putc(*p, f);
	}
	putc('"', f);
}

/* What the export had before its rows: a byte-order mark, a sep= line, the header. */
static int rejects_start(struct importer *im, char delim, const char *nl)
{
	if (cm_csv_had_bom(im->csv))
		fputs("\xef\xbb\xbf", im->rejects);
	if (cm_csv_sep_line(im->csv))
		fprintf(im->rejects, "%s%s", cm_csv_sep_line(im->csv), nl);
	if (im->round_trip) {
		/* A rejects file read again: its first line already ends with the cm columns. */
		fwrite(im->header, 1, im->header_len, im->rejects);
		fputs(nl, im->rejects);
		return 0;
	}
	if (im->header) {
		fwrite(im->header, 1, im->header_len, im->rejects);
	} else {
		/* No header to extend: empty cells stand for the export's columns. */
		size_t i;

		for (i = 1; i < im->width; i++)
			putc(delim, im->rejects);
	}
	/* This line is also how cm recognises a rejects file it wrote. */
	fprintf(im->rejects, "%ccm_line%ccm_reason%s", delim, delim, nl);
	return 0;
}

/*
 * The rejects file keeps the export's encoding, delimiter and line ends, so
 * it can be fixed and re-imported. It is opened at the first rejected row:
 * an export in a directory cm may not write to imports fine when clean. It
 * is written aside, mode 0600 and locked (so a later import can tell a
 * stale one from one in use), and renamed into place once the import is
 * done.
 */
static int rejects_open(struct importer *im)
{
	int fd;

	if (asprintf(&im->rejects_tmp, "%s.XXXXXX", im->rejects_path) < 0) {
		im->rejects_tmp = NULL;
		return cm_import_oom(im);
	}
	fd = mkstemp(im->rejects_tmp);
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0 || !(im->rejects = fdopen(fd, "wb"))) {
		int e = errno;

		if (fd >= 0) {
			close(fd);
			unlink(im->rejects_tmp);
		}
		free(im->rejects_tmp);
		im->rejects_tmp = NULL;
		return cm_error_set(im->err, CM_EIO, "cannot write rejects file '%s': %s",
				    im->rejects_path, strerror(e));
	}
	return rejects_start(im, cm_csv_delimiter(im->csv), cm_csv_newline(im->csv));
}

static size_t quotes_in(const char *p, size_t n)
{
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		k += p[i] == '"';
	return k;
}

/* The bytes of the row without the cm_line and cm_reason cells of a rejects file read again. */
static size_t own_cells_length(struct importer *im, const struct cm_csv_record *rec)
{
	char delim = cm_csv_delimiter(im->csv);
	size_t i, last = rec->raw_len, before_last = rec->raw_len;
	int quoted = 0;

	if (!im->extra || rec->nfields < 3)
		return rec->raw_len;
	for (i = 0; i < rec->raw_len; i++) {
		if (rec->raw[i] == '"') {
			quoted = !quoted;
		} else if (!quoted && rec->raw[i] == delim) {
			before_last = last;
			last = i;
		}
	}
	return before_last;
}

int cm_import_rejects_write(struct importer *im, const struct cm_csv_record *rec)
{
	char delim = cm_csv_delimiter(im->csv);
	char *reason;
	int rc;

	if (!im->rejects) {
		rc = rejects_open(im);
		if (rc < 0)
			return rc;
	}
	reason = cm_csv_to_file_encoding(im->csv, im->reason);
	if (!reason)
		return cm_import_oom(im);
	if (im->merged) {
		/* Only its first line: the others are read again as rows. */
		fwrite(rec->raw, 1, rec->first_len, im->rejects);
		/* The quote is closed, so the two cells below are not inside it. */
		if (quotes_in(rec->raw, rec->first_len) % 2)
			putc('"', im->rejects);
	} else {
		fwrite(rec->raw, 1, own_cells_length(im, rec), im->rejects);
	}
	fprintf(im->rejects, "%c%ld%c", delim, im->line, delim);
	put_field(im->rejects, reason, delim);
	fputs(cm_csv_newline(im->csv), im->rejects);
	free(reason);
	return 0;
}

/* Flush the rejects before the commit, so a full disk fails the import, not the rename. */
int cm_import_rejects_flush(struct importer *im)
{
	int bad;

	if (!im->rejects)
		return 0;
	bad = fflush(im->rejects) != 0 || ferror(im->rejects) ||
		fsync(fileno(im->rejects)) != 0;
	bad |= fclose(im->rejects) != 0;
	im->rejects = NULL;
	if (bad)
		return cm_error_set(im->err, CM_EIO, "cannot write rejects file '%s': %s",
				    im->rejects_path, strerror(errno));
	return 0;
}

void cm_import_rejects_discard(struct importer *im)
{
	if (im->rejects) {
		fclose(im->rejects);
		im->rejects = NULL;
	}
	if (im->rejects_tmp)
		unlink(im->rejects_tmp);
}
