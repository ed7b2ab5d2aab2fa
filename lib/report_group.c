/*
 * Groups a report sums rows into, found by their key (a worker, a
 * programme) in a hash table: one lookup per case, whatever the number of
 * groups; and the programmes' rules, kept in one.
 */
#include <stdlib.h>
#include <string.h>
#include "cm/programme.h"
#include "report_impl.h"

void rgroups_init(struct rgroups *g, size_t val_size)
{
	memset(g, 0, sizeof *g);
	g->val_size = val_size;
}

void rgroups_release(struct rgroups *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->items[i].key);
		free(g->items[i].val);
	}
	free(g->items);
	free(g->slots);
	memset(g, 0, sizeof *g);
}

static size_t hash(const char *key)
{
	size_t h = 2166136261u;

	while (*key)
		h = (h ^ (unsigned char)*key++) * 16777619u;
	return h;
}

/* Twice as many slots as groups, at least: probes stay short. */
static int grow(struct rgroups *g)
{
	size_t nslots = g->nslots ? g->nslots * 2 : 64, i, j;
	size_t *slots = malloc(nslots * sizeof *slots);
	struct rgroup *items = realloc(g->items, nslots / 2 * sizeof *items);

	if (!slots || !items) {
		free(slots);
		if (items)
			g->items = items;
		return CM_ENOMEM;
	}
	g->items = items;
	for (i = 0; i < nslots; i++)
		slots[i] = SIZE_MAX;
	for (i = 0; i < g->n; i++) {
		for (j = hash(items[i].key) & (nslots - 1); slots[j] != SIZE_MAX; j = (j + 1) & (nslots - 1))
			;
		slots[j] = i;
	}
	free(g->slots);
	g->slots = slots;
	g->nslots = nslots;
	return 0;
}

void *rgroups_get(struct rgroups *g, const char *key)
{
	size_t j;
	struct rgroup *it;

	if (g->n * 2 >= g->nslots && grow(g) < 0)
		return NULL;
	for (j = hash(key) & (g->nslots - 1); g->slots[j] != SIZE_MAX; j = (j + 1) & (g->nslots - 1))
		if (!strcmp(g->items[g->slots[j]].key, key))
			return g->items[g->slots[j]].val;
	it = &g->items[g->n];
	it->key = strdup(key);
	it->val = calloc(1, g->val_size);
	if (!it->key || !it->val) {
		free(it->key);
		free(it->val);
		return NULL;
	}
	g->slots[j] = g->n++;
	return it->val;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct rgroup *)a)->key, ((const struct rgroup *)b)->key);
}

void rgroups_sort(struct rgroups *g)
{
	if (g->n > 1)
		qsort(g->items, g->n, sizeof *g->items, by_key);
	free(g->slots);
	g->slots = NULL;
	g->nslots = 0;
}

struct cached_rules {
	int loaded;
	struct cm_programme_rules rules;
};

void rprog_cache_init(struct rgroups *cache)
{
	rgroups_init(cache, sizeof(struct cached_rules));
}

int rprog_rules(struct cm_store *s, struct rgroups *cache, const char *id,
		const struct cm_programme_rules **out, struct cm_error *err)
{
	struct cached_rules *c = rgroups_get(cache, id);
	int rc;

	if (!c)
		return cm_error_set(err, CM_ENOMEM, "out of memory");
	if (!c->loaded) {
		if ((rc = cm_programme_rules_get(s, id, &c->rules, err)) < 0)
			return rc;
		c->loaded = 1;
	}
	*out = &c->rules;
	return 0;
}
