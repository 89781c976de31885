/*
 * ingest.c - the import batch (see ingest.h): validation of every value
 * against the kind catalogue, reference resolution through hash maps
 * loaded once per batch, duplicate detection, upserts through
 * store_ingest, the bulk path for scores, attendance blobs, rejects files
 * and the batch record.
 *
 * Invariants:
 *  1. Everything a batch writes happens inside one transaction, begun in
 *     ingest_begin and ended in ingest_finish; a killed process leaves the
 *     database as it was before the batch.
 *  2. A row is written only after all of its values passed validation, and
 *     a written row's code enters the maps at once, so later rows of the
 *     batch may reference it.
 *  3. Without skip_bad, one problem anywhere rolls the whole batch back.
 *  4. The data version moves only when a row was inserted, updated or
 *     deleted.
 */
#include "ingest.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "attendance.h"
#include "csvin.h"
#include "escape.h"
#include "store_ingest.h"

/* $ATTAIN_IMPORT_TRACE=1: the phases of a scores file on stderr, as
 * "trace SECONDS PHASE" (monotonic clock), for profiling the loader. */
static void TR(const char *phase)
{
	static int on = -1;
	if (on < 0) {
		const char *v = getenv("ATTAIN_IMPORT_TRACE");
		on = v && *v && strcmp(v, "0") != 0;
	}
	if (on)
		fprintf(stderr, "trace %.3f %s\n", now_seconds(), phase);
}

/* ---- string -> entity hash map ---------------------------------------- */

typedef struct ent {
	const char *key;
	int64_t id;
	double num;
	int64_t year;
	long d0, d1; /* years: start and end day */
	long line;   /* dup sets: first line */
	uint64_t h;  /* hash of key (rehashing and probing compare it first) */
} ent;

typedef struct smap {
	ent *slot;
	size_t cap, n;
	arena keys;
} smap;

static void smap_init(smap *m)
{
	memset(m, 0, sizeof(*m));
	arena_init(&m->keys);
}

static void smap_free(smap *m)
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

static ent *smap_get(const smap *m, const char *key)
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
static ent *smap_put(smap *m, const char *key, int *isnew)
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

/* ---- large arrays -------------------------------------------------------- */

/* An array of the bulk path (tens to hundreds of MB): aligned to 2 MiB and
 * marked for transparent huge pages, so that filling it takes a page fault
 * per 2 MiB rather than per 4 KiB. Freed with free(). */
static void *big_alloc(size_t n)
{
	const size_t huge = (size_t)2 << 20;
	void *p = NULL;
	if (n < 2 * huge || posix_memalign(&p, huge, n) != 0)
		return xmalloc(n);
#ifdef MADV_HUGEPAGE
	madvise(p, n & ~(huge - 1), MADV_HUGEPAGE);
#endif
	return p;
}

/* Grow a big_alloc array from old to n bytes (contents kept). */
static void *big_realloc(void *p, size_t old, size_t n)
{
	if (!p)
		return big_alloc(n);
	void *q = big_alloc(n);
	memcpy(q, p, old < n ? old : n);
	free(p);
	return q;
}

/* ---- attendance accumulation ------------------------------------------ */

typedef struct att_ent {
	int64_t sid, yid;
	int ndays;
	uint8_t *marks; /* codes from the file */
	uint8_t *seen;  /* one bit per day: set by the file */
} att_ent;

typedef struct att_map {
	att_ent *slot;
	size_t cap, n;
	arena mem;
} att_map;

static uint64_t ihash(int64_t a, int64_t b)
{
	uint64_t h = (uint64_t)a * 0x9e3779b97f4a7c15ULL ^
	             ((uint64_t)b + 0x632be59bd9b4e019ULL);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

static att_ent *att_find(att_map *m, int64_t sid, int64_t yid, int ndays)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 1024;
		att_ent *ns = xcalloc(nc, sizeof(att_ent));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].marks)
				continue;
			size_t j =
			    (size_t)ihash(m->slot[i].sid, m->slot[i].yid) &
			    (nc - 1);
			while (ns[j].marks)
				j = (j + 1) & (nc - 1);
			ns[j] = m->slot[i];
		}
		free(m->slot);
		m->slot = ns;
		m->cap = nc;
	}
	size_t i = (size_t)ihash(sid, yid) & (m->cap - 1);
	while (m->slot[i].marks) {
		if (m->slot[i].sid == sid && m->slot[i].yid == yid)
			return &m->slot[i];
		i = (i + 1) & (m->cap - 1);
	}
	att_ent *a = &m->slot[i];
	a->sid = sid;
	a->yid = yid;
	a->ndays = ndays;
	a->marks = arena_alloc(&m->mem, attendance_bytes(ndays) + 1);
	a->seen = arena_alloc(&m->mem, (size_t)ndays / 8 + 1);
	m->n++;
	return a;
}

/* ---- streamed score writing ---------------------------------------------
 *
 * When a results (or item responses) file goes into an empty table, its
 * validated rows are written while the file is still being read: the
 * batch's thread hands chunks of rows to a writer thread, which inserts
 * them (INSERT OR IGNORE, in file order) through the batch's own
 * connection and transaction. Nothing else uses the connection while the
 * writer runs. A duplicate key is ignored by the insert (the first line
 * wins, as in the sorted path) and reported at the end of the file from
 * the kept keys.
 */
#define SS_ROWS 8192
#define SS_NCHUNK 16

/* The last code a reference column resolved, and its map entry. */
typedef struct refcache {
	char key[48];
	ent *e;
} refcache;

typedef struct score_stream {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	sti_bulk *bk;
	sti_score *chunk[SS_NCHUNK];
	size_t len[SS_NCHUNK];
	int head, tail, count; /* head: being filled; tail: next to write */
	int closed;            /* no more chunks will come */
	int rc;                /* writer's status */
	att_err err;
} score_stream;

static void *ss_main(void *arg)
{
	score_stream *S = arg;
	for (;;) {
		pthread_mutex_lock(&S->mu);
		while (S->count == 0 && !S->closed)
			pthread_cond_wait(&S->cv, &S->mu);
		if (S->count == 0) {
			pthread_mutex_unlock(&S->mu);
			break;
		}
		int t = S->tail;
		int stop = S->rc != ATT_OK;
		pthread_mutex_unlock(&S->mu);
		int rc = ATT_OK;
		if (!stop)
			rc = sti_bulk_put(S->bk, S->chunk[t], S->len[t],
			                  &S->err);
		pthread_mutex_lock(&S->mu);
		if (rc)
			S->rc = rc;
		S->tail = (S->tail + 1) % SS_NCHUNK;
		S->count--;
		pthread_cond_broadcast(&S->cv);
		pthread_mutex_unlock(&S->mu);
	}
	return NULL;
}

static score_stream *ss_start(sti_bulk *bk)
{
	score_stream *S = xcalloc(1, sizeof(*S));
	S->bk = bk;
	for (int i = 0; i < SS_NCHUNK; i++)
		S->chunk[i] = xmalloc(SS_ROWS * sizeof(sti_score));
	pthread_mutex_init(&S->mu, NULL);
	pthread_cond_init(&S->cv, NULL);
	if (pthread_create(&S->th, NULL, ss_main, S) != 0) {
		for (int i = 0; i < SS_NCHUNK; i++)
			free(S->chunk[i]);
		pthread_mutex_destroy(&S->mu);
		pthread_cond_destroy(&S->cv);
		free(S);
		return NULL;
	}
	return S;
}

/* Hand the chunk being filled to the writer (waits while all are full). */
static void ss_publish(score_stream *S)
{
	pthread_mutex_lock(&S->mu);
	S->count++;
	S->head = (S->head + 1) % SS_NCHUNK;
	pthread_cond_broadcast(&S->cv);
	/* When the queue is full, wait until half of it is written: fewer
	 * wake-ups on a busy machine than one per chunk. */
	if (S->count == SS_NCHUNK)
		while (S->count > SS_NCHUNK / 2 && S->rc == ATT_OK)
			pthread_cond_wait(&S->cv, &S->mu);
	pthread_mutex_unlock(&S->mu);
	S->len[S->head] = 0;
}

