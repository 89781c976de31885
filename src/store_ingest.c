/*
 * store_ingest.c - SQL for import (see store_ingest.h): keyed upserts that
 * tell inserted from updated from unchanged, reference-map loading, the
 * multi-row bulk path for scores, attendance blobs and the batch record.
 */
#include "store_ingest.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

struct sti_writer {
	store *s;
	int ncols, nkey, has_id;
	sql_stmt *sel, *ins, *upd, *del;
};

static sql_stmt *prep(store *s, const char *sql, att_err *e)
{
	sql_stmt *st = sql_prep_new(s, sql, NULL);
	if (!st)
		sql_fail(s, e, "cannot prepare import statement");
	return st;
}

sti_writer *sti_writer_alloc(store *s, const char *table,
                             const char *const *cols, int ncols, int nkey,
                             int has_id, att_err *e)
{
	buf sel, ins, upd, del, where;
	buf_init(&sel);
	buf_init(&ins);
	buf_init(&upd);
	buf_init(&del);
	buf_init(&where);
	for (int i = 0; i < nkey; i++)
		buf_printf(&where, "%s\"%s\" = ?%d", i ? " AND " : "", cols[i],
		           i + 1);
	buf_printf(&sel, "SELECT %s", has_id ? "id" : "1");
	for (int i = nkey; i < ncols; i++)
		buf_printf(&sel, ", \"%s\"", cols[i]);
	buf_printf(&sel, " FROM \"%s\" WHERE %s", table, where.data);
	buf_printf(&ins, "INSERT INTO \"%s\"(", table);
	for (int i = 0; i < ncols; i++)
		buf_printf(&ins, "%s\"%s\"", i ? ", " : "", cols[i]);
	buf_adds(&ins, ") VALUES (");
	for (int i = 0; i < ncols; i++)
		buf_printf(&ins, "%s?%d", i ? ", " : "", i + 1);
	buf_adds(&ins, ")");
	buf_printf(&upd, "UPDATE \"%s\" SET ", table);
	for (int i = nkey; i < ncols; i++)
		buf_printf(&upd, "%s\"%s\" = ?%d", i > nkey ? ", " : "",
		           cols[i], i + 1);
	buf_printf(&upd, " WHERE %s", where.data);
	buf_printf(&del, "DELETE FROM \"%s\" WHERE %s", table, where.data);

	sti_writer *w = xcalloc(1, sizeof(*w));
	w->s = s;
	w->ncols = ncols;
	w->nkey = nkey;
	w->has_id = has_id;
	w->sel = prep(s, sel.data, e);
	w->ins = w->sel ? prep(s, ins.data, e) : NULL;
	w->upd = (w->ins && ncols > nkey) ? prep(s, upd.data, e) : NULL;
	w->del = w->ins ? prep(s, del.data, e) : NULL;
	int bad = !w->sel || !w->ins || !w->del || (ncols > nkey && !w->upd);
	buf_free(&sel);
	buf_free(&ins);
	buf_free(&upd);
	buf_free(&del);
	buf_free(&where);
	if (bad) {
		sti_writer_free(w);
		return NULL;
	}
	return w;
}

void sti_writer_free(sti_writer *w)
{
	if (!w)
		return;
	sql_free(w->sel);
	sql_free(w->ins);
	sql_free(w->upd);
	sql_free(w->del);
	free(w);
}

static void bind(sql_stmt *st, int i, const sti_val *v)
{
	switch (v->t) {
	case STI_INT:
		sql_bind_int(st, i, v->i);
		break;
	case STI_REAL:
		sql_bind_num(st, i, v->d);
		break;
	case STI_TEXT:
		sql_bind_textn(st, i, v->s, -1);
		break;
	default:
		sql_bind_null(st, i);
	}
}

/* Is the stored column equal to v (same type class and value)? */
static int same(sql_stmt *st, int c, const sti_val *v)
{
	sql_type t = sql_type_of(st, c);
	switch (v->t) {
	case STI_NULL:
		return t == SQL_NULL;
	case STI_INT:
		if (t == SQL_INT)
			return sql_int(st, c) == v->i;
		return t == SQL_REAL && sql_num(st, c) == (double)v->i;
	case STI_REAL:
		return (t == SQL_INT || t == SQL_REAL) &&
		       sql_num(st, c) == v->d;
	default:
		return t == SQL_TEXT && strcmp(sql_text(st, c), v->s) == 0;
	}
}

