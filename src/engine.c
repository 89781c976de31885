/*
 * engine.c - the columnar snapshot described in engine.h: its builders
 * (rows in, table by table; dictionaries, the org tree with its ancestor
 * table, CSR orders and tallies made as each table is finished), engine_free
 * and the small lookups over it. No store and no SQL: engine_load.c feeds
 * the builders from the store, tests feed them plain arrays.
 *
 * Large arrays grow by doubling (glibc moves big blocks with mremap, so
 * growing costs no copy).
 */
#include "engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attendance.h"

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

static const char *text(const char *s)
{
	return s ? s : "";
}

/* ---- the builder ---- */

struct eng_build {
	engine *g;
	arena *pool;
	int done;     /* tables 0 .. done-1 are finished */
	int open;     /* table `done` is begun */
	int64_t room; /* rows the open table has room for */
	int64_t rows; /* rows added to it */
	int64_t kept; /* ... of which kept (cut scores) */
	dict_b b;     /* the open table's dictionary */
	/* scratch of the open table */
	int64_t *tmp_id;
	const char **tmp_text;
	int8_t *tmp_flag;
	int32_t *tmp_idx;
	int rc;
	att_err err;
};

/* Reserve per-row arrays by the table's room. */
#define ALLOC_N(ptr, n)                                                        \
	((ptr) = xcalloc((size_t)(n) > 0 ? (size_t)(n) : 1, sizeof(*(ptr))))

static void fail(eng_build *b, int rc, const char *fmt, const char *arg)
{
	if (!b->rc)
		b->rc = err_set(&b->err, rc, fmt, arg);
}

static const char *const table_name[ENG_T_N] = {
    "org level",      "org",          "year",        "term",
    "subject",        "standard",     "student",     "staff",
    "class",          "teacher",      "enrolment",   "placement",
    "assessment",     "cut score",    "item",        "behaviour event",
    "attitude grade", "intervention", "participant", "goal",
    "school profile"};

/* The row index for a row of table t, or -1 (recorded as an error) when
 * t is not the open table or its room is used up. */
static int64_t slot(eng_build *b, eng_table t)
{
	if (!b->open || b->done != (int)t) {
		fail(b, ATT_EUSAGE, "%s row added out of table order",
		     table_name[t]);
		return -1;
	}
	if (b->rows >= b->room) {
		fail(b, ATT_EUSAGE, "more %s rows than the table had room for",
		     table_name[t]);
		return -1;
	}
	return b->rows++;
}

static void scratch_free(eng_build *b)
{
	free(b->tmp_id);
	free(b->tmp_text);
	free(b->tmp_flag);
	free(b->tmp_idx);
	b->tmp_id = NULL;
	b->tmp_text = NULL;
	b->tmp_flag = NULL;
	b->tmp_idx = NULL;
}

/* ---- org tree ---- */

static void begin_level(eng_build *b, int64_t n)
{
	(void)b;
	(void)n;
}

void engine_add_level(eng_build *b, const eng_level_row *r)
{
	engine *g = b->g;
	if (slot(b, ENG_T_LEVEL) < 0 || r->depth < 0 || r->depth > 60)
		return;
	if (r->depth >= g->nlevels) {
		g->level_name = xrealloc(
		    g->level_name, sizeof(char *) * (size_t)(r->depth + 1));
		for (int d = g->nlevels; d <= r->depth; d++)
			g->level_name[d] = "";
		g->nlevels = r->depth + 1;
	}
	g->level_name[r->depth] = arena_strdup(b->pool, text(r->name));
}

static void begin_org(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->org_name, n);
	ALLOC_N(b->tmp_id, n);
	ALLOC_N(b->tmp_text, n);
	ALLOC_N(b->tmp_flag, n);
	b->b = (dict_b){&g->org, 0};
}

void engine_add_org(eng_build *b, const eng_org_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_ORG);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->org_name[i] = arena_strdup(b->pool, text(r->name));
	b->tmp_id[i] = r->parent_id;
	b->tmp_text[i] = arena_strdup(b->pool, text(r->level));
	b->tmp_flag[i] = (int8_t)(r->is_school == 1);
}

/* Each school's ancestor at every level, and the school level. */
static void school_ancestors(eng_build *b)
{
	engine *g = b->g;
	int32_t n = g->org.n;
	g->school_level = -1;
	for (int32_t i = 0; i < n; i++)
		if (b->tmp_flag[i])
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
		if (!b->tmp_flag[i])
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
}

