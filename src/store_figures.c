/*
 * store_figures.c - the values of the catalogue's figures, each read from
 * one derived table (see store_figures.h and docs/FIGURES.md).
 *
 * A table of units x figures is filled source by source: each source is
 * one query over the selected units (a common table expression `u(id)`)
 * that returns, per unit id, the columns of the figures it holds. The
 * queries are static strings (the statement cache keys on their address),
 * one per (unit selection, source).
 */
#include "store_figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "store_release.h"
#include "store_sql.h"

/* ---- unit selections: ?1 org (or school), ?2 year ---- */

#define U_ORG "u(id) AS (SELECT ?1)"
#define U_CHILDREN "u(id) AS (SELECT id FROM org WHERE parent_id = ?1)"
#define U_SCHOOLS                                                              \
	"sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM org o"               \
	" JOIN sub ON o.parent_id = sub.id),"                                  \
	" u(id) AS (SELECT o.id FROM sub JOIN org o ON o.id = sub.id"          \
	" AND o.is_school = 1)"
#define U_ALL "u(id) AS (SELECT id FROM org WHERE ?1 = ?1)"
#define U_CLASSES                                                              \
	"u(id) AS (SELECT id FROM class WHERE org_id = ?1 AND year_id = ?2)"
#define U_CLASS "u(id) AS (SELECT id FROM class WHERE id = ?1 AND year_id = ?2)"

/* ---- sources: ?2 year, ?3 subject (0: all subjects), ?4 grade (-1:
 * every grade), ?5 subgroup ('all': every student) ----
 * Each returns the unit id first, then its columns. A source that has no
 * such breakdown returns no rows for it (the figure is absent). */

/* unit_stat (units): students, schools, present, possible days */
#define SRC_UNITS(K)                                                           \
	" SELECT us." K "_id, us.students, us.schools, us.present,"            \
	" us.possible FROM u JOIN unit_stat us ON us." K "_id = u.id"          \
	" AND us.year_id = ?2 AND coalesce(us.grade, -1) = ?4"                 \
	" WHERE ?3 = 0 AND ?5 = 'all'"
/* unit_result (units): summative results of the year, their mean percent
 * of the maximum and share at or above the proficient cut */
#define SRC_DESC(K)                                                            \
	" SELECT ur." K "_id, ur.n, ur.sum_pct / nullif(ur.n, 0),"             \
	" 100.0 * ur.n_prof / nullif(ur.n_cut, 0)"                             \
	" FROM u JOIN unit_result ur ON ur." K "_id = u.id"                    \
	" AND ur.year_id = ?2 AND coalesce(ur.subject_id, 0) = ?3"             \
	" AND coalesce(ur.grade, -1) = ?4 AND ur.subgroup = ?5"
/* desc_stat (desc): one assessment's results, mean percent of the
 * maximum and share at or above the proficient cut */
#define SRC_ASS(K)                                                             \
	" SELECT d." K "_id, d.n, d.mean_pct, 100.0 * d.share_prof"            \
	" FROM u JOIN desc_stat d ON d." K "_id = u.id"                        \
	" AND d.group_kind = '" K "' AND d.assessment_id = ?6"                 \
	" AND d.subgroup = ?5 WHERE ?3 = ?3 AND ?4 = ?4 AND ?2 = ?2"
/* va_group (va): the regression model over all subjects, or one */
#define SRC_VA(K)                                                              \
	" SELECT v." K "_id, v.va, v.lo, v.hi, v.n FROM u JOIN va_group v"     \
	" ON v." K "_id = u.id AND v.group_kind = '" K "'"                     \
	" AND v.model = 'regression' AND v.year_id = ?2"                       \
	" AND coalesce(v.subject_id, 0) = ?3 AND ?4 < 0 AND ?5 = 'all'"
/* ews_summary (ews): flagged (early warning or at risk), at risk, and the
 * students assessed; the analysis covers every subject at once */
#define SRC_EWS_ORG                                                            \
	" SELECT e.org_id, e.n_warn + e.n_risk, e.n_risk, e.n, e.n_chronic,"   \
	" e.n_slowing FROM u"                                                  \
	" JOIN ews_summary e ON e.org_id = u.id AND e.year_id = ?2"            \
	" WHERE ?3 = 0 AND ?4 < 0 AND ?5 = 'all'"
#define SRC_EWS_CLASS                                                          \
	" SELECT en.class_id, count(f.student_id),"                            \
	" coalesce(sum(f.overall = 2), 0), count(*),"                          \
	" coalesce(sum(instr(f.codes, 'chronic_absence') > 0), 0),"            \
	" coalesce(sum(instr(f.codes, 'slowing') > 0), 0) FROM u"              \
	" JOIN enrolment en ON en.class_id = u.id"                             \
	" LEFT JOIN ews_flag f ON f.student_id = en.student_id"                \
	" AND f.year_id = ?2 AND f.overall >= 1"                               \
	" WHERE ?3 = 0 AND ?4 < 0 AND ?5 = 'all'"                              \
	" GROUP BY en.class_id"
/* growth_median (growth): the median SGP of one subject, annual and
 * within the year */
