/*
 * Translation of what people read (messages, help, text output), in the
 * style of git's gettext.h. Machine-readable output (json, csv, tsv, codes,
 * exit statuses) and stored or hashed data never go through these.
 *
 *   cm_error_set(err, CM_EFAIL, "case %lld is closed", id);  translated inside
 *   fputs(_("commands:\n"), out);                           a whole sentence
 *   static const char *const names[] = { N_("active") };    marked, translated at display
 *   printf(Q_("%zu item\n", "%zu items\n", n), n);          plural forms
 *   C_("state", "active")                                   a word with a context
 *
 * cm_error_set, cm_failure, cm_usage_error and cm_warn translate their format
 * themselves (xgettext is told so in po/meson.build): callers pass English.
 */
#ifndef CM_I18N_H
#define CM_I18N_H

#include <stddef.h>

#define CM_TEXTDOMAIN "cm"

/* The translation of msgid, or msgid itself; "" stays "". Never NULL. */
const char *cm_gettext(const char *msgid) __attribute__((format_arg(1)));
/* The plural form of the two for n. */
const char *cm_ngettext(const char *one, const char *many, unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));
/* The translation of msgid in context ctx (both any strings, known at run time only). */
const char *cm_pgettext(const char *ctx, const char *msgid) __attribute__((format_arg(2)));

/*
 * For text built once for people and once for scripts: the translation when
 * translate is nonzero, else msgid itself (English plural rule: n == 1).
 */
const char *cm_gettext_if(int translate, const char *msgid) __attribute__((format_arg(2)));
const char *cm_ngettext_if(int translate, const char *one, const char *many, unsigned long n)
	__attribute__((format_arg(2))) __attribute__((format_arg(3)));

#define _(msgid) cm_gettext(msgid)
#define N_(msgid) msgid
#define Q_(one, many, n) cm_ngettext(one, many, n)
#define C_(ctx, msgid) cm_pgettext(ctx, msgid)
#define NC_(ctx, msgid) msgid

/*
 * Choose the language from LANGUAGE, LC_ALL, LC_MESSAGES and LANG (setting
 * only LC_MESSAGES and LC_CTYPE: numbers read from files and options never
 * depend on the locale) and bind the catalogue. $CM_LOCALEDIR, when set,
 * replaces the installed catalogues (the tests use the build tree's).
 * Returns 0, or -1 when setlocale refused (messages stay English).
 */
int cm_i18n_init(void);

/*
 * Numbers for people, the same whatever the locale: value with `decimals`
 * digits after the catalogue's decimal separator ("15,0" in French), and as
 * a percentage ("15,0 %"). Write into buf (size at least 32); return buf.
 */
char *cm_i18n_decimal(char *buf, size_t size, double value, int decimals);
/* The same for a number already written with a '.' (plain). */
char *cm_i18n_decimal_text(char *buf, size_t size, const char *plain);
char *cm_i18n_percent(char *buf, size_t size, double value, int decimals);

#endif