static int finish_org(eng_build *b)
{
	engine *g = b->g;
	dict_finish(&g->org);
	int32_t n = g->org.n;
	ALLOC_N(g->org_parent, n);
	ALLOC_N(g->org_depth, n);
	ALLOC_N(g->org_level, n);
	ALLOC_N(g->org_school, n);
	for (int32_t i = 0; i < n; i++) {
		g->org_parent[i] = eng_index(&g->org, b->tmp_id[i]);
		g->org_level[i] = -1;
		for (int d = 0; d < g->nlevels; d++)
			if (strcmp(g->level_name[d], b->tmp_text[i]) == 0)
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
			fail(b, ATT_EINPUT, "org '%s' is in a cycle",
			     g->org.code[i]);
			return b->rc;
		}
		g->org_depth[i] = (int8_t)depth;
	}
	school_ancestors(b);
	return ATT_OK;
}

/* ---- calendar, subjects, standards ---- */

static void begin_year(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->year_start, n);
	ALLOC_N(g->year_end, n);
	b->b = (dict_b){&g->year, 0};
}

void engine_add_year(eng_build *b, const eng_year_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_YEAR);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->year_start[i] = day_of(r->start);
	g->year_end[i] = day_of(r->end);
}

static void begin_term(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->term_year, n);
	ALLOC_N(g->term_seq, n);
	ALLOC_N(g->term_is_window, n);
	ALLOC_N(g->term_start, n);
	ALLOC_N(g->term_end, n);
	b->b = (dict_b){&g->term, 0};
}

void engine_add_term(eng_build *b, const eng_term_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_TERM);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->term_year[i] = eng_index(&g->year, r->year_id);
	g->term_seq[i] = (int16_t)r->seq;
	g->term_is_window[i] =
	    (int8_t)(r->kind && strcmp(r->kind, "window") == 0);
	g->term_start[i] = day_of(r->start);
	g->term_end[i] = day_of(r->end);
}

static void begin_subject(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->subject_name, n);
	ALLOC_N(g->subject_core, n);
	b->b = (dict_b){&g->subject, 0};
}

void engine_add_subject(eng_build *b, const eng_subject_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_SUBJECT);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->subject_name[i] = arena_strdup(b->pool, text(r->name));
	g->subject_core[i] = (int8_t)(r->core == 1);
}

static void begin_standard(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->standard_subject, n);
	ALLOC_N(g->standard_grade, n);
	ALLOC_N(g->standard_parent, n);
	ALLOC_N(g->standard_desc, n);
	ALLOC_N(b->tmp_id, n);
	b->b = (dict_b){&g->standard, 0};
}

void engine_add_standard(eng_build *b, const eng_standard_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_STANDARD);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->standard_subject[i] = eng_index(&g->subject, r->subject_id);
	g->standard_grade[i] = (int16_t)r->grade;
	b->tmp_id[i] = r->parent_id > INT32_MAX ? -1 : r->parent_id;
	g->standard_desc[i] = arena_strdup(b->pool, text(r->description));
}

static int finish_standard(eng_build *b)
{
	engine *g = b->g;
	dict_finish(&g->standard);
	for (int32_t i = 0; i < g->standard.n; i++)
		g->standard_parent[i] = eng_index(&g->standard, b->tmp_id[i]);
	return ATT_OK;
}

/* ---- students and staff ---- */

static void begin_student(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->st_gender, n);
	ALLOC_N(g->st_birth, n);
	ALLOC_N(g->st_ses, n);
	ALLOC_N(g->st_sen, n);
	ALLOC_N(g->st_lang, n);
	ALLOC_N(g->st_social, n);
	ALLOC_N(g->st_active, n);
	g->student.id = xmalloc(sizeof(int64_t) * (size_t)(n + 1));
	g->student.code = xmalloc(sizeof(char *) * (size_t)(n + 1));
	b->b = (dict_b){&g->student, (size_t)n + 1};
}

