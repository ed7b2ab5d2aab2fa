/*
 * Reading CSV exports as they come: libcsv does the quoting; this file feeds
 * it one physical line at a time so that each record's line number and
 * verbatim bytes are known, and turns each field into UTF-8.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <csv.h>
#include "csvin.h"

#define CHUNK (64 * 1024)
#define NUL_MESSAGE "NUL byte: this is not a text file in UTF-8 or an 8-bit encoding " \
	"(UTF-16?); save it as UTF-8"

struct cm_csv {
	FILE *f;
	char *name;
	struct csv_parser parser;
	int parser_ready;

	unsigned char *buf;      /* CHUNK bytes of input; [pos, len) not yet fed */
	size_t pos, len;
	size_t cr_at;            /* index of the next '\r' at or after pos, or len */
	int eof, done;
	int nul;                 /* a NUL byte follows buf[len - 1] */
	char *replay;            /* bytes to read again before the file's next ones */
	size_t replay_pos, replay_len;
	long long consumed;      /* bytes of the file before buf[0] */

	long line;               /* physical lines completed */
	long rec_line;           /* the line the pending record starts on */
	int rec_done;            /* libcsv ended a record during the last feed */
	int reset_due;           /* the last returned record is to be cleared */

	char *raw;               /* the pending record's bytes, line ends included */
	size_t raw_len, raw_cap;

	char *fbuf;              /* field bytes, each NUL-terminated */
	size_t flen, fcap;
	size_t fofs[CM_CSV_MAX_FIELDS], flens[CM_CSV_MAX_FIELDS];
	size_t nf;               /* fields seen in the pending record */

	char *ubuf;              /* fields converted to UTF-8 */
	size_t ucap;
	const char *fptr[CM_CSV_MAX_FIELDS];
	struct cm_csv_record rec;
	char problem[160];

	enum cm_csv_encoding enc, fallback;
	int declared_8bit;       /* the mapping says windows-1252 or iso-8859-1... */
	long utf8_line;          /* ...yet the text at this line is UTF-8 */
	iconv_t to_utf8, from_utf8;
	char delim;
	int bom;
	char *sep_line;
	char newline[3];
};

static const struct {
	const char *name;
	enum cm_csv_encoding enc;
} encoding_names[] = {
	{ "auto", CM_ENC_AUTO },
	{ "utf-8", CM_ENC_UTF8 },
	{ "utf8", CM_ENC_UTF8 },
	{ "windows-1252", CM_ENC_WINDOWS_1252 },
	{ "cp1252", CM_ENC_WINDOWS_1252 },
	{ "iso-8859-1", CM_ENC_ISO_8859_1 },
	{ "latin1", CM_ENC_ISO_8859_1 },
	{ "latin-1", CM_ENC_ISO_8859_1 },
};

int cm_csv_encoding_parse(const char *name, enum cm_csv_encoding *out)
{
	size_t i;

	for (i = 0; name && i < sizeof encoding_names / sizeof encoding_names[0]; i++) {
		if (strcasecmp(name, encoding_names[i].name) == 0) {
			*out = encoding_names[i].enc;
			return 0;
		}
	}
	return CM_EUSAGE;
}

const char *cm_csv_encoding_name(enum cm_csv_encoding e)
{
	switch (e) {
	case CM_ENC_UTF8:
		return "utf-8";
	case CM_ENC_WINDOWS_1252:
		return "windows-1252";
	case CM_ENC_ISO_8859_1:
		return "iso-8859-1";
	case CM_ENC_AUTO:
		break;
	}
	return "auto";
}

/*
 * ISO-8859-1 is read as windows-1252, as browsers do: exports labelled
 * latin-1 hold curly quotes, dashes and the euro sign in the 0x80-0x9f
 * range, which ISO-8859-1 gives to invisible control characters.
 */
static const char *iconv_name(enum cm_csv_encoding e)
{
	(void)e;
	return "WINDOWS-1252";
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t need;
		unsigned min, cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			min = 0x80;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			min = 0x800;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			min = 0x10000;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i - 1 < need)
			return 0;
		for (i++; need > 0; need--, i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
	}
	return 1;
}

