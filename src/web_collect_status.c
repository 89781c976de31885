/*
 * web_collect_status.c - what is in and what is missing: every
 * data-collection window of the year with its schools counted by state
 * (the table the org page shows too) and each school's line, or for a
 * school's principal each class's line, in the states of the one
 * definition (store_collect_status: complete, late, partial, missing,
 * not yet due); and the registers of a school not yet taken today.
 * GET /orgs/{code}/collection, GET /orgs/{code}/registers.
 */
#include <string.h>

#include "figures.h"
#include "i18n.h"
#include "report_words.h"
#include "web_collect.h"

web_table *wc_windows_table(web_req *r, web_page *p, const char *id,
                            const char *title, const collect_tally *w, int n)
{
	enum { NF = 1 + COLLECT_NSTATES, NC = 3 + NF };
	const fig_id *figs = fig_completeness();
	const char *names[NC] = {"title", "collects", "due_date"};
	web_col *cols = arena_alloc(&r->a, NC * sizeof(web_col));
	fig_id *fc = arena_alloc(&r->a, NC * sizeof(fig_id));
	cols[0] = (web_col){"title", _("Data collection"), WC_TEXT, NULL, NULL};
	cols[1] = (web_col){"collects", _("Collects"), WC_TEXT, NULL, NULL};
	cols[2] = (web_col){"due_date", _("Due"), WC_DATE, NULL, NULL};
	for (int k = 0; k < NF; k++) {
		cols[3 + k] = web_fig_col(figs[k]);
		names[3 + k] = cols[3 + k].key;
		fc[3 + k] = figs[k];
	}
	sw_rows rows;
	rows_alloc(&rows, &r->a, n, NC, names);
	for (int i = 0; i < n; i++) {
		rows_put_text(&rows, &r->a, i, 0, w[i].title);
		rows_put_text(&rows, &r->a, i, 1,
		              rw_word(RW_COLLECTS, w[i].collects));
		rows_put_text(&rows, &r->a, i, 2, w[i].due_date);
		rows_put_int(&rows, &r->a, i, 3, w[i].lines);
		for (int k = 0; k < COLLECT_NSTATES; k++)
			rows_put_int(&rows, &r->a, i, 4 + k, w[i].n[k]);
	}
	web_table *t = web_page_table(p, id, title, cols, NC, &rows);
	if (t) {
		t->figs = fc;
		t->note = web_fig_note(r, figs, NF);
	}
	return t;
}

/* The columns of the lines table (line_cb fills them). */
enum {
	LN_WINDOW,
	LN_DUE,
	LN_PLACE,
	LN_CODE,
	LN_STATUS,
	LN_DONE,
	LN_EXPECTED,
	LN_NCOL
};
static const char *const line_names[LN_NCOL] = {
    [LN_WINDOW] = "window",    [LN_DUE] = "due",       [LN_PLACE] = "place",
    [LN_CODE] = "code",        [LN_STATUS] = "status", [LN_DONE] = "done",
    [LN_EXPECTED] = "expected"};

typedef struct acc {
	web_req *r;
	sw_rows *d; /* the lines, as the page shows them */
	int cap;
	int per_class;
} acc;

/* One line of the window (class or school) into the page's lines. */
static void line_cb(void *ctx, const collect_status_row *l)
{
	acc *c = ctx;
	sw_rows *d = c->d;
	if (d->nrow >= c->cap)
		return;
	int i = d->nrow++;
	int cls = c->per_class && l->class_id;
	*sw_at(d, i, LN_WINDOW) = wc_text(arena_strdup(&c->r->a, l->title));
	*sw_at(d, i, LN_DUE) = wc_text(arena_strdup(&c->r->a, l->due_date));
	*sw_at(d, i, LN_PLACE) = wc_text(
	    arena_strdup(&c->r->a, cls ? l->class_name : l->school_name));
	*sw_at(d, i, LN_CODE) = wc_text(
	    arena_strdup(&c->r->a, cls ? l->class_code : l->school_code));
	*sw_at(d, i, LN_STATUS) =
	    wc_text(rw_word(RW_COLLECTION_STATE, l->status));
	*sw_at(d, i, LN_DONE) = wc_int(c->r, l->done);
	*sw_at(d, i, LN_EXPECTED) = wc_int(c->r, l->expected);
}

