/*
 * web_page.c - the page model and its three renderings: HTML (inside the
 * shared frame), JSON (the API) and CSV (one table). A page holds
 * figures, notes, tables (as tables or as cards) and the entry forms of
 * web_form.c, with a notice or an error. Every byte of data goes out
 * through escape.h; numbers are formatted here and only here.
 */
#include <math.h>
#include <string.h>

#include "escape.h"
#include "figures.h"
#include "i18n.h"
#include "report.h"
#include "suppress.h"
#include "web.h"
#include "web_cache.h"

void web_page_init(web_page *p, const char *kind, const char *code,
                   const char *title)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->code = code;
	p->title = title;
	p->view = "named";
}

web_figure *web_page_fig(web_page *p, const char *key, const char *label,
                         int kind, const sw_val *v)
{
	if (p->nfigs >= WEB_MAX_FIGURES)
		return NULL;
	web_figure *f = &p->figs[p->nfigs++];
	f->key = key;
	f->label = label;
	f->kind = kind;
	f->null = !v || v->type == SWV_NULL;
	f->num = v ? v->num : 0;
	f->text = v ? v->text : "";
	return f;
}

web_table *web_page_table(web_page *p, const char *id, const char *title,
                          const web_col *cols, int ncols, const sw_rows *rows)
{
	if (p->ntables >= WEB_MAX_TABLES)
		return NULL;
	web_table *t = &p->tables[p->ntables++];
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->title = title;
	t->cols = cols;
	t->ncols = ncols;
	if (rows)
		t->rows = *rows;
	return t;
}

void web_page_note(web_page *p, const char *text)
{
	if (p->nnotes < WEB_MAX_NOTES)
		p->notes[p->nnotes++] = text;
}

void web_page_action(web_page *p, const char *label, const char *href)
{
	if (p->nactions < WEB_MAX_ACTIONS)
		p->actions[p->nactions++] = (web_crumb){label, href};
}

void web_page_crumbs_from_path(web_req *r, web_page *p, const sw_org *path,
                               int n, int link_last)
{
	for (int i = 0; i < n && p->ncrumbs < WEB_MAX_CRUMBS; i++) {
		web_crumb *c = &p->crumbs[p->ncrumbs++];
		c->label = path[i].name;
		/* Only orgs the viewer may open are linked (the org rule
		 * decides from the path alone). */
		int link = i < n - 1 || link_last;
		if (link && scope_org_level(&r->who, path, i + 1,
		                            ACCESS_READ) != SCOPE_NONE) {
			buf b;
			buf_init(&b);
			buf_adds(&b, "/orgs/");
			esc_url_path(&b, path[i].code);
			c->href = arena_strdup(&r->a, b.data);
			buf_free(&b);
		}
	}
}

int web_rows_col(const sw_rows *rows, const char *key)
{
	for (int c = 0; c < rows->ncol; c++)
		if (strcmp(rows->names[c], key) == 0)
			return c;
	return -1;
}

void web_rows_words(sw_rows *rows, const char *key,
                    const char *(*word)(const char *code))
{
	int c = web_rows_col(rows, key);
	for (int i = 0; c >= 0 && i < rows->nrow; i++) {
		sw_val *v = sw_at(rows, i, c);
		if (v->type == SWV_TEXT)
			v->text = word(v->text);
	}
}

