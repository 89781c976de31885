/*
 * web_collect.c - what the data-entry pages share: the class the
 * dispatcher resolved for writing, starting an entry page in the page
 * model (breadcrumb, options, table rows), escaped paths, the reminders
 * table and the /todo page; and, for the markbook until it moves onto the
 * page model's forms, the opening and closing of a hand-written entry
 * page and its CSRF input.
 */
#include <stdlib.h>
#include <string.h>

#include "collect_input.h"
#include "escape.h"
#include "i18n.h"
#include "store_label.h"
#include "web_collect.h"

const char *wc_today(web_req *r)
{
	char d[11];
	clock_local_date(r->now, d);
	return arena_strdup(&r->a, d);
}

collect_actor wc_actor(const web_req *r)
{
	collect_actor a = {r->sess.account_id, r->sess.username, r->address,
	                   r->sess.staff_id, r->now};
	return a;
}

const char *web_collect_script(void)
{
	return web_frame_entry_script();
}

void wc_crumbs(web_req *r, web_page *p, const scope_hit *h)
{
	if (!h || !h->npath)
		return;
	web_page_crumbs_from_path(r, p, h->path, h->npath, 1);
	if (h->cls.code && p->ncrumbs < WEB_MAX_CRUMBS)
		p->crumbs[p->ncrumbs++] =
		    (web_crumb){h->cls.name, wc_class_path(r, h->cls.code)};
}

void wc_page(web_req *r, web_page *p, const char *kind, const char *code,
             const char *title, const scope_hit *h)
{
	web_page_init(p, kind, code, title);
	wc_crumbs(r, p, h);
}

sw_rows wc_rows(web_req *r, const char *const *names, int ncol, int nrow)
{
	sw_rows t;
	t.ncol = ncol;
	t.nrow = nrow;
	t.names = arena_alloc(&r->a, (size_t)ncol * sizeof(char *));
	for (int c = 0; c < ncol; c++)
		t.names[c] = names[c];
	t.v = arena_alloc(&r->a,
	                  (size_t)(nrow + 1) * (size_t)ncol * sizeof(sw_val));
	return t;
}

sw_val wc_text(const char *s)
{
	return (sw_val){SWV_TEXT, 0, s ? s : ""};
}

sw_val wc_int(web_req *r, long v)
{
	return (sw_val){SWV_INT, (double)v, arena_printf(&r->a, "%ld", v)};
}

web_option *wc_options(web_req *r, const char *const *values,
                       const char *const *labels, int n)
{
	web_option *o = arena_alloc(&r->a, (size_t)(n + 1) * sizeof(*o));
	for (int i = 0; i < n; i++)
		o[i] = (web_option){values[i], _(labels[i])};
	return o;
}

void wc_open(web_req *r, buf *b, const char *title, const scope_hit *h,
             const char *notice, const char *error)
{
	web_page p;
	web_page_init(&p, "entry", NULL, title);
	wc_crumbs(r, &p, h);
	p.notice = notice;
	p.error = error;
	web_page_html_open(r, b, &p, 1);
}

void wc_close(web_req *r, buf *b)
{
	web_page_html_close(r, b, 1);
}

