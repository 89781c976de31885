/*
 * web_collect_obs.c - lesson observations: the form a principal (or
 * admin) fills when observing a teacher of the school against the rubric;
 * the school's observations in full for its principal; only aggregates
 * per criterion, suppressed when small, for officers; and each teacher's
 * own observations.
 * GET /orgs/{code}/observations, GET/POST /orgs/{code}/observations/new,
 * GET /observations.
 */
#include <stdlib.h>
#include <string.h>

#include "collect_input.h"
#include "escape.h"
#include "i18n.h"
#include "suppress.h"
#include "web_collect.h"

static void obs_list_html(web_req *r, buf *b, const collect_observation *o,
                          int n)
{
	if (n == 0) {
		buf_adds(b, "<p>");
		esc_html(b, _("No observations yet."));
		buf_adds(b, "</p>\n");
	}
	for (int i = 0; i < n; i++) {
		buf_adds(b, "<section class=\"block\"><h2>");
		esc_html(b, arena_printf(&r->a, "%s \xc2\xb7 %s", o[i].date,
		                         o[i].staff_name));
		buf_adds(b, "</h2><p class=\"small\">");
		if (*o[i].observer_name)
			esc_html(b, arena_printf(&r->a, _("Observed by %s"),
			                         o[i].observer_name));
		buf_adds(b, "</p><table><tbody>");
		for (int k = 0; k < o[i].nscores; k++) {
			buf_adds(b, "<tr><th scope=\"row\">");
			esc_html(b, wc_criterion(r, o[i].scores[k].criterion));
			buf_printf(b, "</th><td class=\"num\">%d / 4</td></tr>",
			           o[i].scores[k].score);
		}
		buf_adds(b, "</tbody></table><p><strong>");
		esc_html(b, _("Notes"));
		buf_adds(b, ":</strong> ");
		esc_html(b, o[i].notes);
		buf_adds(b, "</p><p><strong>");
		esc_html(b, _("Agreed next steps"));
		buf_adds(b, ":</strong> ");
		esc_html(b, o[i].next_steps);
		buf_adds(b, "</p></section>\n");
	}
}

/* Officers: per-criterion aggregates, suppressed below the minimum. */
static int aggregate_page(web_req *r, web_resp *w, const scope_hit *h)
{
	att_err e;
	err_clear(&e);
	collect_crit_agg *ag;
	int n;
	long nobs, nteach;
	const sw_org *org = &h->path[h->npath - 1];
	if (store_observation_aggregate(r->s, org->id, &r->a, &ag, &n, &nobs,
	                                &nteach, &e))
		return wc_refuse(r, w, &e);
	int min = r->app && r->app->min_cell > 0 ? r->app->min_cell
	                                         : SUPPRESS_MIN_DEFAULT;
	web_page p;
	web_page_init(
	    &p, "observations", org->code,
	    arena_printf(&r->a, "%s: %s", _("Lesson observations"), org->name));
	p.view = "aggregate";
	web_page_crumbs_from_path(r, &p, h->path, h->npath, 1);
	sw_val v1 = {SWV_INT, (double)nobs, arena_printf(&r->a, "%ld", nobs)};
	sw_val v2 = {SWV_INT, (double)nteach,
	             arena_printf(&r->a, "%ld", nteach)};
	web_page_fig(&p, "observations", _("Observations"), WC_INT, &v1);
	web_page_fig(&p, "teachers", _("Teachers observed"), WC_INT, &v2);
	sw_rows t;
	t.ncol = 7;
	t.nrow = n;
	t.names = arena_alloc(&r->a, 7 * sizeof(char *));
	static const char *names[] = {"criterion", "n",  "mean", "s1",
	                              "s2",        "s3", "s4"};
	for (int i = 0; i < 7; i++)
		t.names[i] = names[i];
	t.v = arena_alloc(&r->a, (size_t)(n + 1) * 7 * sizeof(sw_val));
	int sup = 0;
	int hide_all = suppress_is_small(nteach, min, 0);
	for (int i = 0; i < n; i++) {
		*sw_at(&t, i, 0) =
		    (sw_val){SWV_TEXT, 0, wc_criterion(r, ag[i].criterion)};
		unsigned char mask[5] = {0};
		int small = hide_all || suppress_is_small(ag[i].n, min, 0);
		if (!small)
			suppress_list(ag[i].counts, 4, min, 0, mask);
		sup |= small;
		*sw_at(&t, i, 1) =
		    small ? (sw_val){SWV_NULL, 0, ""}
		          : (sw_val){SWV_INT, (double)ag[i].n,
		                     arena_printf(&r->a, "%ld", ag[i].n)};
		*sw_at(&t, i, 2) =
		    small ? (sw_val){SWV_NULL, 0, ""}
		          : (sw_val){SWV_REAL, ag[i].mean,
		                     arena_printf(&r->a, "%.2f", ag[i].mean)};
		for (int k = 0; k < 4; k++) {
			int hide = small || mask[k];
			sup |= hide;
			*sw_at(&t, i, 3 + k) =
			    hide ? (sw_val){SWV_NULL, 0, ""}
			         : (sw_val){SWV_INT, (double)ag[i].counts[k],
			                    arena_printf(&r->a, "%ld",
			                                 ag[i].counts[k])};
		}
	}
	web_col *c = arena_alloc(&r->a, 7 * sizeof(web_col));
	c[0] = (web_col){"criterion", _("Criterion"), WC_TEXT, NULL, NULL};
	c[1] = (web_col){"n", _("Observations"), WC_INT, NULL, NULL};
	c[2] = (web_col){"mean", _("Mean (1-4)"), WC_NUM, NULL, NULL};
	c[3] = (web_col){"s1", _("1"), WC_INT, NULL, NULL};
	c[4] = (web_col){"s2", _("2"), WC_INT, NULL, NULL};
	c[5] = (web_col){"s3", _("3"), WC_INT, NULL, NULL};
	c[6] = (web_col){"s4", _("4"), WC_INT, NULL, NULL};
	web_table *tb =
	    web_page_table(&p, "criteria", _("Scores by criterion"), c, 7, &t);
	if (tb)
		tb->suppressed = sup;
	return web_page_render(r, w, &p);
}