void web_table_suppress(web_req *r, web_table *t, const char *n_key)
{
	int nc = web_rows_col(&t->rows, n_key);
	if (nc < 0 || t->rows.nrow == 0)
		return;
	int n = t->rows.nrow;
	long *counts = arena_alloc(&r->a, (size_t)n * sizeof(long));
	unsigned char *mask = arena_alloc(&r->a, (size_t)n + 1);
	for (int i = 0; i < n; i++) {
		const sw_val *v = sw_at(&t->rows, i, nc);
		counts[i] = v->type == SWV_NULL ? 0 : (long)v->num;
	}
	int min = r->app && r->app->min_cell > 0 ? r->app->min_cell
	                                         : SUPPRESS_MIN_DEFAULT;
	if (suppress_list(counts, n, min, 0, mask))
		return;
	for (int i = 0; i < n; i++) {
		if (mask[i] == SUPPRESS_SHOWN)
			continue;
		t->suppressed = 1;
		for (int c = 0; c < t->rows.ncol; c++) {
			sw_val *v = sw_at(&t->rows, i, c);
			if (v->type == SWV_INT || v->type == SWV_REAL) {
				v->type = SWV_NULL;
				v->text = "";
			}
		}
	}
}

/* ---- number formatting (the one place) ---- */

/* HTML shows numbers in the page language's style (report_fmt_*: digit
 * groups 1,234,567 in English, 12,34,567 in Hindi); JSON and CSV keep
 * plain numbers. */
static void fmt_num(web_req *r, buf *b, const sw_val *v, int kind, fig_id fig)
{
	if (v->type == SWV_NULL || (v->type != SWV_TEXT && !isfinite(v->num))) {
		buf_adds(b, "\xe2\x80\x94"); /* em dash */
		return;
	}
	const char *lang = r->lang ? r->lang : "en";
	switch (kind) {
	case WC_FIG:
		fig_format(fig, v->num, lang, b);
		break;
	case WC_INT:
		buf_adds(b, report_fmt_num(&r->a, lang, v->num, 0));
		break;
	case WC_NUM:
		buf_adds(b, report_fmt_num(&r->a, lang, v->num, 1));
		break;
	case WC_PCT:
		buf_adds(b, report_fmt_pct(&r->a, lang, v->num, 1));
		break;
	case WC_NUM2:
		if (v->num >= 0)
			buf_addc(b, '+');
		buf_adds(b, report_fmt_num(&r->a, lang, v->num, 2));
		break;
	case WC_DATE:
		if (v->type == SWV_TEXT) {
			esc_html(b, report_fmt_date(&r->a, lang, v->text));
			break;
		}
		/* fall through */
	default:
		if (v->type == SWV_REAL)
			buf_printf(b, "%.10g", v->num);
		else
			esc_html(b, v->text);
	}
}

static void json_val(buf *b, const sw_val *v, int kind)
{
	if (v->type == SWV_NULL || (v->type != SWV_TEXT && !isfinite(v->num))) {
		buf_adds(b, "null");
		return;
	}
	if (v->type == SWV_TEXT) {
		esc_json(b, v->text);
	} else if (kind == WC_TEXT || kind == WC_LINK || kind == WC_DATE) {
		if (v->type == SWV_INT)
			esc_json(b, v->text);
		else
			buf_printf(b, "\"%.10g\"", v->num);
	} else if (kind == WC_INT || v->type == SWV_INT) {
		buf_printf(b, "%.0f", v->num);
	} else {
		buf_printf(b, "%.4f", v->num);
	}
}

/* The figure of column c of t, FIG_NONE when it is not one. */
static fig_id col_fig(const web_table *t, int c)
{
	return t->figs && t->cols[c].kind == WC_FIG ? t->figs[c] : FIG_NONE;
}

/* The population of a figure column, for JSON readers. */
static void json_fig_meta(buf *b, const web_table *t, int c)
{
	const fig_def *d = fig_get(col_fig(t, c));
	if (!d)
		return;
	buf_adds(b, ",\"figure\":");
	esc_json(b, d->key);
	if (d->pop != FIG_POP_NONE) {
		buf_adds(b, ",\"population\":");
		esc_json(b, fig_pop_words(d->pop));
	}
}

/* A cell of a CSV download: text and numbers alike through the one CSV
 * escaper and its formula guard (a number passes it unchanged). */
