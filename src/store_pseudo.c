/*
 * store_pseudo.c - the pseudonym key, pseudonyms, and pseudonymised
 * exports: each row of store_export rewritten column by column by a plan
 * made once from the table's name and its column names (store_pseudo.h).
 */
#include "store_pseudo.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "store_collect.h"
#include "store_sql.h"

int store_pseudo_key(store *s, char key_hex[65], att_err *e)
{
	key_hex[0] = '\0';
	char *have = store_meta_get_dup(s, "pseudonym_key");
	if (have && strlen(have) == 64) {
		memcpy(key_hex, have, 65);
		free(have);
		return ATT_OK;
	}
	free(have);
	char fresh[65];
	auth_random_hex(fresh, 32);
	if (strlen(fresh) != 64)
		return err_set(e, ATT_EIO, "cannot make the pseudonym key");
	int own_tx;
	if (store_tx_open(s, &own_tx, e))
		return ATT_EIO;
	/* another process may have made one meanwhile: keep the first */
	sql_stmt *st =
	    sql_prep(s,
	             "INSERT INTO meta(key, value) VALUES"
	             " ('pseudonym_key', ?) ON CONFLICT(key) DO NOTHING",
	             e);
	if (st)
		sql_bind_text(st, 1, fresh);
	int rc =
	    st ? sql_run(st, e, "cannot store the pseudonym key") : ATT_EIO;
	rc = store_tx_close(s, own_tx, rc, e);
	if (rc)
		return rc;
	have = store_meta_get_dup(s, "pseudonym_key");
	if (!have || strlen(have) != 64) {
		free(have);
		return err_set(e, ATT_EIO, "cannot read the pseudonym key");
	}
	memcpy(key_hex, have, 65);
	free(have);
	return ATT_OK;
}

static const char kind_letter[] = {'S', 'F', 'G', 'A'};
static const char *const kind_name[] = {"student", "staff", "guardian",
                                        "account"};

void store_pseudonym(const char *key_hex, pseudo_kind k, const char *code,
                     char out[PSEUDO_LEN + 1])
{
	buf m;
	buf_init(&m);
	buf_printf(&m, "%s:%s", kind_name[k], code ? code : "");
	char h[65];
	auth_keyed_hash(key_hex, m.data, h);
	buf_free(&m);
	out[0] = kind_letter[k];
	out[1] = '-';
	memcpy(out + 2, h, PSEUDO_LEN - 2);
	out[PSEUDO_LEN] = '\0';
}

/* ---- pseudonymised exports ---- */

/* What happens to one column's values. */
typedef enum {
	PA_KEEP,
	PA_ID,    /* a person's id: their pseudonym (through the id map) */
	PA_CODE,  /* a person's code: their pseudonym */
	PA_OWN,   /* id of a person table: the pseudonym of the row's code */
	PA_EMPTY, /* '' */
	PA_NULL,  /* NULL */
	PA_MONTH  /* a date cut to YYYY-MM */
} pa_action;

/* The pseudonyms of one kind of person by id, computed when first asked
 * for (ids and codes read once, in id order, for binary search). */
typedef struct code_ix {
	const char *code;
	size_t i;
} code_ix;

typedef struct id_map {
	int loaded;
	int64_t *id;
	char **code;
	char (*pseud)[PSEUDO_LEN + 1];
	code_ix *by_code; /* the same people in code order */
	size_t n;
} id_map;

typedef struct pseudo {
	store *s;
	const char *table;
	char key[65];
	int ncol;
	pa_action *act;
	pseudo_kind *kind;
	int code_col; /* person tables: the row's own code; -1 otherwise */
	pseudo_kind own;
	char own_cell[PSEUDO_LEN + 1];
	id_map map[PSEUDO_ACCOUNT];
	char (*cell)[PSEUDO_LEN + 1]; /* this row's new values, per column */
	store_value *row;
	store_export_fn fn;
	void *ctx;
	int stu_col;     /* the row's student (id, or code), -1 none */
	int64_t *shares; /* students with data_share consent, ascending */
	size_t nshares;
	int64_t skipped;
} pseudo;

/* Person-reference columns by name, in every table. */
static const struct {
	const char *col;
	pa_action act;
	pseudo_kind kind;
} person_cols[] = {
    {"student_id", PA_ID, PSEUDO_STUDENT},
    {"staff_id", PA_ID, PSEUDO_STAFF},
    {"observer_id", PA_ID, PSEUDO_STAFF},
    {"guardian_id", PA_ID, PSEUDO_GUARDIAN},
    {"student", PA_CODE, PSEUDO_STUDENT}, /* the joined raw tables */
    {"staff", PA_CODE, PSEUDO_STAFF},
    {"guardian", PA_CODE, PSEUDO_GUARDIAN},
};

/* Free text that may name anyone, dropped (NULL). */
static const struct {
	const char *table, *col;
} free_text[] = {
    {"behaviour_event", "note"},     {"observation", "notes"},
    {"observation", "next_steps"},   {"goal", "title"},
    {"intervention", "description"}, {"student_attr", "value"},
};

