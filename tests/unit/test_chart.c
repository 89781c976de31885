/*
 * test_chart.c - chart layout and its SVG and cairo backends: exact SVG for
 * a tiny chart (coordinates worked by hand in the comment), escaping of
 * hostile labels, determinism, sorting and classification of caterpillar
 * plots, spec validation, and cairo rendering that puts the bar colour
 * where the bars are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "escape.h"
#include "testutil.h"

static const char *tiny_cats[] = {"A", "B<"};
static double tiny_v[] = {1, 3};

static chart_spec tiny_spec(chart_series *s)
{
	s->name = "x&y";
	s->v = tiny_v;
	s->lo = s->hi = NULL;
	chart_spec c = {.kind = CHART_BAR,
	                .id = "t1",
	                .title = "Tiny \"chart\"",
	                .ncat = 2,
	                .cats = tiny_cats,
	                .nseries = 1,
	                .series = s,
	                .width = 200,
	                .height = 100,
	                .fixed_range = 1,
	                .ymin = 0,
	                .ymax = 4};
	return c;
}

/*
 * Geometry of the tiny chart (font 12, pad 6): the plot starts at
 * top = 6 + 6 = 12; tick labels "0".."4" are 0.572 em = 6.864 wide, so
 * left = 6 + 6.864 + 6 = 18.864; right = 200 - 6 = 194; below the plot
 * 12 * 1.8 + 6 = 27.6, so bottom = 72.4. Two groups of width 87.568, bar
 * width 0.8 * 87.568 = 70.05 drawn 0.9 wide = 63.05 at left + 0.1 group +
 * 0.05 bar = 31.12; value 1 maps to 72.4 - 60.4 / 4 = 57.3.
 */
