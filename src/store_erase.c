/*
 * store_erase.c - erasing a student and every trace of them, in one
 * transaction ending in an audit tombstone (store_erase.h).
 */
#include "store_erase.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "store_sql.h"

/* Where a mention is looked for: the words of texts and audit entries,
 * or whole account names in the audit log. */
enum { M_WORDS, M_USERNAME };

typedef struct mention {
	char *needle;
	char repl[PSEUDO_LEN + 1];
	int where;
} mention;

typedef struct eraser {
	store *s;
	att_err *e;
	int64_t sid;
	char key[65];
	mention *m;
	int nm;
	int64_t *guardians; /* guardians with no other child */
	int ng;
	int64_t rows, mentions;
	struct {
		char name[64];
		int64_t n;
	} * count; /* rows removed per table, in order of first removal */
	int ncount;
} eraser;

static void add_mention(eraser *x, const char *needle, pseudo_kind k,
                        const char *code, int where)
{
	if (!needle || strlen(needle) < 2)
		return;
	x->m = xrealloc(x->m, ((size_t)x->nm + 1) * sizeof(*x->m));
	mention *m = &x->m[x->nm++];
	m->needle = xstrdup(needle);
	m->where = where;
	store_pseudonym(x->key, k, code, m->repl);
}

/* The mentions of a person: their code, and their name as written
 * ("given family", or the given name alone). */
static void person_mentions(eraser *x, pseudo_kind k, const char *code,
                            const char *given, const char *family)
{
	add_mention(x, code, k, code, M_WORDS);
	buf name;
	buf_init(&name);
	buf_printf(&name, "%s%s%s", given, *family ? " " : "", family);
	add_mention(x, name.data, k, code, M_WORDS);
	buf_free(&name);
}

/* Count `n` rows removed from `table` into the result. */
static void counted(eraser *x, const char *table, int64_t n)
{
	if (n <= 0)
		return;
	x->rows += n;
	for (int i = 0; i < x->ncount; i++)
		if (strcmp(x->count[i].name, table) == 0) {
			x->count[i].n += n;
			return;
		}
	x->count =
	    xrealloc(x->count, ((size_t)x->ncount + 1) * sizeof(*x->count));
	snprintf(x->count[x->ncount].name, sizeof(x->count->name), "%s", table);
	x->count[x->ncount++].n = n;
}

/* Run a statement binding ?1 = id, counting the rows it removed under
 * `table` (NULL: not counted). */
static int run_id(eraser *x, const char *sql, int64_t id, const char *table)
{
	sql_stmt *st = sql_prep(x->s, sql, x->e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, id);
	if (sql_run(st, x->e, "cannot erase"))
		return ATT_EIO;
	if (table)
		counted(x, table, sql_changes(x->s));
	return ATT_OK;
}

/* Guardians linked to the student and no other child, and the accounts
 * of those guardians and of the student (mentions by username). */
static int find_people(eraser *x)
{
	sql_stmt *st = sql_prep(
	    x->s,
	    "SELECT g.id, g.code, g.given_name, g.family_name FROM guardian g"
	    " JOIN guardian_link l ON l.guardian_id = g.id"
	    " WHERE l.student_id = ?1 AND NOT EXISTS (SELECT 1 FROM"
	    " guardian_link o WHERE o.guardian_id = g.id"
	    " AND o.student_id <> ?1) ORDER BY g.id",
	    x->e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, x->sid);
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		x->guardians = xrealloc(x->guardians,
		                        ((size_t)x->ng + 1) * sizeof(int64_t));
		x->guardians[x->ng++] = sql_int(st, 0);
		person_mentions(x, PSEUDO_GUARDIAN, sql_text(st, 1),
		                sql_text(st, 2), sql_text(st, 3));
	}
	sql_reset(st);
	if (rc != SQL_DONE)
		return sql_fail(x->s, x->e, "cannot read guardians");
	st = sql_prep(x->s,
	              "SELECT username FROM account WHERE student_id = ?1"
	              " OR guardian_id IN (SELECT l.guardian_id FROM"
	              " guardian_link l WHERE l.student_id = ?1 AND NOT EXISTS"
	              " (SELECT 1 FROM guardian_link o WHERE o.guardian_id ="
	              " l.guardian_id AND o.student_id <> ?1))",
	              x->e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, x->sid);
	while ((rc = sql_step(st)) == SQL_ROW)
		add_mention(x, sql_text(st, 0), PSEUDO_ACCOUNT, sql_text(st, 0),
		            M_USERNAME);
	sql_reset(st);
	return rc == SQL_DONE ? ATT_OK
	                      : sql_fail(x->s, x->e, "cannot read accounts");
}

