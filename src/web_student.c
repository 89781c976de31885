/*
 * web_student.c - one student's profile, for the student, their parents,
 * their teachers and principal: progress over time per subject (chart and
 * table), mastery of each learning outcome across years (heat map; the
 * catalogue's mastery, store_figures_mastery, with the item points behind
 * each in the JSON and CSV twins), every
 * result, attendance per year, goals, next steps in plain language, and
 * for staff the early-warning level and reasons (the ews analysis).
 * Every view is audited by the dispatcher.
 */
#include <math.h>
#include <string.h>

#include "ews_text.h"
#include "figures.h"
#include "i18n.h"
#include "web.h"
#include "web_cache.h"
#include "web_ews.h"
#include "web_pivot.h"
#include "web_tables.h"

/* Progress over time: the catalogue's mean score (the mean of the year's
 * summative results as a percent of each test's maximum) of the student
 * in each subject and year they have results in, read through
 * store_figures_students as the class page and the class planning sheet
 * read it; baseline and mid-year tests are in the results table, not in
 * this mean. A long table for the pivot, in the order of the results
 * (years by start date). */
static void progress_table(web_req *r, web_page *p, int64_t sid,
                           const sw_rows *res)
{
	static const fig_id figs[] = {FIG_MEAN_PCT};
	enum { PG_SUBJECT, PG_LABEL, PG_YEAR, PG_PCT, PG_NCOL };
	static const char *const names[PG_NCOL] = {[PG_SUBJECT] = "subject",
	                                           [PG_LABEL] = "label",
	                                           [PG_YEAR] = "year",
	                                           [PG_PCT] = "pct"};
	sw_rows lg;
	rows_alloc(&lg, &r->a, res->nrow, PG_NCOL, names);
	lg.nrow = 0;
	att_err e;
	err_clear(&e);
	for (int i = 0; i < res->nrow; i++) {
		int64_t year = rows_int(res, i, "year_id"),
		        subject = rows_int(res, i, "subject_id");
		int seen = 0;
		for (int j = 0; j < i && !seen; j++)
			seen = rows_int(res, j, "year_id") == year &&
			       rows_int(res, j, "subject_id") == subject;
		sf_filter f = {year, subject, -1, NULL, 0};
		sf_table t;
		if (seen ||
		    store_figures_students(r->s, SF_STUDENT, sid, &f, figs, 1,
		                           &r->a, &t, &e) ||
		    t.nunits != 1 || !isfinite(sf_v(&t, 0, 0)))
			continue;
		const char *s = rows_text(res, i, "subject");
		*sw_at(&lg, lg.nrow, PG_SUBJECT) = (sw_val){SWV_TEXT, 0, s};
		*sw_at(&lg, lg.nrow, PG_LABEL) = (sw_val){SWV_TEXT, 0, s};
		*sw_at(&lg, lg.nrow, PG_YEAR) =
		    (sw_val){SWV_TEXT, 0, rows_text(res, i, "year")};
		*sw_at(&lg, lg.nrow, PG_PCT) =
		    (sw_val){SWV_REAL, sf_v(&t, 0, 0), ""};
		lg.nrow++;
	}
	web_pivot_heat(r, p, &lg, "subject", "label", "year", "pct", NULL, 0,
	               NULL, "progress", _("Progress over time by subject"),
	               _("Mean score in each subject, year by year: the mean "
	                 "of the year's summative results as a percent of "
	                 "each test's maximum score, as the class page shows "
	                 "it. Every result, baseline and mid-year tests "
	                 "included, is listed below."));
}

/* Next steps: practice on the two weakest learning outcomes of the
 * latest year, below the mastery cut (the catalogue's mastery, as the
 * heat map shows it), then attendance. */
