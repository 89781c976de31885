/*
 * web_visit.c - the officer's school visit: the form an officer fills at a
 * school under its unit (a lesson observation against the school's
 * rubric, the UDISE+ facilities seen, the actions agreed with owner and
 * due date, the follow-up of the school's open actions), the school's
 * visits and actions (its principal reads them and marks an action done),
 * and the visit section of the school's org page for whoever supervises
 * it (last visit, open actions with the overdue first, facilities).
 * GET /orgs/{code}/visits, GET/POST /orgs/{code}/visits/new,
 * POST /orgs/{code}/visits/done. Scope: the route table (WR_OBSERVE,
 * WR_VISIT) and scope.h decide who reaches each.
 */
#include <stdlib.h>
#include <string.h>

#include "collect_input.h"
#include "i18n.h"
#include "store_visit.h"
#include "web_collect.h"
#include "web_tables.h"

#define VISIT_ACTIONS 3 /* actions the form offers at once */

/* The names of the facility items, in the page's language. */
static const char *facility_name(const char *item)
{
	static const struct {
		const char *item, *name;
	} names[] = {
	    {"drinking_water", N_("Drinking water")},
	    {"toilets_girls", N_("Girls' toilets")},
	    {"toilets_boys", N_("Boys' toilets")},
	    {"electricity", N_("Electricity")},
	    {"library", N_("Library")},
	    {"ramps", N_("Ramps")},
	};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (!strcmp(item, names[i].item))
			return _(names[i].name);
	return item;
}

/* The status of each action row in words: overdue, open or done. */
static void action_words(sw_rows *t)
{
	int cs = web_rows_col(t, "status"), co = web_rows_col(t, "overdue");
	for (int i = 0; cs >= 0 && co >= 0 && i < t->nrow; i++) {
		sw_val *v = sw_at(t, i, cs);
		int overdue = (int)sw_at(t, i, co)->num;
		v->text = overdue                    ? _("Overdue")
		          : !strcmp(v->text, "done") ? _("Done")
		                                     : _("Open");
	}
}

/* The actions table of a school (open ones only when open_only). */
static int actions_table(web_req *r, web_page *p, const sw_org *o,
                         int open_only, att_err *e)
{
	sw_rows t;
	if (store_visit_actions(r->s, o->id, open_only, wc_today(r), &r->a, &t,
	                        e))
		return ATT_EIO;
	action_words(&t);
	web_col c[] = {
	    {"status", _("Status"), WC_TEXT, NULL, NULL},
	    {"text", _("Action"), WC_TEXT, NULL, NULL},
	    {"owner", _("Owner"), WC_TEXT, NULL, NULL},
	    {"due_date", _("Due"), WC_DATE, NULL, NULL},
	    {"visit_date", _("Agreed at the visit of"), WC_DATE, NULL, NULL},
	    {"followup", _("Follow-up"), WC_TEXT, NULL, NULL},
	    {"followup_date", _("Followed up"), WC_DATE, NULL, NULL},
	};
	web_table *tb = web_table_add(
	    r, p, open_only ? "open_actions" : "actions",
	    open_only ? _("Open actions") : _("Actions agreed at visits"), c,
	    sizeof(c), &t, _("Overdue: open after its due date."));
	if (tb)
		tb->empty = _("No actions yet.");
	return ATT_OK;
}

/* The facilities table: the latest UDISE+ profile beside the latest
 * visit's check. */
