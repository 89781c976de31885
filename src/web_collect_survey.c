/*
 * web_collect_survey.c - surveys: the list (what you may answer, what you
 * manage), the builder for principals and admins, the answer form (once
 * per person; anonymous surveys store nothing linkable, see
 * docs/COLLECTION.md), and the results with small-cell suppression.
 * GET /surveys, GET/POST /surveys/new, GET/POST /surveys/{code},
 * GET /surveys/{code}/results.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "suppress.h"
#include "web_collect.h"

#define SURVEY_MAX_Q 8

static const char *const likert[] = {N_("Strongly disagree"), N_("Disagree"),
                                     N_("Neither"), N_("Agree"),
                                     N_("Strongly agree")};

static const char *audience_of(const web_req *r)
{
	switch (r->who.role) {
	case ROLE_STUDENT:
		return "student";
	case ROLE_PARENT:
		return "parent";
	case ROLE_TEACHER:
	case ROLE_PRINCIPAL:
		return "staff";
	default:
		return NULL;
	}
}

/* May this account define surveys for, or read the results of, the
 * survey's org? Level SCOPE_NAMED (principal of it, admin) or
 * SCOPE_AGGREGATE (officer above it); SCOPE_NONE otherwise. A survey for
 * everywhere belongs to admins. */
static scope_level survey_scope(web_req *r, const collect_survey *sv,
                                scope_access acc)
{
	if (r->who.role == ROLE_ADMIN)
		return SCOPE_NAMED;
	if (!sv->org_code || !*sv->org_code)
		return SCOPE_NONE;
	web_target t;
	if (web_target_resolve(r, WT_ORG, sv->org_code, acc, &t, NULL))
		return SCOPE_NONE;
	return t.level;
}

static void survey_link(buf *b, const collect_survey *sv, const char *suffix)
{
	buf_adds(b, "<a href=\"/surveys/");
	esc_url_path(b, sv->code);
	buf_adds(b, suffix);
	buf_adds(b, "\">");
	esc_html(b, sv->title);
	buf_adds(b, "</a>");
}

int web_collect_surveys(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	collect_survey *l;
	int n;
	if (store_survey_list(r->s, 0, &r->a, &l, &n, &e))
		return wc_refuse(r, w, &e);
	const char *today = wc_today(r);
	buf b;
	buf_init(&b);
	wc_open(r, &b, _("Surveys"), NULL,
	        web_field_get(r, "saved") ? _("Survey created.") : NULL, NULL);
	buf_adds(&b, "<h2>");
	esc_html(&b, _("Open for you"));
	buf_adds(&b, "</h2><ul>");
	int any = 0;
	for (int i = 0; i < n; i++) {
		if (!store_survey_open_for(r->s, l[i].id, r->sess.account_id,
		                           today))
			continue;
		any = 1;
		buf_adds(&b, "<li>");
		survey_link(&b, &l[i], "");
		buf_adds(&b, " <span class=\"small\">");
		if (store_survey_taken(r->s, l[i].id, r->sess.account_id))
			esc_html(&b, _("answered"));
		else
			esc_html(&b, arena_printf(&r->a, _("until %s"),
			                          l[i].close_date));
		buf_adds(&b, "</span></li>");
	}
	if (!any) {
		buf_adds(&b, "<li>");
		esc_html(&b, _("No survey is open for you."));
		buf_adds(&b, "</li>");
	}
	buf_adds(&b, "</ul>\n");
	if (r->who.role == ROLE_ADMIN || r->who.role == ROLE_PRINCIPAL ||
	    r->who.role == ROLE_OFFICER) {
		buf_adds(&b, "<h2>");
		esc_html(&b, _("Results"));
		buf_adds(&b, "</h2><ul>");
		for (int i = 0; i < n; i++) {
			if (survey_scope(r, &l[i], ACCESS_READ) == SCOPE_NONE)
				continue;
			buf_adds(&b, "<li>");
			survey_link(&b, &l[i], "/results");
			buf_printf(&b,
			           " <span class=\"small\">%s %s\xe2\x80\x93%s "
			           "\xc2\xb7 ",
			           l[i].anonymous ? _("anonymous") : _("named"),
			           l[i].open_date, l[i].close_date);
			esc_html(&b, arena_printf(&r->a, _("%d responses"),
			                          l[i].responses));
			buf_adds(&b, "</span></li>");
		}
		buf_adds(&b, "</ul>\n");
	}
	if (r->who.role == ROLE_ADMIN || r->who.role == ROLE_PRINCIPAL) {
		buf_adds(&b, "<p><a href=\"/surveys/new\">");
		esc_html(&b, _("Define a new survey"));
		buf_adds(&b, "</a></p>\n");
	}
	wc_close(r, &b);
	return wc_send(w, &b, 200);
}