static int is_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] & 0x80)
			return 0;
	return 1;
}

/* Only blanks are trimmed around unquoted fields; a tab may be the delimiter. */
static int is_blank(unsigned char c)
{
	return c == ' ';
}

static void on_field(void *data, size_t n, void *arg)
{
	struct cm_csv *r = arg;
	char *grown;

	if (r->nf < CM_CSV_MAX_FIELDS) {
		if (r->flen + n + 1 > r->fcap) {
			size_t cap = (r->flen + n + 1) * 2;

			grown = realloc(r->fbuf, cap);
			if (!grown) {
				/* Leave the field empty; the record is flagged below. */
				snprintf(r->problem, sizeof r->problem, "out of memory");
				n = 0;
				if (r->flen + 1 > r->fcap)
					return;
			} else {
				r->fbuf = grown;
				r->fcap = cap;
			}
		}
		if (n)
			memcpy(r->fbuf + r->flen, data, n);
		r->fbuf[r->flen + n] = '\0';
		r->fofs[r->nf] = r->flen;
		r->flens[r->nf] = n;
		r->flen += n + 1;
	}
	r->nf++;
}

static void on_row(int c, void *arg)
{
	struct cm_csv *r = arg;

	(void)c;
	r->rec_done = 1;
}

__attribute__((format(printf, 4, 5)))
static int fail(struct cm_csv *r, struct cm_error *err, int status, const char *fmt, ...)
{
	char msg[CM_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->done = 1;
	return cm_error_set(err, status, "%s:%ld: %s", r->name, r->line + 1, msg);
}

static void find_cr(struct cm_csv *r)
{
	unsigned char *cr = memchr(r->buf + r->pos, '\r', r->len - r->pos);

	r->cr_at = cr ? (size_t)(cr - r->buf) : r->len;
}

/* Move the unread bytes to the front and read more; 0 at the end of the file. */
static int read_more(struct cm_csv *r, struct cm_error *err)
{
	unsigned char *nul;
	size_t n;

	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->consumed += (long long)r->pos;
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->replay_pos < r->replay_len) {
		n = r->replay_len - r->replay_pos;
		if (n > CHUNK - r->len)
			n = CHUNK - r->len;
		memcpy(r->buf + r->len, r->replay + r->replay_pos, n);
		r->replay_pos += n;
		r->len += n;
		find_cr(r);
		return (int)(n > 0);
	}
	if (r->eof || r->len == CHUNK)
		return 0;
	n = fread(r->buf + r->len, 1, CHUNK - r->len, r->f);
	if (n == 0) {
		if (ferror(r->f))
			return fail(r, err, CM_EIO, "read error: %s", strerror(errno));
		r->eof = 1;
	}
	nul = memchr(r->buf + r->len, '\0', n);
	if (nul) {
		/* Stop reading there; the error is raised on reaching it, with its line. */
		n = (size_t)(nul - (r->buf + r->len));
		r->nul = 1;
		r->eof = 1;
	}
	r->len += n;
	find_cr(r);
	return (int)(n > 0);
}

/* Keep the record's bytes as read, for the rejects file. */
static int append_raw(struct cm_csv *r, const unsigned char *p, size_t n, struct cm_error *err)
{
	if (r->raw_len == 0)
		r->rec_line = r->line + 1;
	if (r->raw_len + n > CM_CSV_MAX_RECORD) {
		r->line = r->rec_line - 1;
		return fail(r, err, CM_EFAIL, "%s", "record longer than 1 MiB; is a quote left open?");
	}
	if (r->raw_len + n > r->raw_cap) {
		size_t cap = (r->raw_len + n) * 2;
		char *grown = realloc(r->raw, cap);

		if (!grown)
			return fail(r, err, CM_ENOMEM, "%s", "out of memory");
		r->raw = grown;
		r->raw_cap = cap;
	}
	memcpy(r->raw + r->raw_len, p, n);
	r->raw_len += n;
	return 0;
}

