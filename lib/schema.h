/* Numbered schema migrations (internal to lib/). */
#ifndef CM_LIB_SCHEMA_H
#define CM_LIB_SCHEMA_H

/* migrations[i] takes the schema from version i to i + 1: SQLite (schema.c)... */
extern const char *const cm_migrations[];
extern const int cm_migration_count;

/* ...and PostgreSQL (schema_pg.c), with the same numbers. */
extern const char *const cm_pg_migrations[];
extern const int cm_pg_migration_count;

#endif