/* The principal's school code (the default org of a new survey). */
static const char *own_school(web_req *r)
{
	int64_t id = store_collect_account_school(r->s, r->sess.account_id);
	sw_org *path;
	int n;
	if (!id || store_web_org_path_id(r->s, id, &r->a, &path, &n, NULL) ||
	    n < 1)
		return "";
	return path[n - 1].code;
}

static int render_builder(web_req *r, web_resp *w, const char *error,
                          int status)
{
	if (r->who.role != ROLE_ADMIN && r->who.role != ROLE_PRINCIPAL)
		return web_error(r, w, 404, _("Not found"));
	int posted = error != NULL;
	buf b;
	buf_init(&b);
	wc_open(r, &b, _("New survey"), NULL, NULL, error);
#define F(name) (posted ? web_field_get(r, name) : NULL)
	const char *title = F("title"), *aud = F("audience"), *open = F("open"),
	           *close = F("close"), *org = F("org");
	buf_adds(&b, "<form method=\"post\" class=\"entry\" "
	             "action=\"/surveys/new\" data-key=\"survey-new\"");
	buf_adds(&b, posted ? " data-posted=\"1\">" : ">");
	wc_csrf(r, &b);
	buf_adds(&b, "<label class=\"f\" for=\"t\">");
	esc_html(&b, _("Title"));
	buf_adds(&b, "</label><input type=\"text\" id=\"t\" name=\"title\" "
	             "required maxlength=\"200\" value=\"");
	esc_attr(&b, title ? title : "");
	buf_adds(&b, "\"><label class=\"f\" for=\"a\">");
	esc_html(&b, _("Who answers"));
	buf_adds(&b, "</label><select id=\"a\" name=\"audience\">");
	static const char *auds[] = {"student", "parent", "staff"};
	static const char *aud_labels[] = {N_("Students"), N_("Parents"),
	                                   N_("Staff")};
	for (int i = 0; i < 3; i++) {
		buf_adds(&b, "<option value=\"");
		buf_adds(&b, auds[i]);
		buf_adds(&b,
		         aud && !strcmp(aud, auds[i]) ? "\" selected>" : "\">");
		esc_html(&b, _(aud_labels[i]));
		buf_adds(&b, "</option>");
	}
	buf_adds(&b, "</select><label class=\"f\"><input type=\"checkbox\" "
	             "name=\"anonymous\" value=\"1\"");
	if (!posted || web_field_get(r, "anonymous"))
		buf_adds(&b, " checked");
	buf_adds(&b, "> ");
	esc_html(&b, _("Anonymous: responses cannot be traced to the person "
	               "who gave them"));
	buf_adds(&b, "</label><label class=\"f\" for=\"o\">");
	esc_html(&b, _("Opens"));
	buf_adds(&b, "</label><input type=\"date\" id=\"o\" name=\"open\" "
	             "required value=\"");
	esc_attr(&b, open ? open : wc_today(r));
	buf_adds(&b, "\"><label class=\"f\" for=\"c\">");
	esc_html(&b, _("Closes"));
	buf_adds(&b, "</label><input type=\"date\" id=\"c\" name=\"close\" "
	             "required value=\"");
	esc_attr(&b, close ? close : "");
	buf_adds(&b, "\"><label class=\"f\" for=\"g\">");
	esc_html(&b, r->who.role == ROLE_ADMIN
	                 ? _("For the organisation (code; empty for everyone)")
	                 : _("For the school (code)"));
	buf_adds(&b,
	         "</label><input type=\"text\" id=\"g\" name=\"org\" value=\"");
	esc_attr(&b, org                             ? org
	             : r->who.role == ROLE_PRINCIPAL ? own_school(r)
	                                             : "");
	buf_adds(&b, "\"><h2>");
	esc_html(&b, _("Questions"));
	buf_adds(&b, "</h2><p class=\"small\">");
	esc_html(
	    &b,
	    _("Agreement questions are answered on a five-point scale from "
	      "strongly disagree to strongly agree. Leave unused rows empty."));
	buf_adds(&b, "</p>");
	for (int q = 1; q <= SURVEY_MAX_Q; q++) {
		const char *k =
		    posted ? web_field_get(r, arena_printf(&r->a, "qk%d", q))
		           : NULL;
		const char *tx =
		    posted ? web_field_get(r, arena_printf(&r->a, "qt%d", q))
		           : NULL;
		buf_printf(&b,
		           "<fieldset class=\"mark\"><legend>%s %d</legend>"
		           "<select name=\"qk%d\" aria-label=\"",
		           _("Question"), q, q);
		esc_attr(&b, arena_printf(&r->a, _("Kind of question %d"), q));
		buf_printf(&b,
		           "\"><option value=\"likert\">%s</option>"
		           "<option value=\"text\"%s>%s</option></select>",
		           _("Agreement (1-5)"),
		           k && !strcmp(k, "text") ? " selected" : "",
		           _("Free text"));
		buf_printf(&b,
		           "<input type=\"text\" name=\"qt%d\" size=\"40\" "
		           "maxlength=\"500\" aria-label=\"",
		           q);
		esc_attr(&b, arena_printf(&r->a, _("Text of question %d"), q));
		buf_adds(&b, "\" value=\"");
		esc_attr(&b, tx ? tx : "");
		buf_adds(&b, "\"></fieldset>");
	}
#undef F
	buf_adds(&b, "<button type=\"submit\">");
	esc_html(&b, _("Create survey"));
	buf_adds(&b, "</button></form>\n");
	wc_close(r, &b);
	return wc_send(w, &b, status);
}