static int feed(struct cm_csv *r, const unsigned char *p, size_t n, struct cm_error *err)
{
	int rc = append_raw(r, p, n, err);

	if (rc < 0)
		return rc;
	if (csv_parse(&r->parser, p, n, on_field, on_row, r) != n)
		return fail(r, err, CM_ENOMEM, "csv: %s",
			    csv_strerror(csv_error(&r->parser)));
	return 0;
}

/*
 * A whole line without a quote, starting a record, is split here rather
 * than by libcsv's byte-at-a-time parser; the fields come out the same:
 * cut at each delimiter, blanks around them dropped. Most lines of an
 * export are like this, and this is the bulk of reading one.
 */
static int split_plain(struct cm_csv *r, const unsigned char *p, size_t n, size_t term_len,
		       struct cm_error *err)
{
	const unsigned char *end = p + n, *cut;
	int rc = append_raw(r, p, n + term_len, err);

	if (rc < 0)
		return rc;
	for (;;) {
		const unsigned char *s = p, *e;

		cut = memchr(p, (unsigned char)r->delim, (size_t)(end - p));
		e = cut ? cut : end;
		while (s < e && is_blank(*s))
			s++;
		while (e > s && is_blank(e[-1]))
			e--;
		on_field((void *)(uintptr_t)s, (size_t)(e - s), r);
		if (!cut)
			break;
		p = cut + 1;
	}
	r->rec_done = 1;
	return 0;
}

/* Can the line at p (n bytes, its line end excluded) be split without libcsv? */
static int plain_line(const struct cm_csv *r, const unsigned char *p, size_t n)
{
	return r->raw_len == 0 && !is_blank((unsigned char)r->delim) && !memchr(p, '"', n);
}

/*
 * Convert the record's fields to UTF-8, deciding the encoding on the first
 * non-ASCII field. Only the fields that need it go through iconv, one call
 * each: most fields of an export are ASCII, and iconv is slow on them.
 */
static void convert_fields(struct cm_csv *r)
{
	size_t i, nf = r->nf < CM_CSV_MAX_FIELDS ? r->nf : CM_CSV_MAX_FIELDS;
	size_t need = 0, used = 0;

	for (i = 0; i < nf; i++)
		r->fptr[i] = r->fbuf + r->fofs[i];
	if (is_ascii(r->fbuf, r->flen))
		return;
	for (i = 0; i < nf; i++) {
		const char *src = r->fbuf + r->fofs[i];

		if (is_ascii(src, r->flens[i]))
			continue;
		if (r->declared_8bit == 1) {
			/* Decided on the first text that is not ASCII, like "auto". */
			r->declared_8bit = 2;
			if (utf8_valid((const unsigned char *)src, r->flens[i]))
				r->utf8_line = r->rec_line;
		}
		if (r->enc == CM_ENC_AUTO)
			r->enc = utf8_valid((const unsigned char *)src, r->flens[i]) ? CM_ENC_UTF8
										    : r->fallback;
		if (r->enc == CM_ENC_UTF8) {
			if (!utf8_valid((const unsigned char *)src, r->flens[i]) && !r->problem[0])
				snprintf(r->problem, sizeof r->problem,
					 "column %zu: invalid UTF-8", i + 1);
			continue;
		}
		need += 3 * r->flens[i] + 1;
	}
	if (need == 0)
		return;
	if (need > r->ucap) {
		char *grown = realloc(r->ubuf, need);

		if (!grown) {
			snprintf(r->problem, sizeof r->problem, "out of memory");
			return;
		}
		r->ubuf = grown;
		r->ucap = need;
	}
	if (r->to_utf8 == (iconv_t)-1)
		r->to_utf8 = iconv_open("UTF-8", iconv_name(r->enc));
	if (r->to_utf8 == (iconv_t)-1) {
		snprintf(r->problem, sizeof r->problem, "cannot convert from %s",
			 cm_csv_encoding_name(r->enc));
		return;
	}
	for (i = 0; i < nf; i++) {
		char *in = r->fbuf + r->fofs[i], *out = r->ubuf + used;
		size_t inleft = r->flens[i], outleft = need - used - 1;

		if (is_ascii(in, inleft))
			continue;
		iconv(r->to_utf8, NULL, NULL, NULL, NULL);
		if (iconv(r->to_utf8, &in, &inleft, &out, &outleft) == (size_t)-1) {
			if (!r->problem[0])
				snprintf(r->problem, sizeof r->problem,
					 "column %zu: byte 0x%02x is not %s", i + 1,
					 (unsigned char)*in, cm_csv_encoding_name(r->enc));
			continue;
		}
		*out = '\0';
		r->fptr[i] = r->ubuf + used;
		r->flens[i] = (size_t)(out - (r->ubuf + used));
		used = (size_t)(out - r->ubuf) + 1;
	}
}

