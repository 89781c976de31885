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
#include "i18n.h"
#include "suppress.h"
#include "web_collect.h"

/* 1 if an observation of the list scores criterion c. */
static int obs_scored(const collect_observation *o, int n, const char *c)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < o[i].nscores; k++)
			if (!strcmp(o[i].scores[k].criterion, c))
				return 1;
	return 0;
}

/* The criteria the observations of a list score: the default rubric's in
 * its order, then any other in the order first seen. */
static int obs_criteria(web_req *r, const collect_observation *o, int n,
                        const char ***out)
{
	int cap = collect_rubric_default_n + 1;
	for (int i = 0; i < n; i++)
		cap += o[i].nscores;
	const char **c = arena_alloc(&r->a, (size_t)cap * sizeof(*c));
	int nc = 0;
	for (int k = 0; k < collect_rubric_default_n; k++)
		if (obs_scored(o, n, collect_rubric_default[k]))
			c[nc++] = collect_rubric_default[k];
	for (int i = 0; i < n; i++)
		for (int k = 0; k < o[i].nscores; k++) {
			int seen = 0;
			for (int j = 0; j < nc && !seen; j++)
				seen = !strcmp(c[j], o[i].scores[k].criterion);
			if (!seen)
				c[nc++] = o[i].scores[k].criterion;
		}
	*out = c;
	return nc;
}

/* Observations in full (a principal's school, a teacher's own) as a page
 * table shown as one card each: date, teacher, observer, a score per
 * criterion, notes and the agreed next steps. */
