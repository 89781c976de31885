/*
 * store_label.c - the label lookup (see store_label.h): the SQL function
 * label() registered on every connection, and its cache.
 *
 * The cache belongs to the connection (the function's user data, freed
 * when the connection closes). It holds one shelf per (language, kind):
 * every label of that pair, read with one query the first time a name of
 * the pair is asked for, in an open-addressing hash table over the codes.
 * The shelves are dropped when the store's data version changes; SQLite's
 * own change counter of the file (SQLITE_FCNTL_DATA_VERSION, no query,
 * current inside the read transaction of the statement calling label())
 * says when to read the data version again, so a lookup normally costs a
 * hash probe. A mutex guards the cache for connections shared between threads.
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
	unsigned int file_version; /* SQLITE_FCNTL_DATA_VERSION last seen */
	int64_t data_version;      /* meta data_version the shelves belong to */
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

static int64_t data_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db,
	                       "SELECT value FROM meta WHERE key = "
	                       "'data_version'",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Drop the shelves when the data changed since they were read. */
static void freshen(sqlite3 *db, lcache *c)
{
	unsigned int fv = 0;
	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &fv) !=
	    SQLITE_OK) {
		drop(c);
		c->have_fv = 0;
		return;
	}
	if (c->have_fv && fv == c->file_version)
		return;
	c->have_fv = 1;
	c->file_version = fv;
	int64_t dv = data_version(db);
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
static shelf *load(sqlite3 *db, lcache *c, const char *lang, const char *kind)
{
	if (c->nshelves == MAX_SHELVES)
		drop(c);
	shelf *sh = &c->shelves[c->nshelves++];
	memset(sh, 0, sizeof(*sh));
	snprintf(sh->lang, sizeof(sh->lang), "%s", lang);
	snprintf(sh->kind, sizeof(sh->kind), "%s", kind);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db,
	                       "SELECT code, text FROM label"
	                       " WHERE lang = ?1 AND kind = ?2",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return sh;
	}
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	size_t n = 0, cap = 0;
	const char **code = NULL, **text = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			code = xrealloc(code, cap * sizeof(*code));
			text = xrealloc(text, cap * sizeof(*text));
		}
		code[n] = arena_strdup(&c->a, st_text(st, 0));
		text[n] = arena_strdup(&c->a, st_text(st, 1));
		n++;
	}
	sqlite3_finalize(st);
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

static const char *find(sqlite3 *db, lcache *c, const char *lang,
                        const char *kind, const char *code)
{
	freshen(db, c);
	shelf *sh = NULL;
	for (int i = 0; i < c->nshelves && !sh; i++)
		if (strcmp(c->shelves[i].lang, lang) == 0 &&
		    strcmp(c->shelves[i].kind, kind) == 0)
			sh = &c->shelves[i];
	if (!sh)
		sh = load(db, c, lang, kind);
	if (!sh->cap)
		return NULL;
	for (size_t i = slot_of(code, sh->cap); sh->code[i];
	     i = (i + 1) & (sh->cap - 1))
		if (strcmp(sh->code[i], code) == 0)
			return sh->text[i];
	return NULL;
}

/* label(kind, code, stored [, lang]) */
static void label_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	if (argc < 3 || argc > 4) {
		sqlite3_result_error(ctx,
		                     "label() takes kind, code, stored"
		                     " and optionally lang",
		                     -1);
		return;
	}
	const char *kind = (const char *)sqlite3_value_text(argv[0]);
	const char *code = (const char *)sqlite3_value_text(argv[1]);
	const char *lang =
	    argc == 4 ? (const char *)sqlite3_value_text(argv[3]) : i18n_lang();
	if (!kind || !code || !lang || strlen(lang) >= 16 ||
	    strlen(kind) >= 16) {
		sqlite3_result_value(ctx, argv[2]);
		return;
	}
	lcache *c = sqlite3_user_data(ctx);
	pthread_mutex_lock(&c->mu);
	const char *t =
	    find(sqlite3_context_db_handle(ctx), c, lang, kind, code);
	if (t)
		sqlite3_result_text(ctx, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_value(ctx, argv[2]);
	pthread_mutex_unlock(&c->mu);
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
	if (sqlite3_create_function_v2(s->db, "label", -1, SQLITE_UTF8, c,
	                               label_fn, NULL, NULL,
	                               cache_free) != SQLITE_OK)
		return st_fail(s, e, "cannot register label()");
	return ATT_OK;
}

const char *store_label(store *s, arena *a, const char *kind, const char *code,
                        const char *lang, const char *stored)
{
	if (!kind || !code || !lang)
		return stored;
	/* FROM meta: a statement that reads a table opens a read transaction
	 * before label() runs, so the file's change counter is current */
	sqlite3_stmt *st = st_prep(s,
	                           "SELECT label(?1, ?2, NULL, ?3) FROM meta"
	                           " WHERE key = 'data_version'",
	                           NULL);
	if (!st)
		return stored;
	st_bind_text(st, 1, kind);
	st_bind_text(st, 2, code);
	st_bind_text(st, 3, lang);
	const char *out = stored;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = arena_strdup(a, st_text(st, 0));
	sqlite3_reset(st);
	return out;
}
