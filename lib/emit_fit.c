/*
 * Fitting a text table into the terminal's width: the widest free-text
 * column (a name, a note, what an item is about) gives up width first, down
 * to the next widest, and so on;
 * codes, dates and numbers are never cut, so what a person types back stays
 * whole.
 */
#include <string.h>
#include "emit_fit.h"

static const char *const free_text[] = {
	"what", "person", "name", "first_name", "last_name", "partner_name", "note", "notes",
	"reason", "text", "feedback", "strengths", "address", "email", "summary", "participants",
	NULL,
};

/* Narrower than this, a cut column says too little to be worth showing cut. */
#define FIT_MIN 8

static int is_free_text(const char *key)
{
	const char *const *k;

	for (k = free_text; *k; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

/* One column at a time from the widest, so the cuts share out over the free-text columns. */
void cm_fit_columns(const char *const *keys, size_t *width, size_t *limit, size_t n, size_t max)
{
	size_t i, total = 0, widest;

	for (i = 0; i < n; i++)
		total += width[i] + (i + 1 < n ? 2 : 0);
	while (total > max) {
		widest = n;
		for (i = 0; i < n; i++)
			if (is_free_text(keys[i]) && width[i] > FIT_MIN &&
			    (widest == n || width[i] > width[widest]))
				widest = i;
		if (widest == n)
			break;
		width[widest]--;
		total--;
	}
	for (i = 0; i < n; i++)
		if (is_free_text(keys[i]))
			limit[i] = width[i];
}