static void ss_add(score_stream *S, int64_t a, int64_t b, double v)
{
	sti_score *r = &S->chunk[S->head][S->len[S->head]++];
	r->a = a;
	r->b = b;
	r->v = v;
	if (S->len[S->head] == SS_ROWS)
		ss_publish(S);
}

/* Write what is left, wait for the writer and free the stream. The bulk
 * writer stays with the caller. Returns the writer's status (e filled). */
static int ss_finish(score_stream *S, int flush, att_err *e)
{
	if (flush && S->len[S->head] > 0)
		ss_publish(S);
	pthread_mutex_lock(&S->mu);
	S->closed = 1;
	if (!flush)
		S->rc = S->rc ? S->rc : -1; /* abandon what is queued */
	pthread_cond_broadcast(&S->cv);
	pthread_mutex_unlock(&S->mu);
	pthread_join(S->th, NULL);
	int rc = S->rc;
	if (rc > 0 && e)
		*e = S->err;
	for (int i = 0; i < SS_NCHUNK; i++)
		free(S->chunk[i]);
	pthread_mutex_destroy(&S->mu);
	pthread_cond_destroy(&S->cv);
	free(S);
	return rc > 0 ? rc : ATT_OK;
}

/* ---- the batch ---------------------------------------------------------- */

/* Validated scores are kept as parallel arrays, 20 bytes a row: the key,
 * the value and the line. The key packs the assessment or item id (below
 * 2^23) and the student id (below 2^40) in the table's primary-key order,
 * so that key order is the table's order: student << 23 | assessment for
 * results, item << 40 | student for item responses. */
#define SCORE_ABITS 23
#define SCORE_BBITS 40

struct ingest {
	store *s;
	ingest_opts o;
	smap map[STE_COUNT];
	int loaded[STE_COUNT];
	ent **years; /* loaded years, for date checks */
	size_t nyears, capyears;
	int in_tx;
	char started[32];
	double t0; /* monotonic seconds at ingest_begin */
	char *kind, *source;
	ingest_counts c;
	int64_t shown;
	progress prog;
	char plabel[96];
	int prog_on;
	/* current file */
	char *file;
	const ing_kind *k;
	char **header;
	int nheader;
	FILE *rej;
	char *rejpath;
	sti_writer *w;
	sti_writer *wdel;
	int wcols[64]; /* kind column of each writer column */
	int nw;
	smap dups;
	uint64_t *skey;
	int skey_bfirst; /* the table's key starts with the student */
	double *sval;
	uint32_t *sline;
	size_t nscores, capscores;
	int score_cols[3];
	int stream_decided;     /* streamed writing considered for the file */
	score_stream *stream;   /* the writer, while streaming */
	sti_bulk *stream_bk;    /* its bulk inserter */
	sti_indexes *stream_ix; /* indexes dropped for the streamed load */
	/* stopped early: the batch will roll back */
	int stream_cut;
	/* per kind column of the current file: the column its maxof and
	 * yearof name (-1 none), looked up once instead of per row */
	int maxof_ix[64], yearof_ix[64];
	/* the kind is survey responses */
	int is_response;
	/* per kind column: the last code resolved */
	refcache rcache[64];
	att_map att;
	/* scratch for one row */
	sti_val val[64];
	char numbuf[64][32];
	ent *refs[64];
	buf tmp;
	buf reason;
	int row_bad;
	int fatal;
	int64_t row_off;
	int fk_off;         /* foreign keys turned off for this batch */
	uint64_t size_hint; /* bytes of the current file, 0 unknown */
	char **rejseen;
	size_t nrejseen, caprejseen;
};

/* A score key from its parts (see SCORE_ABITS), and the parts back. */
static uint64_t skey_make(const ingest *g, int64_t a, int64_t b)
{
	return g->skey_bfirst ? (uint64_t)b << SCORE_ABITS | (uint64_t)a
	                      : (uint64_t)a << SCORE_BBITS | (uint64_t)b;
}

static int64_t skey_a(const ingest *g, uint64_t k)
{
	return (int64_t)(g->skey_bfirst ? k & ((1ULL << SCORE_ABITS) - 1)
	                                : k >> SCORE_BBITS);
}

static int64_t skey_b(const ingest *g, uint64_t k)
{
	return (int64_t)(g->skey_bfirst ? k >> SCORE_ABITS
	                                : k & ((1ULL << SCORE_BBITS) - 1));
}

/* The key's leading part: what a counting sort on the key sorts by. */
static uint64_t skey_hi(const ingest *g, uint64_t k)
{
	return k >> (g->skey_bfirst ? SCORE_ABITS : SCORE_BBITS);
}

static const char *const ent_name[STE_COUNT] = {
    [STE_ORG] = "organisation",
    [STE_YEAR] = "academic year",
    [STE_TERM] = "term",
    [STE_STUDENT] = "student",
    [STE_STAFF] = "staff member",
    [STE_GUARDIAN] = "guardian",
    [STE_SUBJECT] = "subject",
    [STE_CLASS] = "class",
    [STE_STANDARD] = "standard",
    [STE_ASSESSMENT] = "assessment",
    [STE_ITEM] = "item",
    [STE_SURVEY] = "survey",
    [STE_QUESTION] = "question",
    [STE_RESPONSE] = "response",
    [STE_THEME] = "theme",
    [STE_OBSERVATION] = "observation",
    [STE_INTERVENTION] = "intervention",
    [STE_EVENT] = "calendar event",
    [STE_LEVEL] = "org level",
};

ingest *ingest_alloc(store *s, const ingest_opts *o)
{
	ingest *g = xcalloc(1, sizeof(*g));
	g->s = s;
	g->row_off = -1;
	if (o)
		g->o = *o;
	if (g->o.max_messages <= 0)
		g->o.max_messages = 50;
	if (!g->o.msg)
		g->o.msg = stderr;
	for (int i = 0; i < STE_COUNT; i++)
		smap_init(&g->map[i]);
	smap_init(&g->dups);
	arena_init(&g->att.mem);
	buf_init(&g->tmp);
	buf_init(&g->reason);
	return g;
}

static void stream_abandon(ingest *g)
{
	if (g->stream)
		ss_finish(g->stream, 0, NULL);
	g->stream = NULL;
	sti_bulk_free(g->stream_bk);
	g->stream_bk = NULL;
	sti_indexes_free(g->stream_ix);
	g->stream_ix = NULL;
	g->stream_decided = 0;
	g->stream_cut = 0;
}

/* Drop the kept score rows (keys, values, lines). */
static void scores_free(ingest *g)
{
	free(g->skey);
	free(g->sval);
	free(g->sline);
	g->skey = NULL;
	g->sval = NULL;
	g->sline = NULL;
	g->nscores = g->capscores = 0;
}

static void file_reset(ingest *g)
{
	stream_abandon(g);
	sti_writer_free(g->w);
	sti_writer_free(g->wdel);
	g->w = g->wdel = NULL;
	if (g->rej)
		fclose(g->rej);
	g->rej = NULL;
	free(g->rejpath);
	g->rejpath = NULL;
	free(g->file);
	g->file = NULL;
	smap_free(&g->dups);
	smap_init(&g->dups);
	scores_free(g);
	free(g->att.slot);
	arena_free(&g->att.mem);
	memset(&g->att, 0, sizeof(g->att));
	arena_init(&g->att.mem);
	g->k = NULL;
	g->header = NULL;
	g->nheader = 0;
}

