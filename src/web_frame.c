/*
 * web_frame.c - the shared page frame (head, top bar with the signed-in
 * account and its sign-out form, footer) and the stylesheet. The pages are
 * built for a 360 px phone first: one column, tables that scroll sideways
 * inside their own box, and no script needed. Two small scripts add
 * conveniences: a few lines that sort a table when its header is clicked
 * (every page), and the entry script of the data-entry forms.
 */
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "web.h"

/* The role's name in the page language (scope.c keeps the English
 * names, which are also stored on accounts). */
static const char *role_label(scope_role role)
{
	switch (role) {
	case ROLE_STUDENT:
		return _("student");
	case ROLE_PARENT:
		return _("parent");
	case ROLE_TEACHER:
		return _("teacher");
	case ROLE_PRINCIPAL:
		return _("principal");
	case ROLE_OFFICER:
		return _("officer");
	case ROLE_ADMIN:
		return _("admin");
	default:
		return "";
	}
}

void web_frame_open(web_req *r, buf *b, const char *title)
{
	r->page_title = arena_strdup(&r->a, title ? title : "");
	const char *lang = r->lang && *r->lang ? r->lang : "en";
	buf_adds(b, "<!doctype html>\n<html lang=\"");
	esc_attr(b, lang);
	buf_adds(b, "\"><head><meta charset=\"utf-8\">"
	            "<meta name=\"viewport\" content=\"width=device-width, "
	            "initial-scale=1\">"
	            "<title>");
	esc_html(b, title);
	buf_adds(
	    b, " \xe2\x80\x94 attain</title>"
	       "<link rel=\"stylesheet\" href=\"/style.css\"></head>\n<body>\n"
	       "<a class=\"skip\" href=\"#main\">");
	esc_html(b, _("Skip to content"));
	buf_adds(b, "</a>\n<header class=\"top\"><a class=\"brand\" "
	            "href=\"/\">attain</a>");
	if (r->signed_in) {
		/* the account (and its language) from every page */
		buf_adds(
		    b, "<form method=\"post\" action=\"/logout\" class=\"who\">"
		       "<span><a href=\"/me\">");
		esc_html(b, r->sess.username);
		buf_adds(b, " \xc2\xb7 ");
		esc_html(b, role_label(r->who.role));
		buf_adds(b, "</a> \xc2\xb7 <a href=\"/me/lang\">");
		esc_html(b, _("Language"));
		buf_adds(
		    b,
		    "</a></span><input type=\"hidden\" name=\"csrf\" value=\"");
		esc_attr(b, r->sess.csrf);
		buf_adds(b, "\"><button type=\"submit\">");
		esc_html(b, _("Sign out"));
		buf_adds(b, "</button></form>");
	}
	buf_adds(b, "</header>\n<main id=\"main\">\n");
}

static const char sort_script[] =
    "document.querySelectorAll('table.sortable th[scope=col]')"
    ".forEach(function(h,i){h.tabIndex=0;h.onclick=h.onkeydown=function(e){"
    "if(e.key&&e.key!=='Enter')return;var t=h.closest('table'),b=t.tBodies[0],"
    "d=h.dataset.d=h.dataset.d==='1'?'-1':'1',r=[].slice.call(b.rows);"
    "r.sort(function(x,y){var a=x.cells[i],c=y.cells[i],"
    "p=a.dataset.v,q=c.dataset.v;return d*(p!==undefined&&q!==undefined?"
    "p-q:a.textContent.localeCompare(c.textContent));});"
    "r.forEach(function(x){b.appendChild(x);});};});";

const char *web_frame_script(void)
{
	return sort_script;
}

/* The entry script (forms with a key, web.h): Enter moves on, scores
 * checked as typed, a pasted column fills its column, and a local copy of
 * what was typed, restored after a failed save and dropped once the
 * server confirms it. */
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

const char *web_frame_entry_script(void)
{
	return entry_script;
}

void web_frame_close(web_req *r, buf *b)
{
	(void)r;
	buf_adds(b, "</main>\n<footer><p>");
	esc_html(
	    b,
	    _("attain \xe2\x80\x94 figures come from the latest analysis run; "
	      "every table can be downloaded as CSV."));
	buf_adds(b, "</p></footer>\n");
	buf_adds(b, "<script>");
	buf_adds(b, sort_script);
	buf_adds(b, "</script>\n");
	buf_adds(b, "</body></html>\n");
}

