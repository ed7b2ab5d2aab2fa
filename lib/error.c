#include <stdarg.h>
#include <stdio.h>
#include "cm/error.h"
#include "cm/i18n.h"

int cm_error_set(struct cm_error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	va_start(ap, fmt);
	/* Messages are English in the code and read in the user's language. */
	vsnprintf(err->msg, sizeof err->msg, _(fmt), ap);
	va_end(ap);
	return status;
}

int cm_exit_code(int status)
{
	switch (status) {
	case CM_OK:
		return 0;
	case CM_EUSAGE:
		return 2;
	case CM_EBUSY:
		return 75;
	default:
		return 1;
	}
}
