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
	const char *today = wc_today(r);
	if (store_collect_students(r->s, h->cls.id, &r->a, &rows, &nrows, &e))
		return wc_refuse(r, w, &e);
	if (store_behaviour_list(r->s, h->cls.id, 50, &r->a, &ev, &nev, &e))
		return wc_refuse(r, w, &e);
	buf b;
	buf_init(&b);
	wc_open(r, &b,
	        arena_printf(&r->a, "%s: %s", _("Behaviour"), h->cls.name), h,
	        notice, error);
	const char *path = wc_class_path(r, h->cls.code);
	const char *st = posted ? web_field_get(r, "student") : NULL;
	const char *kind = posted ? web_field_get(r, "kind") : NULL;
	const char *cat = posted ? web_field_get(r, "category") : NULL;
	const char *pts = posted ? web_field_get(r, "points") : NULL;
	const char *note = posted ? web_field_get(r, "note") : NULL;
	const char *date = posted ? web_field_get(r, "date") : NULL;
	buf_adds(&b, "<form method=\"post\" class=\"entry\" action=\"");
	esc_attr(&b, path);
	buf_adds(&b, "/behaviour\" data-key=\"");
	esc_attr(&b, arena_printf(&r->a, "beh:%s", h->cls.code));
	buf_adds(&b, notice   ? "\" data-saved=\"1\">"
	             : posted ? "\" data-posted=\"1\">"
	                      : "\">");
	wc_csrf(r, &b);
	buf_adds(&b, "<label class=\"f\" for=\"st\">");
	esc_html(&b, _("Student"));
	buf_adds(&b, "</label><select id=\"st\" name=\"student\" "
	             "required><option value=\"\"></option>");
	for (int i = 0; i < nrows; i++) {
		buf_adds(&b, "<option value=\"");
		esc_attr(&b, rows[i].code);
		buf_adds(&b, st && !strcmp(st, rows[i].code) ? "\" selected>"
		                                             : "\">");
		esc_html(&b, rows[i].name);
		buf_adds(&b, "</option>");
	}
	buf_adds(&b, "</select><fieldset class=\"mark taps\"><legend>");
	esc_html(&b, _("Kind"));
	buf_adds(&b, "</legend>");
	static const char *kinds[] = {"positive", "negative"};
	for (int k = 0; k < 2; k++) {
		buf_adds(&b,
		         "<label><input type=\"radio\" name=\"kind\" value=\"");
		buf_adds(&b, kinds[k]);
		buf_adds(&b, (kind ? !strcmp(kind, kinds[k]) : k == 0)
		                 ? "\" checked><span>"
		                 : "\"><span>");
		esc_html(&b, _(kinds[k]));
		buf_adds(&b, "</span></label>");
	}
	buf_adds(&b, "</fieldset><label class=\"f\" for=\"cat\">");
	esc_html(&b, _("Category"));
	buf_adds(&b,
	         "</label><input type=\"text\" id=\"cat\" name=\"category\" "
	         "list=\"cats\" required maxlength=\"60\" value=\"");
	esc_attr(&b, cat ? cat : "");
	buf_adds(&b, "\"><datalist id=\"cats\">");
	for (size_t i = 0; i < ARRAY_LEN(categories); i++) {
		buf_adds(&b, "<option value=\"");
		esc_attr(&b, _(categories[i]));
		buf_adds(&b, "\">");
	}
	buf_adds(&b, "</datalist><label class=\"f\" for=\"pt\">");
	esc_html(&b, _("Points"));
	buf_adds(&b, "</label><input type=\"number\" id=\"pt\" name=\"points\" "
	             "min=\"-100\" max=\"100\" value=\"");
	esc_attr(&b, pts ? pts : "1");
	buf_adds(&b, "\"><label class=\"f\" for=\"dt\">");
	esc_html(&b, _("Date"));
	buf_adds(
	    &b,
	    "</label><input type=\"date\" id=\"dt\" name=\"date\" value=\"");
	esc_attr(&b, date ? date : today);
	buf_adds(&b, "\"><label class=\"f\" for=\"nt\">");
	esc_html(&b, _("Note"));
	buf_adds(&b, "</label><textarea id=\"nt\" name=\"note\" rows=\"3\" "
	             "cols=\"40\" maxlength=\"2000\">");
	esc_html(&b, note ? note : "");
	buf_adds(&b, "</textarea><br><button type=\"submit\">");
	esc_html(&b, _("Record"));
	buf_adds(&b, "</button></form>\n<h2>");
	esc_html(&b, _("Recent events"));
	buf_adds(&b,
	         "</h2><div class=\"scroll\" tabindex=\"0\" role=\"region\" "
	         "aria-label=\"events\"><table><thead><tr><th scope=\"col\">");
	esc_html(&b, _("Date"));
	buf_adds(&b, "</th><th scope=\"col\">");
	esc_html(&b, _("Student"));
	buf_adds(&b, "</th><th scope=\"col\">");
	esc_html(&b, _("Kind"));
	buf_adds(&b, "</th><th scope=\"col\">");
	esc_html(&b, _("Category"));
	buf_adds(&b, "</th><th scope=\"col\" class=\"num\">");
	esc_html(&b, _("Points"));
	buf_adds(&b, "</th><th scope=\"col\">");
	esc_html(&b, _("Note"));
	buf_adds(&b, "</th></tr></thead><tbody>\n");
	for (int i = 0; i < nev; i++) {
		buf_adds(&b, "<tr><th scope=\"row\">");
		esc_html(&b, ev[i].date);
		buf_adds(&b, "</th><td>");
		esc_html(&b, ev[i].student_name);
		buf_adds(&b, "</td><td>");
		esc_html(&b, _(ev[i].kind));
		buf_adds(&b, "</td><td>");
		esc_html(&b, ev[i].category);
		buf_printf(&b, "</td><td class=\"num\">%d</td><td>",
		           ev[i].points);
		esc_html(&b, ev[i].note);
		buf_adds(&b, "</td></tr>\n");
	}
	buf_adds(&b, "</tbody></table></div>\n");
	wc_close(r, &b);
	return wc_send(w, &b, status);
}

