/*
 * web_route.c - the one route table and the request path: hostile-input
 * checks, format selection, route matching, sessions, CSRF, each route's
 * target resolved and its scope decided, the audit of named reads, the
 * one map from error codes to statuses, dispatch.
 * Adding a page: write its handler in web_<page>.c, declare it in web.h and
 * add one row here naming what it reads (the access-matrix test then
 * insists on a row for it).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "escape.h"
#include "i18n.h"
#include "store_account.h"
#include "web.h"
#include "web_cache.h"
#include "web_collect.h"

/*
 * The route table. Each row: method, pattern, handler, flags, stable name,
 * and the target the route reads (WT_ORG, WT_CLASS, WT_STUDENT or WT_NONE)
 * with the pattern segment that holds its code and, for WR_NAMED reads, the
 * audit kind (NULL: the target's kind). The dispatcher resolves the target
 * and decides its scope before the handler runs.
 */
#define AUTH WR_AUTH
#define POST_FORM (WR_AUTH | WR_CSRF)
const web_route web_routes[] = {
    {"GET", "/", web_home, AUTH | WR_API, "home", WT_NONE, 0, NULL},
    {"GET", "/login", web_login_form, 0, "login-form", WT_NONE, 0, NULL},
    {"POST", "/login", web_login, WR_API, "login", WT_NONE, 0, NULL},
    {"POST", "/logout", web_logout, POST_FORM | WR_API, "logout", WT_NONE, 0,
     NULL},
    {"GET", "/me", web_me, AUTH | WR_API, "me", WT_NONE, 0, NULL},
    {"GET", "/me/lang", web_lang_form, AUTH | WR_API, "lang-form", WT_NONE, 0,
     NULL},
    {"POST", "/me/lang", web_lang_save, POST_FORM | WR_API, "lang-save",
     WT_NONE, 0, NULL},
    {"GET", "/me/password", web_password_form, AUTH | WR_API, "password-form",
     WT_NONE, 0, NULL},
    {"POST", "/me/password", web_password_save, POST_FORM | WR_API,
     "password-save", WT_NONE, 0, NULL},
    {"GET", "/orgs/{}", web_org, AUTH | WR_API | WR_CSV | WR_NAMED | WR_CACHE,
     "org", WT_ORG, 0, NULL},
    {"GET", "/classes/{}", web_class,
     AUTH | WR_API | WR_CSV | WR_NAMED | WR_CACHE, "class", WT_CLASS, 0, NULL},
    {"GET", "/students/{}", web_student,
     AUTH | WR_API | WR_CSV | WR_NAMED | WR_CACHE, "student", WT_STUDENT, 0,
     NULL},
    {"GET", "/students/{}/report", web_student_report, AUTH | WR_API | WR_NAMED,
     "student-report", WT_STUDENT, 0, "report-card"},
    {"GET", "/students/{}/report.pdf", web_student_report_pdf, AUTH | WR_NAMED,
     "student-report-pdf", WT_STUDENT, 0, "report-card"},
    /* consent: read by whoever sees the student by name; changed by a
     * parent (web_consent.c) */
    {"GET", "/students/{}/consent", web_consent, AUTH | WR_API | WR_NAMED,
     "consent", WT_STUDENT, 0, "consent"},
    {"POST", "/students/{}/consent", web_consent_save, POST_FORM | WR_API,
     "consent-save", WT_STUDENT, 0, NULL},
    /* an early-warning case: read and changed by the student's teachers
     * and principal (web_case.c) */
    {"GET", "/students/{}/case", web_case, AUTH | WR_API | WR_WRITE | WR_NAMED,
     "case", WT_STUDENT, 0, "ews-case"},
    {"POST", "/students/{}/case", web_case_save, POST_FORM | WR_API | WR_WRITE,
     "case-save", WT_STUDENT, 0, NULL},
    {"GET", "/orgs/{}/plan", web_plan, AUTH | WR_API, "plan", WT_ORG, 0, NULL},
    {"GET", "/orgs/{}/plan.pdf", web_plan_pdf, AUTH, "plan-pdf", WT_ORG, 0,
     NULL},
    {"GET", "/style.css", web_style, 0, "style", WT_NONE, 0, NULL},
    /* data entry (web_collect_*.c): a class's forms write to the class */
    {"GET", "/classes/{}/register", web_collect_register,
     AUTH | WR_API | WR_WRITE | WR_NAMED, "collect-register", WT_CLASS, 0,
     "register"},
    {"POST", "/classes/{}/register", web_collect_register_save,
     POST_FORM | WR_API | WR_WRITE, "collect-register-save", WT_CLASS, 0, NULL},
    {"GET", "/classes/{}/marks", web_collect_marks, AUTH | WR_WRITE,
     "collect-marks", WT_CLASS, 0, NULL},
    {"POST", "/classes/{}/marks", web_collect_marks_new, POST_FORM | WR_WRITE,
     "collect-marks-new", WT_CLASS, 0, NULL},
    /* the markbook writes its own audit entry (assessment/class) */
    {"GET", "/classes/{}/marks/{}", web_collect_markbook,
     AUTH | WR_API | WR_WRITE | WR_NAMED, "collect-markbook", WT_CLASS, 0,
     "markbook"},
    {"POST", "/classes/{}/marks/{}", web_collect_markbook_save,
     POST_FORM | WR_API | WR_WRITE, "collect-markbook-save", WT_CLASS, 0, NULL},
    /* an assessment's marks for a whole school, pasted at once */
    {"GET", "/orgs/{}/marks/{}", web_collect_org_marks,
     AUTH | WR_WRITE | WR_SCHOOL, "collect-org-marks", WT_ORG, 0, NULL},
    {"POST", "/orgs/{}/marks/{}", web_collect_org_marks_save,
     POST_FORM | WR_API | WR_WRITE | WR_SCHOOL, "collect-org-marks-save",
     WT_ORG, 0, NULL},
    {"GET", "/classes/{}/behaviour", web_collect_behaviour,
     AUTH | WR_API | WR_WRITE | WR_NAMED, "collect-behaviour", WT_CLASS, 0,
     "behaviour"},
    {"POST", "/classes/{}/behaviour", web_collect_behaviour_save,
     POST_FORM | WR_API | WR_WRITE, "collect-behaviour-save", WT_CLASS, 0,
     NULL},
    {"GET", "/classes/{}/attitude", web_collect_attitude,
     AUTH | WR_API | WR_WRITE | WR_NAMED, "collect-attitude", WT_CLASS, 0,
     "attitude"},
    {"POST", "/classes/{}/attitude", web_collect_attitude_save,
     POST_FORM | WR_API | WR_WRITE, "collect-attitude-save", WT_CLASS, 0, NULL},
    /* surveys: the target (the survey's org) comes from the survey. The
     * answer form stays HTML only: every JSON twin is walked by the
     * consistency crawl (t0900), and the demo opens no survey on its
     * day. */
    {"GET", "/surveys", web_collect_surveys, AUTH | WR_API, "collect-surveys",
     WT_NONE, 0, NULL},
    {"GET", "/surveys/new", web_collect_survey_new, AUTH | WR_API,
     "collect-survey-new", WT_NONE, 0, NULL},
    {"POST", "/surveys/new", web_collect_survey_create, POST_FORM | WR_API,
     "collect-survey-create", WT_NONE, 0, NULL},
    {"GET", "/surveys/{}", web_collect_survey, AUTH, "collect-survey", WT_NONE,
     0, NULL},
    {"POST", "/surveys/{}", web_collect_survey_answer, POST_FORM,
     "collect-survey-answer", WT_NONE, 0, NULL},
    {"GET", "/surveys/{}/results", web_collect_survey_results,
     AUTH | WR_API | WR_CSV, "collect-survey-results", WT_NONE, 0, NULL},
    {"GET", "/orgs/{}/observations", web_collect_obs, AUTH | WR_API | WR_NAMED,
     "collect-observations", WT_ORG, 0, "observations"},
    /* observations and visits: a school's principal and the officers over
     * it (WR_OBSERVE); a visit is recorded by its officers (WR_VISIT) */
    {"GET", "/orgs/{}/observations/new", web_collect_obs_new,
     AUTH | WR_API | WR_OBSERVE | WR_SCHOOL, "collect-observation-new", WT_ORG,
     0, NULL},
    {"POST", "/orgs/{}/observations/new", web_collect_obs_save,
     POST_FORM | WR_API | WR_OBSERVE | WR_SCHOOL, "collect-observation-save",
     WT_ORG, 0, NULL},
    {"GET", "/orgs/{}/visits", web_visits,
     AUTH | WR_API | WR_OBSERVE | WR_SCHOOL, "visits", WT_ORG, 0, NULL},
    {"GET", "/orgs/{}/visits/new", web_visit_new,
     AUTH | WR_API | WR_VISIT | WR_SCHOOL, "visit-new", WT_ORG, 0, NULL},
    {"POST", "/orgs/{}/visits/new", web_visit_save,
     POST_FORM | WR_API | WR_VISIT | WR_SCHOOL, "visit-save", WT_ORG, 0, NULL},
    {"POST", "/orgs/{}/visits/done", web_visit_action_done,
     POST_FORM | WR_API | WR_OBSERVE | WR_SCHOOL, "visit-action-done", WT_ORG,
     0, NULL},
    {"GET", "/observations", web_collect_obs_mine, AUTH | WR_API,
     "collect-observations-mine", WT_NONE, 0, NULL},
    {"GET", "/orgs/{}/collection", web_collect_status, AUTH | WR_API | WR_CSV,
     "collect-status", WT_ORG, 0, NULL},
    {"GET", "/orgs/{}/registers", web_collect_registers,
     AUTH | WR_API | WR_CSV | WR_NAMED_ONLY | WR_SCHOOL, "collect-registers",
     WT_ORG, 0, NULL},
    {"GET", "/todo", web_collect_todo, AUTH | WR_API, "collect-todo", WT_NONE,
     0, NULL},
    {"GET", "/todo/{}", web_collect_todo_go, AUTH, "collect-todo-go", WT_NONE,
     0, NULL},
};
#undef AUTH
#undef POST_FORM
const int web_nroutes = (int)ARRAY_LEN(web_routes);

