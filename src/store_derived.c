/*
 * store_derived.c - SQL for analysis runs, derived-table writes and
 * exports (see store_derived.h).
 */
#include "store_derived.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_internal.h"

/* The schema derived writes on s go to: the run's stage when one is open
 * (store_runs.h), else the store itself, named so that a worker's views
 * of the stage (store_stage_attach) never take a write. */
static const char *dschema(const store *s)
{
	return s->stage_run ? "stage" : "main";
}

/* Table and column names come from code, but check them anyway: only
 * identifier characters and commas/spaces reach SQL text. */
static int ident_ok(const char *s, int list)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' ||
		      (list && (*s == ',' || *s == ' '))))
			return 0;
	return 1;
}

/* ---- buffered derived writes (deferred mode) ----
 *
 * A batch is the byte stream of one analysis's transaction: 'C' ops
 * (clear a table: varint length, name) and 'R' ops (varint slot, then one
 * tagged value per column) in the order the run function issued them, in
 * chunks of at least DB_CHUNK bytes; a row never straddles two chunks.
 * Values: tag 0 NULL, 1 integer (zigzag varint), 2 double (8 bytes, host
 * order), 3 text (varint length, bytes). Slots are the inserters opened
 * with store_dw_open (table, column list, column count, rows).
 */
#define DB_CHUNK ((size_t)8 << 20)

typedef struct dchunk {
	struct dchunk *next;
	size_t len, cap;
	unsigned char data[];
} dchunk;

typedef struct dslot {
	char table[64];
	char *cols;
	int ncol;
	int64_t rows;
} dslot;

struct dbatch {
	dchunk *head, *tail;
	size_t bytes;
	dslot *slot;
	int nslot, capslot;
	int open; /* between store_derived_begin and store_derived_commit */
	int done; /* committed: ready for store_derived_take */
	int64_t rows;
};