int web_collect_survey_new(web_req *r, web_resp *w)
{
	return render_builder(r, w, NULL, 200);
}

int web_collect_survey_create(web_req *r, web_resp *w)
{
	if (r->who.role != ROLE_ADMIN && r->who.role != ROLE_PRINCIPAL)
		return web_error(r, w, 404, _("Not found"));
	collect_survey sp = {0};
	sp.title = web_field_get(r, "title");
	sp.audience = web_field_get(r, "audience");
	sp.anonymous = web_field_get(r, "anonymous") != NULL;
	sp.open_date = web_field_get(r, "open");
	sp.close_date = web_field_get(r, "close");
	const char *org = web_field_get(r, "org");
	if (org && *org) {
		web_target t;
		if (web_target_resolve(r, WT_ORG, org, ACCESS_WRITE, &t,
		                       NULL) ||
		    t.level != SCOPE_NAMED)
			return render_builder(
			    r, w,
			    _("Not created: you cannot define a survey for "
			      "that organisation."),
			    422);
		sp.org_id = t.org->id;
	} else if (r->who.role != ROLE_ADMIN) {
		return render_builder(
		    r, w, _("Not created: say which school the survey is for."),
		    422);
	}
	collect_question q[SURVEY_MAX_Q];
	for (int i = 1; i <= SURVEY_MAX_Q; i++) {
		const char *tx =
		    web_field_get(r, arena_printf(&r->a, "qt%d", i));
		const char *k =
		    web_field_get(r, arena_printf(&r->a, "qk%d", i));
		if (!tx || !*tx)
			continue;
		q[sp.nq++] = (collect_question){
		    0, 0, k && !strcmp(k, "text") ? "text" : "likert", tx};
	}
	sp.q = q;
	collect_actor who = wc_actor(r);
	att_err e;
	err_clear(&e);
	if (store_survey_create(r->s, &sp, &who, NULL, &e)) {
		if (e.code == ATT_EIO)
			return render_builder(
			    r, w,
			    _("Not created (the server is busy); what you "
			      "typed is kept below."),
			    503);
		return render_builder(
		    r, w,
		    arena_printf(&r->a, "%s: %s", _("Not created"), e.msg),
		    422);
	}
	return wc_done(r, w, "/surveys");
}