void web_req_init(web_req *r, const web_app *app, store *s)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->a);
	r->app = app;
	r->s = s;
	r->now = clock_now() + (app ? app->clock_skew : 0);
}

void web_req_release(web_req *r)
{
	arena_free(&r->a);
}

void web_resp_init(web_resp *w)
{
	memset(w, 0, sizeof(*w));
	buf_init(&w->body);
	w->status = 200;
}

void web_resp_release(web_resp *w)
{
	buf_free(&w->body);
}

/* ---- forms and cookies ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode one urlencoded component into the arena; NULL if it decodes to
 * something with a NUL byte or invalid UTF-8. */
static char *url_decode(arena *a, const char *s, size_t n)
{
	char *o = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			o[k++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		           hexval(s[i + 2]) >= 0) {
			o[k++] =
			    (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			o[k++] = s[i];
		}
	}
	o[k] = '\0';
	if (strlen(o) != k || !utf8_valid(o, k))
		return NULL;
	return o;
}

/*
 * The limits of every route's body and form, in one place (documented in
 * docs/API.md "Limits" and docs/COLLECTION.md). The markbook grid posts
 * two fields per cell (the value and the value when the page was opened)
 * plus one per student and two per column: a 60-student x 40-item
 * markbook is about 4,900 fields and 80 KB; the limit takes 200 students x
 * 100 items. The school's marks are one pasted table: 2,000 students x 40
 * items is about 400 KB encoded. Everything else is a small form.
 */
