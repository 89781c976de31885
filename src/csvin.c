/*
 * csvin.c - streaming CSV reading on libcsv (see csvin.h).
 *
 * Line numbers: libcsv reports neither lines nor offsets, so the input is
 * fed to csv_parse one physical line at a time (split at LF). The line of
 * a record's end is then the line being fed when libcsv calls the row
 * callback; its start is that line minus the line feeds inside its first
 * field (which libcsv has already delivered whole).
 */
#include "csvin.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CSVIN_CHUNK (1 << 20)
/* Files at least this large are read by a second thread. */
#define CSVIN_PIPELINE_MIN (8u << 20)

struct csvin {
	int fd;
	const unsigned char *mem;
	size_t memlen;
	char label[256];
	uint64_t size;
	uint64_t done;
	uint64_t hash;
	int bom;
	struct csv_parser p;
	/* current record: field bytes back to back, offsets and lengths */
	char *data;
	size_t dlen, dcap;
	size_t *off;
	size_t *len;
	char **f;
	size_t fcap;
	int nf;
	long line;      /* line being fed */
	long row_line;  /* start line of the record being built */
	long next_line; /* line after the last complete record */
	/* callback state */
	csvin_row_fn fn;
	void *ctx;
	int stop;
};

static void on_field(void *s, size_t n, void *ctx)
{
	csvin *c = ctx;
	if (c->stop)
		return;
	if ((size_t)c->nf + 1 > c->fcap) {
		size_t cap = c->fcap;
		xgrow((void **)&c->off, &cap, (size_t)c->nf + 1,
		      sizeof(size_t));
		cap = c->fcap;
		xgrow((void **)&c->len, &cap, (size_t)c->nf + 1,
		      sizeof(size_t));
		cap = c->fcap;
		xgrow((void **)&c->f, &cap, (size_t)c->nf + 1, sizeof(char *));
		c->fcap = cap;
	}
	if (c->dlen + n + 1 > c->dcap)
		xgrow((void **)&c->data, &c->dcap, c->dlen + n + 1, 1);
	if (c->nf == 0) {
		long nl = 0;
		const char *q = s;
		for (size_t i = 0; i < n; i++)
			nl += q[i] == '\n';
		c->row_line = c->line - nl;
	}
	if (n)
		memcpy(c->data + c->dlen, s, n);
	c->data[c->dlen + n] = '\0';
	c->off[c->nf] = c->dlen;
	c->len[c->nf] = n;
	c->dlen += n + 1;
	c->nf++;
}

static void on_row(int term, void *ctx)
{
	csvin *c = ctx;
	(void)term;
	if (c->stop) {
		c->nf = 0;
		c->dlen = 0;
		return;
	}
	for (int i = 0; i < c->nf; i++)
		c->f[i] = c->data + c->off[i];
	csvin_row r = {c->nf, c->f, c->len, c->row_line, c->done};
	if (c->nf > 0)
		c->stop = c->fn(c->ctx, &r);
	c->next_line = c->line + 1;
	c->nf = 0;
	c->dlen = 0;
}

int csvin_row_nul(const csvin_row *r)
{
	for (int i = 0; i < r->nf; i++)
		if (r->len[i] && memchr(r->f[i], '\0', r->len[i]))
			return i + 1;
	return 0;
}

int csvin_check_nul(const csvin_row *r, const char *label, att_err *e)
{
	int col = csvin_row_nul(r);
	if (!col)
		return ATT_OK;
	return err_set_at(e, ATT_EINPUT, label, r->line, col,
	                  "NUL byte at byte %zu of the field",
	                  strlen(r->f[col - 1]) + 1);
}

static csvin *csvin_new(const char *label)
{
	csvin *c = xcalloc(1, sizeof(*c));
	c->fd = -1;
	snprintf(c->label, sizeof(c->label), "%s", label ? label : "-");
	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	c->hash = hash64("", 0, 0);
	c->line = 1;
	c->next_line = 1;
	return c;
}

int csvin_open(const char *path, csvin **out, att_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, ATT_EINPUT, "cannot open '%s': %s", path,
		               strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return err_set(e, ATT_EINPUT,
		               "cannot read '%s': is a directory", path);
	}
	csvin *c = csvin_new(path);
	c->fd = fd;
	c->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	*out = c;
	return ATT_OK;
}

csvin *csvin_mem_alloc(const void *data, size_t len, const char *label)
{
	csvin *c = csvin_new(label);
	c->mem = data;
	c->memlen = len;
	c->size = len;
	return c;
}

void csvin_free(csvin *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	csv_free(&c->p);
	free(c->data);
	free(c->off);
	free(c->len);
	free(c->f);
	free(c);
}

uint64_t csvin_size(const csvin *c)
{
	return c->size;
}