int web_collect_obs(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h;
	scope_level lv = scope_decide(r->s, &r->who, TARGET_ORG,
	                              r->nparams ? r->params[0] : "",
	                              ACCESS_READ, &r->a, &h, &e);
	if (lv == SCOPE_NONE)
		return wc_refuse(r, w, &e);
	if (lv == SCOPE_AGGREGATE || r->format != WEB_HTML)
		return aggregate_page(r, w, &h);
	const sw_org *org = &h.path[h.npath - 1];
	collect_observation *o;
	int n;
	if (store_observation_list(r->s, 0, org->id, &r->a, &o, &n, &e))
		return wc_refuse(r, w, &e);
	web_audit(r, "view", "observations", org->code);
	buf b;
	buf_init(&b);
	wc_open(
	    r, &b,
	    arena_printf(&r->a, "%s: %s", _("Lesson observations"), org->name),
	    &h, web_field_get(r, "saved") ? _("Observation recorded.") : NULL,
	    NULL);
	if (org->is_school) {
		buf_adds(&b, "<p><a href=\"/orgs/");
		esc_url_path(&b, org->code);
		buf_adds(&b, "/observations/new\">");
		esc_html(&b, _("Record an observation"));
		buf_adds(&b, "</a></p>\n");
	}
	obs_list_html(r, &b, o, n);
	wc_close(r, &b);
	return wc_send(w, &b, 200);
}

int web_collect_obs_mine(web_req *r, web_resp *w)
{
	if (!r->sess.staff_id)
		return web_error(r, w, 404, _("Not found"));
	att_err e;
	err_clear(&e);
	collect_observation *o;
	int n;
	if (store_observation_list(r->s, r->sess.staff_id, 0, &r->a, &o, &n,
	                           &e))
		return wc_refuse(r, w, &e);
	buf b;
	buf_init(&b);
	wc_open(r, &b, _("Observations of your lessons"), NULL, NULL, NULL);
	obs_list_html(r, &b, o, n);
	wc_close(r, &b);
	return wc_send(w, &b, 200);
}

static int school_write(web_req *r, scope_hit *h, att_err *e)
{
	if (scope_decide(r->s, &r->who, TARGET_ORG,
	                 r->nparams ? r->params[0] : "", ACCESS_WRITE, &r->a, h,
	                 e) != SCOPE_NAMED)
		return 0;
	return h->npath > 0 && h->path[h->npath - 1].is_school;
}

