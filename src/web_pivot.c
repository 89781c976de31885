/*
 * web_pivot.c - heat-map pivots and charts for pages (see web_pivot.h).
 * Charts are drawn by the shared chart module (chart.h), the same code that
 * draws them into PDF reports.
 */
#include "web_pivot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "i18n.h"

/* The column named key (web_rows_col); -1 for none or a NULL key. */
static int col_of(const sw_rows *rows, const char *key)
{
	return key ? web_rows_col(rows, key) : -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int find_str(const char **v, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return i;
	return -1;
}

/* The column's header: the key, and beside an outcome's code its
 * description when the rows carry one (the label of the outcome in the
 * reader's language). */
static const char *col_label(web_req *r, const sw_rows *in, int ck,
                             const char *key)
{
	int dk = web_rows_col(in, "description");
	if (dk < 0 || ck < 0 || strcmp(in->names[ck], "standard") != 0)
		return key;
	for (int i = 0; i < in->nrow; i++)
		if (strcmp(sw_at(in, i, ck)->text, key) == 0 &&
		    sw_at(in, i, dk)->text[0])
			return arena_printf(&r->a, "%s %s", key,
			                    sw_at(in, i, dk)->text);
	return key;
}

/* Keep the maxc columns of ckeys (nc of them) with the lowest mean value
 * (the weakest outcomes; by_min: the lowest single value, where one row
 * is weakest), in code order; returns the new count. */
static int keep_weakest(web_req *r, const sw_rows *in, int ck, int vk,
                        const char **ckeys, int nc, int maxc, int by_min)
{
	double *sum = arena_alloc(&r->a, (size_t)nc * sizeof(double));
	int *cnt = arena_alloc(&r->a, (size_t)nc * sizeof(int));
	for (int i = 0; i < in->nrow; i++) {
		int j = find_str(ckeys, nc, sw_at(in, i, ck)->text);
		const sw_val *v = sw_at(in, i, vk);
		if (j >= 0 && v->type != SWV_NULL && by_min) {
			sum[j] = cnt[j] && sum[j] < v->num ? sum[j] : v->num;
			cnt[j] = 1;
		} else if (j >= 0 && v->type != SWV_NULL) {
			sum[j] += v->num;
			cnt[j]++;
		}
	}
	int *keep = arena_alloc(&r->a, (size_t)nc * sizeof(int));
	for (int k = 0; k < maxc; k++) {
		int best = -1;
		double bv = INFINITY;
		for (int j = 0; j < nc; j++) {
			double m = cnt[j] ? sum[j] / cnt[j] : INFINITY;
			if (!keep[j] && (best < 0 || m < bv)) {
				best = j;
				bv = m;
			}
		}
		keep[best] = 1;
	}
	int w = 0;
	for (int j = 0; j < nc; j++)
		if (keep[j])
			ckeys[w++] = ckeys[j];
	return w;
}

/* The pivot behind both heat maps: the table "id" on p (see
 * web_pivot_heat), and for each input row its cell as row * ncols +
 * table column (cell[i]; -1 left out or blanked). fig: the catalogue's
 * figure of every cell (FIG_NONE: a plain percentage), which also keeps
 * the columns where one row is weakest rather than the weakest on
 * average. */
static web_table *pivot(web_req *r, web_page *p, const sw_rows *in,
                        const char *const keys[5], int min,
                        const char *href_prefix, const char *id,
                        const char *title, const char *note, fig_id fig,
                        int **cell)
{
	int rk = col_of(in, keys[0]), rl = col_of(in, keys[1]),
	    ck = col_of(in, keys[2]), vk = col_of(in, keys[3]),
	    nk = col_of(in, keys[4]);
	int nin = in->nrow;
	const char **rkeys =
	    arena_alloc(&r->a, (size_t)(nin + 1) * sizeof(char *));
	const char **rlabels =
	    arena_alloc(&r->a, (size_t)(nin + 1) * sizeof(char *));
	const char **ckeys =
	    arena_alloc(&r->a, (size_t)(nin + 1) * sizeof(char *));
	*cell = arena_alloc(&r->a, (size_t)(nin + 1) * sizeof(int));
	int nr = 0, nc = 0;
	if (rk >= 0 && ck >= 0 && vk >= 0) {
		for (int i = 0; i < nin; i++) {
			const char *a = sw_at(in, i, rk)->text;
			if (find_str(rkeys, nr, a) < 0) {
				rkeys[nr] = a;
				rlabels[nr] =
				    rl >= 0 ? sw_at(in, i, rl)->text : a;
				nr++;
			}
			const char *c = sw_at(in, i, ck)->text;
			if (find_str(ckeys, nc, c) < 0)
				ckeys[nc++] = c;
		}
	}
	qsort(ckeys, (size_t)nc, sizeof(char *), cmp_str);
	r->pivot_trimmed = 0;
	int maxc =
	    r->pivot_max_cols > 0 ? r->pivot_max_cols : WEB_PIVOT_MAX_COLS;
	if (nc > maxc && vk >= 0) {
		nc = keep_weakest(r, in, ck, vk, ckeys, nc, maxc,
		                  fig != FIG_NONE);
		r->pivot_trimmed = 1;
	}
	/* the row's code and name, then one column per column key */
	enum { PV_CODE, PV_NAME, PV_FIRST };
	const char **names =
	    arena_alloc(&r->a, (size_t)(PV_FIRST + nc) * sizeof(char *));
	names[PV_CODE] = "code";
	names[PV_NAME] = "name";
	for (int j = 0; j < nc; j++)
		names[PV_FIRST + j] = ckeys[j];
	sw_rows out;
	rows_alloc(&out, &r->a, nr, PV_FIRST + nc, names);
	for (int i = 0; i < nr; i++) {
		*sw_at(&out, i, PV_CODE) = (sw_val){SWV_TEXT, 0, rkeys[i]};
		*sw_at(&out, i, PV_NAME) = (sw_val){SWV_TEXT, 0, rlabels[i]};
	}
	int blanked = 0;
	for (int i = 0; i < nin; i++) {
		(*cell)[i] = -1;
		if (!nr)
			continue;
		int row = find_str(rkeys, nr, sw_at(in, i, rk)->text);
		int col = find_str(ckeys, nc, sw_at(in, i, ck)->text);
		if (row < 0 || col < 0)
			continue;
		const sw_val *v = sw_at(in, i, vk);
		if (min > 0 && nk >= 0 && sw_at(in, i, nk)->num < min) {
			blanked++;
			continue; /* suppressed: too few students behind it */
		}
		*sw_at(&out, row, PV_FIRST + col) = *v;
		(*cell)[i] = row * (nc + 1) + col + 1;
	}
	web_col *cols = arena_alloc(&r->a, (size_t)out.ncol * sizeof(web_col));
	cols[0] =
	    (web_col){"name", rl >= 0 ? _("Name") : _("Code"),
	              href_prefix ? WC_LINK : WC_TEXT, href_prefix, "code"};
	fig_id *figs = arena_alloc(&r->a, (size_t)out.ncol * sizeof(fig_id));
	for (int j = 0; j < nc; j++) {
		cols[j + 1] =
		    (web_col){ckeys[j], col_label(r, in, ck, ckeys[j]),
		              fig != FIG_NONE ? WC_FIG : WC_PCT, NULL, NULL};
		figs[j + 1] = fig;
	}
	web_table *t = web_page_table(p, id, title, cols, nc + 1, &out);
	if (!t)
		return NULL;
	if (fig != FIG_NONE)
		t->figs = figs;
	t->note = note;
	if (blanked)
		t->suppressed = 1;
	return t;
}

/* The evidence of a mastery row in words (a cell's tooltip), when the
 * rows carry it (store_figures_mastery); NULL otherwise. */
static const char *evidence_title(web_req *r, const sw_rows *in, int i)
{
	int pk = web_rows_col(in, "mastery_points"),
	    ik = web_rows_col(in, "mastery_items"),
	    ak = web_rows_col(in, "mastery_assessments"),
	    ek = web_rows_col(in, "enough");
	if (pk < 0 || ik < 0 || ak < 0 || sw_at(in, i, pk)->type == SWV_NULL)
		return NULL;
	const char *w = arena_printf(
	    &r->a, _("Evidence: item points %.4g, items %d, assessments %d"),
	    sw_at(in, i, pk)->num, (int)sw_at(in, i, ik)->num,
	    (int)sw_at(in, i, ak)->num);
	if (ek >= 0 && sw_at(in, i, ek)->num == 0)
		w = arena_printf(&r->a, "%s. %s", w, _("Not enough evidence"));
	return w;
}

web_table *web_pivot_heat(web_req *r, web_page *p, const sw_rows *in,
                          const char *row_key, const char *row_label,
                          const char *col_key, const char *val,
                          const char *n_col, int min, const char *href_prefix,
                          const char *id, const char *title, const char *note)
{
	const char *const keys[5] = {row_key, row_label, col_key, val, n_col};
	int *cell;
	web_table *t = pivot(r, p, in, keys, min, href_prefix, id, title, note,
	                     FIG_NONE, &cell);
	if (!t)
		return NULL;
	t->heat = 1;
	/* a mastery cell: its evidence as the tooltip, and a mark where
	 * there is not enough */
	size_t ncell =
	    (size_t)(t->rows.nrow ? t->rows.nrow : 1) * (size_t)t->ncols;
	int ek = web_rows_col(in, "enough");
	for (int i = 0; i < in->nrow; i++) {
		const char *w = cell[i] >= 0 ? evidence_title(r, in, i) : NULL;
		if (!w)
			continue;
		if (!t->cell_title)
			t->cell_title =
			    arena_alloc(&r->a, ncell * sizeof(char *));
		t->cell_title[cell[i]] = w;
		if (ek >= 0 && sw_at(in, i, ek)->num == 0) {
			if (!t->cell_class)
				t->cell_class =
				    arena_alloc(&r->a, ncell * sizeof(char *));
			t->cell_class[cell[i]] = "ne";
		}
	}
	/* The coloured table is the heat map and its own text alternative: an
	 * SVG copy of it would add 1 KB per row (over 60 KB for a class). */
	return t;
}

web_table *web_pivot_rel(web_req *r, web_page *p, const sw_rows *in,
                         const char *const keys[5], fig_id fig, const char *lo,
                         const char *hi, int min, const char *href_prefix,
                         const char *id, const char *title, const char *note)
{
	int *cell;
	web_table *t = pivot(r, p, in, keys, min, href_prefix, id, title, note,
	                     fig, &cell);
	if (!t)
		return NULL;
	size_t ncell =
	    (size_t)(t->rows.nrow ? t->rows.nrow : 1) * (size_t)t->ncols;
	t->cell_class = arena_alloc(&r->a, ncell * sizeof(char *));
	t->cell_title = arena_alloc(&r->a, ncell * sizeof(char *));
	int lk = web_rows_col(in, lo), hk = web_rows_col(in, hi);
	for (int i = 0; i < in->nrow && lk >= 0 && hk >= 0; i++) {
		const sw_val *l = sw_at(in, i, lk), *h = sw_at(in, i, hk);
		if (cell[i] < 0 || l->type == SWV_NULL || h->type == SWV_NULL)
			continue;
		t->cell_class[cell[i]] = h->num < 0   ? "rw"
		                         : l->num > 0 ? "rs"
		                                      : "r0";
		t->cell_title[cell[i]] = arena_printf(
		    &r->a, _("95%% interval: %+.1f to %+.1f"), l->num, h->num);
	}
	return t;
}

static void draw(web_req *r, web_table *t, const chart_spec *c)
{
	buf b;
	buf_init(&b);
	if (chart_svg(&b, c, NULL) == ATT_OK && b.data)
		t->chart_svg = arena_strdup(&r->a, b.data);
	buf_free(&b);
}

static const char **labels(web_req *r, const sw_rows *rows, int col)
{
	const char **v =
	    arena_alloc(&r->a, (size_t)(rows->nrow + 1) * sizeof(char *));
	for (int i = 0; i < rows->nrow; i++)
		v[i] = sw_at(rows, i, col)->text;
	return v;
}

static double *values(web_req *r, const sw_rows *rows, int col)
{
	double *v =
	    arena_alloc(&r->a, (size_t)(rows->nrow + 1) * sizeof(double));
	for (int i = 0; i < rows->nrow; i++) {
		const sw_val *x = sw_at(rows, i, col);
		v[i] = x->type == SWV_NULL ? NAN : x->num;
	}
	return v;
}

/* The chart of table t (element id "c-" and the table's id): kind, title,
 * a category per row from column xc, the series given. */
static chart_spec table_spec(web_req *r, const web_table *t, chart_kind kind,
                             int xc, const chart_series *s, int ns,
                             const char *title)
{
	chart_spec c = {0};
	c.kind = kind;
	c.id = arena_printf(&r->a, "c-%s", t->id);
	c.title = title;
	c.ncat = t->rows.nrow;
	c.cats = labels(r, &t->rows, xc);
	c.nseries = ns;
	c.series = s;
	return c;
}

void web_chart_line(web_req *r, web_table *t, const char *x, const char *y,
                    const char *title)
{
	int xc = col_of(&t->rows, x), yc = col_of(&t->rows, y);
	if (xc < 0 || yc < 0 || t->rows.nrow == 0)
		return;
	chart_series s = {NULL, values(r, &t->rows, yc), NULL, NULL};
	chart_spec c = table_spec(r, t, CHART_LINE, xc, &s, 1, title);
	chart_pct_scale(&c);
	draw(r, t, &c);
}

void web_chart_lines(web_req *r, web_table *t, const char *x, const char *title)
{
	int xc = col_of(&t->rows, x);
	if (xc < 0 || t->rows.nrow == 0)
		return;
	chart_series *s =
	    arena_alloc(&r->a, (size_t)t->ncols * sizeof(chart_series));
	int ns = 0;
	for (int i = 0; i < t->ncols; i++) {
		if (t->cols[i].kind != WC_PCT)
			continue;
		int yc = col_of(&t->rows, t->cols[i].key);
		if (yc < 0)
			continue;
		s[ns++] = (chart_series){t->cols[i].label,
		                         values(r, &t->rows, yc), NULL, NULL};
	}
	if (!ns)
		return;
	chart_spec c = table_spec(r, t, CHART_LINE, xc, s, ns, title);
	chart_pct_scale(&c);
	draw(r, t, &c);
}

void web_chart_bars(web_req *r, web_table *t, const char *label,
                    const char *value, const char *title)
{
	int lc = col_of(&t->rows, label), vc = col_of(&t->rows, value);
	if (lc < 0 || vc < 0 || t->rows.nrow == 0 || t->rows.nrow > 60)
		return;
	chart_series s = {NULL, values(r, &t->rows, vc), NULL, NULL};
	chart_spec c = table_spec(r, t, CHART_BAR, lc, &s, 1, title);
	c.horizontal = 1;
	chart_pct_scale(&c);
	c.value_labels = 1;
	draw(r, t, &c);
}

void web_chart_caterpillar(web_req *r, web_table *t, const char *label,
                           const char *v, const char *lo, const char *hi,
                           const char *title)
{
	int lc = col_of(&t->rows, label), vc = col_of(&t->rows, v),
	    loc = col_of(&t->rows, lo), hc = col_of(&t->rows, hi);
	if (lc < 0 || vc < 0 || loc < 0 || hc < 0 || t->rows.nrow == 0 ||
	    t->rows.nrow > 80)
		return;
	int any = 0;
	for (int i = 0; i < t->rows.nrow; i++)
		any |= sw_at(&t->rows, i, vc)->type != SWV_NULL;
	if (!any)
		return;
	chart_series s = {NULL, values(r, &t->rows, vc),
	                  values(r, &t->rows, loc), values(r, &t->rows, hc)};
	chart_spec c = table_spec(r, t, CHART_CATERPILLAR, lc, &s, 1, title);
	c.id = arena_printf(&r->a, "c-%s-va", t->id);
	c.ref_label = _("average");
	c.decimals = 2;
	buf b;
	buf_init(&b);
	if (chart_svg(&b, &c, NULL) == ATT_OK && b.data) {
		/* a second chart on the same table: appended to the first */
		t->chart_svg = t->chart_svg ? arena_printf(&r->a, "%s%s",
		                                           t->chart_svg, b.data)
		                            : arena_strdup(&r->a, b.data);
	}
	buf_free(&b);
}