void engine_add_student(eng_build *b, const eng_student_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_STUDENT);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	const char *gd = r->gender;
	g->st_gender[i] = !gd                    ? ENG_GENDER_UNKNOWN
	                  : strcmp(gd, "F") == 0 ? ENG_GENDER_F
	                  : strcmp(gd, "M") == 0 ? ENG_GENDER_M
	                  : strcmp(gd, "X") == 0 ? ENG_GENDER_X
	                                         : ENG_GENDER_UNKNOWN;
	g->st_birth[i] = day_of(r->birth_date);
	g->st_ses[i] = (int8_t)(r->ses < 0 ? -1 : r->ses != 0);
	g->st_sen[i] = (int8_t)(r->sen < 0 ? -1 : r->sen != 0);
	g->st_lang[i] = label_of(&g->home_language, b->pool, r->home_language);
	g->st_social[i] =
	    label_of(&g->social_category, b->pool, r->social_category);
	g->st_active[i] = (int8_t)(r->active != 0);
}

static void begin_staff(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->staff_org, n);
	b->b = (dict_b){&g->staff, 0};
}

void engine_add_staff(eng_build *b, const eng_staff_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_STAFF);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->staff_org[i] = eng_index(&g->org, r->org_id);
}

/* ---- classes, teachers, enrolments, placements ---- */

static void begin_class(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->cls_org, n);
	ALLOC_N(g->cls_school, n);
	ALLOC_N(g->cls_year, n);
	ALLOC_N(g->cls_grade, n);
	ALLOC_N(g->cls_subject, n);
	ALLOC_N(g->cls_lead, n);
	b->b = (dict_b){&g->cls, 0};
}

void engine_add_class(eng_build *b, const eng_class_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_CLASS);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->cls_org[i] = eng_index(&g->org, r->org_id);
	g->cls_school[i] =
	    g->cls_org[i] >= 0 ? g->org_school[g->cls_org[i]] : -1;
	g->cls_year[i] = eng_index(&g->year, r->year_id);
	g->cls_grade[i] = (int16_t)r->grade;
	g->cls_subject[i] = eng_index(&g->subject, r->subject_id);
	g->cls_lead[i] = -1;
}

static void begin_teacher(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->teach_class, n);
	ALLOC_N(g->teach_staff, n);
	ALLOC_N(g->teach_lead, n);
}

void engine_add_teacher(eng_build *b, const eng_teacher_row *r)
{
	engine *g = b->g;
	if (slot(b, ENG_T_TEACHER) < 0)
		return;
	int32_t c = eng_index(&g->cls, r->class_id);
	int32_t st = eng_index(&g->staff, r->staff_id);
	if (c < 0 || st < 0)
		return;
	int32_t k = g->nteach++;
	g->teach_class[k] = c;
	g->teach_staff[k] = st;
	g->teach_lead[k] = (int8_t)(r->role && strcmp(r->role, "lead") == 0);
	if (g->teach_lead[k] && g->cls_lead[c] < 0)
		g->cls_lead[c] = st;
}

static void begin_enrolment(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->en_student, n);
	ALLOC_N(b->tmp_idx, n);
	g->en_off = xcalloc((size_t)g->cls.n + 1, sizeof(int32_t));
}

void engine_add_enrolment(eng_build *b, const eng_enrolment_row *r)
{
	engine *g = b->g;
	if (slot(b, ENG_T_ENROLMENT) < 0)
		return;
	int32_t c = eng_index(&g->cls, r->class_id);
	int32_t st = eng_index(&g->student, r->student_id);
	if (c < 0 || st < 0)
		return;
	int32_t k = g->nenrol++;
	g->en_student[k] = st;
	b->tmp_idx[k] = c;
	g->en_off[c + 1]++;
}

/* Enrolments: by class (the order added), then a CSR by student. */
static int finish_enrolment(eng_build *b)
{
	engine *g = b->g;
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
		g->ens_class[fill[g->en_student[k]]++] = b->tmp_idx[k];
	free(fill);
	return ATT_OK;
}

static void begin_placement(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->pl_year, n);
	ALLOC_N(g->pl_org, n);
	ALLOC_N(g->pl_school, n);
	ALLOC_N(g->pl_grade, n);
	g->pl_off = xcalloc((size_t)g->student.n + 1, sizeof(int32_t));
}

void engine_add_placement(eng_build *b, const eng_placement_row *r)
{
	engine *g = b->g;
	if (slot(b, ENG_T_PLACEMENT) < 0)
		return;
	int32_t st = eng_index(&g->student, r->student_id);
	int32_t y = eng_index(&g->year, r->year_id);
	int32_t o = eng_index(&g->org, r->org_id);
	if (st < 0 || y < 0 || o < 0)
		return;
	int32_t k = g->npl++;
	g->pl_year[k] = y;
	g->pl_org[k] = o;
	g->pl_school[k] = g->org_school[o];
	g->pl_grade[k] = (int16_t)r->grade;
	g->pl_off[st + 1]++;
}

