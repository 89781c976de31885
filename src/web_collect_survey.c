/*
 * web_collect_survey.c - surveys: the list (what you may answer, what you
 * manage), the builder for principals and admins, the answer form (once
 * per person; anonymous surveys store nothing linkable, see
 * docs/COLLECTION.md; a survey that needs consent is neither listed nor
 * answered for a student whose consent is not given, and says why: 403),
 * and the results with small-cell suppression and, for a survey that
 * needs consent, the students it skipped.
 * GET /surveys, GET/POST /surveys/new, GET/POST /surveys/{code},
 * GET /surveys/{code}/results.
 */
#include <stdlib.h>
#include <string.h>

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

/* The surveys open to the account (with whether it has answered). */
static void open_table(web_req *r, web_page *p, const collect_survey *l, int n)
{
	enum { OP_TITLE, OP_CODE, OP_STATUS, OP_NCOL };
	static const char *const names[OP_NCOL] = {
	    [OP_TITLE] = "title", [OP_CODE] = "code", [OP_STATUS] = "status"};
	sw_rows t = wc_rows(r, names, OP_NCOL, n);
	t.nrow = 0;
	const char *today = wc_today(r);
	int blocked = 0;
	for (int i = 0; i < n; i++) {
		blocked += store_survey_no_consent(r->s, l[i].id,
		                                   r->sess.account_id, today);
		if (!store_survey_open_for(r->s, l[i].id, r->sess.account_id,
		                           today))
			continue;
		int k = t.nrow++;
		*sw_at(&t, k, OP_TITLE) = wc_text(l[i].title);
		*sw_at(&t, k, OP_CODE) = wc_text(l[i].code);
		*sw_at(&t, k, OP_STATUS) = wc_text(
		    store_survey_taken(r->s, l[i].id, r->sess.account_id)
		        ? _("answered")
		        : arena_printf(&r->a, _("until %s"), l[i].close_date));
	}
	web_col *c = arena_alloc(&r->a, 2 * sizeof(web_col));
	c[0] = (web_col){names[OP_TITLE], _("Survey"), WC_LINK, "/surveys/",
	                 "code"};
	c[1] = (web_col){names[OP_STATUS], _("Status"), WC_TEXT, NULL, NULL};
	web_table *tb = web_page_table(p, "open", _("Open for you"), c, 2, &t);
	if (tb)
		tb->empty = _("No survey is open for you.");
	if (blocked)
		web_page_note(p, _("A survey that needs consent is not shown: "
		                   "consent for surveys has not been given "
		                   "for you. A parent can give it on your "
		                   "consent page."));
}

/* The minimum cell of the server (suppress.h). */
static int min_cell(const web_req *r)
{
	return r->app && r->app->min_cell > 0 ? r->app->min_cell
	                                      : SUPPRESS_MIN_DEFAULT;
}

/* The students a survey that needs consent skips, as of today
 * (store_survey_skipped), into *k (-1 for a survey that needs none or on
 * a store error), and as a cell: NULL then, and to an aggregate viewer
 * when below the minimum cell, as every small count of a school's
 * students is. */
static sw_val skipped_val(web_req *r, const collect_survey *sv, scope_level lv,
                          long *k)
{
	*k = sv->needs_consent ? store_survey_skipped(r->s, sv->id, wc_today(r))
	                       : -1;
	if (*k < 0 ||
	    (lv != SCOPE_NAMED && suppress_is_small(*k, min_cell(r), 0)))
		return (sw_val){SWV_NULL, 0, ""};
	return wc_int(r, *k);
}

/* The surveys whose results the account may read, with the students a
 * survey that needs consent skips. */
