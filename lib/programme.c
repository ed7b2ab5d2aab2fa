/* Programme profiles: the built-ins, checking a profile document, reading rules. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "cm/audit.h"
#include "cm/programme.h"
#include "cm/store.h"
#include "cm/suggest.h"
#include "programme_builtin.h"
#include "cm/access.h"
#include "sql.h"

int cm_programme_seed_builtin(struct cm_store *s, struct cm_error *err)
{
	struct cm_stmt *st;
	size_t i;
	int rc;

	rc = cm_sql_prepare(s, "INSERT OR IGNORE INTO programme(id, name, rules, builtin)"
			       " VALUES (?, ?, ?, 1)", &st, err);
	if (rc < 0)
		return rc;
	for (i = 0; i < cm_builtin_programme_count && rc == 0; i++) {
		cm_stmt_reset(st);
		cm_stmt_bind_text(st, 1, cm_builtin_programmes[i].id, -1);
		cm_stmt_bind_text(st, 2, cm_builtin_programmes[i].name, -1);
		cm_stmt_bind_text(st, 3, cm_builtin_programmes[i].rules, -1);
		rc = cm_sql_step_done(s, st, err, "seed programmes");
	}
	cm_stmt_finalize(st);
	return rc;
}

/*
 * A --programme that names no programme is a mistake, not an empty result:
 * CM_EUSAGE with the closest id when it looks like a typo, and all of them,
 * the same in every command that takes the option.
 */
int cm_programme_check(struct cm_store *s, const char *id, struct cm_error *err)
{
	char list[1024], near[128] = "";
	size_t n = 0, d, best = 3;
	struct cm_stmt *st;
	int rc, found = 0;

	rc = cm_sql_prepare(s, "SELECT id FROM programme ORDER BY id", &st, err);
	if (rc < 0)
		return rc;
	list[0] = '\0';
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		const char *p = cm_stmt_column_text(st, 0);

		found |= strcmp(p, id) == 0;
		d = cm_edit_distance(id, p);
		if (d < best) {
			best = d;
			snprintf(near, sizeof near, "%s", p);
		}
		if (n < sizeof list)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", p);
	}
	cm_stmt_finalize(st);
	if (rc != CM_DB_DONE)
		return cm_sql_fail(s, rc, err, "read programmes");
	if (found)
		return 0;
	if (near[0])
		return cm_error_set(err, CM_EUSAGE, "--programme: unknown value '%s'; did you mean"
				    " '%s'? (%s)", id, near, list);
	return cm_error_set(err, CM_EUSAGE, "--programme: unknown value '%s' (%s)", id, list);
}

/*
 * The profile's keys, in the agreed order. One table drives checking,
 * canonical output, the struct and the flat keys of `cm programme show`.
 */
enum key_kind { K_ID, K_NAME, K_INT, K_BOOL, K_SHARE, K_CHECKS, K_FOLLOW_UPS, K_OBJECT };

struct key_spec {
	const char *key;
	enum key_kind kind;
	int nullable;                   /* null allowed (and the default) */
	int required;                   /* no default: must be given */
	size_t off;                     /* into struct cm_programme_rules (K_INT, K_SHARE) */
	const struct key_spec *children; /* K_OBJECT, ended by a NULL key */
};

#define R(field) offsetof(struct cm_programme_rules, field)

