/*
 * web_class.c - a class for its teacher (or the principal): the class's
 * figures and its students' (mean score, attendance, behaviour incidents),
 * all read from the catalogue of figures (store_figures.h) as the school
 * page and the class planning sheet read them, with each student's
 * early-warning level and reasons (the ews analysis, as every page shows
 * them); the students x learning outcomes heat map (the catalogue's
 * mastery of each student, store_figures_mastery, with the item points
 * behind each in the JSON and CSV twins); suggested
 * instructional groups (students grouped by the outcome each finds
 * hardest); item analysis of the class's assessments. Every view is
 * audited by the dispatcher (it names students).
 */
#include <math.h>
#include <string.h>

#include "an_text.h"
#include "figures.h"
#include "i18n.h"
#include "escape.h"
#include "web.h"
#include "web_cache.h"
#include "web_ews.h"
#include "web_pivot.h"
#include "web_tables.h"

/* Groups: each student joins the group of the outcome where their
 * mastery is lowest (below the mastery cut, SF_MASTERY_CUT), else the
 * "secure" group. */
static void groups_table(web_req *r, web_page *p, const sw_rows *oc)
{
	int sc = web_rows_col(oc, "code"), nc = web_rows_col(oc, "name"),
	    stc = web_rows_col(oc, "standard"),
	    dc = web_rows_col(oc, "description"),
	    pc = web_rows_col(oc, "mastery_pct");
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
		web_table_add(r, p, "groups",
		              _("Suggested instructional groups"), gc,
		              sizeof(gc), &out, NULL);
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
		const char *key = bi >= 0 && best < SF_MASTERY_CUT
		                      ? sw_at(oc, bi, stc)->text
		                      : "";
		const char *desc =
		    bi >= 0 && best < SF_MASTERY_CUT && dc >= 0
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
	web_table_add(r, p, "groups", _("Suggested instructional groups"), gc,
	              sizeof(gc), &out,
	              /* xgettext:no-c-format */
	              _("Each student is placed with the learning outcome they "
	                "find hardest (below 60% of the points); students at "
	                "60% or more on every outcome form the extension "
	                "group."));
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
	int dc = web_rows_col(it, "difficulty");
	for (int i = 0; i < it->nrow && dc >= 0; i++) {
		sw_val *d = sw_at(it, i, dc);
		if (d->type != SWV_NULL)
			d->num *= 100;
	}
	/* item flags: stored as codes, shown in words */
	int fc = web_rows_col(it, "flag");
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

/* The class's figures from the catalogue, the class as a unit: its
 * students, the mean of its students' summative results of the year in
 * its subject, their attendance, and the students the early-warning
 * analysis flagged (none shown when it has not run for the year): the
 * values the school page's classes table and the class planning sheet
 * show. */
static void class_figures(web_req *r, web_page *p, const sw_class *c, int ews)
{
	static const fig_id figs[] = {FIG_STUDENTS, FIG_MEAN_PCT,
	                              FIG_ATTENDANCE, FIG_EWS_FLAGGED};
	sf_filter f = {c->year_id, 0, -1, NULL, 0};
	sf_table t;
	att_err e;
	err_clear(&e);
	int have =
	    store_figures_units(r->s, SF_CLASS, c->id, &f, figs,
	                        ARRAY_LEN(figs), &r->a, &t, &e) == ATT_OK &&
	    t.nunits == 1;
	for (int k = 0; k < (int)ARRAY_LEN(figs); k++) {
		double v = have ? sf_v(&t, 0, k) : NAN;
		if (figs[k] == FIG_EWS_FLAGGED && !ews)
			v = NAN;
		web_page_figure(p, figs[k], v);
	}
}

/* The students of the class with their figures from the catalogue (mean
 * score in the class's subject, attendance, behaviour incidents of the
 * year: store_figures_students, as the class planning sheet reads them)
 * and the early-warning level and reasons of the ews analysis (fl, the
 * rows of web_ews_flags). */
static int students_table(web_req *r, web_page *p, const sw_class *c,
                          const sw_rows *fl, int ews, att_err *e)
{
	static const fig_id figs[] = {FIG_MEAN_PCT, FIG_ATTENDANCE,
	                              FIG_INCIDENTS};
	sf_filter f = {c->year_id, c->subject_id, -1, NULL, 0};
	sf_table t;
	int rc = store_figures_students(r->s, SF_CLASS_STUDENTS, c->id, &f,
	                                figs, ARRAY_LEN(figs), &r->a, &t, e);
	if (rc)
		return rc;
	int fcode = web_rows_col(fl, "code"), flev = web_rows_col(fl, "level"),
	    fwhy = web_rows_col(fl, "reasons");
	const char **text =
	    arena_alloc(&r->a, (size_t)(2 * t.nunits + 1) * sizeof(char *));
	for (int u = 0; u < t.nunits; u++)
		for (int k = 0; k < fl->nrow && fcode >= 0; k++)
			if (strcmp(sw_at(fl, k, fcode)->text,
			           t.units[u].code) == 0) {
				text[2 * u] = sw_at(fl, k, flev)->text;
				text[2 * u + 1] = sw_at(fl, k, fwhy)->text;
			}
	web_col more[] = {
	    {"level", _("Early warning"), WC_TEXT, NULL, NULL},
	    {"reasons", _("Why flagged"), WC_TEXT, NULL, NULL},
	};
	web_table *tb =
	    web_page_fig_table_more(r, p, "students", _("Students"),
	                            _("Student"), &t, 0, more, 2, text);
	if (tb)
		tb->note = arena_printf(
		    &r->a, "%s%s%s", web_fig_note(r, figs, ARRAY_LEN(figs)),
		    ews ? " " : "",
		    ews ? _("Early warning as the school's page and the "
		            "exceptions report show it: the early-warning "
		            "analysis with its configured thresholds.")
		        : "");
	return ATT_OK;
}

/* Suggested instructional groups of the groups analysis (the latest
 * assessment grouped, numbered from 1 as the class planning sheet
 * numbers them), else groups made here from the outcome rows. */
/* What a group needs, in words: "needs reteaching: " and the outcomes'
 * descriptions (their labels in the reader's language, from the mastery
 * rows oc) for the codes "M5.1, M5.2" of an instr_group row. */
static const char *group_need(web_req *r, const sw_rows *oc, const char *codes)
{
	buf b;
	buf_init(&b);
	const char *at = codes;
	while (at && *at) {
		const char *end = strstr(at, ", ");
		size_t len = end ? (size_t)(end - at) : strlen(at);
		const char *name = arena_printf(&r->a, "%.*s", (int)len, at);
		for (int i = 0; i < oc->nrow; i++)
			if (strcmp(rows_text(oc, i, "standard"), name) == 0 &&
			    rows_text(oc, i, "description")[0]) {
				name = rows_text(oc, i, "description");
				break;
			}
		buf_printf(&b, "%s%s", b.len ? ", " : "", name);
		at = end ? end + 2 : NULL;
	}
	const char *w = arena_printf(&r->a, _("needs reteaching: %s"),
	                             b.data ? b.data : "");
	buf_free(&b);
	return w;
}

static void class_groups(web_req *r, web_page *p, const sw_rows *oc,
                         const int64_t *args)
{
	att_err e;
	err_clear(&e);
	sw_rows gr;
	if (web_query(r, SWQ_CLASS_GROUPS, args, 1, &gr, &e) != ATT_OK ||
	    gr.nrow == 0) {
		groups_table(r, p, oc);
		return;
	}
	/* each group named by what it needs, beside the outcome codes */
	sw_rows named;
	rows_alloc(&named, &r->a, gr.nrow, gr.ncol + 1, NULL);
	for (int c = 0; c < gr.ncol; c++)
		named.names[c] = gr.names[c];
	named.names[gr.ncol] = "need";
	for (int i = 0; i < gr.nrow; i++) {
		for (int c = 0; c < gr.ncol; c++)
			*sw_at(&named, i, c) = *sw_at(&gr, i, c);
		rows_put_text(&named, &r->a, i, gr.ncol,
		              group_need(r, oc, rows_text(&gr, i, "weakest")));
	}
	gr = named;
	web_col gc[] = {
	    {"grp", _("Group"), WC_INT, NULL, NULL},
	    {"need", _("Needs"), WC_TEXT, NULL, NULL},
	    {"weakest", _("Reteach"), WC_TEXT, NULL, NULL},
	    {"students", _("Students"), WC_INT, NULL, NULL},
	    {"mastery", _("Mean mastery"), WC_PCT, NULL, NULL},
	    {"names", _("Who"), WC_TEXT, NULL, NULL},
	};
	web_table_add(r, p, "groups", _("Suggested instructional groups"), gc,
	              sizeof(gc), &gr,
	              _("Students grouped by their learning-outcome mastery "
	                "profile (latest assessment); each group with the "
	                "outcomes to reteach first."));
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
	sw_rows oc, it;
	if (store_figures_mastery(r->s, SF_M_CLASS_STUDENTS, h.cls.id, 0, &r->a,
	                          &oc, &e) ||
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
	err_clear(&e);

	class_figures(r, &p, &h.cls, ews);
	if (students_table(r, &p, &h.cls, &fl, ews, &e))
		return web_fail(r, w, &e);
	if (!ews)
		web_page_note(&p, web_ews_not_run());
	else
		web_ews_caseload(r, &p, 0, h.cls.id);

	r->pivot_max_cols = 8;
	web_table *ht = web_pivot_heat(
	    r, &p, &oc, "code", "name", "standard", "mastery_pct", NULL, 0,
	    "/students/", "outcomes", _("Students by learning outcome"),
	    _("Percent of item points each student earned on "
	      "each learning outcome this year."));
	if (ht && r->pivot_trimmed)
		ht->note =
		    _("The class's eight weakest learning outcomes: percent of "
		      "item points each student earned this year.");
	web_mastery_table(r, &p, &oc, 1);
	class_groups(r, &p, &oc, args);
	items_table(r, &p, &it);
	return web_page_render(r, w, &p);
}
