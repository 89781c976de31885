/*
 * report_doc.c - the report document model and its PDF, HTML, CSV and
 * JSON renderers (see report_doc.h).
 *
 * PDF layout: A4 (595.28 x 841.89 pt), 42 pt side margins; text is laid out
 * by pango in "Noto Sans" (fontconfig falls back to Noto Sans Devanagari
 * for Hindi) and cairo embeds the font subsets. Blocks flow down the page;
 * a block that does not fit starts a new page (a heading also needs room
 * for a little of what follows it); table rows that do not fit continue on
 * the next page under a repeated header. Every page carries the document
 * title, the provenance line and the page number in its footer.
 */
#include "report_doc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "report_text.h"

enum {
	B_H2,
	B_P,
	B_NOTE,
	B_BULLET,
	B_MISSING,
	B_KV,
	B_TABLE,
	B_CHART,
	B_BREAK
};

struct rtable {
	rdoc *d;
	const char *id, *caption;
	int ncols;
	const char **heads;
	char *align;
	const char ***rows;
	unsigned char *flags;
	size_t nrows, cap, fcap;
	int data_only;
};

typedef struct block {
	int kind;
	const char *text, *key;
	rtable *t;
	chart_spec *c;
} block;

struct rdoc {
	arena a;
	const char *title, *subtitle, *lang, *prov;
	int64_t data_version, run_id;
	block *b;
	size_t n, cap;
};

rdoc *rdoc_alloc(const char *title, const char *lang)
{
	rdoc *d = xcalloc(1, sizeof(*d));
	arena_init(&d->a);
	d->title = arena_strdup(&d->a, title ? title : "");
	d->lang = arena_strdup(&d->a, lang && *lang ? lang : "en");
	d->subtitle = "";
	d->prov = "";
	return d;
}

void rdoc_free(rdoc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		if (d->b[i].t) {
			free(d->b[i].t->rows);
			free(d->b[i].t->flags);
		}
	free(d->b);
	arena_free(&d->a);
	free(d);
}

arena *rdoc_arena(rdoc *d)
{
	return &d->a;
}

const char *rdoc_title(const rdoc *d)
{
	return d->title;
}

const char *rdoc_lang(const rdoc *d)
{
	return d->lang;
}

void rdoc_subtitle(rdoc *d, const char *s)
{
	d->subtitle = arena_strdup(&d->a, s ? s : "");
}

void rdoc_provenance(rdoc *d, int64_t data_version, int64_t run_id,
                     const char *text)
{
	d->data_version = data_version;
	d->run_id = run_id;
	d->prov = arena_strdup(&d->a, text ? text : "");
}

