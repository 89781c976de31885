/*
 * web_collect.c - what the data-entry pages share: scope resolution for
 * writing, the page opening and closing with notices, the CSRF input, the
 * entry script and style, the reminders table and the /todo page.
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

/* Entry-page style: big tap targets for the register, a compact grid for
 * the markbook; phones first (360 px). */
static const char entry_style[] =
    "<style>"
    ".ok{background:#e5f2d8;padding:8px;border-radius:6px}"
    ".err{background:#fde0dd;padding:8px;border-radius:6px;color:#7a0010}"
    ".notice{background:#fcf0c4;padding:8px;border-radius:6px}"
    "fieldset.mark{border:0;border-bottom:1px solid #d5dbe1;margin:0;"
    "padding:8px 0;display:flex;flex-wrap:wrap;gap:6px;align-items:center}"
    "fieldset.mark legend{float:left;width:100%;font-weight:600;padding:0}"
    ".taps label{display:inline-block}"
    ".taps input{position:absolute;opacity:0;width:1px;height:1px}"
    ".taps span{display:inline-block;min-width:64px;min-height:44px;"
    "line-height:44px;text-align:center;border:1px solid #8a96a3;"
    "border-radius:6px;padding:0 10px}"
    ".taps "
    "input:checked+span{background:#0b5cad;color:#fff;border-color:#0b5cad}"
    ".taps input:focus-visible+span{outline:3px solid #f0a500}"
    ".taps input[value=A]:checked+span{background:#a4000f;border-color:#a4000f}"
    ".taps input[value=L]:checked+span{background:#8a5a00;border-color:#8a5a00}"
    "table.grid input{width:4.5em;font:inherit;padding:6px;border:1px solid "
    "#8a96a3;"
    "border-radius:4px}"
    "table.grid textarea{width:4.5em;font:inherit}"
    "input.bad,input[aria-invalid=true]{border:2px solid "
    "#a4000f;background:#fde0dd}"
    ".conflict{background:#fcf0c4}"
    "form.entry button[type=submit]{font:inherit;font-size:1.1rem;padding:12px "
    "24px;"
    "margin:12px 0;background:#0b5cad;color:#fff;border:0;border-radius:6px;"
    "min-height:48px}"
    "form.entry label.f{display:block;margin:8px 0 2px;font-weight:600}"
    "form.entry input[type=text],form.entry input[type=date],form.entry select,"
    "form.entry textarea{font:inherit;padding:6px;max-width:100%}"
    ".small{font-size:.85rem;color:#4a5560}"
    "</style>\n";

