/*
 * web_class.c - a class for its teacher (or the principal): students with
 * their scores, attendance and early-warning flags (the ews analysis,
 * as every page shows them); the students x learning outcomes
 * heat map; suggested instructional groups (students grouped by the
 * outcome each finds hardest); item analysis of the class's assessments.
 * Every view is audited by the dispatcher (it names students).
 */
#include <math.h>
#include <string.h>

#include "an_text.h"
#include "i18n.h"
#include "escape.h"
#include "web.h"
#include "web_cache.h"
#include "web_ews.h"
#include "web_pivot.h"

static int col(const sw_rows *r, const char *k)
{
	for (int c = 0; c < r->ncol; c++)
		if (strcmp(r->names[c], k) == 0)
			return c;
	return -1;
}

/* Groups: each student joins the group of the outcome where their
 * percent is lowest (below 60), else the "secure" group. */
static void groups_table(web_req *r, web_page *p, const sw_rows *oc)
{
	int sc = col(oc, "code"), nc = col(oc, "name"),
	    stc = col(oc, "standard"), dc = col(oc, "description"),
	    pc = col(oc, "pct");
	int n = oc->nrow;
	sw_rows out;
	out.ncol = 4;
	out.names = arena_alloc(&r->a, 4 * sizeof(char *));
	out.names[0] = "group";
	out.names[1] = "focus";
	out.names[2] = "students";
	out.names[3] = "names";
	out.v = arena_alloc(&r->a, (size_t)(n + 2) * 4 * sizeof(sw_val));
	out.nrow = 0;
	if (sc < 0 || pc < 0 || n == 0) {
		web_col gc[] = {{"group", _("Group"), WC_TEXT, NULL, NULL}};
		web_col *c = arena_alloc(&r->a, sizeof(gc));
		memcpy(c, gc, sizeof(gc));
		web_page_table(p, "groups", _("Suggested instructional groups"),
		               c, 1, &out);
		return;
	}
	/* weakest outcome per student (rows are ordered by student) */
	const char **gkey = arena_alloc(&r->a, (size_t)n * sizeof(char *));
	const char **gdesc = arena_alloc(&r->a, (size_t)n * sizeof(char *));
	buf *names = arena_alloc(&r->a, (size_t)n * sizeof(buf));
	int *count = arena_alloc(&r->a, (size_t)n * sizeof(int));
	int ng = 0;
	for (int i = 0; i < n;) {
		int j = i;
		double best = INFINITY;
		int bi = -1;
		while (j < n && strcmp(sw_at(oc, j, sc)->text,
		                       sw_at(oc, i, sc)->text) == 0) {
			const sw_val *v = sw_at(oc, j, pc);
			if (v->type != SWV_NULL && v->num < best) {
				best = v->num;
				bi = j;
			}
			j++;
		}
		const char *key =
		    bi >= 0 && best < 60 ? sw_at(oc, bi, stc)->text : "";
		const char *desc =
		    bi >= 0 && best < 60 && dc >= 0
		        ? sw_at(oc, bi, dc)->text
		        : _("Secure on every outcome so far: extend");
		int g = 0;
		while (g < ng && strcmp(gkey[g], key) != 0)
			g++;
		if (g == ng) {
			gkey[g] = key;
			gdesc[g] = desc;
			buf_init(&names[g]);
			count[g] = 0;
			ng++;
		}
		if (names[g].len)
			buf_adds(&names[g], ", ");
		buf_adds(&names[g], nc >= 0 ? sw_at(oc, i, nc)->text : "");
		count[g]++;
		i = j;
	}
	for (int g = 0; g < ng; g++) {
		*sw_at(&out, g, 0) =
		    (sw_val){SWV_TEXT, 0, *gkey[g] ? gkey[g] : _("secure")};
		*sw_at(&out, g, 1) = (sw_val){SWV_TEXT, 0, gdesc[g]};
		*sw_at(&out, g, 2) = (sw_val){
		    SWV_INT, count[g], arena_printf(&r->a, "%d", count[g])};
		*sw_at(&out, g, 3) =
		    (sw_val){SWV_TEXT, 0, arena_strdup(&r->a, names[g].data)};
		buf_free(&names[g]);
	}
	out.nrow = ng;
	web_col gc[] = {
	    {"group", _("Outcome"), WC_TEXT, NULL, NULL},
	    {"focus", _("Work on"), WC_TEXT, NULL, NULL},
	    {"students", _("Students"), WC_INT, NULL, NULL},
	    {"names", _("Who"), WC_TEXT, NULL, NULL},
	};
	web_col *c = arena_alloc(&r->a, sizeof(gc));
	memcpy(c, gc, sizeof(gc));
	web_table *t = web_page_table(
	    p, "groups", _("Suggested instructional groups"), c, 4, &out);
	if (t)
		t->note =
		    /* xgettext:no-c-format */
		    _("Each student is placed with the learning outcome they "
		      "find hardest (below 60% of the points); students at 60% "
		      "or more on every outcome form the extension group.");
}

