/*
 * ingest_refs.c - reference resolution of the import batch: external codes
 * resolved to ids through open-addressing hash maps loaded once per batch
 * (per entity, on first use, inside the batch's transaction) and extended
 * by the batch's own rows; the academic years by id and by day; org levels
 * made as they are named.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest_internal.h"

void ig_smap_init(smap *m)
{
	memset(m, 0, sizeof(*m));
	arena_init(&m->keys);
}

void ig_smap_free(smap *m)
{
	free(m->slot);
	arena_free(&m->keys);
	memset(m, 0, sizeof(*m));
}

/* String hash for the maps: 8 bytes at a time, multiply-xorshift mixing
 * (codes are short; FNV byte by byte showed in profiles). */
static uint64_t shash(const char *s)
{
	size_t n = strlen(s);
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

ent *ig_smap_get(const smap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	uint64_t h = shash(key);
	size_t i = (size_t)h & (m->cap - 1);
	while (m->slot[i].key) {
		if (m->slot[i].h == h && strcmp(m->slot[i].key, key) == 0)
			return &m->slot[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

/* Insert or find key; returns the entry (new entries zeroed but keyed). */
ent *ig_smap_put(smap *m, const char *key, int *isnew)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 256;
		ent *ns = xcalloc(nc, sizeof(ent));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].key)
				continue;
			size_t j = (size_t)m->slot[i].h & (nc - 1);
			while (ns[j].key)
				j = (j + 1) & (nc - 1);
			ns[j] = m->slot[i];
		}
		free(m->slot);
		m->slot = ns;
		m->cap = nc;
	}
	uint64_t h = shash(key);
	size_t i = (size_t)h & (m->cap - 1);
	while (m->slot[i].key) {
		if (m->slot[i].h == h && strcmp(m->slot[i].key, key) == 0) {
			if (isnew)
				*isnew = 0;
			return &m->slot[i];
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->slot[i].key = arena_strdup(&m->keys, key);
	m->slot[i].h = h;
	m->n++;
	if (isnew)
		*isnew = 1;
	return &m->slot[i];
}

static void on_entity(void *ctx, const char *code, int64_t id, double num,
                      int64_t year, const char *start, const char *end)
{
	smap *m = ctx;
	ent *x = ig_smap_put(m, code, NULL);
	x->id = id;
	x->num = num;
	x->year = year;
	x->d0 = start ? date_parse(start) : -1;
	x->d1 = end ? date_parse(end) : -1;
}

void ig_years_rebuild(ingest *g)
{
	smap *m = &g->map[STE_YEAR];
	g->nyears = 0;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slot[i].key)
			continue;
		xgrow((void **)&g->years, &g->capyears, g->nyears + 1,
		      sizeof(ent *));
		g->years[g->nyears++] = &m->slot[i];
	}
}

smap *ig_map_of(ingest *g, int e, att_err *err)
{
	if (!g->loaded[e]) {
		if (sti_load(g->s, e, on_entity, &g->map[e], err))
			return NULL;
		g->loaded[e] = 1;
		if (e == STE_YEAR)
			ig_years_rebuild(g);
	}
	return &g->map[e];
}

int ingest_level_ensure(ingest *g, const char *name, int depth, att_err *e)
{
	smap *lm = ig_map_of(g, STE_LEVEL, e);
	if (!lm)
		return ATT_EIO;
	if (ig_smap_get(lm, name))
		return ATT_OK;
	if (sti_level_ensure(g->s, name, depth, e))
		return ATT_EIO;
	ig_smap_put(lm, name, NULL);
	return ATT_OK;
}

int64_t ingest_lookup(ingest *g, int entity, const char *code)
{
	smap *m = ig_map_of(g, entity, NULL);
	ent *x = m ? ig_smap_get(m, code) : NULL;
	return x ? x->id : -1;
}

ent *ig_year_by_id(ingest *g, int64_t id)
{
	for (size_t i = 0; i < g->nyears; i++)
		if (g->years[i]->id == id)
			return g->years[i];
	return NULL;
}

ent *ig_year_of_day(ingest *g, long day)
{
	static size_t last;
	if (last < g->nyears && g->years[last]->d0 <= day &&
	    day <= g->years[last]->d1)
		return g->years[last];
	for (size_t i = 0; i < g->nyears; i++)
		if (g->years[i]->d0 <= day && day <= g->years[i]->d1) {
			last = i;
			return g->years[i];
		}
	return NULL;
}
