/*
 * Mapping files: which column of an export is which field, with date formats,
 * recodings and defaults. Everything that can be checked before reading the
 * export is checked here, so a bad mapping fails before any row is touched.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "cm/closure.h"
#include "cm/text.h"
#include "mapping.h"
#include "workflow.h"

#define MAPPING_MAX_BYTES (1 << 20)

static const char *const field_names[CM_F_COUNT] = {
	[CM_F_EXT_ID] = "ext_id",
	[CM_F_FIRST_NAME] = "first_name",
	[CM_F_LAST_NAME] = "last_name",
	[CM_F_BIRTH_DATE] = "birth_date",
	[CM_F_SEX] = "sex",
	[CM_F_POSTCODE] = "postcode",
	[CM_F_PHONE] = "phone",
	[CM_F_EMAIL] = "email",
	[CM_F_LANGUAGE] = "language",
	[CM_F_REGISTERED_ON] = "registered_on",
	[CM_F_NOTES] = "notes",
	[CM_F_WORKER] = "worker",
	[CM_F_PROGRAMME] = "programme",
	[CM_F_REFERRAL_SOURCE] = "referral_source",
	[CM_F_INCAPACITY] = "incapacity",
	[CM_F_DELETED] = "deleted",
	[CM_F_CLOSED_ON] = "closed_on",
	[CM_F_OUTCOME] = "outcome",
	[CM_F_UPDATED_AT] = "updated_at",
};

const char *cm_import_field_name(enum cm_import_field f)
{
	return field_names[f];
}

int cm_import_field_is_date(enum cm_import_field f)
{
	return f == CM_F_BIRTH_DATE || f == CM_F_REGISTERED_ON || f == CM_F_CLOSED_ON ||
	       f == CM_F_UPDATED_AT;
}

static int one_of(const char *v, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(v, *allowed) == 0)
			return 1;
	return 0;
}

static int percent(const char *v)
{
	size_t n = strspn(v, "0123456789");

	return n > 0 && n <= 3 && !v[n] && atoi(v) <= 100;
}

const char *cm_map_check_value(enum cm_import_field f, const char *v)
{
	static const char *const sexes[] = { "male", "female", "other", "unknown", NULL };
	static const char *const sources[] = { "pes", "school", "partner", "self", "other", NULL };
	const char *why = cm_text_problem(v, f == CM_F_NOTES ? CM_TEXT_NOTE : CM_TEXT_LINE);
	cm_days d;

	if (why)
		return why;
	switch (f) {
	case CM_F_OUTCOME:
		return cm_wf_one_of(v, cm_outcomes) ? NULL : "not an outcome code (see cm-close(1))";
	case CM_F_BIRTH_DATE:
	case CM_F_REGISTERED_ON:
	case CM_F_CLOSED_ON:
	case CM_F_UPDATED_AT:
		return cm_date_parse_iso(v, &d) < 0 ? "not a date (YYYY-MM-DD)" : NULL;
	case CM_F_SEX:
		return one_of(v, sexes) ? NULL : "not one of male, female, other, unknown";
	case CM_F_REFERRAL_SOURCE:
		return one_of(v, sources) ? NULL : "not one of pes, school, partner, self, other";
	case CM_F_EMAIL:
		return strchr(v, '@') ? NULL : "not an e-mail address";
	case CM_F_INCAPACITY:
		return percent(v) ? NULL : "not a whole percentage from 0 to 100";
	case CM_F_EXT_ID:
	case CM_F_FIRST_NAME:
	case CM_F_LAST_NAME:
	case CM_F_WORKER:
	case CM_F_PROGRAMME:
		return *v ? NULL : "empty";
	default:
		return NULL;
	}
}

static int pair_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cm_map_pair *)a)->from, ((const struct cm_map_pair *)b)->from);
}

const char *cm_map_lookup(const struct cm_map_field *f, const char *v)
{
	struct cm_map_pair key = { (char *)(uintptr_t)v, NULL };
	const struct cm_map_pair *hit = bsearch(&key, f->map, f->nmap, sizeof *f->map, pair_cmp);

	return hit ? hit->to : NULL;
}

struct loader {
	struct cm_mapping *m;
	struct cm_error *err;
};

__attribute__((format(printf, 2, 3)))
static int bad(struct loader *l, const char *fmt, ...)
{
	char msg[CM_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cm_error_set(l->err, CM_EUSAGE, "mapping '%s': %s", l->m->name, msg);
}

/* JSON allows a key twice; a mapping does not (which one would be meant?). */
static const char *repeated_key(const cJSON *obj)
{
	const cJSON *a, *b;

	for (a = obj->child; a; a = a->next)
		for (b = a->next; b; b = b->next)
			if (strcmp(a->string, b->string) == 0)
				return a->string;
	return NULL;
}