static int facilities_table(web_req *r, web_page *p, const sw_org *o,
                            att_err *e)
{
	sw_rows t;
	if (store_visit_facilities(r->s, o->id, &r->a, &t, e))
		return ATT_EIO;
	int ci = web_rows_col(&t, "item"), cr = web_rows_col(&t, "recorded"),
	    cc = web_rows_col(&t, "checked");
	for (int i = 0; i < t.nrow; i++) {
		sw_val *it = sw_at(&t, i, ci), *rec = sw_at(&t, i, cr),
		       *chk = sw_at(&t, i, cc);
		int count = strstr(it->text, "toilets") != NULL;
		it->text = facility_name(it->text);
		if (rec->type == SWV_NULL)
			*rec = wc_text(_("Not recorded"));
		else if (!count)
			*rec = wc_text(rec->num > 0 ? _("Yes") : _("No"));
		*chk = chk->type == SWV_NULL ? wc_text(_("Not checked"))
		       : chk->num > 0        ? wc_text(_("Working"))
		                             : wc_text(_("Not working"));
	}
	web_col c[] = {
	    {"item", _("Facility"), WC_TEXT, NULL, NULL},
	    {"recorded", _("UDISE+ record"), WC_TEXT, NULL, NULL},
	    {"checked", _("Seen at the last visit"), WC_TEXT, NULL, NULL},
	    {"checked_date", _("Checked on"), WC_DATE, NULL, NULL},
	};
	web_table_add(r, p, "facilities", _("Facilities"), c, sizeof(c), &t,
	              _("The UDISE+ record: the latest year's profile "
	                "(toilets: how many)."));
	return ATT_OK;
}

/* The visits table of a school. */
static int visits_table(web_req *r, web_page *p, const sw_org *o, int last,
                        att_err *e)
{
	sw_rows t;
	if (store_visit_list(r->s, o->id, &r->a, &t, e))
		return ATT_EIO;
	if (last && t.nrow > 1)
		t.nrow = 1;
	web_col c[] = {
	    {"date", _("Date"), WC_DATE, NULL, NULL},
	    {"officer", _("Officer"), WC_TEXT, NULL, NULL},
	    {"observations", _("Lessons observed"), WC_INT, NULL, NULL},
	    {"actions", _("Actions agreed"), WC_INT, NULL, NULL},
	    {"followups", _("Actions followed up"), WC_INT, NULL, NULL},
	    {"notes", _("Notes"), WC_TEXT, NULL, NULL},
	};
	web_table *tb = web_table_add(r, p, last ? "last_visit" : "visits",
	                              last ? _("Last visit") : _("Visits"), c,
	                              sizeof(c), &t, NULL);
	if (tb)
		tb->empty = _("No visits recorded yet.");
	return ATT_OK;
}

void web_visit_links(web_req *r, web_page *p, const scope_hit *h)
{
	const sw_org *o = &h->path[h->npath - 1];
	if (scope_org_level(&r->who, h->path, h->npath, ACCESS_VISIT) !=
	    SCOPE_NONE)
		web_page_action(p, _("Record a visit"),
		                wc_path(r, "/orgs/", o->code, "/visits/new"));
	web_page_action(p, _("Visits and actions"),
	                wc_path(r, "/orgs/", o->code, "/visits"));
	web_page_action(p, _("Lesson observations"),
	                wc_path(r, "/orgs/", o->code, "/observations"));
	web_page_action(p, _("Academic plan"),
	                wc_path(r, "/orgs/", o->code, "/plan"));
	if (o->is_school)
		web_page_action(p, _("Early-warning caseload"),
		                wc_path(r, "/orgs/", o->code, "#t-caseload"));
	if (scope_org_level(&r->who, h->path, h->npath, ACCESS_WRITE) !=
	    SCOPE_NAMED)
		return;
	web_page_action(p, _("Registers"),
	                wc_path(r, "/orgs/", o->code, "/registers"));
	web_page_action(p, _("Data collection"),
	                wc_path(r, "/orgs/", o->code, "/collection"));
	web_page_action(p, _("Surveys"), "/surveys");
}

/* The schools under a unit most in need of a visit (at most 10). */
static int due_table(web_req *r, web_page *p, const sw_org *o, att_err *e)
{
	sw_rows t;
	if (store_visit_due(r->s, o->id, wc_today(r), 10, &r->a, &t, e))
		return ATT_EIO;
	int cl = web_rows_col(&t, "last_visit");
	for (int i = 0; cl >= 0 && i < t.nrow; i++)
		if (sw_at(&t, i, cl)->type == SWV_NULL)
			*sw_at(&t, i, cl) = wc_text(_("Never"));
	web_col c[] = {
	    {"name", _("School"), WC_LINK, "/orgs/", "code"},
	    {"last_visit", _("Last visit"), WC_DATE, NULL, NULL},
	    {"open_actions", _("Open actions"), WC_INT, NULL, NULL},
	    {"overdue", _("Overdue actions"), WC_INT, NULL, NULL},
	};
	web_table *tb = web_table_add(
	    r, p, "visits_due", _("Visits due"), c, sizeof(c), &t,
	    _("Schools with overdue actions first, then those never "
	      "visited, then the longest since a visit."));
	if (tb)
		tb->empty = _("No schools.");
	return ATT_OK;
}