#define SRC_SGP(K)                                                             \
	" SELECT g." K "_id, max(CASE WHEN g.period = 'annual' THEN"           \
	" g.median_sgp END), max(CASE WHEN g.period = 'annual' THEN g.n END)," \
	" max(CASE WHEN g.period = 'within_year' THEN g.median_sgp END),"      \
	" max(CASE WHEN g.period = 'within_year' THEN g.n END)"                \
	" FROM u JOIN growth_median g"                                         \
	" ON g." K "_id = u.id AND g.group_kind = '" K "'"                     \
	" AND g.year_id = ?2 AND g.subject_id = ?3"                            \
	" AND ?4 < 0 AND ?5 = 'all' GROUP BY g." K "_id"

/* va_group (va): over every year analysed (year_id NULL), the rows the
 * peer analysis pairs schools on */
#define SRC_VA_ALL(K)                                                          \
	" SELECT v." K "_id, v.va, v.lo, v.hi, v.n FROM u JOIN va_group v"     \
	" ON v." K "_id = u.id AND v.group_kind = '" K "'"                     \
	" AND v.model = 'regression' AND v.year_id IS NULL"                    \
	" AND coalesce(v.subject_id, 0) = ?3 AND ?4 < 0 AND ?5 = 'all'"        \
	" AND ?2 = ?2"

/* release_cell (release): the blanked cells of the units' figures */
#define SRC_HIDDEN                                                             \
	" SELECT rc.org_id, rc.family, rc.why FROM u JOIN release_cell rc"     \
	" ON rc.org_id = u.id AND rc.year_id = ?2 AND rc.subject_id = ?3"      \
	" AND rc.grade = ?4 AND rc.subgroup = ?5 WHERE ?6 = 0"

enum {
	SRC_UNITS_,
	SRC_DESC_,
	SRC_VA_,
	SRC_EWS_,
	SRC_SGP_,
	SRC_ASS_,
	SRC_VA_ALL_,
	NSRC
};

#define WITH(U, S) "WITH RECURSIVE " U S

/* Every source over one unit selection U of kind K (org or class). */
#define SOURCES(U, K, EWS)                                                     \
	{                                                                      \
		WITH(U, SRC_UNITS(K)), WITH(U, SRC_DESC(K)),                   \
		    WITH(U, SRC_VA(K)), WITH(U, EWS), WITH(U, SRC_SGP(K)),     \
		    WITH(U, SRC_ASS(K)), WITH(U, SRC_VA_ALL(K))                \
	}

static const char *const hidden_sql[SF_ALL_ORGS + 1] = {
    [SF_ALL_ORGS] = WITH(U_ALL, SRC_HIDDEN),
    [SF_ORG] = WITH(U_ORG, SRC_HIDDEN),
    [SF_CHILDREN] = WITH(U_CHILDREN, SRC_HIDDEN),
    [SF_SCHOOLS] = WITH(U_SCHOOLS, SRC_HIDDEN),
};

static const char *const src_sql[SF_CLASS + 1][NSRC] = {
    [SF_ALL_ORGS] = SOURCES(U_ALL, "org", SRC_EWS_ORG),
    [SF_ORG] = SOURCES(U_ORG, "org", SRC_EWS_ORG),
    [SF_CHILDREN] = SOURCES(U_CHILDREN, "org", SRC_EWS_ORG),
    [SF_SCHOOLS] = SOURCES(U_SCHOOLS, "org", SRC_EWS_ORG),
    [SF_CLASSES] = SOURCES(U_CLASSES, "class", SRC_EWS_CLASS),
    [SF_CLASS] = SOURCES(U_CLASS, "class", SRC_EWS_CLASS),
};

/* A class as a unit: ?1 the class (SF_CLASS) or its school (SF_CLASSES). */
#define CLASS_UNIT_SQL(WHERE)                                                  \
	"SELECT c.id, c.code, label('class', c.code, c.name) AS name, "        \
	"'class', "                                                            \
	"0, coalesce(c.grade, -1),"                                            \
	" coalesce(label('subject', su.code, su.name), ''),"                   \
	" coalesce((SELECT group_concat(st.given_name || ' ' ||"               \
	" st.family_name, ', ') FROM teacher_of t JOIN staff st"               \
	" ON st.id = t.staff_id WHERE t.class_id = c.id), '')"                 \
	" FROM class c LEFT JOIN subject su ON su.id = c.subject_id"           \
	" WHERE " WHERE " AND c.year_id = ?2 ORDER BY c.name, c.code"