static void csv_val(buf *b, const sw_val *v, int kind)
{
	if (v->type == SWV_NULL || (v->type != SWV_TEXT && !isfinite(v->num)))
		return;
	if (v->type == SWV_TEXT) {
		esc_csv(b, v->text);
		return;
	}
	char num[64];
	snprintf(num, sizeof(num),
	         kind == WC_INT || v->type == SWV_INT ? "%.0f" : "%.2f",
	         v->num);
	esc_csv(b, num);
}

/* ---- HTML ---- */

/* The link of a WC_LINK cell: the code as a path segment after the
 * prefix, or in place of its "{}" ("/surveys/{}/results"). */
static void html_attr_href(buf *b, const char *prefix, const char *code)
{
	buf tmp;
	buf_init(&tmp);
	const char *at = strstr(prefix, "{}");
	buf_add(&tmp, prefix, at ? (size_t)(at - prefix) : strlen(prefix));
	esc_url_path(&tmp, code);
	if (at)
		buf_adds(&tmp, at + 2);
	esc_attr(b, tmp.data);
	buf_free(&tmp);
}

/* The content of one cell of column c (a link, a formatted number or
 * text); idx and hidx hold each column's value and link columns in the
 * rows (-1: none). */
static void html_cell(web_req *r, buf *b, const web_table *t, int row, int c,
                      const int *idx, const int *hidx)
{
	const web_col *col = &t->cols[c];
	sw_val nul = {SWV_NULL, 0, ""};
	const sw_val *v = idx[c] >= 0 ? sw_at(&t->rows, row, idx[c]) : &nul;
	if (col->kind == WC_LINK && hidx[c] >= 0 &&
	    sw_at(&t->rows, row, hidx[c])->text[0]) {
		buf_adds(b, "<a href=\"");
		html_attr_href(b, col->href_prefix,
		               sw_at(&t->rows, row, hidx[c])->text);
		buf_adds(b, "\">");
		esc_html(b, v->text);
		buf_adds(b, "</a>");
	} else {
		fmt_num(r, b, v, col->kind, col_fig(t, c));
	}
}

/* A table as one card per row, headed by its first column: rows of long
 * text (an observation's notes) read on a phone. */
static void html_cards(web_req *r, buf *b, const web_table *t, const int *idx,
                       const int *hidx)
{
	buf_adds(b, "<div class=\"cards\">\n");
	for (int i = 0; i < t->rows.nrow; i++) {
		buf_adds(b, "<article class=\"card\"><h3>");
		html_cell(r, b, t, i, 0, idx, hidx);
		buf_adds(b, "</h3><dl>");
		for (int c = 1; c < t->ncols; c++) {
			buf_adds(b, "<div><dt>");
			esc_html(b, t->cols[c].label);
			buf_adds(b, "</dt><dd>");
			html_cell(r, b, t, i, c, idx, hidx);
			buf_adds(b, "</dd></div>");
		}
		buf_adds(b, "</dl></article>\n");
	}
	buf_adds(b, "</div>\n</section>\n");
}

/* A numeric column: right-aligned, sorted by value. */
static int col_num(const web_col *col)
{
	return col->kind != WC_TEXT && col->kind != WC_LINK &&
	       col->kind != WC_DATE;
}

/* The table's header row: each column's label, and the population under a
 * rate's heading (a count names it already; an interval's ends share their
 * figure's). */