static const char stylesheet[] =
    ":root{--ink:#1b1f24;--muted:#4a5560;--line:#d5dbe1;--bg:#fff;"
    "--band:#f3f6f9;--accent:#0b5cad}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',"
    "'Noto Sans','Noto Sans Devanagari',sans-serif;color:var(--ink);"
    "background:var(--bg)}\n"
    "a{color:var(--accent)}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;"
    "background:#fff;padding:4px}\n"
    "header.top{display:flex;flex-wrap:wrap;align-items:center;"
    "justify-content:space-between;gap:8px;padding:8px 12px;"
    "background:#0b3d6b;color:#fff}\n"
    "header.top a.brand{color:#fff;font-weight:700;text-decoration:none;"
    "font-size:1.1rem}\n"
    "form.who{display:flex;align-items:center;gap:8px;margin:0;font-size:.9rem}"
    "\n"
    "form.who a{color:#fff}\n"
    "form.who button{font:inherit;padding:4px 10px;border:1px solid #fff;"
    "background:transparent;color:#fff;border-radius:4px}\n"
    "main{max-width:1100px;margin:0 auto;padding:12px}\n"
    "h1{font-size:1.4rem;margin:.4rem 0}\n"
    "h2{font-size:1.1rem;margin:1.2rem 0 .4rem}\n"
    ".sub,.note,footer{color:var(--muted);font-size:.9rem}\n"
    "nav.crumbs ol{list-style:none;margin:0;padding:0;display:flex;"
    "flex-wrap:wrap;font-size:.9rem}\n"
    "nav.crumbs li+li:before{content:'\\203A';padding:0 "
    "6px;color:var(--muted)}\n"
    "dl.figs{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(150px,1fr));gap:8px;margin:8px 0}\n"
    "dl.figs div{background:var(--band);border-radius:6px;padding:8px}\n"
    "dl.figs dt{font-size:.8rem;color:var(--muted)}\n"
    "dl.figs dd{margin:0;font-size:1.3rem;font-weight:600}\n"
    ".scroll{overflow-x:auto;max-width:100%}\n"
    "table{border-collapse:collapse;font-size:.9rem;min-width:100%}\n"
    "th,td{padding:4px 8px;border-bottom:1px solid var(--line);"
    "text-align:left;vertical-align:top}\n"
    "thead th{background:var(--band);position:sticky;top:0;cursor:pointer}\n"
    "tbody th{font-weight:500}\n"
    "th .pop{display:block;font-weight:400;font-size:.78em;color:#555}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".h0{background:#fde0dd}.h1{background:#fcf0c4}.h2{background:#e5f2d8}"
    ".h3{background:#b9dfb0}.h4{background:#7cc27a}\n"
    ".rw{background:#f4a582}.rs{background:#92c5de}.r0{background:#f7f7f7}"
    ".ne{color:#777;font-style:italic}\n"
    "figure.chart{margin:8px 0}figure.chart svg{max-width:100%;height:auto}\n"
    "figcaption{font-size:.8rem;color:var(--muted)}\n"
    ".dl{font-size:.85rem}\n"
    ".notes li{margin:.3rem 0}\n"
    "form.login{max-width:320px;display:grid;gap:8px}\n"
    "form.login input{font:inherit;padding:8px;border:1px solid #8a96a3;"
    "border-radius:4px}\n"
    "form.login button{font:inherit;padding:8px;background:var(--accent);"
    "color:#fff;border:0;border-radius:4px}\n"
    ".error{color:#a4000f;font-weight:600}\n"
    "footer{padding:12px;text-align:center}\n"
    /* entry forms: big tap targets for the register, a compact grid for
     * the markbook; phones first (360 px) */
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
    "form.entry button[type=submit]{display:block}"
    ".cards{display:grid;gap:8px}"
    ".card{border:1px solid var(--line);border-radius:6px;padding:8px}"
    ".card h3{font-size:1rem;margin:0 0 4px}"
    ".card dl{margin:0}.card dl div{display:flex;flex-wrap:wrap;gap:0 8px}"
    ".card dt{color:var(--muted)}.card dd{margin:0}\n";

int web_style(web_req *r, web_resp *w)
{
	(void)r;
	w->content_type = "text/css; charset=utf-8";
	buf_adds(&w->body, stylesheet);
	return 200;
}
