/*
 * ews_text.c - early-warning levels and reasons in words (ews_text.h).
 * Each code's sentence takes its figures from the stored reason: rates and
 * shares as percentages, counts as counts, standing in SD.
 */
#include "ews_text.h"

#include <string.h>

#include "an_ews.h"
#include "i18n.h"

const char *ews_text_level(int level)
{
	switch (level) {
	case EWS_RISK:
		return _("at risk");
	case EWS_WARN:
		return _("early warning");
	default:
		return _("none");
	}
}

const char *ews_text_tier(int tier)
{
	switch (tier) {
	case 1:
		return _("top tier");
	case 2:
		return _("second tier");
	default:
		return _("none");
	}
}

const char *ews_text_overall(int overall)
{
	return ews_text_tier(overall == EWS_RISK   ? 1
	                     : overall == EWS_WARN ? 2
	                                           : 0);
}

const char *ews_text_status(const char *code)
{
	if (!code || !strcmp(code, "new"))
		return _("new");
	if (!strcmp(code, "seen"))
		return _("seen");
	if (!strcmp(code, "intervention"))
		return _("in an intervention");
	if (!strcmp(code, "resolved"))
		return _("resolved");
	return code;
}

/* The phrase of one reason that is not a course reason, into out. */
static void phrase(const ews_text_reason *r, const ews_text_reason *losing,
                   buf *out)
{
	switch (ews_code_of(r->code)) {
	case EWS_R_ATT_LOW:
	case EWS_R_ATT_VERY_LOW:
		buf_printf(out,
		           _("attendance %.1f%% is below %.0f%% (%d of %d days "
		             "missed)"),
		           100.0 * r->value, 100.0 * r->threshold, r->count,
		           r->total);
		break;
	case EWS_R_CHRONIC:
		buf_printf(out,
		           _("chronically absent: missed %.1f%% of enrolled "
		             "days (%d of %d; %.0f%% or more is chronic)"),
		           100.0 * r->value, r->count, r->total,
		           100.0 * r->threshold);
		break;
	case EWS_R_CONDUCT:
	case EWS_R_CONDUCT_MANY:
		buf_printf(out, _("%d conduct incidents (more than %d)"),
		           (int)r->value, (int)r->threshold);
		break;
	case EWS_R_SERIOUS:
		buf_printf(out, _("serious incidents: %d"), (int)r->value);
		break;
	case EWS_R_SLOWING:
		if (losing)
			buf_printf(
			    out,
			    _("progress slowing: standing among peers "
			      "fell by %.2f SD over the last %d windows "
			      "(%.2f or more is slowing, %.2f or more at "
			      "risk)"),
			    r->value, r->count, r->threshold,
			    losing->threshold);
		else
			buf_printf(out,
			           _("progress slowing: standing among peers "
			             "fell by %.2f SD over the last %d windows "
			             "(%.2f or more is slowing)"),
			           r->value, r->count, r->threshold);
		break;
	default:
		buf_adds(out, r->code ? r->code : "?");
	}
}

/* The course line: the subjects below basic, after "in N subjects at
 * once" when low_multi is among the reasons. */
static void course(const ews_text_reason *r, int n, buf *out)
{
	const ews_text_reason *multi = NULL;
	for (int i = 0; i < n; i++)
		if (ews_code_of(r[i].code) == EWS_R_LOW_MULTI)
			multi = &r[i];
	if (multi)
		buf_printf(out, _("below basic in %d core subjects at once:"),
		           (int)multi->value);
	else
		buf_adds(out, _("below basic in a core subject:"));
	int first = 1;
	for (int i = 0; i < n; i++) {
		if (ews_code_of(r[i].code) != EWS_R_LOW_SUBJECT)
			continue;
		buf_adds(out, first ? " " : ", ");
		first = 0;
		buf_printf(out, _("%s %.1f (basic from %.1f)"),
		           r[i].subject && *r[i].subject ? r[i].subject : "?",
		           r[i].value, r[i].threshold);
	}
}

/* One indicator's line from its reasons r[0..n). */
static void line(const ews_text_reason *r, int n, int ind, buf *out)
{
	int level = 0;
	const ews_text_reason *losing = NULL;
	for (int i = 0; i < n; i++) {
		if (r[i].level > level)
			level = r[i].level;
		if (ews_code_of(r[i].code) == EWS_R_LOSING)
			losing = &r[i];
	}
	buf_printf(out, "%s: ", ews_text_level(level));
	if (ind == EWS_IND_COURSE) {
		course(r, n, out);
		return;
	}
	int first = 1;
	for (int i = 0; i < n; i++) {
		if (ews_code_of(r[i].code) == EWS_R_LOSING)
			continue; /* told with slowing */
		if (!first)
			buf_adds(out, "; ");
		first = 0;
		phrase(&r[i], losing, out);
	}
}

int ews_text_reasons(const ews_text_reason *r, int n, const char *sep, buf *out)
{
	int lines = 0;
	for (int i = 0; i < n;) {
		int ind = ews_code_indicator(ews_code_of(r[i].code));
		int j = i + 1;
		while (j < n && ind >= 0 &&
		       ews_code_indicator(ews_code_of(r[j].code)) == ind)
			j++;
		if (lines++)
			buf_adds(out, sep);
		line(r + i, j - i, ind, out);
		i = j;
	}
	if (!out->data)
		buf_adds(out, "");
	return lines;
}