static const char *const unit_sql[SF_CLASS + 1] = {
    [SF_ALL_ORGS] = "WITH RECURSIVE d(id, depth) AS (SELECT id, 0 FROM org"
                    " WHERE parent_id IS NULL UNION ALL SELECT o.id,"
                    " d.depth + 1 FROM org o JOIN d ON o.parent_id = d.id)"
                    " SELECT o.id, o.code, o.name, o.level, o.is_school"
                    " FROM d JOIN org o ON o.id = d.id"
                    " WHERE ?1 = ?1 AND ?2 = ?2"
                    " ORDER BY d.depth, o.name, o.code",
    [SF_ORG] = "SELECT id, code, name, level, is_school FROM org"
               " WHERE id = ?1 AND ?2 = ?2",
    [SF_CHILDREN] = "SELECT id, code, name, level, is_school FROM org"
                    " WHERE parent_id = ?1 AND ?2 = ?2 ORDER BY name, code",
    [SF_SCHOOLS] = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL"
                   " SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
                   " SELECT o.id, o.code, o.name, o.level, o.is_school"
                   " FROM sub JOIN org o ON o.id = sub.id AND o.is_school = 1"
                   " AND ?2 = ?2 ORDER BY o.name, o.code",
    [SF_CLASSES] = CLASS_UNIT_SQL("c.org_id = ?1"),
    [SF_CLASS] = CLASS_UNIT_SQL("c.id = ?1"),
};

/* Where each figure comes from: its source, the column of the source's
 * row (after the unit id) and the column of its population n (-1: the
 * value is itself a count). A figure whose value is a ratio of two
 * columns (attendance) has `den`. */
typedef struct fig_src {
	int src;
	int col;  /* value column, 1-based after the id */
	int den;  /* denominator column (ratio x 100), 0 none */
	int ncol; /* population column, 0: none */
} fig_src;

static const fig_src fig_srcs[FIG_COUNT] = {
    [FIG_SCHOOLS] = {SRC_UNITS_, 2, 0, 0},
    [FIG_STUDENTS] = {SRC_UNITS_, 1, 0, 0},
    [FIG_ATTENDANCE] = {SRC_UNITS_, 3, 4, 4},
    [FIG_RESULTS] = {SRC_DESC_, 1, 0, 0},
    [FIG_MEAN_PCT] = {SRC_DESC_, 2, 0, 1},
    [FIG_PROFICIENT] = {SRC_DESC_, 3, 0, 1},
    [FIG_VA] = {SRC_VA_, 1, 0, 4},
    [FIG_VA_LO] = {SRC_VA_, 2, 0, 4},
    [FIG_VA_HI] = {SRC_VA_, 3, 0, 4},
    [FIG_VA_N] = {SRC_VA_, 4, 0, 0},
    [FIG_VA_ALL] = {SRC_VA_ALL_, 1, 0, 4},
    [FIG_VA_ALL_LO] = {SRC_VA_ALL_, 2, 0, 4},
    [FIG_VA_ALL_HI] = {SRC_VA_ALL_, 3, 0, 4},
    [FIG_EWS_FLAGGED] = {SRC_EWS_, 1, 0, 3},
    [FIG_EWS_RISK] = {SRC_EWS_, 2, 0, 3},
    [FIG_CHRONIC] = {SRC_EWS_, 4, 0, 3},
    [FIG_EWS_SLOWING] = {SRC_EWS_, 5, 0, 3},
    [FIG_MEDIAN_SGP] = {SRC_SGP_, 1, 0, 2},
    [FIG_SGPS] = {SRC_SGP_, 2, 0, 0},
    [FIG_MEDIAN_SGP_WY] = {SRC_SGP_, 3, 0, 4},
    [FIG_SGPS_WY] = {SRC_SGP_, 4, 0, 0},
};

/* The source a figure is read from under filter f: one assessment's
 * results come from desc_stat (the same definition, for one assessment),
 * and only results figures exist for one assessment. */
static int source_of(fig_id id, const sf_filter *f)
{
	int src = fig_srcs[id].col ? fig_srcs[id].src : -1;
	if (!f->assessment_id || src < 0)
		return src;
	return src == SRC_DESC_ ? SRC_ASS_ : -1;
}

/* A statement of this file (sql_prep) with its first two parameters
 * bound: the id and the year of every query here. NULL with e filled. */
static sql_stmt *prep2(store *s, const char *sql, int64_t p1, int64_t p2,
                       att_err *e)
{
	sql_stmt *st = sql_prep(s, sql, e);
	if (st) {
		sql_bind_int(st, 1, p1);
		sql_bind_int(st, 2, p2);
	}
	return st;
}

/* Every row of a query of this file with its id and year bound, into
 * rows (in arena a). ATT_OK or ATT_EIO ("what: ..."). */
static int rows2(store *s, const char *sql, int64_t p1, int64_t p2, arena *a,
                 rowset *rows, att_err *e, const char *what)
{
	sql_stmt *st = prep2(s, sql, p1, p2, e);
	return st ? sql_rows(st, a, 0, rows, e, what) : ATT_EIO;
}

static int load_units(store *s, sf_which which, int64_t org, int64_t year,
                      arena *a, sf_table *t, att_err *e)
{
	rowset r;
	int rc = rows2(s, unit_sql[which], org, year, a, &r, e,
	               "cannot read the units of a figures table");
	if (rc)
		return rc;
	int cls = r.ncol > 5;
	t->nunits = r.nrow;
	t->units = arena_alloc(a, (size_t)(r.nrow + 1) * sizeof(sf_unit));
	for (int i = 0; i < r.nrow; i++)
		t->units[i] = (sf_unit){rows_int_at(&r, i, 0),
		                        rows_text_at(&r, i, 1),
		                        rows_text_at(&r, i, 2),
		                        rows_text_at(&r, i, 3),
		                        (int)rows_int_at(&r, i, 4),
		                        cls ? (int)rows_int_at(&r, i, 5) : -1,
		                        cls ? rows_text_at(&r, i, 6) : "",
		                        cls ? rows_text_at(&r, i, 7) : ""};
	return ATT_OK;
}

