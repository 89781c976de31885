/*
 * chart.c - chart layout and its two backends (SVG text and cairo).
 *
 * Design note: layout() is the only place that decides geometry. It turns a
 * chart_spec into a display list of primitives (struct op) whose strings
 * live in an arena; svg_emit() and cairo_emit() replay the list without
 * deciding anything. Text widths are estimated (est_width) rather than
 * measured so that the SVG backend, which cannot measure, and the cairo
 * backend agree on where every label goes and where it is truncated.
 */
#include "chart.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "report_text.h"

#define NOCOL 0xFFFFFFFFu
#define C_TEXT 0x222222u
#define C_AXIS 0x555555u
#define C_GRID 0xDDDDDDu
#define C_NODATA 0xD9D9D9u
#define C_ABOVE 0x0072B2u
#define C_BELOW 0xD55E00u
#define C_SAME 0x6B6B6Bu

enum { OP_RECT, OP_LINE, OP_POLY, OP_MARK, OP_TEXT };
enum { A_START, A_MIDDLE, A_END };
enum { M_CIRCLE, M_SQUARE, M_TRIANGLE, M_DIAMOND, M_NSHAPES };
enum { D_SOLID, D_DASH, D_DOT };

typedef struct op {
	int kind;
	double x, y, x2, y2; /* rect: x, y, width, height; line: ends */
	double *pts;         /* polyline: npts (x, y) pairs */
	int npts;
	uint32_t fill, stroke;
	double sw;
	int dash;
	int shape;
	double r;
	const char *text;
	double size;
	int anchor, bold, vertical;
	const char *tip;
} op;

typedef struct dlist {
	op *ops;
	size_t n, cap;
	arena a;
	double w, h, font;
	const char *id;
} dlist;

/* Okabe-Ito, with yellow last (weakest contrast on white). */
static const uint32_t palette[] = {0x0072B2, 0xE69F00, 0x009E73, 0xD55E00,
                                   0xCC79A7, 0x56B4E9, 0x000000, 0xF0E442};
static const char *const palette_hex[] = {"#0072b2", "#e69f00", "#009e73",
                                          "#d55e00", "#cc79a7", "#56b4e9",
                                          "#000000", "#f0e442"};

uint32_t chart_colour(int i)
{
	if (i < 0)
		i = -i;
	return palette[i % (int)ARRAY_LEN(palette)];
}

const char *chart_colour_hex(int i)
{
	if (i < 0)
		i = -i;
	return palette_hex[i % (int)ARRAY_LEN(palette_hex)];
}

uint32_t chart_scale(double t)
{
	/* Viridis at nine evenly spaced stops (matplotlib's _viridis_data). */
	static const uint32_t stops[] = {0x440154, 0x472D7B, 0x3B528B,
	                                 0x2C728E, 0x21918C, 0x28AE80,
	                                 0x5EC962, 0xADDC30, 0xFDE725};
	if (!(t > 0))
		t = 0;
	if (t > 1)
		t = 1;
	double p = t * 8;
	int i = (int)p;
	if (i >= 8)
		return stops[8];
	double f = p - i;
	uint32_t a = stops[i], b = stops[i + 1], out = 0;
	for (int s = 16; s >= 0; s -= 8) {
		double ca = (a >> s) & 255, cb = (b >> s) & 255;
		out |= (uint32_t)lround(ca + (cb - ca) * f) << s;
	}
	return out;
}

/* ---- small helpers ---------------------------------------------------- */

static int is_finite(double v)
{
	return isfinite(v);
}

/* Decode one UTF-8 code point at *p (advancing it); invalid bytes give
 * U+FFFD and advance one byte. */
static unsigned utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	int n = utf8_seq_len(s);
	if (n <= 0) {
		(*p)++;
		return 0xFFFD;
	}
	unsigned cp;
	if (n == 1)
		cp = s[0];
	else if (n == 2)
		cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	else if (n == 3)
		cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) |
		     (s[2] & 0x3Fu);
	else
		cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
		     ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
	*p += n;
	return cp;
}

static int combining(unsigned cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x900 && cp <= 0x903) ||
	       (cp >= 0x93A && cp <= 0x94F && cp != 0x93D) ||
	       (cp >= 0x951 && cp <= 0x957) || (cp >= 0x962 && cp <= 0x963) ||
	       cp == 0x200C || cp == 0x200D;
}

/* Advance width of one code point in ems, approximating Noto Sans. */
static double cp_em(unsigned cp)
{
	if (combining(cp))
		return 0;
	if (cp == ' ' || cp == 'i' || cp == 'l' || cp == 'j' || cp == '.' ||
	    cp == ',' || cp == ':' || cp == ';' || cp == '\'' || cp == '|' ||
	    cp == '!')
		return 0.27;
	if (cp == 'f' || cp == 't' || cp == 'r' || cp == '(' || cp == ')' ||
	    cp == '-' || cp == '/')
		return 0.36;
	if (cp == 'm' || cp == 'w' || cp == 'M' || cp == 'W' || cp == '%')
		return 0.86;
	if (cp >= '0' && cp <= '9')
		return 0.572;
	if (cp >= 'A' && cp <= 'Z')
		return 0.66;
	if (cp >= 0x900 && cp <= 0x97F)
		return 0.64;
	if (cp == 0x2013 || cp == 0x2014 || cp == 0x2026)
		return 0.8;
	return 0.55;
}

/* Estimated width of s at font size `size` (shared by both backends). */
static double est_width(const char *s, double size)
{
	double em = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p)
		em += cp_em(utf8_next(&p));
	return em * size;
}

/* s, or an arena copy cut at a code-point boundary (never before a
 * combining mark) and ended with an ellipsis, so it fits in maxw. */
static const char *fit(dlist *d, const char *s, double size, double maxw)
{
	if (!s)
		return "";
	if (est_width(s, size) <= maxw)
		return s;
	double ell = cp_em(0x2026) * size, em = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		const unsigned char *q = p;
		unsigned cp = utf8_next(&q);
		double w = cp_em(cp) * size;
		/* marks have no width, so they always follow their base */
		if (!combining(cp) && em + w + ell > maxw)
			break;
		em += w;
		p = q;
	}
	const unsigned char *cut = p;
	size_t n = (size_t)(cut - (const unsigned char *)s);
	char *out = arena_alloc(&d->a, n + 4);
	memcpy(out, s, n);
	memcpy(out + n, "\xE2\x80\xA6", 4);
	return out;
}

/* Number with `dec` decimals and an optional unit; "-0" never appears. */
static void fmt_num(char *out, size_t n, double v, int dec, const char *unit)
{
	if (dec < 0)
		dec = 0;
	if (dec > 3)
		dec = 3;
	double scale = pow(10, dec);
	double r = round(v * scale) / scale;
	if (r == 0)
		r = 0; /* folds -0 */
	snprintf(out, n, "%.*f%s", dec, r, unit ? unit : "");
}

static const char *num_dup(dlist *d, double v, int dec, const char *unit)
{
	char tmp[64];
	fmt_num(tmp, sizeof(tmp), v, dec, unit);
	return arena_strdup(&d->a, tmp);
}