/* The lines themselves (capped like every page table). */
static int lines_table(web_req *r, web_page *p, const collect_query *q,
                       att_err *e)
{
	sw_rows d;
	rows_alloc(&d, &r->a, 5000, LN_NCOL, line_names);
	acc c = {r, &d, 5000, q->per_class};
	d.nrow = 0;
	int rc = store_collect_status(r->s, q, line_cb, &c, e);
	if (rc)
		return rc;
	web_col *dc = arena_alloc(&r->a, 6 * sizeof(web_col));
	dc[0] = (web_col){line_names[LN_WINDOW], _("Collection"), WC_TEXT, NULL,
	                  NULL};
	dc[1] = (web_col){line_names[LN_DUE], _("Due"), WC_DATE, NULL, NULL};
	dc[2] = q->per_class
	            ? (web_col){line_names[LN_PLACE], _("Class or school"),
	                        WC_TEXT, NULL, NULL}
	            : (web_col){line_names[LN_PLACE], _("School"), WC_LINK,
	                        "/orgs/", "code"};
	dc[3] =
	    (web_col){line_names[LN_STATUS], _("Status"), WC_TEXT, NULL, NULL};
	dc[4] = (web_col){line_names[LN_DONE], _("Done"), WC_INT, NULL, NULL};
	dc[5] = (web_col){line_names[LN_EXPECTED], _("Expected"), WC_INT, NULL,
	                  NULL};
	web_table *t = web_page_table(
	    p, "lines", q->per_class ? _("By class") : _("By school"), dc, 6,
	    &d);
	if (t)
		t->note =
		    _("Done of expected: for a class, registers taken, "
		      "or students with a result or a grade; for a school, "
		      "its classes with everything in, or the teachers "
		      "observed, or the accounts that answered a survey.");
	return ATT_OK;
}

int web_collect_status(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	scope_level lv = r->target.level;
	const sw_org *org = &h.path[h.npath - 1];
	const char *ycode = "";
	collect_query q = {0, web_latest_year(r, &ycode), org->id, wc_today(r),
	                   0};
	collect_tally *win;
	int nwin;
	if (store_collect_tallies(r->s, &q, &r->a, &win, &nwin, &e))
		return web_fail(r, w, &e);
	/* a school's principal sees its classes' lines */
	q.per_class = org->is_school && lv == SCOPE_NAMED;
	web_page p;
	web_page_init(
	    &p, "collection", org->code,
	    arena_printf(&r->a, "%s: %s", _("Data collection"), org->name));
	p.subtitle = arena_printf(&r->a, _("As of %s"), q.today);
	p.subtitle = arena_printf(&r->a, "%s \xc2\xb7 %s %s", p.subtitle,
	                          _("year"), ycode);
	p.view = lv == SCOPE_NAMED ? "named" : "aggregate";
	web_page_crumbs_from_path(r, &p, h.path, h.npath, 1);
	wc_windows_table(r, &p, "windows", _("Windows: schools in each state"),
	                 win, nwin);
	if (lines_table(r, &p, &q, &e))
		return web_fail(r, w, &e);
	return web_page_render(r, w, &p);
}

int web_collect_registers(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	const sw_org *org = &h.path[h.npath - 1];
	const char *today = wc_today(r);
	collect_class_ref *m;
	int n;
	if (store_register_missing(r->s, org->id, today, &r->a, &m, &n, &e))
		return web_fail(r, w, &e);
	web_page p;
	web_page_init(&p, "registers", org->code,
	              arena_printf(&r->a, "%s: %s",
	                           _("Registers not taken today"), org->name));
	p.subtitle = today;
	p.view = "named";
	web_page_crumbs_from_path(r, &p, h.path, h.npath, 1);
	sw_val cnt = {SWV_INT, n, arena_printf(&r->a, "%d", n)};
	web_page_fig(&p, "missing", _("Registers not taken"), WC_INT, &cnt);
	enum { RG_CLASS, RG_CODE, RG_STUDENTS, RG_NCOL };
	static const char *const names[RG_NCOL] = {[RG_CLASS] = "class",
	                                           [RG_CODE] = "code",
	                                           [RG_STUDENTS] = "students"};
	sw_rows t = wc_rows(r, names, RG_NCOL, n);
	for (int i = 0; i < n; i++) {
		*sw_at(&t, i, RG_CLASS) = wc_text(m[i].name);
		*sw_at(&t, i, RG_CODE) = wc_text(m[i].code);
		*sw_at(&t, i, RG_STUDENTS) = wc_int(r, m[i].students);
	}
	web_col *c = arena_alloc(&r->a, RG_NCOL * sizeof(web_col));
	c[RG_CLASS] = (web_col){names[RG_CLASS], _("Class"), WC_LINK,
	                        "/todo/register:", names[RG_CODE]};
	c[RG_CODE] = (web_col){names[RG_CODE], _("Code"), WC_TEXT, NULL, NULL};
	c[RG_STUDENTS] =
	    (web_col){names[RG_STUDENTS], _("Students"), WC_INT, NULL, NULL};
	web_page_table(&p, "registers", _("Classes without a register today"),
	               c, RG_NCOL, &t);
	return web_page_render(r, w, &p);
}
