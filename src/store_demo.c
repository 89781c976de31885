/*
 * store_demo.c - the SQL of the demo's bulk load (one prepared INSERT per
 * table, bulk-load PRAGMAs, secondary indexes dropped and rebuilt) and the
 * table checksums used to prove that the demo is deterministic.
 *
 * Invariants:
 *  1. A load runs in exactly one transaction; the data version is bumped
 *     once, in that transaction, by store_demo_load_finish.
 *  2. The secondary indexes rebuilt at the end are the ones the schema
 *     defined (their SQL is read from sqlite_schema before they are
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
                   "INSERT INTO temp.demo_result(assessment_id, student_id,"
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
	sqlite3_stmt *st; /* INSERT ... VALUES (...) x BATCH */
	int pending;
	int64_t iv[BATCH][4];
	double dv[BATCH][4];
} batch;

struct store_demo_load {
	store *s;
	sqlite3_stmt *st[SD_NTABLES];
	int64_t rows[SD_NTABLES];
	batch *b_result, *b_item, *b_att;
	batch *open; /* the batch with pending rows, if any */
	char **index_sql;
	int nindex;
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
	int rc = sqlite3_prepare_v2(l->s->db, q.data, (int)q.len, &b->st, NULL);
	buf_free(&q);
	if (rc != SQLITE_OK) {
		st_fail(l->s, e, "cannot prepare bulk insert");
		sqlite3_finalize(b->st);
		free(b);
		return NULL;
	}
	return b;
}

static void batch_free(batch *b)
{
	if (!b)
		return;
	sqlite3_finalize(b->st);
	free(b);
}

static void bind_row(sqlite3_stmt *st, const batch *b, int r, int first)
{
	for (int c = 0; c < b->ncol; c++) {
		if (b->types[c] == 'd')
			sqlite3_bind_double(st, first + c, b->dv[r][c]);
		else
			sqlite3_bind_int64(st, first + c, b->iv[r][c]);
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
		int rc = sqlite3_step(b->st);
		sqlite3_reset(b->st);
		if (rc != SQLITE_DONE)
			return err_set(e, ATT_EIO, "cannot insert into %s: %s",
			               tables[b->table].name,
			               sqlite3_errmsg(l->s->db));
		return ATT_OK;
	}
	sqlite3_stmt *one = l->st[b->table];
	for (int r = 0; r < n; r++) {
		bind_row(one, b, r, 1);
		int rc = sqlite3_step(one);
		sqlite3_reset(one);
		if (rc != SQLITE_DONE)
			return err_set(e, ATT_EIO, "cannot insert into %s: %s",
			               tables[b->table].name,
			               sqlite3_errmsg(l->s->db));
	}
	return ATT_OK;
}

