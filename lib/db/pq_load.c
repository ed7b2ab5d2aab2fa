/* Loading libpq on demand (see pq.h). */
#define CM_PQ_LOADER
#include <dlfcn.h>
#include <string.h>
#include "pq.h"

#ifndef CM_LIBPQ_SONAME
#define CM_LIBPQ_SONAME "libpq.so.5"
#endif

struct cm_pq cm_pq;

static int load(void *lib, const char *name, void *slot, struct cm_error *err)
{
	void *f = dlsym(lib, name);

	if (!f)
		return cm_error_set(err, CM_EUSAGE, "cannot use PostgreSQL: %s has no %s",
				    CM_LIBPQ_SONAME, name);
	/* POSIX gives a function as a void *; copied, not cast, into its typed pointer. */
	memcpy(slot, &f, sizeof f);
	return 0;
}

int cm_pq_load(struct cm_error *err)
{
	static int loaded;
	void *lib;
	int rc = 0;

	if (loaded)
		return 0;
	lib = dlopen(CM_LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();

		return cm_error_set(err, CM_EUSAGE, "cannot use PostgreSQL: %s",
				    why ? why : CM_LIBPQ_SONAME);
	}
#define CM_PQ_LOAD(f) \
	if (rc == 0) \
		rc = load(lib, #f, &cm_pq.f, err);
	CM_PQ_FUNCTIONS(CM_PQ_LOAD)
#undef CM_PQ_LOAD
	if (rc < 0) {
		dlclose(lib);
		return rc;
	}
	loaded = 1;
	return 0;
}