static void next_steps(web_req *r, web_page *p, const sw_rows *mastery,
                       const sw_rows *att)
{
	int yc = web_rows_col(mastery, "year"),
	    pc = web_rows_col(mastery, "mastery_pct"),
	    dc = web_rows_col(mastery, "description");
	const char *latest = "";
	for (int i = 0; i < mastery->nrow; i++)
		if (strcmp(sw_at(mastery, i, yc)->text, latest) > 0)
			latest = sw_at(mastery, i, yc)->text;
	for (int k = 0; k < 2; k++) {
		int wi = -1;
		double wv = SF_MASTERY_CUT;
		for (int i = 0; i < mastery->nrow; i++) {
			const sw_val *v = sw_at(mastery, i, pc);
			if (strcmp(sw_at(mastery, i, yc)->text, latest) != 0 ||
			    v->type == SWV_NULL || v->num >= wv)
				continue;
			int used = 0;
			for (int n = 0; n < p->nnotes; n++)
				if (strstr(p->notes[n],
				           sw_at(mastery, i, dc)->text))
					used = 1;
			if (!used) {
				wv = v->num;
				wi = i;
			}
		}
		if (wi < 0)
			break;
		buf f;
		buf_init(&f);
		fig_format(FIG_MASTERY_PCT, wv, r->lang ? r->lang : "en", &f);
		web_page_note(
		    p, arena_printf(&r->a,
		                    _("Practise \xe2\x80\x9c%s\xe2\x80\x9d: "
		                      "%s of the points so far; ask the "
		                      "teacher for exercises on it."),
		                    sw_at(mastery, wi, dc)->text,
		                    f.data ? f.data : ""));
		buf_free(&f);
	}
	int rc = web_rows_col(att, "rate");
	if (att->nrow && rc >= 0) {
		const sw_val *v = sw_at(att, att->nrow - 1, rc);
		if (v->type != SWV_NULL && v->num < 90)
			web_page_note(
			    p, arena_printf(&r->a,
			                    _("Attendance this year is %.0f%%. "
			                      "Every day in school counts: aim "
			                      "for at least 90%%."),
			                    v->num));
		else if (v->type != SWV_NULL)
			web_page_note(
			    p, arena_printf(&r->a,
			                    _("Attendance this year is %.0f%%: "
			                      "keep it up."),
			                    v->num));
	}
	if (p->nnotes == 0)
		web_page_note(p,
		              _("Secure on every learning outcome measured so "
		                "far: keep reading every day and try harder "
		                "problems."));
}

/* Early warning for the student's teachers, principal and officers: the
 * ews analysis's level and reasons, as the school and class pages show
 * them (not shown to the student or their parents). */
static void ews_section(web_req *r, web_page *p, int64_t sid)
{
	if (r->who.role < ROLE_TEACHER)
		return;
	int64_t args[1] = {sid};
	sw_rows ef, er;
	att_err e;
	err_clear(&e);
	if (!store_web_analysed(r->s, "ews") ||
	    web_query(r, SWQ_STUDENT_EWS, args, 1, &ef, &e) ||
	    web_query(r, SWQ_STUDENT_EWS_REASONS, args, 1, &er, &e)) {
		web_page_note(p, web_ews_not_run());
		return;
	}
	sw_rows fl = web_ews_flags(r, &ef, &er, "; ");
	sw_val lv = {SWV_TEXT, 0, ews_text_level(0)};
	if (fl.nrow)
		lv = *sw_at(&fl, 0, web_rows_col(&fl, "level"));
	web_page_fig(p, "early_warning", _("Early warning"), WC_TEXT, &lv);
	if (!fl.nrow)
		return;
	web_col ec[] = {
	    {"year", _("Year"), WC_TEXT, NULL, NULL},
	    {"level", _("Level"), WC_TEXT, NULL, NULL},
	    {"reasons", _("Why flagged"), WC_TEXT, NULL, NULL},
	};
	web_table_add(r, p, "early_warning", _("Early warning"), ec, sizeof(ec),
	              &fl, NULL);
}

