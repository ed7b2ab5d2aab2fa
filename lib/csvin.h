/*
 * A streaming reader for the CSV exports of employment services (internal to
 * lib/ and its tests): encodings, delimiter sniffing, line ends, and each
 * record's verbatim bytes and line number, so a bad row can be written back
 * exactly as it was read.
 */
#ifndef CM_LIB_CSVIN_H
#define CM_LIB_CSVIN_H

#include <stddef.h>
#include <stdio.h>
#include "cm/error.h"

/* A record longer than this is refused: it is almost surely a quote left open. */
#define CM_CSV_MAX_RECORD (1 << 20)
/* Fields kept per record; a record may have more, but it is then rejected. */
#define CM_CSV_MAX_FIELDS 1024

enum cm_csv_encoding {
	CM_ENC_AUTO,          /* BOM or valid UTF-8, else the fallback */
	CM_ENC_UTF8,
	CM_ENC_WINDOWS_1252,
	CM_ENC_ISO_8859_1,
};

/* "auto", "utf-8", "windows-1252", "iso-8859-1" and common aliases. Returns 0 or CM_EUSAGE. */
int cm_csv_encoding_parse(const char *name, enum cm_csv_encoding *out);
/* "utf-8", "windows-1252", ... ("auto" while undecided). */
const char *cm_csv_encoding_name(enum cm_csv_encoding e);

struct cm_csv_opts {
	char delimiter;                   /* 0: sniff from the first line */
	enum cm_csv_encoding encoding;
	enum cm_csv_encoding fallback;    /* the 8-bit encoding CM_ENC_AUTO falls back to */
};

struct cm_csv_record {
	long line;               /* the physical line the record starts on, from 1 */
	size_t nfields;          /* fields in the record (may exceed CM_CSV_MAX_FIELDS) */
	const char **field;      /* min(nfields, CM_CSV_MAX_FIELDS) UTF-8 strings */
	const size_t *len;       /* their lengths */
	const char *raw;         /* the record's bytes as read, without its line end */
	size_t raw_len;
	/* NULL, or why the record cannot be used (bad encoding, open quote, too many fields). */
	const char *problem;
	int open_quote;          /* the file ended inside this record's quotes */
	size_t first_len;        /* bytes of raw on the record's first line */
};

struct cm_csv;

/*
 * Start reading f (not owned; read sequentially, never seeked). name is used
 * in messages. Reads the start of the file to detect a BOM, an Excel "sep="
 * line and the delimiter. Refuses UTF-16 and UTF-32 (CM_EFAIL).
 * The caller frees *out with cm_csv_free.
 */
int cm_csv_open(struct cm_csv **out, FILE *f, const char *name, const struct cm_csv_opts *o,
		struct cm_error *err);

/*
 * The next record, skipping blank ones (empty, or only delimiters and
 * spaces). Returns 1 with *rec valid until the next call, 0 at the end, or a
 * negative status for a file that cannot be read on (CM_EIO for a read error;
 * CM_EFAIL for a NUL byte or a record over CM_CSV_MAX_RECORD bytes); the
 * message names the file and line.
 */
int cm_csv_next(struct cm_csv *r, const struct cm_csv_record **rec, struct cm_error *err);

/*
 * Read again from the line after the first line of the record last
 * returned, as though that line had been a record alone: for a record that
 * a quote left open has merged with the rows after it. Returns 0 or
 * CM_ENOMEM.
 */
int cm_csv_reread_after_first_line(struct cm_csv *r, struct cm_error *err);

char cm_csv_delimiter(const struct cm_csv *r);
/* The encoding in use; CM_ENC_AUTO while the text read so far is plain ASCII. */
enum cm_csv_encoding cm_csv_encoding(const struct cm_csv *r);
int cm_csv_had_bom(const struct cm_csv *r);
/* The Excel "sep=" line as read (without line end), or NULL. */
const char *cm_csv_sep_line(const struct cm_csv *r);
/* The line end of the first line: "\n", "\r\n" or "\r". */
const char *cm_csv_newline(const struct cm_csv *r);
/* Bytes consumed so far (for progress). */
long long cm_csv_offset(const struct cm_csv *r);

/*
 * Convert UTF-8 text back to the file's encoding (for messages written into
 * a rejects file); characters it cannot hold become '?'. Returns a malloc'd
 * string the caller frees, or NULL when out of memory.
 */
char *cm_csv_to_file_encoding(struct cm_csv *r, const char *utf8);

void cm_csv_free(struct cm_csv *r);

#endif