static const web_limits limits_table[] = {
    {"POST", "/classes/{}/marks/{}", 2u << 20, 50000, 64u << 10},
    {"POST", "/orgs/{}/marks/{}", 4u << 20, 64, 4u << 20},
    {NULL, NULL, 64u << 10, 256, 16u << 10},
};

/* 1 when path matches pattern segment by segment ("{}" is any one
 * non-empty segment). */
static int limits_match(const char *pattern, const char *path)
{
	while (*pattern && *path) {
		if (pattern[0] == '{' && pattern[1] == '}') {
			size_t seg = strcspn(path, "/");
			if (seg == 0)
				return 0;
			path += seg;
			pattern += 2;
		} else if (*pattern++ != *path++) {
			return 0;
		}
	}
	return !*pattern && !*path;
}

const web_limits *web_limits_for(const char *method, const char *path)
{
	size_t n = ARRAY_LEN(limits_table);
	if (path && strncmp(path, "/api/", 5) == 0)
		path += 4;
	for (size_t i = 0; path && method && i + 1 < n; i++)
		if (strcmp(limits_table[i].method, method) == 0 &&
		    limits_match(limits_table[i].pattern, path))
			return &limits_table[i];
	return &limits_table[n - 1];
}

/* Append one field, growing the array in the request's arena. */
static void field_add(web_req *r, const char *k, const char *v)
{
	if (r->nfields == r->fields_cap) {
		int cap = r->fields_cap ? 2 * r->fields_cap : 32;
		web_field *f = arena_alloc(&r->a, (size_t)cap * sizeof(*f));
		if (r->nfields)
			memcpy(f, r->fields, (size_t)r->nfields * sizeof(*f));
		r->fields = f;
		r->fields_cap = cap;
	}
	r->fields[r->nfields].name = k;
	r->fields[r->nfields].value = v;
	r->nfields++;
}

/*
 * The character rule of each form field, by its name (the one place, as
 * the limits above): free text for the notes and answers typed into text
 * areas (a behaviour note, an observation's notes and next steps, a
 * survey's free-text answers aN and question texts qtN, a visit's actions
 * actionN and follow-ups followupN), lines of names
 * and codes for what is pasted or listed one per line (a school's marks,
 * an assessment's items, a column pasted into a markbook pN), nothing beyond
 * UTF-8 without NUL for secrets (any field whose name holds "password": a
 * password is never shown), and the rule of names and codes for every other
 * field (docs/PRIVACY.md, "Input hygiene").
 */
static const char *const free_fields[] = {"note", "notes", "next_steps",
                                          "obs_notes", "followup"};
static const char *const lines_fields[] = {"marks", "items"};

/* 1 when name is prefix followed by one or more digits. */
static int numbered(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0 || !name[n])
		return 0;
	return strspn(name + n, "0123456789") == strlen(name + n);
}

int web_field_text(const char *name)
{
	if (strstr(name, "password"))
		return -1;
	for (size_t i = 0; i < ARRAY_LEN(free_fields); i++)
		if (strcmp(name, free_fields[i]) == 0)
			return TEXT_FREE;
	if (numbered(name, "a") || numbered(name, "qt") ||
	    numbered(name, "action") || numbered(name, "followup"))
		return TEXT_FREE;
	for (size_t i = 0; i < ARRAY_LEN(lines_fields); i++)
		if (strcmp(name, lines_fields[i]) == 0)
			return TEXT_LINES;
	if (numbered(name, "p"))
		return TEXT_LINES;
	return TEXT_NAME;
}