/* The class's data-entry forms, as the page's actions: registers,
 * markbooks, behaviour and attitude are entered where the class is seen. */
static void class_actions(web_req *r, web_page *p, const char *code)
{
	/* The class's data-entry forms (issue: registers, markbooks,
	 * behaviour and attitude are entered where the class is seen).
	 */
	buf u;
	buf_init(&u);
	static const struct {
		const char *label, *path;
	} forms[] = {
	    {N_("Take the register"), "register"},
	    {N_("Markbook"), "marks"},
	    {N_("Record behaviour"), "behaviour"},
	    {N_("Attitude to learning"), "attitude"},
	};
	for (size_t i = 0; i < ARRAY_LEN(forms); i++) {
		buf_clear(&u);
		buf_adds(&u, "/classes/");
		esc_url_path(&u, code);
		buf_printf(&u, "/%s", forms[i].path);
		web_page_action(p, _(forms[i].label),
		                arena_strdup(&r->a, u.data));
	}
	buf_free(&u);
}

/* Item analysis of the class's assessments: facility, discrimination and
 * the flags, stored as codes, in words. */
static void items_table(web_req *r, web_page *p, sw_rows *it)
{
	int dc = col(it, "difficulty");
	for (int i = 0; i < it->nrow && dc >= 0; i++) {
		sw_val *d = sw_at(it, i, dc);
		if (d->type != SWV_NULL)
			d->num *= 100;
	}
	/* item flags: stored as codes, shown in words */
	int fc = col(it, "flag");
	for (int i = 0; i < it->nrow && fc >= 0; i++) {
		sw_val *f = sw_at(it, i, fc);
		if (f->type != SWV_TEXT)
			continue;
		buf b;
		buf_init(&b);
		an_text_item_flags(f->text, &b);
		f->text = arena_strdup(&r->a, b.data);
		buf_free(&b);
	}
	web_col ic[] = {
	    {"assessment", _("Assessment"), WC_TEXT, NULL, NULL},
	    {"item", _("Item"), WC_TEXT, NULL, NULL},
	    {"standard", _("Outcome"), WC_TEXT, NULL, NULL},
	    {"n", _("Answers"), WC_INT, NULL, NULL},
	    /* xgettext:no-c-format */
	    {"difficulty", _("Facility (mean % of points)"), WC_PCT, NULL,
	     NULL},
	    {"pbis", _("Discrimination"), WC_NUM2, NULL, NULL},
	    {"flag", _("Flag"), WC_TEXT, NULL, NULL},
	};
	web_col *c = arena_alloc(&r->a, sizeof(ic));
	memcpy(c, ic, sizeof(ic));
	web_table *t = web_page_table(p, "items", _("Item analysis"), c, 7, it);
	if (t)
		t->note = _(
		    "Facility is the mean share of an item's points the class "
		    "earned: low facility marks an item most found hard. "
		    "Discrimination is the corrected point-biserial over all "
		    "takers (latest analysis): near zero or negative means the "
		    "item does not separate stronger from weaker students.");
}