void web_visit_org(web_req *r, web_page *p, const scope_hit *h)
{
	const sw_org *o = &h->path[h->npath - 1];
	att_err e;
	err_clear(&e);
	if (!o->is_school) {
		if (due_table(r, p, o, &e))
			web_page_note(p, _("The visits could not be read."));
		return;
	}
	if (scope_org_level(&r->who, h->path, h->npath, ACCESS_OBSERVE) ==
	    SCOPE_NONE)
		return;
	web_visit_links(r, p, h);
	if (visits_table(r, p, o, 1, &e) || actions_table(r, p, o, 1, &e) ||
	    facilities_table(r, p, o, &e))
		web_page_note(p, _("The visits could not be read."));
}

/* The form marking an open action done (the school's page of visits). */
static void done_form(web_req *r, web_page *p, const sw_org *o,
                      const sw_rows *open)
{
	if (open->nrow == 0)
		return;
	web_option *opts =
	    arena_alloc(&r->a, (size_t)(open->nrow + 1) * sizeof(*opts));
	opts[0] = (web_option){"", ""};
	for (int i = 0; i < open->nrow; i++)
		opts[i + 1] = (web_option){
		    arena_printf(&r->a, "%lld",
		                 (long long)rows_int(open, i, "id")),
		    arena_printf(&r->a, "%s (%s)", rows_text(open, i, "text"),
		                 rows_text(open, i, "owner"))};
	web_form *f = web_page_form(
	    r, p, "action_done", wc_path(r, "/orgs/", o->code, "/visits/done"),
	    _("Mark done"));
	if (!f)
		return;
	web_input *in = web_form_choice(f, WI_SELECT, "action", _("Action"),
	                                NULL, opts, open->nrow + 1);
	in->required = 1;
	in = web_form_input(f, WI_TEXTAREA, "followup", _("What was done"),
	                    NULL);
	in->maxlen = 2000;
	in->size = 2;
}

int web_visits(web_req *r, web_resp *w)
{
	scope_hit h = r->target.hit;
	const sw_org *o = r->target.org;
	att_err e;
	err_clear(&e);
	web_page p;
	wc_page(r, &p, "visits", o->code,
	        arena_printf(&r->a, "%s: %s", _("Visits"), o->name), &h);
	p.notice = web_field_get(r, "saved") ? _("Saved.") : NULL;
	if (scope_org_level(&r->who, h.path, h.npath, ACCESS_VISIT) !=
	    SCOPE_NONE)
		web_page_action(&p, _("Record a visit"),
		                wc_path(r, "/orgs/", o->code, "/visits/new"));
	web_page_action(&p, _("Lesson observations"),
	                wc_path(r, "/orgs/", o->code, "/observations"));
	sw_rows open;
	if (store_visit_actions(r->s, o->id, 1, wc_today(r), &r->a, &open,
	                        &e) ||
	    actions_table(r, &p, o, 0, &e) || visits_table(r, &p, o, 0, &e) ||
	    facilities_table(r, &p, o, &e))
		return web_fail(r, w, &e);
	done_form(r, &p, o, &open);
	return web_page_render(r, w, &p);
}

/* The facility checks of the visit form: two taps per item, neither
 * chosen when the item was not checked. */
static void facility_inputs(web_req *r, web_form *f, int posted)
{
	static const char *const v[] = {"1", "0"};
	static const char *const l[] = {N_("Working"), N_("Not working")};
	web_option *opts = wc_options(r, v, l, 2);
	for (int i = 0; i < visit_nfacility_items; i++) {
		const char *name =
		    arena_printf(&r->a, "f_%s", visit_facility_items[i]);
		web_form_choice(
		    f, WI_TAPS, name, facility_name(visit_facility_items[i]),
		    posted ? web_field_get(r, name) : NULL, opts, 2);
	}
}

