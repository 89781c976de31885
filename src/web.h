/*
 * web.h - the web layer's shared types: the application, a request and its
 * response, the route table, and the page model every page handler fills.
 *
 * Anatomy of a request (web_route.c):
 *   1. web_server.c (libmicrohttpd, thread pool) collects method, path,
 *      headers and a bounded body into a web_req and calls web_dispatch.
 *      Tests call web_dispatch directly with a web_req they build.
 *   2. web_dispatch rejects hostile paths, picks the format from the path
 *      (/api/... is JSON, .../TABLE.csv is CSV, else HTML), finds the route
 *      in the one route table, loads the session from its cookie, enforces
 *      the route's flags (sign-in, CSRF token on every POST form) and calls
 *      the handler.
 *   3. A page handler asks scope_decide about its target (404 when out of
 *      scope), writes an audit entry when it shows named students, fills a
 *      web_page (figures, tables, charts) from store_web queries, and
 *      returns. The same page model is rendered as HTML, JSON or CSV
 *      (web_page.c), so the API returns exactly what the page shows.
 * Everything a request allocates lives in req->a and dies with it.
 */
#ifndef ATTAIN_WEB_H
#define ATTAIN_WEB_H

#include <stdint.h>

#include "scope.h"
#include "store_web.h"
#include "util.h"

enum { WEB_HTML, WEB_JSON, WEB_CSV };

/* Limits applied before anything is parsed. */
#define WEB_MAX_BODY 65536          /* bytes of a request body */
#define WEB_MAX_PATH 2048           /* bytes of a path */
#define WEB_MAX_FIELDS 256          /* fields of a form */
#define WEB_SESSION_TTL (12 * 3600) /* absolute lifetime, seconds */
#define WEB_SESSION_IDLE (2 * 3600) /* idle limit, seconds */
#define WEB_LOGIN_WINDOW (15 * 60)  /* rate-limit window, seconds */
#define WEB_LOGIN_MAX_USER 5        /* failures per username per window */
#define WEB_LOGIN_MAX_ADDR 20       /* failures per address per window */

typedef struct web_app {
	const char *db_path;
	int min_cell;       /* suppression threshold for aggregates */
	int64_t clock_skew; /* seconds added to the clock (tests) */
	int secure_cookies; /* add "Secure" to cookies (behind TLS) */
} web_app;

typedef struct web_field {
	const char *name;
	const char *value;
} web_field;

typedef struct web_req {
	arena a;
	const web_app *app;
	store *s;
	/* from the transport */
	const char *method;
	const char *path; /* decoded path without the query string */
	const char *query;
	const char *cookie;      /* Cookie header or NULL */
	const char *origin;      /* Origin header or NULL */
	const char *host;        /* Host header or NULL */
	const char *csrf_header; /* X-CSRF-Token header or NULL */
	const char *accept_language;
	const char *lang;    /* the page language (web_dispatch: ?lang=, else
	                        the account's, else Accept-Language, else en) */
	const char *address; /* peer address as text */
	const char *body;
	size_t body_len;
	int body_too_large;
	/* filled by dispatch */
	int format;
	const char *table; /* CSV: the table asked for */
	const char *params[4];
	int nparams;
	web_field *fields; /* parsed form body and query arguments */
	int nfields;
	int signed_in;
	sw_session sess;
	const char *token_hash;
	scope_who who;
	int64_t now;
	int64_t cache_gen;        /* web_cache: data version + analysis run */
	const char *audited_kind; /* what web_audit wrote (replayed on a hit) */
	const char *audited_target;
	const char *page_title; /* HTML title, kept with a cached answer */
	int pivot_max_cols; /* heat maps keep the weakest N columns (0: 60) */
	int pivot_trimmed;  /* the last pivot dropped columns */
} web_req;

typedef struct web_resp {
	int status;
	const char *content_type;
	buf body;
	const char *location;
	const char *set_cookie[3];
	int nset_cookie;
	const char *disposition;
} web_resp;

typedef int (*web_handler)(web_req *r, web_resp *w);

/* Route flags. */
enum {
	WR_AUTH = 1 << 0,  /* sign-in required (401 / redirect to /login) */
	WR_CSRF = 1 << 1,  /* POST: form field csrf (or X-CSRF-Token header)
	                      must equal the session's token */
	WR_API = 1 << 2,   /* also answers under /api with JSON */
	WR_CSV = 1 << 3,   /* also answers PATH/TABLE.csv with one table */
	WR_NAMED = 1 << 4, /* may show named students (audited) */
	WR_CACHE = 1 << 5, /* answers are cached per viewer scope and data
	                      generation (web_route.c) */
};

typedef struct web_route {
	const char *method;
	const char *pattern; /* segments; "{}" matches one segment */
	web_handler fn;
	unsigned flags;
	const char *name; /* stable name, used by the access-matrix test */
} web_route;

extern const web_route web_routes[];
extern const int web_nroutes;

/* Handle one request: fills w (status, headers, body). Never fails: errors
 * become an error page or JSON error. */
void web_dispatch(web_req *r, web_resp *w);
void web_req_init(web_req *r, const web_app *app, store *s);
void web_req_release(web_req *r);
void web_resp_init(web_resp *w);
void web_resp_release(web_resp *w);

/* Form field or query argument by name; NULL when absent. */
const char *web_field_get(const web_req *r, const char *name);
/* Parse application/x-www-form-urlencoded text into r->fields (appends). */
int web_form_parse(web_req *r, const char *s, size_t n);
/* Cookie value by name from the Cookie header; NULL when absent. */
const char *web_cookie_get(web_req *r, const char *name);

/* Error answer in the request's format. */
int web_error(web_req *r, web_resp *w, int status, const char *msg);
int web_redirect(web_resp *w, int status, const char *location);

