/*
 * web_collect_paste.c - an assessment's marks for a whole school (or any
 * org the account may write for) pasted at once: what a data lead does
 * with the table an exam board or a scanning service sends, a line per
 * student (often 2,000 of them). The table is checked whole (every
 * unknown student, bad score or unknown column named by line, up to ten)
 * and saved whole through store_marks_import, or nothing is saved; the
 * totals follow the assessment's rule exactly as on the class markbook.
 * GET/POST /orgs/{org}/marks/{assessment} (JSON under /api).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect_input.h"
#include "escape.h"
#include "i18n.h"
#include "web_collect.h"

#define PASTE_MAX_ROWS 5000 /* students in one paste */
#define PASTE_MAX_PROBLEMS 10

/* The org (written for, named) and the assessment of the request. */
typedef struct paste_ctx {
	scope_hit h;
	const sw_org *org;
	collect_markbook mb; /* the assessment: items and rule, no roster */
	int64_t assessment_id;
} paste_ctx;

static int paste_load(web_req *r, web_resp *w, paste_ctx *c, int *answered)
{
	att_err e;
	err_clear(&e);
	*answered = 1;
	/* the dispatcher resolved the school for writing (WR_WRITE) */
	if (r->nparams < 2 || r->target.kind != WT_ORG ||
	    r->target.level != SCOPE_NAMED || !r->target.hit.npath)
		return wc_refuse(r, w, NULL);
	c->h = r->target.hit;
	c->org = &c->h.path[c->h.npath - 1];
	c->assessment_id = store_collect_id(r->s, "assessment", r->params[1]);
	if (c->assessment_id < 0 ||
	    store_assessment_load(r->s, c->assessment_id, &r->a, &c->mb, &e))
		return wc_refuse(r, w, e.code == ATT_EIO ? &e : NULL);
	*answered = 0;
	return 0;
}

/* The columns a table without a heading line has: the items in order,
 * then the total where it is entered (no items, or a scaled total). */
static const char *default_columns(web_req *r, const collect_markbook *mb)
{
	buf b;
	buf_init(&b);
	buf_adds(&b, _("student"));
	for (int j = 0; j < mb->nitems; j++)
		buf_printf(&b, ", %s", mb->items[j].code);
	if (mb->total != COLLECT_TOTAL_SUM)
		buf_printf(&b, ", %s", _("total"));
	const char *s = arena_strdup(&r->a, b.data);
	buf_free(&b);
	return s;
}

static int render(web_req *r, web_resp *w, const paste_ctx *c, const char *text,
                  const char *notice, const char *error, int status)
{
	const collect_markbook *mb = &c->mb;
	buf b;
	buf_init(&b);
	wc_open(r, &b,
	        arena_printf(&r->a, "%s \xc2\xb7 %s", mb->name, c->org->name),
	        &c->h, notice, error);
	buf_adds(&b, "<p>");
	esc_html(&b,
	         arena_printf(
	             &r->a,
	             _("Paste the marks of every student at once: one line per "
	               "student, the student's code first, cells separated by "
	               "tabs (as copied from a spreadsheet) or commas. Without "
	               "a first line naming the columns they are: %s. At most "
	               "%d lines. Every line is checked before anything is "
	               "saved; if one is wrong, nothing is."),
	             default_columns(r, mb), PASTE_MAX_ROWS));
	buf_adds(&b, "</p>\n<p class=\"small\">");
	esc_html(&b, mb->total == COLLECT_TOTAL_SUM
	                 ? _("The total is the sum of the items.")
	             : mb->total == COLLECT_TOTAL_SCALED
	                 ? _("The total is a scaled score: items saved "
	                     "without it keep it and mark it to review.")
	                 : _("Each student has one total."));
	buf_adds(&b, "</p>\n<form method=\"post\" class=\"entry paste\" "
	             "action=\"/orgs/");
	esc_url_path(&b, c->org->code);
	buf_adds(&b, "/marks/");
	esc_url_path(&b, mb->assessment_code);
	buf_adds(&b, "\">");
	wc_csrf(r, &b);
	buf_adds(&b, "<label class=\"f\" for=\"mk\">");
	esc_html(&b, _("Marks"));
	buf_adds(&b, "</label><textarea id=\"mk\" name=\"marks\" rows=\"12\" "
	             "cols=\"40\">");
	esc_html(&b, text ? text : "");
	buf_adds(&b, "</textarea><br><button type=\"submit\">");
	esc_html(&b, _("Check and save"));
	buf_adds(&b, "</button></form>\n");
	wc_close(r, &b);
	return wc_send(w, &b, status);
}