static void st_batch_free(struct dbatch *b)
{
	if (!b)
		return;
	for (dchunk *c = b->head, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	for (int i = 0; i < b->nslot; i++)
		free(b->slot[i].cols);
	free(b->slot);
	free(b);
}

void store_dbatch_free(dbatch *b)
{
	st_batch_free(b);
}

size_t store_dbatch_bytes(const dbatch *b)
{
	return b ? b->bytes : 0;
}

int64_t store_dbatch_rows(const dbatch *b)
{
	return b ? b->rows : 0;
}

/* Append n bytes as one unit (never split across chunks). */
static void batch_put(dbatch *b, const void *p, size_t n)
{
	dchunk *c = b->tail;
	if (!c || c->cap - c->len < n) {
		size_t cap = n > DB_CHUNK ? n : DB_CHUNK;
		c = xmalloc(sizeof(dchunk) + cap);
		c->next = NULL;
		c->len = 0;
		c->cap = cap;
		if (b->tail)
			b->tail->next = c;
		else
			b->head = c;
		b->tail = c;
	}
	memcpy(c->data + c->len, p, n);
	c->len += n;
	b->bytes += n;
}

static void put_varint(buf *o, uint64_t v)
{
	unsigned char t[10];
	int n = 0;
	do {
		t[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			t[n] |= 0x80;
		n++;
	} while (v);
	buf_add(o, t, (size_t)n);
}

static uint64_t get_varint(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	uint64_t v = 0;
	int shift = 0;
	for (;;) {
		unsigned char c = *p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			break;
		shift += 7;
	}
	*pp = p;
	return v;
}

void store_derived_defer(store *s, int on)
{
	s->deferred = on != 0;
}

dbatch *store_derived_take(store *s)
{
	dbatch *b = s->batch;
	if (!b || !b->done)
		return NULL;
	s->batch = NULL;
	return b;
}

void store_derived_discard(store *s)
{
	st_batch_free(s->batch);
	s->batch = NULL;
}

static int batch_open(store *s, att_err *e)
{
	if (!s->batch || !s->batch->open)
		return err_set(e, ATT_EUSAGE,
		               "derived write outside store_derived_begin");
	return ATT_OK;
}

int store_derived_begin(store *s, att_err *e)
{
	if (s->deferred) {
		store_derived_discard(s);
		s->batch = xcalloc(1, sizeof(dbatch));
		s->batch->open = 1;
		s->batch_free = st_batch_free;
		return ATT_OK;
	}
	return store_begin(s, e);
}

int store_derived_commit(store *s, att_err *e)
{
	if (s->deferred) {
		if (batch_open(s, e))
			return ATT_EUSAGE;
		s->batch->open = 0;
		s->batch->done = 1;
		return ATT_OK;
	}
	return store_commit(s, e);
}

int store_derived_clear(store *s, const char *table, att_err *e)
{
	if (!ident_ok(table, 0))
		return err_set(e, ATT_EUSAGE, "bad table name '%s'", table);
	if (s->deferred) {
		if (batch_open(s, e))
			return ATT_EUSAGE;
		buf o;
		buf_init(&o);
		buf_addc(&o, 'C');
		put_varint(&o, strlen(table));
		buf_adds(&o, table);
		batch_put(s->batch, o.data, o.len);
		buf_free(&o);
		return ATT_OK;
	}
	char sql[160];
	snprintf(sql, sizeof(sql), "DELETE FROM %s.%s", dschema(s), table);
	return sql_exec(s, sql, e);
}

/* A writer: the table's declared columns, the statement of a direct
 * write, or the batch and slot of a deferred one. */
struct dwriter {
	store *s;
	const dt_col *cols;
	sql_stmt *st; /* NULL in deferred mode */
	int ncol;
	int64_t rows;
	char table[64];
	dbatch *batch; /* deferred mode: the batch and slot rows go to */
	int slot;
	buf row; /* deferred mode: the row being encoded */
};

/* Open a writer of `cols` (comma list of ncol names) of a table. */
static dwriter *dw_open_cols(store *s, const char *table, const char *cols,
                             int ncol, att_err *e)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "INSERT INTO %s.%s(%s) VALUES (", dschema(s), table,
	           cols);
	for (int i = 0; i < ncol; i++)
		buf_adds(&b, i ? ", ?" : "?");
	buf_addc(&b, ')');
	if (s->deferred && batch_open(s, e)) {
		buf_free(&b);
		return NULL;
	}
	/* Prepared in deferred mode too: an unknown table or column fails
	 * here, in the run function, as it does when writing directly. */
	sql_stmt *st = sql_prep_new(s, b.data, NULL);
	buf_free(&b);
	if (!st) {
		sql_fail(s, e, "cannot prepare insert");
		return NULL;
	}
	dwriter *w = xcalloc(1, sizeof(*w));
	w->s = s;
	w->ncol = ncol;
	snprintf(w->table, sizeof(w->table), "%s", table);
	if (s->deferred) {
		sql_free(st);
		dbatch *bt = s->batch;
		if (bt->nslot == bt->capslot) {
			bt->capslot = bt->capslot ? 2 * bt->capslot : 8;
			bt->slot = xrealloc(bt->slot, (size_t)bt->capslot *
			                                  sizeof(dslot));
		}
		dslot *sl = &bt->slot[bt->nslot];
		memset(sl, 0, sizeof(*sl));
		snprintf(sl->table, sizeof(sl->table), "%s", table);
		sl->cols = xstrdup(cols);
		sl->ncol = ncol;
		w->batch = bt;
		w->slot = bt->nslot++;
		buf_init(&w->row);
	} else {
		w->st = st;
	}
	return w;
}

dwriter *store_dw_open(store *s, const char *table, att_err *e)
{
	const dt_table *t = store_dtable(table);
	if (!t) {
		err_set(e, ATT_EUSAGE, "'%s' is not a declared derived table",
		        table ? table : "");
		return NULL;
	}
	buf cols;
	buf_init(&cols);
	for (int k = 0; k < t->ncol; k++)
		buf_printf(&cols, k ? ",%s" : "%s", t->cols[k].name);
	dwriter *w = dw_open_cols(s, t->name, cols.data, t->ncol, e);
	buf_free(&cols);
	if (w)
		w->cols = t->cols;
	return w;
}

