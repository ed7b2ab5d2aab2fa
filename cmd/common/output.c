/* Printing what a command produced: ids, case records, library listings. */
#include <errno.h>
#include <string.h>
#include "../cm.h"
#include "cm/access.h"
#include "cm/case.h"

int cm_emit_done(struct cm_emit *e)
{
	int rc = cm_emit_finish(e);
	int saved = errno;

	cm_emit_free(e);
	if (rc == CM_EIO)
		return cm_failure("cannot write output: %s", strerror(saved));
	if (rc < 0)
		return cm_failure("cannot write output");
	return 0;
}

/* Commands that create one record print its id: bare in text, a record otherwise. */
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

int cm_print_case_read(struct cm_ctx *ctx, cm_emit_fn emit, int64_t id, enum cm_format format)
{
	struct cm_error err = { 0 };
	int rc = cm_ctx_open(ctx);

	if (rc)
		return rc;
	if (cm_access_log_case(ctx->store, id, &err) < 0)
		return cm_fail(&err);
	return cm_print_emitted(ctx, emit, id, format);
}

int cm_print_case_record(struct cm_ctx *ctx, long long case_id, enum cm_format format)
{
	struct cm_error err = { 0 };
	struct cm_case cs;
	struct cm_emit *e;
	int rc = cm_ctx_open(ctx);

	if (rc)
		return rc;
	if (cm_case_get(ctx->store, case_id, &cs, &err) < 0)
		return cm_fail(&err);
	e = cm_emit_new(format, stdout);
	if (!e) {
		cm_case_release(&cs);
		return cm_failure("out of memory");
	}
	cm_emit_begin(e);
	cm_case_emit_fields(e, &cs);
	cm_emit_end(e);
	cm_case_release(&cs);
	return cm_emit_done(e);
}

int cm_print_emitted(struct cm_ctx *ctx, cm_emit_fn emit, int64_t id, enum cm_format format)
{
	struct cm_error err = { 0 };
	struct cm_emit *e;
	int rc = cm_ctx_open(ctx);

	if (rc)
		return rc;
	e = cm_emit_new(format, stdout);
	if (!e)
		return cm_failure("out of memory");
	if (emit(ctx->store, id, e, &err) < 0) {
		cm_emit_free(e);
		return cm_fail(&err);
	}
	return cm_emit_done(e);
}
