/*
 * web.h - the web layer's shared types: the application, a request and its
 * response, the route table, and the page model every page handler fills.
 *
 * Anatomy of a request (web_route.c):
 *   1. web_server.c (libmicrohttpd, thread pool) collects method, path,
 *      headers and a bounded body into a web_req and calls web_dispatch.
 *      Tests call web_dispatch directly with a web_req they build.
 *   2. web_dispatch loads the session from its cookie, picks the page
 *      language, rejects hostile paths, picks the format from the path
 *      (/api/... is JSON, .../TABLE.csv is CSV, else HTML), finds the route
 *      in the one route table and enforces the route's flags (sign-in,
 *      CSRF token on every POST form).
 *   3. The route names its target (an org, a class or a student, and the
 *      path segment holding its code): the dispatcher resolves the code,
 *      asks scope_decide whether the account may see (or, for WR_WRITE,
 *      change) it, answers 404 when not, and hands the resolved target to
 *      the handler in r->target. Handlers never ask scope_decide.
 *   4. The handler fills a web_page (figures, tables, charts, entry forms)
 *      from store_web queries and renders it: the same page model becomes
 *      HTML, JSON or CSV (web_page.c), so the API returns exactly what the
 *      page shows. A failed step answers through web_fail, the one map
 *      from error codes to statuses.
 *   5. The dispatcher writes the audit entry of a successful read of a
 *      WR_NAMED route seen by name (replayed when the answer comes from
 *      the web cache).
 * Everything a request allocates lives in req->a and dies with it.
 */
#ifndef ATTAIN_WEB_H
#define ATTAIN_WEB_H

#include <stdint.h>

#include "escape.h"
#include "scope.h"
#include "store_account.h"
#include "store_figures.h"
#include "store_web.h"
#include "util.h"

enum { WEB_HTML, WEB_JSON, WEB_CSV };

/* Limits applied before anything is parsed. A request's body and form
 * have the limits of its route (web_limits_for, docs/API.md "Limits"). */
#define WEB_MAX_QUERY 65536            /* bytes of a query string */
#define WEB_MAX_PATH 2048              /* bytes of a path */
#define WEB_SESSION_TTL (12 * 3600)    /* absolute lifetime, seconds */
#define WEB_SESSION_IDLE (2 * 3600)    /* idle limit, seconds */
#define WEB_HSTS_MAX_AGE (365 * 86400) /* Strict-Transport-Security */
#define WEB_MAX_PROXIES 8              /* --trusted-proxy addresses */

typedef struct web_app {
	const char *db_path;
	int min_cell;       /* suppression threshold for aggregates */
	int64_t clock_skew; /* seconds added to the clock (tests) */
	int tls;            /* served over HTTPS: Secure cookies, HSTS */
	/* reverse proxies whose X-Forwarded-For (the client's address) and
	 * X-Forwarded-Proto (https) are believed, by peer address */
	const char *proxies[WEB_MAX_PROXIES];
	int nproxies;
} web_app;

typedef struct web_field {
	const char *name;
	const char *value;
} web_field;

/* What a route reads (web_route.target). */
enum { WT_NONE = 0, WT_ORG, WT_CLASS, WT_STUDENT };

/* A route's target as the dispatcher resolved it for the signed-in
 * account (r->target; kind WT_NONE for routes without one, and for answers
 * served from the web cache). */
typedef struct web_target {
	int kind;          /* WT_* */
	const char *code;  /* the resolved code */
	scope_level level; /* SCOPE_AGGREGATE or SCOPE_NAMED */
	scope_hit hit;     /* org path (root first), class, student */
	const sw_org *org; /* the org itself, or the class's or student's
	                      school (NULL for a student with no placement) */
} web_target;

