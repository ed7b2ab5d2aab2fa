/* The inside of a mapping file, shared by mapping.c and import.c (internal to lib/). */
#ifndef CM_LIB_MAPPING_H
#define CM_LIB_MAPPING_H

#include "cm/date.h"
#include "cm/import.h"
#include "csvin.h"

/* The fields a row can fill: cm intake's options, '-' written '_'. */
enum cm_import_field {
	CM_F_EXT_ID,
	CM_F_FIRST_NAME,
	CM_F_LAST_NAME,
	CM_F_BIRTH_DATE,
	CM_F_SEX,
	CM_F_POSTCODE,
	CM_F_PHONE,
	CM_F_EMAIL,
	CM_F_LANGUAGE,
	CM_F_REGISTERED_ON,
	CM_F_NOTES,
	CM_F_WORKER,
	CM_F_PROGRAMME,
	CM_F_REFERRAL_SOURCE,
	CM_F_INCAPACITY,
	CM_F_DELETED,            /* not a person's field: a non-empty cell marks the record deleted */
	CM_F_CLOSED_ON,          /* "kind": "exits": the exit date... */
	CM_F_OUTCOME,            /* ...and the outcome the case closes with */
	CM_F_UPDATED_AT,         /* the record's last change in the source: an older row is stale */
	CM_F_COUNT
};

#define CM_MAP_MAX_DATES 8
/* Yes/no columns one field may read ("flags"). */
#define CM_MAP_MAX_FLAGS 16

struct cm_map_pair {
	char *from, *to;
};

struct cm_map_field {
	int present;
	char *column;            /* a header name, or NULL */
	char **aliases;          /* other names the column may have (an export in another language) */
	size_t naliases;
	int colnum;              /* a 1-based column number, or 0 */
	char *def;               /* fills an empty cell; already a final value */
	char *value;             /* a constant for every row */
	enum cm_date_pattern dates[CM_MAP_MAX_DATES];
	int ndates;
	struct cm_map_pair *map; /* recodings, sorted by from */
	size_t nmap;
	int on_error_empty;      /* a bad value is dropped with a warning, not the row */
	/*
	 * "flags": yes/no columns (header name -> value, from holds the name):
	 * the value of the column holding 1, "several" when columns of
	 * different values do, empty when none does.
	 */
	struct cm_map_pair *flags;
	size_t nflags;
	char *several;
};

struct cm_mapping {
	char *name;              /* the file, for messages */
	char *source;
	char *programme;         /* NULL: the database's default */
	char delimiter;          /* 0: sniffed */
	enum cm_csv_encoding encoding, fallback;
	int header;
	int exits;               /* "kind": "exits": rows close cases instead of opening them */
	char *deleted_outcome;   /* "on_deleted": "close": a deleted record's open case closes so */
	int create_workers;      /* "workers": "create": register the workers the export names */
	struct cm_map_field field[CM_F_COUNT];
};

const char *cm_import_field_name(enum cm_import_field f);
int cm_import_field_is_date(enum cm_import_field f);

/* The recoding of v, or NULL when v is not in the field's map. */
const char *cm_map_lookup(const struct cm_map_field *f, const char *v);

/*
 * A final value of field f (a default, a constant, a recoding's result)
 * that is not acceptable: the reason, or NULL when it is fine. Dates must
 * be YYYY-MM-DD here.
 */
const char *cm_map_check_value(enum cm_import_field f, const char *v);

#endif
