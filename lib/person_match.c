/*
 * One person, once: names folded so that case, accents, spaces and hyphens
 * do not tell two records apart, and the existing record an intake matches.
 */
#include <stdio.h>
#include <string.h>
#include "cm/case.h"
#include "cm/person.h"
#include "cm/store.h"
#include "sql.h"

/*
 * The base letter of each accented letter, U+00C0 to U+017F; '*' marks the
 * ligatures and letters written with two (see two_letters), '-' signs.
 */
static const char latin1[] = "aaaaaa*ceeeeiiiidnooooo-ouuuuy**aaaaaa*ceeeeiiiidnooooo-ouuuuy*y";
static const char latin_ext_a[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnn"
	"oooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static const char *two_letters(unsigned cp)
{
	switch (cp) {
	case 0xC6: case 0xE6: return "ae";
	case 0xDE: case 0xFE: return "th";
	case 0xDF: return "ss";
	case 0x132: case 0x133: return "ij";
	case 0x152: case 0x153: return "oe";
	}
	return "";
}

/* The code point at *p (advanced past it); a stray byte stands for itself. */
static unsigned next_code_point(const unsigned char **p, size_t *len)
{
	const unsigned char *s = *p;

	if (s[0] >= 0xC2 && s[0] < 0xE0 && (s[1] & 0xC0) == 0x80) {
		*len = 2;
		*p += 2;
		return (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	}
	*len = 1;
	(*p)++;
	return s[0];
}

static size_t put(char *out, size_t size, size_t n, const char *s, size_t len)
{
	for (; len > 0 && n + 1 < size; len--)
		out[n++] = *s++;
	return n;
}

size_t cm_name_fold(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	size_t n = 0, len;
	char c;

	while (*p) {
		const unsigned char *start = p;
		unsigned cp = next_code_point(&p, &len);

		if (cp < 0x80) {
			c = (char)cp;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				n = put(out, size, n, &c, 1);
		} else if (cp >= 0xC0 && cp <= 0x17F) {
			c = cp < 0x100 ? latin1[cp - 0xC0] : latin_ext_a[cp - 0x100];
			if (c == '*')
				n = put(out, size, n, two_letters(cp), 2);
			else if (c != '-')
				n = put(out, size, n, &c, 1);
		} else if (cp >= 0x80 && cp < 0xC0 && len == 2) {
			continue;    /* punctuation and signs of Latin-1 */
		} else {
			/* Other scripts: kept as written, so they still compare equal. */
			while (*p && (*p & 0xC0) == 0x80)
				p++;
			n = put(out, size, n, (const char *)start, (size_t)(p - start));
		}
	}
	if (size)
		out[n] = '\0';
	return n;
}

void cm_name_sort_key(const char *last, const char *first, char *out, size_t size)
{
	size_t n = cm_name_fold(last, out, size);

	/* A separator below every letter: "Dupont, Zoé" before "Duponte, Anne". */
	if (n + 2 < size) {
		out[n] = '\x01';
		cm_name_fold(first, out + n + 1, size - n - 1);
	}
}

int cm_name_matches(const char *text, const char *first, const char *last)
{
	char want[CM_NAME_KEY_LEN], f[CM_NAME_KEY_LEN], l[CM_NAME_KEY_LEN];
	char both[2 * CM_NAME_KEY_LEN];

	if (!cm_name_fold(text, want, sizeof want))
		return 0;
	cm_name_fold(first, f, sizeof f);
	cm_name_fold(last, l, sizeof l);
	snprintf(both, sizeof both, "%s%s", f, l);
	if (strstr(both, want))
		return 1;
	snprintf(both, sizeof both, "%s%s", l, f);
	return strstr(both, want) != NULL;
}

static int same_key(const char *a, const char *b)
{
	char ka[CM_NAME_KEY_LEN], kb[CM_NAME_KEY_LEN];

	return cm_name_fold(a, ka, sizeof ka) > 0 && cm_name_fold(b, kb, sizeof kb) > 0
	       && strcmp(ka, kb) == 0;
}

enum cm_match_kind cm_person_compare(const char *first1, const char *last1,
				     const char *first2, const char *last2)
{
	if (same_key(first1, first2) && same_key(last1, last2))
		return CM_MATCH_NAME;
	if (same_key(first1, last2) && same_key(last1, first2))
		return CM_MATCH_SWAPPED;
	return CM_MATCH_NONE;
}

static void copy_col(struct cm_stmt *st, int i, char *out, size_t size)
{
	const char *v = cm_stmt_column_text(st, i);

	snprintf(out, size, "%s", v ? v : "");
}

static void fill_match(struct cm_stmt *st, enum cm_match_kind kind, struct cm_person_match *m)
{
	m->kind = kind;
	m->person = cm_stmt_column_int64(st, 0);
	copy_col(st, 1, m->first_name, sizeof m->first_name);
	copy_col(st, 2, m->last_name, sizeof m->last_name);
	copy_col(st, 3, m->birth_date, sizeof m->birth_date);
	copy_col(st, 4, m->source, sizeof m->source);
	copy_col(st, 5, m->ext_id, sizeof m->ext_id);
}

#define MATCH_COLUMNS "SELECT id, first_name, last_name, birth_date, source, ext_id FROM person"
/* A pseudonymised record no longer names anyone. */
#define NOT_PSEUDONYMISED " AND pseudonymised_on IS NULL"

static int match_ext_id(struct cm_store *s, const struct cm_person_fields *p,
			struct cm_person_match *m, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, MATCH_COLUMNS " WHERE ext_id = ? AND source <> ?"
			    NOT_PSEUDONYMISED " ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, p->ext_id, -1);
	cm_stmt_bind_text(st, 2, p->source ? p->source : "local", -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW)
		fill_match(st, CM_MATCH_EXT_ID, m);
	rc = rc == CM_DB_ROW || rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "find person");
	cm_stmt_finalize(st);
	return rc;
}

static int match_name(struct cm_store *s, const struct cm_person_fields *p,
		      struct cm_person_match *m, struct cm_error *err)
{
	enum cm_match_kind kind = CM_MATCH_NONE;
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, MATCH_COLUMNS " WHERE birth_date = ?" NOT_PSEUDONYMISED
			    " ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, p->birth_date, -1);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		kind = cm_person_compare(p->first_name, p->last_name, cm_stmt_column_text(st, 1),
					 cm_stmt_column_text(st, 2));
		if (kind != CM_MATCH_NONE) {
			fill_match(st, kind, m);
			break;
		}
	}
	rc = rc == CM_DB_ROW || rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "find person");
	cm_stmt_finalize(st);
	return rc;
}