/*
 * The limits of a request's body and form, stated once for every route in
 * one table (web_route.c): the bytes of the body, the number of form
 * fields (query arguments and body together) and the bytes of one decoded
 * field name or value. The transport refuses a body over its limit before
 * reading it (declared length) or while reading it; web_form_parse
 * refuses the fields. Beyond any limit the answer is 413 naming the limit,
 * and nothing is saved.
 */
typedef struct web_limits {
	const char *method;  /* NULL: any method (the default row) */
	const char *pattern; /* route pattern ("{}" one segment); NULL: any */
	size_t body;
	int fields;
	size_t field;
} web_limits;

/* What refused a form (web_req.form_refused). */
enum {
	WEB_FORM_OK = 0,
	WEB_FORM_BAD,    /* not urlencoded UTF-8 without NUL: 400 */
	WEB_FORM_BODY,   /* body over limits->body: 413 */
	WEB_FORM_FIELDS, /* more than limits->fields fields: 413 */
	WEB_FORM_FIELD,  /* a name or value over limits->field bytes: 413 */
	WEB_FORM_CHARS   /* a value holding a character its field may not
	                    hold (escape.h, text_check): 422 naming the field */
};

/* The limits of METHOD PATH (an /api/ prefix is ignored): the first row of
 * the table matching both, else the default row. Never NULL. */
const web_limits *web_limits_for(const char *method, const char *path);

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
	const char *address; /* the client's address as text: the peer's,
	                        or the one a trusted proxy forwarded */
	int https; /* came over TLS, or a trusted proxy says it did: cookies
	              are Secure and answers carry HSTS */
	const char *body;
	size_t body_len;
	int body_too_large; /* the transport dropped a body over its limit */
	const web_limits *limits; /* the route's (web_limits_for), or NULL */
	int form_refused;         /* WEB_FORM_*: why web_form_parse refused */
	const char *form_field;   /* WEB_FORM_CHARS: the field refused */
	text_bad form_char;       /* WEB_FORM_CHARS: the character refused */
	/* filled by dispatch */
	int format;
	const char *table; /* CSV: the table asked for */
	const char *params[4];
	int nparams;
	web_field *fields; /* parsed form body and query arguments */
	int nfields;
	int fields_cap;
	int signed_in;
	sw_session sess;
	const char *token_hash;
	scope_who who;
	web_target target; /* the route's target, resolved by dispatch */
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
	int retry_after; /* seconds, for a Retry-After header (0: none) */
} web_resp;

typedef int (*web_handler)(web_req *r, web_resp *w);

/* Route flags. */
enum {
	WR_AUTH = 1 << 0,  /* sign-in required (401 / redirect to /login) */
	WR_CSRF = 1 << 1,  /* POST: form field csrf (or X-CSRF-Token header)
	                      must equal the session's token */
	WR_API = 1 << 2,   /* also answers under /api with JSON */
	WR_CSV = 1 << 3,   /* also answers PATH/TABLE.csv with one table */
	WR_NAMED = 1 << 4, /* GET: may show named people; a read whose target
	                      is seen by name (SCOPE_NAMED) is audited as
	                      "view <audit> <code>" by the dispatcher */
	WR_CACHE = 1 << 5, /* answers are cached per viewer scope and data
	                      generation (web_route.c) */
	WR_WRITE = 1 << 6, /* the route changes its target's data (and its GET
	                      shows the form that does): the target is asked
	                      for ACCESS_WRITE */
	WR_NAMED_ONLY = 1 << 7, /* 404 unless the target is seen by name */
	WR_SCHOOL = 1 << 8,     /* the org target must be a school (404) */
	WR_OBSERVE = 1 << 9,    /* a school's supervision (observations, visits,
	                           their actions): the target is asked for
	                           ACCESS_OBSERVE (its principal, its officers) */
	WR_VISIT = 1 << 10,     /* recording an officer's visit: ACCESS_VISIT */
};