/* 0 when the decoded field k=v holds only characters its field may hold;
 * else -1 with the refusal recorded in r (a field name is ours, so one
 * that breaks the rule of names is bad data). */
static int field_chars(web_req *r, const char *k, const char *v)
{
	if (text_check(k, strlen(k), TEXT_NAME, NULL)) {
		r->form_refused = WEB_FORM_BAD;
		return -1;
	}
	int kind = web_field_text(k);
	if (kind >= 0 && text_check(v, strlen(v), kind, &r->form_char)) {
		r->form_refused = WEB_FORM_CHARS;
		r->form_field = k;
		return -1;
	}
	return 0;
}

int web_form_parse(web_req *r, const char *s, size_t n)
{
	if (!r->limits)
		r->limits = web_limits_for(r->method, r->path);
	const web_limits *lim = r->limits;
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '&')
			j++;
		if (j > i) {
			size_t eq = i;
			while (eq < j && s[eq] != '=')
				eq++;
			if (r->nfields >= lim->fields) {
				r->form_refused = WEB_FORM_FIELDS;
				return -1;
			}
			/* an encoded byte is 1 to 3 characters: decode only
			 * what can fit */
			if (eq - i > 3 * lim->field ||
			    (eq < j && j - eq - 1 > 3 * lim->field)) {
				r->form_refused = WEB_FORM_FIELD;
				return -1;
			}
			char *k = url_decode(&r->a, s + i, eq - i);
			char *v =
			    eq < j ? url_decode(&r->a, s + eq + 1, j - eq - 1)
			           : arena_strdup(&r->a, "");
			if (!k || !v) {
				r->form_refused = WEB_FORM_BAD;
				return -1;
			}
			if (strlen(k) > lim->field || strlen(v) > lim->field) {
				r->form_refused = WEB_FORM_FIELD;
				return -1;
			}
			if (field_chars(r, k, v))
				return -1;
			field_add(r, k, v);
		}
		i = j + 1;
	}
	return 0;
}

/* "2 MiB", "64 KiB" or "300 bytes" in the arena. */
static const char *size_words(web_req *r, size_t n)
{
	if (n >= (1u << 20) && n % (1u << 20) == 0)
		return arena_printf(&r->a, "%zu MiB", n >> 20);
	if (n >= 1024 && n % 1024 == 0)
		return arena_printf(&r->a, "%zu KiB", n >> 10);
	return arena_printf(&r->a, _("%zu bytes"), n);
}

/* 422 for a field holding a character it may not hold, naming both. */
static int refuse_chars(web_req *r, web_resp *w)
{
	const text_bad *c = &r->form_char;
	const char *cp = arena_printf(&r->a, "U+%04X", (unsigned)c->cp);
	const char *msg = arena_printf(
	    &r->a,
	    _("The field '%s' holds a character it may not hold: %s %s "
	      "(direction controls and invisible characters could make one "
	      "name look like another). Nothing was saved."),
	    r->form_field, _(text_why_words(c->why)), cp);
	if (r->format != WEB_JSON)
		return web_error(r, w, 422, msg);
	w->status = 422;
	w->content_type = "application/json";
	buf_clear(&w->body);
	buf_adds(&w->body, "{\"error\":");
	esc_json(&w->body, msg);
	buf_adds(&w->body, ",\"status\":422,\"field\":");
	esc_json(&w->body, r->form_field);
	buf_adds(&w->body, ",\"character\":");
	esc_json(&w->body, cp);
	buf_adds(&w->body, ",\"saved\":false}\n");
	return 422;
}

int web_form_refuse(web_req *r, web_resp *w)
{
	if (!r->limits)
		r->limits = web_limits_for(r->method, r->path);
	const web_limits *lim = r->limits;
	int why = r->body_too_large ? WEB_FORM_BODY : r->form_refused;
	if (why == WEB_FORM_CHARS)
		return refuse_chars(r, w);
	const char *name = "", *msg;
	size_t max = 0;
	if (why == WEB_FORM_BODY) {
		name = "body";
		max = lim->body;
		msg = arena_printf(&r->a,
		                   _("The form is too large: this page takes "
		                     "at most %s. Nothing was saved."),
		                   size_words(r, max));
	} else if (why == WEB_FORM_FIELDS) {
		name = "fields";
		max = (size_t)lim->fields;
		msg = arena_printf(&r->a,
		                   _("The form has too many fields: this page "
		                     "takes at most %d. Nothing was saved."),
		                   lim->fields);
	} else if (why == WEB_FORM_FIELD) {
		name = "field";
		max = lim->field;
		msg = arena_printf(&r->a,
		                   _("A field of the form is too long: this "
		                     "page takes at most %s in one field. "
		                     "Nothing was saved."),
		                   size_words(r, max));
	} else {
		return web_error(r, w, 400, _("Bad form data"));
	}
	if (r->format != WEB_JSON)
		return web_error(r, w, 413, msg);
	w->status = 413;
	w->content_type = "application/json";
	buf_clear(&w->body);
	buf_adds(&w->body, "{\"error\":");
	esc_json(&w->body, msg);
	buf_printf(&w->body,
	           ",\"status\":413,\"limit\":\"%s\",\"max\":%zu,"
	           "\"saved\":false}\n",
	           name, max);
	return 413;
}