static int load_survey(web_req *r, collect_survey *sv, att_err *e)
{
	if (r->nparams < 1)
		return ATT_ENOTFOUND;
	int64_t id = store_collect_id(r->s, "survey", r->params[0]);
	if (id < 0)
		return ATT_ENOTFOUND;
	return store_survey_load(r->s, id, &r->a, sv, e);
}

static int render_answer(web_req *r, web_resp *w, const collect_survey *sv,
                         const char *notice, const char *error, int status,
                         int posted, int form)
{
	buf b;
	buf_init(&b);
	wc_open(r, &b, sv->title, NULL, notice, error);
	buf_adds(&b, "<p class=\"small\">");
	esc_html(&b, sv->anonymous ? _("This survey is anonymous: your answers "
	                               "are stored without your "
	                               "name, school, date or anything else "
	                               "that links them to you. You "
	                               "can answer once.")
	                           : _("This survey is named: your answers are "
	                               "stored with your name. "
	                               "You can answer once."));
	buf_adds(&b, "</p>\n");
	if (form) {
		buf_adds(
		    &b,
		    "<form method=\"post\" class=\"entry\" action=\"/surveys/");
		esc_url_path(&b, sv->code);
		buf_adds(&b, "\">");
		wc_csrf(r, &b);
		for (int i = 0; i < sv->nq; i++) {
			const collect_question *q = &sv->q[i];
			const char *v =
			    posted ? web_field_get(
			                 r, arena_printf(&r->a, "a%d", q->seq))
			           : NULL;
			if (!strcmp(q->kind, "likert")) {
				buf_adds(
				    &b,
				    "<fieldset class=\"mark taps\"><legend>");
				esc_html(&b, q->text);
				buf_adds(&b, "</legend>");
				for (int k = 1; k <= 5; k++) {
					buf_printf(
					    &b,
					    "<label><input type=\"radio\" "
					    "name=\"a%d\" "
					    "value=\"%d\"%s><span>",
					    q->seq, k,
					    v && v[0] == '0' + k && !v[1]
					        ? " checked"
					        : "");
					esc_html(&b, _(likert[k - 1]));
					buf_adds(&b, "</span></label>");
				}
				buf_adds(&b, "</fieldset>\n");
			} else {
				buf_printf(&b,
				           "<label class=\"f\" for=\"a%d\">",
				           q->seq);
				esc_html(&b, q->text);
				buf_printf(&b,
				           "</label><textarea id=\"a%d\" "
				           "name=\"a%d\" rows=\"3\" "
				           "cols=\"40\" maxlength=\"4000\">",
				           q->seq, q->seq);
				esc_html(&b, v ? v : "");
				buf_adds(&b, "</textarea>\n");
			}
		}
		buf_adds(&b, "<button type=\"submit\">");
		esc_html(&b, _("Send answers"));
		buf_adds(&b, "</button></form>\n");
	}
	wc_close(r, &b);
	return wc_send(w, &b, status);
}