int sti_put(sti_writer *w, const sti_val *v, int *outcome, int64_t *id,
            att_err *e)
{
	sql_stmt *sel = w->sel;
	for (int i = 0; i < w->nkey; i++)
		bind(sel, i + 1, &v[i]);
	int rc = sql_step(sel);
	if (rc == SQL_ROW) {
		int eq = 1;
		for (int i = w->nkey; i < w->ncols && eq; i++)
			eq = same(sel, 1 + i - w->nkey, &v[i]);
		if (id)
			*id = sql_int(sel, 0);
		sql_reset(sel);
		if (eq) {
			*outcome = STI_UNCHANGED;
			return ATT_OK;
		}
		for (int i = 0; i < w->ncols; i++)
			bind(w->upd, i + 1, &v[i]);
		rc = sql_step(w->upd);
		sql_reset(w->upd);
		if (rc != SQL_DONE)
			return sql_fail(w->s, e, "rejected by the database");
		*outcome = STI_UPDATED;
		return ATT_OK;
	}
	sql_reset(sel);
	if (rc != SQL_DONE)
		return sql_fail(w->s, e, "lookup failed");
	for (int i = 0; i < w->ncols; i++)
		bind(w->ins, i + 1, &v[i]);
	rc = sql_step(w->ins);
	sql_reset(w->ins);
	if (rc != SQL_DONE)
		return sql_fail(w->s, e, "rejected by the database");
	if (id)
		*id = sql_last_id(w->s);
	*outcome = STI_INSERTED;
	return ATT_OK;
}

int sti_delete(sti_writer *w, const sti_val *v, int *deleted, att_err *e)
{
	for (int i = 0; i < w->nkey; i++)
		bind(w->del, i + 1, &v[i]);
	int rc = sql_step(w->del);
	sql_reset(w->del);
	if (rc != SQL_DONE)
		return sql_fail(w->s, e, "cannot delete");
	*deleted = sql_changes(w->s) > 0;
	return ATT_OK;
}

static const char *const load_sql[STE_COUNT] = {
    [STE_ORG] = "SELECT code, id, 0, 0, NULL, NULL FROM org",
    [STE_YEAR] = "SELECT code, id, 0, id, start_date, end_date"
                 " FROM academic_year",
    [STE_TERM] = "SELECT code, id, 0, year_id, start_date, end_date"
                 " FROM term",
    [STE_STUDENT] = "SELECT code, id, 0, 0, NULL, NULL FROM student",
    [STE_STAFF] = "SELECT code, id, 0, 0, NULL, NULL FROM staff",
    [STE_GUARDIAN] = "SELECT code, id, 0, 0, NULL, NULL FROM guardian",
    [STE_SUBJECT] = "SELECT code, id, 0, 0, NULL, NULL FROM subject",
    [STE_CLASS] = "SELECT code, id, 0, year_id, NULL, NULL FROM class",
    [STE_STANDARD] = "SELECT code, id, 0, 0, NULL, NULL FROM standard",
    [STE_ASSESSMENT] = "SELECT code, id, max_score, year_id, NULL, NULL"
                       " FROM assessment",
    [STE_ITEM] = "SELECT a.code || char(31) || i.code, i.id, i.max_points,"
                 " a.year_id, NULL, NULL"
                 " FROM item i JOIN assessment a ON a.id = i.assessment_id",
    [STE_SURVEY] = "SELECT code, id, anonymous, year_id, NULL, NULL"
                   " FROM survey",
    [STE_QUESTION] = "SELECT s.code || char(31) || q.seq, q.id,"
                     " q.kind = 'likert', s.id, NULL, NULL"
                     " FROM survey_question q JOIN survey s"
                     " ON s.id = q.survey_id",
    [STE_RESPONSE] = "SELECT code, id, 0, survey_id, NULL, NULL"
                     " FROM survey_response WHERE code IS NOT NULL",
    [STE_THEME] = "SELECT code, id, 0, 0, NULL, NULL FROM theme",
    [STE_OBSERVATION] = "SELECT code, id, 0, 0, NULL, NULL"
                        " FROM observation",
    [STE_INTERVENTION] = "SELECT code, id, 0, year_id, NULL, NULL"
                         " FROM intervention",
    [STE_EVENT] = "SELECT code, id, 0, year_id, NULL, NULL"
                  " FROM calendar_event",
    [STE_LEVEL] = "SELECT name, depth, depth, 0, NULL, NULL"
                  " FROM org_level",
};

int sti_load(store *s, int entity, sti_entity_fn fn, void *ctx, att_err *e)
{
	if (entity < 0 || entity >= STE_COUNT)
		return err_set(e, ATT_EIO, "unknown entity %d", entity);
	sql_stmt *st = sql_prep_new(s, load_sql[entity], NULL);
	if (!st)
		return sql_fail(s, e, "cannot load codes");
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW)
		fn(ctx, sql_text(st, 0), sql_int(st, 1), sql_num(st, 2),
		   sql_int(st, 3), sql_null(st, 4) ? NULL : sql_text(st, 4),
		   sql_null(st, 5) ? NULL : sql_text(st, 5));
	sql_free(st);
	return rc == SQL_DONE ? ATT_OK : sql_fail(s, e, "cannot load codes");
}

