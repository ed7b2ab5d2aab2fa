/* The message catalogue: choosing the language, lookups, numbers for people. */
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cm/i18n.h"
#include "cm_config.h"

const char *cm_gettext(const char *msgid)
{
	/* gettext("") would return the catalogue's header. */
	return *msgid ? dgettext(CM_TEXTDOMAIN, msgid) : msgid;
}

const char *cm_ngettext(const char *one, const char *many, unsigned long n)
{
	return dngettext(CM_TEXTDOMAIN, one, many, n);
}

const char *cm_gettext_if(int translate, const char *msgid)
{
	return translate ? cm_gettext(msgid) : msgid;
}

const char *cm_ngettext_if(int translate, const char *one, const char *many, unsigned long n)
{
	if (translate)
		return cm_ngettext(one, many, n);
	return n == 1 ? one : many;
}

/* The catalogue keys a context as "CTX\004MSGID" (msgctxt in the .po files). */
const char *cm_pgettext(const char *ctx, const char *msgid)
{
	char key[256];
	const char *t;
	int n = snprintf(key, sizeof key, "%s\004%s", ctx, msgid);

	if (n < 0 || (size_t)n >= sizeof key)
		return msgid;
	t = dgettext(CM_TEXTDOMAIN, key);
	return t == key ? msgid : t;
}

static int is_c_locale(const char *name)
{
	return !name || !*name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

static const char *requested_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return NULL;
}

/*
 * A locale that is asked for but not generated on this machine (fr_BE.UTF-8
 * on a bare server) still chooses the catalogue: messages fall back to
 * C.UTF-8, and the language is taken from the name when LANGUAGE is unset.
 */
static int fall_back(const char *wanted)
{
	const char *language = getenv("LANGUAGE");

	setlocale(LC_CTYPE, "C.UTF-8");
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		return -1;
	if ((!language || !*language) && setenv("LANGUAGE", wanted, 1) != 0)
		return -1;
	return 0;
}

int cm_i18n_init(void)
{
	const char *dir = getenv("CM_LOCALEDIR");
	const char *wanted = requested_locale();
	int rc = 0;

	if (!setlocale(LC_CTYPE, "") || !setlocale(LC_MESSAGES, ""))
		rc = is_c_locale(wanted) ? -1 : fall_back(wanted);
	bindtextdomain(CM_TEXTDOMAIN, dir && *dir ? dir : CM_LOCALEDIR);
	bind_textdomain_codeset(CM_TEXTDOMAIN, "UTF-8");
	textdomain(CM_TEXTDOMAIN);
	return rc;
}

char *cm_i18n_decimal_text(char *buf, size_t size, const char *plain)
{
	/* TRANSLATORS: the decimal separator of numbers in text output. */
	const char *sep = C_("decimal separator", ".");
	const char *dot = strchr(plain, '.');

	if (!dot)
		snprintf(buf, size, "%s", plain);
	else
		snprintf(buf, size, "%.*s%s%s", (int)(dot - plain), plain, sep, dot + 1);
	return buf;
}

char *cm_i18n_decimal(char *buf, size_t size, double value, int decimals)
{
	char plain[32];

	snprintf(plain, sizeof plain, "%.*f", decimals, value);
	return cm_i18n_decimal_text(buf, size, plain);
}

char *cm_i18n_percent(char *buf, size_t size, double value, int decimals)
{
	char num[32];

	cm_i18n_decimal(num, sizeof num, value, decimals);
	/* TRANSLATORS: a percentage in text output; %s is the number ("15,0 %" in French). */
	snprintf(buf, size, C_("percent", "%s%%"), num);
	return buf;
}