uint64_t csvin_hash(const csvin *c)
{
	return c->hash;
}

int csvin_had_bom(const csvin *c)
{
	return c->bom;
}

/* Content hash: 8 bytes at a time with multiply-xorshift mixing (FNV
 * byte by byte cost as much as parsing). Reads of a regular file come in
 * fixed 1 MiB chunks, so the value depends on the content alone. */
static uint64_t chunk_hash(uint64_t h, const unsigned char *p, size_t n)
{
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
		p += 8;
		n -= 8;
	}
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* Feed one block to libcsv line by line. Returns 0 or ATT_EINPUT. */
static int feed(csvin *c, const unsigned char *p, size_t n, att_err *e)
{
	while (n > 0 && !c->stop) {
		const unsigned char *nl = memchr(p, '\n', n);
		size_t k = nl ? (size_t)(nl - p) + 1 : n;
		if (csv_parse(&c->p, p, k, on_field, on_row, c) != k)
			return err_set_at(e, ATT_EINPUT, c->label, c->line,
			                  c->nf + 1,
			                  "malformed CSV quoting (found %s)",
			                  csv_strerror(csv_error(&c->p)));
		if (nl)
			c->line++;
		c->done += k;
		p += k;
		n -= k;
	}
	return ATT_OK;
}

/* Read everything, calling c->fn for each record (the whole of a
 * single-threaded run, or the reader thread's side of a pipelined one). */
static int read_loop(csvin *c, att_err *e)
{
	c->stop = 0;
	int first = 1, rc = ATT_OK;
	unsigned char *chunk = c->mem ? NULL : xmalloc(CSVIN_CHUNK);
	size_t memoff = 0;
	for (;;) {
		const unsigned char *p;
		size_t n;
		if (c->mem) {
			p = c->mem + memoff;
			n = c->memlen - memoff;
			memoff = c->memlen;
		} else {
			ssize_t r = read(c->fd, chunk, CSVIN_CHUNK);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				rc = err_set(e, ATT_EIO, "cannot read '%s': %s",
				             c->label, strerror(errno));
				break;
			}
			p = chunk;
			n = (size_t)r;
		}
		if (n == 0)
			break;
		c->hash = chunk_hash(c->hash, p, n);
		if (first && n >= 3 && p[0] == 0xef && p[1] == 0xbb &&
		    p[2] == 0xbf) {
			c->bom = 1;
			p += 3;
			n -= 3;
			c->done += 3;
		}
		first = 0;
		rc = feed(c, p, n, e);
		if (rc || c->stop)
			break;
	}
	if (!rc && !c->stop) {
		if (csv_fini(&c->p, on_field, on_row, c) != 0)
			rc = err_set_at(e, ATT_EINPUT, c->label, c->next_line,
			                c->nf + 1,
			                "malformed CSV quoting (found an "
			                "unterminated quoted field)");
	}
	free(chunk);
	if (!rc && c->stop)
		rc = c->stop;
	return rc;
}

/*
 * Pipelined reading for large files: a reader thread reads and parses
 * (libcsv) into batches of records; the caller's thread takes full batches
 * and runs the callback on each record, in order. Three batches rotate:
 * the reader fills one while the caller consumes another. The callback
 * always runs in the calling thread, so callers need no locking.
 */
#define BATCH_RECS 8192
#define BATCH_BYTES (1u << 20)
#define NBATCH 3

typedef struct batch_rec {
	size_t first; /* index of its first field */
	int nf;
	long line;
	uint64_t offset;
} batch_rec;

typedef struct batch {
	char *data;
	size_t dlen, dcap;
	size_t *foff, *flen;
	size_t nfld, capfld;
	batch_rec *rec;
	size_t nrec, caprec;
} batch;

typedef struct pipeline {
	csvin *c;
	batch b[NBATCH];
	int head, tail, count, eof;
	volatile int stop;
	int rc;
	att_err err;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} pipeline;

/* Reader side: hand the batch being filled to the consumer. */
static void batch_publish(pipeline *P)
{
	pthread_mutex_lock(&P->mu);
	P->count++;
	P->head = (P->head + 1) % NBATCH;
	pthread_cond_broadcast(&P->cv);
	while (P->count == NBATCH && !P->stop)
		pthread_cond_wait(&P->cv, &P->mu);
	pthread_mutex_unlock(&P->mu);
	batch *b = &P->b[P->head];
	b->dlen = b->nfld = b->nrec = 0;
}