/* The column of a heading cell: an item index, nitems for the total, -1
 * when unknown. */
static int heading_col(const collect_markbook *mb, const char *h)
{
	for (int j = 0; j < mb->nitems; j++)
		if (!strcasecmp(h, mb->items[j].code))
			return j;
	if (!strcasecmp(h, "total") || !strcasecmp(h, "score") ||
	    !strcmp(h, _("total")))
		return mb->nitems;
	return -1;
}

/* Problems found in a table, named by line (the first few). */
typedef struct problems {
	web_req *r;
	buf b;
	int n;
} problems;

static void problem(problems *p, int line, const char *what)
{
	if (p->n++ >= PASTE_MAX_PROBLEMS)
		return;
	buf_printf(&p->b, "%s%s", p->b.len ? "; " : "",
	           arena_printf(&p->r->a, _("line %d: %s"), line, what));
}

/* The columns of the table: a heading line when its cells after the first
 * are not scores, else the default columns. cols[k] is the column of cell
 * k + 1; returns the first data row. */
static int table_columns(const collect_markbook *mb, const collect_row *rows,
                         int n, int *cols, int ncols, problems *p)
{
	int head = 0, has;
	double v;
	att_err e;
	err_clear(&e);
	for (int k = 1; n && k < rows[0].n; k++)
		if (collect_parse_score(rows[0].f[k], &has, &v, &e))
			head = 1;
	for (int k = 0; k < ncols; k++)
		cols[k] = head             ? -1
		          : k < mb->nitems ? k
		          : mb->total != COLLECT_TOTAL_SUM && k == mb->nitems
		              ? mb->nitems
		              : -1;
	for (int k = 1; head && k < rows[0].n && k <= ncols; k++) {
		cols[k - 1] = heading_col(mb, rows[0].f[k]);
		if (cols[k - 1] < 0 || (cols[k - 1] == mb->nitems &&
		                        mb->total == COLLECT_TOTAL_SUM))
			problem(p, rows[0].line,
			        arena_printf(&p->r->a,
			                     _("'%s' is not a column of this "
			                       "assessment"),
			                     rows[0].f[k]));
	}
	return head;
}

/* Turn the table's rows into cells, naming every problem. */
static int table_cells(web_req *r, const collect_markbook *mb,
                       const collect_row *rows, int n, const int *cols,
                       int ncols, int first, collect_score **out, int *nout,
                       problems *p)
{
	collect_score *sc = arena_alloc(
	    &r->a, sizeof(*sc) * (size_t)(n ? n : 1) * (size_t)ncols);
	int k = 0;
	for (int i = first; i < n; i++) {
		const collect_row *row = &rows[i];
		int64_t sid = store_collect_id(r->s, "student", row->f[0]);
		if (sid < 0) {
			problem(p, row->line,
			        arena_printf(&r->a, _("no student '%s'"),
			                     row->f[0]));
			continue;
		}
		if (row->n - 1 > ncols || row->n < 2) {
			problem(
			    p, row->line,
			    arena_printf(&r->a,
			                 _("%d marks where the table has %d "
			                   "columns"),
			                 row->n - 1, ncols));
			continue;
		}
		for (int c = 1; c < row->n; c++) {
			int has, j = cols[c - 1];
			double v;
			att_err e;
			err_clear(&e);
			if (j < 0)
				continue;
			if (collect_parse_score(row->f[c], &has, &v, &e)) {
				problem(p, row->line, e.msg);
				continue;
			}
			sc[k++] = (collect_score){
			    sid, j < mb->nitems ? mb->items[j].id : 0, has, v};
		}
	}
	*out = sc;
	*nout = k;
	return p->n;
}

