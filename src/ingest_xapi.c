/*
 * ingest_xapi.c - xAPI statements into results and item responses (see
 * ingest_xapi.h and docs/IMPORT.md).
 *
 * A statement counts when it has result.score.raw (or scaled and a known
 * maximum). Its actor is looked up in the actors map by, in order: mbox,
 * mbox_sha1sum, openid, account "homePage|name", account name. Its object
 * id names an item (together with one of its context parent activities as
 * the assessment), or an assessment, or else the first parent activity
 * that is an assessment (a quiz attempt's quiz). When a student has several
 * scored statements for the same target, the last one in the file wins and
 * the earlier ones are reported as superseded. Locations: LINE is the line
 * for JSON lines input and the statement's number for a JSON array.
 */
#include "ingest_xapi.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "store_ingest.h"

typedef struct actor {
	char *key, *student;
} actor;

struct xapi_actor_map {
	actor *a;
	size_t n, cap;
	int header;
	int ca, cs;
	const char *path;
	att_err *e;
};

static int actor_cb(void *ctx, const csvin_row *r)
{
	xapi_actor_map *m = ctx;
	if (csvin_check_nul(r, m->path, m->e))
		return ATT_EINPUT;
	if (!m->header) {
		m->header = 1;
		m->ca = m->cs = -1;
		for (int i = 0; i < r->nf; i++) {
			if (strcmp(r->f[i], "actor") == 0)
				m->ca = i;
			if (strcmp(r->f[i], "student") == 0)
				m->cs = i;
		}
		if (m->ca < 0 || m->cs < 0)
			return err_set_at(m->e, ATT_EINPUT, m->path, r->line, 1,
			                  "actors map needs columns "
			                  "actor,student (found '%s')",
			                  r->nf ? r->f[0] : "");
		return 0;
	}
	if (m->ca >= r->nf || m->cs >= r->nf)
		return 0;
	xgrow((void **)&m->a, &m->cap, m->n + 1, sizeof(actor));
	m->a[m->n].key = xstrdup(r->f[m->ca]);
	m->a[m->n].student = xstrdup(r->f[m->cs]);
	m->n++;
	return 0;
}

int xapi_actor_map_load(const char *path, xapi_actor_map **out, att_err *e)
{
	csvin *c = NULL;
	if (csvin_open(path, &c, e))
		return ATT_EINPUT;
	xapi_actor_map *m = xcalloc(1, sizeof(*m));
	m->path = path;
	m->e = e;
	int rc = csvin_run(c, actor_cb, m, e);
	csvin_free(c);
	if (rc) {
		xapi_actor_map_free(m);
		return ATT_EINPUT;
	}
	*out = m;
	return ATT_OK;
}

xapi_actor_map *xapi_actor_map_mem_alloc(const char *csv, size_t len)
{
	xapi_actor_map *m = xcalloc(1, sizeof(*m));
	m->path = "actors";
	csvin *c = csvin_mem_alloc(csv, len, "actors");
	csvin_run(c, actor_cb, m, NULL);
	csvin_free(c);
	return m;
}

void xapi_actor_map_free(xapi_actor_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->a[i].key);
		free(m->a[i].student);
	}
	free(m->a);
	free(m);
}

static const char *actor_student(const xapi_actor_map *m, const char *key)
{
	for (size_t i = 0; key && i < m->n; i++)
		if (strcmp(m->a[i].key, key) == 0)
			return m->a[i].student;
	return NULL;
}

/* One scored statement, reduced to what becomes a row. */
typedef struct stmt {
	long line;
	char *actor; /* the key shown in messages */
	const char *student;
	char *target; /* assessment code, or item code */
	char *parent; /* assessment code of an item, or NULL */
	char score[40];
	int superseded;
} stmt;

typedef struct xctx {
	ingest *g;
	const char *label;
	const xapi_actor_map *m;
	stmt *s;
	size_t n, cap;
	long unscored, invalid;
	int lines; /* JSON lines input */
} xctx;

