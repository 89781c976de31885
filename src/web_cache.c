/*
 * web_cache.c - the cache of hot page queries (see web_cache.h).
 * An entry keeps its result as one block: the value array with text held
 * as offsets into a string area, so a hit is two memcpy and a pointer fix.
 * Bounded by WEB_CACHE_BYTES; when full, everything is dropped (results are
 * cheap to rebuild once, and a full cache means the generation is old).
 */
#include "web_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store_derived.h"

#define WEB_CACHE_SLOTS 4096
#define WEB_CACHE_BYTES (96u << 20)

typedef struct entry {
	struct entry *next;
	int q, nargs;
	int64_t args[4];
	int64_t gen;
	uint64_t lang; /* the request's language: names in it (label()) */
	int ncol, nrow;
	size_t nstr;  /* bytes of the string area */
	size_t *noff; /* ncol name offsets */
	sw_val *v;    /* text as offset cast into the pointer field */
	char *str;
	size_t bytes;
} entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static entry *slots[WEB_CACHE_SLOTS];
static size_t total;
static long hits, misses;

static void clear_locked(void)
{
	for (int i = 0; i < WEB_CACHE_SLOTS; i++) {
		entry *e = slots[i];
		while (e) {
			entry *n = e->next;
			free(e->noff);
			free(e->v);
			free(e->str);
			free(e);
			e = n;
		}
		slots[i] = NULL;
	}
	total = 0;
}

void web_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	clear_locked();
	pthread_mutex_unlock(&lock);
}

void web_cache_stats(long *h, long *m)
{
	pthread_mutex_lock(&lock);
	*h = hits;
	*m = misses;
	pthread_mutex_unlock(&lock);
}

static unsigned slot_of(int q, const int64_t *args, int nargs)
{
	uint64_t h = hash64(&q, sizeof(q), 0x9e3779b97f4a7c15ull);
	h = hash64(args, (size_t)nargs * sizeof(int64_t), h);
	return (unsigned)(h % WEB_CACHE_SLOTS);
}

/* The generation: data version and the latest finished analysis run. */
static int64_t generation(web_req *r)
{
	if (!r->cache_gen)
		r->cache_gen = store_data_version(r->s) * 1000000 +
		               store_run_latest(r->s, NULL) + 1;
	return r->cache_gen;
}

/* The request's language, part of every key: results carry names in
 * the reader's language (store_label.h). */
static uint64_t lang_of(const web_req *r)
{
	const char *l = r->lang ? r->lang : "";
	return hash64(l, strlen(l), 0x6c616e67ull);
}

static void to_arena(web_req *r, const entry *e, sw_rows *out)
{
	char *str = arena_alloc(&r->a, e->nstr + 1);
	memcpy(str, e->str, e->nstr);
	out->ncol = e->ncol;
	out->nrow = e->nrow;
	out->names = arena_alloc(&r->a, (size_t)(e->ncol ? e->ncol : 1) *
	                                    sizeof(char *));
	for (int c = 0; c < e->ncol; c++)
		out->names[c] = str + e->noff[c];
	size_t nv = (size_t)e->ncol * (size_t)e->nrow;
	out->v = arena_alloc(&r->a, (nv ? nv : 1) * sizeof(sw_val));
	memcpy(out->v, e->v, nv * sizeof(sw_val));
	for (size_t i = 0; i < nv; i++)
		out->v[i].text = str + (size_t)(uintptr_t)e->v[i].text;
}

static entry *from_rows(const sw_rows *rows)
{
	entry *e = xcalloc(1, sizeof(*e));
	e->ncol = rows->ncol;
	e->nrow = rows->nrow;
	size_t nv = (size_t)rows->ncol * (size_t)rows->nrow;
	buf s;
	buf_init(&s);
	e->noff =
	    xmalloc((size_t)(rows->ncol ? rows->ncol : 1) * sizeof(size_t));
	for (int c = 0; c < rows->ncol; c++) {
		e->noff[c] = s.len;
		buf_add(&s, rows->names[c], strlen(rows->names[c]) + 1);
	}
	e->v = xmalloc((nv ? nv : 1) * sizeof(sw_val));
	memcpy(e->v, rows->v, nv * sizeof(sw_val));
	for (size_t i = 0; i < nv; i++) {
		const char *t = rows->v[i].text ? rows->v[i].text : "";
		e->v[i].text = (const char *)(uintptr_t)s.len;
		buf_add(&s, t, strlen(t) + 1);
	}
	e->nstr = s.len;
	e->str = buf_detach(&s);
	e->bytes = sizeof(*e) + e->nstr + nv * sizeof(sw_val) +
	           (size_t)rows->ncol * sizeof(size_t);
	return e;
}

static void key_of(const int64_t *args, int nargs, int64_t a[4])
{
	memset(a, 0, 4 * sizeof(int64_t));
	for (int i = 0; i < nargs && i < 4; i++)
		a[i] = args[i];
}

int web_cache_get(web_req *r, int key, const int64_t *args, int nargs,
                  sw_rows *out)
{
	int64_t a[4];
	key_of(args, nargs, a);
	int64_t gen = generation(r);
	unsigned sl = slot_of(key, a, 4);
	pthread_mutex_lock(&lock);
	for (entry *x = slots[sl]; x; x = x->next) {
		if (x->q == key && x->gen == gen && x->lang == lang_of(r) &&
		    memcmp(x->args, a, sizeof(a)) == 0) {
			to_arena(r, x, out);
			hits++;
			pthread_mutex_unlock(&lock);
			return 1;
		}
	}
	misses++;
	pthread_mutex_unlock(&lock);
	return 0;
}

int web_query(web_req *r, sw_query q, const int64_t *args, int nargs,
              sw_rows *out, att_err *e)
{
	if (web_cache_get(r, (int)q, args, nargs, out))
		return ATT_OK;
	double t0 = now_seconds();
	int rc = store_web_query(r->s, q, args, nargs, &r->a, out, e);
	if (getenv("ATTAIN_WEB_TRACE"))
		fprintf(stderr, "query %d (%lld) %.3f s, %d rows\n", (int)q,
		        (long long)(nargs ? args[0] : 0), now_seconds() - t0,
		        rc ? -1 : out->nrow);
	if (rc)
		return rc;
	web_cache_put(r, (int)q, args, nargs, out);
	return ATT_OK;
}

void web_cache_put(web_req *r, int key, const int64_t *args, int nargs,
                   const sw_rows *rows)
{
	int64_t a[4];
	key_of(args, nargs, a);
	int64_t gen = generation(r);
	unsigned sl = slot_of(key, a, 4);
	entry *n = from_rows(rows);
	n->q = key;
	memcpy(n->args, a, sizeof(a));
	n->gen = gen;
	n->lang = lang_of(r);
	pthread_mutex_lock(&lock);
	if (total + n->bytes > WEB_CACHE_BYTES)
		clear_locked();
	/* drop a stale entry for the same key */
	entry **pp = &slots[sl];
	while (*pp) {
		entry *x = *pp;
		if (x->q == n->q && x->lang == n->lang &&
		    memcmp(x->args, a, sizeof(a)) == 0) {
			*pp = x->next;
			total -= x->bytes;
			free(x->noff);
			free(x->v);
			free(x->str);
			free(x);
		} else {
			pp = &x->next;
		}
	}
	n->next = slots[sl];
	slots[sl] = n;
	total += n->bytes;
	pthread_mutex_unlock(&lock);
}