static void results_table(web_req *r, web_page *p, const collect_survey *l,
                          int n)
{
	enum {
		SR_TITLE,
		SR_CODE,
		SR_KIND,
		SR_OPEN_DATE,
		SR_CLOSE_DATE,
		SR_RESPONSES,
		SR_SKIPPED,
		SR_NCOL
	};
	static const char *const names[SR_NCOL] = {[SR_TITLE] = "title",
	                                           [SR_CODE] = "code",
	                                           [SR_KIND] = "kind",
	                                           [SR_OPEN_DATE] = "open_date",
	                                           [SR_CLOSE_DATE] =
	                                               "close_date",
	                                           [SR_RESPONSES] = "responses",
	                                           [SR_SKIPPED] = "skipped"};
	sw_rows t = wc_rows(r, names, SR_NCOL, n);
	t.nrow = 0;
	for (int i = 0; i < n; i++) {
		scope_level lv = survey_scope(r, &l[i], ACCESS_READ);
		if (lv == SCOPE_NONE)
			continue;
		int k = t.nrow++;
		*sw_at(&t, k, SR_TITLE) = wc_text(l[i].title);
		*sw_at(&t, k, SR_CODE) = wc_text(l[i].code);
		*sw_at(&t, k, SR_KIND) =
		    wc_text(l[i].anonymous ? _("anonymous") : _("named"));
		*sw_at(&t, k, SR_OPEN_DATE) = wc_text(l[i].open_date);
		*sw_at(&t, k, SR_CLOSE_DATE) = wc_text(l[i].close_date);
		*sw_at(&t, k, SR_RESPONSES) = wc_int(r, l[i].responses);
		long sk;
		*sw_at(&t, k, SR_SKIPPED) = skipped_val(r, &l[i], lv, &sk);
	}
	web_col *c = arena_alloc(&r->a, 6 * sizeof(web_col));
	c[0] = (web_col){names[SR_TITLE], _("Survey"), WC_LINK,
	                 "/surveys/{}/results", "code"};
	c[1] = (web_col){names[SR_KIND], _("Answers"), WC_TEXT, NULL, NULL};
	c[2] = (web_col){names[SR_OPEN_DATE], _("Opens"), WC_DATE, NULL, NULL};
	c[3] =
	    (web_col){names[SR_CLOSE_DATE], _("Closes"), WC_DATE, NULL, NULL};
	c[4] =
	    (web_col){names[SR_RESPONSES], _("Responses"), WC_INT, NULL, NULL};
	c[5] = (web_col){names[SR_SKIPPED], _("Students skipped: no consent"),
	                 WC_INT, NULL, NULL};
	web_page_table(p, "results", _("Results"), c, 6, &t);
}