/* Row of unit id in t (units are few hundred at most per page; the ids
 * are looked up through a sorted copy). */
typedef struct id_ix {
	int64_t id;
	int ix;
} id_ix;

static int id_cmp(const void *a, const void *b)
{
	int64_t x = ((const id_ix *)a)->id, y = ((const id_ix *)b)->id;
	return x < y ? -1 : x > y;
}

static int find_unit(const id_ix *ix, int n, int64_t id)
{
	id_ix key = {id, 0};
	const id_ix *f = bsearch(&key, ix, (size_t)n, sizeof(id_ix), id_cmp);
	return f ? f->ix : -1;
}

static double col_num(sql_stmt *st, int c)
{
	return sql_null(st, c) ? NAN : sql_num(st, c);
}

/* A source's statement with the unit selection (?1 org, ?2 year) and
 * the filter (?3 subject, ?4 grade, ?5 subgroup, ?6 assessment) bound. */
static sql_stmt *prep_filter(store *s, const char *sql, int64_t org,
                             const sf_filter *f, att_err *e)
{
	sql_stmt *st = prep2(s, sql, org, f->year_id, e);
	if (!st)
		return NULL;
	sql_bind_int(st, 3, f->subject_id);
	sql_bind_int(st, 4, f->grade < 0 ? -1 : f->grade);
	sql_bind_text(st, 5, f->subgroup && *f->subgroup ? f->subgroup : "all");
	sql_bind_int(st, 6, f->assessment_id);
	return st;
}

/* Run source `src` and fill every requested figure it holds. */
static int fill_source(store *s, sf_which which, int src, int64_t org,
                       const sf_filter *f, const id_ix *ix, sf_table *t,
                       att_err *e)
{
	sql_stmt *st = prep_filter(s, src_sql[which][src], org, f, e);
	if (!st)
		return ATT_EIO;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int u = find_unit(ix, t->nunits, sql_int(st, 0));
		if (u < 0)
			continue;
		for (int j = 0; j < t->nfigs; j++) {
			const fig_src *fs = &fig_srcs[t->figs[j]];
			if (source_of(t->figs[j], f) != src || fs->col == 0)
				continue;
			size_t k = (size_t)u * (size_t)t->nfigs + (size_t)j;
			double v = col_num(st, fs->col);
			if (fs->den) {
				double d = col_num(st, fs->den);
				v = d > 0 ? 100.0 * v / d : NAN;
			}
			t->v[k] = v;
			t->n[k] = fs->ncol ? sql_int(st, fs->ncol)
			                   : (isnan(v) ? 0 : (int64_t)v);
		}
	}
	sql_reset(st);
	return rc == SQL_DONE ? ATT_OK : sql_fail(s, e, "cannot read figures");
}

/* The family of release cells a figure is blanked with (0: never). */
static int family_of(fig_id id)
{
	switch (id) {
	case FIG_STUDENTS:
	case FIG_ATTENDANCE:
		return RL_STUDENTS;
	case FIG_EWS_FLAGGED:
		return RL_FLAGGED;
	case FIG_EWS_RISK:
		return RL_RISK;
	case FIG_CHRONIC:
		return RL_CHRONIC;
	case FIG_EWS_SLOWING:
		return RL_SLOWING;
	case FIG_SCHOOLS:
	case FIG_NONE:
	case FIG_COUNT:
		return 0;
	default: /* results and what is computed from them */
		return fig_srcs[id].col ? RL_RESULTS : 0;
	}
}

/* Mark the hidden cells of org units (release_cell of the filter). */
static int fill_hidden(store *s, sf_which which, int64_t org,
                       const sf_filter *f, const id_ix *ix, sf_table *t,
                       att_err *e)
{
	if (which == SF_CLASSES || which == SF_CLASS)
		return ATT_OK;
	sql_stmt *st = prep_filter(s, hidden_sql[which], org, f, e);
	if (!st)
		return ATT_EIO;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int u = find_unit(ix, t->nunits, sql_int(st, 0));
		int fam = (int)sql_int(st, 1), why = (int)sql_int(st, 2);
		for (int j = 0; u >= 0 && j < t->nfigs; j++)
			if (family_of(t->figs[j]) == fam)
				t->hid[(size_t)u * (size_t)t->nfigs +
				       (size_t)j] = (unsigned char)why;
	}
	sql_reset(st);
	return rc == SQL_DONE ? ATT_OK
	                      : sql_fail(s, e, "cannot read the blanked cells");
}

/* The figures and the cells of t for its units (values NaN, n 0); every
 * figure must be one of the catalogue. */