/* The actions agreed (VISIT_ACTIONS rows of text, owner, due date) and
 * the follow-up of each open action of the school. */
static void action_inputs(web_req *r, web_form *f, const sw_rows *open,
                          int posted)
{
#define F(name) (posted ? web_field_get(r, name) : NULL)
	for (int k = 1; k <= VISIT_ACTIONS; k++) {
		const char *a = arena_printf(&r->a, "action%d", k),
		           *o = arena_printf(&r->a, "owner%d", k),
		           *d = arena_printf(&r->a, "due%d", k);
		web_input *in = web_form_input(
		    f, WI_TEXT, a, arena_printf(&r->a, _("Action %d"), k),
		    F(a));
		in->maxlen = 2000;
		in = web_form_input(f, WI_TEXT, o, _("Owner"), F(o));
		in->maxlen = 200;
		web_form_input(f, WI_DATE, d, _("Due"), F(d));
	}
	for (int i = 0; i < open->nrow; i++) {
		long long id = (long long)rows_int(open, i, "id");
		const char *fu = arena_printf(&r->a, "followup%lld", id),
		           *dn = arena_printf(&r->a, "done%lld", id);
		web_input *in = web_form_input(
		    f, WI_TEXTAREA, fu,
		    arena_printf(&r->a, "%s: %s (%s, %s)", _("Follow-up"),
		                 rows_text(open, i, "text"),
		                 rows_text(open, i, "owner"),
		                 rows_text(open, i, "due_date")),
		    F(fu));
		in->maxlen = 2000;
		in->size = 2;
		web_form_input(f, WI_CHECK, dn, _("Done"), F(dn));
	}
#undef F
}

/* The visit form of a school (what was posted again after a refused
 * save, with `error`). */
static int render_visit_form(web_req *r, web_resp *w, const scope_hit *h,
                             const char *error, int status)
{
	att_err e;
	err_clear(&e);
	const sw_org *o = &h->path[h->npath - 1];
	int posted = error != NULL;
	sw_rows open;
	if (store_visit_actions(r->s, o->id, 1, wc_today(r), &r->a, &open, &e))
		return web_fail(r, w, &e);
	web_page p;
	wc_page(r, &p, "visit-new", o->code,
	        arena_printf(&r->a, "%s: %s", _("Record a visit"), o->name), h);
	p.error = error;
	p.subtitle = _("A lesson observed (optional), the facilities seen, "
	               "the actions agreed and the follow-up of open ones.");
	web_form *f = web_page_form(
	    r, &p, "visit", wc_path(r, "/orgs/", o->code, "/visits/new"),
	    _("Record visit"));
	f->key = arena_printf(&r->a, "visit:%s", o->code);
	f->posted = posted;
	const char *date = posted ? web_field_get(r, "date") : NULL;
	web_form_input(f, WI_DATE, "date", _("Date of the visit"),
	               date ? date : wc_today(r))
	    ->required = 1;
	web_input *in =
	    web_form_input(f, WI_TEXTAREA, "notes", _("Notes of the visit"),
	                   posted ? web_field_get(r, "notes") : NULL);
	in->maxlen = 8000;
	in->size = 3;
	if (wc_obs_inputs(r, f, o, posted, NULL, "obs_notes", &e))
		return web_fail(r, w, &e);
	facility_inputs(r, f, posted);
	action_inputs(r, f, &open, posted);
	return web_page_answer(r, w, &p, status);
}

int web_visit_new(web_req *r, web_resp *w)
{
	return render_visit_form(r, w, &r->target.hit, NULL, 200);
}

/* The visit as posted: date, notes, facility checks, actions (a row left
 * empty is skipped) and follow-ups, in the request's arena. NULL, or why
 * the form does not hold a visit. */