/* Append a row to batch b (flushing another open batch first). */
static int batch_add(store_demo_load *l, batch *b, const int64_t *iv,
                     const double *dv, att_err *e)
{
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

int store_demo_put(store_demo_load *l, store_demo_table t, const sval *v,
                   att_err *e)
{
	if ((unsigned)t >= SD_NTABLES)
		return err_set(e, ATT_EIO, "no demo table %d", (int)t);
	int rc = flush(l, e);
	if (rc)
		return rc;
	sqlite3_stmt *st = l->st[t];
	int n = sqlite3_bind_parameter_count(st);
	for (int i = 0; i < n; i++) {
		const sval *x = &v[i];
		switch (x->type) {
		case 'i':
			sqlite3_bind_int64(st, i + 1, x->i);
			break;
		case 'd':
			sqlite3_bind_double(st, i + 1, x->d);
			break;
		case 's':
			sqlite3_bind_text(st, i + 1, x->s, -1,
			                  SQLITE_TRANSIENT);
			break;
		case 'b':
			sqlite3_bind_blob(st, i + 1, x->b, (int)x->n,
			                  SQLITE_TRANSIENT);
			break;
		default:
			sqlite3_bind_null(st, i + 1);
		}
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set(e, ATT_EIO, "cannot insert into %s: %s",
		               tables[t].name, sqlite3_errmsg(l->s->db));
	l->rows[t]++;
	return ATT_OK;
}

store *store_demo_store(store_demo_load *l)
{
	return l->s;
}

int64_t store_demo_rows(const store_demo_load *l, store_demo_table t)
{
	return (unsigned)t < SD_NTABLES ? l->rows[t] : 0;
}

static void load_free(store_demo_load *l)
{
	for (int t = 0; t < SD_NTABLES; t++)
		sqlite3_finalize(l->st[t]);
	batch_free(l->b_result);
	batch_free(l->b_item);
	batch_free(l->b_att);
	for (int i = 0; i < l->nindex; i++)
		free(l->index_sql[i]);
	free(l->index_sql);
	free(l);
}

store_demo_load *store_demo_load_alloc(store *s, att_err *e)
{
	/* Bulk-load settings: the caller loads into a scratch file, so no
	 * journal and no fsync are needed (see the header). Index builds sort
	 * in temporary files (bounded memory for millions of rows) with two
	 * sorter threads. */
	if (st_exec(
	        s,
	        "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF;"
	        " PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
	        " PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = FILE;"
	        " PRAGMA threads = 2;",
	        e))
		return NULL;
	store_demo_load *l = xcalloc(1, sizeof(*l));
	l->s = s;
	/* Remember and drop the secondary indexes of the tables we fill. */
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
	        " AND sql IS NOT NULL ORDER BY name",
	        -1, &q, NULL) != SQLITE_OK) {
		st_fail(s, e, "cannot list indexes");
		load_free(l);
		return NULL;
	}
	size_t cap = 0;
	buf drop;
	buf_init(&drop);
	while (sqlite3_step(q) == SQLITE_ROW) {
		xgrow((void **)&l->index_sql, &cap, (size_t)l->nindex + 1,
		      sizeof(char *));
		l->index_sql[l->nindex++] = xstrdup(st_text(q, 1));
		char *d = sqlite3_mprintf("DROP INDEX \"%w\";", st_text(q, 0));
		buf_adds(&drop, d);
		sqlite3_free(d);
	}
	sqlite3_finalize(q);
	int rc = st_exec(s, "BEGIN", e);
	if (!rc && drop.len)
		rc = st_exec(s, drop.data, e);
	if (!rc)
		rc = st_exec(
		    s,
		    "CREATE TEMP TABLE demo_result(assessment_id INTEGER,"
		    " student_id INTEGER, score REAL)",
		    e);
	buf_free(&drop);
	if (rc) {
		load_free(l);
		return NULL;
	}
	s->in_tx = 1;
	for (int t = 0; t < SD_NTABLES; t++) {
		if (sqlite3_prepare_v2(s->db, tables[t].sql, -1, &l->st[t],
		                       NULL) != SQLITE_OK) {
			err_set(e, ATT_EIO, "cannot prepare insert into %s: %s",
			        tables[t].name, sqlite3_errmsg(s->db));
			load_free(l);
			return NULL;
		}
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
	load_free(l);
	store_rollback(s);
}

int store_demo_load_finish(store_demo_load *l, int64_t base_version, att_err *e)
{
	store *s = l->s;
	int rc = flush(l, e);
	if (!rc)
		rc =
		    st_exec(s,
		            "INSERT INTO main.result(assessment_id, student_id,"
		            " score) SELECT assessment_id, student_id, score"
		            " FROM temp.demo_result ORDER BY student_id,"
		            " assessment_id; DROP TABLE temp.demo_result",
		            e);
	for (int i = 0; !rc && i < l->nindex; i++)
		rc = st_exec(s, l->index_sql[i], e);
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
	/* Back to the normal settings of store_open; quick planner statistics.
	 */
	return st_exec(
	    s,
	    "PRAGMA locking_mode = NORMAL; PRAGMA journal_mode = WAL;"
	    " PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	    " PRAGMA analysis_limit = 400; ANALYZE;",
	    e);
}

int store_demo_is_empty(store *s, int *empty, int64_t *version, att_err *e)
{
	sqlite3_stmt *names = NULL;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT name FROM sqlite_schema WHERE type = 'table'"
	        " AND name NOT LIKE 'sqlite_%' AND name NOT IN"
	        " ('meta', 'org_level', 'schema_migration') ORDER BY name",
	        -1, &names, NULL) != SQLITE_OK)
		return st_fail(s, e, "cannot list tables");
	int rc = ATT_OK;
	*empty = 1;
	while (*empty && sqlite3_step(names) == SQLITE_ROW) {
		char *sql = sqlite3_mprintf(
		    "SELECT EXISTS (SELECT 1 FROM \"%w\")", st_text(names, 0));
		int64_t n = st_int(s, sql);
		sqlite3_free(sql);
		if (n < 0) {
			rc = st_fail(s, e, "cannot read table");
			break;
		}
		if (n > 0)
			*empty = 0;
	}
	sqlite3_finalize(names);
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