int cm_person_find_match(struct cm_store *s, const struct cm_person_fields *p,
			 struct cm_person_match *m, struct cm_error *err)
{
	int rc = 0;

	memset(m, 0, sizeof *m);
	if (p->ext_id)
		rc = match_ext_id(s, p, m, err);
	if (rc == 0 && !m->person && p->birth_date && p->first_name && p->last_name)
		rc = match_name(s, p, m, err);
	return rc;
}

int cm_person_match_error(const struct cm_person_match *m, struct cm_error *err)
{
	long long id = (long long)m->person;

	switch (m->kind) {
	case CM_MATCH_NAME:
		return cm_error_set(err, CM_ECONFLICT, "person %lld (%s %s, born %s) has the same"
				    " name and birth date; give --person %lld if this is them, or"
				    " --new-person if not", id, m->first_name, m->last_name,
				    m->birth_date, id);
	case CM_MATCH_SWAPPED:
		return cm_error_set(err, CM_ECONFLICT, "person %lld (%s %s, born %s) has the same"
				    " birth date and these names swapped; give --person %lld if this"
				    " is them, or --new-person if not", id, m->first_name,
				    m->last_name, m->birth_date, id);
	case CM_MATCH_EXT_ID:
		return cm_error_set(err, CM_ECONFLICT, "person %lld (%s %s) has external id %s"
				    " under source %s; give --person %lld if this is them, or"
				    " --new-person if not", id, m->first_name, m->last_name,
				    m->ext_id, m->source, id);
	case CM_MATCH_NONE:
		break;
	}
	return 0;
}
