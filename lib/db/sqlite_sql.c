/*
 * cm's SQL functions on SQLite (see sql_functions.h for what each gives).
 * The dates go through lib/date.c, so the SQL and the C code agree on
 * month ends and birthdays; the JSON lookups read programme rules and audit
 * copies with cJSON, keeping the last document parsed, since a query asks
 * the same rules of many rows.
 */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>
#include "cm/date.h"
#include "sql_functions.h"

/* The date at the start of a value (a date or an ISO 8601 time); 0 when there is none. */
static int date_arg(sqlite3_value *v, cm_days *out)
{
	const unsigned char *s = sqlite3_value_text(v);
	char day[CM_DATE_LEN];

	if (sqlite3_value_type(v) == SQLITE_NULL || !s || strlen((const char *)s) < 10)
		return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	return cm_date_parse_iso(day, out) == 0;
}

static void result_date(sqlite3_context *ctx, cm_days d)
{
	char out[CM_DATE_LEN];

	cm_date_format(d, out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* The date and the whole number of a (date, n) call; 0 gives NULL. */
static int date_and_count(sqlite3_context *ctx, sqlite3_value **argv, cm_days *d, int *n)
{
	if (!date_arg(argv[0], d) || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return 0;
	}
	*n = sqlite3_value_int(argv[1]);
	return 1;
}

static void add_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cm_days d;
	int n;

	(void)argc;
	if (date_and_count(ctx, argv, &d, &n))
		result_date(ctx, d + n);
}

static void add_months(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cm_days d;
	int n;

	(void)argc;
	if (date_and_count(ctx, argv, &d, &n))
		result_date(ctx, cm_date_add_months(d, n));
}

/* The day of the n-th birthday: 29 February gives 1 March in common years (cm_date_age). */
static void add_years(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cm_days d, out;
	int n, y, m, day;

	(void)argc;
	if (!date_and_count(ctx, argv, &d, &n))
		return;
	cm_date_to_ymd(d, &y, &m, &day);
	if (cm_date_from_ymd(y + n, m, day, &out) == 0 || cm_date_from_ymd(y + n, 3, 1, &out) == 0)
		result_date(ctx, out);
	else
		sqlite3_result_null(ctx);
}

static void days_between(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cm_days a, b;

	(void)argc;
	if (date_arg(argv[0], &a) && date_arg(argv[1], &b))
		sqlite3_result_int64(ctx, (sqlite3_int64)(b - a));
	else
		sqlite3_result_null(ctx);
}

static void age(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cm_days birth, on;

	(void)argc;
	if (date_arg(argv[0], &birth) && date_arg(argv[1], &on))
		sqlite3_result_int(ctx, cm_date_age(birth, on));
	else
		sqlite3_result_null(ctx);
}

/* The last JSON text a lookup function parsed, per function and connection. */
struct json_cache {
	char *text;
	cJSON *doc;
};

static void json_cache_free(void *p)
{
	struct json_cache *c = p;

	free(c->text);
	cJSON_Delete(c->doc);
	free(c);
}

static cJSON *json_doc(struct json_cache *c, const char *text)
{
	if (c->text && strcmp(c->text, text) == 0)
		return c->doc;
	free(c->text);
	cJSON_Delete(c->doc);
	c->text = strdup(text);
	c->doc = c->text ? cJSON_Parse(text) : NULL;
	return c->doc;
}

/* The value at path: $ then .key and [index] steps, as in SQLite's JSON paths. */
static cJSON *json_at(cJSON *v, const char *path)
{
	char key[128];
	size_t n;

	if (!v || *path++ != '$')
		return NULL;
	while (v && *path) {
		if (*path == '.') {
			n = strcspn(++path, ".[");
			if (n >= sizeof key)
				return NULL;
			memcpy(key, path, n);
			key[n] = '\0';
			v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, key) : NULL;
			path += n;
		} else if (*path == '[') {
			v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, atoi(path + 1)) : NULL;
			path += strcspn(path, "]");
			if (*path)
				path++;
		} else {
			return NULL;
		}
	}
	return v;
}

