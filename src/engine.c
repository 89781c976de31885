/*
 * engine.c - builds the columnar snapshot described in engine.h from the
 * store's streamed rows, and the small lookups over it.
 *
 * Load order: the dictionaries (org tree, calendar, subjects, standards,
 * students, staff, classes, assessments, items) first on the caller's
 * connection; then a second thread on a second connection reads item
 * responses and attendance while the first reads results and the rest.
 * Large arrays grow by doubling (glibc moves big blocks with mremap, so
 * growing costs no copy).
 */
#include "engine.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attendance.h"
#include "store_engine.h"

/* ---- dictionaries ---- */

typedef struct dict_b {
	eng_dict *d;
	size_t cap;
} dict_b;

static void dict_push(dict_b *b, arena *pool, int64_t id, const char *code)
{
	eng_dict *d = b->d;
	if ((size_t)d->n + 1 > b->cap) {
		size_t c = b->cap;
		xgrow((void **)&d->id, &c, (size_t)d->n + 1, sizeof(int64_t));
		c = b->cap;
		xgrow((void **)&d->code, &c, (size_t)d->n + 1, sizeof(char *));
		b->cap = c;
	}
	d->id[d->n] = id;
	d->code[d->n] = arena_strdup(pool, code ? code : "");
	if (id > d->max_id)
		d->max_id = id;
	d->n++;
}

static void dict_finish(eng_dict *d)
{
	if (d->n == 0)
		d->max_id = -1;
	/* Direct map when rowids are reasonably dense. */
	if (d->max_id < (int64_t)d->n * 16 + 4096) {
		d->of_id =
		    xmalloc(sizeof(int32_t) *
		            (size_t)(d->max_id + 1 > 0 ? d->max_id + 1 : 1));
		for (int64_t i = 0; i <= d->max_id; i++)
			d->of_id[i] = -1;
		for (int32_t i = 0; i < d->n; i++)
			d->of_id[d->id[i]] = i;
	}
}