const char *web_field_get(const web_req *r, const char *name)
{
	for (int i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return NULL;
}

const char *web_cookie_get(web_req *r, const char *name)
{
	const char *c = r->cookie;
	size_t nl = strlen(name);
	while (c && *c) {
		while (*c == ' ' || *c == ';')
			c++;
		const char *end = strchr(c, ';');
		size_t len = end ? (size_t)(end - c) : strlen(c);
		if (len > nl && strncmp(c, name, nl) == 0 && c[nl] == '=') {
			char *v = arena_alloc(&r->a, len - nl);
			memcpy(v, c + nl + 1, len - nl - 1);
			return v;
		}
		c = end;
	}
	return NULL;
}

/* ---- answers ---- */

int web_error(web_req *r, web_resp *w, int status, const char *msg)
{
	w->status = status;
	buf_clear(&w->body);
	if (r->format == WEB_JSON) {
		w->content_type = "application/json";
		buf_adds(&w->body, "{\"error\":");
		esc_json(&w->body, msg);
		buf_printf(&w->body, ",\"status\":%d}\n", status);
	} else if (r->format == WEB_CSV) {
		w->content_type = "text/plain; charset=utf-8";
		buf_adds(&w->body, msg);
		buf_addc(&w->body, '\n');
	} else {
		w->content_type = "text/html; charset=utf-8";
		web_frame_open(r, &w->body, msg);
		buf_adds(&w->body, "<h1>");
		esc_html(&w->body, msg);
		buf_adds(&w->body, "</h1>\n<p><a href=\"/\">");
		esc_html(&w->body, _("Back to the start page"));
		buf_adds(&w->body, "</a></p>\n");
		web_frame_close(r, &w->body);
	}
	return status;
}

int web_status(int code, int form)
{
	switch (code) {
	case ATT_OK:
	case ATT_ENOTFOUND:
		return 404;
	case ATT_EINPUT:
	case ATT_EUSAGE:
		return form ? 422 : 400;
	case ATT_ECONFLICT:
		return 409;
	default:
		return form ? 503 : 500;
	}
}

int web_fail(web_req *r, web_resp *w, const att_err *e)
{
	int st = web_status(e ? e->code : ATT_ENOTFOUND, 0);
	switch (st) {
	case 404:
		return web_error(r, w, st, _("Not found"));
	case 400:
		return web_error(r, w, st,
		                 e->msg[0] ? e->msg : _("Bad request"));
	case 409:
		return web_error(r, w, st,
		                 _("Someone else changed this in the meantime; "
		                   "reload the page and try again"));
	default:
		fprintf(stderr, "attain: serve: %s %s: %s\n",
		        r->method ? r->method : "", r->path ? r->path : "",
		        e->msg);
		return web_error(r, w, st, _("Something went wrong"));
	}
}

int web_redirect(web_resp *w, int status, const char *location)
{
	w->status = status;
	w->location = location;
	w->content_type = "text/plain; charset=utf-8";
	buf_clear(&w->body);
	buf_adds(&w->body, "redirecting\n");
	return status;
}

void web_audit_as(web_req *r, int64_t account_id, const char *username,
                  const char *action, const char *kind, const char *target,
                  const char *detail)
{
	audit_entry a = {.at = r->now,
	                 .account_id = account_id,
	                 .username = username,
	                 .action = action,
	                 .target_kind = kind,
	                 .target = target,
	                 .address = r->address,
	                 .detail = detail};
	if (web_audit_queue(&a))
		return; /* the server's writer thread commits it */
	att_err e;
	err_clear(&e);
	if (store_audit_add(r->s, &a, &e))
		fprintf(stderr, "attain: serve: %s\n", e.msg);
}

void web_audit(web_req *r, const char *action, const char *kind,
               const char *target)
{
	r->audited_kind = kind;
	r->audited_target = target;
	if (!r->sess.account_id)
		return; /* the cache warm-up is nobody */
	web_audit_as(r, r->sess.account_id, r->sess.username, action, kind,
	             target, NULL);
}

/* ---- targets ---- */

int web_target_resolve(web_req *r, int kind, const char *code,
                       scope_access access, web_target *t, att_err *e)
{
	static const scope_target of[] = {
	    [WT_ORG] = TARGET_ORG,
	    [WT_CLASS] = TARGET_CLASS,
	    [WT_STUDENT] = TARGET_STUDENT,
	};
	memset(t, 0, sizeof(*t));
	if (kind <= WT_NONE || kind > WT_STUDENT)
		return ATT_ENOTFOUND;
	att_err le;
	err_clear(&le);
	scope_level lv = scope_decide(r->s, &r->who, of[kind], code, access,
	                              &r->a, &t->hit, &le);
	if (lv == SCOPE_NONE) {
		if (le.code == ATT_EIO) {
			if (e)
				*e = le;
			return ATT_EIO;
		}
		return ATT_ENOTFOUND;
	}
	t->kind = kind;
	t->level = lv;
	t->org = t->hit.npath ? &t->hit.path[t->hit.npath - 1] : NULL;
	t->code = kind == WT_CLASS     ? t->hit.cls.code
	          : kind == WT_STUDENT ? t->hit.stu.code
	                               : t->org->code;
	return ATT_OK;
}

/* Resolve the route's target into r->target: ATT_OK, or ATT_ENOTFOUND
 * when it may not be reached through this route (out of scope, only an
 * aggregate view of a WR_NAMED_ONLY route, not a school for WR_SCHOOL), or
 * ATT_EIO. */
static int route_target(web_req *r, const web_route *rt, att_err *e)
{
	if (rt->target == WT_NONE)
		return ATT_OK;
	if (rt->segment >= r->nparams)
		return ATT_ENOTFOUND;
	scope_access access = rt->flags & WR_VISIT     ? ACCESS_VISIT
	                      : rt->flags & WR_OBSERVE ? ACCESS_OBSERVE
	                      : rt->flags & WR_WRITE   ? ACCESS_WRITE
	                                               : ACCESS_READ;
	int rc = web_target_resolve(r, rt->target, r->params[rt->segment],
	                            access, &r->target, e);
	if (rc)
		return rc;
	if ((rt->flags & WR_NAMED_ONLY) && r->target.level != SCOPE_NAMED)
		return ATT_ENOTFOUND;
	if ((rt->flags & WR_SCHOOL) &&
	    (rt->target != WT_ORG || !r->target.org->is_school))
		return ATT_ENOTFOUND;
	return ATT_OK;
}

/* The audit entry of a read that showed named people: a WR_NAMED GET
 * answered 200 whose target the account sees by name. A handler that has
 * written its own entry (the markbook names its assessment) keeps it. */
static void audit_read(web_req *r, const web_route *rt, const web_resp *w)
{
	if (!(rt->flags & WR_NAMED) || strcmp(rt->method, "GET") != 0 ||
	    w->status != 200 || r->target.kind == WT_NONE ||
	    r->target.level != SCOPE_NAMED || r->audited_kind)
		return;
	static const char *const kinds[] = {
	    [WT_ORG] = "org", [WT_CLASS] = "class", [WT_STUDENT] = "student"};
	web_audit(r, "view", rt->audit ? rt->audit : kinds[r->target.kind],
	          r->target.code);
}

/* Run a route: its target resolved and in scope (else 404, or 500 when
 * the store failed), the handler, the audit of a named read. */
static void call_route(web_req *r, web_resp *w, const web_route *rt)
{
	att_err e;
	err_clear(&e);
	if (route_target(r, rt, &e)) {
		web_fail(r, w, &e);
		return;
	}
	int st = rt->fn(r, w);
	if (st >= 200)
		w->status = st;
	audit_read(r, rt, w);
}

int web_route_call(web_req *r, web_resp *w, const char *name)
{
	for (int i = 0; i < web_nroutes; i++) {
		if (strcmp(web_routes[i].name, name) != 0)
			continue;
		call_route(r, w, &web_routes[i]);
		return w->status;
	}
	return web_error(r, w, 404, _("Not found"));
}

int64_t web_latest_year(web_req *r, const char **code)
{
	sw_rows y;
	if (web_query(r, SWQ_LATEST_YEAR, NULL, 0, &y, NULL) || y.nrow == 0) {
		if (code)
			*code = "";
		return 0;
	}
	if (code)
		*code = rows_text(&y, 0, "code");
	return rows_int(&y, 0, "id");
}

/* ---- matching ---- */

/* 1 if path has a segment that could walk out of its place or hide. */
static int path_hostile(const char *p)
{
	if (p[0] != '/')
		return 1;
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '\\')
			return 1;
	for (const char *c = p; *c; c++) {
		if (*c != '/')
			continue;
		const char *seg = c + 1;
		if (seg[0] == '/')
			return 1; /* empty segment "//" */
		if (seg[0] == '.' &&
		    (seg[1] == '/' || seg[1] == '\0' ||
		     (seg[1] == '.' && (seg[2] == '/' || seg[2] == '\0'))))
			return 1;
	}
	return 0;
}