typedef struct web_route {
	const char *method;
	const char *pattern; /* segments; "{}" matches one segment */
	web_handler fn;
	unsigned flags;
	const char *name;  /* stable name, used by the access-matrix test */
	int target;        /* WT_*: what the route reads */
	int segment;       /* which "{}" of the pattern (0, 1...) holds the
	                      target's code */
	const char *audit; /* WR_NAMED: the audit kind (NULL: the target's
	                      kind, "org", "class" or "student") */
} web_route;

extern const web_route web_routes[];
extern const int web_nroutes;

/* Handle one request: fills w (status, headers, body). Never fails: errors
 * become an error page or JSON error. */
void web_dispatch(web_req *r, web_resp *w);
/* Run the route with this stable name for a request whose params, format
 * and account are already set (the server's cache warm-up): its target
 * resolved and in scope, its handler, the audit of a named read, as
 * web_dispatch does after matching. Returns the status. */
int web_route_call(web_req *r, web_resp *w, const char *name);
void web_req_init(web_req *r, const web_app *app, store *s);
void web_req_release(web_req *r);
void web_resp_init(web_resp *w);
void web_resp_release(web_resp *w);

/* Form field or query argument by name; NULL when absent. */
const char *web_field_get(const web_req *r, const char *name);
/* Parse application/x-www-form-urlencoded text into r->fields (appends),
 * within the route's limits (r->limits, looked up when NULL), each value
 * held to the character rule of its field (web_field_text): free text
 * for notes and answers, lines of names for pasted tables and lists, no
 * rule beyond UTF-8 for passwords, names and codes for every other field.
 * Returns 0, or -1 with r->form_refused saying why. */
int web_form_parse(web_req *r, const char *s, size_t n);
/* Answer a refused form (r->form_refused, or r->body_too_large): 400 for
 * bad data, 422 naming the field and the character for a character its
 * field may not hold (JSON: "error", "status", "field", "character",
 * "saved": false), else 413 naming the limit that was passed, in the
 * request's format (JSON: "error", "status", "limit", "max", "saved":
 * false). Nothing has been saved. */
int web_form_refuse(web_req *r, web_resp *w);
/* The character rule (escape.h TEXT_*) of a form field by its name, or -1
 * for a secret (a name holding "password"). */
int web_field_text(const char *name);
/* Cookie value by name from the Cookie header; NULL when absent. */
const char *web_cookie_get(web_req *r, const char *name);

/* Error answer in the request's format. */
int web_error(web_req *r, web_resp *w, int status, const char *msg);
/* The one map from a failed step's error code to a status: ATT_ENOTFOUND
 * 404, ATT_EINPUT 400, ATT_ECONFLICT 409, ATT_EIO and anything else 500.
 * A form shown again with what was typed (`form`) answers ATT_EINPUT 422
 * and ATT_EIO 503 (the save may be tried again). A code of 0 is 404. */
int web_status(int code, int form);
/* Answer a failed step in the request's format with web_status(e->code)
 * (e NULL: 404): the error page or JSON error. A 400 carries e's message;
 * the store's message of a 500 goes to the server's log, not the page. */
int web_fail(web_req *r, web_resp *w, const att_err *e);
/* Resolve a target named by its code for the signed-in account, as the
 * dispatcher does for a route's target: fills t and returns ATT_OK, or
 * ATT_ENOTFOUND (unknown or out of scope, never told apart) or ATT_EIO
 * with e filled. For a second target a page shows beside its own (the org
 * of a survey). */