static void swap_placements(engine *g, int32_t a, int32_t b)
{
	int32_t ty = g->pl_year[a], to = g->pl_org[a], ts = g->pl_school[a];
	int16_t tg = g->pl_grade[a];
	g->pl_year[a] = g->pl_year[b];
	g->pl_org[a] = g->pl_org[b];
	g->pl_school[a] = g->pl_school[b];
	g->pl_grade[a] = g->pl_grade[b];
	g->pl_year[b] = ty;
	g->pl_org[b] = to;
	g->pl_school[b] = ts;
	g->pl_grade[b] = tg;
}

/* Placements, added by student then year id: re-sorted by year start. */
static int finish_placement(eng_build *b)
{
	engine *g = b->g;
	for (int32_t i = 0; i < g->student.n; i++)
		g->pl_off[i + 1] += g->pl_off[i];
	for (int32_t i = 0; i < g->student.n; i++)
		/* insertion sort: a student has a handful of years */
		for (int32_t a = g->pl_off[i] + 1; a < g->pl_off[i + 1]; a++)
			for (int32_t k = a; k > g->pl_off[i] &&
			                    g->year_start[g->pl_year[k - 1]] >
			                        g->year_start[g->pl_year[k]];
			     k--)
				swap_placements(g, k, k - 1);
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

static void begin_assessment(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->ass_name, n);
	ALLOC_N(g->ass_subject, n);
	ALLOC_N(g->ass_year, n);
	ALLOC_N(g->ass_term, n);
	ALLOC_N(g->ass_grade, n);
	ALLOC_N(g->ass_kind, n);
	ALLOC_N(g->ass_date, n);
	ALLOC_N(g->ass_max, n);
	ALLOC_N(g->ass_class, n);
	b->b = (dict_b){&g->ass, 0};
}

void engine_add_assessment(eng_build *b, const eng_assessment_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_ASSESSMENT);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->ass_name[i] = arena_strdup(b->pool, text(r->name));
	g->ass_subject[i] = eng_index(&g->subject, r->subject_id);
	g->ass_year[i] = eng_index(&g->year, r->year_id);
	g->ass_term[i] = eng_index(&g->term, r->term_id);
	g->ass_grade[i] = (int16_t)r->grade;
	g->ass_kind[i] = (int8_t)kind_of(r->kind);
	g->ass_date[i] = day_of(r->date);
	g->ass_max[i] = r->max_score;
	g->ass_class[i] = eng_index(&g->cls, r->class_id);
}

static void begin_cut(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->cut_min, n);
	ALLOC_N(g->cut_band, n);
	g->cut_off = xcalloc((size_t)g->ass.n + 1, sizeof(int32_t));
}

void engine_add_cut(eng_build *b, const eng_cut_row *r)
{
	engine *g = b->g;
	if (slot(b, ENG_T_CUT) < 0)
		return;
	int32_t a = eng_index(&g->ass, r->assessment_id);
	if (a < 0)
		return;
	int64_t k = b->kept++;
	g->cut_band[k] = arena_strdup(b->pool, text(r->band));
	g->cut_min[k] = r->min_score;
	g->cut_off[a + 1]++;
}

/* Offsets of the cut scores, and each assessment's proficient cut: the
 * band named proficient (case-insensitive), else band nbands/2. */
static int finish_cut(eng_build *b)
{
	engine *g = b->g;
	int32_t na = g->ass.n;
	for (int32_t a = 0; a < na; a++)
		g->cut_off[a + 1] += g->cut_off[a];
	ALLOC_N(g->ass_prof_cut, na);
	for (int32_t a = 0; a < na; a++) {
		int nb = g->cut_off[a + 1] - g->cut_off[a];
		g->ass_prof_cut[a] = NAN;
		if (nb == 0)
			continue;
		int pick = nb / 2;
		for (int k = 0; k < nb; k++)
			if (strcasecmp(g->cut_band[g->cut_off[a] + k],
			               "proficient") == 0)
				pick = k;
		g->ass_prof_cut[a] = g->cut_min[g->cut_off[a] + pick];
	}
	return ATT_OK;
}

static void begin_item(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->item_ass, n);
	ALLOC_N(g->item_seq, n);
	ALLOC_N(g->item_max, n);
	ALLOC_N(g->item_standard, n);
	ALLOC_N(g->item_dok, n);
	b->b = (dict_b){&g->item, 0};
}