static const struct key_spec eligibility_keys[] = {
	{ "min_age", K_INT, 1, 0, R(min_age), NULL },
	{ "max_age", K_INT, 1, 0, R(max_age), NULL },
	{ "checks", K_CHECKS, 0, 0, R(checks), NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

static const struct key_spec deadline_keys[] = {
	{ "offer_months", K_INT, 1, 0, R(offer_months), NULL },
	{ "first_meeting_months", K_INT, 1, 0, R(first_meeting_months), NULL },
	{ "first_meeting_max_age", K_INT, 1, 0, R(first_meeting_max_age), NULL },
	{ "max_duration_months", K_INT, 1, 0, R(max_duration_months), NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

static const struct key_spec renewal_keys[] = {
	{ "max_count", K_INT, 0, 0, R(renewal_max_count), NULL },
	{ "max_months", K_INT, 0, 0, R(renewal_max_months), NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

static const struct key_spec quota_keys[] = {
	{ "trajectory_share", K_SHARE, 0, 1, R(quota_trajectory_share), NULL },
	{ "renewal_share", K_SHARE, 0, 1, R(quota_renewal_share), NULL },
	{ "min_unemployed_months_under_25", K_INT, 0, 1,
	  R(quota_min_unemployed_months_under_25), NULL },
	{ "min_unemployed_months_25_and_over", K_INT, 0, 1,
	  R(quota_min_unemployed_months_25_and_over), NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

static const struct key_spec incapacity_keys[] = {
	{ "specialised_team_min", K_INT, 0, 1, R(incapacity_specialised_team_min), NULL },
	{ "case_management_min", K_INT, 0, 1, R(incapacity_case_management_min), NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

static const struct key_spec profile_keys[] = {
	{ "id", K_ID, 0, 1, 0, NULL },
	{ "name", K_NAME, 0, 1, 0, NULL },
	{ "eligibility", K_OBJECT, 0, 0, 0, eligibility_keys },
	{ "contact_interval_days", K_INT, 1, 0, R(contact_interval_days), NULL },
	{ "deadlines", K_OBJECT, 0, 0, 0, deadline_keys },
	{ "renewal", K_OBJECT, 0, 0, 0, renewal_keys },
	{ "referral_feedback_days", K_INT, 1, 0, R(referral_feedback_days), NULL },
	{ "follow_up_months", K_FOLLOW_UPS, 0, 0, 0, NULL },
	{ "caseload_norm", K_INT, 1, 0, R(caseload_norm), NULL },
	{ "plan_signed_within_days", K_INT, 1, 0, R(plan_signed_within_days), NULL },
	{ "quota", K_OBJECT, 1, 0, R(has_quota), quota_keys },
	{ "incapacity", K_OBJECT, 1, 0, R(has_incapacity), incapacity_keys },
	{ "referral_requires_agreement", K_BOOL, 0, 0, R(referral_requires_agreement), NULL },
	{ "operator_report_months", K_INT, 1, 0, R(operator_report_months), NULL },
	{ "entry_conditions", K_CHECKS, 0, 0, R(entry_conditions), NULL },
	{ NULL, 0, 0, 0, 0, NULL },
};

static const char *const check_names[] = { "birth-date", "registered-on", "incapacity" };
const char *const cm_condition_names[CM_CONDITION_COUNT] = { "pms-factors", "incapacity-33" };
#define CHECK_COUNT (sizeof check_names / sizeof check_names[0])

/* The lists of names a profile holds as bits: checks, and entry conditions. */
static const char *const *list_names(const struct key_spec *k, size_t *n)
{
	if (strcmp(k->key, "entry_conditions") == 0) {
		*n = CM_CONDITION_COUNT;
		return cm_condition_names;
	}
	*n = CHECK_COUNT;
	return check_names;
}

static unsigned *list_bits(struct cm_programme_rules *r, const struct key_spec *k)
{
	return (unsigned *)((char *)r + k->off);
}

/* The largest figure a profile may hold: nothing in a programme needs more. */
#define RULE_MAX 100000

struct parse {
	const char *name;               /* the file, for messages */
	struct cm_programme_rules *r;
	struct cm_error *err;
};

static int bad(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(struct parse *p, const char *fmt, ...)
{
	char msg[CM_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cm_error_set(p->err, CM_EUSAGE, "profile '%s': %s", p->name, msg);
}

static int *int_field(struct cm_programme_rules *r, const struct key_spec *k)
{
	return (int *)((char *)r + k->off);
}

static double *share_field(struct cm_programme_rules *r, const struct key_spec *k)
{
	return (double *)((char *)r + k->off);
}

static void join_path(char *out, size_t n, const char *prefix, const char *key)
{
	if (*prefix)
		snprintf(out, n, "%s.%s", prefix, key);
	else
		snprintf(out, n, "%s", key);
}

static int check_id(struct parse *p, const cJSON *v)
{
	const char *c;

	if (!cJSON_IsString(v) || !*v->valuestring)
		return bad(p, "'%s' must be a non-empty string", "id");
	if (strlen(v->valuestring) >= CM_PROGRAMME_ID_MAX)
		return bad(p, "'%s' is longer than 63 characters", "id");
	for (c = v->valuestring; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return bad(p, "'%s' may hold only lowercase letters, digits and '-' ('%s')",
				   "id", v->valuestring);
	snprintf(p->r->id, sizeof p->r->id, "%s", v->valuestring);
	return 0;
}

static int check_int(struct parse *p, const struct key_spec *k, const char *path, const cJSON *v)
{
	char num[32];
	double d;

	if (cJSON_IsNull(v) && k->nullable) {
		*int_field(p->r, k) = CM_RULE_NONE;
		return 0;
	}
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble))
		return bad(p, "'%s' must be a whole number%s", path,
			   k->nullable ? " or null" : "");
	d = v->valuedouble;
	snprintf(num, sizeof num, "%.0f", d);
	if (d < 0)
		return bad(p, "'%s' must not be negative (%s)", path, num);
	if (d > RULE_MAX)
		return bad(p, "'%s' is too large (%s)", path, num);
	*int_field(p->r, k) = (int)d;
	return 0;
}

static int check_share(struct parse *p, const struct key_spec *k, const char *path,
		       const cJSON *v)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1)
		return bad(p, "'%s' must be a number from 0 to 1", path);
	*share_field(p->r, k) = v->valuedouble;
	return 0;
}

static int check_checks(struct parse *p, const struct key_spec *k, const char *path,
			const cJSON *v)
{
	const char *const *names;
	const cJSON *item;
	char known[128];
	size_t i, n;

	names = list_names(k, &n);
	known[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
			 i ? ", " : "", names[i]);
	if (!cJSON_IsArray(v))
		return bad(p, "'%s' must be a list of names (%s)", path, known);
	cJSON_ArrayForEach(item, v) {
		if (!cJSON_IsString(item))
			return bad(p, "'%s' must be a list of names (%s)", path, known);
		for (i = 0; i < n; i++)
			if (strcmp(item->valuestring, names[i]) == 0)
				break;
		if (i == n)
			return bad(p, "'%s': unknown name '%s' (%s)", path, item->valuestring, known);
		*list_bits(p->r, k) |= 1u << i;
	}
	return 0;
}

static int check_follow_ups(struct parse *p, const char *path, const cJSON *v)
{
	static const int allowed[CM_FOLLOW_UP_MAX] = { 6, 12, 18 };
	const cJSON *item;
	unsigned seen = 0;
	int i;

	if (!cJSON_IsArray(v))
		return bad(p, "'%s' must be a list of months (6, 12, 18)", path);
	cJSON_ArrayForEach(item, v) {
		for (i = 0; i < CM_FOLLOW_UP_MAX; i++)
			if (cJSON_IsNumber(item) && item->valuedouble == allowed[i])
				break;
		if (i == CM_FOLLOW_UP_MAX)
			return bad(p, "'%s' may hold only 6, 12 and 18", path);
		if (seen & (1u << i))
			return bad(p, "'%s' lists %s twice", path,
				   i == 0 ? "6" : i == 1 ? "12" : "18");
		seen |= 1u << i;
	}
	p->r->follow_up_count = 0;
	for (i = 0; i < CM_FOLLOW_UP_MAX; i++)
		if (seen & (1u << i))
			p->r->follow_up_months[p->r->follow_up_count++] = allowed[i];
	return 0;
}

static int check_object(struct parse *p, const struct key_spec *keys, const char *prefix,
			const cJSON *obj);

/* Fill the defaults of one key, absent from the document. */
static int default_key(struct parse *p, const struct key_spec *k, const char *path)
{
	if (k->required)
		return bad(p, "missing key '%s'", path);
	if (k->kind == K_INT)
		*int_field(p->r, k) = k->nullable ? CM_RULE_NONE : 0;
	else if (k->kind == K_OBJECT && !k->nullable)
		return check_object(p, k->children, path, NULL);
	return 0;
}

static int check_value(struct parse *p, const struct key_spec *k, const char *path,
		       const cJSON *v)
{
	switch (k->kind) {
	case K_ID:
		return check_id(p, v);
	case K_NAME:
		if (!cJSON_IsString(v) || !*v->valuestring)
			return bad(p, "'%s' must be a non-empty string", path);
		return 0;
	case K_INT:
		return check_int(p, k, path, v);
	case K_BOOL:
		if (!cJSON_IsBool(v))
			return bad(p, "'%s' must be true or false", path);
		*int_field(p->r, k) = cJSON_IsTrue(v);
		return 0;
	case K_SHARE:
		return check_share(p, k, path, v);
	case K_CHECKS:
		return check_checks(p, k, path, v);
	case K_FOLLOW_UPS:
		return check_follow_ups(p, path, v);
	case K_OBJECT:
		if (cJSON_IsNull(v) && k->nullable)
			return 0;
		if (!cJSON_IsObject(v))
			return bad(p, "'%s' must be an object%s", path,
				   k->nullable ? " or null" : "");
		if (k->nullable)
			*int_field(p->r, k) = 1;
		return check_object(p, k->children, path, v);
	}
	return 0;
}

static const struct key_spec *find_key(const struct key_spec *keys, const char *name)
{
	for (; keys->key; keys++)
		if (strcmp(keys->key, name) == 0)
			return keys;
	return NULL;
}

/* obj may be NULL: every key takes its default. */
static int check_object(struct parse *p, const struct key_spec *keys, const char *prefix,
			const cJSON *obj)
{
	const struct key_spec *k;
	const cJSON *item, *other;
	char path[256];
	int rc;

	cJSON_ArrayForEach(item, obj) {
		join_path(path, sizeof path, prefix, item->string);
		if (!find_key(keys, item->string))
			return bad(p, "unknown key '%s'", path);
		for (other = item->next; other; other = other->next)
			if (strcmp(other->string, item->string) == 0)
				return bad(p, "key '%s' is given twice", path);
	}
	for (k = keys; k->key; k++) {
		join_path(path, sizeof path, prefix, k->key);
		item = obj ? cJSON_GetObjectItemCaseSensitive(obj, k->key) : NULL;
		rc = item ? check_value(p, k, path, item) : default_key(p, k, path);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Rules that tie two keys together. */
static int check_consistency(struct parse *p)
{
	const struct cm_programme_rules *r = p->r;

	if (r->min_age != CM_RULE_NONE && r->max_age != CM_RULE_NONE && r->min_age > r->max_age)
		return bad(p, "'%s' is above 'eligibility.max_age'", "eligibility.min_age");
	if (r->renewal_max_count > 0 && r->renewal_max_months == 0)
		return bad(p, "'%s' must be above 0 when renewals are allowed", "renewal.max_months");
	if (r->has_incapacity && (r->incapacity_case_management_min > 100 ||
				  r->incapacity_specialised_team_min > 100))
		return bad(p, "'%s' values are percentages, at most 100", "incapacity");
	if ((r->checks & CM_CHECK_INCAPACITY) && !r->has_incapacity)
		return bad(p, "'%s' lists 'incapacity' but 'incapacity' is null", "eligibility.checks");
	return 0;
}

/* Build the canonical document: every key, in the table's order. */
static cJSON *canonical_object(const struct key_spec *keys, const cJSON *src,
			       const struct cm_programme_rules *r);

static cJSON *canonical_value(const struct key_spec *k, const cJSON *src,
			      const struct cm_programme_rules *r)
{
	const int *iv = (const int *)((const char *)r + k->off);
	const char *const *names;
	cJSON *arr;
	size_t i, n;
	int j;

	switch (k->kind) {
	case K_ID:
	case K_NAME:
		return cJSON_CreateString(src->valuestring);
	case K_INT:
		return *iv == CM_RULE_NONE ? cJSON_CreateNull() : cJSON_CreateNumber(*iv);
	case K_BOOL:
		return cJSON_CreateBool(*iv);
	case K_SHARE:
		return cJSON_CreateNumber(*(const double *)((const char *)r + k->off));
	case K_CHECKS:
		names = list_names(k, &n);
		arr = cJSON_CreateArray();
		for (i = 0; arr && i < n; i++)
			if (*(const unsigned *)iv & (1u << i))
				cJSON_AddItemToArray(arr, cJSON_CreateString(names[i]));
		return arr;
	case K_FOLLOW_UPS:
		arr = cJSON_CreateArray();
		for (j = 0; arr && j < r->follow_up_count; j++)
			cJSON_AddItemToArray(arr, cJSON_CreateNumber(r->follow_up_months[j]));
		return arr;
	case K_OBJECT:
		if (k->nullable && !*iv)
			return cJSON_CreateNull();
		return canonical_object(k->children, src, r);
	}
	return NULL;
}

static cJSON *canonical_object(const struct key_spec *keys, const cJSON *src,
			       const struct cm_programme_rules *r)
{
	cJSON *obj = cJSON_CreateObject(), *v;

	for (; obj && keys->key; keys++) {
		v = canonical_value(keys, src ? cJSON_GetObjectItemCaseSensitive(src, keys->key)
					      : NULL, r);
		if (!v) {
			cJSON_Delete(obj);
			return NULL;
		}
		cJSON_AddItemToObject(obj, keys->key, v);
	}
	return obj;
}

static int json_error(const char *text, size_t len, const char *name, struct cm_error *err)
{
	const char *at = cJSON_GetErrorPtr();
	size_t i;
	int line = 1;

	for (i = 0; at && text + i < at && i < len; i++)
		if (text[i] == '\n')
			line++;
	return cm_error_set(err, CM_EUSAGE, "profile '%s': not valid JSON (line %d)", name, line);
}

int cm_programme_parse(const char *text, size_t len, const char *name,
		       struct cm_programme_rules *out, char **canonical, struct cm_error *err)
{
	struct cm_programme_rules r;
	struct parse p = { name, &r, err };
	cJSON *doc, *canon;
	int rc;

	memset(&r, 0, sizeof r);
	if (canonical)
		*canonical = NULL;
	doc = cJSON_ParseWithLength(text, len);
	if (!doc)
		return json_error(text, len, name, err);
	if (!cJSON_IsObject(doc))
		rc = cm_error_set(err, CM_EUSAGE, "profile '%s': not a JSON object", name);
	else
		rc = check_object(&p, profile_keys, "", doc);
	if (rc == 0)
		rc = check_consistency(&p);
	if (rc == 0 && canonical) {
		canon = canonical_object(profile_keys, doc, &r);
		*canonical = canon ? cJSON_PrintUnformatted(canon) : NULL;
		cJSON_Delete(canon);
		if (!*canonical)
			rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	}
	cJSON_Delete(doc);
	if (rc == 0 && out)
		*out = r;
	return rc;
}

/* Read one programme row's rules text (and name, builtin) by id. */
static int load_row(struct cm_store *s, const char *id, char **rules, char **name, int *builtin,
		    struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	*rules = NULL;
	if (name)
		*name = NULL;
	rc = cm_sql_prepare(s, "SELECT rules, name, builtin FROM programme WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, id, -1);
	rc = cm_stmt_step(st);
	if (rc == CM_DB_ROW) {
		*rules = cm_sql_column_dup(st, 0);
		if (name)
			*name = cm_sql_column_dup(st, 1);
		if (builtin)
			*builtin = cm_stmt_column_int(st, 2);
		rc = *rules && (!name || *name) ? 0 : cm_error_set(err, CM_ENOMEM, "out of memory");
	} else if (rc == CM_DB_DONE) {
		rc = cm_error_set(err, CM_ENOTFOUND,
				  "unknown programme '%s'; see 'cm programme list'", id);
	} else {
		rc = cm_sql_fail(s, rc, err, "read programme");
	}
	cm_stmt_finalize(st);
	if (rc < 0) {
		free(*rules);
		*rules = NULL;
		if (name) {
			free(*name);
			*name = NULL;
		}
	}
	return rc;
}

int cm_programme_rules_get(struct cm_store *s, const char *id, struct cm_programme_rules *out,
			   struct cm_error *err)
{
	char *rules;
	int rc;

	rc = load_row(s, id, &rules, NULL, NULL, err);
	if (rc < 0)
		return rc;
	rc = cm_programme_parse(rules, strlen(rules), id, out, NULL, err);
	free(rules);
	if (rc < 0)
		return cm_error_set(err, CM_EDB, "programme '%s' has damaged rules: %s", id,
				    err ? err->msg : "");
	return 0;
}

int cm_programme_rules_for_case(struct cm_store *s, int64_t case_id,
				struct cm_programme_rules *out, struct cm_error *err)
{
	char programme[CM_PROGRAMME_ID_MAX];
	struct cm_stmt *st;
	int rc, every = CM_RULE_NONE;

	rc = cm_sql_prepare(s, "SELECT programme, contact_every_days FROM cases WHERE id = ?",
			    &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_int64(st, 1, case_id);
	rc = cm_sql_step_one(s, st, "case", case_id, err);
	if (rc == 0) {
		snprintf(programme, sizeof programme, "%s",
			 cm_stmt_column_text(st, 0));
		if (cm_stmt_column_type(st, 1) != CM_DB_NULL)
			every = cm_stmt_column_int(st, 1);
	}
	cm_stmt_finalize(st);
	if (rc == 0)
		rc = cm_programme_rules_get(s, programme, out, err);
	if (rc == 0 && every != CM_RULE_NONE)
		out->contact_interval_days = every;
	return rc;
}

static int audit_programme(struct cm_store *s, const char *id, const char *summary,
			   const char *before, struct cm_error *err)
{
	struct cm_stmt *st;
	int64_t rowid = 0;
	char *after;
	int rc;

	rc = cm_sql_prepare(s, "SELECT rowid FROM programme WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, id, -1);
	if (cm_stmt_step(st) == CM_DB_ROW)
		rowid = cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	after = cm_sql_row_json(s, "programme", "rowid", rowid);
	rc = cm_audit_add(s, "programme", rowid, 0, summary, before, after, err);
	free(after);
	return rc;
}

static int programme_rowid(struct cm_store *s, const char *id, int64_t *rowid)
{
	struct cm_stmt *st;

	*rowid = 0;
	if (cm_sql_prepare(s, "SELECT rowid FROM programme WHERE id = ?", &st, NULL) < 0)
		return -1;
	cm_stmt_bind_text(st, 1, id, -1);
	if (cm_stmt_step(st) == CM_DB_ROW)
		*rowid = cm_stmt_column_int64(st, 0);
	cm_stmt_finalize(st);
	return 0;
}

static int insert_programme(struct cm_store *s, const struct cm_programme_rules *r,
			    const char *name, const char *canonical, struct cm_error *err)
{
	char summary[256];
	struct cm_stmt *st;
	int64_t rowid;
	int rc;

	programme_rowid(s, r->id, &rowid);
	if (rowid)
		return cm_error_set(err, CM_ECONFLICT,
				    "programme '%s' already exists; use 'cm programme edit'", r->id);
	rc = cm_sql_prepare(s, "INSERT INTO programme(id, name, rules, builtin) VALUES (?, ?, ?, 0)",
			    &st, err);
	if (rc < 0)
		return rc;
	cm_stmt_bind_text(st, 1, r->id, -1);
	cm_stmt_bind_text(st, 2, name, -1);
	cm_stmt_bind_text(st, 3, canonical, -1);
	rc = cm_sql_step_done(s, st, err, "add programme");
	cm_stmt_finalize(st);
	snprintf(summary, sizeof summary, "programme %s added", r->id);
	if (rc == 0)
		rc = audit_programme(s, r->id, summary, NULL, err);
	return rc;
}

static int update_programme(struct cm_store *s, const char *id, const char *name,
			    const char *canonical, struct cm_error *err)
{
	char summary[256], *before;
	struct cm_stmt *st;
	int64_t rowid;
	int rc;

	programme_rowid(s, id, &rowid);
	if (!rowid)
		return cm_error_set(err, CM_ENOTFOUND,
				    "unknown programme '%s'; see 'cm programme list'", id);
	before = cm_sql_row_json(s, "programme", "rowid", rowid);
	rc = cm_sql_prepare(s, "UPDATE programme SET name = ?, rules = ? WHERE id = ?", &st, err);
	if (rc == 0) {
		cm_stmt_bind_text(st, 1, name, -1);
		cm_stmt_bind_text(st, 2, canonical, -1);
		cm_stmt_bind_text(st, 3, id, -1);
		rc = cm_sql_step_done(s, st, err, "edit programme");
		cm_stmt_finalize(st);
	}
	snprintf(summary, sizeof summary, "programme %s rules changed", id);
	if (rc == 0)
		rc = audit_programme(s, id, summary, before, err);
	free(before);
	return rc;
}

/* The profile's name, from the canonical text. */
static char *profile_name(const char *canonical)
{
	cJSON *doc = cJSON_Parse(canonical);
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(doc, "name");
	char *out = cJSON_IsString(n) ? strdup(n->valuestring) : NULL;

	cJSON_Delete(doc);
	return out;
}

/* Check the document, then run add (id == NULL) or edit in one transaction. */
static int store_profile(struct cm_store *s, const char *id, const char *text, size_t len,
			 const char *file, char *id_out, struct cm_error *err)
{
	struct cm_programme_rules r;
	char *canonical = NULL, *name = NULL;
	int rc;

	rc = cm_programme_parse(text, len, file, &r, &canonical, err);
	if (rc == 0 && id && strcmp(r.id, id) != 0)
		rc = cm_error_set(err, CM_EUSAGE,
				  "profile '%s': 'id' is '%s', not the programme '%s' being edited",
				  file, r.id, id);
	if (rc == 0 && !(name = profile_name(canonical)))
		rc = cm_error_set(err, CM_ENOMEM, "out of memory");
	if (rc == 0)
		rc = cm_store_begin(s, err);
	if (rc == 0) {
		rc = id ? update_programme(s, id, name, canonical, err)
			: insert_programme(s, &r, name, canonical, err);
		if (rc == 0)
			rc = cm_store_commit(s, err);
		else
			cm_store_rollback(s);
	}
	if (rc == 0 && id_out)
		snprintf(id_out, CM_PROGRAMME_ID_MAX, "%s", r.id);
	free(canonical);
	free(name);
	return rc;
}

int cm_programme_add(struct cm_store *s, const char *text, size_t len, const char *name,
		     char *id_out, struct cm_error *err)
{
	if (cm_access_require_admin(s, err) < 0)
		return CM_EFAIL;
	return store_profile(s, NULL, text, len, name, id_out, err);
}

int cm_programme_edit(struct cm_store *s, const char *id, const char *text, size_t len,
		      const char *name, struct cm_error *err)
{
	if (cm_access_require_admin(s, err) < 0)
		return CM_EFAIL;
	return store_profile(s, id, text, len, name, NULL, err);
}

int cm_programme_list(struct cm_store *s, struct cm_emit *e, struct cm_error *err)
{
	struct cm_stmt *st;
	int rc;

	rc = cm_sql_prepare(s, "SELECT p.id, p.name, p.builtin,"
			       " (SELECT count(*) FROM cases c WHERE c.programme = p.id"
			       "  AND c.state <> 'closed')"
			       " FROM programme p ORDER BY p.id", &st, err);
	if (rc < 0)
		return rc;
	cm_emit_begin_list(e);
	while ((rc = cm_stmt_step(st)) == CM_DB_ROW) {
		cm_emit_begin(e);
		cm_emit_str(e, "id", cm_stmt_column_text(st, 0));
		cm_emit_str(e, "name", cm_stmt_column_text(st, 1));
		cm_emit_bool(e, "builtin", cm_stmt_column_int(st, 2));
		cm_emit_int(e, "open_cases", cm_stmt_column_int64(st, 3));
		cm_emit_end(e);
	}
	cm_emit_end_list(e);
	rc = rc == CM_DB_DONE ? 0 : cm_sql_fail(s, rc, err, "list programmes");
	cm_stmt_finalize(st);
	return rc;
}

int cm_programme_document(struct cm_store *s, const char *id, char **json, int *builtin,
			  struct cm_error *err)
{
	char *rules;
	cJSON *doc;
	int rc;

	*json = NULL;
	rc = load_row(s, id, &rules, NULL, builtin, err);
	if (rc < 0)
		return rc;
	doc = cJSON_Parse(rules);
	free(rules);
	if (!doc)
		return cm_error_set(err, CM_EDB, "programme '%s' has damaged rules", id);
	*json = cJSON_Print(doc);
	cJSON_Delete(doc);
	return *json ? 0 : cm_error_set(err, CM_ENOMEM, "out of memory");
}

/* Emit the keys of one level of the table, flat ("deadlines.offer_months"). */
static void emit_flat(struct cm_emit *e, const struct key_spec *keys, const char *prefix,
		      const struct cm_programme_rules *r, int present)
{
	char path[256], list[64];
	const char *const *names;
	const int *iv;
	size_t i, n;
	int j;

	for (; keys->key; keys++) {
		join_path(path, sizeof path, prefix, keys->key);
		iv = (const int *)((const char *)r + keys->off);
		switch (keys->kind) {
		case K_ID:
		case K_NAME:
			break;
		case K_INT:
			if (present && *iv != CM_RULE_NONE)
				cm_emit_int(e, path, *iv);
			else
				cm_emit_null(e, path);
			break;
		case K_BOOL:
			cm_emit_bool(e, path, *iv);
			break;
		case K_SHARE:
			if (present)
				cm_emit_double(e, path, *(const double *)iv);
			else
				cm_emit_null(e, path);
			break;
		case K_CHECKS:
			names = list_names(keys, &n);
			list[0] = '\0';
			for (i = 0; i < n; i++)
				if (*(const unsigned *)iv & (1u << i))
					snprintf(list + strlen(list), sizeof list - strlen(list),
						 "%s%s", list[0] ? "," : "", names[i]);
			cm_emit_str(e, path, list);
			break;
		case K_FOLLOW_UPS:
			list[0] = '\0';
			for (j = 0; j < r->follow_up_count; j++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%d",
					 j ? "," : "", r->follow_up_months[j]);
			cm_emit_str(e, path, list);
			break;
		case K_OBJECT:
			emit_flat(e, keys->children, path, r, keys->nullable ? *iv : 1);
			break;
		}
	}
}

int cm_programme_emit(struct cm_store *s, const char *id, struct cm_emit *e,
		      struct cm_error *err)
{
	struct cm_programme_rules r;
	char *rules, *name;
	int builtin = 0, rc;

	rc = load_row(s, id, &rules, &name, &builtin, err);
	if (rc < 0)
		return rc;
	rc = cm_programme_parse(rules, strlen(rules), id, &r, NULL, err);
	if (rc == 0) {
		cm_emit_begin(e);
		cm_emit_str(e, "id", id);
		cm_emit_str(e, "name", name);
		cm_emit_bool(e, "builtin", builtin);
		emit_flat(e, profile_keys, "", &r, 1);
		cm_emit_end(e);
	}
	free(rules);
	free(name);
	return rc;
}