static int table_cells(arena *a, sf_table *t, const fig_id *figs, int nfigs,
                       att_err *e)
{
	for (int j = 0; j < nfigs; j++)
		if (figs[j] <= FIG_NONE || figs[j] >= FIG_COUNT)
			return err_set(e, ATT_EINPUT, "no such figure %d",
			               (int)figs[j]);
	t->nfigs = nfigs;
	fig_id *fc = arena_alloc(a, (size_t)(nfigs + 1) * sizeof(fig_id));
	if (nfigs)
		memcpy(fc, figs, (size_t)nfigs * sizeof(fig_id));
	t->figs = fc;
	size_t cells = (size_t)t->nunits * (size_t)nfigs + 1;
	t->v = arena_alloc(a, cells * sizeof(double));
	t->n = arena_alloc(a, cells * sizeof(int64_t));
	t->hid = arena_alloc(a, cells);
	for (size_t k = 0; k < cells; k++)
		t->v[k] = NAN;
	return ATT_OK;
}

int store_figures_units(store *s, sf_which which, int64_t org_id,
                        const sf_filter *f, const fig_id *figs, int nfigs,
                        arena *a, sf_table *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	if ((int)which < 0 || which > SF_CLASS || nfigs < 0)
		return err_set(e, ATT_EINPUT, "no such figures table");
	int rc = load_units(s, which, org_id, f->year_id, a, out, e);
	if (rc)
		return rc;
	if ((rc = table_cells(a, out, figs, nfigs, e)))
		return rc;
	id_ix *ix = arena_alloc(a, (size_t)(out->nunits + 1) * sizeof(id_ix));
	for (int u = 0; u < out->nunits; u++)
		ix[u] = (id_ix){out->units[u].id, u};
	qsort(ix, (size_t)out->nunits, sizeof(id_ix), id_cmp);
	int want[NSRC] = {0};
	for (int j = 0; j < nfigs; j++) {
		int src = source_of(figs[j], f);
		if (src >= 0)
			want[src] = 1;
	}
	if (out->nunits == 0)
		return ATT_OK;
	for (int src = 0; src < NSRC && !rc; src++)
		if (want[src])
			rc = fill_source(s, which, src, org_id, f, ix, out, e);
	if (!rc)
		rc = fill_hidden(s, which, org_id, f, ix, out, e);
	return rc;
}

/* ---- axes ---- */

static const char *const axis_sql[] = {
    [SF_AXIS_YEARS] = "SELECT y.id, y.code, y.name FROM academic_year y"
                      " WHERE ?2 = ?2 AND EXISTS (SELECT 1 FROM unit_stat us"
                      " WHERE us.org_id = ?1 AND us.year_id = y.id)"
                      " ORDER BY y.start_date, y.code",
    [SF_AXIS_GRADES] = "SELECT grade, grade, '' FROM unit_stat"
                       " WHERE org_id = ?1 AND year_id = ?2"
                       " AND grade IS NOT NULL ORDER BY grade",
    [SF_AXIS_SUBJECTS] = "SELECT su.id, su.code, label('subject', su.code, "
                         "su.name) AS name FROM subject su WHERE EXISTS"
                         " (SELECT 1 FROM unit_result ur WHERE ur.org_id = ?1"
                         " AND ur.year_id = ?2 AND ur.subject_id = su.id)"
                         " ORDER BY su.code",
    [SF_AXIS_ASSESSMENTS] =
        "SELECT a.id, a.code, label('assessment', a.code, a.name) || char(9) "
        "|| label('subject', su.code, su.name) || char(9) ||"
        " coalesce(label('term', t.code, t.name), '') FROM assessment a"
        " JOIN subject su ON su.id = a.subject_id"
        " LEFT JOIN term t ON t.id = a.term_id"
        " WHERE a.year_id = ?2 AND a.kind = 'summative' AND EXISTS"
        " (SELECT 1 FROM desc_stat d WHERE d.assessment_id = a.id"
        " AND d.org_id = ?1 AND d.group_kind = 'org'"
        " AND d.subgroup = 'all')"
        " ORDER BY su.name, a.grade, a.date, a.code",
    [SF_AXIS_SUBGROUPS] = "SELECT DISTINCT 0, subgroup, '' FROM unit_result"
                          " WHERE org_id = ?1 AND year_id = ?2"
                          " AND subject_id IS NULL AND subgroup <> 'all'"
                          " ORDER BY subgroup",
};

int store_figures_axis(store *s, sf_axis_kind kind, int64_t org_id,
                       int64_t year_id, arena *a, sf_axis **out, int *n,
                       att_err *e)
{
	*out = NULL;
	*n = 0;
	if ((int)kind < 0 || kind > SF_AXIS_ASSESSMENTS)
		return err_set(e, ATT_EINPUT, "no such breakdown");
	rowset r;
	int rc = rows2(s, axis_sql[kind], org_id, year_id, a, &r, e,
	               "cannot read a breakdown of figures");
	if (rc)
		return rc;
	*out = arena_alloc(a, (size_t)(r.nrow + 1) * sizeof(sf_axis));
	for (int i = 0; i < r.nrow; i++)
		(*out)[i] =
		    (sf_axis){rows_int_at(&r, i, 0), rows_text_at(&r, i, 1),
		              rows_text_at(&r, i, 2)};
	*n = r.nrow;
	return ATT_OK;
}

/* ---- students ---- */

