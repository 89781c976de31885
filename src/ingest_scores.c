/*
 * ingest_scores.c - the bulk path of results and item responses: each
 * validated score kept as a packed key, a value and a line (20 bytes a
 * row); into an empty table the rows are streamed while the file is read
 * by a writer thread on the batch's connection; otherwise, at the end of
 * the file, sorted into the table's key order (a counting sort when the
 * file is in the key's second order), duplicates rejected (the first line
 * wins) and upserted in multi-row statements, with the table's secondary
 * indexes dropped and rebuilt for large loads.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ingest_internal.h"

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
#define SS_NCHUNK 16

struct score_stream {
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
};

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

void ig_stream_abandon(ingest *g)
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
void ig_scores_free(ingest *g)
{
	free(g->skey);
	free(g->sval);
	free(g->sline);
	g->skey = NULL;
	g->sval = NULL;
	g->sline = NULL;
	g->nscores = g->capscores = 0;
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

/*
 * Keep one validated score row (its key, value and line; the arrays sized
 * at first from the file's size) and, when streaming, hand it to the
 * writer. 1 when the row is rejected, ATT_EIO on a database error.
 */
int ig_put_score(ingest *g, const int *cols, long line, char *const *raw,
                 int nraw, att_err *e)
{
	const ing_kind *k = g->k;
	int ia = k->cols[0].flags & IF_NOSTORE ? 1 : 0;
	int is = ia + 1, iv = ia + 2;
	if (g->nscores == 0) {
		g->score_cols[0] = cols ? cols[ia] : ia + 1;
	}
	if (g->nscores + 1 > g->capscores) {
		/* First guess from the file size (rows of the first
		 * line's length, plus a little), then grow by half. */
		size_t cap =
		    g->capscores ? g->capscores + g->capscores / 2 : 4096;
		if (!g->capscores && g->size_hint > 0 && raw && nraw > 0) {
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
		ig_bad(g, line, 1, NULL, "id too large for the bulk loader");
		ig_reject(g, line, raw, nraw);
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
			if (g->nscores == SS_ROWS && stream_indexes(g, e))
				return ATT_EIO;
			ss_add(g->stream, ka, kb, g->val[iv].d);
		}
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

/* The end of a streamed file whose rows are all in the table: free the
 * kept keys, build the dropped indexes again, count. */
static int stream_done(ingest *g, int64_t inserted, att_err *e)
{
	ig_scores_free(g);
	if (g->stream_ix && sti_indexes_restore(g->s, g->stream_ix, e))
		return ATT_EIO;
	sti_indexes_free(g->stream_ix);
	g->stream_ix = NULL;
	ig_trace("indexed");
	g->c.inserted += inserted;
	return ATT_OK;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

int ig_flush_scores(ingest *g, att_err *e)
{
	if (!g->nscores)
		return ATT_OK;
	ig_trace("parsed");
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
	ig_trace("streamed");
	if (streamed && !g->stream_cut && same == 0)
		return stream_done(g, ins, e);
	sort_scores(g);
	ig_trace("sorted");
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
		ig_bad(g, (long)g->sline[i], g->score_cols[0], NULL,
		       "duplicate row, same key as line %lu",
		       (unsigned long)first);
		g->c.rejected++;
		xgrow((void **)&dups, &capdup, ndup + 1, sizeof(uint32_t));
		dups[ndup++] = g->sline[i];
	}
	if (ndup && g->o.skip_bad) {
		qsort(dups, ndup, sizeof(uint32_t), cmp_u32);
		g->c.rejected -= (int64_t)ndup; /* ig_reject() counts them */
		ig_reject_lines(g, dups, ndup);
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
	ig_trace("dups");
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
	ig_scores_free(g);
	ig_trace("inserted");
	if (!rc && ix)
		rc = sti_indexes_restore(g->s, ix, e);
	ig_trace("indexed");
	sti_indexes_free(ix);
	if (rc)
		return rc;
	g->c.inserted += ins;
	g->c.updated += upd;
	g->c.unchanged += same;
	return ATT_OK;
}