int web_class(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	web_page p;
	web_page_init(&p, "class", h.cls.code, h.cls.name);
	p.subtitle =
	    arena_printf(&r->a, "%s %d \xc2\xb7 %s \xc2\xb7 %s", _("Grade"),
	                 h.cls.grade, h.cls.subject, h.cls.year);
	web_page_crumbs_from_path(r, &p, h.path, h.npath, 1);
	if (p.ncrumbs < WEB_MAX_CRUMBS)
		p.crumbs[p.ncrumbs++] = (web_crumb){h.cls.name, NULL};
	class_actions(r, &p, h.cls.code);
	int64_t args[1] = {h.cls.id};
	sw_rows st, oc, it;
	if (web_query(r, SWQ_CLASS_STUDENTS, args, 1, &st, &e) ||
	    web_query(r, SWQ_CLASS_OUTCOMES, args, 1, &oc, &e) ||
	    web_query(r, SWQ_CLASS_ITEMS, args, 1, &it, &e))
		return web_fail(r, w, &e);

	/* Early warning: the ews analysis's flags of the class's students for
	 * the class's year, as the school's page and the exceptions report
	 * show them; nothing of its own when the analysis has not run. */
	sw_rows ef, er, ey, fl = {0};
	int ews =
	    store_web_analysed(r->s, "ews") &&
	    web_query(r, SWQ_CLASS_EWS, args, 1, &ef, &e) == ATT_OK &&
	    web_query(r, SWQ_CLASS_EWS_REASONS, args, 1, &er, &e) == ATT_OK &&
	    web_query(r, SWQ_CLASS_EWS_YEAR, args, 1, &ey, &e) == ATT_OK &&
	    ey.nrow > 0 && sw_at(&ey, 0, 0)->num > 0;
	if (ews)
		fl = web_ews_flags(r, &ef, &er, "; ");
	int fcode = col(&fl, "code"), flev = col(&fl, "level"),
	    fwhy = col(&fl, "reasons");

	/* figures, and each student's flag */
	int cm = col(&st, "mean"), ca = col(&st, "attendance"),
	    cc = col(&st, "code");
	double sm = 0, sa = 0;
	int nm = 0, na = 0;
	sw_rows s2 = st;
	s2.ncol = st.ncol + 2;
	s2.names = arena_alloc(&r->a, (size_t)s2.ncol * sizeof(char *));
	memcpy(s2.names, st.names, (size_t)st.ncol * sizeof(char *));
	s2.names[st.ncol] = "level";
	s2.names[st.ncol + 1] = "reasons";
	s2.v = arena_alloc(&r->a, (size_t)(st.nrow + 1) * (size_t)s2.ncol *
	                              sizeof(sw_val));
	for (int i = 0; i < st.nrow; i++) {
		for (int c = 0; c < st.ncol; c++)
			*sw_at(&s2, i, c) = *sw_at(&st, i, c);
		const sw_val *m = sw_at(&st, i, cm), *a = sw_at(&st, i, ca);
		if (m->type != SWV_NULL) {
			sm += m->num;
			nm++;
		}
		if (a->type != SWV_NULL) {
			sa += a->num;
			na++;
		}
		sw_val level = {SWV_TEXT, 0, ""}, why = {SWV_TEXT, 0, ""};
		for (int k = 0; k < fl.nrow; k++)
			if (strcmp(sw_at(&fl, k, fcode)->text,
			           sw_at(&st, i, cc)->text) == 0) {
				level = *sw_at(&fl, k, flev);
				why = *sw_at(&fl, k, fwhy);
			}
		*sw_at(&s2, i, st.ncol) = level;
		*sw_at(&s2, i, st.ncol + 1) = why;
	}
	sw_val v = {SWV_INT, st.nrow, ""};
	web_page_fig(&p, "students", _("Students"), WC_INT, &v);
	sw_val mv = {nm ? SWV_REAL : SWV_NULL, nm ? sm / nm : 0, ""};
	web_page_fig(&p, "mean", _("Mean score"), WC_PCT, &mv);
	sw_val av = {na ? SWV_REAL : SWV_NULL, na ? sa / na : 0, ""};
	web_page_fig(&p, "attendance", _("Attendance"), WC_PCT, &av);
	sw_val fv = {ews ? SWV_INT : SWV_NULL, fl.nrow, ""};
	web_page_fig(&p, "flagged", _("Students flagged"), WC_INT, &fv);

	web_col sc[] = {
	    {"name", _("Student"), WC_LINK, "/students/", "code"},
	    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
	    {"attendance", _("Attendance"), WC_PCT, NULL, NULL},
	    {"negative", _("Behaviour incidents"), WC_INT, NULL, NULL},
	    {"level", _("Early warning"), WC_TEXT, NULL, NULL},
	    {"reasons", _("Why flagged"), WC_TEXT, NULL, NULL},
	};
	web_col *c = arena_alloc(&r->a, sizeof(sc));
	memcpy(c, sc, sizeof(sc));
	web_table *t = web_page_table(&p, "students", _("Students"), c,
	                              ARRAY_LEN(sc), &s2);
	if (t && ews)
		t->note = _("Early warning as the school's page and the "
		            "exceptions report show it: the early-warning "
		            "analysis with its configured thresholds.");
	if (!ews)
		web_page_note(&p, web_ews_not_run());

	r->pivot_max_cols = 8;
	web_table *ht = web_pivot_heat(
	    r, &p, &oc, "code", "name", "standard", "pct", NULL, 0,
	    "/students/", "outcomes", _("Students by learning outcome"),
	    _("Percent of item points each student earned on "
	      "each learning outcome this year."));
	if (ht && r->pivot_trimmed)
		ht->note =
		    _("The class's eight weakest learning outcomes: percent of "
		      "item points each student earned this year.");
	sw_rows gr;
	if (web_query(r, SWQ_CLASS_GROUPS, args, 1, &gr, &e) == ATT_OK &&
	    gr.nrow > 0) {
		web_col gc[] = {
		    {"grp", _("Group"), WC_INT, NULL, NULL},
		    {"weakest", _("Reteach"), WC_TEXT, NULL, NULL},
		    {"students", _("Students"), WC_INT, NULL, NULL},
		    {"mastery", _("Mean mastery"), WC_PCT, NULL, NULL},
		    {"names", _("Who"), WC_TEXT, NULL, NULL},
		};
		web_col *g = arena_alloc(&r->a, sizeof(gc));
		memcpy(g, gc, sizeof(gc));
		web_table *gt = web_page_table(
		    &p, "groups", _("Suggested instructional groups"), g, 5,
		    &gr);
		if (gt)
			gt->note =
			    _("Students grouped by their learning-outcome "
			      "mastery profile (latest assessment); each group "
			      "with the outcomes to reteach first.");
	} else {
		groups_table(r, &p, &oc);
	}

	items_table(r, &p, &it);
	return web_page_render(r, w, &p);
}
