/*
 * web_collect_status.c - what is in and what is missing: every
 * data-collection window of the calendar per school (for officers and
 * admins above a school) or per class (for a school's principal), with
 * complete / partial / late / missing; and the registers of a school not
 * yet taken today.
 * GET /orgs/{code}/collection, GET /orgs/{code}/registers.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report_words.h"
#include "web_collect.h"

typedef struct line {
	const char *event, *title, *collects, *due, *school, *school_code, *cls,
	    *cls_code, *status;
	long done, expected;
} line;

typedef struct acc {
	arena *a;
	line *v;
	size_t cap;
	int n;
	int per_class;
	/* the school line being gathered (per_class == 0) */
	int64_t cur_event, cur_school;
	int k_complete, k_partial, k_late, k_missing;
} acc;

static void flush(acc *c)
{
	if (c->per_class || !c->n)
		return;
	line *l = &c->v[c->n - 1];
	int tot = c->k_complete + c->k_partial + c->k_late + c->k_missing;
	l->status = c->k_missing == tot                             ? "missing"
	            : c->k_complete + c->k_late == tot && c->k_late ? "late"
	            : c->k_complete == tot                          ? "complete"
	                                                            : "partial";
	l->done = c->k_complete + c->k_late;
	l->expected = tot;
}

static void status_cb(void *ctx, const collect_status_row *r)
{
	acc *c = ctx;
	if (!c->per_class && c->n && c->cur_event == r->event_id &&
	    c->cur_school == r->school_id) {
		/* another class line of the same school */
	} else {
		flush(c);
		xgrow((void **)&c->v, &c->cap, (size_t)c->n + 1, sizeof(*c->v));
		line *l = &c->v[c->n++];
		l->event = arena_strdup(c->a, r->event_code);
		l->title = arena_strdup(c->a, r->title);
		l->collects = arena_strdup(c->a, r->collects);
		l->due = arena_strdup(c->a, r->due_date);
		l->school = arena_strdup(c->a, r->school_name);
		l->school_code = arena_strdup(c->a, r->school_code);
		l->cls = arena_strdup(c->a, r->class_name);
		l->cls_code = arena_strdup(c->a, r->class_code);
		l->status = arena_strdup(c->a, r->status);
		l->done = r->done;
		l->expected = r->expected;
		c->cur_event = r->event_id;
		c->cur_school = r->school_id;
		c->k_complete = c->k_partial = c->k_late = c->k_missing = 0;
	}
	if (!strcmp(r->status, "complete"))
		c->k_complete++;
	else if (!strcmp(r->status, "late"))
		c->k_late++;
	else if (!strcmp(r->status, "partial"))
		c->k_partial++;
	else
		c->k_missing++;
}