int web_collect_survey(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	collect_survey sv;
	if (load_survey(r, &sv, &e))
		return wc_refuse(r, w, &e);
	int open =
	    store_survey_open_for(r->s, sv.id, r->sess.account_id, wc_today(r));
	int taken = store_survey_taken(r->s, sv.id, r->sess.account_id);
	if (web_field_get(r, "saved") && taken)
		return render_answer(r, w, &sv,
		                     _("Thank you: your answers are saved."),
		                     NULL, 200, 0, 0);
	if (open && !taken)
		return render_answer(r, w, &sv, NULL, NULL, 200, 0, 1);
	if (taken)
		return render_answer(
		    r, w, &sv, NULL,
		    _("You have already answered this survey."), 200, 0, 0);
	if (survey_scope(r, &sv, ACCESS_READ) != SCOPE_NONE)
		return render_answer(r, w, &sv, NULL, NULL, 200, 0, 0);
	return web_error(r, w, 404, _("Not found"));
}

int web_collect_survey_answer(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	collect_survey sv;
	if (load_survey(r, &sv, &e))
		return wc_refuse(r, w, &e);
	const char *today = wc_today(r);
	if (!store_survey_open_for(r->s, sv.id, r->sess.account_id, today))
		return web_error(r, w, 404, _("Not found"));
	collect_answer *ans =
	    arena_alloc(&r->a, sizeof(*ans) * (size_t)(sv.nq ? sv.nq : 1));
	for (int i = 0; i < sv.nq; i++) {
		const char *v =
		    web_field_get(r, arena_printf(&r->a, "a%d", sv.q[i].seq));
		ans[i].question_id = sv.q[i].id;
		ans[i].value = 0;
		ans[i].text = NULL;
		if (!strcmp(sv.q[i].kind, "likert")) {
			if (v && *v) {
				if (strlen(v) != 1 || v[0] < '1' || v[0] > '5')
					return render_answer(
					    r, w, &sv, NULL,
					    _("An answer is not on the scale; "
					      "nothing was saved."),
					    422, 1, 1);
				ans[i].value = v[0] - '0';
			}
		} else {
			ans[i].text = v;
		}
	}
	collect_respondent who = {
	    r->sess.account_id,
	    audience_of(r),
	    r->sess.student_id,
	    r->sess.guardian_id,
	    r->sess.staff_id,
	    store_collect_account_school(r->s, r->sess.account_id)};
	int rc = store_survey_answer(r->s, sv.id, &who, ans, sv.nq, today, &e);
	if (rc == ATT_OK) {
		buf p;
		buf_init(&p);
		buf_adds(&p, "/surveys/");
		esc_url_path(&p, sv.code);
		const char *loc = arena_strdup(&r->a, p.data);
		buf_free(&p);
		return wc_done(r, w, loc);
	}
	if (rc == ATT_ECONFLICT)
		return render_answer(r, w, &sv, NULL,
		                     _("You have already answered this survey; "
		                       "this second answer was not saved."),
		                     409, 0, 0);
	if (rc == ATT_EINPUT)
		return render_answer(
		    r, w, &sv, NULL,
		    arena_printf(&r->a, "%s: %s", _("Not saved"), e.msg), 422,
		    1, 1);
	return render_answer(r, w, &sv, NULL,
	                     _("Not saved (the server is busy); your answers "
	                       "are kept below: send again."),
	                     503, 1, 1);
}