int web_target_resolve(web_req *r, int kind, const char *code,
                       scope_access access, web_target *t, att_err *e);
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
	WC_LINK, /* text linking to href_prefix + value of href_col (the
	            value goes where href_prefix has "{}", if it has) */
	WC_NUM2, /* two decimals, signed (effect sizes, value-added in SD) */
	WC_DATE, /* ISO date: "10 January 2025" in the page's language in
	            HTML, ISO in JSON and CSV */
	WC_FIG   /* a figure of the catalogue (figures.h): its label,
	            rounding and population come from there (the figure is
	            web_table.figs[column]) */
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
	const fig_id *figs;    /* per column: its figure for WC_FIG columns
	                          (NULL: none) */
	const char *chart_svg; /* chart drawn from this table, or NULL */
	int cards;             /* HTML: one card per row (few rows of long text,
	                          read on a phone), headed by its first column */
	const char *empty; /* translated: shown when there are no rows (NULL:
	                      "No data yet.") */
	/* HTML only, per cell (row * ncols + column; NULL: none): a CSS class
	 * replacing the heat colour ("rw" weaker, "rs" stronger, "r0" no
	 * clear difference, "ne" not enough evidence) and a tooltip */
	const char **cell_class;
	const char **cell_title;
} web_table;

typedef struct web_figure {
	const char *key;
	const char *label;
	int kind; /* WC_INT, WC_NUM, WC_PCT, WC_TEXT, WC_FIG */
	double num;
	int null;
	const char *text;
	fig_id fig; /* WC_FIG */
} web_figure;

typedef struct web_crumb {
	const char *label;
	const char *href; /* NULL for the current page */
} web_crumb;

/* ---- entry forms (the page model's part for data entry) ----
 *
 * A form is a list of inputs rendered by web_page.c like every other part
 * of a page: in HTML inside the frame (a POST form carries the session's
 * CSRF token; every value escaped through escape.h; works without
 * JavaScript), in JSON as a description of its fields with their values
 * and choices (the CSRF token is not repeated there: /api/me has it). A
 * form with a `key` gets the entry script: Enter moves on, scores are
 * checked as they are typed, a pasted column fills its column, and a
 * local copy of what was typed is restored after a failed save.
 */
enum {
	WI_TEXT,     /* a line of text (opts: suggestions, as a datalist) */
	WI_NUMBER,   /* a whole number from min to max */
	WI_SCORE,    /* a decimal score up to max (when > 0), checked as it
	                is typed; in a grid, Enter moves down its column and a
	                pasted column fills it */
	WI_DATE,     /* an ISO date */
	WI_TEXTAREA, /* lines of text (size: rows) */
	WI_SELECT,   /* one of opts, a drop-down */
	WI_TAPS,     /* one of opts as radio buttons drawn as big tap targets
	                in a fieldset (label: its legend) */
	WI_CHECK,    /* a tick box sending "1"; ticked when value is set */
	WI_HIDDEN,   /* a value sent back as it is */
	WI_SHOW,     /* no input: the value shown as text */
	WI_PASSWORD, /* a password: never shown again (its value is ignored);
	                `autocomplete` says current-password or new-password */
	WI_GRID      /* a table of inputs (grid) */
};

typedef struct web_option {
	const char *value;
	const char *label; /* translated */
} web_option;

typedef struct web_grid web_grid;

typedef struct web_input {
	int kind;          /* WI_* */
	const char *name;  /* the form field */
	const char *label; /* translated: label, legend (TAPS), accessible
	                      name of a grid cell, heading of a grid */
	const char *aside; /* small text after the label (a code, a maximum);
	                      a grid's explanation */
	const char *value; /* the value shown; the option chosen; CHECK:
	                      ticked when not NULL */
	const char *id;    /* element id (NULL: "i-" and the name) */
	const web_option *opts; /* SELECT, TAPS; TEXT: suggestions */
	int nopts;
	int required;
	int maxlen;              /* TEXT, TEXTAREA: most characters (0: any) */
	int size;                /* TEXT: width in characters; TEXTAREA: rows */
	double min, max;         /* NUMBER; SCORE: max (0: no maximum) */
	const char *placeholder; /* an example shown while empty */
	int row, col;            /* SCORE in a grid: its cell (entry script) */
	int bad;          /* a value the server refused: marked invalid */
	int flagged;      /* a grid cell to look at (a conflict) */
	const char *hint; /* small text under the input (the value saved by
	                     someone else) */
	const char *autocomplete; /* the autocomplete attribute, or NULL */
	web_grid *grid;           /* WI_GRID */
} web_input;