/* Session cookie name. */
#define WEB_COOKIE "attain_session"
#define WEB_PRE_COOKIE "attain_login"

/* ---- page model ---- */

enum {
	WC_TEXT,
	WC_INT,
	WC_NUM,  /* one decimal */
	WC_PCT,  /* one decimal, percent */
	WC_LINK, /* text linking to href_prefix + value of href_col */
	WC_NUM2, /* two decimals, signed (effect sizes, value-added in SD) */
	WC_DATE  /* ISO date: "10 January 2025" in the page's language in
	            HTML, ISO in JSON and CSV */
};

typedef struct web_col {
	const char *key;   /* column name in the query result and in JSON */
	const char *label; /* translated header */
	int kind;
	const char *href_prefix; /* WC_LINK */
	const char *href_col;    /* WC_LINK: result column holding the code */
} web_col;

typedef struct web_table {
	const char *id;    /* stable: JSON key and CSV name */
	const char *title; /* translated */
	const char *note;  /* translated, may be NULL */
	const web_col *cols;
	int ncols;
	sw_rows rows;
	int heat;              /* colour numeric cells 0..100 as a heat map */
	int suppressed;        /* rows hidden or blanked by suppression */
	const char *chart_svg; /* chart drawn from this table, or NULL */
} web_table;

typedef struct web_figure {
	const char *key;
	const char *label;
	int kind; /* WC_INT, WC_NUM, WC_PCT, WC_TEXT */
	double num;
	int null;
	const char *text;
} web_figure;

typedef struct web_crumb {
	const char *label;
	const char *href; /* NULL for the current page */
} web_crumb;

#define WEB_MAX_TABLES 16
#define WEB_HTML_MAX_ROWS 100 /* rows of a table shown in HTML (all in CSV) */
#define WEB_MAX_FIGURES 12
#define WEB_MAX_CRUMBS 12
#define WEB_MAX_NOTES 8
#define WEB_MAX_ACTIONS 6

typedef struct web_page {
	const char *kind; /* "org", "school", "class", "student", "home" */
	const char *code;
	const char *title;
	const char *subtitle;
	const char *view; /* "named" or "aggregate" */
	web_crumb crumbs[WEB_MAX_CRUMBS];
	int ncrumbs;
	web_figure figs[WEB_MAX_FIGURES];
	int nfigs;
	web_table tables[WEB_MAX_TABLES];
	int ntables;
	const char *notes[WEB_MAX_NOTES]; /* plain-language paragraphs */
	int nnotes;
	const char *notes_title;
	web_crumb actions[WEB_MAX_ACTIONS]; /* links to data-entry forms */
	int nactions;
} web_page;

void web_page_init(web_page *p, const char *kind, const char *code,
                   const char *title);
web_figure *web_page_fig(web_page *p, const char *key, const char *label,
                         int kind, const sw_val *v);
/* Add a table whose rows come from a query result; returns it. */
web_table *web_page_table(web_page *p, const char *id, const char *title,
                          const web_col *cols, int ncols, const sw_rows *rows);
void web_page_crumbs_from_path(web_req *r, web_page *p, const sw_org *path,
                               int n, int link_last);
void web_page_note(web_page *p, const char *text);
/* Add a link to a data-entry form (label translated, href escaped at
 * render), shown under the page title. */
void web_page_action(web_page *p, const char *label, const char *href);
/* Blank every numeric cell of rows whose column `n_key` is below the
 * app's min_cell (suppress.h rule); marks the table. */
void web_table_suppress(web_req *r, web_table *t, const char *n_key);
/* Render p in r->format into w (200). For CSV, r->table names the table;
 * 404 when the page has no such table. */
int web_page_render(web_req *r, web_resp *w, const web_page *p);

/* The page frame (header, navigation, footer) around HTML body text. */
void web_frame_open(web_req *r, buf *b, const char *title);
void web_frame_close(web_req *r, buf *b);
/* The page's one inline script (its hash goes into the CSP header). */
const char *web_frame_script(void);

/* Write an audit entry for the signed-in account (action, target). */
void web_audit(web_req *r, const char *action, const char *kind,
               const char *target);

/* Queue an audit entry for the server's audit writer (web_server.c), which
 * commits the queue every 50 ms in one transaction (and at shutdown).
 * Returns 0 when no writer runs (tests, tools): the caller writes it. */
int web_audit_queue(int64_t account_id, const char *username,
                    const char *action, const char *kind, const char *target,
                    const char *address);

/* The handlers (web_*.c). */
int web_home(web_req *r, web_resp *w);
int web_login_form(web_req *r, web_resp *w);
int web_login(web_req *r, web_resp *w);
int web_logout(web_req *r, web_resp *w);
int web_me(web_req *r, web_resp *w);
int web_org(web_req *r, web_resp *w);
int web_class(web_req *r, web_resp *w);
int web_student(web_req *r, web_resp *w);
int web_style(web_req *r, web_resp *w);
/* Report cards and academic plans as pages and PDF (web_report.c). */
int web_student_report(web_req *r, web_resp *w);
int web_student_report_pdf(web_req *r, web_resp *w);
int web_plan(web_req *r, web_resp *w);
int web_plan_pdf(web_req *r, web_resp *w);
/* The account's language (web_lang.c). */
int web_lang_form(web_req *r, web_resp *w);
int web_lang_save(web_req *r, web_resp *w);
/* A language's name in itself ("English", "हिन्दी"), or code when the
 * language is not offered. */
const char *web_lang_name(const char *code);

/* Year used by pages: the latest with summative results (0 if none). */
int64_t web_latest_year(web_req *r, const char **code);

#endif