/* What hangs off the student without a student_id column: sessions of
 * every account scoped to them, their goals' progress, the theme tags of
 * their survey answers and, when they wrote any, the survey quotes (a
 * quote is a scrubbed copy of some answer, chosen among tagged and
 * untagged texts alike, so which one was theirs cannot be told: all go,
 * and the next analysis chooses again). */
static int remove_linked(eraser *x)
{
	static const char *const sql[] = {
	    "DELETE FROM web_session WHERE account_id IN (SELECT account_id"
	    " FROM account_scope WHERE student_id = ?1 UNION SELECT id FROM"
	    " account WHERE student_id = ?1)",
	    "DELETE FROM goal_progress WHERE goal_id IN (SELECT id FROM goal"
	    " WHERE student_id = ?1)",
	    "DELETE FROM theme_quote WHERE source = 'survey' AND EXISTS"
	    " (SELECT 1 FROM survey_answer a JOIN survey_response r"
	    " ON r.id = a.response_id WHERE r.student_id = ?1"
	    " AND a.text <> '')",
	    "DELETE FROM text_theme WHERE source = 'survey' AND source_id IN"
	    " (SELECT id FROM survey_response WHERE student_id = ?1)",
	};
	static const char *const what[] = {"web_session", "goal_progress",
	                                   "theme_quote", "text_theme"};
	for (size_t i = 0; i < ARRAY_LEN(sql); i++)
		if (run_id(x, sql[i], x->sid, what[i]))
			return ATT_EIO;
	return ATT_OK;
}

/* The guardians with no other child: their survey responses' tags and
 * quotes, responses, accounts (and so sessions) and themselves. */
static int remove_guardians(eraser *x)
{
	static const char *const sql[] = {
	    "DELETE FROM theme_quote WHERE source = 'survey' AND EXISTS"
	    " (SELECT 1 FROM survey_answer a JOIN survey_response r"
	    " ON r.id = a.response_id WHERE r.guardian_id = ?1"
	    " AND a.text <> '')",
	    "DELETE FROM text_theme WHERE source = 'survey' AND source_id IN"
	    " (SELECT id FROM survey_response WHERE guardian_id = ?1)",
	    "DELETE FROM survey_response WHERE guardian_id = ?1",
	    "DELETE FROM web_session WHERE account_id IN (SELECT id FROM"
	    " account WHERE guardian_id = ?1)",
	    "DELETE FROM account WHERE guardian_id = ?1",
	    "DELETE FROM guardian_link WHERE guardian_id = ?1",
	    "DELETE FROM guardian WHERE id = ?1",
	};
	static const char *const what[] = {
	    "theme_quote", "text_theme",    "survey_response", "web_session",
	    "account",     "guardian_link", "guardian"};
	for (int g = 0; g < x->ng; g++)
		for (size_t i = 0; i < ARRAY_LEN(sql); i++)
			if (run_id(x, sql[i], x->guardians[g], what[i]))
				return ATT_EIO;
	return ATT_OK;
}

typedef struct col_find {
	int found;
} col_find;