/* Deferred mode: encode one row into the batch. */
static void dw_encode(dwriter *w, const dval *v)
{
	buf *o = &w->row;
	buf_clear(o);
	buf_addc(o, 'R');
	put_varint(o, (uint64_t)w->slot);
	for (int k = 0; k < w->ncol; k++) {
		switch (v[k].type) {
		case DV_INT:
			buf_addc(o, 1);
			put_varint(o, ((uint64_t)v[k].i << 1) ^
			                  (uint64_t)(v[k].i < 0 ? -1 : 0));
			break;
		case DV_REAL:
			buf_addc(o, 2);
			buf_add(o, &v[k].d, sizeof(double));
			break;
		case DV_TEXT: {
			size_t n = strlen(v[k].s);
			buf_addc(o, 3);
			put_varint(o, n);
			buf_add(o, v[k].s, n);
			break;
		}
		default:
			buf_addc(o, 0);
		}
	}
	batch_put(w->batch, o->data, o->len);
	w->batch->slot[w->slot].rows++;
	w->batch->rows++;
}

/* A value fits a declared column when it is NULL or of its type. */
static int dw_check(const dwriter *w, const dval *v, int n, att_err *e)
{
	if (n != w->ncol)
		return err_set(e, ATT_EUSAGE, "%s: %d values for %d columns",
		               w->table, n, w->ncol);
	static const dv_type want[] = {
	    [DT_INT] = DV_INT, [DT_REAL] = DV_REAL, [DT_TEXT] = DV_TEXT};
	for (int k = 0; w->cols && k < n; k++)
		if (v[k].type != DV_NULL && v[k].type != want[w->cols[k].type])
			return err_set(e, ATT_EUSAGE,
			               "%s.%s: a value of the wrong type",
			               w->table, w->cols[k].name);
	return ATT_OK;
}

int store_dw_put(dwriter *w, const dval *v, int n, att_err *e)
{
	if (dw_check(w, v, n, e))
		return ATT_EUSAGE;
	if (w->batch) {
		dw_encode(w, v);
		w->rows++;
		return ATT_OK;
	}
	for (int k = 0; k < n; k++) {
		switch (v[k].type) {
		case DV_INT:
			sql_bind_int(w->st, k + 1, v[k].i);
			break;
		case DV_REAL:
			sql_bind_num(w->st, k + 1, v[k].d);
			break;
		case DV_TEXT:
			sql_bind_text(w->st, k + 1, v[k].s);
			break;
		default:
			sql_bind_null(w->st, k + 1);
		}
	}
	if (sql_run(w->st, e, "cannot write derived row"))
		return ATT_EIO;
	w->rows++;
	return ATT_OK;
}

int64_t store_dw_count(const dwriter *w)
{
	return w ? w->rows : 0;
}

void store_dw_close(dwriter *w)
{
	if (!w)
		return;
	sql_free(w->st);
	if (w->batch)
		buf_free(&w->row);
	free(w);
}

/* ---- applying a batch ---- */

/* Drop the secondary indexes of the tables receiving many rows, keeping
 * their CREATE text in x to make them again after the insert. */
static int drop_indexes(store *s, const dbatch *b, sql_saved *x, att_err *e)
{
	for (int i = 0; i < b->nslot; i++) {
		const dslot *sl = &b->slot[i];
		if (sl->rows < STORE_REINDEX_ROWS)
			continue;
		int seen = 0;
		for (int j = 0; j < i; j++)
			seen |= b->slot[j].rows >= STORE_REINDEX_ROWS &&
			        strcmp(b->slot[j].table, sl->table) == 0;
		if (!seen && sql_indexes_drop(s, sl->table, x, e))
			return ATT_EIO;
	}
	return ATT_OK;
}

/* Rows per multi-row INSERT: fewer statement executions per row. */
#define DB_MULTI 16

/* Bind one encoded row to parameters base+1 .. base+ncol; returns the
 * position after it. */
static const unsigned char *bind_row(sql_stmt *q, int base, int ncol,
                                     const unsigned char *p)
{
	for (int col = base + 1; col <= base + ncol; col++) {
		unsigned char tag = *p++;
		if (tag == 1) {
			uint64_t z = get_varint(&p);
			int64_t v = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
			sql_bind_int(q, col, v);
		} else if (tag == 2) {
			double v;
			memcpy(&v, p, sizeof(v));
			p += sizeof(v);
			sql_bind_num(q, col, v);
		} else if (tag == 3) {
			int n = (int)get_varint(&p);
			sql_bind_textn(q, col, (const char *)p, n);
			p += n;
		} else {
			sql_bind_null(q, col);
		}
	}
	return p;
}

