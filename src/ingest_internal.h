/*
 * ingest_internal.h - what the files of the import batch share and
 * nothing else sees: the batch (struct ingest), the string-to-entity map
 * its references resolve through, the attendance and score accumulators,
 * and the functions one file of the batch calls in another:
 *
 *   ingest.c            the batch's life: begin, files, finish, counts
 *   ingest_msg.c        problems as FILE:LINE:COLUMN, rejects files
 *   ingest_refs.c       the code -> id maps, years, org levels
 *   ingest_check.c      parsing and validating one row's values
 *   ingest_row.c        a row applied: upserts, deletes, defined codes
 *   ingest_scores.c     the bulk path of results and item responses
 *   ingest_attendance.c attendance rows merged into the marks blobs
 */
#ifndef ATTAIN_INGEST_INTERNAL_H
#define ATTAIN_INGEST_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "ingest.h"
#include "store_ingest.h"

/* ---- string -> entity hash map (ingest_refs.c) ---- */

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

void ig_smap_init(smap *m);
void ig_smap_free(smap *m);
ent *ig_smap_get(const smap *m, const char *key);
/* The entry of key, added (zeroed, *isnew set) when missing. */
ent *ig_smap_put(smap *m, const char *key, int *isnew);

/* ---- attendance accumulation (ingest_attendance.c) ---- */

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

/* ---- the batch ---- */

/* The last code a reference column resolved, and its map entry. */
typedef struct refcache {
	char key[48];
	ent *e;
} refcache;

typedef struct score_stream score_stream;

/* Rows per chunk handed to the score writer thread. */
#define SS_ROWS 8192

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
static inline uint64_t skey_make(const ingest *g, int64_t a, int64_t b)
{
	return g->skey_bfirst ? (uint64_t)b << SCORE_ABITS | (uint64_t)a
	                      : (uint64_t)a << SCORE_BBITS | (uint64_t)b;
}

static inline int64_t skey_a(const ingest *g, uint64_t k)
{
	return (int64_t)(g->skey_bfirst ? k & ((1ULL << SCORE_ABITS) - 1)
	                                : k >> SCORE_BBITS);
}

static inline int64_t skey_b(const ingest *g, uint64_t k)
{
	return (int64_t)(g->skey_bfirst ? k >> SCORE_ABITS
	                                : k & ((1ULL << SCORE_BBITS) - 1));
}

/* The key's leading part: what a counting sort on the key sorts by. */
static inline uint64_t skey_hi(const ingest *g, uint64_t k)
{
	return k >> (g->skey_bfirst ? SCORE_ABITS : SCORE_BBITS);
}

/* What each entity is called in messages. */
extern const char *const ig_ent_name[STE_COUNT];

/* $ATTAIN_IMPORT_TRACE=1: a phase of a scores file on stderr. */
void ig_trace(const char *phase);

/* ingest_msg.c */
void ig_show(buf *b, const char *s);
/* A problem in the current file, for the current row (sets row_bad). */
void ig_bad(ingest *g, long line, long col, const char *found, const char *fmt,
            ...) __attribute__((format(printf, 5, 6)));
/* Count a rejected row and write it to the rejects file (--skip-bad). */
void ig_reject(ingest *g, long line, char *const *raw, int nraw);
/* Reject rows known by line number, read back from the file. */
void ig_reject_lines(ingest *g, const uint32_t *lines, size_t n);

/* ingest_refs.c */
smap *ig_map_of(ingest *g, int e, att_err *err);
void ig_years_rebuild(ingest *g);
ent *ig_year_by_id(ingest *g, int64_t id);
ent *ig_year_of_day(ingest *g, long day);

/* ingest_check.c */
int ig_parse_int(const char *s, int64_t *out);
int ig_check_row(ingest *g, const char *const *vals, const int *cols, long line,
                 att_err *e);
void ig_check_dup(ingest *g, const char *const *vals, const int *cols,
                  long line);

/* ingest_scores.c */
int ig_put_score(ingest *g, const int *cols, long line, char *const *raw,
                 int nraw, att_err *e);
int ig_flush_scores(ingest *g, att_err *e);
void ig_stream_abandon(ingest *g);
void ig_scores_free(ingest *g);

/* ingest_attendance.c */
int ig_put_attendance(ingest *g, const char *const *vals, const int *cols,
                      long line);
int ig_flush_attendance(ingest *g, att_err *e);

#endif