/* Match path against pattern; captures go to r->params. */
static int match(web_req *r, const char *pattern, const char *path)
{
	const char *p = pattern, *q = path;
	int np = 0;
	while (*p && *q) {
		if (p[0] == '{' && p[1] == '}') {
			const char *end = strchr(q, '/');
			size_t len = end ? (size_t)(end - q) : strlen(q);
			if (len == 0 || np >= 4)
				return 0;
			char *v = arena_alloc(&r->a, len + 1);
			memcpy(v, q, len);
			r->params[np++] = v;
			q += len;
			p += 2;
			continue;
		}
		if (*p != *q)
			return 0;
		p++;
		q++;
	}
	if (*p || *q)
		return 0;
	r->nparams = np;
	return 1;
}

static int load_session(web_req *r)
{
	const char *tok = web_cookie_get(r, WEB_COOKIE);
	if (!tok || strlen(tok) != 64)
		return 0;
	for (const char *c = tok; *c; c++)
		if (hexval(*c) < 0)
			return 0;
	char *h = arena_alloc(&r->a, 65);
	auth_token_hash(tok, h);
	att_err e;
	err_clear(&e);
	if (store_web_session_get(r->s, h, r->now, WEB_SESSION_IDLE, &r->a,
	                          &r->sess, &e))
		return 0;
	if (scope_load(r->s, r->sess.account_id, r->sess.role, r->sess.username,
	               r->sess.staff_id, r->sess.student_id,
	               r->sess.guardian_id, &r->a, &r->who, &e))
		return 0;
	r->token_hash = h;
	r->signed_in = 1;
	if (r->now - r->sess.last_seen >= 60)
		store_web_session_touch(r->s, h, r->now, NULL);
	return 1;
}