void engine_add_item(eng_build *b, const eng_item_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_ITEM);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->item_ass[i] = eng_index(&g->ass, r->assessment_id);
	g->item_seq[i] = (int16_t)r->seq;
	g->item_max[i] = r->max_points;
	g->item_standard[i] = eng_index(&g->standard, r->standard_id);
	g->item_dok[i] = (int8_t)r->dok;
}

/* The items of each assessment, in seq order. */
static int finish_item(eng_build *b)
{
	engine *g = b->g;
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

/* ---- behaviour, attitude, interventions, goals, profiles ---- */

static void begin_behaviour(eng_build *b, int64_t n)
{
	engine *g = b->g;
	g->beh_off = xcalloc((size_t)g->student.n + 1, sizeof(int32_t));
	ALLOC_N(g->beh_date, n);
	ALLOC_N(g->beh_positive, n);
	ALLOC_N(g->beh_category, n);
	ALLOC_N(g->beh_points, n);
	ALLOC_N(g->beh_serious, n);
	ALLOC_N(g->beh_staff, n);
}

void engine_add_behaviour(eng_build *b, const eng_behaviour_row *r)
{
	engine *g = b->g;
	if (slot(b, ENG_T_BEHAVIOUR) < 0)
		return;
	int32_t st = eng_index(&g->student, r->student_id);
	if (st < 0)
		return;
	int32_t k = g->nbeh++;
	g->beh_date[k] = day_of(r->date);
	g->beh_positive[k] =
	    (int8_t)(r->kind && strcmp(r->kind, "positive") == 0);
	g->beh_category[k] = label_of(&g->beh_categories, b->pool, r->category);
	g->beh_points[k] = (int32_t)r->points;
	g->beh_serious[k] = (int8_t)(r->serious == 1);
	g->beh_staff[k] = eng_index(&g->staff, r->staff_id);
	g->beh_off[st + 1]++;
}

static void prefix32(int32_t *off, int32_t n)
{
	for (int32_t i = 0; i < n; i++)
		off[i + 1] += off[i];
}

static int finish_behaviour(eng_build *b)
{
	prefix32(b->g->beh_off, b->g->student.n);
	return ATT_OK;
}

static void begin_attitude(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->atg_student, n);
	ALLOC_N(g->atg_term, n);
	ALLOC_N(g->atg_subject, n);
	ALLOC_N(g->atg_grade, n);
}

void engine_add_attitude(eng_build *b, const eng_attitude_row *r)
{
	engine *g = b->g;
	if (slot(b, ENG_T_ATTITUDE) < 0)
		return;
	int32_t st = eng_index(&g->student, r->student_id),
	        t = eng_index(&g->term, r->term_id),
	        sb = eng_index(&g->subject, r->subject_id);
	if (st < 0 || t < 0 || sb < 0)
		return;
	int32_t k = g->natt_grade++;
	g->atg_student[k] = st;
	g->atg_term[k] = t;
	g->atg_subject[k] = sb;
	g->atg_grade[k] = (int8_t)r->grade;
}

static void begin_intervention(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->iv_name, n);
	ALLOC_N(g->iv_org, n);
	ALLOC_N(g->iv_subject, n);
	ALLOC_N(g->iv_year, n);
	ALLOC_N(g->iv_start, n);
	ALLOC_N(g->iv_end, n);
	ALLOC_N(g->iv_cost, n);
	b->b = (dict_b){&g->iv, 0};
}

void engine_add_intervention(eng_build *b, const eng_intervention_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_INTERVENTION);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->iv_name[i] = arena_strdup(b->pool, text(r->name));
	g->iv_org[i] = eng_index(&g->org, r->org_id);
	g->iv_subject[i] = eng_index(&g->subject, r->subject_id);
	g->iv_year[i] = eng_index(&g->year, r->year_id);
	g->iv_start[i] = day_of(r->start);
	g->iv_end[i] = day_of(r->end);
	g->iv_cost[i] = r->cost;
}

static void begin_participant(eng_build *b, int64_t n)
{
	engine *g = b->g;
	ALLOC_N(g->part_student, n);
	ALLOC_N(g->part_dosage, n);
	ALLOC_N(g->part_start, n);
	ALLOC_N(g->part_end, n);
	g->part_off = xcalloc((size_t)g->iv.n + 1, sizeof(int32_t));
}