static const unsigned char *skip_row(int ncol, const unsigned char *p)
{
	for (int col = 0; col < ncol; col++) {
		unsigned char tag = *p++;
		if (tag == 1)
			get_varint(&p);
		else if (tag == 2)
			p += sizeof(double);
		else if (tag == 3) {
			size_t n = (size_t)get_varint(&p);
			p += n;
		}
	}
	return p;
}

/* A slot's statements (one row, DB_MULTI rows) and its rows waiting to
 * fill a multi-row statement. */
typedef struct rslot {
	sql_stmt *one, *many;
	const unsigned char *pend[DB_MULTI];
	int npend;
} rslot;

static sql_stmt *prep_insert(store *s, const dslot *sl, int nrows, att_err *e)
{
	buf q;
	buf_init(&q);
	buf_printf(&q, "INSERT INTO %s.%s(%s) VALUES ", dschema(s), sl->table,
	           sl->cols);
	for (int r = 0; r < nrows; r++) {
		buf_adds(&q, r ? ", (" : "(");
		for (int i = 0; i < sl->ncol; i++)
			buf_adds(&q, i ? ", ?" : "?");
		buf_addc(&q, ')');
	}
	sql_stmt *st = sql_prep_new(s, q.data, NULL);
	if (!st)
		sql_fail(s, e, "cannot prepare insert");
	buf_free(&q);
	return st;
}

static int step_reset(store *s, sql_stmt *q, att_err *e)
{
	int rc = sql_step(q);
	sql_reset(q);
	return rc == SQL_DONE ? ATT_OK
	                      : sql_fail(s, e, "cannot write derived row");
}

/* Insert a slot's waiting rows: DB_MULTI at once, else one by one. */
static int flush_slot(store *s, const dslot *sl, rslot *r, att_err *e)
{
	int rc = ATT_OK;
	if (r->npend == DB_MULTI) {
		if (!r->many && !(r->many = prep_insert(s, sl, DB_MULTI, e)))
			return ATT_EIO;
		for (int i = 0; i < DB_MULTI; i++)
			bind_row(r->many, i * sl->ncol, sl->ncol, r->pend[i]);
		rc = step_reset(s, r->many, e);
	} else {
		if (r->npend && !r->one && !(r->one = prep_insert(s, sl, 1, e)))
			return ATT_EIO;
		for (int i = 0; i < r->npend && !rc; i++) {
			bind_row(r->one, 0, sl->ncol, r->pend[i]);
			rc = step_reset(s, r->one, e);
		}
	}
	r->npend = 0;
	return rc;
}

/* 1 if the n-byte name is a word of the space-separated list. */
static int in_list(const char *list, const char *name, size_t n)
{
	const char *p = list, *w;
	size_t len;
	while ((w = word_next(&p, &len)))
		if (len == n && memcmp(w, name, n) == 0)
			return 1;
	return 0;
}

/* Replay a batch's ops in order. Rows of one slot are inserted in their
 * order (so rowids come out as with direct writes), DB_MULTI per
 * statement; waiting rows are flushed before any other op. A clear that
 * comes before any row, of a table in `cleared` (emptied by the caller in
 * this transaction), is skipped: the table is still empty. */
static int replay(store *s, const dbatch *b, const char *cleared, att_err *e)
{
	rslot *rs = xcalloc((size_t)b->nslot + 1, sizeof(*rs));
	int rc = ATT_OK, last = -1, seen_row = 0;
	for (const dchunk *c = b->head; c && !rc; c = c->next) {
		const unsigned char *p = c->data, *end = c->data + c->len;
		while (p < end && !rc) {
			unsigned char op = *p++;
			if (op == 'C') {
				if (last >= 0)
					rc = flush_slot(s, &b->slot[last],
					                &rs[last], e);
				last = -1;
				size_t n = (size_t)get_varint(&p);
				if (!seen_row &&
				    in_list(cleared, (const char *)p, n)) {
					p += n;
					continue;
				}
				char sql[160];
				snprintf(sql, sizeof(sql),
				         "DELETE FROM %s.%.*s", dschema(s),
				         (int)(n < 100 ? n : 100),
				         (const char *)p);
				p += n;
				if (!rc)
					rc = sql_exec(s, sql, e);
				continue;
			}
			int k = (int)get_varint(&p);
			const dslot *sl = &b->slot[k];
			seen_row = 1;
			if (last >= 0 && last != k)
				rc =
				    flush_slot(s, &b->slot[last], &rs[last], e);
			last = k;
			rs[k].pend[rs[k].npend++] = p;
			p = skip_row(sl->ncol, p);
			if (!rc && rs[k].npend == DB_MULTI)
				rc = flush_slot(s, sl, &rs[k], e);
		}
	}
	if (!rc && last >= 0)
		rc = flush_slot(s, &b->slot[last], &rs[last], e);
	for (int k = 0; k < b->nslot; k++) {
		sql_free(rs[k].one);
		sql_free(rs[k].many);
	}
	free(rs);
	return rc;
}