int32_t eng_index_search(const eng_dict *d, int64_t id)
{
	int32_t lo = 0, hi = d->n - 1;
	while (lo <= hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (d->id[mid] == id)
			return mid;
		if (d->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void dict_free(eng_dict *d)
{
	free(d->id);
	free(d->code);
	free(d->of_id);
}

/* ---- string labels ---- */

static int16_t label_of(eng_labels *l, arena *pool, const char *s)
{
	if (!s || !*s)
		return -1;
	for (int32_t i = 0; i < l->n; i++)
		if (strcmp(l->label[i], s) == 0)
			return (int16_t)i;
	if (l->n >= 32000)
		return -1;
	l->label = xrealloc(l->label, sizeof(char *) * (size_t)(l->n + 1));
	l->label[l->n] = arena_strdup(pool, s);
	return (int16_t)l->n++;
}

static int32_t day_of(const char *s)
{
	if (!s)
		return -1;
	long d = date_parse(s);
	return d < 0 ? -1 : (int32_t)d;
}

/* A loader: the engine under construction plus growth capacities. */
typedef struct loader {
	engine *g;
	arena *pool;
	dict_b b;
	size_t cap;
	int32_t n;
	int32_t *tmp; /* scratch */
	void *aux;
	att_err *e;
} loader;

/* Reserve per-row arrays of the small tables by counting first. */
#define ALLOC_N(ptr, n)                                                        \
	((ptr) = xcalloc((size_t)(n) > 0 ? (size_t)(n) : 1, sizeof(*(ptr))))

/* ---- org tree ---- */

static int cb_level(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	if (r->i[0] < 0 || r->i[0] > 60)
		return 0;
	if (r->i[0] >= g->nlevels) {
		g->level_name = xrealloc(
		    g->level_name, sizeof(char *) * (size_t)(r->i[0] + 1));
		for (int d = g->nlevels; d <= r->i[0]; d++)
			g->level_name[d] = "";
		g->nlevels = (int)r->i[0] + 1;
	}
	g->level_name[r->i[0]] = arena_strdup(L->pool, r->s[1]);
	return 0;
}

typedef struct org_tmp {
	int64_t *parent_id;
	const char **level;
	int8_t *is_school;
} org_tmp;

static int cb_org(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	org_tmp *t = L->aux;
	int32_t i = g->org.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->org_name[i] = arena_strdup(L->pool, r->s[2] ? r->s[2] : "");
	t->parent_id[i] = r->i[3];
	t->level[i] = arena_strdup(L->pool, r->s[4] ? r->s[4] : "");
	t->is_school[i] = (int8_t)(r->i[5] == 1);
	return 0;
}

static int load_orgs(store *s, loader *L)
{
	engine *g = L->g;
	if (store_engine_scan(s, SE_ORG_LEVEL, cb_level, L, L->e))
		return ATT_EIO;
	int64_t n = store_engine_count(s, SE_ORG);
	if (n < 0)
		return err_set(L->e, ATT_EIO, "cannot count orgs");
	ALLOC_N(g->org_name, n);
	org_tmp t;
	ALLOC_N(t.parent_id, n);
	ALLOC_N(t.level, n);
	ALLOC_N(t.is_school, n);
	L->b = (dict_b){&g->org, 0};
	L->aux = &t;
	int rc = store_engine_scan(s, SE_ORG, cb_org, L, L->e);
	L->aux = NULL;
	if (rc)
		goto out;
	dict_finish(&g->org);
	n = g->org.n;
	ALLOC_N(g->org_parent, n);
	ALLOC_N(g->org_depth, n);
	ALLOC_N(g->org_level, n);
	ALLOC_N(g->org_school, n);
	for (int32_t i = 0; i < n; i++) {
		g->org_parent[i] = eng_index(&g->org, t.parent_id[i]);
		g->org_level[i] = -1;
		for (int d = 0; d < g->nlevels; d++)
			if (strcmp(g->level_name[d], t.level[i]) == 0)
				g->org_level[i] = (int8_t)d;
		g->org_school[i] = -1;
	}
	/* Depth by walking to the root (bounded to catch cycles). */
	for (int32_t i = 0; i < n; i++) {
		int depth = 0;
		for (int32_t p = g->org_parent[i]; p >= 0 && depth < 64;
		     p = g->org_parent[p])
			depth++;
		if (depth >= 64) {
			rc = err_set(L->e, ATT_EINPUT, "org '%s' is in a cycle",
			             g->org.code[i]);
			goto out;
		}
		g->org_depth[i] = (int8_t)depth;
	}
	g->school_level = -1;
	for (int32_t i = 0; i < n; i++)
		if (t.is_school[i])
			g->nschool++;
	ALLOC_N(g->school_org, g->nschool);
	int nl = g->nlevels > 0 ? g->nlevels : 1;
	if (g->nlevels == 0) {
		g->nlevels = 1;
		g->level_name = xcalloc(1, sizeof(char *));
		g->level_name[0] = "school";
	}
	g->school_anc =
	    xmalloc(sizeof(int32_t) *
	            (size_t)(g->nschool > 0 ? g->nschool : 1) * (size_t)nl);
	int32_t k = 0;
	for (int32_t i = 0; i < n; i++) {
		if (!t.is_school[i])
			continue;
		g->school_org[k] = i;
		g->org_school[i] = k;
		if (g->org_level[i] > g->school_level)
			g->school_level = g->org_level[i];
		int32_t *anc = &g->school_anc[(size_t)k * nl];
		for (int d = 0; d < nl; d++)
			anc[d] = -1;
		for (int32_t p = i; p >= 0; p = g->org_parent[p])
			if (g->org_level[p] >= 0 && g->org_level[p] < nl)
				anc[g->org_level[p]] = p;
		k++;
	}
out:
	free(t.parent_id);
	free(t.level);
	free(t.is_school);
	return rc;
}

/* ---- calendar, subjects, standards ---- */

static int cb_year(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->year.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->year_start[i] = day_of(r->s[2]);
	g->year_end[i] = day_of(r->s[3]);
	return 0;
}

static int cb_term(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->term.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->term_year[i] = eng_index(&g->year, r->i[2]);
	g->term_seq[i] = (int16_t)r->i[3];
	g->term_is_window[i] =
	    (int8_t)(r->s[4] && strcmp(r->s[4], "window") == 0);
	g->term_start[i] = day_of(r->s[5]);
	g->term_end[i] = day_of(r->s[6]);
	return 0;
}

static int cb_subject(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->subject.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->subject_name[i] = arena_strdup(L->pool, r->s[2] ? r->s[2] : "");
	g->subject_core[i] = (int8_t)(r->i[3] == 1);
	return 0;
}

static int cb_standard(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->standard.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->standard_subject[i] = eng_index(&g->subject, r->i[2]);
	g->standard_grade[i] = (int16_t)(r->isnull[3] ? -1 : r->i[3]);
	L->tmp[i] =
	    (int32_t)(r->i[4] > INT32_MAX ? -1 : r->i[4]); /* parent id */
	g->standard_desc[i] = arena_strdup(L->pool, r->s[5] ? r->s[5] : "");
	return 0;
}

/* Allocate a small table's columns by its count, then scan it into a dict. */
static int64_t count_of(store *s, se_table t, loader *L)
{
	int64_t n = store_engine_count(s, t);
	if (n < 0)
		err_set(L->e, ATT_EIO, "cannot count rows");
	return n;
}

static int load_calendar(store *s, loader *L)
{
	engine *g = L->g;
	int64_t n = count_of(s, SE_YEAR, L);
	if (n < 0)
		return ATT_EIO;
	ALLOC_N(g->year_start, n);
	ALLOC_N(g->year_end, n);
	L->b = (dict_b){&g->year, 0};
	if (store_engine_scan(s, SE_YEAR, cb_year, L, L->e))
		return ATT_EIO;
	dict_finish(&g->year);
	if ((n = count_of(s, SE_TERM, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->term_year, n);
	ALLOC_N(g->term_seq, n);
	ALLOC_N(g->term_is_window, n);
	ALLOC_N(g->term_start, n);
	ALLOC_N(g->term_end, n);
	L->b = (dict_b){&g->term, 0};
	if (store_engine_scan(s, SE_TERM, cb_term, L, L->e))
		return ATT_EIO;
	dict_finish(&g->term);
	if ((n = count_of(s, SE_SUBJECT, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->subject_name, n);
	ALLOC_N(g->subject_core, n);
	L->b = (dict_b){&g->subject, 0};
	if (store_engine_scan(s, SE_SUBJECT, cb_subject, L, L->e))
		return ATT_EIO;
	dict_finish(&g->subject);
	if ((n = count_of(s, SE_STANDARD, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->standard_subject, n);
	ALLOC_N(g->standard_grade, n);
	ALLOC_N(g->standard_parent, n);
	ALLOC_N(g->standard_desc, n);
	ALLOC_N(L->tmp, n);
	L->b = (dict_b){&g->standard, 0};
	int rc = store_engine_scan(s, SE_STANDARD, cb_standard, L, L->e);
	if (!rc) {
		dict_finish(&g->standard);
		for (int32_t i = 0; i < g->standard.n; i++)
			g->standard_parent[i] =
			    eng_index(&g->standard, L->tmp[i]);
	}
	free(L->tmp);
	L->tmp = NULL;
	return rc;
}

/* ---- students and staff ---- */

static int cb_student(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->student.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	const char *gd = r->s[2];
	g->st_gender[i] = !gd                    ? ENG_GENDER_UNKNOWN
	                  : strcmp(gd, "F") == 0 ? ENG_GENDER_F
	                  : strcmp(gd, "M") == 0 ? ENG_GENDER_M
	                  : strcmp(gd, "X") == 0 ? ENG_GENDER_X
	                                         : ENG_GENDER_UNKNOWN;
	g->st_birth[i] = day_of(r->s[3]);
	g->st_ses[i] = (int8_t)(r->isnull[4] ? -1 : r->i[4] != 0);
	g->st_sen[i] = (int8_t)(r->isnull[5] ? -1 : r->i[5] != 0);
	g->st_lang[i] = label_of(&g->home_language, L->pool, r->s[6]);
	g->st_social[i] = label_of(&g->social_category, L->pool, r->s[7]);
	g->st_active[i] = (int8_t)(r->i[8] != 0);
	return 0;
}

static int cb_staff(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->staff.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->staff_org[i] = eng_index(&g->org, r->i[2]);
	return 0;
}

static int load_people(store *s, loader *L)
{
	engine *g = L->g;
	int64_t n = count_of(s, SE_STUDENT, L);
	if (n < 0)
		return ATT_EIO;
	ALLOC_N(g->st_gender, n);
	ALLOC_N(g->st_birth, n);
	ALLOC_N(g->st_ses, n);
	ALLOC_N(g->st_sen, n);
	ALLOC_N(g->st_lang, n);
	ALLOC_N(g->st_social, n);
	ALLOC_N(g->st_active, n);
	g->student.id = xmalloc(sizeof(int64_t) * (size_t)(n + 1));
	g->student.code = xmalloc(sizeof(char *) * (size_t)(n + 1));
	L->b = (dict_b){&g->student, (size_t)n + 1};
	if (store_engine_scan(s, SE_STUDENT, cb_student, L, L->e))
		return ATT_EIO;
	dict_finish(&g->student);
	if ((n = count_of(s, SE_STAFF, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->staff_org, n);
	L->b = (dict_b){&g->staff, 0};
	if (store_engine_scan(s, SE_STAFF, cb_staff, L, L->e))
		return ATT_EIO;
	dict_finish(&g->staff);
	return ATT_OK;
}

/* ---- classes, teachers, enrolments, placements ---- */

static int cb_class(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->cls.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->cls_org[i] = eng_index(&g->org, r->i[2]);
	g->cls_school[i] =
	    g->cls_org[i] >= 0 ? g->org_school[g->cls_org[i]] : -1;
	g->cls_year[i] = eng_index(&g->year, r->i[3]);
	g->cls_grade[i] = (int16_t)(r->isnull[4] ? -1 : r->i[4]);
	g->cls_subject[i] = eng_index(&g->subject, r->i[5]);
	g->cls_lead[i] = -1;
	return 0;
}

static int cb_teach(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t c = eng_index(&g->cls, r->i[0]);
	int32_t st = eng_index(&g->staff, r->i[1]);
	if (c < 0 || st < 0)
		return 0;
	int32_t k = g->nteach++;
	g->teach_class[k] = c;
	g->teach_staff[k] = st;
	g->teach_lead[k] = (int8_t)(r->s[2] && strcmp(r->s[2], "lead") == 0);
	if (g->teach_lead[k] && g->cls_lead[c] < 0)
		g->cls_lead[c] = st;
	return 0;
}

static int cb_enrol(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t c = eng_index(&g->cls, r->i[0]);
	int32_t st = eng_index(&g->student, r->i[1]);
	if (c < 0 || st < 0)
		return 0;
	int32_t k = g->nenrol++;
	g->en_student[k] = st;
	L->tmp[k] = c;
	g->en_off[c + 1]++;
	return 0;
}

static int cb_place(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t st = eng_index(&g->student, r->i[0]);
	int32_t y = eng_index(&g->year, r->i[1]);
	int32_t o = eng_index(&g->org, r->i[2]);
	if (st < 0 || y < 0 || o < 0)
		return 0;
	int32_t k = g->npl++;
	g->pl_year[k] = y;
	g->pl_org[k] = o;
	g->pl_school[k] = g->org_school[o];
	g->pl_grade[k] = (int16_t)r->i[3];
	g->pl_off[st + 1]++;
	return 0;
}

static int year_cmp_ctx_start(const engine *g, int32_t a, int32_t b)
{
	return g->year_start[a] < g->year_start[b]
	           ? -1
	           : g->year_start[a] > g->year_start[b];
}

static int load_classes(store *s, loader *L)
{
	engine *g = L->g;
	int64_t n = count_of(s, SE_CLASS, L);
	if (n < 0)
		return ATT_EIO;
	ALLOC_N(g->cls_org, n);
	ALLOC_N(g->cls_school, n);
	ALLOC_N(g->cls_year, n);
	ALLOC_N(g->cls_grade, n);
	ALLOC_N(g->cls_subject, n);
	ALLOC_N(g->cls_lead, n);
	L->b = (dict_b){&g->cls, 0};
	if (store_engine_scan(s, SE_CLASS, cb_class, L, L->e))
		return ATT_EIO;
	dict_finish(&g->cls);
	if ((n = count_of(s, SE_TEACHER_OF, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->teach_class, n);
	ALLOC_N(g->teach_staff, n);
	ALLOC_N(g->teach_lead, n);
	if (store_engine_scan(s, SE_TEACHER_OF, cb_teach, L, L->e))
		return ATT_EIO;
	/* Enrolments: by class (the scan order), then a CSR by student. */
	if ((n = count_of(s, SE_ENROLMENT, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->en_student, n);
	ALLOC_N(L->tmp, n);
	g->en_off = xcalloc((size_t)g->cls.n + 1, sizeof(int32_t));
	int rc = store_engine_scan(s, SE_ENROLMENT, cb_enrol, L, L->e);
	if (rc) {
		free(L->tmp);
		L->tmp = NULL;
		return rc;
	}
	for (int32_t c = 0; c < g->cls.n; c++)
		g->en_off[c + 1] += g->en_off[c];
	g->ens_off = xcalloc((size_t)g->student.n + 1, sizeof(int32_t));
	ALLOC_N(g->ens_class, g->nenrol);
	for (int32_t k = 0; k < g->nenrol; k++)
		g->ens_off[g->en_student[k] + 1]++;
	for (int32_t i = 0; i < g->student.n; i++)
		g->ens_off[i + 1] += g->ens_off[i];
	int32_t *fill = xmalloc(sizeof(int32_t) * ((size_t)g->student.n + 1));
	memcpy(fill, g->ens_off, sizeof(int32_t) * ((size_t)g->student.n + 1));
	for (int32_t k = 0; k < g->nenrol; k++) /* class order -> ascending */
		g->ens_class[fill[g->en_student[k]]++] = L->tmp[k];
	free(fill);
	free(L->tmp);
	L->tmp = NULL;

	/* Placements, by student then year id; re-sorted by year start. */
	if ((n = count_of(s, SE_PLACEMENT, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->pl_year, n);
	ALLOC_N(g->pl_org, n);
	ALLOC_N(g->pl_school, n);
	ALLOC_N(g->pl_grade, n);
	g->pl_off = xcalloc((size_t)g->student.n + 1, sizeof(int32_t));
	if (store_engine_scan(s, SE_PLACEMENT, cb_place, L, L->e))
		return ATT_EIO;
	for (int32_t i = 0; i < g->student.n; i++)
		g->pl_off[i + 1] += g->pl_off[i];
	for (int32_t i = 0; i < g->student.n; i++) {
		/* insertion sort: a student has a handful of years */
		for (int32_t a = g->pl_off[i] + 1; a < g->pl_off[i + 1]; a++)
			for (int32_t b = a;
			     b > g->pl_off[i] &&
			     year_cmp_ctx_start(g, g->pl_year[b - 1],
			                        g->pl_year[b]) > 0;
			     b--) {
				int32_t ty = g->pl_year[b], to = g->pl_org[b],
				        ts = g->pl_school[b];
				int16_t tg = g->pl_grade[b];
				g->pl_year[b] = g->pl_year[b - 1];
				g->pl_org[b] = g->pl_org[b - 1];
				g->pl_school[b] = g->pl_school[b - 1];
				g->pl_grade[b] = g->pl_grade[b - 1];
				g->pl_year[b - 1] = ty;
				g->pl_org[b - 1] = to;
				g->pl_school[b - 1] = ts;
				g->pl_grade[b - 1] = tg;
			}
	}
	return ATT_OK;
}

/* ---- assessments, cut scores, items ---- */

static int kind_of(const char *k)
{
	if (!k)
		return ENG_KIND_SUMMATIVE;
	if (strcmp(k, "baseline") == 0)
		return ENG_KIND_BASELINE;
	if (strcmp(k, "formative") == 0)
		return ENG_KIND_FORMATIVE;
	if (strcmp(k, "diagnostic") == 0)
		return ENG_KIND_DIAGNOSTIC;
	return ENG_KIND_SUMMATIVE;
}

static int cb_ass(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->ass.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->ass_name[i] = arena_strdup(L->pool, r->s[2] ? r->s[2] : "");
	g->ass_subject[i] = eng_index(&g->subject, r->i[3]);
	g->ass_year[i] = eng_index(&g->year, r->i[4]);
	g->ass_term[i] = eng_index(&g->term, r->i[5]);
	g->ass_grade[i] = (int16_t)(r->isnull[6] ? -1 : r->i[6]);
	g->ass_kind[i] = (int8_t)kind_of(r->s[7]);
	g->ass_date[i] = day_of(r->s[8]);
	g->ass_max[i] = r->d[9];
	g->ass_class[i] = eng_index(&g->cls, r->i[10]);
	return 0;
}

static int cb_cut(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t a = eng_index(&g->ass, r->i[0]);
	if (a < 0)
		return 0;
	int32_t k = L->n++;
	L->tmp[k] = a;
	g->cut_band[k] = arena_strdup(L->pool, r->s[2] ? r->s[2] : "");
	g->cut_min[k] = r->d[3];
	g->cut_off[a + 1]++;
	return 0;
}

static int cb_item(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->item.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->item_ass[i] = eng_index(&g->ass, r->i[2]);
	g->item_seq[i] = (int16_t)r->i[3];
	g->item_max[i] = r->d[4];
	g->item_standard[i] = eng_index(&g->standard, r->i[5]);
	g->item_dok[i] = (int8_t)(r->isnull[6] ? -1 : r->i[6]);
	return 0;
}

static int load_assessments(store *s, loader *L)
{
	engine *g = L->g;
	int64_t n = count_of(s, SE_ASSESSMENT, L);
	if (n < 0)
		return ATT_EIO;
	ALLOC_N(g->ass_name, n);
	ALLOC_N(g->ass_subject, n);
	ALLOC_N(g->ass_year, n);
	ALLOC_N(g->ass_term, n);
	ALLOC_N(g->ass_grade, n);
	ALLOC_N(g->ass_kind, n);
	ALLOC_N(g->ass_date, n);
	ALLOC_N(g->ass_max, n);
	ALLOC_N(g->ass_class, n);
	L->b = (dict_b){&g->ass, 0};
	if (store_engine_scan(s, SE_ASSESSMENT, cb_ass, L, L->e))
		return ATT_EIO;
	dict_finish(&g->ass);
	if ((n = count_of(s, SE_CUT_SCORE, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->cut_min, n);
	ALLOC_N(g->cut_band, n);
	ALLOC_N(L->tmp, n);
	g->cut_off = xcalloc((size_t)g->ass.n + 1, sizeof(int32_t));
	L->n = 0;
	int rc = store_engine_scan(s, SE_CUT_SCORE, cb_cut, L, L->e);
	free(L->tmp);
	L->tmp = NULL;
	if (rc)
		return rc;
	for (int32_t a = 0; a < g->ass.n; a++)
		g->cut_off[a + 1] += g->cut_off[a];
	ALLOC_N(g->ass_prof_cut, g->ass.n);
	for (int32_t a = 0; a < g->ass.n; a++) {
		int nb = g->cut_off[a + 1] - g->cut_off[a];
		g->ass_prof_cut[a] = NAN;
		if (nb == 0)
			continue;
		int pick = nb / 2;
		for (int b = 0; b < nb; b++)
			if (strcasecmp(g->cut_band[g->cut_off[a] + b],
			               "proficient") == 0)
				pick = b;
		g->ass_prof_cut[a] = g->cut_min[g->cut_off[a] + pick];
	}
	if ((n = count_of(s, SE_ITEM, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->item_ass, n);
	ALLOC_N(g->item_seq, n);
	ALLOC_N(g->item_max, n);
	ALLOC_N(g->item_standard, n);
	ALLOC_N(g->item_dok, n);
	L->b = (dict_b){&g->item, 0};
	if (store_engine_scan(s, SE_ITEM, cb_item, L, L->e))
		return ATT_EIO;
	dict_finish(&g->item);
	g->items_off = xcalloc((size_t)g->ass.n + 1, sizeof(int32_t));
	ALLOC_N(g->items_idx, g->item.n);
	for (int32_t i = 0; i < g->item.n; i++)
		if (g->item_ass[i] >= 0)
			g->items_off[g->item_ass[i] + 1]++;
	for (int32_t a = 0; a < g->ass.n; a++)
		g->items_off[a + 1] += g->items_off[a];
	/* Place each item in its assessment's segment (index order), then
	 * order each segment by seq (insertion sort: a test has few items). */
	int32_t *fill = xmalloc(sizeof(int32_t) * ((size_t)g->ass.n + 1));
	memcpy(fill, g->items_off, sizeof(int32_t) * ((size_t)g->ass.n + 1));
	for (int32_t i = 0; i < g->item.n; i++)
		if (g->item_ass[i] >= 0)
			g->items_idx[fill[g->item_ass[i]]++] = i;
	free(fill);
	for (int32_t a = 0; a < g->ass.n; a++)
		for (int32_t x = g->items_off[a] + 1; x < g->items_off[a + 1];
		     x++)
			for (int32_t y = x; y > g->items_off[a] &&
			                    g->item_seq[g->items_idx[y - 1]] >
			                        g->item_seq[g->items_idx[y]];
			     y--) {
				int32_t t = g->items_idx[y];
				g->items_idx[y] = g->items_idx[y - 1];
				g->items_idx[y - 1] = t;
			}
	return ATT_OK;
}

/* ---- results and item responses (batched) ---- */

typedef struct big {
	engine *g;
	size_t cap;
	int64_t n;
	int64_t *off; /* per group count, later offsets */
	int32_t *student;
	double *score; /* results */
	float *points; /* item responses */
	const eng_dict *groups;
	int32_t last; /* group of the previous row */
	int32_t *grp; /* each row's group, once rows leave group order */
} big;

/*
 * Rows have so far come in group order; the next one does not (results
 * are stored student by student). Record every row's group from here on,
 * starting with the rows read so far: they are the groups in order, each
 * as many times as counted.
 */
static void big_unsorted(big *B)
{
	B->grp = xmalloc(B->cap * sizeof(int32_t));
	int64_t r = 0;
	for (int32_t gi = 0; gi < B->groups->n && r < B->n; gi++)
		for (int64_t k = 0; k < B->off[gi + 1]; k++)
			B->grp[r++] = gi;
}

static void big_add(big *B, int n, const int64_t *a, const int64_t *st,
                    const double *v)
{
	engine *g = B->g;
	for (int k = 0; k < n; k++) {
		int32_t gi = eng_index(B->groups, a[k]);
		int32_t si = eng_index(&g->student, st[k]);
		if (gi < 0 || si < 0)
			continue;
		if (!B->grp && gi < B->last)
			big_unsorted(B);
		if (B->grp)
			B->grp[B->n] = gi;
		B->last = gi;
		B->student[B->n] = si;
		if (B->score)
			B->score[B->n] = v[k];
		else
			B->points[B->n] = (float)v[k];
		B->off[gi + 1]++;
		B->n++;
	}
}

/* Grow both columns together: student and value arrays share B->cap. */
static int cb_big(void *ctx, int n, const int64_t *a, const int64_t *st,
                  const double *v)
{
	big *B = ctx;
	if ((size_t)(B->n + n) > B->cap) {
		size_t c = B->cap ? B->cap * 2 : (size_t)1 << 16;
		while (c < (size_t)(B->n + n))
			c *= 2;
		B->student = xrealloc(B->student, c * sizeof(int32_t));
		if (B->grp)
			B->grp = xrealloc(B->grp, c * sizeof(int32_t));
		if (B->score)
			B->score = xrealloc(B->score, c * sizeof(double));
		else
			B->points = xrealloc(B->points, c * sizeof(float));
		B->cap = c;
	}
	big_add(B, n, a, st, v);
	return 0;
}

/*
 * Put rows read out of group order into group order: a stable counting
 * sort on the group (the offsets are already known), so that within a
 * group the rows keep the store's student order.
 */
static void big_group(big *B)
{
	size_t n = (size_t)(B->n > 0 ? B->n : 1);
	int64_t *fill = xmalloc(sizeof(int64_t) * ((size_t)B->groups->n + 1));
	memcpy(fill, B->off, sizeof(int64_t) * ((size_t)B->groups->n + 1));
	int32_t *st = xmalloc(n * sizeof(int32_t));
	double *sc = B->score ? xmalloc(n * sizeof(double)) : NULL;
	float *pt = B->score ? NULL : xmalloc(n * sizeof(float));
	for (int64_t r = 0; r < B->n; r++) {
		int64_t to = fill[B->grp[r]]++;
		st[to] = B->student[r];
		if (sc)
			sc[to] = B->score[r];
		else
			pt[to] = B->points[r];
	}
	free(fill);
	free(B->grp);
	free(B->student);
	free(B->score);
	free(B->points);
	B->grp = NULL;
	B->student = st;
	B->score = sc;
	B->points = pt;
}

static int load_big(store *s, engine *g, int results, att_err *e)
{
	big B = {.g = g};
	B.groups = results ? &g->ass : &g->item;
	int32_t ng = B.groups->n;
	B.off = xcalloc((size_t)ng + 1, sizeof(int64_t));
	B.cap = 1 << 16;
	B.student = xmalloc(B.cap * sizeof(int32_t));
	if (results)
		B.score = xmalloc(B.cap * sizeof(double));
	else
		B.points = xmalloc(B.cap * sizeof(float));
	int rc = results ? store_engine_results(s, cb_big, &B, e)
	                 : store_engine_item_responses(s, cb_big, &B, e);
	for (int32_t i = 0; i < ng; i++)
		B.off[i + 1] += B.off[i];
	if (B.grp)
		big_group(&B);
	if (results) {
		g->nres = B.n;
		g->res_off = B.off;
		g->res_student = B.student;
		g->res_score = B.score;
	} else {
		g->nir = B.n;
		g->ir_off = B.off;
		g->ir_student = B.student;
		g->ir_points = B.points;
	}
	return rc;
}

static void build_result_index(engine *g)
{
	int32_t ns = g->student.n;
	g->rs_off = xcalloc((size_t)ns + 1, sizeof(int64_t));
	for (int64_t r = 0; r < g->nres; r++)
		g->rs_off[g->res_student[r] + 1]++;
	for (int32_t i = 0; i < ns; i++)
		g->rs_off[i + 1] += g->rs_off[i];
	g->rs_row =
	    xmalloc(sizeof(int64_t) * (size_t)(g->nres > 0 ? g->nres : 1));
	int64_t *fill = xmalloc(sizeof(int64_t) * ((size_t)ns + 1));
	memcpy(fill, g->rs_off, sizeof(int64_t) * ((size_t)ns + 1));
	for (int64_t r = 0; r < g->nres; r++)
		g->rs_row[fill[g->res_student[r]]++] = r;
	free(fill);
	g->res_ass =
	    xmalloc(sizeof(int32_t) * (size_t)(g->nres > 0 ? g->nres : 1));
	for (int32_t a = 0; a < g->ass.n; a++)
		for (int64_t r = g->res_off[a]; r < g->res_off[a + 1]; r++)
			g->res_ass[r] = a;
}

/* ---- attendance ---- */

typedef struct attl {
	engine *g;
	size_t cap, mcap, mlen;
} attl;

static int cb_att(void *ctx, int64_t sid, int64_t yid, const uint8_t *m,
                  int len)
{
	attl *A = ctx;
	engine *g = A->g;
	int32_t st = eng_index(&g->student, sid), y = eng_index(&g->year, yid);
	if (st < 0 || y < 0)
		return 0;
	int32_t k = g->natt;
	if ((size_t)k + 1 > A->cap) {
		size_t c = A->cap ? A->cap * 2 : 4096;
		g->att_student = xrealloc(g->att_student, c * sizeof(int32_t));
		g->att_year = xrealloc(g->att_year, c * sizeof(int32_t));
		g->att_possible =
		    xrealloc(g->att_possible, c * sizeof(int16_t));
		g->att_present = xrealloc(g->att_present, c * sizeof(int16_t));
		g->att_absent = xrealloc(g->att_absent, c * sizeof(int16_t));
		g->att_excused = xrealloc(g->att_excused, c * sizeof(int16_t));
		g->att_late = xrealloc(g->att_late, c * sizeof(int16_t));
		g->att_marks_off =
		    xrealloc(g->att_marks_off, (c + 1) * sizeof(int64_t));
		A->cap = c;
	}
	if (A->mlen + (size_t)len > A->mcap) {
		size_t c = A->mcap ? A->mcap * 2 : 65536;
		while (c < A->mlen + (size_t)len)
			c *= 2;
		g->att_marks = xrealloc(g->att_marks, c);
		A->mcap = c;
	}
	attendance_tally t;
	attendance_count(m, (size_t)len, &t);
	g->att_student[k] = st;
	g->att_year[k] = y;
	g->att_possible[k] = (int16_t)t.possible;
	g->att_present[k] = (int16_t)t.present;
	g->att_absent[k] = (int16_t)t.absent;
	g->att_excused[k] = (int16_t)t.excused;
	g->att_late[k] = (int16_t)t.late;
	g->att_marks_off[k] = (int64_t)A->mlen;
	if (len > 0)
		memcpy(g->att_marks + A->mlen, m, (size_t)len);
	A->mlen += (size_t)len;
	g->att_marks_off[k + 1] = (int64_t)A->mlen;
	g->natt++;
	return 0;
}

static int load_attendance(store *s, engine *g, att_err *e)
{
	attl A = {.g = g};
	g->att_marks_off = xcalloc(1, sizeof(int64_t));
	return store_engine_attendance(s, cb_att, &A, e);
}

/* ---- behaviour, attitude, interventions, goals, profiles ---- */

static int cb_beh(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t st = eng_index(&g->student, r->i[1]);
	if (st < 0)
		return 0;
	int32_t k = g->nbeh++;
	g->beh_date[k] = day_of(r->s[2]);
	g->beh_positive[k] =
	    (int8_t)(r->s[3] && strcmp(r->s[3], "positive") == 0);
	g->beh_category[k] = label_of(&g->beh_categories, L->pool, r->s[4]);
	g->beh_points[k] = (int32_t)r->i[5];
	g->beh_serious[k] = (int8_t)(r->i[6] == 1);
	g->beh_staff[k] = eng_index(&g->staff, r->i[7]);
	g->beh_off[st + 1]++;
	return 0;
}

static int cb_atg(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t st = eng_index(&g->student, r->i[0]),
	        t = eng_index(&g->term, r->i[1]),
	        sb = eng_index(&g->subject, r->i[2]);
	if (st < 0 || t < 0 || sb < 0)
		return 0;
	int32_t k = g->natt_grade++;
	g->atg_student[k] = st;
	g->atg_term[k] = t;
	g->atg_subject[k] = sb;
	g->atg_grade[k] = (int8_t)r->i[3];
	return 0;
}

static int cb_iv(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->iv.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->iv_name[i] = arena_strdup(L->pool, r->s[2] ? r->s[2] : "");
	g->iv_org[i] = eng_index(&g->org, r->i[3]);
	g->iv_subject[i] = eng_index(&g->subject, r->i[4]);
	g->iv_year[i] = eng_index(&g->year, r->i[5]);
	g->iv_start[i] = day_of(r->s[6]);
	g->iv_end[i] = day_of(r->s[7]);
	g->iv_cost[i] = r->d[8];
	return 0;
}

static int cb_part(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t iv = eng_index(&g->iv, r->i[0]),
	        st = eng_index(&g->student, r->i[1]);
	if (iv < 0 || st < 0)
		return 0;
	int32_t k = g->npart++;
	g->part_student[k] = st;
	g->part_dosage[k] = r->d[2];
	g->part_start[k] = day_of(r->s[3]);
	g->part_end[k] = day_of(r->s[4]);
	g->part_off[iv + 1]++;
	return 0;
}

static int cb_goal(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t i = g->goal.n;
	dict_push(&L->b, L->pool, r->i[0], r->s[1]);
	g->goal_title[i] = arena_strdup(L->pool, r->s[2] ? r->s[2] : "");
	g->goal_student[i] = eng_index(&g->student, r->i[3]);
	g->goal_class[i] = eng_index(&g->cls, r->i[4]);
	g->goal_org[i] = eng_index(&g->org, r->i[5]);
	g->goal_subject[i] = eng_index(&g->subject, r->i[6]);
	const char *m = r->s[7] ? r->s[7] : "";
	g->goal_metric[i] =
	    (int8_t)(strcmp(m, "share_proficient") == 0
	                 ? ENG_METRIC_SHARE_PROFICIENT
	             : strcmp(m, "attendance_rate") == 0
	                 ? ENG_METRIC_ATTENDANCE_RATE
	             : strcmp(m, "score") == 0 ? ENG_METRIC_SCORE
	                                       : ENG_METRIC_MEAN_SCORE);
	g->goal_baseline[i] = r->d[8];
	g->goal_baseline_date[i] = day_of(r->s[9]);
	g->goal_target[i] = r->d[10];
	g->goal_due[i] = day_of(r->s[11]);
	g->goal_by_student[i] =
	    (int8_t)(r->s[12] && strcmp(r->s[12], "student") == 0);
	g->goal_staff[i] = eng_index(&g->staff, r->i[13]);
	return 0;
}

static int8_t flag01(const se_row *r, int k)
{
	return (int8_t)(r->isnull[k] ? -1 : r->i[k] != 0);
}

static int cb_prof(void *ctx, const se_row *r)
{
	loader *L = ctx;
	engine *g = L->g;
	int32_t o = eng_index(&g->org, r->i[0]),
	        y = eng_index(&g->year, r->i[1]);
	if (o < 0 || y < 0 || g->org_school[o] < 0)
		return 0;
	int32_t k = g->nprof++;
	g->prof_school[k] = g->org_school[o];
	g->prof_year[k] = y;
	g->prof_rural[k] =
	    (int8_t)(!r->s[2] ? -1 : strcmp(r->s[2], "rural") == 0);
	g->prof_water[k] = flag01(r, 3);
	g->prof_toilets_girls[k] = (int32_t)r->i[4];
	g->prof_toilets_boys[k] = (int32_t)r->i[5];
	g->prof_electricity[k] = flag01(r, 6);
	g->prof_library[k] = flag01(r, 7);
	g->prof_ramps[k] = flag01(r, 8);
	g->prof_classrooms[k] = (int32_t)r->i[9];
	g->prof_teachers[k] = (int32_t)r->i[10];
	g->prof_enrolment[k] = (int32_t)r->i[11];
	g->prof_ptr[k] = r->d[12];
	return 0;
}

static void prefix32(int32_t *off, int32_t n)
{
	for (int32_t i = 0; i < n; i++)
		off[i + 1] += off[i];
}

static int load_other(store *s, loader *L, unsigned parts)
{
	engine *g = L->g;
	int64_t n;
	g->beh_off = xcalloc((size_t)g->student.n + 1, sizeof(int32_t));
	g->part_off = NULL;
	if (parts & ENG_LOAD_BEHAVIOUR) {
		if ((n = count_of(s, SE_BEHAVIOUR, L)) < 0)
			return ATT_EIO;
		ALLOC_N(g->beh_date, n);
		ALLOC_N(g->beh_positive, n);
		ALLOC_N(g->beh_category, n);
		ALLOC_N(g->beh_points, n);
		ALLOC_N(g->beh_serious, n);
		ALLOC_N(g->beh_staff, n);
		if (store_engine_scan(s, SE_BEHAVIOUR, cb_beh, L, L->e))
			return ATT_EIO;
		prefix32(g->beh_off, g->student.n);
	}
	if (!(parts & ENG_LOAD_OTHER)) {
		g->part_off = xcalloc(1, sizeof(int32_t));
		return ATT_OK;
	}
	if ((n = count_of(s, SE_ATTITUDE, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->atg_student, n);
	ALLOC_N(g->atg_term, n);
	ALLOC_N(g->atg_subject, n);
	ALLOC_N(g->atg_grade, n);
	if (store_engine_scan(s, SE_ATTITUDE, cb_atg, L, L->e))
		return ATT_EIO;
	if ((n = count_of(s, SE_INTERVENTION, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->iv_name, n);
	ALLOC_N(g->iv_org, n);
	ALLOC_N(g->iv_subject, n);
	ALLOC_N(g->iv_year, n);
	ALLOC_N(g->iv_start, n);
	ALLOC_N(g->iv_end, n);
	ALLOC_N(g->iv_cost, n);
	L->b = (dict_b){&g->iv, 0};
	if (store_engine_scan(s, SE_INTERVENTION, cb_iv, L, L->e))
		return ATT_EIO;
	dict_finish(&g->iv);
	if ((n = count_of(s, SE_PARTICIPANT, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->part_student, n);
	ALLOC_N(g->part_dosage, n);
	ALLOC_N(g->part_start, n);
	ALLOC_N(g->part_end, n);
	g->part_off = xcalloc((size_t)g->iv.n + 1, sizeof(int32_t));
	if (store_engine_scan(s, SE_PARTICIPANT, cb_part, L, L->e))
		return ATT_EIO;
	prefix32(g->part_off, g->iv.n);
	if ((n = count_of(s, SE_GOAL, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->goal_title, n);
	ALLOC_N(g->goal_student, n);
	ALLOC_N(g->goal_class, n);
	ALLOC_N(g->goal_org, n);
	ALLOC_N(g->goal_subject, n);
	ALLOC_N(g->goal_metric, n);
	ALLOC_N(g->goal_baseline, n);
	ALLOC_N(g->goal_target, n);
	ALLOC_N(g->goal_baseline_date, n);
	ALLOC_N(g->goal_due, n);
	ALLOC_N(g->goal_by_student, n);
	ALLOC_N(g->goal_staff, n);
	L->b = (dict_b){&g->goal, 0};
	if (store_engine_scan(s, SE_GOAL, cb_goal, L, L->e))
		return ATT_EIO;
	dict_finish(&g->goal);
	if ((n = count_of(s, SE_PROFILE, L)) < 0)
		return ATT_EIO;
	ALLOC_N(g->prof_school, n);
	ALLOC_N(g->prof_year, n);
	ALLOC_N(g->prof_rural, n);
	ALLOC_N(g->prof_water, n);
	ALLOC_N(g->prof_electricity, n);
	ALLOC_N(g->prof_library, n);
	ALLOC_N(g->prof_ramps, n);
	ALLOC_N(g->prof_toilets_girls, n);
	ALLOC_N(g->prof_toilets_boys, n);
	ALLOC_N(g->prof_classrooms, n);
	ALLOC_N(g->prof_teachers, n);
	ALLOC_N(g->prof_enrolment, n);
	ALLOC_N(g->prof_ptr, n);
	if (store_engine_scan(s, SE_PROFILE, cb_prof, L, L->e))
		return ATT_EIO;
	return ATT_OK;
}

/* ---- the second thread ---- */

typedef struct side_job {
	engine *g;
	const char *path;
	unsigned parts;
	int rc;
	att_err e;
} side_job;

static void *side_run(void *arg)
{
	side_job *j = arg;
	store *s2 = NULL;
	err_clear(&j->e);
	j->rc = store_open_thread(j->path, &s2, &j->e);
	if (j->rc)
		return NULL;
	if (j->parts & ENG_LOAD_ITEMS)
		j->rc = load_big(s2, j->g, 0, &j->e);
	if (!j->rc && (j->parts & ENG_LOAD_ATTENDANCE))
		j->rc = load_attendance(s2, j->g, &j->e);
	store_close(s2);
	return NULL;
}

static void empty_big(engine *g, unsigned parts)
{
	if (!(parts & ENG_LOAD_RESULTS) && !g->res_off)
		g->res_off = xcalloc((size_t)g->ass.n + 1, sizeof(int64_t));
	if (!(parts & ENG_LOAD_ITEMS) && !g->ir_off)
		g->ir_off = xcalloc((size_t)g->item.n + 1, sizeof(int64_t));
	if (!g->att_marks_off)
		g->att_marks_off = xcalloc(1, sizeof(int64_t));
}

int engine_load_alloc(store *s, unsigned parts, engine **out, att_err *e)
{
	double t0 = now_seconds();
	engine *g = xcalloc(1, sizeof(*g));
	arena_init(&g->pool);
	loader L = {.g = g, .pool = &g->pool, .e = e};
	*out = NULL;
	g->data_version = store_data_version(s);
	int rc;
	if ((rc = load_orgs(s, &L)) || (rc = load_calendar(s, &L)) ||
	    (rc = load_people(s, &L)) || (rc = load_classes(s, &L)) ||
	    (rc = load_assessments(s, &L))) {
		engine_free(g);
		return rc ? rc : ATT_EIO;
	}
	side_job job = {.g = g, .path = store_path(s), .parts = parts};
	pthread_t th;
	int threaded = (parts & (ENG_LOAD_ITEMS | ENG_LOAD_ATTENDANCE)) &&
	               pthread_create(&th, NULL, side_run, &job) == 0;
	if (!threaded && (parts & (ENG_LOAD_ITEMS | ENG_LOAD_ATTENDANCE))) {
		/* No second thread: read them here, on the caller's connection.
		 */
		if (parts & ENG_LOAD_ITEMS)
			job.rc = load_big(s, g, 0, &job.e);
		if (!job.rc && (parts & ENG_LOAD_ATTENDANCE))
			job.rc = load_attendance(s, g, &job.e);
	}
	if (parts & ENG_LOAD_RESULTS)
		rc = load_big(s, g, 1, e);
	if (!rc)
		rc = load_other(s, &L, parts);
	if (!rc && (parts & ENG_LOAD_RESULTS))
		build_result_index(g);
	if (threaded)
		pthread_join(th, NULL);
	if (!rc && job.rc) {
		rc = job.rc;
		if (e)
			*e = job.e;
	}
	if (!g->rs_off)
		g->rs_off = xcalloc((size_t)g->student.n + 1, sizeof(int64_t));
	if (!g->res_ass)
		g->res_ass = xcalloc(1, sizeof(int32_t));
	empty_big(g, parts);
	if (rc) {
		engine_free(g);
		return rc;
	}
	g->load_seconds = now_seconds() - t0;
	*out = g;
	return ATT_OK;
}

void engine_free(engine *g)
{
	if (!g)
		return;
	eng_dict *dicts[] = {&g->org,      &g->year,    &g->term,  &g->subject,
	                     &g->standard, &g->student, &g->staff, &g->cls,
	                     &g->ass,      &g->item,    &g->iv,    &g->goal};
	for (size_t i = 0; i < ARRAY_LEN(dicts); i++)
		dict_free(dicts[i]);
	void *ptrs[] = {g->org_name,
	                g->org_parent,
	                g->org_depth,
	                g->org_level,
	                g->org_school,
	                g->level_name,
	                g->school_org,
	                g->school_anc,
	                g->year_start,
	                g->year_end,
	                g->term_year,
	                g->term_seq,
	                g->term_is_window,
	                g->term_start,
	                g->term_end,
	                g->subject_name,
	                g->subject_core,
	                g->standard_subject,
	                g->standard_grade,
	                g->standard_parent,
	                g->standard_desc,
	                g->st_gender,
	                g->st_birth,
	                g->st_ses,
	                g->st_sen,
	                g->st_lang,
	                g->st_social,
	                g->st_active,
	                g->home_language.label,
	                g->social_category.label,
	                g->staff_org,
	                g->pl_off,
	                g->pl_year,
	                g->pl_school,
	                g->pl_org,
	                g->pl_grade,
	                g->cls_org,
	                g->cls_school,
	                g->cls_year,
	                g->cls_grade,
	                g->cls_subject,
	                g->cls_lead,
	                g->teach_class,
	                g->teach_staff,
	                g->teach_lead,
	                g->en_off,
	                g->en_student,
	                g->ens_off,
	                g->ens_class,
	                g->ass_name,
	                g->ass_subject,
	                g->ass_year,
	                g->ass_term,
	                g->ass_grade,
	                g->ass_kind,
	                g->ass_date,
	                g->ass_max,
	                g->ass_class,
	                g->cut_off,
	                g->cut_min,
	                g->cut_band,
	                g->ass_prof_cut,
	                g->item_ass,
	                g->item_seq,
	                g->item_max,
	                g->item_standard,
	                g->item_dok,
	                g->items_off,
	                g->items_idx,
	                g->res_off,
	                g->res_student,
	                g->res_score,
	                g->res_ass,
	                g->rs_off,
	                g->rs_row,
	                g->ir_off,
	                g->ir_student,
	                g->ir_points,
	                g->att_student,
	                g->att_year,
	                g->att_possible,
	                g->att_present,
	                g->att_absent,
	                g->att_excused,
	                g->att_late,
	                g->att_marks_off,
	                g->att_marks,
	                g->beh_off,
	                g->beh_date,
	                g->beh_positive,
	                g->beh_category,
	                g->beh_points,
	                g->beh_serious,
	                g->beh_staff,
	                g->beh_categories.label,
	                g->atg_student,
	                g->atg_term,
	                g->atg_subject,
	                g->atg_grade,
	                g->iv_name,
	                g->iv_org,
	                g->iv_subject,
	                g->iv_year,
	                g->iv_start,
	                g->iv_end,
	                g->iv_cost,
	                g->part_off,
	                g->part_student,
	                g->part_dosage,
	                g->part_start,
	                g->part_end,
	                g->goal_title,
	                g->goal_student,
	                g->goal_class,
	                g->goal_org,
	                g->goal_subject,
	                g->goal_metric,
	                g->goal_baseline,
	                g->goal_target,
	                g->goal_baseline_date,
	                g->goal_due,
	                g->goal_by_student,
	                g->goal_staff,
	                g->prof_school,
	                g->prof_year,
	                g->prof_rural,
	                g->prof_water,
	                g->prof_electricity,
	                g->prof_library,
	                g->prof_ramps,
	                g->prof_toilets_girls,
	                g->prof_toilets_boys,
	                g->prof_classrooms,
	                g->prof_teachers,
	                g->prof_enrolment,
	                g->prof_ptr};
	for (size_t i = 0; i < ARRAY_LEN(ptrs); i++)
		free(ptrs[i]);
	arena_free(&g->pool);
	free(g);
}

/* ---- lookups ---- */

int32_t engine_placement(const engine *g, int32_t student, int32_t year)
{
	if (student < 0 || student >= g->student.n)
		return -1;
	for (int32_t k = g->pl_off[student]; k < g->pl_off[student + 1]; k++)
		if (g->pl_year[k] == year)
			return k;
	return -1;
}

double engine_score(const engine *g, int32_t ass, int32_t student)
{
	if (ass < 0 || ass >= g->ass.n)
		return NAN;
	int64_t lo = g->res_off[ass], hi = g->res_off[ass + 1] - 1;
	while (lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;
		int32_t v = g->res_student[mid];
		if (v == student)
			return g->res_score[mid];
		if (v < student)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NAN;
}

int32_t engine_student_class(const engine *g, int32_t student, int32_t year,
                             int32_t subject)
{
	if (student < 0 || student >= g->student.n)
		return -1;
	int32_t home = -1;
	for (int32_t k = g->ens_off[student]; k < g->ens_off[student + 1];
	     k++) {
		int32_t c = g->ens_class[k];
		if (g->cls_year[c] != year)
			continue;
		if (subject >= 0 && g->cls_subject[c] == subject)
			return c;
		if (g->cls_subject[c] < 0 && home < 0)
			home = c;
	}
	return home;
}

int engine_band(const engine *g, int32_t ass, double score)
{
	int nb = engine_nbands(g, ass);
	int band = -1;
	for (int b = 0; b < nb; b++)
		if (score >= g->cut_min[g->cut_off[ass] + b])
			band = b;
	return band;
}

void engine_describe(const engine *g, buf *b)
{
	buf_printf(
	    b,
	    "%d orgs (%d schools), %d students, %d classes, %d assessments,"
	    " %lld results, %d items, %lld item responses, %d attendance"
	    " records, %d behaviour events",
	    g->org.n, g->nschool, g->student.n, g->cls.n, g->ass.n,
	    (long long)g->nres, g->item.n, (long long)g->nir, g->natt, g->nbeh);
}