static block *add(rdoc *d, int kind)
{
	xgrow((void **)&d->b, &d->cap, d->n + 1, sizeof(block));
	block *b = &d->b[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

static void addv(rdoc *d, int kind, const char *fmt, va_list ap)
{
	buf t;
	buf_init(&t);
	buf_vprintf(&t, fmt, ap);
	add(d, kind)->text = arena_strdup(&d->a, t.data ? t.data : "");
	buf_free(&t);
}

void rdoc_h2(rdoc *d, const char *s)
{
	add(d, B_H2)->text = arena_strdup(&d->a, s ? s : "");
}

void rdoc_p(rdoc *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	addv(d, B_P, fmt, ap);
	va_end(ap);
}

void rdoc_note(rdoc *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	addv(d, B_NOTE, fmt, ap);
	va_end(ap);
}

void rdoc_bullet(rdoc *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	addv(d, B_BULLET, fmt, ap);
	va_end(ap);
}

void rdoc_missing(rdoc *d, const char *section, const char *why)
{
	block *b = add(d, B_MISSING);
	b->key = arena_strdup(&d->a, section ? section : "");
	b->text = arena_strdup(&d->a, why ? why : "");
}

void rdoc_kv(rdoc *d, const char *key, const char *value)
{
	block *b = add(d, B_KV);
	b->key = arena_strdup(&d->a, key ? key : "");
	b->text = arena_strdup(&d->a, value ? value : "");
}

rtable *rdoc_table(rdoc *d, const char *id, const char *caption, int ncols,
                   const char *const *heads, const char *align)
{
	rtable *t = arena_alloc(&d->a, sizeof(*t));
	t->d = d;
	t->id = arena_strdup(&d->a, id ? id : "table");
	t->caption = arena_strdup(&d->a, caption ? caption : "");
	t->ncols = ncols > 0 ? ncols : 1;
	t->heads = arena_alloc(&d->a, sizeof(char *) * (size_t)t->ncols);
	t->align = arena_alloc(&d->a, (size_t)t->ncols + 1);
	for (int i = 0; i < t->ncols; i++) {
		t->heads[i] = arena_strdup(
		    &d->a, heads && i < ncols && heads[i] ? heads[i] : "");
		t->align[i] = align && (int)strlen(align) > i ? align[i] : 'l';
	}
	add(d, B_TABLE)->t = t;
	return t;
}

void rtable_row(rtable *t, int flag, const char *const *cells)
{
	xgrow((void **)&t->rows, &t->cap, t->nrows + 1, sizeof(*t->rows));
	xgrow((void **)&t->flags, &t->fcap, t->nrows + 1, 1);
	const char **r =
	    arena_alloc(&t->d->a, sizeof(char *) * (size_t)t->ncols);
	for (int i = 0; i < t->ncols; i++)
		r[i] =
		    arena_strdup(&t->d->a, cells && cells[i] ? cells[i] : "");
	t->rows[t->nrows] = r;
	t->flags[t->nrows] = (unsigned char)(flag != 0);
	t->nrows++;
}

void rtable_data_only(rtable *t)
{
	t->data_only = 1;
}

int rtable_rows(const rtable *t)
{
	return (int)t->nrows;
}

static const char **dup_strs(arena *a, const char *const *s, int n)
{
	if (!s || n <= 0)
		return NULL;
	const char **o = arena_alloc(a, sizeof(char *) * (size_t)n);
	for (int i = 0; i < n; i++)
		o[i] = arena_strdup(a, s[i] ? s[i] : "");
	return o;
}

static const char *dup_str(arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static double *dup_d(arena *a, const double *v, long n)
{
	if (!v || n <= 0)
		return NULL;
	double *o = arena_alloc(a, sizeof(double) * (size_t)n);
	memcpy(o, v, sizeof(double) * (size_t)n);
	return o;
}

void rdoc_chart(rdoc *d, const chart_spec *c)
{
	arena *a = &d->a;
	chart_spec *k = arena_alloc(a, sizeof(*k));
	*k = *c;
	k->id = dup_str(a, c->id);
	k->title = dup_str(a, c->title);
	k->desc = dup_str(a, c->desc);
	k->x_label = dup_str(a, c->x_label);
	k->y_label = dup_str(a, c->y_label);
	k->ref_label = dup_str(a, c->ref_label);
	k->unit = dup_str(a, c->unit);
	k->cats = dup_strs(a, c->cats, c->ncat);
	k->rows = dup_strs(a, c->rows, c->nrows);
	k->cells = dup_d(a, c->cells, (long)c->nrows * c->ncat);
	if (c->nseries > 0 && c->series) {
		chart_series *s =
		    arena_alloc(a, sizeof(*s) * (size_t)c->nseries);
		for (int i = 0; i < c->nseries; i++) {
			s[i].name = dup_str(a, c->series[i].name);
			s[i].v = dup_d(a, c->series[i].v, c->ncat);
			s[i].lo = dup_d(a, c->series[i].lo, c->ncat);
			s[i].hi = dup_d(a, c->series[i].hi, c->ncat);
		}
		k->series = s;
	}
	add(d, B_CHART)->c = k;
}

void rdoc_break(rdoc *d)
{
	add(d, B_BREAK);
}

/* ---- PDF -------------------------------------------------------------- */

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN_X 42.0
#define MARGIN_TOP 44.0
#define MARGIN_BOTTOM 54.0
#define BODY_PT 9.5

typedef struct pdfw {
	cairo_t *cr;
	PangoLayout *pl; /* the text laid last (report_text.h owns it) */
	const rdoc *d;
	double y;
	int page;  /* pages of the current document */
	int total; /* pages of the file */
} pdfw;

static const double content_w = PAGE_W - 2 * MARGIN_X;

static void set_col(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0,
	                     ((c >> 8) & 255) / 255.0, (c & 255) / 255.0);
}

/* Make the text at size/weight/style, wrapped to width (<= 0: no
 * wrapping), aligned, the current layout (shaped once per thread and
 * reused: report_text.h). Returns its height. */
static double lay(pdfw *w, const char *s, double size, int bold, int italic,
                  double width, PangoAlignment al)
{
	w->pl = rtext_layout(s, size, bold, italic, width, al);
	return rtext_height(w->pl);
}

static double lay_width(pdfw *w)
{
	return rtext_width(w->pl);
}

static void show(pdfw *w, double x, double y, uint32_t col)
{
	cairo_move_to(w->cr, x, y);
	set_col(w->cr, col);
	pango_cairo_show_layout(w->cr, w->pl);
}

static void footer(pdfw *w)
{
	const rdoc *d = w->d;
	double y = PAGE_H - MARGIN_BOTTOM + 18;
	cairo_set_line_width(w->cr, 0.5);
	set_col(w->cr, 0xBBBBBB);
	cairo_move_to(w->cr, MARGIN_X, y - 5);
	cairo_line_to(w->cr, PAGE_W - MARGIN_X, y - 5);
	cairo_stroke(w->cr);
	char pg[64];
	snprintf(pg, sizeof(pg), _("page %d"), w->page);
	lay(w, pg, 7.5, 0, 0, 60, PANGO_ALIGN_RIGHT);
	show(w, PAGE_W - MARGIN_X - 60, y, 0x555555);
	buf t;
	buf_init(&t);
	buf_printf(&t, "%s \xC2\xB7 %s", d->title, d->prov);
	lay(w, t.data, 7.5, 0, 0, content_w - 70, PANGO_ALIGN_LEFT);
	show(w, MARGIN_X, y, 0x555555);
	buf_free(&t);
}

static void new_page(pdfw *w)
{
	if (w->page > 0 || w->total > 0)
		cairo_show_page(w->cr);
	w->page++;
	w->total++;
	footer(w);
	w->y = MARGIN_TOP;
}

static void need(pdfw *w, double h)
{
	if (w->y + h > PAGE_H - MARGIN_BOTTOM && w->y > MARGIN_TOP + 1)
		new_page(w);
}

static void pdf_text_block(pdfw *w, const char *s, double size, int bold,
                           int italic, uint32_t col, double indent,
                           double after)
{
	double h =
	    lay(w, s, size, bold, italic, content_w - indent, PANGO_ALIGN_LEFT);
	need(w, h);
	/* need() may have drawn a footer with the same layout: lay again */
	lay(w, s, size, bold, italic, content_w - indent, PANGO_ALIGN_LEFT);
	show(w, MARGIN_X + indent, w->y, col);
	w->y += h + after;
}

/* Table: natural column widths (capped), shrunk to the page if needed;
 * cells wrap; header repeats on each page. */
/* The layout of a table cell in a column of inner width avail: its
 * one-line layout when that fits (measured already for the column
 * widths), else wrapped to the column. *dx: where to draw it within the
 * column for the alignment. */
static PangoLayout *cell(const char *s, double fs, int bold, double avail,
                         int right, double *dx)
{
	PangoLayout *l = rtext_layout(s, fs, bold, 0, -1, PANGO_ALIGN_LEFT);
	double nw = rtext_width(l);
	if (nw <= avail) {
		*dx = right ? avail - nw : 0;
		return l;
	}
	*dx = 0;
	return rtext_layout(s, fs, bold, 0, avail,
	                    right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
}

/* Table: natural column widths (capped), shrunk to the page if needed;
 * cells wrap; header repeats on each page. Each cell is laid out once for
 * measuring and drawing. */
static void pdf_table(pdfw *w, const rtable *t)
{
	const double padx = 4, pady = 2.5, fs = 8.5;
	int nc = t->ncols;
	double *cw = xcalloc((size_t)nc, sizeof(double));
	PangoLayout **row = xcalloc((size_t)nc, sizeof(PangoLayout *));
	double *dx = xcalloc((size_t)nc, sizeof(double));
	for (int j = 0; j < nc; j++) {
		lay(w, t->heads[j], fs, 1, 0, -1, PANGO_ALIGN_LEFT);
		cw[j] = lay_width(w);
		for (size_t i = 0; i < t->nrows && i < 400; i++) {
			lay(w, t->rows[i][j], fs, t->flags[i], 0, -1,
			    PANGO_ALIGN_LEFT);
			double x = lay_width(w);
			if (x > cw[j])
				cw[j] = x;
		}
		cw[j] += 2 * padx + 1;
		if (cw[j] > 230)
			cw[j] = 230;
	}
	double sum = 0;
	for (int j = 0; j < nc; j++)
		sum += cw[j];
	if (sum > content_w) {
		/* shrink the columns wider than an equal share */
		double fair = content_w / nc, wide = 0, narrow = 0;
		for (int j = 0; j < nc; j++)
			if (cw[j] > fair)
				wide += cw[j];
			else
				narrow += cw[j];
		double k = (content_w - narrow) / wide;
		for (int j = 0; j < nc; j++)
			if (cw[j] > fair)
				cw[j] *= k;
	}
	double tw = 0;
	for (int j = 0; j < nc; j++)
		tw += cw[j];
	/* caption + header + first row must fit together */
	if (*t->caption) {
		double h =
		    lay(w, t->caption, 9.5, 1, 0, content_w, PANGO_ALIGN_LEFT);
		need(w, h + 40);
		lay(w, t->caption, 9.5, 1, 0, content_w, PANGO_ALIGN_LEFT);
		show(w, MARGIN_X, w->y, 0x222222);
		w->y += h + 2;
	}
	for (long i = t->nrows ? -1 : 0; i < (long)t->nrows; i++) {
		int head = i < 0;
		const char *const *cells = head ? t->heads : t->rows[i];
		int bold = head || t->flags[i];
		double rh = 0;
		for (int j = 0; j < nc; j++) {
			row[j] = cell(cells[j], fs, bold, cw[j] - 2 * padx,
			              t->align[j] == 'r', &dx[j]);
			double h = rtext_height(row[j]);
			if (h > rh)
				rh = h;
		}
		rh += 2 * pady;
		if (!head && w->y + rh > PAGE_H - MARGIN_BOTTOM) {
			new_page(w);
			i = i - 1; /* header again, then this row */
			head = 1;
			cells = t->heads;
			bold = 1;
			rh = 0;
			for (int j = 0; j < nc; j++) {
				row[j] = cell(cells[j], fs, 1, cw[j] - 2 * padx,
				              t->align[j] == 'r', &dx[j]);
				double h = rtext_height(row[j]);
				if (h > rh)
					rh = h;
			}
			rh += 2 * pady;
		}
		if (head) {
			set_col(w->cr, 0xE8EEF4);
			cairo_rectangle(w->cr, MARGIN_X, w->y, tw, rh);
			cairo_fill(w->cr);
		} else if (t->flags[i]) {
			set_col(w->cr, 0xFCEBDD);
			cairo_rectangle(w->cr, MARGIN_X, w->y, tw, rh);
			cairo_fill(w->cr);
		} else if (i % 2) {
			set_col(w->cr, 0xF5F5F5);
			cairo_rectangle(w->cr, MARGIN_X, w->y, tw, rh);
			cairo_fill(w->cr);
		}
		double x = MARGIN_X;
		for (int j = 0; j < nc; j++) {
			w->pl = row[j];
			show(w, x + padx + dx[j], w->y + pady,
			     !head && t->flags[i] ? 0x9A3300 : 0x222222);
			x += cw[j];
		}
		w->y += rh;
		set_col(w->cr, head ? 0x888888 : 0xDDDDDD);
		cairo_set_line_width(w->cr, head ? 0.8 : 0.4);
		cairo_move_to(w->cr, MARGIN_X, w->y);
		cairo_line_to(w->cr, MARGIN_X + tw, w->y);
		cairo_stroke(w->cr);
	}
	if (t->nrows == 0) {
		lay(w, _("(none)"), fs, 0, 1, content_w, PANGO_ALIGN_LEFT);
		show(w, MARGIN_X + padx, w->y + pady, 0x555555);
		w->y += fs * 1.6;
	}
	w->y += 8;
	free(dx);
	free(row);
	free(cw);
}

static void pdf_doc(pdfw *w, const rdoc *d)
{
	w->d = d;
	w->page = 0;
	i18n_set_lang(d->lang);
	new_page(w);
	/* title band */
	double h = lay(w, d->title, 17, 1, 0, content_w, PANGO_ALIGN_LEFT);
	show(w, MARGIN_X, w->y, 0x0B3D66);
	w->y += h + 2;
	if (*d->subtitle) {
		h = lay(w, d->subtitle, 10.5, 0, 0, content_w,
		        PANGO_ALIGN_LEFT);
		show(w, MARGIN_X, w->y, 0x333333);
		w->y += h + 2;
	}
	set_col(w->cr, 0x0072B2);
	cairo_rectangle(w->cr, MARGIN_X, w->y + 3, content_w, 1.6);
	cairo_fill(w->cr);
	w->y += 12;
	for (size_t i = 0; i < d->n; i++) {
		const block *b = &d->b[i];
		switch (b->kind) {
		case B_H2: {
			double hh = lay(w, b->text, 12.5, 1, 0, content_w,
			                PANGO_ALIGN_LEFT);
			need(w, hh + 48);
			w->y += 4;
			pdf_text_block(w, b->text, 12.5, 1, 0, 0x0B3D66, 0, 4);
			break;
		}
		case B_P:
			pdf_text_block(w, b->text, BODY_PT, 0, 0, 0x222222, 0,
			               5);
			break;
		case B_NOTE:
			pdf_text_block(w, b->text, 8, 0, 1, 0x555555, 0, 5);
			break;
		case B_BULLET: {
			double bh = lay(w, b->text, BODY_PT, 0, 0,
			                content_w - 12, PANGO_ALIGN_LEFT);
			need(w, bh);
			lay(w, "\xE2\x80\xA2", BODY_PT, 1, 0, -1,
			    PANGO_ALIGN_LEFT);
			show(w, MARGIN_X + 2, w->y, 0x0072B2);
			lay(w, b->text, BODY_PT, 0, 0, content_w - 12,
			    PANGO_ALIGN_LEFT);
			show(w, MARGIN_X + 12, w->y, 0x222222);
			w->y += bh + 2.5;
			if (i + 1 >= d->n || d->b[i + 1].kind != B_BULLET)
				w->y += 3;
			break;
		}
		case B_MISSING: {
			buf t;
			buf_init(&t);
			buf_printf(&t, _("%s: not available. %s"), b->key,
			           b->text);
			double mh = lay(w, t.data, 8.5, 0, 1, content_w - 12,
			                PANGO_ALIGN_LEFT);
			need(w, mh + 6);
			set_col(w->cr, 0xFFF6E0);
			cairo_rectangle(w->cr, MARGIN_X, w->y, content_w,
			                mh + 6);
			cairo_fill(w->cr);
			set_col(w->cr, 0xE69F00);
			cairo_rectangle(w->cr, MARGIN_X, w->y, 3, mh + 6);
			cairo_fill(w->cr);
			lay(w, t.data, 8.5, 0, 1, content_w - 12,
			    PANGO_ALIGN_LEFT);
			show(w, MARGIN_X + 9, w->y + 3, 0x5A4300);
			w->y += mh + 12;
			buf_free(&t);
			break;
		}
		case B_KV: {
			double kw = 150;
			double vh = lay(w, b->text, BODY_PT, 0, 0,
			                content_w - kw, PANGO_ALIGN_LEFT);
			need(w, vh);
			lay(w, b->key, BODY_PT, 1, 0, kw - 6, PANGO_ALIGN_LEFT);
			show(w, MARGIN_X, w->y, 0x444444);
			lay(w, b->text, BODY_PT, 0, 0, content_w - kw,
			    PANGO_ALIGN_LEFT);
			show(w, MARGIN_X + kw, w->y, 0x222222);
			w->y += vh + 2;
			if (i + 1 >= d->n || d->b[i + 1].kind != B_KV)
				w->y += 5;
			break;
		}
		case B_TABLE:
			if (!b->t->data_only)
				pdf_table(w, b->t);
			break;
		case B_CHART: {
			chart_spec c = *b->c;
			c.width = content_w;
			c.font = 9;
			/* line and vertical bar charts: a fixed, page-friendly
			 * height (their natural height follows the width) */
			if (c.height <= 0 &&
			    (c.kind == CHART_LINE ||
			     (c.kind == CHART_BAR && !c.horizontal)))
				c.height = 210;
			double ch = chart_height(&c);
			double page = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM;
			if (ch > page) {
				/* tall heat maps and caterpillars shrink
				 * their rows to fit one page */
				c.height = page;
				ch = page;
			}
			need(w, ch);
			chart_cairo(w->cr, MARGIN_X, w->y, &c, NULL);
			w->y += ch + 8;
			break;
		}
		case B_BREAK:
			new_page(w);
			break;
		}
	}
}

/* Draw docs onto the PDF surface s and finish it; name is the file (or
 * "memory") for error messages. Destroys s. */
static int pdf_render(cairo_surface_t *s, rdoc *const *docs, int n,
                      const char *name, att_err *e)
{
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		int rc =
		    err_set(e, ATT_EIO, "cannot write '%s': %s", name,
		            cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return rc;
	}
	if (n > 0) {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
		                               rdoc_title(docs[0]));
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
		                               "attain");
	}
	cairo_t *cr = cairo_create(s);
	pdfw w = {0};
	w.cr = cr;
	for (int i = 0; i < n; i++) {
		rtext_trim(); /* between documents: no layout in use */
		pdf_doc(&w, docs[i]);
	}
	if (n == 0) {
		lay(&w, _("(nothing to report)"), 10, 0, 0, -1,
		    PANGO_ALIGN_LEFT);
		show(&w, MARGIN_X, MARGIN_TOP, 0x222222);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(e, ATT_EIO, "cannot write '%s': %s", name,
		               cairo_status_to_string(st));
	return ATT_OK;
}

int rdoc_write_pdf(rdoc *const *docs, int n, const char *path, att_err *e)
{
	return pdf_render(cairo_pdf_surface_create(path, PAGE_W, PAGE_H), docs,
	                  n, path, e);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data,
                             unsigned int length)
{
	buf_add(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

int rdoc_pdf(rdoc *const *docs, int n, buf *out, att_err *e)
{
	return pdf_render(
	    cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H),
	    docs, n, "memory", e);
}

typedef struct pdf_job {
	rdoc *const *docs;
	const char *const *paths;
	int n;
	atomic_int next, failed;
	pthread_mutex_t mu;
	att_err e;
	int rc;
} pdf_job;

static void *pdf_worker(void *arg)
{
	pdf_job *j = arg;
	for (;;) {
		int i = atomic_fetch_add(&j->next, 1);
		if (i >= j->n || atomic_load(&j->failed))
			break;
		att_err e;
		err_clear(&e);
		i18n_enter(j->docs[i]->lang);
		int rc = rdoc_write_pdf(&j->docs[i], 1, j->paths[i], &e);
		i18n_leave();
		if (rc) {
			pthread_mutex_lock(&j->mu);
			if (!j->rc) {
				j->rc = rc;
				j->e = e;
			}
			pthread_mutex_unlock(&j->mu);
			atomic_store(&j->failed, 1);
		}
	}
	return NULL;
}

/* A spawned worker: render, then drop this thread's text cache and font
 * map before it ends. */
static void *pdf_thread(void *arg)
{
	pdf_worker(arg);
	rtext_release();
	pango_cairo_font_map_set_default(NULL);
	return NULL;
}

int rdoc_write_pdfs(rdoc *const *docs, const char *const *paths, int n,
                    int threads, att_err *e)
{
	pdf_job j;
	memset(&j, 0, sizeof(j));
	j.docs = docs;
	j.paths = paths;
	j.n = n;
	atomic_init(&j.next, 0);
	atomic_init(&j.failed, 0);
	pthread_mutex_init(&j.mu, NULL);
	if (threads < 1)
		threads = 1;
	if (threads > 16)
		threads = 16;
	if (threads > n)
		threads = n > 0 ? n : 1;
	pthread_t th[16];
	int started = 0;
	for (int t = 1; t < threads; t++)
		if (pthread_create(&th[started], NULL, pdf_thread, &j) == 0)
			started++;
	pdf_worker(&j);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&j.mu);
	if (j.rc && e)
		*e = j.e;
	return j.rc;
}

/* ---- HTML ------------------------------------------------------------- */

static const char html_css[] =
    "body{font-family:'Noto Sans','Noto Sans Devanagari',sans-serif;"
    "color:#222;margin:0;padding:0 .8rem;line-height:1.45}"
    "article{max-width:46rem;margin:0 auto 2rem;"
    "border-bottom:2px solid #0072b2;padding-bottom:1rem}"
    "h1{color:#0b3d66;font-size:1.5rem;margin:.8rem 0 .1rem}"
    "h2{color:#0b3d66;font-size:1.15rem;margin:1.2rem 0 .4rem}"
    ".sub{margin:0 0 .6rem;color:#333}"
    ".prov,.note{color:#555;font-size:.85rem}"
    ".missing{border-left:4px solid #e69f00;background:#fff6e0;"
    "padding:.3rem .6rem;font-size:.9rem}"
    "dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;"
    "gap:.15rem .8rem;margin:.3rem 0 .8rem}dt{font-weight:bold;color:#444}"
    "dd{margin:0}.tw{overflow-x:auto}"
    "table{border-collapse:collapse;margin:.3rem 0 1rem;font-size:.9rem}"
    "caption{text-align:left;font-weight:bold;padding:.2rem 0}"
    "th,td{border-bottom:1px solid #ddd;padding:.25rem .45rem;"
    "text-align:left;vertical-align:top}th{background:#e8eef4}"
    ".r{text-align:right}tr.flag td{background:#fcebdd;color:#9a3300;"
    "font-weight:bold}figure{margin:.4rem 0 1rem}svg{display:block}"
    "@media print{article{page-break-after:always;border:0}}";

static void html_table(buf *o, const rtable *t)
{
	buf_adds(o, "<div class=\"tw\"><table>");
	if (*t->caption) {
		buf_adds(o, "<caption>");
		esc_html(o, t->caption);
		buf_adds(o, "</caption>");
	}
	buf_adds(o, "<thead><tr>");
	for (int j = 0; j < t->ncols; j++) {
		buf_adds(o, t->align[j] == 'r'
		                ? "<th scope=\"col\" class=\"r\">"
		                : "<th scope=\"col\">");
		esc_html(o, t->heads[j]);
		buf_adds(o, "</th>");
	}
	buf_adds(o, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < t->nrows; i++) {
		buf_adds(o, t->flags[i] ? "<tr class=\"flag\">" : "<tr>");
		for (int j = 0; j < t->ncols; j++) {
			buf_adds(o, t->align[j] == 'r' ? "<td class=\"r\">"
			                               : "<td>");
			esc_html(o, t->rows[i][j]);
			buf_adds(o, "</td>");
		}
		buf_adds(o, "</tr>\n");
	}
	buf_adds(o, "</tbody></table></div>\n");
}

void rdoc_html(rdoc *const *docs, int n, buf *o)
{
	const char *lang = n > 0 ? docs[0]->lang : "en";
	buf_adds(o, "<!doctype html>\n<html lang=\"");
	esc_attr(o, lang);
	buf_adds(o, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
	            "content=\"width=device-width,initial-scale=1\"><title>");
	esc_html(o, n > 0 ? docs[0]->title : "attain");
	buf_printf(o, "</title><style>%s</style></head><body><main>\n",
	           html_css);
	int chart_no = 0;
	for (int k = 0; k < n; k++) {
		const rdoc *d = docs[k];
		i18n_set_lang(d->lang);
		buf_adds(o, "<article lang=\"");
		esc_attr(o, d->lang);
		buf_adds(o, "\"><h1>");
		esc_html(o, d->title);
		buf_adds(o, "</h1>");
		if (*d->subtitle) {
			buf_adds(o, "<p class=\"sub\">");
			esc_html(o, d->subtitle);
			buf_adds(o, "</p>");
		}
		buf_adds(o, "<p class=\"prov\">");
		esc_html(o, d->prov);
		buf_adds(o, "</p>\n");
		for (size_t i = 0; i < d->n; i++) {
			const block *b = &d->b[i];
			switch (b->kind) {
			case B_H2:
				buf_adds(o, "<h2>");
				esc_html(o, b->text);
				buf_adds(o, "</h2>\n");
				break;
			case B_P:
			case B_NOTE:
				buf_adds(o, b->kind == B_P
				                ? "<p>"
				                : "<p class=\"note\">");
				esc_html(o, b->text);
				buf_adds(o, "</p>\n");
				break;
			case B_BULLET:
				if (i == 0 || d->b[i - 1].kind != B_BULLET)
					buf_adds(o, "<ul>");
				buf_adds(o, "<li>");
				esc_html(o, b->text);
				buf_adds(o, "</li>");
				if (i + 1 >= d->n ||
				    d->b[i + 1].kind != B_BULLET)
					buf_adds(o, "</ul>\n");
				break;
			case B_MISSING: {
				buf t;
				buf_init(&t);
				buf_printf(&t, _("%s: not available. %s"),
				           b->key, b->text);
				buf_adds(o, "<p class=\"missing\">");
				esc_html(o, t.data);
				buf_adds(o, "</p>\n");
				buf_free(&t);
				break;
			}
			case B_KV:
				if (i == 0 || d->b[i - 1].kind != B_KV)
					buf_adds(o, "<dl>");
				buf_adds(o, "<dt>");
				esc_html(o, b->key);
				buf_adds(o, "</dt><dd>");
				esc_html(o, b->text);
				buf_adds(o, "</dd>");
				if (i + 1 >= d->n || d->b[i + 1].kind != B_KV)
					buf_adds(o, "</dl>\n");
				break;
			case B_TABLE:
				if (!b->t->data_only)
					html_table(o, b->t);
				break;
			case B_CHART: {
				chart_spec c = *b->c;
				char id[32];
				snprintf(id, sizeof(id), "ch%d", ++chart_no);
				c.id = id;
				buf_adds(o, "<figure>");
				chart_svg(o, &c, NULL);
				buf_adds(o, "</figure>\n");
				break;
			}
			case B_BREAK:
				break;
			}
		}
		buf_adds(o, "</article>\n");
	}
	buf_adds(o, "</main></body></html>\n");
}

/* ---- CSV and JSON ----------------------------------------------------- */

void rdoc_csv(rdoc *const *docs, int n, buf *o)
{
	int first = 1;
	for (int k = 0; k < n; k++) {
		const rdoc *d = docs[k];
		for (size_t i = 0; i < d->n; i++) {
			const rtable *t = d->b[i].t;
			if (d->b[i].kind != B_TABLE)
				continue;
			if (!first)
				buf_addc(o, '\n');
			first = 0;
			/* header: report, table, columns...; rows keep the
			 * report title and table id in their first cells */
			buf_adds(o, "report,table");
			for (int j = 0; j < t->ncols; j++) {
				buf_addc(o, ',');
				esc_csv(o, t->heads[j]);
			}
			buf_adds(o, "\r\n");
			for (size_t r = 0; r < t->nrows; r++) {
				esc_csv(o, d->title);
				buf_addc(o, ',');
				esc_csv(o, t->id);
				for (int j = 0; j < t->ncols; j++) {
					buf_addc(o, ',');
					esc_csv(o, t->rows[r][j]);
				}
				buf_adds(o, "\r\n");
			}
		}
	}
}

static void json_num(buf *o, double v)
{
	if (isfinite(v))
		buf_printf(o, "%.10g", v);
	else
		buf_adds(o, "null");
}

static void json_chart(buf *o, const chart_spec *c)
{
	static const char *kinds[] = {"line", "bar", "caterpillar", "heatmap"};
	buf_adds(o, "{\"type\":\"chart\",\"kind\":\"");
	buf_adds(o, kinds[c->kind <= CHART_HEATMAP ? c->kind : 0]);
	buf_adds(o, "\",\"title\":");
	esc_json(o, c->title);
	buf_adds(o, ",\"categories\":[");
	for (int i = 0; i < c->ncat; i++) {
		if (i)
			buf_addc(o, ',');
		esc_json(o, c->cats ? c->cats[i] : "");
	}
	buf_adds(o, "]");
	if (c->kind == CHART_HEATMAP) {
		buf_adds(o, ",\"rows\":[");
		for (int r = 0; r < c->nrows; r++) {
			if (r)
				buf_addc(o, ',');
			buf_adds(o, "{\"name\":");
			esc_json(o, c->rows ? c->rows[r] : "");
			buf_adds(o, ",\"values\":[");
			for (int i = 0; i < c->ncat; i++) {
				if (i)
					buf_addc(o, ',');
				json_num(o, c->cells[(long)r * c->ncat + i]);
			}
			buf_adds(o, "]}");
		}
		buf_adds(o, "]}");
		return;
	}
	buf_adds(o, ",\"series\":[");
	for (int s = 0; s < c->nseries; s++) {
		const chart_series *se = &c->series[s];
		if (s)
			buf_addc(o, ',');
		buf_adds(o, "{\"name\":");
		esc_json(o, se->name ? se->name : "");
		const double *arr[3] = {se->v, se->lo, se->hi};
		const char *names[3] = {"values", "lo", "hi"};
		for (int k = 0; k < 3; k++) {
			if (!arr[k])
				continue;
			buf_printf(o, ",\"%s\":[", names[k]);
			for (int i = 0; i < c->ncat; i++) {
				if (i)
					buf_addc(o, ',');
				json_num(o, arr[k][i]);
			}
			buf_addc(o, ']');
		}
		buf_addc(o, '}');
	}
	buf_adds(o, "]}");
}

void rdoc_json(rdoc *const *docs, int n, buf *o)
{
	buf_adds(o, "{\"reports\":[");
	for (int k = 0; k < n; k++) {
		const rdoc *d = docs[k];
		if (k)
			buf_addc(o, ',');
		buf_adds(o, "\n{\"title\":");
		esc_json(o, d->title);
		buf_adds(o, ",\"subtitle\":");
		esc_json(o, d->subtitle);
		buf_adds(o, ",\"lang\":");
		esc_json(o, d->lang);
		buf_printf(o, ",\"data_version\":%lld,\"analysis_run\":",
		           (long long)d->data_version);
		if (d->run_id > 0)
			buf_printf(o, "%lld", (long long)d->run_id);
		else
			buf_adds(o, "null");
		buf_adds(o, ",\"provenance\":");
		esc_json(o, d->prov);
		buf_adds(o, ",\"missing\":[");
		int nm = 0;
		for (size_t i = 0; i < d->n; i++)
			if (d->b[i].kind == B_MISSING) {
				if (nm++)
					buf_addc(o, ',');
				buf_adds(o, "{\"section\":");
				esc_json(o, d->b[i].key);
				buf_adds(o, ",\"reason\":");
				esc_json(o, d->b[i].text);
				buf_addc(o, '}');
			}
		buf_adds(o, "],\"blocks\":[");
		int nb = 0;
		for (size_t i = 0; i < d->n; i++) {
			const block *b = &d->b[i];
			if (b->kind == B_BREAK || b->kind == B_MISSING)
				continue;
			if (nb++)
				buf_addc(o, ',');
			buf_adds(o, "\n");
			switch (b->kind) {
			case B_H2:
			case B_P:
			case B_NOTE:
			case B_BULLET: {
				static const char *names[] = {"heading", "text",
				                              "note", "bullet"};
				buf_printf(o, "{\"type\":\"%s\",\"text\":",
				           names[b->kind]);
				esc_json(o, b->text);
				buf_addc(o, '}');
				break;
			}
			case B_KV:
				buf_adds(o, "{\"type\":\"field\",\"key\":");
				esc_json(o, b->key);
				buf_adds(o, ",\"value\":");
				esc_json(o, b->text);
				buf_addc(o, '}');
				break;
			case B_TABLE: {
				const rtable *t = b->t;
				buf_adds(o, "{\"type\":\"table\",\"id\":");
				esc_json(o, t->id);
				buf_adds(o, ",\"caption\":");
				esc_json(o, t->caption);
				buf_adds(o, ",\"columns\":[");
				for (int j = 0; j < t->ncols; j++) {
					if (j)
						buf_addc(o, ',');
					esc_json(o, t->heads[j]);
				}
				buf_adds(o, "],\"rows\":[");
				for (size_t r = 0; r < t->nrows; r++) {
					if (r)
						buf_addc(o, ',');
					buf_printf(
					    o, "{\"flag\":%s,\"cells\":[",
					    t->flags[r] ? "true" : "false");
					for (int j = 0; j < t->ncols; j++) {
						if (j)
							buf_addc(o, ',');
						esc_json(o, t->rows[r][j]);
					}
					buf_adds(o, "]}");
				}
				buf_adds(o, "]}");
				break;
			}
			case B_CHART:
				json_chart(o, b->c);
				break;
			}
		}
		buf_adds(o, "]}");
	}
	buf_adds(o, "]}\n");
}

/* Display columns of a UTF-8 string: code points that are not
 * combining marks (Devanagari vowel signs and virama count as 0). */
static int text_cols(const char *s)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int k = utf8_seq_len(p);
		if (k <= 0)
			k = 1;
		unsigned cp = *p;
		if (k == 3)
			cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) |
			     (p[2] & 0x3Fu);
		int mark = (cp >= 0x900 && cp <= 0x903) ||
		           (cp >= 0x93A && cp <= 0x94F && cp != 0x93D) ||
		           (cp >= 0x962 && cp <= 0x963) || cp == 0x200C ||
		           cp == 0x200D;
		n += !mark;
		p += k;
	}
	return n;
}

