/*
 * store_label.c - the label lookup (see store_label.h): the SQL function
 * label() registered on every connection, and its cache.
 *
 * The engine registers the function (sql_label_function, store_sql.h) and
 * calls lookup() here with its text arguments; the cache is engine-
 * neutral. It belongs to the connection (freed when the connection
 * closes) and holds one shelf per (language, kind): every label of that
 * pair, read with one query the first time a name of the pair is asked
 * for, in an open-addressing hash table over the codes. The shelves are
 * dropped when the store's data version changes; the engine's change
 * stamp of the database (sql_change_stamp: no query, current inside the
 * read transaction of the statement calling label()) says when to read
 * the data version again, so a lookup normally costs a hash probe. A
 * mutex guards the cache for connections shared between threads.
 */
#include "store_label.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store_internal.h"

#define MAX_SHELVES 64

typedef struct shelf {
	char lang[16], kind[16];
	size_t cap;        /* slots, a power of two (0: no labels) */
	const char **code; /* cap slots, NULL when empty */
	const char **text;
} shelf;

typedef struct lcache {
	pthread_mutex_t mu;
	int have_fv;
	uint64_t file_version; /* sql_change_stamp last seen */
	int64_t data_version;  /* meta data_version the shelves belong to */
	shelf shelves[MAX_SHELVES];
	int nshelves;
	arena a; /* the shelves' tables and strings */
} lcache;

static void drop(lcache *c)
{
	arena_free(&c->a);
	arena_init(&c->a);
	c->nshelves = 0;
}

/* The meta data version, read on a statement of its own (label() runs
 * inside another statement, which the statement cache must not touch). */
static int64_t data_version(store *s)
{
	sql_stmt *st = sql_prep_new(
	    s, "SELECT value FROM meta WHERE key = 'data_version'", NULL);
	int64_t v = -1;
	if (st && sql_step(st) == SQL_ROW)
		v = sql_int(st, 0);
	if (st)
		sql_free(st);
	return v;
}

/* Drop the shelves when the data changed since they were read. */
static void freshen(store *s, lcache *c)
{
	uint64_t fv = 0;
	if (sql_change_stamp(s, &fv)) {
		drop(c);
		c->have_fv = 0;
		return;
	}
	if (c->have_fv && fv == c->file_version)
		return;
	c->have_fv = 1;
	c->file_version = fv;
	int64_t dv = data_version(s);
	if (dv != c->data_version || dv < 0) {
		drop(c);
		c->data_version = dv;
	}
}

static size_t slot_of(const char *code, size_t cap)
{
	return (size_t)hash64(code, strlen(code), 0x6c6162656cull) & (cap - 1);
}

static void put(shelf *sh, const char *code, const char *text)
{
	size_t i = slot_of(code, sh->cap);
	while (sh->code[i] && strcmp(sh->code[i], code) != 0)
		i = (i + 1) & (sh->cap - 1);
	sh->code[i] = code;
	sh->text[i] = text;
}

/* Read every label of (lang, kind) into a new shelf. A store without the
 * label table (or a failed read) gets an empty shelf: stored names. */
static shelf *load(store *s, lcache *c, const char *lang, const char *kind)
{
	if (c->nshelves == MAX_SHELVES)
		drop(c);
	shelf *sh = &c->shelves[c->nshelves++];
	memset(sh, 0, sizeof(*sh));
	snprintf(sh->lang, sizeof(sh->lang), "%s", lang);
	snprintf(sh->kind, sizeof(sh->kind), "%s", kind);
	sql_stmt *st = sql_prep_new(s,
	                            "SELECT code, text FROM label"
	                            " WHERE lang = ?1 AND kind = ?2",
	                            NULL);
	if (!st)
		return sh;
	sql_bind_text(st, 1, lang);
	sql_bind_text(st, 2, kind);
	size_t n = 0, cap = 0;
	const char **code = NULL, **text = NULL;
	while (sql_step(st) == SQL_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			code = xrealloc(code, cap * sizeof(*code));
			text = xrealloc(text, cap * sizeof(*text));
		}
		code[n] = arena_strdup(&c->a, sql_text(st, 0));
		text[n] = arena_strdup(&c->a, sql_text(st, 1));
		n++;
	}
	sql_free(st);
	if (n) {
		sh->cap = 16;
		while (sh->cap < 2 * n)
			sh->cap *= 2;
		sh->code = arena_alloc(&c->a, sh->cap * sizeof(*sh->code));
		sh->text = arena_alloc(&c->a, sh->cap * sizeof(*sh->text));
		for (size_t i = 0; i < n; i++)
			put(sh, code[i], text[i]);
	}
	free(code);
	free(text);
	return sh;
}

static const char *find(store *s, lcache *c, const char *lang, const char *kind,
                        const char *code)
{
	freshen(s, c);
	shelf *sh = NULL;
	for (int i = 0; i < c->nshelves && !sh; i++)
		if (strcmp(c->shelves[i].lang, lang) == 0 &&
		    strcmp(c->shelves[i].kind, kind) == 0)
			sh = &c->shelves[i];
	if (!sh)
		sh = load(s, c, lang, kind);
	if (!sh->cap)
		return NULL;
	for (size_t i = slot_of(code, sh->cap); sh->code[i];
	     i = (i + 1) & (sh->cap - 1))
		if (strcmp(sh->code[i], code) == 0)
			return sh->text[i];
	return NULL;
}

/* label(kind, code, stored [, lang]): 1 with the label's text in lang
 * (the calling thread's language when NULL) appended to out, copied
 * under the cache's mutex; 0 for the stored name. */
static int lookup(void *ctx, store *s, const char *kind, const char *code,
                  const char *lang, buf *out)
{
	if (!lang)
		lang = i18n_lang();
	if (!lang || strlen(lang) >= 16 || strlen(kind) >= 16)
		return 0;
	lcache *c = ctx;
	pthread_mutex_lock(&c->mu);
	const char *t = find(s, c, lang, kind, code);
	if (t)
		buf_adds(out, t);
	pthread_mutex_unlock(&c->mu);
	return t != NULL;
}

static void cache_free(void *p)
{
	lcache *c = p;
	arena_free(&c->a);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

int store_label_register(store *s, att_err *e)
{
	lcache *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->mu, NULL);
	arena_init(&c->a);
	c->data_version = -1;
	return sql_label_function(s, lookup, c, cache_free, e);
}

const char *store_label(store *s, arena *a, const char *kind, const char *code,
                        const char *lang, const char *stored)
{
	if (!kind || !code || !lang)
		return stored;
	/* FROM meta: a statement that reads a table opens a read transaction
	 * before label() runs, so the file's change counter is current */
	sql_stmt *st = sql_prep(s,
	                        "SELECT label(?1, ?2, NULL, ?3) FROM meta"
	                        " WHERE key = 'data_version'",
	                        NULL);
	if (!st)
		return stored;
	sql_bind_text(st, 1, kind);
	sql_bind_text(st, 2, code);
	sql_bind_text(st, 3, lang);
	const char *out = stored;
	if (sql_step(st) == SQL_ROW && !sql_null(st, 0))
		out = arena_strdup(a, sql_text(st, 0));
	sql_reset(st);
	return out;
}