static int student_col(void *ctx, const char *name, const char *type, int pk)
{
	(void)type, (void)pk;
	if (strcmp(name, "student_id") == 0)
		((col_find *)ctx)->found = 1;
	return 0;
}

typedef struct tables_ctx {
	store *s;
	erase_table_fn fn;
	void *ctx;
	att_err *e;
} tables_ctx;

static int table_one(void *ctx, const char *table)
{
	tables_ctx *t = ctx;
	col_find f = {0};
	if (strcmp(table, "student") == 0)
		return 0;
	if (sql_table_columns(t->s, table, student_col, &f, t->e))
		return ATT_EIO;
	return f.found ? t->fn(t->ctx, table) : 0;
}

int store_erase_tables(store *s, erase_table_fn fn, void *ctx, att_err *e)
{
	tables_ctx t = {s, fn, ctx, e};
	return sql_tables(s, table_one, &t, e) ? ATT_EIO : ATT_OK;
}

/* Remove the student's rows from one table with a student_id column. */
static int remove_from(void *ctx, const char *table)
{
	eraser *x = ctx;
	for (const char *p = table; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return err_set(x->e, ATT_EIO, "odd table name '%s'",
			               table);
	buf sql;
	buf_init(&sql);
	buf_printf(&sql, "DELETE FROM %s WHERE student_id = ?1", table);
	sql_stmt *st = sql_prep_new(x->s, sql.data, x->e);
	buf_free(&sql);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, x->sid);
	int rc = sql_run(st, x->e, "cannot erase");
	if (!rc)
		counted(x, table, sql_changes(x->s));
	sql_free(st);
	return rc;
}

/* A byte that continues a word: codes and names are not cut out of a
 * longer word (UTF-8 bytes count as letters). */
static int word_byte(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '-' || c >= 0x80;
}

/* text with every whole-word occurrence of needle replaced by repl into
 * out; the number replaced. */
static int replace_words(const char *text, const char *needle, const char *repl,
                         buf *out)
{
	size_t nl = strlen(needle);
	int n = 0;
	const char *p = text, *hit;
	buf_clear(out);
	while ((hit = strstr(p, needle))) {
		int left = hit == text || !word_byte((unsigned char)hit[-1]) ||
		           !word_byte((unsigned char)needle[0]);
		int right = !word_byte((unsigned char)hit[nl]) ||
		            !word_byte((unsigned char)needle[nl - 1]);
		buf_add(out, p, (size_t)(hit - p));
		if (left && right) {
			buf_adds(out, repl);
			n++;
			p = hit + nl;
		} else { /* part of a longer word: keep one byte, look on */
			buf_addc(out, *hit);
			p = hit + 1;
		}
	}
	buf_adds(out, p);
	return n;
}

/* Texts that may mention a person: each row is read as (key, key, text)
 * and written back by the update (?1, ?2 the keys, ?3 the text). */
static const struct {
	const char *table, *keys, *col, *update;
} texts[] = {
    {"audit", "id, 0", "target", "UPDATE audit SET target = ?3 WHERE id = ?1"},
    {"audit", "id, 0", "detail", "UPDATE audit SET detail = ?3 WHERE id = ?1"},
    {"behaviour_event", "id, 0", "note",
     "UPDATE behaviour_event SET note = ?3 WHERE id = ?1"},
    {"observation", "id, 0", "notes",
     "UPDATE observation SET notes = ?3 WHERE id = ?1"},
    {"observation", "id, 0", "next_steps",
     "UPDATE observation SET next_steps = ?3 WHERE id = ?1"},
    {"survey_answer", "response_id, question_id", "text",
     "UPDATE survey_answer SET text = ?3 WHERE response_id = ?1"
     " AND question_id = ?2"},
    {"goal", "id, 0", "title", "UPDATE goal SET title = ?3 WHERE id = ?1"},
    {"intervention", "id, 0", "description",
     "UPDATE intervention SET description = ?3 WHERE id = ?1"},
    {"theme_quote", "rowid, 0", "quote",
     "UPDATE theme_quote SET quote = ?3 WHERE rowid = ?1"},
};