static void pad(buf *o, const char *s, int width, int right)
{
	int w = text_cols(s);
	if (right)
		for (int i = w; i < width; i++)
			buf_addc(o, ' ');
	buf_adds(o, s);
	if (!right)
		for (int i = w; i < width; i++)
			buf_addc(o, ' ');
}

static void text_table(buf *o, const rtable *t)
{
	int nc = t->ncols;
	int *w = xcalloc((size_t)nc, sizeof(int));
	for (int j = 0; j < nc; j++) {
		w[j] = text_cols(t->heads[j]);
		for (size_t i = 0; i < t->nrows; i++) {
			int x = text_cols(t->rows[i][j]);
			if (x > w[j])
				w[j] = x;
		}
	}
	if (*t->caption)
		buf_printf(o, "%s\n", t->caption);
	for (long i = -1; i < (long)t->nrows; i++) {
		const char *const *cells = i < 0 ? t->heads : t->rows[i];
		buf_adds(o, i >= 0 && t->flags[i] ? "! " : "  ");
		for (int j = 0; j < nc; j++) {
			if (j)
				buf_adds(o, "  ");
			pad(o, cells[j],
			    j == nc - 1 && t->align[j] != 'r' ? 0 : w[j],
			    t->align[j] == 'r');
		}
		while (o->len && o->data[o->len - 1] == ' ')
			o->data[--o->len] = '\0';
		buf_addc(o, '\n');
	}
	if (t->nrows == 0)
		buf_printf(o, "  %s\n", _("(none)"));
	buf_addc(o, '\n');
	free(w);
}