static void html_table_head(buf *b, const web_table *t)
{
	buf_adds(
	    b, "<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>");
	for (int c = 0; c < t->ncols; c++) {
		buf_adds(b, col_num(&t->cols[c])
		                ? "<th scope=\"col\" class=\"num\">"
		                : "<th scope=\"col\">");
		esc_html(b, t->cols[c].label);
		const fig_def *fd = fig_get(col_fig(t, c));
		int bound = c > 0 && fd && col_fig(t, c - 1) != FIG_NONE &&
		            (fig_get(col_fig(t, c - 1))->lo == fd->id ||
		             fig_get(col_fig(t, c - 1))->hi == fd->id ||
		             (c > 1 && col_fig(t, c - 2) != FIG_NONE &&
		              fig_get(col_fig(t, c - 2))->hi == fd->id));
		if (fd && fd->pop != FIG_POP_NONE &&
		    fd->unit != FIG_UNIT_COUNT && !bound) {
			buf_adds(b, "<small class=\"pop\">");
			esc_html(b, fig_pop_words(fd->pop));
			buf_adds(b, "</small>");
		}
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead>\n<tbody>\n");
}

/* Below the table: the colour legend, the rows left out, the suppression
 * note and the CSV link of the pages that have one. */
static void html_table_foot(buf *b, const web_page *p, const web_table *t,
                            int shown)
{
	buf_adds(b, "</tbody></table></div>\n<p class=\"dl\">");
	if (t->heat) {
		buf_adds(b, "<span class=\"legend\">");
		esc_html(b, _("Cell colour:"));
		static const char *const band[] = {"0-19%", "20-39%", "40-59%",
		                                   "60-79%", "80-100%"};
		for (int k = 0; k < 5; k++)
			buf_printf(b, " <span class=\"h%d\">%s</span>", k,
			           band[k]);
		buf_adds(b, "</span><br>");
	}
	if (shown < t->rows.nrow) {
		buf_adds(b, "<span class=\"note\">");
		buf_printf(b,
		           _("Showing %d of %d rows; the CSV and the API have "
		             "them all."),
		           shown, t->rows.nrow);
		buf_adds(b, "</span> ");
	}
	int csv = strcmp(p->kind, "class") == 0 ||
	          strcmp(p->kind, "student") == 0 ||
	          strcmp(p->kind, "org") == 0 || strcmp(p->kind, "school") == 0;
	if (t->suppressed) {
		buf_adds(b, "<span class=\"note\">");
		esc_html(b, _("\xe2\x80\x94 : hidden: fewer than the minimum "
		              "number of students are behind it, or showing it "
		              "would let a reader work out a hidden figure."));
		buf_adds(b, "</span> ");
	}
	if (!csv) {
		buf_adds(b, "</p>\n</section>\n");
		return;
	}
	buf_adds(b, "<a href=\"");
	buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "/%s/",
	           strcmp(p->kind, "class") == 0     ? "classes"
	           : strcmp(p->kind, "student") == 0 ? "students"
	                                             : "orgs");
	esc_url_path(&tmp, p->code ? p->code : "");
	buf_addc(&tmp, '/');
	esc_url_path(&tmp, t->id);
	buf_adds(&tmp, ".csv");
	esc_attr(b, tmp.data);
	buf_free(&tmp);
	buf_adds(b, "\" download>");
	esc_html(b, _("Download this table (CSV)"));
	buf_adds(b, "</a></p>\n</section>\n");
}