static const char *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The actor's key present in the map (or the first key it has). */
static const char *actor_key(xctx *x, json_t *act, char *tmp, size_t n,
                             const char **student)
{
	const char *cand[5] = {jstr(act, "mbox"), jstr(act, "mbox_sha1sum"),
	                       jstr(act, "openid"), NULL, NULL};
	json_t *acc = json_object_get(act, "account");
	const char *hp = jstr(acc, "homePage"), *nm = jstr(acc, "name");
	if (hp && nm) {
		snprintf(tmp, n, "%s|%s", hp, nm);
		cand[3] = tmp;
	}
	cand[4] = nm;
	const char *first = NULL;
	for (int i = 0; i < 5; i++) {
		if (!cand[i])
			continue;
		if (!first)
			first = cand[i];
		const char *s = actor_student(x->m, cand[i]);
		if (s) {
			*student = s;
			return cand[i];
		}
	}
	*student = NULL;
	return first;
}

static void one(xctx *x, json_t *st, long line)
{
	ingest *g = x->g;
	if (!json_is_object(st)) {
		ingest_problem(g, x->label, line, 1,
		               "not an xAPI statement object", NULL);
		x->invalid++;
		return;
	}
	json_t *score = json_object_get(json_object_get(st, "result"), "score");
	json_t *raw = json_object_get(score, "raw");
	json_t *scaled = json_object_get(score, "scaled");
	json_t *max = json_object_get(score, "max");
	if (!json_is_number(raw) &&
	    !(json_is_number(scaled) && json_is_number(max))) {
		x->unscored++;
		return;
	}
	double v = json_is_number(raw)
	               ? json_number_value(raw)
	               : json_number_value(scaled) * json_number_value(max);
	const char *oid = jstr(json_object_get(st, "object"), "id");
	char tmp[1024];
	const char *student = NULL;
	const char *akey = actor_key(x, json_object_get(st, "actor"), tmp,
	                             sizeof(tmp), &student);
	if (!akey) {
		ingest_problem(g, x->label, line, 1, "statement has no actor",
		               NULL);
		x->invalid++;
		return;
	}
	if (!student) {
		ingest_problem(g, x->label, line, 1,
		               "actor not in the actors map", akey);
		x->invalid++;
		return;
	}
	if (!oid) {
		ingest_problem(g, x->label, line, 1,
		               "statement has no object id", NULL);
		x->invalid++;
		return;
	}
	/* Resolve the target. */
	json_t *parents =
	    json_object_get(json_object_get(json_object_get(st, "context"),
	                                    "contextActivities"),
	                    "parent");
	const char *target = NULL, *parent = NULL;
	size_t np = json_is_array(parents) ? json_array_size(parents) : 0;
	for (size_t i = 0; i < np && !target; i++) {
		const char *pid = jstr(json_array_get(parents, i), "id");
		if (!pid)
			continue;
		buf k;
		buf_init(&k);
		buf_printf(&k, "%s\x1f%s", pid, oid);
		if (ingest_lookup(g, STE_ITEM, k.data) >= 0)
			target = oid, parent = pid;
		buf_free(&k);
	}
	if (!target && ingest_lookup(g, STE_ASSESSMENT, oid) >= 0)
		target = oid;
	for (size_t i = 0; i < np && !target; i++) {
		const char *pid = jstr(json_array_get(parents, i), "id");
		if (pid && ingest_lookup(g, STE_ASSESSMENT, pid) >= 0)
			target = pid;
	}
	if (!target) {
		ingest_problem(g, x->label, line, 1,
		               "object is no known assessment or item", oid);
		x->invalid++;
		return;
	}
	xgrow((void **)&x->s, &x->cap, x->n + 1, sizeof(stmt));
	stmt *s = &x->s[x->n++];
	memset(s, 0, sizeof(*s));
	s->line = line;
	s->actor = xstrdup(akey);
	s->student = student;
	s->target = xstrdup(target);
	s->parent = parent ? xstrdup(parent) : NULL;
	snprintf(s->score, sizeof(s->score), "%.15g", v);
}

