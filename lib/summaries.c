/*
 * cm log and cm audit in the user's language. The audit log keeps each
 * change's summary in English, since it is stored and hashed; the text
 * output matches it against the English sentences it is made from and
 * prints the translated sentence with the same values, codes among them
 * shown by their display names. A summary that matches none prints as is.
 */
#include <ctype.h>
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include "cm/i18n.h"
#include "labels.h"

#define MAX_VALUES 8

struct summary {
	const char *english;
	const char *code[MAX_VALUES];  /* the context of a value that is a code, or NULL */
};

/* Longer sentences before the shorter ones they begin with. */
static const struct summary summaries[] = {
	/* TRANSLATORS: the summaries below are lines of `cm log`; %s and %lld
	 * are values (numbers, dates, names, codes) in the order shown: write
	 * %1$s, %2$lld... to change their order. */
	{ N_("person %lld and case %lld in %s for %s created (import from %s, %s line %lld)"),
	  { NULL } },
	{ N_("case opened in %s for %s, person %lld (import from %s, %s line %lld)"), { NULL } },
	{ N_("case opened in %s for %s, person %lld (import from %s)"), { NULL } },
	{ N_("case opened in %s for %s, person %lld"), { NULL } },
	{ N_("person %lld registered"), { NULL } },
	{ N_("person %lld exported as linked to person %lld (right of access)"), { NULL } },
	{ N_("person %lld corrected: %s (%s)"), { NULL } },
	{ N_("person %lld corrected: %s"), { NULL } },
	{ N_("persons %lld and %lld linked as one person"), { NULL } },
	{ N_("persons %lld and %lld unlinked: two people"), { NULL } },
	{ N_("person %lld exported (right of access)"), { NULL } },
	{ N_("person %lld pseudonymised: %s"), { NULL } },
	{ N_("consent %s given again: state suspended -> %s"), { "scope", "state" } },
	{ N_("consent given again: state suspended -> %s"), { "state" } },
	{ N_("consent %s given"), { "scope" } },
	{ N_("consent %s withdrawn"), { "scope" } },
	{ N_("screening complete: state screening -> assessment"), { NULL } },
	{ N_("screening complete: suspended case will resume in assessment"), { NULL } },
	{ N_("screening: %s met"), { NULL } },
	{ N_("final assessment %lld: %s"), { NULL } },
	{ N_("assessment %lld: %s"), { NULL } },
	{ N_("state %s -> %s: first assessment recorded"), { "state", "state" } },
	{ N_("state %s -> %s: outcome %s"), { "state", "state", "outcome" } },
	{ N_("state %s -> %s: plan version %d signed by client and worker"), { "state", "state" } },
	{ N_("state %s -> %s: %s"), { "state", "state" } },
	{ N_("state %s -> %s"), { "state", "state" } },
	{ N_("resumed: state suspended -> %s"), { "state" } },
	{ N_("suspended case will resume in %s: %s"), { "state" } },
	{ N_("assigned %s -> %s: %s"), { NULL } },
	{ N_("goal %lld added: %s"), { NULL } },
	{ N_("action %lld added to goal %lld: %s"), { NULL } },
	{ N_("action %lld dropped: cancelled at closure"), { NULL } },
	{ N_("goal %lld corrected: %s"), { NULL } },
	{ N_("action %lld corrected: %s"), { NULL } },
	{ N_("goal %lld %s: %s"), { NULL, "status" } },
	{ N_("goal %lld %s"), { NULL, "status" } },
	{ N_("action %lld %s: %s"), { NULL, "status" } },
	{ N_("action %lld %s"), { NULL, "status" } },
	{ N_("plan version %d signed by the client"), { NULL } },
	{ N_("plan version %d signed by the worker"), { NULL } },
	{ N_("plan version %d -> %d: signed plan changed"), { NULL } },
	{ N_("contact %lld corrected: %s (%s)"), { NULL } },
	{ N_("contact %lld corrected: %s"), { NULL } },
	{ N_("contact %lld withdrawn: %s"), { NULL } },
	{ N_("contact %lld on %s: %s %s, %ld min"), { NULL, NULL, "channel", "kind" } },
	{ N_("contact %lld on %s: %s %s"), { NULL, NULL, "channel", "kind" } },
	{ N_("contact interval: every %d days"), { NULL } },
	{ N_("contact interval: the programme's"), { NULL } },
	{ N_("partner %lld added: %s (%s)"), { NULL, NULL, "domain" } },
	{ N_("partner %lld edited"), { NULL } },
	{ N_("partner %lld deactivated"), { NULL } },
	{ N_("referral %lld to partner %lld (%s): shared %s under consent %lld"), { NULL } },
	{ N_("referral %lld to partner %lld (%s): nothing shared"), { NULL } },
	{ N_("referral %lld: packet printed for %s (%s)"), { NULL } },
	{ N_("referral %lld: %s -> %s, with feedback: %s"), { NULL, "status", "status" } },
	{ N_("referral %lld: %s -> %s, with feedback"), { NULL, "status", "status" } },
	{ N_("referral %lld: %s -> %s: %s"), { NULL, "status", "status" } },
	{ N_("referral %lld: %s -> %s"), { NULL, "status", "status" } },
	{ N_("closed on %s with outcome %s"), { NULL, "outcome" } },
	{ N_("follow-up at %d months on %s: %s"), { NULL, NULL, "situation" } },
	{ N_("renewed by %d months: %s"), { NULL } },
	{ N_("renewed by %d months"), { NULL } },
	{ N_("offer of %s on %s, accepted"), { "kind" } },
	{ N_("offer of %s on %s, not accepted"), { "kind" } },
	{ N_("programme %s added"), { NULL } },
	{ N_("programme %s rules changed"), { NULL } },
	{ N_("worker %s added (worker; named by an import)"), { NULL } },
	{ N_("worker %s added (%s)"), { NULL, "role" } },
	{ N_("worker %s edited"), { NULL } },
	{ N_("worker %s deactivated"), { NULL } },
	{ N_("database created; default programme %s; first admin %s"), { NULL } },
	{ N_("database created; default programme %s"), { NULL } },
};