/* A header of a grid's column or row. */
typedef struct web_head {
	const char *label;
	const char *aside; /* small text after it (a maximum, a code) */
	const char *title; /* the aside spelled out (a tooltip), or NULL */
	int foot;          /* a row in the table's foot (a paste row) */
} web_head;

/* A table of inputs: a markbook (students x items, 60 x 40 and more), a
 * list of questions. Cells are inputs without a visible label (their
 * label is their accessible name); a cell left as WI_SHOW with no value
 * is empty. */
struct web_grid {
	const char *corner; /* header above the row headers */
	web_head *cols;
	int ncols;
	web_head *rows;
	int nrows;
	web_input *cells; /* nrows x ncols, row by row */
};

typedef struct web_form {
	const char *id;     /* stable: the JSON key */
	const char *action; /* the path it is sent to (escaped at render) */
	int get;            /* a GET form (a filter): no CSRF token */
	const char *cls;    /* an extra class ("register", "marks") or NULL */
	const char *key;    /* the entry script's local copy (NULL: none) */
	int saved;          /* the last save was confirmed: drop the copy */
	int posted;         /* shown again after a refused save: keep what
	                       was posted over the local copy */
	const char *submit; /* the button's label */
	web_input **in;
	int nin, cap;
	arena *a;
} web_form;

#define WEB_MAX_FORMS 4
#define WEB_MAX_TABLES 16
#define WEB_HTML_MAX_ROWS 100 /* rows of a table shown in HTML (all in CSV) */
#define WEB_MAX_FIGURES 12
#define WEB_MAX_CRUMBS 12
#define WEB_MAX_NOTES 8
#define WEB_MAX_ACTIONS 12

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
	const char *notice; /* translated: what just succeeded ("saved") */
	const char *error;  /* translated: why the last action was refused */
	web_form forms[WEB_MAX_FORMS];
	int nforms;
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

/* ---- figures of the catalogue on a page (web_figures.c) ---- */

/* The column of a figure: its key and label from figures.h (a table with
 * figure columns also sets web_table.figs). */
web_col web_fig_col(fig_id id);
/* A page figure from the catalogue (key and label from figures.h); v NaN
 * shows as not available. */
web_figure *web_page_figure(web_page *p, fig_id id, double v);
/* The rows of a figures table (store_figures.h): columns code, name,
 * level, then one per figure under its catalogue key, and "n" (the
 * students of the unit, for suppression) when FIG_STUDENTS was read. */
void web_rows_from_figures(web_req *r, const sf_table *t, sw_rows *out);
/* One row of a breakdown of a unit's figures: the row's key (JSON and
 * CSV), its label (words, in the page language) and what the figures are
 * of. */
typedef struct web_fig_row {
	const char *key;
	const char *label;
	sf_filter f;
} web_fig_row;
/* A table of one org's figures broken down by rows (years, grades,
 * subjects, groups of students): a first column `key` under key_label,
 * then one column per figure; for an aggregate view, rows whose
 * population (students when read, else the first figure's) is below the
 * minimum are blanked. */
web_table *web_page_fig_breakdown(web_req *r, web_page *p, const char *id,
                                  const char *title, const char *key_label,
                                  int64_t org_id, const web_fig_row *rows,
                                  int nrows, const fig_id *figs, int nfigs,
                                  int aggregate);
/* A note under a table of figures: each figure's label and its one-line
 * explanation from the catalogue, in the page language. */
const char *web_fig_note(web_req *r, const fig_id *figs, int n);
/* A table of units x figures: the unit's name (linked to its page,
 * /orgs/CODE, /classes/CODE or /students/CODE) and one column per figure,
 * each under its catalogue label, rows suppressed by the units' students
 * for an aggregate view. */