static const char *const stu_unit_sql[] = {
    [SF_STUDENT] = "SELECT id, code, given_name || ' ' || family_name"
                   " FROM student WHERE id = ?1 AND ?2 = ?2",
    [SF_CLASS_STUDENTS] =
        "SELECT s.id, s.code, s.given_name || ' ' || s.family_name"
        " FROM enrolment en JOIN student s ON s.id = en.student_id"
        " WHERE en.class_id = ?1 AND ?2 = ?2"
        " ORDER BY s.family_name, s.given_name, s.code",
};

/* The students' selection as u(id). */
#define SU_STUDENT "u(id) AS (SELECT ?1)"
#define SU_CLASS                                                               \
	"u(id) AS (SELECT student_id FROM enrolment WHERE class_id = ?1)"

/* results: ?2 year, ?3 subject (0 all) */
#define SS_RES                                                                 \
	" SELECT r.student_id, count(*),"                                      \
	" sum(r.score * 100.0 / a.max_score) / count(*) FROM u"                \
	" JOIN result r ON r.student_id = u.id JOIN assessment a"              \
	" ON a.id = r.assessment_id AND a.kind = 'summative'"                  \
	" AND a.year_id = ?2 AND (?3 = 0 OR a.subject_id = ?3)"                \
	" GROUP BY r.student_id"
/* attendance marks of the year (decoded here, attendance.h) */
#define SS_ATT                                                                 \
	" SELECT t.student_id, t.marks FROM u JOIN attendance t"               \
	" ON t.student_id = u.id AND t.year_id = ?2 WHERE ?3 = ?3"
/* negative behaviour events dated inside the year */
#define SS_BEH                                                                 \
	" SELECT b.student_id, count(*) FROM u JOIN behaviour_event b"         \
	" ON b.student_id = u.id AND b.kind = 'negative'"                      \
	" JOIN academic_year y ON y.id = ?2"                                   \
	" AND b.date BETWEEN y.start_date AND y.end_date WHERE ?3 = ?3"        \
	" GROUP BY b.student_id"
/* the annual growth percentile of the subject */
#define SS_SGP                                                                 \
	" SELECT g.student_id, g.sgp FROM u JOIN growth g"                     \
	" ON g.student_id = u.id AND g.year_id = ?2 AND g.subject_id = ?3"     \
	" AND g.period = 'annual' AND g.sgp IS NOT NULL"
/* the early-warning flag of the year */
#define SS_EWS                                                                 \
	" SELECT f.student_id, f.overall >= 1, f.overall = 2 FROM u"           \
	" JOIN ews_flag f ON f.student_id = u.id AND f.year_id = ?2"           \
	" WHERE ?3 = ?3"

enum { SS_RES_, SS_ATT_, SS_BEH_, SS_SGP_, SS_EWS_, NSS };

#define STU_SOURCES(U)                                                         \
	{                                                                      \
		WITH(U, SS_RES), WITH(U, SS_ATT), WITH(U, SS_BEH),             \
		    WITH(U, SS_SGP), WITH(U, SS_EWS)                           \
	}

static const char *const stu_sql[2][NSS] = {
    [SF_STUDENT] = STU_SOURCES(SU_STUDENT),
    [SF_CLASS_STUDENTS] = STU_SOURCES(SU_CLASS),
};

/* Where each student figure comes from (source, column). */
static int stu_source(fig_id id, int *col)
{
	switch (id) {
	case FIG_RESULTS:
		*col = 1;
		return SS_RES_;
	case FIG_MEAN_PCT:
		*col = 2;
		return SS_RES_;
	case FIG_ATTENDANCE:
		*col = 1;
		return SS_ATT_;
	case FIG_INCIDENTS:
		*col = 1;
		return SS_BEH_;
	case FIG_SGP:
		*col = 1;
		return SS_SGP_;
	case FIG_EWS_FLAGGED:
		*col = 1;
		return SS_EWS_;
	case FIG_EWS_RISK:
		*col = 2;
		return SS_EWS_;
	default:
		return -1;
	}
}

static int stu_fill(store *s, sf_students which, int src, int64_t id,
                    const sf_filter *f, const id_ix *ix, sf_table *t,
                    att_err *e)
{
	sql_stmt *st = prep2(s, stu_sql[which][src], id, f->year_id, e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 3, f->subject_id);
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int u = find_unit(ix, t->nunits, sql_int(st, 0));
		for (int j = 0; u >= 0 && j < t->nfigs; j++) {
			int col;
			if (stu_source(t->figs[j], &col) != src)
				continue;
			size_t k = (size_t)u * (size_t)t->nfigs + (size_t)j;
			if (src == SS_ATT_) {
				attendance_tally at;
				int len = 0;
				const void *m = sql_blob(st, 1, &len);
				attendance_count(m, (size_t)len, &at);
				t->v[k] = at.possible > 0
				              ? 100.0 * at.present / at.possible
				              : NAN;
				t->n[k] = at.possible;
				continue;
			}
			t->v[k] = col_num(st, col);
			t->n[k] = src == SS_RES_ ? sql_int(st, 1) : 1;
		}
	}
	sql_reset(st);
	return rc == SQL_DONE ? ATT_OK : sql_fail(s, e, "cannot read figures");
}