static cJSON *json_arg(sqlite3_context *ctx, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	const char *path = (const char *)sqlite3_value_text(argv[1]);

	if (!text || !path)
		return NULL;
	return json_at(json_doc(sqlite3_user_data(ctx), text), path);
}

/* A number (truncated) or a boolean (1, 0). */
static void json_int(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cJSON *v = json_arg(ctx, argv);

	(void)argc;
	if (cJSON_IsNumber(v))
		sqlite3_result_int64(ctx, (sqlite3_int64)v->valuedouble);
	else if (cJSON_IsBool(v))
		sqlite3_result_int(ctx, cJSON_IsTrue(v));
	else
		sqlite3_result_null(ctx);
}

static void json_real(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cJSON *v = json_arg(ctx, argv);

	(void)argc;
	if (cJSON_IsNumber(v))
		sqlite3_result_double(ctx, v->valuedouble);
	else
		sqlite3_result_null(ctx);
}

static void json_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cJSON *v = json_arg(ctx, argv);

	(void)argc;
	if (cJSON_IsString(v))
		sqlite3_result_text(ctx, v->valuestring, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/* SQLite's order of values: NULL, numbers, text, blobs. */
static int value_rank(sqlite3_value *v)
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		return 1;
	case SQLITE_TEXT:
		return 2;
	default:
		return 3;
	}
}

/* a against b as SQLite orders them (text by bytes, as the C collation does). */
static int value_cmp(sqlite3_value *a, sqlite3_value *b)
{
	int ra = value_rank(a), rb = value_rank(b), na, nb, c;
	double x, y;

	if (ra != rb)
		return ra - rb;
	if (ra == 1) {
		if (sqlite3_value_type(a) == SQLITE_INTEGER && sqlite3_value_type(b) == SQLITE_INTEGER)
			return (sqlite3_value_int64(a) > sqlite3_value_int64(b)) -
			       (sqlite3_value_int64(a) < sqlite3_value_int64(b));
		x = sqlite3_value_double(a);
		y = sqlite3_value_double(b);
		return (x > y) - (x < y);
	}
	na = sqlite3_value_bytes(a);
	nb = sqlite3_value_bytes(b);
	c = memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b), (size_t)(na < nb ? na : nb));
	return c ? c : na - nb;
}

/* The smaller (user data NULL) or the larger of two values; NULL when either is. */
static void pick(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int larger = sqlite3_user_data(ctx) != NULL, c;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	c = value_cmp(argv[0], argv[1]);
	sqlite3_result_value(ctx, (larger ? c >= 0 : c <= 0) ? argv[0] : argv[1]);
}

static int add_json(sqlite3 *db, const char *name, void (*fn)(sqlite3_context *, int, sqlite3_value **))
{
	struct json_cache *c = calloc(1, sizeof *c);

	if (!c)
		return SQLITE_NOMEM;
	return sqlite3_create_function_v2(db, name, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, c, fn,
					  NULL, NULL, json_cache_free);
}

int cm_db_sqlite_add_functions(sqlite3 *db)
{
	static const struct {
		const char *name;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} plain[] = {
		{ "cm_add_days", add_days },
		{ "cm_add_months", add_months },
		{ "cm_add_years", add_years },
		{ "cm_days", days_between },
		{ "cm_age", age },
	};
	static int larger = 1;
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; rc == SQLITE_OK && i < sizeof plain / sizeof plain[0]; i++)
		rc = sqlite3_create_function(db, plain[i].name, 2, flags, NULL, plain[i].fn, NULL,
					     NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cm_min", 2, flags, NULL, pick, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cm_max", 2, flags, &larger, pick, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = add_json(db, "cm_json_int", json_int);
	if (rc == SQLITE_OK)
		rc = add_json(db, "cm_json_real", json_real);
	if (rc == SQLITE_OK)
		rc = add_json(db, "cm_json_text", json_text);
	return rc;
}
