/* Labels and display names for the text output (internal to lib/). */
#ifndef CM_LIB_LABELS_H
#define CM_LIB_LABELS_H

/* A field's label: the translation of a known key, else the key. Never NULL. */
const char *cm_label_field(const char *key);
/* The display name of a code printed under key (state, outcome...), else value itself. */
const char *cm_label_value(const char *key, const char *value);
/* "true" or "false" in the user's language. */
const char *cm_label_bool(int value);

/*
 * An audit summary (stored in English) in the user's language when it is one
 * of the known sentences, else english itself. The result lives until the
 * next call.
 */
const char *cm_summary_text(const char *english);

struct cm_emit;
/* cm_emit_str for a value already in the user's language: printed as given. */
void cm_emit_str_shown(struct cm_emit *e, const char *key, const char *val);

#endif