static void html_table(web_req *r, buf *b, const web_page *p,
                       const web_table *t)
{
	buf_adds(b, "<section class=\"block\" id=\"t-");
	esc_attr(b, t->id);
	buf_adds(b, "\">\n<h2>");
	esc_html(b, t->title);
	buf_adds(b, "</h2>\n");
	if (t->note) {
		buf_adds(b, "<p class=\"note\">");
		esc_html(b, t->note);
		buf_adds(b, "</p>\n");
	}
	if (t->chart_svg) {
		buf_adds(b, "<figure class=\"chart\">");
		buf_adds(b,
		         t->chart_svg); /* produced by chart.h, escaped there */
		buf_adds(b, "<figcaption>");
		esc_html(b,
		         _("The table below gives the figures in this chart."));
		buf_adds(b, "</figcaption></figure>\n");
	}
	if (t->rows.nrow == 0) {
		buf_adds(b, "<p class=\"empty\">");
		esc_html(b, t->empty ? t->empty : _("No data yet."));
		buf_adds(b, "</p>\n</section>\n");
		return;
	}
	int *idx = arena_alloc(&r->a, (size_t)t->ncols * sizeof(int));
	int *hidx = arena_alloc(&r->a, (size_t)t->ncols * sizeof(int));
	for (int c = 0; c < t->ncols; c++) {
		idx[c] = web_rows_col(&t->rows, t->cols[c].key);
		hidx[c] = t->cols[c].href_col
		              ? web_rows_col(&t->rows, t->cols[c].href_col)
		              : -1;
	}
	if (t->cards) {
		html_cards(r, b, t, idx, hidx);
		return;
	}
	html_table_head(b, t);
	int shown =
	    t->rows.nrow > WEB_HTML_MAX_ROWS ? WEB_HTML_MAX_ROWS : t->rows.nrow;
	for (int i = 0; i < shown; i++) {
		buf_adds(b, "<tr>");
		for (int c = 0; c < t->ncols; c++) {
			const web_col *col = &t->cols[c];
			const sw_val *v =
			    idx[c] >= 0 ? sw_at(&t->rows, i, idx[c]) : NULL;
			sw_val nul = {SWV_NULL, 0, ""};
			if (!v)
				v = &nul;
			int num = col_num(col);
			if (c == 0)
				buf_adds(b, "<th scope=\"row\"");
			else
				buf_adds(b, "<td");
			const char *cc = t->cell_class
			                     ? t->cell_class[i * t->ncols + c]
			                     : NULL;
			const char *ct = t->cell_title
			                     ? t->cell_title[i * t->ncols + c]
			                     : NULL;
			if (ct) {
				buf_adds(b, " title=\"");
				esc_attr(b, ct);
				buf_addc(b, '"');
			}
			if (cc) {
				buf_printf(b, " class=\"num %s\"", cc);
			} else if (num && t->heat && v->type != SWV_NULL) {
				int h = (int)(v->num / 20.0);
				h = h < 0 ? 0 : h > 4 ? 4 : h;
				buf_printf(b, " class=\"num h%d\"", h);
			} else if (num) {
				buf_adds(b, " class=\"num\"");
			}
			if (num && v->type != SWV_NULL)
				buf_printf(b, " data-v=\"%.4f\"", v->num);
			buf_addc(b, '>');
			if (cc && strcmp(cc, "ne") == 0 && v->type == SWV_NULL)
				buf_adds(b, "\xe2\x80\xa6"); /* the mark: ... */
			else
				html_cell(r, b, t, i, c, idx, hidx);
			buf_adds(b, c == 0 ? "</th>" : "</td>");
		}
		buf_adds(b, "</tr>\n");
	}
	html_table_foot(b, p, t, shown);
}

/* A paragraph of class cls (and an ARIA role) when text is set. */
static void html_para(buf *b, const char *cls, const char *role,
                      const char *text)
{
	if (!text || !*text)
		return;
	buf_printf(b, "<p class=\"%s\"", cls);
	if (role)
		buf_printf(b, " role=\"%s\"", role);
	buf_addc(b, '>');
	esc_html(b, text);
	buf_adds(b, "</p>\n");
}