void rdoc_text(rdoc *const *docs, int n, buf *o)
{
	for (int k = 0; k < n; k++) {
		const rdoc *d = docs[k];
		i18n_set_lang(d->lang);
		if (k)
			buf_adds(o, "\n\f\n");
		buf_printf(o, "%s\n", d->title);
		if (*d->subtitle)
			buf_printf(o, "%s\n", d->subtitle);
		buf_printf(o, "(%s)\n\n", d->prov);
		for (size_t i = 0; i < d->n; i++) {
			const block *b = &d->b[i];
			switch (b->kind) {
			case B_H2: {
				buf_printf(o, "%s\n", b->text);
				int w = text_cols(b->text);
				for (int j = 0; j < w; j++)
					buf_addc(o, '-');
				buf_addc(o, '\n');
				break;
			}
			case B_P:
				buf_printf(o, "%s\n\n", b->text);
				break;
			case B_NOTE:
				buf_printf(o, "(%s)\n\n", b->text);
				break;
			case B_BULLET:
				buf_printf(o, "  * %s\n", b->text);
				if (i + 1 >= d->n ||
				    d->b[i + 1].kind != B_BULLET)
					buf_addc(o, '\n');
				break;
			case B_MISSING:
				buf_adds(o, "  [");
				buf_printf(o, _("%s: not available. %s"),
				           b->key, b->text);
				buf_adds(o, "]\n\n");
				break;
			case B_KV:
				buf_printf(o, "  %s: %s\n", b->key, b->text);
				if (i + 1 >= d->n || d->b[i + 1].kind != B_KV)
					buf_addc(o, '\n');
				break;
			case B_TABLE:
				if (!b->t->data_only)
					text_table(o, b->t);
				break;
			case B_CHART:
				buf_printf(o, "  [%s: %s]\n\n", _("chart"),
				           b->c->title);
				break;
			case B_BREAK:
				break;
			}
		}
	}
}