int store_figures_students(store *s, sf_students which, int64_t id,
                           const sf_filter *f, const fig_id *figs, int nfigs,
                           arena *a, sf_table *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	if ((int)which < 0 || which > SF_CLASS_STUDENTS || nfigs < 0)
		return err_set(e, ATT_EINPUT, "no such figures table");
	rowset r;
	int rc = rows2(s, stu_unit_sql[which], id, f->year_id, a, &r, e,
	               "cannot read the students of figures");
	if (rc)
		return rc;
	int n = r.nrow;
	out->nunits = n;
	out->units = arena_alloc(a, (size_t)(n + 1) * sizeof(sf_unit));
	for (int i = 0; i < n; i++)
		out->units[i] = (sf_unit){rows_int_at(&r, i, 0),
		                          rows_text_at(&r, i, 1),
		                          rows_text_at(&r, i, 2),
		                          "student",
		                          0,
		                          -1,
		                          "",
		                          ""};
	if ((rc = table_cells(a, out, figs, nfigs, e)))
		return rc;
	id_ix *ix = arena_alloc(a, (size_t)(n + 1) * sizeof(id_ix));
	for (int k = 0; k < n; k++)
		ix[k] = (id_ix){out->units[k].id, k};
	qsort(ix, (size_t)n, sizeof(id_ix), id_cmp);
	int want[NSS] = {0};
	for (int j = 0; j < nfigs; j++) {
		int col, src = stu_source(figs[j], &col);
		if (src >= 0)
			want[src] = 1;
	}
	for (int src = 0; src < NSS && !rc && n; src++)
		if (want[src])
			rc = stu_fill(s, which, src, id, f, ix, out, e);
	/* a student with no behaviour event has none: 0, not absent */
	for (int j = 0; j < nfigs; j++)
		for (int k = 0; figs[j] == FIG_INCIDENTS && k < n; k++)
			if (isnan(
			        out->v[(size_t)k * (size_t)nfigs + (size_t)j]))
				out->v[(size_t)k * (size_t)nfigs + (size_t)j] =
				    0;
	return rc;
}

/* ---- mastery of learning outcomes (store_figures.h) ---- */

/* The students of a selection as u(unit, sid, year, subject): the unit a
 * student's mastery counts for (the student for student rows), the year
 * (NULL: every year) and subject (NULL: every subject) of the outcomes
 * that count. ?1 the id, ?2 the year (0: every year, students only). */
#define MU_STUDENT                                                             \
	"u(unit, sid, year, subject) AS (SELECT ?1, ?1, nullif(?2, 0), NULL)"
#define MU_CLASS(UNIT)                                                         \
	"u(unit, sid, year, subject) AS (SELECT " UNIT ", en.student_id,"      \
	" c.year_id, c.subject_id FROM class c JOIN enrolment en"              \
	" ON en.class_id = c.id WHERE c.id = ?1 AND ?2 = ?2)"

/* Each student's row of the items analysis's mastery_year: points earned
 * and available, items, assessments, enough evidence, mastered. */
#define M_CORE                                                                 \
	", sm AS (SELECT u.unit, u.sid, my.year_id, my.standard_id,"           \
	" my.points AS pts, my.max_points AS mx, my.items, my.assessments,"    \
	" my.enough, my.mastered FROM u JOIN mastery_year my"                  \
	" ON my.student_id = u.sid AND (u.year IS NULL OR my.year_id = "       \
	"u.year)"                                                              \
	" JOIN standard s0 ON s0.id = my.standard_id"                          \
	" AND (u.subject IS NULL OR s0.subject_id = u.subject))"
#define M_OUTCOME                                                              \
	" y.code AS year, y.id AS year_id, sd.code AS standard,"               \
	" label('standard', sd.code, sd.description) AS description,"          \
	" label('subject', su.code, su.name) AS subject,"
#define M_JOINS(T)                                                             \
	" JOIN standard sd ON sd.id = " T ".standard_id"                       \
	" JOIN subject su ON su.id = sd.subject_id"                            \
	" JOIN academic_year y ON y.id = " T ".year_id"
/* a student's row: no number without enough evidence */
#define M_STUDENTS                                                             \
	" SELECT s.code, s.given_name || ' ' || s.family_name AS "             \
	"name," M_OUTCOME " CASE WHEN sm.enough THEN 100.0 * sm.pts / sm.mx"   \
	" END AS mastery_pct, sm.mx AS mastery_points,"                        \
	" sm.items AS mastery_items, sm.assessments AS mastery_assessments,"   \
	" NULL AS mastery_students,"                                           \
	" CASE WHEN sm.enough THEN 100.0 * sm.mastered END AS mastery_share,"  \
	" sm.enough AS enough"                                                 \
	" FROM sm JOIN student s ON s.id = sm.sid" M_JOINS(                    \
	    "sm") " ORDER BY s.family_name, s.given_name, s.code,"             \
	          " su.name, sd.code, y.start_date"
