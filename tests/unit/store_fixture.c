/* The store of a unit test: see store_fixture.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "cm/store.h"
#include "store_fixture.h"

/* The server database of the open store; empty on SQLite. */
static char name[64];

int fixture_on_server(void)
{
	const char *e = getenv("CM_TEST_ENGINE");

	return e && strcmp(e, "postgresql") == 0 && getenv("CM_PG_DIR");
}

static void db_command(const char *what)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "%s -h '%s' -U cm %s", what, getenv("CM_PG_DIR"), name);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

struct cm_store *fixture_open(void)
{
	/*
	 * Test cases run at once, each in a process of its own: the pid keeps
	 * their databases apart, the serial a process that opens several in turn.
	 */
	static unsigned serial;
	struct cm_error err = { 0 };
	struct cm_store *s;
	char uri[512];

	if (!fixture_on_server()) {
		cr_assert_eq(cm_store_open_memory(&s, &err), 0, "%s", err.msg);
		return s;
	}
	snprintf(name, sizeof name, "cm_unit_%ld_%u", (long)getpid(), serial++);
	db_command("createdb");
	snprintf(uri, sizeof uri, "postgresql:///%s?host=%s&user=cm", name, getenv("CM_PG_DIR"));
	/*
	 * cm init's creation is one held transaction; publishing commits it.
	 * The test then gets a store as every other command opens one, where
	 * each write commits on its own and a failed statement aborts nothing
	 * else.
	 */
	cr_assert_eq(cm_store_open(&s, uri, CM_OPEN_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(cm_store_publish(s, &err), 0, "%s", err.msg);
	cr_assert_eq(cm_store_open(&s, uri, CM_OPEN_WRITE, &err), 0, "%s", err.msg);
	return s;
}

void fixture_close(struct cm_store *s)
{
	cm_store_close(s);
	if (name[0]) {
		db_command("dropdb");
		name[0] = '\0';
	}
}