static int only_blanks(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

static int all_empty(const struct cm_csv *r)
{
	size_t i, nf = r->nf < CM_CSV_MAX_FIELDS ? r->nf : CM_CSV_MAX_FIELDS;

	for (i = 0; i < nf; i++)
		if (!only_blanks((const unsigned char *)r->fbuf + r->fofs[i], r->flens[i]))
			return 0;
	return 1;
}

static void clear_record(struct cm_csv *r)
{
	r->rec.open_quote = 0;
	r->raw_len = 0;
	r->flen = 0;
	r->nf = 0;
	r->rec_done = 0;
	r->problem[0] = '\0';
}

/* The length of the record's first line: up to its first CR or LF, or all n bytes. */
static size_t first_line_len(const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n), *cr;

	if (nl)
		n = (size_t)(nl - p);
	cr = memchr(p, '\r', n);
	return cr ? (size_t)(cr - p) : n;
}

/* Fill r->rec from the pending record whose last line end is term_len bytes; 0 if blank. */
static int finish_record(struct cm_csv *r, size_t term_len)
{
	if (all_empty(r) && !r->problem[0]) {
		clear_record(r);
		return 0;
	}
	r->rec.line = r->rec_line;
	r->rec.nfields = r->nf;
	r->rec.raw = r->raw;
	r->rec.raw_len = r->raw_len - term_len;
	if (r->nf > CM_CSV_MAX_FIELDS && !r->problem[0])
		snprintf(r->problem, sizeof r->problem, "more than %d columns", CM_CSV_MAX_FIELDS);
	convert_fields(r);
	r->rec.field = r->fptr;
	r->rec.len = r->flens;
	r->rec.problem = r->problem[0] ? r->problem : NULL;
	r->rec.first_len = first_line_len(r->raw, r->rec.raw_len);
	r->reset_due = 1;
	return 1;
}

/* The end of the file: a last line without a line end, or a quote never closed. */
static int finish_file(struct cm_csv *r)
{
	r->done = 1;
	if (r->raw_len == 0) {
		csv_fini(&r->parser, on_field, on_row, r);
		return 0;
	}
	/* A line end closes the record unless a quoted field is still open. */
	csv_parse(&r->parser, "\n", 1, on_field, on_row, r);
	if (!r->rec_done) {
		csv_fini(&r->parser, on_field, on_row, r);
		snprintf(r->problem, sizeof r->problem, "quoted field not closed at the end of the file");
		r->rec.open_quote = 1;
	}
	return finish_record(r, 0);
}

/* Decoded as 8-bit, UTF-8 would be stored as "LÃ©a": the whole file is refused. */
static int utf8_declared_8bit(struct cm_csv *r, struct cm_error *err)
{
	r->done = 1;
	return cm_error_set(err, CM_EFAIL, "%s:%ld: the mapping declares %s but the file is in "
			    "UTF-8; declare \"encoding\": \"utf-8\" or \"auto\"", r->name,
			    r->utf8_line, cm_csv_encoding_name(r->enc));
}

