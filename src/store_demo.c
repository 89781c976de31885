/*
 * store_demo.c - the SQL of the demo's bulk load (one prepared INSERT per
 * table, the engine's bulk-load settings, secondary indexes dropped and
 * rebuilt) and the
 * table checksums used to prove that the demo is deterministic.
 *
 * Invariants:
 *  1. A load runs in exactly one transaction; the data version is bumped
 *     once, in that transaction, by store_demo_load_finish.
 *  2. The secondary indexes rebuilt at the end are the ones the schema
 *     defined (their SQL is read from the catalogue before they are
 *     dropped), so the loaded database is indistinguishable from one
 *     filled row by row.
 *  3. The largest tables are written with multi-row INSERTs of BATCH rows
 *     (fewer statement steps); pending rows are flushed before any other
 *     table is written and at the end, so row order is preserved.
 */
#include "store_demo.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static const struct {
	const char *name;
	const char *sql;
} tables[SD_NTABLES] = {
    [SD_ORG_LEVEL] = {"org_level",
                      "INSERT INTO org_level(depth, name) VALUES (?,?)"},
    [SD_ORG] = {"org",
                "INSERT INTO org(id, code, name, parent_id, level, is_school)"
                " VALUES (?,?,?,?,?,?)"},
    [SD_ACADEMIC_YEAR] =
        {"academic_year",
         "INSERT INTO academic_year(id, code, name, start_date, end_date)"
         " VALUES (?,?,?,?,?)"},
    [SD_TERM] = {"term", "INSERT INTO term(id, code, year_id, name, kind, seq,"
                         " start_date, end_date) VALUES (?,?,?,?,?,?,?,?)"},
    [SD_SCHOOL_PROFILE] =
        {"school_profile",
         "INSERT INTO school_profile(org_id, year_id, udise_code,"
         " management, location, lowest_grade, highest_grade,"
         " drinking_water, toilets_girls, toilets_boys, electricity,"
         " library, ramps, classrooms, teachers, enrolment,"
         " pupil_teacher_ratio) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
    [SD_STUDENT] =
        {"student",
         "INSERT INTO student(id, code, given_name, family_name, gender,"
         " birth_date, ses_disadvantaged, special_needs, home_language,"
         " social_category, active) VALUES (?,?,?,?,?,?,?,?,?,?,?)"},
    [SD_STUDENT_ATTR] =
        {"student_attr",
         "INSERT INTO student_attr(student_id, key, value) VALUES (?,?,?)"},
    [SD_STAFF] = {"staff",
                  "INSERT INTO staff(id, code, given_name, family_name, email,"
                  " org_id, title, active) VALUES (?,?,?,?,?,?,?,?)"},
    [SD_GUARDIAN] = {"guardian",
                     "INSERT INTO guardian(id, code, given_name, family_name,"
                     " email, phone) VALUES (?,?,?,?,?,?)"},
    [SD_GUARDIAN_LINK] =
        {"guardian_link",
         "INSERT INTO guardian_link(guardian_id, student_id, relation)"
         " VALUES (?,?,?)"},
    [SD_SUBJECT] =
        {"subject",
         "INSERT INTO subject(id, code, name, core) VALUES (?,?,?,?)"},
    [SD_CLASS] = {"class",
                  "INSERT INTO class(id, code, name, org_id, year_id, grade,"
                  " subject_id) VALUES (?,?,?,?,?,?,?)"},
    [SD_TEACHER_OF] =
        {"teacher_of",
         "INSERT INTO teacher_of(class_id, staff_id, role) VALUES (?,?,?)"},
    [SD_ENROLMENT] = {"enrolment", "INSERT INTO enrolment(class_id, student_id,"
                                   " start_date, end_date) VALUES (?,?,?,?)"},
    [SD_PLACEMENT] = {"placement",
                      "INSERT INTO placement(student_id, year_id, org_id,"
                      " grade) VALUES (?,?,?,?)"},
    [SD_STANDARD] = {"standard",
                     "INSERT INTO standard(id, code, subject_id, grade,"
                     " description, parent_id) VALUES (?,?,?,?,?,?)"},
    [SD_ASSESSMENT] =
        {"assessment",
         "INSERT INTO assessment(id, code, name, subject_id, year_id,"
         " term_id, grade, kind, date, max_score, scale, class_id)"
         " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"},
    [SD_CUT_SCORE] = {"cut_score",
                      "INSERT INTO cut_score(assessment_id, seq, band,"
                      " min_score) VALUES (?,?,?,?)"},
    [SD_ITEM] = {"item",
                 "INSERT INTO item(id, assessment_id, code, seq, max_points,"
                 " standard_id, dok) VALUES (?,?,?,?,?,?,?)"},
    /* Results are generated assessment by assessment but keyed student
     * first: they are gathered in a scratch table and written in key
     * order at the end (see store_demo_load_finish). */
    [SD_RESULT] = {"result",
                   "INSERT INTO demo_result(assessment_id, student_id,"
                   " score) VALUES (?,?,?)"},
    [SD_ITEM_RESPONSE] =
        {"item_response",
         "INSERT INTO item_response(item_id, student_id, points)"
         " VALUES (?,?,?)"},
    [SD_ATTENDANCE] = {"attendance",
                       "INSERT INTO attendance(student_id, year_id, marks)"
                       " VALUES (?,?,?)"},
    [SD_BEHAVIOUR_EVENT] =
        {"behaviour_event",
         "INSERT INTO behaviour_event(id, code, student_id, date, kind,"
         " category, points, serious, staff_id, note)"
         " VALUES (?,?,?,?,?,?,?,?,?,?)"},
    [SD_ATTITUDE_GRADE] =
        {"attitude_grade",
         "INSERT INTO attitude_grade(student_id, term_id, subject_id,"
         " grade) VALUES (?,?,?,?)"},
    [SD_SURVEY] = {"survey",
                   "INSERT INTO survey(id, code, title, audience, anonymous,"
                   " needs_consent, year_id, org_id, open_date, close_date)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?)"},
    [SD_SURVEY_QUESTION] =
        {"survey_question",
         "INSERT INTO survey_question(id, survey_id, seq, kind, text)"
         " VALUES (?,?,?,?,?)"},
    [SD_SURVEY_RESPONSE] =
        {"survey_response",
         "INSERT INTO survey_response(id, survey_id, respondent_role,"
         " student_id, guardian_id, staff_id, org_id, submitted_on)"
         " VALUES (?,?,?,?,?,?,?,?)"},
    [SD_SURVEY_ANSWER] =
        {"survey_answer",
         "INSERT INTO survey_answer(response_id, question_id, value,"
         " text) VALUES (?,?,?,?)"},
    [SD_SURVEY_TAKEN] =
        {"survey_taken",
         "INSERT INTO survey_taken(survey_id, account_id) VALUES (?,?)"},
    [SD_THEME] =
        {"theme",
         "INSERT INTO theme(id, code, name, keywords) VALUES (?,?,?,?)"},
    [SD_OBSERVATION] =
        {"observation",
         "INSERT INTO observation(id, code, staff_id, observer_id, org_id,"
         " class_id, date, rubric, notes, next_steps, version)"
         " VALUES (?,?,?,?,?,?,?,?,?,?,?)"},
    [SD_OBSERVATION_SCORE] =
        {"observation_score",
         "INSERT INTO observation_score(observation_id, criterion,"
         " score) VALUES (?,?,?)"},
    [SD_TEXT_THEME] = {"text_theme",
                       "INSERT INTO text_theme(source, source_id,"
                       " question_id, theme_id) VALUES (?,?,?,?)"},
    [SD_INTERVENTION] =
        {"intervention",
         "INSERT INTO intervention(id, code, name, org_id, subject_id,"
         " year_id, start_date, end_date, cost, description)"
         " VALUES (?,?,?,?,?,?,?,?,?,?)"},
    [SD_PARTICIPANT] =
        {"participant",
         "INSERT INTO participant(intervention_id, student_id, dosage,"
         " start_date, end_date) VALUES (?,?,?,?,?)"},
    [SD_GOAL] =
        {"goal",
         "INSERT INTO goal(id, code, title, student_id, class_id, org_id,"
         " subject_id, metric, baseline, baseline_date, target, due_date,"
         " set_by, staff_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
    [SD_CONSENT] = {"consent",
                    "INSERT INTO consent(id, student_id, purpose, granted,"
                    " date, given_by) VALUES (?,?,?,?,?,?)"},
    [SD_CALENDAR_EVENT] =
        {"calendar_event",
         "INSERT INTO calendar_event(id, code, year_id, kind, title,"
         " org_id, collects, assessment_id, survey_id, start_date,"
         " due_date) VALUES (?,?,?,?,?,?,?,?,?,?,?)"},
    [SD_COLLECTION_SUBMISSION] =
        {"collection_submission",
         "INSERT INTO collection_submission(event_id, org_id,"
         " submitted_on, rows) VALUES (?,?,?,?)"},
    [SD_IMPORT_BATCH] =
        {"import_batch",
         "INSERT INTO import_batch(id, kind, source, content_hash,"
         " started_at, finished_at, rows_read, inserted, updated,"
         " unchanged, rejected, status)"
         " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"},
    [SD_LABEL] = {"label", "INSERT INTO label(lang, kind, code, text)"
                           " VALUES (?,?,?,?)"},
};

/* Rows per multi-row INSERT for the batched tables (at most 4 columns:
 * 4 * 250 = 1000 parameters, under SQLite's limit of 32766). */
#define BATCH 250

/* A batched table: rows are kept here until BATCH of them can be bound to
 * one multi-row INSERT. types[c] is 'i' (integer) or 'd' (real). */
typedef struct batch {
	store_demo_table table;
	const char *types;
	int ncol;
	sql_stmt *st; /* INSERT ... VALUES (...) x BATCH */
	int pending;
	int64_t iv[BATCH][4];
	double dv[BATCH][4];
} batch;

struct store_demo_load {
	store *s;
	sql_stmt *st[SD_NTABLES];
	int64_t rows[SD_NTABLES];
	batch *b_result, *b_item, *b_att;
	batch *open;      /* the batch with pending rows, if any */
	int copy;         /* the table whose copy stream is open, or -1 */
	att_err copy_err; /* a copy's failure when closed without a caller */
	int copy_rc;
	int nparams[SD_NTABLES];
	sql_saved indexes; /* dropped for the load, made again at the end */
};

const char *store_demo_table_name(store_demo_table t)
{
	return (unsigned)t < SD_NTABLES ? tables[t].name : "?";
}

static batch *batch_alloc(store_demo_load *l, store_demo_table t,
                          const char *types, att_err *e)
{
	batch *b = xcalloc(1, sizeof(*b));
	b->table = t;
	b->types = types;
	b->ncol = (int)strlen(types);
	const char *one = strstr(tables[t].sql, " VALUES");
	buf q;
	buf_init(&q);
	buf_add(&q, tables[t].sql, (size_t)(one - tables[t].sql));
	buf_adds(&q, " VALUES ");
	for (int r = 0; r < BATCH; r++) {
		buf_adds(&q, r ? ",(" : "(");
		for (int c = 0; c < b->ncol; c++)
			buf_adds(&q, c ? ",?" : "?");
		buf_addc(&q, ')');
	}
	b->st = sql_prep_new(l->s, q.data, NULL);
	buf_free(&q);
	if (!b->st) {
		sql_fail(l->s, e, "cannot prepare bulk insert");
		free(b);
		return NULL;
	}
	return b;
}

static void batch_free(batch *b)
{
	if (!b)
		return;
	sql_free(b->st);
	free(b);
}

static void bind_row(sql_stmt *st, const batch *b, int r, int first)
{
	for (int c = 0; c < b->ncol; c++) {
		if (b->types[c] == 'd')
			sql_bind_num(st, first + c, b->dv[r][c]);
		else
			sql_bind_int(st, first + c, b->iv[r][c]);
	}
}

/* Write the rows pending in l->open: one multi-row INSERT when the batch is
 * full, else one single-row INSERT per pending row. */
static int flush(store_demo_load *l, att_err *e)
{
	batch *b = l->open;
	if (!b)
		return ATT_OK;
	l->open = NULL;
	int n = b->pending;
	b->pending = 0;
	if (n == BATCH) {
		for (int r = 0; r < BATCH; r++)
			bind_row(b->st, b, r, 1 + r * b->ncol);
		int rc = sql_step(b->st);
		sql_reset(b->st);
		if (rc != SQL_DONE)
			return err_set(e, ATT_EIO, "cannot insert into %s: %s",
			               tables[b->table].name, sql_errmsg(l->s));
		return ATT_OK;
	}
	sql_stmt *one = l->st[b->table];
	for (int r = 0; r < n; r++) {
		bind_row(one, b, r, 1);
		int rc = sql_step(one);
		sql_reset(one);
		if (rc != SQL_DONE)
			return err_set(e, ATT_EIO, "cannot insert into %s: %s",
			               tables[b->table].name, sql_errmsg(l->s));
	}
	return ATT_OK;
}

static int copy_close(store_demo_load *l, att_err *e);

/* Append a row to batch b (flushing another open batch first). */
static int batch_add(store_demo_load *l, batch *b, const int64_t *iv,
                     const double *dv, att_err *e)
{
	if (l->copy >= 0) {
		int rc = copy_close(l, e);
		if (rc)
			return rc;
	}
	if (l->open != b) {
		int rc = flush(l, e);
		if (rc)
			return rc;
		l->open = b;
	}
	int r = b->pending++;
	for (int c = 0; c < b->ncol; c++) {
		b->iv[r][c] = iv[c];
		b->dv[r][c] = dv[c];
	}
	l->rows[b->table]++;
	if (b->pending == BATCH)
		return flush(l, e);
	return ATT_OK;
}

int store_demo_put_result(store_demo_load *l, int64_t assessment_id,
                          int64_t student_id, double score, att_err *e)
{
	const int64_t iv[3] = {assessment_id, student_id, 0};
	const double dv[3] = {0, 0, score};
	return batch_add(l, l->b_result, iv, dv, e);
}

int store_demo_put_item_response(store_demo_load *l, int64_t item_id,
                                 int64_t student_id, double points, att_err *e)
{
	const int64_t iv[3] = {item_id, student_id, 0};
	const double dv[3] = {0, 0, points};
	return batch_add(l, l->b_item, iv, dv, e);
}

int store_demo_put_attitude(store_demo_load *l, int64_t student_id,
                            int64_t term_id, int64_t subject_id, int grade,
                            att_err *e)
{
	const int64_t iv[4] = {student_id, term_id, subject_id, grade};
	const double dv[4] = {0, 0, 0, 0};
	return batch_add(l, l->b_att, iv, dv, e);
}

/* Rows of one table go through the engine's copy stream (sql_copy_*),
 * opened on the table's first row after another table's and closed
 * before anything else runs on the connection. */
static int copy_close(store_demo_load *l, att_err *e)
{
	if (l->copy < 0)
		return ATT_OK;
	l->copy = -1;
	return sql_copy_end(l->s, e);
}

int store_demo_put(store_demo_load *l, store_demo_table t, const sval *v,
                   att_err *e)
{
	if ((unsigned)t >= SD_NTABLES)
		return err_set(e, ATT_EIO, "no demo table %d", (int)t);
	int rc = flush(l, e);
	if (rc)
		return rc;
	if (l->copy != (int)t) {
		if ((rc = copy_close(l, e)) ||
		    (rc = sql_copy_begin(l->s, tables[t].sql, e)))
			return rc;
		l->copy = (int)t;
	}
	int n = l->nparams[t];
	sql_val x[24];
	for (int i = 0; i < n && i < 24; i++) {
		x[i] = (sql_val){.type = SQL_NULL};
		switch (v[i].type) {
		case 'i':
			x[i].type = SQL_INT;
			x[i].i = v[i].i;
			break;
		case 'd':
			x[i].type = SQL_REAL;
			x[i].d = v[i].d;
			break;
		case 's':
			if (v[i].s) {
				x[i].type = SQL_TEXT;
				x[i].s = v[i].s;
				x[i].len = (int)strlen(v[i].s);
			}
			break;
		case 'b':
			x[i].type = SQL_BLOB;
			x[i].s = v[i].b;
			x[i].len = (int)v[i].n;
			break;
		default:
			break;
		}
	}
	rc = sql_copy_row(l->s, x, n < 24 ? n : 24, e);
	if (rc)
		return rc;
	l->rows[t]++;
	return ATT_OK;
}

store *store_demo_store(store_demo_load *l)
{
	/* The caller runs statements: no copy may stay open. */
	if (!l->copy_rc && copy_close(l, &l->copy_err))
		l->copy_rc = ATT_EIO;
	return l->s;
}

int64_t store_demo_rows(const store_demo_load *l, store_demo_table t)
{
	return (unsigned)t < SD_NTABLES ? l->rows[t] : 0;
}

static void load_free(store_demo_load *l)
{
	for (int t = 0; t < SD_NTABLES; t++)
		sql_free(l->st[t]);
	batch_free(l->b_result);
	batch_free(l->b_item);
	batch_free(l->b_att);
	sql_saved_free(&l->indexes);
	free(l);
}

store_demo_load *store_demo_load_alloc(store *s, att_err *e)
{
	/* The engine's bulk-load settings (sql_bulk_settings). */
	if (sql_bulk_settings(s, 1, e))
		return NULL;
	store_demo_load *l = xcalloc(1, sizeof(*l));
	l->s = s;
	l->copy = -1;
	/* Drop the secondary indexes of every table (remembered, made again
	 * by store_demo_load_finish). */
	int rc = sql_exec(s, "BEGIN", e);
	if (!rc)
		rc = sql_indexes_drop(s, NULL, &l->indexes, e);
	if (!rc)
		rc = sql_exec(
		    s,
		    "CREATE TEMP TABLE demo_result(assessment_id bigint,"
		    " student_id bigint, score double precision)",
		    e);
	if (rc) {
		load_free(l);
		return NULL;
	}
	s->in_tx = 1;
	for (int t = 0; t < SD_NTABLES; t++) {
		if (!(l->st[t] = sql_prep_new(s, tables[t].sql, NULL))) {
			err_set(e, ATT_EIO, "cannot prepare insert into %s: %s",
			        tables[t].name, sql_errmsg(s));
			load_free(l);
			return NULL;
		}
		l->nparams[t] = sql_nparams(l->st[t]);
	}
	l->b_result = batch_alloc(l, SD_RESULT, "iid", e);
	l->b_item =
	    l->b_result ? batch_alloc(l, SD_ITEM_RESPONSE, "iid", e) : NULL;
	l->b_att =
	    l->b_item ? batch_alloc(l, SD_ATTITUDE_GRADE, "iiii", e) : NULL;
	if (!l->b_att) {
		load_free(l);
		return NULL;
	}
	return l;
}

void store_demo_load_abort(store_demo_load *l)
{
	if (!l)
		return;
	store *s = l->s;
	copy_close(l, NULL);
	load_free(l);
	store_rollback(s);
}

int store_demo_load_finish(store_demo_load *l, int64_t base_version, att_err *e)
{
	store *s = l->s;
	int rc = copy_close(l, e);
	if (!rc && l->copy_rc)
		rc = err_set(e, l->copy_rc, "%s", l->copy_err.msg);
	if (!rc)
		rc = flush(l, e);
	if (!rc)
		rc = sql_exec(s,
		              "INSERT INTO result(assessment_id, student_id,"
		              " score) SELECT assessment_id, student_id, score"
		              " FROM demo_result ORDER BY student_id,"
		              " assessment_id; DROP TABLE demo_result",
		              e);
	if (!rc)
		rc = sql_indexes_restore(s, &l->indexes, e);
	if (!rc) {
		char v[32];
		snprintf(v, sizeof(v), "%lld", (long long)base_version);
		rc = store_meta_set(s, "data_version", v, e);
	}
	if (!rc)
		rc = store_bump_version(s, e);
	load_free(l);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	if (store_commit(s, e))
		return ATT_EIO;
	/* Back to the normal settings of store_open; planner statistics. */
	return sql_bulk_settings(s, 0, e);
}

/* Table names in name order (store_demo_is_empty, checksums). */
typedef struct names {
	char **v;
	int n;
	size_t cap;
} names;

static int add_name(void *ctx, const char *name)
{
	names *x = ctx;
	xgrow((void **)&x->v, &x->cap, (size_t)x->n + 1, sizeof(char *));
	x->v[x->n++] = xstrdup(name);
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int table_names(store *s, names *x, att_err *e)
{
	memset(x, 0, sizeof(*x));
	if (sql_tables(s, add_name, x, e))
		return ATT_EIO;
	qsort(x->v, (size_t)x->n, sizeof(char *), cmp_name);
	return ATT_OK;
}

static void names_free(names *x)
{
	for (int i = 0; i < x->n; i++)
		free(x->v[i]);
	free(x->v);
}

/* name as a quoted SQL identifier. */
static void add_ident(buf *b, const char *name)
{
	buf_addc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

int store_demo_is_empty(store *s, int *empty, int64_t *version, att_err *e)
{
	names t;
	if (table_names(s, &t, e))
		return ATT_EIO;
	int rc = ATT_OK;
	*empty = 1;
	for (int i = 0; *empty && i < t.n; i++) {
		if (strcmp(t.v[i], "meta") == 0 ||
		    strcmp(t.v[i], "org_level") == 0 ||
		    strcmp(t.v[i], "schema_migration") == 0)
			continue;
		buf q;
		buf_init(&q);
		buf_adds(&q, "SELECT EXISTS (SELECT 1 FROM ");
		add_ident(&q, t.v[i]);
		buf_addc(&q, ')');
		int64_t n = sql_one_int(s, q.data);
		buf_free(&q);
		if (n < 0) {
			rc = sql_fail(s, e, "cannot read table");
			break;
		}
		if (n > 0)
			*empty = 0;
	}
	names_free(&t);
	*version = store_data_version(s);
	return rc;
}

/* Columns left out of checksums: wall-clock times and salted hashes. */
static int skipped_column(const char *table, const char *col)
{
	static const char *const skip[][2] = {
	    {"account", "pw_hash"},
	    {"account", "created_at"},
	    {"import_batch", "started_at"},
	    {"import_batch", "finished_at"},
	    {"audit", "at"},
	    {"analysis_run", "started_at"},
	    {"analysis_run", "finished_at"},
	};
	for (size_t i = 0; i < ARRAY_LEN(skip); i++)
		if (strcmp(skip[i][0], table) == 0 &&
		    strcmp(skip[i][1], col) == 0)
			return 1;
	return 0;
}

/* The columns of a table for its checksum query. */
typedef struct ck_cols {
	const char *table;
	buf cols;
	int npk;
	char pkname[8][128];
} ck_cols;

static int ck_column(void *ctx, const char *name, const char *type, int pk)
{
	ck_cols *c = ctx;
	(void)type;
	if (pk > 0 && pk <= 8) {
		snprintf(c->pkname[pk - 1], sizeof(c->pkname[0]), "%s", name);
		if (pk > c->npk)
			c->npk = pk;
	}
	if (!skipped_column(c->table, name)) {
		if (c->cols.len)
			buf_adds(&c->cols, ", ");
		add_ident(&c->cols, name);
	}
	return 0;
}

/* Build "SELECT cols FROM t ORDER BY pk" for one table into q. */
static int checksum_query(store *s, const char *table, buf *q, att_err *e)
{
	ck_cols c = {.table = table};
	buf_init(&c.cols);
	if (sql_table_columns(s, table, ck_column, &c, e)) {
		buf_free(&c.cols);
		return ATT_EIO;
	}
	buf_printf(q, "SELECT %s FROM ", c.cols.len ? c.cols.data : "1");
	add_ident(q, table);
	buf_adds(q, " ORDER BY ");
	buf_free(&c.cols);
	if (c.npk == 0)
		buf_adds(q, "rowid");
	for (int i = 0; i < c.npk; i++) {
		if (i)
			buf_adds(q, ", ");
		add_ident(q, c.pkname[i]);
	}
	return ATT_OK;
}

/* FNV-1a of one table's rows: each value's type code (SQLite's: 1
 * integer, 2 real, 3 text, 4 blob, 5 NULL) and bytes. */
static int checksum_table(store *s, const char *table, store_checksum_fn fn,
                          void *ctx, att_err *e)
{
	buf q;
	buf_init(&q);
	int rc = checksum_query(s, table, &q, e);
	sql_stmt *st = rc ? NULL : sql_prep_new(s, q.data, NULL);
	buf_free(&q);
	if (rc || !st)
		return rc ? rc : sql_fail(s, e, "cannot read table");
	uint64_t h = 0xcbf29ce484222325ULL;
	int64_t rows = 0;
	int step, ncol = sql_ncols(st);
	while ((step = sql_step(st)) == SQL_ROW) {
		rows++;
		for (int c = 0; c < ncol; c++) {
			sql_type t = sql_type_of(st, c);
			unsigned char code =
			    t == SQL_NULL ? 5 : (unsigned char)t;
			h = hash64(&code, 1, h);
			if (t == SQL_INT) {
				int64_t v = sql_int(st, c);
				h = hash64(&v, sizeof(v), h);
			} else if (t == SQL_REAL) {
				double v = sql_num(st, c);
				h = hash64(&v, sizeof(v), h);
			} else if (t != SQL_NULL) {
				int n;
				const void *p = sql_blob(st, c, &n);
				h = hash64(&n, sizeof(n), h);
				if (n > 0)
					h = hash64(p, (size_t)n, h);
			}
		}
	}
	sql_free(st);
	if (step != SQL_DONE)
		return sql_fail(s, e, "cannot read table");
	fn(ctx, table, rows, h);
	return ATT_OK;
}

int store_checksum_tables(store *s, store_checksum_fn fn, void *ctx, att_err *e)
{
	names t;
	if (table_names(s, &t, e))
		return ATT_EIO;
	int rc = ATT_OK;
	for (int i = 0; !rc && i < t.n; i++)
		if (strcmp(t.v[i], "schema_migration") != 0)
			rc = checksum_table(s, t.v[i], fn, ctx, e);
	names_free(&t);
	return rc;
}