void web_page_html_open(web_req *r, buf *b, const web_page *p, int entry)
{
	web_frame_open(r, b, p->title);
	if (p->ncrumbs) {
		buf_adds(b, "<nav class=\"crumbs\" aria-label=\"");
		esc_attr(b, _("Breadcrumb"));
		buf_adds(b, "\"><ol>");
		for (int i = 0; i < p->ncrumbs; i++) {
			const web_crumb *c = &p->crumbs[i];
			buf_adds(b, "<li>");
			if (c->href) {
				buf_adds(b, "<a href=\"");
				esc_attr(b, c->href);
				buf_adds(b, "\">");
				esc_html(b, c->label);
				buf_adds(b, "</a>");
			} else {
				/* the page itself, or an org the viewer
				 * may not open */
				buf_adds(b, i == p->ncrumbs - 1
				                ? "<span aria-current=\"page\">"
				                : "<span>");
				esc_html(b, c->label);
				buf_adds(b, "</span>");
			}
			buf_adds(b, "</li>");
		}
		buf_adds(b, "</ol></nav>\n");
	}
	buf_adds(b, "<h1>");
	esc_html(b, p->title);
	buf_adds(b, "</h1>\n");
	html_para(b, "sub", NULL, p->subtitle);
	html_para(b, "ok", "status", p->notice);
	html_para(b, "err", "alert", p->error);
	if (!entry)
		return;
	/* hidden until the entry script shows them */
	buf_adds(b, "<p id=\"restored\" class=\"notice\" hidden>");
	esc_html(b, _("Restored what you typed earlier in this browser. It is "
	              "not saved yet: check it and save."));
	buf_adds(b, "</p>\n<p id=\"jsmsg\" class=\"err\" hidden>");
	esc_html(b, _("Some values are not valid (marked in red). Correct "
	              "them, then save."));
	buf_adds(b, "</p>\n");
}

void web_page_html_close(web_req *r, buf *b, int entry)
{
	if (entry) {
		buf_adds(b, "<script>");
		buf_adds(b, web_frame_entry_script());
		buf_adds(b, "</script>\n");
	}
	web_frame_close(r, b);
}

int64_t web_page_year(web_req *r, web_page *p, const char *action,
                      const char **code)
{
	sw_rows y;
	*code = "";
	if (web_query(r, SWQ_YEARS, NULL, 0, &y, NULL) || y.nrow == 0)
		return 0;
	const char *want = web_field_get(r, "year");
	int pick = 0;
	for (int i = 0; want && i < y.nrow; i++)
		if (!strcmp(want, sw_at(&y, i, 1)->text))
			pick = i;
	*code = sw_at(&y, pick, 1)->text;
	if (y.nrow > 1 && action) {
		web_option *o = arena_alloc(&r->a, (size_t)y.nrow * sizeof(*o));
		for (int i = 0; i < y.nrow; i++)
			o[i] = (web_option){sw_at(&y, i, 1)->text,
			                    sw_at(&y, i, 1)->text};
		web_form *f = web_page_form(r, p, "year", action, _("Show"));
		if (f) {
			f->get = 1;
			f->cls = "filter";
			web_form_choice(f, WI_SELECT, "year", _("Year"), *code,
			                o, y.nrow);
		}
	}
	return (int64_t)sw_at(&y, pick, 0)->num;
}

/* 1 if a form of p has the entry script's key. */
static int page_entry(const web_page *p)
{
	for (int i = 0; i < p->nforms; i++)
		if (p->forms[i].key)
			return 1;
	return 0;
}

static void html_page(web_req *r, buf *b, const web_page *p)
{
	int entry = page_entry(p);
	web_page_html_open(r, b, p, entry);
	if (p->nactions) {
		buf_adds(b, "<nav class=\"actions\" aria-label=\"");
		esc_attr(b, _("Enter data"));
		buf_adds(b, "\"><ul>");
		for (int i = 0; i < p->nactions; i++) {
			buf_adds(b, "<li><a href=\"");
			esc_attr(b, p->actions[i].href);
			buf_adds(b, "\">");
			esc_html(b, p->actions[i].label);
			buf_adds(b, "</a></li>");
		}
		buf_adds(b, "</ul></nav>\n");
	}
	if (p->nfigs) {
		buf_adds(b, "<dl class=\"figs\">");
		for (int i = 0; i < p->nfigs; i++) {
			const web_figure *f = &p->figs[i];
			sw_val v = {f->null              ? SWV_NULL
			            : f->kind == WC_TEXT ? SWV_TEXT
			                                 : SWV_REAL,
			            f->num, f->text};
			buf_adds(b, "<div id=\"f-");
			esc_attr(b, f->key);
			buf_adds(b, "\"><dt>");
			esc_html(b, f->label);
			buf_adds(b, "</dt><dd>");
			fmt_num(r, b, &v, f->kind, f->fig);
			buf_adds(b, "</dd></div>");
		}
		buf_adds(b, "</dl>\n");
	}
	if (p->nnotes) {
		buf_adds(b, "<section class=\"block notes\"><h2>");
		esc_html(b, p->notes_title ? p->notes_title : _("Next steps"));
		buf_adds(b, "</h2><ul>");
		for (int i = 0; i < p->nnotes; i++) {
			buf_adds(b, "<li>");
			esc_html(b, p->notes[i]);
			buf_adds(b, "</li>");
		}
		buf_adds(b, "</ul></section>\n");
	}
	for (int i = 0; i < p->nforms; i++)
		web_form_html(r, b, &p->forms[i]);
	for (int i = 0; i < p->ntables; i++)
		html_table(r, b, p, &p->tables[i]);
	web_page_html_close(r, b, entry);
}

