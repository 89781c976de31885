/*
 * web_report.c - the printed reports on the web, in the viewer's language:
 * a student's report card (GET /students/CODE/report, for those who may
 * see the student by name: parents, the student, teachers, principal) and
 * the academic plan of an org above a school (GET /orgs/CODE/plan, for
 * anyone who may see the org; its figures are aggregates with small cells
 * suppressed). Each answers as a print-ready HTML page, as JSON under
 * /api, and as PDF at .../report.pdf and .../plan.pdf. The documents are
 * the ones `attain report` writes (report.h), built with the request's
 * language forced, so a Hindi account gets the Hindi card whatever the
 * guardian's setting. Two things differ from the printed ones, to keep to
 * the web's scope rules (scope.h): the card names each subject's teacher
 * but not the class, and the plan leaves out peer pairs with a school
 * outside the org (saying how many).
 */
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "web.h"

/* Write d in the request's format (or PDF) into w. */
static int send_doc(web_req *r, web_resp *w, rdoc *d, int pdf, const char *name)
{
	if (r->format == WEB_JSON) {
		w->content_type = "application/json";
		rdoc_json(&d, 1, &w->body);
		return 200;
	}
	if (!pdf) {
		w->content_type = "text/html; charset=utf-8";
		rdoc_html(&d, 1, &w->body);
		return 200;
	}
	att_err e;
	err_clear(&e);
	if (rdoc_pdf(&d, 1, &w->body, &e)) {
		buf_clear(&w->body);
		return web_fail(r, w, &e);
	}
	/* codes are imported identifiers: a safe alphabet in the header */
	char *safe = arena_strdup(&r->a, name);
	for (char *c = safe; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			*c = '_';
	w->content_type = "application/pdf";
	w->disposition =
	    arena_printf(&r->a, "attachment; filename=\"%s.pdf\"", safe);
	return 200;
}

static int open_ctx(web_req *r, web_resp *w, report_ctx *c)
{
	att_err e;
	err_clear(&e);
	char today[11];
	clock_local_date(r->now, today);
	if (report_ctx_init(c, r->s, NULL, r->lang, today, &e))
		return e.code == ATT_ENOTFOUND
		           ? web_error(r, w, 404, _("No school year yet"))
		           : web_fail(r, w, &e);
	if (r->app && r->app->min_cell > 0)
		c->min_cell = r->app->min_cell;
	c->hide_classes = 1;
	c->inside_only = 1;
	return 0;
}

/* Build the document of the route's target with `build` in a web report
 * context and send it. */
static int build_and_send(web_req *r, web_resp *w, int pdf,
                          rdoc *(*build)(report_ctx *, const char *, att_err *))
{
	att_err e;
	err_clear(&e);
	report_ctx c;
	int st = open_ctx(r, w, &c);
	if (st)
		return st;
	rdoc *d = build(&c, r->target.code, &e);
	if (!d) {
		report_ctx_release(&c);
		return web_fail(r, w, &e);
	}
	st = send_doc(r, w, d, pdf, r->target.code);
	rdoc_free(d);
	report_ctx_release(&c);
	return st;
}

static int student_report(web_req *r, web_resp *w, int pdf)
{
	return build_and_send(r, w, pdf, report_student_alloc);
}

static int plan_report(web_req *r, web_resp *w, int pdf)
{
	if (r->target.org->is_school)
		return web_error(r, w, 404,
		                 _("The academic plan is for a cluster, block, "
		                   "district or state"));
	return build_and_send(r, w, pdf, report_plan_alloc);
}

int web_student_report(web_req *r, web_resp *w)
{
	return student_report(r, w, 0);
}

int web_student_report_pdf(web_req *r, web_resp *w)
{
	return student_report(r, w, 1);
}

int web_plan(web_req *r, web_resp *w)
{
	return plan_report(r, w, 0);
}

int web_plan_pdf(web_req *r, web_resp *w)
{
	return plan_report(r, w, 1);
}