void ingest_free(ingest *g)
{
	if (!g)
		return;
	stream_abandon(g);
	if (g->in_tx)
		store_rollback(g->s);
	if (g->fk_off)
		sti_foreign_keys(g->s, 1, NULL);
	file_reset(g);
	for (int i = 0; i < STE_COUNT; i++)
		smap_free(&g->map[i]);
	smap_free(&g->dups);
	arena_free(&g->att.mem);
	free(g->years);
	for (size_t i = 0; i < g->nrejseen; i++)
		free(g->rejseen[i]);
	free(g->rejseen);
	free(g->kind);
	free(g->source);
	buf_free(&g->tmp);
	buf_free(&g->reason);
	free(g);
}

void ingest_get_counts(const ingest *g, ingest_counts *c)
{
	*c = g->c;
}

/* ---- messages ----------------------------------------------------------- */

/* Printable form of a found value: control and invalid bytes as \xNN,
 * at most 60 bytes. */
static void show(buf *b, const char *s)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < 60) {
		int l = *p >= 0x20 && *p != 0x7f ? utf8_seq_len(p) : 0;
		if (l == 0) {
			buf_printf(b, "\\x%02x", *p);
			p++;
			n += 4;
		} else {
			buf_add(b, p, (size_t)l);
			p += l;
			n += (size_t)l;
		}
	}
	if (*p)
		buf_adds(b, "...");
}

void ingest_problem(ingest *g, const char *file, long line, long col,
                    const char *what, const char *found)
{
	g->c.problems++;
	buf m;
	buf_init(&m);
	buf_adds(&m, what);
	if (found) {
		buf_adds(&m, " (found '");
		show(&m, found);
		buf_adds(&m, "')");
	}
	if (g->shown < g->o.max_messages) {
		fprintf(g->o.msg, "%s:%ld:%ld: %s\n", file ? file : "-", line,
		        col, m.data);
		g->shown++;
	}
	if (!g->reason.len) {
		buf_clear(&g->reason);
		if (g->k && col >= 1 && g->header && col <= g->nheader)
			buf_printf(&g->reason, "%s: ", g->header[col - 1]);
		buf_adds(&g->reason, m.data);
	}
	buf_free(&m);
}

void ingest_note(ingest *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("note: ", g->o.msg);
	vfprintf(g->o.msg, fmt, ap);
	fputc('\n', g->o.msg);
	va_end(ap);
}

/* A problem in the current file, for the current row. */
static void bad(ingest *g, long line, long col, const char *found,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void bad(ingest *g, long line, long col, const char *found,
                const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	ingest_problem(g, g->file, line, col, what, found);
	g->row_bad = 1;
}

/* ---- maps --------------------------------------------------------------- */

static void on_entity(void *ctx, const char *code, int64_t id, double num,
                      int64_t year, const char *start, const char *end)
{
	smap *m = ctx;
	ent *x = smap_put(m, code, NULL);
	x->id = id;
	x->num = num;
	x->year = year;
	x->d0 = start ? date_parse(start) : -1;
	x->d1 = end ? date_parse(end) : -1;
}

static void years_rebuild(ingest *g)
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

static smap *map_of(ingest *g, int e, att_err *err)
{
	if (!g->loaded[e]) {
		if (sti_load(g->s, e, on_entity, &g->map[e], err))
			return NULL;
		g->loaded[e] = 1;
		if (e == STE_YEAR)
			years_rebuild(g);
	}
	return &g->map[e];
}

int ingest_level_ensure(ingest *g, const char *name, int depth, att_err *e)
{
	smap *lm = map_of(g, STE_LEVEL, e);
	if (!lm)
		return ATT_EIO;
	if (smap_get(lm, name))
		return ATT_OK;
	if (sti_level_ensure(g->s, name, depth, e))
		return ATT_EIO;
	smap_put(lm, name, NULL);
	return ATT_OK;
}

int64_t ingest_lookup(ingest *g, int entity, const char *code)
{
	smap *m = map_of(g, entity, NULL);
	ent *x = m ? smap_get(m, code) : NULL;
	return x ? x->id : -1;
}

static ent *year_by_id(ingest *g, int64_t id)
{
	for (size_t i = 0; i < g->nyears; i++)
		if (g->years[i]->id == id)
			return g->years[i];
	return NULL;
}

static ent *year_of_day(ingest *g, long day)
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

/* ---- batch and files ------------------------------------------------------
 */

int ingest_begin(ingest *g, const char *kind, const char *source, att_err *e)
{
	clock_iso(g->o.now, g->started);
	g->t0 = now_seconds();
	free(g->kind);
	free(g->source);
	g->kind = xstrdup(kind);
	g->source = xstrdup(source);
	TR("begin");
	sti_tune(g->s);
	const ing_kind *k = ingest_kind_find(kind);
	if (k && k->special == IK_SCORES) {
		if (sti_foreign_keys(g->s, 0, e))
			return ATT_EIO;
		g->fk_off = 1;
	}
	if (store_begin(g->s, e))
		return ATT_EIO;
	g->in_tx = 1;
	/* Load the maps inside the transaction so they match what we see. */
	for (int i = 0; i < STE_COUNT; i++)
		g->loaded[i] = 0, smap_free(&g->map[i]), smap_init(&g->map[i]);
	if (!map_of(g, STE_YEAR, e))
		return ATT_EIO;
	progress_start(&g->prog, g->plabel, 0);
	g->prog_on = 1;
	return ATT_OK;
}

int ingest_file_begin(ingest *g, const char *path, const ing_kind *k,
                      char *const *header, int nheader, att_err *e)
{
	file_reset(g);
	g->file = xstrdup(path);
	g->k = k;
	g->header = (char **)header;
	g->nheader = nheader;
	g->row_off = -1;
	g->size_hint = 0;
	for (int i = 0; i < k->ncols && i < 64; i++) {
		const ing_col *c = &k->cols[i];
		g->maxof_ix[i] = c->maxof ? ingest_col_find(k, c->maxof) : -1;
		g->yearof_ix[i] =
		    c->yearof ? ingest_col_find(k, c->yearof) : -1;
	}
	g->is_response = strcmp(k->table, "survey_response") == 0;
	memset(g->rcache, 0, sizeof(g->rcache));
	g->skey_bfirst = 0;
	if (k->special == IK_SCORES) {
		int lead = sti_key_leads_with(g->s, k->table, "student_id", e);
		if (lead < 0)
			return ATT_EIO;
		g->skey_bfirst = lead;
	}
	return ATT_OK;
}

void ingest_count_read(ingest *g, int64_t n)
{
	g->c.read += n;
}

void ingest_progress(ingest *g, uint64_t done, uint64_t total)
{
	if (!g->prog.enabled)
		return;
	/* The bar counts bytes (percent of the file); the label carries the
	 * rows and rows per second. */
	double t = now_seconds() - g->prog.start;
	snprintf(g->plabel, sizeof(g->plabel), "import: %lld rows, %.0f rows/s",
	         (long long)g->c.read, t > 0 ? (double)g->c.read / t : 0.0);
	g->prog.total = total;
	progress_update(&g->prog, done);
}

static void reject(ingest *g, long line, char *const *raw, int nraw)
{
	g->c.rejected++;
	if (!g->o.skip_bad) {
		buf_clear(&g->reason);
		return;
	}
	if (!g->rej && !g->rejpath) {
		g->rejpath = xmalloc(strlen(g->file) + 16);
		sprintf(g->rejpath, "%s.rejects.csv", g->file);
		int again = 0;
		for (size_t i = 0; i < g->nrejseen; i++)
			again |= strcmp(g->rejseen[i], g->rejpath) == 0;
		g->rej = fopen(g->rejpath, again ? "a" : "w");
		if (!again) {
			xgrow((void **)&g->rejseen, &g->caprejseen,
			      g->nrejseen + 1, sizeof(char *));
			g->rejseen[g->nrejseen++] = xstrdup(g->rejpath);
		}
		if (!g->rej) {
			fprintf(g->o.msg, "attain: cannot write '%s'\n",
			        g->rejpath);
			return;
		}
		buf_clear(&g->tmp);
		for (int i = 0; i < g->nheader; i++) {
			esc_csv(&g->tmp, g->header[i]);
			buf_addc(&g->tmp, ',');
		}
		buf_adds(&g->tmp, "line,reason\n");
		if (!again)
			fwrite(g->tmp.data, 1, g->tmp.len, g->rej);
	}
	if (!g->rej) {
		buf_clear(&g->reason);
		return;
	}
	buf_clear(&g->tmp);
	for (int i = 0; i < g->nheader; i++) {
		const char *f = raw && i < nraw ? raw[i] : "";
		/* Rejected text is written as found, except invalid UTF-8,
		 * which is shown as \xNN. */
		if (!utf8_valid(f, strlen(f))) {
			buf b2;
			buf_init(&b2);
			show(&b2, f);
			esc_csv(&g->tmp, b2.data);
			buf_free(&b2);
		} else {
			esc_csv(&g->tmp, f);
		}
		buf_addc(&g->tmp, ',');
	}
	buf_printf(&g->tmp, "%ld,", line);
	esc_csv(&g->tmp, g->reason.data ? g->reason.data : "");
	buf_addc(&g->tmp, '\n');
	fwrite(g->tmp.data, 1, g->tmp.len, g->rej);
	buf_clear(&g->reason);
}

void ingest_reject_raw(ingest *g, long line, char *const *raw, int nraw)
{
	reject(g, line, raw, nraw);
	buf_clear(&g->reason);
}

void ingest_fatal(ingest *g)
{
	g->fatal = 1;
}

void ingest_set_size_hint(ingest *g, uint64_t bytes)
{
	g->size_hint = bytes;
}

void ingest_set_offset(ingest *g, int64_t off)
{
	g->row_off = off;
}

/* Reject a row known only by its line's offset in the file: its text is
 * read back and parsed with csvin for the rejects file. */
typedef struct reject_ctx {
	ingest *g;
	long line;
	int done;
} reject_ctx;

static int reject_cb(void *ctx, const csvin_row *r)
{
	reject_ctx *x = ctx;
	reject(x->g, x->line, r->f, r->nf);
	x->done = 1;
	return 1;
}

/* ---- value parsing ------------------------------------------------------- */

static int parse_int(const char *s, int64_t *out)
{
	char *end;
	if (!*s)
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}

static int parse_real(const char *s, double *out)
{
	/* Fast path: [-]digits[.digits] with at most 15 significant digits is
	 * exact: an integer mantissa divided by an exact power of ten, which
	 * IEEE division rounds correctly (the same value strtod gives). */
	static const double p10[] = {1e0,  1e1,  1e2,  1e3, 1e4,  1e5,
	                             1e6,  1e7,  1e8,  1e9, 1e10, 1e11,
	                             1e12, 1e13, 1e14, 1e15};
	const char *p = s;
	int neg = *p == '-';
	p += neg;
	uint64_t m = 0;
	int nd = 0, frac = 0, dot = 0;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			m = m * 10 + (uint64_t)(*p - '0');
			nd++;
			frac += dot;
		} else if (*p == '.' && !dot) {
			dot = 1;
		} else {
			break;
		}
	}
	if (!*p && nd > 0 && nd <= 15) {
		double v = (double)m / p10[frac];
		*out = neg ? -v : v;
		return 0;
	}
	char *end;
	if (!*s)
		return -1;
	double v = strtod(s, &end);
	if (*end || !isfinite(v))
		return -1;
	/* No hex floats or words like "inf"/"nan". */
	for (const char *q = s; *q; q++)
		if (!strchr("0123456789+-.eE", *q))
			return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *s)
{
	static const char *const t[] = {"1", "true", "yes", "y", "t"};
	static const char *const f[] = {"0", "false", "no", "n", "f"};
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (strcasecmp(s, t[i]) == 0)
			return 1;
	for (size_t i = 0; i < ARRAY_LEN(f); i++)
		if (strcasecmp(s, f[i]) == 0)
			return 0;
	return -1;
}