typedef struct hit {
	int64_t k1, k2;
	char *text;
} hit;

/* The rows of texts[i] holding any word mention, in one scan of the
 * table (the audit log can be large); *n gets how many. */
static hit *find_texts(eraser *x, size_t i, size_t *n, int *rc)
{
	buf sql;
	buf_init(&sql);
	buf_printf(&sql, "SELECT %s, %s FROM %s WHERE 0", texts[i].keys,
	           texts[i].col, texts[i].table);
	int nb = 0;
	for (int j = 0; j < x->nm; j++)
		if (x->m[j].where == M_WORDS)
			buf_printf(&sql, " OR instr(%s, ?%d) > 0", texts[i].col,
			           ++nb);
	*n = 0;
	*rc = ATT_OK;
	sql_stmt *st = nb ? sql_prep_new(x->s, sql.data, x->e) : NULL;
	buf_free(&sql);
	if (!st) {
		*rc = nb ? ATT_EIO : ATT_OK;
		return NULL;
	}
	for (int j = 0, b = 0; j < x->nm; j++)
		if (x->m[j].where == M_WORDS)
			sql_bind_text(st, ++b, x->m[j].needle);
	hit *h = NULL;
	int step;
	while ((step = sql_step(st)) == SQL_ROW) {
		h = xrealloc(h, (*n + 1) * sizeof(*h));
		h[*n].k1 = sql_int(st, 0);
		h[*n].k2 = sql_int(st, 1);
		h[(*n)++].text = xstrdup(sql_text(st, 2));
	}
	if (step != SQL_DONE)
		*rc = sql_fail(x->s, x->e, "cannot read");
	sql_free(st);
	return h;
}

/* Rewrite every word mention in the texts of one kind (texts[i]). */
static int rewrite_texts(eraser *x, size_t i)
{
	size_t n;
	int rc;
	hit *h = find_texts(x, i, &n, &rc);
	buf out;
	buf_init(&out);
	for (size_t k = 0; k < n && !rc; k++) {
		int changed = 0;
		for (int j = 0; j < x->nm; j++) {
			const mention *m = &x->m[j];
			int r = m->where == M_WORDS
			            ? replace_words(h[k].text, m->needle,
			                            m->repl, &out)
			            : 0;
			if (r) { /* the next mention reads the rewritten text */
				free(h[k].text);
				h[k].text = xstrdup(out.data);
				changed += r;
			}
		}
		if (!changed)
			continue;
		sql_stmt *up = sql_prep(x->s, texts[i].update, x->e);
		if (!up) {
			rc = ATT_EIO;
			break;
		}
		sql_bind_int(up, 1, h[k].k1);
		sql_bind_int(up, 2, h[k].k2);
		sql_bind_text(up, 3, h[k].text);
		rc = sql_run(up, x->e, "cannot rewrite a mention");
		x->mentions += changed;
	}
	for (size_t k = 0; k < n; k++)
		free(h[k].text);
	free(h);
	buf_free(&out);
	return rc;
}

/* Every mention of the erased people, rewritten to their pseudonyms. */
static int rewrite_mentions(eraser *x)
{
	for (size_t i = 0; i < ARRAY_LEN(texts); i++)
		if (rewrite_texts(x, i))
			return ATT_EIO;
	for (int j = 0; j < x->nm; j++) {
		const mention *m = &x->m[j];
		if (m->where == M_WORDS)
			continue;
		static const char *const sql[] = {
		    "UPDATE audit SET username = ?2 WHERE username = ?1",
		    "UPDATE audit SET target = ?2 WHERE target_kind = "
		    "'account' AND target = ?1",
		    "DELETE FROM web_login_failure WHERE username = ?1"};
		for (size_t i = 0; i < ARRAY_LEN(sql); i++) {
			sql_stmt *st = sql_prep(x->s, sql[i], x->e);
			if (!st)
				return ATT_EIO;
			sql_bind_text(st, 1, m->needle);
			if (i < 2)
				sql_bind_text(st, 2, m->repl);
			if (sql_run(st, x->e, "cannot rewrite a mention"))
				return ATT_EIO;
			x->mentions += sql_changes(x->s);
		}
	}
	return ATT_OK;
}