/* ---- JSON ---- */

static void json_page(buf *b, const web_page *p)
{
	buf_adds(b, "{\"kind\":");
	esc_json(b, p->kind);
	buf_adds(b, ",\"code\":");
	if (p->code)
		esc_json(b, p->code);
	else
		buf_adds(b, "null");
	buf_adds(b, ",\"title\":");
	esc_json(b, p->title);
	buf_adds(b, ",\"view\":");
	esc_json(b, p->view);
	const char *const extra[3][2] = {{"subtitle", p->subtitle},
	                                 {"notice", p->notice},
	                                 {"error", p->error}};
	for (int i = 0; i < 3; i++) {
		if (!extra[i][1])
			continue;
		buf_printf(b, ",\"%s\":", extra[i][0]);
		esc_json(b, extra[i][1]);
	}
	if (p->nforms) {
		buf_adds(b, ",\"forms\":{");
		for (int i = 0; i < p->nforms; i++) {
			if (i)
				buf_addc(b, ',');
			esc_json(b, p->forms[i].id);
			buf_addc(b, ':');
			web_form_json(b, &p->forms[i]);
		}
		buf_addc(b, '}');
	}
	buf_adds(b, ",\"breadcrumb\":[");
	for (int i = 0; i < p->ncrumbs; i++) {
		buf_adds(b, i ? ",{\"label\":" : "{\"label\":");
		esc_json(b, p->crumbs[i].label);
		buf_adds(b, ",\"href\":");
		if (p->crumbs[i].href)
			esc_json(b, p->crumbs[i].href);
		else
			buf_adds(b, "null");
		buf_addc(b, '}');
	}
	buf_adds(b, "],\"figures\":{");
	for (int i = 0; i < p->nfigs; i++) {
		const web_figure *f = &p->figs[i];
		if (i)
			buf_addc(b, ',');
		esc_json(b, f->key);
		buf_addc(b, ':');
		const fig_def *fd = f->kind == WC_FIG ? fig_get(f->fig) : NULL;
		sw_val v = {f->null                            ? SWV_NULL
		            : f->kind == WC_TEXT               ? SWV_TEXT
		            : fd && fd->unit == FIG_UNIT_COUNT ? SWV_INT
		                                               : SWV_REAL,
		            f->num, f->text};
		json_val(b, &v, f->kind);
	}
	buf_adds(b, "},\"notes\":[");
	for (int i = 0; i < p->nnotes; i++) {
		if (i)
			buf_addc(b, ',');
		esc_json(b, p->notes[i]);
	}
	buf_adds(b, "],\"tables\":{");
	for (int i = 0; i < p->ntables; i++) {
		const web_table *t = &p->tables[i];
		if (i)
			buf_addc(b, ',');
		esc_json(b, t->id);
		buf_adds(b, ":{\"title\":");
		esc_json(b, t->title);
		buf_printf(b, ",\"suppressed\":%s,\"columns\":[",
		           t->suppressed ? "true" : "false");
		for (int c = 0; c < t->ncols; c++) {
			buf_adds(b, c ? ",{\"key\":" : "{\"key\":");
			esc_json(b, t->cols[c].key);
			buf_adds(b, ",\"label\":");
			esc_json(b, t->cols[c].label);
			json_fig_meta(b, t, c);
			buf_addc(b, '}');
		}
		buf_adds(b, "],\"rows\":[");
		/* A breakdown's machine key (web_page_fig_breakdown) goes
		 * with each row, though the page shows only its label. */
		int keyc = web_rows_col(&t->rows, "key");
		for (int c = 0; c < t->ncols && keyc >= 0; c++)
			if (strcmp(t->cols[c].key, "key") == 0)
				keyc = -1;
		for (int row = 0; row < t->rows.nrow; row++) {
			buf_adds(b, row ? ",{" : "{");
			int first = 1;
			if (keyc >= 0) {
				buf_adds(b, "\"key\":");
				json_val(b, sw_at(&t->rows, row, keyc),
				         WC_TEXT);
				first = 0;
			}
			for (int c = 0; c < t->ncols; c++) {
				int k = web_rows_col(&t->rows, t->cols[c].key);
				if (!first)
					buf_addc(b, ',');
				first = 0;
				esc_json(b, t->cols[c].key);
				buf_addc(b, ':');
				sw_val nul = {SWV_NULL, 0, ""};
				json_val(
				    b, k >= 0 ? sw_at(&t->rows, row, k) : &nul,
				    t->cols[c].kind);
				const char *hc = t->cols[c].href_col;
				if (t->cols[c].kind == WC_LINK && hc &&
				    strcmp(hc, t->cols[c].key) != 0) {
					int h = web_rows_col(&t->rows, hc);
					buf_addc(b, ',');
					esc_json(b, hc);
					buf_addc(b, ':');
					json_val(b,
					         h >= 0
					             ? sw_at(&t->rows, row, h)
					             : &nul,
					         WC_TEXT);
				}
			}
			buf_addc(b, '}');
		}
		buf_adds(b, "]}");
	}
	buf_adds(b, "}}\n");
}