static int enum_ok(const char *list, const char *s)
{
	size_t n = strlen(s);
	const char *p = list;
	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == n && strncmp(p, s, n) == 0)
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

static void fmt_num(char *out, size_t n, double v)
{
	snprintf(out, n, "%.15g", v);
}

/* ---- rows ---------------------------------------------------------------- */

static int build_writer(ingest *g, const char *const *vals, att_err *e)
{
	const ing_kind *k = g->k;
	const char *cols[64];
	int n = 0, nkey = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < k->ncols; i++) {
			const ing_col *c = &k->cols[i];
			if (!c->db || (c->flags & IF_NOSTORE))
				continue;
			int key = (c->flags & IF_KEY) != 0;
			if (key != (pass == 0))
				continue;
			if (c->type != IT_CONST && !vals[i])
				continue;
			cols[n] = c->db;
			g->wcols[n++] = i;
			nkey += key;
		}
	}
	g->nw = n;
	int has_id =
	    k->defines >= 0 || strcmp(k->table, "behaviour_event") == 0 ||
	    strcmp(k->table, "goal") == 0 || strcmp(k->table, "consent") == 0;
	g->w = sti_writer_alloc(g->s, k->table, cols, n, nkey, has_id, e);
	if (g->w)
		g->wdel = sti_writer_alloc(g->s, k->table, cols, nkey, nkey,
		                           has_id, e);
	return g->w && g->wdel ? ATT_OK : ATT_EIO;
}

/* Key string of a defined entity (items and questions are scoped). */
static const char *entity_key(ingest *g, const char *const *vals)
{
	const ing_kind *k = g->k;
	buf_clear(&g->tmp);
	if (k->defines == STE_ITEM) {
		buf_printf(&g->tmp, "%s\x1f%s",
		           vals[ingest_col_find(k, "assessment")],
		           vals[ingest_col_find(k, "code")]);
	} else if (k->defines == STE_QUESTION) {
		int64_t seq = 0;
		parse_int(vals[ingest_col_find(k, "seq")], &seq);
		buf_printf(&g->tmp, "%s\x1f%lld",
		           vals[ingest_col_find(k, "survey")], (long long)seq);
	} else {
		buf_adds(&g->tmp, vals[ingest_col_find(k, "code")]);
	}
	return g->tmp.data;
}

/*
 * Validate vals into g->val (per kind column) and g->refs. Problems are
 * recorded; g->row_bad tells whether any was found.
 */