static int batch_append(void *ctx, const csvin_row *r)
{
	pipeline *P = ctx;
	if (P->stop)
		return 1;
	batch *b = &P->b[P->head];
	size_t need = 0;
	for (int i = 0; i < r->nf; i++)
		need += r->len[i] + 1;
	if (b->dlen + need > b->dcap)
		xgrow((void **)&b->data, &b->dcap, b->dlen + need, 1);
	if (b->nfld + (size_t)r->nf > b->capfld) {
		size_t cap = b->capfld;
		xgrow((void **)&b->foff, &cap, b->nfld + (size_t)r->nf,
		      sizeof(size_t));
		cap = b->capfld;
		xgrow((void **)&b->flen, &cap, b->nfld + (size_t)r->nf,
		      sizeof(size_t));
		b->capfld = cap;
	}
	xgrow((void **)&b->rec, &b->caprec, b->nrec + 1, sizeof(batch_rec));
	b->rec[b->nrec].first = b->nfld;
	b->rec[b->nrec].nf = r->nf;
	b->rec[b->nrec].line = r->line;
	b->rec[b->nrec].offset = r->offset;
	b->nrec++;
	for (int i = 0; i < r->nf; i++) {
		memcpy(b->data + b->dlen, r->f[i], r->len[i] + 1);
		b->foff[b->nfld] = b->dlen;
		b->flen[b->nfld] = r->len[i];
		b->nfld++;
		b->dlen += r->len[i] + 1;
	}
	if (b->nrec >= BATCH_RECS || b->dlen >= BATCH_BYTES)
		batch_publish(P);
	return P->stop;
}

static void *reader_main(void *arg)
{
	pipeline *P = arg;
	csvin *c = P->c;
	err_clear(&P->err);
	int rc = read_loop(c, &P->err);
	pthread_mutex_lock(&P->mu);
	P->rc = rc;
	if (P->b[P->head].nrec > 0 && !P->stop) {
		P->count++;
		P->head = (P->head + 1) % NBATCH;
	}
	P->eof = 1;
	pthread_cond_broadcast(&P->cv);
	pthread_mutex_unlock(&P->mu);
	return NULL;
}

static int run_pipelined(csvin *c, csvin_row_fn fn, void *ctx, att_err *e)
{
	pipeline *P = xcalloc(1, sizeof(*P));
	P->c = c;
	pthread_mutex_init(&P->mu, NULL);
	pthread_cond_init(&P->cv, NULL);
	c->fn = batch_append;
	c->ctx = P;
	pthread_t th;
	if (pthread_create(&th, NULL, reader_main, P) != 0) {
		free(P);
		c->fn = fn;
		c->ctx = ctx;
		return read_loop(c, e);
	}
	char **f = NULL;
	size_t fcap = 0;
	int urc = 0;
	for (;;) {
		pthread_mutex_lock(&P->mu);
		while (P->count == 0 && !P->eof)
			pthread_cond_wait(&P->cv, &P->mu);
		if (P->count == 0) {
			pthread_mutex_unlock(&P->mu);
			break;
		}
		batch *b = &P->b[P->tail];
		pthread_mutex_unlock(&P->mu);
		for (size_t i = 0; i < b->nrec && !urc; i++) {
			batch_rec *br = &b->rec[i];
			xgrow((void **)&f, &fcap, (size_t)br->nf + 1,
			      sizeof(char *));
			for (int j = 0; j < br->nf; j++)
				f[j] = b->data + b->foff[br->first + (size_t)j];
			csvin_row r = {br->nf, f, b->flen + br->first, br->line,
			               br->offset};
			urc = fn(ctx, &r);
		}
		pthread_mutex_lock(&P->mu);
		P->tail = (P->tail + 1) % NBATCH;
		P->count--;
		if (urc)
			P->stop = 1;
		pthread_cond_broadcast(&P->cv);
		pthread_mutex_unlock(&P->mu);
		if (urc)
			break;
	}
	pthread_join(th, NULL);
	int rc = urc ? urc : P->rc;
	if (!urc && P->rc && e)
		*e = P->err;
	for (int i = 0; i < NBATCH; i++) {
		free(P->b[i].data);
		free(P->b[i].foff);
		free(P->b[i].flen);
		free(P->b[i].rec);
	}
	free(f);
	pthread_mutex_destroy(&P->mu);
	pthread_cond_destroy(&P->cv);
	free(P);
	c->fn = fn;
	c->ctx = ctx;
	return rc;
}

int csvin_run(csvin *c, csvin_row_fn fn, void *ctx, att_err *e)
{
	uint64_t min = CSVIN_PIPELINE_MIN;
	const char *env = getenv("ATTAIN_CSVIN_THREAD_MIN"); /* for tests */
	if (env && *env)
		min = strtoull(env, NULL, 10);
	if (!c->mem && c->size >= min)
		return run_pipelined(c, fn, ctx, e);
	c->fn = fn;
	c->ctx = ctx;
	return read_loop(c, e);
}