static const char tiny_svg[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
    "aria-labelledby=\"t1-t t1-d\" viewBox=\"0 0 200 100\" width=\"200\" "
    "height=\"100\" style=\"max-width:100%;height:auto\" "
    "font-family=\"'Noto Sans',sans-serif\" font-size=\"12\" "
    "fill=\"#222222\">\n"
    "<title id=\"t1-t\">Tiny &quot;chart&quot;</title>\n"
    "<desc id=\"t1-d\">Tiny &quot;chart&quot;. Bar chart of 2 categories. "
    "A: 1. B&lt;: 3.</desc>\n"
    "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    "<line x1=\"18.9\" y1=\"72.4\" x2=\"194\" y2=\"72.4\" "
    "stroke=\"#dddddd\"/>\n"
    "<text x=\"14.7\" y=\"76.6\" text-anchor=\"end\" "
    "fill=\"#555555\">0</text>\n"
    "<line x1=\"18.9\" y1=\"57.3\" x2=\"194\" y2=\"57.3\" "
    "stroke=\"#dddddd\"/>\n"
    "<text x=\"14.7\" y=\"61.5\" text-anchor=\"end\" "
    "fill=\"#555555\">1</text>\n"
    "<line x1=\"18.9\" y1=\"42.2\" x2=\"194\" y2=\"42.2\" "
    "stroke=\"#dddddd\"/>\n"
    "<text x=\"14.7\" y=\"46.4\" text-anchor=\"end\" "
    "fill=\"#555555\">2</text>\n"
    "<line x1=\"18.9\" y1=\"27.1\" x2=\"194\" y2=\"27.1\" "
    "stroke=\"#dddddd\"/>\n"
    "<text x=\"14.7\" y=\"31.3\" text-anchor=\"end\" "
    "fill=\"#555555\">3</text>\n"
    "<line x1=\"18.9\" y1=\"12\" x2=\"194\" y2=\"12\" "
    "stroke=\"#dddddd\"/>\n"
    "<text x=\"14.7\" y=\"16.2\" text-anchor=\"end\" "
    "fill=\"#555555\">4</text>\n"
    "<text x=\"62.6\" y=\"88.6\" text-anchor=\"middle\" "
    "fill=\"#555555\">A</text>\n"
    "<rect x=\"31.1\" y=\"57.3\" width=\"63\" height=\"15.1\" "
    "fill=\"#0072b2\"><title>A: 1</title></rect>\n"
    "<text x=\"150.2\" y=\"88.6\" text-anchor=\"middle\" "
    "fill=\"#555555\">B&lt;</text>\n"
    "<rect x=\"118.7\" y=\"27.1\" width=\"63\" height=\"45.3\" "
    "fill=\"#0072b2\"><title>B&lt;: 3</title></rect>\n"
    "<line x1=\"18.9\" y1=\"72.4\" x2=\"194\" y2=\"72.4\" "
    "stroke=\"#555555\"/>\n"
    "</svg>\n";

static void test_tiny_exact(void **state)
{
	(void)state;
	chart_series s;
	chart_spec c = tiny_spec(&s);
	buf b;
	buf_init(&b);
	att_err e;
	err_clear(&e);
	assert_int_equal(chart_svg(&b, &c, &e), ATT_OK);
	assert_string_equal(b.data, tiny_svg);
	assert_true(fabs(chart_height(&c) - 100) < 1e-9);
	buf_free(&b);
}

/* Count occurrences of needle in hay. */
static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_escaping_and_determinism(void **state)
{
	(void)state;
	const char *cats[] = {"<script>alert(1)</script>", "a\"b", "ok"};
	double v[] = {10, 20, NAN}, lo[] = {5, 15, NAN}, hi[] = {15, 25, NAN};
	chart_series s[] = {{"s<1>", v, lo, hi}, {"s&2", v, NULL, NULL}};
	for (int kind = 0; kind <= CHART_HEATMAP; kind++) {
		const char *rows[] = {"r<1>"};
		chart_spec c = {.kind = (chart_kind)kind,
		                .title = "<b>t</b>",
		                .ncat = 3,
		                .cats = cats,
		                .nseries = kind == CHART_CATERPILLAR ? 1 : 2,
		                .series = s,
		                .nrows = 1,
		                .rows = rows,
		                .cells = v,
		                .value_labels = 1,
		                .y_label = "y<",
		                .x_label = "x>"};
		buf a, b;
		buf_init(&a);
		buf_init(&b);
		assert_int_equal(chart_svg(&a, &c, NULL), ATT_OK);
		assert_int_equal(chart_svg(&b, &c, NULL), ATT_OK);
		assert_string_equal(a.data, b.data);
		assert_null(strstr(a.data, "<script"));
		assert_null(strstr(a.data, "<b>"));
		assert_null(strstr(a.data, "s<1>"));
		assert_null(strstr(a.data, "r<1>"));
		assert_non_null(strstr(a.data, "role=\"img\""));
		/* every opened element is closed */
		assert_int_equal(count(a.data, "<text"),
		                 count(a.data, "</text>"));
		assert_int_equal(count(a.data, "<title"),
		                 count(a.data, "</title>"));
		assert_int_equal(count(a.data, "<svg"), 1);
		assert_true(utf8_valid(a.data, a.len));
		buf_free(&a);
		buf_free(&b);
	}
}

static void test_caterpillar_sorted(void **state)
{
	(void)state;
	const char *cats[] = {"Delta", "Alpha", "Gamma", "Beta", "Nil"};
	double v[] = {3, -4, 0.5, 1, NAN};
	double lo[] = {1, -6, -1, -1, NAN};
	double hi[] = {5, -2, 2, 3, NAN};
	chart_series s[] = {{"va", v, lo, hi}};
	chart_spec c = {.kind = CHART_CATERPILLAR,
	                .title = "VA",
	                .ncat = 5,
	                .cats = cats,
	                .nseries = 1,
	                .series = s,
	                .ref_label = "average"};
	buf b;
	buf_init(&b);
	assert_int_equal(chart_svg(&b, &c, NULL), ATT_OK);
	/* rows from the lowest estimate: Alpha, Gamma, Beta, Delta */
	const char *pa = strstr(b.data, ">Alpha<"),
	           *pg = strstr(b.data, ">Gamma<"),
	           *pb = strstr(b.data, ">Beta<"),
	           *pd = strstr(b.data, ">Delta<");
	assert_non_null(pa);
	assert_true(pa < pg && pg < pb && pb < pd);
	assert_null(strstr(b.data, ">Nil<"));
	/* Alpha is below (vermillion), Delta above (blue), the rest grey */
	char *desc = chart_desc_alloc(&c);
	assert_non_null(strstr(desc, "4 units"));
	assert_non_null(
	    strstr(desc, "1 above average, 1 below, 2 not different"));
	free(desc);
	assert_int_equal(count(b.data, "fill=\"#d55e00\"><title>Alpha"), 1);
	assert_int_equal(count(b.data, "fill=\"#0072b2\"><title>Delta"), 1);
	/* the dashed reference line */
	assert_non_null(strstr(b.data, "stroke-dasharray=\"5 3\""));
	buf_free(&b);
}

static void test_errors(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	att_err e;
	err_clear(&e);
	chart_spec c = {.kind = CHART_LINE};
	assert_int_equal(chart_svg(&b, &c, &e), ATT_EINPUT);
	assert_non_null(strstr(e.msg, "no title"));
	double v[] = {1};
	chart_series s[] = {{"x", v, NULL, NULL}};
	const char *cats[] = {"a"};
	chart_spec k = {.kind = CHART_CATERPILLAR,
	                .title = "k",
	                .ncat = 1,
	                .cats = cats,
	                .nseries = 1,
	                .series = s};
	assert_int_equal(chart_svg(&b, &k, &e), ATT_EINPUT);
	assert_non_null(strstr(e.msg, "intervals"));
	chart_spec h = {
	    .kind = CHART_HEATMAP, .title = "h", .ncat = 2, .nrows = 2};
	assert_int_equal(chart_svg(&b, &h, &e), ATT_EINPUT);
	chart_spec bad = {.kind = (chart_kind)9, .title = "x"};
	assert_int_equal(chart_svg(&b, &bad, &e), ATT_EINPUT);
	chart_spec range = {.kind = CHART_LINE,
	                    .title = "r",
	                    .fixed_range = 1,
	                    .ymin = 5,
	                    .ymax = 5};
	assert_int_equal(chart_svg(&b, &range, &e), ATT_EINPUT);
	assert_int_equal(b.len, 0); /* nothing written on error */
	/* empty charts are fine */
	chart_spec empty = {.kind = CHART_LINE, .title = "empty"};
	assert_int_equal(chart_svg(&b, &empty, &e), ATT_OK);
	buf_free(&b);
}

static void test_truncation_keeps_marks(void **state)
{
	(void)state;
	/* A long Devanagari label truncated in a narrow heat map: the cut
	 * must leave valid UTF-8 and never strand a vowel sign (U+093F..)
	 * without its consonant, i.e. the text right before the ellipsis is
	 * not a lone base followed by a cut mark. */
	const char *rows[] = {"\xE0\xA4\xB5\xE0\xA4\xBF\xE0\xA4\xA6\xE0\xA5"
	                      "\x8D\xE0\xA4\xAF\xE0\xA4\xBE\xE0\xA4\xB2\xE0"
	                      "\xA4\xAF \xE0\xA4\xB8\xE0\xA4\x82\xE0\xA4\x96"
	                      "\xE0\xA5\x8D\xE0\xA4\xAF\xE0\xA4\xBE \xE0\xA4"
	                      "\x8F\xE0\xA4\x95 \xE0\xA4\xB8\xE0\xA5\x8C "
	                      "\xE0\xA4\xAC\xE0\xA5\x80\xE0\xA4\xB8"};
	const char *cats[] = {"c"};
	double cells[] = {50};
	chart_spec c = {.kind = CHART_HEATMAP,
	                .title = "h",
	                .ncat = 1,
	                .cats = cats,
	                .nrows = 1,
	                .rows = rows,
	                .cells = cells,
	                .width = 120};
	buf b;
	buf_init(&b);
	assert_int_equal(chart_svg(&b, &c, NULL), ATT_OK);
	assert_true(utf8_valid(b.data, b.len));
	const char *ell = strstr(b.data, "\xE2\x80\xA6</text>");
	assert_non_null(ell);
	const char *start = ell;
	while (start > b.data && start[-1] != '>')
		start--;
	size_t n = (size_t)(ell - start);
	assert_true(n > 0);
	assert_memory_equal(start, rows[0], n); /* a prefix of the label */
	/* the next code point of the label is not a combining mark */
	const unsigned char *nx = (const unsigned char *)rows[0] + n;
	unsigned cp =
	    ((nx[0] & 0x0Fu) << 12) | ((nx[1] & 0x3Fu) << 6) | (nx[2] & 0x3Fu);
	if (nx[0] == 0xE0)
		assert_false((cp >= 0x900 && cp <= 0x903) ||
		             (cp >= 0x93A && cp <= 0x94F));
	buf_free(&b);
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
	unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	uint32_t p;
	memcpy(&p, d + y * stride + x * 4, 4);
	return p & 0xFFFFFF;
}

static void test_cairo_png(void **state)
{
	(void)state;
	chart_series s;
	chart_spec c = tiny_spec(&s);
	cairo_surface_t *img =
	    cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 100);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 0.5, 0.5, 0.5); /* so the chart must paint */
	cairo_paint(cr);
	att_err e;
	err_clear(&e);
	assert_int_equal(chart_cairo(cr, 0, 0, &c, &e), ATT_OK);
	cairo_surface_flush(img);
	/* inside bar B (x 118.7..181.7, y 27.1..72.4) and bar A */
	assert_int_equal(pixel(img, 150, 50), 0x0072B2);
	assert_int_equal(pixel(img, 60, 65), 0x0072B2);
	/* above bar A, between grid lines: background */
	assert_int_equal(pixel(img, 60, 35), 0xFFFFFF);
	/* text pixels exist under the axis (label "A" near x 62.6, y 80..88) */
	int dark = 0;
	for (int y = 78; y < 92; y++)
		for (int x = 56; x < 70; x++)
			if ((pixel(img, x, y) & 0xFF) < 0x90)
				dark++;
	assert_true(dark > 3);
	char path[256];
	tmp_path(path, sizeof(path), "chart.png");
	assert_int_equal(cairo_surface_write_to_png(img, path),
	                 CAIRO_STATUS_SUCCESS);
	assert_int_equal(access(path, R_OK), 0);
	unlink(path);
	cairo_destroy(cr);
	cairo_surface_destroy(img);
}