web_table *web_page_fig_table(web_req *r, web_page *p, const char *id,
                              const char *title, const char *unit_label,
                              const sf_table *t, int aggregate);
/* The same with one more column of words per unit (text[u]) after the
 * figures, under key and label. */
web_table *web_page_fig_table_text(web_req *r, web_page *p, const char *id,
                                   const char *title, const char *unit_label,
                                   const sf_table *t, int aggregate,
                                   const char *key, const char *label,
                                   const char *const *text);
/* The same with nmore columns of words after the figures: column k under
 * more[k]'s key and label (shown as text), unit u's words text[u * nmore +
 * k]. */
web_table *web_page_fig_table_more(web_req *r, web_page *p, const char *id,
                                   const char *title, const char *unit_label,
                                   const sf_table *t, int aggregate,
                                   const web_col *more, int nmore,
                                   const char *const *text);
/* Add a link to a data-entry form (label translated, href escaped at
 * render), shown under the page title. */
void web_page_action(web_page *p, const char *label, const char *href);
/* Blank every numeric cell of rows whose column `n_key` is below the
 * app's min_cell (suppress.h rule); marks the table. */
void web_table_suppress(web_req *r, web_table *t, const char *n_key);
/* Index of the column named key in rows, -1 when there is none. */
int web_rows_col(const sw_rows *rows, const char *key);
/* Put the analysis codes of column `key` into words in the page's
 * language through word (an_text.h); a missing column changes nothing. */
void web_rows_words(sw_rows *rows, const char *key,
                    const char *(*word)(const char *code));
/* Render p in r->format into w (200). For CSV, r->table names the table;
 * 404 when the page has no such table. */
int web_page_render(web_req *r, web_resp *w, const web_page *p);
/* The same with another status (an entry page shown again after a
 * refused save: 409, 422, 503); a 404 of the rendering wins. */
int web_page_answer(web_req *r, web_resp *w, const web_page *p, int status);

/* Add a form to p (NULL when the page has WEB_MAX_FORMS); POST unless
 * form->get is set afterwards. Strings are borrowed. */
web_form *web_page_form(web_req *r, web_page *p, const char *id,
                        const char *action, const char *submit);
/* Add an input to f; set its other fields through the pointer (it stays
 * valid). */
web_input *web_form_input(web_form *f, int kind, const char *name,
                          const char *label, const char *value);
/* Add an input choosing one of opts (WI_SELECT, WI_TAPS). */
web_input *web_form_choice(web_form *f, int kind, const char *name,
                           const char *label, const char *value,
                           const web_option *opts, int nopts);
/* Add a grid of nrows x ncols cells (each WI_SHOW, empty) with its
 * heading and explanation (either may be NULL); fill the headers and
 * cells through web_grid_cell. */
web_grid *web_form_grid(web_form *f, const char *label, const char *aside,
                        const char *corner, int nrows, int ncols);
web_input *web_grid_cell(web_grid *g, int row, int col);

/* A form as HTML (inside a page) and as JSON (web_page.c places them). */
void web_form_html(web_req *r, buf *b, const web_form *f);
void web_form_json(buf *b, const web_form *f);

/* For a page that writes its own HTML body (the markbook, until it moves
 * onto forms): the opening of p (frame, breadcrumb, title, subtitle,
 * notice and error, and the entry script's messages when `entry`), and
 * the closing (the entry script when `entry`, the frame). */
void web_page_html_open(web_req *r, buf *b, const web_page *p, int entry);
void web_page_html_close(web_req *r, buf *b, int entry);

/* The page frame (header, navigation, footer) around HTML body text. */
void web_frame_open(web_req *r, buf *b, const char *title);
void web_frame_close(web_req *r, buf *b);
/* The page's inline scripts (their hashes go into the CSP header): the
 * table sorter on every page, the entry script on pages with an entry
 * form (web.h, entry forms). */