/* Build "SELECT cols FROM t ORDER BY pk" for one table into q. */
static int checksum_query(store *s, const char *table, buf *q, att_err *e)
{
	char *sql = sqlite3_mprintf("PRAGMA table_info(\"%w\")", table);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return st_fail(s, e, "cannot read table columns");
	buf cols;
	buf_init(&cols);
	int npk = 0;
	char pkname[8][128];
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = st_text(st, 1);
		int k = sqlite3_column_int(st, 5);
		if (k > 0 && k <= 8) {
			snprintf(pkname[k - 1], sizeof(pkname[0]), "%s", c);
			if (k > npk)
				npk = k;
		}
		if (skipped_column(table, c))
			continue;
		char *qc = sqlite3_mprintf("%s\"%w\"", cols.len ? ", " : "", c);
		buf_adds(&cols, qc);
		sqlite3_free(qc);
	}
	sqlite3_finalize(st);
	char *head = sqlite3_mprintf("SELECT %s FROM \"%w\" ORDER BY ",
	                             cols.len ? cols.data : "1", table);
	buf_adds(q, head);
	sqlite3_free(head);
	buf_free(&cols);
	if (npk == 0) {
		buf_adds(q, "rowid");
	} else {
		for (int i = 0; i < npk; i++) {
			char *qc = sqlite3_mprintf("%s\"%w\"", i ? ", " : "",
			                           pkname[i]);
			buf_adds(q, qc);
			sqlite3_free(qc);
		}
	}
	return ATT_OK;
}

int store_checksum_tables(store *s, store_checksum_fn fn, void *ctx, att_err *e)
{
	sqlite3_stmt *names = NULL;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT name FROM sqlite_schema WHERE type = 'table'"
	        " AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migration'"
	        " ORDER BY name",
	        -1, &names, NULL) != SQLITE_OK)
		return st_fail(s, e, "cannot list tables");
	int rc = ATT_OK;
	while (!rc && sqlite3_step(names) == SQLITE_ROW) {
		char table[128];
		snprintf(table, sizeof(table), "%s", st_text(names, 0));
		buf q;
		buf_init(&q);
		rc = checksum_query(s, table, &q, e);
		sqlite3_stmt *st = NULL;
		if (!rc && sqlite3_prepare_v2(s->db, q.data, -1, &st, NULL) !=
		               SQLITE_OK)
			rc = st_fail(s, e, "cannot read table");
		buf_free(&q);
		if (rc)
			break;
		uint64_t h = 0xcbf29ce484222325ULL;
		int64_t rows = 0;
		int step;
		int ncol = sqlite3_column_count(st);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			rows++;
			for (int c = 0; c < ncol; c++) {
				unsigned char type =
				    (unsigned char)sqlite3_column_type(st, c);
				h = hash64(&type, 1, h);
				if (type == SQLITE_INTEGER) {
					int64_t v = sqlite3_column_int64(st, c);
					h = hash64(&v, sizeof(v), h);
				} else if (type == SQLITE_FLOAT) {
					double v = sqlite3_column_double(st, c);
					h = hash64(&v, sizeof(v), h);
				} else if (type != SQLITE_NULL) {
					const void *p =
					    sqlite3_column_blob(st, c);
					int n = sqlite3_column_bytes(st, c);
					h = hash64(&n, sizeof(n), h);
					if (n > 0)
						h = hash64(p, (size_t)n, h);
				}
			}
		}
		sqlite3_finalize(st);
		if (step != SQLITE_DONE) {
			rc = st_fail(s, e, "cannot read table");
			break;
		}
		fn(ctx, table, rows, h);
	}
	sqlite3_finalize(names);
	return rc;
}
