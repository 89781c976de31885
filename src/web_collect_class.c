/*
 * web_collect_class.c - behaviour events and attitude-to-learning grades
 * for a class: a form to record one behaviour event for a student (with
 * the class's recent events), and the attitude grades of every student in
 * the calendar's open window.
 * GET/POST /classes/{code}/behaviour, GET/POST /classes/{code}/attitude.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "web_collect.h"

static const char *const categories[] = {
    N_("helping others"),   N_("effort"),       N_("participation"),
    N_("leadership"),       N_("disruption"),   N_("lateness"),
    N_("homework missing"), N_("unkind words"), N_("fighting"),
};

/* The class's recent behaviour events as a page table. */
static void events_table(web_req *r, web_page *p, const collect_behaviour *ev,
                         int nev)
{
	enum {
		EV_DATE,
		EV_STUDENT,
		EV_KIND,
		EV_CATEGORY,
		EV_POINTS,
		EV_NOTE,
		EV_NCOL
	};
	static const char *const names[EV_NCOL] = {
	    [EV_DATE] = "date",     [EV_STUDENT] = "student",
	    [EV_KIND] = "kind",     [EV_CATEGORY] = "category",
	    [EV_POINTS] = "points", [EV_NOTE] = "note"};
	sw_rows t = wc_rows(r, names, EV_NCOL, nev);
	for (int i = 0; i < nev; i++) {
		*sw_at(&t, i, EV_DATE) = wc_text(ev[i].date);
		*sw_at(&t, i, EV_STUDENT) = wc_text(ev[i].student_name);
		*sw_at(&t, i, EV_KIND) = wc_text(_(ev[i].kind));
		*sw_at(&t, i, EV_CATEGORY) = wc_text(ev[i].category);
		*sw_at(&t, i, EV_POINTS) = wc_int(r, ev[i].points);
		*sw_at(&t, i, EV_NOTE) = wc_text(ev[i].note);
	}
	web_col *c = arena_alloc(&r->a, 6 * sizeof(web_col));
	c[0] = (web_col){names[EV_DATE], _("Date"), WC_DATE, NULL, NULL};
	c[1] = (web_col){names[EV_STUDENT], _("Student"), WC_TEXT, NULL, NULL};
	c[2] = (web_col){names[EV_KIND], _("Kind"), WC_TEXT, NULL, NULL};
	c[3] =
	    (web_col){names[EV_CATEGORY], _("Category"), WC_TEXT, NULL, NULL};
	c[4] = (web_col){names[EV_POINTS], _("Points"), WC_INT, NULL, NULL};
	c[5] = (web_col){names[EV_NOTE], _("Note"), WC_TEXT, NULL, NULL};
	web_page_table(p, "events", _("Recent events"), c, 6, &t);
}

/* The behaviour page: the form recording one event (what was posted
 * when `posted`) and the class's recent events. */