/* Find the student: id and the mentions of their code and name. */
static int find_student(eraser *x, const char *code)
{
	sql_stmt *st = sql_prep(x->s,
	                        "SELECT id, given_name, family_name FROM"
	                        " student WHERE code = ?1",
	                        x->e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, code);
	int rc = sql_step(st);
	if (rc == SQL_ROW) {
		x->sid = sql_int(st, 0);
		person_mentions(x, PSEUDO_STUDENT, code, sql_text(st, 1),
		                sql_text(st, 2));
	}
	sql_reset(st);
	if (rc == SQL_DONE)
		return err_set(x->e, ATT_ENOTFOUND, "no student '%s'", code);
	return rc == SQL_ROW ? ATT_OK
	                     : sql_fail(x->s, x->e, "cannot read student");
}

/* The tombstone: who, when, the pseudonym and what was removed. */
static int tombstone(eraser *x, const audit_entry *by, const char *pseud,
                     buf *tables)
{
	for (int i = 0; i < x->ncount; i++)
		buf_printf(tables, "%s%s %lld", i ? ", " : "", x->count[i].name,
		           (long long)x->count[i].n);
	buf d;
	buf_init(&d);
	buf_printf(&d, "%s%s%lld rows removed (%s); %lld mentions rewritten",
	           by->detail ? by->detail : "", by->detail ? ": " : "",
	           (long long)x->rows, tables->data ? tables->data : "",
	           (long long)x->mentions);
	audit_entry a = *by;
	a.action = "erase";
	a.target_kind = "student";
	a.target = pseud;
	a.detail = d.data;
	int rc = store_audit_add(x->s, &a, x->e);
	buf_free(&d);
	return rc;
}

static int erase_steps(eraser *x, const char *code, const audit_entry *by,
                       char pseud[PSEUDO_LEN + 1], buf *tables)
{
	int rc;
	if ((rc = store_pseudo_key(x->s, x->key, x->e)) ||
	    (rc = find_student(x, code)))
		return rc;
	store_pseudonym(x->key, PSEUDO_STUDENT, code, pseud);
	if ((rc = find_people(x)) || (rc = remove_linked(x)) ||
	    (rc = store_erase_tables(x->s, remove_from, x, x->e)) ||
	    (rc = remove_guardians(x)) ||
	    (rc = run_id(x, "DELETE FROM student WHERE id = ?1", x->sid,
	                 "student")) ||
	    (rc = rewrite_mentions(x)) || (rc = store_bump_version(x->s, x->e)))
		return rc;
	return tombstone(x, by, pseud, tables);
}

int store_erase_student(store *s, const char *code, const audit_entry *by,
                        erase_result *out, att_err *e)
{
	buf tables;
	buf_init(&tables);
	eraser x = {.s = s, .e = e};
	char pseud[PSEUDO_LEN + 1] = "";
	int own_tx;
	int rc = store_tx_open(s, &own_tx, e);
	if (!rc)
		rc = store_tx_close(
		    s, own_tx, erase_steps(&x, code, by, pseud, &tables), e);
	for (int j = 0; j < x.nm; j++)
		free(x.m[j].needle);
	free(x.m);
	free(x.guardians);
	free(x.count);
	memset(x.key, 0, sizeof(x.key));
	if (out) {
		memcpy(out->pseudonym, pseud, sizeof(pseud));
		out->rows = rc ? 0 : x.rows;
		out->mentions = rc ? 0 : x.mentions;
		out->tables = tables;
	} else {
		buf_free(&tables);
	}
	return rc;
}