int web_collect_status(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	scope_level lv = r->target.level;
	const sw_org *org = &h.path[h.npath - 1];
	acc c = {0};
	c.a = &r->a;
	c.per_class = org->is_school && lv == SCOPE_NAMED;
	const char *today = wc_today(r);
	if (store_collect_status(r->s, 0, org->id, today, status_cb, &c, &e)) {
		free(c.v);
		return web_fail(r, w, &e);
	}
	flush(&c);
	web_page p;
	web_page_init(
	    &p, "collection", org->code,
	    arena_printf(&r->a, "%s: %s", _("Data collection"), org->name));
	p.subtitle = arena_printf(&r->a, _("As of %s"), today);
	p.view = lv == SCOPE_NAMED ? "named" : "aggregate";
	web_page_crumbs_from_path(r, &p, h.path, h.npath, 1);

	/* Summary per window: how many lines in each state. */
	sw_rows s;
	s.ncol = 7;
	s.names = arena_alloc(&r->a, 7 * sizeof(char *));
	static const char *sn[] = {"window", "collects", "due",    "complete",
	                           "late",   "partial",  "missing"};
	for (int i = 0; i < 7; i++)
		s.names[i] = sn[i];
	s.v = arena_alloc(&r->a, (size_t)(c.n + 1) * 7 * sizeof(sw_val));
	s.nrow = 0;
	for (int i = 0; i < c.n; i++) {
		int row = s.nrow - 1;
		if (s.nrow == 0 ||
		    strcmp(sw_at(&s, row, 0)->text, c.v[i].title) ||
		    strcmp(sw_at(&s, row, 2)->text, c.v[i].due)) {
			row = s.nrow++;
			*sw_at(&s, row, 0) = wc_text(c.v[i].title);
			*sw_at(&s, row, 1) =
			    wc_text(rw_word(RW_COLLECTS, c.v[i].collects));
			*sw_at(&s, row, 2) = wc_text(c.v[i].due);
			for (int k = 3; k < 7; k++)
				*sw_at(&s, row, k) = wc_int(r, 0);
		}
		int k = !strcmp(c.v[i].status, "complete")  ? 3
		        : !strcmp(c.v[i].status, "late")    ? 4
		        : !strcmp(c.v[i].status, "partial") ? 5
		                                            : 6;
		sw_val *v = sw_at(&s, row, k);
		*v = wc_int(r, (long)v->num + 1);
	}
	web_col *sc = arena_alloc(&r->a, 7 * sizeof(web_col));
	sc[0] = (web_col){"window", _("Collection"), WC_TEXT, NULL, NULL};
	sc[1] = (web_col){"collects", _("Collects"), WC_TEXT, NULL, NULL};
	sc[2] = (web_col){"due", _("Due"), WC_TEXT, NULL, NULL};
	sc[3] = (web_col){"complete", _("Complete"), WC_INT, NULL, NULL};
	sc[4] = (web_col){"late", _("Late"), WC_INT, NULL, NULL};
	sc[5] = (web_col){"partial", _("Partial"), WC_INT, NULL, NULL};
	sc[6] = (web_col){"missing", _("Missing"), WC_INT, NULL, NULL};
	web_table *t1 =
	    web_page_table(&p, "windows",
	                   c.per_class ? _("Windows: classes in each state")
	                               : _("Windows: schools in each state"),
	                   sc, 7, &s);
	if (t1)
		t1->note = _("Complete: everything in by the due date. Late: "
		             "complete after it. "
		             "Partial: some in. Missing: nothing in yet.");

	/* The lines themselves (capped like every page table). */
	int n = c.n < 5000 ? c.n : 5000;
	sw_rows d;
	d.ncol = 7;
	d.names = arena_alloc(&r->a, 7 * sizeof(char *));
	static const char *dn[] = {"window", "due",  "place",   "code",
	                           "status", "done", "expected"};
	for (int i = 0; i < 7; i++)
		d.names[i] = dn[i];
	d.v = arena_alloc(&r->a, (size_t)(n + 1) * 7 * sizeof(sw_val));
	d.nrow = n;
	for (int i = 0; i < n; i++) {
		const line *l = &c.v[i];
		int cls = c.per_class && *l->cls_code;
		*sw_at(&d, i, 0) = wc_text(l->title);
		*sw_at(&d, i, 1) = wc_text(l->due);
		*sw_at(&d, i, 2) = wc_text(cls ? l->cls : l->school);
		*sw_at(&d, i, 3) = wc_text(cls ? l->cls_code : l->school_code);
		*sw_at(&d, i, 4) =
		    wc_text(rw_word(RW_COLLECTION_STATE, l->status));
		*sw_at(&d, i, 5) = wc_int(r, l->done);
		*sw_at(&d, i, 6) = wc_int(r, l->expected);
	}
	web_col *dc = arena_alloc(&r->a, 6 * sizeof(web_col));
	dc[0] = (web_col){"window", _("Collection"), WC_TEXT, NULL, NULL};
	dc[1] = (web_col){"due", _("Due"), WC_TEXT, NULL, NULL};
	dc[2] =
	    c.per_class
	        ? (web_col){"place", _("Class or school"), WC_TEXT, NULL, NULL}
	        : (web_col){"place", _("School"), WC_LINK, "/orgs/", "code"};
	dc[3] = (web_col){"status", _("Status"), WC_TEXT, NULL, NULL};
	dc[4] = (web_col){"done", c.per_class ? _("Done") : _("Classes done"),
	                  WC_INT, NULL, NULL};
	dc[5] =
	    (web_col){"expected", c.per_class ? _("Expected") : _("Classes"),
	              WC_INT, NULL, NULL};
	web_page_table(&p, "lines",
	               c.per_class ? _("By class") : _("By school"), dc, 6, &d);
	free(c.v);
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
	sw_rows t;
	t.ncol = 3;
	t.nrow = n;
	t.names = arena_alloc(&r->a, 3 * sizeof(char *));
	t.names[0] = "class";
	t.names[1] = "code";
	t.names[2] = "students";
	t.v = arena_alloc(&r->a, (size_t)(n + 1) * 3 * sizeof(sw_val));
	for (int i = 0; i < n; i++) {
		*sw_at(&t, i, 0) = wc_text(m[i].name);
		*sw_at(&t, i, 1) = wc_text(m[i].code);
		*sw_at(&t, i, 2) = wc_int(r, m[i].students);
	}
	web_col *c = arena_alloc(&r->a, 3 * sizeof(web_col));
	c[0] =
	    (web_col){"class", _("Class"), WC_LINK, "/todo/register:", "code"};
	c[1] = (web_col){"code", _("Code"), WC_TEXT, NULL, NULL};
	c[2] = (web_col){"students", _("Students"), WC_INT, NULL, NULL};
	web_page_table(&p, "registers", _("Classes without a register today"),
	               c, 3, &t);
	return web_page_render(r, w, &p);
}