static int check_row(ingest *g, const char *const *vals, const int *cols,
                     long line, att_err *e)
{
	const ing_kind *k = g->k;
	g->row_bad = 0;
	buf_clear(&g->reason);
	for (int i = 0; i < k->ncols; i++) {
		const ing_col *c = &k->cols[i];
		const char *v = vals[i];
		long col = cols ? cols[i] : i + 1;
		sti_val *x = &g->val[i];
		g->refs[i] = NULL;
		x->t = STI_NULL;
		if (c->type == IT_CONST) {
			int64_t iv;
			if (parse_int(c->arg, &iv) == 0)
				x->t = STI_INT, x->i = iv;
			else
				x->t = STI_TEXT, x->s = c->arg;
			continue;
		}
		if (v && !*v && c->def)
			v = c->def;
		if (!v || !*v) {
			if (c->flags & IF_REQ)
				bad(g, line, col, v ? "" : NULL,
				    v ? "required value missing"
				      : "required value missing (no column "
				        "'%s')",
				    c->name);
			else if (v && (c->flags & IF_EMPTY))
				x->t = STI_TEXT, x->s = "";
			continue;
		}
		switch (c->type) {
		case IT_TEXT:
			x->t = STI_TEXT;
			x->s = v;
			break;
		case IT_INT:
			if (parse_int(v, &x->i)) {
				bad(g, line, col, v, "not a whole number");
				break;
			}
			if (c->min < c->max &&
			    ((double)x->i < c->min || (double)x->i > c->max)) {
				bad(g, line, col, v,
				    "out of range %.15g..%.15g", c->min,
				    c->max);
				break;
			}
			x->t = STI_INT;
			break;
		case IT_REAL:
			if (parse_real(v, &x->d)) {
				bad(g, line, col, v, "not a number");
				break;
			}
			if (c->min < c->max &&
			    (x->d < c->min || x->d > c->max)) {
				if (c->min > 0 && c->min < 1e-6)
					bad(g, line, col, v,
					    "must be greater than 0");
				else
					bad(g, line, col, v,
					    "out of range %.15g..%.15g", c->min,
					    c->max);
				break;
			}
			x->t = STI_REAL;
			break;
		case IT_DATE: {
			long d = date_parse(v);
			if (d < 0) {
				bad(g, line, col, v, "not a date YYYY-MM-DD");
				break;
			}
			x->t = STI_TEXT;
			x->s = v;
			x->i = d;
			break;
		}
		case IT_BOOL: {
			int b = parse_bool(v);
			if (b < 0) {
				bad(g, line, col, v,
				    "not a yes/no value (1/0)");
				break;
			}
			x->t = STI_INT;
			x->i = b;
			break;
		}
		case IT_ENUM:
			if (!enum_ok(c->arg, v)) {
				bad(g, line, col, v, "not one of %s", c->arg);
				break;
			}
			x->t = STI_TEXT;
			x->s = v;
			break;
		case IT_STATUS: {
			int code = attendance_code_parse(v);
			if (code < 0) {
				bad(g, line, col, v,
				    "not an attendance status (present, "
				    "absent, excused, late, closed, none)");
				break;
			}
			x->t = STI_INT;
			x->i = code;
			break;
		}
		case IT_REF: {
			smap *m = map_of(g, c->ref, e);
			if (!m)
				return ATT_EIO;
			const char *key = v;
			if (c->scope) {
				int si = ingest_col_find(k, c->scope);
				const char *sv = si >= 0 ? vals[si] : NULL;
				if (!sv || !*sv)
					break; /* the scope is reported */
				buf_clear(&g->tmp);
				if (c->ref == STE_QUESTION) {
					int64_t q;
					if (parse_int(v, &q)) {
						bad(g, line, col, v,
						    "not a question number");
						break;
					}
					buf_printf(&g->tmp, "%s\x1f%lld", sv,
					           (long long)q);
				} else {
					buf_printf(&g->tmp, "%s\x1f%s", sv, v);
				}
				key = g->tmp.data;
			}
			/* A file that defines no entities leaves the maps
			 * alone, so the entry found for the previous row's
			 * code stays valid: a student code repeated row after
			 * row (one row per assessment) is looked up once. */
			refcache *rc = &g->rcache[i];
			ent *r;
			if (!c->scope && k->defines < 0 && rc->e &&
			    strcmp(rc->key, v) == 0) {
				r = rc->e;
			} else {
				r = smap_get(m, key);
				size_t kl = strlen(v);
				rc->e = NULL;
				if (r && !c->scope && k->defines < 0 &&
				    kl < sizeof(rc->key)) {
					memcpy(rc->key, v, kl + 1);
					rc->e = r;
				}
			}
			if (!r) {
				if (c->scope)
					bad(g, line, col, v,
					    "unknown %s in %s '%s'",
					    ent_name[c->ref], c->scope,
					    vals[ingest_col_find(k, c->scope)]);
				else
					bad(g, line, col, v, "unknown %s",
					    ent_name[c->ref]);
				break;
			}
			g->refs[i] = r;
			x->t = STI_INT;
			x->i = r->id;
			break;
		}
		}
	}
	/* Cross-column checks: 0..max, dates within the year. */
	for (int i = 0; i < k->ncols; i++) {
		const ing_col *c = &k->cols[i];
		sti_val *x = &g->val[i];
		long col = cols ? cols[i] : i + 1;
		if (x->t == STI_NULL)
			continue;
		if (c->maxof) {
			int j = g->maxof_ix[i];
			ent *r = j >= 0 ? g->refs[j] : NULL;
			double v = x->t == STI_INT ? (double)x->i : x->d;
			if (r && (v < 0 || v > r->num)) {
				char mx[32];
				fmt_num(mx, sizeof(mx), r->num);
				bad(g, line, col, vals[i],
				    "out of range 0..%s of %s '%s'", mx,
				    ent_name[c->ref ? c->ref : k->cols[j].ref],
				    vals[j]);
			}
		}
		if (c->yearof && c->type == IT_DATE) {
			int j = g->yearof_ix[i];
			ent *r = j >= 0 ? g->refs[j] : NULL;
			ent *y = NULL;
			if (r)
				y = year_by_id(g, k->cols[j].ref == STE_YEAR
				                      ? r->id
				                      : r->year);
			if (y && (x->i < y->d0 || x->i > y->d1)) {
				char a[11], b[11];
				date_format(y->d0, a);
				date_format(y->d1, b);
				bad(g, line, col, vals[i],
				    "date outside academic year %s, %s..%s",
				    y->key, a, b);
			}
		}
	}
	/* Kind-specific checks. */
	if (k->special == IK_YEAR && !g->row_bad) {
		int a = ingest_col_find(k, "start_date"),
		    b = ingest_col_find(k, "end_date");
		if (g->val[b].i <= g->val[a].i)
			bad(g, line, cols ? cols[b] : b + 1, vals[b],
			    "end_date must be after start_date '%s'", vals[a]);
	}
	if (k->special == IK_GOAL) {
		int n = 0, first = -1;
		static const char *const who[] = {"student", "class", "org"};
		for (int i = 0; i < 3; i++) {
			int j = ingest_col_find(k, who[i]);
			if (vals[j] && *vals[j]) {
				n++;
				if (first < 0)
					first = j;
			}
		}
		if (n != 1) {
			char found[16];
			snprintf(found, sizeof(found), "%d", n);
			bad(g, line, first >= 0 && cols ? cols[first] : 1,
			    found,
			    "exactly one of student, class, org must be given");
		}
	}
	if (g->is_response) {
		ent *sv = g->refs[ingest_col_find(k, "survey")];
		static const char *const who[] = {"student", "guardian",
		                                  "staff"};
		for (int i = 0; sv && sv->num != 0 && i < 3; i++) {
			int j = ingest_col_find(k, who[i]);
			if (vals[j] && *vals[j])
				bad(g, line, cols ? cols[j] : j + 1, vals[j],
				    "survey '%s' is anonymous: no %s may be "
				    "named",
				    vals[ingest_col_find(k, "survey")], who[i]);
		}
	}
	return ATT_OK;
}

/* Duplicate key within the file: key columns' values joined by US. */
static void check_dup(ingest *g, const char *const *vals, const int *cols,
                      long line)
{
	const ing_kind *k = g->k;
	buf_clear(&g->tmp);
	int first = -1;
	for (int i = 0; i < k->ncols; i++) {
		if (!(k->cols[i].flags & IF_KEY) || k->cols[i].type == IT_CONST)
			continue;
		if (first < 0)
			first = i;
		const sti_val *x = &g->val[i];
		if (x->t == STI_INT)
			buf_printf(&g->tmp, "%lld\x1f", (long long)x->i);
		else
			buf_printf(&g->tmp, "%s\x1f", vals[i] ? vals[i] : "");
	}
	if (first < 0)
		return;
	int isnew;
	ent *d = smap_put(&g->dups, g->tmp.data, &isnew);
	if (isnew) {
		d->line = line;
		return;
	}
	bad(g, line, cols ? cols[first] : first + 1, vals[first],
	    "duplicate row, same key as line %ld", d->line);
}

