/*
 * The store a unit test runs on. On SQLite, a migrated in-memory database;
 * when CM_TEST_ENGINE=postgresql and CM_PG_DIR name a server (scripts/test
 * --postgresql), a database of its own on it, created empty for the test
 * and dropped after, so that the same test case checks both engines.
 */
#ifndef CM_TEST_STORE_FIXTURE_H
#define CM_TEST_STORE_FIXTURE_H

struct cm_store;

/* 1 when the tests run on PostgreSQL. */
int fixture_on_server(void);

/* A new, migrated store opened for writing; fails the test when it cannot. */
struct cm_store *fixture_open(void);

/* Closes s and, on a server, drops its database. */
void fixture_close(struct cm_store *s);

#endif
