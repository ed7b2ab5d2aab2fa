/* Commands that create one record print its id: bare in text, a record otherwise. */
#include "cm.h"

int cm_print_new_id(enum cm_format format, const char *key, long long id)
{
	struct cm_emit *e;

	if (format == CM_FORMAT_TEXT) {
		printf("%lld\n", id);
		return 0;
	}
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	cm_emit_begin(e);
	cm_emit_int(e, key, id);
	cm_emit_end(e);
	return cm_emit_done(e);
}
