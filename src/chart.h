/*
 * chart.h - the charts of attain, drawn the same on screen and on paper.
 *
 * One layout step turns a chart_spec into a list of drawing primitives
 * (rectangles, lines, polylines, markers, text) in user units; two backends
 * replay that list: chart_svg() writes accessible SVG text for the web
 * (role="img", <title> and <desc>, every label escaped through escape.h),
 * chart_cairo() draws onto a cairo context (PDF or PNG pages) with pango
 * for text, so Devanagari labels are shaped correctly. Because both
 * backends share the layout, including the text-width estimate used to
 * place and truncate labels, a figure has the same geometry in both.
 *
 * Kinds:
 *   CHART_LINE        values over time: ncat time points (cats) on x, one
 *                     polyline per series (NAN breaks a line), optional
 *                     per-point intervals (lo/hi) as whiskers. Each series
 *                     has its own colour, marker shape and dash pattern.
 *   CHART_BAR         bars, grouped when nseries > 1 (e.g. a gap per
 *                     subgroup for several years), with optional interval
 *                     whiskers; negative values grow from the zero line.
 *                     Horizontal (cats as rows, labels on the left) when
 *                     spec.horizontal is set, else vertical.
 *   CHART_CATERPILLAR point estimates with 95% intervals from series[0]
 *                     (v, lo, hi), one row per category, sorted by estimate
 *                     (ties by label), a reference line at spec.ref (0 unless
 *                     has_ref is set with another value); each point is
 *                     marked above / below / not different from the line.
 *   CHART_HEATMAP     nrows x ncat cells (row-major, NAN = no data or
 *                     suppressed, drawn grey with a dash) on a colour-blind
 *                     safe sequential scale (viridis) with a legend.
 *
 * Palette: Okabe and Ito's colour-blind safe set (Okabe & Ito 2008,
 * "Color Universal Design"), with marker shapes and dashes as a second cue.
 * Output is deterministic: the same spec gives byte-identical SVG (numbers
 * are printed with a fixed format, independent of locale and platform).
 * Sizes are in user units: CSS pixels in SVG, points in cairo. The default
 * width is 360 and font size 12 so that an SVG shown on a 360 px phone keeps
 * 12 px text.
 *
 * Ownership: the spec and everything it points to are borrowed for the call.
 */
#ifndef ATTAIN_CHART_H
#define ATTAIN_CHART_H

#include <stdint.h>

#include "util.h"

typedef enum {
	CHART_LINE = 0,
	CHART_BAR = 1,
	CHART_CATERPILLAR = 2,
	CHART_HEATMAP = 3,
} chart_kind;

typedef struct chart_series {
	const char *name; /* legend label (may be NULL with one series) */
	const double *v;  /* ncat values; NAN = missing */
	const double *lo; /* optional lower interval bounds (NULL: none) */
	const double *hi; /* optional upper interval bounds (NULL: none) */
} chart_series;

typedef struct chart_spec {
	chart_kind kind;
	const char *id;      /* element id prefix (unique on a page); NULL:
	                        derived from the title */
	const char *title;   /* accessible name; required */
	const char *desc;    /* text alternative; NULL: a generated summary */
	int show_title;      /* also draw the title as a heading inside */
	const char *x_label; /* axis captions (optional) */
	const char *y_label;
	int ncat;
	const char *const *cats; /* x points, bars, units or heat-map columns */
	int nseries;
	const chart_series *series;
	int nrows;               /* heat map rows */
	const char *const *rows; /* heat map row labels */
	const double *cells;     /* heat map values, nrows * ncat, row-major */
	int fixed_range;         /* use ymin..ymax for the value axis/scale */
	double ymin, ymax;
	int has_ref; /* reference line at ref (caterpillar always
	                draws one: at ref when has_ref, else 0) */
	double ref;
	const char *ref_label; /* caption of the reference line */
	const char *unit;      /* suffix of value labels, e.g. "%" */
	int decimals;          /* decimals of value labels (0..3) */
	int value_labels;      /* write values on bars / heat-map cells */
	int horizontal;        /* CHART_BAR: bars grow to the right */
	double width, height;  /* 0: 360 wide; height from the content */
	double font;           /* base font size; 0: 12 */
} chart_spec;

/* Put c on the percentage scale: the value axis (or heat-map scale) fixed
 * at 0 to 100, values labelled with "%". */
void chart_pct_scale(chart_spec *c);

/*
 * Append an <svg> element for c to out. Returns ATT_OK, or ATT_EINPUT (with
 * e filled, out unchanged) when the spec is inconsistent: unknown kind, no
 * title, negative counts, missing arrays, heat map without cells, or a
 * caterpillar without series[0].lo/hi.
 */
int chart_svg(buf *out, const chart_spec *c, att_err *e);

/*
 * Draw c onto the cairo context cr (a cairo_t *) with its top-left corner
 * at (x, y), in the context's user units. Text is laid out by pango in the
 * "Noto Sans" family. The context's state is saved and restored. Same
 * errors as chart_svg (nothing drawn on error).
 */
struct _cairo;
int chart_cairo(struct _cairo *cr, double x, double y, const chart_spec *c,
                att_err *e);

/* The height chart_svg/chart_cairo will use for c (c->height when set,
 * else computed from the number of rows, series and legend). */
double chart_height(const chart_spec *c);

/* The text alternative for c: c->desc, or the generated summary (the same
 * text that goes into <desc>). Caller frees. */
char *chart_desc_alloc(const chart_spec *c);

/* Series colour i (cycles through the palette) as 0xRRGGBB, and as the
 * "#rrggbb" text written into SVG (static storage). */
uint32_t chart_colour(int i);
const char *chart_colour_hex(int i);

/* Drop pango's default font map at the end of a process that drew with
 * chart_cairo (the libraries' own font caches stay until exit; see
 * chart.c). Drawing again afterwards works but reloads the fonts. Not
 * thread-safe. */
void chart_shutdown(void);

/* Viridis colour for t in [0, 1] (clamped), as 0xRRGGBB. */
uint32_t chart_scale(double t);

#endif