/* The first column of a table's primary key (sti_key_leads_with). */
struct first_col {
	char *name;
	int seen;
};

static int first_key(void *ctx, const char *name, const char *type, int pk)
{
	struct first_col *f = ctx;
	(void)type;
	if (pk == 1 && !f->name)
		f->name = xstrdup(name);
	return 0;
}

int sti_key_leads_with(store *s, const char *table, const char *col, att_err *e)
{
	struct first_col f = {NULL, 0};
	if (sql_table_columns(s, table, first_key, &f, e))
		return -1;
	int lead = f.name && strcmp(f.name, col) == 0;
	free(f.name);
	return lead;
}

int64_t sti_count(store *s, const char *table)
{
	if (strchr(table, '"'))
		return -1;
	buf q;
	buf_init(&q);
	buf_printf(&q, "SELECT count(*) FROM \"%s\"", table);
	int64_t n = sql_one_int(s, q.data);
	buf_free(&q);
	return n;
}

#define SCORE_BATCH 256

struct sti_bulk {
	store *s;
	char table[32];
	sql_stmt *st[2]; /* full batch, single row */
	int64_t before, changed, n;
	int plain;
};

sti_bulk *sti_bulk_begin(store *s, const char *table, att_err *e)
{
	int is_result = strcmp(table, "result") == 0;
	const char *ka = is_result ? "assessment_id" : "item_id";
	const char *vc = is_result ? "score" : "points";
	sti_bulk *b = xcalloc(1, sizeof(*b));
	b->s = s;
	snprintf(b->table, sizeof(b->table), "%s", table);
	b->before = sti_count(s, table);
	if (b->before < 0) {
		sql_fail(s, e, "cannot count rows");
		free(b);
		return NULL;
	}
	b->plain = b->before == 0;
	for (int k = 0; k < 2; k++) {
		int m = k == 0 ? SCORE_BATCH : 1;
		buf q;
		buf_init(&q);
		/* Into an empty table: a repeated key keeps its first row
		 * (the loader reports the repeats itself). */
		buf_printf(&q,
		           "INSERT%s INTO \"%s\"(%s, student_id, %s) VALUES ",
		           b->plain ? " OR IGNORE" : "", table, ka, vc);
		for (int i = 0; i < m; i++)
			buf_adds(&q, i ? ",(?,?,?)" : "(?,?,?)");
		if (!b->plain)
			buf_printf(
			    &q,
			    " ON CONFLICT(%s, student_id) DO UPDATE SET"
			    " %s = excluded.%s WHERE %s IS NOT excluded.%s",
			    ka, vc, vc, vc, vc);
		b->st[k] = prep(s, q.data, e);
		buf_free(&q);
		if (!b->st[k]) {
			sti_bulk_free(b);
			return NULL;
		}
	}
	return b;
}

int sti_bulk_put(sti_bulk *b, const sti_score *rows, size_t n, att_err *e)
{
	size_t i = 0;
	while (i < n) {
		int k = n - i >= SCORE_BATCH ? 0 : 1;
		int m = k == 0 ? SCORE_BATCH : 1;
		sql_stmt *q = b->st[k];
		for (int j = 0; j < m; j++) {
			const sti_score *r = &rows[i + (size_t)j];
			sql_bind_int(q, 3 * j + 1, r->a);
			sql_bind_int(q, 3 * j + 2, r->b);
			sql_bind_num(q, 3 * j + 3, r->v);
		}
		int rc = sql_step(q);
		sql_reset(q);
		if (rc != SQL_DONE)
			return sql_fail(b->s, e, "rejected by the database");
		b->changed += sql_changes(b->s);
		i += (size_t)m;
	}
	b->n += (int64_t)n;
	return ATT_OK;
}

void sti_bulk_free(sti_bulk *b)
{
	if (!b)
		return;
	sql_free(b->st[0]);
	sql_free(b->st[1]);
	free(b);
}

int sti_bulk_end(sti_bulk *b, int64_t *inserted, int64_t *updated,
                 int64_t *unchanged, att_err *e)
{
	int64_t after =
	    b->plain ? b->before + b->changed : sti_count(b->s, b->table);
	if (after < 0) {
		int rc = sql_fail(b->s, e, "cannot count rows");
		sti_bulk_free(b);
		return rc;
	}
	*inserted = after - b->before;
	*updated = b->changed - *inserted;
	*unchanged = b->n - b->changed;
	sti_bulk_free(b);
	return ATT_OK;
}

