/* Built without libpq: a PostgreSQL URI is refused with a message saying so. */
#include <stddef.h>
#include "driver.h"

int cm_db_pg_open(struct cm_db **out, const char *uri, int flags, struct cm_error *err)
{
	(void)uri;
	(void)flags;
	*out = NULL;
	return cm_error_set(err, CM_EUSAGE,
			    "this cm was built without PostgreSQL support (libpq)");
}