const char *web_frame_script(void);
const char *web_frame_entry_script(void);

/* Write an audit entry for the signed-in account (action, target) at the
 * request's time and address. */
void web_audit(web_req *r, const char *action, const char *kind,
               const char *target);
/* The same with words in its detail, for an account named by the caller
 * (account_id 0 and the name typed at a failed sign-in). */
void web_audit_as(web_req *r, int64_t account_id, const char *username,
                  const char *action, const char *kind, const char *target,
                  const char *detail);

/* Queue an audit entry (copied) for the server's audit writer
 * (web_server.c), which commits the queue every 50 ms in one transaction
 * (and at shutdown). Returns 0 when no writer runs (tests, tools): the
 * caller writes it. */
int web_audit_queue(const audit_entry *a);

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
/* The password check of a sign-in or a password change (web_login.c),
 * throttled as auth.h says: WEB_PW_OK (the pair's failures forgotten),
 * WEB_PW_WRONG (counted; *wait is the wait it starts, 0: none),
 * WEB_PW_WAIT (refused unchecked while *wait seconds remain) or
 * WEB_PW_BUSY (the store failed). *id gets the account (0: unknown). */
enum { WEB_PW_OK, WEB_PW_WRONG, WEB_PW_WAIT, WEB_PW_BUSY };
int web_password_check(web_req *r, const char *user, const char *pw,
                       int64_t *id, int64_t *wait);
/* "Too many failed attempts; try again in N s" in the page language. */
const char *web_wait_words(web_req *r, int64_t wait);
/* The account's password (web_password.c): the form, and the change that
 * ends every other session of the account. */
int web_password_form(web_req *r, web_resp *w);
int web_password_save(web_req *r, web_resp *w);
/* A student's consent (web_consent.c): the page, and a parent's change. */
int web_consent(web_req *r, web_resp *w);
int web_consent_save(web_req *r, web_resp *w);
/* A student's early-warning case (web_case.c): the page, and a change. */
int web_case(web_req *r, web_resp *w);
int web_case_save(web_req *r, web_resp *w);
/* The account's language (web_lang.c). */
/* The officer's school visit (web_visit.c). */
int web_visits(web_req *r, web_resp *w);     /* GET /orgs/{}/visits */
int web_visit_new(web_req *r, web_resp *w);  /* GET /orgs/{}/visits/new */
int web_visit_save(web_req *r, web_resp *w); /* POST the same */
int web_visit_action_done(web_req *r, web_resp *w); /* POST .../visits/done */
/* The visit part of an org page: for a unit, the schools under it most
 * in need of a visit; for a school, to whoever supervises it
 * (ACCESS_OBSERVE), the links to its pages they act on, its last visit,
 * open actions (overdue first) and facilities; nothing for anyone else. */
void web_visit_org(web_req *r, web_page *p, const scope_hit *h);
/* The pages of the school at the end of h's path its supervisors act on,
 * as p's actions: to record a visit (its officers), its visits and
 * actions, its lesson observations, and for its principal (who writes
 * there) its registers, data collection and surveys. */
void web_visit_links(web_req *r, web_page *p, const scope_hit *h);

int web_lang_form(web_req *r, web_resp *w);
int web_lang_save(web_req *r, web_resp *w);
/* A language's name in itself ("English", "हिन्दी"), or code when the
 * language is not offered. */
const char *web_lang_name(const char *code);

/* Year used by pages: the latest with summative results (0 if none). */
int64_t web_latest_year(web_req *r, const char **code);
/* The year a page shows: the one ?year= names among the years with
 * summative results, else the latest (0 and "" when none); when there are
 * several and action is not NULL, p gets the year selector (a GET form to
 * action, already escaped). */
int64_t web_page_year(web_req *r, web_page *p, const char *action,
                      const char **code);

#endif