/* DELETE every row of each table of a space-separated list. */
static int clear_list(store *s, const char *tables, att_err *e)
{
	const char *p = tables, *w;
	size_t len;
	while ((w = word_next(&p, &len))) {
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)(len < 63 ? len : 63),
		         w);
		if (store_derived_clear(s, name, e))
			return ATT_EIO;
	}
	return ATT_OK;
}

int store_derived_apply(store *s, const dbatch *b, const char *tables,
                        int64_t run_id, const char *analysis, double seconds,
                        int64_t rows, double *write_seconds, att_err *e)
{
	double t0 = now_seconds();
	/* Derived rows reference analysis_run, which the runner created: the
	 * per-row foreign-key probe is redundant, and with foreign keys on a
	 * DELETE of a whole table cannot take SQLite's truncate path. The
	 * pragma has no effect inside a transaction, so it brackets it. */
	sql_foreign_keys(s, 0);
	/* A page cache that holds a big analysis's new pages: fewer pages
	 * spilled to the WAL mid-transaction and read back for the index
	 * builds. ATTAIN_WRITE_CACHE_MIB overrides the size. */
	const char *env = getenv("ATTAIN_WRITE_CACHE_MIB");
	sql_write_cache(s, env ? strtol(env, NULL, 10) : 512);
	sql_saved x = {0};
	double tm[6];
	/* Into a stage: a deferred transaction, which locks the stage alone
	 * (BEGIN IMMEDIATE would take the store's write lock too); its
	 * tables have no indexes. */
	int rc = s->stage_run ? sql_exec(s, "BEGIN", e) : store_begin(s, e);
	s->in_tx = !rc;
	tm[0] = now_seconds();
	if (!rc && b && !s->stage_run)
		rc = drop_indexes(s, b, &x, e);
	if (!rc)
		rc = clear_list(s, tables, e);
	tm[1] = now_seconds();
	if (!rc && b)
		rc = replay(s, b, tables, e);
	if (!rc) {
		char point[80];
		snprintf(point, sizeof(point), "writing:%s", analysis);
		kill_point(point);
	}
	tm[2] = now_seconds();
	if (!rc)
		rc = sql_indexes_restore(s, &x, e);
	tm[3] = now_seconds();
	double dt = now_seconds() - t0;
	if (!rc)
		rc = store_run_step(s, run_id, analysis, seconds + dt, rows, e);
	if (!rc)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	tm[4] = now_seconds();
	if (getenv("ATTAIN_WRITE_TIMES"))
		fprintf(stderr,
		        "write %s: begin %.2f clear %.2f rows %.2f index %.2f "
		        "commit %.2f s\n",
		        analysis, tm[0] - t0, tm[1] - tm[0], tm[2] - tm[1],
		        tm[3] - tm[2], tm[4] - tm[3]);
	sql_foreign_keys(s, 1);
	sql_saved_free(&x);
	if (write_seconds)
		*write_seconds = now_seconds() - t0;
	return rc;
}

/* ---- exports ---- */

int store_table_exists(store *s, const char *table)
{
	return ident_ok(table, 0) && sql_table_exists(s, table, 1);
}

static int person_column(void *ctx, const char *name, const char *type, int pk)
{
	(void)type, (void)pk;
	static const char *const cols[] = {"student_id", "staff_id",
	                                   "guardian_id", "observer_id"};
	for (size_t i = 0; i < ARRAY_LEN(cols); i++)
		if (strcmp(name, cols[i]) == 0)
			*(int *)ctx = 1;
	return 0;
}