static int put_attendance(ingest *g, const char *const *vals, const int *cols,
                          long line)
{
	const ing_kind *k = g->k;
	int ci = ingest_col_find(k, "date");
	long day = (long)g->val[ci].i;
	ent *y = year_of_day(g, day);
	if (!y) {
		bad(g, line, cols ? cols[ci] : ci + 1, vals[ci],
		    "date outside every academic year");
		return 1;
	}
	int ndays = (int)(y->d1 - y->d0 + 1);
	int64_t sid = g->val[ingest_col_find(k, "student")].i;
	att_ent *a = att_find(&g->att, sid, y->id, ndays);
	int d = (int)(day - y->d0);
	if (a->seen[d / 8] & (1u << (d % 8))) {
		bad(g, line, cols ? cols[ci] : ci + 1, vals[ci],
		    "duplicate row, same student and date as an earlier line");
		return 1;
	}
	a->seen[d / 8] |= (uint8_t)(1u << (d % 8));
	attendance_set(a->marks, attendance_bytes(ndays), d,
	               (int)g->val[ingest_col_find(k, "status")].i);
	return 0;
}

/*
 * At a scores file's first good row: stream the rows into the table while
 * the file is read when the table is empty (see score_stream). A large
 * load first drops the table's secondary indexes when the file is not in
 * student order (they are built again at the end of the file); in student
 * order each index entry lands at the end of the index, which costs less
 * than building it again. $ATTAIN_INGEST_STREAM=0 turns streaming off
 * (the sorted load at the end of the file then serves, as for a table that
 * has rows). It costs more CPU time than the sorted load (file-order
 * inserts split b-tree pages inside the table) but overlaps the writing
 * with reading and validating; see bench/RESULTS.md.
 */
static int stream_decide(ingest *g, att_err *e)
{
	g->stream_decided = 1;
	const char *env = getenv("ATTAIN_INGEST_STREAM");
	if ((env && strcmp(env, "0") == 0) ||
	    (g->c.problems && !g->o.skip_bad) || g->fatal)
		return ATT_OK;
	int64_t have = sti_count(g->s, g->k->table);
	if (have < 0)
		return err_set(e, ATT_EIO, "cannot count rows of %s",
		               g->k->table);
	if (have > 0)
		return ATT_OK;
	g->stream_bk = sti_bulk_begin(g->s, g->k->table, e);
	if (!g->stream_bk)
		return ATT_EIO;
	g->stream = ss_start(g->stream_bk);
	if (!g->stream) { /* no thread: write at the end as before */
		sti_bulk_free(g->stream_bk);
		g->stream_bk = NULL;
	}
	return ATT_OK;
}

/*
 * Once the first chunk is known (the writer has not started): drop the
 * secondary indexes for a large file that is not in student order. A file
 * in student order (as SIS exports are) appends to the student index, so
 * keeping the index costs less than building it again.
 */
static int stream_indexes(ingest *g, att_err *e)
{
	const char *env = getenv("ATTAIN_INGEST_DROPIX"); /* for tests */
	int drop;
	if (env && *env) {
		drop = strcmp(env, "1") == 0;
	} else {
		int student_order = 1;
		for (size_t i = 1; i < g->nscores && student_order; i++)
			student_order =
			    skey_b(g, g->skey[i]) >= skey_b(g, g->skey[i - 1]);
		drop = !student_order && g->capscores > 100000;
	}
	if (!drop)
		return ATT_OK;
	g->stream_ix = sti_indexes_drop_alloc(g->s, g->k->table, e);
	return g->stream_ix ? ATT_OK : ATT_EIO;
}

int ingest_row(ingest *g, const char *const *vals, const int *cols, long line,
               char *const *raw, int nraw, att_err *e)
{
	const ing_kind *k = g->k;
	g->c.read++;
	if ((g->c.read & 0x3fff) == 0 && g->prog.enabled)
		ingest_progress(g, g->prog.done, g->prog.total);
	g->row_bad = 0;
	buf_clear(&g->reason);
	/* UTF-8 validity of every field. */
	for (int i = 0; i < nraw; i++) {
		const char *f = raw[i];
		size_t n = strlen(f);
		const unsigned char *p = (const unsigned char *)f;
		size_t j = 0;
		while (j < n && p[j] < 0x80)
			j++;
		if (j == n)
			continue;
		if (!utf8_valid(f, n)) {
			size_t at = 0;
			while (at < n) {
				int l = utf8_seq_len(p + at);
				if (!l)
					break;
				at += (size_t)l;
			}
			char what[80];
			snprintf(what, sizeof(what),
			         "invalid UTF-8 (byte 0x%02x at byte %zu of "
			         "the field)",
			         at < n ? p[at] : 0, at + 1);
			bad(g, line, i + 1, f, "%s", what);
		}
	}
	if (g->row_bad) {
		reject(g, line, raw, nraw);
		return 1;
	}
	if (check_row(g, vals, cols, line, e))
		return ATT_EIO;
	if (!g->row_bad && k->special != IK_ATTENDANCE &&
	    k->special != IK_SCORES)
		check_dup(g, vals, cols, line);
	if (g->row_bad) {
		reject(g, line, raw, nraw);
		return 1;
	}
	if (k->special == IK_ATTENDANCE) {
		if (put_attendance(g, vals, cols, line)) {
			reject(g, line, raw, nraw);
			return 1;
		}
		return 0;
	}
	if (k->special == IK_SCORES) {
		int ia = k->cols[0].flags & IF_NOSTORE ? 1 : 0;
		int is = ia + 1, iv = ia + 2;
		if (g->nscores == 0) {
			g->score_cols[0] = cols ? cols[ia] : ia + 1;
		}
		if (g->nscores + 1 > g->capscores) {
			/* First guess from the file size (rows of the first
			 * line's length, plus a little), then grow by half. */
			size_t cap = g->capscores
			                 ? g->capscores + g->capscores / 2
			                 : 4096;
			if (!g->capscores && g->size_hint > 0 && raw &&
			    nraw > 0) {
				size_t rl = 1;
				for (int i = 0; i < nraw; i++)
					rl += strlen(raw[i]) + 1;
				size_t est = (size_t)(g->size_hint / rl);
				est += est / 16 + 1024;
				if (est > cap && est < (1u << 31))
					cap = est;
			}
			size_t had = g->nscores;
			g->skey = big_realloc(g->skey, had * sizeof(uint64_t),
			                      cap * sizeof(uint64_t));
			g->sval = big_realloc(g->sval, had * sizeof(double),
			                      cap * sizeof(double));
			g->sline = big_realloc(g->sline, had * sizeof(uint32_t),
			                       cap * sizeof(uint32_t));
			g->capscores = cap;
		}
		int64_t ka = g->val[ia].i, kb = g->val[is].i;
		if (ka < 0 || ka >= (1LL << SCORE_ABITS) || kb < 0 ||
		    kb >= (1LL << SCORE_BBITS)) {
			bad(g, line, 1, NULL,
			    "id too large for the bulk loader");
			reject(g, line, raw, nraw);
			return 1;
		}
		size_t n = g->nscores++;
		g->skey[n] = skey_make(g, ka, kb);
		g->sval[n] = g->val[iv].d;
		g->sline[n] = (uint32_t)line;
		if (!g->stream_decided && stream_decide(g, e))
			return ATT_EIO;
		if (g->stream) {
			if ((g->c.problems && !g->o.skip_bad) || g->fatal) {
				/* The batch will roll back: stop writing. */
				ss_finish(g->stream, 0, NULL);
				g->stream = NULL;
				g->stream_cut = 1;
			} else {
				if (g->nscores == SS_ROWS &&
				    stream_indexes(g, e))
					return ATT_EIO;
				ss_add(g->stream, ka, kb, g->val[iv].d);
			}
		}
		return 0;
	}
	if (!g->w && build_writer(g, vals, e))
		return ATT_EIO;
	if (k->special == IK_ORG) {
		const char *lv = vals[ingest_col_find(k, "level")];
		smap *lm = map_of(g, STE_LEVEL, e);
		if (!lm)
			return ATT_EIO;
		if (!smap_get(lm, lv)) {
			if (sti_level_ensure(g->s, lv, -1, e))
				return ATT_EIO;
			smap_put(lm, lv, NULL);
		}
	}
	sti_val wv[64];
	for (int i = 0; i < g->nw; i++)
		wv[i] = g->val[g->wcols[i]];
	int outcome;
	int64_t id = 0;
	att_err de;
	err_clear(&de);
	if (sti_put(g->w, wv, &outcome, &id, &de)) {
		bad(g, line, 1, NULL, "%s", de.msg);
		reject(g, line, raw, nraw);
		return 1;
	}
	if (outcome == STI_INSERTED)
		g->c.inserted++;
	else if (outcome == STI_UPDATED)
		g->c.updated++;
	else
		g->c.unchanged++;
	if (k->defines >= 0) {
		smap *m = map_of(g, k->defines, e);
		if (!m)
			return ATT_EIO;
		ent *x = smap_put(m, entity_key(g, vals), NULL);
		x->id = id;
		if (k->numcol) {
			const sti_val *nv =
			    &g->val[ingest_col_find(k, k->numcol)];
			x->num = nv->t == STI_INT ? (double)nv->i : nv->d;
		}
		if (k->yearcol) {
			int j = ingest_col_find(k, k->yearcol);
			x->year = g->val[j].t == STI_INT ? g->val[j].i : 0;
		}
		if (k->defines == STE_YEAR) {
			x->d0 =
			    (long)g->val[ingest_col_find(k, "start_date")].i;
			x->d1 = (long)g->val[ingest_col_find(k, "end_date")].i;
			years_rebuild(g);
		}
	}
	return 0;
}