static void obs_table(web_req *r, web_page *p, const collect_observation *o,
                      int n)
{
	const char **crit;
	int nc = obs_criteria(r, o, n, &crit);
	/* date, teacher, observer, one column per criterion, then notes and
	 * next steps */
	enum { OB_DATE, OB_TEACHER, OB_OBSERVER, OB_FIRST_CRITERION };
	int ob_notes = OB_FIRST_CRITERION + nc, ob_next = ob_notes + 1;
	int ncol = ob_next + 1;
	const char **names = arena_alloc(&r->a, (size_t)ncol * sizeof(*names));
	web_col *c = arena_alloc(&r->a, (size_t)ncol * sizeof(*c));
	c[OB_DATE] = (web_col){"date", _("Date"), WC_DATE, NULL, NULL};
	c[OB_TEACHER] = (web_col){"teacher", _("Teacher"), WC_TEXT, NULL, NULL};
	c[OB_OBSERVER] =
	    (web_col){"observer", _("Observed by"), WC_TEXT, NULL, NULL};
	for (int k = 0; k < nc; k++)
		c[OB_FIRST_CRITERION + k] =
		    (web_col){arena_printf(&r->a, "r_%s", crit[k]),
		              wc_criterion(r, crit[k]), WC_INT, NULL, NULL};
	c[ob_notes] = (web_col){"notes", _("Notes"), WC_TEXT, NULL, NULL};
	c[ob_next] = (web_col){"next_steps", _("Agreed next steps"), WC_TEXT,
	                       NULL, NULL};
	for (int k = 0; k < ncol; k++)
		names[k] = c[k].key;
	sw_rows t = wc_rows(r, names, ncol, n);
	for (int i = 0; i < n; i++) {
		*sw_at(&t, i, OB_DATE) = wc_text(o[i].date);
		*sw_at(&t, i, OB_TEACHER) = wc_text(o[i].staff_name);
		*sw_at(&t, i, OB_OBSERVER) = wc_text(o[i].observer_name);
		for (int k = 0; k < nc; k++) {
			sw_val v = {SWV_NULL, 0, ""};
			for (int m = 0; m < o[i].nscores; m++)
				if (!strcmp(o[i].scores[m].criterion, crit[k]))
					v = wc_int(r, o[i].scores[m].score);
			*sw_at(&t, i, OB_FIRST_CRITERION + k) = v;
		}
		*sw_at(&t, i, ob_notes) = wc_text(o[i].notes);
		*sw_at(&t, i, ob_next) = wc_text(o[i].next_steps);
	}
	web_table *tb =
	    web_page_table(p, "observations", _("Observations"), c, ncol, &t);
	if (tb) {
		tb->cards = 1;
		tb->note = _("Each criterion is rated from 1 to 4.");
		tb->empty = _("No observations yet.");
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
		return web_fail(r, w, &e);
	int min = r->app && r->app->min_cell > 0 ? r->app->min_cell
	                                         : SUPPRESS_MIN_DEFAULT;
	web_page p;
	web_page_init(
	    &p, "observations", org->code,
	    arena_printf(&r->a, "%s: %s", _("Lesson observations"), org->name));
	p.view = "aggregate";
	web_page_crumbs_from_path(r, &p, h->path, h->npath, 1);
	sw_val v1 = wc_int(r, nobs), v2 = wc_int(r, nteach);
	web_page_fig(&p, "observations", _("Observations"), WC_INT, &v1);
	web_page_fig(&p, "teachers", _("Teachers observed"), WC_INT, &v2);
	/* a criterion, its observations, their mean, the count of each of
	 * the four scores */
	enum { AG_CRITERION, AG_N, AG_MEAN, AG_S1, AG_NCOL = AG_S1 + 4 };
	static const char *const names[AG_NCOL] = {[AG_CRITERION] = "criterion",
	                                           [AG_N] = "n",
	                                           [AG_MEAN] = "mean",
	                                           [AG_S1] = "s1",
	                                           [AG_S1 + 1] = "s2",
	                                           [AG_S1 + 2] = "s3",
	                                           [AG_S1 + 3] = "s4"};
	sw_rows t = wc_rows(r, names, AG_NCOL, n);
	int sup = 0;
	int hide_all = suppress_is_small(nteach, min, 0);
	for (int i = 0; i < n; i++) {
		*sw_at(&t, i, AG_CRITERION) =
		    (sw_val){SWV_TEXT, 0, wc_criterion(r, ag[i].criterion)};
		unsigned char mask[5] = {0};
		int small = hide_all || suppress_is_small(ag[i].n, min, 0);
		if (!small)
			suppress_list(ag[i].counts, 4, min, 0, mask);
		sup |= small;
		*sw_at(&t, i, AG_N) =
		    small ? (sw_val){SWV_NULL, 0, ""} : wc_int(r, ag[i].n);
		*sw_at(&t, i, AG_MEAN) =
		    small ? (sw_val){SWV_NULL, 0, ""}
		          : (sw_val){SWV_REAL, ag[i].mean,
		                     arena_printf(&r->a, "%.2f", ag[i].mean)};
		for (int k = 0; k < 4; k++) {
			int hide = small || mask[k];
			sup |= hide;
			*sw_at(&t, i, AG_S1 + k) =
			    hide ? (sw_val){SWV_NULL, 0, ""}
			         : wc_int(r, ag[i].counts[k]);
		}
	}
	static const char *const scores[4] = {N_("1"), N_("2"), N_("3"),
	                                      N_("4")};
	web_col *c = arena_alloc(&r->a, AG_NCOL * sizeof(web_col));
	c[AG_CRITERION] =
	    (web_col){names[AG_CRITERION], _("Criterion"), WC_TEXT, NULL, NULL};
	c[AG_N] = (web_col){names[AG_N], _("Observations"), WC_INT, NULL, NULL};
	c[AG_MEAN] =
	    (web_col){names[AG_MEAN], _("Mean (1-4)"), WC_NUM, NULL, NULL};
	for (int k = 0; k < 4; k++)
		c[AG_S1 + k] = (web_col){names[AG_S1 + k], _(scores[k]), WC_INT,
		                         NULL, NULL};
	web_table *tb = web_page_table(&p, "criteria", _("Scores by criterion"),
	                               c, AG_NCOL, &t);
	if (tb)
		tb->suppressed = sup;
	return web_page_render(r, w, &p);
}

int web_collect_obs(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	if (r->target.level == SCOPE_AGGREGATE)
		return aggregate_page(r, w, &h);
	const sw_org *org = r->target.org;
	collect_observation *o;
	int n;
	if (store_observation_list(r->s, 0, org->id, &r->a, &o, &n, &e))
		return web_fail(r, w, &e);
	web_page p;
	wc_page(
	    r, &p, "observations", org->code,
	    arena_printf(&r->a, "%s: %s", _("Lesson observations"), org->name),
	    &h);
	p.notice =
	    web_field_get(r, "saved") ? _("Observation recorded.") : NULL;
	if (org->is_school)
		web_page_action(
		    &p, _("Record an observation"),
		    wc_path(r, "/orgs/", org->code, "/observations/new"));
	obs_table(r, &p, o, n);
	return web_page_render(r, w, &p);
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
		return web_fail(r, w, &e);
	web_page p;
	wc_page(r, &p, "observations", NULL, _("Observations of your lessons"),
	        NULL);
	obs_table(r, &p, o, n);
	return web_page_render(r, w, &p);
}

int wc_obs_inputs(web_req *r, web_form *f, const sw_org *org, int posted,
                  const char *date, const char *notes, att_err *e)
{
	collect_staff_ref *t;
	int nt;
	if (store_collect_teachers(r->s, org->id, &r->a, &t, &nt, e))
		return ATT_EIO;
#define F(name) (posted ? web_field_get(r, name) : NULL)
	web_option *to = arena_alloc(&r->a, (size_t)(nt + 1) * sizeof(*to));
	to[0] = (web_option){"", ""};
	for (int i = 0; i < nt; i++)
		to[i + 1] = (web_option){t[i].code, t[i].name};
	web_input *in = web_form_choice(f, WI_SELECT, "teacher", _("Teacher"),
	                                F("teacher"), to, nt + 1);
	in->id = "tc";
	in->required = date != NULL;
	if (date)
		web_form_input(f, WI_DATE, "date", _("Date"), date)->id = "dt";
	static const web_option scores[] = {
	    {"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}};
	for (int k = 0; k < collect_rubric_default_n; k++) {
		const char *name =
		    arena_printf(&r->a, "r_%s", collect_rubric_default[k]);
		web_form_choice(f, WI_TAPS, name,
		                wc_criterion(r, collect_rubric_default[k]),
		                F(name), scores, 4);
	}
	in = web_form_input(f, WI_TEXTAREA, notes, _("Notes"), F(notes));
	in->id = "nt";
	in->maxlen = 8000;
	in->size = 4;
	in = web_form_input(f, WI_TEXTAREA, "next_steps",
	                    _("Agreed next steps"), F("next_steps"));
	in->id = "ns";
	in->maxlen = 8000;
#undef F
	return ATT_OK;
}

const char *wc_obs_read(web_req *r, const sw_org *org, const char *notes,
                        collect_observation *o, collect_crit_score sc[16],
                        att_err *e)
{
	memset(o, 0, sizeof(*o));
	/* The observed teacher must teach in this school. */
	collect_staff_ref *t;
	int nt;
	if (store_collect_teachers(r->s, org->id, &r->a, &t, &nt, e))
		return "";
	const char *tc = web_field_get(r, "teacher");
	for (int i = 0; i < nt; i++)
		if (tc && !strcmp(tc, t[i].code))
			o->staff_id = t[i].id;
	if (!o->staff_id)
		return _("Choose a teacher of this school.");
	int ns = 0;
	for (int k = 0; k < collect_rubric_default_n && ns < 16; k++) {
		const char *key = collect_rubric_default[k];
		const char *v =
		    web_field_get(r, arena_printf(&r->a, "r_%s", key));
		if (!v || !*v)
			continue;
		if (strlen(v) != 1 || v[0] < '1' || v[0] > '4')
			return _("A score is not 1 to 4; nothing was saved.");
		sc[ns++] = (collect_crit_score){key, v[0] - '0'};
	}
	o->org_id = org->id;
	o->notes = web_field_get(r, notes);
	o->next_steps = web_field_get(r, "next_steps");
	o->scores = sc;
	o->nscores = ns;
	return NULL;
}

/* The observation form of a school (what was posted again after a
 * refused save, with `error`). */
static int render_form(web_req *r, web_resp *w, const scope_hit *h,
                       const char *error, int status)
{
	att_err e;
	err_clear(&e);
	const sw_org *org = &h->path[h->npath - 1];
	int posted = error != NULL;
	web_page p;
	wc_page(r, &p, "observation-new", org->code,
	        arena_printf(&r->a, "%s: %s", _("Record an observation"),
	                     org->name),
	        h);
	p.error = error;
	web_form *f =
	    web_page_form(r, &p, "observation",
	                  wc_path(r, "/orgs/", org->code, "/observations/new"),
	                  _("Record observation"));
	f->key = arena_printf(&r->a, "obs:%s", org->code);
	f->posted = posted;
	const char *date = posted ? web_field_get(r, "date") : NULL;
	if (wc_obs_inputs(r, f, org, posted, date ? date : wc_today(r), "notes",
	                  &e))
		return web_fail(r, w, &e);
	return web_page_answer(r, w, &p, status);
}

int web_collect_obs_new(web_req *r, web_resp *w)
{
	return render_form(r, w, &r->target.hit, NULL, 200);
}

int web_collect_obs_save(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	const sw_org *org = &h.path[h.npath - 1];
	collect_observation o;
	collect_crit_score sc[16];
	const char *bad = wc_obs_read(r, org, "notes", &o, sc, &e);
	if (bad && !*bad)
		return web_fail(r, w, &e);
	if (bad)
		return render_form(r, w, &h, bad, 422);
	o.date = web_field_get(r, "date");
	collect_actor who = wc_actor(r);
	if (store_observation_add(r->s, &o, &who, NULL, &e))
		return render_form(r, w, &h, wc_not_saved(r, &e),
		                   web_status(e.code, 1));
	return wc_done(r, w, wc_path(r, "/orgs/", org->code, "/observations"));
}

const char *wc_not_saved(web_req *r, const att_err *e)
{
	return e->code == ATT_EIO
	           ? _("Not saved (the server is busy); what you typed is "
	               "kept below.")
	           : arena_printf(&r->a, "%s: %s", _("Not saved"), e->msg);
}
