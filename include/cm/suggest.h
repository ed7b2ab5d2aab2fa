/* "Did you mean ...?": the closest of a set of names to a mistyped one. */
#ifndef CM_SUGGEST_H
#define CM_SUGGEST_H

#include <stddef.h>

/*
 * Edit distance between a and b, counting a swap of two neighbouring
 * letters as one edit (optimal string alignment), as typos usually are.
 * (size_t)-1 for names longer than 64 bytes.
 */
size_t cm_edit_distance(const char *a, const char *b);

#endif