static const char entry_script[] =
    "(function(){var f=document.querySelector('form[data-key]');if(!f)return;"
    "var "
    "k='attain:'+f.dataset.key,ls=null;try{ls=window.localStorage;}catch(x){}"
    "function ins(){return "
    "[].slice.call(f.querySelectorAll('input,textarea,select'))"
    ".filter(function(e){return "
    "e.name&&e.type!=='hidden'&&e.type!=='submit';});}"
    "function save(){if(!ls)return;var o={};ins().forEach(function(e){"
    "if(e.type==='radio'||e.type==='checkbox'){if(e.checked)o[e.name+'='+e."
    "value]=1;}"
    "else o[e.name]=e.value;});try{ls.setItem(k,JSON.stringify(o));}catch(x){}}"
    "if(f.dataset.saved){try{ls&&ls.removeItem(k);}catch(x){}}"
    "else if(!f.dataset.posted&&ls){var "
    "s=null;try{s=JSON.parse(ls.getItem(k)||'null');}"
    "catch(x){}if(s){ins().forEach(function(e){if(e.type==='radio'||e.type==='"
    "checkbox')"
    "e.checked=!!s[e.name+'='+e.value];else if(e.name in "
    "s)e.value=s[e.name];});"
    "var n=document.getElementById('restored');if(n)n.hidden=false;}}"
    "function chk(e){if(!e.dataset||!e.dataset.max)return true;var "
    "v=e.value.trim(),ok=true;"
    "if(v!==''&&v!=='-'&&v.toLowerCase()!=='abs')ok=/^[0-9]*[.,]?[0-9]*$/"
    ".test(v)&&"
    "/[0-9]/"
    ".test(v)&&parseFloat(v.replace(',','.'))<=parseFloat(e.dataset.max);"
    "e.setAttribute('aria-invalid',ok?'false':'true');e.classList.toggle('bad',"
    "!ok);"
    "return ok;}"
    "f.addEventListener('input',function(ev){chk(ev.target);save();});"
    "f.addEventListener('change',save);"
    "function at(r,c){return "
    "f.querySelector('input[data-r=\"'+r+'\"][data-c=\"'+c+'\"]');}"
    "f.addEventListener('keydown',function(ev){var e=ev.target;"
    "if(ev.key!=='Enter'||e.tagName!=='INPUT'||e.dataset.r===undefined)return;"
    "ev.preventDefault();var "
    "n=at(+e.dataset.r+1,e.dataset.c)||at(0,+e.dataset.c+1);"
    "if(n){n.focus();n.select();}});"
    "f.addEventListener('paste',function(ev){var e=ev.target;"
    "if(!e.dataset||e.dataset.r===undefined)return;"
    "var t=(ev.clipboardData||window.clipboardData).getData('text');"
    "if(t.indexOf('\\n')<0)return;ev.preventDefault();"
    "var l=t.replace(/\\r/g,'').split('\\n');"
    "while(l.length&&l[l.length-1].trim()==='')l.pop();"
    "l.forEach(function(v,i){var n=at(+e.dataset.r+i,e.dataset.c);"
    "if(n){n.value=v.split('\\t')[0].trim();chk(n);}});save();});"
    "f.addEventListener('submit',function(ev){var b=ins().filter(function(e){"
    "return !chk(e);});save();if(b.length){ev.preventDefault();b[0].focus();"
    "var m=document.getElementById('jsmsg');if(m)m.hidden=false;}});})();";

const char *web_collect_script(void)
{
	return entry_script;
}

void wc_open(web_req *r, buf *b, const char *title, const scope_hit *h,
             const char *notice, const char *error)
{
	web_frame_open(r, b, title);
	buf_adds(b, entry_style);
	if (h && h->npath) {
		buf_adds(b, "<nav class=\"crumbs\" aria-label=\"");
		esc_attr(b, _("Breadcrumb"));
		buf_adds(b, "\"><ol>");
		for (int i = 0; i < h->npath; i++) {
			buf_adds(b, "<li><a href=\"/orgs/");
			esc_url_path(b, h->path[i].code);
			buf_adds(b, "\">");
			esc_html(b, h->path[i].name);
			buf_adds(b, "</a></li>");
		}
		if (h->cls.code) {
			buf_adds(b, "<li><a href=\"/classes/");
			esc_url_path(b, h->cls.code);
			buf_adds(b, "\">");
			esc_html(b, h->cls.name);
			buf_adds(b, "</a></li>");
		}
		buf_adds(b, "</ol></nav>\n");
	}
	buf_adds(b, "<h1>");
	esc_html(b, title);
	buf_adds(b, "</h1>\n");
	if (notice && *notice) {
		buf_adds(b, "<p class=\"ok\" role=\"status\">");
		esc_html(b, notice);
		buf_adds(b, "</p>\n");
	}
	if (error && *error) {
		buf_adds(b, "<p class=\"err\" role=\"alert\">");
		esc_html(b, error);
		buf_adds(b, "</p>\n");
	}
	buf_adds(b, "<p id=\"restored\" class=\"notice\" hidden>");
	esc_html(b, _("Restored what you typed earlier in this browser. It is "
	              "not saved yet: check it and save."));
	buf_adds(b, "</p>\n<p id=\"jsmsg\" class=\"err\" hidden>");
	esc_html(b, _("Some values are not valid (marked in red). Correct "
	              "them, then save."));
	buf_adds(b, "</p>\n");
}