static int dup_string(struct loader *l, char **dst, const char *src)
{
	*dst = strdup(src);
	return *dst ? 0 : cm_error_set(l->err, CM_ENOMEM, "out of memory");
}

static int add_date(struct loader *l, enum cm_import_field f, struct cm_map_field *mf,
		    const cJSON *item)
{
	if (!cJSON_IsString(item))
		return bad(l, "field '%s': a date pattern must be a string", field_names[f]);
	if (mf->ndates == CM_MAP_MAX_DATES)
		return bad(l, "field '%s': more than %d date patterns", field_names[f],
			   CM_MAP_MAX_DATES);
	if (cm_date_pattern_parse(item->valuestring, &mf->dates[mf->ndates]) < 0)
		return bad(l, "field '%s': unknown date pattern '%s' (dd/mm/yyyy, mm/dd/yyyy, "
			   "yyyy-mm-dd, yyyymmdd, dd/mm/yy, dd.mm.yyyy, d/m/yyyy, dd-mm-yyyy, "
			   "dd-mm-yy, dd-mon-yyyy, dd-mon-yy, iso)", field_names[f], item->valuestring);
	mf->ndates++;
	return 0;
}

static int load_dates(struct loader *l, enum cm_import_field f, struct cm_map_field *mf,
		      const cJSON *v)
{
	const cJSON *item;
	int rc;

	if (!cm_import_field_is_date(f))
		return bad(l, "field '%s': \"date\" is only for birth_date, registered_on and closed_on",
			   field_names[f]);
	if (cJSON_IsString(v))
		return add_date(l, f, mf, v);
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
		return bad(l, "field '%s': \"date\" must be a pattern or a list of patterns",
			   field_names[f]);
	cJSON_ArrayForEach(item, v) {
		rc = add_date(l, f, mf, item);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int load_map(struct loader *l, enum cm_import_field f, struct cm_map_field *mf,
		    const cJSON *v)
{
	const cJSON *item;
	const char *why;
	size_t i;
	int rc;

	if (!cJSON_IsObject(v))
		return bad(l, "field '%s': \"map\" must be an object of value: recoding",
			   field_names[f]);
	mf->nmap = (size_t)cJSON_GetArraySize(v);
	mf->map = calloc(mf->nmap ? mf->nmap : 1, sizeof *mf->map);
	if (!mf->map)
		return cm_error_set(l->err, CM_ENOMEM, "out of memory");
	for (i = 0, item = v->child; item; item = item->next, i++) {
		if (!cJSON_IsString(item))
			return bad(l, "field '%s': the recoding of '%s' must be a string",
				   field_names[f], item->string);
		why = *item->valuestring ? cm_map_check_value(f, item->valuestring) : NULL;
		if (why)
			return bad(l, "field '%s': recoding '%s' -> '%s': %s", field_names[f],
				   item->string, item->valuestring, why);
		rc = dup_string(l, &mf->map[i].from, item->string);
		if (rc == 0)
			rc = dup_string(l, &mf->map[i].to, item->valuestring);
		if (rc < 0)
			return rc;
	}
	qsort(mf->map, mf->nmap, sizeof *mf->map, pair_cmp);
	for (i = 1; i < mf->nmap; i++)
		if (strcmp(mf->map[i - 1].from, mf->map[i].from) == 0)
			return bad(l, "field '%s': '%s' is recoded twice", field_names[f],
				   mf->map[i].from);
	return 0;
}

/*
 * "flags": {"Woman": "female", "Man": "male", ...}: yes/no columns (HMIS
 * FY2024's gender), read as one field.
 */
static int load_flags(struct loader *l, enum cm_import_field f, struct cm_map_field *mf,
		      const cJSON *v)
{
	const cJSON *item;
	const char *why;
	int rc = 0;

	if (!l->m->header)
		return bad(l, "field '%s': \"flags\" name header columns; the export needs a header",
			   field_names[f]);
	if (!cJSON_IsObject(v) || !v->child || cJSON_GetArraySize(v) > CM_MAP_MAX_FLAGS)
		return bad(l, "field '%s': \"flags\" must be an object of 1 to %d column names, "
			   "each with its value", field_names[f], CM_MAP_MAX_FLAGS);
	mf->flags = calloc((size_t)cJSON_GetArraySize(v), sizeof *mf->flags);
	if (!mf->flags)
		return cm_error_set(l->err, CM_ENOMEM, "out of memory");
	for (item = v->child; item && rc == 0; item = item->next) {
		if (!*item->string)
			return bad(l, "field '%s': a flag needs a column name", field_names[f]);
		if (!cJSON_IsString(item) || !*item->valuestring)
			return bad(l, "field '%s': flag '%s' must give a value", field_names[f],
				   item->string);
		why = cm_map_check_value(f, item->valuestring);
		if (why)
			return bad(l, "field '%s': flag '%s' -> '%s': %s", field_names[f],
				   item->string, item->valuestring, why);
		rc = dup_string(l, &mf->flags[mf->nflags].from, item->string);
		if (rc == 0)
			rc = dup_string(l, &mf->flags[mf->nflags++].to, item->valuestring);
	}
	return rc;
}

/* ["nom", "Name"]: the first header name found wins; the others are aliases. */
static int load_column_names(struct loader *l, enum cm_import_field f, struct cm_map_field *mf,
			     const cJSON *v)
{
	const cJSON *item;
	int n = cJSON_GetArraySize(v), rc;

	if (!l->m->header)
		return bad(l, "field '%s': with \"header\": false, \"column\" is a number from 1",
			   field_names[f]);
	cJSON_ArrayForEach(item, v)
		if (!cJSON_IsString(item) || !*item->valuestring)
			return bad(l, "field '%s': a list of columns must hold header names",
				   field_names[f]);
	if (n == 0)
		return bad(l, "field '%s': the list of columns is empty", field_names[f]);
	mf->aliases = calloc((size_t)n, sizeof *mf->aliases);
	if (!mf->aliases)
		return cm_error_set(l->err, CM_ENOMEM, "out of memory");
	rc = dup_string(l, &mf->column, v->child->valuestring);
	for (item = v->child->next; item && rc == 0; item = item->next)
		rc = dup_string(l, &mf->aliases[mf->naliases++], item->valuestring);
	return rc;
}

static int load_column(struct loader *l, enum cm_import_field f, struct cm_map_field *mf,
		       const cJSON *v)
{
	if (cJSON_IsArray(v))
		return load_column_names(l, f, mf, v);
	if (cJSON_IsString(v) && *v->valuestring) {
		if (!l->m->header)
			return bad(l, "field '%s': with \"header\": false, \"column\" is a number "
				   "from 1", field_names[f]);
		return dup_string(l, &mf->column, v->valuestring);
	}
	if (cJSON_IsNumber(v) && v->valuedouble >= 1 && v->valuedouble <= CM_CSV_MAX_FIELDS &&
	    v->valuedouble == (double)(int)v->valuedouble) {
		mf->colnum = (int)v->valuedouble;
		return 0;
	}
	return bad(l, "field '%s': \"column\" must be a header name, a list of header names or "
		   "a column number from 1 to %d", field_names[f], CM_CSV_MAX_FIELDS);
}

/* A final value given in the mapping ("default", "value"): checked now. */
static int load_final(struct loader *l, enum cm_import_field f, const char *key, char **dst,
		      const cJSON *v)
{
	const char *why;

	if (!cJSON_IsString(v))
		return bad(l, "field '%s': \"%s\" must be a string", field_names[f], key);
	why = cm_map_check_value(f, v->valuestring);
	if (why)
		return bad(l, "field '%s': %s '%s': %s", field_names[f], key, v->valuestring, why);
	return dup_string(l, dst, v->valuestring);
}

static int is_required(enum cm_import_field f)
{
	return f == CM_F_EXT_ID || f == CM_F_FIRST_NAME || f == CM_F_LAST_NAME;
}

static int load_on_error(struct loader *l, enum cm_import_field f, struct cm_map_field *mf,
			 const cJSON *v)
{
	if (!cJSON_IsString(v) || (strcmp(v->valuestring, "reject") != 0 &&
				   strcmp(v->valuestring, "empty") != 0))
		return bad(l, "field '%s': \"on_error\" must be \"reject\" or \"empty\"",
			   field_names[f]);
	mf->on_error_empty = strcmp(v->valuestring, "empty") == 0;
	if (mf->on_error_empty && is_required(f))
		return bad(l, "field '%s' is required: a bad value always rejects the row",
			   field_names[f]);
	return 0;
}

static int load_field(struct loader *l, enum cm_import_field f, const cJSON *spec)
{
	struct cm_map_field *mf = &l->m->field[f];
	const cJSON *item;
	int rc = 0;

	if (!cJSON_IsObject(spec))
		return bad(l, "field '%s' must be an object", field_names[f]);
	if (repeated_key(spec))
		return bad(l, "field '%s': key '%s' is given twice", field_names[f],
			   repeated_key(spec));
	mf->present = 1;
	for (item = spec->child; item && rc == 0; item = item->next) {
		if (strcmp(item->string, "column") == 0)
			rc = load_column(l, f, mf, item);
		else if (strcmp(item->string, "value") == 0)
			rc = load_final(l, f, "value", &mf->value, item);
		else if (strcmp(item->string, "default") == 0)
			rc = load_final(l, f, "default", &mf->def, item);
		else if (strcmp(item->string, "date") == 0)
			rc = load_dates(l, f, mf, item);
		else if (strcmp(item->string, "map") == 0)
			rc = load_map(l, f, mf, item);
		else if (strcmp(item->string, "on_error") == 0)
			rc = load_on_error(l, f, mf, item);
		else if (strcmp(item->string, "flags") == 0)
			rc = load_flags(l, f, mf, item);
		else if (strcmp(item->string, "several") == 0)
			rc = load_final(l, f, "several", &mf->several, item);
		else
			rc = bad(l, "field '%s': unknown key '%s' (column, value, default, date, map, "
				 "on_error, flags, several)", field_names[f], item->string);
	}
	if (rc < 0)
		return rc;
	if (mf->nflags && (mf->column || mf->colnum || mf->value || mf->ndates || mf->map ||
			   f == CM_F_EXT_ID || cm_import_field_is_date(f)))
		return bad(l, "field '%s': \"flags\" stand for \"column\", and take no \"value\", "
			   "\"date\" or \"map\" (not for ext_id or a date)", field_names[f]);
	if (mf->several && !mf->nflags)
		return bad(l, "field '%s': \"several\" goes with \"flags\"", field_names[f]);
	if (mf->nflags)
		return 0;
	if (!!mf->value == !!(mf->column || mf->colnum))
		return bad(l, "field '%s' needs either \"column\" or \"value\"", field_names[f]);
	if (mf->value && (mf->def || mf->ndates || mf->map))
		return bad(l, "field '%s': \"value\" is a constant; \"default\", \"date\" and \"map\" "
			   "go with \"column\"", field_names[f]);
	if (f == CM_F_EXT_ID && mf->value)
		return bad(l, "field 'ext_id' must come from a column");
	if (cm_import_field_is_date(f) && !mf->ndates && !mf->value)
		mf->dates[mf->ndates++] = CM_DATE_ISO;
	return 0;
}

/* An export of exits holds the id, the exit date, the outcome, and maybe a programme and a deleted mark. */
static int field_of_kind(const struct cm_mapping *m, enum cm_import_field f)
{
	int for_exits = f == CM_F_EXT_ID || f == CM_F_CLOSED_ON || f == CM_F_OUTCOME ||
		f == CM_F_PROGRAMME || f == CM_F_DELETED;

	return m->exits ? for_exits : f != CM_F_CLOSED_ON && f != CM_F_OUTCOME;
}

static int load_fields(struct loader *l, const cJSON *fields)
{
	static const enum cm_import_field intake[] = { CM_F_EXT_ID, CM_F_FIRST_NAME, CM_F_LAST_NAME };
	static const enum cm_import_field exits[] = { CM_F_EXT_ID, CM_F_CLOSED_ON, CM_F_OUTCOME };
	const enum cm_import_field *required = l->m->exits ? exits : intake;
	const cJSON *item;
	size_t i;
	int f, rc;

	if (!cJSON_IsObject(fields))
		return bad(l, "\"fields\" must be an object");
	for (item = fields->child; item; item = item->next) {
		for (f = 0; f < CM_F_COUNT; f++)
			if (strcmp(item->string, field_names[f]) == 0)
				break;
		if (f == CM_F_COUNT)
			return bad(l, "unknown field '%s'", item->string);
		if (l->m->field[f].present)
			return bad(l, "field '%s' is given twice", item->string);
		if (!field_of_kind(l->m, (enum cm_import_field)f))
			return l->m->exits
				? bad(l, "field '%s' is not for \"kind\": \"exits\" (ext_id, closed_on, "
				      "outcome, programme, deleted)", item->string)
				: bad(l, "field '%s' is only for \"kind\": \"exits\"", item->string);
		rc = load_field(l, (enum cm_import_field)f, item);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < sizeof intake / sizeof intake[0]; i++)
		if (!l->m->field[required[i]].present)
			return bad(l, "field '%s' is required", field_names[required[i]]);
	if (l->m->deleted_outcome && !l->m->field[CM_F_DELETED].present)
		return bad(l, "\"on_deleted\" needs the field 'deleted'");
	return 0;
}

static int load_delimiter(struct loader *l, const cJSON *v)
{
	const char *s = cJSON_IsString(v) ? v->valuestring : NULL;

	if (s && strcmp(s, "auto") == 0)
		l->m->delimiter = 0;
	else if (s && (strcmp(s, "tab") == 0 || strcmp(s, "\t") == 0))
		l->m->delimiter = '\t';
	else if (s && strlen(s) == 1 && strchr(";,|:", s[0]))
		l->m->delimiter = s[0];
	else
		return bad(l, "\"delimiter\" must be \"auto\", \";\", \",\", \"\\t\" (or \"tab\"), "
			   "\"|\" or \":\"");
	return 0;
}

static int load_encoding(struct loader *l, const cJSON *v, const char *key,
			 enum cm_csv_encoding *out)
{
	if (!cJSON_IsString(v) || cm_csv_encoding_parse(v->valuestring, out) < 0)
		return bad(l, "\"%s\" must be \"auto\", \"utf-8\", \"windows-1252\" or "
			   "\"iso-8859-1\"", key);
	if (strcmp(key, "fallback_encoding") == 0 &&
	    (*out == CM_ENC_AUTO || *out == CM_ENC_UTF8))
		return bad(l, "\"fallback_encoding\" must be an 8-bit encoding "
			   "(windows-1252 or iso-8859-1)");
	return 0;
}

static int load_kind(struct loader *l, const cJSON *v)
{
	if (!cJSON_IsString(v) || (strcmp(v->valuestring, "intake") != 0 &&
				   strcmp(v->valuestring, "exits") != 0))
		return bad(l, "\"kind\" must be \"intake\" or \"exits\"");
	l->m->exits = strcmp(v->valuestring, "exits") == 0;
	return 0;
}

/* {"close": "OUTCOME"}: a deleted record's open case is closed with that outcome. */
static int load_on_deleted(struct loader *l, const cJSON *v)
{
	const cJSON *close = cJSON_GetObjectItemCaseSensitive(v, "close");

	if (!cJSON_IsObject(v) || cJSON_GetArraySize(v) != 1 || !cJSON_IsString(close))
		return bad(l, "\"on_deleted\" must be {\"close\": \"OUTCOME\"}");
	if (!cm_wf_one_of(close->valuestring, cm_outcomes))
		return bad(l, "\"on_deleted\": '%s' is not an outcome code (see cm-close(1))",
			   close->valuestring);
	return dup_string(l, &l->m->deleted_outcome, close->valuestring);
}

static int load_top(struct loader *l, const cJSON *root)
{
	const cJSON *item, *fields = NULL, *on_deleted = NULL;
	int rc = 0;

	if (!cJSON_IsObject(root))
		return bad(l, "not a JSON object");
	if (repeated_key(root))
		return bad(l, "key '%s' is given twice", repeated_key(root));
	/* "header" first: it decides how "column" is read. */
	item = cJSON_GetObjectItemCaseSensitive(root, "header");
	if (item && !cJSON_IsBool(item))
		return bad(l, "\"header\" must be true or false");
	l->m->header = !item || cJSON_IsTrue(item);
	for (item = root->child; item && rc == 0; item = item->next) {
		if (strcmp(item->string, "source") == 0) {
			if (!cJSON_IsString(item) || !*item->valuestring)
				return bad(l, "\"source\" must be a non-empty string");
			rc = dup_string(l, &l->m->source, item->valuestring);
		} else if (strcmp(item->string, "programme") == 0) {
			if (!cJSON_IsString(item) || !*item->valuestring)
				return bad(l, "\"programme\" must be a non-empty string");
			rc = dup_string(l, &l->m->programme, item->valuestring);
		} else if (strcmp(item->string, "delimiter") == 0) {
			rc = load_delimiter(l, item);
		} else if (strcmp(item->string, "encoding") == 0) {
			rc = load_encoding(l, item, "encoding", &l->m->encoding);
		} else if (strcmp(item->string, "fallback_encoding") == 0) {
			rc = load_encoding(l, item, "fallback_encoding", &l->m->fallback);
		} else if (strcmp(item->string, "fields") == 0) {
			fields = item;
		} else if (strcmp(item->string, "kind") == 0) {
			rc = load_kind(l, item);
		} else if (strcmp(item->string, "on_deleted") == 0) {
			on_deleted = item;
		} else if (strcmp(item->string, "workers") == 0) {
			if (!cJSON_IsString(item) || (strcmp(item->valuestring, "create") != 0 &&
						      strcmp(item->valuestring, "known") != 0))
				return bad(l, "\"workers\" must be \"create\" or \"known\"");
			l->m->create_workers = strcmp(item->valuestring, "create") == 0;
		} else if (strcmp(item->string, "description") != 0 &&
			   strcmp(item->string, "header") != 0) {
			rc = bad(l, "unknown key '%s'", item->string);
		}
	}
	if (rc < 0)
		return rc;
	if (!l->m->source)
		return bad(l, "\"source\" is required (the name of the employment service)");
	if (!fields)
		return bad(l, "\"fields\" is required");
	if (on_deleted) {
		rc = load_on_deleted(l, on_deleted);
		if (rc < 0)
			return rc;
	}
	return load_fields(l, fields);
}

int cm_mapping_parse(const char *text, size_t len, const char *name, struct cm_mapping **out,
		     struct cm_error *err)
{
	struct cm_mapping *m = calloc(1, sizeof *m);
	struct loader l = { m, err };
	const char *end = NULL;
	cJSON *root;
	int rc;

	*out = NULL;
	if (!m || !(m->name = strdup(name))) {
		free(m);
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	m->encoding = CM_ENC_AUTO;
	m->fallback = CM_ENC_WINDOWS_1252;
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (root && end)
		while (end < text + len && strchr(" \t\r\n", *end) && *end)
			end++;
	if (!root || !end || end != text + len) {
		rc = bad(&l, "invalid JSON near byte %ld",
			 root && end ? (long)(end - text) : (long)(cJSON_GetErrorPtr() - text));
		cJSON_Delete(root);
	} else {
		rc = load_top(&l, root);
		cJSON_Delete(root);
	}
	if (rc < 0) {
		cm_mapping_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

int cm_mapping_load(const char *path, struct cm_mapping **out, struct cm_error *err)
{
	FILE *f = fopen(path, "rb");
	char *text;
	size_t n;
	int rc;

	*out = NULL;
	if (!f)
		return cm_error_set(err, CM_EIO, "cannot read mapping '%s': %s", path, strerror(errno));
	text = malloc(MAPPING_MAX_BYTES + 1);
	if (!text) {
		fclose(f);
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	n = fread(text, 1, MAPPING_MAX_BYTES + 1, f);
	if (ferror(f))
		rc = cm_error_set(err, CM_EIO, "cannot read mapping '%s': %s", path, strerror(errno));
	else if (n > MAPPING_MAX_BYTES)
		rc = cm_error_set(err, CM_EUSAGE, "mapping '%s': larger than 1 MiB", path);
	else
		rc = cm_mapping_parse(text, n, path, out, err);
	free(text);
	fclose(f);
	return rc;
}

static void field_release(struct cm_map_field *f)
{
	size_t i;

	for (i = 0; i < f->nmap && f->map; i++) {
		free(f->map[i].from);
		free(f->map[i].to);
	}
	free(f->map);
	for (i = 0; i < f->nflags; i++) {
		free(f->flags[i].from);
		free(f->flags[i].to);
	}
	free(f->flags);
	free(f->several);
	for (i = 0; i < f->naliases; i++)
		free(f->aliases[i]);
	free(f->aliases);
	free(f->column);
	free(f->def);
	free(f->value);
}

void cm_mapping_free(struct cm_mapping *m)
{
	int f;

	if (!m)
		return;
	for (f = 0; f < CM_F_COUNT; f++)
		field_release(&m->field[f]);
	free(m->name);
	free(m->source);
	free(m->programme);
	free(m->deleted_outcome);
	free(m);
}