static int render_form(web_req *r, web_resp *w, const scope_hit *h,
                       const char *error, int status)
{
	att_err e;
	err_clear(&e);
	const sw_org *org = &h->path[h->npath - 1];
	collect_staff_ref *t;
	int nt;
	if (store_collect_teachers(r->s, org->id, &r->a, &t, &nt, &e))
		return wc_refuse(r, w, &e);
	int posted = error != NULL;
	buf b;
	buf_init(&b);
	wc_open(r, &b,
	        arena_printf(&r->a, "%s: %s", _("Record an observation"),
	                     org->name),
	        h, NULL, error);
	const char *teacher = posted ? web_field_get(r, "teacher") : NULL;
	const char *date = posted ? web_field_get(r, "date") : NULL;
	buf_adds(&b, "<form method=\"post\" class=\"entry\" action=\"/orgs/");
	esc_url_path(&b, org->code);
	buf_adds(&b, "/observations/new\" data-key=\"");
	esc_attr(&b, arena_printf(&r->a, "obs:%s", org->code));
	buf_adds(&b, posted ? "\" data-posted=\"1\">" : "\">");
	wc_csrf(r, &b);
	buf_adds(&b, "<label class=\"f\" for=\"tc\">");
	esc_html(&b, _("Teacher"));
	buf_adds(&b, "</label><select id=\"tc\" name=\"teacher\" "
	             "required><option value=\"\"></option>");
	for (int i = 0; i < nt; i++) {
		buf_adds(&b, "<option value=\"");
		esc_attr(&b, t[i].code);
		buf_adds(&b, teacher && !strcmp(teacher, t[i].code)
		                 ? "\" selected>"
		                 : "\">");
		esc_html(&b, t[i].name);
		buf_adds(&b, "</option>");
	}
	buf_adds(&b, "</select><label class=\"f\" for=\"dt\">");
	esc_html(&b, _("Date"));
	buf_adds(
	    &b,
	    "</label><input type=\"date\" id=\"dt\" name=\"date\" value=\"");
	esc_attr(&b, date ? date : wc_today(r));
	buf_adds(&b, "\">");
	for (int k = 0; k < collect_rubric_default_n; k++) {
		const char *key = collect_rubric_default[k];
		const char *v =
		    posted ? web_field_get(r, arena_printf(&r->a, "r_%s", key))
		           : NULL;
		buf_adds(&b, "<fieldset class=\"mark taps\"><legend>");
		esc_html(&b, wc_criterion(r, key));
		buf_adds(&b, "</legend>");
		for (int s = 1; s <= 4; s++)
			buf_printf(
			    &b,
			    "<label><input type=\"radio\" name=\"r_%s\" "
			    "value=\"%d\"%s><span>%d</span></label>",
			    key, s,
			    v && v[0] == '0' + s && !v[1] ? " checked" : "", s);
		buf_adds(&b, "</fieldset>\n");
	}
	buf_adds(&b, "<label class=\"f\" for=\"nt\">");
	esc_html(&b, _("Notes"));
	buf_adds(&b, "</label><textarea id=\"nt\" name=\"notes\" rows=\"4\" "
	             "cols=\"40\" maxlength=\"8000\">");
	esc_html(&b, posted && web_field_get(r, "notes")
	                 ? web_field_get(r, "notes")
	                 : "");
	buf_adds(&b, "</textarea><label class=\"f\" for=\"ns\">");
	esc_html(&b, _("Agreed next steps"));
	buf_adds(&b, "</label><textarea id=\"ns\" name=\"next_steps\" "
	             "rows=\"3\" cols=\"40\" maxlength=\"8000\">");
	esc_html(&b, posted && web_field_get(r, "next_steps")
	                 ? web_field_get(r, "next_steps")
	                 : "");
	buf_adds(&b, "</textarea><br><button type=\"submit\">");
	esc_html(&b, _("Record observation"));
	buf_adds(&b, "</button></form>\n");
	wc_close(r, &b);
	return wc_send(w, &b, status);
}

int web_collect_obs_new(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h;
	if (!school_write(r, &h, &e))
		return wc_refuse(r, w, &e);
	return render_form(r, w, &h, NULL, 200);
}

int web_collect_obs_save(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h;
	if (!school_write(r, &h, &e))
		return wc_refuse(r, w, &e);
	const sw_org *org = &h.path[h.npath - 1];
	/* The observed teacher must teach in this school. */
	collect_staff_ref *t;
	int nt;
	if (store_collect_teachers(r->s, org->id, &r->a, &t, &nt, &e))
		return wc_refuse(r, w, &e);
	const char *tc = web_field_get(r, "teacher");
	int64_t staff = 0;
	for (int i = 0; i < nt; i++)
		if (tc && !strcmp(tc, t[i].code))
			staff = t[i].id;
	if (!staff)
		return render_form(r, w, &h,
		                   _("Choose a teacher of this school."), 422);
	collect_crit_score sc[16];
	int ns = 0;
	for (int k = 0; k < collect_rubric_default_n && ns < 16; k++) {
		const char *key = collect_rubric_default[k];
		const char *v =
		    web_field_get(r, arena_printf(&r->a, "r_%s", key));
		if (!v || !*v)
			continue;
		if (strlen(v) != 1 || v[0] < '1' || v[0] > '4')
			return render_form(
			    r, w, &h,
			    _("A score is not 1 to 4; nothing was saved."),
			    422);
		sc[ns++] = (collect_crit_score){key, v[0] - '0'};
	}
	collect_observation o = {0};
	o.staff_id = staff;
	o.org_id = org->id;
	o.date = web_field_get(r, "date");
	o.notes = web_field_get(r, "notes");
	o.next_steps = web_field_get(r, "next_steps");
	o.scores = sc;
	o.nscores = ns;
	collect_actor who = wc_actor(r);
	if (store_observation_add(r->s, &o, &who, NULL, &e)) {
		if (e.code == ATT_EIO)
			return render_form(r, w, &h,
			                   _("Not saved (the server is busy); "
			                     "what you typed is kept below."),
			                   503);
		return render_form(
		    r, w, &h,
		    arena_printf(&r->a, "%s: %s", _("Not saved"), e.msg), 422);
	}
	buf p;
	buf_init(&p);
	buf_adds(&p, "/orgs/");
	esc_url_path(&p, org->code);
	buf_adds(&p, "/observations");
	const char *loc = arena_strdup(&r->a, p.data);
	buf_free(&p);
	return wc_done(r, w, loc);
}