static const char *read_visit(web_req *r, const sw_org *o, const sw_rows *open,
                              visit_new *v)
{
	memset(v, 0, sizeof(*v));
	v->org_id = o->id;
	v->date = web_field_get(r, "date");
	v->notes = web_field_get(r, "notes");
	visit_check *c =
	    arena_alloc(&r->a, (size_t)visit_nfacility_items * sizeof(*c));
	for (int i = 0; i < visit_nfacility_items; i++) {
		const char *x = web_field_get(
		    r, arena_printf(&r->a, "f_%s", visit_facility_items[i]));
		if (x && *x)
			c[v->nchecks++] = (visit_check){visit_facility_items[i],
			                                !strcmp(x, "1")};
	}
	v->checks = c;
	visit_action_new *a = arena_alloc(&r->a, VISIT_ACTIONS * sizeof(*a));
	for (int k = 1; k <= VISIT_ACTIONS; k++) {
		visit_action_new x = {
		    web_field_get(r, arena_printf(&r->a, "action%d", k)),
		    web_field_get(r, arena_printf(&r->a, "owner%d", k)),
		    web_field_get(r, arena_printf(&r->a, "due%d", k))};
		int any = (x.text && *x.text) || (x.owner && *x.owner) ||
		          (x.due_date && *x.due_date);
		if (any)
			a[v->nactions++] = x;
	}
	v->actions = a;
	visit_followup *fu =
	    arena_alloc(&r->a, (size_t)(open->nrow + 1) * sizeof(*fu));
	for (int i = 0; i < open->nrow; i++) {
		long long id = (long long)rows_int(open, i, "id");
		const char *note =
		    web_field_get(r, arena_printf(&r->a, "followup%lld", id));
		const char *done =
		    web_field_get(r, arena_printf(&r->a, "done%lld", id));
		if ((note && *note) || (done && *done))
			fu[v->nfollowups++] =
			    (visit_followup){id, note, done && *done};
	}
	v->followups = fu;
	return NULL;
}

int web_visit_save(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	const sw_org *o = r->target.org;
	sw_rows open;
	if (store_visit_actions(r->s, o->id, 1, wc_today(r), &r->a, &open, &e))
		return web_fail(r, w, &e);
	visit_new v;
	read_visit(r, o, &open, &v);
	/* The observation, when a teacher is chosen: checked with the visit
	 * before either is saved, so a refused form saves nothing. */
	const char *tc = web_field_get(r, "teacher");
	collect_observation ob;
	collect_crit_score sc[16];
	int observed = tc && *tc;
	const char *bad =
	    observed ? wc_obs_read(r, o, "obs_notes", &ob, sc, &e) : NULL;
	if (bad && !*bad)
		return web_fail(r, w, &e);
	if (!bad && observed && ob.nscores == 0)
		bad = _("Rate the lesson on at least one criterion.");
	if (bad)
		return render_visit_form(r, w, &h, bad, 422);
	if (store_visit_check(r->s, &v, &e))
		return render_visit_form(r, w, &h, wc_not_saved(r, &e),
		                         web_status(e.code, 1));
	collect_actor who = wc_actor(r);
	int64_t obs_id = 0;
	if (observed) {
		ob.date = v.date;
		if (store_observation_add(r->s, &ob, &who, &obs_id, &e))
			return render_visit_form(r, w, &h, wc_not_saved(r, &e),
			                         web_status(e.code, 1));
		v.observations = &obs_id;
		v.nobservations = 1;
	}
	char code[32];
	if (store_visit_add(r->s, &v, &who, code, &e))
		return render_visit_form(r, w, &h, wc_not_saved(r, &e),
		                         web_status(e.code, 1));
	return wc_done(r, w, wc_path(r, "/orgs/", o->code, "/visits"));
}

int web_visit_action_done(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	const sw_org *o = r->target.org;
	const char *id = web_field_get(r, "action");
	char *end = NULL;
	long long n = id ? strtoll(id, &end, 10) : 0;
	if (!id || !*id || *end || n <= 0)
		return web_error(r, w, 422, _("Choose an action."));
	collect_actor who = wc_actor(r);
	if (store_visit_action_done(r->s, o->id, n,
	                            web_field_get(r, "followup"), wc_today(r),
	                            &who, &e))
		return web_fail(r, w, &e);
	return wc_done(r, w, wc_path(r, "/orgs/", o->code, "/visits"));
}
