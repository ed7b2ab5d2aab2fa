/* Status codes and the error buffer shared by every library function. */
#ifndef CM_ERROR_H
#define CM_ERROR_H

/*
 * Library functions return 0 or one of these negative codes and, when given
 * a non-NULL struct cm_error, fill it with a one-line lowercase message that
 * names the thing at fault (no "cm: error: " prefix, no full stop).
 */
enum cm_status {
	CM_OK = 0,
	CM_EFAIL = -1,      /* a rule refused the change; nothing was changed */
	CM_EUSAGE = -2,     /* malformed argument or value */
	CM_ENOTFOUND = -3,  /* no such case, person, partner, programme... */
	CM_ECONFLICT = -4,  /* duplicate or conflicting record */
	CM_ESTATE = -5,     /* the case is not in a state that allows this */
	CM_EBUSY = -6,      /* database busy or locked: try again later */
	CM_EDB = -7,        /* unexpected database error */
	CM_ENOMEM = -8,
	CM_EIO = -9,        /* a file could not be read or written */
	CM_ENODB = -10,     /* the database file does not exist */
	CM_EVERSION = -11,  /* the database was made by a newer cm */
};

#define CM_ERROR_MAX 512

struct cm_error {
	int status;
	char msg[CM_ERROR_MAX];
};

/* Fill err (if not NULL) with the formatted message; returns status. */
int cm_error_set(struct cm_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The process exit code for a status: 0, 1, 2 or 75 (see cm(1)). */
int cm_exit_code(int status);

#endif