int web_collect_survey_results(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	collect_survey sv;
	if (load_survey(r, &sv, &e))
		return wc_refuse(r, w, &e);
	scope_level lv = survey_scope(r, &sv, ACCESS_READ);
	if (lv == SCOPE_NONE)
		return web_error(r, w, 404, _("Not found"));
	collect_q_result *res;
	int nq;
	long nresp;
	if (store_survey_results(r->s, sv.id, &r->a, &res, &nq, &nresp, &e))
		return wc_refuse(r, w, &e);
	int min = r->app && r->app->min_cell > 0 ? r->app->min_cell
	                                         : SUPPRESS_MIN_DEFAULT;
	web_page p;
	web_page_init(&p, "survey", sv.code, sv.title);
	p.subtitle = arena_printf(&r->a, "%s \xc2\xb7 %s\xe2\x80\x93%s",
	                          sv.anonymous ? _("anonymous") : _("named"),
	                          sv.open_date, sv.close_date);
	p.view = lv == SCOPE_NAMED ? "named" : "aggregate";
	sw_val v = {SWV_INT, (double)nresp, arena_printf(&r->a, "%ld", nresp)};
	web_page_fig(&p, "responses", _("Responses"), WC_INT, &v);
	int hide_all = suppress_is_small(nresp, min, 0);
	sw_rows t;
	t.ncol = 8;
	t.names = arena_alloc(&r->a, 8 * sizeof(char *));
	static const char *names[] = {"question", "n",  "c1", "c2",
	                              "c3",       "c4", "c5", "mean"};
	for (int i = 0; i < 8; i++)
		t.names[i] = names[i];
	t.v = arena_alloc(&r->a, (size_t)(nq + 1) * 8 * sizeof(sw_val));
	t.nrow = 0;
	int suppressed = 0;
	for (int i = 0; i < nq; i++) {
		if (strcmp(res[i].kind, "likert"))
			continue;
		int row = t.nrow++;
		*sw_at(&t, row, 0) = (sw_val){SWV_TEXT, 0, res[i].text};
		unsigned char mask[6] = {0};
		int small = hide_all || suppress_is_small(res[i].n, min, 0);
		if (!small)
			suppress_list(res[i].counts, 5, min, 0, mask);
		*sw_at(&t, row, 1) =
		    small ? (sw_val){SWV_NULL, 0, ""}
		          : (sw_val){SWV_INT, (double)res[i].n,
		                     arena_printf(&r->a, "%ld", res[i].n)};
		for (int k = 0; k < 5; k++) {
			int hide = small || mask[k];
			suppressed |= hide;
			*sw_at(&t, row, 2 + k) =
			    hide ? (sw_val){SWV_NULL, 0, ""}
			         : (sw_val){SWV_INT, (double)res[i].counts[k],
			                    arena_printf(&r->a, "%ld",
			                                 res[i].counts[k])};
		}
		*sw_at(&t, row, 7) =
		    small ? (sw_val){SWV_NULL, 0, ""}
		          : (sw_val){SWV_REAL, res[i].mean,
		                     arena_printf(&r->a, "%.2f", res[i].mean)};
	}
	web_col *c = arena_alloc(&r->a, 8 * sizeof(web_col));
	c[0] = (web_col){"question", _("Question"), WC_TEXT, NULL, NULL};
	c[1] = (web_col){"n", _("Answers"), WC_INT, NULL, NULL};
	for (int k = 0; k < 5; k++)
		c[2 + k] =
		    (web_col){names[2 + k], _(likert[k]), WC_INT, NULL, NULL};
	c[7] = (web_col){"mean", _("Mean (1-5)"), WC_NUM, NULL, NULL};
	web_table *tb =
	    web_page_table(&p, "likert", _("Agreement questions"), c, 8, &t);
	if (tb)
		tb->suppressed = suppressed;
	/* Free text: only to those who may see named data, and only when
	 * enough people answered that no answer stands out by count. */
	if (lv == SCOPE_NAMED && !hide_all) {
		for (int i = 0; i < nq; i++) {
			if (strcmp(res[i].kind, "text") || res[i].ntexts == 0)
				continue;
			web_page_note(
			    &p, arena_printf(&r->a, "%s \xe2\x80\x94 %d %s",
			                     res[i].text, res[i].ntexts,
			                     _("written answers")));
			for (int k = 0;
			     k < res[i].ntexts && p.nnotes < WEB_MAX_NOTES; k++)
				web_page_note(
				    &p, arena_printf(
				            &r->a, "\xe2\x80\x9c%s\xe2\x80\x9d",
				            res[i].texts[k]));
		}
	}
	if (hide_all)
		web_page_note(
		    &p, arena_printf(
		            &r->a,
		            _("Fewer than %d responses: results are hidden "
		              "so that no one's answers can be picked out."),
		            min));
	return web_page_render(r, w, &p);
}