int store_table_names_people(store *s, const char *table)
{
	if (!store_table_exists(s, table))
		return 0;
	if (strcmp(table, "student") == 0 || strcmp(table, "staff") == 0 ||
	    strcmp(table, "guardian") == 0)
		return 1;
	int named = 0;
	if (sql_table_columns(s, table, person_column, &named, NULL))
		return 1; /* unknown columns: treated as naming people */
	return named;
}

/* Raw tables whose ids are replaced by the codes users know. */
static const struct {
	const char *table;
	const char *sql;
} export_views[] = {
    {"result", "SELECT a.code AS assessment, s.code AS student, r.score"
               " FROM result r JOIN assessment a ON a.id = r.assessment_id"
               " JOIN student s ON s.id = r.student_id"
               " ORDER BY r.assessment_id, r.student_id"},
    {"item_response",
     "SELECT a.code AS assessment, i.code AS item, s.code AS student,"
     " r.points FROM item_response r JOIN item i ON i.id = r.item_id"
     " JOIN assessment a ON a.id = i.assessment_id"
     " JOIN student s ON s.id = r.student_id"
     " ORDER BY r.item_id, r.student_id"},
    {"placement",
     "SELECT s.code AS student, y.code AS year, o.code AS school, p.grade"
     " FROM placement p JOIN student s ON s.id = p.student_id"
     " JOIN academic_year y ON y.id = p.year_id"
     " JOIN org o ON o.id = p.org_id ORDER BY p.student_id, p.year_id"},
    {"enrolment",
     "SELECT c.code AS class, s.code AS student, e.start_date, e.end_date"
     " FROM enrolment e JOIN class c ON c.id = e.class_id"
     " JOIN student s ON s.id = e.student_id"
     " ORDER BY e.class_id, e.student_id"},
    {"attendance",
     "SELECT s.code AS student, y.code AS year, y.start_date, a.marks"
     " FROM attendance a JOIN student s ON s.id = a.student_id"
     " JOIN academic_year y ON y.id = a.year_id"
     " ORDER BY a.student_id, a.year_id"},
    {"cut_score",
     "SELECT a.code AS assessment, c.seq, c.band, c.min_score"
     " FROM cut_score c JOIN assessment a ON a.id = c.assessment_id"
     " ORDER BY c.assessment_id, c.seq"},
    {"participant",
     "SELECT i.code AS intervention, s.code AS student, p.dosage,"
     " p.start_date, p.end_date FROM participant p"
     " JOIN intervention i ON i.id = p.intervention_id"
     " JOIN student s ON s.id = p.student_id"
     " ORDER BY p.intervention_id, p.student_id"},
    {"teacher_of",
     "SELECT c.code AS class, f.code AS staff, t.role FROM teacher_of t"
     " JOIN class c ON c.id = t.class_id JOIN staff f ON f.id = t.staff_id"
     " ORDER BY t.class_id, t.staff_id"},
};

int store_export(store *s, const char *table, store_export_fn fn, void *ctx,
                 att_err *e)
{
	if (!store_table_exists(s, table))
		return err_set(e, ATT_ENOTFOUND, "no table '%s'",
		               table ? table : "");
	const char *sql = NULL;
	for (size_t i = 0; i < ARRAY_LEN(export_views); i++)
		if (strcmp(export_views[i].table, table) == 0)
			sql = export_views[i].sql;
	char own[200];
	if (!sql) {
		snprintf(own, sizeof(own), "SELECT * FROM %s", table);
		sql = own;
	}
	sql_stmt *st = sql_prep_new(s, sql, NULL);
	if (!st)
		return sql_fail(s, e, "cannot read table");
	int ncol = sql_ncols(st);
	const char **names = xcalloc((size_t)ncol + 1, sizeof(char *));
	store_value *vals = xcalloc((size_t)ncol + 1, sizeof(store_value));
	for (int k = 0; k < ncol; k++)
		names[k] = sql_name(st, k);
	int rc, stop = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		sql_values(st, ncol, vals);
		if ((stop = fn(ctx, ncol, names, vals)))
			break;
	}
	int ok = stop || rc == SQL_DONE;
	if (!ok)
		sql_fail(s, e, "cannot read table");
	sql_free(st);
	free(names);
	free(vals);
	return stop ? stop : ok ? ATT_OK : ATT_EIO;
}