struct span {
	const char *p;
	size_t n;
};

/* The conversion at f ("%s", "%lld"...): its letter; *end after it. */
static char conversion(const char *f, const char **end)
{
	f++;
	while (isdigit((unsigned char)*f) || *f == '$' || *f == 'l')
		f++;
	*end = *f ? f + 1 : f;
	return *f;
}

/* Does t match the English sentence f? Fills v[n...] with the values. */
static int match(const char *f, const char *t, struct span *v, int n)
{
	const char *next, *e;

	while (*f) {
		if (f[0] == '%' && f[1] == '%') {
			if (*t != '%')
				return 0;
			f += 2;
			t++;
		} else if (*f == '%') {
			if (n == MAX_VALUES)
				return 0;
			if (conversion(f, &next) == 's') {
				/* Shortest value first: what follows decides. */
				for (e = t;; e++) {
					v[n].p = t;
					v[n].n = (size_t)(e - t);
					if (match(next, e, v, n + 1))
						return 1;
					if (!*e)
						return 0;
				}
			}
			e = t + (*t == '-');
			if (!isdigit((unsigned char)*e))
				return 0;
			while (isdigit((unsigned char)*e))
				e++;
			v[n].p = t;
			v[n++].n = (size_t)(e - t);
			t = e;
			f = next;
		} else if (*f++ != *t++) {
			return 0;
		}
	}
	return *t == '\0';
}

/* %N$... gives N - 1; a plain conversion gives -1. */
static int position(const char *f)
{
	int n = 0;

	for (f++; isdigit((unsigned char)*f); f++)
		n = n * 10 + (*f - '0');
	return *f == '$' && n > 0 ? n - 1 : -1;
}

static void append(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + n >= size)
		n = size - 1 - *len;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/* The translated sentence with the values put back, by position or n$. */
static void fill(char *out, size_t size, const struct summary *sm, const struct span *v)
{
	const char *f = _(sm->english), *next;
	size_t len = 0;
	int seq = 0, i;

	out[0] = '\0';
	while (*f) {
		if (f[0] == '%' && f[1] == '%') {
			append(out, size, &len, "%", 1);
			f += 2;
			continue;
		}
		if (*f != '%') {
			append(out, size, &len, f++, 1);
			continue;
		}
		i = position(f);
		if (i < 0)
			i = seq++;
		conversion(f, &next);
		f = next;
		if (i < 0 || i >= MAX_VALUES || !v[i].p)
			continue;
		if (sm->code[i]) {
			char code[64];
			const char *shown;

			snprintf(code, sizeof code, "%.*s", (int)v[i].n, v[i].p);
			shown = cm_label_value(sm->code[i], code);
			append(out, size, &len, shown, strlen(shown));
		} else {
			append(out, size, &len, v[i].p, v[i].n);
		}
	}
}

const char *cm_summary_text(const char *english)
{
	static const char header[] = "";  /* gettext's key for the catalogue's header */
	static char out[1024];
	static int active = -1;
	struct span v[MAX_VALUES];
	size_t i;

	/* Without a catalogue (English) there is nothing to do. */
	if (active < 0)
		active = *dgettext(CM_TEXTDOMAIN, header) != '\0';
	if (!active || !english)
		return english;
	for (i = 0; i < sizeof summaries / sizeof summaries[0]; i++) {
		if (summaries[i].english[0] != english[0])
			continue;
		memset(v, 0, sizeof v);
		if (match(summaries[i].english, english, v, 0)) {
			fill(out, sizeof out, &summaries[i], v);
			return out;
		}
	}
	return english;
}