int rdoc_write(rdoc *const *docs, int n, int format, const char *path,
               att_err *e)
{
	if (format == RDOC_PDF) {
		if (!path || strcmp(path, "-") == 0)
			return err_set(e, ATT_EUSAGE,
			               "a PDF needs an output file (-o FILE)");
		return rdoc_write_pdf(docs, n, path, e);
	}
	buf b;
	buf_init(&b);
	if (format == RDOC_HTML)
		rdoc_html(docs, n, &b);
	else if (format == RDOC_CSV)
		rdoc_csv(docs, n, &b);
	else if (format == RDOC_TEXT)
		rdoc_text(docs, n, &b);
	else
		rdoc_json(docs, n, &b);
	int rc = ATT_OK;
	FILE *f = !path || strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (!f) {
		rc = err_set(e, ATT_EIO, "cannot write '%s'", path);
	} else {
		if (b.len && fwrite(b.data, 1, b.len, f) != b.len)
			rc = err_set(e, ATT_EIO, "cannot write '%s'",
			             path ? path : "-");
		if (f != stdout) {
			if (fclose(f) != 0 && !rc)
				rc = err_set(e, ATT_EIO, "cannot write '%s'",
				             path);
		} else {
			fflush(stdout);
		}
	}
	buf_free(&b);
	return rc;
}