int ingest_delete(ingest *g, const char *const *vals, const int *cols,
                  long line, att_err *e)
{
	const ing_kind *k = g->k;
	g->c.read++;
	if (!g->w && build_writer(g, vals, e))
		return ATT_EIO;
	sti_val kv[64];
	int nk = 0;
	for (int i = 0; i < g->nw; i++) {
		int ci = g->wcols[i];
		const ing_col *c = &k->cols[ci];
		if (!(c->flags & IF_KEY))
			continue;
		const char *v = vals[ci];
		if (c->type == IT_CONST) {
			kv[nk].t = STI_TEXT;
			kv[nk++].s = c->arg;
			continue;
		}
		if (!v || !*v) {
			bad(g, line, cols ? cols[ci] : ci + 1, "",
			    "required value missing");
			g->c.rejected++;
			return 1;
		}
		if (c->type == IT_REF) {
			int64_t id = ingest_lookup(g, c->ref, v);
			if (id < 0) { /* nothing to delete */
				g->c.unchanged++;
				return 0;
			}
			kv[nk].t = STI_INT;
			kv[nk++].i = id;
		} else {
			kv[nk].t = STI_TEXT;
			kv[nk++].s = v;
		}
	}
	int deleted = 0;
	att_err de;
	err_clear(&de);
	if (sti_delete(g->wdel, kv, &deleted, &de)) {
		bad(g, line, 1, NULL, "%s", de.msg);
		g->c.rejected++;
		return 1;
	}
	if (deleted) {
		g->c.deleted++;
		if (k->defines >= 0 && k->defines != STE_ITEM &&
		    k->defines != STE_QUESTION) {
			ent *x = smap_get(&g->map[k->defines], vals[0]);
			if (x)
				x->id = -1; /* keep the slot; mark gone */
		}
	} else {
		g->c.unchanged++;
	}
	return 0;
}

typedef struct score_sort {
	uint64_t key;
	double v;
	uint32_t line;
} score_sort;

static int score_cmp(const void *pa, const void *pb)
{
	const score_sort *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * Put the scores in key order. A file already in the table's key order
 * (results student by student, as SIS exports are) needs nothing; one
 * ordered by the key's second part becomes key-ordered by a stable
 * counting sort on the leading part alone, O(n); anything else falls back
 * to a comparison sort.
 */
static void sort_scores(ingest *g)
{
	size_t n = g->nscores;
	int sorted = 1;
	for (size_t i = 1; i < n && sorted; i++)
		sorted = g->skey[i - 1] < g->skey[i];
	if (sorted)
		return;
	uint64_t amin = UINT64_MAX, amax = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t a = skey_hi(g, g->skey[i]);
		amin = a < amin ? a : amin;
		amax = a > amax ? a : amax;
	}
	size_t nb = (size_t)(amax - amin + 1);
	if (nb <= (1u << 20)) {
		size_t *start = xcalloc(nb + 1, sizeof(size_t));
		for (size_t i = 0; i < n; i++)
			start[skey_hi(g, g->skey[i]) - amin + 1]++;
		for (size_t k = 1; k <= nb; k++)
			start[k] += start[k - 1];
		/* Destination of each row, then one array at a time, so that
		 * at most one extra array is alive besides the index. */
		uint32_t *dst = big_alloc(n * sizeof(uint32_t));
		for (size_t i = 0; i < n; i++)
			dst[i] =
			    (uint32_t)start[skey_hi(g, g->skey[i]) - amin]++;
		free(start);
		uint64_t *k2 = big_alloc(n * sizeof(uint64_t));
		for (size_t i = 0; i < n; i++)
			k2[dst[i]] = g->skey[i];
		free(g->skey);
		g->skey = k2;
		double *v2 = big_alloc(n * sizeof(double));
		for (size_t i = 0; i < n; i++)
			v2[dst[i]] = g->sval[i];
		free(g->sval);
		g->sval = v2;
		uint32_t *l2 = big_alloc(n * sizeof(uint32_t));
		for (size_t i = 0; i < n; i++)
			l2[dst[i]] = g->sline[i];
		free(g->sline);
		g->sline = l2;
		free(dst);
		sorted = 1;
		for (size_t i = 1; i < n && sorted; i++)
			sorted = g->skey[i - 1] <= g->skey[i];
		if (sorted)
			return;
	}
	score_sort *t = xmalloc(n * sizeof(score_sort));
	for (size_t i = 0; i < n; i++) {
		t[i].key = g->skey[i];
		t[i].v = g->sval[i];
		t[i].line = g->sline[i];
	}
	qsort(t, n, sizeof(score_sort), score_cmp);
	for (size_t i = 0; i < n; i++) {
		g->skey[i] = t[i].key;
		g->sval[i] = t[i].v;
		g->sline[i] = t[i].line;
	}
	free(t);
}

/* Rejected duplicate rows are read back from the file by line number. */
static void reject_lines(ingest *g, const uint32_t *lines, size_t n)
{
	FILE *f = g->o.skip_bad ? fopen(g->file, "rb") : NULL;
	long at = 1;
	int c = 0;
	for (size_t i = 0; i < n; i++) {
		/* lines are ascending: skip forward to the line's start */
		while (f && at < (long)lines[i] && (c = getc(f)) != EOF)
			at += c == '\n';
		char text[4096];
		if (f && at == (long)lines[i] && fgets(text, sizeof(text), f)) {
			at += strchr(text, '\n') != NULL;
			reject_ctx x = {g, (long)lines[i], 0};
			csvin *cv =
			    csvin_mem_alloc(text, strlen(text), g->file);
			csvin_run(cv, reject_cb, &x, NULL);
			csvin_free(cv);
			if (x.done)
				continue;
		}
		reject(g, (long)lines[i], NULL, 0);
	}
	if (f)
		fclose(f);
}

/* The end of a streamed file whose rows are all in the table: free the
 * kept keys, build the dropped indexes again, count. */