static op *push(dlist *d, int kind)
{
	xgrow((void **)&d->ops, &d->cap, d->n + 1, sizeof(op));
	op *o = &d->ops[d->n++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->fill = NOCOL;
	o->stroke = NOCOL;
	o->sw = 1;
	return o;
}

/* A new primitive of this kind at (x, y); x2, y2 are its second point
 * (a line's end) or its size (a rectangle's width and height). */
static op *place(dlist *d, int kind, double x, double y, double x2, double y2)
{
	op *o = push(d, kind);
	o->x = x;
	o->y = y;
	o->x2 = x2;
	o->y2 = y2;
	return o;
}

static op *rect(dlist *d, double x, double y, double w, double h, uint32_t fill)
{
	if (w < 0) {
		x += w;
		w = -w;
	}
	if (h < 0) {
		y += h;
		h = -h;
	}
	op *o = place(d, OP_RECT, x, y, w, h);
	o->fill = fill;
	return o;
}

static op *line(dlist *d, double x1, double y1, double x2, double y2,
                uint32_t col, double sw, int dash)
{
	op *o = place(d, OP_LINE, x1, y1, x2, y2);
	o->stroke = col;
	o->sw = sw;
	o->dash = dash;
	return o;
}

static op *mark(dlist *d, double x, double y, double r, int shape,
                uint32_t fill, uint32_t stroke)
{
	op *o = place(d, OP_MARK, x, y, 0, 0);
	o->r = r;
	o->shape = shape;
	o->fill = fill;
	o->stroke = stroke;
	return o;
}

static op *text(dlist *d, double x, double y, const char *s, double size,
                int anchor, uint32_t col)
{
	op *o = place(d, OP_TEXT, x, y, 0, 0);
	o->text = s ? s : "";
	o->size = size;
	o->anchor = anchor;
	o->fill = col;
	return o;
}

/* "Nice" axis ticks (1, 2, 5 x 10^k) covering lo..hi with about `want`
 * intervals. When `expand` the range grows to whole ticks. */
typedef struct axis {
	double lo, hi;   /* the axis range */
	double t0, step; /* first tick and spacing */
	int nt, dec;
} axis;

static void axis_make(axis *ax, double lo, double hi, int want, int expand)
{
	if (!is_finite(lo) || !is_finite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (hi < lo) {
		double t = lo;
		lo = hi;
		hi = t;
	}
	if (hi - lo < 1e-9) {
		double pad = fabs(hi) > 1e-9 ? fabs(hi) * 0.1 : 1;
		lo -= pad;
		hi += pad;
	}
	double raw = (hi - lo) / (want > 0 ? want : 5);
	double mag = pow(10, floor(log10(raw)));
	double norm = raw / mag;
	double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
	if (expand) {
		lo = floor(lo / step + 1e-9) * step;
		hi = ceil(hi / step - 1e-9) * step;
	}
	ax->lo = lo;
	ax->hi = hi;
	ax->step = step;
	ax->t0 = ceil(lo / step - 1e-9) * step;
	ax->nt = (int)floor((hi - ax->t0) / step + 1e-9) + 1;
	if (ax->nt < 0)
		ax->nt = 0;
	if (ax->nt > 50)
		ax->nt = 50;
	int dec = (int)-floor(log10(step) + 1e-9);
	ax->dec = dec < 0 ? 0 : dec > 3 ? 3 : dec;
}

static double axis_map(const axis *ax, double v, double p0, double p1)
{
	if (ax->hi - ax->lo <= 0)
		return p0;
	return p0 + (v - ax->lo) / (ax->hi - ax->lo) * (p1 - p0);
}

/* Data range over values and intervals of every series. */
static void series_range(const chart_spec *c, double *lo, double *hi)
{
	double a = INFINITY, b = -INFINITY;
	for (int s = 0; s < c->nseries; s++) {
		const chart_series *se = &c->series[s];
		for (int i = 0; i < c->ncat; i++) {
			const double *arr[3] = {se->v, se->lo, se->hi};
			for (int k = 0; k < 3; k++) {
				if (!arr[k] || !is_finite(arr[k][i]))
					continue;
				if (arr[k][i] < a)
					a = arr[k][i];
				if (arr[k][i] > b)
					b = arr[k][i];
			}
		}
	}
	*lo = a;
	*hi = b;
}

static const char *cat_label(const chart_spec *c, int i)
{
	return c->cats && c->cats[i] ? c->cats[i] : "";
}

static const char *series_name(const chart_spec *c, int s)
{
	const char *n = c->series[s].name;
	return n ? n : "";
}

/* ---- legend ----------------------------------------------------------- */

typedef struct legend_item {
	const char *label;
	uint32_t col;
	int shape; /* marker shape, or -1 for a swatch */
	int dash;  /* >= 0: draw a short line behind the marker */
} legend_item;

/* Lay out legend items flowing left to right from (x, y) within width w;
 * returns the height used. */
static double legend(dlist *d, const legend_item *it, int n, double x, double y,
                     double w)
{
	double f = d->font, cx = x, rowh = f * 1.5, used = rowh;
	for (int i = 0; i < n; i++) {
		const char *lab = fit(d, it[i].label, f, w - f * 2.2);
		double iw = f * 1.8 + est_width(lab, f) + f;
		if (cx > x && cx + iw > x + w) {
			cx = x;
			y += rowh;
			used += rowh;
		}
		double my = y + rowh / 2;
		if (it[i].dash >= 0)
			line(d, cx, my, cx + f * 1.4, my, it[i].col, 2,
			     it[i].dash);
		if (it[i].shape >= 0)
			mark(d, cx + f * 0.7, my, f * 0.3, it[i].shape,
			     it[i].col, 0xFFFFFF);
		else
			rect(d, cx + f * 0.2, my - f * 0.4, f, f * 0.8,
			     it[i].col);
		text(d, cx + f * 1.8, my + f * 0.35, lab, f, A_START, C_TEXT);
		cx += iw;
	}
	return used;
}

/* ---- per-kind layouts ------------------------------------------------- */

/* Value axis ticks, each with its grid line and label: vertical (values
 * up from bottom to top; grid across x0..x1, labels left of x0) or
 * horizontal (values right from x0 to x1; grid from top to bottom,
 * labels under bottom). */
static void axis_ticks(dlist *d, const axis *ax, int vertical, double x0,
                       double x1, double top, double bottom, const char *unit)
{
	double f = d->font;
	for (int i = 0; i < ax->nt; i++) {
		double v = ax->t0 + i * ax->step;
		if (vertical) {
			double y = axis_map(ax, v, bottom, top);
			line(d, x0, y, x1, y, C_GRID, 1, D_SOLID);
			text(d, x0 - f * 0.35, y + f * 0.35,
			     num_dup(d, v, ax->dec, unit), f, A_END, C_AXIS);
		} else {
			double x = axis_map(ax, v, x0, x1);
			line(d, x, top, x, bottom, C_GRID, 1, D_SOLID);
			text(d, x, bottom + f * 1.1,
			     num_dup(d, v, ax->dec, unit), f, A_MIDDLE, C_AXIS);
		}
	}
}

static double ytick_width(const axis *ax, double f, const char *unit)
{
	double w = 0;
	for (int i = 0; i < ax->nt; i++) {
		char tmp[64];
		fmt_num(tmp, sizeof(tmp), ax->t0 + i * ax->step, ax->dec, unit);
		double t = est_width(tmp, f);
		if (t > w)
			w = t;
	}
	return w;
}

static const char *tip_value(dlist *d, const char *a, const char *b, double v,
                             const double *lo, const double *hi, int i, int dec,
                             const char *unit)
{
	char vs[64], ls[64], hs[64];
	fmt_num(vs, sizeof(vs), v, dec, unit);
	const char *sep = b && *b ? ", " : "";
	if (lo && hi && is_finite(lo[i]) && is_finite(hi[i])) {
		fmt_num(ls, sizeof(ls), lo[i], dec, unit);
		fmt_num(hs, sizeof(hs), hi[i], dec, unit);
		return arena_printf(&d->a, "%s%s%s: %s (%s \xE2\x80\x93 %s)", a,
		                    sep, b ? b : "", vs, ls, hs);
	}
	return arena_printf(&d->a, "%s%s%s: %s", a, sep, b ? b : "", vs);
}

/* Height above the plot taken by the optional heading. */
static double heading(dlist *d, const chart_spec *c, double W)
{
	double f = d->font;
	if (!c->show_title)
		return 0;
	op *o = text(d, f * 0.5, f * 1.3, fit(d, c->title, f * 1.15, W - f),
	             f * 1.15, A_START, C_TEXT);
	o->bold = 1;
	return f * 1.9;
}

/* The widest label of categories 0..ncat-1 at font size f. */
static double widest_cat_label(const chart_spec *c, double f)
{
	double widest = 0;
	for (int i = 0; i < c->ncat; i++) {
		double w = est_width(cat_label(c, i), f);
		if (w > widest)
			widest = w;
	}
	return widest;
}

/* The x axis caption, centred under the plot between left and right. */
static void x_caption(dlist *d, const chart_spec *c, double left, double right,
                      double pad)
{
	double f = d->font;
	if (c->x_label)
		text(d, (left + right) / 2, d->h - pad - f * 0.2,
		     fit(d, c->x_label, f, right - left), f, A_MIDDLE, C_AXIS);
}

/* The y axis caption, written upwards beside the plot. */
static void y_caption(dlist *d, const chart_spec *c, double pad, double top,
                      double bottom)
{
	double f = d->font;
	if (c->y_label) {
		op *o = text(d, pad + f * 0.9, (top + bottom) / 2,
		             fit(d, c->y_label, f, bottom - top), f, A_MIDDLE,
		             C_AXIS);
		o->vertical = 1;
	}
}

/* An interval whisker from a to b along the value axis at c across it,
 * with caps of half-length cap at both ends: upright when vertical (values
 * on y), else lying (values on x). */
static void whisker(dlist *d, int vertical, double c, double a, double b,
                    double cap, uint32_t col)
{
	if (vertical) {
		line(d, c, a, c, b, col, 1, D_SOLID);
		line(d, c - cap, a, c + cap, a, col, 1, D_SOLID);
		line(d, c - cap, b, c + cap, b, col, 1, D_SOLID);
	} else {
		line(d, a, c, b, c, col, 1, D_SOLID);
		line(d, a, c - cap, a, c + cap, col, 1, D_SOLID);
		line(d, b, c - cap, b, c + cap, col, 1, D_SOLID);
	}
}

static void layout_line(dlist *d, const chart_spec *c)
{
	double f = d->font, W = d->w, pad = f * 0.5;
	double top = heading(d, c, W) + pad;
	if (c->nseries > 1 || (c->nseries == 1 && c->series[0].name)) {
		legend_item *it =
		    arena_alloc(&d->a, sizeof(*it) * (size_t)c->nseries);
		for (int s = 0; s < c->nseries; s++) {
			it[s].label = series_name(c, s);
			it[s].col = chart_colour(s);
			it[s].shape = s % M_NSHAPES;
			it[s].dash = s % 3;
		}
		top += legend(d, it, c->nseries, pad, top, W - 2 * pad);
	}
	top += f * 0.6;
	double lo, hi;
	series_range(c, &lo, &hi);
	axis ax;
	if (c->fixed_range)
		axis_make(&ax, c->ymin, c->ymax, 5, 0);
	else
		axis_make(&ax, lo, hi, 5, 1);
	double left = pad + ytick_width(&ax, f, c->unit) + f * 0.5;
	if (c->y_label)
		left += f * 1.4;
	double right = W - pad - f;
	double plot_h = c->height > 0 ? 0 : (W * 0.45 < 120 ? 120 : W * 0.45);
	double bottom;
	double below = f * 1.8 + (c->x_label ? f * 1.5 : 0) + pad;
	if (c->height > 0) {
		bottom = c->height - below;
		if (bottom < top + f * 4)
			bottom = top + f * 4;
	} else {
		bottom = top + plot_h;
	}
	d->h = bottom + below;
	axis_ticks(d, &ax, 1, left, right, top, bottom, c->unit);
	line(d, left, bottom, right, bottom, C_AXIS, 1, D_SOLID);
	if (ax.lo < 0 && ax.hi > 0) {
		double zy = axis_map(&ax, 0, bottom, top);
		line(d, left, zy, right, zy, C_AXIS, 1, D_SOLID);
	}
	y_caption(d, c, pad, top, bottom);
	x_caption(d, c, left, right, pad);
	/* x positions, inset so edge markers are not clipped */
	double inset = f * 0.9, x0 = left + inset, x1 = right - inset;
	double *xs = arena_alloc(
	    &d->a, sizeof(double) * (size_t)(c->ncat > 0 ? c->ncat : 1));
	for (int i = 0; i < c->ncat; i++)
		xs[i] = c->ncat == 1 ? (x0 + x1) / 2
		                     : x0 + (x1 - x0) * i / (c->ncat - 1);
	double spacing = c->ncat > 1 ? (x1 - x0) / (c->ncat - 1) : x1 - x0;
	double maxlab = widest_cat_label(c, f);
	int every = 1;
	while (every < c->ncat && every * spacing < maxlab + f * 0.6 &&
	       every * spacing < f * 7)
		every++;
	double prev_right = -1e9;
	for (int i = 0; i < c->ncat; i += every) {
		line(d, xs[i], bottom, xs[i], bottom + f * 0.3, C_AXIS, 1,
		     D_SOLID);
		double maxw = every * spacing - f * 0.3;
		const char *lab = fit(d, cat_label(c, i), f, maxw);
		/* keep the first and last labels inside the chart */
		double half = est_width(lab, f) / 2, lx = xs[i];
		if (lx - half < pad)
			lx = pad + half;
		if (lx + half > W - pad)
			lx = W - pad - half;
		/* a label pushed inwards must not run into the one before */
		if (lx - half < prev_right + f * 0.3)
			continue;
		prev_right = lx + half;
		text(d, lx, bottom + f * 1.35, lab, f, A_MIDDLE, C_AXIS);
	}
	for (int s = 0; s < c->nseries; s++) {
		const chart_series *se = &c->series[s];
		uint32_t col = chart_colour(s);
		/* intervals first, under the line */
		if (se->lo && se->hi)
			for (int i = 0; i < c->ncat; i++) {
				if (!is_finite(se->lo[i]) ||
				    !is_finite(se->hi[i]))
					continue;
				whisker(d, 1, xs[i],
				        axis_map(&ax, se->lo[i], bottom, top),
				        axis_map(&ax, se->hi[i], bottom, top),
				        f * 0.25, col);
			}
		/* one polyline per run of finite values */
		int i = 0;
		while (i < c->ncat) {
			while (i < c->ncat && !is_finite(se->v[i]))
				i++;
			int j = i;
			while (j < c->ncat && is_finite(se->v[j]))
				j++;
			if (j - i >= 2) {
				op *o = push(d, OP_POLY);
				o->npts = j - i;
				o->pts =
				    arena_alloc(&d->a, sizeof(double) * 2 *
				                           (size_t)(j - i));
				for (int k = i; k < j; k++) {
					o->pts[2 * (k - i)] = xs[k];
					o->pts[2 * (k - i) + 1] = axis_map(
					    &ax, se->v[k], bottom, top);
				}
				o->stroke = col;
				o->sw = 2;
				o->dash = s % 3;
			}
			i = j;
		}
		for (int k = 0; k < c->ncat; k++) {
			if (!is_finite(se->v[k]))
				continue;
			op *o =
			    mark(d, xs[k], axis_map(&ax, se->v[k], bottom, top),
			         f * 0.32, s % M_NSHAPES, col, 0xFFFFFF);
			o->tip = tip_value(d, series_name(c, s),
			                   cat_label(c, k), se->v[k], se->lo,
			                   se->hi, k, c->decimals, c->unit);
		}
	}
}

/* What both bar layouts start from: the top of the plot (below the
 * heading and the legend of several series), the value axis, the base the
 * bars grow from (0, or the axis end nearest to it) and the width of the
 * widest value label. */
typedef struct bar_frame {
	double top;
	axis ax;
	double base;
	double vlw;
} bar_frame;

static void bar_frame_make(dlist *d, const chart_spec *c, bar_frame *b)
{
	double f = d->font, W = d->w, pad = f * 0.5;
	int ns = c->nseries;
	b->top = heading(d, c, W) + pad;
	if (ns > 1) {
		legend_item *it = arena_alloc(&d->a, sizeof(*it) * (size_t)ns);
		for (int s = 0; s < ns; s++) {
			it[s].label = series_name(c, s);
			it[s].col = chart_colour(s);
			it[s].shape = -1;
			it[s].dash = -1;
		}
		b->top += legend(d, it, ns, pad, b->top, W - 2 * pad);
	}
	b->top += f * 0.5;
	double lo, hi;
	series_range(c, &lo, &hi);
	if (!(lo < 0))
		lo = 0;
	if (!(hi > 0))
		hi = 0;
	if (c->value_labels && !c->horizontal) {
		double span = hi - lo;
		if (lo < 0)
			lo -= span * 0.12;
		if (hi > 0)
			hi += span * 0.08;
	}
	if (c->fixed_range)
		axis_make(&b->ax, c->ymin, c->ymax, c->horizontal ? 4 : 5, 0);
	else
		axis_make(&b->ax, lo, hi, c->horizontal ? 4 : 5, 1);
	b->base = b->ax.lo > 0 ? b->ax.lo : b->ax.hi < 0 ? b->ax.hi : 0;
	b->vlw = 0;
	if (c->value_labels)
		for (int s = 0; s < ns; s++)
			for (int i = 0; i < c->ncat; i++) {
				char tmp[64];
				if (!is_finite(c->series[s].v[i]))
					continue;
				fmt_num(tmp, sizeof(tmp), c->series[s].v[i],
				        c->decimals, c->unit);
				double w = est_width(tmp, f);
				if (w > b->vlw)
					b->vlw = w;
			}
}

/* Bars growing to the right, categories as rows labelled on the left. */
static void layout_hbars(dlist *d, const chart_spec *c, const bar_frame *b)
{
	double f = d->font, W = d->w, pad = f * 0.5, top = b->top;
	const axis *ax = &b->ax;
	int ns = c->nseries;
	double labw = widest_cat_label(c, f);
	if (labw > W * 0.38)
		labw = W * 0.38;
	double left = pad + labw + f * 0.5;
	double right = W - pad - (c->value_labels ? b->vlw + f * 0.8 : f);
	double below = f * 1.8 + (c->x_label ? f * 1.5 : 0) + pad;
	double barh = f * 1.2, gap = f * 0.5;
	double grp = ns * barh + gap;
	if (c->height > 0 && c->ncat > 0) {
		grp = (c->height - top - below) / c->ncat;
		if (grp < 2)
			grp = 2;
		gap = grp * 0.25;
		barh = (grp - gap) / (ns > 0 ? ns : 1);
	}
	double bottom = top + grp * c->ncat;
	d->h = bottom + below;
	axis_ticks(d, ax, 0, left, right, top, bottom, c->unit);
	x_caption(d, c, left, right, pad);
	double bx = axis_map(ax, b->base, left, right);
	for (int i = 0; i < c->ncat; i++) {
		double gy = top + grp * i + gap / 2;
		if (grp >= f * 0.9)
			text(d, left - f * 0.4, gy + ns * barh / 2 + f * 0.35,
			     fit(d, cat_label(c, i), f, labw), f, A_END,
			     C_TEXT);
		for (int s = 0; s < ns; s++) {
			const chart_series *se = &c->series[s];
			double y = gy + s * barh, v = se->v[i];
			if (!is_finite(v)) {
				text(d, bx + f * 0.3, y + barh / 2 + f * 0.35,
				     "\xE2\x80\x93", f, A_START, C_AXIS);
				continue;
			}
			double x = axis_map(ax, v, left, right);
			op *o =
			    rect(d, bx, y, x - bx, barh * 0.9, chart_colour(s));
			o->tip =
			    tip_value(d, cat_label(c, i),
			              ns > 1 ? series_name(c, s) : NULL, v,
			              se->lo, se->hi, i, c->decimals, c->unit);
			if (se->lo && se->hi && is_finite(se->lo[i]) &&
			    is_finite(se->hi[i]))
				whisker(d, 0, y + barh * 0.45,
				        axis_map(ax, se->lo[i], left, right),
				        axis_map(ax, se->hi[i], left, right),
				        barh * 0.3, C_TEXT);
			if (c->value_labels && barh >= f * 0.8)
				text(d, W - pad, y + barh * 0.45 + f * 0.35,
				     num_dup(d, v, c->decimals, c->unit), f,
				     A_END, C_TEXT);
		}
	}
	line(d, bx, top, bx, bottom, C_AXIS, 1, D_SOLID);
}

/* One upright bar of series s in category i at x, bw wide, growing from
 * by (the base on screen), with its whisker and value label. */
static void vbar(dlist *d, const chart_spec *c, const bar_frame *b, int s,
                 int i, double x, double bw, double by, double top,
                 double bottom)
{
	double f = d->font;
	const chart_series *se = &c->series[s];
	double v = se->v[i];
	if (!is_finite(v)) {
		text(d, x + bw / 2, by - f * 0.3, "\xE2\x80\x93", f, A_MIDDLE,
		     C_AXIS);
		return;
	}
	double y = axis_map(&b->ax, v, bottom, top);
	op *o = rect(d, x + bw * 0.05, by, bw * 0.9, y - by, chart_colour(s));
	o->tip = tip_value(d, cat_label(c, i),
	                   c->nseries > 1 ? series_name(c, s) : NULL, v, se->lo,
	                   se->hi, i, c->decimals, c->unit);
	double end = y;
	if (se->lo && se->hi && is_finite(se->lo[i]) && is_finite(se->hi[i])) {
		double ya = axis_map(&b->ax, se->lo[i], bottom, top),
		       yb = axis_map(&b->ax, se->hi[i], bottom, top);
		whisker(d, 1, x + bw / 2, ya, yb, bw * 0.25, C_TEXT);
		if (v >= b->base && yb < end)
			end = yb;
		if (v < b->base && ya > end)
			end = ya;
	}
	if (c->value_labels) {
		const char *vl = num_dup(d, v, c->decimals, c->unit);
		if (est_width(vl, f) <= bw + f * 0.2)
			text(d, x + bw / 2,
			     v >= b->base ? end - f * 0.3 : end + f * 1.1, vl,
			     f, A_MIDDLE, C_TEXT);
	}
}

/* Upright bars, categories along x (labels thinned when they would
 * overlap), a value axis on the left. */
static void layout_vbars(dlist *d, const chart_spec *c, const bar_frame *b)
{
	double f = d->font, W = d->w, pad = f * 0.5, top = b->top;
	int ns = c->nseries;
	double left = pad + ytick_width(&b->ax, f, c->unit) + f * 0.5;
	if (c->y_label)
		left += f * 1.4;
	double right = W - pad;
	double below = f * 1.8 + (c->x_label ? f * 1.5 : 0) + pad;
	double plot_h = W * 0.45 < 120 ? 120 : W * 0.45;
	double bottom = c->height > 0 ? c->height - below : top + plot_h;
	if (bottom < top + f * 4)
		bottom = top + f * 4;
	if (c->value_labels)
		top += f * 1.2;
	d->h = bottom + below;
	axis_ticks(d, &b->ax, 1, left, right, top, bottom, c->unit);
	y_caption(d, c, pad, top, bottom);
	x_caption(d, c, left, right, pad);
	double gw = c->ncat > 0 ? (right - left) / c->ncat : right - left;
	double bw = gw * 0.8 / (ns > 0 ? ns : 1);
	double by = axis_map(&b->ax, b->base, bottom, top);
	double maxlab = widest_cat_label(c, f);
	int every = 1;
	while (every < c->ncat && every * gw < maxlab + f * 0.5 &&
	       every * gw < f * 6)
		every++;
	for (int i = 0; i < c->ncat; i++) {
		double gx = left + gw * i + gw * 0.1;
		if (i % every == 0)
			text(d, left + gw * (i + 0.5), bottom + f * 1.35,
			     fit(d, cat_label(c, i), f, every * gw - f * 0.3),
			     f, A_MIDDLE, C_AXIS);
		for (int s = 0; s < ns; s++)
			vbar(d, c, b, s, i, gx + s * bw, bw, by, top, bottom);
	}
	line(d, left, by, right, by, C_AXIS, 1, D_SOLID);
}

/* Grouped bars (chart.h, CHART_BAR): horizontal or vertical. */
static void layout_bar(dlist *d, const chart_spec *c)
{
	bar_frame b;
	bar_frame_make(d, c, &b);
	if (c->horizontal)
		layout_hbars(d, c, &b);
	else
		layout_vbars(d, c, &b);
}

typedef struct cat_item {
	int idx;
	double v;
	const char *label;
} cat_item;

static int cat_cmp(const void *a, const void *b)
{
	const cat_item *x = a, *y = b;
	if (x->v < y->v)
		return -1;
	if (x->v > y->v)
		return 1;
	int r = strcmp(x->label, y->label);
	if (r)
		return r;
	return x->idx - y->idx;
}

static double cat_ref(const chart_spec *c)
{
	return c->has_ref ? c->ref : 0;
}

static void layout_caterpillar(dlist *d, const chart_spec *c)
{
	double f = d->font, W = d->w, pad = f * 0.5, ref = cat_ref(c);
	const chart_series *se = &c->series[0];
	double top = heading(d, c, W) + pad;
	const char *rl = c->ref_label ? c->ref_label : "0";
	legend_item it[3] = {
	    {arena_printf(&d->a, _("above %s"), rl), C_ABOVE, M_CIRCLE, -1},
	    {arena_printf(&d->a, _("below %s"), rl), C_BELOW, M_SQUARE, -1},
	    {arena_printf(&d->a, _("not different from %s"), rl), C_SAME,
	     M_DIAMOND, -1},
	};
	top += legend(d, it, 3, pad, top, W - 2 * pad) + f * 0.3;
	int n = 0;
	cat_item *items =
	    arena_alloc(&d->a, sizeof(cat_item) * (size_t)(c->ncat + 1));
	for (int i = 0; i < c->ncat; i++)
		if (is_finite(se->v[i])) {
			items[n].idx = i;
			items[n].v = se->v[i];
			items[n].label = cat_label(c, i);
			n++;
		}
	qsort(items, (size_t)n, sizeof(cat_item), cat_cmp);
	double lo = ref, hi = ref;
	for (int k = 0; k < n; k++) {
		int i = items[k].idx;
		const double vals[3] = {se->v[i], se->lo[i], se->hi[i]};
		for (int j = 0; j < 3; j++)
			if (is_finite(vals[j])) {
				if (vals[j] < lo)
					lo = vals[j];
				if (vals[j] > hi)
					hi = vals[j];
			}
	}
	axis ax;
	if (c->fixed_range)
		axis_make(&ax, c->ymin, c->ymax, 4, 0);
	else
		axis_make(&ax, lo, hi, 4, 1);
	double labw = 0;
	for (int k = 0; k < n; k++) {
		double w = est_width(items[k].label, f);
		if (w > labw)
			labw = w;
	}
	if (labw > W * 0.35)
		labw = W * 0.35;
	double below = f * 1.8 + (c->x_label ? f * 1.5 : 0) + pad;
	double rowh = f * 1.4;
	if (c->height > 0 && n > 0) {
		rowh = (c->height - top - below - f * 1.4) / n;
		if (rowh < 1)
			rowh = 1;
	}
	int show_labels = rowh >= f * 0.95;
	double left = pad + (show_labels ? labw + f * 0.5 : f);
	double right = W - pad - f * 0.5;
	double rtop = top + f * 1.4; /* room for the reference caption */
	double bottom = rtop + rowh * n;
	d->h = bottom + below;
	axis_ticks(d, &ax, 0, left, right, rtop, bottom, c->unit);
	line(d, left, bottom, right, bottom, C_AXIS, 1, D_SOLID);
	double rx = axis_map(&ax, ref, left, right);
	line(d, rx, rtop - f * 0.3, rx, bottom, C_TEXT, 1, D_DASH);
	text(d, rx, rtop - f * 0.5, fit(d, rl, f, W - 2 * pad), f,
	     rx < left + (right - left) * 0.25   ? A_START
	     : rx > left + (right - left) * 0.75 ? A_END
	                                         : A_MIDDLE,
	     C_TEXT);
	x_caption(d, c, left, right, pad);
	for (int k = 0; k < n; k++) {
		int i = items[k].idx;
		double y = rtop + rowh * (k + 0.5);
		double l = se->lo[i], h = se->hi[i];
		uint32_t col = C_SAME;
		int shape = M_DIAMOND;
		if (is_finite(l) && l > ref) {
			col = C_ABOVE;
			shape = M_CIRCLE;
		} else if (is_finite(h) && h < ref) {
			col = C_BELOW;
			shape = M_SQUARE;
		}
		if (show_labels)
			text(d, left - f * 0.4, y + f * 0.35,
			     fit(d, items[k].label, f, labw), f, A_END, C_TEXT);
		if (is_finite(l) && is_finite(h))
			line(d, axis_map(&ax, l, left, right), y,
			     axis_map(&ax, h, left, right), y, col,
			     rowh >= 4 ? 1.5 : 1, D_SOLID);
		double r = rowh * 0.32 < f * 0.32 ? rowh * 0.32 : f * 0.32;
		if (r < 1)
			r = 1;
		op *o = mark(d, axis_map(&ax, se->v[i], left, right), y, r,
		             shape, col, NOCOL);
		o->tip = tip_value(d, items[k].label, NULL, se->v[i], se->lo,
		                   se->hi, i, c->decimals, c->unit);
	}
}

static void heat_range(const chart_spec *c, double *lo, double *hi)
{
	if (c->fixed_range) {
		*lo = c->ymin;
		*hi = c->ymax;
		return;
	}
	double a = INFINITY, b = -INFINITY;
	for (long i = 0; i < (long)c->nrows * c->ncat; i++)
		if (is_finite(c->cells[i])) {
			if (c->cells[i] < a)
				a = c->cells[i];
			if (c->cells[i] > b)
				b = c->cells[i];
		}
	if (!is_finite(a)) {
		a = 0;
		b = 1;
	}
	*lo = a;
	*hi = b;
}

static double luminance(uint32_t c)
{
	double r = ((c >> 16) & 255) / 255.0, g = ((c >> 8) & 255) / 255.0,
	       b = (c & 255) / 255.0;
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

static void layout_heatmap(dlist *d, const chart_spec *c)
{
	double f = d->font, W = d->w, pad = f * 0.5;
	double top = heading(d, c, W) + pad;
	double lo, hi;
	heat_range(c, &lo, &hi);
	double rowlw = 0, collw = 0;
	for (int r = 0; r < c->nrows; r++) {
		double w =
		    est_width(c->rows && c->rows[r] ? c->rows[r] : "", f);
		if (w > rowlw)
			rowlw = w;
	}
	if (rowlw > W * 0.35)
		rowlw = W * 0.35;
	for (int i = 0; i < c->ncat; i++) {
		double w = est_width(cat_label(c, i), f);
		if (w > collw)
			collw = w;
	}
	if (collw > f * 9)
		collw = f * 9;
	double left = pad + rowlw + f * 0.5, right = W - pad;
	double cw = c->ncat > 0 ? (right - left) / c->ncat : right - left;
	double ctop = top + collw + f * 0.5;
	double legend_h = f * 3.4;
	double ch = f * 1.6;
	if (c->height > 0 && c->nrows > 0) {
		ch = (c->height - ctop - legend_h - pad) / c->nrows;
		if (ch < 1)
			ch = 1;
	}
	double bottom = ctop + ch * c->nrows;
	d->h = bottom + legend_h + pad;
	/* column labels, vertical, reading bottom to top */
	if (cw >= f * 0.9)
		for (int i = 0; i < c->ncat; i++) {
			op *o = text(d, left + cw * (i + 0.5) + f * 0.35,
			             ctop - f * 0.3,
			             fit(d, cat_label(c, i), f, collw), f,
			             A_START, C_TEXT);
			o->vertical = 1;
		}
	char tmp[64];
	fmt_num(tmp, sizeof(tmp), hi > 100 ? hi : 100, c->decimals, NULL);
	int cell_text = c->value_labels && cw >= est_width(tmp, f * 0.9) + 3 &&
	                ch >= f * 1.05;
	for (int r = 0; r < c->nrows; r++) {
		double y = ctop + ch * r;
		const char *rlab = c->rows && c->rows[r] ? c->rows[r] : "";
		if (ch >= f * 0.95)
			text(d, left - f * 0.4, y + ch / 2 + f * 0.35,
			     fit(d, rlab, f, rowlw), f, A_END, C_TEXT);
		for (int i = 0; i < c->ncat; i++) {
			double v = c->cells[(long)r * c->ncat + i];
			double x = left + cw * i;
			if (!is_finite(v)) {
				op *o = rect(d, x, y, cw, ch, C_NODATA);
				o->stroke = 0xFFFFFF;
				o->tip =
				    arena_printf(&d->a, "%s, %s: %s", rlab,
				                 cat_label(c, i), _("no data"));
				if (cell_text)
					text(d, x + cw / 2,
					     y + ch / 2 + f * 0.3,
					     "\xE2\x80\x93", f * 0.9, A_MIDDLE,
					     C_TEXT);
				continue;
			}
			double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
			uint32_t col = chart_scale(t);
			op *o = rect(d, x, y, cw, ch, col);
			o->stroke = 0xFFFFFF;
			o->tip = tip_value(d, rlab, cat_label(c, i), v, NULL,
			                   NULL, 0, c->decimals, c->unit);
			if (cell_text)
				text(d, x + cw / 2, y + ch / 2 + f * 0.3,
				     num_dup(d, v, c->decimals, NULL), f * 0.9,
				     A_MIDDLE,
				     luminance(col) < 0.45 ? 0xFFFFFF
				                           : 0x111111);
		}
	}
	/* legend: the scale as 24 steps, its ends and middle, and no data */
	double lw = W - 2 * pad - f * 8;
	if (lw > 240)
		lw = 240;
	if (lw < f * 6)
		lw = f * 6;
	double ly = bottom + f * 0.8, lx = pad;
	for (int k = 0; k < 24; k++)
		rect(d, lx + lw * k / 24, ly, lw / 24 + 0.1, f * 0.8,
		     chart_scale((k + 0.5) / 24));
	text(d, lx, ly + f * 2, num_dup(d, lo, c->decimals, c->unit), f,
	     A_START, C_AXIS);
	text(d, lx + lw / 2, ly + f * 2,
	     num_dup(d, (lo + hi) / 2, c->decimals, c->unit), f, A_MIDDLE,
	     C_AXIS);
	text(d, lx + lw, ly + f * 2, num_dup(d, hi, c->decimals, c->unit), f,
	     A_END, C_AXIS);
	double nx = lx + lw + f;
	rect(d, nx, ly, f * 0.8, f * 0.8, C_NODATA);
	text(d, nx + f * 1.1, ly + f * 0.75,
	     fit(d, _("no data"), f, W - pad - nx - f * 1.1), f, A_START,
	     C_AXIS);
}

/* ---- validation, layout entry, description ---------------------------- */

static int check(const chart_spec *c, att_err *e)
{
	if (!c)
		return err_set(e, ATT_EINPUT, "chart: no spec");
	if (!c->title || !*c->title)
		return err_set(e, ATT_EINPUT, "chart: no title");
	if (c->ncat < 0 || c->nseries < 0 || c->nrows < 0)
		return err_set(e, ATT_EINPUT, "chart '%s': negative count",
		               c->title);
	if (c->ncat > 100000 || c->nseries > 64 || c->nrows > 100000)
		return err_set(e, ATT_EINPUT, "chart '%s': too many elements",
		               c->title);
	if (c->width < 0 || c->height < 0 || c->font < 0 ||
	    (c->fixed_range && !(c->ymax > c->ymin)))
		return err_set(e, ATT_EINPUT, "chart '%s': bad size or range",
		               c->title);
	switch (c->kind) {
	case CHART_LINE:
	case CHART_BAR:
	case CHART_CATERPILLAR:
		if (c->nseries > 0 && !c->series)
			return err_set(e, ATT_EINPUT,
			               "chart '%s': series missing", c->title);
		for (int s = 0; s < c->nseries; s++)
			if (c->ncat > 0 && !c->series[s].v)
				return err_set(e, ATT_EINPUT,
				               "chart '%s': series %d has no "
				               "values",
				               c->title, s);
		if (c->kind == CHART_CATERPILLAR &&
		    (c->nseries < 1 ||
		     (c->ncat > 0 && (!c->series[0].lo || !c->series[0].hi))))
			return err_set(e, ATT_EINPUT,
			               "chart '%s': caterpillar needs values "
			               "with intervals",
			               c->title);
		break;
	case CHART_HEATMAP:
		if (c->nrows > 0 && c->ncat > 0 && !c->cells)
			return err_set(e, ATT_EINPUT,
			               "chart '%s': heat map has no cells",
			               c->title);
		break;
	default:
		return err_set(e, ATT_EINPUT, "chart '%s': unknown kind %d",
		               c->title, (int)c->kind);
	}
	return ATT_OK;
}

static void id_of(const chart_spec *c, char *out, size_t n)
{
	if (c->id && *c->id) {
		/* keep only characters that are safe in an id */
		size_t k = 0;
		for (const char *p = c->id; *p && k + 1 < n; p++)
			if ((*p >= 'a' && *p <= 'z') ||
			    (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
				out[k++] = *p;
		out[k] = '\0';
		if (k)
			return;
	}
	uint64_t h = hash64(c->title, strlen(c->title), 0);
	snprintf(out, n, "c%08x", (unsigned)(h & 0xffffffffu));
}

static void layout(dlist *d, const chart_spec *c)
{
	memset(d, 0, sizeof(*d));
	arena_init(&d->a);
	d->font = c->font > 0 ? c->font : 12;
	d->w = c->width > 0 ? c->width : 360;
	switch (c->kind) {
	case CHART_LINE:
		layout_line(d, c);
		break;
	case CHART_BAR:
		layout_bar(d, c);
		break;
	case CHART_CATERPILLAR:
		layout_caterpillar(d, c);
		break;
	case CHART_HEATMAP:
		layout_heatmap(d, c);
		break;
	}
	if (c->height > 0)
		d->h = c->height;
}

static void dlist_free(dlist *d)
{
	free(d->ops);
	arena_free(&d->a);
}

double chart_height(const chart_spec *c)
{
	if (check(c, NULL))
		return 0;
	dlist d;
	layout(&d, c);
	double h = d.h;
	dlist_free(&d);
	return h;
}

char *chart_desc_alloc(const chart_spec *c)
{
	if (!c || !c->title)
		return xstrdup("");
	if (c->desc)
		return xstrdup(c->desc);
	buf b;
	buf_init(&b);
	char v1[64], v2[64], v3[64];
	int dec = c->decimals;
	switch (c->kind) {
	case CHART_LINE:
		buf_printf(&b, _("%s. Line chart over %d points"), c->title,
		           c->ncat);
		if (c->ncat > 0)
			buf_printf(&b, _(", from %s to %s"), cat_label(c, 0),
			           cat_label(c, c->ncat - 1));
		buf_adds(&b, ".");
		for (int s = 0; s < c->nseries && c->series; s++) {
			const double *v = c->series[s].v;
			int first = -1, last = -1;
			for (int i = 0; v && i < c->ncat; i++)
				if (is_finite(v[i])) {
					if (first < 0)
						first = i;
					last = i;
				}
			if (first < 0) {
				buf_printf(&b, _(" %s: no data."),
				           series_name(c, s));
				continue;
			}
			fmt_num(v1, sizeof(v1), v[first], dec, c->unit);
			fmt_num(v2, sizeof(v2), v[last], dec, c->unit);
			buf_printf(&b, _(" %s: %s in %s, %s in %s."),
			           series_name(c, s), v1, cat_label(c, first),
			           v2, cat_label(c, last));
		}
		break;
	case CHART_BAR:
		buf_printf(&b, _("%s. Bar chart of %d categories."), c->title,
		           c->ncat);
		for (int i = 0, k = 0; i < c->ncat && c->series; i++)
			for (int s = 0; s < c->nseries; s++, k++) {
				if (k == 40) {
					buf_adds(&b, " \xE2\x80\xA6");
					i = c->ncat;
					break;
				}
				double v = c->series[s].v[i];
				if (is_finite(v))
					fmt_num(v1, sizeof(v1), v, dec,
					        c->unit);
				else
					snprintf(v1, sizeof(v1), "%s",
					         _("no data"));
				buf_printf(&b, " %s%s%s: %s.", cat_label(c, i),
				           c->nseries > 1 ? ", " : "",
				           c->nseries > 1 ? series_name(c, s)
				                          : "",
				           v1);
			}
		break;
	case CHART_CATERPILLAR: {
		int above = 0, below = 0, same = 0, none = 0;
		double ref = cat_ref(c);
		const chart_series *se = c->series;
		for (int i = 0; se && i < c->ncat; i++) {
			if (!is_finite(se->v[i]))
				none++;
			else if (is_finite(se->lo[i]) && se->lo[i] > ref)
				above++;
			else if (is_finite(se->hi[i]) && se->hi[i] < ref)
				below++;
			else
				same++;
		}
		const char *rl = c->ref_label ? c->ref_label : "0";
		buf_printf(
		    &b,
		    _("%s. Estimates with 95%% intervals for %d units, "
		      "sorted: %d above %s, %d below, %d not different."),
		    c->title, c->ncat - none, above, rl, below, same);
		break;
	}
	case CHART_HEATMAP: {
		double lo, hi;
		if (c->nrows > 0 && c->ncat > 0 && c->cells) {
			heat_range(c, &lo, &hi);
		} else {
			lo = 0;
			hi = 0;
		}
		fmt_num(v1, sizeof(v1), lo, dec, c->unit);
		fmt_num(v2, sizeof(v2), hi, dec, c->unit);
		buf_printf(&b,
		           _("%s. Heat map of %d rows by %d columns, values "
		             "from %s to %s."),
		           c->title, c->nrows, c->ncat, v1, v2);
		long best = -1;
		for (long i = 0; c->cells && i < (long)c->nrows * c->ncat; i++)
			if (is_finite(c->cells[i]) &&
			    (best < 0 || c->cells[i] < c->cells[best]))
				best = i;
		if (best >= 0) {
			int r = (int)(best / c->ncat),
			    k = (int)(best % c->ncat);
			fmt_num(v3, sizeof(v3), c->cells[best], dec, c->unit);
			buf_printf(&b, _(" Lowest: %s, %s (%s)."),
			           c->rows && c->rows[r] ? c->rows[r] : "",
			           cat_label(c, k), v3);
		}
		break;
	}
	}
	return buf_detach(&b);
}

/* ---- SVG backend ------------------------------------------------------ */

/* Coordinates to one decimal, trailing ".0" dropped: fixed and short. */
static void svg_num(buf *b, double v)
{
	long t = lround(v * 10);
	if (t < 0) {
		buf_addc(b, '-');
		t = -t;
	}
	if (t % 10)
		buf_printf(b, "%ld.%ld", t / 10, t % 10);
	else
		buf_printf(b, "%ld", t / 10);
}

static void svg_col(buf *b, uint32_t c)
{
	if (c == NOCOL)
		buf_adds(b, "none");
	else
		buf_printf(b, "#%06x", (unsigned)c);
}

static void svg_attr_num(buf *b, const char *name, double v)
{
	buf_printf(b, " %s=\"", name);
	svg_num(b, v);
	buf_addc(b, '"');
}

static void svg_stroke(buf *b, const op *o)
{
	if (o->stroke == NOCOL)
		return;
	buf_adds(b, " stroke=\"");
	svg_col(b, o->stroke);
	buf_addc(b, '"');
	if (o->sw != 1)
		svg_attr_num(b, "stroke-width", o->sw);
	if (o->dash == D_DASH)
		buf_adds(b, " stroke-dasharray=\"5 3\"");
	else if (o->dash == D_DOT)
		buf_adds(b, " stroke-dasharray=\"1.5 2.5\"");
}

static void svg_fill(buf *b, uint32_t c)
{
	buf_adds(b, " fill=\"");
	svg_col(b, c);
	buf_addc(b, '"');
}

static void svg_poly_pts(buf *b, const double *p, int n)
{
	buf_adds(b, " points=\"");
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ' ');
		svg_num(b, p[2 * i]);
		buf_addc(b, ',');
		svg_num(b, p[2 * i + 1]);
	}
	buf_addc(b, '"');
}

static void svg_op(buf *b, const op *o, double base_font)
{
	const char *tag = NULL;
	switch (o->kind) {
	case OP_RECT:
		tag = "rect";
		buf_adds(b, "<rect");
		svg_attr_num(b, "x", o->x);
		svg_attr_num(b, "y", o->y);
		svg_attr_num(b, "width", o->x2);
		svg_attr_num(b, "height", o->y2);
		svg_fill(b, o->fill);
		svg_stroke(b, o);
		break;
	case OP_LINE:
		buf_adds(b, "<line");
		svg_attr_num(b, "x1", o->x);
		svg_attr_num(b, "y1", o->y);
		svg_attr_num(b, "x2", o->x2);
		svg_attr_num(b, "y2", o->y2);
		svg_stroke(b, o);
		buf_adds(b, "/>\n");
		return;
	case OP_POLY:
		buf_adds(b, "<polyline");
		svg_poly_pts(b, o->pts, o->npts);
		buf_adds(b, " fill=\"none\"");
		svg_stroke(b, o);
		buf_adds(b, " stroke-linejoin=\"round\"/>\n");
		return;
	case OP_MARK: {
		double r = o->r;
		if (o->shape == M_CIRCLE) {
			tag = "circle";
			buf_adds(b, "<circle");
			svg_attr_num(b, "cx", o->x);
			svg_attr_num(b, "cy", o->y);
			svg_attr_num(b, "r", r);
		} else if (o->shape == M_SQUARE) {
			tag = "rect";
			r *= 0.9;
			buf_adds(b, "<rect");
			svg_attr_num(b, "x", o->x - r);
			svg_attr_num(b, "y", o->y - r);
			svg_attr_num(b, "width", 2 * r);
			svg_attr_num(b, "height", 2 * r);
		} else {
			double p[8];
			int n;
			tag = "polygon";
			if (o->shape == M_TRIANGLE) {
				double rr = r * 1.2;
				p[0] = o->x, p[1] = o->y - rr;
				p[2] = o->x + rr * 0.866,
				p[3] = o->y + rr * 0.5;
				p[4] = o->x - rr * 0.866,
				p[5] = o->y + rr * 0.5;
				n = 3;
			} else {
				double rr = r * 1.25;
				p[0] = o->x, p[1] = o->y - rr;
				p[2] = o->x + rr, p[3] = o->y;
				p[4] = o->x, p[5] = o->y + rr;
				p[6] = o->x - rr, p[7] = o->y;
				n = 4;
			}
			buf_adds(b, "<polygon");
			svg_poly_pts(b, p, n);
		}
		svg_fill(b, o->fill);
		svg_stroke(b, o);
		break;
	}
	case OP_TEXT:
		buf_adds(b, "<text");
		svg_attr_num(b, "x", o->x);
		svg_attr_num(b, "y", o->y);
		if (o->size != base_font)
			svg_attr_num(b, "font-size", o->size);
		if (o->anchor == A_MIDDLE)
			buf_adds(b, " text-anchor=\"middle\"");
		else if (o->anchor == A_END)
			buf_adds(b, " text-anchor=\"end\"");
		if (o->bold)
			buf_adds(b, " font-weight=\"bold\"");
		if (o->fill != C_TEXT)
			svg_fill(b, o->fill);
		if (o->vertical) {
			buf_adds(b, " transform=\"rotate(-90 ");
			svg_num(b, o->x);
			buf_addc(b, ' ');
			svg_num(b, o->y);
			buf_adds(b, ")\"");
		}
		buf_addc(b, '>');
		esc_html(b, o->text);
		buf_adds(b, "</text>\n");
		return;
	}
	if (o->tip) {
		buf_adds(b, "><title>");
		esc_html(b, o->tip);
		buf_printf(b, "</title></%s>\n", tag);
	} else {
		buf_adds(b, "/>\n");
	}
}

void chart_pct_scale(chart_spec *c)
{
	c->fixed_range = 1;
	c->ymin = 0;
	c->ymax = 100;
	c->unit = "%";
}

int chart_svg(buf *out, const chart_spec *c, att_err *e)
{
	int rc = check(c, e);
	if (rc)
		return rc;
	dlist d;
	layout(&d, c);
	char id[64];
	id_of(c, id, sizeof(id));
	char *desc = chart_desc_alloc(c);
	buf_adds(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"");
	buf_printf(out, " aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 ", id,
	           id);
	svg_num(out, d.w);
	buf_addc(out, ' ');
	svg_num(out, d.h);
	buf_addc(out, '"');
	svg_attr_num(out, "width", d.w);
	svg_attr_num(out, "height", d.h);
	buf_adds(out, " style=\"max-width:100%;height:auto\""
	              " font-family=\"'Noto Sans',sans-serif\"");
	svg_attr_num(out, "font-size", d.font);
	buf_adds(out, " fill=\"#222222\">\n");
	buf_printf(out, "<title id=\"%s-t\">", id);
	esc_html(out, c->title);
	buf_printf(out, "</title>\n<desc id=\"%s-d\">", id);
	esc_html(out, desc);
	buf_adds(out, "</desc>\n<rect width=\"100%\" height=\"100%\" "
	              "fill=\"#ffffff\"/>\n");
	for (size_t i = 0; i < d.n; i++)
		svg_op(out, &d.ops[i], d.font);
	buf_adds(out, "</svg>\n");
	free(desc);
	dlist_free(&d);
	return ATT_OK;
}

/* ---- cairo backend ---------------------------------------------------- */

static void cr_col(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0,
	                     ((c >> 8) & 255) / 255.0, (c & 255) / 255.0);
}

static void cr_stroke(cairo_t *cr, const op *o)
{
	if (o->stroke == NOCOL)
		return;
	cr_col(cr, o->stroke);
	cairo_set_line_width(cr, o->sw);
	static const double dash[] = {5, 3}, dot[] = {1.5, 2.5};
	if (o->dash == D_DASH)
		cairo_set_dash(cr, dash, 2, 0);
	else if (o->dash == D_DOT)
		cairo_set_dash(cr, dot, 2, 0);
	else
		cairo_set_dash(cr, NULL, 0, 0);
	cairo_stroke_preserve(cr);
}

static void cr_fill_stroke(cairo_t *cr, const op *o)
{
	if (o->fill != NOCOL) {
		cr_col(cr, o->fill);
		cairo_fill_preserve(cr);
	}
	cr_stroke(cr, o);
	cairo_new_path(cr);
}

static void cr_text(cairo_t *cr, const op *o)
{
	/* shaped once per thread (report_text.h); drawn under the rotation
	 * by cairo, so the layout itself never changes */
	PangoLayout *pl =
	    rtext_layout(o->text, o->size, o->bold, 0, -1, PANGO_ALIGN_LEFT);
	PangoRectangle ink, logical;
	pango_layout_get_extents(pl, &ink, &logical);
	double w = (double)logical.width / PANGO_SCALE;
	double base = (double)pango_layout_get_baseline(pl) / PANGO_SCALE;
	double dx = o->anchor == A_MIDDLE ? -w / 2
	            : o->anchor == A_END  ? -w
	                                  : 0;
	cairo_save(cr);
	cairo_translate(cr, o->x, o->y);
	if (o->vertical)
		cairo_rotate(cr, -M_PI / 2);
	cairo_move_to(cr, dx, -base);
	cr_col(cr, o->fill);
	pango_cairo_show_layout(cr, pl);
	cairo_restore(cr);
}

static void cr_op(cairo_t *cr, const op *o)
{
	switch (o->kind) {
	case OP_RECT:
		cairo_rectangle(cr, o->x, o->y, o->x2, o->y2);
		cr_fill_stroke(cr, o);
		break;
	case OP_LINE:
		cairo_move_to(cr, o->x, o->y);
		cairo_line_to(cr, o->x2, o->y2);
		cr_stroke(cr, o);
		cairo_new_path(cr);
		break;
	case OP_POLY:
		for (int i = 0; i < o->npts; i++)
			(i ? cairo_line_to : cairo_move_to)(cr, o->pts[2 * i],
			                                    o->pts[2 * i + 1]);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cr_stroke(cr, o);
		cairo_new_path(cr);
		break;
	case OP_MARK: {
		double r = o->r;
		if (o->shape == M_CIRCLE) {
			cairo_new_sub_path(cr);
			cairo_arc(cr, o->x, o->y, r, 0, 2 * M_PI);
		} else if (o->shape == M_SQUARE) {
			r *= 0.9;
			cairo_rectangle(cr, o->x - r, o->y - r, 2 * r, 2 * r);
		} else if (o->shape == M_TRIANGLE) {
			double rr = r * 1.2;
			cairo_move_to(cr, o->x, o->y - rr);
			cairo_line_to(cr, o->x + rr * 0.866, o->y + rr * 0.5);
			cairo_line_to(cr, o->x - rr * 0.866, o->y + rr * 0.5);
			cairo_close_path(cr);
		} else {
			double rr = r * 1.25;
			cairo_move_to(cr, o->x, o->y - rr);
			cairo_line_to(cr, o->x + rr, o->y);
			cairo_line_to(cr, o->x, o->y + rr);
			cairo_line_to(cr, o->x - rr, o->y);
			cairo_close_path(cr);
		}
		cr_fill_stroke(cr, o);
		break;
	}
	case OP_TEXT:
		cr_text(cr, o);
		break;
	}
}

int chart_cairo(struct _cairo *cr, double x, double y, const chart_spec *c,
                att_err *e)
{
	int rc = check(c, e);
	if (rc)
		return rc;
	if (!cr)
		return err_set(e, ATT_EINPUT, "chart '%s': no cairo context",
		               c->title);
	dlist d;
	layout(&d, c);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_rectangle(cr, 0, 0, d.w, d.h);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_fill(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	for (size_t i = 0; i < d.n; i++)
		cr_op(cr, &d.ops[i]);
	cairo_restore(cr);
	dlist_free(&d);
	cairo_status_t st = cairo_status(cr);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(e, ATT_EIO, "chart '%s': %s", c->title,
		               cairo_status_to_string(st));
	return ATT_OK;
}

void chart_shutdown(void)
{
	/* Only drop the default font map. cairo_debug_reset_static_data() and
	 * FcFini() would free the libraries' caches too, but both assert that
	 * no font is still referenced anywhere, and an assertion failure at
	 * exit is worse than caches the process is about to lose anyway; the
	 * leak checker is told about those caches in tests/lsan.supp. */
	rtext_release();
	pango_cairo_font_map_set_default(NULL);
}