static int csrf_ok(web_req *r)
{
	const char *t = web_field_get(r, "csrf");
	if (!t)
		t = r->csrf_header;
	if (!t || !r->signed_in)
		return 0;
	size_t n = strlen(r->sess.csrf);
	return n > 0 && strlen(t) == n &&
	       sodium_memcmp(t, r->sess.csrf, n) == 0;
}

/*
 * Answers of WR_CACHE routes are kept per (path, format, table, the
 * request's day, the year asked for, the viewer's scope set and language)
 * for the data
 * generation. The scope
 * decision is a pure function of the scope set and the data, so viewers
 * with the same scope share answers and nobody gets another's; only 200
 * answers are kept, so a hit is an answer the target's scope check
 * allowed for this scope set, and the target is resolved on a miss only.
 * A hit replays the audit entry of the read and rebuilds the frame (which
 * names the viewer and carries their CSRF token) around the cached
 * content.
 */
static uint64_t scope_hash(const web_req *r)
{
	uint64_t h = hash64(&r->who.role, sizeof(r->who.role), 17);
	const sw_ids *sets[3] = {&r->who.orgs, &r->who.classes,
	                         &r->who.students};
	for (int i = 0; i < 3; i++) {
		h = hash64(&sets[i]->n, sizeof(int), h);
		h = hash64(sets[i]->v, (size_t)sets[i]->n * sizeof(int64_t), h);
	}
	const char *lang = r->lang ? r->lang : "";
	return hash64(lang, strlen(lang), h);
}

static const char *main_tag = "<main id=\"main\">\n";

static void cached_call(web_req *r, web_resp *w, const web_route *rt)
{
	const char *table = r->table ? r->table : "";
	uint64_t ph = hash64(r->path, strlen(r->path), (uint64_t)r->format + 1);
	ph = hash64(table, strlen(table), ph);
	/* and per day: an org page's data-collection completeness is as of
	 * the request's day (store_collect_status) */
	char day[11];
	clock_local_date(r->now, day);
	ph = hash64(day, strlen(day), ph);
	/* and per year shown (the year selector, web_page_year) */
	const char *year = web_field_get(r, "year");
	if (year)
		ph = hash64(year, strlen(year), ph + 1);
	int64_t key[2] = {(int64_t)ph, (int64_t)scope_hash(r)};
	sw_rows c;
	if (web_cache_get(r, WEB_CACHE_PAGE, key, 2, &c) && c.nrow == 1 &&
	    strcmp(rows_text(&c, 0, "path"), r->path) == 0) {
		w->status = 200;
		w->content_type = rows_text(&c, 0, "type");
		if (*rows_text(&c, 0, "kind"))
			web_audit(r, "view", rows_text(&c, 0, "kind"),
			          rows_text(&c, 0, "target"));
		if (r->format == WEB_HTML)
			web_frame_open(r, &w->body, rows_text(&c, 0, "title"));
		else if (r->format == WEB_CSV)
			w->disposition = arena_printf(
			    &r->a, "attachment; filename=\"%s.csv\"", table);
		buf_adds(&w->body, rows_text(&c, 0, "body"));
		return;
	}
	call_route(r, w, rt);
	if (w->status != 200 || !w->body.data)
		return;
	const char *content = w->body.data;
	if (r->format == WEB_HTML) {
		content = strstr(w->body.data, main_tag);
		if (!content)
			return;
		content += strlen(main_tag);
	}
	sw_val v[6] = {
	    {SWV_TEXT, 0, r->path},
	    {SWV_TEXT, 0, w->content_type ? w->content_type : ""},
	    {SWV_TEXT, 0, r->page_title ? r->page_title : ""},
	    {SWV_TEXT, 0, content},
	    {SWV_TEXT, 0, r->audited_kind ? r->audited_kind : ""},
	    {SWV_TEXT, 0, r->audited_target ? r->audited_target : ""},
	};
	const char *names[6] = {"path", "type", "title",
	                        "body", "kind", "target"};
	sw_rows one = {6, 1, names, v};
	web_cache_put(r, WEB_CACHE_PAGE, key, 2, &one);
}