static int stream_done(ingest *g, int64_t inserted, att_err *e)
{
	scores_free(g);
	if (g->stream_ix && sti_indexes_restore(g->s, g->stream_ix, e))
		return ATT_EIO;
	sti_indexes_free(g->stream_ix);
	g->stream_ix = NULL;
	TR("indexed");
	g->c.inserted += inserted;
	return ATT_OK;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int flush_scores(ingest *g, att_err *e)
{
	if (!g->nscores)
		return ATT_OK;
	TR("parsed");
	int streamed = g->stream_bk != NULL;
	int64_t ins = 0, upd = 0, same = 0;
	if (g->stream) {
		int src = ss_finish(g->stream, 1, e);
		g->stream = NULL;
		if (src)
			return src;
	}
	if (streamed && !g->stream_cut) {
		/* same: rows the insert ignored, i.e. later duplicates */
		int rc = sti_bulk_end(g->stream_bk, &ins, &upd, &same, e);
		g->stream_bk = NULL;
		if (rc)
			return rc;
	}
	TR("streamed");
	if (streamed && !g->stream_cut && same == 0)
		return stream_done(g, ins, e);
	sort_scores(g);
	TR("sorted");
	/* Duplicates: keep the first line, reject the later ones; compact. */
	uint32_t *dups = NULL;
	size_t ndup = 0, capdup = 0, n = 0;
	uint32_t first = 0;
	for (size_t i = 0; i < g->nscores; i++) {
		if (i == 0 || g->skey[i] != g->skey[i - 1]) {
			first = g->sline[i];
			g->skey[n] = g->skey[i];
			g->sval[n] = g->sval[i];
			g->sline[n] = g->sline[i];
			n++;
			continue;
		}
		buf_clear(&g->reason);
		bad(g, (long)g->sline[i], g->score_cols[0], NULL,
		    "duplicate row, same key as line %lu",
		    (unsigned long)first);
		g->c.rejected++;
		xgrow((void **)&dups, &capdup, ndup + 1, sizeof(uint32_t));
		dups[ndup++] = g->sline[i];
	}
	if (ndup && g->o.skip_bad) {
		qsort(dups, ndup, sizeof(uint32_t), cmp_u32);
		g->c.rejected -= (int64_t)ndup; /* reject() counts them */
		reject_lines(g, dups, ndup);
	}
	free(dups);
	if ((g->c.problems && !g->o.skip_bad) || g->fatal)
		return ATT_OK; /* will roll back: no need to write */
	if (streamed)
		return stream_done(g, ins, e);
	sti_indexes *ix = NULL;
	int64_t have = sti_count(g->s, g->k->table);
	if (n > 100000 && (int64_t)n > have) {
		ix = sti_indexes_drop_alloc(g->s, g->k->table, e);
		if (!ix)
			return ATT_EIO;
	}
	TR("dups");
	sti_bulk *bk = sti_bulk_begin(g->s, g->k->table, e);
	int rc = bk ? ATT_OK : ATT_EIO;
	sti_score chunk[4096];
	for (size_t i = 0; !rc && i < n;) {
		size_t m = 0;
		for (; m < 4096 && i < n; m++, i++) {
			chunk[m].a = skey_a(g, g->skey[i]);
			chunk[m].b = skey_b(g, g->skey[i]);
			chunk[m].v = g->sval[i];
		}
		rc = sti_bulk_put(bk, chunk, m, e);
	}
	if (bk && !rc)
		rc = sti_bulk_end(bk, &ins, &upd, &same, e);
	else if (bk)
		sti_bulk_free(bk);
	/* The rows are in the table: free them before the index build. */
	scores_free(g);
	TR("inserted");
	if (!rc && ix)
		rc = sti_indexes_restore(g->s, ix, e);
	TR("indexed");
	sti_indexes_free(ix);
	if (rc)
		return rc;
	g->c.inserted += ins;
	g->c.updated += upd;
	g->c.unchanged += same;
	return ATT_OK;
}

static int flush_attendance(ingest *g, att_err *e)
{
	uint8_t old[400];
	for (size_t i = 0; i < g->att.cap; i++) {
		att_ent *a = &g->att.slot[i];
		if (!a->marks)
			continue;
		size_t nb = attendance_bytes(a->ndays), len = 0;
		if (nb > sizeof(old))
			nb = sizeof(old);
		memset(old, 0, sizeof(old));
		int found = sti_att_get(g->s, a->sid, a->yid, old, nb, &len, e);
		if (found < 0)
			return ATT_EIO;
		uint8_t merged[400];
		memcpy(merged, old, nb);
		int changed = 0;
		for (int d = 0; d < a->ndays; d++) {
			if (!(a->seen[d / 8] & (1u << (d % 8))))
				continue;
			int nv = attendance_get(a->marks, nb, d);
			int ov = attendance_get(old, len, d);
			if (nv == ov) {
				g->c.unchanged++;
				continue;
			}
			if (ov == ATT_NONE)
				g->c.inserted++;
			else
				g->c.updated++;
			attendance_set(merged, nb, d, nv);
			changed = 1;
		}
		if ((changed || !found) &&
		    sti_att_put(g->s, a->sid, a->yid, merged, nb, e))
			return ATT_EIO;
	}
	return ATT_OK;
}

int ingest_file_end(ingest *g, att_err *e)
{
	int rc = ATT_OK;
	if (g->k && g->k->special == IK_SCORES)
		rc = flush_scores(g, e);
	else if (g->k && g->k->special == IK_ATTENDANCE)
		rc = flush_attendance(g, e);
	if (g->rejpath && g->rej)
		fprintf(g->o.msg, "rejected rows written to %s\n", g->rejpath);
	file_reset(g);
	return rc;
}

int ingest_finish(ingest *g, const char *content_hash, att_err *e)
{
	if (g->prog_on) {
		snprintf(g->plabel, sizeof(g->plabel), "import: %lld rows",
		         (long long)g->c.read);
		progress_finish(&g->prog);
	}
	if (g->c.problems > g->shown)
		fprintf(g->o.msg, "... and %lld more problems not shown\n",
		        (long long)(g->c.problems - g->shown));
	int failed = (g->c.problems > 0 && !g->o.skip_bad) || g->fatal;
	char finished[21];
	clock_iso(g->o.now + (int64_t)(now_seconds() - g->t0 + 0.5), finished);
	sti_batch b = {g->kind,        g->source,     content_hash,
	               g->started,     finished,      "committed",
	               g->c.read,      g->c.inserted, g->c.updated,
	               g->c.unchanged, g->c.rejected};
	int rc = ATT_OK;
	if (failed) {
		store_rollback(g->s);
		g->in_tx = 0;
		b.status = "failed";
		b.inserted = b.updated = b.unchanged = 0;
		att_err e2;
		if (!store_begin(g->s, &e2)) {
			if (sti_batch_record(g->s, &b, &e2) ||
			    store_commit(g->s, &e2))
				store_rollback(g->s);
		}
		rc = ATT_EINPUT;
	} else {
		if (g->c.rejected)
			b.status = "partial";
		if (g->c.inserted + g->c.updated + g->c.deleted > 0)
			rc = store_bump_version(g->s, e);
		if (!rc)
			rc = sti_batch_record(g->s, &b, e);
		if (!rc)
			rc = store_commit(g->s, e);
		else
			store_rollback(g->s);
		TR("committed");
		g->in_tx = 0;
		if (!rc && g->c.rejected)
			rc = ATT_EINPUT;
	}
	if (!g->o.quiet) {
		printf("import %s: %lld read, %lld inserted, %lld updated, "
		       "%lld unchanged, %lld deleted, %lld rejected; %s\n",
		       g->source, (long long)g->c.read,
		       (long long)(failed ? 0 : g->c.inserted),
		       (long long)(failed ? 0 : g->c.updated),
		       (long long)(failed ? 0 : g->c.unchanged),
		       (long long)(failed ? 0 : g->c.deleted),
		       (long long)g->c.rejected,
		       failed ? "nothing committed"
		              : (g->c.rejected ? "good rows committed"
		                               : "committed"));
		fflush(stdout);
	}
	if (g->fk_off) {
		sti_foreign_keys(g->s, 1, NULL);
		g->fk_off = 0;
	}
	if (rc == ATT_EINPUT && e && !e->msg[0])
		err_set(e, ATT_EINPUT, "import of '%s' found %lld problem%s",
		        g->source, (long long)g->c.problems,
		        g->c.problems == 1 ? "" : "s");
	return rc;
}