static int render_behaviour(web_req *r, web_resp *w, const scope_hit *h,
                            const char *notice, const char *error, int status,
                            int posted)
{
	att_err e;
	err_clear(&e);
	collect_reg_row *rows;
	int nrows;
	collect_behaviour *ev;
	int nev;
	if (store_collect_students(r->s, h->cls.id, &r->a, &rows, &nrows, &e) ||
	    store_behaviour_list(r->s, h->cls.id, 50, &r->a, &ev, &nev, &e))
		return web_fail(r, w, &e);
	web_page p;
	wc_page(r, &p, "behaviour", h->cls.code,
	        arena_printf(&r->a, "%s: %s", _("Behaviour"), h->cls.name), h);
	p.notice = notice;
	p.error = error;
#define F(name) (posted ? web_field_get(r, name) : NULL)
	web_form *f = web_page_form(
	    r, &p, "behaviour",
	    arena_printf(&r->a, "%s/behaviour", wc_class_path(r, h->cls.code)),
	    _("Record"));
	f->key = arena_printf(&r->a, "beh:%s", h->cls.code);
	f->saved = notice != NULL;
	f->posted = posted;
	web_option *so = arena_alloc(&r->a, (size_t)(nrows + 1) * sizeof(*so));
	so[0] = (web_option){"", ""};
	for (int i = 0; i < nrows; i++)
		so[i + 1] = (web_option){rows[i].code, rows[i].name};
	web_input *in = web_form_choice(f, WI_SELECT, "student", _("Student"),
	                                F("student"), so, nrows + 1);
	in->id = "st";
	in->required = 1;
	static const char *const kinds[] = {"positive", "negative"};
	static const char *const kind_labels[] = {N_("positive"),
	                                          N_("negative")};
	const char *kind = F("kind");
	web_form_choice(f, WI_TAPS, "kind", _("Kind"), kind ? kind : kinds[0],
	                wc_options(r, kinds, kind_labels, 2), 2);
	web_option *co =
	    wc_options(r, categories, categories, (int)ARRAY_LEN(categories));
	for (size_t i = 0; i < ARRAY_LEN(categories); i++)
		co[i].value = co[i].label;
	in = web_form_choice(f, WI_TEXT, "category", _("Category"),
	                     F("category"), co, (int)ARRAY_LEN(categories));
	in->id = "cat";
	in->required = 1;
	in->maxlen = 60;
	const char *pts = F("points");
	in = web_form_input(f, WI_NUMBER, "points", _("Points"),
	                    pts ? pts : "1");
	in->id = "pt";
	in->min = -100;
	in->max = 100;
	const char *date = F("date");
	web_form_input(f, WI_DATE, "date", _("Date"), date ? date : wc_today(r))
	    ->id = "dt";
	in = web_form_input(f, WI_TEXTAREA, "note", _("Note"), F("note"));
	in->id = "nt";
	in->maxlen = 2000;
#undef F
	events_table(r, &p, ev, nev);
	return web_page_answer(r, w, &p, status);
}

int web_collect_behaviour(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	return render_behaviour(
	    r, w, &h, web_field_get(r, "saved") ? _("Recorded.") : NULL, NULL,
	    200, 0);
}

int web_collect_behaviour_save(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	/* The student must be in this class: look them up among its
	 * enrolment, never by code alone. */
	const char *sc = web_field_get(r, "student");
	collect_reg_row *rows;
	int nrows;
	int64_t sid = -1;
	if (store_collect_students(r->s, h.cls.id, &r->a, &rows, &nrows, &e))
		return web_fail(r, w, &e);
	for (int i = 0; i < nrows; i++)
		if (sc && !strcmp(sc, rows[i].code))
			sid = rows[i].student_id;
	if (sid < 0)
		return render_behaviour(r, w, &h, NULL,
		                        _("Choose a student of this class."),
		                        422, 1);
	const char *pts = web_field_get(r, "points");
	char *end = NULL;
	long p = pts ? strtol(pts, &end, 10) : 0;
	if (!pts || !*pts || *end || p < -100 || p > 100)
		return render_behaviour(
		    r, w, &h, NULL,
		    _("Points must be a whole number from -100 to 100."), 422,
		    1);
	collect_actor who = wc_actor(r);
	if (store_behaviour_add(r->s, sid, web_field_get(r, "date"),
	                        web_field_get(r, "kind"),
	                        web_field_get(r, "category"), (int)p, 0,
	                        web_field_get(r, "note"), &who, NULL, &e))
		return render_behaviour(
		    r, w, &h, NULL,
		    e.code == ATT_EIO
		        ? _("Not recorded (the server is busy); what you "
		            "typed is kept below.")
		        : arena_printf(&r->a, "%s: %s", _("Not recorded"),
		                       e.msg),
		    web_status(e.code, 1), 1);
	return wc_done(
	    r, w,
	    arena_printf(&r->a, "%s/behaviour", wc_class_path(r, h.cls.code)));
}

/* ---- attitude ---- */

static const char *const grade_names[] = {
    "", N_("Excellent"), N_("Good"), N_("Requires improvement"), N_("Poor")};

/* The attitude page: the window open today and one row of grades per
 * student (`posted` overrides the saved grades), or why there is none. */