int web_collect_behaviour(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h;
	if (!wc_class(r, &h, &e))
		return wc_refuse(r, w, &e);
	return render_behaviour(
	    r, w, &h, web_field_get(r, "saved") ? _("Recorded.") : NULL, NULL,
	    200, 0);
}

int web_collect_behaviour_save(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h;
	if (!wc_class(r, &h, &e))
		return wc_refuse(r, w, &e);
	/* The student must be in this class: look them up among its
	 * enrolment, never by code alone. */
	const char *sc = web_field_get(r, "student");
	collect_reg_row *rows;
	int nrows;
	int64_t sid = -1;
	if (store_collect_students(r->s, h.cls.id, &r->a, &rows, &nrows, &e))
		return wc_refuse(r, w, &e);
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
	                        web_field_get(r, "note"), &who, NULL, &e)) {
		if (e.code == ATT_EIO)
			return render_behaviour(
			    r, w, &h, NULL,
			    _("Not recorded (the server is busy); what you "
			      "typed is kept below."),
			    503, 1);
		return render_behaviour(
		    r, w, &h, NULL,
		    arena_printf(&r->a, "%s: %s", _("Not recorded"), e.msg),
		    422, 1);
	}
	return wc_done(
	    r, w,
	    arena_printf(&r->a, "%s/behaviour", wc_class_path(r, h.cls.code)));
}

/* ---- attitude ---- */

static const char *const grade_names[] = {
    "", N_("Excellent"), N_("Good"), N_("Requires improvement"), N_("Poor")};

static int render_attitude(web_req *r, web_resp *w, const scope_hit *h,
                           const collect_window *win,
                           const collect_attitude *at, const int *posted,
                           const char *notice, const char *error, int status)
{
	buf b;
	buf_init(&b);
	wc_open(r, &b,
	        arena_printf(&r->a, "%s: %s", _("Attitude to learning"),
	                     h->cls.name),
	        h, notice, error);
	if (!win) {
		buf_adds(&b, "<p>");
		esc_html(&b, _("No attitude-to-learning window is open for "
		               "this class today. "
		               "The calendar sets when grades are collected."));
		buf_adds(&b, "</p>\n");
		wc_close(r, &b);
		return wc_send(w, &b, status);
	}
	buf_adds(&b, "<p class=\"small\">");
	esc_html(&b,
	         arena_printf(&r->a, _("%s: %s, from %s, due %s."), win->title,
	                      win->term_name, win->start_date, win->due_date));
	buf_adds(&b, "</p>\n<form method=\"post\" class=\"entry\" action=\"");
	esc_attr(&b, wc_class_path(r, h->cls.code));
	buf_adds(&b, "/attitude\" data-key=\"");
	esc_attr(&b, arena_printf(&r->a, "atl:%s:%lld", h->cls.code,
	                          (long long)win->term_id));
	buf_adds(&b, notice   ? "\" data-saved=\"1\">"
	             : posted ? "\" data-posted=\"1\">"
	                      : "\">");
	wc_csrf(r, &b);
	for (int i = 0; i < at->n; i++) {
		int gsel = posted ? posted[i] : at->grades[i];
		buf_adds(&b, "<fieldset class=\"mark taps\"><legend>");
		esc_html(&b, at->students[i].name);
		buf_adds(&b, "</legend>");
		for (int gr = 1; gr <= 4; gr++) {
			buf_adds(&b, "<label><input type=\"radio\" name=\"g_");
			esc_attr(&b, at->students[i].code);
			buf_printf(&b, "\" value=\"%d\"%s><span>", gr,
			           gsel == gr ? " checked" : "");
			esc_html(&b, _(grade_names[gr]));
			buf_adds(&b, "</span></label>");
		}
		buf_adds(&b, "</fieldset>\n");
	}
	buf_adds(&b, "<button type=\"submit\">");
	esc_html(&b, _("Save grades"));
	buf_adds(&b, "</button></form>\n");
	wc_close(r, &b);
	return wc_send(w, &b, status);
}

static int attitude_common(web_req *r, web_resp *w, int save)
{
	att_err e;
	err_clear(&e);
	scope_hit h;
	if (!wc_class(r, &h, &e))
		return wc_refuse(r, w, &e);
	collect_window win;
	int rc =
	    store_attitude_window(r->s, h.cls.id, wc_today(r), &r->a, &win, &e);
	if (rc == ATT_ENOTFOUND)
		return render_attitude(r, w, &h, NULL, NULL, NULL, NULL, NULL,
		                       save ? 422 : 200);
	if (rc)
		return wc_refuse(r, w, &e);
	collect_attitude at;
	if (store_attitude_load(r->s, h.cls.id, win.term_id, 0, NULL, &r->a,
	                        &at, &e))
		return web_fail(r, w, &e);
	if (!save) {
		return render_attitude(
		    r, w, &h, &win, &at, NULL,
		    web_field_get(r, "saved") ? _("Grades saved.") : NULL, NULL,
		    200);
	}
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
		    e.code == ATT_EIO ? 503 : 422);
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