int web_collect_surveys(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	collect_survey *l;
	int n;
	if (store_survey_list(r->s, 0, &r->a, &l, &n, &e))
		return web_fail(r, w, &e);
	web_page p;
	wc_page(r, &p, "surveys", NULL, _("Surveys"), NULL);
	p.notice = web_field_get(r, "saved") ? _("Survey created.") : NULL;
	if (r->who.role == ROLE_ADMIN || r->who.role == ROLE_PRINCIPAL)
		web_page_action(&p, _("Define a new survey"), "/surveys/new");
	open_table(r, &p, l, n);
	if (r->who.role == ROLE_ADMIN || r->who.role == ROLE_PRINCIPAL ||
	    r->who.role == ROLE_OFFICER)
		results_table(r, &p, l, n);
	return web_page_render(r, w, &p);
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

/* The questions of a new survey: a grid of SURVEY_MAX_Q rows, each a
 * kind (agreement or free text) and a text (what was posted when
 * `posted`). */
static void builder_questions(web_req *r, web_form *f, int posted)
{
	static const char *const kinds[] = {"likert", "text"};
	static const char *const kind_labels[] = {N_("Agreement (1-5)"),
	                                          N_("Free text")};
	web_option *ko = wc_options(r, kinds, kind_labels, 2);
	web_grid *g = web_form_grid(
	    f, _("Questions"),
	    _("Agreement questions are answered on a five-point scale from "
	      "strongly disagree to strongly agree. Leave unused rows empty."),
	    _("Question"), SURVEY_MAX_Q, 2);
	g->cols[0].label = _("Kind");
	g->cols[1].label = _("Text");
	for (int q = 1; q <= SURVEY_MAX_Q; q++) {
		const char *kn = arena_printf(&r->a, "qk%d", q);
		const char *tn = arena_printf(&r->a, "qt%d", q);
		g->rows[q - 1].label = arena_printf(&r->a, "%d", q);
		web_input *k = web_grid_cell(g, q - 1, 0);
		*k = (web_input){
		    .kind = WI_SELECT,
		    .name = kn,
		    .label = arena_printf(&r->a, _("Kind of question %d"), q),
		    .value = posted ? web_field_get(r, kn) : NULL,
		    .opts = ko,
		    .nopts = 2};
		web_input *t = web_grid_cell(g, q - 1, 1);
		*t = (web_input){
		    .kind = WI_TEXT,
		    .name = tn,
		    .label = arena_printf(&r->a, _("Text of question %d"), q),
		    .value = posted ? web_field_get(r, tn) : NULL,
		    .maxlen = 500,
		    .size = 40};
	}
}

/* The builder of a new survey (principals for their school, admins for
 * any org or everyone); `error` shows what was posted again. */
static int render_builder(web_req *r, web_resp *w, const char *error,
                          int status)
{
	if (r->who.role != ROLE_ADMIN && r->who.role != ROLE_PRINCIPAL)
		return web_error(r, w, 404, _("Not found"));
	int posted = error != NULL;
	web_page p;
	wc_page(r, &p, "survey-new", NULL, _("New survey"), NULL);
	p.error = error;
	web_form *f =
	    web_page_form(r, &p, "survey", "/surveys/new", _("Create survey"));
	f->key = "survey-new";
	f->posted = posted;
#define F(name) (posted ? web_field_get(r, name) : NULL)
	web_input *in =
	    web_form_input(f, WI_TEXT, "title", _("Title"), F("title"));
	in->id = "t";
	in->required = 1;
	in->maxlen = 200;
	static const char *const auds[] = {"student", "parent", "staff"};
	static const char *const aud_labels[] = {N_("Students"), N_("Parents"),
	                                         N_("Staff")};
	web_form_choice(f, WI_SELECT, "audience", _("Who answers"),
	                F("audience"), wc_options(r, auds, aud_labels, 3), 3)
	    ->id = "a";
	web_form_input(f, WI_CHECK, "anonymous",
	               _("Anonymous: responses cannot be traced to the person "
	                 "who gave them"),
	               !posted || web_field_get(r, "anonymous") ? "1" : NULL);
	web_form_input(f, WI_CHECK, "needs_consent",
	               _("Needs consent: only students whose consent for "
	                 "surveys is given answer (student surveys)"),
	               F("needs_consent") ? "1" : NULL);
	const char *open = F("open");
	in = web_form_input(f, WI_DATE, "open", _("Opens"),
	                    open ? open : wc_today(r));
	in->id = "o";
	in->required = 1;
	in = web_form_input(f, WI_DATE, "close", _("Closes"), F("close"));
	in->id = "c";
	in->required = 1;
	const char *org = F("org");
	web_form_input(f, WI_TEXT, "org",
	               r->who.role == ROLE_ADMIN
	                   ? _("For the organisation (code; empty for "
	                       "everyone)")
	                   : _("For the school (code)"),
	               org                             ? org
	               : r->who.role == ROLE_PRINCIPAL ? own_school(r)
	                                               : "")
	    ->id = "g";
#undef F
	builder_questions(r, f, posted);
	return web_page_answer(r, w, &p, status);
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
	sp.needs_consent = web_field_get(r, "needs_consent") != NULL;
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
	if (store_survey_create(r->s, &sp, &who, NULL, &e))
		return render_builder(
		    r, w,
		    e.code == ATT_EIO
		        ? _("Not created (the server is busy); what you "
		            "typed is kept below.")
		        : arena_printf(&r->a, "%s: %s", _("Not created"),
		                       e.msg),
		    web_status(e.code, 1));
	return wc_done(r, w, "/surveys");
}

/* The survey the route names (its code) into *sv: 0; else -1, with the
 * error answered through web_fail (an unknown code: 404) and that
 * answer's result in *answered. */
static int load_survey(web_req *r, web_resp *w, collect_survey *sv,
                       int *answered)
{
	att_err e;
	err_clear(&e);
	int64_t id = r->nparams < 1
	                 ? -1
	                 : store_collect_id(r->s, "survey", r->params[0]);
	if (id >= 0 && store_survey_load(r->s, id, &r->a, sv, &e) == ATT_OK)
		return 0;
	*answered = web_fail(r, w, &e);
	return -1;
}

/* A survey for its respondent: whether it is anonymous, and the answer
 * form when `form` (what was posted again when `posted`). */
static int render_answer(web_req *r, web_resp *w, const collect_survey *sv,
                         const char *notice, const char *error, int status,
                         int posted, int form)
{
	web_page p;
	wc_page(r, &p, "survey", sv->code, sv->title, NULL);
	p.notice = notice;
	p.error = error;
	p.subtitle = sv->anonymous ? _("This survey is anonymous: your answers "
	                               "are stored without your "
	                               "name, school, date or anything else "
	                               "that links them to you. You "
	                               "can answer once.")
	                           : _("This survey is named: your answers are "
	                               "stored with your name. "
	                               "You can answer once.");
	if (form) {
		static const char *const values[] = {"1", "2", "3", "4", "5"};
		web_option *lo = wc_options(r, values, likert, 5);
		web_form *f = web_page_form(
		    r, &p, "answer", wc_path(r, "/surveys/", sv->code, ""),
		    _("Send answers"));
		for (int i = 0; i < sv->nq; i++) {
			const collect_question *q = &sv->q[i];
			const char *name = arena_printf(&r->a, "a%d", q->seq);
			const char *v = posted ? web_field_get(r, name) : NULL;
			if (!strcmp(q->kind, "likert")) {
				web_form_choice(f, WI_TAPS, name, q->text, v,
				                lo, 5);
				continue;
			}
			web_input *in =
			    web_form_input(f, WI_TEXTAREA, name, q->text, v);
			in->id = name;
			in->maxlen = 4000;
		}
	}
	return web_page_answer(r, w, &p, status);
}

/* A survey that needs consent, to a student whose consent is not given:
 * 403 with the reason and no form (the survey's existence is no secret
 * to its audience: it is listed for the students who may answer). */
static int refuse_no_consent(web_req *r, web_resp *w, const collect_survey *sv)
{
	return render_answer(
	    r, w, sv, NULL,
	    _("You cannot answer this survey: it is answered only by "
	      "students whose consent for surveys has been given, and it "
	      "has not been given for you. A parent can give it on your "
	      "consent page; nothing was saved."),
	    403, 0, 0);
}

int web_collect_survey(web_req *r, web_resp *w)
{
	collect_survey sv;
	int answered;
	if (load_survey(r, w, &sv, &answered))
		return answered;
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
	if (store_survey_no_consent(r->s, sv.id, r->sess.account_id,
	                            wc_today(r)))
		return refuse_no_consent(r, w, &sv);
	if (survey_scope(r, &sv, ACCESS_READ) != SCOPE_NONE)
		return render_answer(r, w, &sv, NULL, NULL, 200, 0, 0);
	return web_error(r, w, 404, _("Not found"));
}

int web_collect_survey_answer(web_req *r, web_resp *w)
{
	collect_survey sv;
	int answered;
	if (load_survey(r, w, &sv, &answered))
		return answered;
	const char *today = wc_today(r);
	if (store_survey_no_consent(r->s, sv.id, r->sess.account_id, today))
		return refuse_no_consent(r, w, &sv);
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
	att_err e;
	err_clear(&e);
	int rc = store_survey_answer(r->s, sv.id, &who, ans, sv.nq, today, &e);
	if (rc == ATT_OK)
		return wc_done(r, w, wc_path(r, "/surveys/", sv.code, ""));
	if (rc == ATT_ECONFLICT)
		return render_answer(r, w, &sv, NULL,
		                     _("You have already answered this survey; "
		                       "this second answer was not saved."),
		                     web_status(rc, 1), 0, 0);
	return render_answer(
	    r, w, &sv, NULL,
	    rc == ATT_EINPUT
	        ? arena_printf(&r->a, "%s: %s", _("Not saved"), e.msg)
	        : _("Not saved (the server is busy); your answers are kept "
	            "below: send again."),
	    web_status(rc, 1), 1, 1);
}

/* The students a survey that needs consent skipped (skipped_val), as a
 * figure and a note. */
static void skipped_fig(web_req *r, web_page *p, const collect_survey *sv,
                        scope_level lv, int min)
{
	const char *today = wc_today(r);
	long k;
	sw_val v = skipped_val(r, sv, lv, &k);
	if (k < 0)
		return;
	int hide = v.type == SWV_NULL;
	web_page_fig(p, "skipped", _("Students skipped: no consent"), WC_INT,
	             &v);
	web_page_note(
	    p, hide ? arena_printf(&r->a,
	                           _("Fewer than %d students were skipped "
	                             "for want of consent for surveys (as "
	                             "of %s)."),
	                           min, today)
	            : arena_printf(&r->a,
	                           _("Students skipped for want of consent "
	                             "for surveys, as of %s: %ld. They were "
	                             "not offered the survey."),
	                           today, k));
}

int web_collect_survey_results(web_req *r, web_resp *w)
{
	collect_survey sv;
	int answered;
	if (load_survey(r, w, &sv, &answered))
		return answered;
	scope_level lv = survey_scope(r, &sv, ACCESS_READ);
	if (lv == SCOPE_NONE)
		return web_error(r, w, 404, _("Not found"));
	collect_q_result *res;
	int nq;
	long nresp;
	att_err e;
	err_clear(&e);
	if (store_survey_results(r->s, sv.id, &r->a, &res, &nq, &nresp, &e))
		return web_fail(r, w, &e);
	int min = min_cell(r);
	web_page p;
	web_page_init(&p, "survey", sv.code, sv.title);
	p.subtitle = arena_printf(&r->a, "%s \xc2\xb7 %s\xe2\x80\x93%s",
	                          sv.anonymous ? _("anonymous") : _("named"),
	                          sv.open_date, sv.close_date);
	p.view = lv == SCOPE_NAMED ? "named" : "aggregate";
	sw_val v = wc_int(r, nresp);
	web_page_fig(&p, "responses", _("Responses"), WC_INT, &v);
	if (sv.needs_consent)
		skipped_fig(r, &p, &sv, lv, min);
	int hide_all = suppress_is_small(nresp, min, 0);
	/* a question, its answers, the count of each of the five levels,
	 * the mean */
	enum { LK_QUESTION, LK_N, LK_C1, LK_MEAN = LK_C1 + 5, LK_NCOL };
	static const char *const names[LK_NCOL] = {
	    [LK_QUESTION] = "question", [LK_N] = "n",       [LK_C1] = "c1",
	    [LK_C1 + 1] = "c2",         [LK_C1 + 2] = "c3", [LK_C1 + 3] = "c4",
	    [LK_C1 + 4] = "c5",         [LK_MEAN] = "mean"};
	sw_rows t = wc_rows(r, names, LK_NCOL, nq);
	t.nrow = 0;
	int suppressed = 0;
	for (int i = 0; i < nq; i++) {
		if (strcmp(res[i].kind, "likert"))
			continue;
		int row = t.nrow++;
		*sw_at(&t, row, LK_QUESTION) =
		    (sw_val){SWV_TEXT, 0, res[i].text};
		unsigned char mask[6] = {0};
		int small = hide_all || suppress_is_small(res[i].n, min, 0);
		if (!small)
			suppress_list(res[i].counts, 5, min, 0, mask);
		*sw_at(&t, row, LK_N) =
		    small ? (sw_val){SWV_NULL, 0, ""} : wc_int(r, res[i].n);
		for (int k = 0; k < 5; k++) {
			int hide = small || mask[k];
			suppressed |= hide;
			*sw_at(&t, row, LK_C1 + k) =
			    hide ? (sw_val){SWV_NULL, 0, ""}
			         : wc_int(r, res[i].counts[k]);
		}
		*sw_at(&t, row, LK_MEAN) =
		    small ? (sw_val){SWV_NULL, 0, ""}
		          : (sw_val){SWV_REAL, res[i].mean,
		                     arena_printf(&r->a, "%.2f", res[i].mean)};
	}
	web_col *c = arena_alloc(&r->a, LK_NCOL * sizeof(web_col));
	c[LK_QUESTION] =
	    (web_col){names[LK_QUESTION], _("Question"), WC_TEXT, NULL, NULL};
	c[LK_N] = (web_col){names[LK_N], _("Answers"), WC_INT, NULL, NULL};
	for (int k = 0; k < 5; k++)
		c[LK_C1 + k] = (web_col){names[LK_C1 + k], _(likert[k]), WC_INT,
		                         NULL, NULL};
	c[LK_MEAN] =
	    (web_col){names[LK_MEAN], _("Mean (1-5)"), WC_NUM, NULL, NULL};
	web_table *tb = web_page_table(&p, "likert", _("Agreement questions"),
	                               c, LK_NCOL, &t);
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