int cm_csv_next(struct cm_csv *r, const struct cm_csv_record **rec, struct cm_error *err)
{
	int rc;

	if (r->reset_due) {
		clear_record(r);
		r->reset_due = 0;
	}
	for (;;) {
		unsigned char *p, *end, *nl, *q;
		size_t term_len;

		if (r->done)
			return 0;
		if (r->pos == r->len) {
			rc = read_more(r, err);
			if (rc < 0)
				return rc;
			if (rc == 0 && r->pos == r->len) {
				if (r->nul)
					return fail(r, err, CM_EFAIL, "%s", NUL_MESSAGE);
				if (!finish_file(r))
					return 0;
				*rec = &r->rec;
				return r->utf8_line ? utf8_declared_8bit(r, err) : 1;
			}
			continue;
		}
		p = r->buf + r->pos;
		end = r->buf + r->len;
		if (r->cr_at < r->pos)
			find_cr(r);
		nl = memchr(p, '\n', (size_t)(end - p));
		q = r->buf + r->cr_at < (nl ? nl : end) ? r->buf + r->cr_at : nl;
		if (!q) {
			/* The line goes on past the buffer: feed what there is. */
			rc = feed(r, p, (size_t)(end - p), err);
			if (rc < 0)
				return rc;
			r->pos = r->len;
			continue;
		}
		if (*q == '\r' && q + 1 == end && (!r->eof || r->replay_pos < r->replay_len)) {
			/* Is the next byte '\n'? Feed up to the CR and read on. */
			if (q > p) {
				rc = feed(r, p, (size_t)(q - p), err);
				if (rc < 0)
					return rc;
			}
			r->pos = (size_t)(q - r->buf);
			rc = read_more(r, err);
			if (rc < 0)
				return rc;
			continue;
		}
		term_len = (*q == '\r' && q + 1 < end && q[1] == '\n') ? 2 : 1;
		if (r->raw_len == 0 && only_blanks(p, (size_t)(q - p))) {
			/* A blank line between records. */
			r->pos = (size_t)(q - r->buf) + term_len;
			r->line++;
			continue;
		}
		if (plain_line(r, p, (size_t)(q - p)))
			rc = split_plain(r, p, (size_t)(q - p), term_len, err);
		else
			rc = feed(r, p, (size_t)(q - p) + term_len, err);
		if (rc < 0)
			return rc;
		r->pos = (size_t)(q - r->buf) + term_len;
		r->line++;
		if (r->rec_done && finish_record(r, term_len)) {
			*rec = &r->rec;
			return r->utf8_line ? utf8_declared_8bit(r, err) : 1;
		}
	}
}

static int start_parser(struct cm_csv *r, struct cm_error *err)
{
	if (csv_init(&r->parser, 0) != 0)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	r->parser_ready = 1;
	csv_set_delim(&r->parser, (unsigned char)r->delim);
	csv_set_space_func(&r->parser, is_blank);
	return 0;
}

int cm_csv_reread_after_first_line(struct cm_csv *r, struct cm_error *err)
{
	size_t skip = r->rec.first_len, rest, unread = r->len - r->pos;
	size_t queued = r->replay_len - r->replay_pos;
	char *replay;

	if (skip < r->raw_len && r->raw[skip] == '\r')
		skip++;
	if (skip < r->raw_len && r->raw[skip] == '\n')
		skip++;
	rest = r->raw_len - skip;
	replay = malloc(rest + unread + queued + 1);
	if (!replay)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	memcpy(replay, r->raw + skip, rest);
	memcpy(replay + rest, r->buf + r->pos, unread);
	if (queued)
		memcpy(replay + rest + unread, r->replay + r->replay_pos, queued);
	free(r->replay);
	r->replay = replay;
	r->replay_pos = 0;
	r->replay_len = rest + unread + queued;
	r->consumed += (long long)r->pos - (long long)rest;
	r->pos = r->len = 0;
	r->cr_at = 0;
	r->line = r->rec_line;
	clear_record(r);
	r->reset_due = 0;
	r->done = 0;
	if (r->parser_ready)
		csv_free(&r->parser);
	r->parser_ready = 0;
	return start_parser(r, err);
}