void wc_csrf(web_req *r, buf *b)
{
	buf_adds(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	esc_attr(b, r->sess.csrf);
	buf_adds(b, "\">");
}

int wc_send(web_resp *w, buf *b, int status)
{
	w->status = status;
	w->content_type = "text/html; charset=utf-8";
	buf_clear(&w->body);
	buf_add(&w->body, b->data ? b->data : "", b->len);
	buf_free(b);
	return status;
}

int wc_refuse(web_req *r, web_resp *w, const att_err *e)
{
	return web_fail(r, w, e && e->code == ATT_EIO ? e : NULL);
}

int wc_done(web_req *r, web_resp *w, const char *path)
{
	return web_redirect(w, 303,
	                    arena_printf(&r->a, "%s%s%ssaved=1",
	                                 r->format == WEB_JSON ? "/api" : "",
	                                 path, strchr(path, '?') ? "&" : "?"));
}

int wc_class(web_req *r, scope_hit *h, att_err *e)
{
	(void)e;
	*h = r->target.hit;
	return r->target.kind == WT_CLASS && r->target.level == SCOPE_NAMED;
}

const char *wc_path(web_req *r, const char *prefix, const char *code,
                    const char *suffix)
{
	buf b;
	buf_init(&b);
	buf_adds(&b, prefix);
	esc_url_path(&b, code);
	buf_adds(&b, suffix);
	const char *s = arena_strdup(&r->a, b.data);
	buf_free(&b);
	return s;
}

const char *wc_class_path(web_req *r, const char *code)
{
	return wc_path(r, "/classes/", code, "");
}

const char *wc_criterion(web_req *r, const char *criterion)
{
	return store_label(r->s, &r->a, "criterion", criterion, r->lang,
	                   _(collect_rubric_label(criterion)));
}

/* ---- reminders ---- */

static const char *kind_label(const char *k)
{
	if (!strcmp(k, "register"))
		return _("Take today's register");
	if (!strcmp(k, "results"))
		return _("Enter marks");
	if (!strcmp(k, "attitude"))
		return _("Enter attitude-to-learning grades");
	if (!strcmp(k, "survey"))
		return _("Answer the survey");
	if (!strcmp(k, "observation"))
		return _("Observe lessons");
	return k;
}

/* The reminder's key for /todo/{KIND:TARGET}, which sends the browser to
 * the form where it is done (the page model links one segment). */
static const char *reminder_key(web_req *r, const collect_reminder *m)
{
	return arena_printf(&r->a, "%s:%s", m->kind, m->target);
}

void web_collect_reminders(web_req *r, web_page *p)
{
	if (!r->signed_in)
		return;
	collect_reminder *m;
	int n;
	att_err e;
	err_clear(&e);
	if (store_collect_reminders(r->s, r->sess.account_id, wc_today(r),
	                            &r->a, &m, &n, &e) ||
	    n == 0)
		return;
	enum {
		RM_TASK,
		RM_WHAT,
		RM_FOR,
		RM_DUE,
		RM_DONE,
		RM_EXPECTED,
		RM_HREF,
		RM_NCOL
	};
	static const char *const names[RM_NCOL] = {
	    [RM_TASK] = "task", [RM_WHAT] = "what", [RM_FOR] = "for",
	    [RM_DUE] = "due",   [RM_DONE] = "done", [RM_EXPECTED] = "expected",
	    [RM_HREF] = "href"};
	sw_rows t = wc_rows(r, names, RM_NCOL, n);
	for (int i = 0; i < n; i++) {
		const char *task = kind_label(m[i].kind);
		if (m[i].overdue)
			task =
			    arena_printf(&r->a, "%s (%s)", task, _("overdue"));
		*sw_at(&t, i, RM_TASK) = wc_text(task);
		*sw_at(&t, i, RM_WHAT) = wc_text(m[i].what);
		*sw_at(&t, i, RM_FOR) = wc_text(m[i].target_name);
		*sw_at(&t, i, RM_DUE) = wc_text(m[i].due_date);
		*sw_at(&t, i, RM_DONE) = wc_int(r, m[i].done);
		*sw_at(&t, i, RM_EXPECTED) = wc_int(r, m[i].expected);
		*sw_at(&t, i, RM_HREF) = wc_text(reminder_key(r, &m[i]));
	}
	web_col *c = arena_alloc(&r->a, 6 * sizeof(web_col));
	c[0] = (web_col){names[RM_TASK], _("To do"), WC_LINK, "/todo/", "href"};
	c[1] = (web_col){names[RM_WHAT], _("Collection"), WC_TEXT, NULL, NULL};
	c[2] = (web_col){names[RM_FOR], _("For"), WC_TEXT, NULL, NULL};
	c[3] = (web_col){names[RM_DUE], _("Due"), WC_TEXT, NULL, NULL};
	c[4] = (web_col){names[RM_DONE], _("Done"), WC_INT, NULL, NULL};
	c[5] = (web_col){names[RM_EXPECTED], _("Expected"), WC_INT, NULL, NULL};
	web_table *tb =
	    web_page_table(p, "reminders", _("What you owe"), c, 6, &t);
	if (tb)
		tb->note = _("Open data collections that are not complete yet, "
		             "with their due dates.");
}

int web_collect_todo(web_req *r, web_resp *w)
{
	web_page p;
	web_page_init(&p, "todo", NULL, _("What you owe"));
	web_collect_reminders(r, &p);
	if (p.ntables == 0)
		web_page_note(&p, _("Nothing is waiting for you."));
	return web_page_render(r, w, &p);
}

int web_collect_todo_go(web_req *r, web_resp *w)
{
	const char *k = r->nparams ? r->params[0] : "";
	const char *colon = strchr(k, ':');
	if (!colon || !colon[1])
		return web_error(r, w, 404, _("Not found"));
	size_t kl = (size_t)(colon - k);
	static const struct {
		const char *kind, *prefix, *suffix;
	} go[] = {
	    {"register", "/classes/", "/register"},
	    {"results", "/classes/", "/marks"},
	    {"attitude", "/classes/", "/attitude"},
	    {"survey", "/surveys/", ""},
	    {"observation", "/orgs/", "/observations/new"},
	};
	for (size_t i = 0; i < ARRAY_LEN(go); i++) {
		if (strlen(go[i].kind) == kl && !strncmp(go[i].kind, k, kl))
			return web_redirect(
			    w, 303,
			    wc_path(r, go[i].prefix, colon + 1, go[i].suffix));
	}
	return web_error(r, w, 404, _("Not found"));
}