static int answer_problems(web_req *r, web_resp *w, const paste_ctx *c,
                           const char *text, const char *msg)
{
	if (r->format == WEB_JSON)
		return web_error(r, w, 422, msg);
	return render(r, w, c, text, NULL, msg, 422);
}

int web_collect_org_marks(web_req *r, web_resp *w)
{
	paste_ctx c;
	int answered;
	int st = paste_load(r, w, &c, &answered);
	if (answered)
		return st;
	const char *notice = NULL;
	if (web_field_get(r, "saved")) {
		const char *n = web_field_get(r, "changed");
		const char *f = web_field_get(r, "flagged");
		notice = arena_printf(&r->a,
		                      _("Marks saved: %d values changed, %d "
		                        "scaled totals marked to review."),
		                      n ? atoi(n) : 0, f ? atoi(f) : 0);
	}
	return render(r, w, &c, NULL, notice, NULL, 200);
}

int web_collect_org_marks_save(web_req *r, web_resp *w)
{
	paste_ctx c;
	int answered;
	int st = paste_load(r, w, &c, &answered);
	if (answered)
		return st;
	const char *text = web_field_get(r, "marks");
	int ncols = c.mb.nitems + 1, nrows;
	collect_row *rows;
	att_err e;
	err_clear(&e);
	if (collect_parse_table(text, PASTE_MAX_ROWS + 1, ncols + 1, &r->a,
	                        &rows, &nrows, &e))
		return answer_problems(r, w, &c, text,
		                       arena_printf(&r->a, "%s: %s",
		                                    _("Nothing was saved"),
		                                    e.msg));
	problems p = {r, {0}, 0};
	buf_init(&p.b);
	int *cols = arena_alloc(&r->a, sizeof(int) * (size_t)ncols);
	int first = table_columns(&c.mb, rows, nrows, cols, ncols, &p);
	collect_score *sc = NULL;
	int nsc = 0;
	if (nrows - first > PASTE_MAX_ROWS)
		problem(&p, rows[nrows - 1].line,
		        arena_printf(&r->a, _("more than %d students"),
		                     PASTE_MAX_ROWS));
	else if (!p.n)
		table_cells(r, &c.mb, rows, nrows, cols, ncols, first, &sc,
		            &nsc, &p);
	if (!p.n && !nsc)
		problem(&p, 1, _("no marks to save"));
	if (p.n) {
		const char *msg = arena_printf(
		    &r->a, _("Nothing was saved: %d problems (%s)."), p.n,
		    p.b.data);
		buf_free(&p.b);
		return answer_problems(r, w, &c, text, msg);
	}
	buf_free(&p.b);
	collect_actor who = wc_actor(r);
	collect_save_info in;
	if (store_marks_import(r->s, c.h.path[c.h.npath - 1].id,
	                       c.assessment_id, sc, nsc, &who, &in, &e)) {
		if (e.code != ATT_EINPUT)
			return web_error(
			    r, w, 503,
			    _("The marks could not be saved. Nothing "
			      "was saved: try again."));
		return answer_problems(r, w, &c, text,
		                       arena_printf(&r->a, "%s: %s",
		                                    _("Nothing was saved"),
		                                    e.msg));
	}
	if (r->format == WEB_JSON) {
		buf_clear(&w->body);
		w->content_type = "application/json";
		buf_printf(&w->body,
		           "{\"saved\":true,\"students\":%d,\"cells\":%d,"
		           "\"changed\":%d,\"totals\":%d,\"flagged\":%d,"
		           "\"confirmed\":%d}\n",
		           nrows - first, in.cells, in.changed, in.totals,
		           in.flagged, in.confirmed);
		return 200;
	}
	buf loc;
	buf_init(&loc);
	buf_adds(&loc, "/orgs/");
	esc_url_path(&loc, c.org->code);
	buf_adds(&loc, "/marks/");
	esc_url_path(&loc, c.mb.assessment_code);
	buf_printf(&loc, "?saved=1&changed=%d&flagged=%d", in.changed,
	           in.flagged);
	const char *to = arena_strdup(&r->a, loc.data);
	buf_free(&loc);
	return web_redirect(w, 303, to);
}