void engine_add_participant(eng_build *b, const eng_participant_row *r)
{
	engine *g = b->g;
	if (slot(b, ENG_T_PARTICIPANT) < 0)
		return;
	int32_t iv = eng_index(&g->iv, r->intervention_id),
	        st = eng_index(&g->student, r->student_id);
	if (iv < 0 || st < 0)
		return;
	int32_t k = g->npart++;
	g->part_student[k] = st;
	g->part_dosage[k] = r->dosage;
	g->part_start[k] = day_of(r->start);
	g->part_end[k] = day_of(r->end);
	g->part_off[iv + 1]++;
}

static int finish_participant(eng_build *b)
{
	prefix32(b->g->part_off, b->g->iv.n);
	return ATT_OK;
}

static void begin_goal(eng_build *b, int64_t n)
{
	engine *g = b->g;
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
	b->b = (dict_b){&g->goal, 0};
}

void engine_add_goal(eng_build *b, const eng_goal_row *r)
{
	engine *g = b->g;
	int64_t i = slot(b, ENG_T_GOAL);
	if (i < 0)
		return;
	dict_push(&b->b, b->pool, r->id, r->code);
	g->goal_title[i] = arena_strdup(b->pool, text(r->title));
	g->goal_student[i] = eng_index(&g->student, r->student_id);
	g->goal_class[i] = eng_index(&g->cls, r->class_id);
	g->goal_org[i] = eng_index(&g->org, r->org_id);
	g->goal_subject[i] = eng_index(&g->subject, r->subject_id);
	const char *m = text(r->metric);
	g->goal_metric[i] =
	    (int8_t)(strcmp(m, "share_proficient") == 0
	                 ? ENG_METRIC_SHARE_PROFICIENT
	             : strcmp(m, "attendance_rate") == 0
	                 ? ENG_METRIC_ATTENDANCE_RATE
	             : strcmp(m, "score") == 0 ? ENG_METRIC_SCORE
	                                       : ENG_METRIC_MEAN_SCORE);
	g->goal_baseline[i] = r->baseline;
	g->goal_baseline_date[i] = day_of(r->baseline_date);
	g->goal_target[i] = r->target;
	g->goal_due[i] = day_of(r->due_date);
	g->goal_by_student[i] =
	    (int8_t)(r->set_by && strcmp(r->set_by, "student") == 0);
	g->goal_staff[i] = eng_index(&g->staff, r->staff_id);
}

static void begin_profile(eng_build *b, int64_t n)
{
	engine *g = b->g;
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
}

/* 1, 0, or -1 for unknown (negative). */
static int8_t flag01(int v)
{
	return (int8_t)(v < 0 ? -1 : v != 0);
}

void engine_add_profile(eng_build *b, const eng_profile_row *r)
{
	engine *g = b->g;
	if (slot(b, ENG_T_PROFILE) < 0)
		return;
	int32_t o = eng_index(&g->org, r->org_id),
	        y = eng_index(&g->year, r->year_id);
	if (o < 0 || y < 0 || g->org_school[o] < 0)
		return;
	int32_t k = g->nprof++;
	g->prof_school[k] = g->org_school[o];
	g->prof_year[k] = y;
	g->prof_rural[k] =
	    (int8_t)(!r->location ? -1 : strcmp(r->location, "rural") == 0);
	g->prof_water[k] = flag01(r->water);
	g->prof_toilets_girls[k] = r->toilets_girls;
	g->prof_toilets_boys[k] = r->toilets_boys;
	g->prof_electricity[k] = flag01(r->electricity);
	g->prof_library[k] = flag01(r->library);
	g->prof_ramps[k] = flag01(r->ramps);
	g->prof_classrooms[k] = r->classrooms;
	g->prof_teachers[k] = r->teachers;
	g->prof_enrolment[k] = r->enrolment;
	g->prof_ptr[k] = r->pupil_teacher_ratio;
}

/* ---- the tables in order ---- */

/* A table's dictionary, finished with it (NULL: none). */
static int finish_dict(eng_build *b)
{
	if (b->b.d)
		dict_finish(b->b.d);
	return ATT_OK;
}

static int finish_none(eng_build *b)
{
	(void)b;
	return ATT_OK;
}