/* The tables whose rows are people, and their kind; -1 otherwise. */
static int person_table(const char *table)
{
	for (int k = 0; k < PSEUDO_ACCOUNT; k++)
		if (strcmp(table, kind_name[k]) == 0)
			return k;
	return -1;
}

/* The action on column `col` of `table`. */
static pa_action plan_col(const char *table, const char *col, pseudo_kind *kind)
{
	int own = person_table(table);
	if (own >= 0) {
		*kind = (pseudo_kind)own;
		if (strcmp(col, "id") == 0)
			return PA_OWN;
		if (strcmp(col, "code") == 0 || strcmp(col, "given_name") == 0)
			return PA_CODE;
		if (strcmp(col, "family_name") == 0)
			return PA_EMPTY;
		if (strcmp(col, "birth_date") == 0)
			return PA_MONTH;
		if (strcmp(col, "email") == 0 || strcmp(col, "phone") == 0)
			return PA_NULL;
	}
	for (size_t i = 0; i < ARRAY_LEN(person_cols); i++)
		if (strcmp(col, person_cols[i].col) == 0) {
			*kind = person_cols[i].kind;
			return person_cols[i].act;
		}
	for (size_t i = 0; i < ARRAY_LEN(free_text); i++)
		if (strcmp(table, free_text[i].table) == 0 &&
		    strcmp(col, free_text[i].col) == 0)
			return PA_NULL;
	return PA_KEEP;
}

static int code_cmp(const void *a, const void *b)
{
	return strcmp(((const code_ix *)a)->code, ((const code_ix *)b)->code);
}

static int map_load(pseudo *p, pseudo_kind k)
{
	static const char *const sql[] = {
	    "SELECT id, code FROM student ORDER BY id",
	    "SELECT id, code FROM staff ORDER BY id",
	    "SELECT id, code FROM guardian ORDER BY id"};
	id_map *m = &p->map[k];
	m->loaded = 1;
	sql_stmt *st = sql_prep(p->s, sql[k], NULL);
	if (!st)
		return ATT_EIO;
	size_t cap = 0;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		if (m->n == cap) {
			cap = cap ? 2 * cap : 1024;
			m->id = xrealloc(m->id, cap * sizeof(*m->id));
			m->code = xrealloc(m->code, cap * sizeof(*m->code));
			m->pseud = xrealloc(m->pseud, cap * sizeof(*m->pseud));
		}
		m->id[m->n] = sql_int(st, 0);
		m->code[m->n] = xstrdup(sql_text(st, 1));
		m->pseud[m->n][0] = '\0';
		m->n++;
	}
	sql_reset(st);
	m->by_code = xcalloc(m->n + 1, sizeof(*m->by_code));
	for (size_t i = 0; i < m->n; i++)
		m->by_code[i] = (code_ix){m->code[i], i};
	qsort(m->by_code, m->n, sizeof(*m->by_code), code_cmp);
	return rc == SQL_DONE ? ATT_OK : ATT_EIO;
}

/* The pseudonym of the person at index i of map k, made once. */
static const char *memo(pseudo *p, pseudo_kind k, size_t i)
{
	id_map *m = &p->map[k];
	if (!m->pseud[i][0])
		store_pseudonym(p->key, k, m->code[i], m->pseud[i]);
	return m->pseud[i];
}

/* The pseudonym of person `id` of kind k; an id no row has (a derived
 * row of someone deleted before erasure existed) gets the pseudonym of
 * "#ID", which names nobody either. */
static const char *by_id(pseudo *p, pseudo_kind k, int64_t id, char *tmp)
{
	id_map *m = &p->map[k];
	if (!m->loaded)
		map_load(p, k);
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < m->n && m->id[lo] == id)
		return memo(p, k, lo);
	char code[32];
	snprintf(code, sizeof(code), "#%lld", (long long)id);
	store_pseudonym(p->key, k, code, tmp);
	return tmp;
}

/* The pseudonym of the person of kind k with this code (v: len bytes),
 * made once per person through the map. */
static const char *by_code(pseudo *p, pseudo_kind k, const store_value *v,
                           char *tmp)
{
	char code[256];
	snprintf(code, sizeof(code), "%.*s", v->len, v->s ? v->s : "");
	id_map *m = &p->map[k];
	if (!m->loaded)
		map_load(p, k);
	code_ix key = {code, 0};
	const code_ix *hit =
	    bsearch(&key, m->by_code, m->n, sizeof(*m->by_code), code_cmp);
	if (hit)
		return memo(p, k, hit->i);
	store_pseudonym(p->key, k, code, tmp);
	return tmp;
}

static void set_text(store_value *v, const char *t)
{
	*v = (store_value){.type = STV_TEXT, .s = t, .len = (int)strlen(t)};
}

/* Rewrite one row in place (values then point into p->cell, p->own_cell
 * or the id maps). */
