/*
 * web_figures.c - figures of the catalogue (figures.h) on a page: columns
 * and page figures whose key, label and rounding come from the catalogue,
 * and tables of units x figures (store_figures.h) as page tables. A page
 * that shows a figure through these shows it as every other page does.
 */
#include <math.h>
#include <string.h>

#include "figures.h"
#include "i18n.h"
#include "web.h"

/* A figure's value as a page cell: a count is an integer (JSON and CSV
 * print it without decimals), anything else a real; NaN is absent. */
static sw_val fig_cell(fig_id id, double v)
{
	if (!isfinite(v))
		return (sw_val){SWV_NULL, 0, ""};
	const fig_def *d = fig_get(id);
	return (sw_val){d && d->unit == FIG_UNIT_COUNT ? SWV_INT : SWV_REAL, v,
	                ""};
}

web_col web_fig_col(fig_id id)
{
	const fig_def *d = fig_get(id);
	web_col c = {d ? d->key : "", fig_label(id), WC_FIG, NULL, NULL};
	return c;
}

web_figure *web_page_figure(web_page *p, fig_id id, double v)
{
	const fig_def *d = fig_get(id);
	if (!d)
		return NULL;
	sw_val sv = fig_cell(id, v);
	web_figure *f = web_page_fig(p, d->key, fig_label(id), WC_FIG, &sv);
	if (f)
		f->fig = id;
	return f;
}