static const struct {
	void (*begin)(eng_build *b, int64_t n);
	int (*finish)(eng_build *b);
} tables[ENG_T_N] = {
    [ENG_T_LEVEL] = {begin_level, finish_none},
    [ENG_T_ORG] = {begin_org, finish_org},
    [ENG_T_YEAR] = {begin_year, finish_dict},
    [ENG_T_TERM] = {begin_term, finish_dict},
    [ENG_T_SUBJECT] = {begin_subject, finish_dict},
    [ENG_T_STANDARD] = {begin_standard, finish_standard},
    [ENG_T_STUDENT] = {begin_student, finish_dict},
    [ENG_T_STAFF] = {begin_staff, finish_dict},
    [ENG_T_CLASS] = {begin_class, finish_dict},
    [ENG_T_TEACHER] = {begin_teacher, finish_none},
    [ENG_T_ENROLMENT] = {begin_enrolment, finish_enrolment},
    [ENG_T_PLACEMENT] = {begin_placement, finish_placement},
    [ENG_T_ASSESSMENT] = {begin_assessment, finish_dict},
    [ENG_T_CUT] = {begin_cut, finish_cut},
    [ENG_T_ITEM] = {begin_item, finish_item},
    [ENG_T_BEHAVIOUR] = {begin_behaviour, finish_behaviour},
    [ENG_T_ATTITUDE] = {begin_attitude, finish_none},
    [ENG_T_INTERVENTION] = {begin_intervention, finish_dict},
    [ENG_T_PARTICIPANT] = {begin_participant, finish_participant},
    [ENG_T_GOAL] = {begin_goal, finish_dict},
    [ENG_T_PROFILE] = {begin_profile, finish_none},
};

static void open_table(eng_build *b, int t, int64_t n)
{
	b->b = (dict_b){NULL, 0};
	b->room = n > 0 ? n : 0;
	b->rows = b->kept = 0;
	tables[t].begin(b, b->room);
	b->open = 1;
}

/* Finish tables until every one up to `last` is finished. */
static int finish_through(eng_build *b, int last)
{
	while (b->done <= last) {
		if (!b->open)
			open_table(b, b->done, 0);
		int rc = tables[b->done].finish(b);
		scratch_free(b);
		b->open = 0;
		b->done++;
		if (rc)
			return rc;
	}
	return b->rc;
}

eng_build *engine_build_begin(void)
{
	eng_build *b = xcalloc(1, sizeof(*b));
	b->g = xcalloc(1, sizeof(engine));
	arena_init(&b->g->pool);
	b->pool = &b->g->pool;
	err_clear(&b->err);
	return b;
}

void engine_build_version(eng_build *b, int64_t data_version)
{
	b->g->data_version = data_version;
}

int engine_build_table(eng_build *b, eng_table t, int64_t n)
{
	if ((int)t < b->done || (int)t >= ENG_T_N ||
	    ((int)t == b->done && b->open)) {
		fail(b, ATT_EUSAGE, "%s table begun out of order",
		     (int)t >= 0 && t < ENG_T_N ? table_name[t] : "unknown");
		return b->rc;
	}
	int rc = finish_through(b, (int)t - 1);
	if (rc)
		return rc;
	open_table(b, (int)t, n);
	return ATT_OK;
}

/* ---- results and item responses (batched) ---- */

struct eng_rows {
	engine *g;
	int results; /* 1 results, 0 item responses */
	size_t cap;
	int64_t n;
	int64_t *off; /* per group count, later offsets */
	int32_t *student;
	double *score; /* results */
	float *points; /* item responses */
	const eng_dict *groups;
	int32_t last; /* group of the previous row */
	int32_t *grp; /* each row's group, once rows leave group order */
};

static eng_rows *rows_begin(eng_build *b, int results)
{
	if (finish_through(b, ENG_T_ITEM))
		return NULL;
	eng_rows *B = xcalloc(1, sizeof(*B));
	B->g = b->g;
	B->results = results;
	B->groups = results ? &b->g->ass : &b->g->item;
	B->off = xcalloc((size_t)B->groups->n + 1, sizeof(int64_t));
	B->cap = 1 << 16;
	B->student = xmalloc(B->cap * sizeof(int32_t));
	if (results)
		B->score = xmalloc(B->cap * sizeof(double));
	else
		B->points = xmalloc(B->cap * sizeof(float));
	return B;
}

eng_rows *engine_results_begin(eng_build *b)
{
	return rows_begin(b, 1);
}

eng_rows *engine_responses_begin(eng_build *b)
{
	return rows_begin(b, 0);
}