static int emit(xctx *x, int items, att_err *e)
{
	const ing_kind *k =
	    ingest_kind_find(items ? "item_responses" : "results");
	char *hdr[4];
	int nh = 0;
	for (int i = 0; i < k->ncols; i++)
		hdr[nh++] = (char *)k->cols[i].name;
	if (ingest_file_begin(x->g, x->label, k, hdr, nh, e))
		return ATT_EIO;
	for (size_t i = 0; i < x->n; i++) {
		stmt *s = &x->s[i];
		if (s->superseded || (s->parent != NULL) != items)
			continue;
		const char *vals[4];
		int cols[4] = {1, 1, 1, 1};
		if (items) {
			vals[0] = s->parent;
			vals[1] = s->target;
			vals[2] = s->student;
			vals[3] = s->score;
		} else {
			vals[0] = s->target;
			vals[1] = s->student;
			vals[2] = s->score;
		}
		ingest_set_offset(x->g, -1);
		if (ingest_row(x->g, vals, cols, s->line, (char **)vals, nh,
		               e) == ATT_EIO)
			return ATT_EIO;
	}
	return ingest_file_end(x->g, e);
}

int ingest_xapi_buffer(ingest *g, const char *label, const char *data,
                       size_t len, const xapi_actor_map *m, att_err *e)
{
	xctx x;
	memset(&x, 0, sizeof(x));
	x.g = g;
	x.label = label;
	x.m = m;
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_DECODE_ANY, &je);
	if (root) {
		if (json_is_array(root)) {
			for (size_t i = 0; i < json_array_size(root); i++)
				one(&x, json_array_get(root, i), (long)i + 1);
		} else {
			one(&x, root, 1);
		}
		json_decref(root);
	} else {
		/* JSON lines: one statement per line. */
		long line = 0;
		size_t off = 0;
		while (off < len) {
			const char *p = data + off;
			const char *nl = memchr(p, '\n', len - off);
			size_t n = nl ? (size_t)(nl - p) : len - off;
			off += n + (nl ? 1 : 0);
			line++;
			size_t sp = 0;
			while (sp < n &&
			       (p[sp] == ' ' || p[sp] == '\t' || p[sp] == '\r'))
				sp++;
			if (sp == n)
				continue;
			json_t *st = json_loadb(p, n, 0, &je);
			if (!st) {
				char what[256];
				snprintf(what, sizeof(what), "invalid JSON: %s",
				         je.text);
				ingest_problem(g, label, line,
				               je.column > 0 ? je.column : 1,
				               what, NULL);
				x.invalid++;
				continue;
			}
			one(&x, st, line);
			json_decref(st);
		}
	}
	/* The last statement per (student, target) wins. */
	long superseded = 0;
	for (size_t i = 0; i < x.n; i++)
		for (size_t j = i + 1; j < x.n; j++)
			if (strcmp(x.s[i].student, x.s[j].student) == 0 &&
			    strcmp(x.s[i].target, x.s[j].target) == 0 &&
			    (x.s[i].parent == NULL) ==
			        (x.s[j].parent == NULL) &&
			    (!x.s[i].parent ||
			     strcmp(x.s[i].parent, x.s[j].parent) == 0)) {
				x.s[i].superseded = 1;
				superseded++;
				break;
			}
	int rc = emit(&x, 0, e);
	if (!rc)
		rc = emit(&x, 1, e);
	if (x.unscored || superseded)
		ingest_count_read(g, x.unscored + superseded);
	if (x.invalid)
		ingest_count_read(g, x.invalid);
	if (x.unscored)
		ingest_note(g,
		            "%s: %ld statements without result.score skipped",
		            label, x.unscored);
	if (superseded)
		ingest_note(g,
		            "%s: %ld statements superseded by a later one for "
		            "the same student and target",
		            label, superseded);
	for (size_t i = 0; i < x.n; i++) {
		free(x.s[i].actor);
		free(x.s[i].target);
		free(x.s[i].parent);
	}
	free(x.s);
	return rc;
}

int ingest_xapi_run(ingest *g, const char *file, const char *actors, att_err *e)
{
	xapi_actor_map *m = NULL;
	if (xapi_actor_map_load(actors, &m, e))
		return ATT_EINPUT;
	size_t len = 0;
	char *data = file_read_alloc(file, &len, e);
	if (!data) {
		xapi_actor_map_free(m);
		return ATT_EINPUT;
	}
	int rc = ingest_begin(g, "xapi", file, e);
	if (!rc)
		rc = ingest_xapi_buffer(g, file, data, len, m, e);
	if (!rc) {
		char hex[17];
		snprintf(hex, sizeof(hex), "%016llx",
		         (unsigned long long)hash64(data, len, 0));
		rc = ingest_finish(g, hex, e);
	}
	free(data);
	xapi_actor_map_free(m);
	return rc;
}