int sti_scores_put(store *s, const char *table, const sti_score *rows, size_t n,
                   int64_t *inserted, int64_t *updated, int64_t *unchanged,
                   att_err *e)
{
	sti_bulk *b = sti_bulk_begin(s, table, e);
	if (!b)
		return ATT_EIO;
	if (sti_bulk_put(b, rows, n, e)) {
		sti_bulk_free(b);
		return ATT_EIO;
	}
	return sti_bulk_end(b, inserted, updated, unchanged, e);
}

struct sti_indexes {
	sql_saved saved;
};

sti_indexes *sti_indexes_drop_alloc(store *s, const char *table, att_err *e)
{
	sti_indexes *x = xcalloc(1, sizeof(*x));
	if (sql_indexes_drop(s, table, &x->saved, e)) {
		sti_indexes_free(x);
		return NULL;
	}
	return x;
}

int sti_indexes_restore(store *s, sti_indexes *x, att_err *e)
{
	return x ? sql_indexes_restore(s, &x->saved, e) : ATT_OK;
}

void sti_indexes_free(sti_indexes *x)
{
	if (!x)
		return;
	sql_saved_free(&x->saved);
	free(x);
}

int sti_att_get(store *s, int64_t student_id, int64_t year_id, uint8_t *out,
                size_t cap, size_t *len, att_err *e)
{
	static const char *sql = "SELECT marks FROM attendance"
	                         " WHERE student_id = ? AND year_id = ?";
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return -1;
	sql_bind_int(st, 1, student_id);
	sql_bind_int(st, 2, year_id);
	int rc = sql_step(st), found = 0;
	*len = 0;
	if (rc == SQL_ROW) {
		int bytes;
		const void *p = sql_blob(st, 0, &bytes);
		size_t n = (size_t)bytes;
		if (n > cap)
			n = cap;
		if (n && p)
			memcpy(out, p, n);
		*len = n;
		found = 1;
	} else if (rc != SQL_DONE) {
		found = -1;
		sql_fail(s, e, "cannot read attendance");
	}
	sql_reset(st);
	return found;
}

int sti_att_put(store *s, int64_t student_id, int64_t year_id,
                const uint8_t *marks, size_t len, att_err *e)
{
	static const char *sql =
	    "INSERT INTO attendance(student_id, year_id, marks)"
	    " VALUES (?, ?, ?) ON CONFLICT(student_id, year_id)"
	    " DO UPDATE SET marks = excluded.marks";
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, student_id);
	sql_bind_int(st, 2, year_id);
	sql_bind_blob(st, 3, marks, (int)len);
	return sql_run(st, e, "cannot write attendance");
}

int sti_level_ensure(store *s, const char *name, int depth, att_err *e)
{
	static const char *sql =
	    "INSERT INTO org_level(depth, name) SELECT CASE WHEN ?1 >= 0"
	    " AND NOT EXISTS (SELECT 1 FROM org_level WHERE depth = ?1)"
	    " THEN ?1 ELSE (SELECT coalesce(max(depth) + 1, 0) FROM org_level)"
	    " END, ?2 WHERE NOT EXISTS (SELECT 1 FROM org_level WHERE name = "
	    "?2)";
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, depth);
	sql_bind_text(st, 2, name);
	return sql_run(st, e, "cannot add org level");
}

int sti_batch_record(store *s, const sti_batch *b, att_err *e)
{
	static const char *sql =
	    "INSERT INTO import_batch(kind, source, content_hash, started_at,"
	    " finished_at, rows_read, inserted, updated, unchanged, rejected,"
	    " status) VALUES (?1, ?2, ?3, ?4, ?11, ?5, ?6, ?7, ?8, ?9, ?10)";
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, b->kind);
	sql_bind_text(st, 2, b->source);
	sql_bind_text(st, 3, b->hash);
	sql_bind_text(st, 4, b->started_at);
	sql_bind_int(st, 5, b->read);
	sql_bind_int(st, 6, b->inserted);
	sql_bind_int(st, 7, b->updated);
	sql_bind_int(st, 8, b->unchanged);
	sql_bind_int(st, 9, b->rejected);
	sql_bind_text(st, 10, b->status);
	sql_bind_text(st, 11, b->finished_at);
	return sql_run(st, e, "cannot record import batch");
}

void sti_tune(store *s)
{
	/* 512 MiB of page cache (a streamed load of 10M results then never
	 * spills pages mid-transaction; $ATTAIN_IMPORT_CACHE_MB for
	 * measurements); worker threads for index builds. */
	const char *mb = getenv("ATTAIN_IMPORT_CACHE_MB");
	char q[96];
	snprintf(q, sizeof(q), "PRAGMA cache_size = -%d; PRAGMA threads = 2",
	         mb && atoi(mb) > 0 ? atoi(mb) * 1024 : 524288);
	sql_exec(s, q, NULL);
}

int sti_foreign_keys(store *s, int on, att_err *e)
{
	return sql_exec(
	    s, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF",
	    e);
}