/*
 * Rows have so far come in group order; the next one does not (results
 * are stored student by student). Record every row's group from here on,
 * starting with the rows read so far: they are the groups in order, each
 * as many times as counted.
 */
static void rows_unsorted(eng_rows *B)
{
	B->grp = xmalloc(B->cap * sizeof(int32_t));
	int64_t r = 0;
	for (int32_t gi = 0; gi < B->groups->n && r < B->n; gi++)
		for (int64_t k = 0; k < B->off[gi + 1]; k++)
			B->grp[r++] = gi;
}

void engine_rows_add(eng_rows *B, int n, const int64_t *a, const int64_t *st,
                     const double *v)
{
	if (!B)
		return;
	/* Grow both columns together: student and value share B->cap. */
	if ((size_t)(B->n + n) > B->cap) {
		size_t c = B->cap * 2;
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
	const engine *g = B->g;
	for (int k = 0; k < n; k++) {
		int32_t gi = eng_index(B->groups, a[k]);
		int32_t si = eng_index(&g->student, st[k]);
		if (gi < 0 || si < 0)
			continue;
		if (!B->grp && gi < B->last)
			rows_unsorted(B);
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

/*
 * Put rows added out of group order into group order: a stable counting
 * sort on the group (the offsets are already known), so that within a
 * group the rows keep the order they were added in.
 */
static void rows_group(eng_rows *B)
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

/* The by-student index of results and each result's assessment. */
static void result_index(engine *g)
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

void engine_rows_end(eng_rows *B)
{
	if (!B)
		return;
	engine *g = B->g;
	for (int32_t i = 0; i < B->groups->n; i++)
		B->off[i + 1] += B->off[i];
	if (B->grp)
		rows_group(B);
	if (B->results) {
		g->nres = B->n;
		g->res_off = B->off;
		g->res_student = B->student;
		g->res_score = B->score;
		result_index(g);
	} else {
		g->nir = B->n;
		g->ir_off = B->off;
		g->ir_student = B->student;
		g->ir_points = B->points;
	}
	free(B);
}

/* ---- attendance ---- */

struct eng_attendance {
	engine *g;
	size_t cap, mcap, mlen;
};

eng_attendance *engine_attendance_begin(eng_build *b)
{
	if (finish_through(b, ENG_T_ITEM))
		return NULL;
	eng_attendance *A = xcalloc(1, sizeof(*A));
	A->g = b->g;
	b->g->att_marks_off = xcalloc(1, sizeof(int64_t));
	return A;
}

static void attendance_grow(eng_attendance *A, int len)
{
	engine *g = A->g;
	if ((size_t)g->natt + 1 > A->cap) {
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
}

void engine_attendance_add(eng_attendance *A, int64_t sid, int64_t yid,
                           const uint8_t *m, int len)
{
	if (!A)
		return;
	engine *g = A->g;
	int32_t st = eng_index(&g->student, sid), y = eng_index(&g->year, yid);
	if (st < 0 || y < 0 || len < 0)
		return;
	attendance_grow(A, len);
	int32_t k = g->natt;
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
}

void engine_attendance_end(eng_attendance *A)
{
	free(A);
}

/* ---- the end of a build ---- */

/* Empty CSR arrays for the parts that were not built. */
static void empty_parts(engine *g)
{
	if (!g->res_off)
		g->res_off = xcalloc((size_t)g->ass.n + 1, sizeof(int64_t));
	if (!g->ir_off)
		g->ir_off = xcalloc((size_t)g->item.n + 1, sizeof(int64_t));
	if (!g->att_marks_off)
		g->att_marks_off = xcalloc(1, sizeof(int64_t));
	if (!g->rs_off)
		g->rs_off = xcalloc((size_t)g->student.n + 1, sizeof(int64_t));
	if (!g->res_ass)
		g->res_ass = xcalloc(1, sizeof(int32_t));
}

void engine_build_free(eng_build *b)
{
	if (!b)
		return;
	scratch_free(b);
	engine_free(b->g);
	free(b);
}

int engine_build_end(eng_build *b, engine **out, att_err *e)
{
	*out = NULL;
	int rc = finish_through(b, ENG_T_N - 1);
	if (!rc)
		rc = b->rc;
	if (rc) {
		if (e)
			*e = b->err;
		engine_build_free(b);
		return rc;
	}
	empty_parts(b->g);
	*out = b->g;
	scratch_free(b);
	free(b);
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