/*
 * The page language: ?lang=CODE for this request, else the signed-in
 * account's preference, else the first language of Accept-Language with a
 * catalogue, else English. Unknown codes are ignored.
 */
static const char *request_lang(web_req *r)
{
	const char *q = web_field_get(r, "lang");
	if (q && i18n_known(q))
		return q;
	if (r->signed_in && r->sess.lang && i18n_known(r->sess.lang))
		return r->sess.lang;
	/* Accept-Language: "hi-IN,hi;q=0.9,en;q=0.8": in order (browsers
	 * list them by preference), primary subtag only */
	const char *h = r->accept_language;
	while (h && *h) {
		while (*h == ' ' || *h == ',')
			h++;
		size_t len = strcspn(h, "-;, ");
		if (len > 0 && len < 9) {
			char *v = arena_alloc(&r->a, len + 1);
			memcpy(v, h, len);
			for (char *c = v; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			if (i18n_known(v))
				return v;
		}
		h = strchr(h, ',');
	}
	return "en";
}

static void dispatch(web_req *r, web_resp *w, int bad_query);

void web_dispatch(web_req *r, web_resp *w)
{
	/* the session first: its account names the language every string
	 * of the answer is translated into */
	load_session(r);
	/* the query's arguments (the first fields), for ?lang= */
	int bad_query =
	    r->query && web_form_parse(r, r->query, strlen(r->query));
	if (!r->lang)
		r->lang = request_lang(r);
	i18n_enter(r->lang);
	dispatch(r, w, bad_query);
	i18n_leave();
}

static void dispatch(web_req *r, web_resp *w, int bad_query)
{
	r->format = WEB_HTML;
	const char *path = r->path ? r->path : "";
	if (strlen(path) > WEB_MAX_PATH) {
		web_error(r, w, 414, _("The address is too long"));
		return;
	}
	if (!utf8_valid(path, strlen(path)) || path_hostile(path)) {
		web_error(r, w, 400, _("Bad address"));
		return;
	}
	if (strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0) {
		r->format = WEB_JSON;
		path = path[4] ? path + 4 : "/";
	}
	if (r->body_too_large) {
		web_form_refuse(r, w);
		return;
	}
	if (bad_query) {
		if (r->form_refused == WEB_FORM_CHARS)
			web_form_refuse(r, w);
		else
			web_error(r, w, 400, _("Bad query string"));
		return;
	}
	int is_post = r->method && strcmp(r->method, "POST") == 0;
	if (is_post && r->body && r->body_len &&
	    web_form_parse(r, r->body, r->body_len)) {
		web_form_refuse(r, w);
		return;
	}
	/* Find the route: exact, else PATH/TABLE.csv for WR_CSV routes. */
	const web_route *rt = NULL;
	int wrong_method = 0;
	const char *slash = strrchr(path, '/');
	size_t plen = strlen(path);
	char *base = NULL;
	if (r->format == WEB_HTML && slash && plen > 4 &&
	    strcmp(path + plen - 4, ".csv") == 0 && slash != path) {
		base = arena_alloc(&r->a, plen);
		memcpy(base, path, (size_t)(slash - path));
		char *t = arena_alloc(&r->a, plen);
		memcpy(t, slash + 1, plen - (size_t)(slash - path) - 5);
		r->table = t;
	}
	for (int i = 0; i < web_nroutes && !rt; i++) {
		const web_route *c = &web_routes[i];
		int hit = 0;
		if (match(r, c->pattern, path)) {
			hit = r->format == WEB_HTML || (c->flags & WR_API);
		} else if (base && (c->flags & WR_CSV) &&
		           match(r, c->pattern, base)) {
			hit = 1;
			r->format = WEB_CSV;
		}
		if (!hit)
			continue;
		if (strcmp(c->method, r->method ? r->method : "") == 0 ||
		    (strcmp(c->method, "GET") == 0 && r->method &&
		     strcmp(r->method, "HEAD") == 0))
			rt = c;
		else {
			wrong_method = 1;
			if (r->format == WEB_CSV)
				r->format = WEB_HTML;
		}
	}
	if (!rt) {
		if (wrong_method)
			web_error(r, w, 405, _("Method not allowed"));
		else
			web_error(r, w, 404, _("Not found"));
		return;
	}
	if ((rt->flags & WR_AUTH) && !r->signed_in) {
		if (r->format == WEB_HTML && strcmp(rt->method, "GET") == 0) {
			buf b;
			buf_init(&b);
			buf_adds(&b, "/login?next=");
			esc_url_arg(&b, r->path);
			web_redirect(w, 303, arena_strdup(&r->a, b.data));
			buf_free(&b);
		} else {
			web_error(r, w, 401, _("Please sign in"));
		}
		return;
	}
	if ((rt->flags & WR_CSRF) && !csrf_ok(r)) {
		web_error(
		    r, w, 403,
		    _("The form has expired; reload the page and try again"));
		return;
	}
	if (rt->flags & WR_CACHE)
		cached_call(r, w, rt);
	else
		call_route(r, w, rt);
}