void wc_close(web_req *r, buf *b)
{
	buf_adds(b, "<script>");
	buf_adds(b, entry_script);
	buf_adds(b, "</script>\n");
	web_frame_close(r, b);
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
	if (e && e->code == ATT_EIO)
		return web_error(r, w, 500, _("Something went wrong"));
	return web_error(r, w, 404, _("Not found"));
}

int wc_done(web_req *r, web_resp *w, const char *path)
{
	return web_redirect(w, 303,
	                    arena_printf(&r->a, "%s%ssaved=1", path,
	                                 strchr(path, '?') ? "&" : "?"));
}

int wc_class(web_req *r, scope_hit *h, att_err *e)
{
	if (r->nparams < 1)
		return 0;
	return scope_decide(r->s, &r->who, TARGET_CLASS, r->params[0],
	                    ACCESS_WRITE, &r->a, h, e) == SCOPE_NAMED;
}

const char *wc_class_path(web_req *r, const char *code)
{
	buf b;
	buf_init(&b);
	buf_adds(&b, "/classes/");
	esc_url_path(&b, code);
	const char *s = arena_strdup(&r->a, b.data);
	buf_free(&b);
	return s;
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
	sw_rows t;
	t.ncol = 7;
	t.nrow = n;
	t.names = arena_alloc(&r->a, 7 * sizeof(char *));
	t.names[0] = "task";
	t.names[1] = "what";
	t.names[2] = "for";
	t.names[3] = "due";
	t.names[4] = "done";
	t.names[5] = "expected";
	t.names[6] = "href";
	t.v = arena_alloc(&r->a, (size_t)n * 7 * sizeof(sw_val));
	for (int i = 0; i < n; i++) {
		const char *task = kind_label(m[i].kind);
		if (m[i].overdue)
			task =
			    arena_printf(&r->a, "%s (%s)", task, _("overdue"));
		*sw_at(&t, i, 0) = (sw_val){SWV_TEXT, 0, task};
		*sw_at(&t, i, 1) = (sw_val){SWV_TEXT, 0, m[i].what};
		*sw_at(&t, i, 2) = (sw_val){SWV_TEXT, 0, m[i].target_name};
		*sw_at(&t, i, 3) = (sw_val){SWV_TEXT, 0, m[i].due_date};
		*sw_at(&t, i, 4) =
		    (sw_val){SWV_INT, (double)m[i].done,
		             arena_printf(&r->a, "%ld", m[i].done)};
		*sw_at(&t, i, 5) =
		    (sw_val){SWV_INT, (double)m[i].expected,
		             arena_printf(&r->a, "%ld", m[i].expected)};
		*sw_at(&t, i, 6) =
		    (sw_val){SWV_TEXT, 0, reminder_key(r, &m[i])};
	}
	web_col *c = arena_alloc(&r->a, 6 * sizeof(web_col));
	c[0] = (web_col){"task", _("To do"), WC_LINK, "/todo/", "href"};
	c[1] = (web_col){"what", _("Collection"), WC_TEXT, NULL, NULL};
	c[2] = (web_col){"for", _("For"), WC_TEXT, NULL, NULL};
	c[3] = (web_col){"due", _("Due"), WC_TEXT, NULL, NULL};
	c[4] = (web_col){"done", _("Done"), WC_INT, NULL, NULL};
	c[5] = (web_col){"expected", _("Expected"), WC_INT, NULL, NULL};
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
		if (strlen(go[i].kind) != kl || strncmp(go[i].kind, k, kl))
			continue;
		buf b;
		buf_init(&b);
		buf_adds(&b, go[i].prefix);
		esc_url_path(&b, colon + 1);
		buf_adds(&b, go[i].suffix);
		const char *loc = arena_strdup(&r->a, b.data);
		buf_free(&b);
		return web_redirect(w, 303, loc);
	}
	return web_error(r, w, 404, _("Not found"));
}