static void rewrite(pseudo *p, store_value *vals)
{
	if (p->code_col >= 0) { /* the row's own person, from its code */
		const store_value *cv = &vals[p->code_col];
		char code[256];
		snprintf(code, sizeof(code), "%.*s", cv->len,
		         cv->s ? cv->s : "");
		store_pseudonym(p->key, p->own, code, p->own_cell);
	}
	for (int c = 0; c < p->ncol; c++) {
		store_value *v = &vals[c];
		char *cell = p->cell[c];
		pa_action a = p->act[c];
		if (a == PA_KEEP || (v->type == STV_NULL && a != PA_EMPTY))
			continue;
		if (a == PA_ID) {
			set_text(v, by_id(p, p->kind[c], v->i, cell));
		} else if (a == PA_OWN || (a == PA_CODE && p->code_col >= 0 &&
		                           p->kind[c] == p->own)) {
			set_text(v, p->own_cell);
		} else if (a == PA_CODE) {
			set_text(v, by_code(p, p->kind[c], v, cell));
		} else if (a == PA_EMPTY) {
			set_text(v, "");
		} else if (a == PA_NULL) {
			*v = (store_value){.type = STV_NULL};
		} else if (a == PA_MONTH) {
			snprintf(cell, PSEUDO_LEN + 1, "%.7s",
			         v->type == STV_TEXT ? v->s : "");
			set_text(v, cell);
		}
	}
}

/* The plan of a table's columns, made from the first row's names. */
static void plan(pseudo *p, int ncol, const char *const *names)
{
	p->ncol = ncol;
	p->act = xcalloc((size_t)ncol, sizeof(*p->act));
	p->kind = xcalloc((size_t)ncol, sizeof(*p->kind));
	p->cell = xcalloc((size_t)ncol, sizeof(*p->cell));
	p->row = xcalloc((size_t)ncol + 1, sizeof(*p->row));
	p->code_col = -1;
	p->stu_col = -1;
	int own = person_table(p->table);
	for (int c = 0; c < ncol; c++) {
		p->act[c] = plan_col(p->table, names[c], &p->kind[c]);
		if (p->stu_col < 0 && p->kind[c] == PSEUDO_STUDENT &&
		    (p->act[c] == PA_ID || p->act[c] == PA_OWN ||
		     (p->act[c] == PA_CODE &&
		      strcmp(names[c], "student") == 0)))
			p->stu_col = c;
		if (own >= 0 && strcmp(names[c], "code") == 0) {
			p->code_col = c;
			p->own = (pseudo_kind)own;
		}
	}
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Whether the student of a row (an id, or a code) consents to sharing. */
static int shares(pseudo *p, const store_value *v)
{
	int64_t id = v->i;
	if (v->type == STV_TEXT) {
		id_map *m = &p->map[PSEUDO_STUDENT];
		if (!m->loaded)
			map_load(p, PSEUDO_STUDENT);
		char code[256];
		snprintf(code, sizeof(code), "%.*s", v->len, v->s ? v->s : "");
		code_ix key = {code, 0};
		const code_ix *hit = bsearch(&key, m->by_code, m->n,
		                             sizeof(*m->by_code), code_cmp);
		if (!hit)
			return 0;
		id = m->id[hit->i];
	} else if (v->type != STV_INT) {
		return 1; /* no student named */
	}
	return bsearch(&id, p->shares, p->nshares, sizeof(int64_t), id_cmp) !=
	       NULL;
}

static int forward(void *ctx, int ncol, const char *const *names,
                   const store_value *vals)
{
	pseudo *p = ctx;
	if (!p->act)
		plan(p, ncol, names);
	if (p->stu_col >= 0 && !shares(p, &vals[p->stu_col])) {
		p->skipped++;
		return 0;
	}
	memcpy(p->row, vals, (size_t)ncol * sizeof(*p->row));
	rewrite(p, p->row);
	return p->fn(p->ctx, ncol, names, p->row);
}

int store_export_pseudo(store *s, const char *table, const char *today,
                        store_export_fn fn, void *ctx, int64_t *skipped,
                        att_err *e)
{
	*skipped = 0;
	if (!store_table_exists(s, table))
		return err_set(e, ATT_ENOTFOUND, "no table '%s'",
		               table ? table : "");
	pseudo p = {.s = s, .table = table, .fn = fn, .ctx = ctx};
	if (store_pseudo_key(s, p.key, e) ||
	    store_consent_students(s, CONSENT_DATA_SHARE, today, &p.shares,
	                           &p.nshares, e))
		return ATT_EIO;
	int rc = store_export(s, table, forward, &p, e);
	*skipped = p.skipped;
	free(p.shares);
	for (int k = 0; k < PSEUDO_ACCOUNT; k++) {
		for (size_t i = 0; i < p.map[k].n; i++)
			free(p.map[k].code[i]);
		free(p.map[k].id);
		free(p.map[k].code);
		free(p.map[k].pseud);
		free(p.map[k].by_code);
	}
	free(p.act);
	free(p.kind);
	free(p.cell);
	free(p.row);
	memset(p.key, 0, sizeof(p.key));
	return rc;
}