const char *web_fig_note(web_req *r, const fig_id *figs, int n)
{
	buf b;
	buf_init(&b);
	for (int i = 0; i < n; i++) {
		const fig_def *d = fig_get(figs[i]);
		/* an interval's ends are explained by the figure they bound */
		if (!d || (i > 0 && (fig_get(figs[i - 1])->lo == figs[i] ||
		                     fig_get(figs[i - 1])->hi == figs[i])))
			continue;
		if (i > 1 && fig_get(figs[i - 2])->hi == figs[i])
			continue;
		buf_printf(&b, "%s%s: %s", b.len ? " " : "", fig_label(figs[i]),
		           fig_help(figs[i]));
	}
	const char *s = arena_strdup(&r->a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

enum { C_CODE, C_NAME, C_LEVEL, C_FIRST };

void web_rows_from_figures(web_req *r, const sf_table *t, sw_rows *out)
{
	int stu = -1;
	for (int f = 0; f < t->nfigs; f++)
		if (t->figs[f] == FIG_STUDENTS)
			stu = f;
	int nc = C_FIRST + t->nfigs + (stu >= 0);
	out->ncol = nc;
	out->nrow = t->nunits;
	out->names = arena_alloc(&r->a, (size_t)nc * sizeof(char *));
	out->names[C_CODE] = "code";
	out->names[C_NAME] = "name";
	out->names[C_LEVEL] = "level";
	for (int f = 0; f < t->nfigs; f++)
		out->names[C_FIRST + f] = fig_get(t->figs[f])->key;
	if (stu >= 0)
		out->names[nc - 1] = "n";
	out->v = arena_alloc(&r->a, (size_t)(t->nunits + 1) * (size_t)nc *
	                                sizeof(sw_val));
	for (int u = 0; u < t->nunits; u++) {
		const sf_unit *un = &t->units[u];
		*sw_at(out, u, C_CODE) = (sw_val){SWV_TEXT, 0, un->code};
		*sw_at(out, u, C_NAME) = (sw_val){SWV_TEXT, 0, un->name};
		*sw_at(out, u, C_LEVEL) = (sw_val){SWV_TEXT, 0, _(un->level)};
		for (int f = 0; f < t->nfigs; f++) {
			*sw_at(out, u, C_FIRST + f) =
			    fig_cell(t->figs[f], sf_v(t, u, f));
		}
		if (stu >= 0) {
			double v = sf_v(t, u, stu);
			*sw_at(out, u, nc - 1) =
			    (sw_val){SWV_INT, isfinite(v) ? v : 0, ""};
		}
	}
}

/* Blank the cells of an aggregate table whose figures the release
 * analysis hides (sf_hidden): the figure's column of row u, and the "n"
 * column with the students. Returns whether anything was blanked. */
static int rows_hide(const sf_table *t, sw_rows *rows)
{
	int any = 0, nc = web_rows_col(rows, "n");
	for (int u = 0; u < t->nunits && u < rows->nrow; u++)
		for (int f = 0; f < t->nfigs; f++) {
			if (!sf_hidden(t, u, f))
				continue;
			any = 1;
			*sw_at(rows, u, C_FIRST + f) =
			    (sw_val){SWV_NULL, 0, ""};
			if (t->figs[f] == FIG_STUDENTS && nc >= 0)
				*sw_at(rows, u, nc) = (sw_val){SWV_NULL, 0, ""};
		}
	return any;
}

/* rows with the words of more[0..nmore) per unit (text[u * nmore + k]):
 * a column the rows have already (the unit's "level") takes the words,
 * any other is added at the end. */
static void rows_add_text(web_req *r, sw_rows *rows, const web_col *more,
                          int nmore, const char *const *text)
{
	sw_rows x = *rows;
	int *at = arena_alloc(&r->a, (size_t)(nmore + 1) * sizeof(int));
	for (int k = 0; k < nmore; k++) {
		at[k] = web_rows_col(rows, more[k].key);
		if (at[k] < 0)
			at[k] = x.ncol++;
	}
	x.names = arena_alloc(&r->a, (size_t)x.ncol * sizeof(char *));
	memcpy(x.names, rows->names, (size_t)rows->ncol * sizeof(char *));
	for (int k = 0; k < nmore; k++)
		x.names[at[k]] = more[k].key;
	x.v = arena_alloc(&r->a, (size_t)(rows->nrow + 1) * (size_t)x.ncol *
	                             sizeof(sw_val));
	for (int u = 0; u < rows->nrow; u++) {
		for (int c = 0; c < rows->ncol; c++)
			*sw_at(&x, u, c) = *sw_at(rows, u, c);
		for (int k = 0; k < nmore; k++) {
			const char *w =
			    text[(size_t)u * (size_t)nmore + (size_t)k];
			*sw_at(&x, u, at[k]) =
			    (sw_val){SWV_TEXT, 0, w ? w : ""};
		}
	}
	*rows = x;
}

/* Where a unit's name links: its page. */
static const char *unit_href(const sf_table *t)
{
	const char *level = t->nunits > 0 ? t->units[0].level : "";
	if (strcmp(level, "class") == 0)
		return "/classes/";
	if (strcmp(level, "student") == 0)
		return "/students/";
	return "/orgs/";
}

web_table *web_page_fig_table_more(web_req *r, web_page *p, const char *id,
                                   const char *title, const char *unit_label,
                                   const sf_table *t, int aggregate,
                                   const web_col *more, int nmore,
                                   const char *const *text)
{
	sw_rows rows;
	web_rows_from_figures(r, t, &rows);
	int hidden = aggregate && rows_hide(t, &rows);
	if (!text)
		nmore = 0;
	if (nmore > 0)
		rows_add_text(r, &rows, more, nmore, text);
	int nc = t->nfigs + 1 + nmore;
	web_col *cols = arena_alloc(&r->a, (size_t)nc * sizeof(web_col));
	fig_id *figs = arena_alloc(&r->a, (size_t)nc * sizeof(fig_id));
	cols[0] = (web_col){"name", unit_label, WC_LINK, unit_href(t), "code"};
	for (int f = 0; f < t->nfigs; f++) {
		cols[f + 1] = web_fig_col(t->figs[f]);
		figs[f + 1] = t->figs[f];
	}
	for (int k = 0; k < nmore; k++)
		cols[t->nfigs + 1 + k] =
		    (web_col){more[k].key, more[k].label, WC_TEXT, NULL, NULL};
	web_table *tb = web_page_table(p, id, title, cols, nc, &rows);
	if (!tb)
		return NULL;
	tb->figs = figs;
	tb->suppressed = hidden;
	return tb;
}

web_table *web_page_fig_table_text(web_req *r, web_page *p, const char *id,
                                   const char *title, const char *unit_label,
                                   const sf_table *t, int aggregate,
                                   const char *key, const char *label,
                                   const char *const *text)
{
	web_col more = {key, label, WC_TEXT, NULL, NULL};
	return web_page_fig_table_more(r, p, id, title, unit_label, t,
	                               aggregate, &more, 1, text);
}

web_table *web_page_fig_table(web_req *r, web_page *p, const char *id,
                              const char *title, const char *unit_label,
                              const sf_table *t, int aggregate)
{
	return web_page_fig_table_text(r, p, id, title, unit_label, t,
	                               aggregate, NULL, NULL, NULL);
}

web_table *web_page_fig_breakdown(web_req *r, web_page *p, const char *id,
                                  const char *title, const char *key_label,
                                  int64_t org_id, const web_fig_row *rows,
                                  int nrows, const fig_id *figs, int nfigs,
                                  int aggregate)
{
	/* key, label, the figures, n */
	enum { BK_KEY, BK_LABEL, BK_FIRST };
	int bk_n = BK_FIRST + nfigs, nc = bk_n + 1;
	sw_rows out = {nc, 0, NULL, NULL};
	out.names = arena_alloc(&r->a, (size_t)nc * sizeof(char *));
	out.names[BK_KEY] = "key";
	out.names[BK_LABEL] = "label";
	for (int f = 0; f < nfigs; f++)
		out.names[BK_FIRST + f] = fig_get(figs[f])->key;
	out.names[bk_n] = "n";
	out.v = arena_alloc(&r->a,
	                    (size_t)(nrows + 1) * (size_t)nc * sizeof(sw_val));
	int stu = -1, hidden = 0;
	for (int f = 0; f < nfigs; f++)
		if (figs[f] == FIG_STUDENTS)
			stu = f;
	att_err e;
	err_clear(&e);
	for (int i = 0; i < nrows; i++) {
		sf_table t;
		if (store_figures_units(r->s, SF_ORG, org_id, &rows[i].f, figs,
		                        nfigs, &r->a, &t, &e) ||
		    t.nunits != 1)
			continue;
		int row = out.nrow++;
		*sw_at(&out, row, BK_KEY) = (sw_val){SWV_TEXT, 0, rows[i].key};
		*sw_at(&out, row, BK_LABEL) =
		    (sw_val){SWV_TEXT, 0, rows[i].label};
		int64_t n = -1;
		int nhid = 0;
		for (int f = 0; f < nfigs; f++) {
			int h = aggregate && sf_hidden(&t, 0, f);
			*sw_at(&out, row, BK_FIRST + f) =
			    h ? (sw_val){SWV_NULL, 0, ""}
			      : fig_cell(figs[f], sf_v(&t, 0, f));
			if (n < 0 && (stu < 0 || f == stu) &&
			    sf_n(&t, 0, f) > 0) {
				n = sf_n(&t, 0, f);
				nhid = h;
			}
			hidden |= h;
		}
		*sw_at(&out, row, bk_n) =
		    nhid ? (sw_val){SWV_NULL, 0, ""}
		         : (sw_val){SWV_INT, n < 0 ? 0 : n, ""};
	}
	web_col *cols =
	    arena_alloc(&r->a, (size_t)(nfigs + 1) * sizeof(web_col));
	fig_id *fc = arena_alloc(&r->a, (size_t)(nfigs + 1) * sizeof(fig_id));
	cols[0] = (web_col){"label", key_label, WC_TEXT, NULL, NULL};
	for (int f = 0; f < nfigs; f++) {
		cols[f + 1] = web_fig_col(figs[f]);
		fc[f + 1] = figs[f];
	}
	web_table *tb = web_page_table(p, id, title, cols, nfigs + 1, &out);
	if (!tb)
		return NULL;
	tb->figs = fc;
	tb->suppressed = hidden;
	return tb;
}