/* a class's row: the mean over its students */
#define M_CLASS                                                                \
	" SELECT x.code, label('class', x.code, x.name) AS name," M_OUTCOME    \
	" avg(100.0 * sm.pts / sm.mx) AS mastery_pct, NULL AS mastery_points," \
	" NULL AS mastery_items, NULL AS mastery_assessments,"                 \
	" count(*) AS mastery_students,"                                       \
	" 100.0 * avg(sm.mastered) AS mastery_share, 1 AS enough"              \
	" FROM sm JOIN class x ON x.id = sm.unit" M_JOINS(                     \
	    "sm") " GROUP BY sm.unit, sm.year_id, sm.standard_id"              \
	          " ORDER BY y.start_date, mastery_pct, sd.code"
/* an org's row from mastery_unit mu (and, for the relative figure, the
 * area's sums pa) */
#define M_UNIT_COLS                                                            \
	" SELECT x.code, x.name AS name," M_OUTCOME                            \
	" mu.sum_pct / mu.n AS mastery_pct, NULL AS mastery_points,"           \
	" NULL AS mastery_items, NULL AS mastery_assessments,"                 \
	" mu.n AS mastery_students,"                                           \
	" 100.0 * mu.n_mastered / mu.n AS mastery_share, 1 AS enough"
#define M_REL_COLS                                                             \
	", NULL AS mastery_rel, NULL AS mastery_rel_lo, NULL AS "              \
	"mastery_rel_hi,"                                                      \
	" mu.n AS n_u, mu.sum_pct AS sum_u, mu.sumsq_pct AS sq_u,"             \
	" pa.n AS n_a, pa.sum_pct AS sum_a, pa.sumsq_pct AS sq_a"

static const char *const mastery_sql[] = {
    [SF_M_STUDENT] = WITH(MU_STUDENT, M_CORE M_STUDENTS),
    [SF_M_CLASS_STUDENTS] = WITH(MU_CLASS("en.student_id"), M_CORE M_STUDENTS),
    [SF_M_CLASS] = WITH(MU_CLASS("c.id"), M_CORE M_CLASS),
    [SF_M_SCHOOLS] =
        "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM org o"
        " JOIN sub ON o.parent_id = sub.id)" M_UNIT_COLS
        " FROM sub JOIN org x ON x.id = sub.id AND x.is_school = 1"
        " JOIN mastery_unit mu ON mu.org_id = x.id AND mu.year_id = ?2"
        " AND mu.n > 0" M_JOINS(
            "mu") " ORDER BY x.name, x.code, su.name, sd.code",
    [SF_M_CHILDREN] = M_UNIT_COLS M_REL_COLS
    " FROM org x JOIN mastery_unit mu ON mu.org_id = x.id"
    " AND mu.year_id = ?2 AND mu.n > 0"
    " LEFT JOIN mastery_unit pa ON pa.org_id = ?1 AND pa.year_id = ?2"
    " AND pa.standard_id = mu.standard_id" M_JOINS(
        "mu") " WHERE x.parent_id = ?1"
              " ORDER BY x.name, x.code, su.name, sd.code",
};

void sf_mastery_rel(int64_t nu, double su, double qu, int64_t na, double sa,
                    double qa, double out[3])
{
	out[0] = out[1] = out[2] = NAN;
	if (nu < 1 || na < nu)
		return;
	out[0] = su / (double)nu - sa / (double)na;
	int64_t nr = na - nu;
	if (nu < 2 || nr < 2)
		return;
	double sr = sa - su, qr = qa - qu;
	double vu = (qu - su * su / (double)nu) / (double)(nu - 1);
	double vr = (qr - sr * sr / (double)nr) / (double)(nr - 1);
	vu = vu > 0 ? vu : 0;
	vr = vr > 0 ? vr : 0;
	double se =
	    (double)nr / (double)na * sqrt(vu / (double)nu + vr / (double)nr);
	out[1] = out[0] - 1.96 * se;
	out[2] = out[0] + 1.96 * se;
}

/* Fill the relative figure of each child row from its sums (SF_M_CHILDREN). */
static void fill_rel(rowset *r, arena *a)
{
	int c = rows_col(r, "mastery_rel");
	for (int i = 0; c >= 0 && i < r->nrow; i++) {
		double v[3];
		sf_mastery_rel(rows_int(r, i, "n_u"), rows_num(r, i, "sum_u"),
		               rows_num(r, i, "sq_u"), rows_int(r, i, "n_a"),
		               rows_num(r, i, "sum_a"), rows_num(r, i, "sq_a"),
		               v);
		for (int k = 0; k < 3; k++)
			rows_put_num(r, a, i, c + k, v[k]);
	}
}

int store_figures_mastery(store *s, sf_mastery which, int64_t id,
                          int64_t year_id, arena *a, rowset *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	if ((int)which < 0 || which > SF_M_CHILDREN)
		return err_set(e, ATT_EINPUT, "no such mastery table");
	sql_stmt *st = prep2(s, mastery_sql[which], id, year_id, e);
	if (!st)
		return ATT_EIO;
	int rc = sql_rows(st, a, 0, out, e, "cannot read mastery");
	if (!rc && which == SF_M_CHILDREN)
		fill_rel(out, a);
	return rc;
}