/* Counts of each candidate delimiter outside quotes on the line at p. */
static char sniff(const unsigned char *p, size_t n)
{
	static const char candidates[] = { ';', ',', '\t', '|' };
	size_t count[4] = { 0 }, i, k, best = 0;
	int quoted = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted && (p[i] == '\n' || p[i] == '\r'))
			break;
		else if (!quoted)
			for (k = 0; k < 4; k++)
				if (p[i] == (unsigned char)candidates[k])
					count[k]++;
	}
	for (k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return count[best] ? candidates[best] : ',';
}

static size_t line_length(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && p[i] != '\n' && p[i] != '\r'; i++)
		;
	return i;
}

/* Excel writes "sep=;" (sometimes quoted) as a first line to name the delimiter. */
static int sep_declaration(const unsigned char *p, size_t n, char *delim)
{
	size_t i = 0, len = line_length(p, n);

	if (len > 0 && p[0] == '"')
		i = 1;
	if (len < i + 5 || strncasecmp((const char *)p + i, "sep=", 4) != 0)
		return 0;
	i += 4;
	if (p[i] == '"')
		return 0;
	*delim = (char)p[i];
	for (i++; i < len; i++)
		if (p[i] != (unsigned char)*delim && p[i] != '"')
			return 0;
	return 1;
}

static void detect_newline(struct cm_csv *r)
{
	const unsigned char *p = r->buf + r->pos;
	size_t n = r->len - r->pos, i = line_length(p, n);

	strcpy(r->newline, "\n");
	if (i < n && p[i] == '\r')
		strcpy(r->newline, i + 1 < n && p[i + 1] == '\n' ? "\r\n" : "\r");
}

/* A byte-order mark of UTF-16 or UTF-32: refused, with a name for the message. */
static const char *wide_bom(const unsigned char *p, size_t n)
{
	if (n >= 4 && p[0] == 0xff && p[1] == 0xfe && p[2] == 0 && p[3] == 0)
		return "UTF-32LE";
	if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xfe && p[3] == 0xff)
		return "UTF-32BE";
	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe)
		return "UTF-16LE";
	if (n >= 2 && p[0] == 0xfe && p[1] == 0xff)
		return "UTF-16BE";
	return NULL;
}

/* Read until the buffer holds the whole first line(s) or is full. */
static int fill(struct cm_csv *r, struct cm_error *err)
{
	int rc;

	while (!r->eof && r->len < CHUNK) {
		size_t before = r->len;

		rc = read_more(r, err);
		if (rc < 0)
			return rc;
		if (r->len == before)
			break;
	}
	return 0;
}

static int start(struct cm_csv *r, const struct cm_csv_opts *o, struct cm_error *err)
{
	const char *wide;
	size_t n;
	int rc;

	r->buf = malloc(CHUNK);
	if (!r->buf)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	/* A UTF-16 BOM comes with NUL bytes; read_more would name those instead. */
	n = fread(r->buf, 1, 4, r->f);
	if (ferror(r->f))
		return cm_error_set(err, CM_EIO, "%s: read error: %s", r->name, strerror(errno));
	wide = wide_bom(r->buf, n);
	if (wide)
		return cm_error_set(err, CM_EFAIL,
				    "%s: the file is in %s; save it as UTF-8 or windows-1252",
				    r->name, wide);
	if (memchr(r->buf, '\0', n))
		return cm_error_set(err, CM_EFAIL, "%s:1: %s", r->name, NUL_MESSAGE);
	r->len = n;
	if (n < 4)
		r->eof = feof(r->f);
	rc = fill(r, err);
	if (rc < 0)
		return rc;
	if (r->len >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0) {
		r->bom = 1;
		r->pos = 3;
		r->enc = CM_ENC_UTF8;
		r->declared_8bit = 0;
	}
	r->delim = o->delimiter;
	if (sep_declaration(r->buf + r->pos, r->len - r->pos, &r->delim)) {
		const unsigned char *p = r->buf + r->pos;
		size_t left = r->len - r->pos;

		n = line_length(p, left);
		r->sep_line = strndup((const char *)p, n);
		if (!r->sep_line)
			return cm_error_set(err, CM_ENOMEM, "out of memory");
		if (n < left)
			n += (p[n] == '\r' && n + 1 < left && p[n + 1] == '\n') ? 2 : 1;
		r->pos += n;
		r->line = 1;
	}
	if (!r->delim)
		r->delim = sniff(r->buf + r->pos, r->len - r->pos);
	detect_newline(r);
	find_cr(r);
	return start_parser(r, err);
}