/* ---- CSV ---- */

static void csv_table(buf *b, const web_table *t)
{
	for (int c = 0; c < t->ncols; c++) {
		if (c)
			buf_addc(b, ',');
		esc_csv(b, t->cols[c].key);
	}
	buf_adds(b, "\r\n");
	for (int row = 0; row < t->rows.nrow; row++) {
		for (int c = 0; c < t->ncols; c++) {
			if (c)
				buf_addc(b, ',');
			int k = web_rows_col(&t->rows, t->cols[c].key);
			if (k >= 0)
				csv_val(b, sw_at(&t->rows, row, k),
				        t->cols[c].kind);
		}
		buf_adds(b, "\r\n");
	}
}

int web_page_render(web_req *r, web_resp *w, const web_page *p)
{
	buf_clear(&w->body);
	if (r->format == WEB_JSON) {
		w->content_type = "application/json";
		json_page(&w->body, p);
		return 200;
	}
	if (r->format == WEB_CSV) {
		for (int i = 0; i < p->ntables; i++) {
			if (strcmp(p->tables[i].id, r->table ? r->table : "") !=
			    0)
				continue;
			w->content_type = "text/csv; charset=utf-8";
			w->disposition = arena_printf(
			    &r->a, "attachment; filename=\"%s.csv\"",
			    p->tables[i].id);
			csv_table(&w->body, &p->tables[i]);
			return 200;
		}
		return web_error(r, w, 404, _("No such table on this page"));
	}
	w->content_type = "text/html; charset=utf-8";
	html_page(r, &w->body, p);
	return 200;
}

int web_page_answer(web_req *r, web_resp *w, const web_page *p, int status)
{
	int st = web_page_render(r, w, p);
	return st == 200 ? status : st;
}
