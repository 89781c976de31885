/*
 * report.c - what every report shares: the context (year, provenance,
 * today), the language of a student's report card, and the formatting of
 * numbers and dates for a language.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "suppress.h"

int report_ctx_init(report_ctx *c, store *s, const char *year_code,
                    const char *lang, const char *today, att_err *e)
{
	memset(c, 0, sizeof(*c));
	arena_init(&c->a);
	c->s = s;
	c->lang = lang && *lang ? arena_strdup(&c->a, lang) : NULL;
	c->min_cell = SUPPRESS_MIN_DEFAULT;
	srep_rows y;
	int rc = srep_query(s, year_code ? SRQ_YEAR : SRQ_YEAR_LATEST,
	                    (srep_args){.code = year_code}, &c->a, &y, e);
	if (rc) {
		arena_free(&c->a);
		return rc;
	}
	c->year_id = rows_int(&y, 0, "id");
	c->year_code = rows_text(&y, 0, "code");
	c->year_name = rows_text(&y, 0, "name");
	c->year_start = rows_text(&y, 0, "start_date");
	c->year_end = rows_text(&y, 0, "end_date");
	if (!today || date_parse(today) < 0) {
		arena_free(&c->a);
		return err_set(e, ATT_EUSAGE, "bad date '%s'",
		               today ? today : "");
	}
	c->today = arena_strdup(&c->a, today);
	c->data_version = store_data_version(s);
	srep_rows r;
	rc = srep_query(s, SRQ_LAST_RUN, (srep_args){0}, &c->a, &r, e);
	if (rc) {
		arena_free(&c->a);
		return rc;
	}
	if (r.nrow) {
		c->run_id = rows_int(&r, 0, "id");
		c->run_at = rows_text(&r, 0, "finished_at");
	}
	return ATT_OK;
}

void report_ctx_release(report_ctx *c)
{
	arena_free(&c->a);
}

const char *report_student_lang(report_ctx *c, int64_t student_id)
{
	if (c->lang)
		return c->lang;
	arena a;
	arena_init(&a);
	srep_rows g;
	const char *lang = "en";
	if (srep_query(c->s, SRQ_GUARDIANS, (srep_args){.id = {student_id}}, &a,
	               &g, NULL) == ATT_OK)
		for (int i = 0; i < g.nrow; i++)
			if (strcmp(rows_text(&g, i, "lang"), "hi") == 0) {
				lang = "hi";
				break;
			}
	arena_free(&a);
	return lang;
}

void report_stamp(report_ctx *c, rdoc *d)
{
	arena *a = rdoc_arena(d);
	const char *lang = rdoc_lang(d);
	const char *text;
	if (c->run_id > 0)
		text =
		    arena_printf(a, _("data version %s, analysis run %s (%s)"),
		                 report_fmt_int(a, lang, c->data_version),
		                 report_fmt_int(a, lang, c->run_id),
		                 c->run_at ? c->run_at : "");
	else
		text =
		    arena_printf(a, _("data version %s, no analysis run yet"),
		                 report_fmt_int(a, lang, c->data_version));
	rdoc_provenance(d, c->data_version, c->run_id, text);
}

/* Group the digits of a non-negative integer: groups of three (en), or
 * three then twos (hi: 12,34,567). */
static void group_digits(buf *b, unsigned long long v, int indian)
{
	char d[32];
	int n = snprintf(d, sizeof(d), "%llu", v);
	for (int i = 0; i < n; i++) {
		int left = n - i; /* digits from here to the end */
		if (i > 0) {
			int comma = indian ? (left == 3 ||
			                      (left > 3 && (left - 3) % 2 == 0))
			                   : left % 3 == 0;
			if (comma)
				buf_addc(b, ',');
		}
		buf_addc(b, d[i]);
	}
}

static int is_hi(const char *lang)
{
	return lang && strcmp(lang, "hi") == 0;
}

const char *report_fmt_int(arena *a, const char *lang, long long v)
{
	buf b;
	buf_init(&b);
	if (v < 0)
		buf_addc(&b, '-');
	group_digits(&b,
	             v < 0 ? (unsigned long long)(-(v + 1)) + 1
	                   : (unsigned long long)v,
	             is_hi(lang));
	const char *s = arena_strdup(a, b.data);
	buf_free(&b);
	return s;
}

const char *report_fmt_num(arena *a, const char *lang, double v, int dec)
{
	if (!isfinite(v))
		return "\xE2\x80\x93";
	if (dec < 0)
		dec = 0;
	if (dec > 6)
		dec = 6;
	double scale = pow(10, dec);
	double r = round(fabs(v) * scale) / scale;
	int neg = v < 0 && r > 0;
	unsigned long long ip = (unsigned long long)floor(r);
	buf b;
	buf_init(&b);
	if (neg)
		buf_addc(&b, '-');
	group_digits(&b, ip, is_hi(lang));
	if (dec > 0) {
		char frac[32];
		snprintf(frac, sizeof(frac), "%.*f", dec, r - (double)ip);
		/* frac is "0.xx" (or "1.00" never, since r - ip < 1 rounds
		 * within dec digits) */
		buf_adds(&b, strchr(frac, '.') ? strchr(frac, '.') : ".0");
	}
	const char *s = arena_strdup(a, b.data);
	buf_free(&b);
	return s;
}

const char *report_fmt_pct(arena *a, const char *lang, double v, int dec)
{
	if (!isfinite(v))
		return "\xE2\x80\x93";
	return arena_printf(a, "%s%%", report_fmt_num(a, lang, v, dec));
}

static const char *const months[] = {
    N_("January"),   N_("February"), N_("March"),    N_("April"),
    N_("May"),       N_("June"),     N_("July"),     N_("August"),
    N_("September"), N_("October"),  N_("November"), N_("December")};

const char *report_fmt_date(arena *a, const char *lang, const char *iso)
{
	(void)lang; /* the language is the current gettext language */
	if (!iso || date_parse(iso) < 0)
		return iso && *iso ? arena_strdup(a, iso) : "\xE2\x80\x93";
	int y = 0, m = 0, d = 0;
	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return arena_strdup(a, iso);
	return arena_printf(a, "%d %s %d", d, _(months[m - 1]), y);
}