int cm_csv_open(struct cm_csv **out, FILE *f, const char *name, const struct cm_csv_opts *o,
		struct cm_error *err)
{
	struct cm_csv *r = calloc(1, sizeof *r);
	int rc;

	*out = NULL;
	if (!r)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	r->f = f;
	r->name = strdup(name);
	r->enc = o->encoding;
	r->declared_8bit = o->encoding == CM_ENC_WINDOWS_1252 || o->encoding == CM_ENC_ISO_8859_1;
	r->fallback = o->fallback == CM_ENC_AUTO || o->fallback == CM_ENC_UTF8
		? CM_ENC_WINDOWS_1252 : o->fallback;
	r->to_utf8 = (iconv_t)-1;
	r->from_utf8 = (iconv_t)-1;
	if (!r->name) {
		cm_csv_free(r);
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	rc = start(r, o, err);
	if (rc < 0) {
		cm_csv_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

char cm_csv_delimiter(const struct cm_csv *r)
{
	return r->delim;
}

enum cm_csv_encoding cm_csv_encoding(const struct cm_csv *r)
{
	return r->enc;
}

int cm_csv_had_bom(const struct cm_csv *r)
{
	return r->bom;
}

const char *cm_csv_sep_line(const struct cm_csv *r)
{
	return r->sep_line;
}

const char *cm_csv_newline(const struct cm_csv *r)
{
	return r->newline;
}

long long cm_csv_offset(const struct cm_csv *r)
{
	return r->consumed + (long long)r->pos;
}

char *cm_csv_to_file_encoding(struct cm_csv *r, const char *utf8)
{
	size_t inleft = strlen(utf8), outleft = inleft + 1;
	char *in = (char *)(uintptr_t)utf8, *res, *out;

	if (r->enc == CM_ENC_AUTO || r->enc == CM_ENC_UTF8 || is_ascii(utf8, inleft))
		return strdup(utf8);
	if (r->from_utf8 == (iconv_t)-1)
		r->from_utf8 = iconv_open(iconv_name(r->enc), "UTF-8");
	res = malloc(outleft);
	if (!res)
		return NULL;
	out = res;
	while (inleft > 0) {
		if (r->from_utf8 == (iconv_t)-1 ||
		    iconv(r->from_utf8, &in, &inleft, &out, &outleft) == (size_t)-1) {
			/* One '?' for the character that does not fit, then go on after it. */
			*out++ = '?';
			outleft--;
			do {
				in++;
				inleft--;
			} while (inleft > 0 && ((unsigned char)*in & 0xc0) == 0x80);
		}
	}
	*out = '\0';
	return res;
}

void cm_csv_free(struct cm_csv *r)
{
	if (!r)
		return;
	if (r->parser_ready)
		csv_free(&r->parser);
	if (r->to_utf8 != (iconv_t)-1)
		iconv_close(r->to_utf8);
	if (r->from_utf8 != (iconv_t)-1)
		iconv_close(r->from_utf8);
	free(r->buf);
	free(r->replay);
	free(r->raw);
	free(r->fbuf);
	free(r->ubuf);
	free(r->sep_line);
	free(r->name);
	free(r);
}