static void test_cairo_pdf_all_kinds(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "chart.pdf");
	cairo_surface_t *pdf = cairo_pdf_surface_create(path, 595, 842);
	cairo_t *cr = cairo_create(pdf);
	const char *cats[] = {"2022", "2023", "2024"};
	double v[] = {40, 50, 45}, lo[] = {35, 44, 40}, hi[] = {45, 56, 50};
	chart_series s[] = {{"Maths", v, lo, hi},
	                    {"\xE0\xA4\x97\xE0\xA4\xA3\xE0\xA4\xBF\xE0\xA4\xA4",
	                     v, NULL, NULL}};
	const char *rows[] = {"r1", "r2", "r3"};
	double cells[9] = {1, 2, 3, 4, NAN, 6, 7, 8, 9};
	double y = 20;
	for (int kind = 0; kind <= CHART_HEATMAP; kind++) {
		chart_spec c = {.kind = (chart_kind)kind,
		                .title = "t",
		                .ncat = 3,
		                .cats = cats,
		                .nseries = kind == CHART_CATERPILLAR ? 1 : 2,
		                .series = s,
		                .nrows = 3,
		                .rows = rows,
		                .cells = cells,
		                .width = 260,
		                .font = 9};
		assert_int_equal(chart_cairo(cr, 20, y, &c, NULL), ATT_OK);
		y += chart_height(&c) + 10;
	}
	assert_true(y < 842);
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	assert_int_equal(cairo_surface_status(pdf), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(pdf);
	size_t len = 0;
	char *data = file_read_alloc(path, &len, NULL);
	assert_non_null(data);
	assert_true(len > 1000);
	assert_memory_equal(data, "%PDF", 4);
	free(data);
	unlink(path);
}

static void test_palette_and_scale(void **state)
{
	(void)state;
	assert_int_equal(chart_colour(0), 0x0072B2);
	assert_int_equal(chart_colour(8), 0x0072B2);
	assert_string_equal(chart_colour_hex(1), "#e69f00");
	assert_int_equal(chart_scale(0), 0x440154);
	assert_int_equal(chart_scale(1), 0xFDE725);
	assert_int_equal(chart_scale(-3), 0x440154);
	assert_int_equal(chart_scale(NAN), 0x440154);
	assert_int_equal(chart_scale(0.5), 0x21918C);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tiny_exact),
	    cmocka_unit_test(test_escaping_and_determinism),
	    cmocka_unit_test(test_caterpillar_sorted),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_truncation_keeps_marks),
	    cmocka_unit_test(test_cairo_png),
	    cmocka_unit_test(test_cairo_pdf_all_kinds),
	    cmocka_unit_test(test_palette_and_scale),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	chart_shutdown();
	return rc;
}