static int render_attitude(web_req *r, web_resp *w, const scope_hit *h,
                           const collect_window *win,
                           const collect_attitude *at, const int *posted,
                           const char *notice, const char *error, int status)
{
	web_page p;
	wc_page(r, &p, "attitude", h->cls.code,
	        arena_printf(&r->a, "%s: %s", _("Attitude to learning"),
	                     h->cls.name),
	        h);
	p.notice = notice;
	p.error = error;
	if (!win) {
		p.subtitle = _("No attitude-to-learning window is open for "
		               "this class today. "
		               "The calendar sets when grades are collected.");
		return web_page_answer(r, w, &p, status);
	}
	p.subtitle =
	    arena_printf(&r->a, _("%s: %s, from %s, due %s."), win->title,
	                 win->term_name, win->start_date, win->due_date);
	web_form *f = web_page_form(
	    r, &p, "attitude",
	    arena_printf(&r->a, "%s/attitude", wc_class_path(r, h->cls.code)),
	    _("Save grades"));
	f->key = arena_printf(&r->a, "atl:%s:%lld", h->cls.code,
	                      (long long)win->term_id);
	f->saved = notice != NULL;
	f->posted = posted != NULL;
	static const char *const values[] = {"1", "2", "3", "4"};
	web_option *opts = wc_options(r, values, grade_names + 1, 4);
	for (int i = 0; i < at->n; i++) {
		int g = posted ? posted[i] : at->grades[i];
		web_form_choice(
		    f, WI_TAPS,
		    arena_printf(&r->a, "g_%s", at->students[i].code),
		    at->students[i].name,
		    g >= 1 && g <= 4 ? values[g - 1] : NULL, opts, 4);
	}
	return web_page_answer(r, w, &p, status);
}

static int attitude_common(web_req *r, web_resp *w, int save)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	collect_window win;
	int rc =
	    store_attitude_window(r->s, h.cls.id, wc_today(r), &r->a, &win, &e);
	if (rc == ATT_ENOTFOUND)
		return render_attitude(r, w, &h, NULL, NULL, NULL, NULL, NULL,
		                       save ? 422 : 200);
	if (rc)
		return web_fail(r, w, &e);
	collect_attitude at;
	if (store_attitude_load(r->s, h.cls.id, win.term_id, 0, NULL, &r->a,
	                        &at, &e))
		return web_fail(r, w, &e);
	if (!save)
		return render_attitude(
		    r, w, &h, &win, &at, NULL,
		    web_field_get(r, "saved") ? _("Grades saved.") : NULL, NULL,
		    200);
	int *posted =
	    arena_alloc(&r->a, sizeof(int) * (size_t)(at.n ? at.n : 1));
	collect_grade *g =
	    arena_alloc(&r->a, sizeof(*g) * (size_t)(at.n ? at.n : 1));
	int ng = 0;
	for (int i = 0; i < at.n; i++) {
		const char *v = web_field_get(
		    r, arena_printf(&r->a, "g_%s", at.students[i].code));
		posted[i] = at.grades[i];
		if (!v)
			continue;
		if (strlen(v) != 1 || v[0] < '1' || v[0] > '4')
			return render_attitude(
			    r, w, &h, &win, &at, posted, NULL,
			    _("A grade is not 1 to 4; nothing was saved."),
			    422);
		posted[i] = v[0] - '0';
		g[ng++] = (collect_grade){at.students[i].student_id, posted[i]};
	}
	collect_actor who = wc_actor(r);
	if (store_attitude_save(r->s, h.cls.id, win.term_id, 0, g, ng, &who,
	                        &e))
		return render_attitude(
		    r, w, &h, &win, &at, posted, NULL,
		    e.code == ATT_EIO
		        ? _("Not saved (the server is busy); your grades are "
		            "kept below.")
		        : arena_printf(&r->a, "%s: %s", _("Not saved"), e.msg),
		    web_status(e.code, 1));
	return wc_done(
	    r, w,
	    arena_printf(&r->a, "%s/attitude", wc_class_path(r, h.cls.code)));
}

int web_collect_attitude(web_req *r, web_resp *w)
{
	return attitude_common(r, w, 0);
}

int web_collect_attitude_save(web_req *r, web_resp *w)
{
	return attitude_common(r, w, 1);
}
