/*
 * web_case.c - an early-warning case on the web (GET/POST
 * /students/{code}/case): the student's tier and rank in the latest ews
 * run, the case's owner (the class teacher unless the principal
 * reassigned it), status, next action and due date, and the form that
 * changes them. The dispatcher has resolved the student and decided write
 * scope (a teacher their classes' students, a principal their school's;
 * anyone else 404); only a principal or an admin may change the owner
 * (403). A save is one transaction with its audit entry (store_case.h),
 * so the audit log holds the case's history.
 */
#include <string.h>

#include "ews_text.h"
#include "i18n.h"
#include "store_case.h"
#include "web_collect.h"

/* May the viewer reassign a case? */
static int may_reassign(const web_req *r)
{
	return r->who.role == ROLE_PRINCIPAL || r->who.role == ROLE_ADMIN;
}

/* The form: status, next action, due date and, for a principal, owner. */
static void case_form(web_req *r, web_page *p, const char *code,
                      const ews_case *c)
{
	static const char *const labels[] = {
	    N_("new"), N_("seen"), N_("in an intervention"), N_("resolved")};
	web_option *o = wc_options(r, store_case_statuses, labels, 4);
	web_form *f =
	    web_page_form(r, p, "case", wc_path(r, "/students/", code, "/case"),
	                  _("Save the case"));
	if (!f)
		return;
	web_form_choice(f, WI_SELECT, "status", _("Status"), c->status, o, 4);
	web_input *in = web_form_input(f, WI_TEXT, "next_action",
	                               _("Next action"), c->next_action);
	if (in)
		in->maxlen = 500;
	web_form_input(f, WI_DATE, "due", _("Due"), c->due);
	if (may_reassign(r)) {
		in =
		    web_form_input(f, WI_TEXT, "owner", _("Owner (staff code)"),
		                   c->owner_staff_id ? c->owner_code : "");
		if (in)
			in->hint = _("Empty: the class teacher.");
	}
}

/* Read the target student's case into c; on failure answer the request
 * (a refusal for a student without one, else the store's error) and
 * return the status, else 0. */
static int case_read(web_req *r, web_resp *w, ews_case *c)
{
	att_err e;
	err_clear(&e);
	if (!store_case_get(r->s, r->target.hit.stu.id, &r->a, c, &e))
		return 0;
	return e.code == ATT_ENOTFOUND ? wc_refuse(r, w, &e)
	                               : web_fail(r, w, &e);
}

/* The page, with the notice of a save or the reason one was refused. */
static int case_page(web_req *r, web_resp *w, const char *error, int status)
{
	scope_hit h = r->target.hit;
	ews_case c;
	int st = case_read(r, w, &c);
	if (st)
		return st;
	const char *name =
	    arena_printf(&r->a, "%s %s", h.stu.given_name, h.stu.family_name);
	web_page p;
	web_page_init(&p, "case", h.stu.code, _("Early-warning case"));
	p.subtitle = name;
	web_page_crumbs_from_path(r, &p, h.path, h.npath, 1);
	if (p.ncrumbs + 1 < WEB_MAX_CRUMBS) {
		p.crumbs[p.ncrumbs++] =
		    (web_crumb){name, wc_path(r, "/students/", h.stu.code, "")};
		p.crumbs[p.ncrumbs++] =
		    (web_crumb){_("Early-warning case"), NULL};
	}
	p.error = error;
	if (!error && web_field_get(r, "saved"))
		p.notice = _("Case saved.");
	sw_val v = wc_int(r, c.tier);
	web_page_fig(&p, "tier", _("Early-warning tier"), WC_INT, &v);
	v = wc_int(r, c.rank);
	web_page_fig(&p, "rank", _("Rank in the school"), WC_INT, &v);
	v = wc_text(ews_text_status(c.status));
	web_page_fig(&p, "status", _("Status"), WC_TEXT, &v);
	v = wc_text(*c.owner_name ? c.owner_name : _("no class teacher"));
	web_page_fig(&p, "owner", _("Owner"), WC_TEXT, &v);
	v = wc_text(c.updated_at);
	web_page_fig(&p, "updated_at", _("Last changed"), WC_TEXT, &v);
	web_page_note(&p, _("Tier 1 is the school's caseload: the students "
	                    "ranked first by how many indicators are past "
	                    "their thresholds beyond measurement error, then "
	                    "by how far. Every change to a case is kept in "
	                    "the audit log."));
	case_form(r, &p, h.stu.code, &c);
	return web_page_answer(r, w, &p, status);
}

int web_case(web_req *r, web_resp *w)
{
	return case_page(r, w, NULL, 200);
}

int web_case_save(web_req *r, web_resp *w)
{
	scope_hit h = r->target.hit;
	ews_case c;
	int st = case_read(r, w, &c);
	if (st)
		return st;
	att_err e;
	err_clear(&e);
	const char *v = web_field_get(r, "status");
	if (v)
		c.status = v;
	if ((v = web_field_get(r, "next_action")))
		c.next_action = v;
	if ((v = web_field_get(r, "due")))
		c.due = v;
	if (!c.owner_staff_id)
		c.owner_code = "";
	if ((v = web_field_get(r, "owner"))) {
		if (!may_reassign(r) && strcmp(v, c.owner_code))
			return case_page(r, w,
			                 _("Not saved: only the principal "
			                   "reassigns a case."),
			                 403);
		c.owner_code = v;
	}
	audit_entry a = {r->now,
	                 NULL,
	                 r->sess.account_id,
	                 r->sess.username,
	                 "ews-case",
	                 "student",
	                 h.stu.code,
	                 r->address,
	                 arena_printf(&r->a, "status=%s; owner=%s; due=%s",
	                              c.status, c.owner_code, c.due)};
	if (store_case_save(r->s, &c, &a, &e))
		return case_page(
		    r, w,
		    e.code == ATT_EIO
		        ? _("Not saved (the server is busy); try again.")
		        : arena_printf(&r->a, "%s: %s", _("Not saved"), e.msg),
		    web_status(e.code, 1));
	return wc_done(r, w, wc_path(r, "/students/", h.stu.code, "/case"));
}
