/* Fitting text tables into a width (internal to lib/: the text emitter). */
#ifndef CM_LIB_EMIT_FIT_H
#define CM_LIB_EMIT_FIT_H

#include <stddef.h>

/*
 * The n columns named keys, width[i] wide and two spaces apart, made to fit
 * in max: the widest free-text column is narrowed a column at a time (so
 * that the widest ones end up alike), none to less than 8. limit[i] gets
 * every free-text column's width, so that a longer value in a later row is
 * cut to it too (other limits are left as they are). The table may still be
 * wider when only codes remain.
 */
void cm_fit_columns(const char *const *keys, size_t *width, size_t *limit, size_t n, size_t max);

#endif