int web_student(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h = r->target.hit;
	web_page p;
	const char *name =
	    arena_printf(&r->a, "%s %s", h.stu.given_name, h.stu.family_name);
	web_page_init(&p, "student", h.stu.code, name);
	if (h.npath)
		p.subtitle = arena_printf(&r->a, "%s \xc2\xb7 %s %d",
		                          h.path[h.npath - 1].name, _("Grade"),
		                          h.stu.grade);
	web_page_crumbs_from_path(r, &p, h.path, h.npath, 1);
	if (p.ncrumbs < WEB_MAX_CRUMBS)
		p.crumbs[p.ncrumbs++] = (web_crumb){name, NULL};
	web_page_action(&p, _("Report card"),
	                arena_printf(&r->a, "/students/%s/report", h.stu.code));
	web_page_action(
	    &p, _("Consent"),
	    arena_printf(&r->a, "/students/%s/consent", h.stu.code));
	int64_t args[1] = {h.stu.id};
	sw_rows res, ma, at, go;
	if (web_query(r, SWQ_STUDENT_RESULTS, args, 1, &res, &e) ||
	    store_figures_mastery(r->s, SF_M_STUDENT, h.stu.id, 0, &r->a, &ma,
	                          &e) ||
	    web_query(r, SWQ_STUDENT_ATTENDANCE, args, 1, &at, &e) ||
	    web_query(r, SWQ_STUDENT_GOALS, args, 1, &go, &e))
		return web_error(r, w, 500, _("Something went wrong"));

	sw_val gv = {SWV_INT, h.stu.grade, ""};
	web_page_fig(&p, "grade", _("Grade"), WC_INT, &gv);
	sw_val rv = rows_cell(&at, at.nrow - 1, "rate");
	web_page_fig(&p, "attendance", _("Attendance this year"), WC_PCT, &rv);
	sw_val lv2 = rows_cell(&res, res.nrow - 1, "pct");
	web_page_fig(&p, "latest", _("Latest result"), WC_PCT, &lv2);

	ews_section(r, &p, h.stu.id);
	next_steps(r, &p, &ma, &at);
	progress_table(r, &p, h.stu.id, &res);

	web_pivot_heat(r, &p, &ma, "standard", "description", "year",
	               "mastery_pct", NULL, 0, NULL, "mastery",
	               _("Mastery by learning outcome"),
	               _("Percent of the points earned on each learning "
	                 "outcome, year by year."));
	web_mastery_table(r, &p, &ma, 0);

	web_col ac[] = {
	    {"year", _("Year"), WC_TEXT, NULL, NULL},
	    {"possible", _("School days"), WC_INT, NULL, NULL},
	    {"present", _("Present"), WC_INT, NULL, NULL},
	    {"absent", _("Absent"), WC_INT, NULL, NULL},
	    {"late", _("Late"), WC_INT, NULL, NULL},
	    {"rate", _("Attendance"), WC_PCT, NULL, NULL},
	};
	web_table_add(r, &p, "attendance", _("Attendance"), ac, sizeof(ac), &at,
	              NULL);
	web_goals_table(r, &p, &go);
	/* A scaled total kept while its item marks changed is flagged for
	 * review (docs/COLLECTION.md): words on the page, 1/0 in JSON and
	 * CSV. The rows may be the cache's: change a copy. */
	if (r->format == WEB_HTML && res.nrow) {
		size_t nv = (size_t)res.nrow * (size_t)res.ncol;
		sw_val *v = arena_alloc(&r->a, nv * sizeof(*v));
		memcpy(v, res.v, nv * sizeof(*v));
		res.v = v;
		int rvc = rows_col(&res, "review");
		for (int i = 0; i < res.nrow; i++)
			rows_put_text(&res, &r->a, i, rvc,
			              rows_int_at(&res, i, rvc) ? _("to review")
			                                        : "");
	}
	web_col rc[] = {
	    {"year", _("Year"), WC_TEXT, NULL, NULL},
	    {"date", _("Date"), WC_DATE, NULL, NULL},
	    {"subject", _("Subject"), WC_TEXT, NULL, NULL},
	    {"assessment", _("Assessment"), WC_TEXT, NULL, NULL},
	    {"pct", _("Score"), WC_PCT, NULL, NULL},
	    {"band", _("Band"), WC_TEXT, NULL, NULL},
	    {"review", _("Total"), WC_TEXT, NULL, NULL},
	};
	web_table_add(r, &p, "results", _("Every result"), rc, sizeof(rc), &res,
	              NULL);
	return web_page_render(r, w, &p);
}
